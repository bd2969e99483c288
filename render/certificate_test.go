package render

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dbzx/internal/fonts"
	"dbzx/internal/pdfdoc"
)

func certFaces(t *testing.T) []fonts.Face {
	t.Helper()
	faces, err := fonts.Load(nil) // the embedded faces
	if err != nil {
		t.Fatal(err)
	}
	return faces
}

// sampleCert is a certificate as the clerk would issue it; i makes its
// number, unit and name its own.
func sampleCert(i int) Certificate {
	return Certificate{
		Number:     fmt.Sprintf("DBZX-2023-YB-%03d", i),
		Title:      "校级基层党建工作样板支部\n验收合格证书",
		Unit:       fmt.Sprintf("机电工程学院教工第%s党支部", string([]rune("一二三四五六七八九")[i%9])),
		Name:       fmt.Sprintf("“铁心向党·匠心育人”样板党支部建设第%d期", i),
		Text:       "经验收，你单位承担的校级基层党建工作样板支部建设任务完成良好，达到建设标准，验收合格，特发此证。",
		College:    "郑州铁路职业技术学院",
		Issuer:     "中共郑州铁路职业技术学院委员会",
		Date:       "二〇二四年十二月",
		SealText:   "中共郑州铁路职业技术学院委员会",
		SealCenter: "党委",
	}
}

func writeCerts(t *testing.T, certs []Certificate) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	pages, err := WriteCertificates(&buf, certs, certFaces(t))
	if err != nil {
		t.Fatalf("WriteCertificates: %v", err)
	}
	return buf.Bytes(), pages
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// pdfText extracts the text of each page with pdftotext, skipping the
// test where it is not installed.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "c.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	for i, p := range pages {
		pages[i] = strings.Join(strings.Fields(p), "") // tracking and rotation split lines
	}
	return pages
}

func TestCertificatePages(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3} {
		var certs []Certificate
		for i := range n {
			certs = append(certs, sampleCert(i+1))
		}
		pdf, pages := writeCerts(t, certs)
		if pages != n {
			t.Errorf("%d certificates: %d pages reported", n, pages)
		}
		if got := len(pdfPage.FindAll(pdf, -1)); got != n {
			t.Errorf("%d certificates: %d page objects in the PDF", n, got)
		}
		if !bytes.Contains(pdf, []byte("/MediaBox [ 0 0 841.89 595.28 ]")) {
			t.Errorf("page is not A4 landscape")
		}
	}
	if _, err := WriteCertificates(io.Discard, nil, certFaces(t)); err == nil {
		t.Error("no certificates: no error")
	}
}

func TestCertificateTextExtracted(t *testing.T) {
	t.Parallel()
	certs := []Certificate{sampleCert(1), sampleCert(2), sampleCert(3)}
	certs[1].Name = "“一支部一品牌”党建创新项目（周嵘工作室）"
	certs[2].Title = "验收合格证书"
	certs[2].Date = ChineseYearMonth(2023, 12)
	pdf, _ := writeCerts(t, certs)
	pages := pdfText(t, pdf)
	if len(pages) != len(certs) {
		t.Fatalf("pdftotext: %d pages, want %d", len(pages), len(certs))
	}
	for i, c := range certs {
		p := pages[i]
		for what, want := range map[string]string{"number": "编号：" + c.Number, "unit": c.Unit, "name": c.Name,
			"title": strings.ReplaceAll(c.Title, "\n", ""), "date": c.Date, "issuer": c.Issuer, "college": c.College} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d: %s %q not in the text:\n%s", i+1, what, want, p)
			}
		}
		if strings.Contains(p, "□") {
			t.Errorf("page %d: a replacement □ was printed", i+1)
		}
	}
	// The page of certificate 2 is certificate 2's: no neighbour's number.
	if strings.Contains(pages[1], certs[0].Number) || strings.Contains(pages[1], certs[2].Number) {
		t.Error("page 2 holds another certificate's number")
	}
}

func TestCertificateRareCharacter(t *testing.T) {
	t.Parallel()
	c := sampleCert(1)
	c.Unit = "党委组织部（周嵘）"
	c.Name = "嵘峥党建品牌"
	pdf, pages := writeCerts(t, []Certificate{c})
	if pages != 1 {
		t.Fatalf("%d pages", pages)
	}
	text := pdfText(t, pdf)[0]
	if strings.Count(text, "嵘") < 2 {
		t.Errorf("嵘 not printed twice:\n%s", text)
	}
}

