package render_test

// External test package: render must not import sample's importers, and
// sample imports render.

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/signintech/gopdf"

	"dbzx/config"
	"dbzx/internal/fonts"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

type dossierEnv struct {
	cfg   *config.Config
	forms *templates.Set
	faces []fonts.Face
}

func newDossierEnv(t testing.TB) *dossierEnv {
	t.Helper()
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	forms, err := templates.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	faces, err := render.LoadFaces(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &dossierEnv{cfg, forms, faces}
}

func (e *dossierEnv) form(t testing.TB, category string) *templates.Form {
	t.Helper()
	for _, f := range e.forms.Forms {
		if f.Category == category {
			return f
		}
	}
	t.Fatalf("no form for %s", category)
	return nil
}

// app turns a sample return into a dossier application, with the values as
// they were typed (as intake's register keeps them).
func app(f *templates.Form, r *sample.Return) *render.DossierApp {
	who := f.Who()
	a := &render.DossierApp{Unit: r.Unit, Name: r.Name, Leader: r.Values.Text[who.Leader], Phone: r.Values.Text[who.Phone],
		Version: 1, Versions: 1, File: r.File, Form: f, Values: map[string]string{}, Tables: map[string][][]string{}}
	for id, v := range r.Values.Text {
		a.Values[id] = v
	}
	for id, on := range r.Values.Checked {
		a.Values[id] = map[bool]string{true: "√ 已勾选", false: "□ 未勾选"}[on]
	}
	for id, rows := range r.Values.Rows {
		t := f.Field(id)
		for _, row := range rows {
			var cells []string
			for _, c := range t.Columns {
				cells = append(cells, row[c.ID])
			}
			a.Tables[id] = append(a.Tables[id], cells)
		}
	}
	return a
}

// sampleDossier makes a dossier of n applications of a category from
// sample returns.
func (e *dossierEnv) sampleDossier(t testing.TB, category string, n int, seed uint64) *render.Dossier {
	t.Helper()
	cat, ok := e.cfg.Category(category)
	if !ok {
		t.Fatalf("no category %s", category)
	}
	f := e.form(t, category)
	g := sample.New(e.forms, e.cfg, seed)
	d := &render.Dossier{Category: cat}
	for i := 0; i < n; i++ {
		d.Applications = append(d.Applications, app(f, g.Return(f, i+1)))
	}
	return d
}

// longText is a text of n characters made of numbered sentences.
func longText(n int, tag string) string {
	var b strings.Builder
	for i := 1; len([]rune(b.String())) < n; i++ {
		fmt.Fprintf(&b, "%s第%d条：坚持把党的政治建设摆在首位，健全“三会一课”等组织生活制度，推动党建与业务深度融合（详见附件）。", tag, i)
		if i%5 == 0 {
			b.WriteString("\n")
		}
	}
	return string([]rune(b.String())[:n])
}

const nowhere = '\U00020000' // in no face

// fiveApps is the hand-made dossier: five applications in a chosen order
// (not by unit or name), one named with 嵘, one with a 1,500-character text,
// one with a character no font has.
func (e *dossierEnv) fiveApps(t testing.TB) (*render.Dossier, map[string]string) {
	t.Helper()
	d := e.sampleDossier(t, "model_branch", 5, 7)
	names := []string{"周嵘名师引领党支部", "启航学生第一党支部", "阿尔法教工党支部", "钢轨运维教工第二党支部", "红烛思政党支部"}
	long := map[string]string{}
	for i, a := range d.Applications {
		a.Name = names[i]
		a.Values["branch_name"] = names[i]
		a.Unit = e.cfg.Units[(len(e.cfg.Units)-1-i)%len(e.cfg.Units)].Name
		a.Phone = []string{"0371-60000000", "0371-64026220", "13800000000", "0371-88888888", "0371-62709905"}[i]
	}
	d.Applications[1].Values["plan_measures"] = longText(1500, "甲")
	long["plan_measures"] = d.Applications[1].Values["plan_measures"]
	d.Applications[3].Values["basis_guidance"] = longText(1500, "乙")
	long["basis_guidance"] = d.Applications[3].Values["basis_guidance"]
	d.Applications[2].Values["secretary_title"] = "教授（" + string(nowhere) + "）"
	return d, long
}

func writeDossier(t testing.TB, e *dossierEnv, d *render.Dossier) ([]byte, *render.DossierResult) {
	t.Helper()
	var buf bytes.Buffer
	res, err := render.WriteDossier(&buf, d, e.cfg, e.faces)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes != buf.Len() || res.Pages == 0 {
		t.Fatalf("result %+v for %d bytes", res, buf.Len())
	}
	return buf.Bytes(), res
}

func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (poppler-utils)", name)
	}
	return p
}

