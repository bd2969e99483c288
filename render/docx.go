package render

import (
	"fmt"
	"io"
	"strings"

	"dbzx/config"
	"dbzx/internal/ooxml"
	"dbzx/templates"
)

// Values are what a department typed into a form, for writing filled forms
// (samples and round-trip tests). A nil *Values writes the blank form.
type Values struct {
	Text    map[string]string              // field id → text as typed
	Checked map[string]bool                // checkbox field id → ticked
	Rows    map[string][]map[string]string // table field id → rows of column id → text
	// Dates holds the ISO day (2022-11-01) a date control was set to, by
	// field id; Word stores it beside the displayed text.
	Dates map[string]string
}

// Custom document properties that identify a form in a return. Word, WPS
// and LibreOffice keep custom properties on re-save.
const (
	PropForm      = "dbzx.form"
	PropVersion   = "dbzx.version"
	PropCode      = "dbzx.code"
	PropGenerator = "dbzx.generator"
)

// Page geometry (twips): A4 with 公文 margins (GB/T 9704: top 37 mm,
// bottom 35 mm, left 28 mm, right 26 mm).
const (
	pageWidth    = 11906
	pageHeight   = 16838
	marginTop    = 2098
	marginBottom = 1984
	marginLeft   = 1588
	marginRight  = 1474
	textWidth    = pageWidth - marginLeft - marginRight // 8844
)

// grid4 is the label/value/label/value grid of the form tables.
var grid4 = []int{1900, 2522, 1900, 2522}

// Typefaces. East Asian names are what applies to Chinese; the fallbacks
// are written in the font table (see fontTable) for clients lacking them.
var (
	fontTitle = ooxml.Fonts{Latin: "Times New Roman", EastAsia: "方正小标宋简体"}
	fontHei   = ooxml.Fonts{Latin: "Times New Roman", EastAsia: "黑体"}
	fontBody  = ooxml.Fonts{Latin: "Times New Roman", EastAsia: "仿宋_GB2312"}
	fontSong  = ooxml.Fonts{Latin: "Times New Roman", EastAsia: "宋体"}
)

// Sizes in half-points, by their Chinese names.
const (
	size2    = 44 // 二号
	size3    = 32 // 三号
	size4    = 28 // 四号
	sizeS4   = 24 // 小四
	sizeTiny = 8
)

const labelFill = "F2F2F2"

// prefillFill shades what dbzx filled in for the unit to read (a stage
// form's identity, the application's targets echoed).
const prefillFill = "EDF3F9"

// WriteDocx writes form as a .docx: the blank form when vals is nil, else
// the form as a department would have filled it. The output depends only on
// its inputs (fixed zip times, no random ids).
func WriteDocx(w io.Writer, form *templates.Form, cfg *config.Config, vals *Values) error {
	return writeDocxProps(w, form, cfg, vals, nil)
}

// PropObject names, in a stage form written for one construction object,
// the object (its application's register id): the return is matched by it.
const PropObject = "dbzx.object"

// WriteObjectDocx writes a stage form filled in for one construction
// object (vals: what dbzx knows of it), naming the object in the file's
// properties.
func WriteObjectDocx(w io.Writer, form *templates.Form, cfg *config.Config, vals *Values, object string) error {
	return writeDocxProps(w, form, cfg, vals, []ooxml.CustomProp{{Name: PropObject, Value: object}})
}

