// Package pdfdoc lays out print-ready documents on gopdf: Chinese
// paragraphs broken with 禁则 (no ，。） at a line start, no （《“ at a line
// end, Latin words and numbers kept whole), per-character font fallback so
// that a heading face lacking 嵘 borrows it from the body face, tables
// whose rows grow with their text and split across pages with the header
// repeated, boxes, a table of contents with page numbers, dot leaders and
// links, bookmarks, and page furniture with 第 N 页 共 M 页.
//
// gopdf has no automatic page breaks and no total-page placeholder, so a
// document is laid out twice: a dry pass that only measures (widths come
// from a per-rune cache, nothing is drawn) counts the pages and finds every
// anchor's page, then a drawing pass that knows them. The package knows
// nothing of the programme.
package pdfdoc

import (
	"bytes"
	"fmt"
	"io"

	"github.com/signintech/gopdf"

	"dbzx/internal/fonts"
)

// A4 in points, and the default margins (binding edge on the left).
const (
	A4W = 595.28
	A4H = 841.89
	mm  = 72 / 25.4
)

// Alignments.
const (
	Left = iota
	Center
	Right
	Justify
)

// Color is an RGB colour.
type Color [3]uint8

// Black and a light grey for label cells.
var (
	Black     = Color{0, 0, 0}
	LabelFill = Color{242, 242, 242}
	Gray      = Color{110, 110, 110}
)

// Style sets text.
type Style struct {
	Font    string  // family name of a loaded face
	Size    float64 // pt
	Leading float64 // line height as a multiple of Size (default 1.5)
	Indent  float64 // first-line indent in ems (2 for Chinese body text)
	Align   int
	Color   Color
	Before  float64 // space above, pt
	After   float64 // space below, pt
}

func (s Style) lineHeight() float64 {
	if s.Leading == 0 {
		return s.Size * 1.5
	}
	return s.Size * s.Leading
}

// Options set up a document.
type Options struct {
	PageW, PageH            float64 // default A4 portrait
	MarginLeft, MarginRight float64 // default 28 mm (binding) and 20 mm
	MarginTop, MarginBottom float64 // default 25 mm and 22 mm
	Faces                   []fonts.Face
	Fallback                []string // families tried, in order, for a rune the style's font lacks
	Header                  string   // text at the top of every page with furniture
	HeaderFont, FooterFont  string
	Footer                  string // format with the page and the total: "第 %d 页 共 %d 页"
	// FooterText, when set, gives the footer of a page instead of Footer
	// (a print of several letters numbers each letter's pages apart).
	FooterText             func(page, total int) string
	Title, Author, Subject string
	// Missing is told of a rune no face has, with the context set by
	// Doc.Where, once per rune and context (in the measuring pass).
	Missing func(r rune, where string)
}

func (o *Options) defaults() {
	if o.PageW == 0 {
		o.PageW, o.PageH = A4W, A4H
	}
	if o.MarginLeft == 0 {
		o.MarginLeft, o.MarginRight, o.MarginTop, o.MarginBottom = 28*mm, 20*mm, 25*mm, 22*mm
	}
	if o.Footer == "" {
		o.Footer = "第 %d 页 共 %d 页"
	}
}

// Stats describe a rendered document.
type Stats struct {
	Pages int
	Bytes int
}

// Render lays the document out by calling build twice (measure, then
// draw) and writes the PDF to w. build must make the same calls both
// times: it must not depend on anything but its inputs and the Doc.
func Render(w io.Writer, opts Options, build func(d *Doc) error) (Stats, error) {
	opts.defaults()
	dry, err := newDoc(opts, true, nil)
	if err != nil {
		return Stats{}, err
	}
	if err := build(dry); err != nil {
		return Stats{}, err
	}
	dry.finishPage()
	doc, err := newDoc(opts, false, dry)
	if err != nil {
		return Stats{}, err
	}
	if err := build(doc); err != nil {
		return Stats{}, err
	}
	doc.finishPage()
	if doc.page != dry.page {
		return Stats{}, fmt.Errorf("pdfdoc: layout differs between passes (%d vs %d pages)", dry.page, doc.page)
	}
	// The contents and links point where the measuring pass put the
	// anchors: they must be there.
	if len(doc.anchors) != len(dry.anchors) {
		return Stats{}, fmt.Errorf("pdfdoc: layout differs between passes (%d vs %d anchors)", len(dry.anchors), len(doc.anchors))
	}
	for name, p := range dry.anchors {
		if doc.anchors[name] != p {
			return Stats{}, fmt.Errorf("pdfdoc: layout differs between passes (anchor %s on page %d vs %d)", name, p, doc.anchors[name])
		}
	}
	var buf bytes.Buffer
	if _, err := doc.pdf.WriteTo(&buf); err != nil {
		return Stats{}, err
	}
	n, err := w.Write(buf.Bytes())
	return Stats{Pages: doc.page, Bytes: n}, err
}

// Doc is a document being laid out. Its methods place content at the
// current position, starting new pages as needed.
type Doc struct {
	opt   Options
	pdf   *gopdf.GoPdf
	dry   bool
	first *Doc // the measuring pass, in the drawing pass

	page       int     // current page number (1-based; 0 before the first)
	y          float64 // current position from the top, pt
	furniture  bool    // header and footer on the current page
	total      int     // pages in all (drawing pass)
	anchors    map[string]int
	where      string
	fontSet    string
	sizeSet    float64
	spacingSet float64
	colorSet   Color
	colorKnown bool // colorSet is the text colour in force

	imports []*io.ReadSeeker // streams of imported PDFs (see ImportPDF)
	// images are the images prepared in the measuring pass, by the
	// SHA-256 of their bytes, for the drawing pass to reuse (ImagePage).
	images map[[32]byte]*preparedImage

	widths  map[runeKey]float64 // advance at size 1
	has     map[runeKey]bool
	missing map[string]bool
}

