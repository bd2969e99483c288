package render

import (
	"fmt"
	"io"
	"strings"

	"dbzx/config"
	"dbzx/internal/fonts"
	"dbzx/internal/pdfdoc"
	"dbzx/templates"
)

// StageDossier is what the committee reads at a later stage (中期考核,
// 验收) for one category: each construction object's return of the stage
// form beside what its application set out to do, with the stage's
// findings, and the stage's scoring sheet. workspace builds it from the
// register.
type StageDossier struct {
	Category config.Category
	Stage    string                // templates.StageMidterm or templates.StageFinal
	Objects  []*StageDossierObject // those that returned the form, in order
	Missing  []string              // those that have not: 名称（单位）
	Duplex   bool                  // each object starts on an odd page
}

// StageDossierObject is a construction object's current return of the
// stage form (its Form the stage's, its Findings the stage's) and its
// application's plan.
type StageDossierObject struct {
	DossierApp
	Plan DossierPlan
}

// DossierPlan is what an application set out to do: the fields of its
// form a later stage is measured against (建设目标, 进度安排, 预期成果), as
// that form labels them, with their values.
type DossierPlan struct {
	Fields []templates.Field
	Values map[string]string     // field id → text
	Tables map[string][][]string // table id → rows of cells in column order
}

// StageDossierName is a stage's book: 中期考核材料汇编, 验收材料汇编.
func StageDossierName(stage string) string { return templates.StageNames[stage] + "材料汇编" }

// stageSheets are the stages' scoring sheets (附表3, 附表4).
var stageSheets = map[string]string{templates.StageMidterm: "中期考核评分表", templates.StageFinal: "验收评分表"}

// stageFigures are the numbers of a return the committee compares at a
// glance: the money spent (the allocation is the category's), the
// self-assessed total.
var stageFigures = map[string][]string{
	templates.StageMidterm: {"spent_total", "self_total"},
	templates.StageFinal:   {"final_total", "self_total"},
}

// WriteStageDossier writes one category's book of a stage as PDF: cover,
// contents, who has returned the form and who has not, every return laid
// out like its form after its application's plan, with its 审核意见, and
// the stage's scoring sheet.
func WriteStageDossier(w io.Writer, d *StageDossier, cfg *config.Config, faces []fonts.Face) (*DossierResult, error) {
	book := StageDossierName(d.Stage)
	form := templates.StageFormNames[d.Stage]
	sheet := "二、" + stageSheets[d.Stage]
	apps := make([]*DossierApp, len(d.Objects))
	for i, o := range d.Objects {
		apps[i] = &o.DossierApp
	}
	title := cfg.College + cfg.Programme + " " + d.Category.Name + " " + book
	return writeBook(w, faces, d.Category.Name+" · "+book, title, func(doc *pdfdoc.Doc) []string {
		doc.Where("封面")
		holds := fmt.Sprintf("建设对象 %d 个，已交%s %d 份", len(d.Objects)+len(d.Missing), form, len(d.Objects))
		if len(d.Missing) > 0 {
			holds += fmt.Sprintf("，未交 %d 个", len(d.Missing))
		}
		bookCover(doc, cfg, book, d.Category.Name, holds, stageMonth(d))
		contents(doc, "一、提交情况", apps, sheet)
		summaryTable(doc, "一、提交情况", "建设", apps, stageFigures[d.Stage], "尚无建设对象交回"+form)
		if len(d.Missing) > 0 {
			doc.Where("提交情况")
			doc.Space(6)
			doc.Paragraph(fmt.Sprintf("未交（%d 个）：%s", len(d.Missing), strings.Join(d.Missing, "、")), dossierBody)
		}
		var errs []string
		for i, o := range d.Objects {
			a := &o.DossierApp
			appStart(doc, d.Duplex, i, a, "建设单位")
			doc.Heading("对照：申报书中的建设目标与计划", dossierH2, 60)
			if len(o.Plan.Fields) == 0 {
				doc.Paragraph("（没有可对照的申报书）", dossierSmall)
			}
			printFields(doc, a.Name, o.Plan.Fields, o.Plan.Values, o.Plan.Tables)
			formBody(doc, a)
			errs = append(errs, appEnd(doc, a)...)
		}
		crit := cfg.StageScoring(d.Stage, d.Category.Key)
		scoringSheet(doc, scoring{heading: sheet, noun: "建设", crit: crit, apps: apps,
			tail: []string{"等次", "结论"}, tailWidths: []float64{34, 46},
			intro: fmt.Sprintf("类别：%s　请按各项分值打分，合计满分 %d 分；“等次”栏填%s，“结论”栏填%s。",
				d.Category.Name, totalPoints(crit), either(templates.StageGrades), either(templates.StageConclusions[d.Stage]))})
		return errs
	})
}

// stageMonth is the month the stage's committee meets, for the cover.
func stageMonth(d *StageDossier) string {
	m := d.Category.Acceptance
	if d.Stage == templates.StageMidterm {
		m = d.Category.Midterm
	}
	if m.IsZero() {
		return ""
	}
	return ChineseYearMonth(m.Year, m.Month)
}

// either lists choices for a form's instructions: 优秀、良好、合格或不合格.
func either(choices []string) string {
	if len(choices) < 2 {
		return strings.Join(choices, "")
	}
	return strings.Join(choices[:len(choices)-1], "、") + "或" + choices[len(choices)-1]
}
