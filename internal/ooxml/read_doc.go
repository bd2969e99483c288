package ooxml

import "strings"

// Document is a .docx read back: its body as paragraphs and tables with
// their text resolved, every content control found at any level, and the
// package's custom properties and core title.
//
// What the reader resolves, so that callers see what a person sees: text
// joined across runs (Word splits runs at every rsid and spelling mark);
// tabs and line breaks; hidden text dropped; field results kept and field
// codes dropped; legacy FORMCHECKBOX fields and Wingdings/Wingdings 2
// checkboxes (w:sym, or a character typed in the font, as WPS's R)
// turned into ☒/☐; tracked insertions kept and deletions
// dropped; the fallback branch of mc:AlternateContent; tables with cells
// placed on the grid (gridBefore, gridSpan, vMerge), nested tables too.
type Document struct {
	Blocks   []Block
	Controls []*Control // every content control, in document order
	Props    map[string]string
	Title    string
}

// Block is a paragraph or a table (exactly one is set).
type Block struct {
	Para  *Paragraph
	Table *Table
}

// Paragraph is a paragraph's visible text and the inline controls in it.
type Paragraph struct {
	Text     string
	Controls []*Control
}

// Table is a table's rows; Grid holds the column widths (twips).
type Table struct {
	Rows []*Row
	Grid []int
}

// Row is a table row's cells, placed on the grid.
type Row struct {
	Cells []*Cell
}

// VMerge states of a cell.
const (
	VMergeNone = iota
	VMergeRestart
	VMergeContinue
)

// Cell is a table cell: its content, grid position and span, and the
// cell-level controls wrapping it.
type Cell struct {
	Blocks   []Block
	Col      int // first grid column
	Span     int // grid columns covered
	VMerge   int
	Controls []*Control
}

// ControlKind values read back beyond those written: plain text and combo
// boxes come from other tools' forms.
const (
	PlainText ControlKind = iota + 100
	ComboBox
)

// Control levels: what a content control wraps.
const (
	LevelRun   = "run"
	LevelBlock = "block"
	LevelCell  = "cell"
	LevelRow   = "row"
)

// Text is the cell's visible text: paragraphs joined by line feeds, a
// nested table's cells by tabs.
func (c *Cell) Text() string { return blocksText(c.Blocks) }

func blocksText(bs []Block) string {
	var parts []string
	for _, b := range bs {
		switch {
		case b.Para != nil:
			parts = append(parts, b.Para.Text)
		case b.Table != nil:
			for _, r := range b.Table.Rows {
				var cells []string
				for _, c := range r.Cells {
					cells = append(cells, c.Text())
				}
				parts = append(parts, strings.Join(cells, "\t"))
			}
		}
	}
	return strings.Join(parts, "\n")
}

// CellAt returns the cell covering grid column col in row r, following a
// vertical merge up to the cell that starts it.
func (t *Table) CellAt(r, col int) *Cell {
	for ; r >= 0 && r < len(t.Rows); r-- {
		var found *Cell
		for _, c := range t.Rows[r].Cells {
			if col >= c.Col && col < c.Col+c.Span {
				found = c
				break
			}
		}
		if found == nil {
			return nil
		}
		if found.VMerge != VMergeContinue {
			return found
		}
	}
	return nil
}

// Tables returns every table of the document depth-first: body tables and
// the tables nested in their cells.
func (d *Document) Tables() []*Table {
	var out []*Table
	var walk func(bs []Block)
	walk = func(bs []Block) {
		for _, b := range bs {
			if b.Table == nil {
				continue
			}
			out = append(out, b.Table)
			for _, r := range b.Table.Rows {
				for _, c := range r.Cells {
					walk(c.Blocks)
				}
			}
		}
	}
	walk(d.Blocks)
	return out
}

// Text is the document's visible text, blocks joined by line feeds.
func (d *Document) Text() string { return blocksText(d.Blocks) }

type reader struct {
	doc   *Document
	cells []*Cell // cells being read, innermost last
}

func readBody(d *Document, body *xnode) []Block {
	if body == nil {
		return nil
	}
	rd := &reader{doc: d}
	return rd.blocks(body)
}

