package pdfdoc

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/signintech/gopdf"

	"dbzx/internal/fonts"
	"dbzx/internal/testutil"
)

// Families of the embedded faces, as fonts.Load names them.
const (
	body    = "dbzx-body"
	heading = "dbzx-heading"
	title   = "dbzx-title"
)

func testFaces(t testing.TB) []fonts.Face {
	t.Helper()
	faces, err := fonts.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return faces
}

func testOptions(t testing.TB) Options {
	t.Helper()
	return Options{Faces: testFaces(t), Fallback: []string{body, heading, title},
		Header: "测试文档", HeaderFont: body, FooterFont: body}
}

var bodyStyle = Style{Font: body, Size: 10.5, Leading: 1.6}

// render renders build and returns the PDF.
func render(t testing.TB, opts Options, build func(d *Doc) error) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Render(&buf, opts, build)
	if err != nil {
		t.Fatal(err)
	}
	if st.Bytes != buf.Len() || st.Pages < 1 {
		t.Fatalf("stats %+v for %d bytes", st, buf.Len())
	}
	return buf.Bytes(), st
}

// pdfText runs pdftotext on the pages first..last (0: all) of pdf.
func pdfText(t testing.TB, pdf []byte, first, last int, layout bool) string {
	t.Helper()
	tool := testutil.NeedTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8"}
	if layout {
		args = append(args, "-layout")
	}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	out, err := exec.Command(tool, append(args, path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// pdfPages splits pdftotext's output at its form feeds: one string per page.
func pdfPages(t testing.TB, pdf []byte) []string {
	t.Helper()
	pages := strings.Split(pdfText(t, pdf, 0, 0, false), "\f")
	return pages[:len(pages)-1] // after the last form feed
}

func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// kinsokuText is a paragraph dense with 禁则 characters, Latin words and
// numbers.
func kinsokuText() string {
	var b strings.Builder
	parts := []string{
		"根据《关于开展基层党建“对标争先”建设计划的通知》（党组发〔2022〕15号），",
		"学院于2023-11-30前完成ABC三项任务。",
		"支部书记（“双带头人”）带领党员开展“四铁四新”主题活动，",
		"累计覆盖学生1234人次，满意度98.5%；",
		"《党建工作手册》《支部工作条例》（试行）“三会一课”……",
		"网址www.example.edu.cn，邮箱dbzx@example.edu.cn。",
		"「重要」『提示』【注意】〔附件〕——见下文：",
		"（一）明确目标；（二）落实责任！（三）强化考核？",
	}
	for i := 0; i < 6; i++ {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	return b.String()
}

// protected are the words no line break may fall inside.
var protected = []string{"ABC", "2023-11-30", "1234", "98.5%", "www.example.edu.cn", "dbzx@example.edu.cn", "2022", "15"}

// wordThenPunct is a line that may overhang: one word, then punctuation.
var wordThenPunct = regexp.MustCompile(`^[\x21-\x7e]+[` + regexp.QuoteMeta(noStart) + `]+$`)

// layoutLines lays text out as Lines does, within a Render.
func layoutLines(t *testing.T, text string, st Style, width float64) []string {
	t.Helper()
	var out []string
	render(t, testOptions(t), func(d *Doc) error {
		d.NewPage()
		if d.Dry() {
			out = d.Lines(text, st, width)
		}
		return nil
	})
	return out
}

func TestKinsoku(t *testing.T) {
	t.Parallel()
	text := kinsokuText()
	st := bodyStyle
	// Break points a protected word spans (rune offsets inside it).
	inside := map[int]string{}
	for _, w := range protected {
		rs := []rune(text)
		wr := []rune(w)
		for i := 0; i+len(wr) <= len(rs); i++ {
			if string(rs[i:i+len(wr)]) == w {
				for k := i + 1; k < i+len(wr); k++ {
					inside[k] = w
				}
			}
		}
	}
	var d *Doc
	render(t, testOptions(t), func(x *Doc) error {
		x.NewPage()
		d = x
		return nil
	})
	// A word wider than the line is cut, anywhere.
	cut := func(off int, width float64) bool {
		w, ok := inside[off]
		return ok && d.TextWidth(w, st) > width
	}
	checked, step, least := 0, 7.3, 50
	if testing.Short() { // a quarter of the widths in the inner loop
		step, least = 29.2, 12
	}
	for width := 60.0; width <= 480; width += step {
		lines := layoutLines(t, text, st, width)
		if len(lines) < 2 && width < 400 {
			t.Fatalf("width %.1f: %d lines", width, len(lines))
		}
		if got := strings.Join(lines, ""); got != text {
			t.Fatalf("width %.1f: joined lines differ from the text:\n%s\n%s", width, got, text)
		}
		off := 0
		for i, ln := range lines {
			if ln == "" {
				t.Fatalf("width %.1f: empty line %d", width, i)
			}
			first, _ := utf8.DecodeRuneInString(ln)
			last, _ := utf8.DecodeLastRuneInString(ln)
			if i > 0 && strings.ContainsRune(noStart, first) && !cut(off, width) {
				t.Errorf("width %.1f: line %d starts with %q: %s", width, i+1, first, ln)
			}
			if i < len(lines)-1 && strings.ContainsRune(noEnd, last) && !cut(off+utf8.RuneCountInString(ln), width) {
				t.Errorf("width %.1f: line %d ends with %q: %s", width, i+1, last, ln)
			}
			// Only punctuation after a word filling the line may hang
			// past its end.
			if w := d.TextWidth(strings.TrimRight(ln, noStart), st); w > width+0.01 {
				t.Errorf("width %.1f: line %d is %.1f wide: %s", width, i+1, w, ln)
			}
			if w := d.TextWidth(ln, st); w > width+0.01 && !wordThenPunct.MatchString(ln) {
				t.Errorf("width %.1f: line %d is %.1f wide: %s", width, i+1, w, ln)
			}
			off += utf8.RuneCountInString(ln)
			if wd, ok := inside[off]; ok && i < len(lines)-1 && !cut(off, width) {
				t.Errorf("width %.1f: %q split after line %d: %s|%s", width, wd, i+1, ln, lines[i+1])
			}
		}
		checked++
	}
	if checked < least {
		t.Fatalf("only %d widths checked", checked)
	}
}

func TestLongWordCut(t *testing.T) {
	t.Parallel()
	word := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	text := "见" + word + "。"
	var d *Doc
	render(t, testOptions(t), func(x *Doc) error { x.NewPage(); d = x; return nil })
	width := 80.0
	if d.TextWidth(word, bodyStyle) <= 2*width {
		t.Fatal("test word not wide enough")
	}
	lines := layoutLines(t, text, bodyStyle, width)
	if len(lines) < 3 {
		t.Fatalf("%d lines: %q", len(lines), lines)
	}
	if strings.Join(lines, "") != text {
		t.Fatalf("lines %q do not give back %q", lines, text)
	}
	for i, ln := range lines {
		if w := d.TextWidth(ln, bodyStyle); w > width+0.01 {
			t.Errorf("line %d %q is %.1f wide, more than %.0f", i+1, ln, w, width)
		}
	}
	// A word that fits on a line of its own is moved there whole.
	lines = layoutLines(t, "这是一段很长的中文说明文字后面跟着 dbzx-2023-11-30 的版本号", bodyStyle, 150)
	found := false
	for _, ln := range lines {
		if strings.Contains(ln, "dbzx-2023-11-30") {
			found = true
		}
	}
	if !found {
		t.Errorf("word split: %q", lines)
	}
}

// TestHardBreaks keeps line feeds as paragraph breaks.
func TestHardBreaks(t *testing.T) {
	t.Parallel()
	lines := layoutLines(t, "第一段。\n第二段，较长一些。\n\n第四段", bodyStyle, 400)
	want := []string{"第一段。", "第二段，较长一些。", "", "第四段"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("lines %q, want %q", lines, want)
	}
}

func TestFontFallback(t *testing.T) {
	t.Parallel()
	st := Style{Font: heading, Size: 16}
	const name = "周嵘与王镕工作室" // 镕 is in GBK, not in GB2312
	var runs []glyph
	var headHas, bodyHas bool
	pdf, _ := render(t, testOptions(t), func(d *Doc) error {
		d.NewPage()
		if d.Dry() {
			headHas, bodyHas = d.hasGlyph(heading, '镕'), d.hasGlyph(body, '镕')
			for _, ln := range d.breakLines(name, st, d.Width(), 0) {
				runs = append(runs, ln.runs...)
			}
		}
		d.Heading(name, st, 0)
		d.Paragraph("正文里的"+name, bodyStyle)
		return nil
	})
	if headHas || !bodyHas {
		t.Fatalf("heading face has 镕: %v, body face: %v (the test needs a character only the body has)", headHas, bodyHas)
	}
	var got []string
	for _, g := range runs {
		got = append(got, g.font+":"+g.text)
	}
	want := []string{heading + ":周嵘与王", body + ":镕", heading + ":工作室"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("runs %q, want %q", got, want)
	}
	if txt := pdfText(t, pdf, 0, 0, false); strings.Count(txt, name) != 2 {
		t.Errorf("pdftotext shows %q %d times, want 2:\n%s", name, strings.Count(txt, name), txt)
	}
	fontsOut := pdfFonts(t, pdf)
	for _, f := range []string{heading, body} {
		if !strings.Contains(fontsOut, f) {
			t.Errorf("pdffonts lists no %s:\n%s", f, fontsOut)
		}
	}
}

// pdfFonts runs pdffonts and checks every font is embedded. gopdf always
// subsets (it embeds only the glyphs used) but names the fonts without the
// ABCDEF+ tag, so pdffonts says "sub no": the size shows the subsetting.
func pdfFonts(t testing.TB, pdf []byte) string {
	t.Helper()
	tool := testutil.NeedTool(t, "pdffonts")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(path, pdf, 0o644)
	out, err := exec.Command(tool, path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, ln := range lines[2:] {
		f := strings.Fields(ln)
		// name type encoding emb sub uni object ID: emb is 5th from the end.
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", ln)
		}
	}
	if len(pdf) > 1<<20 {
		t.Errorf("a PDF of a few pages takes %d bytes: fonts not subset", len(pdf))
	}
	return string(out)
}

func TestMissingGlyph(t *testing.T) {
	t.Parallel()
	const nowhere = '\U00020000' // CJK Extension B: in no face
	opts := testOptions(t)
	type call struct {
		r     rune
		where string
	}
	var calls []call
	opts.Missing = func(r rune, where string) { calls = append(calls, call{r, where}) }
	text := "甲" + string(nowhere) + "乙" + string(nowhere) + "丙"
	pdf, _ := render(t, opts, func(d *Doc) error {
		d.NewPage()
		d.Where("申报一「名称」")
		d.Paragraph(text, bodyStyle)
		d.Paragraph(text, Style{Font: heading, Size: 12})
		d.Where("申报二「简介」")
		d.Paragraph(text, bodyStyle)
		return nil
	})
	want := []call{{nowhere, "申报一「名称」"}, {nowhere, "申报二「简介」"}}
	if fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("Missing called %v, want %v", calls, want)
	}
	txt := pdfText(t, pdf, 0, 0, false)
	if n := strings.Count(txt, "甲□乙□丙"); n != 3 {
		t.Errorf("甲□乙□丙 printed %d times, want 3:\n%s", n, txt)
	}
	if strings.ContainsRune(txt, nowhere) {
		t.Error("the missing character reached the PDF")
	}
}

func TestTOCPageNumbers(t *testing.T) {
	t.Parallel()
	sections := []struct {
		title string
		fill  int // paragraphs after the heading
	}{{"第一节 总体要求", 1}, {"第二节 建设内容", 40}, {"第三节 保障措施", 3}, {"第四节 附则", 70}, {"第五节 结语", 0}}
	para := strings.Repeat("坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，", 4)
	var entries []TOCEntry
	for i, s := range sections {
		entries = append(entries, TOCEntry{Title: s.title, Anchor: fmt.Sprintf("s%d", i), Level: i % 2})
	}
	pages := map[string]int{}
	pdf, st := render(t, testOptions(t), func(d *Doc) error {
		d.NewBarePage()
		d.TextAt("封面", d.Left(), 200, d.Width(), Style{Font: title, Size: 30}, Center)
		d.NewPage()
		d.TOC(entries, Style{Font: body, Size: 11, Leading: 1.9})
		for i, s := range sections {
			d.NewPage()
			d.Anchor(entries[i].Anchor)
			if !d.Dry() {
				if d.PageOf(entries[i].Anchor) != d.Page() {
					t.Errorf("PageOf(%s) = %d in the drawing pass, on page %d", entries[i].Anchor, d.PageOf(entries[i].Anchor), d.Page())
				}
				pages[s.title] = d.Page()
			}
			d.Bookmark(s.title)
			d.Heading(s.title, Style{Font: heading, Size: 14, After: 6}, 40)
			for k := 0; k < s.fill; k++ {
				d.Paragraph(para, Style{Font: body, Size: 10.5, Leading: 1.7, Indent: 2, Align: Justify})
			}
		}
		return nil
	})
	if st.Pages < 8 {
		t.Fatalf("%d pages: the sections should span more", st.Pages)
	}
	toc := pdfText(t, pdf, 2, 2, true)
	for _, s := range sections {
		p := pages[s.title]
		var line string
		for _, ln := range strings.Split(toc, "\n") {
			if strings.Contains(ln, s.title) {
				line = ln
			}
		}
		nums := regexp.MustCompile(`(\d+)\s*$`).FindStringSubmatch(line)
		if nums == nil || nums[1] != strconv.Itoa(p) {
			t.Errorf("TOC line for %s: %q, want page %d", s.title, line, p)
		}
		if !strings.Contains(line, "····") {
			t.Errorf("TOC line for %s has no dot leader: %q", s.title, line)
		}
		if txt := pdfText(t, pdf, p, p, false); !strings.Contains(txt, s.title) {
			t.Errorf("%s not on page %d:\n%s", s.title, p, txt)
		}
	}
}

func TestFooterOnEveryPage(t *testing.T) {
	t.Parallel()
	para := strings.Repeat("党支部要认真落实“三会一课”制度，严格党的组织生活。", 12)
	pdf, st := render(t, testOptions(t), func(d *Doc) error {
		d.NewBarePage() // a cover: no furniture
		d.TextAt("封面标题", d.Left(), 200, d.Width(), Style{Font: title, Size: 26}, Center)
		for i := 0; i < 30; i++ {
			d.Paragraph(para, bodyStyle)
		}
		d.NewOddPage()
		d.Paragraph("奇数页开始", bodyStyle)
		return nil
	})
	pages := pdfPages(t, pdf)
	if len(pages) != st.Pages {
		t.Fatalf("pdftotext sees %d pages, Render says %d", len(pages), st.Pages)
	}
	if st.Pages < 4 {
		t.Fatalf("only %d pages", st.Pages)
	}
	if st.Pages%2 != 1 {
		t.Errorf("NewOddPage left an even page count %d", st.Pages)
	}
	for i, p := range pages {
		n := i + 1
		foot := fmt.Sprintf("第%d页共%d页", n, st.Pages)
		has := strings.Contains(squeeze(p), foot)
		if n == 1 && (has || strings.Contains(p, "测试文档")) {
			t.Errorf("the cover has furniture:\n%s", p)
		}
		if n > 1 && (!has || !strings.Contains(p, "测试文档")) {
			t.Errorf("page %d lacks %s or the header:\n%s", n, foot, p)
		}
		// Per page, as pdftotext -f/-l sees it.
		if n > 1 && !strings.Contains(squeeze(pdfText(t, pdf, n, n, false)), foot) {
			t.Errorf("pdftotext -f %d -l %d: no %s", n, n, foot)
		}
	}
	if !strings.Contains(pages[len(pages)-1], "奇数页开始") {
		t.Error("the odd page's text is not on the last page")
	}
}

func TestTableSplitsWithHeader(t *testing.T) {
	t.Parallel()
	fill := LabelFill
	hst := Style{Font: heading, Size: 10}
	tbl := &Table{
		Widths: []float64{40, 200, 100},
		Header: [][]Cell{{{Text: "序号", Fill: &fill, Style: &hst}, {Text: "表头名称", Fill: &fill, Style: &hst}, {Text: "金额（元）", Fill: &fill, Style: &hst}}},
		Style:  bodyStyle,
	}
	for i := 1; i <= 200; i++ {
		name := fmt.Sprintf("行R%03d", i)
		if i%17 == 0 {
			name += "：" + strings.Repeat("较长的说明文字，", 8) // rows of several lines
		}
		tbl.Rows = append(tbl.Rows, []Cell{{Text: strconv.Itoa(i), Align: Center}, {Text: name}, {Text: fmt.Sprintf("%d.00", i*100), Align: Right}})
	}
	pdf, st := render(t, testOptions(t), func(d *Doc) error {
		d.NewPage()
		d.Paragraph("表格前的说明。", bodyStyle)
		d.Table(tbl)
		d.Paragraph("表格后的说明。", bodyStyle)
		return nil
	})
	pages := pdfPages(t, pdf)
	if st.Pages < 5 {
		t.Fatalf("200 rows on %d pages", st.Pages)
	}
	next := 1
	for i, p := range pages {
		if n := strings.Count(p, "表头名称"); n != 1 {
			t.Errorf("page %d: header row %d times, want 1", i+1, n)
		}
		// Rows continue in order from page to page, each once.
		for _, m := range regexp.MustCompile(`行R(\d{3})`).FindAllStringSubmatch(p, -1) {
			k, _ := strconv.Atoi(m[1])
			if k != next {
				t.Fatalf("page %d: row %d after row %d", i+1, k, next-1)
			}
			next++
		}
	}
	if next != 201 {
		t.Errorf("%d rows printed, want 200", next-1)
	}
	if !strings.Contains(pages[len(pages)-1], "表格后的说明") {
		t.Error("text after the table missing on the last page")
	}
}

func TestTallRowContinues(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := 1; i <= 400; i++ {
		fmt.Fprintf(&b, "第K%03d句，推进党建与业务深度融合。", i)
	}
	long := b.String()
	fill := LabelFill
	tbl := &Table{
		Widths: []float64{80, 360},
		Header: [][]Cell{{{Text: "栏目", Fill: &fill}, {Text: "内容表头", Fill: &fill}}},
		Rows: [][]Cell{
			{{Text: "短行"}, {Text: "第一行"}},
			{{Text: "建设举措"}, {Text: long, Align: Justify}},
			{{Text: "结尾"}, {Text: "最后一行"}},
		},
		Style: bodyStyle,
	}
	pdf, st := render(t, testOptions(t), func(d *Doc) error {
		d.NewPage()
		d.Table(tbl)
		return nil
	})
	if st.Pages < 3 {
		t.Fatalf("a row of %d characters on %d pages", utf8.RuneCountInString(long), st.Pages)
	}
	pages := pdfPages(t, pdf)
	next := 1
	for i, p := range pages {
		if strings.Count(p, "内容表头") != 1 {
			t.Errorf("page %d: header not repeated once", i+1)
		}
		ks := regexp.MustCompile(`K(\d{3})`).FindAllStringSubmatch(p, -1)
		if len(ks) == 0 && i < len(pages)-1 {
			t.Errorf("page %d carries none of the tall row", i+1)
		}
		for _, m := range ks {
			k, _ := strconv.Atoi(m[1])
			if k != next {
				t.Fatalf("page %d: sentence %d after %d", i+1, k, next-1)
			}
			next++
		}
	}
	if next != 401 {
		t.Errorf("%d sentences printed, want 400", next-1)
	}
	all := squeeze(strings.Join(pages, ""))
	if !strings.Contains(all, "最后一行") || !strings.Contains(all, "第一行") {
		t.Error("rows around the tall one missing")
	}
}

// TestNondeterministicBuild: a build that lays out differently in the two
// passes must fail, not give a PDF whose numbers are wrong.
func TestNondeterministicBuild(t *testing.T) {
	t.Parallel()
	builds := map[string]func(d *Doc) error{
		"extra page when drawing": func(d *Doc) error {
			d.NewPage()
			d.Paragraph("正文", bodyStyle)
			if !d.Dry() {
				d.NewPage()
			}
			return nil
		},
		"extra page when measuring": func(d *Doc) error {
			d.NewPage()
			if d.Dry() {
				d.NewPage()
			}
			return nil
		},
		"anchor moved when drawing": func(d *Doc) error {
			d.NewPage()
			d.TOC([]TOCEntry{{Title: "甲", Anchor: "a"}}, bodyStyle)
			if d.Dry() {
				d.Anchor("a")
			}
			d.NewPage()
			if !d.Dry() {
				d.Anchor("a")
			}
			return nil
		},
	}
	for name, build := range builds {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := Render(&buf, testOptions(t), build); err == nil {
				t.Error("no error")
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written", buf.Len())
			}
		})
	}
	// An error from build is returned, and nothing is written.
	boom := errors.New("boom")
	var buf bytes.Buffer
	if _, err := Render(&buf, testOptions(t), func(d *Doc) error {
		if !d.Dry() {
			return boom
		}
		return nil
	}); !errors.Is(err, boom) || buf.Len() != 0 {
		t.Errorf("err %v, %d bytes", err, buf.Len())
	}
}

// gopdfPDF makes a PDF of n pages with gopdf, each page saying its number.
func gopdfPDF(t testing.TB, n int) []byte {
	t.Helper()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: 400, H: 300}})
	if err := pdf.AddTTFFontData("f", testFaces(t)[0].Data); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		pdf.AddPage()
		pdf.SetFont("f", "", 20)
		pdf.SetXY(50, 100)
		pdf.Text(fmt.Sprintf("导入页IMPORTED%d", i))
	}
	data, err := pdf.GetBytesPdfReturnErr()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPDFPages(t *testing.T) {
	t.Parallel()
	good := gopdfPDF(t, 3)
	if n, err := PDFPages(good); err != nil || n != 3 {
		t.Fatalf("PDFPages = %d, %v; want 3", n, err)
	}
	bad := map[string][]byte{
		"empty":     nil,
		"garbage":   bytes.Repeat([]byte("not a pdf at all "), 100),
		"header":    []byte("%PDF-1.4\n"),
		"truncated": good[:len(good)/2],
		"tail cut":  good[:len(good)-40],
		"head cut":  good[len(good)/3:],
		"zeroed":    append(append([]byte{}, good[:200]...), make([]byte, len(good)-200)...),
	}
	for name, data := range bad {
		t.Run(name, func(t *testing.T) {
			n, err := PDFPages(data)
			if !errors.Is(err, ErrUnreadable) {
				t.Errorf("PDFPages = %d, %v; want ErrUnreadable", n, err)
			}
		})
	}
}

