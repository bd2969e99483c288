package render

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"dbzx/internal/fonts"
	"dbzx/internal/pdfdoc"
)

// FundingData is what the funding statements print: the programme, when
// they are issued, the notice's condition on the money, and the units
// funded, in the order they are printed.
type FundingData struct {
	College, Office, Programme string // 郑州铁路职业技术学院, 党委组织部, 基层党建“对标争先”建设计划
	Year                       int    // the round: 2022
	Date                       string // issue date as printed: 二〇二二年十二月 (see ChineseYearMonth)
	Condition                  string // 专项经费要严格管理、专款专用，不得用于与基层党建项目无关的开支。
	Units                      []FundingUnit
}

// FundingUnit is one unit selected for construction and what it is given.
type FundingUnit struct {
	Category     string // key: benchmark_college
	CategoryName string // as printed: 党建工作“标杆院部”
	Unit         string // the unit under construction
	Name         string // the project's name
	Leader       string
	Amount       int64  // fen; never negative
	Cycle        string // 建设周期 as printed: 2年
	Note         string
}

// fundingGroup is one category's line of the summary.
type fundingGroup struct {
	Name   string
	Count  int
	Amount int64 // fen
	first  int   // index of its first unit
}

// fundingKey is the category a unit is counted under: its key, or its
// name when it has no key.
func fundingKey(u *FundingUnit) string {
	if u.Category != "" {
		return u.Category
	}
	return u.CategoryName
}

// fundingTotals adds the units up by category, in the order categories
// first appear, and in all. A negative amount or a total past int64 is an
// error: a statement must never print a wrapped sum.
func fundingTotals(d *FundingData) ([]fundingGroup, int64, error) {
	var groups []fundingGroup
	index := map[string]int{}
	var total int64
	for i, u := range d.Units {
		if u.Amount < 0 {
			return nil, 0, fmt.Errorf("render: funding unit %d (%s「%s」): amount %s is negative", i+1, u.Unit, u.Name, FormatYuan(u.Amount))
		}
		if u.Amount > math.MaxInt64-total {
			return nil, 0, fmt.Errorf("render: funding unit %d (%s「%s」): total overflows", i+1, u.Unit, u.Name)
		}
		total += u.Amount
		key := fundingKey(&d.Units[i])
		g, ok := index[key]
		if !ok {
			g = len(groups)
			index[key] = g
			groups = append(groups, fundingGroup{Name: u.CategoryName, first: i})
		}
		groups[g].Count++
		groups[g].Amount += u.Amount
	}
	return groups, total, nil
}

// fundingTitle names a document of the programme: 基层党建“对标争先”建设计划
// and 经费拨付单 → 基层党建“对标争先”建设经费拨付单.
func fundingTitle(programme, what string) string {
	return strings.TrimSuffix(strings.TrimSpace(programme), "计划") + what
}

// fundingNumber is a statement's number: the round and its place.
func fundingNumber(d *FundingData, i int) string {
	if d.Year > 0 {
		return fmt.Sprintf("%d-%03d", d.Year, i+1)
	}
	return fmt.Sprintf("%03d", i+1)
}

// Typesetting of the funding statements.
var (
	fundingCollege = pdfdoc.Style{Font: "dbzx-title", Size: 16, Leading: 1.4}
	fundingH1      = pdfdoc.Style{Font: "dbzx-heading", Size: 18, Leading: 1.4}
	fundingYear    = pdfdoc.Style{Font: "dbzx-body", Size: 12, Leading: 1.5}
	fundingSmall   = pdfdoc.Style{Font: "dbzx-body", Size: 10, Leading: 1.5, Color: pdfdoc.Gray}
	fundingLabel   = pdfdoc.Style{Font: "dbzx-heading", Size: 11, Leading: 1.6}
	fundingValue   = pdfdoc.Style{Font: "dbzx-body", Size: 12, Leading: 1.6}
	fundingText    = pdfdoc.Style{Font: "dbzx-body", Size: 11, Leading: 1.7}
	fundingFigure  = pdfdoc.Style{Font: "dbzx-heading", Size: 13, Leading: 1.5}
	fundingCapital = pdfdoc.Style{Font: "dbzx-title", Size: 15, Leading: 1.5}
	fundingSign    = pdfdoc.Style{Font: "dbzx-body", Size: 12, Leading: 1.6}
	fundingH2      = pdfdoc.Style{Font: "dbzx-heading", Size: 13, Leading: 1.5, Before: 14, After: 6}
	fundingCell    = pdfdoc.Style{Font: "dbzx-body", Size: 10.5, Leading: 1.4}
	fundingHead    = pdfdoc.Style{Font: "dbzx-heading", Size: 10.5, Leading: 1.4}
)

