package web

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/register"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
	"dbzx/workspace"
)

// console is a workspace served by a test server, with its links.
type console struct {
	t     *testing.T
	dir   string
	s     *Server
	ts    *httptest.Server
	clerk string            // the clerk's link
	units map[string]string // unit → its link
	order []string          // the roster's units
	forms *templates.Set
	cfg   *config.Config
	gen   *sample.Generator
}

// newConsole makes a workspace (the default settings; edit changes its
// configuration first) and serves it.
func newConsole(t *testing.T, edit func(path string)) *console {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	l, err := workspace.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(l.ConfigPath())
	}
	s, err := New(dir, Options{NoConvert: true, BusyWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	links, err := Links(dir, LinkOptions{Base: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	c := &console{t: t, dir: dir, s: s, ts: ts, units: map[string]string{}}
	for _, l := range links {
		if l.Role == RoleClerk {
			c.clerk = l.URL
		} else {
			c.units[l.Unit] = l.URL
			c.order = append(c.order, l.Unit)
		}
	}
	if c.cfg, c.forms, err = workspace.Load(dir); err != nil {
		t.Fatal(err)
	}
	c.gen = sample.New(c.forms, c.cfg, 7)
	return c
}

// ret makes a filled 附件6 return of unit; blank empties fields.
func (c *console) ret(unit string, n int, blank ...string) (*sample.Return, []byte) {
	c.t.Helper()
	form, _ := c.forms.Find("model_branch")
	r := c.gen.ReturnFrom(form, n, unit)
	for _, id := range blank {
		delete(r.Values.Text, id)
	}
	return r, c.docx(r)
}

// docx writes a return as its unit saves it.
func (c *console) docx(r *sample.Return) []byte {
	c.t.Helper()
	form, _ := c.forms.Find(r.Form)
	var buf bytes.Buffer
	if err := render.WriteDocx(&buf, form, c.cfg, r.Values); err != nil {
		c.t.Fatal(err)
	}
	return buf.Bytes()
}

func (c *console) get(url string) (int, string) {
	c.t.Helper()
	resp, err := c.ts.Client().Get(url)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var csrfRE = regexp.MustCompile(`action="[^"]*\?csrf=([^"]+)"`)

// csrf reads the csrf token from the forms of the page at link.
func (c *console) csrf(link string) string {
	c.t.Helper()
	_, page := c.get(link)
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		c.t.Fatalf("no form with a csrf token on %s", link)
	}
	return m[1]
}

type upFile struct {
	name string
	data []byte
}

// upload posts files to the unit page at link as its form does.
func (c *console) upload(link, csrf string, files ...upFile) (int, string) {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		w, err := mw.CreateFormFile("files", f.name)
		if err != nil {
			c.t.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	u := link + "upload"
	if csrf != "" {
		u += "?csrf=" + csrf
	}
	resp, err := c.ts.Client().Post(u, mw.FormDataContentType(), &body)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// reg opens the register for a look (read-only, no lock).
func (c *console) reg() *workspace.Workspace {
	c.t.Helper()
	w, err := workspace.OpenRead(c.dir)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { w.Close() })
	return w
}

// consoleLog is the console's access log, once what is queued is written.
func (c *console) consoleLog() []register.ConsoleLogEntry {
	c.t.Helper()
	c.s.log.flush()
	log, err := c.s.reg.ConsoleLog()
	if err != nil {
		c.t.Fatal(err)
	}
	return log
}

// TestUploadGood: a clean return is taken in as `dbzx intake` takes it,
// under the unit, and the page says so at once; the upload is logged with
// its hash.
func TestUploadGood(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	unit := c.order[0]
	r, data := c.ret(unit, 1)
	code, page := c.upload(c.units[unit], c.csrf(c.units[unit]), upFile{"党支部申报书.docx", data})
	if code != http.StatusOK {
		t.Fatalf("upload: %d\n%s", code, page)
	}
	// Clean as the rules go: only the warnings of a return sent after the
	// sample deadline without its unit's summary sheet.
	for _, want := range []string{"本次上传的审核结果", "党支部申报书.docx", "已读取", r.Name, "第1版", "晚于申报截止日期"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, `class="error"`) {
		t.Error("a clean return shows an error")
	}
	w := c.reg()
	apps, _ := w.Register().Applications()
	if len(apps) != 1 || apps[0].Name != r.Name {
		t.Fatalf("applications: %+v", apps)
	}
	files, _ := w.Register().Files()
	if len(files) != 1 || files[0].Name != "党支部申报书.docx" || files[0].Group != unit {
		t.Fatalf("file: %+v", files[0])
	}
	log := c.consoleLog()
	found := false
	for _, e := range log {
		if e.File == "党支部申报书.docx" && e.SHA256 == files[0].SHA256 && e.Unit == unit && e.Remote != "" {
			found = true
		}
		if strings.Contains(e.Path, strings.TrimPrefix(c.units[unit], c.ts.URL+"/t/")) {
			t.Errorf("the log holds a token: %s", e.Path)
		}
	}
	if !found {
		t.Errorf("upload not logged with its hash: %+v", log)
	}
	// Its page afterwards: the application and its receipt.
	_, page = c.get(c.units[unit])
	if !strings.Contains(page, r.Name) || !strings.Contains(page, "notice/apply.docx") {
		t.Errorf("unit page after upload lacks the application or the receipt")
	}
	code, body := c.get(c.units[unit] + "notice/apply.docx")
	if code != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Errorf("receipt download: %d", code)
	}
}

// TestUploadBreakingRule: a return with a required field left blank is
// registered, and the page names the field and what to do.
func TestUploadBreakingRule(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	unit := c.order[1]
	r, _ := c.ret(unit, 1)
	goal := r.Values.Text["plan_goal"]
	delete(r.Values.Text, "plan_goal")
	code, page := c.upload(c.units[unit], c.csrf(c.units[unit]), upFile{"申报书-缺建设目标.docx", c.docx(r)})
	if code != http.StatusOK {
		t.Fatalf("upload: %d", code)
	}
	for _, want := range []string{"建设目标", "未填写；此栏为必填", "请按提示修改后重新上传", "补正通知"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Fixed and sent again: a second version, without the problem.
	r.Values.Text["plan_goal"] = goal
	_, page = c.upload(c.units[unit], c.csrf(c.units[unit]), upFile{"申报书-缺建设目标.docx", c.docx(r)})
	if strings.Contains(page, "「建设目标」未填写") || !strings.Contains(page, "第2版") {
		t.Errorf("the fixed return: still the finding, or not the second version")
	}
}

// TestUploadZip: a zip of returns is expanded; every entry is the unit's.
func TestUploadZip(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	unit := c.order[2]
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var names []string
	for i := 1; i <= 2; i++ {
		r, data := c.ret(unit, i)
		names = append(names, r.Name)
		w, _ := zw.Create(fmt.Sprintf("返回材料/申报书%d.docx", i))
		w.Write(data)
	}
	w, _ := zw.Create("返回材料/盖章页.pdf")
	w.Write([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	zw.Close()
	code, page := c.upload(c.units[unit], c.csrf(c.units[unit]), upFile{"材料.zip", buf.Bytes()})
	if code != http.StatusOK {
		t.Fatalf("upload: %d", code)
	}
	for _, n := range append(names, "申报书1.docx（压缩包中）", "盖章页.pdf") {
		if !strings.Contains(page, n) {
			t.Errorf("page lacks %q", n)
		}
	}
	files, _ := c.reg().Register().Files()
	if len(files) != 4 { // the bundle and its three entries
		t.Fatalf("files: %d", len(files))
	}
	for _, f := range files {
		if f.Group != unit {
			t.Errorf("%s: group %q, want %q", f.Name, f.Group, unit)
		}
	}
}

// TestUploadOversize: an upload over the configured size is refused while
// it streams in, and nothing is recorded.
func TestUploadOversize(t *testing.T) {
	t.Parallel()
	c := newConsole(t, func(path string) {
		cfg, err := config.Load(filepath.Dir(path))
		if err != nil {
			t.Fatal(err)
		}
		l := cfg.Limits
		l.FileMB = 1
		if err := config.SetKey(path, "limits", l); err != nil {
			t.Fatal(err)
		}
	})
	unit := c.order[0]
	big := bytes.Repeat([]byte("x"), 3<<20)
	code, page := c.upload(c.units[unit], c.csrf(c.units[unit]), upFile{"大文件.pdf", big})
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "超过大小限制") {
		t.Fatalf("oversize: %d\n%s", code, page)
	}
	if n, _ := c.reg().Register().FileCount(); n != 0 {
		t.Errorf("%d files recorded from a refused upload", n)
	}
	log := c.consoleLog()
	logged := false
	for _, e := range log {
		if e.File == "大文件.pdf" && e.Status == http.StatusRequestEntityTooLarge && e.SHA256 == "" && e.Size > 0 {
			logged = true
		}
	}
	if !logged {
		t.Errorf("the refused upload is not in the log: %+v", log)
	}
}

// TestUploadNameNotAPath: the name a browser gives is data: a name that
// climbs out of the folder writes nothing there and is registered as its
// last element.
func TestUploadNameNotAPath(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	unit := c.order[0]
	_, data := c.ret(unit, 1)
	code, page := c.upload(c.units[unit], c.csrf(c.units[unit]), upFile{`../../..\..\逃逸.docx`, data})
	if code != http.StatusOK {
		t.Fatalf("upload: %d", code)
	}
	if !strings.Contains(page, "逃逸.docx") {
		t.Error("page lacks the file's name")
	}
	files, _ := c.reg().Register().Files()
	if len(files) != 1 || files[0].Name != "逃逸.docx" {
		t.Fatalf("registered as %+v", files)
	}
	for _, d := range []string{c.dir, filepath.Dir(c.dir), os.TempDir()} {
		if _, err := os.Stat(filepath.Join(d, "逃逸.docx")); err == nil {
			t.Errorf("a file was written under the sender's name in %s", d)
		}
	}
}

// TestUnitIsolation: a unit sees its own material, never another's.
func TestUnitIsolation(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	a, b := c.order[0], c.order[1]
	ra, da := c.ret(a, 1, "plan_goal")
	rb, db := c.ret(b, 2)
	c.upload(c.units[a], c.csrf(c.units[a]), upFile{"甲单位申报书.docx", da})
	c.upload(c.units[b], c.csrf(c.units[b]), upFile{"乙单位申报书.docx", db})
	_, pa := c.get(c.units[a])
	_, pb := c.get(c.units[b])
	for _, leak := range []string{rb.Name, "乙单位申报书.docx", b} {
		if strings.Contains(pa, leak) {
			t.Errorf("%s's page shows %q", a, leak)
		}
	}
	for _, leak := range []string{ra.Name, "甲单位申报书.docx", "建设目标", a} {
		if strings.Contains(pb, leak) {
			t.Errorf("%s's page shows %q", b, leak)
		}
	}
	// The notices too: each unit downloads its own.
	_, na := c.get(c.units[a] + "notice/apply.docx")
	if !strings.Contains(docxText(t, na), a) || strings.Contains(docxText(t, na), b) {
		t.Error("unit A's notice is not A's alone")
	}
	// A unit that sent nothing has no notice.
	if code, _ := c.get(c.units[c.order[3]] + "notice/apply.docx"); code != http.StatusNotFound {
		t.Errorf("notice of a unit that sent nothing: %d", code)
	}
	// The clerk's routes are not a unit's.
	if code, _ := c.get(c.units[a] + "out/intake-report.xlsx"); code != http.StatusNotFound {
		t.Errorf("a unit reached the clerk's outputs: %d", code)
	}
}

// docxText is the text of a .docx's document part.
func docxText(t *testing.T, data string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	return ""
}

// TestCSRFRejected: a form posted without its page's token, or with
// another link's, is refused and changes nothing.
func TestCSRFRejected(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	a, b := c.order[0], c.order[1]
	_, data := c.ret(a, 1)
	for name, tok := range map[string]string{"none": "", "other link's": c.csrf(c.units[b]), "forged": "abc"} {
		code, _ := c.upload(c.units[a], tok, upFile{"x.docx", data})
		if code != http.StatusForbidden {
			t.Errorf("%s token: %d, want 403", name, code)
		}
	}
	resp, err := c.ts.Client().PostForm(c.clerk+"build", map[string][]string{"action": {"check"}, "stage": {"apply"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("build without token: %d", resp.StatusCode)
	}
	if n, _ := c.reg().Register().FileCount(); n != 0 {
		t.Errorf("%d files recorded by refused posts", n)
	}
}

// TestBadLink404: a wrong, tampered or revoked link gets the plain 404,
// the same as any unknown page.
func TestBadLink404(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	unit := c.order[0]
	good := c.units[unit]
	tok := strings.TrimSuffix(strings.TrimPrefix(good, c.ts.URL+"/t/"), "/")
	flip := []byte(tok)
	if flip[3] == 'A' {
		flip[3] = 'B'
	} else {
		flip[3] = 'A'
	}
	_, plain := c.get(c.ts.URL + "/nothing")
	for name, u := range map[string]string{
		"random":    c.ts.URL + "/t/" + strings.Repeat("A", len(tok)) + "/",
		"tampered":  c.ts.URL + "/t/" + string(flip) + "/",
		"truncated": c.ts.URL + "/t/" + tok[:len(tok)-1] + "/",
		"bad path":  good + "secret",
	} {
		code, body := c.get(u)
		if code != http.StatusNotFound || body != plain {
			t.Errorf("%s link: %d %q", name, code, body)
		}
	}
	if code, _ := c.get(good); code != http.StatusOK {
		t.Fatalf("good link: %d", code)
	}
	// Rotated: the old link is dead, the new one works, the others stand.
	links, err := Links(c.dir, LinkOptions{Base: c.ts.URL, Rotate: unit})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		switch {
		case l.Unit == unit && l.URL == good:
			t.Error("rotate kept the link")
		case l.Unit == unit:
			if code, _ := c.get(l.URL); code != http.StatusOK {
				t.Errorf("new link: %d", code)
			}
		case l.Role == RoleUnit && l.URL != c.units[l.Unit]:
			t.Errorf("rotating %s changed %s's link", unit, l.Unit)
		}
	}
	if code, _ := c.get(good); code != http.StatusNotFound {
		t.Errorf("revoked link: %d", code)
	}
}

// TestLinks: one link per roster unit and the clerk's; printed again the
// same; the register holds no token.
func TestLinks(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	links, err := Links(c.dir, LinkOptions{Base: "http://10.0.0.5:8080/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != len(c.cfg.Units)+1 || links[0].Role != RoleClerk {
		t.Fatalf("links: %+v", links)
	}
	seen := map[string]bool{}
	for i, l := range links {
		if i > 0 && (l.Role != RoleUnit || l.Unit != c.cfg.Units[i-1].Name) {
			t.Errorf("link %d: %+v", i, l)
		}
		if !strings.HasPrefix(l.URL, "http://10.0.0.5:8080/t/") || seen[l.URL] {
			t.Errorf("url %s", l.URL)
		}
		seen[l.URL] = true
		tok := strings.TrimSuffix(strings.TrimPrefix(l.URL, "http://10.0.0.5:8080/t/"), "/")
		if len(tok)*6 < 128 {
			t.Errorf("token of %d bits", len(tok)*6)
		}
		var n int
		c.reg().Register().DB().QueryRow(`SELECT COUNT(*) FROM console_links WHERE token_hash = ? OR token_hash LIKE ?`,
			tok, "%"+tok+"%").Scan(&n)
		if n != 0 {
			t.Errorf("the register holds the token of %s", l.Unit)
		}
	}
	if _, err := Links(c.dir, LinkOptions{Rotate: "不存在的单位"}); err == nil {
		t.Error("rotating an unknown unit")
	}
	if info, err := os.Stat(filepath.Join(c.dir, KeyFile)); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v %v", info.Mode(), err)
	}
}

// TestCLIWhileServing: the console holds no lock: a command opens the
// workspace while it serves; an upload while a command holds the lock
// waits for it, then goes through.
func TestCLIWhileServing(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	w, err := workspace.Open(c.dir)
	if err != nil {
		t.Fatalf("a command could not open the workspace while the console serves: %v", err)
	}
	unit := c.order[0]
	_, data := c.ret(unit, 1)
	csrf := c.csrf(c.units[unit])
	done := make(chan int)
	go func() {
		code, _ := c.upload(c.units[unit], csrf, upFile{"a.docx", data})
		done <- code
	}()
	time.Sleep(500 * time.Millisecond)
	select {
	case code := <-done:
		t.Fatalf("the upload did not wait for the lock: %d", code)
	default:
	}
	w.Close()
	if code := <-done; code != http.StatusOK {
		t.Fatalf("upload after the lock was released: %d", code)
	}
}

// TestClerkPage: the roster with who is missing, the applications with
// their findings, a build, the outputs to download, an application's
// fields.
func TestClerkPage(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	a := c.order[0]
	ra, da := c.ret(a, 1, "plan_goal")
	c.upload(c.units[a], c.csrf(c.units[a]), upFile{"申报书.docx", da})
	code, page := c.get(c.clerk)
	if code != http.StatusOK {
		t.Fatalf("clerk page: %d", code)
	}
	for _, want := range []string{"各单位交回情况", "尚未交材料", c.order[1], ra.Name, "「建设目标」未填写", "intake-report.xlsx"} {
		if !strings.Contains(page, want) {
			t.Errorf("clerk page lacks %q", want)
		}
	}
	resp, err := c.ts.Client().PostForm(c.clerk+"build?csrf="+c.csrf(c.clerk),
		map[string][]string{"action": {"notices"}, "stage": {"apply"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "已写出") ||
		!strings.Contains(string(body), "notices/补正通知-"+a+".docx") {
		t.Fatalf("build notices: %d\n%s", resp.StatusCode, body)
	}
	if code, data := c.get(c.clerk + "out/" + "notices/补正通知-" + a + ".pdf"); code != http.StatusOK || !strings.HasPrefix(data, "%PDF") {
		t.Errorf("download output: %d", code)
	}
	for _, bad := range []string{"out/../dbzx.db", "out/%2e%2e/dbzx.db", "out/" + KeyFile, "out/notices/"} {
		if code, _ := c.get(c.clerk + bad); code != http.StatusNotFound {
			t.Errorf("%s: %d", bad, code)
		}
	}
	apps, _ := c.reg().Register().Applications()
	code, page = c.get(fmt.Sprintf("%sapp/%d", c.clerk, apps[0].ID))
	if code != http.StatusOK || !strings.Contains(page, "支部书记") || !strings.Contains(page, ra.Name) {
		t.Errorf("application page: %d", code)
	}
	for _, stage := range []string{"midterm", "final"} {
		if code, page := c.get(c.clerk + "?stage=" + stage); code != http.StatusOK || !strings.Contains(page, "建设对象") {
			t.Errorf("stage %s: %d", stage, code)
		}
	}
}

// TestConcurrentUploads: eight units upload at once; every file is
// registered once, under its unit, and each unit sees its own.
func TestConcurrentUploads(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	type sent struct {
		unit, name string
		data       []byte
		csrf       string
	}
	var all []sent
	for i, u := range c.order {
		r, data := c.ret(u, i+1)
		all = append(all, sent{u, r.Name, data, c.csrf(c.units[u])})
	}
	if len(all) != 8 {
		t.Fatalf("roster of %d units", len(all))
	}
	var wg sync.WaitGroup
	codes := make([]int, len(all))
	for i, s := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = c.upload(c.units[s.unit], s.csrf, upFile{"申报书.docx", s.data})
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusOK {
			t.Errorf("%s: %d", all[i].unit, code)
		}
	}
	w := c.reg()
	apps, _ := w.Register().Applications()
	files, _ := w.Register().Files()
	if len(apps) != 8 || len(files) != 8 {
		t.Fatalf("%d applications, %d files; want 8 and 8", len(apps), len(files))
	}
	groups := map[string]int{}
	for _, f := range files {
		groups[f.Group]++
	}
	for _, s := range all {
		if groups[s.unit] != 1 {
			t.Errorf("%s: %d files", s.unit, groups[s.unit])
		}
		_, page := c.get(c.units[s.unit])
		if !strings.Contains(page, s.name) {
			t.Errorf("%s's page lacks its application", s.unit)
		}
	}
	var runs, unfinished int
	w.Register().DB().QueryRow(`SELECT COUNT(*), COUNT(*) - COUNT(finished) FROM runs`).Scan(&runs, &unfinished)
	if runs != 8 || unfinished != 0 {
		t.Errorf("%d runs, %d unfinished", runs, unfinished)
	}
	log := c.consoleLog()
	uploads := 0
	for _, e := range log {
		if e.Method == "UPLOAD" {
			uploads++
		}
	}
	if uploads != 8 {
		t.Errorf("%d uploads logged", uploads)
	}
}

// TestHeaders: every answer carries the strict policy; no page has
// inline script.
func TestHeaders(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	for _, u := range []string{c.clerk, c.units[c.order[0]], c.ts.URL + "/x", c.ts.URL + "/static/app.js"} {
		resp, err := c.ts.Client().Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", u, csp)
		}
		if resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: referrer policy", u)
		}
		if regexp.MustCompile(`<script>|<script [^>]*>[^<]`).Match(body) || strings.Contains(string(body), " onclick=") {
			t.Errorf("%s: inline script", u)
		}
	}
}

// TestKeyDeleted: deleting the key file revokes every link; the links made
// afterwards open their pages without a restart.
func TestKeyDeleted(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	old := c.units[c.order[0]]
	if err := os.Remove(filepath.Join(c.dir, KeyFile)); err != nil {
		t.Fatal(err)
	}
	links, err := Links(c.dir, LinkOptions{Base: c.ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := c.get(old); code != http.StatusNotFound {
		t.Errorf("a link of the deleted key: %d", code)
	}
	for _, l := range links {
		if l.URL == c.units[l.Unit] {
			t.Errorf("%s kept its link", l.Unit)
		}
		if code, _ := c.get(l.URL); code != http.StatusOK {
			t.Errorf("new link of %s: %d", l.Unit, code)
		}
	}
}

// TestServe: Serve listens, answers, and on cancel shuts down and
// returns, the log written.
func TestServe(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "ws")
	if _, err := workspace.Init(dir); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan []Link, 1)
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, dir, Options{Addr: "127.0.0.1:0", NoConvert: true}, func(base string, links []Link) {
			started <- links
		})
	}()
	var links []Link
	select {
	case links = <-started:
	case err := <-done:
		t.Fatal(err)
	}
	resp, err := http.Get(links[0].URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || links[0].Role != RoleClerk {
		t.Fatalf("clerk's page: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	w, err := workspace.OpenRead(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var n int
	w.Register().DB().QueryRow(`SELECT COUNT(*) FROM console_log WHERE role = 'clerk' AND status = 200`).Scan(&n)
	if n != 1 {
		t.Errorf("%d requests of the clerk logged, want 1", n)
	}
}

func TestIsLoopback(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:80": true, "[::1]:8080": true,
		"0.0.0.0:8080": false, ":8080": false, "10.1.2.3:8080": false, "nonsense": false} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}

// TestUploadForAnotherUnit: a return naming another unit as its applicant,
// uploaded through this unit's link, is registered (as intake would), but
// the other unit's page does not show it, and the sender is told.
func TestUploadForAnotherUnit(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	a, b := c.order[0], c.order[1]
	rb, data := c.ret(b, 1)
	code, page := c.upload(c.units[a], c.csrf(c.units[a]), upFile{"代交的申报书.docx", data})
	if code != http.StatusOK || !strings.Contains(page, "不属于“"+a+"”") {
		t.Fatalf("upload: %d, no note on the unit", code)
	}
	_, pb := c.get(c.units[b])
	if strings.Contains(pb, rb.Name) || strings.Contains(pb, "代交的申报书.docx") {
		t.Errorf("%s's page shows what %s uploaded", b, a)
	}
	if code, _ := c.get(c.units[b] + "notice/apply.docx"); code != http.StatusNotFound {
		t.Errorf("%s's notice of what it did not send: %d", b, code)
	}
	// B sends its own version: now its page shows the application.
	r2 := *rb
	v := *rb.Values
	v.Text = maps.Clone(rb.Values.Text)
	v.Text["secretary_title"] += "（修改）"
	r2.Values = &v
	_, pb = c.upload(c.units[b], c.csrf(c.units[b]), upFile{"本单位申报书.docx", c.docx(&r2)})
	if !strings.Contains(pb, rb.Name) || strings.Contains(pb, "代交的申报书.docx") {
		t.Errorf("%s's own version: the application missing, or the other unit's file shown", b)
	}
	_, pc := c.get(c.clerk)
	if !strings.Contains(pc, "代交的申报书.docx") || !strings.Contains(pc, "本单位申报书.docx") {
		t.Error("the clerk does not see both files")
	}
}

// TestUnitStageForms: once the committee has chosen, a unit's page
// offers its construction objects' pre-filled 中期考核表 and 建设工作报告
// — its own, never another unit's.
func TestUnitStageForms(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	a, b := c.order[0], c.order[1]
	ra, da := c.ret(a, 1)
	rb, db := c.ret(b, 2)
	c.upload(c.units[a], c.csrf(c.units[a]), upFile{"甲.docx", da})
	c.upload(c.units[b], c.csrf(c.units[b]), upFile{"乙.docx", db})
	if _, page := c.get(c.units[a]); strings.Contains(page, "stageform/") {
		t.Fatal("stage forms offered before any object was chosen")
	}
	w, err := workspace.Open(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	apps, err := w.Register().Applications()
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]int64{}
	var ds []register.Decision
	for _, app := range apps {
		id[app.Unit] = app.ID
		ds = append(ds, register.Decision{ApplicationID: app.ID, Recommended: true, Total: 90, Source: "t"})
	}
	if err := w.Register().RecordDecisions(context.Background(), ds, time.Date(2022, 12, 9, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	ida, idb := id[a], id[b]
	_, page := c.get(c.units[a])
	if !strings.Contains(page, "中期考核表："+ra.Name) || strings.Contains(page, "建设工作报告：") {
		t.Error("before the mid-term's conclusion: want the 中期考核表 alone")
	}
	// The mid-term concludes: the report, which answers its feedback, is
	// offered too.
	if w, err = workspace.Open(c.dir); err != nil {
		t.Fatal(err)
	}
	if err := w.Register().RecordStageDecisions(context.Background(), []register.StageDecision{{ApplicationID: ida, Stage: templates.StageMidterm,
		Conclusion: "通过", Decided: "2023-06-10"}}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	_, page = c.get(c.units[a])
	for _, want := range []string{fmt.Sprintf("stageform/midterm/%d", ida), fmt.Sprintf("stageform/final/%d", ida), "中期考核表：" + ra.Name, "建设工作报告：" + ra.Name} {
		if !strings.Contains(page, want) {
			t.Errorf("unit page lacks %q", want)
		}
	}
	if strings.Contains(page, rb.Name) || strings.Contains(page, fmt.Sprintf("/%d\"", idb)) {
		t.Error("unit page offers another unit's object")
	}
	code, form := c.get(c.units[a] + fmt.Sprintf("stageform/midterm/%d", ida))
	if code != http.StatusOK || !strings.Contains(docxText(t, form), ra.Name) {
		t.Errorf("the object's mid-term form: %d", code)
	}
	for _, wrong := range []string{fmt.Sprintf("stageform/midterm/%d", idb), fmt.Sprintf("stageform/apply/%d", ida), "stageform/midterm/x", "stageform/final/999"} {
		if code, _ := c.get(c.units[a] + wrong); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", wrong, code)
		}
	}
}

// TestServePortTaken: a port another program holds is a ListenError that
// says so (the front end tells the clerk to stop it or pick another); an
// address that is no host:port is one that does not.
func TestServePortTaken(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var le *ListenError
	err = Serve(context.Background(), c.dir, Options{Addr: ln.Addr().String()}, nil)
	if !errors.As(err, &le) || !le.InUse {
		t.Errorf("port taken: %v, want a ListenError in use", err)
	}
	err = Serve(context.Background(), c.dir, Options{Addr: "127.0.0.1:99999"}, nil)
	if !errors.As(err, &le) || le.InUse {
		t.Errorf("no such port: %v, want a ListenError not in use", err)
	}
}

// TestUploadBroken: a body that is no upload form (a broken connection, a
// tool posting garbage) is answered in Chinese with what to do, never
// with the parser's words, and nothing is taken in.
func TestUploadBroken(t *testing.T) {
	t.Parallel()
	c := newConsole(t, nil)
	unit := c.order[0]
	u := c.units[unit] + "upload?csrf=" + c.csrf(c.units[unit])
	resp, err := c.ts.Client().Post(u, "multipart/form-data; boundary=zz", strings.NewReader("--zz\r\nbroken"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "上传未完成") || strings.Contains(page, "malformed") || strings.Contains(page, "MIME") {
		t.Errorf("broken upload: %d\n%s", resp.StatusCode, page)
	}
	if apps, _ := c.reg().Register().Applications(); len(apps) != 0 {
		t.Errorf("%d applications registered from a broken upload", len(apps))
	}
}

// TestMessage: the core's errors reach a page in Chinese, with what to
// do; an output that could not be written names the file, not the
// system's words or the folder it was in.
func TestMessage(t *testing.T) {
	t.Parallel()
	out := &render.OutputError{Path: filepath.Join("ws", "out", "通知.pdf"), Err: fs.ErrPermission}
	for _, c := range []struct {
		err    error
		detail bool
		want   string
	}{
		{out, false, "无法写出 通知.pdf：请检查"},
		{fmt.Errorf("notices: %w", out), true, "无法写出 通知.pdf："},
		{register.ErrBusy, false, "请稍后再试"},
		{errors.New("something internal"), false, "处理时出错，请联系党委组织部。"},
		{errors.New("something internal"), true, "处理时出错：something internal"},
		{&render.CertificateError{Number: "N1", Err: &render.TooLongError{Runes: 900, MinSize: 12}}, true, "处理时出错：证书 N1：单位、项目名称和正文过长"},
		{&render.CertificateError{Number: "N1", Err: &render.TooLongError{Runes: 900, MinSize: 12}}, false, "处理时出错，请联系党委组织部。"},
	} {
		got := message(c.err, c.detail)
		if !strings.Contains(got, c.want) || strings.Contains(got, "permission") || strings.Contains(got, filepath.Join("ws", "out")) {
			t.Errorf("message(%v, %v) = %q, want it to say %q", c.err, c.detail, got, c.want)
		}
	}
}
