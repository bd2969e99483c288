package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"dbzx/internal/fonts"
	"dbzx/internal/ooxml"
	"dbzx/internal/pdfdoc"
)

// ListData is the 建设对象名单 as published: a title, one table per
// category, and the issuer and date at the foot.
type ListData struct {
	// Title is the list's title; a line feed in it is kept as a line break
	// (公文 titles are broken by meaning, not by width).
	Title        string
	Issuer, Date string // 中共…委员会, 2022年12月20日: printed as given
	Categories   []ListCategory
	// Intro are paragraphs under the title (an announcement's text).
	Intro []string
	// Result, when set, makes the tables an announcement's: 序号, 单位,
	// 名称, 负责人 and a column of this title holding each row's Note.
	Result string
	// Subject is the document's subject (建设对象名单 when empty).
	Subject string
}

// ListCategory is one category's part of the list.
type ListCategory struct {
	Name string
	Rows []ListRow
}

// ListRow is one unit under construction.
type ListRow struct {
	Unit, Name, Leader, Cycle string
	Funding                   int64 // 分; 0 prints as —
	Note                      string
}

// listColumn is a column of the list's tables: its header, its width in
// twips in the .docx (the PDF scales the same proportions).
type listColumn struct {
	title string
	width int
	value func(i int, r *ListRow) string
}

// listColumns are the table's columns; 备注 only when some row has a note,
// so that the usual list has no empty column.
func (d *ListData) listColumns() []listColumn {
	seq := func(i int, _ *ListRow) string { return fmt.Sprint(i + 1) }
	unit := func(_ int, r *ListRow) string { return r.Unit }
	name := func(_ int, r *ListRow) string { return r.Name }
	leader := func(_ int, r *ListRow) string { return r.Leader }
	cycle := func(_ int, r *ListRow) string { return r.Cycle }
	funding := func(_ int, r *ListRow) string { return WanYuan(r.Funding) }
	note := func(_ int, r *ListRow) string { return r.Note }
	// Widths fit the headers at 小四 (12 pt, 240 twips a character, 170
	// of cell margins): 序号 on one line, the longer headers broken by
	// meaning onto two.
	if d.Result != "" {
		return []listColumn{{"序号", 700, seq}, {"单位", 2300, unit}, {"名称", 3100, name},
			{"负责人", 1000, leader}, {d.Result, 1744, note}}
	}
	if d.hasNotes() {
		return []listColumn{{"序号", 700, seq}, {"单位", 1700, unit}, {"名称", 2200, name},
			{"负责人", 900, leader}, {"建设\n周期", 900, cycle}, {"支持经费\n（万元）", 1250, funding}, {"备注", 1194, note}}
	}
	return []listColumn{{"序号", 700, seq}, {"单位", 2200, unit}, {"名称", 2894, name},
		{"负责人", 900, leader}, {"建设\n周期", 900, cycle}, {"支持经费\n（万元）", 1250, funding}}
}

func (d *ListData) hasNotes() bool {
	for _, c := range d.Categories {
		for _, r := range c.Rows {
			if strings.TrimSpace(r.Note) != "" {
				return true
			}
		}
	}
	return false
}

// heading is 一、党建工作“标杆院部”（4个）.
func (c *ListCategory) heading(i int) string {
	return fmt.Sprintf("%s、%s（%d个）", chineseSmall(i+1), c.Name, len(c.Rows))
}

// WanYuan writes an amount in 分 as 万元, as the list prints it: 2000000
// → 2, 500000 → 0.5, 1234567 → 1.234567; 0 → —.
func WanYuan(fen int64) string {
	if fen == 0 {
		return "—"
	}
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	s := fmt.Sprintf("%s%d", sign, fen/1000000)
	if frac := fen % 1000000; frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%06d", frac), "0")
	}
	return s
}

// listCreated is the list's date as a time for the document properties,
// or the fixed package time when it does not parse (the output must not
// depend on the clock).
func listCreated(date string) time.Time {
	for _, layout := range []string{"2006年1月2日", "2006-01-02", "2006年1月"} {
		if t, err := time.Parse(layout, strings.TrimSpace(date)); err == nil {
			return t
		}
	}
	return ooxml.FixedTime
}

// WriteListDocx writes the list as a .docx: A4 with the forms' margins,
// the title in 方正小标宋简体 二号, per category a 黑体 heading and a
// bordered table whose header row repeats on every page, the issuer and
// date at the foot, and 第 N 页 共 M 页 in the footer. The output depends
// only on d.
func WriteListDocx(w io.Writer, d *ListData) error {
	return writeA4Docx(w, listBody(d), ooxml.CoreProps{
		Title:   strings.ReplaceAll(d.Title, "\n", ""),
		Subject: d.subject(),
		Creator: d.Issuer,
		Created: listCreated(d.Date),
	})
}