func (rd *reader) cell() *Cell {
	if len(rd.cells) == 0 {
		return nil
	}
	return rd.cells[len(rd.cells)-1]
}

// alternate picks the branch of mc:AlternateContent to read: the fallback,
// which every consumer must understand, else the first choice.
func alternate(n *xnode) *xnode {
	var choice *xnode
	for _, k := range n.kids {
		if k.ns != nsMC {
			continue
		}
		if k.local == "Fallback" {
			return k
		}
		if k.local == "Choice" && choice == nil {
			choice = k
		}
	}
	return choice
}

func (rd *reader) blocks(parent *xnode) []Block {
	if parent == nil {
		return nil
	}
	var out []Block
	for _, k := range parent.kids {
		switch {
		case k.is(nsW, "p"):
			out = append(out, Block{Para: rd.para(k)})
		case k.is(nsW, "tbl"):
			out = append(out, Block{Table: rd.table(k)})
		case k.is(nsW, "sdt"):
			c := rd.control(k, LevelBlock)
			inner := rd.blocks(k.wchild("sdtContent"))
			c.Text = blocksText(inner)
			for _, b := range inner {
				if b.Table != nil {
					c.Table = b.Table
					break
				}
			}
			out = append(out, inner...)
		case k.is(nsW, "customXml"), k.is(nsW, "ins"), k.is(nsW, "moveTo"), k.is(nsW, "smartTag"):
			out = append(out, rd.blocks(k)...)
		case k.is(nsMC, "AlternateContent"):
			if alt := alternate(k); alt != nil {
				out = append(out, rd.blocks(alt)...)
			}
		}
	}
	return out
}

func (rd *reader) control(sdt *xnode, level string) *Control {
	c := &Control{Level: level, Cell: rd.cell()}
	pr := sdt.wchild("sdtPr")
	if pr != nil {
		c.Alias = pr.wchild("alias").attr("val")
		c.Tag = pr.wchild("tag").attr("val")
		if ph := pr.wchild("showingPlcHdr"); ph != nil && !isFalse(ph.attr("val")) {
			c.Placeholder = true
		}
		for _, k := range pr.kids {
			switch {
			case k.is(nsW, "date"):
				c.Kind = Date
				c.FullDate = k.attr("fullDate")
				c.DateFormat = k.wchild("dateFormat").attr("val")
			case k.is(nsW, "dropDownList"), k.is(nsW, "comboBox"):
				c.Kind = DropDown
				if k.local == "comboBox" {
					c.Kind = ComboBox
				}
				for _, it := range k.kids {
					if it.local == "listItem" {
						c.Items = append(c.Items, it.attr("displayText"))
					}
				}
			case k.is(nsW, "text"):
				c.Kind = PlainText
			case k.is(nsW14, "checkbox"):
				c.Kind = Checkbox
				c.Checked = isTrue(k.child("checked").attr("val"))
			}
		}
	}
	rd.doc.Controls = append(rd.doc.Controls, c)
	return c
}

func isTrue(v string) bool  { return v == "1" || v == "true" || v == "on" }
func isFalse(v string) bool { return v == "0" || v == "false" || v == "off" }

func (rd *reader) table(tbl *xnode) *Table {
	t := &Table{}
	for _, g := range tbl.wchild("tblGrid").kidsNamed("gridCol") {
		t.Grid = append(t.Grid, atoi(g.attr("w")))
	}
	rd.rows(tbl, t)
	return t
}

func (rd *reader) rows(parent *xnode, t *Table) {
	if parent == nil {
		return
	}
	for _, k := range parent.kids {
		switch {
		case k.is(nsW, "tr"):
			t.Rows = append(t.Rows, rd.row(k))
		case k.is(nsW, "sdt"):
			c := rd.control(k, LevelRow)
			first := len(t.Rows)
			rd.rows(k.wchild("sdtContent"), t)
			var texts []string
			for _, r := range t.Rows[first:] {
				for _, cl := range r.Cells {
					texts = append(texts, cl.Text())
				}
			}
			c.Text = strings.Join(texts, "\t")
		case k.is(nsW, "customXml"), k.is(nsW, "ins"):
			rd.rows(k, t)
		}
	}
}

