package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/render"
	"dbzx/sample"
)

// demoReturns is how many clean sample returns the demo makes: a few of
// each form, enough to show every stage. Beside them come the returns made
// to break each rule (sample.BatchWithViolations).
const demoReturns = 24

// When the demo's batches arrive: the main one the day before the
// deadline (2022-11-24), the late returns the day after it.
var (
	demoReceived     = time.Date(2022, 11, 23, 17, 0, 0, 0, time.Local)
	demoLateReceived = time.Date(2022, 11, 25, 9, 0, 0, 0, time.Local)
)

type demoOptions struct {
	Out  string
	JSON bool
}

// demoResult lists what each stage of the demo wrote; the last stage, the
// check, counts findings by severity and lists the rules that fired.
type demoResult struct {
	Stage    string          `json:"stage"`
	Outputs  []render.Output `json:"outputs"`
	Findings map[string]int  `json:"findings,omitempty"`
	Rules    []string        `json:"rules,omitempty"`
}

func newDemoCommand(g *globalOptions) *cobra.Command {
	o := &demoOptions{}
	c := &cobra.Command{
		Use:   "demo",
		Short: "用内置示例数据从头到尾运行全部流程，并列出每一步的输出",
		Long: `用内置示例数据运行目前已有的全部环节，写入 --out 指定的目录（默认 ./dbzx-demo），
并列出每一步写出的文件。当前环节：生成空白表单（附件5–9）；生成各单位交回的示例
材料（按单位分文件夹、GBK 文件名的压缩包、修改稿、重复文件、损坏文件），其中既有
合格的申报，也有逐条违反核对规则的申报，另有一份截止后补交的申报（补交/）；在
<输出目录>/workspace 中写入演示用的配置（省级推荐、验收未通过名单），受理登记两批
材料，写出受理报告，汇总核对出的问题和触发的规则；然后汇编评审材料，像评审工作小组
那样填写评审表并记录评审结果（2022-12-09），生成建设对象名单、经费拨付单与汇总表、
建设进度安排与日历，登记验收结果（其中 1 个未通过），最后生成验收合格证书。`,
		Example: `  dbzx demo
  dbzx demo --out /tmp/演示`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runDemo(o, g) },
	}
	c.Flags().StringVar(&o.Out, "out", "dbzx-demo", "演示输出目录")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	return c
}