type runeKey struct {
	family string
	r      rune
}

func newDoc(opts Options, dry bool, first *Doc) (*Doc, error) {
	d := &Doc{opt: opts, dry: dry, first: first, anchors: map[string]int{}, furniture: true,
		widths: map[runeKey]float64{}, has: map[runeKey]bool{}, missing: map[string]bool{}}
	if first != nil {
		d.total = first.page
		d.widths, d.has = first.widths, first.has // the same fonts: reuse the measurements
		// The measuring pass drew nothing and added no page: its writer,
		// fonts parsed, becomes this pass's (parsing the faces, some
		// 15 MB, took an eighth of writing a dossier, twice over).
		d.pdf = first.pdf
		first.pdf = nil
	} else {
		d.pdf = &gopdf.GoPdf{}
		d.pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: opts.PageW, H: opts.PageH}})
		for _, f := range opts.Faces {
			if err := d.pdf.AddTTFFontDataWithOption(f.Family, f.Data, gopdf.TtfOption{}); err != nil {
				return nil, fmt.Errorf("pdfdoc: font %s (%s): %w", f.Family, f.Source, err)
			}
		}
	}
	if !dry {
		d.pdf.SetInfo(gopdf.PdfInfo{Title: opts.Title, Author: opts.Author, Subject: opts.Subject, Creator: "dbzx"})
	}
	return d, nil
}

// Where sets the context named in missing-glyph warnings (an application
// and a field, say) for the content that follows.
func (d *Doc) Where(context string) { d.where = context }

// Dry reports whether this is the measuring pass.
func (d *Doc) Dry() bool { return d.dry }

// Page is the current page number.
func (d *Doc) Page() int { return d.page }

// PageOf returns the page an anchor fell on in the measuring pass.
func (d *Doc) PageOf(anchor string) int {
	if d.first != nil {
		return d.first.anchors[anchor]
	}
	return d.anchors[anchor]
}

// Width is the text width between the margins.
func (d *Doc) Width() float64 { return d.opt.PageW - d.opt.MarginLeft - d.opt.MarginRight }

// Left is the left margin.
func (d *Doc) Left() float64 { return d.opt.MarginLeft }

// Y is the current vertical position from the top.
func (d *Doc) Y() float64 { return d.y }

// SetY moves the current position.
func (d *Doc) SetY(y float64) { d.y = y }

func (d *Doc) top() float64    { return d.opt.MarginTop }
func (d *Doc) bottom() float64 { return d.opt.PageH - d.opt.MarginBottom }

// Remaining is the space left on the current page.
func (d *Doc) Remaining() float64 {
	if d.page == 0 {
		return 0
	}
	return d.bottom() - d.y
}

// NewPage starts a page with header and footer.
func (d *Doc) NewPage() { d.newPage(true) }

// NewBarePage starts a page without header and footer (a cover); it is
// still counted.
func (d *Doc) NewBarePage() { d.newPage(false) }

// NewOddPage starts the next odd-numbered page, leaving a blank page when
// needed, for double-sided printing.
func (d *Doc) NewOddPage() {
	if d.page%2 == 1 {
		d.newPage(true)
	}
	d.newPage(true)
}

func (d *Doc) newPage(furniture bool) {
	d.finishPage()
	d.page++
	d.furniture = furniture
	d.y = d.top()
	d.fontSet, d.sizeSet, d.spacingSet, d.colorKnown = "", 0, -1, false
	if !d.dry {
		d.pdf.AddPage()
	}
}

// finishPage draws the page furniture of the page being left.
func (d *Doc) finishPage() {
	if d.page == 0 || d.dry || !d.furniture {
		return
	}
	if d.opt.Header != "" {
		st := Style{Font: d.opt.HeaderFont, Size: 9, Color: Gray}
		y := d.opt.MarginTop - 26
		d.drawLine(d.layoutLine(d.opt.Header, st), d.opt.MarginLeft, y, d.Width(), st, Center, false)
		d.pdf.SetStrokeColor(120, 120, 120)
		d.pdf.SetLineWidth(0.5)
		d.pdf.Line(d.opt.MarginLeft, y+15, d.opt.PageW-d.opt.MarginRight, y+15)
	}
	st := Style{Font: d.opt.FooterFont, Size: 10.5}
	text := fmt.Sprintf(d.opt.Footer, d.page, d.total)
	if d.opt.FooterText != nil {
		text = d.opt.FooterText(d.page, d.total)
	}
	d.drawLine(d.layoutLine(text, st), d.opt.MarginLeft, d.opt.PageH-d.opt.MarginBottom+12, d.Width(), st, Center, false)
}

// ensure starts a new page unless h points fit on this one.
func (d *Doc) ensure(h float64) {
	if d.page == 0 || d.y+h > d.bottom()+0.01 {
		d.NewPage()
	}
}

// Space moves down by h points (not past the page end).
func (d *Doc) Space(h float64) {
	d.y = min(d.y+h, d.bottom())
}

// Anchor marks the current page as the target of an anchor: TOC entries
// and links point to it.
func (d *Doc) Anchor(name string) {
	if d.page == 0 {
		d.NewPage()
	}
	d.anchors[name] = d.page
	if !d.dry {
		d.pdf.SetAnchor(name)
	}
}

// Bookmark adds a PDF outline entry at the current position.
func (d *Doc) Bookmark(title string) {
	if !d.dry && d.page > 0 {
		d.pdf.AddOutlineWithPosition(title)
	}
}
