package pdfdoc

import (
	"bytes"
	"fmt"
	"image"
	"math"

	"github.com/signintech/gopdf"
)

// Vector drawing at absolute positions (frames, ornaments, seals). Every
// method draws only in the drawing pass; positions are in pt from the
// page's top-left corner, angles in degrees clockwise as seen on the page.

// Point is a position on the page, from the top-left corner, in pt.
type Point struct{ X, Y float64 }

// Paint is how a shape is drawn: outlined in Stroke at Width (no outline
// when Width is 0), filled with Fill when set, with an opacity and a blend
// mode.
type Paint struct {
	Stroke Color
	Width  float64
	Fill   *Color
	// Alpha is the opacity, between 0 and 1; 0 means opaque. Arcs are
	// always opaque (gopdf draws curves without a graphics state).
	Alpha float64
	// Blend is a PDF blend mode without the slash ("Multiply" lets black
	// text show through like ink under a stamp); "" is Normal.
	Blend string
}

func (p Paint) style() string {
	switch {
	case p.Fill != nil && p.Width > 0:
		return "DF"
	case p.Fill != nil:
		return "F"
	}
	return "D"
}

func (p Paint) translucent() bool { return (p.Alpha > 0 && p.Alpha < 1) || p.Blend != "" }

func (p Paint) transparency() (*gopdf.Transparency, error) {
	if !p.translucent() {
		return nil, nil
	}
	alpha := p.Alpha
	if alpha <= 0 || alpha > 1 {
		alpha = 1
	}
	blend := ""
	if p.Blend != "" {
		blend = "/" + p.Blend
	}
	t, err := gopdf.NewTransparency(alpha, blend)
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: %w", err)
	}
	return &t, nil
}

// begin sets the colours, width and transparency of p; end clears what
// begin set that would leak into later drawing (the fill colour is also
// the colour of text drawn without a colour of its own).
func (d *Doc) begin(p Paint) error {
	if p.Width > 0 {
		d.pdf.SetLineWidth(p.Width)
		d.pdf.SetStrokeColor(p.Stroke[0], p.Stroke[1], p.Stroke[2])
	}
	if p.Fill != nil {
		d.pdf.SetFillColor(p.Fill[0], p.Fill[1], p.Fill[2])
	}
	t, err := p.transparency()
	if err != nil || t == nil {
		return err
	}
	return d.pdf.SetTransparency(*t)
}

func (d *Doc) end(p Paint) {
	if p.Fill != nil {
		d.pdf.SetFillColor(0, 0, 0)
	}
	if p.translucent() {
		d.pdf.ClearTransparency()
	}
}

// Line draws a straight line in p's stroke.
func (d *Doc) Line(x1, y1, x2, y2 float64, p Paint) error {
	if d.dry || p.Width <= 0 {
		return nil
	}
	if err := d.begin(p); err != nil {
		return err
	}
	d.pdf.Line(x1, y1, x2, y2)
	d.end(p)
	return nil
}

// Rect draws a rectangle with its top-left corner at (x, y).
func (d *Doc) Rect(x, y, w, h float64, p Paint) error {
	return d.Polygon([]Point{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}, p)
}

// Polygon draws a closed polygon, outlined and/or filled.
func (d *Doc) Polygon(pts []Point, p Paint) error {
	if d.dry || len(pts) < 2 || (p.Width <= 0 && p.Fill == nil) {
		return nil
	}
	if err := d.begin(p); err != nil {
		return err
	}
	gp := make([]gopdf.Point, len(pts))
	for i, q := range pts {
		gp[i] = gopdf.Point{X: q.X, Y: q.Y}
	}
	d.pdf.Polygon(gp, p.style())
	d.end(p)
	return nil
}

// CirclePoints are n points on a circle, clockwise from the top.
func CirclePoints(cx, cy, r float64, n int) []Point {
	pts := make([]Point, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = Point{cx + r*math.Sin(a), cy - r*math.Cos(a)}
	}
	return pts
}

// Circle draws a circle (a polygon fine enough to be round at any print
// size, so that it can be filled and translucent).
func (d *Doc) Circle(cx, cy, r float64, p Paint) error {
	n := max(48, min(360, int(r*3)))
	return d.Polygon(CirclePoints(cx, cy, r, n), p)
}

