package ooxml

import (
	"strconv"
	"strings"
)

// Namespaces of WordprocessingML parts.
const (
	NSW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	NSR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	NSW14 = "http://schemas.microsoft.com/office/word/2010/wordml"
	NSMC  = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// Root returns a WordprocessingML part root (w:document, w:ftr, w:styles…)
// with the namespaces every part here uses. w14 is declared ignorable so
// that readers without Word 2010 extensions (checkbox controls) still open it.
func Root(name string, parts ...any) *Node {
	return E(name, A("xmlns:w", NSW), A("xmlns:r", NSR), A("xmlns:w14", NSW14),
		A("xmlns:mc", NSMC), A("mc:Ignorable", "w14")).Add(parts...)
}

// Val is the ubiquitous <name w:val="v"/>.
func Val(name, v string) *Node { return E(name, A("w:val", v)) }

// Fonts names a typeface for Latin and East Asian text. EastAsia is the one
// that applies to Chinese: a font set only through w:ascii does not.
type Fonts struct{ Latin, EastAsia string }

// RunStyle is the direct formatting of a run; zero fields are left unset.
type RunStyle struct {
	Style string // character style id (w:rStyle)
	Fonts Fonts
	Size  int // half-points: 28 is 14 pt (四号)
	Bold  bool
	Color string // RRGGBB
}

func (s RunStyle) props() *Node {
	if s == (RunStyle{}) {
		return nil
	}
	rpr := E("w:rPr")
	if s.Style != "" {
		rpr.Add(Val("w:rStyle", s.Style))
	}
	if s.Fonts != (Fonts{}) {
		rpr.Add(FontsNode(s.Fonts))
	}
	if s.Bold {
		rpr.Add(E("w:b"), E("w:bCs"))
	}
	if s.Color != "" {
		rpr.Add(Val("w:color", s.Color))
	}
	if s.Size > 0 {
		sz := strconv.Itoa(s.Size)
		rpr.Add(Val("w:sz", sz), Val("w:szCs", sz))
	}
	return rpr
}

// FontsNode returns w:rFonts for f.
func FontsNode(f Fonts) *Node {
	n := E("w:rFonts")
	if f.Latin != "" {
		n.Add(A("w:ascii", f.Latin), A("w:hAnsi", f.Latin))
	}
	if f.EastAsia != "" {
		n.Add(A("w:eastAsia", f.EastAsia), A("w:hint", "eastAsia"))
	}
	return n
}

// R returns a run of text. Line feeds become w:br and tabs w:tab, as Word
// itself writes them; an empty text gives a run with no text element.
func R(text string, s RunStyle) *Node {
	r := E("w:r", s.props())
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			r.Add(E("w:br"))
		}
		for j, seg := range strings.Split(line, "\t") {
			if j > 0 {
				r.Add(E("w:tab"))
			}
			if seg != "" {
				r.Add(E("w:t", A("xml:space", "preserve"), seg))
			}
		}
	}
	return r
}

// ParaStyle is the direct formatting of a paragraph; zero fields are unset.
type ParaStyle struct {
	Style           string // paragraph style id
	Align           string // left, center, right, both, distribute
	FirstLineChars  int    // first-line indent in hundredths of a character (200 = 2 characters)
	RightChars      int    // right indent in hundredths of a character
	Before, After   int    // spacing in twips
	Line            int    // exact line pitch in twips (0: the style's)
	KeepNext        bool
	PageBreakBefore bool
	Run             RunStyle // paragraph mark formatting, also used for empty paragraphs' height
}

// P returns a paragraph.
func P(s ParaStyle, runs ...*Node) *Node {
	ppr := E("w:pPr")
	if s.Style != "" {
		ppr.Add(Val("w:pStyle", s.Style))
	}
	if s.KeepNext {
		ppr.Add(E("w:keepNext"))
	}
	if s.PageBreakBefore {
		ppr.Add(E("w:pageBreakBefore"))
	}
	if s.Before > 0 || s.After > 0 || s.Line > 0 {
		sp := E("w:spacing", A("w:before", strconv.Itoa(s.Before)), A("w:after", strconv.Itoa(s.After)))
		if s.Line > 0 {
			sp.Add(A("w:line", strconv.Itoa(s.Line)), A("w:lineRule", "exact"))
		}
		ppr.Add(sp)
	}
	if s.FirstLineChars > 0 || s.RightChars > 0 {
		ind := E("w:ind")
		if s.RightChars > 0 {
			ind.Add(A("w:rightChars", strconv.Itoa(s.RightChars)))
		}
		if s.FirstLineChars > 0 {
			ind.Add(A("w:firstLineChars", strconv.Itoa(s.FirstLineChars)))
		}
		ppr.Add(ind)
	}
	if s.Align != "" {
		ppr.Add(Val("w:jc", s.Align))
	}
	ppr.Add(s.Run.props())
	if len(ppr.Kids) == 0 {
		ppr = nil
	}
	return E("w:p", ppr, runs)
}

