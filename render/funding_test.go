package render

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dbzx/internal/fonts"
	"dbzx/internal/pdfdoc"
)

const fundingCondition = "专项经费要严格管理、专款专用，不得用于与基层党建项目无关的开支。"

// sampleFunding is one unit of each category at the notice's amounts
// (2万, 1万, 1万, 0.5万: 4.5万 in all); one unit's name has 嵘, which
// only some faces carry.
func sampleFunding() *FundingData {
	return &FundingData{
		College: "郑州铁路职业技术学院", Office: "党委组织部", Programme: "基层党建“对标争先”建设计划",
		Year: 2022, Date: "二〇二二年十二月", Condition: fundingCondition,
		Units: []FundingUnit{
			{Category: "benchmark_college", CategoryName: "党建工作“标杆院部”", Unit: "铁道工程学院",
				Name: "铁道工程学院党建工作标杆院部", Leader: "李建国", Amount: 2000000, Cycle: "2年"},
			{Category: "model_branch", CategoryName: "党建工作样板党支部", Unit: "机车车辆学院峥嵘教工党支部",
				Name: "峥嵘教工党支部样板支部建设", Leader: "王芳", Amount: 1000000, Cycle: "1年", Note: "中期考核 2023年5月"},
			{Category: "double_leader_studio", CategoryName: "“双带头人”教师党支部书记工作室", Unit: "信息工程学院",
				Name: "“云大物移智”双带头人工作室", Leader: "周嵘", Amount: 1000000, Cycle: "2年"},
			{Category: "innovation_project", CategoryName: "基层党建创新项目", Unit: "电气工程学院学生第一党支部",
				Name: "“支部+专业群”育人创新项目", Leader: "赵敏", Amount: 500000, Cycle: "1年"},
		},
	}
}

func fundingFaces(t *testing.T) []fonts.Face {
	t.Helper()
	faces, err := fonts.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return faces
}

