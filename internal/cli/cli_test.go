package cli

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestTranslateError: cobra's own usage errors, as a real command makes
// them, come out in Chinese naming what was wrong, with no English left.
func TestTranslateError(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"nosuch"}, `未知命令 "nosuch"`},
		{[]string{"rnu"}, `未知命令 "rnu"；是否想用：run、one`},
		{[]string{"run", "--fast"}, "未知选项 --fast"},
		{[]string{"run", "-z"}, "未知选项 -z"},
		{[]string{"run", "--out"}, "选项 --out 缺少取值"},
		{[]string{"run", "-o"}, "选项 -o 缺少取值"},
		{[]string{"run", "--workers", "many"}, `选项 --workers 的取值 "many" 无效`},
		{[]string{"run", "a", "b", "c"}, "参数过多：最多 2 个，实际 3 个"},
		{[]string{"one", "a", "b"}, "参数个数不对：应为 1 个，实际 2 个"},
		{[]string{"some"}, "缺少参数：至少 1 个，实际 0 个"},
	} {
		root := &cobra.Command{Use: "x", SilenceErrors: true, SilenceUsage: true}
		run := func(*cobra.Command, []string) {}
		sub := &cobra.Command{Use: "run", Args: cobra.MaximumNArgs(2), Run: run}
		sub.Flags().StringP("out", "o", "", "")
		sub.Flags().Int("workers", 0, "")
		root.AddCommand(sub,
			&cobra.Command{Use: "one", Args: cobra.ExactArgs(1), Run: run},
			&cobra.Command{Use: "some", Args: cobra.MinimumNArgs(1), Run: run})
		root.SetArgs(c.args)
		root.SetOut(io.Discard)
		err := root.Execute()
		if err == nil {
			t.Errorf("%v: no error", c.args)
			continue
		}
		got := TranslateError(err).Error()
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%v: %q\n  is %q\n  want %q", c.args, err, got, c.want)
		}
		if regexp.MustCompile(`[a-z]{4,}`).MatchString(strings.NewReplacer("nosuch", "", "rnu", "", "run", "", "one", "", "fast", "", "out", "", "workers", "", "many", "").Replace(got)) {
			t.Errorf("%v: English left in %q", c.args, got)
		}
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
