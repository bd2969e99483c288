package render

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"dbzx/config"
	"dbzx/templates"
)

// OptionsSheet is the hidden sheet holding the drop-down lists. Lists live
// there, not inline in the validation, because inline lists are capped at
// 255 characters.
const OptionsSheet = "选项"

// Layout of the summary sheet: the title row, the header block (the
// form's cover fields) and the column-header row, then the input rows.
const (
	xlsxTitleRow  = 1
	xlsxHeaderRow = 4 // column headers
	xlsxFirstRow  = 5 // first input row
)

// headerSlots places the cover fields in rows 2–3: a label range and a
// value range. The first label spans A:B because column A (序号) is narrow.
var headerSlots = []struct{ label, labelTo, from, to string }{
	{"A", "B", "C", "D"}, {"E", "E", "F", "F"}, {"G", "G", "H", "H"},
}

// WriteXlsx writes a spreadsheet form (附件9): a merged title, the header
// block, column headers and blank rows for the form's one table field, with
// drop-downs for choice columns, input cells unlocked and the rest
// protected, the header frozen, A4 landscape with the header rows repeated
// on every printed page. The sheet is named after the form's short title.
func WriteXlsx(w io.Writer, form *templates.Form, cfg *config.Config) error {
	if form.Format != templates.FormatXlsx {
		return fmt.Errorf("render: form %s is %s, not xlsx", form.ID, form.Format)
	}
	table := tableField(form)
	if table == nil {
		return fmt.Errorf("render: form %s has no table field for its rows", form.ID)
	}
	b := newBook()
	defer b.Close()
	x, check := b.File, b.check
	sheet := form.ShortTitle
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	st, err := newXlsxStyles(x)
	if err != nil {
		return err
	}
	cols := table.Columns
	last, _ := excelize.ColumnNumberToName(len(cols))
	cell := func(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }

	// Title.
	check(x.MergeCell(sheet, "A1", cell(last, xlsxTitleRow)))
	check(x.SetCellValue(sheet, "A1", form.Title))
	check(x.SetCellStyle(sheet, "A1", cell(last, xlsxTitleRow), st.title))
	check(x.SetRowHeight(sheet, xlsxTitleRow, 36))

	// Header block: the cover fields in label/value slots over rows 2–3.
	for i, f := range form.Cover {
		row := 2 + i/len(headerSlots)
		slot := headerSlots[i%len(headerSlots)]
		check(x.SetCellValue(sheet, cell(slot.label, row), f.Label))
		if slot.label != slot.labelTo {
			check(x.MergeCell(sheet, cell(slot.label, row), cell(slot.labelTo, row)))
		}
		check(x.SetCellStyle(sheet, cell(slot.label, row), cell(slot.labelTo, row), st.label))
		if slot.from != slot.to {
			check(x.MergeCell(sheet, cell(slot.from, row), cell(slot.to, row)))
		}
		style := st.input
		if f.Type == templates.Date {
			style = st.date
		}
		check(x.SetCellStyle(sheet, cell(slot.from, row), cell(slot.to, row), style))
	}
	if n := len(form.Cover) % len(headerSlots); n != 0 && len(form.Cover) > 0 {
		// The rest of the last header row carries a short instruction.
		row := 2 + (len(form.Cover)-1)/len(headerSlots)
		from := headerSlots[n].label
		check(x.MergeCell(sheet, cell(from, row), cell(last, row)))
		check(x.SetCellValue(sheet, cell(from, row), "申报类别、是否已被推荐为省级请从下拉列表中选择；本表须与申报书一并报送。"))
		check(x.SetCellStyle(sheet, cell(from, row), cell(last, row), st.note))
	}
	check(x.SetRowHeight(sheet, 2, 28))
	check(x.SetRowHeight(sheet, 3, 28))

	// Column headers and input rows.
	rows := max(table.Rows, 1)
	lastRow := xlsxFirstRow + rows - 1
	check(x.SetRowHeight(sheet, xlsxHeaderRow, 32))
	optCol := 0
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		check(x.SetCellValue(sheet, cell(col, xlsxHeaderRow), c.Label))
		check(x.SetColWidth(sheet, col, col, float64(weight(c))*5))
		style := st.input
		if c.ID == "seq" {
			style = st.seq
			for r := 0; r < rows; r++ {
				check(x.SetCellValue(sheet, cell(col, xlsxFirstRow+r), r+1))
			}
		}
		check(x.SetCellStyle(sheet, cell(col, xlsxFirstRow), cell(col, lastRow), style))
		if c.Type == templates.Choice {
			items := c.Choices
			if c.ChoicesFrom == templates.ChoicesFromCategories {
				items = cfg.CategoryNames()
			}
			optCol++
			ref, err := writeOptions(x, optCol, c.Label, items)
			check(err)
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(fmt.Sprintf("%s%d:%s%d", col, xlsxFirstRow, col, lastRow))
			dv.SetSqrefDropList(ref)
			dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", "请从下拉列表中选择"+c.Label)
			check(x.AddDataValidation(sheet, dv))
		}
	}
	check(x.SetCellStyle(sheet, cell("A", xlsxHeaderRow), cell(last, xlsxHeaderRow), st.header))

	// Frozen header, print setup, protection.
	check(x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: xlsxHeaderRow,
		TopLeftCell: cell("A", xlsxFirstRow), ActivePane: "bottomLeft"}))
	check(printSetup(x, sheet, "landscape", 1, xlsxHeaderRow))
	// The blank 附件9 is one sheet of paper: its rows were spilling four
	// onto a second page.
	one := 1
	check(x.SetPageLayout(sheet, &excelize.PageLayoutOptions{FitToHeight: &one}))
	check(x.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, InsertRows: true,
	}))
	check(x.SetSheetVisible(OptionsSheet, false))

	// Identity and document properties.
	for _, p := range FormProps(form) {
		check(x.SetCustomProps(excelize.CustomProperty{Name: p.Name, Value: p.Value}))
	}
	check(x.SetDocProps(&excelize.DocProperties{
		Title: form.Title, Subject: cfg.College + cfg.Programme, Creator: cfg.College + cfg.Office,
		Keywords: form.Code + " " + form.ID + " " + form.Version,
		Created:  cfg.NoticeDate.Format("2006-01-02T15:04:05Z"), Modified: cfg.NoticeDate.Format("2006-01-02T15:04:05Z"),
	}))
	return b.write(w, "form "+form.ID)
}

