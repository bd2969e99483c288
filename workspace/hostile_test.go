package workspace

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dbzx/intake"
	"dbzx/internal/bundle"
	"dbzx/internal/testutil"
	"dbzx/register"
	"dbzx/render"
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

// runWatched is Run with a watchdog: a hang (a symlink loop followed, a
// parser spinning) fails the test instead of stalling it.
func runWatched(t *testing.T, w *Workspace, reg *testReg, opts Options, paths ...string) *IntakeResult {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	opts.Forms, opts.Cfg = forms, cfg
	type done struct {
		res *IntakeResult
		err error
	}
	ch := make(chan done, 1)
	go func() {
		res, err := run(context.Background(), w, reg, opts, paths)
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
func reportRows(t *testing.T, reg *testReg) map[string][][]string {
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
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a 2 GiB zip bomb")
	}
	sample := func(seed uint64, form string) []byte { _, d := filledSample(t, seed, form); return d }
	good := sample(101, "innovation_project")
	docA, docB := sample(102, "model_branch"), sample(103, "model_branch")
	var docBMain []byte
	testutil.Repack(t, docB, func(name string, b []byte) (string, []byte, bool) {
		if name == "word/document.xml" {
			docBMain = b
		}
		return name, b, true
	})
	bomb := testutil.BombZip(t)
	long := strings.Repeat("长", 82)            // 246 bytes: with the prefix and .pdf, 253
	deepDir := strings.Repeat("很长很长的文件夹名称", 4) // 120 bytes a level

	cases := []hostileCase{
		{path: "01-截断.docx", data: sample(104, "innovation_project")[:100], status: intake.StatusRejected, reason: "Word 文件（.docx）已损坏"},
		{path: "02-申报书改成了.pdf", data: sample(105, "double_leader_studio"), status: intake.StatusParsed},
		{path: "03-扫描件改成了.docx", data: testutil.TinyPDF("scan"), status: intake.StatusAttachment},
		{path: "04-空文件.docx", data: nil, status: intake.StatusRejected, reason: "空文件（0 字节）"},
		{path: "05-加密的申报书.docx", data: testutil.OleWith("EncryptedPackage"), status: intake.StatusRejected, reason: "文件设有密码，无法读取：请去除密码后重新提交"},
		{path: "06-旧版申报书.doc", data: testutil.OleWith("WordDocument"), status: intake.StatusRejected, reason: "请另存为 .docx 后重新提交"},
		{path: "07-深度嵌套表格.docx", data: testutil.RewriteDocx(t, sample(106, "innovation_project"), testutil.BodyInsert(testutil.Nested("<w:tbl>", "</w:tbl>", 100000))),
			status: intake.StatusRejected, reason: "嵌套过深或元素过多"},
		{path: "08-深度嵌套元素.docx", data: testutil.RewriteDocx(t, sample(107, "innovation_project"), testutil.BodyInsert(testutil.Nested("<x>", "</x>", 100000))),
			status: intake.StatusRejected, reason: "嵌套过深或元素过多"},
		{path: "09-十亿笑声.docx", data: testutil.RewriteDocx(t, sample(108, "innovation_project"), func(s string) string {
			s = strings.Replace(s, "<w:document", testutil.BillionLaughs()+"<w:document", 1)
			return testutil.BodyInsert(`<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>`)(s)
		}), status: intake.StatusRejected, reason: "正文 XML 格式错误"},
		{path: "10-压缩炸弹.zip", data: bomb, status: intake.StatusRejected, reason: "疑似压缩炸弹"},
		{path: "11-缺少正文.docx", data: testutil.RewriteDocx(t, sample(109, "innovation_project"), nil, "word/document.xml"),
			status: intake.StatusRejected, reason: "缺少正文部分"},
		{path: "12-正文改名.docx", data: testutil.Repack(t, sample(110, "innovation_project"), func(name string, b []byte) (string, []byte, bool) {
			switch name {
			case "word/document.xml":
				return "word/documnet.xml", b, true
			case "_rels/.rels":
				return name, bytes.ReplaceAll(b, []byte("word/document.xml"), []byte("word/nowhere.xml")), true
			}
			return name, b, true
		}), status: intake.StatusRejected, reason: "缺少正文部分"},
		// Two word/document.xml entries: the first is read, as before.
		{path: "13-重复部件.docx", data: testutil.AddPart(t, docA, "word/document.xml", docBMain), status: intake.StatusParsed},
		{path: "14-同名条目.zip", data: makeZip(t, false, [2]string{"申报书.docx", string(sample(111, "innovation_project"))},
			[2]string{"申报书.docx", string(sample(112, "double_leader_studio"))}), status: intake.StatusBundle},
		{path: "15-换行\n的名字.docx", data: sample(113, "innovation_project"), status: intake.StatusParsed},
		{path: "16-反转\u202Excod.pdf", data: testutil.TinyPDF("rtl"), status: intake.StatusAttachment},
		{path: "17-零宽\u200b空格.docx", data: sample(114, "innovation_project"), status: intake.StatusParsed},
		{path: "18-" + long + ".pdf", data: testutil.TinyPDF("long"), status: intake.StatusAttachment},
		{path: "19-控制字符\x1b[31m.pdf", data: testutil.TinyPDF("esc"), status: intake.StatusAttachment},
		{path: "19b-\xc9\xea\xb1\xa8\xca\xe9.pdf", data: testutil.TinyPDF("gbk"), status: intake.StatusAttachment}, // 申报书 in GBK bytes, as unzip leaves it
		{path: "20-" + deepDir + "/" + deepDir + "/" + deepDir + "/路径超过255字节.docx", data: sample(115, "innovation_project"), status: intake.StatusParsed},
		{path: "21-循环/loop", status: intake.StatusRejected, reason: "不是普通文件", setup: func(t *testing.T, full string) {
			if err := os.Symlink(filepath.Dir(full), full); err != nil { // 21-循环/loop → 21-循环
				t.Fatal(err)
			}
		}},
		{path: "21-循环/支撑材料.pdf", data: testutil.TinyPDF("beside the loop"), status: intake.StatusAttachment},
		{path: "22-自环", status: intake.StatusRejected, reason: "符号链接循环", setup: func(t *testing.T, full string) {
			if err := os.Symlink(full, full); err != nil { // 22-自环 → itself: ELOOP
				t.Fatal(err)
			}
		}},
		{path: "23-无权限.pdf", data: testutil.TinyPDF("secret"), status: intake.StatusRejected, reason: "没有读取权限", setup: func(t *testing.T, full string) {
			if err := os.Chmod(full, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(full, 0o644) })
		}},
		{path: "24-汇总表单元格炸弹.xlsx", data: testutil.RawXlsx(t, testutil.StrayCellSheet), status: intake.StatusRejected, reason: "空白表单"}, // read within bounds: only its header
		{path: "25-汇总表合并单元格.xlsx", data: testutil.RawXlsx(t, testutil.MergeFloodSheet(300000)), status: intake.StatusRejected, reason: "合并单元格超过 10000 个"},
		{path: "26-汇总表压缩炸弹.xlsx", data: testutil.InflateBombXlsx(t, 200), status: intake.StatusRejected, reason: "疑似压缩炸弹"},
		{path: "27-碎片文本.docx", data: testutil.RewriteDocx(t, sample(116, "innovation_project"), testutil.BodyInsert(testutil.FragmentedText(400000))), status: intake.StatusParsed},
		{path: "99-正常申报书.docx", data: good, status: intake.StatusParsed},
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
	byOrigin := map[string][]*register.FileRecord{}
	for _, f := range files {
		byOrigin[f.Origin] = append(byOrigin[f.Origin], f)
	}
	report := reportRows(t, reg)
	for _, c := range cases {
		origin := filepath.Join(in, filepath.FromSlash(c.path))
		name := bundle.DecodeLegacyName(filepath.Base(origin)) // GBK bytes left by unzip read as Chinese
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
		if row := rows[0]; row[1] != xmlText(name) || row[5] != render.StatusNames[f.Status] || row[6] != xmlText(f.Reason) {
			t.Errorf("%q: report row %q | %q | %q, want %q | %q | %q", c.path, row[1], row[5], row[6], xmlText(name), render.StatusNames[f.Status], f.Reason)
		}
	}

	// The first of two word/document.xml entries is the one read.
	_, _, x := testEnv(t)
	first, err := x.Extract(bytes.NewReader(docA), int64(len(docA)), "a.docx")
	if err != nil {
		t.Fatal(err)
	}
	if o := outcomeByName(res, "13-重复部件.docx"); o == nil || !strings.HasSuffix(o.Application, first.Text(first.Form.Who().Name)) {
		t.Errorf("duplicate document.xml: read %+v, want the first part's application %q", o, first.Text(first.Form.Who().Name))
	}
	// Both entries of the same name in a bundle are taken in, each under
	// the bundle's path, told apart by their bytes.
	same := byOrigin[filepath.Join(in, "14-同名条目.zip")+"!/申报书.docx"]
	if len(same) != 2 || same[0].SHA256 == same[1].SHA256 {
		t.Errorf("bundle entries of the same name: %d registered, want 2 with different bytes", len(same))
	}
	for _, f := range same {
		if f.Status != intake.StatusParsed {
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
	if last := res.Outcomes[len(res.Outcomes)-1]; last.Name != "99-正常申报书.docx" || last.Status != intake.StatusParsed {
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
	writeFile(t, filepath.Join(in, "1-炸弹.zip"), testutil.BombZip(t))
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
			writeFile(t, filepath.Join(in, "1-嵌套.docx"), testutil.RewriteDocx(t, data, testutil.BodyInsert(testutil.Nested(c.open, c.close, 100000))))
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
	writeFile(t, filepath.Join(in, "1-笑声.docx"), testutil.RewriteDocx(t, data, func(s string) string {
		s = strings.Replace(s, "<w:document", testutil.BillionLaughs()+"<w:document", 1)
		return testutil.BodyInsert(`<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>`)(s)
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
	var res *IntakeResult
	testutil.Measured(t, func() { res = runWatched(t, w, reg, Options{Workers: 2}, in) })
	if o := outcomeByName(res, hostile); o == nil || o.Status != intake.StatusRejected || !strings.Contains(o.Reason, reason) {
		t.Errorf("%s: %+v, want rejected with %q", hostile, o, reason)
	} else {
		t.Logf("%s: %s", hostile, o.Reason)
	}
	if o := outcomeByName(res, "2-申报书.docx"); o == nil || o.Status != intake.StatusParsed {
		t.Errorf("the return after %s: %+v, want parsed", hostile, o)
	}
	sameTree(t, before, hashTree(t, in))
}