// pdfRun runs a poppler tool on pdf with args before the file name.
func pdfRun(t testing.TB, pdf []byte, name string, args ...string) string {
	t.Helper()
	bin := tool(t, name)
	path := filepath.Join(t.TempDir(), "dossier.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if name == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

// pages is the text of each page.
func pages(t testing.TB, pdf []byte) []string {
	t.Helper()
	p := strings.Split(pdfRun(t, pdf, "pdftotext", "-enc", "UTF-8"), "\f")
	return p[:len(p)-1]
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

var footer = regexp.MustCompile(`第\s*\d+\s*页\s*共\s*\d+\s*页`)

// body is a page's text without its header and footer.
func body(page, header string) string {
	page = footer.ReplaceAllString(page, "")
	return strings.ReplaceAll(page, header, "")
}

// valueColumn is the text of the value column of the applications' label
// and value tables (right of the 110 pt labels, inside the margins) on
// pages first..last: what pdftotext reads there, free of the labels it
// would otherwise interleave.
func valueColumn(t testing.TB, pdf []byte, first, last int) string {
	t.Helper()
	const mm = 72 / 25.4
	left, top := 28*mm+110+1, 25*mm // pdftotext crops in points at its default 72 dpi
	right, bottom := 595.28-20*mm, 841.89-22*mm
	n := func(f float64) string { return strconv.Itoa(int(f)) }
	return pdfRun(t, pdf, "pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(first), "-l", strconv.Itoa(last),
		"-x", n(left), "-y", n(top), "-W", n(right-left), "-H", n(bottom-top))
}

// tocPages reads the page number of each TOC entry from the contents page.
func tocPages(t testing.TB, pdf []byte, titles []string) []int {
	t.Helper()
	toc := pdfRun(t, pdf, "pdftotext", "-enc", "UTF-8", "-layout", "-f", "2", "-l", "2")
	var out []int
	for _, title := range titles {
		p := 0
		for _, ln := range strings.Split(toc, "\n") {
			if strings.Contains(squeeze(ln), squeeze(title)) {
				if m := regexp.MustCompile(`(\d+)\s*$`).FindStringSubmatch(ln); m != nil {
					p, _ = strconv.Atoi(m[1])
				}
			}
		}
		if p == 0 {
			t.Fatalf("contents list no page for %q:\n%s", title, toc)
		}
		out = append(out, p)
	}
	return out
}

func TestWriteDossier(t *testing.T) {
	t.Parallel()
	e := newDossierEnv(t)
	d, long := e.fiveApps(t)
	pdf, res := writeDossier(t, e, d)
	pg := pages(t, pdf)
	if len(pg) != res.Pages {
		t.Fatalf("pdftotext sees %d pages, WriteDossier says %d", len(pg), res.Pages)
	}
	// Cover, contents, summary, ≥2 pages per application, scoring.
	if res.Pages < 4+2*len(d.Applications) {
		t.Errorf("%d pages for %d applications", res.Pages, len(d.Applications))
	}
	header := d.Category.Name + " · 申报材料汇编"
	var all strings.Builder
	for _, p := range pg {
		all.WriteString(body(p, header))
	}
	text := squeeze(all.String())

	// The contents: each application in the given order, with the page its
	// heading is on.
	var titles []string
	for i, a := range d.Applications {
		titles = append(titles, fmt.Sprintf("%d. %s（%s）", i+1, a.Name, a.Unit))
	}
	at := tocPages(t, pdf, titles)
	for i, a := range d.Applications {
		heading := fmt.Sprintf("%d. %s", i+1, a.Name)
		if !strings.Contains(squeeze(pg[at[i]-1]), squeeze(heading)) {
			t.Errorf("contents put %s on page %d; it is not there:\n%s", heading, at[i], pg[at[i]-1])
		}
		if i > 0 && at[i] <= at[i-1] {
			t.Errorf("%s on page %d, before or with the one before it (%d)", a.Name, at[i], at[i-1])
		}
		if !strings.Contains(text, squeeze(a.Name)) || !strings.Contains(text, squeeze(a.Unit)) {
			t.Errorf("%s (%s) missing", a.Name, a.Unit)
		}
		// Every long text, whole, in the value column of the
		// application's pages.
		end := len(pg) - 1 // the scoring sheet is last
		if i+1 < len(at) {
			end = at[i+1] - 1
		}
		values := squeeze(valueColumn(t, pdf, at[i], end))
		for id, f := range a.Values {
			if fd := a.Form.Field(id); fd != nil && fd.Type == templates.LongText && !strings.ContainsRune(f, nowhere) {
				if !strings.Contains(values, squeeze(f)) {
					t.Errorf("%s: %s not printed whole on pages %d–%d", a.Name, fd.Label, at[i], end)
				}
			}
		}
	}
	values := squeeze(valueColumn(t, pdf, 1, len(pg)))
	for id, v := range long {
		if !strings.Contains(values, squeeze(v)) {
			t.Errorf("the 1,500-character %s not printed whole", id)
		}
	}
	// The summary and the scoring sheet list the applications in order.
	for _, sheet := range []string{"一、申报汇总表", "二、评审打分表"} {
		var page string
		for _, p := range pg {
			if strings.Contains(p, sheet) {
				page = squeeze(p)
			}
		}
		last := -1
		for _, a := range d.Applications {
			// Names wrap in their cells: look for the start.
			k := strings.Index(page, string([]rune(a.Name)[:4]))
			if k < 0 || k < last {
				t.Errorf("%s: %s missing or out of order", sheet, a.Name)
			}
			last = k
		}
	}
	// Phone numbers, even a landline of wide digits, stay on one line of
	// the summary's contact cell.
	for _, p := range pg {
		if !strings.Contains(p, "联系人及电话") {
			continue
		}
		for _, a := range d.Applications {
			if !strings.Contains(p, a.Phone) {
				t.Errorf("the summary breaks %s's phone %s:\n%s", a.Name, a.Phone, p)
			}
		}
	}
	if !strings.Contains(text, "周嵘名师引领党支部") {
		t.Error("the name with 嵘 is not printed")
	}
	if strings.ContainsRune(text, nowhere) || !strings.Contains(text, "教授（□）") {
		t.Error("the character no font has is not printed as □")
	}
	// One warning names the application and the field; the others name
	// where they are.
	want := d.Applications[2].Name + "「书记职务职称」"
	found := false
	for _, w := range res.Warnings {
		if strings.HasPrefix(w, want) && strings.Contains(w, "U+20000") {
			found = true
		}
		for i, a := range d.Applications {
			if i != 2 && strings.HasPrefix(w, a.Name) {
				t.Errorf("warning names %s, which has no such character: %s", a.Name, w)
			}
		}
		if strings.HasPrefix(w, "：") {
			t.Errorf("warning names no place: %s", w)
		}
	}
	if !found {
		t.Errorf("no warning for %s: %q", want, res.Warnings)
	}

	// Fonts: embedded (gopdf subsets them all; the size shows it).
	fontsOut := pdfRun(t, pdf, "pdffonts")
	lines := strings.Split(strings.TrimSpace(fontsOut), "\n")
	if len(lines) < 4 {
		t.Fatalf("pdffonts:\n%s", fontsOut)
	}
	for _, ln := range lines[2:] {
		f := strings.Fields(ln)
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", ln)
		}
	}
	if len(pdf) > 3<<20 {
		t.Errorf("%d bytes: the fonts are not subset", len(pdf))
	}
	// Every page but the cover has the footer with the right total.
	for i, p := range pg[1:] {
		if want := fmt.Sprintf("第%d页共%d页", i+2, res.Pages); !strings.Contains(squeeze(p), want) {
			t.Errorf("page %d: no %s", i+2, want)
		}
	}
}

// TestMissingGlyphWarnings: a character no font has, in a leader's name
// (printed in the summary, the scoring sheet and the application) and in a
// table cell, is reported under its application, never under another's or
// under no place.
func TestMissingGlyphWarnings(t *testing.T) {
	t.Parallel()
	e := newDossierEnv(t)
	d, _ := e.fiveApps(t)
	d.Applications[2].Values["secretary_title"] = "教授"
	first, last := d.Applications[0], d.Applications[4]
	first.Leader = "张" + string(nowhere)
	first.Unit += string(nowhere)
	rows := last.Tables["honours"]
	if len(rows) == 0 {
		t.Fatal("no honours rows")
	}
	rows[0][1] = "优秀" + string(nowhere) + "奖"
	d.Unmatched = []render.Attachment{{Name: "无主" + string(nowhere) + ".pdf", Path: "x"}}
	_, res := writeDossier(t, e, d)
	has := func(prefix string) bool {
		for _, w := range res.Warnings {
			if strings.HasPrefix(w, prefix) {
				return true
			}
		}
		return false
	}
	if !has(first.Name + "：") {
		t.Errorf("no warning for %s: %q", first.Name, res.Warnings)
	}
	if !has(last.Name + "「党支部或党支部书记获得表彰情况」") {
		t.Errorf("no warning for %s's table: %q", last.Name, res.Warnings)
	}
	if !has("申报汇总表：") {
		t.Errorf("no warning for the unmatched material's name: %q", res.Warnings)
	}
	for _, w := range res.Warnings {
		if !strings.HasPrefix(w, first.Name) && !strings.HasPrefix(w, last.Name) && !strings.HasPrefix(w, "申报汇总表：") {
			t.Errorf("warning under the wrong place: %s", w)
		}
		if strings.HasPrefix(w, last.Name) && !strings.HasPrefix(w, last.Name+"「党支部或党支部书记获得表彰情况」") {
			t.Errorf("warning names %s, whose only such character is in a table: %s", last.Name, w)
		}
	}
}

func TestDossierDuplex(t *testing.T) {
	t.Parallel()
	e := newDossierEnv(t)
	d, _ := e.fiveApps(t)
	_, simplex := writeDossier(t, e, d)
	d.Duplex = true
	pdf, res := writeDossier(t, e, d)
	if res.Pages < simplex.Pages {
		t.Errorf("duplex %d pages, simplex %d", res.Pages, simplex.Pages)
	}
	var titles []string
	for i, a := range d.Applications {
		titles = append(titles, fmt.Sprintf("%d. %s（%s）", i+1, a.Name, a.Unit))
	}
	pg := pages(t, pdf)
	for i, p := range tocPages(t, pdf, titles) {
		if p%2 != 1 {
			t.Errorf("%s starts on page %d", d.Applications[i].Name, p)
		}
		if !strings.Contains(squeeze(pg[p-1]), squeeze(fmt.Sprintf("%d. %s", i+1, d.Applications[i].Name))) {
			t.Errorf("%s is not on page %d", d.Applications[i].Name, p)
		}
	}
}

// gopdfPDF makes a PDF of n pages with gopdf.
func gopdfPDF(t testing.TB, faces []fonts.Face, n int) []byte {
	t.Helper()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	if err := pdf.AddTTFFontData("f", faces[0].Data); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		pdf.AddPage()
		pdf.SetFont("f", "", 24)
		pdf.SetXY(100, 300)
		pdf.Text(fmt.Sprintf("荣誉证书 CERT-%d", i))
	}
	return pdf.GetBytesPdf()
}

func TestDossierAttachments(t *testing.T) {
	t.Parallel()
	e := newDossierEnv(t)
	d, _ := e.fiveApps(t)
	_, plain := writeDossier(t, e, d)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := gopdfPDF(t, e.faces, 3)
	d.Applications[0].Attachments = []render.Attachment{
		{Name: "荣誉证书.pdf", Path: write("good.pdf", good), Kind: "pdf"},
		{Name: "损坏的扫描件.pdf", Path: write("bad.pdf", good[:len(good)/2]), Kind: "pdf"},
	}
	d.Applications[3].Attachments = []render.Attachment{
		{Name: "活动照片.jpg", Path: write("bad.jpg", []byte("\xff\xd8\xff\xe0 not really a jpeg")), Kind: "image"},
		{Name: "不存在.png", Path: filepath.Join(dir, "missing.png"), Kind: "image"},
	}
	pdf, res := writeDossier(t, e, d)
	// 3 imported pages, and a page for each of the 3 that cannot be placed.
	if res.Pages != plain.Pages+3+3 {
		t.Errorf("%d pages, want %d + 3 imported + 3 notes", res.Pages, plain.Pages)
	}
	text := squeeze(strings.Join(pages(t, pdf), ""))
	for p := 1; p <= 3; p++ {
		if !strings.Contains(text, fmt.Sprintf("支撑材料：荣誉证书.pdf（第%d/3页）", p)) || !strings.Contains(text, fmt.Sprintf("CERT-%d", p)) {
			t.Errorf("imported page %d missing", p)
		}
	}
	for _, m := range []struct{ app, name string }{{d.Applications[0].Name, "损坏的扫描件.pdf"}, {d.Applications[3].Name, "活动照片.jpg"}, {d.Applications[3].Name, "不存在.png"}} {
		if !strings.Contains(text, "支撑材料："+m.name) || !strings.Contains(text, squeeze("此文件无法放入汇编")) {
			t.Errorf("no page naming %s", m.name)
		}
		found := false
		for _, w := range res.Warnings {
			if strings.HasPrefix(w, m.app) && strings.Contains(w, m.name) {
				found = true
			}
		}
		if !found {
			t.Errorf("no warning for %s of %s: %q", m.name, m.app, res.Warnings)
		}
	}
	// An image whose header reads but whose data is damaged.
	img := write("cut.png", pngData(t)[:60])
	d.Applications[3].Attachments = []render.Attachment{{Name: "截断的照片.png", Path: img, Kind: "image"}}
	d.Applications[0].Attachments = nil
	_, res = writeDossier(t, e, d)
	if res.Pages != plain.Pages+1 || len(res.Warnings) == 0 {
		t.Errorf("damaged image: %d pages (want %d), warnings %q", res.Pages, plain.Pages+1, res.Warnings)
	}
	// Unmatched material is listed in the summary.
	d.Unmatched = []render.Attachment{{Name: "无主材料.pdf", Path: "x"}}
	pdf, _ = writeDossier(t, e, d)
	if !strings.Contains(squeeze(strings.Join(pages(t, pdf), "")), "无主材料.pdf") {
		t.Error("unmatched material not listed")
	}
}

func pngData(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkDossier100 lays out the dossier of one category with 100
// applications made from sample returns.
func BenchmarkDossier100(b *testing.B) {
	e := newDossierEnv(b)
	d := e.sampleDossier(b, "model_branch", 100, 42)
	var res *render.DossierResult
	start := time.Now()
	n := 0
	for b.Loop() {
		var buf bytes.Buffer
		var err error
		res, err = render.WriteDossier(&buf, d, e.cfg, e.faces)
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(res.Pages), "pages")
	b.ReportMetric(float64(res.Pages*n)/elapsed.Seconds(), "pages/s")
	b.ReportMetric(float64(res.Bytes), "bytes")
}
