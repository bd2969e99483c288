package render

import (
	"errors"
	"io"
	"strings"

	"dbzx/internal/fonts"
	"dbzx/internal/pdfdoc"
)

// Certificate is one 验收合格证书: a unit whose construction passed
// acceptance. The caller fills every text (the body from the programme's
// configurable template); WriteCertificates only lays them out.
type Certificate struct {
	Number string // 编号, printed top right after “编号：”
	// Title is the heading, 验收合格证书; a line break sets what comes
	// before it as a smaller line above (校级基层党建工作样板支部\n验收合格证书).
	Title      string
	Unit       string // the unit, prominent
	Name       string // the project's name, prominent
	Text       string // body text, already filled: 经验收，你单位……验收合格，特发此证。
	College    string // 郑州铁路职业技术学院, above the title
	Issuer     string // 中共郑州铁路职业技术学院委员会, bottom right
	Date       string // 二〇二四年十二月 (see ChineseYearMonth), under the issuer
	SealText   string // along the seal's upper arc: 中共郑州铁路职业技术学院委员会
	SealCenter string // small text under the seal's star (党委); may be empty
	SealImage  []byte // optional PNG or JPEG placed instead of the drawn seal
}

// Colours of the certificate.
var (
	certRed  = pdfdoc.Color{178, 34, 34} // frame, title
	certGold = pdfdoc.Color{191, 144, 0} // inner frame, ornaments
	sealRed  = pdfdoc.Color{218, 37, 29} // seal ink
	certInk  = pdfdoc.Color{30, 30, 30}  // text
	certGray = pdfdoc.Color{90, 90, 90}  // number
	sealInk  = pdfdoc.Paint{Alpha: 0.85, Blend: "Multiply"}
)

// The page: A4 landscape, everything placed at absolute positions.
const (
	certW       = pdfdoc.A4H
	certH       = pdfdoc.A4W
	certOuter   = 26.0 // page edge to the outer (thick) frame line
	certInner   = 38.0 // page edge to the inner (thin) frame line
	certPad     = 36.0 // inner frame to the text
	certLeft    = certInner + certPad
	certContent = certW - 2*certLeft // width text may use
	sealR       = 60.0               // seal radius (42 mm across, as a 党委 seal)
)

// Typesetting of the certificate.
var (
	certNumber  = pdfdoc.Style{Font: "dbzx-body", Size: 11, Leading: 1.3, Color: certGray}
	certCollege = pdfdoc.Style{Font: "dbzx-title", Size: 20, Leading: 1.3, Color: certRed}
	certKicker  = pdfdoc.Style{Font: "dbzx-heading", Size: 20, Leading: 1.4, Color: certRed}
	certTitle   = pdfdoc.Style{Font: "dbzx-title", Size: 46, Leading: 1.25, Color: certRed}
	certUnit    = pdfdoc.Style{Font: "dbzx-heading", Size: 24, Leading: 1.45, Color: certInk}
	certName    = pdfdoc.Style{Font: "dbzx-title", Size: 30, Leading: 1.35, Color: certInk}
	certBody    = pdfdoc.Style{Font: "dbzx-title", Size: 19, Leading: 1.85, Indent: 2, Align: pdfdoc.Justify, Color: certInk}
	certSign    = pdfdoc.Style{Font: "dbzx-title", Size: 19, Leading: 1.6, Color: certInk}
	sealArc     = pdfdoc.Style{Font: "dbzx-heading", Color: sealRed}
	sealMiddle  = pdfdoc.Style{Font: "dbzx-heading", Color: sealRed}
	minBodySize = 12.0
)

