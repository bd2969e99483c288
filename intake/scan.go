package intake

import (
	"strconv"
	"strings"

	"dbzx/internal/ooxml"
	"dbzx/templates"
)

// cellRef is a table cell with its table and row index.
type cellRef struct {
	t *ooxml.Table
	r int
	c *ooxml.Cell
}

// scan indexes a document for extraction: controls by tag and alias,
// controls by the cell they sit in, and every table cell in order.
type scan struct {
	doc     *ooxml.Document
	byTag   map[string][]*ooxml.Control
	byAlias map[string][]*ooxml.Control
	inCell  map[*ooxml.Cell][]*ooxml.Control
	cells   []cellRef
	taken   map[*ooxml.Table]bool // tables read as table fields
	label   map[string]cellRef    // field id → its label cell
	inline  map[string]string     // field id → value typed after the label
}

func newScan(doc *ooxml.Document) *scan {
	s := &scan{doc: doc, byTag: map[string][]*ooxml.Control{}, byAlias: map[string][]*ooxml.Control{},
		inCell: map[*ooxml.Cell][]*ooxml.Control{}, taken: map[*ooxml.Table]bool{},
		label: map[string]cellRef{}, inline: map[string]string{}}
	for _, c := range doc.Controls {
		if c.Tag != "" {
			s.byTag[c.Tag] = append(s.byTag[c.Tag], c)
		}
		if c.Alias != "" {
			s.byAlias[normConst(c.Alias)] = append(s.byAlias[normConst(c.Alias)], c)
		}
		if c.Cell != nil {
			s.inCell[c.Cell] = append(s.inCell[c.Cell], c)
		}
	}
	for _, t := range doc.Tables() {
		for r, row := range t.Rows {
			for _, c := range row.Cells {
				s.cells = append(s.cells, cellRef{t, r, c})
			}
		}
	}
	return s
}

// pairLabels finds each field's label cell. Labels may repeat (联系电话 on
// the cover and in 基本情况), so the fields sharing a label are paired with
// the cells showing it in document order. Tables already read as table
// fields are skipped: their column headers are not field labels.
func (s *scan) pairLabels(form *templates.Form) {
	fieldsByLabel := map[string][]*templates.Field{}
	for _, f := range form.Fields() {
		if f.Type != templates.Table {
			l := normConst(f.Label)
			fieldsByLabel[l] = append(fieldsByLabel[l], f)
		}
	}
	seen := map[string]int{}
	for _, ref := range s.cells {
		if s.taken[ref.t] {
			continue
		}
		text := ref.c.Text()
		l := normLabel(stripGlyphs(text))
		inline := ""
		fields := fieldsByLabel[l]
		if fields == nil {
			// 联系电话：138…: the value typed after the label.
			before, after, ok := cutColon(text)
			if !ok {
				continue
			}
			l = normLabel(before)
			if fields = fieldsByLabel[l]; fields == nil {
				continue
			}
			inline = strings.TrimSpace(after)
		}
		i := seen[l]
		seen[l]++
		if i >= len(fields) {
			continue
		}
		s.label[fields[i].ID] = ref
		if inline != "" {
			s.inline[fields[i].ID] = inline
		}
	}
}

func cutColon(s string) (before, after string, ok bool) {
	i := strings.IndexAny(s, ":：")
	if i < 0 {
		return "", "", false
	}
	size := len(":")
	if s[i] != ':' {
		size = len("：")
	}
	return s[:i], s[i+size:], true
}

// stripGlyphs drops checkbox glyphs a person typed before a statement.
func stripGlyphs(s string) string {
	return strings.TrimLeft(strings.TrimSpace(s), checkedGlyphs+uncheckedGlyphs+" \u3000")
}

// leadingGlyphs is the checkbox glyphs typed before a statement ("" if none).
func leadingGlyphs(s string) string {
	s = strings.TrimSpace(s)
	return strings.TrimSpace(s[:len(s)-len(stripGlyphs(s))])
}

// field reads one non-table field: by tag, by alias, beside its label, or
// after its label in the same cell.
func (s *scan) field(f *templates.Field, x *Extractor) *Value {
	if cs := s.byTag[f.ID]; len(cs) > 0 {
		fd := pickControl(cs)
		if f.Type != templates.Checkbox && (fd.placeholder || isPrompt(f, fd.text)) && cs[0].Cell != nil &&
			cs[0].Level == ooxml.LevelRun && len(s.inCell[cs[0].Cell]) == 1 {
			// The control still shows its prompt: the value may have been
			// typed beside it in the same cell.
			fd = s.fromCell(f, cs[0].Cell)
		}
		return s.parse(f, x, fd, SourceTag)
	}
	if cs := s.byAlias[normConst(f.Label)]; len(cs) > 0 && untagged(cs) {
		return s.parse(f, x, pickControl(cs), SourceAlias)
	}
	if ref, ok := s.label[f.ID]; ok {
		if v, ok := s.inline[f.ID]; ok {
			return s.parse(f, x, found{text: v}, SourceInline)
		}
		if nb := neighbour(f, ref); nb != nil {
			fd := s.fromCell(f, nb)
			if f.Type == templates.Checkbox && !fd.checkbox && strings.TrimSpace(fd.text) == "" {
				// The box emptied and the tick typed before the statement.
				if g := leadingGlyphs(ref.c.Text()); g != "" {
					fd = found{text: g}
				}
			}
			return s.parse(f, x, fd, SourceLabel)
		}
		if f.Type == templates.Checkbox {
			// A glyph typed into the statement's own cell.
			return s.parse(f, x, found{text: ref.c.Text()}, SourceLabel)
		}
	}
	return s.parse(f, x, found{}, SourceNone)
}

