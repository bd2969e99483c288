package intake

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"dbzx/internal/ooxml"
	"dbzx/templates"
)

// Errors of ReadSummary; the messages are shown to the clerk. The returned
// errors wrap these with what was found instead.
var (
	ErrNotWorkbook     = errors.New("不是 Excel 工作簿（.xlsx）")
	ErrNoSummaryHeader = errors.New("未找到申报汇总表的表头")
)

// errSheetTooLarge says, in the clerk's words, why a sheet was not read.
var errSheetTooLarge = fmt.Errorf("超过 %d 个单元格", ooxml.MaxSheetCells)

// ReadSummary reads a returned 附件9 申报汇总表: the header block (the form's
// cover fields) and every non-blank row of its table. It relies on the
// content only, not on the layout render.WriteXlsx gave the blank sheet:
//
//   - the sheet is the one whose rows name at least half of the table's
//     columns (visible sheets first), the header row wherever it is, the
//     columns in any order, header text retyped (申报单位(党支部/院部),
//     line breaks, spaces) and extra columns ignored;
//   - the header block is read above the header row: a cover label and the
//     next non-empty cell to its right (merged cells resolved), or
//     "填报单位：铁道工程学院党总支" typed in one cell;
//   - rows whose cells other than 序号 are all blank are dropped (the
//     prefilled 序号 creates no row); a cell merged over several rows gives
//     its value to every row of the merge; a note merged across the table
//     is skipped with a warning;
//   - values are parsed by the column's type: dates as Excel serials or
//     text, phones normalised (numbers stored as numbers keep their
//     digits), categories matched to the configured names also when typed
//     short, 是/否 from Y/N/√/×. A value that does not parse is kept as
//     typed where the row has room for it and named in the row's Problems.
//
// categories are the configured categories' full names, in order. The
// error is ErrNotWorkbook or ErrNoSummaryHeader, wrapped.
func ReadSummary(data []byte, form *templates.Form, categories []string) (s *Summary, err error) {
	if form == nil {
		return nil, errors.New("intake: ReadSummary needs the summary form spec")
	}
	table := summaryTableField(form)
	if table == nil || len(table.Columns) == 0 {
		return nil, fmt.Errorf("intake: form %s has no table field", form.ID)
	}
	x, err := ooxml.OpenWorkbook(data)
	if err != nil {
		return nil, fmt.Errorf("%w：%s", ErrNotWorkbook, workbookReason(err))
	}
	defer x.Close()
	defer func() {
		// excelize on a damaged part; the clerk gets the same message.
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("%w：文件已损坏（%v）", ErrNotWorkbook, p)
		}
	}()
	names := x.GetSheetList()
	if len(names) == 0 {
		return nil, fmt.Errorf("%w：工作簿中没有工作表", ErrNotWorkbook)
	}

	// The sheet with the best header row; visible sheets first.
	var best *sheetGrid
	bestHeader, bestCount, found := -1, 0, 0
	var bestCols map[int]int
	tooLarge, flooded := "", ""
	floodedSheets := ooxml.FloodedSheets(data)
	for _, hiddenPass := range []bool{false, true} {
		for _, name := range names {
			visible, err := x.GetSheetVisible(name)
			if err != nil || visible == hiddenPass {
				continue
			}
			if floodedSheets[name] {
				// Its merges are not asked for (see FloodedSheets): a
				// timetable beside the 汇总表 does not refuse the workbook.
				if flooded == "" {
					flooded = name
				}
				continue
			}
			g, err := readSheetGrid(x, name)
			if errors.Is(err, errSheetTooLarge) && tooLarge == "" {
				tooLarge = name
			}
			if err != nil {
				continue
			}
			g.hidden = !visible
			h, cols := findSummaryHeader(g, table.Columns)
			if h < 0 {
				continue
			}
			found++
			if len(cols) > bestCount {
				best, bestHeader, bestCount, bestCols = g, h, len(cols), cols
			}
		}
		if best != nil {
			break
		}
	}
	if best == nil && flooded != "" {
		return nil, fmt.Errorf("%w：%s", ErrNotWorkbook, workbookReason(ooxml.ErrTooManyMerges))
	}
	if best == nil && tooLarge != "" {
		return nil, fmt.Errorf("%w（工作表“%s”%v，未读取）", ErrNoSummaryHeader, tooLarge, errSheetTooLarge)
	}
	if best == nil {
		var labels []string
		for i := 0; i < len(table.Columns) && i < 3; i++ {
			labels = append(labels, table.Columns[i].Label)
		}
		return nil, fmt.Errorf("%w（%s…）", ErrNoSummaryHeader, strings.Join(labels, "、"))
	}

	s = &Summary{Rows: []SummaryRow{}}
	if found > 1 {
		s.Warnings = append(s.Warnings, fmt.Sprintf("工作簿中有 %d 个工作表含汇总表表头，已读取“%s”", found, best.name))
	}
	if best.hidden {
		s.Warnings = append(s.Warnings, fmt.Sprintf("汇总表表头只在隐藏的工作表“%s”中找到", best.name))
	}
	readSummaryHeader(best, bestHeader, form, s)
	seen := map[int]bool{}
	for _, spec := range bestCols {
		seen[spec] = true
	}
	for i, c := range table.Columns {
		if !seen[i] {
			s.Warnings = append(s.Warnings, fmt.Sprintf("表中未找到“%s”列", c.Label))
		}
	}
	readSummaryRows(best, bestHeader, bestCols, table, categories, s)
	return s, nil
}

