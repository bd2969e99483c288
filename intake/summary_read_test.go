package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dbzx/config"
	"dbzx/internal/convert"
	"dbzx/internal/testutil"
	"dbzx/render"
	"dbzx/templates"
)

// summaryEnv is the summary form spec and the default configuration.
func summaryEnv(t testing.TB) (*templates.Form, *config.Config, *templates.Set) {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	form, ok := forms.Find("summary")
	if !ok {
		t.Fatal("no summary form")
	}
	return form, cfg, forms
}

// blankSummary is the blank sheet as render writes it.
func blankSummary(t testing.TB, form *templates.Form, cfg *config.Config) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := render.WriteXlsx(&b, form, cfg); err != nil {
		t.Fatalf("WriteXlsx: %v", err)
	}
	return b.Bytes()
}

// xlsxBytes writes an excelize file to bytes.
func xlsxBytes(t testing.TB, x *excelize.File) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// setCells sets cells of a sheet ("C2" → value), failing on any error.
func setCells(t testing.TB, x *excelize.File, sheet string, cells map[string]any) {
	t.Helper()
	for ref, v := range cells {
		if err := x.SetCellValue(sheet, ref, v); err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
	}
}

// filledSummary fills the generated blank sheet as a department would, in
// Excel: the header block (the date as a date serial in its date-formatted
// cell), four rows with blank rows between them, a unit cell merged over
// two rows, phones as numbers and as text, categories full and short,
// 是/否 as √, and a row of values that do not parse.
func filledSummary(t testing.TB, form *templates.Form, cfg *config.Config) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(blankSummary(t, form, cfg)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := form.ShortTitle
	setCells(t, x, sheet, map[string]any{
		"C2": "铁道工程学院党总支", "F2": "张三", "H2": "0371-6891 2345",
		"C3": 44885, // 2022-11-20, typed into a cell formatted as a date

		"B5": "标杆院部", "C5": "铁道工程学院", "D5": "铁道工程学院党总支", "E5": "李四",
		"F5": 13812345678, "G5": "√",

		"B7": " 党建工作样板党支部 ", "C7": "铁道工程学院教工第一党支部", "D7": "铁道工程学院教工党支部",
		"E7": "王五", "F7": "138 0000 1111", "G7": "否", "H7": 44866,

		"B8": "双带头人工作室", "C8": "王五书记工作室", "E8": "赵六", "F8": 13912345678.0,
		"G8": "是", "H8": "已获校级立项\n拟推荐",

		"B12": "其他类别", "C12": "测试项目", "D12": "机关第一直属党支部", "E12": "钱七",
		"F12": "12345", "G12": "可能",
	})
	if err := x.MergeCell(sheet, "D7", "D8"); err != nil {
		t.Fatal(err)
	}
	dateFmt := `yyyy"年"m"月"d"日"`
	style, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellStyle(sheet, "H7", "H7", style); err != nil {
		t.Fatal(err)
	}
	return xlsxBytes(t, x)
}

// wantFilled is what filledSummary must read back as.
func wantFilled() *Summary {
	return &Summary{
		Filler: "铁道工程学院党总支", Person: "张三", Phone: "0371-68912345", Date: "2022-11-20",
		Rows: []SummaryRow{
			{Seq: 1, Category: "党建工作“标杆院部”", Name: "铁道工程学院", Unit: "铁道工程学院党总支",
				Leader: "李四", Phone: "13812345678", Provincial: "是"},
			{Seq: 3, Category: "党建工作样板党支部", Name: "铁道工程学院教工第一党支部", Unit: "铁道工程学院教工党支部",
				Leader: "王五", Phone: "13800001111", Provincial: "否", Note: "2022年11月1日"},
			{Seq: 4, Category: "“双带头人”教师党支部书记工作室", Name: "王五书记工作室", Unit: "铁道工程学院教工党支部",
				Leader: "赵六", Phone: "13912345678", Provincial: "是", Note: "已获校级立项\n拟推荐"},
			{Seq: 8, Name: "测试项目", Unit: "机关第一直属党支部", Leader: "钱七", Phone: "12345",
				Problems: []string{
					"申报类别：“其他类别”不在可选项中（党建工作“标杆院部”/党建工作样板党支部/“双带头人”教师党支部书记工作室/基层党建创新项目）",
					"联系电话：“12345”不是有效的电话号码",
					"是否已被推荐为省级：“可能”不在可选项中（是/否）",
				}},
		},
	}
}

