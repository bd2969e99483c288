// Package cli puts a cobra command line into Chinese: the usage and help
// layout, the words pflag prints in the flag list, and cobra's own usage
// errors. It knows nothing of the programme.
package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"dbzx/internal/console"
)

// Localise sets root's help and usage layout, its help command and -h
// flag in Chinese, for root and every command under it.
func Localise(root *cobra.Command) {
	root.PersistentFlags().BoolP("help", "h", false, "显示帮助")
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetHelpCommand(&cobra.Command{Use: "help [命令]", Short: "显示命令的帮助",
		Run: func(c *cobra.Command, args []string) {
			cmd, _, err := c.Root().Find(args)
			if cmd == nil || err != nil {
				cmd = c.Root()
			}
			cmd.Help()
		}})
	cobra.AddTemplateFunc("zhUsage", zhUsage)
	cobra.AddTemplateFunc("zhFlags", zhFlags)
	root.SetUsageTemplate(usageTemplate)
}

const usageTemplate = `用法：{{if .Runnable}}
  {{.UseLine | zhUsage}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} <命令> [选项]{{end}}{{if gt (len .Aliases) 0}}

别名：
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

示例：
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

命令：{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

选项：
{{.LocalFlags.FlagUsages | zhFlags | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

全局选项：
{{.InheritedFlags.FlagUsages | zhFlags | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

运行 "{{.CommandPath}} <命令> --help" 查看各命令的详细说明。{{end}}
`

// zhUsage puts cobra's usage line into the help's language.
func zhUsage(s string) string { return strings.Replace(s, "[flags]", "[选项]", 1) }

// flagDefault is pflag's "(default …)" after a flag's description.
var flagDefault = regexp.MustCompile(` ?\(default ([^)]*)\)`)

// flagType is the value type pflag names after a flag (--out string) and
// the spaces that align the descriptions.
var flagType = regexp.MustCompile(`(--[a-z-]+) (string|int|strings)( +)`)

// zhFlags puts pflag's words in the flag list into Chinese: the default
// and the value types, keeping the descriptions aligned.
func zhFlags(s string) string {
	s = flagDefault.ReplaceAllString(s, "（默认 $1）")
	return flagType.ReplaceAllStringFunc(s, func(m string) string {
		sub := flagType.FindStringSubmatch(m)
		word := map[string]string{"string": "文字", "int": "整数", "strings": "文字"}[sub[2]]
		pad := len(sub[3]) + len(sub[2]) - console.Width(word)
		return sub[1] + " " + word + strings.Repeat(" ", max(1, pad))
	})
}

// cobraErrors are cobra's and pflag's English usage errors and their
// Chinese: each pattern's groups fill the %s of its words in order.
var cobraErrors = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^unknown command "(.*)" for "`), "未知命令 %q"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)'`), "未知选项 -%s"},
	{regexp.MustCompile(`^unknown flag: (\S+)`), "未知选项 %s"},
	{regexp.MustCompile(`^flag needs an argument: '?(.)'? in -`), "选项 -%s 缺少取值"},
	{regexp.MustCompile(`^flag needs an argument: (\S+)`), "选项 %s 缺少取值"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.*?)" flag`), "选项 %[2]s 的取值 %[1]q 无效"},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)`), "参数过多：最多 %s 个，实际 %s 个"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`), "参数个数不对：应为 %s 个，实际 %s 个"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)`), "缺少参数：至少 %s 个，实际 %s 个"},
}

// TranslateError puts cobra's English usage errors (unknown command or
// flag, a flag without its value, wrong number of arguments) into
// Chinese, keeping what they name; other errors are returned as they are.
func TranslateError(err error) error {
	msg := err.Error()
	for _, c := range cobraErrors {
		if m := c.re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i, g := range m[1:] {
				args[i] = g
			}
			zh := fmt.Sprintf(c.zh, args...)
			// cobra's suggestions for a mistyped command follow its
			// "Did you mean this?", one per line.
			if _, after, ok := strings.Cut(msg, "Did you mean this?"); ok {
				zh += "；是否想用：" + strings.Join(strings.Fields(after), "、")
			}
			return errors.New(zh)
		}
	}
	return err
}
