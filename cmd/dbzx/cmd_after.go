package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"dbzx/intake"
	"dbzx/render"
)

type afterOptions struct{ Out string }

// afterCommand builds a command that writes outputs from the construction
// objects into <workspace>/out (or --out).
func afterCommand(g *globalOptions, use, short, long, example string,
	write func(e *env, reg *intake.Register, dir string) ([]string, error)) *cobra.Command {
	o := &afterOptions{}
	c := &cobra.Command{
		Use: use, Short: short, Long: long, Example: example,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			sess, err := g.session()
			if err != nil {
				return err
			}
			w, reg, e := sess.w, sess.reg, sess.env
			dir := w.OutDir()
			if o.Out != "" {
				dir = o.Out
			}
			if err := makeDir(dir); err != nil {
				return err
			}
			paths, err := write(e, reg, dir)
			if errors.Is(err, intake.ErrNoSelection) {
				return usageError(err)
			}
			if err != nil {
				return err
			}
			for _, p := range paths {
				g.printf("%s\n", p)
			}
			return nil
		},
	}
	c.Flags().StringVar(&o.Out, "out", "", "输出目录（默认 <工作目录>/out）")
	return c
}

func newListCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "list", "生成建设对象名单（.docx 和 PDF），供公布",
		`按类别列出评审推荐（及已获省级推荐、自动认定）的建设对象：单位、名称、负责人、建设周期、
支持经费。写出 建设对象名单.docx（可再编辑）和 建设对象名单.pdf。`,
		"  dbzx list", writeList)
}

func writeList(e *env, reg *intake.Register, dir string) ([]string, error) {
	d, err := reg.ListData(e.cfg)
	if err != nil {
		return nil, err
	}
	var docx bytes.Buffer
	if err := render.WriteListDocx(&docx, d); err != nil {
		return nil, err
	}
	p1 := filepath.Join(dir, "建设对象名单.docx")
	if err := render.WriteFileAtomic(p1, docx.Bytes()); err != nil {
		return nil, err
	}
	faces, err := render.LoadFaces(e.cfg)
	if err != nil {
		return nil, err
	}
	var pdf bytes.Buffer
	if _, err := render.WriteListPDF(&pdf, d, faces); err != nil {
		return nil, err
	}
	p2 := filepath.Join(dir, "建设对象名单.pdf")
	return []string{p1, p2}, render.WriteFileAtomic(p2, pdf.Bytes())
}

func newFundingCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "funding", "生成经费拨付单（PDF，每个建设对象一页，另附汇总）和经费汇总表（.xlsx）",
		`为每个建设对象生成经费拨付单：金额小写与大写（按人民银行规定，如 贰万元整）、
专款专用要求、签字盖章栏；最后附按类别和总计的汇总。另写出经费汇总表 .xlsx。
金额以“分”为单位计算，合计与评审结果一致。`,
		"  dbzx funding", writeFunding)
}

func writeFunding(e *env, reg *intake.Register, dir string) ([]string, error) {
	d, err := reg.FundingData(e.cfg)
	if err != nil {
		return nil, err
	}
	faces, err := render.LoadFaces(e.cfg)
	if err != nil {
		return nil, err
	}
	var pdf bytes.Buffer
	if _, err := render.WriteFundingPDF(&pdf, d, faces); err != nil {
		return nil, err
	}
	p1 := filepath.Join(dir, "经费拨付单.pdf")
	if err := render.WriteFileAtomic(p1, pdf.Bytes()); err != nil {
		return nil, err
	}
	p2 := filepath.Join(dir, "经费汇总表.xlsx")
	return []string{p1, p2}, render.WriteFundingXlsx(p2, d)
}

func newScheduleCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "schedule", "生成建设进度安排（.xlsx）和日历（.ics，可导入 Outlook 与手机日历）",
		`为每个建设对象列出中期考核、工作报告截止、验收时间和每月动态展示要求：
建设进度安排.xlsx（含逐月展示登记表）和 建设进度安排.ics（重复导入会更新而不会重复）。`,
		"  dbzx schedule", writeSchedule)
}

func writeSchedule(e *env, reg *intake.Register, dir string) ([]string, error) {
	d, err := reg.ScheduleData(e.cfg)
	if err != nil {
		return nil, err
	}
	p1 := filepath.Join(dir, "建设进度安排.xlsx")
	if err := render.WriteScheduleXlsx(p1, d); err != nil {
		return nil, err
	}
	var ics bytes.Buffer
	if err := render.WriteICS(&ics, d); err != nil {
		return nil, err
	}
	p2 := filepath.Join(dir, "建设进度安排.ics")
	return []string{p1, p2}, render.WriteFileAtomic(p2, ics.Bytes())
}

func newCertificatesCommand(g *globalOptions) *cobra.Command {
	return afterCommand(g, "certificates", "生成验收合格证书（PDF，每个单位一份，另附合并打印本）",
		`为验收通过的每个建设对象生成证书（A4 横向）：称号、单位与名称、正文（配置 certificate_text）、
学校党委落款、中文日期（如 二〇二四年十二月）和红色印章（矢量绘制，或配置 seal_image 的图片）。
证书编号每年从 001 起，记入登记库：重新生成时编号不变。写出 certificates/ 下每份证书和
验收证书-合并打印.pdf。`,
		"  dbzx certificates", writeCertificates)
}

func writeCertificates(e *env, reg *intake.Register, dir string) ([]string, error) {
	var seal []byte
	if p := e.cfg.SealImage; p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, usagef("配置项 seal_image：%v", err)
		}
		seal = data
	}
	certs, recs, err := reg.CertificateData(context.Background(), e.cfg, seal)
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, usagef("还没有验收通过的建设对象：请先用 dbzx accept-sheet 生成验收表，验收后用 dbzx accept 读入")
	}
	faces, err := render.LoadFaces(e.cfg)
	if err != nil {
		return nil, err
	}
	var paths []string
	one := filepath.Join(dir, "certificates")
	if err := makeDir(one); err != nil {
		return nil, err
	}
	for i, c := range certs {
		var buf bytes.Buffer
		if _, err := render.WriteCertificates(&buf, []render.Certificate{c}, faces); err != nil {
			return nil, err
		}
		// Named by the issued number, which never changes, not by the
		// position in the list, which does when an acceptance changes.
		name := render.SafeFileName(fmt.Sprintf("%s-%s-%s", recs[i].Number, recs[i].Unit, recs[i].Name)) + ".pdf"
		p := filepath.Join(one, name)
		if err := render.WriteFileAtomic(p, buf.Bytes()); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	// A certificate no longer issued (its acceptance was changed to 不通过)
	// is moved aside, not left beside the valid ones.
	written := map[string]bool{}
	for _, p := range paths {
		written[filepath.Base(p)] = true
	}
	old, _ := filepath.Glob(filepath.Join(one, "*.pdf"))
	for _, p := range old {
		if !written[filepath.Base(p)] {
			void := filepath.Join(one, "已失效")
			if err := makeDir(void); err != nil {
				return nil, err
			}
			if err := os.Rename(p, filepath.Join(void, filepath.Base(p))); err != nil {
				return nil, err
			}
		}
	}
	var all bytes.Buffer
	if _, err := render.WriteCertificates(&all, certs, faces); err != nil {
		return nil, err
	}
	p := filepath.Join(dir, "验收证书-合并打印.pdf")
	return append(paths, p), render.WriteFileAtomic(p, all.Bytes())
}
