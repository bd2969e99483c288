package pdfdoc

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for supporting material
	"image/jpeg"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"runtime"

	"github.com/signintech/gopdf"
)

// ErrUnreadable: an image or PDF that cannot be placed.
var ErrUnreadable = errors.New("pdfdoc: cannot be placed")

// ImagePage places an image (JPEG, PNG, GIF) on a page of its own,
// scaled to fit between the margins, with a caption above it. A JPEG is
// embedded as it is, turned upright first when its EXIF says it was taken
// sideways. An image that cannot be placed is an ErrUnreadable in both
// layout passes alike, before anything is drawn, so that the caller can
// put a notice in its place without the passes differing.
func (d *Doc) ImagePage(data []byte, caption string, captionStyle Style) error {
	img := d.prepared(data)
	if img.err != nil {
		return fmt.Errorf("%w: %v", ErrUnreadable, img.err)
	}
	place, w0, h0 := img.place, img.w, img.h
	d.NewPage()
	d.Paragraph(caption, captionStyle)
	w, h := fit(float64(w0), float64(h0), d.Width(), d.bottom()-d.y)
	if !d.dry {
		x := d.opt.MarginLeft + (d.Width()-w)/2
		if err := place(d.pdf, x, d.y, &gopdf.Rect{W: w, H: h}); err != nil {
			// prepareImage tried the same on a scratch document: only a
			// fault of gopdf's own gets here.
			return fmt.Errorf("%w: %v", ErrUnreadable, err)
		}
	}
	d.y += h
	return nil
}

// preparedImage is an image checked and made ready to draw, or why it
// cannot be.
type preparedImage struct {
	place placer
	w, h  int
	err   error
}

// prepared prepares data once per document: the measuring pass does the
// work (a photo is decoded in full, to find a damaged one), the drawing
// pass reuses it.
func (d *Doc) prepared(data []byte) *preparedImage {
	key := sha256.Sum256(data)
	if d.first != nil && d.first.images[key] != nil {
		return d.first.images[key]
	}
	if d.images == nil {
		d.images = map[[32]byte]*preparedImage{}
	}
	if p := d.images[key]; p != nil {
		return p
	}
	p := &preparedImage{}
	p.place, p.w, p.h, p.err = prepareImage(data)
	d.images[key] = p
	return p
}

// placer draws a prepared image.
type placer func(pdf *gopdf.GoPdf, x, y float64, r *gopdf.Rect) error

// prepareImage decodes and checks an image the same way in both passes and
// returns how to draw it and its size in pixels. It draws the image once
// on a scratch document, so that whatever gopdf refuses is refused here.
func prepareImage(data []byte) (placer, int, int, error) {
	_, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, err
	}
	var place placer
	var w, h int
	if format == "jpeg" {
		// Decoded in full once: to find a damaged body (a transfer cut
		// short), and to turn a sideways photo; an upright one's bytes
		// are embedded as they are.
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, 0, 0, err
		}
		jpg, pw, ph, err := upright(data, img)
		if err != nil {
			return nil, 0, 0, err
		}
		w, h = pw, ph
		place = func(pdf *gopdf.GoPdf, x, y float64, r *gopdf.Rect) error {
			holder, err := gopdf.ImageHolderByBytes(jpg)
			if err != nil {
				return err
			}
			return pdf.ImageByHolder(holder, x, y, r)
		}
	} else {
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, 0, 0, err
		}
		b := img.Bounds()
		w, h = b.Dx(), b.Dy()
		place = func(pdf *gopdf.GoPdf, x, y float64, r *gopdf.Rect) error { return pdf.ImageFrom(img, x, y, r) }
	}
	if w == 0 || h == 0 {
		return nil, 0, 0, errors.New("empty image")
	}
	if err := tryPlace(place); err != nil {
		return nil, 0, 0, err
	}
	return place, w, h, nil
}

// tryPlace draws on a scratch document, recovering from gopdf's panics.
func tryPlace(place placer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	pdf.AddPage()
	return place(pdf, 0, 0, &gopdf.Rect{W: 100, H: 100})
}

func fit(w, h, maxW, maxH float64) (float64, float64) {
	s := min(maxW/w, maxH/h, 1.5)
	return w * s, h * s
}

