package render

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode"

	"dbzx/config"
	"dbzx/internal/fonts"
	"dbzx/internal/pdfdoc"
	"dbzx/templates"
)

// Dossier is what the committee reads for one category: its applications
// in order, each with its values as the form shows them, its findings and
// its supporting material. intake builds it from the register.
type Dossier struct {
	Category     config.Category
	Applications []*DossierApp
	Unmatched    []Attachment // material no application could be matched to
	Duplex       bool         // each application starts on an odd page
}

// DossierApp is one application in a dossier.
type DossierApp struct {
	Unit, Name, Leader, Phone string
	Contact                   string // whose phone Phone is, when not the leader's
	Version, Versions         int
	File                      string // the return's file name
	Form                      *templates.Form
	Values                    map[string]string     // field id → text as printed (checkboxes: ☒/☐)
	Tables                    map[string][][]string // table id → rows of cells in column order
	Findings                  []DossierFinding
	Attachments               []Attachment
}

// DossierFinding is a finding as printed in the 审核意见 box.
type DossierFinding struct {
	Severity string // 错误, 提醒, 说明
	Message  string
}

// Attachment is a piece of supporting material: a PDF or an image.
type Attachment struct {
	Name string
	Path string // the archived original
	Kind string // "pdf" or "image"
}

// DossierResult reports what WriteDossier did.
type DossierResult struct {
	Pages    int
	Bytes    int
	Warnings []string // characters no font has, material that could not be placed
}

// Typesetting of the dossier.
var (
	dossierBody    = pdfdoc.Style{Font: "dbzx-body", Size: 10.5, Leading: 1.6}
	dossierPara    = pdfdoc.Style{Font: "dbzx-body", Size: 10.5, Leading: 1.7, Indent: 2, Align: pdfdoc.Justify}
	dossierLabel   = pdfdoc.Style{Font: "dbzx-heading", Size: 10, Leading: 1.5}
	dossierH1      = pdfdoc.Style{Font: "dbzx-heading", Size: 16, Leading: 1.5, Before: 4, After: 10, Align: pdfdoc.Center}
	dossierH2      = pdfdoc.Style{Font: "dbzx-heading", Size: 12, Leading: 1.5, Before: 10, After: 4}
	dossierSmall   = pdfdoc.Style{Font: "dbzx-body", Size: 9.5, Leading: 1.5, Color: pdfdoc.Gray}
	dossierCaption = pdfdoc.Style{Font: "dbzx-heading", Size: 11, Leading: 1.5, After: 6}
)

// LoadFaces loads the fonts the configuration names (or the embedded ones).
func LoadFaces(cfg *config.Config) ([]fonts.Face, error) {
	paths := map[fonts.Role]string{}
	for role, p := range cfg.Fonts {
		paths[fonts.Role(role)] = p
	}
	return fonts.Load(paths)
}

// pdfOptions are the page set-up every PDF of dbzx shares.
func pdfOptions(faces []fonts.Face, header, title string, missing func(rune, string)) pdfdoc.Options {
	return pdfdoc.Options{Faces: faces, Fallback: []string{"dbzx-body", "dbzx-heading", "dbzx-title"},
		Header: header, HeaderFont: "dbzx-body", FooterFont: "dbzx-body", Title: title, Author: "dbzx",
		Missing: missing}
}

// WriteDossier writes one category's dossier as PDF: cover, contents,
// summary table, every application laid out like its form with its
// 审核意见 and supporting material, and the scoring sheet.
func WriteDossier(w io.Writer, d *Dossier, cfg *config.Config, faces []fonts.Face) (*DossierResult, error) {
	title := cfg.College + cfg.Programme + " " + d.Category.Name + " 申报材料汇编"
	return writeBook(w, faces, d.Category.Name+" · 申报材料汇编", title, func(doc *pdfdoc.Doc) []string {
		doc.Where("封面")
		bookCover(doc, cfg, "申报材料汇编", d.Category.Name, fmt.Sprintf("共 %d 项申报（名额 %d 个）", len(d.Applications), d.Category.Quota),
			ChineseYearMonth(cfg.Deadline.Year(), cfg.Deadline.Month()))
		contents(doc, "一、申报汇总表", d.Applications, "二、评审打分表")
		dossierSummary(doc, d)
		var errs []string
		for i, a := range d.Applications {
			appStart(doc, d.Duplex, i, a, "申报单位")
			formBody(doc, a)
			errs = append(errs, appEnd(doc, a)...)
		}
		crit := cfg.Scoring[d.Category.Key]
		scoringSheet(doc, scoring{heading: "二、评审打分表", noun: "申报", crit: crit, apps: d.Applications, tail: []string{"推荐"}, tailWidths: []float64{34},
			intro: fmt.Sprintf("类别：%s　名额：%d 个　请按各项分值打分，合计满分 %d 分；“推荐”栏填“是”或“否”。",
				d.Category.Name, d.Category.Quota, totalPoints(crit))})
		return errs
	})
}