func TestImportPDF(t *testing.T) {
	t.Parallel()
	data := gopdfPDF(t, 3)
	pdf, st := render(t, testOptions(t), func(d *Doc) error {
		d.NewPage()
		d.Paragraph("正文第一页", bodyStyle)
		if err := d.ImportPDF(data, "支撑材料：证书.pdf", Style{Font: heading, Size: 11}); err != nil {
			return err
		}
		d.NewPage()
		d.Paragraph("导入之后", bodyStyle)
		return nil
	})
	if st.Pages != 5 {
		t.Fatalf("%d pages, want 1 + 3 imported + 1", st.Pages)
	}
	pages := pdfPages(t, pdf)
	for p := 1; p <= 3; p++ {
		txt := pages[p]
		if !strings.Contains(squeeze(txt), fmt.Sprintf("支撑材料：证书.pdf（第%d/3页）", p)) {
			t.Errorf("page %d: no caption:\n%s", p+1, txt)
		}
		if !strings.Contains(txt, fmt.Sprintf("IMPORTED%d", p)) {
			t.Errorf("page %d: imported page %d not shown:\n%s", p+1, p, txt)
		}
		if !strings.Contains(squeeze(txt), fmt.Sprintf("第%d页共5页", p+1)) {
			t.Errorf("page %d: imported page not numbered with the rest", p+1)
		}
	}
	// Garbage is refused in both passes alike.
	var buf bytes.Buffer
	_, err := Render(&buf, testOptions(t), func(d *Doc) error {
		d.NewPage()
		return d.ImportPDF([]byte("%PDF-1.7 garbage"), "坏文件", bodyStyle)
	})
	if !errors.Is(err, ErrUnreadable) {
		t.Errorf("import of garbage: %v", err)
	}
}

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImagePage(t *testing.T) {
	t.Parallel()
	good := pngBytes(t, 120, 80)
	pdf, st := render(t, testOptions(t), func(d *Doc) error {
		d.NewPage()
		if err := d.ImagePage(good, "支撑材料：活动照片.png", Style{Font: heading, Size: 11}); err != nil {
			return err
		}
		return d.ImagePage(pngBytes(t, 300, 2000), "支撑材料：长图.png", Style{Font: heading, Size: 11})
	})
	if st.Pages != 3 {
		t.Errorf("%d pages, want 3", st.Pages)
	}
	if txt := pdfText(t, pdf, 2, 2, false); !strings.Contains(txt, "活动照片") {
		t.Errorf("no caption on the image page:\n%s", txt)
	}
	if tool, err := exec.LookPath("pdfimages"); err == nil {
		path := filepath.Join(t.TempDir(), "img.pdf")
		os.WriteFile(path, pdf, 0o644)
		out, _ := exec.Command(tool, "-list", path).CombinedOutput()
		if n := len(strings.Split(strings.TrimSpace(string(out)), "\n")) - 2; n < 2 {
			t.Errorf("pdfimages lists %d images:\n%s", n, out)
		}
	}

	// Corrupt images fail in the measuring pass already, so that both
	// passes place the same thing; a header that decodes over a damaged
	// body included.
	cut := good[:len(good)/2]
	bad := map[string][]byte{
		"garbage":   []byte("\x89PNG\r\n\x1a\nthis is not an image"),
		"empty":     nil,
		"text":      []byte("hello"),
		"truncated": cut,
	}
	for name, data := range bad {
		t.Run(name, func(t *testing.T) {
			dryErr := error(nil)
			_, err := Render(&bytes.Buffer{}, testOptions(t), func(d *Doc) error {
				d.NewPage()
				err := d.ImagePage(data, "坏图片", bodyStyle)
				if d.Dry() {
					dryErr = err
				}
				return err
			})
			if !errors.Is(err, ErrUnreadable) {
				t.Errorf("ImagePage: %v, want ErrUnreadable", err)
			}
			if !errors.Is(dryErr, ErrUnreadable) {
				t.Errorf("measuring pass: %v, want ErrUnreadable (the passes must agree)", dryErr)
			}
		})
	}
}

