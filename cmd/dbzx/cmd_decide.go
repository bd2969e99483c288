package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/render"
)

type reviewSheetOptions struct{ Out string }

func newReviewSheetCommand(g *globalOptions) *cobra.Command {
	o := &reviewSheetOptions{}
	c := &cobra.Command{
		Use:   "review-sheet",
		Short: "生成评审表（.xlsx，每个类别一份）：评分项、合计、推荐/不推荐",
		Long: `为评审工作小组生成评审表，每个类别一份：每项申报一行（编号、单位、名称、审核情况），
各评分项（分值取自配置 scoring）、合计、“推荐/不推荐”下拉选择和备注。表格受保护，只有
打分和选择的单元格可填写。填好后（Excel、WPS、LibreOffice 保存均可）用 dbzx decide 读入。
默认写入 <工作目录>/out/review。`,
		Example: `  dbzx review-sheet
  dbzx review-sheet --out 评审表`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			sess, err := g.session()
			if err != nil {
				return err
			}
			reg, e := sess.reg, sess.env
			dir := g.outDir(o.Out, "review")
			if err := makeDir(dir); err != nil {
				return err
			}
			for _, cat := range e.cfg.Categories {
				s, n, err := reg.ReviewSheet(e.cfg, cat.Key)
				if err != nil {
					return err
				}
				if n == 0 {
					continue
				}
				path := filepath.Join(dir, "评审表-"+cat.ShortName+".xlsx")
				if err := render.WriteInputSheet(path, s); err != nil {
					return err
				}
				g.printf("%s：%d 项申报 → %s\n", cat.Name, n, path)
			}
			return nil
		},
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/review）")
	return c
}

type decideOptions struct {
	Force bool
	JSON  bool
	Date  string
}