// writeA4Docx writes body as a .docx of one A4 section with the forms'
// margins and 第 N 页 共 M 页 in the footer (lists, letters).
func writeA4Docx(w io.Writer, body []*ooxml.Node, props ooxml.CoreProps) error {
	pkg := &ooxml.Package{}
	const doc = "word/document.xml"
	pkg.Relate("", ooxml.RelOfficeDocument, doc)
	pkg.Relate(doc, ooxml.RelStyles, "styles.xml")
	pkg.Relate(doc, ooxml.RelSettings, "settings.xml")
	pkg.Relate(doc, ooxml.RelFontTable, "fontTable.xml")
	footer := pkg.Relate(doc, ooxml.RelFooter, "footer1.xml")
	body = append(body, ooxml.E("w:sectPr",
		ooxml.E("w:footerReference", ooxml.A("w:type", "default"), ooxml.A("r:id", footer)),
		ooxml.E("w:pgSz", ooxml.A("w:w", fmt.Sprint(pageWidth)), ooxml.A("w:h", fmt.Sprint(pageHeight))),
		ooxml.E("w:pgMar", ooxml.A("w:top", fmt.Sprint(marginTop)), ooxml.A("w:right", fmt.Sprint(marginRight)),
			ooxml.A("w:bottom", fmt.Sprint(marginBottom)), ooxml.A("w:left", fmt.Sprint(marginLeft)),
			ooxml.A("w:header", "851"), ooxml.A("w:footer", "992"), ooxml.A("w:gutter", "0")),
	))
	pkg.AddXML(doc, ooxml.CTDocument, ooxml.Root("w:document", ooxml.E("w:body", body)))
	pkg.AddXML("word/styles.xml", ooxml.CTStyles, styles())
	pkg.AddXML("word/settings.xml", ooxml.CTSettings, settings())
	pkg.AddXML("word/fontTable.xml", ooxml.CTFontTable, fontTable())
	pkg.AddXML("word/footer1.xml", ooxml.CTFooter, pageFooter())
	pkg.AddProps(props, "dbzx", []ooxml.CustomProp{{Name: PropGenerator, Value: "dbzx"}})
	_, err := pkg.WriteTo(w)
	return err
}

func listBody(d *ListData) []*ooxml.Node {
	out := []*ooxml.Node{
		ooxml.P(ooxml.ParaStyle{Align: "center", Line: 700, After: 300}, run(d.Title, fontTitle, size2)),
	}
	for _, p := range d.Intro {
		out = append(out, ooxml.P(ooxml.ParaStyle{Align: "both", FirstLineChars: 200, Line: 560}, run(p, fontBody, size3)))
	}
	cols := d.listColumns()
	grid := make([]int, len(cols))
	for i, c := range cols {
		grid[i] = c.width
	}
	cell := func(w int, text string, f ooxml.Fonts, keep bool) *ooxml.Node {
		return ooxml.Tc(w, ooxml.CellOpts{VAlign: "center"},
			ooxml.P(ooxml.ParaStyle{Align: "center", KeepNext: keep}, run(text, f, sizeS4)))
	}
	for ci := range d.Categories {
		c := &d.Categories[ci]
		out = append(out, ooxml.P(ooxml.ParaStyle{Style: "Heading1", Before: 300, After: 160, KeepNext: true},
			run(c.heading(ci), fontHei, size3)))
		var head []*ooxml.Node
		for _, col := range cols {
			head = append(head, cell(col.width, col.title, fontHei, true))
		}
		rows := []*ooxml.Node{ooxml.Tr(ooxml.RowOpts{Height: 560, Header: true, CantSplit: true}, head...)}
		for i := range c.Rows {
			r := &c.Rows[i]
			// The last rows of the last table keep with the sign-off
			// below, so that it never stands alone on a page.
			keep := ci == len(d.Categories)-1 && i >= len(c.Rows)-2
			var cells []*ooxml.Node
			for _, col := range cols {
				cells = append(cells, cell(col.width, col.value(i, r), fontBody, keep))
			}
			rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 560, CantSplit: true}, cells...))
		}
		if len(c.Rows) == 0 {
			rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 560, CantSplit: true},
				ooxml.Tc(textWidth, ooxml.CellOpts{Span: len(cols), VAlign: "center"},
					ooxml.P(ooxml.ParaStyle{Align: "center"}, run("（无）", fontBody, sizeS4)))))
		}
		out = append(out, ooxml.Tbl(grid, rows...))
	}
	// The foot: issuer and date, right-aligned four characters in, as 公文
	// sign off.
	if d.Issuer != "" || d.Date != "" {
		out = append(out, ooxml.P(ooxml.ParaStyle{Before: 600, KeepNext: true}))
		for _, s := range []string{d.Issuer, d.Date} {
			if s != "" {
				out = append(out, ooxml.P(ooxml.ParaStyle{Align: "right", RightChars: 400, KeepNext: true, Line: 560},
					run(s, fontBody, size3)))
			}
		}
	}
	return out
}

