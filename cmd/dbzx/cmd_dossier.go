package main

import (
	"github.com/spf13/cobra"

	"dbzx/templates"
	"dbzx/workspace"
)

type dossierOptions struct {
	Category string
	Out      string
	Duplex   bool
	JSON     bool
	Stage    string
}

func newDossierCommand(g *globalOptions) *cobra.Command {
	o := &dossierOptions{}
	c := &cobra.Command{
		Use:   "dossier",
		Short: "生成评审材料汇编（PDF，每个类别一册）",
		Long: `从登记库生成评审工作小组使用的申报材料汇编，每个类别一册 PDF：封面、目录（带页码）、
申报汇总表、按表单版式排列的每项申报（含审核意见和支撑材料）、评审打分表。
排列顺序依配置中的单位顺序，再按名称。页脚“第 N 页 共 M 页”，并有书签。
--duplex 使每项申报从奇数页开始，便于双面打印。默认写入 <工作目录>/out/dossier。
有字体缺字或支撑材料无法放入时给出提示（不影响生成）。

--stage midterm（中期考核）或 final（验收）：每个已有交回的类别一册“中期考核材料汇编-<类别>.pdf”
或“验收材料汇编-<类别>.pdf”（用 --category 指定的类别即使无人交回也生成）：封面、目录、
提交情况（已交的建设对象及问题数，未交的列出名称）、每个已交建设对象的附表1 中期考核表或
附表2 建设工作报告（按表单版式逐项排列，前面是申报书中的建设目标、进度安排和预期成果作为对照，
后面是审核意见），以及该阶段的评分表。排列顺序与建设对象名单相同。`,
		Example: `  dbzx dossier
  dbzx dossier --category model_branch --duplex
  dbzx dossier --out 评审材料
  dbzx dossier --stage midterm`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runDossier(o, g) },
	}
	c.Flags().StringVar(&o.Category, "category", "", "只生成一个类别（如 model_branch），默认全部")
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/dossier）")
	c.Flags().BoolVar(&o.Duplex, "duplex", false, "每项申报从奇数页开始（双面打印）")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	stageFlag(c, &o.Stage)
	return c
}

func runDossier(o *dossierOptions, g *globalOptions) error {
	stage, err := parseStage(o.Stage)
	if err != nil {
		return err
	}
	w, err := g.open()
	if err != nil {
		return err
	}
	outs, err := w.Dossiers(workspace.DossierOptions{Category: o.Category, Dir: o.Out, Duplex: o.Duplex, Stage: stage})
	if err != nil {
		return err
	}
	if o.JSON {
		return g.printJSON(outs)
	}
	for _, d := range outs {
		if stage != templates.StageApply {
			g.printf("%s：已交%s %d 份，未交 %d 个，%d 页 → %s\n", d.Category, templates.StageFormNames[stage], d.Applications, d.Missing, d.Pages, d.Path)
		} else {
			g.printf("%s：%d 项申报，%d 页 → %s\n", d.Category, d.Applications, d.Pages, d.Path)
		}
		for _, wrn := range d.Warnings {
			g.printf("  注意：%s\n", wrn)
		}
	}
	return nil
}