// checkSummary compares every value, and shows both summaries when they
// differ.
func checkSummary(t *testing.T, got, want *Summary) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	if got != nil && want != nil {
		if got.Filler != want.Filler || got.Person != want.Person || got.Phone != want.Phone || got.Date != want.Date {
			t.Errorf("header block: got %q %q %q %q, want %q %q %q %q", got.Filler, got.Person, got.Phone, got.Date,
				want.Filler, want.Person, want.Phone, want.Date)
		}
		for i := range max(len(got.Rows), len(want.Rows)) {
			switch {
			case i >= len(got.Rows):
				t.Errorf("row %d missing: want %+v", i, want.Rows[i])
			case i >= len(want.Rows):
				t.Errorf("extra row %d: %+v", i, got.Rows[i])
			case !reflect.DeepEqual(got.Rows[i], want.Rows[i]):
				t.Errorf("row %d:\n got  %+v\n want %+v", i, got.Rows[i], want.Rows[i])
			}
		}
		if !reflect.DeepEqual(got.Warnings, want.Warnings) {
			t.Errorf("warnings: got %q, want %q", got.Warnings, want.Warnings)
		}
	}
	t.Fatalf("summary differs:\n got %s\nwant %s", g, w)
}

func readSummaryOK(t *testing.T, data []byte, form *templates.Form, cfg *config.Config) *Summary {
	t.Helper()
	s, err := ReadSummary(data, form, cfg.CategoryNames())
	if err != nil {
		t.Fatalf("ReadSummary: %v", err)
	}
	return s
}

func TestSummaryBlankSheetReadsEmpty(t *testing.T) {
	t.Parallel()
	form, cfg, _ := summaryEnv(t)
	got := readSummaryOK(t, blankSummary(t, form, cfg), form, cfg)
	checkSummary(t, got, &Summary{Rows: []SummaryRow{}})
}

func TestSummaryFilledSheet(t *testing.T) {
	t.Parallel()
	form, cfg, _ := summaryEnv(t)
	got := readSummaryOK(t, filledSummary(t, form, cfg), form, cfg)
	checkSummary(t, got, wantFilled())
}

