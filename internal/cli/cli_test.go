package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestTranslateError(t *testing.T) {
	got := TranslateError(errors.New(`unknown flag: --fast`)).Error()
	if got != "未知选项（unknown flag: --fast）" {
		t.Errorf("got %q", got)
	}
	other := errors.New("something else")
	if TranslateError(other) != other {
		t.Error("an error cobra did not make was changed")
	}
}

// TestLocalisedHelp: the help's headings, the flag types and defaults are
// Chinese, and the descriptions stay aligned.
func TestLocalisedHelp(t *testing.T) {
	root := &cobra.Command{Use: "x", Short: "s"}
	sub := &cobra.Command{Use: "run", Short: "运行", Run: func(*cobra.Command, []string) {}}
	sub.Flags().String("out", "out", "输出目录")
	sub.Flags().Int("workers", 0, "并行数")
	root.AddCommand(sub)
	Localise(root)
	var b bytes.Buffer
	root.SetOut(&b)
	root.SetArgs([]string{"run", "--help"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	help := b.String()
	for _, want := range []string{"用法：", "x run [选项]", "选项：", "--out 文字", "（默认 \"out\"）", "--workers 整数", "-h, --help", "显示帮助"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	if strings.Contains(help, "(default") || strings.Contains(help, "Flags:") {
		t.Errorf("English left in the help:\n%s", help)
	}
	var out, work int
	for _, line := range strings.Split(help, "\n") {
		if strings.Contains(line, "--out") {
			out = strings.Index(line, "输出目录")
		}
		if strings.Contains(line, "--workers") {
			work = strings.Index(line, "并行数")
		}
	}
	if out != work || out < 0 {
		t.Errorf("descriptions not aligned (%d, %d):\n%s", out, work, help)
	}
}