func writeDocxProps(w io.Writer, form *templates.Form, cfg *config.Config, vals *Values, props []ooxml.CustomProp) error {
	if form.Format != templates.FormatDocx {
		return fmt.Errorf("render: form %s is %s, not docx", form.ID, form.Format)
	}
	if vals == nil {
		vals = &Values{}
	}
	d := &docx{form: form, cfg: cfg, vals: vals}
	pkg := &ooxml.Package{}
	const doc = "word/document.xml"
	pkg.Relate("", ooxml.RelOfficeDocument, doc)
	pkg.Relate(doc, ooxml.RelStyles, "styles.xml")
	pkg.Relate(doc, ooxml.RelSettings, "settings.xml")
	pkg.Relate(doc, ooxml.RelFontTable, "fontTable.xml")
	footer := pkg.Relate(doc, ooxml.RelFooter, "footer1.xml")
	firstFooter := pkg.Relate(doc, ooxml.RelFooter, "footer2.xml")

	body := d.body()
	body = append(body, ooxml.E("w:sectPr",
		ooxml.E("w:footerReference", ooxml.A("w:type", "default"), ooxml.A("r:id", footer)),
		ooxml.E("w:footerReference", ooxml.A("w:type", "first"), ooxml.A("r:id", firstFooter)),
		ooxml.E("w:pgSz", ooxml.A("w:w", fmt.Sprint(pageWidth)), ooxml.A("w:h", fmt.Sprint(pageHeight))),
		ooxml.E("w:pgMar", ooxml.A("w:top", fmt.Sprint(marginTop)), ooxml.A("w:right", fmt.Sprint(marginRight)),
			ooxml.A("w:bottom", fmt.Sprint(marginBottom)), ooxml.A("w:left", fmt.Sprint(marginLeft)),
			ooxml.A("w:header", "851"), ooxml.A("w:footer", "992"), ooxml.A("w:gutter", "0")),
		ooxml.E("w:titlePg"),
	))
	pkg.AddXML(doc, ooxml.CTDocument, ooxml.Root("w:document", ooxml.E("w:body", body)))
	pkg.AddXML("word/styles.xml", ooxml.CTStyles, styles())
	pkg.AddXML("word/settings.xml", ooxml.CTSettings, settings())
	pkg.AddXML("word/fontTable.xml", ooxml.CTFontTable, fontTable())
	pkg.AddXML("word/footer1.xml", ooxml.CTFooter, pageFooter())
	pkg.AddXML("word/footer2.xml", ooxml.CTFooter, ooxml.Root("w:ftr", ooxml.P(ooxml.ParaStyle{Style: "Footer"})))
	pkg.AddProps(ooxml.CoreProps{
		Title:    form.Title,
		Subject:  cfg.College + cfg.Programme,
		Creator:  cfg.College + cfg.Office,
		Keywords: form.Code + " " + form.ID + " " + form.Version,
		Created:  cfg.NoticeDate.Time,
	}, "dbzx", append(FormProps(form), props...))
	_, err := pkg.WriteTo(w)
	return err
}

// FormProps are the custom properties that identify form in its file.
func FormProps(form *templates.Form) []ooxml.CustomProp {
	return []ooxml.CustomProp{
		{Name: PropForm, Value: form.ID},
		{Name: PropVersion, Value: form.Version},
		{Name: PropCode, Value: form.Code},
		{Name: PropGenerator, Value: "dbzx"},
	}
}

type docx struct {
	form *templates.Form
	cfg  *config.Config
	vals *Values
}

func run(text string, f ooxml.Fonts, size int) *ooxml.Node {
	return ooxml.R(text, ooxml.RunStyle{Fonts: f, Size: size})
}

func (d *docx) body() []*ooxml.Node {
	var out []*ooxml.Node
	out = append(out, d.cover()...)
	out = append(out, ooxml.PageBreak())
	out = append(out, d.instructions()...)
	for i, s := range d.form.Sections {
		ps := ooxml.ParaStyle{Style: "Heading1"}
		if i == 0 {
			ps.PageBreakBefore = true
		}
		out = append(out, ooxml.P(ps, run(s.Title, fontHei, size4)))
		if s.Intro != "" {
			out = append(out, ooxml.P(ooxml.ParaStyle{After: 60, KeepNext: true}, run(s.Intro, fontBody, sizeS4)))
		}
		out = append(out, d.section(s)...)
	}
	return out
}