// TestSummaryRowsAfterTable: a unit merged down over a blank row makes no
// row of it, a note merged across the table is skipped with a warning, the
// header copied again is no row, and rows beyond the 30 prefilled ones are
// read.
func TestSummaryRowsAfterTable(t *testing.T) {
	t.Parallel()
	form, cfg, _ := summaryEnv(t)
	x, err := excelize.OpenReader(bytes.NewReader(blankSummary(t, form, cfg)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := form.ShortTitle
	setCells(t, x, sheet, map[string]any{
		"B5": "创新项目", "C5": "项目甲", "D5": "信息工程学院党总支", "E5": "孙八", "F5": "13912345678", "G5": "N",
		// The header copied in again with the table.
		"A20": "序号", "B20": "申报类别", "C20": "申报名称", "D20": "申报单位（党支部/院部）", "E20": "负责人",
		"F20": "联系电话", "G20": "是否已被推荐为省级", "H20": "备注",
		"A40": "31", "B40": "基层党建创新项目", "C40": "项目乙", "D40": "信息工程学院党总支",
		"A42": "注：本表由各党总支汇总填报，加盖公章后报送。",
	})
	for _, m := range [][2]string{{"D5", "D6"}, {"A42", "H42"}} {
		if err := x.MergeCell(sheet, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	got := readSummaryOK(t, xlsxBytes(t, x), form, cfg)
	checkSummary(t, got, &Summary{
		Rows: []SummaryRow{
			{Seq: 1, Category: "基层党建创新项目", Name: "项目甲", Unit: "信息工程学院党总支", Leader: "孙八",
				Phone: "13912345678", Provincial: "否"},
			{Seq: 31, Category: "基层党建创新项目", Name: "项目乙", Unit: "信息工程学院党总支"},
		},
		Warnings: []string{"第42行是跨列合并的说明文字，已忽略：注：本表由各党总支汇总填报，加盖公章后报送。"},
	})
}

// TestSummaryFromScratch: a sheet a department made itself: a hidden
// sheet with the headers before it, the headers in row 2 in another order
// with extra columns and retyped labels, no header block, numbers stored
// as text and as numbers, a note merged across the table.
func TestSummaryFromScratch(t *testing.T) {
	t.Parallel()
	form, cfg, _ := summaryEnv(t)
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", "说明"); err != nil {
		t.Fatal(err)
	}
	setCells(t, x, "说明", map[string]any{"A1": "本工作簿含申报汇总表。"})
	for _, name := range []string{"旧表", "汇总"} {
		if _, err := x.NewSheet(name); err != nil {
			t.Fatal(err)
		}
	}
	// A hidden sheet with the full header and a row that must not be read.
	setCells(t, x, "旧表", map[string]any{"A1": "序号", "B1": "申报类别", "C1": "申报名称", "D1": "申报单位",
		"E1": "负责人", "F1": "联系电话", "G1": "是否已被推荐为省级", "H1": "备注", "A2": 1, "C2": "旧项目"})
	if err := x.SetSheetVisible("旧表", false); err != nil {
		t.Fatal(err)
	}
	s := "汇总"
	setCells(t, x, s, map[string]any{
		"A1": "2022年度申报汇总",
		"A2": "申报名称", "B2": "申 报 类 别", "C2": "所属党总支", "D2": "申报单位(党支部/院部)", "E2": "负 责 人",
		"F2": "联系\n电话", "G2": "是否已被推荐为省级\n（是/否）", "H2": "序号", "I2": "备注", "J2": "审核意见",

		"A3": "创新驱动 党建引领", "B3": " 创新项目 ", "C3": "信息工程学院党总支", "D3": "信息工程学院党总支",
		"E3": "孙八", "F3": "+86 139-1234-5678", "G3": "Y", "H3": "1",

		"A4": "标杆院部创建", "B4": `党建工作"标杆院部"`, "D4": "电气工程学院党总支", "E4": "周九",
		"F4": "（0371）68900000", "G4": "N", "H4": "２", "I4": "备注 文字",

		"J5": "同意", // only an extra column: no row

		"A6": "样板支部", "B6": "样板党支部", "D6": "经济管理学院党总支", "E6": "吴十", "F6": 13700001111.0,
		"H6": 3, "J6": "同意",

		"A8": "注：本表由各党总支汇总填报。",
	})
	for _, m := range [][2]string{{"A1", "J1"}, {"A8", "J8"}} {
		if err := x.MergeCell(s, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	sci, err := x.NewStyle(&excelize.Style{NumFmt: 11}) // 0.00E+00: F6 shows 1.37E+10
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellStyle(s, "F6", "F6", sci); err != nil {
		t.Fatal(err)
	}
	x.SetActiveSheet(2)
	got := readSummaryOK(t, xlsxBytes(t, x), form, cfg)
	checkSummary(t, got, &Summary{
		Rows: []SummaryRow{
			{Seq: 1, Category: "基层党建创新项目", Name: "创新驱动 党建引领", Unit: "信息工程学院党总支", Leader: "孙八",
				Phone: "13912345678", Provincial: "是"},
			{Seq: 2, Category: "党建工作“标杆院部”", Name: "标杆院部创建", Unit: "电气工程学院党总支", Leader: "周九",
				Phone: "0371-68900000", Provincial: "否", Note: "备注 文字"},
			{Seq: 3, Category: "党建工作样板党支部", Name: "样板支部", Unit: "经济管理学院党总支", Leader: "吴十",
				Phone: "13700001111"},
		},
		Warnings: []string{"第8行是跨列合并的说明文字，已忽略：注：本表由各党总支汇总填报。"},
	})
}

// TestSummaryHiddenSheetOnly: the headers only on a hidden sheet are read,
// with a warning; a column missing from the header is named.
func TestSummaryHiddenSheetOnly(t *testing.T) {
	t.Parallel()
	form, cfg, _ := summaryEnv(t)
	x := excelize.NewFile()
	defer x.Close()
	if _, err := x.NewSheet("数据"); err != nil {
		t.Fatal(err)
	}
	setCells(t, x, "数据", map[string]any{"A1": "序号", "B1": "申报类别", "C1": "申报名称", "D1": "申报单位",
		"E1": "负责人", "F1": "联系电话", "G1": "是否省级", "A2": 1, "B2": "样板党支部", "C2": "甲支部"})
	if err := x.SetSheetVisible("数据", false); err != nil {
		t.Fatal(err)
	}
	got := readSummaryOK(t, xlsxBytes(t, x), form, cfg)
	checkSummary(t, got, &Summary{
		Rows:     []SummaryRow{{Seq: 1, Category: "党建工作样板党支部", Name: "甲支部"}},
		Warnings: []string{"汇总表表头只在隐藏的工作表“数据”中找到", "表中未找到“备注”列"},
	})
}

// TestSummaryHeaderBlockForms: the header block as departments retype it.
func TestSummaryHeaderBlockForms(t *testing.T) {
	t.Parallel()
	form, cfg, _ := summaryEnv(t)
	cases := []struct {
		name  string
		cells map[string]any
		merge [][2]string
		want  Summary
	}{
		{"all in one cell", map[string]any{
			"A1": "填报单位（盖章）：铁道工程学院党总支    填报人：张三   联系电话：0371-68912345  填报日期：2022年11月20日"},
			[][2]string{{"A1", "H1"}},
			Summary{Filler: "铁道工程学院党总支", Person: "张三", Phone: "0371-68912345", Date: "2022-11-20"}},
		{"label and colon, value further right", map[string]any{
			"A1": "填报单位：", "C1": "铁道工程学院党总支", "E1": "填 报 人", "F1": "张三",
			"A2": "填报日期:", "B2": "2022.11.1", "E2": "联系电话", "G2": 13812345678},
			nil,
			Summary{Filler: "铁道工程学院党总支", Person: "张三", Phone: "13812345678", Date: "2022-11-01"}},
		{"blank value before the next label", map[string]any{
			"A1": "填报人", "C1": "联系电话", "D1": "13812345678", "A2": "填报单位（盖章）", "B2": "", "D2": "不是值",
			"E2": "填报日期：    年   月   日"},
			[][2]string{{"B2", "C2"}},
			Summary{Phone: "13812345678"}},
		{"date that does not parse", map[string]any{"A1": "填报日期", "B1": "下周一", "C1": "联系电话", "D1": "123"},
			nil,
			Summary{Phone: "123", Warnings: []string{"联系电话：“123”不是有效的电话号码", "填报日期：“下周一”不是可识别的日期"}}},
		// B1 is shown as 11-20-22 (number format 14), D1 as 1.38E+10
		// (format 11): the stored values are read.
		{"number formats", map[string]any{"A1": "填报日期", "B1": 44885, "C1": "联系电话", "D1": 13812345678},
			nil,
			Summary{Phone: "13812345678", Date: "2022-11-20"}},
	}
	numFmts := map[string]int{"number formats/B1": 14, "number formats/D1": 11}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := excelize.NewFile()
			defer x.Close()
			setCells(t, x, "Sheet1", c.cells)
			setCells(t, x, "Sheet1", map[string]any{"A3": "序号", "B3": "申报类别", "C3": "申报名称", "D3": "申报单位",
				"E3": "负责人", "F3": "联系电话", "G3": "是否已被推荐为省级", "H3": "备注", "A4": 1, "C4": "甲"})
			for _, m := range c.merge {
				if err := x.MergeCell("Sheet1", m[0], m[1]); err != nil {
					t.Fatal(err)
				}
			}
			for key, id := range numFmts {
				name, ref, _ := strings.Cut(key, "/")
				if name != c.name {
					continue
				}
				st, err := x.NewStyle(&excelize.Style{NumFmt: id})
				if err != nil {
					t.Fatal(err)
				}
				if err := x.SetCellStyle("Sheet1", ref, ref, st); err != nil {
					t.Fatal(err)
				}
				if v, _ := x.GetCellValue("Sheet1", ref); v == fmt.Sprint(c.cells[ref]) {
					t.Fatalf("%s shows %q: the number format hides nothing", ref, v)
				}
			}
			want := c.want
			want.Rows = []SummaryRow{{Seq: 1, Name: "甲"}}
			checkSummary(t, readSummaryOK(t, xlsxBytes(t, x), form, cfg), &want)
		})
	}
}

func TestSummaryNotASummary(t *testing.T) {
	t.Parallel()
	form, cfg, forms := summaryEnv(t)
	docForm, ok := forms.Find("model_branch")
	if !ok {
		t.Fatal("no model_branch form")
	}
	var docx bytes.Buffer
	if err := render.WriteDocx(&docx, docForm, cfg, nil); err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	random[0], random[1] = 'P', 'K' // looks like a zip, is not one
	x := excelize.NewFile()
	setCells(t, x, "Sheet1", map[string]any{"A1": "序号", "B1": "姓名", "C1": "备注"})
	other := xlsxBytes(t, x)
	x.Close()

	cases := []struct {
		name string
		data []byte
		is   error
		msg  string
	}{
		{"docx", docx.Bytes(), ErrNotWorkbook, "不是 Excel 工作簿（.xlsx）：这是 Word 文档（.docx），不是申报汇总表"},
		{"random bytes", random, ErrNotWorkbook, "不是 Excel 工作簿（.xlsx）：文件不是有效的压缩包（已损坏或不是 .xlsx）"},
		{"text", []byte("序号,申报类别,申报名称\n1,创新项目,甲\n"), ErrNotWorkbook, "不是 Excel 工作簿（.xlsx）：文件不是 Office Open XML 格式"},
		{"empty", nil, ErrNotWorkbook, "不是 Excel 工作簿（.xlsx）：文件为空"},
		{"old xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, random...), ErrNotWorkbook,
			"不是 Excel 工作簿（.xlsx）：这是旧版 Office 文件（.xls/.doc）或加密的文件，请另存为 .xlsx"},
		{"another workbook", other, ErrNoSummaryHeader, "未找到申报汇总表的表头（序号、申报类别、申报名称…）"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := ReadSummary(c.data, form, cfg.CategoryNames())
			if err == nil {
				t.Fatalf("no error; read %+v", s)
			}
			if !errors.Is(err, c.is) || err.Error() != c.msg {
				t.Fatalf("error %q (is %v: %v), want %q", err, c.is, errors.Is(err, c.is), c.msg)
			}
		})
	}
}

func TestSummaryCategoryNames(t *testing.T) {
	t.Parallel()
	_, cfg, _ := summaryEnv(t)
	names := cfg.CategoryNames()
	cases := []struct{ in, want string }{
		{"党建工作“标杆院部”", "党建工作“标杆院部”"},
		{"党建工作 \"标杆院部\"", "党建工作“标杆院部”"},
		{"党建工作「标杆院部」", "党建工作“标杆院部”"},
		{"标杆院部", "党建工作“标杆院部”"},
		{"样板党支部", "党建工作样板党支部"},
		{"ＡＢ样板党支部", ""},
		{"双带头人工作室", "“双带头人”教师党支部书记工作室"},
		{"“双带头人”工作室", "“双带头人”教师党支部书记工作室"},
		{"双带头人", "“双带头人”教师党支部书记工作室"},
		{"创新项目", "基层党建创新项目"},
		{"1.基层党建创新项目", "基层党建创新项目"},
		{"☑党建工作样板党支部", "党建工作样板党支部"},
		{"党建", ""},   // in every name
		{"党支部", ""},  // in two
		{"标", ""},    // too short to tell
		{"其他类别", ""}, // in none
		{"", ""},
	}
	for _, c := range cases {
		got, ok := matchCategoryName(c.in, names)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("matchCategoryName(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func TestSummaryYesNo(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"是", "是", true}, {"否", "否", true}, {"Y", "是", true}, {"n", "否", true}, {"YES", "是", true},
		{"√", "是", true}, {"✓", "是", true}, {"×", "否", true}, {"TRUE", "是", true}, {"FALSE", "否", true},
		{"", "", true}, {"  ", "", true}, {"/", "", true}, {"已推荐", "是", true}, {"未推荐", "否", true},
		{"是（已推荐）", "是", true}, {"☑是 ☐否", "是", true}, {"☐是 ☑否", "否", true},
		{"可能", "", false}, {"是否", "", false}, {"☑是 ☑否", "", false},
	}
	for _, c := range cases {
		got, ok := yesNoValue(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("yesNoValue(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestSummaryOtherWriters: the filled sheet as other software writes it —
// inline strings instead of shared strings, no cell styles at all (the
// date serial loses its date format), no custom properties — reads the
// same; only the note typed as a date shows its serial now.
func TestSummaryOtherWriters(t *testing.T) {
	t.Parallel()
	form, cfg, _ := summaryEnv(t)
	filled := filledSummary(t, form, cfg)
	var sst struct {
		SI []struct {
			T string `xml:"t"`
		} `xml:"si"`
	}
	if err := xml.Unmarshal(sumPart(t, filled, "xl/sharedStrings.xml"), &sst); err != nil {
		t.Fatal(err)
	}
	shared := regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="s"><v>([0-9]+)</v></c>`)
	style := regexp.MustCompile(`(<c r="[A-Z]+[0-9]+") s="[0-9]+"`)
	customRel := regexp.MustCompile(`<Relationship [^>]*docProps/custom\.xml"/>`)
	customType := regexp.MustCompile(`<Override PartName="/docProps/custom\.xml"[^>]*/>`)
	inlined := 0
	data := testutil.Repack(t, filled, func(name string, b []byte) (string, []byte, bool) {
		switch {
		case name == "docProps/custom.xml":
			return name, nil, false
		case name == "_rels/.rels":
			return name, customRel.ReplaceAll(b, nil), true
		case name == "[Content_Types].xml":
			return name, customType.ReplaceAll(b, nil), true
		case strings.HasPrefix(name, "xl/worksheets/sheet"):
			b = shared.ReplaceAllFunc(b, func(c []byte) []byte {
				m := shared.FindSubmatch(c)
				var i int
				if _, err := fmt.Sscan(string(m[3]), &i); err != nil || i >= len(sst.SI) {
					t.Fatalf("shared string %s", m[3])
				}
				var text bytes.Buffer
				xml.EscapeText(&text, []byte(sst.SI[i].T))
				inlined++
				return []byte(fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, m[1], text.String()))
			})
			return name, style.ReplaceAll(b, []byte("$1")), true
		}
		return name, b, true
	})
	if inlined < 20 {
		t.Fatalf("only %d strings inlined: the rewrite no longer matches excelize's output", inlined)
	}
	if bytes.Contains(sumPart(t, data, "xl/worksheets/sheet1.xml"), []byte(` t="s"`)) {
		t.Fatal("shared strings left in the sheet")
	}
	want := wantFilled()
	want.Rows[1].Note = "44866"
	checkSummary(t, readSummaryOK(t, data, form, cfg), want)
}

// sumPart is one part of a zip package.
func sumPart(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}

// loFixture is the filled sheet as LibreOffice 7.4 re-saved it, committed
// so the test runs without LibreOffice. DBZX_WRITE_FIXTURES=1 writes it
// again from a fresh re-save.
var loFixture = filepath.Join("testdata", "summary", "lo74-summary.xlsx")

// TestSummaryLibreOfficeResave: the filled sheet re-saved by LibreOffice
// Calc (shared strings, its own styles, no custom properties kept or not)
// reads back exactly as the original.
func TestSummaryLibreOfficeResave(t *testing.T) {
	form, cfg, _ := summaryEnv(t)
	want := wantFilled()
	t.Run("committed fixture", func(t *testing.T) {
		data, err := os.ReadFile(loFixture)
		if err != nil {
			t.Skipf("no fixture: %v", err)
		}
		checkSummary(t, readSummaryOK(t, data, form, cfg), want)
	})
	t.Run("fresh re-save", func(t *testing.T) {
		if testing.Short() {
			t.Skip("LibreOffice re-save skipped in -short mode")
		}
		soffice, err := exec.LookPath("soffice")
		if err != nil {
			t.Skipf("soffice not found: %v", err)
		}
		filled := filledSummary(t, form, cfg)
		saved := loResave(t, soffice, filled)
		if bytes.Equal(saved, filled) {
			t.Fatal("LibreOffice returned the file unchanged")
		}
		checkSummary(t, readSummaryOK(t, saved, form, cfg), readSummaryOK(t, filled, form, cfg))
		checkSummary(t, readSummaryOK(t, saved, form, cfg), want)
		if os.Getenv("DBZX_WRITE_FIXTURES") == "1" {
			if err := os.MkdirAll(filepath.Dir(loFixture), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(loFixture, saved, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// loResave converts an .xlsx to .xlsx with LibreOffice Calc, in a private
// profile.
func loResave(t *testing.T, soffice string, data []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	for _, d := range []string{in, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join(in, "summary.xlsx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	// A prepared profile skips LibreOffice's first-start self-tests
	// (seconds); best effort, as convert does.
	_ = convert.PrepareProfile(filepath.Join(dir, "profile"), soffice)
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	saved, err := os.ReadFile(filepath.Join(out, "summary.xlsx"))
	if err != nil {
		t.Fatalf("soffice wrote nothing: %v\n%s", err, strings.TrimSpace(string(msg)))
	}
	return saved
}
