package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dbzx/internal/fonts"
)

// sampleList has four categories, one of them empty, and a provincial
// unit's note.
func sampleList() *ListData {
	return &ListData{
		Title:  "郑州铁路职业技术学院基层党建“对标争先”建设计划建设对象名单",
		Issuer: "中共郑州铁路职业技术学院委员会",
		Date:   "2022年12月20日",
		Categories: []ListCategory{
			{Name: "党建工作“标杆院部”", Rows: []ListRow{
				{Unit: "机车车辆学院党总支", Name: "机车车辆学院", Leader: "李红", Cycle: "2年", Funding: 2000000},
				{Unit: "铁道工程学院党总支", Name: "铁道工程学院", Leader: "王建国", Cycle: "2年", Funding: 2000000},
			}},
			{Name: "党建工作样板党支部", Rows: []ListRow{
				{Unit: "电气工程学院党总支", Name: "电气工程学院教工第二党支部", Leader: "张伟", Cycle: "1年", Funding: 1000000},
				{Unit: "信息工程学院党总支", Name: "信息工程学院学生第一党支部", Leader: "刘洋", Cycle: "1年", Funding: 1000000},
				{Unit: "马克思主义学院直属党支部", Name: "马克思主义学院教工党支部", Leader: "陈静", Cycle: "1年",
					Funding: 1000000, Note: "省级推荐，自动认定"},
			}},
			{Name: "“双带头人”教师党支部书记工作室", Rows: []ListRow{
				{Unit: "交通运输学院党总支", Name: "杨帆“双带头人”教师党支部书记工作室", Leader: "杨帆", Cycle: "2年", Funding: 1000000},
			}},
			{Name: "基层党建创新项目"},
		},
	}
}

// listStrings are what both the .docx and the PDF must show.
func listStrings(d *ListData) []string {
	out := []string{"序号", "单位", "名称", "负责人", "建设周期", "支持经费（万元）", "备注", d.Issuer, d.Date,
		"一、党建工作“标杆院部”（2个）", "二、党建工作样板党支部（3个）",
		"三、“双带头人”教师党支部书记工作室（1个）", "四、基层党建创新项目（0个）", "（无）", "省级推荐，自动认定"}
	for _, c := range d.Categories {
		for _, r := range c.Rows {
			out = append(out, r.Unit, r.Name, r.Leader)
		}
	}
	return out
}

