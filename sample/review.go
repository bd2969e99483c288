package sample

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dbzx/render"
)

// FillSheet fills an input sheet (a review or acceptance sheet dbzx wrote)
// as the committee would: for each row whose 编号 is in values, the cells of
// the named columns. It returns the filled workbook.
func FillSheet(data []byte, values map[int64]map[string]any) ([]byte, error) {
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	rows, err := x.GetRows(sheet)
	if err != nil {
		return nil, err
	}
	if len(rows) < render.SheetHeaderRow {
		return nil, fmt.Errorf("sample: not an input sheet")
	}
	header := rows[render.SheetHeaderRow-1]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i + 1
	}
	for r := render.SheetHeaderRow; r < len(rows); r++ {
		if len(rows[r]) == 0 {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSpace(rows[r][0]), 10, 64)
		if err != nil {
			continue
		}
		// In a fixed order: the filled workbook's shared strings follow
		// the order the cells are set, and the demo's outputs should not
		// change from run to run.
		for _, name := range slices.Sorted(maps.Keys(values[id])) {
			v := values[id][name]
			c, ok := col[name]
			if !ok {
				for h, i := range col { // a score column by its criterion's name
					if strings.HasPrefix(h, name+"（") {
						c, ok = i, true
					}
				}
			}
			if !ok {
				return nil, fmt.Errorf("sample: no column %q", name)
			}
			cell, _ := excelize.CoordinatesToCellName(c, r+1)
			if err := x.SetCellValue(sheet, cell, v); err != nil {
				return nil, err
			}
		}
	}
	var out bytes.Buffer
	err = x.Write(&out)
	return out.Bytes(), err
}