// PDFPages returns the number of pages of a PDF that can be imported, or
// an error when it cannot be (encrypted, damaged, unsupported). It imports
// every page into a scratch document, so that both layout passes agree on
// whether the PDF can be placed; gofpdi panics on some malformed files,
// and that is turned into an error.
func PDFPages(data []byte) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, fmt.Errorf("%w: %v", ErrUnreadable, r)
		}
	}()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	var rs io.ReadSeeker = newPDFGuard(data)
	sizes := pdf.GetStreamPageSizes(&rs)
	if len(sizes) == 0 {
		return 0, fmt.Errorf("%w: no pages", ErrUnreadable)
	}
	for p := 1; p <= len(sizes); p++ {
		pdf.AddPage()
		tpl := pdf.ImportPageStream(&rs, p, "/MediaBox")
		pdf.UseImportedTemplate(tpl, 0, 0, 100, 100)
	}
	if _, err := pdf.GetBytesPdfReturnErr(); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	return len(sizes), nil
}

// ImportPDF places every page of a PDF on a page of its own, scaled to
// fit between the margins below a caption, numbered with the rest.
func (d *Doc) ImportPDF(data []byte, caption string, captionStyle Style) (err error) {
	n, err := PDFPages(data)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrUnreadable, r)
		}
	}()
	// gofpdi keys the files it has read by the address of the stream
	// variable: keep every one alive for the document's life, so that a
	// later import never gets an earlier one's address, and its pages.
	rs := new(io.ReadSeeker)
	*rs = newPDFGuard(data)
	d.imports = append(d.imports, rs)
	sizes := map[int]map[string]map[string]float64{}
	if !d.dry {
		sizes = d.pdf.GetStreamPageSizes(rs)
	}
	for p := 1; p <= n; p++ {
		d.NewPage()
		d.Paragraph(fmt.Sprintf("%s（第 %d/%d 页）", caption, p, n), captionStyle)
		if d.dry {
			continue
		}
		box := sizes[p]["/MediaBox"]
		w, h := box["w"], box["h"]
		if w == 0 || h == 0 {
			w, h = A4W, A4H
		}
		tpl := d.pdf.ImportPageStream(rs, p, "/MediaBox")
		fw, fh := fit(w, h, d.Width(), d.bottom()-d.y)
		d.pdf.UseImportedTemplate(tpl, d.opt.MarginLeft+(d.Width()-fw)/2, d.y, fw, fh)
		d.pdf.SetStrokeColor(160, 160, 160)
		d.pdf.RectFromUpperLeftWithStyle(d.opt.MarginLeft+(d.Width()-fw)/2, d.y, fw, fh, "D")
	}
	return nil
}

// maxEOFReads bounds the reads at the end of a PDF: gofpdi looks for
// "startxref" in the file's last 1,500 bytes by reading tokens until it
// finds it, and on a file without it (a download cut short) reads the end
// for ever. A sound file is read at its end a few times.
const maxEOFReads = 1000

// maxParseDepth bounds the call depth at which the PDF parser may seek in
// the file: gofpdi follows an xref section's /Prev (and a page tree's
// /Kids) by recursion, without remembering where it has been, so a file
// whose /Prev points back at itself recurses until the stack overflows, a
// fatal error no recover catches. A sound file is read a few dozen calls
// deep.
const maxParseDepth = 2000

// pdfGuard is a reader of a PDF that panics, for PDFPages and ImportPDF to
// recover, when the parser is stuck at the end of the file or recursing
// without end.
type pdfGuard struct {
	*bytes.Reader
	eofs int
	pcs  []uintptr
}

func newPDFGuard(data []byte) *pdfGuard { return &pdfGuard{Reader: bytes.NewReader(data)} }

func (g *pdfGuard) Read(p []byte) (int, error) {
	n, err := g.Reader.Read(p)
	if err == io.EOF {
		if g.eofs++; g.eofs > maxEOFReads {
			panic("PDF parser stuck at the end of the file (no startxref)")
		}
	}
	return n, err
}

func (g *pdfGuard) Seek(offset int64, whence int) (int64, error) {
	if g.pcs == nil {
		g.pcs = make([]uintptr, maxParseDepth+1)
	}
	if runtime.Callers(0, g.pcs) > maxParseDepth {
		panic("PDF parser recursing without end (a cycle in the file's cross-references)")
	}
	return g.Reader.Seek(offset, whence)
}