// Space in the signature blocks, pt: above the signatures, above the
// office's seal (room to sign), above the date.
const (
	fundingSignGap = 30.0
	fundingSealGap = 36.0
	fundingDateGap = 6.0
)

// WriteFundingPDF writes the funding statements as an A4 PDF: one
// 经费拨付单 per unit, in the order of d.Units, then the summary (by
// category, the total in figures and capitals, and every unit). A long
// condition or note can push a statement's signatures onto a second page;
// pages counts every page written. It does not close w.
func WriteFundingPDF(w io.Writer, d *FundingData, faces []fonts.Face) (pages int, err error) {
	return writeFundingPDF(w, d, faces, nil)
}

// writeFundingPDF is WriteFundingPDF telling missing of the characters no
// face has (printed as □).
func writeFundingPDF(w io.Writer, d *FundingData, faces []fonts.Face, missing func(rune, string)) (int, error) {
	groups, total, err := fundingTotals(d)
	if err != nil {
		return 0, err
	}
	title := fundingTitle(d.Programme, "经费拨付单")
	header := fundingTitle(d.Programme, "经费")
	if d.College != "" {
		header = d.College + " · " + header
	}
	opts := pdfOptions(faces, header, d.College+title, missing)
	opts.Subject = d.Condition
	stats, err := pdfdoc.Render(w, opts, func(doc *pdfdoc.Doc) error {
		for i := range d.Units {
			fundingStatement(doc, d, i)
		}
		fundingSummary(doc, d, groups, total)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("render: funding statements: %w", err)
	}
	return stats.Pages, nil
}

func fundingLabelCell(s string) pdfdoc.Cell {
	fill := pdfdoc.LabelFill
	return pdfdoc.Cell{Text: s, Fill: &fill, Style: &fundingLabel, Align: pdfdoc.Center}
}

// fundingStatement is one unit's 经费拨付单: the college and title, the
// number, a bordered label/value table and the signature block.
func fundingStatement(doc *pdfdoc.Doc, d *FundingData, i int) {
	u := &d.Units[i]
	doc.NewPage()
	doc.Bookmark(fmt.Sprintf("%d. %s", i+1, u.Unit))
	doc.Where(fmt.Sprintf("经费拨付单 %d（%s）", i+1, u.Unit))
	x, width := doc.Left(), doc.Width()
	y := doc.Y() + 6
	if d.College != "" {
		doc.TextAt(d.College, x, y, width, fundingCollege, pdfdoc.Center)
		y += fundingCollege.Size * fundingCollege.Leading
	}
	h1 := fundingH1
	h1.Size = doc.FitSize(fundingTitle(d.Programme, "经费拨付单"), h1, width, 12)
	doc.TextAt(fundingTitle(d.Programme, "经费拨付单"), x, y, width, h1, pdfdoc.Center)
	y += h1.Size * h1.Leading
	if d.Year > 0 {
		doc.TextAt(fmt.Sprintf("（%d年度）", d.Year), x, y, width, fundingYear, pdfdoc.Center)
		y += fundingYear.Size * fundingYear.Leading
	}
	y += 10
	doc.TextAt("编号："+fundingNumber(d, i), x, y, width, fundingSmall, pdfdoc.Left)
	doc.TextAt("金额单位：元", x, y, width, fundingSmall, pdfdoc.Right)
	doc.SetY(y + fundingSmall.Size*fundingSmall.Leading + 2)

	// Label, value, label, value: the two short values share a row.
	const labelW, shortW, label2W = 122.0, 140.0, 80.0
	widths := []float64{labelW, shortW, label2W, width - labelW - shortW - label2W}
	wide := func(label, value string, st *pdfdoc.Style, align int) []pdfdoc.Cell {
		return []pdfdoc.Cell{fundingLabelCell(label), {Text: value, Span: 3, Style: st, Align: align}}
	}
	note := u.Note
	if strings.TrimSpace(note) == "" {
		note = "\n\n" // room to write in
	}
	rows := [][]pdfdoc.Cell{
		wide("建设类别", u.CategoryName, nil, pdfdoc.Left),
		wide("建设单位", u.Unit, nil, pdfdoc.Left),
		wide("建设项目名称", u.Name, nil, pdfdoc.Left),
		{fundingLabelCell("负责人"), {Text: u.Leader}, fundingLabelCell("建设周期"), {Text: u.Cycle}},
		wide("支持经费（小写）", "￥"+FormatYuan(u.Amount), &fundingFigure, pdfdoc.Left),
		wide("支持经费（大写）", "人民币"+Capitals(u.Amount), &fundingCapital, pdfdoc.Left),
		wide("使用要求", d.Condition, &fundingText, pdfdoc.Justify),
		wide("备　　注", note, &fundingText, pdfdoc.Justify),
	}
	doc.Table(&pdfdoc.Table{Widths: widths, Rows: rows, Style: fundingValue, Padding: 9})

	// Signatures: the two who sign on the left and right, then the
	// office's seal and the date on the right.
	half := width / 2
	lh := fundingSign.Size * fundingSign.Leading
	if doc.Remaining() < fundingSignGap+fundingSealGap+fundingDateGap+3*lh {
		doc.NewPage()
	}
	y = doc.Y() + fundingSignGap
	doc.TextAt("经办人：＿＿＿＿＿＿＿", x, y, half, fundingSign, pdfdoc.Left)
	doc.TextAt("负责人：＿＿＿＿＿＿＿", x+half, y, half, fundingSign, pdfdoc.Right)
	y += lh + fundingSealGap
	doc.TextAt(d.Office+"（盖章）", x+half, y, half, fundingSign, pdfdoc.Center)
	y += lh + fundingDateGap
	date := d.Date
	if strings.TrimSpace(date) == "" {
		date = "＿＿＿＿年＿＿月＿＿日"
	}
	doc.TextAt("日期："+date, x+half, y, half, fundingSign, pdfdoc.Center)
	doc.SetY(y + lh)
}

// fundingSummary is the summary: by category with the total in figures
// and capitals, then every unit, then the office's seal and the date.
func fundingSummary(doc *pdfdoc.Doc, d *FundingData, groups []fundingGroup, total int64) {
	doc.NewPage()
	doc.Bookmark("经费汇总")
	doc.Where("经费汇总")
	x, width := doc.Left(), doc.Width()
	y := doc.Y() + 6
	if d.College != "" {
		doc.TextAt(d.College, x, y, width, fundingCollege, pdfdoc.Center)
		y += fundingCollege.Size * fundingCollege.Leading
	}
	title := fundingTitle(d.Programme, "经费汇总表")
	h1 := fundingH1
	h1.Size = doc.FitSize(title, h1, width, 12)
	doc.TextAt(title, x, y, width, h1, pdfdoc.Center)
	y += h1.Size*h1.Leading + 10
	info := []string{}
	if d.Year > 0 {
		info = append(info, fmt.Sprintf("年度：%d年", d.Year))
	}
	info = append(info, fmt.Sprintf("建设单位：%d个", len(d.Units)))
	doc.TextAt(strings.Join(info, "　"), x, y, width, fundingSmall, pdfdoc.Left)
	doc.TextAt("金额单位：元", x, y, width, fundingSmall, pdfdoc.Right)
	doc.SetY(y + fundingSmall.Size*fundingSmall.Leading + 2)

	head := func(s string) pdfdoc.Cell {
		fill := pdfdoc.LabelFill
		return pdfdoc.Cell{Text: s, Fill: &fill, Style: &fundingHead, Align: pdfdoc.Center}
	}
	center := func(s string) pdfdoc.Cell { return pdfdoc.Cell{Text: s, Align: pdfdoc.Center} }
	right := func(s string) pdfdoc.Cell { return pdfdoc.Cell{Text: s, Align: pdfdoc.Right} }
	bold := func(c pdfdoc.Cell) pdfdoc.Cell { c.Style = &fundingHead; return c }

	// By category.
	var rows [][]pdfdoc.Cell
	count := 0
	for i, g := range groups {
		rows = append(rows, []pdfdoc.Cell{center(fmt.Sprint(i + 1)), {Text: g.Name}, center(fmt.Sprint(g.Count)), right(FormatYuan(g.Amount))})
		count += g.Count
	}
	rows = append(rows,
		[]pdfdoc.Cell{bold(pdfdoc.Cell{Text: "合计（小写）", Span: 2, Align: pdfdoc.Center}), bold(center(fmt.Sprint(count))), bold(right(FormatYuan(total)))},
		[]pdfdoc.Cell{bold(pdfdoc.Cell{Text: "合计（大写）", Span: 2, Align: pdfdoc.Center}), {Text: "人民币" + Capitals(total), Span: 2, Style: &fundingCapital, Align: pdfdoc.Center}},
	)
	doc.Table(&pdfdoc.Table{Widths: []float64{36, width - 36 - 80 - 120, 80, 120},
		Header: [][]pdfdoc.Cell{{head("序号"), head("建设类别"), head("单位数（个）"), head("经费合计（元）")}},
		Rows:   rows, Style: fundingCell, Padding: 5})

	// Every unit, under its category; 序号 is the statement's number.
	doc.Heading("建设单位经费明细", fundingH2, 60)
	rows = nil
	for _, g := range groups {
		fill := pdfdoc.LabelFill
		rows = append(rows, []pdfdoc.Cell{{Text: fmt.Sprintf("%s（%d个）", g.Name, g.Count), Span: 5, Fill: &fill, Style: &fundingHead}})
		for i, u := range d.Units {
			if fundingKey(&u) == fundingKey(&d.Units[g.first]) {
				rows = append(rows, []pdfdoc.Cell{center(fmt.Sprint(i + 1)), {Text: u.Unit}, {Text: u.Name},
					center(u.Leader), right(FormatYuan(u.Amount))})
			}
		}
	}
	rows = append(rows, []pdfdoc.Cell{bold(pdfdoc.Cell{Text: "合计", Span: 4, Align: pdfdoc.Center}), bold(right(FormatYuan(total)))})
	const seqW, unitW, leaderW, amountW = 36.0, 140.0, 60.0, 84.0
	// The 合计 row keeps the condition and the seal line with it.
	lh0 := fundingSign.Size * fundingSign.Leading
	keep := fundingSignGap + fundingDateGap + 2*lh0
	if d.Condition != "" {
		st := pdfdoc.Style{Font: "dbzx-body", Size: 10.5, Leading: 1.7}
		keep += 8 + float64(len(doc.Lines("使用要求："+d.Condition, st, width)))*st.Size*st.Leading
	}
	doc.Table(&pdfdoc.Table{Widths: []float64{seqW, unitW, width - seqW - unitW - leaderW - amountW, leaderW, amountW},
		Header: [][]pdfdoc.Cell{{head("序号"), head("建设单位"), head("建设项目名称"), head("负责人"), head("金额（元）")}},
		Rows:   rows, Style: fundingCell, Padding: 5, KeepAfter: keep})
	if d.Condition != "" {
		doc.Paragraph("使用要求："+d.Condition, pdfdoc.Style{Font: "dbzx-body", Size: 10.5, Leading: 1.7, Before: 8})
	}

	half := width / 2
	lh := fundingSign.Size * fundingSign.Leading
	if doc.Remaining() < fundingSignGap+fundingDateGap+2*lh {
		doc.NewPage()
	}
	y = doc.Y() + fundingSignGap
	doc.TextAt(d.Office+"（盖章）", x+half, y, half, fundingSign, pdfdoc.Center)
	y += lh + fundingDateGap
	if d.Date != "" {
		doc.TextAt(d.Date, x+half, y, half, fundingSign, pdfdoc.Center)
	}
	doc.SetY(y + lh)
}

// Sheets of the funding workbook.
const (
	FundingSummarySheet = "经费汇总"
	FundingDetailSheet  = "经费明细"
)

// WriteFundingXlsx writes the funding workbook to path (atomically): the
// sheet 经费汇总 (title, one row per category, the total row 合计 with the
// amount as a number and in capitals, the condition) and 经费明细 (a header
// row, then one row per unit, nothing else, so that it filters and sorts).
// Amounts are numeric cells in 元 formatted #,##0.00, written from fen as
// decimal text, never through a float; totals are values, not formulas,
// so that every reader sees the same figures the PDF prints.
func WriteFundingXlsx(path string, d *FundingData) error {
	var buf bytes.Buffer
	if err := writeFundingXlsx(&buf, d); err != nil {
		return err
	}
	return WriteFileAtomic(path, buf.Bytes())
}

func writeFundingXlsx(w io.Writer, d *FundingData) error {
	groups, total, err := fundingTotals(d)
	if err != nil {
		return err
	}
	b := newBook()
	defer b.Close()
	x, check := b.File, b.check
	st, err := newFundingStyles(x)
	if err != nil {
		return err
	}
	cell := func(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }
	set := func(sheet, ref string, v any, style int) {
		if s, ok := v.(string); ok {
			v = SafeText(s)
		}
		check(x.SetCellValue(sheet, ref, v))
		check(x.SetCellStyle(sheet, ref, ref, style))
	}
	money := func(sheet, ref string, fen int64, style int) {
		check(x.SetCellDefault(sheet, ref, plainYuan(fen)))
		check(x.SetCellStyle(sheet, ref, ref, style))
	}

	// 经费汇总: title, info line, header, categories, total, condition.
	sum := FundingSummarySheet
	check(x.SetSheetName("Sheet1", sum))
	check(x.MergeCell(sum, "A1", "E1"))
	set(sum, "A1", d.College+fundingTitle(d.Programme, "经费汇总表"), st.title)
	check(x.SetRowHeight(sum, 1, 36))
	info := []string{}
	if d.Office != "" {
		info = append(info, "填报单位："+d.Office)
	}
	if d.Year > 0 {
		info = append(info, fmt.Sprintf("年度：%d年", d.Year))
	}
	if d.Date != "" {
		info = append(info, "日期："+d.Date)
	}
	info = append(info, "金额单位：元")
	check(x.MergeCell(sum, "A2", "E2"))
	set(sum, "A2", strings.Join(info, "　　"), st.note)
	for i, h := range []string{"序号", "建设类别", "单位数（个）", "经费合计（元）", "经费合计（大写）"} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		set(sum, cell(col, 3), h, st.header)
	}
	check(x.SetRowHeight(sum, 3, 28))
	row := 4
	count := 0
	for i, g := range groups {
		set(sum, cell("A", row), i+1, st.center)
		set(sum, cell("B", row), g.Name, st.text)
		set(sum, cell("C", row), g.Count, st.center)
		money(sum, cell("D", row), g.Amount, st.money)
		set(sum, cell("E", row), Capitals(g.Amount), st.text)
		check(x.SetRowHeight(sum, row, 22))
		count += g.Count
		row++
	}
	check(x.MergeCell(sum, cell("A", row), cell("B", row)))
	set(sum, cell("A", row), "合计", st.totalLabel)
	check(x.SetCellStyle(sum, cell("B", row), cell("B", row), st.totalLabel))
	set(sum, cell("C", row), count, st.totalCenter)
	money(sum, cell("D", row), total, st.totalMoney)
	set(sum, cell("E", row), Capitals(total), st.totalText)
	check(x.SetRowHeight(sum, row, 24))
	if d.Condition != "" {
		row += 2
		check(x.MergeCell(sum, cell("A", row), cell("E", row)))
		set(sum, cell("A", row), "使用要求："+d.Condition, st.wrap)
		check(x.SetRowHeight(sum, row, 36))
	}
	for col, wd := range map[string]float64{"A": 6, "B": 34, "C": 13, "D": 17, "E": 26} {
		check(x.SetColWidth(sum, col, col, wd))
	}
	fundingPrintSetup(x, sum, "portrait", 3, check)

	// 经费明细: a header row and one row per unit.
	det := FundingDetailSheet
	_, err = x.NewSheet(det)
	check(err)
	cols := []Column{{"序号", 6}, {"建设类别", 26}, {"建设单位", 24}, {"建设项目名称", 32}, {"负责人", 10},
		{"建设周期", 10}, {"支持经费（元）", 15}, {"支持经费（大写）", 20}, {"备注", 20}}
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		set(det, cell(col, 1), c.Title, st.header)
		check(x.SetColWidth(det, col, col, c.Width))
	}
	check(x.SetRowHeight(det, 1, 28))
	for i, u := range d.Units {
		r := i + 2
		set(det, cell("A", r), i+1, st.center)
		set(det, cell("B", r), u.CategoryName, st.text)
		set(det, cell("C", r), u.Unit, st.text)
		set(det, cell("D", r), u.Name, st.text)
		set(det, cell("E", r), u.Leader, st.center)
		set(det, cell("F", r), u.Cycle, st.center)
		money(det, cell("G", r), u.Amount, st.money)
		set(det, cell("H", r), Capitals(u.Amount), st.text)
		set(det, cell("I", r), u.Note, st.text)
	}
	check(x.SetPanes(det, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	if len(d.Units) > 0 {
		check(x.AutoFilter(det, fmt.Sprintf("A1:I%d", len(d.Units)+1), nil))
	}
	fundingPrintSetup(x, det, "landscape", 1, check)

	check(x.SetDocProps(&excelize.DocProperties{Title: d.College + fundingTitle(d.Programme, "经费汇总表"),
		Subject: d.Programme, Creator: strings.TrimSpace(d.College + d.Office)}))
	return b.write(w, "funding workbook")
}

// fundingPrintSetup prints a sheet on A4, one page wide, with its first
// rows repeated on every page.
func fundingPrintSetup(x *excelize.File, sheet, orientation string, titleRows int, check func(error)) {
	check(printSetup(x, sheet, orientation, 1, titleRows))
}

type fundingStyles struct {
	title, note, header, text, center, money, wrap int
	totalLabel, totalCenter, totalMoney, totalText int
}

func newFundingStyles(x *excelize.File) (fundingStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := &excelize.Font{Family: "宋体", Size: 11}
	bold := &excelize.Font{Family: "黑体", Size: 11}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	moneyFmt := "#,##0.00"
	defs := []*excelize.Style{
		{Font: &excelize.Font{Family: "黑体", Size: 16}, Alignment: center},
		{Font: &excelize.Font{Family: "宋体", Size: 10, Color: "595959"}, Alignment: left},
		{Font: bold, Alignment: center, Border: border, Fill: fill},
		{Font: font, Alignment: left, Border: border},
		{Font: font, Alignment: center, Border: border},
		{Font: font, Alignment: right, Border: border, CustomNumFmt: &moneyFmt},
		{Font: &excelize.Font{Family: "宋体", Size: 10}, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}},
		{Font: bold, Alignment: center, Border: border, Fill: fill},
		{Font: bold, Alignment: center, Border: border, Fill: fill},
		{Font: bold, Alignment: right, Border: border, Fill: fill, CustomNumFmt: &moneyFmt},
		{Font: bold, Alignment: left, Border: border, Fill: fill},
	}
	ids := make([]int, len(defs))
	for i, def := range defs {
		id, err := x.NewStyle(def)
		if err != nil {
			return fundingStyles{}, err
		}
		ids[i] = id
	}
	return fundingStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8], ids[9], ids[10]}, nil
}