// writeBook writes a book of dbzx (a dossier) with the pages body lays
// out; body returns the material it could not place.
func writeBook(w io.Writer, faces []fonts.Face, header, title string, body func(doc *pdfdoc.Doc) []string) (*DossierResult, error) {
	res := &DossierResult{}
	missing := func(r rune, where string) {
		shown := string(r)
		if !unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r) {
			shown = "" // an invisible or reordering character: named by its code only
		}
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s：字符“%s”（U+%04X）没有可用的字体，印为“□”", where, shown, r))
	}
	opts := pdfOptions(faces, header, title, missing)
	var placeErrs []string
	stats, err := pdfdoc.Render(w, opts, func(doc *pdfdoc.Doc) error {
		placeErrs = body(doc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Pages, res.Bytes = stats.Pages, stats.Bytes
	res.Warnings = append(res.Warnings, placeErrs...)
	return res, nil
}

func appAnchor(i int) string { return fmt.Sprintf("app%d", i+1) }

// contents is the contents page: the summary, each application (or
// construction object) with its unit, and the scoring sheet.
func contents(doc *pdfdoc.Doc, summary string, apps []*DossierApp, scoring string) {
	doc.NewPage()
	doc.Anchor("toc")
	doc.Bookmark("目录")
	doc.Where("目录")
	doc.Heading("目　录", dossierH1, 60)
	toc := []pdfdoc.TOCEntry{{Title: summary, Anchor: "summary"}}
	for i, a := range apps {
		toc = append(toc, pdfdoc.TOCEntry{Title: fmt.Sprintf("%d. %s（%s）", i+1, a.Name, a.Unit), Anchor: appAnchor(i), Level: 1, Where: a.Name})
	}
	toc = append(toc, pdfdoc.TOCEntry{Title: scoring, Anchor: "scoring", Where: "目录"})
	doc.TOC(toc, pdfdoc.Style{Font: "dbzx-body", Size: 11, Leading: 1.9})
}

// bookCover is a dossier's cover: the college and programme, the book,
// the category, what it holds, the office and the month.
func bookCover(doc *pdfdoc.Doc, cfg *config.Config, book, category, holds, month string) {
	doc.NewBarePage()
	doc.Bookmark("封面")
	x, w := doc.Left(), doc.Width()
	title := pdfdoc.Style{Font: "dbzx-title", Size: 22, Leading: 1.4}
	doc.TextAt(cfg.College, x, 150, w, title, pdfdoc.Center)
	doc.TextAt(cfg.Programme, x, 190, w, title, pdfdoc.Center)
	big := pdfdoc.Style{Font: "dbzx-heading", Size: 30, Leading: 1.4}
	doc.TextAt(book, x, 280, w, big, pdfdoc.Center)
	cat := pdfdoc.Style{Font: "dbzx-heading", Size: 20, Leading: 1.4}
	cat.Size = doc.FitSize(category, cat, w, 12)
	doc.TextAt(category, x, 360, w, cat, pdfdoc.Center)
	info := pdfdoc.Style{Font: "dbzx-body", Size: 14, Leading: 1.6}
	doc.TextAt(holds, x, 410, w, info, pdfdoc.Center)
	doc.TextAt(cfg.College+cfg.Office, x, 640, w, info, pdfdoc.Center)
	doc.TextAt(month, x, 668, w, info, pdfdoc.Center)
}

// keyFigures are the numbers the committee compares at a glance.
var keyFigures = map[string][]string{
	"benchmark_college":    {"members_total", "branches"},
	"model_branch":         {"members_total", "branch_type"},
	"double_leader_studio": {"leader_title", "branch_type"},
	"innovation_project":   {"level", "budget_total"},
}

func dossierSummary(doc *pdfdoc.Doc, d *Dossier) {
	var figures []string
	if len(d.Applications) > 0 {
		figures = keyFigures[d.Applications[0].Form.Category]
	}
	summaryTable(doc, "一、申报汇总表", "申报", d.Applications, figures, "")
	if len(d.Unmatched) > 0 {
		doc.Where("申报汇总表")
		var names []string
		for _, m := range d.Unmatched {
			names = append(names, m.Name)
		}
		doc.Paragraph("未能对应到申报的支撑材料（经办人可手工指定）："+strings.Join(names, "、"), dossierSmall)
	}
}

// bookmark is a numbered heading without its number: 一、申报汇总表 →
// 申报汇总表.
func bookmark(heading string) string {
	if _, after, ok := strings.Cut(heading, "、"); ok {
		return after
	}
	return heading
}

// summaryTable starts the summary page: one row per application (noun
// 申报) or construction object (建设) with its unit, name, leader,
// contact, the figures of its form (field ids) and its findings; none,
// if any, is the one row of a table without them.
func summaryTable(doc *pdfdoc.Doc, heading, noun string, apps []*DossierApp, figures []string, none string) {
	doc.NewPage()
	doc.Anchor("summary")
	doc.Bookmark(bookmark(heading))
	doc.Heading(heading, dossierH1, 80)
	fill := pdfdoc.LabelFill
	head := func(s string) pdfdoc.Cell {
		return pdfdoc.Cell{Text: s, Fill: &fill, Style: &dossierLabel, Align: pdfdoc.Center}
	}
	header := []pdfdoc.Cell{head("序号"), head(noun + "单位"), head(noun + "名称"), head("负责人"), head("联系人及电话")}
	var shown []string
	if len(apps) > 0 {
		form := apps[0].Form
		for _, id := range figures {
			if f := form.Field(id); f != nil {
				header = append(header, head(f.Label))
				shown = append(shown, id)
			}
		}
	}
	header = append(header, head("问题"))
	widths := []float64{28, 86, 100, 44, 98}
	for range shown {
		widths = append(widths, 50)
	}
	widths = append(widths, 52)
	var rows [][]pdfdoc.Cell
	doc.Where(bookmark(heading))
	for i, a := range apps {
		row := []pdfdoc.Cell{{Text: fmt.Sprint(i + 1), Align: pdfdoc.Center, Where: a.Name}, {Text: a.Unit}, {Text: a.Name},
			{Text: a.Leader, Align: pdfdoc.Center}, {Text: strings.TrimSpace(a.contact() + "\n" + a.Phone), Align: pdfdoc.Center}}
		for _, id := range shown {
			row = append(row, pdfdoc.Cell{Text: a.Values[id], Align: pdfdoc.Center})
		}
		row = append(row, pdfdoc.Cell{Text: findingCounts(a.Findings), Align: pdfdoc.Center})
		rows = append(rows, row)
	}
	if len(rows) == 0 && none != "" {
		rows = [][]pdfdoc.Cell{{{Text: none, Span: len(header), Align: pdfdoc.Center}}}
	}
	doc.Table(&pdfdoc.Table{Widths: widths, Header: [][]pdfdoc.Cell{header}, Rows: rows, Style: dossierBody})
}

func findingCounts(fs []DossierFinding) string {
	if len(fs) == 0 {
		return "无"
	}
	n := map[string]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	var parts []string
	for _, s := range []string{"错误", "提醒", "说明"} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s%d", s, n[s]))
		}
	}
	return strings.Join(parts, "\n")
}

