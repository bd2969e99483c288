package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"dbzx/config"
	"dbzx/internal/cli"
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

// print prints a command's result v, unless err: as JSON with --json,
// else as text.
func (g *globalOptions) print(v any, err error, asJSON bool, text func()) error {
	if err != nil {
		return err
	}
	if asJSON {
		return g.printJSON(v)
	}
	text()
	return nil
}

func (g *globalOptions) printf(format string, args ...any) {
	fmt.Fprintf(g.stdout, format, args...)
}

// execute runs the command line and returns the process exit code.
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
	var ee *exitError
	if err != nil && !errors.As(err, &ee) && !g.running {
		// cobra's errors before any command ran: unknown command or
		// flag, wrong arguments.
		err = usageError(cli.TranslateError(err))
	}
	return exitCode(err, stderr)
}

func newRootCommand(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:           "dbzx",
		Short:         "基层党建“对标争先”建设计划 申报—评审—验收 材料处理工具",
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(c *cobra.Command, args []string) error {
			g.running = true
			return checkStage(c)
		},
	}
	ws := os.Getenv("DBZX_WORKSPACE")
	if ws == "" {
		ws = "."
	}
	root.PersistentFlags().StringVar(&g.Workspace, "workspace", ws, "工作目录（含 dbzx.yaml、dbzx.db、archive/、out/）")
	cli.Localise(root)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError(cli.TranslateError(err)) })
	root.AddCommand( // in the order of a round (help lists them sorted)
		newFormsCommand(g), newSpecCommand(g), newConfigCommand(g), newDemoCommand(g), newSampleCommand(g), newInitCommand(g),
		newExtractCommand(g), newIntakeCommand(g), newStatusCommand(g), newCheckCommand(g), newNoticesCommand(g),
		newAttachCommand(g), newDetachCommand(g), newWithdrawCommand(g), newDossierCommand(g),
		newReviewSheetCommand(g), newDecideCommand(g), newListCommand(g), newFundingCommand(g), newScheduleCommand(g),
		newAnnounceCommand(g), newAcceptSheetCommand(g), newAcceptCommand(g), newCertificatesCommand(g),
		newServeCommand(g), newLinksCommand(g), newVersionCommand(g),
	)
	addHelp(root)
	return root
}

// outDir resolves --out for the commands that write without opening the
// workspace: as given, else sub inside the workspace's out/.
func (g *globalOptions) outDir(flag, sub string) string {
	if flag != "" {
		return flag
	}
	return filepath.Join(g.Workspace, "out", sub)
}
