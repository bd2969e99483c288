package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dbzx/config"
	"dbzx/templates"
)

// writtenXlsx writes the summary form and reopens it as a reader would.
func writtenXlsx(t *testing.T, cfg *config.Config) (*templates.Form, *excelize.File) {
	t.Helper()
	form := formByID(t, "summary")
	var b bytes.Buffer
	if err := WriteXlsx(&b, form, cfg); err != nil {
		t.Fatalf("WriteXlsx: %v", err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("excelize cannot reopen the summary: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return form, x
}

// entries is the summary's one table field, whose columns are the sheet's.
func entries(t *testing.T, form *templates.Form) *templates.Field {
	t.Helper()
	f := form.Field("entries")
	if f == nil || f.Type != templates.Table {
		t.Fatal("summary has no entries table")
	}
	return f
}

// columnOf is the sheet column (B) of the table column labelled label.
func columnOf(t *testing.T, table *templates.Field, label string) string {
	t.Helper()
	for i, c := range table.Columns {
		if c.Label == label {
			name, err := excelize.ColumnNumberToName(i + 1)
			if err != nil {
				t.Fatal(err)
			}
			return name
		}
	}
	t.Fatalf("no column %s", label)
	return ""
}

var rangeRef = regexp.MustCompile(`^'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$`)

// listFromRef reads the cells an absolute one-column range refers to.
func listFromRef(t *testing.T, x *excelize.File, ref string) (sheet string, items []string) {
	t.Helper()
	m := rangeRef.FindStringSubmatch(ref)
	if m == nil {
		t.Fatalf("list source %q is not an absolute range on another sheet", ref)
	}
	if m[2] != m[4] {
		t.Fatalf("list source %q spans columns", ref)
	}
	from, _ := strconv.Atoi(m[3])
	to, _ := strconv.Atoi(m[5])
	for r := from; r <= to; r++ {
		v, err := x.GetCellValue(m[1], fmt.Sprintf("%s%d", m[2], r))
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, v)
	}
	return m[1], items
}

// TestXlsxSheets defends what the clerk and the departments see: the sheet
// named after the form, and the drop-down lists kept out of sight.
func TestXlsxSheets(t *testing.T) {
	t.Parallel()
	_, x := writtenXlsx(t, testConfig(t))
	if got := strings.Join(x.GetSheetList(), ","); got != "申报汇总表,"+OptionsSheet {
		t.Errorf("sheets = %s, want 申报汇总表,%s", got, OptionsSheet)
	}
	if vis, err := x.GetSheetVisible("申报汇总表"); err != nil || !vis {
		t.Errorf("main sheet visible = %v, %v", vis, err)
	}
	if vis, err := x.GetSheetVisible(OptionsSheet); err != nil || vis {
		t.Errorf("options sheet visible = %v, %v; want hidden", vis, err)
	}
}

// TestXlsxDropDowns defends input the intake can trust: the category and
// the provincial flag are picked from lists, the category list being the
// configured categories (not a copy in the spec), over exactly the input
// rows, refusing anything else.
func TestXlsxDropDowns(t *testing.T) {
	t.Parallel()
	changed := testConfig(t)
	// A changed configuration must show in the list: a shorter one.
	changed.Categories = changed.Categories[:3]
	changed.Categories[2].Name = "试点类别"
	configs := []struct {
		name string
		cfg  *config.Config
	}{
		{"defaults", testConfig(t)},
		{"changed categories", changed},
	}
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			form, x := writtenXlsx(t, c.cfg)
			table := entries(t, form)
			dvs, err := x.GetDataValidations("申报汇总表")
			if err != nil {
				t.Fatal(err)
			}
			last := xlsxFirstRow + table.Rows - 1
			tests := []struct {
				label string
				want  []string
			}{
				{"申报类别", c.cfg.CategoryNames()},
				{"是否已被推荐为省级", []string{"是", "否"}},
			}
			if len(dvs) != len(tests) {
				t.Errorf("%d validations, want %d (one per choice column)", len(dvs), len(tests))
			}
			for _, tt := range tests {
				t.Run(tt.label, func(t *testing.T) {
					col := columnOf(t, table, tt.label)
					sqref := fmt.Sprintf("%s%d:%s%d", col, xlsxFirstRow, col, last)
					var dv *excelize.DataValidation
					for _, v := range dvs {
						if v.Sqref == sqref {
							dv = v
						}
					}
					if dv == nil {
						t.Fatalf("no validation over %s", sqref)
					}
					if dv.Type != "list" {
						t.Errorf("validation type %q, want list", dv.Type)
					}
					if !dv.ShowErrorMessage || dv.ErrorStyle == nil || *dv.ErrorStyle != "stop" {
						t.Error("a value outside the list is not refused")
					}
					sheet, items := listFromRef(t, x, dv.Formula1)
					if sheet != OptionsSheet {
						t.Errorf("list on sheet %q, want %s", sheet, OptionsSheet)
					}
					if strings.Join(items, "|") != strings.Join(tt.want, "|") {
						t.Errorf("list = %v, want %v", items, tt.want)
					}
				})
			}
		})
	}
	if n := len(testConfig(t).Categories); n != 4 {
		t.Errorf("default configuration has %d categories, want 4", n)
	}
}