// StarPoints are the ten corners of a five-pointed star of outer radius r
// centred at (cx, cy), one point straight up.
func StarPoints(cx, cy, r float64) []Point {
	inner := r * math.Sin(math.Pi/10) / math.Sin(7*math.Pi/10) // ≈ 0.382 r: the classic star
	pts := make([]Point, 10)
	for i := range pts {
		rr := r
		if i%2 == 1 {
			rr = inner
		}
		a := float64(i) * math.Pi / 5
		pts[i] = Point{cx + rr*math.Sin(a), cy - rr*math.Cos(a)}
	}
	return pts
}

// Arc strokes an arc of a circle from angle from to angle to (degrees,
// clockwise from 3 o'clock, to > from), as Bézier curves. Always opaque.
func (d *Doc) Arc(cx, cy, r, from, to float64, p Paint) error {
	if d.dry || p.Width <= 0 || to <= from {
		return nil
	}
	d.pdf.SetLineWidth(p.Width)
	d.pdf.SetStrokeColor(p.Stroke[0], p.Stroke[1], p.Stroke[2])
	segs := int(math.Ceil((to - from) / 90))
	step := (to - from) / float64(segs) * math.Pi / 180
	k := 4.0 / 3 * math.Tan(step/4) // control-point distance for a unit circle
	a := from * math.Pi / 180
	for range segs {
		b := a + step
		x0, y0 := cx+r*math.Cos(a), cy+r*math.Sin(a)
		x3, y3 := cx+r*math.Cos(b), cy+r*math.Sin(b)
		x1, y1 := x0-k*r*math.Sin(a), y0+k*r*math.Cos(a)
		x2, y2 := x3+k*r*math.Sin(b), y3-k*r*math.Cos(b)
		d.pdf.Curve(x0, y0, x1, y1, x2, y2, x3, y3, "D")
		a = b
	}
	return nil
}

// RotatedText draws one line of text centred on (cx, cy) — its em box's
// middle — turned clockwise by angle degrees about that point, with the
// style's font (per-character fallback as elsewhere) and colour and the
// paint's opacity and blend mode: the characters of a seal's arc. It
// stays text: extraction finds it.
func (d *Doc) RotatedText(text string, cx, cy, angle float64, st Style, p Paint) error {
	if d.dry {
		d.layoutLine(text, st) // warn of missing glyphs in the measuring pass
		return nil
	}
	ln := d.layoutLine(text, st)
	if len(ln.runs) == 0 {
		return nil
	}
	t, err := p.transparency()
	if err != nil {
		return err
	}
	// Rotate opens a graphics state (q) that RotateReset closes (Q): the
	// transparency a cell sets stays inside.
	d.pdf.Rotate(-angle, cx, cy)
	defer d.pdf.RotateReset()
	if d.spacingSet != 0 {
		d.pdf.SetCharSpacing(0)
		d.spacingSet = 0
	}
	if st.Color != d.colorSet || d.colorSet == (Color{}) {
		d.pdf.SetTextColor(st.Color[0], st.Color[1], st.Color[2])
		d.colorSet = st.Color
	}
	x := cx - ln.width/2
	h := st.Size
	for _, g := range ln.runs {
		if err := d.setFont(g.font, st.Size); err != nil {
			return err
		}
		d.pdf.SetXY(x, cy-h/2)
		opt := gopdf.CellOption{Align: gopdf.Left | gopdf.Middle, Transparency: t}
		if err := d.pdf.CellWithOption(&gopdf.Rect{W: g.width, H: h}, g.text, opt); err != nil {
			return err
		}
		x += g.width
	}
	return nil
}

// ImageAt places a JPEG or PNG scaled to fit a w × h box at (x, y),
// centred in it and keeping its proportions, with p's opacity and blend
// mode (a scanned seal with "Multiply" loses its white background). Both
// passes check that the image can be read.
func (d *Doc) ImageAt(data []byte, x, y, w, h float64, p Paint) error {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	if format != "jpeg" && format != "png" {
		return fmt.Errorf("%w: %s image (JPEG or PNG only)", ErrUnreadable, format)
	}
	iw, ih := cfg.Width, cfg.Height
	if d.dry {
		return nil
	}
	s := min(w/float64(iw), h/float64(ih))
	fw, fh := float64(iw)*s, float64(ih)*s
	holder, err := gopdf.ImageHolderByBytes(data)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	t, err := p.transparency()
	if err != nil {
		return err
	}
	opts := gopdf.ImageOptions{X: x + (w-fw)/2, Y: y + (h-fh)/2, Rect: &gopdf.Rect{W: fw, H: fh}, Transparency: t}
	if err := d.pdf.ImageByHolderWithOptions(holder, opts); err != nil {
		return fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	return nil
}