// cover is the first page: 附件 number, title, the cover fields on lines,
// the issuing office and month.
func (d *docx) cover() []*ooxml.Node {
	title := []*ooxml.Node{run(d.form.Title, fontTitle, size2)}
	if rest, ok := strings.CutPrefix(d.form.Title, d.cfg.College); ok && rest != "" {
		// Break after the college's name, as printed forms do; a reader
		// joining the lines gets the title back.
		title = []*ooxml.Node{run(d.cfg.College+"\n"+rest, fontTitle, size2)}
	}
	out := []*ooxml.Node{
		ooxml.P(ooxml.ParaStyle{}, run(d.form.Code, fontHei, size3)),
		ooxml.P(ooxml.ParaStyle{Align: "center", Before: 1600, After: 1400, Line: 800}, title...),
	}
	var rows []*ooxml.Node
	cell := func(content *ooxml.Node, o ooxml.CellOpts, w int) *ooxml.Node {
		o.VAlign = "bottom"
		return ooxml.Tc(w, o, content)
	}
	label := func(s string) *ooxml.Node {
		return cell(ooxml.P(ooxml.ParaStyle{Align: "distribute", RightChars: 100}, run(s, fontHei, size4)), ooxml.CellOpts{}, 2800)
	}
	coverRow := func(lbl string, value *ooxml.Node) *ooxml.Node {
		return ooxml.Tr(ooxml.RowOpts{Height: 680, CantSplit: true},
			label(lbl), cell(value, ooxml.CellOpts{Underline: true}, 4600))
	}
	for i := range d.form.Cover {
		f := &d.form.Cover[i]
		rows = append(rows, coverRow(f.Label, d.valueParagraph(f, "center", size4)))
		if i == 0 {
			cat := d.form.Category
			if c, ok := d.cfg.Category(cat); ok {
				cat = c.Name
			}
			rows = append(rows, coverRow("申报类别", ooxml.P(ooxml.ParaStyle{Align: "center"}, run(cat, fontBody, size4))))
		}
	}
	if len(rows) > 0 {
		// A form from a user's folder may have no cover fields; Word
		// refuses a table without rows as unreadable content.
		out = append(out, ooxml.PlainTbl([]int{2800, 4600}, rows...))
	}
	out = append(out,
		ooxml.P(ooxml.ParaStyle{Align: "center", Before: 1800}, run(d.cfg.College+d.cfg.Office+"制", fontBody, size3)),
		ooxml.P(ooxml.ParaStyle{Align: "center", Before: 200},
			run(ChineseYearMonth(d.cfg.NoticeDate.Year(), d.cfg.NoticeDate.Month()), fontBody, size3)),
	)
	return out
}

func (d *docx) instructions() []*ooxml.Node {
	out := []*ooxml.Node{ooxml.P(ooxml.ParaStyle{Align: "center", After: 400}, run("填表说明", fontHei, size3))}
	r := strings.NewReplacer("{deadline}", d.cfg.Deadline.Chinese(), "{office}", d.cfg.Office,
		"{contact}", d.cfg.Contact, "{college}", d.cfg.College)
	for i, s := range d.form.Instructions {
		out = append(out, ooxml.P(ooxml.ParaStyle{FirstLineChars: 200, Line: 560, Align: "both"},
			run(fmt.Sprintf("%d. %s", i+1, r.Replace(s)), fontBody, size4)))
	}
	return out
}

// section lays a section's fields out as blocks: runs of ordinary fields
// share one label/value table, each repeating table is its own table, and
// runs of checkboxes share a box/statement table. Adjacent tables are kept
// apart by a tiny paragraph, or clients would merge them.
func (d *docx) section(s templates.Section) []*ooxml.Node {
	if s.Kind == templates.SectionOffice {
		return []*ooxml.Node{d.officeBox(s)}
	}
	var blocks []*ooxml.Node
	var rows []*ooxml.Node
	var half []*templates.Field
	flushHalf := func() {
		switch len(half) {
		case 1:
			rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 567, CantSplit: true},
				d.labelCell(half[0], 1), d.valueCell(half[0], 3)))
		case 2:
			rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 567, CantSplit: true},
				d.labelCell(half[0], 1), d.valueCell(half[0], 1), d.labelCell(half[1], 1), d.valueCell(half[1], 1)))
		}
		half = half[:0]
	}
	flushRows := func() {
		flushHalf()
		if len(rows) > 0 {
			blocks = append(blocks, ooxml.Tbl(grid4, rows...))
			rows = nil
		}
	}
	var checks []*templates.Field
	flushChecks := func() {
		if len(checks) > 0 {
			blocks = append(blocks, d.checkboxTable(checks))
			checks = nil
		}
	}
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Type != templates.Checkbox {
			flushChecks()
		}
		switch {
		case f.Type == templates.Checkbox:
			flushRows()
			checks = append(checks, f)
		case f.Type == templates.Table:
			flushRows()
			blocks = append(blocks, d.repeatingTable(f))
		case f.Type == templates.LongText:
			flushHalf()
			rows = append(rows,
				ooxml.Tr(ooxml.RowOpts{Height: 480, CantSplit: true}, d.labelCell(f, 4)),
				ooxml.Tr(ooxml.RowOpts{Height: max(f.Lines, 3) * 420}, d.valueCell(f, 4)))
		case f.Full():
			flushHalf()
			rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 567, CantSplit: true},
				d.labelCell(f, 1), d.valueCell(f, 3)))
		default:
			half = append(half, f)
			if len(half) == 2 {
				flushHalf()
			}
		}
	}
	flushChecks()
	flushHalf()
	if s.Kind == templates.SectionSeal {
		rows = append(rows, signatureRow("书记（签字）：", 4))
	}
	flushRows()
	var out []*ooxml.Node
	for i, b := range blocks {
		if i > 0 {
			out = append(out, spacer())
		}
		out = append(out, b)
	}
	return out
}

