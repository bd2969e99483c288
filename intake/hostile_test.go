package intake

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dbzx/internal/ooxml"
)

// Budgets of the hostile corpus: each hostile input is refused (or read)
// within hostileTime, and a run over it allocates at most hostileAlloc.
const (
	hostileTime  = 10 * time.Second
	hostileAlloc = 300 << 20
)

// hostileCase is one input of the hostile corpus and what intake must make
// of it.
type hostileCase struct {
	path   string // under the input folder, slash-separated
	data   []byte
	status string // "" when it cannot be known here (root reads a chmod 000 file)
	reason string // a part of the reason; "" asserts there is none
	// setup makes inputs that are not plain files (symlinks, modes); path
	// is then the name intake will meet.
	setup func(t *testing.T, full string)
}

// oleWith returns an OLE compound file header and, at the first directory
// entry's place (offset 512, a multiple of 128), stream names as OLE
// writes them: UTF-16LE, NUL-terminated.
func oleWith(stream string) []byte {
	out := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for _, r := range stream {
		out = append(out, byte(r), byte(r>>8))
	}
	return append(out, 0, 0)
}

// tinyPDF is a supporting document as far as sniffing goes.
func tinyPDF(title string) []byte {
	return []byte("%PDF-1.4\n% " + title + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// bodyInsert puts xml at the start of the body of document.xml.
func bodyInsert(xml string) func(string) string {
	return func(s string) string {
		i := strings.Index(s, "<w:body>") + len("<w:body>")
		return s[:i] + xml + s[i:]
	}
}

// nested is n opening tags then n closing ones.
func nested(open, close string, n int) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

// billionLaughs is a DOCTYPE whose entities expand tenfold per level: lol9
// would be 10⁹ "lol"s (3 GB) if anything expanded it.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE w:document [\n<!ENTITY lol \"lol\">\n")
	for i := 1; i <= 9; i++ {
		prev := "lol"
		if i > 1 {
			prev = fmt.Sprintf("lol%d", i-1)
		}
		fmt.Fprintf(&b, "<!ENTITY lol%d \"%s\">\n", i, strings.Repeat("&"+prev+";", 10))
	}
	b.WriteString("]>\n")
	return b.String()
}

// zerosBomb writes a zip bundle whose one entry inflates to 2 GiB of
// zeros (about 2 MB at BestCompression), streaming. Should the machine
// deflate so slowly that 2 GiB would take over ~15 s, it stops at 1 GiB.
func zerosBomb(w io.Writer, name string) (mib int, took time.Duration, err error) {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	fw, err := zw.Create(name)
	if err != nil {
		return 0, 0, err
	}
	zeros := make([]byte, 1<<20)
	start := time.Now()
	mib = 2048
	for i := 0; i < mib; i++ {
		if _, err := fw.Write(zeros); err != nil {
			return 0, 0, err
		}
		if i == 255 && time.Since(start)*8 > 15*time.Second {
			mib = 1024
		}
	}
	return mib, time.Since(start), zw.Close()
}

// builtBomb is zerosBomb's bundle, built once for the tests that need it.
var builtBomb = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	mib, took, err := zerosBomb(&buf, "全部材料.docx")
	bombLog = fmt.Sprintf("bomb: %d MiB of zeros in %d bytes, deflated in %v", mib, buf.Len(), took.Round(time.Millisecond))
	return buf.Bytes(), err
})

var bombLog string

func bombZip(t *testing.T) []byte {
	t.Helper()
	data, err := builtBomb()
	if err != nil {
		t.Fatal(err)
	}
	t.Log(bombLog)
	return data
}

