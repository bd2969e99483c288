package pdfdoc

import (
	"fmt"
	"strings"
)

// Cell is one table cell.
type Cell struct {
	Text  string
	Span  int    // columns covered (0 or 1: one)
	Style *Style // nil: the table's
	Fill  *Color // background
	Align int    // Left (default), Center, Right, Justify
	// Where, when set, is the context named in missing-glyph warnings for
	// this cell and what follows (see Doc.Where): a table is laid out
	// whole, after its rows were gathered.
	Where string
}

// Table is a bordered table. Header rows repeat at the top of every page
// the table spans; a row taller than what is left of the page continues on
// the next, line by line.
type Table struct {
	Widths  []float64 // column widths, pt; scaled to the text width if they sum past it
	Header  [][]Cell
	Rows    [][]Cell
	Style   Style   // cell text
	Padding float64 // inside each cell, pt (default 4)
	Before  float64
	After   float64
	// KeepAfter is the room the last row keeps below it on its page: what
	// follows the table and must not stand alone on the next page (a
	// sign-off, a seal line). When the last row and KeepAfter do not fit,
	// the last row moves to the next page, under the repeated header.
	KeepAfter float64
}

// placed is a cell laid out: its x, width and lines.
type placed struct {
	cell  Cell
	st    Style
	x, w  float64
	lines []line
}

type laidRow struct {
	cells  []placed
	height float64 // natural height, padding included
}

func (t *Table) layoutRow(d *Doc, row []Cell) laidRow {
	pad := t.padding()
	widths := t.widths(d)
	var out laidRow
	col := 0
	x := d.opt.MarginLeft
	for _, c := range row {
		span := max(c.Span, 1)
		w := 0.0
		for i := col; i < col+span && i < len(widths); i++ {
			w += widths[i]
		}
		st := t.Style
		if c.Style != nil {
			st = *c.Style
		}
		if c.Where != "" {
			d.where = c.Where
		}
		lines := d.breakLines(c.Text, st, w-2*pad, 0)
		out.cells = append(out.cells, placed{cell: c, st: st, x: x, w: w, lines: lines})
		out.height = max(out.height, float64(len(lines))*st.lineHeight()+2*pad)
		x += w
		col += span
	}
	return out
}

func (t *Table) padding() float64 {
	if t.Padding == 0 {
		return 4
	}
	return t.Padding
}

func (t *Table) widths(d *Doc) []float64 {
	sum := 0.0
	for _, w := range t.Widths {
		sum += w
	}
	if sum <= d.Width()+0.01 {
		return t.Widths
	}
	out := make([]float64, len(t.Widths))
	for i, w := range t.Widths {
		out[i] = w * d.Width() / sum
	}
	return out
}

// Draw places the table at the current position.
func (d *Doc) Table(t *Table) {
	if d.page == 0 {
		d.NewPage()
	}
	var header []laidRow
	headerH := 0.0
	for _, r := range t.Header {
		lr := t.layoutRow(d, r)
		header = append(header, lr)
		headerH += lr.height
	}
	drawHeader := func() {
		for _, h := range header {
			d.drawRow(t, h)
		}
	}
	d.y += t.Before
	first := true
	for ri, r := range t.Rows {
		lr := t.layoutRow(d, r)
		minLine := lr.height
		for _, c := range lr.cells {
			if len(c.lines) > 0 {
				minLine = min(minLine, c.st.lineHeight()+2*t.padding())
			}
		}
		// Start the table (header and first row, or at least one line of
		// it) on one page.
		if first {
			d.ensure(headerH + min(lr.height, minLine))
			drawHeader()
			first = false
		}
		keep := 0.0
		if ri == len(t.Rows)-1 && ri > 0 {
			keep = t.KeepAfter + t.After
		}
		if d.y+lr.height+keep > d.bottom()+0.01 && lr.height+keep <= d.bottom()-d.top()-headerH {
			// The row (and what must stay with it) fits on a page of its
			// own: move it whole.
			d.NewPage()
			drawHeader()
		}
		// Draw the row, continuing it on new pages while it is too tall.
		from := make([]int, len(lr.cells))
		for {
			avail := d.bottom() - d.y
			h, to, done := t.slice(lr, from, avail)
			if h == 0 { // not even one line fits
				d.NewPage()
				drawHeader()
				continue
			}
			d.drawCells(t, lr, from, to, h)
			d.y += h
			if done {
				break
			}
			from = to
			d.NewPage()
			drawHeader()
		}
	}
	if first && len(header) > 0 {
		d.ensure(headerH)
		drawHeader()
	}
	d.y += t.After
}

