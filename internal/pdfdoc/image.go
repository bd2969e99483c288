package pdfdoc

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for supporting material
	_ "image/jpeg"
	_ "image/png"
	"io"
	"runtime"

	"github.com/signintech/gopdf"
)

// ErrUnreadable: an image or PDF that cannot be placed.
var ErrUnreadable = errors.New("pdfdoc: cannot be placed")

// ImagePage places an image (JPEG, PNG, GIF) on a page of its own,
// scaled to fit between the margins, with a caption above it.
func (d *Doc) ImagePage(data []byte, caption string, captionStyle Style) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	// Decoded in both passes: an image whose header reads but whose data
	// is damaged must fail in the measuring pass too, or the passes differ.
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	d.NewPage()
	d.Paragraph(caption, captionStyle)
	w, h := fit(float64(cfg.Width), float64(cfg.Height), d.Width(), d.bottom()-d.y)
	if !d.dry {
		x := d.opt.MarginLeft + (d.Width()-w)/2
		if err := d.pdf.ImageFrom(img, x, d.y, &gopdf.Rect{W: w, H: h}); err != nil {
			return fmt.Errorf("%w: %v", ErrUnreadable, err)
		}
	}
	d.y += h
	return nil
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