func TestCertificateMissingGlyphIsError(t *testing.T) {
	t.Parallel()
	c := sampleCert(1)
	c.Name = "项目\U0001F600" // no face has an emoji
	var buf bytes.Buffer
	_, err := WriteCertificates(&buf, []Certificate{c}, certFaces(t))
	if err == nil || !strings.Contains(err.Error(), "U+1F600") {
		t.Fatalf("err = %v, want the missing character named", err)
	}
	if buf.Len() != 0 {
		t.Error("a PDF was written despite the error")
	}
}

// TestCertificateLongNameFits: a 60-character name is fitted inside the
// frame, on two lines, every line measured no wider than the text width;
// a short name keeps its full size on one line.
func TestCertificateLongNameFits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("基层党建工作样板支部建设", 5) // 60 characters
	if n := len([]rune(long)); n != 60 {
		t.Fatalf("name of %d characters", n)
	}
	short := "样板党支部"
	type result struct {
		st    pdfdoc.Style
		lines []string
		width []float64
	}
	var got = map[string]result{}
	_, err := pdfdoc.Render(io.Discard, pdfOptions(certFaces(t), "", "", nil), func(d *pdfdoc.Doc) error {
		for _, name := range []string{long, short, "铁路" + strings.Repeat("Railway", 30)} {
			st, lines := certNameLayout(d, name)
			r := result{st: st, lines: lines}
			for _, l := range lines {
				r.width = append(r.width, d.TextWidth(l, st))
			}
			got[name] = r
		}
		st, lines := certUnitLayout(d, long)
		r := result{st: st, lines: lines}
		for _, l := range lines {
			r.width = append(r.width, d.TextWidth(l, st))
		}
		got["unit"] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range got {
		if strings.Join(r.lines, "") != strings.ReplaceAll(name, " ", "") && name != "unit" {
			t.Errorf("%.12s…: lines %q lose text", name, r.lines)
		}
		for i, w := range r.width {
			if w > certContent+0.01 {
				t.Errorf("%.12s…: line %d is %.1f pt wide, frame allows %.1f", name, i+1, w, certContent)
			}
		}
	}
	if r := got[long]; len(r.lines) != 2 || r.st.Size < 12 {
		t.Errorf("60-character name: %d lines at %.1f pt, want 2 lines at a readable size", len(r.lines), r.st.Size)
	}
	if r := got[short]; len(r.lines) != 1 || r.st.Size != certName.Size {
		t.Errorf("short name: %d lines at %.1f pt, want 1 at %.1f", len(r.lines), r.st.Size, certName.Size)
	}
	if r := got["unit"]; len(r.lines) > 2 || len(r.lines) == 0 {
		t.Errorf("60-character unit: %d lines", len(r.lines))
	}

	// And the whole certificate with that name and unit renders on one page.
	c := sampleCert(1)
	c.Name, c.Unit = long, long
	if _, pages := writeCerts(t, []Certificate{c}); pages != 1 {
		t.Errorf("long name: %d pages", pages)
	}
}

func TestCertificateBodyTooLong(t *testing.T) {
	t.Parallel()
	c := sampleCert(1)
	c.Text = strings.Repeat("经验收，你单位建设任务完成良好。", 80)
	_, err := WriteCertificates(io.Discard, []Certificate{c}, certFaces(t))
	var long *TooLongError
	if !errors.As(err, &long) || long.Runes != len([]rune(c.Text)) {
		t.Fatalf("err = %v, want the text too long", err)
	}
	// A longer but reasonable text shrinks and fits.
	c.Text = strings.Repeat("经验收，你单位建设任务完成良好。", 10)
	if _, err := WriteCertificates(io.Discard, []Certificate{c}, certFaces(t)); err != nil {
		t.Fatal(err)
	}
}

// TestCertificateSealText: the seal's arc is text, each character turned
// but extractable. The seal's words appear nowhere else on the page.
func TestCertificateSealText(t *testing.T) {
	t.Parallel()
	c := sampleCert(1)
	c.SealText = "嵩阳鼎鑫测绘印章样例专用章"
	c.SealCenter = "审验"
	pdf, _ := writeCerts(t, []Certificate{c})
	text := pdfText(t, pdf)[0]
	for _, r := range c.SealText + c.SealCenter {
		if !strings.ContainsRune(text, r) {
			t.Errorf("seal character %c not in the text", r)
		}
	}
	// Without a seal text, those characters are gone: the check above is
	// about the seal.
	c.SealText, c.SealCenter = "", ""
	pdf, _ = writeCerts(t, []Certificate{c})
	if text := pdfText(t, pdf)[0]; strings.ContainsRune(text, '鑫') || strings.ContainsRune(text, '审') {
		t.Error("seal characters without a seal text")
	}
}

// TestCertificateSealArcGeometry: the arc's characters lie symmetric about the top,
// over at most 240°, inside the inner ring, turned to follow the arc, not
// overlapping one another.
func TestCertificateSealArcGeometry(t *testing.T) {
	t.Parallel()
	const cx, cy, r = 300.0, 400.0, 60.0
	var glyphs []sealGlyph
	_, err := pdfdoc.Render(io.Discard, pdfOptions(certFaces(t), "", "", nil), func(d *pdfdoc.Doc) error {
		glyphs = sealArcGlyphs(d, cx, cy, r, "中共郑州铁路职业技术学院委员会")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(glyphs) != 15 {
		t.Fatalf("%d glyphs", len(glyphs))
	}
	first, last := glyphs[0], glyphs[len(glyphs)-1]
	if span := last.angle - first.angle; span > 240.01 || span < 200 {
		t.Errorf("span %.1f°, want about 240°", span)
	}
	if math.Abs(first.angle+last.angle) > 0.01 || math.Abs(first.x+last.x-2*cx) > 0.01 || math.Abs(first.y-last.y) > 0.01 {
		t.Errorf("arc not symmetric: %+v … %+v", first, last)
	}
	mid := glyphs[7]
	if math.Abs(mid.x-cx) > 0.01 || mid.y >= cy || mid.angle != 0 {
		t.Errorf("middle character not upright at the top: %+v", mid)
	}
	inner := r - r*sealInnerGap
	for i, g := range glyphs {
		dist := math.Hypot(g.x-cx, g.y-cy)
		if dist+g.st.Size/2 > inner {
			t.Errorf("glyph %d reaches %.1f, inner ring at %.1f", i, dist+g.st.Size/2, inner)
		}
		// Turned by its angle on the arc: outward is up for the glyph.
		want := math.Atan2(g.x-cx, cy-g.y) * 180 / math.Pi
		if math.Abs(want-g.angle) > 0.01 {
			t.Errorf("glyph %d turned %.1f°, its place on the arc is at %.1f°", i, g.angle, want)
		}
		if i > 0 {
			p := glyphs[i-1]
			if math.Hypot(g.x-p.x, g.y-p.y) < g.st.Size {
				t.Errorf("glyphs %d and %d overlap", i-1, i)
			}
		}
	}
	if glyphs[0].st.Size < 10 {
		t.Errorf("arc characters of %.1f pt are too small to read", glyphs[0].st.Size)
	}
}

// sealPNG is a red ring on a transparent background.
func sealPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 120, 120))
	for y := range 120 {
		for x := range 120 {
			if d := math.Hypot(float64(x)-59.5, float64(y)-59.5); d > 50 && d < 58 {
				img.Set(x, y, color.NRGBA{200, 20, 20, 255})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCertificateSealImage(t *testing.T) {
	t.Parallel()
	imageXObject := regexp.MustCompile(`/Subtype\s*/Image\b`)
	c := sampleCert(1)
	pdf, _ := writeCerts(t, []Certificate{c})
	if imageXObject.Match(pdf) {
		t.Fatal("drawn seal: the PDF already has an image")
	}
	c.SealImage = sealPNG(t)
	pdf, pages := writeCerts(t, []Certificate{c})
	if pages != 1 {
		t.Errorf("%d pages", pages)
	}
	if !imageXObject.Match(pdf) {
		t.Error("SealImage given: no /Image XObject in the PDF")
	}
	bad := c
	bad.SealImage = []byte("not an image")
	_, err := WriteCertificates(io.Discard, []Certificate{bad}, certFaces(t))
	if !errors.Is(err, pdfdoc.ErrUnreadable) {
		t.Errorf("unreadable SealImage: err = %v", err)
	}

	// The drawn seal is not drawn as well: its arc text is gone.
	c.SealText = "嵩阳鼎鑫测绘印章"
	pdf, _ = writeCerts(t, []Certificate{c})
	if text := pdfText(t, pdf)[0]; strings.ContainsRune(text, '鑫') {
		t.Error("SealImage given: the drawn seal's text is there too")
	}
}
