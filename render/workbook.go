package render

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet is one sheet of a report workbook: a header row and data rows.
type Sheet struct {
	Name    string
	Columns []Column
	Rows    [][]any // string, int, int64, float64; strings are written as text
	// Each, when set, gives the Len rows one at a time instead of Rows
	// (read from the register as they are written).
	Len  int
	Each func(row func([]any) error) error
}

// Column is a report column: its title and width (in characters).
type Column struct {
	Title string
	Width float64
}

// WriteWorkbook writes sheets as an .xlsx report to path (atomically):
// bold shaded header row, frozen, with an autofilter; printed landscape,
// one page wide, the header on every page; every row streamed so a
// report of thousands of files stays small in memory. Each sheet is written
// only through the stream writer: excelize silently drops normal calls
// mixed into a streamed sheet.
func WriteWorkbook(path string, sheets []Sheet, title string) error {
	b := newBook()
	defer b.Close()
	x := b.File
	header, err := x.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Family: "黑体", Size: 11, Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    thinBorder(),
	})
	if err != nil {
		return err
	}
	body, err := x.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Family: "宋体", Size: 10},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Border:    thinBorder(),
	})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", s.Name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(s.Name); err != nil {
			return err
		}
		if err := writeSheet(x, s, header, body); err != nil {
			return fmt.Errorf("report sheet %s: %w", s.Name, err)
		}
	}
	b.check(x.SetDocProps(&excelize.DocProperties{Title: title, Creator: "dbzx"}))
	return b.save(path, "report "+title)
}

func thinBorder() []excelize.Border {
	var b []excelize.Border
	for _, side := range []string{"left", "top", "right", "bottom"} {
		b = append(b, excelize.Border{Type: side, Color: "A6A6A6", Style: 1})
	}
	return b
}

func writeSheet(x *excelize.File, s Sheet, header, body int) error {
	// Print setup and the filter first: the stream writer keeps what the
	// sheet has when it is made, and drops what is set after.
	// (The filter before the page setup: excelize's AutoFilter replaces
	// the sheet properties that carry fit-to-page.)
	n := len(s.Rows)
	if s.Each != nil {
		n = s.Len
	}
	last, _ := excelize.CoordinatesToCellName(len(s.Columns), n+1)
	if err := x.AutoFilter(s.Name, "A1:"+last, nil); err != nil {
		return err
	}
	if err := printSetup(x, s.Name, "landscape", 1, 1); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(s.Name)
	if err != nil {
		return err
	}
	for i, c := range s.Columns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(s.Columns))
	for i, c := range s.Columns {
		head[i] = excelize.Cell{StyleID: header, Value: c.Title}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	r := 0
	var cells []any
	write := func(row []any) error {
		cells = cells[:0]
		for _, v := range row {
			if str, ok := v.(string); ok {
				v = SafeText(str)
			}
			cells = append(cells, excelize.Cell{StyleID: body, Value: v})
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		r++
		return sw.SetRow(cell, cells)
	}
	if s.Each != nil {
		if err := s.Each(write); err != nil {
			return err
		}
	}
	for _, row := range s.Rows {
		if err := write(row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// SafeText keeps a value a department typed from being taken for a
// formula when the sheet is edited or exported: text starting with = + -
// @ (or a tab or carriage return) gets a leading apostrophe-like guard.
// excelize writes strings as strings, but a clerk's re-typing, a CSV
// export or another tool would not.
func SafeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