func runDemo(o *demoOptions, g *globalOptions) error {
	e, err := g.load()
	if err != nil {
		return err
	}
	var results []demoResult
	forms, err := render.Forms(e.forms, e.cfg, filepath.Join(o.Out, "forms"))
	if err != nil {
		return err
	}
	results = append(results, demoResult{Stage: "空白表单", Outputs: forms})

	// The departments' returns as the clerk receives them: a folder per
	// department, a GBK-named zip bundle, a resubmission, a duplicate and a
	// damaged file; among the applications, one breaking each rule, and a
	// late one in a folder of its own.
	returnsDir, lateDir := filepath.Join(o.Out, "returns"), filepath.Join(o.Out, "补交")
	for _, d := range []string{returnsDir, lateDir} {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
	}
	batch, err := sample.BatchWithViolations(returnsDir, lateDir, e.forms, e.cfg, 2022, demoReturns)
	if err != nil {
		return err
	}
	broken := 0
	for _, f := range append(slices.Clone(batch.Files), batch.Late...) {
		if len(f.Breaks) > 0 && f.Form != "" {
			broken++
		}
	}
	results = append(results, demoResult{
		Stage: fmt.Sprintf("各单位交回的示例材料（%d 个文件，另有截止后补交 %d 个；其中 %d 项申报违反核对规则）",
			len(batch.Files), len(batch.Late), broken),
		Outputs: []render.Output{{Path: returnsDir}, {Path: lateDir}}})

	// A fresh workspace whose dbzx.yaml lists what the provincial and
	// barred rules look for, so that `dbzx check` there finds the same.
	wsDir := filepath.Join(o.Out, "workspace")
	if err := os.RemoveAll(wsDir); err != nil {
		return err
	}
	w, err := intake.Init(wsDir)
	if err != nil {
		return err
	}
	if err := addConfigLists(w.ConfigPath(), batch.Config); err != nil {
		return err
	}
	cfg, err := config.Load(wsDir)
	if err != nil {
		return err
	}
	results = append(results, demoResult{
		Stage: fmt.Sprintf("工作目录配置（省级推荐 %d 项，验收未通过 %d 个单位）",
			len(batch.Config.Provincial), len(batch.Config.FailedAcceptance)),
		Outputs: []render.Output{{Path: w.ConfigPath()}}})

	// Intake: the batch the day before the deadline, the late returns
	// after it.
	reg, err := intake.OpenRegister(w)
	if err != nil {
		return err
	}
	defer reg.Close()
	report := filepath.Join(w.OutDir(), "intake-report.xlsx")
	res, err := intake.Run(context.Background(), w, reg, intake.Options{Forms: e.forms, Cfg: cfg, Received: demoReceived},
		[]string{returnsDir})
	if err != nil {
		return err
	}
	if err := reg.WriteReport(cfg, report); err != nil {
		return err
	}
	results = append(results, demoResult{
		Stage:   fmt.Sprintf("受理登记（%d 个文件，%d 个未受理；登记库 %s）", len(res.Outcomes), res.Rejected(), w.RegisterPath()),
		Outputs: []render.Output{{Path: report}}})
	late, err := intake.Run(context.Background(), w, reg, intake.Options{Forms: e.forms, Cfg: cfg, Received: demoLateReceived},
		[]string{lateDir})
	if err != nil {
		return err
	}
	if err := reg.WriteReport(cfg, report); err != nil {
		return err
	}
	results = append(results, demoResult{
		Stage: fmt.Sprintf("受理截止后补交的材料（%d 个文件，%d年%d月%d日收到）", len(late.Outcomes),
			demoLateReceived.Year(), int(demoLateReceived.Month()), demoLateReceived.Day()),
		Outputs: []render.Output{{Path: report}}})

	// What the check found.
	findings, err := reg.CurrentFindings()
	if err != nil {
		return err
	}
	check := demoResult{Findings: map[string]int{}, Outputs: []render.Output{}}
	fired := map[string]bool{}
	for _, f := range findings {
		check.Findings[f.Severity]++
		fired[f.Rule] = true
	}
	var codes []string
	for _, r := range intake.Rules {
		codes = append(codes, r.Code)
	}
	for _, r := range intake.CrossRules {
		codes = append(codes, r.Code)
	}
	for _, c := range codes {
		if fired[c] {
			check.Rules = append(check.Rules, c)
		}
	}
	check.Stage = fmt.Sprintf("核对：错误 %d，提醒 %d，说明 %d；触发的规则：%s", check.Findings[intake.SeverityError],
		check.Findings[intake.SeverityWarning], check.Findings[intake.SeverityInfo], strings.Join(check.Rules, "、"))
	results = append(results, check)

	after, err := demoAfterIntake(w, reg, &env{cfg: cfg, forms: e.forms})
	results = append(results, after...)
	if err != nil {
		return err
	}

	if o.JSON {
		return g.printJSON(results)
	}
	for i, r := range results {
		g.printf("%d. %s\n", i+1, r.Stage)
		for _, out := range r.Outputs {
			g.printf("   %s\n", out.Path)
		}
	}
	g.printf("演示完成，输出目录：%s\n", o.Out)
	return nil
}

// addConfigLists writes the lists into the workspace's dbzx.yaml in place
// of the empty ones `dbzx init` wrote (provincial: [], failed_acceptance: []).
func addConfigLists(path string, add sample.ConfigAdditions) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(data)
	for _, l := range []struct {
		key  string
		list []config.Listed
	}{{"provincial", add.Provincial}, {"failed_acceptance", add.FailedAcceptance}} {
		if len(l.list) == 0 {
			continue
		}
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(map[string][]config.Listed{l.key: l.list}); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		empty := regexp.MustCompile(`(?m)^` + l.key + `: \[\]\n?`)
		loc := empty.FindStringIndex(text)
		if loc == nil {
			return fmt.Errorf("%s：未找到空的 %s 列表，无法写入演示配置", path, l.key)
		}
		text = text[:loc[0]] + "# 演示数据（dbzx demo 写入）\n" + buf.String() + text[loc[1]:]
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