// PageBreak is a paragraph holding only a page break.
func PageBreak() *Node {
	return E("w:p", E("w:r", E("w:br", A("w:type", "page"))))
}

// Field returns the runs of a complex field (PAGE, NUMPAGES…) showing
// cached until a client updates it. Complex fields, unlike w:fldSimple,
// survive every client's re-save.
func Field(instr, cached string, s RunStyle) []*Node {
	return []*Node{
		E("w:r", s.props(), E("w:fldChar", A("w:fldCharType", "begin"))),
		E("w:r", s.props(), E("w:instrText", A("xml:space", "preserve"), " "+instr+" ")),
		E("w:r", s.props(), E("w:fldChar", A("w:fldCharType", "separate"))),
		R(cached, s),
		E("w:r", s.props(), E("w:fldChar", A("w:fldCharType", "end"))),
	}
}

// borders returns table borders: single lines size/8 pt wide, or none for 0.
func borders(name string, size int) *Node {
	b := E(name)
	for _, side := range []string{"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"} {
		if size == 0 {
			b.Add(Val(side, "nil"))
			continue
		}
		b.Add(E(side, A("w:val", "single"), A("w:sz", strconv.Itoa(size)), A("w:space", "0"), A("w:color", "000000")))
	}
	return b
}

// Tbl returns a fixed-layout bordered table. The column widths (twips) go
// into w:tblGrid, which WPS uses for layout (it ignores w:tblW); w:tblW is
// written too for Word.
func Tbl(grid []int, rows ...*Node) *Node { return table(grid, 6, rows) }

// PlainTbl is Tbl without borders (cells may still set Underline).
func PlainTbl(grid []int, rows ...*Node) *Node { return table(grid, 0, rows) }

func table(grid []int, border int, rows []*Node) *Node {
	total := 0
	g := E("w:tblGrid")
	for _, w := range grid {
		total += w
		g.Add(E("w:gridCol", A("w:w", strconv.Itoa(w))))
	}
	return E("w:tbl",
		E("w:tblPr",
			E("w:tblW", A("w:w", strconv.Itoa(total)), A("w:type", "dxa")),
			Val("w:jc", "center"),
			borders("w:tblBorders", border),
			E("w:tblLayout", A("w:type", "fixed")),
			E("w:tblCellMar",
				E("w:left", A("w:w", "85"), A("w:type", "dxa")),
				E("w:right", A("w:w", "85"), A("w:type", "dxa"))),
			E("w:tblLook", A("w:val", "0000"))),
		g, rows)
}

// RowOpts formats a table row.
type RowOpts struct {
	Height    int  // minimum height in twips (0: as the text needs)
	Header    bool // repeat on every page the table spans
	CantSplit bool // keep the row on one page
}

// Tr returns a table row.
func Tr(o RowOpts, cells ...*Node) *Node {
	trPr := E("w:trPr")
	if o.CantSplit {
		trPr.Add(E("w:cantSplit"))
	}
	if o.Height > 0 {
		trPr.Add(E("w:trHeight", A("w:val", strconv.Itoa(o.Height)), A("w:hRule", "atLeast")))
	}
	if o.Header {
		trPr.Add(E("w:tblHeader"))
	}
	if len(trPr.Kids) == 0 {
		trPr = nil
	}
	return E("w:tr", trPr, cells)
}

// CellOpts formats a table cell.
type CellOpts struct {
	Span   int    // grid columns spanned (0 or 1: one)
	VMerge string // "restart" or "continue" for vertically merged cells
	Fill   string // background RRGGBB
	VAlign string // top, center, bottom
	// Underline draws the cell's bottom border only (a line to write on).
	Underline bool
}

// Tc returns a table cell of the given width (twips). A cell must end in
// a paragraph, so one is added when content does not.
func Tc(width int, o CellOpts, content ...*Node) *Node {
	tcPr := E("w:tcPr", E("w:tcW", A("w:w", strconv.Itoa(width)), A("w:type", "dxa")))
	if o.Span > 1 {
		tcPr.Add(Val("w:gridSpan", strconv.Itoa(o.Span)))
	}
	switch o.VMerge {
	case "restart":
		tcPr.Add(Val("w:vMerge", "restart"))
	case "continue":
		tcPr.Add(E("w:vMerge"))
	}
	if o.Underline {
		tcPr.Add(E("w:tcBorders", E("w:bottom", A("w:val", "single"), A("w:sz", "6"), A("w:space", "0"), A("w:color", "000000"))))
	}
	if o.Fill != "" {
		tcPr.Add(E("w:shd", A("w:val", "clear"), A("w:color", "auto"), A("w:fill", o.Fill)))
	}
	if o.VAlign != "" {
		tcPr.Add(Val("w:vAlign", o.VAlign))
	}
	c := E("w:tc", tcPr, content)
	if len(content) == 0 || content[len(content)-1].Name != "w:p" {
		c.Add(E("w:p"))
	}
	return c
}