// WriteCertificates writes one A4 landscape page per certificate and
// returns the number of pages. A text too long for its page, a character
// no font has and an unreadable SealImage are errors (nothing is written),
// never an overflow or a □.
func WriteCertificates(w io.Writer, certs []Certificate, faces []fonts.Face) (pages int, err error) {
	if len(certs) == 0 {
		return 0, errors.New("render: no certificates to write")
	}
	// A certificate with □ for a name's character cannot be handed out:
	// characters no font has are an error, not a warning.
	var missing []Glyph
	opts := pdfOptions(faces, "", "验收合格证书", func(r rune, where string) {
		missing = append(missing, Glyph{Where: where, Rune: r})
	})
	opts.PageW, opts.PageH = certW, certH
	// Margins frame the body text: Paragraph sets it between them.
	opts.MarginLeft, opts.MarginRight = certLeft, certLeft
	opts.MarginTop, opts.MarginBottom = certInner, certInner
	stats, err := pdfdoc.Render(w, opts, func(doc *pdfdoc.Doc) error {
		if !doc.Dry() && len(missing) > 0 { // known after the measuring pass; nothing written yet
			return &GlyphError{Missing: missing}
		}
		for _, c := range certs {
			doc.Where(c.Number)
			if err := certificatePage(doc, c); err != nil {
				return err
			}
		}
		return nil
	})
	return stats.Pages, err
}

func certificatePage(doc *pdfdoc.Doc, c Certificate) error {
	doc.NewBarePage()
	doc.Bookmark(strings.TrimSpace(c.Unit + " " + c.Number))
	if err := certFrame(doc); err != nil {
		return err
	}
	if c.Number != "" {
		doc.TextAt("编号："+c.Number, certLeft, certInner+12, certContent, certNumber, pdfdoc.Right)
	}

	// Heading: college, kicker lines, title, a rule.
	y := certInner + 34.0
	if c.College != "" {
		st := certCollege
		st.Size = doc.FitSize(c.College, st, certContent, 12)
		trackedText(doc, c.College, y, st, 0.2)
		y += st.Size * st.Leading
	}
	titles := strings.Split(strings.TrimSpace(c.Title), "\n")
	for _, k := range titles[:len(titles)-1] {
		st := certKicker
		st.Size = doc.FitSize(k, st, certContent, 12)
		trackedText(doc, strings.TrimSpace(k), y, st, 0.1)
		y += st.Size * st.Leading
	}
	title := strings.TrimSpace(titles[len(titles)-1])
	st := certTitle
	st.Size = doc.FitSize(title, pdfdoc.Style{Font: st.Font, Size: st.Size * 1.3}, certContent, 20) / 1.3
	trackedText(doc, title, y, st, 0.3)
	y += st.Size*st.Leading + 4
	if err := certRule(doc, certW/2, y); err != nil {
		return err
	}
	y += 20

	// Signature block bottom right; the seal pressed over it, centred on
	// it, issuer and date a little below the seal's centre, the seal's top
	// clear of the body (as GB/T 9704 places a seal: 居中下压, 上不压正文).
	sst := certSign
	signW := max(doc.TextWidth(c.Issuer, sst), doc.TextWidth(c.Date, sst))
	right := certLeft + certContent - 24
	axis := right - signW/2
	lh := sst.Size * sst.Leading
	dateTop := certH - certInner - 44 - lh
	issuerTop := dateTop - lh
	sealX, sealY := axis, issuerTop+lh/2-sealR*0.12
	if sealX+sealR > certW-certInner-12 {
		sealX = certW - certInner - 12 - sealR
	}

	// Unit and name, prominent, and the body between them and the seal.
	m, err := certMiddle(doc, c, y, sealY-sealR-6)
	if err != nil {
		return &CertificateError{Number: c.Number, Err: err}
	}
	for _, l := range m.unit {
		doc.TextAt(l, certLeft, y, certContent, m.ust, pdfdoc.Center)
		y += m.ust.Size * m.ust.Leading
	}
	for _, l := range m.name {
		doc.TextAt(l, certLeft, y, certContent, m.nst, pdfdoc.Center)
		y += m.nst.Size * m.nst.Leading
	}
	if m.body != "" {
		doc.SetY(m.bodyTop)
		doc.Paragraph(m.body, m.bst)
	}

	doc.TextAt(c.Issuer, axis-signW/2, issuerTop, signW, sst, pdfdoc.Center)
	doc.TextAt(c.Date, axis-signW/2, dateTop, signW, sst, pdfdoc.Center)
	if len(c.SealImage) > 0 {
		p := sealInk
		if err := doc.ImageAt(c.SealImage, sealX-sealR, sealY-sealR, 2*sealR, 2*sealR, p); err != nil {
			return &CertificateError{Number: c.Number, Seal: true, Err: err}
		}
		return nil
	}
	return drawSeal(doc, sealX, sealY, sealR, c.SealText, c.SealCenter)
}