func untagged(cs []*ooxml.Control) bool {
	for _, c := range cs {
		if c.Tag != "" {
			return false
		}
	}
	return true
}

// found is a field's raw content before parsing.
type found struct {
	text        string
	placeholder bool
	checkbox    bool // a checkbox control said Checked
	checked     bool
}

// pickControl prefers a control that holds a value over an empty or
// placeholder one (a field copied twice keeps its tag twice).
func pickControl(cs []*ooxml.Control) found {
	var first found
	for i, c := range cs {
		fd := fromControl(c)
		if i == 0 {
			first = fd
		}
		if !fd.placeholder && strings.TrimSpace(fd.text) != "" {
			return fd
		}
	}
	return first
}

func fromControl(c *ooxml.Control) found {
	return found{text: c.Text, placeholder: c.Placeholder, checkbox: c.Kind == ooxml.Checkbox, checked: c.Checked}
}

// neighbour is where a label's value sits: the cell to the right, or below
// when the label spans its row; for a checkbox, the box to the left.
func neighbour(f *templates.Field, ref cellRef) *ooxml.Cell {
	if f.Type == templates.Checkbox {
		if ref.c.Col > 0 {
			return ref.t.CellAt(ref.r, ref.c.Col-1)
		}
		return nil
	}
	if c := ref.t.CellAt(ref.r, ref.c.Col+ref.c.Span); c != nil && c != ref.c {
		return c
	}
	if c := ref.t.CellAt(ref.r+1, ref.c.Col); c != nil && c != ref.c {
		return c
	}
	return nil
}

// fromCell reads a value cell: its one control, or the cell's text. Two or
// more untagged controls in one cell are LibreOffice's rewrite of a single
// input field, with the value repeated: collapsed back to one.
func (s *scan) fromCell(f *templates.Field, c *ooxml.Cell) found {
	cs := s.inCell[c]
	if f.Type == templates.Checkbox {
		for _, ctl := range cs {
			if ctl.Kind == ooxml.Checkbox {
				return fromControl(ctl)
			}
		}
		return found{text: c.Text()}
	}
	switch {
	case len(cs) == 1:
		fd := fromControl(cs[0])
		if fd.placeholder || isPrompt(f, fd.text) {
			// Typed beside the control, which still shows its prompt
			// (the cursor put after or before it): the rest of the cell.
			if rest := strings.Replace(c.Text(), cs[0].Text, "", 1); !isPrompt(f, rest) {
				return found{text: rest}
			}
		}
		return fd
	case len(cs) > 1 && untagged(cs):
		return found{text: collapseRepeats(strings.TrimSpace(c.Text()))}
	}
	return found{text: c.Text()}
}

// parse turns found content into a Value of the field's type.
func (s *scan) parse(f *templates.Field, x *Extractor, fd found, source string) *Value {
	v := &Value{Field: f.ID, Label: f.Label, Type: f.Type, Source: source}
	if f.Type == templates.Checkbox {
		if fd.checkbox {
			v.Checked = fd.checked
		} else if checked, ok := ParseCheck(fd.text); ok {
			v.Checked = checked
		} else {
			v.Raw = strings.TrimSpace(fd.text)
			v.Problem = "无法判断是否勾选"
		}
		v.Norm = map[bool]string{true: "是", false: "否"}[v.Checked]
		return v
	}
	raw := strings.TrimSpace(fd.text)
	if fd.placeholder || isPrompt(f, raw) {
		raw = ""
	}
	v.Raw = raw
	if raw == "" {
		return v
	}
	parseInto(v, f, raw, x)
	return v
}

// parseInto sets Norm/Int/Problem of v from raw by the field's type.
func parseInto(v *Value, f *templates.Field, raw string, x *Extractor) {
	switch f.Type {
	case templates.Date, templates.Month:
		d, err := ParseDate(raw)
		if err != nil {
			v.Problem = err.Error()
			return
		}
		v.Norm = d.String()
	case templates.Integer:
		n, err := ParseInteger(raw)
		if err != nil {
			v.Problem = err.Error()
			return
		}
		v.Int, v.Norm = n, strconv.FormatInt(n, 10)
	case templates.Money:
		fen, err := ParseMoney(raw)
		if err != nil {
			v.Problem = err.Error()
			return
		}
		v.Int, v.Norm = fen, FormatFen(fen)
	case templates.Phone:
		p, err := ParsePhone(raw)
		if err != nil {
			v.Problem = err.Error()
			return
		}
		v.Norm = p
	case templates.Choice:
		choices := f.Choices
		if f.ChoicesFrom == templates.ChoicesFromCategories {
			choices = x.Categories
		}
		if c, ok := matchChoice(raw, choices); ok {
			v.Norm = c
		} else {
			v.Problem = "不在可选项中（" + strings.Join(choices, "/") + "）"
		}
	default:
		v.Norm = raw
	}
}