// summaryTableField is the form's first table field.
func summaryTableField(form *templates.Form) *templates.Field {
	for _, f := range form.Fields() {
		if f.Type == templates.Table {
			return f
		}
	}
	return nil
}

// sheetGrid is a sheet's cell texts with merged cells resolved: every cell
// of a merge holds the value of its top-left cell.
type sheetGrid struct {
	name   string
	hidden bool
	text   [][]string // as displayed (number formats applied)
	raw    [][]string // stored values: date serials, full-precision numbers
	merge  [][]int    // 1 + index into merges, 0 when not merged
	merges []sheetMerge
	width  int
}

// sheetMerge is a merged range, 0-based and inclusive.
type sheetMerge struct{ r0, c0, r1, c1 int }

func readSheetGrid(x *excelize.File, sheet string) (*sheetGrid, error) {
	text, err := boundedRows(x, sheet)
	if err != nil {
		return nil, err
	}
	raw, err := boundedRows(x, sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	g := &sheetGrid{name: sheet}
	height := max(len(text), len(raw))
	for r := 0; r < height; r++ {
		if r < len(text) {
			g.width = max(g.width, len(text[r]))
		}
		if r < len(raw) {
			g.width = max(g.width, len(raw[r]))
		}
	}
	// BoundedRows kept the grid within MaxSheetRows × MaxSheetCols.
	g.text = make([][]string, height)
	g.raw = make([][]string, height)
	g.merge = make([][]int, height)
	for r := range height {
		g.text[r] = make([]string, g.width)
		g.raw[r] = make([]string, g.width)
		g.merge[r] = make([]int, g.width)
		if r < len(text) {
			copy(g.text[r], text[r])
		}
		if r < len(raw) {
			copy(g.raw[r], raw[r])
		}
	}
	merges, err := x.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		mr := sheetMerge{r0 - 1, c0 - 1, min(r1, height) - 1, min(c1, g.width) - 1}
		if mr.r0 >= height || mr.c0 >= g.width || mr.r1 < mr.r0 || mr.c1 < mr.c0 {
			continue
		}
		g.merges = append(g.merges, mr)
		id := len(g.merges)
		t, rv := g.text[mr.r0][mr.c0], g.raw[mr.r0][mr.c0]
		for r := mr.r0; r <= mr.r1; r++ {
			for c := mr.c0; c <= mr.c1; c++ {
				g.text[r][c], g.raw[r][c], g.merge[r][c] = t, rv, id
			}
		}
	}
	return g, nil
}

// boundedRows is ooxml.BoundedRows with the clerk's words for a sheet
// too large.
func boundedRows(x *excelize.File, sheet string, opts ...excelize.Options) ([][]string, error) {
	rows, err := ooxml.BoundedRows(x, sheet, opts...)
	if errors.Is(err, ooxml.ErrSheetTooLarge) {
		return nil, errSheetTooLarge
	}
	return rows, err
}

// mergeAt is the merge the cell belongs to, or nil.
func (g *sheetGrid) mergeAt(r, c int) *sheetMerge {
	if r < 0 || r >= len(g.merge) || c < 0 || c >= g.width || g.merge[r][c] == 0 {
		return nil
	}
	return &g.merges[g.merge[r][c]-1]
}