// Typesetting of the list PDF.
var (
	listTitle  = pdfdoc.Style{Font: "dbzx-title", Size: 20, Leading: 1.5, After: 14, Align: pdfdoc.Center}
	listH1     = pdfdoc.Style{Font: "dbzx-heading", Size: 14, Leading: 1.5, Before: 12, After: 6}
	listCell   = pdfdoc.Style{Font: "dbzx-body", Size: 11, Leading: 1.5}
	listHeader = pdfdoc.Style{Font: "dbzx-heading", Size: 11, Leading: 1.5}
	listFoot   = pdfdoc.Style{Font: "dbzx-body", Size: 14, Leading: 1.8, Align: pdfdoc.Right}
	listIntro  = pdfdoc.Style{Font: "dbzx-body", Size: 14, Leading: 1.8, After: 6, Indent: 2}
)

const listPadding = 5

// listRowHeight is the height a table row of the list takes, as pdfdoc
// lays it out: its tallest cell's lines and the padding.
// listFootHeight is the height of the sign-off under the last table.
func listFootHeight(d *ListData) float64 {
	n := 0
	for _, s := range []string{d.Issuer, d.Date} {
		if s != "" {
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return 30 + float64(n)*listFoot.Size*listFoot.Leading
}

func listRowHeight(doc *pdfdoc.Doc, row []pdfdoc.Cell, widths []float64) float64 {
	h, col := 0.0, 0
	for _, c := range row {
		w := 0.0
		for i := col; i < col+max(c.Span, 1) && i < len(widths); i++ {
			w += widths[i]
		}
		col += max(c.Span, 1)
		st := listCell
		if c.Style != nil {
			st = *c.Style
		}
		h = max(h, float64(len(doc.Lines(c.Text, st, w-2*listPadding)))*st.Size*st.Leading)
	}
	return h + 2*listPadding
}

// WriteListPDF writes the list as PDF with the same content as the .docx,
// 第 N 页 共 M 页 at the foot of every page. It returns the page count.
// Characters no face has print as □.
func WriteListPDF(w io.Writer, d *ListData, faces []fonts.Face) (pages int, err error) {
	opts := pdfOptions(faces, "", strings.ReplaceAll(d.Title, "\n", ""), nil)
	opts.Subject = d.subject()
	cols := d.listColumns()
	stats, err := pdfdoc.Render(w, opts, func(doc *pdfdoc.Doc) error {
		total := 0
		for _, c := range cols {
			total += c.width
		}
		widths := make([]float64, len(cols))
		for i, c := range cols {
			widths[i] = doc.Width() * float64(c.width) / float64(total)
		}
		doc.NewPage()
		doc.Where("标题")
		doc.Heading(d.Title, listTitle, 80)
		for _, p := range d.Intro {
			doc.Paragraph(p, listIntro)
		}
		for ci := range d.Categories {
			c := &d.Categories[ci]
			doc.Where(c.Name)
			var header []pdfdoc.Cell
			for _, col := range cols {
				header = append(header, pdfdoc.Cell{Text: col.title, Style: &listHeader, Align: pdfdoc.Center})
			}
			var rows [][]pdfdoc.Cell
			for i := range c.Rows {
				var row []pdfdoc.Cell
				for _, col := range cols {
					row = append(row, pdfdoc.Cell{Text: col.value(i, &c.Rows[i]), Align: pdfdoc.Center})
				}
				rows = append(rows, row)
			}
			if len(rows) == 0 {
				rows = [][]pdfdoc.Cell{{{Text: "（无）", Span: len(cols), Align: pdfdoc.Center}}}
			}
			// The heading stays with the table's header and first row.
			h := c.heading(ci)
			doc.Heading(h, listH1, listH1.After+listRowHeight(doc, header, widths)+listRowHeight(doc, rows[0], widths))
			doc.Bookmark(h)
			t := &pdfdoc.Table{Widths: widths, Header: [][]pdfdoc.Cell{header}, Rows: rows,
				Style: listCell, Padding: listPadding, After: 4}
			if ci == len(d.Categories)-1 {
				t.KeepAfter = listFootHeight(d)
			}
			doc.Table(t)
		}
		var foot []string
		for _, s := range []string{d.Issuer, d.Date} {
			if s != "" {
				foot = append(foot, s)
			}
		}
		if len(foot) > 0 {
			// Kept together, right-aligned four characters in, and with
			// the last rows of the table (KeepAfter above).
			lh := listFoot.Size * listFoot.Leading
			if doc.Remaining() < 30+float64(len(foot))*lh {
				doc.NewPage()
			} else {
				doc.Space(30)
			}
			inset := 4 * listFoot.Size
			for _, s := range foot {
				doc.TextAt(s, doc.Left(), doc.Y(), doc.Width()-inset, listFoot, pdfdoc.Right)
				doc.SetY(doc.Y() + lh)
			}
		}
		return nil
	})
	return stats.Pages, err
}

func (d *ListData) subject() string {
	if d.Subject != "" {
		return d.Subject
	}
	return "建设对象名单"
}