// TestXlsxProtection defends the layout against accidental edits: the
// sheet is protected, the input cells are not locked, the title is.
func TestXlsxProtection(t *testing.T) {
	t.Parallel()
	_, x := writtenXlsx(t, testConfig(t))
	p, err := x.GetSheetProtection("申报汇总表")
	if err != nil {
		t.Fatal(err)
	}
	if p == (excelize.SheetProtectionOptions{}) {
		t.Fatal("sheet is not protected")
	}
	if !p.InsertRows || !p.SelectUnlockedCells || p.FormatCells || p.DeleteColumns {
		t.Errorf("protection = %+v, want rows insertable and cells unformattable", p)
	}
	locked := func(cell string) bool {
		t.Helper()
		id, err := x.GetCellStyle("申报汇总表", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := x.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st.Protection == nil || st.Protection.Locked
	}
	tests := []struct {
		cell   string
		locked bool
	}{
		{"A1", true},  // title
		{"A4", true},  // column header
		{"A5", true},  // pre-filled 序号
		{"C5", false}, // 申报名称, first row
		{"B34", false},
		{"H34", false}, // 备注, last row
		{"C2", false},  // 填报单位 value (its label spans A2:B2)
		{"A2", true},   // its label
	}
	for _, tt := range tests {
		if got := locked(tt.cell); got != tt.locked {
			t.Errorf("%s locked = %v, want %v", tt.cell, got, tt.locked)
		}
	}
}

// TestXlsxLayout defends what a reader of the summary relies on: the title
// in A1, the column labels in row 4 in spec order, the header frozen above
// row 5, 30 numbered rows, and the form's identity in the custom
// properties.
func TestXlsxLayout(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	form, x := writtenXlsx(t, cfg)
	table := entries(t, form)
	const sheet = "申报汇总表"
	get := func(cell string) string {
		t.Helper()
		v, err := x.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := get("A1"); got != form.Title {
		t.Errorf("A1 = %q, want the title %q", got, form.Title)
	}
	for i, c := range table.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if got := get(fmt.Sprintf("%s%d", col, xlsxHeaderRow)); got != c.Label {
			t.Errorf("%s%d = %q, want %q", col, xlsxHeaderRow, got, c.Label)
		}
	}
	after, _ := excelize.ColumnNumberToName(len(table.Columns) + 1)
	if got := get(fmt.Sprintf("%s%d", after, xlsxHeaderRow)); got != "" {
		t.Errorf("header row has an extra column: %q", got)
	}
	if table.Rows != 30 {
		t.Fatalf("spec has %d rows, the tests below assume 30", table.Rows)
	}
	for r := 0; r < table.Rows; r++ {
		if got, want := get(fmt.Sprintf("A%d", xlsxFirstRow+r)), strconv.Itoa(r+1); got != want {
			t.Errorf("A%d = %q, want %s", xlsxFirstRow+r, got, want)
		}
	}
	if get("A5") != "1" || get("A34") != "30" || get("A35") != "" {
		t.Errorf("numbering A5 %q A34 %q A35 %q, want 1, 30 and nothing", get("A5"), get("A34"), get("A35"))
	}
	for i, f := range form.Cover {
		slot := headerSlots[i%len(headerSlots)]
		cell := fmt.Sprintf("%s%d", slot.label, 2+i/len(headerSlots))
		if got := get(cell); got != f.Label {
			t.Errorf("%s = %q, want the cover label %q", cell, got, f.Label)
		}
	}

	panes, err := x.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != xlsxHeaderRow || panes.XSplit != 0 || panes.TopLeftCell != "A5" {
		t.Errorf("panes = %+v, want frozen below row 4", panes)
	}

	props, err := x.GetCustomProps()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, p := range props {
		got[p.Name] = p.Value
	}
	if got[PropForm] != "summary" || got[PropVersion] != form.Version || got[PropCode] != form.Code {
		t.Errorf("custom properties = %v", got)
	}
}