// slice finds how many lines of each cell, from from, fit in avail: the
// height of the band, the end indexes, and whether the row is done. A row
// that must continue fills the page to its end; 0 means not one line fits.
func (t *Table) slice(lr laidRow, from []int, avail float64) (float64, []int, bool) {
	pad := t.padding()
	to := make([]int, len(lr.cells))
	need, fresh, done, progress := 0.0, true, true, false
	for i, c := range lr.cells {
		lh := c.st.lineHeight()
		left := len(c.lines) - from[i]
		if from[i] > 0 {
			fresh = false
		}
		n := min(left, max(0, int((avail-2*pad+0.01)/lh)))
		if n < left {
			done = false
		}
		if n > 0 {
			progress = true
		}
		to[i] = from[i] + n
		need = max(need, float64(left)*lh+2*pad)
	}
	switch {
	case done && fresh:
		return lr.height, to, true
	case done:
		return need, to, true
	case !progress:
		return 0, from, false
	}
	return avail, to, false
}

// drawRow draws a whole row (a header row) and moves below it.
func (d *Doc) drawRow(t *Table, lr laidRow) {
	h := lr.height
	f := make([]int, len(lr.cells))
	e := make([]int, len(lr.cells))
	for i, c := range lr.cells {
		e[i] = len(c.lines)
	}
	d.drawCells(t, lr, f, e, h)
	d.y += h
}

// drawCells draws lines [from, to) of each cell in a band of height h at
// the current position, with backgrounds and borders.
func (d *Doc) drawCells(t *Table, lr laidRow, from, to []int, h float64) {
	if d.dry {
		return
	}
	pad := t.padding()
	for i, c := range lr.cells {
		if c.cell.Fill != nil {
			d.pdf.SetFillColor(c.cell.Fill[0], c.cell.Fill[1], c.cell.Fill[2])
			d.pdf.RectFromUpperLeftWithStyle(c.x, d.y, c.w, h, "F")
			d.pdf.SetFillColor(0, 0, 0)
			d.colorKnown = false
		}
		d.pdf.SetStrokeColor(0, 0, 0)
		d.pdf.SetLineWidth(0.6)
		d.pdf.RectFromUpperLeftWithStyle(c.x, d.y, c.w, h, "D")
		y := d.y + pad
		lines := c.lines[from[i]:to[i]]
		// Vertically centre short cells (labels); long text starts at the top.
		if used := float64(len(lines)) * c.st.lineHeight(); from[i] == 0 && to[i] == len(c.lines) && used+2*pad < h {
			y = d.y + (h-used)/2
		}
		for j, ln := range lines {
			align := c.cell.Align
			d.drawLine(ln, c.x+pad, y, c.w-2*pad, c.st, align, align == Justify && from[i]+j < len(c.lines)-1)
			y += c.st.lineHeight()
		}
	}
}

// Box is a titled, bordered box of paragraphs (审核意见, notes).
func (d *Doc) Box(title string, paragraphs []string, st, titleStyle Style) {
	rows := [][]Cell{}
	for _, p := range paragraphs {
		rows = append(rows, []Cell{{Text: p, Align: Justify}})
	}
	fill := LabelFill
	d.Table(&Table{Widths: []float64{d.Width()}, Header: [][]Cell{{{Text: title, Style: &titleStyle, Fill: &fill}}},
		Rows: rows, Style: st, Before: st.Before, After: st.After})
}

// TOCEntry is a line of a table of contents.
type TOCEntry struct {
	Title  string
	Anchor string
	Level  int
	Where  string // context for missing-glyph warnings (see Doc.Where), when set
}

// TOC sets a table of contents: titles, dot leaders, the page each
// anchor fell on (from the measuring pass), each line a link.
func (d *Doc) TOC(entries []TOCEntry, st Style) {
	lh := st.lineHeight()
	dot := d.textWidth("·", st)
	for _, e := range entries {
		if e.Where != "" {
			d.where = e.Where
		}
		d.ensure(lh)
		indent := float64(e.Level) * 2 * st.Size
		num := fmt.Sprint(d.PageOf(e.Anchor))
		numW := d.textWidth(num, st)
		titleW := d.Width() - indent - numW - 3*st.Size
		lines := d.Lines(e.Title, st, titleW)
		title := lines[0]
		if len(lines) > 1 {
			// One line per entry: cut the title and mark the cut.
			r := []rune(title)
			title = string(r[:max(len(r)-1, 1)]) + "…"
		}
		x := d.opt.MarginLeft + indent
		d.TextAt(title, x, d.y, titleW, st, Left)
		used := d.textWidth(title, st)
		n := int((d.Width() - indent - used - numW - st.Size) / dot)
		if n > 0 {
			d.TextAt(strings.Repeat("·", n), x+used+st.Size/2, d.y, float64(n)*dot, st, Left)
		}
		d.TextAt(num, d.opt.MarginLeft, d.y, d.Width(), st, Right)
		if !d.dry {
			d.pdf.AddInternalLink(e.Anchor, x, d.y, d.Width()-indent, lh)
		}
		d.y += lh
	}
}