// renderFunding writes the statements, failing on a character no face
// has, and returns the PDF and the page count WriteFundingPDF reported.
func renderFunding(t *testing.T, d *FundingData) ([]byte, int) {
	t.Helper()
	var missing []string
	var buf bytes.Buffer
	pages, err := writeFundingPDF(&buf, d, fundingFaces(t), func(r rune, where string) {
		missing = append(missing, fmt.Sprintf("%c in %s", r, where))
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Errorf("characters no face has: %v", missing)
	}
	if n, err := pdfdoc.PDFPages(buf.Bytes()); err != nil || n != pages {
		t.Errorf("the PDF has %d pages (%v); WriteFundingPDF said %d", n, err, pages)
	}
	return buf.Bytes(), pages
}

// fundingPageText is the text of page n (1-based) as pdftotext reads it,
// without white space (pdftotext drops some spaces and a table cell's
// text wraps); the test is skipped where pdftotext is not installed.
func fundingPageText(t *testing.T, pdf []byte, n int) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "funding.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

func TestFundingPDF(t *testing.T) {
	t.Parallel()
	d := sampleFunding()
	pdf, pages := renderFunding(t, d)
	if want := len(d.Units) + 1; pages != want {
		t.Fatalf("pages = %d, want %d (one statement per unit and one summary page)", pages, want)
	}
	for i, u := range d.Units {
		text := fundingPageText(t, pdf, i+1)
		for _, want := range []string{"基层党建“对标争先”建设经费拨付单", u.Unit, u.Name, u.Leader, u.CategoryName,
			"￥" + FormatYuan(u.Amount), "人民币" + Capitals(u.Amount), "专款专用", "经办人", "负责人",
			"党委组织部（盖章）", "二〇二二年十二月", fmt.Sprintf("编号：2022-%03d", i+1), fmt.Sprintf("第%d页共%d页", i+1, pages)} {
			if !strings.Contains(text, want) {
				t.Errorf("statement %d lacks %q:\n%s", i+1, want, text)
			}
		}
		for j, other := range d.Units {
			if j != i && strings.Contains(text, other.Name) {
				t.Errorf("statement %d also shows unit %d (%s)", i+1, j+1, other.Name)
			}
		}
	}
	for _, want := range []string{"贰万元整", "壹万元整", "伍仟元整"} {
		found := false
		for p := 1; p <= len(d.Units); p++ {
			found = found || strings.Contains(fundingPageText(t, pdf, p), want)
		}
		if !found {
			t.Errorf("no statement shows %s", want)
		}
	}
	summary := fundingPageText(t, pdf, pages)
	wants := []string{"经费汇总表", "人民币肆万伍仟元整", "45,000.00", "20,000.00", "5,000.00", "建设单位经费明细", "党委组织部（盖章）"}
	for _, u := range d.Units {
		wants = append(wants, u.Name, u.CategoryName)
	}
	for _, want := range wants {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if !strings.Contains(fundingPageText(t, pdf, 2), "峥嵘") {
		t.Error("嵘 does not print")
	}
}

// TestFundingPDFManyUnits fills the summary past one page: each unit
// still has its own statement page, the summary follows them, and its
// total is the units' sum.
func TestFundingPDFManyUnits(t *testing.T) {
	t.Parallel()
	d := sampleFunding()
	base := d.Units
	d.Units = nil
	var total int64
	for i := 0; i < 30; i++ {
		u := base[i%len(base)]
		u.Unit = fmt.Sprintf("%s（%d）", u.Unit, i+1)
		u.Name = fmt.Sprintf("%s第%d项", u.Name, i+1)
		d.Units = append(d.Units, u)
		total += u.Amount
	}
	pdf, pages := renderFunding(t, d)
	if pages <= len(d.Units)+1 {
		t.Fatalf("pages = %d; 30 units should fill more than one summary page", pages)
	}
	if !strings.Contains(fundingPageText(t, pdf, len(d.Units)), d.Units[len(d.Units)-1].Name) {
		t.Error("the last statement is not on its own page before the summary")
	}
	if !strings.Contains(fundingPageText(t, pdf, len(d.Units)+1), "经费汇总表") {
		t.Error("the summary does not start after the statements")
	}
	last := fundingPageText(t, pdf, pages)
	for _, want := range []string{FormatYuan(total), "（盖章）", "建设项目名称"} {
		if !strings.Contains(last, want) {
			t.Errorf("the summary's last page lacks %q:\n%s", want, last)
		}
	}
	if !strings.Contains(fundingPageText(t, pdf, len(d.Units)+1), "人民币"+Capitals(total)) {
		t.Errorf("the summary does not give the total in capitals (%s)", Capitals(total))
	}
}

func TestFundingRejectsBadAmounts(t *testing.T) {
	t.Parallel()
	for name, amounts := range map[string][]int64{
		"negative": {2000000, -1},
		"overflow": {1 << 62, 1 << 62},
	} {
		d := sampleFunding()
		d.Units = d.Units[:len(amounts)]
		for i, a := range amounts {
			d.Units[i].Amount = a
		}
		if _, err := WriteFundingPDF(&bytes.Buffer{}, d, fundingFaces(t)); err == nil {
			t.Errorf("%s: WriteFundingPDF accepted %v", name, amounts)
		}
		if err := WriteFundingXlsx(filepath.Join(t.TempDir(), "f.xlsx"), d); err == nil {
			t.Errorf("%s: WriteFundingXlsx accepted %v", name, amounts)
		}
	}
}

// readFen reads a cell written from fen back into fen, exactly.
func readFen(t *testing.T, x *excelize.File, sheet, ref string) int64 {
	t.Helper()
	v, err := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	typ, err := x.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s = %q is not a number cell (%v)", sheet, ref, v, typ)
	}
	whole, frac, _ := strings.Cut(v, ".")
	frac = (frac + "00")[:2]
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s!%s = %q is not an amount", sheet, ref, v)
	}
	return w*100 + f
}