func (rd *reader) row(tr *xnode) *Row {
	r := &Row{}
	col := atoi(tr.wchild("trPr").wchild("gridBefore").attr("val"))
	rd.cellsOf(tr, r, &col)
	return r
}

func (rd *reader) cellsOf(parent *xnode, r *Row, col *int) {
	if parent == nil {
		return
	}
	for _, k := range parent.kids {
		switch {
		case k.is(nsW, "tc"):
			c := rd.readCell(k)
			c.Col = *col
			*col += c.Span
			r.Cells = append(r.Cells, c)
		case k.is(nsW, "sdt"):
			ctl := rd.control(k, LevelCell)
			first := len(r.Cells)
			rd.cellsOf(k.wchild("sdtContent"), r, col)
			var texts []string
			for _, c := range r.Cells[first:] {
				c.Controls = append(c.Controls, ctl)
				texts = append(texts, c.Text())
			}
			if len(r.Cells) > first {
				ctl.Cell = r.Cells[first]
			}
			ctl.Text = strings.Join(texts, "\t")
		case k.is(nsW, "customXml"):
			rd.cellsOf(k, r, col)
		}
	}
}

func (rd *reader) readCell(tc *xnode) *Cell {
	c := &Cell{Span: 1}
	pr := tc.wchild("tcPr")
	if s := atoi(pr.wchild("gridSpan").attr("val")); s > 1 {
		c.Span = s
	}
	if vm := pr.wchild("vMerge"); vm != nil {
		c.VMerge = VMergeContinue
		if vm.attr("val") == "restart" {
			c.VMerge = VMergeRestart
		}
	}
	rd.cells = append(rd.cells, c)
	c.Blocks = rd.blocks(tc)
	rd.cells = rd.cells[:len(rd.cells)-1]
	return c
}

