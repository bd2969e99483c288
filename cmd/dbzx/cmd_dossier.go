package main

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/render"
)

type dossierOptions struct {
	Category string
	Out      string
	Duplex   bool
	JSON     bool
}

// dossierOutput is one dossier written.
type dossierOutput struct {
	Category     string   `json:"category"`
	Path         string   `json:"path"`
	Applications int      `json:"applications"`
	Pages        int      `json:"pages"`
	Bytes        int      `json:"bytes"`
	Warnings     []string `json:"warnings,omitempty"`
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
有字体缺字或支撑材料无法放入时给出提示（不影响生成）。`,
		Example: `  dbzx dossier
  dbzx dossier --category model_branch --duplex
  dbzx dossier --out 评审材料`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error { return runDossier(o, g) },
	}
	c.Flags().StringVar(&o.Category, "category", "", "只生成一个类别（如 model_branch），默认全部")
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out/dossier）")
	c.Flags().BoolVar(&o.Duplex, "duplex", false, "每项申报从奇数页开始（双面打印）")
	c.Flags().BoolVar(&o.JSON, "json", false, "以 JSON 输出结果")
	return c
}

func runDossier(o *dossierOptions, g *globalOptions) error {
	sess, err := g.session()
	if err != nil {
		return err
	}
	w, reg, e := sess.w, sess.reg, sess.env
	outs, err := writeDossiers(w, reg, e, o.Category, g.outDir(o.Out, "dossier"), o.Duplex)
	if err != nil {
		return err
	}
	if o.JSON {
		return g.printJSON(outs)
	}
	for _, d := range outs {
		g.printf("%s：%d 项申报，%d 页 → %s\n", d.Category, d.Applications, d.Pages, d.Path)
		for _, wrn := range d.Warnings {
			g.printf("  注意：%s\n", wrn)
		}
	}
	return nil
}

// writeDossiers writes the dossier of one category (or of every category
// with applications) into dir.
func writeDossiers(w intake.Workspace, reg *intake.Register, e *env, only, dir string, duplex bool) ([]dossierOutput, error) {
	if only != "" {
		if _, ok := e.cfg.Category(only); !ok {
			return nil, usagef("没有类别 %q；可选：%v", only, categoryKeys(e))
		}
	}
	faces, err := render.LoadFaces(e.cfg)
	if err != nil {
		return nil, usageError(err)
	}
	var outs []dossierOutput
	for _, cat := range e.cfg.Categories {
		if only != "" && cat.Key != only {
			continue
		}
		d, err := reg.Dossier(w, e.cfg, e.forms, cat.Key)
		if err != nil {
			return outs, err
		}
		if len(d.Applications) == 0 && only == "" {
			continue
		}
		d.Duplex = duplex
		var buf bytes.Buffer
		res, err := render.WriteDossier(&buf, d, e.cfg, faces)
		if err != nil {
			return outs, fmt.Errorf("生成 %s 评审材料：%w", cat.Name, err)
		}
		path := filepath.Join(dir, cat.ShortName+"-申报材料汇编.pdf")
		if err := makeDir(dir); err != nil {
			return outs, err
		}
		if err := render.WriteFileAtomic(path, buf.Bytes()); err != nil {
			return outs, err
		}
		outs = append(outs, dossierOutput{Category: cat.Name, Path: path, Applications: len(d.Applications),
			Pages: res.Pages, Bytes: res.Bytes, Warnings: res.Warnings})
	}
	return outs, nil
}

func categoryKeys(e *env) []string {
	var keys []string
	for _, c := range e.cfg.Categories {
		keys = append(keys, c.Key)
	}
	return keys
}