// certMid is the middle of a certificate laid out: the unit's and the
// name's lines and styles, and the body's style and top.
type certMid struct {
	ust, nst, bst pdfdoc.Style
	unit, name    []string
	body          string
	bodyTop       float64
}

// certMiddle fits the unit, the name and the body between top and
// bottom: at full size if they fit, else with the body smaller (down to
// minBodySize), else with everything scaled down together (to 60 %).
func certMiddle(doc *pdfdoc.Doc, c Certificate, top, bottom float64) (certMid, error) {
	body := strings.TrimSpace(c.Text)
	for scale := 1.0; scale >= 0.6-1e-9; scale -= 0.05 {
		var m certMid
		m.body = body
		m.ust, m.unit = fitLines(doc, c.Unit, scaled(certUnit, scale), certContent, 16*scale, 2)
		m.nst, m.name = fitLines(doc, c.Name, scaled(certName, scale), certContent, 18*scale, 2)
		y := top + float64(len(m.unit))*m.ust.Size*m.ust.Leading + float64(len(m.name))*m.nst.Size*m.nst.Leading + 10*scale
		if body == "" {
			if y <= bottom {
				return m, nil
			}
			continue
		}
		for size := certBody.Size * scale; size >= minBodySize; size -= 0.5 {
			m.bst = certBody
			m.bst.Size = size
			lines := doc.Lines(strings.Repeat("\u3000", int(m.bst.Indent))+body, m.bst, certContent)
			h := float64(len(lines)) * m.bst.Size * m.bst.Leading
			if y+h <= bottom {
				// In the room left, a little above the middle.
				m.bodyTop = y + (bottom-y-h)*0.4
				return m, nil
			}
		}
	}
	return certMid{}, &TooLongError{Runes: len([]rune(body)), MinSize: minBodySize}
}

func scaled(st pdfdoc.Style, k float64) pdfdoc.Style {
	st.Size *= k
	return st
}

// certUnitLayout and certNameLayout fit the unit and the project name to
// the frame: one line, smaller if need be; when even the smallest size is
// too wide, two lines (or more, never wider than the frame).
func certUnitLayout(doc *pdfdoc.Doc, unit string) (pdfdoc.Style, []string) {
	return fitLines(doc, unit, certUnit, certContent, 16, 2)
}

func certNameLayout(doc *pdfdoc.Doc, name string) (pdfdoc.Style, []string) {
	return fitLines(doc, name, certName, certContent, 18, 2)
}

// fitLines sets text on one line of width at the largest size from
// st.Size down to min (FitSize); if it is wider than that at min, it
// breaks it (Lines) into at most maxLines lines at the largest size that
// allows, down to two thirds of min, and below that into as many lines as
// it takes. Every line returned is at most width wide in the style
// returned.
func fitLines(doc *pdfdoc.Doc, text string, st pdfdoc.Style, width, min float64, maxLines int) (pdfdoc.Style, []string) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return st, nil
	}
	one := st
	one.Size = doc.FitSize(text, st, width, min)
	if doc.TextWidth(text, one) <= width {
		return one, []string{text}
	}
	floor := min * 2 / 3
	for size := st.Size; size >= floor; size -= 0.5 {
		s := st
		s.Size = size
		if lines := doc.Lines(text, s, width); len(lines) <= maxLines {
			return s, lines
		}
	}
	s := st
	s.Size = floor
	return s, doc.Lines(text, s, width)
}

