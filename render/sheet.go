package render

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// InputSheet is a sheet the committee or the clerk fills in and dbzx reads
// back: review sheets and acceptance sheets. Row identity is the first
// column (编号, the application's id); the input columns are unlocked, the
// rest protected.
type InputSheet struct {
	Title   string
	Note    string // one line under the title: how to fill it in
	Kind    string // custom property dbzx.form: review-sheet, accept-sheet
	Columns []InputColumn
	Rows    [][]any
	Props   map[string]string // more custom properties (dbzx.category …)
	// Footer is written below the table, across it: the signature and
	// date line of the people who fill the sheet in.
	Footer string
}

// InputColumn is a column of an input sheet.
type InputColumn struct {
	Title   string
	Width   float64
	Input   bool     // unlocked for typing
	Choices []string // drop-down (on a hidden sheet)
	Date    bool     // formatted as a date
	Number  bool     // a score: numbers only
	Max     float64  // a score's points: data validation allows 0..Max (0: up to 1000)
	// Sum makes the column the sum of the Number columns before it, a
	// formula in each row, locked.
	Sum bool
}

// SheetHeaderRow is the row of an input sheet's column headers.
const SheetHeaderRow = 3

// WriteInputSheet writes an input sheet as .xlsx to path (atomically): the
// title, a note, the header frozen, drop-downs from a hidden sheet, input
// cells unlocked and the layout protected, A4 landscape with the header
// repeated.
func WriteInputSheet(path string, s *InputSheet) error {
	b := newBook()
	defer b.Close()
	x, check := b.File, b.check
	const sheet = "评审表"
	name := sheet
	if s.Kind == "accept-sheet" {
		name = "验收表"
	}
	if err := x.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	st, err := newXlsxStyles(x)
	if err != nil {
		return err
	}
	score, err := x.NewStyle(&excelize.Style{Border: thinBorder(), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Protection: &excelize.Protection{Locked: false}, Font: &excelize.Font{Family: "宋体", Size: 11}})
	check(err)
	last, _ := excelize.ColumnNumberToName(len(s.Columns))
	check(x.MergeCell(name, "A1", last+"1"))
	check(x.SetCellValue(name, "A1", s.Title))
	check(x.SetCellStyle(name, "A1", last+"1", st.title))
	check(x.SetRowHeight(name, 1, 34))
	check(x.MergeCell(name, "A2", last+"2"))
	check(x.SetCellValue(name, "A2", s.Note))
	check(x.SetCellStyle(name, "A2", last+"2", st.note))
	check(x.SetRowHeight(name, 2, 30))
	lastRow := SheetHeaderRow + max(len(s.Rows), 1)
	optCol := 0
	for i, c := range s.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		check(x.SetCellValue(name, fmt.Sprintf("%s%d", col, SheetHeaderRow), c.Title))
		check(x.SetColWidth(name, col, col, c.Width))
		style := st.seq
		switch {
		case c.Sum:
			style = st.seq
		case c.Date:
			style = st.date
		case c.Number:
			style = score
		case c.Input:
			style = st.input
		}
		check(x.SetCellStyle(name, fmt.Sprintf("%s%d", col, SheetHeaderRow+1), fmt.Sprintf("%s%d", col, lastRow), style))
		if len(c.Choices) > 0 {
			optCol++
			ref, err := writeOptions(x, optCol, c.Title, c.Choices)
			check(err)
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(fmt.Sprintf("%s%d:%s%d", col, SheetHeaderRow+1, col, lastRow))
			dv.SetSqrefDropList(ref)
			dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", "请从下拉列表中选择")
			check(x.AddDataValidation(name, dv))
		}
		if c.Number && !c.Sum {
			top := c.Max
			if top <= 0 {
				top = 1000
			}
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(fmt.Sprintf("%s%d:%s%d", col, SheetHeaderRow+1, col, lastRow))
			check(dv.SetRange(0, top, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
			dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", fmt.Sprintf("「%s」请填写 0 至 %g 之间的分数", c.Title, top))
			check(x.AddDataValidation(name, dv))
		}
	}
	check(x.SetCellStyle(name, fmt.Sprintf("A%d", SheetHeaderRow), fmt.Sprintf("%s%d", last, SheetHeaderRow), st.header))
	// Three lines of header text: 政治引领与组织生活（25分） in a column
	// eleven characters wide.
	check(x.SetRowHeight(name, SheetHeaderRow, 54))
	if s.Footer != "" {
		row := lastRow + 2
		check(x.MergeCell(name, fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", last, row)))
		check(x.SetCellValue(name, fmt.Sprintf("A%d", row), s.Footer))
		check(x.SetCellStyle(name, fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", last, row), st.note))
		check(x.SetRowHeight(name, row, 30))
	}
	for r, row := range s.Rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, SheetHeaderRow+1+r)
			if str, ok := v.(string); ok {
				v = SafeText(str)
			}
			check(x.SetCellValue(name, cell, v))
		}
		for c, col := range s.Columns {
			if !col.Sum {
				continue
			}
			var first, last int
			for i := 0; i < c; i++ {
				if s.Columns[i].Number && !s.Columns[i].Sum {
					if first == 0 {
						first = i + 1
					}
					last = i + 1
				}
			}
			if first == 0 {
				continue
			}
			from, _ := excelize.CoordinatesToCellName(first, SheetHeaderRow+1+r)
			to, _ := excelize.CoordinatesToCellName(last, SheetHeaderRow+1+r)
			cell, _ := excelize.CoordinatesToCellName(c+1, SheetHeaderRow+1+r)
			check(x.SetCellFormula(name, cell, "SUM("+from+":"+to+")"))
		}
		check(x.SetRowHeight(name, SheetHeaderRow+1+r, 30))
	}
	check(x.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: SheetHeaderRow, XSplit: 0,
		TopLeftCell: fmt.Sprintf("A%d", SheetHeaderRow+1), ActivePane: "bottomLeft"}))
	check(printSetup(x, name, "landscape", 1, SheetHeaderRow))
	check(x.ProtectSheet(name, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}))
	if optCol > 0 {
		check(x.SetSheetVisible(OptionsSheet, false))
	}
	// 合计 cells are formulas without a stored value: the office suite
	// works them out when the sheet is opened.
	calc := true
	check(x.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &calc}))
	check(x.SetCustomProps(excelize.CustomProperty{Name: PropForm, Value: s.Kind}))
	for k, v := range s.Props {
		check(x.SetCustomProps(excelize.CustomProperty{Name: k, Value: v}))
	}
	return b.save(path, s.Kind)
}
