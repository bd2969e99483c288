package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"dbzx/config"
	"dbzx/templates"
	"dbzx/workspace"
)

// globalOptions are the flags every command has.
type globalOptions struct {
	Workspace string
	running   bool     // a command's RunE has started: its errors are failures
	cleanup   []func() // run when the command ends, last first
	stdout    io.Writer
	stderr    io.Writer
}

// env is what most commands need: the configuration and the form specs.
type env struct {
	cfg   *config.Config
	forms *templates.Set
}

// load reads the workspace's configuration and the forms (built-in plus
// the configured forms folder), for the commands that need no register.
func (g *globalOptions) load() (*env, error) {
	cfg, forms, err := workspace.Load(g.Workspace)
	if err != nil {
		return nil, err
	}
	return &env{cfg: cfg, forms: forms}, nil
}

// open opens the workspace for a command: its write lock is held, and its
// register open, until the command ends (Execute closes it).
func (g *globalOptions) open() (*workspace.Workspace, error) {
	w, err := workspace.Open(g.Workspace)
	if err != nil {
		return nil, err
	}
	g.cleanup = append(g.cleanup, func() { w.Close() })
	return w, nil
}

func (g *globalOptions) printJSON(v any) error {
	enc := json.NewEncoder(g.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (g *globalOptions) printf(format string, args ...any) {
	fmt.Fprintf(g.stdout, format, args...)
}

// Execute runs the command line and returns the process exit code.
func Execute(args []string) int {
	return execute(args, os.Stdout, os.Stderr)
}

func execute(args []string, stdout, stderr io.Writer) int {
	g := &globalOptions{stdout: stdout, stderr: stderr}
	root := newRootCommand(g)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	for i := len(g.cleanup) - 1; i >= 0; i-- {
		g.cleanup[i]()
	}
	if err != nil && !isExitError(err) && !g.running {
		// cobra's errors before any command ran: unknown command or
		// flag, wrong arguments.
		err = usageError(translateCobra(err))
	}
	return exitCode(err, stderr)
}

func isExitError(err error) bool {
	var ee *exitError
	return errors.As(err, &ee)
}

// translateCobra puts cobra's English usage errors into Chinese.
func translateCobra(err error) error {
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

func newRootCommand(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "dbzx",
		Short: "基层党建“对标争先”建设计划 申报—评审—验收 材料处理工具",
		Long: `dbzx 处理基层党建“对标争先”建设计划的全部材料：
  生成空白申报书（附件5–8，Word）和申报汇总表（附件9，Excel）；
  批量读取各单位交回的申报材料，逐项核对并登记；
  生成评审材料汇编、建设对象名单、验收证书和经费明细（PDF、Excel）。

工作目录（--workspace，默认当前目录，或环境变量 DBZX_WORKSPACE）存放
配置 dbzx.yaml、登记库 dbzx.db、原件存档 archive/ 和输出 out/。

退出码：0 全部完成；1 完成但有问题（有文件未受理或未能读取、申报有错误、评审表/验收表未通过核对，见输出）；
2 参数、配置或工作目录有误（含另一个 dbzx 正在处理同一工作目录）；3 运行失败（如磁盘已满）。`,
		Example: `  dbzx demo                 用内置示例数据演示全部流程
  dbzx forms --out 表单      生成五份空白表单
  dbzx spec 附件6            查看样板党支部申报书的全部栏目
  dbzx config                查看当前生效的配置`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRun: func(c *cobra.Command, args []string) {
			g.running = true
		},
	}
	ws := os.Getenv("DBZX_WORKSPACE")
	if ws == "" {
		ws = "."
	}
	root.PersistentFlags().StringVar(&g.Workspace, "workspace", ws, "工作目录（含 dbzx.yaml、dbzx.db、archive/、out/）")
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
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(
		newFormsCommand(g),
		newSpecCommand(g),
		newConfigCommand(g),
		newDemoCommand(g),
		newExtractCommand(g),
		newSampleCommand(g),
		newInitCommand(g),
		newIntakeCommand(g),
		newStatusCommand(g),
		newCheckCommand(g),
		newDossierCommand(g),
		newAnnounceCommand(g),
		newNoticesCommand(g),
		newAttachCommand(g),
		newDetachCommand(g),
		newWithdrawCommand(g),
		newReviewSheetCommand(g),
		newDecideCommand(g),
		newAcceptSheetCommand(g),
		newAcceptCommand(g),
		newListCommand(g),
		newFundingCommand(g),
		newScheduleCommand(g),
		newCertificatesCommand(g),
		newVersionCommand(g),
	)
	return root
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

// outDir resolves --out for the commands that write without opening the
// workspace: as given, else sub inside the workspace's out/.
func (g *globalOptions) outDir(flag, sub string) string {
	if flag != "" {
		return flag
	}
	return filepath.Join(g.Workspace, "out", sub)
}

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
		pad := len(sub[3]) + len(sub[2]) - displayWidth(word)
		return sub[1] + " " + word + strings.Repeat(" ", max(1, pad))
	})
}