// inherited reports whether the cell's value comes from a merge that
// starts in a row above.
func (g *sheetGrid) inherited(r, c int) bool {
	m := g.mergeAt(r, c)
	return m != nil && m.r0 < r
}

// findSummaryHeader is the row naming the most columns (at least half of them,
// and two), with its sheet column → spec column index; -1 if none.
func findSummaryHeader(g *sheetGrid, cols []templates.Field) (int, map[int]int) {
	need := max(2, (len(cols)+1)/2)
	if len(cols) < 2 {
		need = 1
	}
	best, bestCols := -1, map[int]int(nil)
	for r := range g.text {
		m := matchColumnHeaders(g.text[r], cols)
		if len(m) >= need && len(m) > len(bestCols) {
			best, bestCols = r, m
		}
	}
	return best, bestCols
}

// summaryColumnAliases are other header texts departments use, by column
// id, normalised (normLabel, no brackets).
var summaryColumnAliases = map[string][]string{
	"seq":        {"编号", "序"},
	"category":   {"类别", "申报类型", "类型", "项目类别", "申报项目类别"},
	"name":       {"名称", "项目名称", "申报项目", "申报项目名称"},
	"unit":       {"单位", "所在单位", "申报单位", "申报党支部", "党支部/院部"},
	"leader":     {"项目负责人", "负责人姓名", "姓名"},
	"phone":      {"电话", "联系方式", "手机", "手机号码", "联系电话"},
	"provincial": {"省级", "是否省级", "是否已推荐为省级", "是否被推荐为省级", "是否推荐为省级", "已推荐为省级"},
	"note":       {"说明"},
}

// columnHeaderScore is how well a header cell names a column: 5 the same label,
// 4 the same without bracketed parts, 3 a known alias, 2 one a prefix of
// the other, 1 the label inside the header text; 0 not at all.
func columnHeaderScore(cell string, col *templates.Field) int {
	t := normLabel(cell)
	if t == "" {
		return 0
	}
	l := normLabel(col.Label)
	if t == l {
		return 5
	}
	ts, ls := stripBracketed(t), stripBracketed(l)
	if ts == "" {
		return 0
	}
	if ts == ls {
		return 4
	}
	for _, a := range summaryColumnAliases[col.ID] {
		if ts == a {
			return 3
		}
	}
	if utf8.RuneCountInString(ts) >= 2 && (strings.HasPrefix(ts, ls) || strings.HasPrefix(ls, ts)) {
		return 2
	}
	if utf8.RuneCountInString(ls) >= 2 && strings.Contains(ts, ls) {
		return 1
	}
	return 0
}

// matchColumnHeaders pairs a row's cells with the columns they name, best
// matches first, each cell and each column used once.
func matchColumnHeaders(cells []string, cols []templates.Field) map[int]int {
	type cand struct{ cell, col, score int }
	var cands []cand
	for c, text := range cells {
		if strings.TrimSpace(text) == "" {
			continue
		}
		for i := range cols {
			if sc := columnHeaderScore(text, &cols[i]); sc > 0 {
				cands = append(cands, cand{c, i, sc})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].score != cands[b].score {
			return cands[a].score > cands[b].score
		}
		if cands[a].col != cands[b].col {
			return cands[a].col < cands[b].col
		}
		return cands[a].cell < cands[b].cell
	})
	out := map[int]int{}
	usedCol := map[int]bool{}
	for _, c := range cands {
		if _, ok := out[c.cell]; ok || usedCol[c.col] {
			continue
		}
		out[c.cell] = c.col
		usedCol[c.col] = true
	}
	return out
}