func (n *xnode) kidsNamed(local string) []*xnode {
	if n == nil {
		return nil
	}
	var out []*xnode
	for _, k := range n.kids {
		if k.local == local {
			out = append(out, k)
		}
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' || n > 1<<20 {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// fieldFrame is one complex field being read (fields nest).
type fieldFrame struct {
	inCode   bool // between begin and separate: the instruction
	checkbox bool // FORMCHECKBOX: its glyph was written, hide any result
}

// textState carries what spans runs of a paragraph: open fields.
type textState struct {
	b      strings.Builder
	fields []fieldFrame
}

func (s *textState) showing() bool {
	for _, f := range s.fields {
		if f.inCode || f.checkbox {
			return false
		}
	}
	return true
}

func (s *textState) write(text string) {
	if s.showing() {
		s.b.WriteString(text)
	}
}

func (rd *reader) para(p *xnode) *Paragraph {
	pa := &Paragraph{}
	var st textState
	rd.inline(p, pa, &st)
	pa.Text = st.b.String()
	return pa
}

// inline reads the run-level content of a paragraph (or of an inline
// control, hyperlink, insertion…).
func (rd *reader) inline(n *xnode, pa *Paragraph, st *textState) {
	if n == nil {
		return
	}
	for _, k := range n.kids {
		switch {
		case k.is(nsW, "r"):
			rd.run(k, st)
		case k.is(nsW, "sdt"):
			c := rd.control(k, LevelRun)
			start := st.b.Len()
			rd.inline(k.wchild("sdtContent"), pa, st)
			c.Text = st.b.String()[start:]
			pa.Controls = append(pa.Controls, c)
		case k.is(nsW, "ins"), k.is(nsW, "moveTo"), k.is(nsW, "hyperlink"), k.is(nsW, "smartTag"),
			k.is(nsW, "customXml"), k.is(nsW, "fldSimple"), k.is(nsW, "dir"), k.is(nsW, "bdo"):
			rd.inline(k, pa, st)
		case k.is(nsMC, "AlternateContent"):
			if alt := alternate(k); alt != nil {
				rd.inline(alt, pa, st)
			}
		}
	}
}

func hidden(r *xnode) bool {
	v := r.wchild("rPr").wchild("vanish")
	return v != nil && !isFalse(v.attr("val"))
}

func (rd *reader) run(r *xnode, st *textState) {
	hide := hidden(r)
	fonts := r.wchild("rPr").wchild("rFonts")
	ascii, hAnsi := fonts.attr("ascii"), fonts.attr("hAnsi")
	for _, k := range r.kids {
		if k.ns == nsMC && k.local == "AlternateContent" {
			if alt := alternate(k); alt != nil {
				rd.run(alt, st)
			}
			continue
		}
		if k.ns != nsW {
			continue
		}
		switch k.local {
		case "fldChar":
			switch k.attr("fldCharType") {
			case "begin":
				f := fieldFrame{inCode: true}
				if cb := k.wchild("ffData").wchild("checkBox"); cb != nil {
					checked := false
					if c := cb.wchild("checked"); c != nil {
						checked = !isFalse(c.attr("val"))
					} else if d := cb.wchild("default"); d != nil {
						checked = isTrue(d.attr("val"))
					}
					if !hide {
						st.write(glyph(checked))
					}
					f.checkbox = true
				}
				st.fields = append(st.fields, f)
			case "separate":
				if n := len(st.fields); n > 0 {
					st.fields[n-1].inCode = false
				}
			case "end":
				if n := len(st.fields); n > 0 {
					st.fields = st.fields[:n-1]
				}
			}
		case "t":
			if !hide {
				st.write(symbolText(ascii, hAnsi, k.data))
			}
		case "tab", "ptab":
			if !hide {
				st.write("\t")
			}
		case "br", "cr":
			if !hide && k.attr("type") != "page" && k.attr("type") != "column" {
				st.write("\n")
			}
		case "noBreakHyphen":
			if !hide {
				st.write("-")
			}
		case "sym":
			if !hide {
				st.write(symbol(k.attr("font"), k.attr("char")))
			}
		}
	}
}

// symbolText maps text typed in a Wingdings font (WPS writes its ☑ as an R
// in Wingdings 2) through symbolCode: ASCII is set in the run's ascii font,
// other characters in its hAnsi font (either standing in for a missing
// other). Only the 8-bit range and its F0xx alias are symbol characters.
func symbolText(ascii, hAnsi, text string) string {
	if !isSymbolFont(ascii) && !isSymbolFont(hAnsi) {
		return text
	}
	var b strings.Builder
	for _, c := range text {
		font := hAnsi
		if c < 0x80 {
			font = ascii
		}
		if font == "" {
			font = ascii + hAnsi
		}
		if isSymbolFont(font) && (c <= 0xFF || c >= 0xF000 && c <= 0xF0FF) {
			b.WriteString(symbolCode(font, int(c)))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func isSymbolFont(font string) bool {
	switch strings.ToLower(strings.TrimSpace(font)) {
	case "wingdings", "wingdings 2":
		return true
	}
	return false
}

func glyph(checked bool) string {
	if checked {
		return CheckedGlyph
	}
	return UncheckedGlyph
}

// symbol maps a w:sym character to text. Checkbox symbols of Wingdings and
// Wingdings 2 become ☒/☐; other symbols pass through as their code point
// (symbol fonts map F0xx to their glyphs).
func symbol(font, char string) string {
	code := 0
	for _, r := range strings.ToUpper(char) {
		switch {
		case r >= '0' && r <= '9':
			code = code*16 + int(r-'0')
		case r >= 'A' && r <= 'F':
			code = code*16 + int(r-'A'+10)
		default:
			return ""
		}
	}
	return symbolCode(font, code)
}

// symbolCode maps the code point of a symbol font's character to text.
func symbolCode(font string, code int) string {
	low := code & 0xFF
	switch strings.ToLower(strings.TrimSpace(font)) {
	case "wingdings":
		switch low {
		case 0xFE, 0xFD, 0x78, 0xFC, 0xFB:
			return CheckedGlyph
		case 0xA8, 0x6F, 0x71, 0xA1:
			return UncheckedGlyph
		}
	case "wingdings 2":
		switch low {
		case 0x52, 0x54, 0x51, 0x50, 0x4F:
			return CheckedGlyph
		case 0xA3, 0x2A:
			return UncheckedGlyph
		}
	}
	if code == 0 {
		return ""
	}
	return string(rune(code))
}