func spacer() *ooxml.Node {
	return ooxml.P(ooxml.ParaStyle{Line: 160, Run: ooxml.RunStyle{Size: sizeTiny}})
}

// signatureRow is the line where the responsible person signs and seals.
func signatureRow(who string, span int) *ooxml.Node {
	return ooxml.Tr(ooxml.RowOpts{Height: 1100, CantSplit: true},
		ooxml.Tc(textWidth, ooxml.CellOpts{Span: span, VAlign: "bottom"},
			ooxml.P(ooxml.ParaStyle{Align: "right", Before: 240}, run(who+"　　　　　　　　（盖章）　　", fontBody, sizeS4)),
			ooxml.P(ooxml.ParaStyle{Align: "right", Before: 120, After: 120}, run("年　　月　　日　　", fontBody, sizeS4))))
}

// officeBox is the box the 党委组织部 fills; it holds no field.
func (d *docx) officeBox(s templates.Section) *ooxml.Node {
	return ooxml.Tbl(grid4,
		ooxml.Tr(ooxml.RowOpts{Height: 1800, CantSplit: true},
			ooxml.Tc(grid4[0], ooxml.CellOpts{Fill: labelFill, VAlign: "center"},
				ooxml.P(ooxml.ParaStyle{Align: "center"}, run(strings.TrimLeft(s.Title, "一二三四五六七八九十、"), fontBody, sizeS4))),
			ooxml.Tc(textWidth-grid4[0], ooxml.CellOpts{Span: 3, VAlign: "bottom"},
				ooxml.P(ooxml.ParaStyle{Align: "right"}, run("（盖章）　　", fontBody, sizeS4)),
				ooxml.P(ooxml.ParaStyle{Align: "right", Before: 120, After: 120}, run("年　　月　　日　　", fontBody, sizeS4)))))
}

func spanWidth(start, span int) int {
	w := 0
	for i := start; i < start+span && i < len(grid4); i++ {
		w += grid4[i]
	}
	return w
}

// labelCell is a field's label: the reader's second anchor, which survives
// every client's re-save even where the control's tag does not.
func (d *docx) labelCell(f *templates.Field, span int) *ooxml.Node {
	// A label above its value (span > 1) is kept with the next row, so a
	// page never ends on a label.
	ps := ooxml.ParaStyle{Align: "center"}
	if span > 1 {
		ps = ooxml.ParaStyle{Align: "left", KeepNext: true}
	}
	return ooxml.Tc(spanWidth(0, span), ooxml.CellOpts{Span: span, Fill: labelFill, VAlign: "center"},
		ooxml.P(ps, run(f.Label, fontBody, sizeS4)))
}

func (d *docx) valueCell(f *templates.Field, span int) *ooxml.Node {
	align, valign := "left", "center"
	if f.Type == templates.LongText {
		align, valign = "both", "top"
	}
	start := 1
	if span == len(grid4) {
		start = 0 // a value row of its own, below its label
	}
	opts := ooxml.CellOpts{Span: span, VAlign: valign}
	if f.ReadOnly {
		opts.Fill = prefillFill // filled in by dbzx: read, not written
	}
	return ooxml.Tc(spanWidth(start, span), opts, d.valueParagraph(f, align, sizeS4))
}

// valueParagraph holds the field's content control: its value when filled,
// else its prompt marked as a placeholder.
func (d *docx) valueParagraph(f *templates.Field, align string, size int) *ooxml.Node {
	c := ooxml.Control{Kind: ooxml.RichText, Tag: f.ID, Alias: f.Label, Locked: f.ReadOnly}
	switch f.Type {
	case templates.Date:
		c.Kind, c.DateFormat = ooxml.Date, "yyyy年M月d日"
	case templates.Month:
		c.Kind, c.DateFormat = ooxml.Date, "yyyy年M月"
	case templates.Choice:
		c.Kind, c.Items = ooxml.DropDown, d.choices(f)
	}
	c.FullDate = d.vals.Dates[f.ID]
	var runs []*ooxml.Node
	if v, ok := d.vals.Text[f.ID]; ok && v != "" {
		// Paragraphs become line breaks: an inline control cannot hold a
		// paragraph mark, and Word writes a break there too.
		runs = []*ooxml.Node{run(v, fontBody, size)}
	} else {
		c.Placeholder = true
		runs = []*ooxml.Node{ooxml.R(f.Prompt(), ooxml.RunStyle{Style: "PlaceholderText", Size: size})}
	}
	ps := ooxml.ParaStyle{Align: align}
	if f.Type == templates.LongText {
		ps.FirstLineChars = 200
	}
	return ooxml.P(ps, ooxml.InlineControl(c, runs...))
}