// tableField is the first table field of a form.
func tableField(form *templates.Form) *templates.Field {
	for _, f := range form.Fields() {
		if f.Type == templates.Table {
			return f
		}
	}
	return nil
}

// writeOptions writes a list into column n of the hidden options sheet and
// returns the absolute reference a validation points to.
func writeOptions(x *excelize.File, n int, title string, items []string) (string, error) {
	if idx, _ := x.GetSheetIndex(OptionsSheet); idx < 0 {
		if _, err := x.NewSheet(OptionsSheet); err != nil {
			return "", err
		}
	}
	col, _ := excelize.ColumnNumberToName(n)
	if err := x.SetCellValue(OptionsSheet, col+"1", title); err != nil {
		return "", err
	}
	for i, it := range items {
		if err := x.SetCellValue(OptionsSheet, fmt.Sprintf("%s%d", col, i+2), it); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("'%s'!$%s$2:$%s$%d", OptionsSheet, col, col, len(items)+1), nil
}

type xlsxStyles struct {
	title, label, input, date, header, seq, note int
}

func newXlsxStyles(x *excelize.File) (xlsxStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := &excelize.Font{Family: "宋体", Size: 11}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	unlocked := &excelize.Protection{Locked: false}
	dateFmt := "yyyy\"年\"m\"月\"d\"日\""
	defs := []*excelize.Style{
		{Font: &excelize.Font{Family: "黑体", Size: 16, Bold: true}, Alignment: center},
		{Font: font, Alignment: center, Border: border, Fill: fill},
		{Font: font, Alignment: left, Border: border, Protection: unlocked},
		{Font: font, Alignment: left, Border: border, Protection: unlocked, CustomNumFmt: &dateFmt},
		{Font: &excelize.Font{Family: "黑体", Size: 11}, Alignment: center, Border: border, Fill: fill},
		{Font: font, Alignment: center, Border: border},
		{Font: &excelize.Font{Family: "宋体", Size: 9, Color: "595959"}, Alignment: left},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := x.NewStyle(d)
		if err != nil {
			return xlsxStyles{}, err
		}
		ids[i] = id
	}
	return xlsxStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]}, nil
}
