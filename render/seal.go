package render

import (
	"math"

	"dbzx/internal/pdfdoc"
)

// The drawn seal, in proportion to its radius r.
const (
	sealRing      = 0.055 // outer ring's width
	sealInnerGap  = 0.10  // outer edge to the thin inner ring
	sealStar      = 0.30  // star's outer radius
	sealSpan      = 240.0 // degrees the arc text spreads over at most
	sealMaxStep   = 24.0  // degrees between characters at most (short texts)
	sealArcMax    = 0.24  // largest arc character
	sealMiddleMax = 0.19  // size of the text under the star
)

// drawSeal draws a round seal centred on (cx, cy): a thick outer ring and
// a thin inner one, a filled five-pointed star in the centre, the text
// along the upper arc with each character turned to face outwards, and
// the middle text under the star. Ink is translucent and multiplies, so
// the date under it shows through.
func drawSeal(doc *pdfdoc.Doc, cx, cy, r float64, text, middle string) error {
	red := sealRed
	ink := sealInk
	ring := ink
	ring.Stroke, ring.Width = red, r*sealRing
	if err := doc.Circle(cx, cy, r-ring.Width/2, ring); err != nil {
		return err
	}
	thin := ink
	thin.Stroke, thin.Width = red, r*0.014
	inner := r - r*sealInnerGap
	if err := doc.Circle(cx, cy, inner, thin); err != nil {
		return err
	}
	star := ink
	star.Fill = &red
	if err := doc.Polygon(pdfdoc.StarPoints(cx, cy, r*sealStar), star); err != nil {
		return err
	}
	for _, g := range sealArcGlyphs(doc, cx, cy, r, text) {
		if err := doc.RotatedText(g.text, g.x, g.y, g.angle, g.st, ink); err != nil {
			return err
		}
	}
	if middle != "" {
		st := sealMiddle
		st.Size = doc.FitSize(middle, pdfdoc.Style{Font: st.Font, Size: r * sealMiddleMax}, r*1.1, r*0.1)
		y := cy + r*sealStar + r*0.08 + st.Size/2
		if err := doc.RotatedText(middle, cx, y, 0, st, ink); err != nil {
			return err
		}
	}
	return nil
}

// sealGlyph is one character of the arc: its centre, its turn (degrees
// clockwise; 0 at the top) and its style.
type sealGlyph struct {
	text  string
	x, y  float64
	angle float64
	st    pdfdoc.Style
}

// sealArcGlyphs places text along the seal's upper arc, symmetric about
// the top, over at most sealSpan degrees, at the largest size (up to
// sealArcMax·r) at which neighbours do not touch.
func sealArcGlyphs(doc *pdfdoc.Doc, cx, cy, r float64, text string) []sealGlyph {
	var runes []rune
	for _, c := range text {
		if c != ' ' && c != '\u3000' {
			runes = append(runes, c)
		}
	}
	n := len(runes)
	if n == 0 {
		return nil
	}
	span := 0.0
	if n > 1 {
		span = math.Min(sealSpan, float64(n-1)*sealMaxStep)
	}
	step := 0.0
	if n > 1 {
		step = span / float64(n-1)
	}
	inner := r - r*sealInnerGap
	st := sealArc
	// The size: a glyph on radius rt = inner − gap − size/2 may be as wide
	// as the arc between two centres (less a little air).
	size := r * sealArcMax
	for range 4 {
		rt := inner - r*0.06 - size/2
		if n > 1 {
			size = math.Min(r*sealArcMax, rt*step*math.Pi/180*0.9)
		}
	}
	st.Size = size
	rt := inner - r*0.06 - size/2
	out := make([]sealGlyph, 0, n)
	for i, c := range runes {
		a := -span/2 + float64(i)*step
		rad := a * math.Pi / 180
		out = append(out, sealGlyph{text: string(c), x: cx + rt*math.Sin(rad), y: cy - rt*math.Cos(rad), angle: a, st: st})
	}
	return out
}