// rawXlsx builds a minimal workbook around one sheet, whose XML sheet
// writes (so that tests can write sheets excelize would take minutes to
// build), plus extra parts.
func rawXlsx(t testing.TB, sheet func(w io.Writer), extra ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	add := func(name, s string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, s)
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="汇总表" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	sheet(w)
	io.WriteString(w, `</worksheet>`)
	for _, e := range extra {
		add(e[0], e[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// summaryHeaderRow is the 附件9 header row, so that a hostile sheet is
// otherwise a summary.
const summaryHeaderRow = `<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>申报类别</t></is></c>` +
	`<c r="C1" t="inlineStr"><is><t>申报名称</t></is></c><c r="D1" t="inlineStr"><is><t>申报单位</t></is></c></row>`

// strayCellSheet: a summary with one value at XFD1 and one at A1048576:
// 17 billion cells if the grid were filled out.
func strayCellSheet(w io.Writer) {
	io.WriteString(w, `<sheetData>`+summaryHeaderRow+`<row r="2"><c r="XFD2"><v>1</v></c></row>`+
		`<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>`)
}

// mergeFloodSheet: a summary with n merged ranges; excelize compares every
// merge with every other.
func mergeFloodSheet(n int) func(w io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<sheetData>`+summaryHeaderRow+`</sheetData><mergeCells>`)
		for i := range n {
			fmt.Fprintf(w, `<mergeCell ref="E%d:F%d"/>`, i+2, i+2)
		}
		io.WriteString(w, `</mergeCells>`)
	}
}

// inflateBombXlsx: a summary carrying a part of n MiB of zeros.
func inflateBombXlsx(t testing.TB, mib int) []byte {
	t.Helper()
	base := rawXlsx(t, func(w io.Writer) { io.WriteString(w, `<sheetData>`+summaryHeaderRow+`</sheetData>`) })
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, f := range zr.File {
		zw.Copy(f)
	}
	w, _ := zw.Create("xl/media/image1.png")
	zeros := make([]byte, 1<<20)
	for range mib {
		w.Write(zeros)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fragmentedText is a w:t whose text is cut by n comments into n tokens.
func fragmentedText(n int) string {
	return `<w:p><w:r><w:t>` + strings.Repeat("碎<!---->", n) + `</w:t></w:r></w:p>`
}

// measured runs fn, logs how long it took and what it allocated, and fails
// the test beyond hostileTime or hostileAlloc.
func measured(t *testing.T, fn func()) {
	t.Helper()
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	start := time.Now()
	fn()
	el := time.Since(start)
	runtime.ReadMemStats(&m1)
	alloc, heap := m1.TotalAlloc-m0.TotalAlloc, int64(m1.HeapInuse)-int64(m0.HeapInuse)
	t.Logf("%v, allocated %d MB in all, heap in use %+d MB", el.Round(time.Millisecond), alloc>>20, heap>>20)
	if el > hostileTime {
		t.Errorf("took %v, budget %v", el, hostileTime)
	}
	if alloc > hostileAlloc {
		t.Errorf("allocated %d MB, budget %d MB", alloc>>20, hostileAlloc>>20)
	}
}

// runWatched is Run with a watchdog: a hang (a symlink loop followed, a
// parser spinning) fails the test instead of stalling it.
func runWatched(t *testing.T, w Workspace, reg *Register, opts Options, paths ...string) *Result {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	opts.Forms, opts.Cfg = forms, cfg
	type done struct {
		res *Result
		err error
	}
	ch := make(chan done, 1)
	go func() {
		res, err := Run(context.Background(), w, reg, opts, paths)
		ch <- done{res, err}
	}()
	select {
	case d := <-ch:
		if d.err != nil {
			t.Fatal(d.err)
		}
		return d.res
	case <-time.After(2 * time.Minute):
		t.Fatal("intake did not finish within 2 minutes: hung")
	}
	return nil
}

// xmlText is s as an XML document can carry it, and so as the report
// shows it: characters XML forbids (ESC, invalid UTF-8) become U+FFFD.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return '\uFFFD'
	}, s)
}

// reportRows reads the 文件清单 sheet of the intake report: origin → rows
// (序号 文件名 来源 单位 类型 状态 原因 …).
func reportRows(t *testing.T, reg *Register) map[string][][]string {
	t.Helper()
	_, cfg, _ := testEnv(t)
	path := filepath.Join(t.TempDir(), "intake-report.xlsx")
	if err := reg.WriteReport(cfg, path); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("report does not reopen: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows("文件清单")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	for _, r := range rows[1:] {
		for len(r) < 7 {
			r = append(r, "")
		}
		out[r[2]] = append(out[r[2]], r)
	}
	return out
}

// TestHostileCorpus takes in, with one run, a folder of every hostile or
// damaged input a department's return could be: each is recorded with its
// status and the reason in the clerk's words, in the register and in the
// report; the good return after them is still read; no input is touched.
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2 GiB zip bomb")
	}
	sample := func(seed uint64, form string) []byte { _, d := filledSample(t, seed, form); return d }
	good := sample(101, "innovation_project")
	docA, docB := sample(102, "model_branch"), sample(103, "model_branch")
	var docBMain []byte
	rwRepack(t, docB, func(name string, b []byte) (string, []byte, bool) {
		if name == "word/document.xml" {
			docBMain = b
		}
		return name, b, true
	})
	bomb := bombZip(t)
	long := strings.Repeat("长", 82)            // 246 bytes: with the prefix and .pdf, 253
	deepDir := strings.Repeat("很长很长的文件夹名称", 4) // 120 bytes a level

	cases := []hostileCase{
		{path: "01-截断.docx", data: sample(104, "innovation_project")[:100], status: StatusRejected, reason: "文件不完整或已损坏"},
		{path: "02-申报书改成了.pdf", data: sample(105, "double_leader_studio"), status: StatusParsed},
		{path: "03-扫描件改成了.docx", data: tinyPDF("scan"), status: StatusAttachment},
		{path: "04-空文件.docx", data: nil, status: StatusRejected, reason: "空文件（0 字节）"},
		{path: "05-加密的申报书.docx", data: oleWith("EncryptedPackage"), status: StatusRejected, reason: "文件设有密码，无法读取：请去除密码后重新提交"},
		{path: "06-旧版申报书.doc", data: oleWith("WordDocument"), status: StatusRejected, reason: "请另存为 .docx 后重新提交"},
		{path: "07-深度嵌套表格.docx", data: rewriteDocx(t, sample(106, "innovation_project"), bodyInsert(nested("<w:tbl>", "</w:tbl>", 100000))),
			status: StatusRejected, reason: "嵌套过深或元素过多"},
		{path: "08-深度嵌套元素.docx", data: rewriteDocx(t, sample(107, "innovation_project"), bodyInsert(nested("<x>", "</x>", 100000))),
			status: StatusRejected, reason: "嵌套过深或元素过多"},
		{path: "09-十亿笑声.docx", data: rewriteDocx(t, sample(108, "innovation_project"), func(s string) string {
			s = strings.Replace(s, "<w:document", billionLaughs()+"<w:document", 1)
			return bodyInsert(`<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>`)(s)
		}), status: StatusRejected, reason: "正文 XML 格式错误"},
		{path: "10-压缩炸弹.zip", data: bomb, status: StatusRejected, reason: "疑似压缩炸弹"},
		{path: "11-缺少正文.docx", data: rewriteDocx(t, sample(109, "innovation_project"), nil, "word/document.xml"),
			status: StatusRejected, reason: "缺少正文部分"},
		{path: "12-正文改名.docx", data: rwRepack(t, sample(110, "innovation_project"), func(name string, b []byte) (string, []byte, bool) {
			switch name {
			case "word/document.xml":
				return "word/documnet.xml", b, true
			case "_rels/.rels":
				return name, bytes.ReplaceAll(b, []byte("word/document.xml"), []byte("word/nowhere.xml")), true
			}
			return name, b, true
		}), status: StatusRejected, reason: "缺少正文部分"},
		// Two word/document.xml entries: the first is read, as before.
		{path: "13-重复部件.docx", data: rwAddPart(t, docA, "word/document.xml", docBMain), status: StatusParsed},
		{path: "14-同名条目.zip", data: makeZip(t, false, [2]string{"申报书.docx", string(sample(111, "innovation_project"))},
			[2]string{"申报书.docx", string(sample(112, "double_leader_studio"))}), status: StatusBundle},
		{path: "15-换行\n的名字.docx", data: sample(113, "innovation_project"), status: StatusParsed},
		{path: "16-反转\u202Excod.pdf", data: tinyPDF("rtl"), status: StatusAttachment},
		{path: "17-零宽\u200b空格.docx", data: sample(114, "innovation_project"), status: StatusParsed},
		{path: "18-" + long + ".pdf", data: tinyPDF("long"), status: StatusAttachment},
		{path: "19-控制字符\x1b[31m.pdf", data: tinyPDF("esc"), status: StatusAttachment},
		{path: "19b-\xc9\xea\xb1\xa8\xca\xe9.pdf", data: tinyPDF("gbk"), status: StatusAttachment}, // 申报书 in GBK bytes, as unzip leaves it
		{path: "20-" + deepDir + "/" + deepDir + "/" + deepDir + "/路径超过255字节.docx", data: sample(115, "innovation_project"), status: StatusParsed},
		{path: "21-循环/loop", status: StatusRejected, reason: "不是普通文件", setup: func(t *testing.T, full string) {
			if err := os.Symlink(filepath.Dir(full), full); err != nil { // 21-循环/loop → 21-循环
				t.Fatal(err)
			}
		}},
		{path: "21-循环/支撑材料.pdf", data: tinyPDF("beside the loop"), status: StatusAttachment},
		{path: "22-自环", status: StatusRejected, reason: "符号链接循环", setup: func(t *testing.T, full string) {
			if err := os.Symlink(full, full); err != nil { // 22-自环 → itself: ELOOP
				t.Fatal(err)
			}
		}},
		{path: "23-无权限.pdf", data: tinyPDF("secret"), status: StatusRejected, reason: "没有读取权限", setup: func(t *testing.T, full string) {
			if err := os.Chmod(full, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(full, 0o644) })
		}},
		{path: "24-汇总表单元格炸弹.xlsx", data: rawXlsx(t, strayCellSheet), status: StatusRejected, reason: "超过 262144 个单元格"},
		{path: "25-汇总表合并单元格.xlsx", data: rawXlsx(t, mergeFloodSheet(300000)), status: StatusRejected, reason: "合并单元格超过 10000 个"},
		{path: "26-汇总表压缩炸弹.xlsx", data: inflateBombXlsx(t, 200), status: StatusRejected, reason: "疑似压缩炸弹"},
		{path: "27-碎片文本.docx", data: rewriteDocx(t, sample(116, "innovation_project"), bodyInsert(fragmentedText(400000))), status: StatusParsed},
		{path: "99-正常申报书.docx", data: good, status: StatusParsed},
	}
	if os.Geteuid() == 0 {
		for i := range cases {
			if strings.HasPrefix(cases[i].path, "23-") {
				cases[i].status, cases[i].reason = "", "" // root reads a chmod 000 file anyway
			}
		}
	}

	in := t.TempDir()
	for _, c := range cases {
		full := filepath.Join(in, filepath.FromSlash(c.path))
		if c.data != nil || c.setup == nil {
			writeFile(t, full, c.data)
		} else if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if c.setup != nil {
			c.setup(t, full)
		}
	}
	before := hashTree(t, in)
	w, reg := newWorkspace(t)
	start := time.Now()
	res := runWatched(t, w, reg, Options{}, in)
	t.Logf("%d inputs, %d outcomes in %v", len(cases), len(res.Outcomes), time.Since(start).Round(time.Millisecond))

	files, err := reg.Files()
	if err != nil {
		t.Fatal(err)
	}
	byOrigin := map[string][]*FileRecord{}
	for _, f := range files {
		byOrigin[f.Origin] = append(byOrigin[f.Origin], f)
	}
	report := reportRows(t, reg)
	for _, c := range cases {
		origin := filepath.Join(in, filepath.FromSlash(c.path))
		name := filepath.Base(origin)
		recs := byOrigin[origin]
		if len(recs) != 1 {
			t.Errorf("%q: %d register rows, want 1", c.path, len(recs))
			continue
		}
		f := recs[0]
		t.Logf("%-28.28q %-10s %s", c.path, f.Status, f.Reason)
		if f.Name != name {
			t.Errorf("%q: registered as %q", c.path, f.Name)
		}
		if c.status != "" && f.Status != c.status {
			t.Errorf("%q: status %s (%s), want %s", c.path, f.Status, f.Reason, c.status)
		}
		if c.status != "" && ((c.reason == "") != (f.Reason == "") || !strings.Contains(f.Reason, c.reason)) {
			t.Errorf("%q: reason %q, want one with %q", c.path, f.Reason, c.reason)
		}
		rows := report[xmlText(origin)]
		if len(rows) != 1 {
			t.Errorf("%q: %d rows in the report's 文件清单, want 1", c.path, len(rows))
			continue
		}
		if row := rows[0]; row[1] != xmlText(name) || row[5] != StatusNames[f.Status] || row[6] != xmlText(f.Reason) {
			t.Errorf("%q: report row %q | %q | %q, want %q | %q | %q", c.path, row[1], row[5], row[6], xmlText(name), StatusNames[f.Status], f.Reason)
		}
	}

	// The first of two word/document.xml entries is the one read.
	_, _, x := testEnv(t)
	first, err := x.Extract(bytes.NewReader(docA), int64(len(docA)), "a.docx")
	if err != nil {
		t.Fatal(err)
	}
	if o := outcomeByName(res, "13-重复部件.docx"); o == nil || !strings.HasSuffix(o.Application, first.text(first.Form.Who().Name)) {
		t.Errorf("duplicate document.xml: read %+v, want the first part's application %q", o, first.text(first.Form.Who().Name))
	}
	// Both entries of the same name in a bundle are taken in, each under
	// the bundle's path, told apart by their bytes.
	same := byOrigin[filepath.Join(in, "14-同名条目.zip")+"!/申报书.docx"]
	if len(same) != 2 || same[0].SHA256 == same[1].SHA256 {
		t.Errorf("bundle entries of the same name: %d registered, want 2 with different bytes", len(same))
	}
	for _, f := range same {
		if f.Status != StatusParsed {
			t.Errorf("bundle entry %s: %s %s", f.Origin, f.Status, f.Reason)
		}
	}
	if rows := report[filepath.Join(in, "14-同名条目.zip")+"!/申报书.docx"]; len(rows) != 2 {
		t.Errorf("bundle entries of the same name: %d report rows, want 2", len(rows))
	}
	// Nothing expanded: no "lol" in what was registered.
	var lols int
	reg.db.QueryRow(`SELECT COUNT(*) FROM versions WHERE data LIKE '%lollol%'`).Scan(&lols)
	if lols != 0 {
		t.Errorf("%d versions hold expanded entities", lols)
	}
	// The batch went on: the good return, last, was read.
	if last := res.Outcomes[len(res.Outcomes)-1]; last.Name != "99-正常申报书.docx" || last.Status != StatusParsed {
		t.Errorf("last outcome %s %s %s, want the good return parsed", last.Name, last.Status, last.Reason)
	}
	sameTree(t, before, hashTree(t, in))
}

// TestZipBomb2GiBRejected: a bundle of one entry that inflates to 2 GiB
// of zeros is refused within seconds and little memory, and the return
// after it is read.
func TestZipBomb2GiBRejected(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2 GiB zip bomb")
	}
	in := t.TempDir()
	writeFile(t, filepath.Join(in, "1-炸弹.zip"), bombZip(t))
	_, good := filledSample(t, 201, "model_branch")
	writeFile(t, filepath.Join(in, "2-申报书.docx"), good)
	hostileRun(t, in, "1-炸弹.zip", "疑似压缩炸弹")
}

// TestDeepNestingRejected: a return whose document.xml nests 100 000
// tables, or 100 000 plain elements, is refused at MaxDepth, quickly.
func TestDeepNestingRejected(t *testing.T) {
	for _, c := range []struct{ name, open, close string }{
		{"tables", "<w:tbl>", "</w:tbl>"},
		{"elements", "<x>", "</x>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, data := filledSample(t, 202, "innovation_project")
			in := t.TempDir()
			writeFile(t, filepath.Join(in, "1-嵌套.docx"), rewriteDocx(t, data, bodyInsert(nested(c.open, c.close, 100000))))
			_, good := filledSample(t, 203, "model_branch")
			writeFile(t, filepath.Join(in, "2-申报书.docx"), good)
			hostileRun(t, in, "1-嵌套.docx", "嵌套过深")
		})
	}
}

// TestBillionLaughs: encoding/xml expands no custom entity; a document
// using one is refused as malformed XML, quickly and without expanding.
func TestBillionLaughs(t *testing.T) {
	_, data := filledSample(t, 204, "innovation_project")
	in := t.TempDir()
	writeFile(t, filepath.Join(in, "1-笑声.docx"), rewriteDocx(t, data, func(s string) string {
		s = strings.Replace(s, "<w:document", billionLaughs()+"<w:document", 1)
		return bodyInsert(`<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>`)(s)
	}))
	_, good := filledSample(t, 205, "model_branch")
	writeFile(t, filepath.Join(in, "2-申报书.docx"), good)
	hostileRun(t, in, "1-笑声.docx", "XML 格式错误")
}

// hostileRun takes in the folder in (a hostile file, then a good return)
// within the time and memory budgets: the hostile file rejected with
// reason, the return after it parsed.
func hostileRun(t *testing.T, in, hostile, reason string) {
	t.Helper()
	before := hashTree(t, in)
	w, reg := newWorkspace(t)
	var res *Result
	measured(t, func() { res = runWatched(t, w, reg, Options{Workers: 2}, in) })
	if o := outcomeByName(res, hostile); o == nil || o.Status != StatusRejected || !strings.Contains(o.Reason, reason) {
		t.Errorf("%s: %+v, want rejected with %q", hostile, o, reason)
	} else {
		t.Logf("%s: %s", hostile, o.Reason)
	}
	if o := outcomeByName(res, "2-申报书.docx"); o == nil || o.Status != StatusParsed {
		t.Errorf("the return after %s: %+v, want parsed", hostile, o)
	}
	sameTree(t, before, hashTree(t, in))
}

// TestFragmentedTextLinear: text cut into 400 000 pieces by comments (5 KB
// zipped) is read in linear time; it took 22 s and 77 GB of allocations
// when each piece was appended to a string.
func TestFragmentedTextLinear(t *testing.T) {
	_, data := filledSample(t, 206, "innovation_project")
	doc := rewriteDocx(t, data, bodyInsert(fragmentedText(400000)))
	var d *ooxml.Document
	var err error
	measured(t, func() { d, err = ooxml.ReadDocx(bytes.NewReader(doc), int64(len(doc))) })
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Blocks[0].Para.Text; got != strings.Repeat("碎", 400000) {
		t.Errorf("fragmented text read as %d runes", len([]rune(got)))
	}
}

// TestSummarySheetBombRejected: summary workbooks that would make the
// reader allocate or compute without bound are refused within the
// budgets: a stray cell at XFD (a grid of billions of cells), 300 000
// merged ranges (excelize compares them pairwise), a part inflating to
// 200 MiB.
func TestSummarySheetBombRejected(t *testing.T) {
	form, cfg, _ := summaryEnv(t)
	for _, c := range []struct {
		name   string
		data   []byte
		reason string
	}{
		{"stray-cell", rawXlsx(t, strayCellSheet), "单元格"},
		{"merge-flood", rawXlsx(t, mergeFloodSheet(300000)), "合并单元格"},
		{"inflate", inflateBombXlsx(t, 200), "压缩炸弹"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			measured(t, func() { _, err = ReadSummary(c.data, form, cfg.CategoryNames()) })
			if err == nil || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("%d-byte workbook: %v, want an error with %q", len(c.data), err, c.reason)
			}
		})
	}
	// At the limits, a sheet is still read.
	ok := rawXlsx(t, mergeFloodSheet(maxMergeCells))
	if _, err := ReadSummary(ok, form, cfg.CategoryNames()); err != nil {
		t.Errorf("%d merged ranges: %v", maxMergeCells, err)
	}
}
