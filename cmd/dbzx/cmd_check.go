package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/render"
	"dbzx/workspace"
)

type checkOptions struct {
	JSON  bool
	Rules bool
}

func newCheckCommand(g *globalOptions) *cobra.Command {
	o := &checkOptions{}
	c := &cobra.Command{
		Use:   "check",
		Short: "按当前配置重新核对登记库中的全部申报（不重新读取文件）",
		Long: `按当前配置和表单定义，对登记库中每项申报的当前版本重新运行全部核对规则，
替换原有的问题记录，并重写 out/intake-report.xlsx。修改 dbzx.yaml（如截止日期、
省级推荐名单、验收未通过名单）后运行。--rules 列出全部规则。
退出码：0 没有错误；1 有申报存在错误（不能直接提交评审）。`,
		Example: `  dbzx check
  dbzx check --rules
  dbzx check --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if o.Rules {
				return printRules(g, o.JSON)
			}
			return runCheck(c.Context(), o, g)
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	c.Flags().BoolVar(&o.Rules, "rules", false, "列出全部核对规则：核对什么、适用哪些表单、通知原文依据")
	return c
}

// ruleDoc is a rule as `check --rules` explains it.
type ruleDoc struct {
	Code     string   `json:"code"`
	Severity string   `json:"severity"`
	Forms    []string `json:"forms"` // the categories it applies to; empty: all
	Checks   string   `json:"checks"`
	Basis    string   `json:"basis"` // the notice's words, or what the check rests on
}

// printRules explains every rule: what it checks, on which forms, at what
// severity, and the notice's words it rests on.
func printRules(g *globalOptions, asJSON bool) error {
	e, err := g.load()
	if err != nil {
		return err
	}
	var docs []ruleDoc
	for _, r := range intake.Rules {
		d := ruleDoc{Code: r.Code, Severity: render.SeverityNames[r.Severity], Forms: []string{}, Checks: r.Doc, Basis: intake.Basis[r.Code]}
		for _, f := range r.Forms {
			name := f
			if c, ok := e.cfg.Category(f); ok {
				name = c.ShortName
			}
			d.Forms = append(d.Forms, name)
		}
		docs = append(docs, d)
	}
	for _, r := range intake.CrossRules {
		docs = append(docs, ruleDoc{Code: r.Code, Severity: render.SeverityNames[r.Severity], Forms: []string{}, Checks: r.Doc, Basis: intake.Basis[r.Code]})
	}
	for _, r := range intake.StageRules {
		docs = append(docs, ruleDoc{Code: r.Code, Severity: render.SeverityNames[r.Severity], Forms: []string{"中期考核表", "建设工作报告"},
			Checks: r.Doc, Basis: intake.Basis[r.Code]})
	}
	if asJSON {
		return g.printJSON(docs)
	}
	g.printf("核对规则 %d 条（错误：须补正，不能直接推荐；提醒：提请评审关注；说明：供知悉）\n\n", len(docs))
	for _, d := range docs {
		forms := "全部申报"
		if len(d.Forms) > 0 {
			forms = strings.Join(d.Forms, "、")
		}
		g.printf("%s（%s；适用：%s）\n  核对：%s\n  依据：%s\n\n", d.Code, d.Severity, forms, d.Checks, d.Basis)
	}
	return nil
}

func runCheck(ctx context.Context, o *checkOptions, g *globalOptions) error {
	w, err := g.open()
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := w.Check(ctx)
	if err != nil {
		return err
	}
	if o.JSON {
		if err := g.printJSON(res); err != nil {
			return err
		}
	} else {
		printCheck(g, res)
	}
	if n := res.Overview.Findings[intake.SeverityError]; n > 0 {
		return partialf("%d 个错误", n)
	}
	return nil
}

func printCheck(g *globalOptions, res *workspace.CheckResult) {
	ov := res.Overview
	checked, withdrawn := 0, 0
	for _, a := range ov.Applications {
		if a.Withdrawn != "" {
			withdrawn++
		} else {
			checked++
		}
	}
	also := ""
	if withdrawn > 0 {
		also = fmt.Sprintf("（另有已撤回 %d 项，不再核对）", withdrawn)
	}
	g.printf("已核对 %d 项申报%s：错误 %d，提醒 %d，说明 %d\n", checked, also,
		ov.Findings[intake.SeverityError], ov.Findings[intake.SeverityWarning], ov.Findings[intake.SeverityInfo])
	names := map[int64]string{}
	for _, a := range ov.Applications {
		names[a.ID] = a.Unit + " · " + a.Name
	}
	last := int64(-1)
	for _, f := range res.Findings {
		if f.ApplicationID != last {
			last = f.ApplicationID
			who := names[f.ApplicationID]
			if f.ApplicationID == 0 {
				who = "申报汇总表"
			}
			g.printf("%s\n", who)
		}
		g.printf("  [%s] %s\n", render.SeverityNames[f.Severity], f.Message)
	}
	g.printf("受理报告已更新：%s\n", res.Report)
}