// stripBracketed drops bracketed parts: 申报单位(党支部/院部) → 申报单位.
// The text is normalised (half-width brackets).
func stripBracketed(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[', '【', '〔':
			depth++
			continue
		case ')', ']', '】', '〕':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// coverLabelPattern is a cover field's label as people type it: its words with
// any spacing, an optional bracketed remark (（盖章）) and, for inline
// values, a colon.
type coverLabelPattern struct {
	field  *templates.Field
	base   string         // normalised label without brackets: 填报单位
	inline *regexp.Regexp // label followed by a colon
}

func coverLabelPatterns(form *templates.Form) []coverLabelPattern {
	var out []coverLabelPattern
	for i := range form.Cover {
		f := &form.Cover[i]
		base := stripBracketed(normLabel(f.Label))
		if base == "" {
			continue
		}
		var p strings.Builder
		for i, r := range base {
			if i > 0 {
				p.WriteString(`[\s\x{3000}]*`)
			}
			p.WriteString(regexp.QuoteMeta(string(r)))
		}
		p.WriteString(`[\s\x{3000}]*(?:[(（][^)）]*[)）])?[\s\x{3000}]*[:：]`)
		out = append(out, coverLabelPattern{field: f, base: base, inline: regexp.MustCompile(p.String())})
	}
	return out
}

// isCoverLabel reports whether text is one of the cover labels alone.
func isCoverLabel(text string, labels []coverLabelPattern) bool {
	t := stripBracketed(normLabel(text))
	for _, l := range labels {
		if t == l.base {
			return true
		}
	}
	return false
}

// readSummaryHeader reads the cover fields above the header row into s.
func readSummaryHeader(g *sheetGrid, header int, form *templates.Form, s *Summary) {
	labels := coverLabelPatterns(form)
	type got struct{ text, raw string }
	values := map[string]got{}
	set := func(id, text, raw string) {
		text = strings.TrimSpace(text)
		if _, ok := values[id]; ok && text == "" {
			return
		}
		if v, ok := values[id]; ok && v.text != "" {
			return // the first value found wins
		}
		values[id] = got{text, strings.TrimSpace(raw)}
	}
	for r := 0; r < header; r++ {
		for c := 0; c < g.width; c++ {
			if m := g.mergeAt(r, c); m != nil && (m.r0 != r || m.c0 != c) {
				continue // read once, at its top-left cell
			}
			text := g.text[r][c]
			if strings.TrimSpace(text) == "" {
				continue
			}
			// 填报单位：铁道工程学院党总支 填报人：张三 in one cell.
			type hit struct {
				start, end int
				l          *coverLabelPattern
			}
			var hits []hit
			for i := range labels {
				for _, loc := range labels[i].inline.FindAllStringIndex(text, -1) {
					hits = append(hits, hit{loc[0], loc[1], &labels[i]})
				}
			}
			sort.Slice(hits, func(a, b int) bool { return hits[a].start < hits[b].start })
			if len(hits) > 0 {
				for i, h := range hits {
					if i > 0 && h.start < hits[i-1].end {
						continue
					}
					end := len(text)
					if i+1 < len(hits) {
						end = hits[i+1].start
					}
					v := strings.TrimSpace(text[h.end:end])
					if v == "" && i == len(hits)-1 {
						t, rv := valueBesideLabel(g, r, c, labels)
						set(h.l.field.ID, t, rv)
						continue
					}
					set(h.l.field.ID, v, v)
				}
				continue
			}
			t := stripBracketed(normLabel(text))
			for i := range labels {
				if t == labels[i].base {
					v, rv := valueBesideLabel(g, r, c, labels)
					set(labels[i].field.ID, v, rv)
					break
				}
			}
		}
	}
	for _, l := range labels {
		v, ok := values[l.field.ID]
		if !ok || v.text == "" {
			continue
		}
		val, problem := parseSummaryCell(l.field, v.text, v.raw, nil)
		if problem != "" {
			s.Warnings = append(s.Warnings, problem)
		}
		switch l.field.ID {
		case "filler_unit":
			s.Filler = val
		case "filler":
			s.Person = val
		case "filler_phone":
			s.Phone = val
		case "filled_date":
			s.Date = val
		}
	}
}

// valueBesideLabel is the value beside the label at (r, c): the next non-empty
// cell to the right, unless that is another label or an instruction. An
// empty merged cell right of the label is the value's slot, left blank.
func valueBesideLabel(g *sheetGrid, r, c int, labels []coverLabelPattern) (text, raw string) {
	col := c + 1
	if m := g.mergeAt(r, c); m != nil {
		col = m.c1 + 1
	}
	for steps := 0; col < g.width && steps < 3; steps++ {
		t := g.text[r][col]
		m := g.mergeAt(r, col)
		if strings.TrimSpace(t) != "" {
			if isCoverLabel(t, labels) || hasInlineCoverLabel(t, labels) || strings.Contains(t, "下拉列表") {
				return "", ""
			}
			return t, g.raw[r][col]
		}
		if m != nil {
			return "", "" // the value's own (merged) slot, left blank
		}
		col++
	}
	return "", ""
}

func hasInlineCoverLabel(text string, labels []coverLabelPattern) bool {
	for _, l := range labels {
		if l.inline.MatchString(text) {
			return true
		}
	}
	return false
}

// readSummaryRows reads the table rows below the header into s.Rows.
func readSummaryRows(g *sheetGrid, header int, cols map[int]int, table *templates.Field, categories []string, s *Summary) {
	specCols := table.Columns
	at := make([]int, len(specCols)) // spec column → sheet column, -1 if absent
	for i := range at {
		at[i] = -1
	}
	for sc, i := range cols {
		at[i] = sc
	}
	need := max(2, (len(specCols)+1)/2)
	for r := header + 1; r < len(g.text); r++ {
		if len(matchColumnHeaders(g.text[r], specCols)) >= need {
			continue // the header repeated (copied with the table)
		}
		blank := true
		var merges []int
		allOneMerge := true
		for i, sc := range at {
			if sc < 0 || strings.TrimSpace(g.text[r][sc]) == "" {
				continue
			}
			if specCols[i].ID != "seq" && !g.inherited(r, sc) {
				blank = false
			}
			id := g.merge[r][sc]
			if id == 0 || (len(merges) > 0 && merges[0] != id) {
				allOneMerge = false
			}
			merges = append(merges, id)
		}
		if blank {
			continue
		}
		if allOneMerge && len(merges) > 0 {
			if m := g.merges[merges[0]-1]; m.c1-m.c0 >= 2 && len(merges) > 1 {
				s.Warnings = append(s.Warnings, fmt.Sprintf("第%d行是跨列合并的说明文字，已忽略：%s",
					r+1, sumClip(strings.TrimSpace(g.text[r][m.c0]), 30)))
				continue
			}
		}
		var row SummaryRow
		for i, sc := range at {
			if sc < 0 {
				continue
			}
			col := &specCols[i]
			text, raw := strings.TrimSpace(g.text[r][sc]), strings.TrimSpace(g.raw[r][sc])
			if text == "" && raw == "" {
				continue
			}
			val, problem := parseSummaryCell(col, text, raw, categories)
			if problem != "" {
				row.Problems = append(row.Problems, problem)
			}
			switch col.ID {
			case "seq":
				row.Seq, _ = strconv.Atoi(val)
			case "category":
				row.Category = val
			case "name":
				row.Name = val
			case "unit":
				row.Unit = val
			case "leader":
				row.Leader = val
			case "phone":
				row.Phone = val
			case "provincial":
				row.Provincial = val
			case "note":
				row.Note = val
			}
		}
		s.Rows = append(s.Rows, row)
	}
}

func sumClip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

// parseSummaryCell reads one cell by its field's type. text is the cell as
// displayed, raw its stored value (a date serial, a number's full digits).
// val is what the Summary keeps: canonical when it parses; for a choice or
// an integer that does not parse, "" (and the problem names the value);
// otherwise as typed.
func parseSummaryCell(f *templates.Field, text, raw string, categories []string) (val, problem string) {
	text, raw = strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), strings.TrimSpace(raw)
	shown := text
	if shown == "" {
		shown = raw
	}
	if shown == "" {
		return "", ""
	}
	bad := func(why string) string { return fmt.Sprintf("%s：“%s”%s", f.Label, sumClip(shown, 40), why) }
	num, isNum := wholeNumberDigits(raw)
	switch f.Type {
	case templates.Integer:
		if isNum {
			if _, err := strconv.Atoi(num); err == nil {
				return num, ""
			}
		}
		n, err := ParseInteger(text)
		if err != nil {
			return "", bad(ErrInteger.Error())
		}
		return strconv.FormatInt(n, 10), ""
	case templates.Date, templates.Month:
		if strings.Trim(normLabel(text), "年月日号_") == "" {
			return "", "" // the printed "    年  月  日" left blank
		}
		for _, v := range []string{raw, text} {
			if v == "" {
				continue
			}
			if d, err := ParseDate(v); err == nil {
				if f.Type == templates.Month {
					d.Day = 0
				}
				return d.String(), ""
			}
		}
		return "", bad(ErrDate.Error())
	case templates.Phone:
		if isNum {
			if p, err := ParsePhone(num); err == nil {
				return p, ""
			}
			shown = num // not 1.38123E+10, whatever the cell's format
		}
		if p, err := ParsePhone(text); err == nil {
			return p, ""
		}
		return shown, bad(ErrPhone.Error())
	case templates.Choice:
		choices := f.Choices
		if f.ChoicesFrom == templates.ChoicesFromCategories {
			choices = categories
			if c, ok := matchCategoryName(text, categories); ok {
				return c, ""
			}
		} else if c, ok := matchChoice(text, choices); ok {
			return c, ""
		} else if isYesNoChoices(choices) {
			if v, ok := yesNoValue(text); ok {
				return v, ""
			}
		}
		return "", bad("不在可选项中（" + strings.Join(choices, "/") + "）")
	}
	return shown, ""
}

// wholeNumberDigits is a stored number's digits when it is a whole number
// (13812345678 however it is stored: 1.3812345678E10 included).
func wholeNumberDigits(raw string) (string, bool) {
	if raw == "" || strings.ContainsAny(raw, " \t") {
		return "", false
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || f < 0 || f >= 1e15 || f != float64(int64(f)) {
		return "", false
	}
	return strconv.FormatInt(int64(f), 10), true
}

func isYesNoChoices(choices []string) bool {
	return len(choices) == 2 && choices[0] == "是" && choices[1] == "否"
}

// yesNoValue reads 是/否 as people mark it: 是, Y, yes, √, ✓, TRUE, 1, 已推荐
// for 是; 否, N, no, ×, FALSE, 0, 无, 未推荐 for 否; blank, / or - for none.
func yesNoValue(s string) (string, bool) {
	t := strings.ToLower(stripBracketed(normLabel(s)))
	switch t {
	case "":
		if normLabel(s) == "" {
			return "", true
		}
	case "/", "-", "--", "—", "——", "空":
		return "", true
	case "是", "y", "yes", "√", "✓", "✔", "☑", "☒", "1", "true", "已推荐", "已被推荐", "是的", "对":
		return "是", true
	case "否", "n", "no", "×", "x", "✗", "✘", "✕", "0", "false", "无", "未推荐", "未被推荐", "不是", "没有":
		return "否", true
	}
	if yes, no, found := yesNoBoxes(narrow(s)); found && yes != no {
		if yes {
			return "是", true
		}
		return "否", true
	}
	return "", false
}

// categoryNameNorm makes category names comparable: normLabel, and no
// brackets of the kinds people quote names with.
func categoryNameNorm(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '「', '」', '｢', '｣', '『', '』', '〝', '〞', '《', '》', '〈', '〉', '<', '>':
			return -1
		}
		return r
	}, normLabel(s))
}

