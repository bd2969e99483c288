package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"dbzx/intake"
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
				rows := [][]string{{"规则", "严重程度", "适用表单", "内容"}}
				for _, r := range intake.Rules {
					forms := "全部"
					if len(r.Forms) > 0 {
						forms = strings.Join(r.Forms, ",")
					}
					rows = append(rows, []string{r.Code, intake.SeverityNames[r.Severity], forms, r.Doc})
				}
				for _, r := range intake.CrossRules {
					rows = append(rows, []string{r.Code, intake.SeverityNames[r.Severity], "跨申报", r.Doc})
				}
				g.printf("%s", columns(rows))
				return nil
			}
			sess, err := g.session()
			if err != nil {
				return err
			}
			w, reg, e := sess.w, sess.reg, sess.env
			ctx := c.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			if err := reg.Revalidate(ctx, e.cfg, e.forms); err != nil {
				return err
			}
			report := filepath.Join(w.OutDir(), "intake-report.xlsx")
			if err := reg.WriteReport(e.cfg, report); err != nil {
				return err
			}
			ov, err := reg.Overview(e.cfg)
			if err != nil {
				return err
			}
			findings, err := reg.CurrentFindings()
			if err != nil {
				return err
			}
			if o.JSON {
				if err := g.printJSON(struct {
					Overview *intake.Overview        `json:"overview"`
					Findings []*intake.FindingRecord `json:"findings"`
					Report   string                  `json:"report"`
				}{ov, findings, report}); err != nil {
					return err
				}
			} else {
				g.printf("已核对 %d 项申报：错误 %d，提醒 %d，说明 %d\n", len(ov.Applications),
					ov.Findings[intake.SeverityError], ov.Findings[intake.SeverityWarning], ov.Findings[intake.SeverityInfo])
				names := map[int64]string{}
				for _, a := range ov.Applications {
					names[a.ID] = a.Unit + " · " + a.Name
				}
				last := int64(-1)
				for _, f := range findings {
					if f.ApplicationID != last {
						last = f.ApplicationID
						who := names[f.ApplicationID]
						if f.ApplicationID == 0 {
							who = "申报汇总表"
						}
						g.printf("%s\n", who)
					}
					g.printf("  [%s] %s\n", intake.SeverityNames[f.Severity], f.Message)
				}
				g.printf("受理报告已更新：%s\n", report)
			}
			if n := ov.Findings[intake.SeverityError]; n > 0 {
				return &exitError{ExitPartial, fmt.Errorf("%d 个错误", n)}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	c.Flags().BoolVar(&o.Rules, "rules", false, "列出全部核对规则")
	return c
}