// trackedText centres one line with extra space between its characters
// (tracking, in ems), as certificate headings are set.
func trackedText(doc *pdfdoc.Doc, text string, top float64, st pdfdoc.Style, tracking float64) {
	runes := []rune(text)
	if len(runes) == 0 {
		return
	}
	gap := tracking * st.Size
	total := doc.TextWidth(text, st) + gap*float64(len(runes)-1)
	if total > certContent {
		gap = max(0, (certContent-doc.TextWidth(text, st))/float64(max(len(runes)-1, 1)))
		total = doc.TextWidth(text, st) + gap*float64(len(runes)-1)
	}
	x := certW/2 - total/2
	for _, r := range runes {
		s := string(r)
		w := doc.TextWidth(s, st)
		doc.TextAt(s, x, top, w, st, pdfdoc.Left)
		x += w + gap
	}
}

// certFrame draws the border: a thick red line with a thin one inside it,
// a thin gold frame with concave quarter-circle corners, and ornaments at
// the corners.
func certFrame(doc *pdfdoc.Doc) error {
	gold := certGold
	red := certRed
	o := certOuter
	if err := doc.Rect(o, o, certW-2*o, certH-2*o, pdfdoc.Paint{Stroke: red, Width: 4}); err != nil {
		return err
	}
	t := o + 5
	if err := doc.Rect(t, t, certW-2*t, certH-2*t, pdfdoc.Paint{Stroke: red, Width: 0.8}); err != nil {
		return err
	}
	in := certInner
	const rc = 16.0 // radius of the concave corners
	thin := pdfdoc.Paint{Stroke: gold, Width: 1.2}
	l, r, tp, b := in, certW-in, in, certH-in
	lines := [][4]float64{
		{l + rc, tp, r - rc, tp}, {l + rc, b, r - rc, b},
		{l, tp + rc, l, b - rc}, {r, tp + rc, r, b - rc},
	}
	for _, s := range lines {
		if err := doc.Line(s[0], s[1], s[2], s[3], thin); err != nil {
			return err
		}
	}
	// Concave corners: quarter circles about each corner, inside the frame.
	corners := []struct{ x, y, from float64 }{{l, tp, 0}, {r, tp, 90}, {r, b, 180}, {l, b, 270}}
	for _, c := range corners {
		if err := doc.Arc(c.x, c.y, rc, c.from, c.from+90, thin); err != nil {
			return err
		}
		if err := doc.Arc(c.x, c.y, rc-4, c.from, c.from+90, pdfdoc.Paint{Stroke: gold, Width: 0.6}); err != nil {
			return err
		}
		// A red diamond with a gold edge in the notch.
		if err := doc.Polygon(diamond(c.x, c.y, 6), pdfdoc.Paint{Stroke: gold, Width: 0.8, Fill: &red}); err != nil {
			return err
		}
	}
	// Small gold diamonds at the middle of each side of the inner frame.
	for _, p := range []pdfdoc.Point{{X: certW / 2, Y: tp}, {X: certW / 2, Y: b}, {X: l, Y: certH / 2}, {X: r, Y: certH / 2}} {
		if err := doc.Polygon(diamond(p.X, p.Y, 4), pdfdoc.Paint{Fill: &gold}); err != nil {
			return err
		}
	}
	return nil
}

func diamond(x, y, r float64) []pdfdoc.Point {
	return []pdfdoc.Point{{X: x, Y: y - r}, {X: x + r, Y: y}, {X: x, Y: y + r}, {X: x - r, Y: y}}
}

// certRule is the ornament under the title: two gold lines tapering to a
// red diamond.
func certRule(doc *pdfdoc.Doc, cx, y float64) error {
	gold := certGold
	red := certRed
	const half = 150.0
	if err := doc.Polygon([]pdfdoc.Point{{X: cx - half, Y: y}, {X: cx - 10, Y: y - 1.2}, {X: cx - 10, Y: y + 1.2}}, pdfdoc.Paint{Fill: &gold}); err != nil {
		return err
	}
	if err := doc.Polygon([]pdfdoc.Point{{X: cx + half, Y: y}, {X: cx + 10, Y: y - 1.2}, {X: cx + 10, Y: y + 1.2}}, pdfdoc.Paint{Fill: &gold}); err != nil {
		return err
	}
	return doc.Polygon(diamond(cx, y, 5), pdfdoc.Paint{Fill: &red})
}