// TestBoxAndHeadingKeep checks a heading never ends a page: kept with what
// follows.
func TestHeadingKeep(t *testing.T) {
	t.Parallel()
	para := strings.Repeat("加强思想政治引领，", 10)
	pdf, _ := render(t, testOptions(t), func(d *Doc) error {
		d.NewPage()
		for d.Remaining() > 60 {
			d.Paragraph(para, bodyStyle)
		}
		d.Heading("保持在一起的标题", Style{Font: heading, Size: 14}, 80)
		d.Box("审核意见", []string{"经核对，未发现问题。"}, bodyStyle, Style{Font: heading, Size: 10})
		return nil
	})
	pages := pdfPages(t, pdf)
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	if strings.Contains(pages[0], "保持在一起的标题") || !strings.Contains(pages[1], "保持在一起的标题") {
		t.Error("heading left at the foot of page 1")
	}
	if !strings.Contains(pages[1], "经核对，未发现问题。") {
		t.Error("box text missing")
	}
}

// TestImportManyPDFs imports distinct PDFs one after another (collecting
// garbage between them, as a long dossier does): each page shows its own
// file, never an earlier one's.
func TestImportManyPDFs(t *testing.T) {
	t.Parallel()
	var files [][]byte
	for i := 0; i < 30; i++ {
		pdf := &gopdf.GoPdf{}
		pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: 300, H: 200}})
		if err := pdf.AddTTFFontData("f", testFaces(t)[0].Data); err != nil {
			t.Fatal(err)
		}
		pdf.AddPage()
		pdf.SetFont("f", "", 20)
		pdf.SetXY(30, 100)
		pdf.Text(fmt.Sprintf("FILE%02d", i))
		data, err := pdf.GetBytesPdfReturnErr()
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, data)
	}
	pdf, _ := render(t, testOptions(t), func(d *Doc) error {
		for i, f := range files {
			runtime.GC()
			if err := d.ImportPDF(f, fmt.Sprintf("材料%02d", i), bodyStyle); err != nil {
				return err
			}
		}
		return nil
	})
	pages := pdfPages(t, pdf)
	if len(pages) != len(files) {
		t.Fatalf("%d pages, want %d", len(pages), len(files))
	}
	for i, p := range pages {
		if want := fmt.Sprintf("FILE%02d", i); !strings.Contains(p, want) {
			t.Errorf("page %d does not show %s:\n%s", i+1, want, p)
		}
	}
}