// appStart begins an application (or a construction object's return) on
// a new page: its anchor, bookmark and title, and a line with its form,
// unit (unitLabel: 申报单位, 建设单位), people, version and file.
func appStart(doc *pdfdoc.Doc, duplex bool, i int, a *DossierApp, unitLabel string) {
	if duplex {
		doc.NewOddPage()
	} else {
		doc.NewPage()
	}
	doc.Anchor(appAnchor(i))
	doc.Bookmark(fmt.Sprintf("%d. %s", i+1, a.Name))
	doc.Where(a.Name)
	doc.Heading(fmt.Sprintf("%d. %s", i+1, a.Name), dossierH1, 80)
	version := fmt.Sprintf("第%d版", a.Version)
	if a.Versions > 1 {
		version += fmt.Sprintf("（共%d版）", a.Versions)
	}
	doc.Paragraph(fmt.Sprintf("%s　%s：%s　负责人：%s　联系人：%s　联系电话：%s　%s　文件：%s",
		a.Form.Code+a.Form.ShortTitle, unitLabel, a.Unit, a.Leader, a.contact(), a.Phone, version, a.File), dossierSmall)
}

// formBody lays an application out like its form: each section (but the
// office's) with its fields.
func formBody(doc *pdfdoc.Doc, a *DossierApp) {
	for _, s := range a.Form.Sections {
		if s.Kind == templates.SectionOffice {
			continue
		}
		doc.Heading(s.Title, dossierH2, 60)
		printFields(doc, a.Name, s.Fields, a.Values, a.Tables)
	}
}

