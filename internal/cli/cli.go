// Package cli puts a cobra command line into Chinese: the usage and help
// layout, the words pflag prints in the flag list, and cobra's own usage
// errors. It knows nothing of the programme.
package cli

import (
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

// TranslateError puts cobra's English usage errors (unknown command or
// flag, wrong number of arguments) into Chinese, keeping cobra's words
// after them for what they name.
func TranslateError(err error) error {
	msg := err.Error()
	for _, r := range []struct{ prefix, zh string }{
		{"unknown command", "未知命令"},
		{"unknown flag", "未知选项"},
		{"unknown shorthand flag", "未知选项"},
		{"accepts at most", "参数过多"},
		{"accepts", "参数个数不对"},
		{"requires at least", "缺少参数"},
		{"flag needs an argument", "选项缺少取值"},
		{"invalid argument", "选项取值无效"},
	} {
		if strings.HasPrefix(msg, r.prefix) {
			return fmt.Errorf("%s（%s）", r.zh, msg)
		}
	}
	return err
}