func TestFundingXlsx(t *testing.T) {
	t.Parallel()
	d := sampleFunding()
	d.Units = append(d.Units, FundingUnit{Category: "innovation_project", CategoryName: "基层党建创新项目",
		Unit: "=机关党支部", Name: "一角五分的项目", Leader: "钱", Amount: 15, Cycle: "1年"})
	path := filepath.Join(t.TempDir(), "经费.xlsx")
	if err := WriteFundingXlsx(path, d); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); strings.Join(got, ",") != FundingSummarySheet+","+FundingDetailSheet {
		t.Fatalf("sheets = %v", got)
	}

	// 经费明细: one row per unit after the header.
	rows, err := x.GetRows(FundingDetailSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(d.Units)+1 {
		t.Fatalf("经费明细 has %d rows, want a header and %d units", len(rows), len(d.Units))
	}
	byCat := map[string]int64{}
	var sum int64
	for i, u := range d.Units {
		r := i + 2
		fen := readFen(t, x, FundingDetailSheet, fmt.Sprintf("G%d", r))
		if fen != u.Amount {
			t.Errorf("unit %d: amount %d fen, want %d", i+1, fen, u.Amount)
		}
		if got := rows[r-1][7]; got != Capitals(u.Amount) {
			t.Errorf("unit %d: capitals %q, want %q", i+1, got, Capitals(u.Amount))
		}
		byCat[rows[r-1][1]] += fen
		sum += fen
	}
	if got := rows[len(d.Units)][2]; got != "'=机关党支部" {
		t.Errorf("a unit name starting with = is written as %q, want it guarded", got)
	}

	// 经费汇总: the categories and the total reconcile with the units.
	rows, err = x.GetRows(FundingSummarySheet)
	if err != nil {
		t.Fatal(err)
	}
	totalRow := 0
	var catSum int64
	for i, row := range rows {
		if len(row) == 0 {
			continue
		}
		switch {
		case row[0] == "合计":
			totalRow = i + 1
		case i >= 3 && len(row) >= 5 && row[1] != "":
			fen := readFen(t, x, FundingSummarySheet, fmt.Sprintf("D%d", i+1))
			if fen != byCat[row[1]] {
				t.Errorf("经费汇总 %s = %d fen, the units add up to %d", row[1], fen, byCat[row[1]])
			}
			catSum += fen
		}
	}
	if totalRow == 0 {
		t.Fatalf("经费汇总 has no 合计 row: %v", rows)
	}
	total := readFen(t, x, FundingSummarySheet, fmt.Sprintf("D%d", totalRow))
	if total != sum || catSum != sum {
		t.Errorf("total %d, categories %d, units %d fen: they do not reconcile", total, catSum, sum)
	}
	if sum != 4500015 {
		t.Errorf("units add up to %d fen, want 4500015", sum)
	}
	if got := rows[totalRow-1][4]; got != Capitals(sum) || got != "肆万伍仟元壹角伍分" {
		t.Errorf("total in capitals %q, want 肆万伍仟元壹角伍分", got)
	}
	if got := rows[totalRow-1][2]; got != fmt.Sprint(len(d.Units)) {
		t.Errorf("unit count %q, want %d", got, len(d.Units))
	}
	if got, _ := x.GetCellValue(FundingSummarySheet, fmt.Sprintf("D%d", totalRow)); got != "45,000.15" {
		t.Errorf("the total shows as %q, want 45,000.15", got)
	}

	// Amount cells carry the number format.
	for _, ref := range [][2]string{{FundingSummarySheet, fmt.Sprintf("D%d", totalRow)}, {FundingDetailSheet, "G2"}} {
		id, err := x.GetCellStyle(ref[0], ref[1])
		if err != nil {
			t.Fatal(err)
		}
		st, err := x.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.00" {
			t.Errorf("%s!%s number format %v, want #,##0.00", ref[0], ref[1], st.CustomNumFmt)
		}
	}
}