// handPDF writes a PDF of the given objects (numbered from 1) with a
// classic xref table; trailer is added to the trailer dictionary.
func handPDF(objs []string, trailer string) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	trailer = strings.ReplaceAll(trailer, "XREF", strconv.Itoa(x))
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return []byte(b.String())
}

// TestPDFCycles: cross-references that loop (an xref section whose /Prev
// is itself, a page tree that contains itself) make the PDF parser recurse
// until the stack overflows, which would kill the program: such a file is
// unreadable, promptly.
func TestPDFCycles(t *testing.T) {
	t.Parallel()
	page := "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
	sound := handPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page}, "")
	if n, err := PDFPages(sound); err != nil || n != 1 {
		t.Fatalf("a sound hand-made PDF: %d, %v", n, err)
	}
	cases := map[string][]byte{
		"prev is itself":            handPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page}, "/Prev XREF"),
		"kids contain their parent": handPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", page}, ""),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			n, err := PDFPages(data)
			if !errors.Is(err, ErrUnreadable) {
				t.Errorf("PDFPages = %d, %v; want ErrUnreadable", n, err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestTextAfterFillIsBlack: text drawn after a filled cell is in its own
// colour, not the fill's (gopdf draws text in the fill colour until a text
// colour is set).
func TestTextAfterFillIsBlack(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	faces, err := fonts.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	red := Color{255, 0, 0}
	st := Style{Font: "dbzx-body", Size: 40}
	_, err = Render(&buf, Options{Faces: faces}, func(d *Doc) error {
		d.NewBarePage()
		d.Table(&Table{Widths: []float64{200}, Rows: [][]Cell{{{Text: " ", Fill: &red}}}, Style: st})
		d.Paragraph("黑黑黑黑黑", st)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if d := os.Getenv("DBZX_KEEP"); d != "" {
		dir = d
	}
	pdf := filepath.Join(dir, "c.pdf")
	os.WriteFile(pdf, buf.Bytes(), 0o644)
	if out, err := exec.Command("pdftoppm", "-r", "30", "-png", pdf, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The text's rows (below the red cell) hold dark pixels and no red
	// ones: with the bug the text came out red.
	b := img.Bounds()
	dark, reddish := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		rowDark, rowRed := 0, 0
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch {
			case r>>8 > 180 && g>>8 < 90 && bl>>8 < 90:
				rowRed++
			case r>>8 < 90 && g>>8 < 90 && bl>>8 < 90:
				rowDark++
			}
		}
		if rowRed > 0 && rowRed < 40 { // not the cell's solid rows: glyph strokes
			reddish += rowRed
		}
		dark += rowDark
	}
	if dark == 0 || reddish > 0 {
		t.Errorf("text under the red cell: %d dark pixels, %d red", dark, reddish)
	}
}