// matchCategoryName finds the configured category raw names: the full name
// however spaced or quoted; or the one name containing the typed text
// (标杆院部, 创新项目), or whose characters it keeps in order (双带头人工作室);
// or the one name the text contains (1.党建工作样板党支部).
func matchCategoryName(raw string, names []string) (string, bool) {
	if c, ok := matchChoice(raw, names); ok {
		return c, true
	}
	n := categoryNameNorm(raw)
	if utf8.RuneCountInString(n) < 2 {
		return "", false
	}
	unique := func(pred func(full string) bool) (string, bool) {
		var hit []string
		for _, c := range names {
			if pred(categoryNameNorm(c)) {
				hit = append(hit, c)
			}
		}
		if len(hit) == 1 {
			return hit[0], true
		}
		return "", false
	}
	if c, ok := unique(func(full string) bool { return full == n }); ok {
		return c, true
	}
	if c, ok := unique(func(full string) bool { return strings.Contains(full, n) }); ok {
		return c, true
	}
	if c, ok := unique(func(full string) bool { return full != "" && strings.Contains(n, full) }); ok {
		return c, true
	}
	if utf8.RuneCountInString(n) >= 4 {
		return unique(func(full string) bool { return inOrderWithin(n, full) })
	}
	return "", false
}

// inOrderWithin reports whether s's characters appear in t in order.
func inOrderWithin(s, t string) bool {
	rs := []rune(s)
	i := 0
	for _, r := range t {
		if i < len(rs) && rs[i] == r {
			i++
		}
	}
	return i == len(rs)
}