func TestWanYuan(t *testing.T) {
	t.Parallel()
	for fen, want := range map[int64]string{2000000: "2", 1000000: "1", 500000: "0.5", 1234567: "1.234567",
		25000000: "25", 0: "—", -500000: "-0.5", 100: "0.0001"} {
		if got := WanYuan(fen); got != want {
			t.Errorf("WanYuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func writeListDocx(t *testing.T, d *ListData) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteListDocx(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestListDocx(t *testing.T) {
	t.Parallel()
	d := sampleList()
	data := writeListDocx(t, d)
	parts := unzip(t, data)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/settings.xml",
		"word/fontTable.xml", "word/footer1.xml", "word/_rels/document.xml.rels", "_rels/.rels", "docProps/core.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no part %s", name)
		}
	}
	for name, p := range parts {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			parseXML(t, name, p)
		}
	}
	doc := parseXML(t, "word/document.xml", parts["word/document.xml"])
	text := strings.ReplaceAll(doc.text(), "\n", "") // headers broken onto two lines
	for _, s := range listStrings(d) {
		if !strings.Contains(text, s) {
			t.Errorf("document has no %q", s)
		}
	}
	// The title first, in 方正小标宋简体.
	body := doc.child(nsW, "body")
	first := body.children(nsW, "p")[0]
	if got := first.text(); got != d.Title {
		t.Errorf("first paragraph %q, want the title", got)
	}
	if f := first.all(nsW, "rFonts"); len(f) == 0 {
		t.Error("title has no fonts")
	} else if v, _ := f[len(f)-1].attr(nsW, "eastAsia"); v != "方正小标宋简体" {
		t.Errorf("title font %q", v)
	}
	// One bordered table per category, its header row repeated, six
	// columns plus 备注 (a row has a note), the grid filling the text width.
	tables := body.children(nsW, "tbl")
	if len(tables) != len(d.Categories) {
		t.Fatalf("%d tables, want %d", len(tables), len(d.Categories))
	}
	checkTableGrids(t, doc)
	for i, tbl := range tables {
		if b := tbl.child(nsW, "tblPr").child(nsW, "tblBorders"); b == nil || b.child(nsW, "insideH") == nil {
			t.Errorf("table %d has no borders", i+1)
		}
		cols := tbl.child(nsW, "tblGrid").children(nsW, "gridCol")
		if len(cols) != 7 {
			t.Errorf("table %d: %d columns, want 7", i+1, len(cols))
		}
		sum := 0
		for _, c := range cols {
			w, _ := c.attr(nsW, "w")
			n, _ := strconv.Atoi(w)
			sum += n
		}
		if sum != textWidth {
			t.Errorf("table %d is %d twips wide, want %d", i+1, sum, textWidth)
		}
		rows := tbl.children(nsW, "tr")
		if rows[0].child(nsW, "trPr").child(nsW, "tblHeader") == nil {
			t.Errorf("table %d: header row does not repeat", i+1)
		}
		wantRows := max(len(d.Categories[i].Rows), 1) + 1
		if len(rows) != wantRows {
			t.Errorf("table %d: %d rows, want %d", i+1, len(rows), wantRows)
		}
		if i == 0 {
			cells := rows[1].children(nsW, "tc")
			if got := cells[0].text() + "|" + cells[5].text(); got != "1|2" {
				t.Errorf("first row 序号|经费 = %q, want 1|2", got)
			}
		}
	}
	// A4 and the page-number footer.
	sect := body.child(nsW, "sectPr")
	if w, _ := sect.child(nsW, "pgSz").attr(nsW, "w"); w != "11906" {
		t.Errorf("page width %s, want A4", w)
	}
	footer := string(parts["word/footer1.xml"])
	if !strings.Contains(footer, " PAGE ") || !strings.Contains(footer, " NUMPAGES ") {
		t.Error("footer has no PAGE/NUMPAGES fields")
	}
	if !bytes.Equal(data, writeListDocx(t, sampleList())) {
		t.Error("two runs give different bytes")
	}
}

func TestListDocxWithoutNotes(t *testing.T) {
	t.Parallel()
	d := sampleList()
	d.Categories[1].Rows[2].Note = ""
	parts := unzip(t, writeListDocx(t, d))
	doc := parseXML(t, "word/document.xml", parts["word/document.xml"])
	if strings.Contains(doc.text(), "备注") {
		t.Error("备注 column with no note")
	}
	for _, tbl := range doc.child(nsW, "body").children(nsW, "tbl") {
		if n := len(tbl.child(nsW, "tblGrid").children(nsW, "gridCol")); n != 6 {
			t.Errorf("%d columns, want 6", n)
		}
	}
	checkTableGrids(t, doc)
}

func TestListPDF(t *testing.T) {
	t.Parallel()
	d := sampleList()
	faces, err := fonts.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	pages, err := WriteListPDF(&b, d, faces)
	if err != nil {
		t.Fatal(err)
	}
	if pages < 1 || !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("pages %d, header %q", pages, b.Bytes()[:min(8, b.Len())])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "list.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, s := range append(listStrings(d), strings.ReplaceAll(d.Title, "\n", "")) {
		if !strings.Contains(text, strings.Join(strings.Fields(s), "")) {
			t.Errorf("PDF text has no %q", s)
		}
	}
	// A category heading never ends a page: its table's header follows it
	// on the same page (pdftotext ends each page with a form feed).
	for pi, page := range strings.Split(string(out), "\f") {
		page = strings.Join(strings.Fields(page), "")
		for ci, c := range d.Categories {
			h := c.heading(ci)
			if at := strings.Index(page, h); at >= 0 && !strings.Contains(page[at:], "序号") {
				t.Errorf("page %d ends after the heading %s", pi+1, h)
			}
		}
	}
	footers := regexp.MustCompile(`第(\d+)页共(\d+)页`).FindAllStringSubmatch(text, -1)
	if len(footers) != pages {
		t.Fatalf("%d page footers, want %d", len(footers), pages)
	}
	for i, f := range footers {
		if f[1] != strconv.Itoa(i+1) || f[2] != strconv.Itoa(pages) {
			t.Errorf("footer %d reads 第%s页共%s页", i+1, f[1], f[2])
		}
	}
}