func newDecideCommand(g *globalOptions) *cobra.Command {
	o := &decideOptions{}
	c := &cobra.Command{
		Use:   "decide 评审表.xlsx...",
		Short: "读入填好的评审表，核对名额后记录推荐结果",
		Long: `读入评审工作小组填好的评审表（dbzx review-sheet 生成），记录每项申报“推荐/不推荐”、
各项得分与合计。记录前核对：编号都在登记库中；每个类别推荐数不超过名额（已获省级推荐的
不占名额）；推荐的申报没有未补正的错误——如确需推荐，加 --force，强制推荐会记录在案。
核对不通过时什么也不记录，退出码 1。之后 dbzx list 生成建设对象名单。`,
		Example: `  dbzx decide out/review/评审表-样板党支部.xlsx
  dbzx decide 评审表/*.xlsx --force`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			sess, err := g.session()
			if err != nil {
				return err
			}
			reg, e := sess.reg, sess.env
			var all []intake.Decision
			var problems []string
			for _, f := range args {
				data, err := os.ReadFile(f)
				if err != nil {
					return usageError(err)
				}
				ds, ps, err := intake.ReadReviewSheet(data)
				if err != nil {
					return usagef("%s：%v", f, err)
				}
				for _, p := range ps {
					problems = append(problems, f+"："+p)
				}
				all = append(all, ds...)
			}
			if len(problems) > 0 {
				fmt.Fprintf(g.stderr, "评审表有 %d 处无法识别，未记录：\n", len(problems))
				for _, p := range problems {
					fmt.Fprintf(g.stderr, "  %s\n", p)
				}
				return &exitError{ExitPartial, fmt.Errorf("评审表有 %d 处无法识别，未记录", len(problems))}
			}
			var when time.Time
			if o.Date != "" {
				if when, err = time.ParseInLocation("2006-01-02", o.Date, time.Local); err != nil {
					return usagef("--date 应写作 2022-12-09，实际为 %q", o.Date)
				}
			}
			res, err := reg.Decide(c.Context(), e.cfg, all, strings.Join(args, ", "), o.Force, when)
			if err != nil {
				return err
			}
			if o.JSON {
				if err := g.printJSON(res); err != nil {
					return err
				}
			}
			if len(res.Problems) > 0 {
				if !o.JSON {
					g.printf("未记录：\n")
					for _, p := range res.Problems {
						g.printf("  %s\n", p)
					}
				}
				return &exitError{ExitPartial, fmt.Errorf("评审结果未通过核对，未记录")}
			}
			if !o.JSON {
				g.printf("已记录 %d 项评审结果。推荐数（不含省级推荐）：\n", res.Recorded)
				for _, cat := range e.cfg.Categories {
					g.printf("  %s：%d / %d\n", cat.Name, res.Recommended[cat.Key], cat.Quota)
				}
				for _, f := range res.Forced {
					g.printf("  强制推荐（已记录）：%s\n", f)
				}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&o.Force, "force", false, "推荐仍有错误的申报（记录在案）")
	c.Flags().StringVar(&o.Date, "date", "", "评审（党委确定）日期，如 2022-12-09，默认今天；建设周期从此开始")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出")
	return c
}

type acceptOptions struct {
	Out  string
	JSON bool
}

func newAcceptSheetCommand(g *globalOptions) *cobra.Command {
	o := &acceptOptions{}
	c := &cobra.Command{
		Use:   "accept-sheet",
		Short: "生成验收结果登记表（.xlsx）：每个建设对象一行",
		Long: `为验收生成登记表：每个建设对象（评审推荐的和已获省级推荐的）一行，填写“通过/不通过”
和验收日期，用 dbzx accept 读入。默认写入 <工作目录>/out/验收结果登记表.xlsx。`,
		Example: `  dbzx accept-sheet`,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			sess, err := g.session()
			if err != nil {
				return err
			}
			w, reg, e := sess.w, sess.reg, sess.env
			s, n, err := reg.AcceptSheet(e.cfg)
			if err != nil {
				return err
			}
			dir := w.OutDir()
			if o.Out != "" {
				dir = o.Out
			}
			if err := makeDir(dir); err != nil {
				return err
			}
			path := filepath.Join(dir, "验收结果登记表.xlsx")
			if err := render.WriteInputSheet(path, s); err != nil {
				return err
			}
			g.printf("验收结果登记表：%d 个建设对象 → %s\n", n, path)
			return nil
		},
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out）")
	return c
}

func newAcceptCommand(g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "accept 验收表.xlsx",
		Short: "读入填好的验收结果登记表，记录通过/不通过",
		Long: `读入验收结果登记表（dbzx accept-sheet 生成），记录每个建设对象的验收结果和日期。
验收未通过的单位自验收之月起 bar_years（默认2年）内不得申报，新的申报将被核对为错误。
之后 dbzx certificates 为通过的单位生成验收证书。`,
		Example: `  dbzx accept out/验收结果登记表.xlsx`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			sess, err := g.session()
			if err != nil {
				return err
			}
			reg, e := sess.reg, sess.env
			data, err := os.ReadFile(args[0])
			if err != nil {
				return usageError(err)
			}
			rows, problems, err := intake.ReadAcceptSheet(data)
			if err != nil {
				return usagef("%s：%v", args[0], err)
			}
			// A sheet with problems records nothing: Accept would record
			// the rows it could read.
			n := 0
			if len(problems) == 0 {
				if n, problems, err = reg.Accept(c.Context(), e.cfg, rows); err != nil {
					return err
				}
			}
			if len(problems) > 0 {
				g.printf("未记录：\n")
				for _, p := range problems {
					g.printf("  %s\n", p)
				}
				return &exitError{ExitPartial, fmt.Errorf("验收表有 %d 处问题，未记录", len(problems))}
			}
			if err := reg.Revalidate(c.Context(), e.cfg, e.forms); err != nil {
				return err
			}
			g.printf("已记录 %d 个建设对象的验收结果。\n", n)
			return nil
		},
	}
	return c
}