// matchChoice finds the choice raw names: the same text however spaced or
// quoted, or, when the person ticked one of several printed options
// (☑教师党支部 ☐学生党支部), the ticked one.
func matchChoice(raw string, choices []string) (string, bool) {
	n := normLabel(raw)
	for _, c := range choices {
		if normLabel(c) == n {
			return c, true
		}
	}
	var ticked []string
	for _, c := range choices {
		nc := normLabel(c)
		i := strings.Index(n, nc)
		if i <= 0 {
			continue
		}
		before := []rune(n[:i])
		if strings.ContainsRune(checkedGlyphs, before[len(before)-1]) {
			ticked = append(ticked, c)
		}
	}
	if len(ticked) == 1 {
		return ticked[0], true
	}
	return "", false
}

// table reads a table field: the table wrapped by the control tagged with
// the field id, else the table whose header row best matches the columns
// (the caption row above it breaking ties). Blank rows are dropped.
func (s *scan) table(f *templates.Field, x *Extractor) *TableValue {
	tv := &TableValue{Field: f.ID, Label: f.Label}
	for _, c := range f.Columns {
		tv.Columns = append(tv.Columns, c.ID)
	}
	var t *ooxml.Table
	header := -1
	for _, c := range s.byTag[f.ID] {
		if c.Table != nil && !s.taken[c.Table] {
			t, tv.Source = c.Table, SourceTag
			header = headerRow(c.Table, f)
			break
		}
	}
	if t == nil {
		best := 0
		for _, cand := range s.doc.Tables() {
			if s.taken[cand] {
				continue
			}
			h := headerRow(cand, f)
			if h < 0 {
				continue
			}
			score := 10 * matchedColumns(cand.Rows[h], f)
			if h > 0 && normLabel(rowText(cand.Rows[h-1])) == normConst(f.Label) {
				score += 5
			}
			if score > best {
				t, header, best = cand, h, score
			}
		}
		if t != nil {
			tv.Source = SourceLabel
		}
	}
	if t == nil || header < 0 {
		return tv
	}
	s.taken[t] = true
	colAt := map[int]*templates.Field{} // grid column → spec column
	for _, c := range t.Rows[header].Cells {
		if col := matchColumn(c.Text(), f); col != nil {
			colAt[c.Col] = col
		}
	}
	for r := header + 1; r < len(t.Rows); r++ {
		row := make([]*Value, len(f.Columns))
		blank := true
		for i := range f.Columns {
			col := &f.Columns[i]
			v := &Value{Field: col.ID, Label: col.Label, Type: col.Type, Source: tv.Source}
			for gc, spec := range colAt {
				if spec != col {
					continue
				}
				if cell := t.CellAt(r, gc); cell != nil {
					fd := s.fromCell(col, cell)
					v = s.parse(col, x, fd, tv.Source)
				}
			}
			if !v.Empty() {
				blank = false
			}
			row[i] = v
		}
		if blank || isHeaderRepeat(t.Rows[r], f) {
			continue
		}
		tv.Rows = append(tv.Rows, row)
	}
	return tv
}

// headerRow is the index of the row whose cells name at least half of the
// table's columns (and two), or -1.
func headerRow(t *ooxml.Table, f *templates.Field) int {
	need := max(2, (len(f.Columns)+1)/2)
	if len(f.Columns) < 2 {
		need = 1
	}
	for r, row := range t.Rows {
		if matchedColumns(row, f) >= need {
			return r
		}
	}
	return -1
}

func matchedColumns(row *ooxml.Row, f *templates.Field) int {
	n := 0
	for _, c := range row.Cells {
		if matchColumn(c.Text(), f) != nil {
			n++
		}
	}
	return n
}

// matchColumn finds the column a header cell names: the same label, or a
// label that the header starts with (金额（元） for 金额).
func matchColumn(text string, f *templates.Field) *templates.Field {
	t := normLabel(text)
	if t == "" {
		return nil
	}
	for i := range f.Columns {
		if normConst(f.Columns[i].Label) == t {
			return &f.Columns[i]
		}
	}
	for i := range f.Columns {
		l := normConst(f.Columns[i].Label)
		if strings.HasPrefix(t, l) || strings.HasPrefix(l, t) {
			return &f.Columns[i]
		}
	}
	return nil
}

// isHeaderRepeat: a header row repeated inside the table (a person copied
// the table together with its header).
func isHeaderRepeat(row *ooxml.Row, f *templates.Field) bool {
	return matchedColumns(row, f) == len(f.Columns) && len(f.Columns) > 1
}

func rowText(row *ooxml.Row) string {
	var parts []string
	for _, c := range row.Cells {
		parts = append(parts, c.Text())
	}
	return strings.Join(parts, "")
}