// printFields lays fields out as a form has them: a label/value table,
// checkboxes with their state, repeating tables with their columns. who
// names the application in warnings.
func printFields(doc *pdfdoc.Doc, who string, fields []templates.Field, values map[string]string, tables map[string][][]string) {
	fill := pdfdoc.LabelFill
	label := func(s string) pdfdoc.Cell {
		return pdfdoc.Cell{Text: s, Fill: &fill, Style: &dossierLabel, Align: pdfdoc.Center}
	}
	var rows [][]pdfdoc.Cell
	flush := func() {
		if len(rows) > 0 {
			doc.Table(&pdfdoc.Table{Widths: []float64{110, doc.Width() - 110}, Rows: rows, Style: dossierBody, After: 6})
			rows = nil
		}
	}
	for fi := range fields {
		f := &fields[fi]
		where := who + "「" + f.Label + "」"
		switch f.Type {
		case templates.Table:
			flush()
			doc.Where(where)
			dossierTable(doc, f, tables[f.ID])
		case templates.Checkbox:
			v := values[f.ID]
			if v == "" {
				v = "□ 未勾选"
			}
			rows = append(rows, []pdfdoc.Cell{{Text: v, Align: pdfdoc.Center, Where: where}, {Text: f.Label}})
		default:
			v := values[f.ID]
			if v == "" {
				v = "（未填写）"
			}
			cell := pdfdoc.Cell{Text: v}
			if f.Type == templates.LongText {
				cell.Align = pdfdoc.Justify
			}
			l := label(f.Label)
			l.Where = where // the rows are laid out when the table is flushed
			rows = append(rows, []pdfdoc.Cell{l, cell})
		}
	}
	flush()
}

// appEnd closes an application: the 审核意见 box and the supporting
// material. It returns the material that could not be placed.
func appEnd(doc *pdfdoc.Doc, a *DossierApp) []string {
	doc.Where(a.Name + "「审核意见」")
	var notes []string
	for _, f := range a.Findings {
		notes = append(notes, "【"+f.Severity+"】"+f.Message)
	}
	if len(notes) == 0 {
		notes = []string{"经核对，未发现问题。"}
	}
	doc.Box("审核意见（系统核对结果）", notes, dossierBody, dossierLabel)
	var errs []string
	for _, m := range a.Attachments {
		doc.Where(a.Name + "「支撑材料」")
		if err := placeAttachment(doc, m); err != nil {
			why := attachmentReason(err)
			doc.NewPage()
			doc.Heading("支撑材料："+m.Name, dossierCaption, 20)
			doc.Paragraph("此文件无法放入汇编（"+why+"），请查阅原件："+m.Path, dossierPara)
			errs = append(errs, fmt.Sprintf("%s：支撑材料 %s 无法放入汇编（%s）", a.Name, m.Name, why))
		}
	}
	return errs
}

// Kinds of attachments that are not placed: an office document that no
// LibreOffice could turn into PDF, or that it failed on.
const (
	AttachmentUnconverted = "unconverted"
	AttachmentFailed      = "failed"
)

var (
	errUnconverted = errors.New("render: office document, no LibreOffice")
	errFailed      = errors.New("render: office document, conversion failed")
)

// attachmentReason says why a piece of supporting material could not be
// placed.
func attachmentReason(err error) string {
	switch {
	case errors.Is(err, errUnconverted):
		return "Office 文件需要 LibreOffice 转换为 PDF，本机未安装：安装后重新生成汇编，或请单位提交 PDF"
	case errors.Is(err, errFailed):
		return "Office 文件无法转换为 PDF，可能已损坏：请单位另存为 PDF 后提交"
	case errors.Is(err, fs.ErrNotExist):
		return "存档中找不到原件"
	case errors.Is(err, pdfdoc.ErrUnreadable) && strings.Contains(err.Error(), "encrypt"):
		return "PDF 设有密码"
	case errors.Is(err, pdfdoc.ErrUnreadable):
		return "文件已损坏或格式不受支持"
	}
	return "无法读取原件"
}

func placeAttachment(doc *pdfdoc.Doc, m Attachment) error {
	switch m.Kind {
	case AttachmentUnconverted:
		return errUnconverted
	case AttachmentFailed:
		return errFailed
	}
	data, err := os.ReadFile(m.Path)
	if err != nil {
		return err
	}
	caption := "支撑材料：" + m.Name
	switch m.Kind {
	case "pdf":
		return doc.ImportPDF(data, caption, dossierCaption)
	}
	return doc.ImagePage(data, caption, dossierCaption)
}