func (d *docx) choices(f *templates.Field) []string {
	if f.ChoicesFrom == templates.ChoicesFromCategories {
		return d.cfg.CategoryNames()
	}
	return f.Choices
}

// checkboxTable lays out checkbox fields: a box cell (the control) and the
// statement beside it (the label).
func (d *docx) checkboxTable(fields []*templates.Field) *ooxml.Node {
	grid := []int{700, textWidth - 700}
	var rows []*ooxml.Node
	for _, f := range fields {
		checked := d.vals.Checked[f.ID]
		box := ooxml.InlineControl(ooxml.Control{Kind: ooxml.Checkbox, Tag: f.ID, Alias: f.Label, Checked: checked},
			ooxml.CheckboxRun(checked, size4))
		rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 520, CantSplit: true},
			ooxml.Tc(grid[0], ooxml.CellOpts{VAlign: "center"}, ooxml.P(ooxml.ParaStyle{Align: "center"}, box)),
			ooxml.Tc(grid[1], ooxml.CellOpts{VAlign: "center"}, ooxml.P(ooxml.ParaStyle{}, run(f.Label, fontBody, sizeS4)))))
	}
	return ooxml.Tbl(grid, rows...)
}

// ColumnWidths divides width among a table field's columns by weight.
func ColumnWidths(f *templates.Field, width int) []int {
	total := 0
	for _, c := range f.Columns {
		total += weight(c)
	}
	out := make([]int, len(f.Columns))
	used := 0
	for i, c := range f.Columns {
		out[i] = width * weight(c) / total
		used += out[i]
	}
	out[len(out)-1] += width - used
	return out
}

func weight(c templates.Field) int {
	if c.Weight > 0 {
		return c.Weight
	}
	return 2
}

// repeatingTable is a table field: a caption row with the label, a header
// row with the column labels (both repeated on every page), and blank rows
// the department fills or adds to. The whole table sits in a block-level
// content control tagged with the field id; the header row is the anchor
// that survives when the tag does not.
func (d *docx) repeatingTable(f *templates.Field) *ooxml.Node {
	grid := ColumnWidths(f, textWidth)
	var rows []*ooxml.Node
	rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 480, Header: true, CantSplit: true},
		ooxml.Tc(textWidth, ooxml.CellOpts{Span: len(grid), Fill: labelFill, VAlign: "center"},
			ooxml.P(ooxml.ParaStyle{KeepNext: true}, run(f.Label, fontBody, sizeS4)))))
	var head []*ooxml.Node
	for i, c := range f.Columns {
		head = append(head, ooxml.Tc(grid[i], ooxml.CellOpts{Fill: labelFill, VAlign: "center"},
			ooxml.P(ooxml.ParaStyle{Align: "center", KeepNext: true}, run(c.Label, fontHei, sizeS4))))
	}
	rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 480, Header: true, CantSplit: true}, head...))
	data := d.vals.Rows[f.ID]
	n := len(data)
	if n == 0 {
		n = max(f.Rows, 1)
	}
	for r := 0; r < n; r++ {
		var cells []*ooxml.Node
		for i, c := range f.Columns {
			var text []*ooxml.Node
			if r < len(data) && data[r][c.ID] != "" {
				text = append(text, run(data[r][c.ID], fontBody, sizeS4))
			}
			opts := ooxml.CellOpts{VAlign: "center"}
			if c.ReadOnly {
				opts.Fill = prefillFill
			}
			cells = append(cells, ooxml.Tc(grid[i], opts, ooxml.P(ooxml.ParaStyle{Align: "center"}, text...)))
		}
		rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 454, CantSplit: true}, cells...))
	}
	return ooxml.BlockControl(ooxml.Control{Kind: ooxml.RichText, Tag: f.ID, Alias: f.Label},
		ooxml.Tbl(grid, rows...))
}

// SeedRows are a table's fixed rows (seed_rows: its first column's
// values), written into each object's form (a blank form stays blank, so
// that a form returned unfilled reads as such).
func SeedRows(f *templates.Field) []map[string]string {
	var out []map[string]string
	for _, v := range f.SeedRows {
		out = append(out, map[string]string{f.Columns[0].ID: v})
	}
	return out
}