func dossierTable(doc *pdfdoc.Doc, f *templates.Field, rows [][]string) {
	fill := pdfdoc.LabelFill
	caption := []pdfdoc.Cell{{Text: f.Label, Span: len(f.Columns), Fill: &fill, Style: &dossierLabel}}
	var header []pdfdoc.Cell
	weights := ColumnWidths(f, 1000)
	widths := make([]float64, len(weights))
	for i, c := range f.Columns {
		header = append(header, pdfdoc.Cell{Text: c.Label, Fill: &fill, Style: &dossierLabel, Align: pdfdoc.Center})
		widths[i] = doc.Width() * float64(weights[i]) / 1000
	}
	var body [][]pdfdoc.Cell
	for _, r := range rows {
		var cells []pdfdoc.Cell
		for _, v := range r {
			cells = append(cells, pdfdoc.Cell{Text: v})
		}
		body = append(body, cells)
	}
	if len(body) == 0 {
		body = [][]pdfdoc.Cell{{{Text: "（未填写）", Span: len(f.Columns), Align: pdfdoc.Center}}}
	}
	doc.Table(&pdfdoc.Table{Widths: widths, Header: [][]pdfdoc.Cell{caption, header}, Rows: body, Style: dossierBody, After: 6})
}

// scoring is a committee's scoring sheet in a dossier.
type scoring struct {
	heading, intro string
	noun           string // 申报, 建设: the name column's
	crit           []config.Criterion
	apps           []*DossierApp
	tail           []string  // the columns after the total: 推荐; 等次 and 结论
	tailWidths     []float64 // their widths
}

// scoringSheet is the committee's scoring sheet: one row per application
// (or construction object), the criteria with their points, the total,
// the columns after it and lines for the reviewer's signature.
func scoringSheet(doc *pdfdoc.Doc, s scoring) {
	heading, crit, apps, tail := s.heading, s.crit, s.apps, s.tail
	doc.NewPage()
	doc.Anchor("scoring")
	doc.Bookmark(bookmark(heading))
	doc.Heading(heading, dossierH1, 80)
	doc.Paragraph(s.intro, dossierSmall)
	fill := pdfdoc.LabelFill
	head := func(s string) pdfdoc.Cell {
		return pdfdoc.Cell{Text: s, Fill: &fill, Style: &dossierLabel, Align: pdfdoc.Center}
	}
	header := []pdfdoc.Cell{head("序号"), head(s.noun + "名称（" + s.noun + "单位）")}
	widths := []float64{26, 120}
	rest := doc.Width() - 26 - 120 - 40
	for _, w := range s.tailWidths {
		rest -= w
	}
	for _, c := range crit {
		header = append(header, head(fmt.Sprintf("%s（%d分）", c.Name, c.Points)))
		widths = append(widths, rest/float64(max(len(crit), 1)))
	}
	header = append(header, head("合计"))
	widths = append(widths, 40)
	for _, t := range tail {
		header = append(header, head(t))
	}
	widths = append(widths, s.tailWidths...)
	var rows [][]pdfdoc.Cell
	doc.Where(bookmark(heading))
	for i, a := range apps {
		row := []pdfdoc.Cell{{Text: fmt.Sprint(i + 1), Align: pdfdoc.Center, Where: a.Name}, {Text: a.Name + "（" + a.Unit + "）"}}
		for range crit {
			row = append(row, pdfdoc.Cell{})
		}
		row = append(row, pdfdoc.Cell{})
		for range tail {
			row = append(row, pdfdoc.Cell{})
		}
		rows = append(rows, row)
	}
	doc.Table(&pdfdoc.Table{Widths: widths, Header: [][]pdfdoc.Cell{header}, Rows: rows,
		Style: pdfdoc.Style{Font: "dbzx-body", Size: 10, Leading: 2.2}})
	doc.Space(24)
	doc.Paragraph("评审专家（签名）：＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿年＿＿月＿＿日", pdfdoc.Style{Font: "dbzx-body", Size: 11, Leading: 2})
}

func totalPoints(cs []config.Criterion) int {
	n := 0
	for _, c := range cs {
		n += c.Points
	}
	return n
}

// contact is the person whose phone the application's phone is.
func (a *DossierApp) contact() string {
	if a.Contact != "" {
		return a.Contact
	}
	return a.Leader
}
