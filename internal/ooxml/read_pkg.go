package ooxml

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"dbzx/internal/sniff"
)

// Limits against hostile or broken packages. archive/zip caps no inflated
// size, so a small file could otherwise expand into gigabytes.
const (
	// MaxPartBytes caps one inflated part. A real three-page form's
	// document.xml is ~50–80 KB; 64 MiB leaves room for embedded tables of
	// thousands of rows while refusing bombs.
	MaxPartBytes = 64 << 20
	// MaxTotalBytes caps what one package may inflate to in all.
	MaxTotalBytes = 256 << 20
	// MaxDepth caps XML element nesting (tables in tables in controls…);
	// Word itself refuses documents nested much deeper than this.
	MaxDepth = 256
	// MaxElements caps the elements of one part: a real form has ~20,000;
	// a million keeps the parsed tree near 150 MB at worst.
	MaxElements = 1 << 20
	// MaxEntries caps the entries of a package's zip directory.
	MaxEntries = 10000
)

// Limits bound what reading one package may cost. The defaults are the
// named constants above; the configuration may lower or raise them.
type Limits struct {
	PartBytes, TotalBytes int64
	Depth, Elements       int
	Entries               int
}

// DefaultLimits are the named constants.
var DefaultLimits = Limits{PartBytes: MaxPartBytes, TotalBytes: MaxTotalBytes, Depth: MaxDepth,
	Elements: MaxElements, Entries: MaxEntries}

// Errors of the reader. Callers turn them into the clerk's language.
var (
	ErrNotZip      = errors.New("ooxml: not a zip package")
	ErrEncrypted   = errors.New("ooxml: encrypted (password-protected) document")
	ErrOLE         = errors.New("ooxml: OLE compound file (legacy binary format)")
	ErrNoMainPart  = errors.New("ooxml: no main document part")
	ErrTooLarge    = errors.New("ooxml: part inflates beyond the size limit")
	ErrTooDeep     = errors.New("ooxml: XML nested beyond the depth limit")
	ErrTooMany     = errors.New("ooxml: too many XML elements or zip entries")
	ErrMalformed   = errors.New("ooxml: malformed XML")
	ErrNotWordDocx = errors.New("ooxml: not a Word document")
)

// Relationship types of the main part, transitional and strict.
var mainRelTypes = []string{
	RelOfficeDocument,
	"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
}

var customRelTypes = []string{
	RelCustomProps,
	"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
}

// zipPackage is an opened OPC package with size accounting.
type zipPackage struct {
	files    map[string]*zip.File // by lower-cased name
	inflated int64
	lim      Limits
}

func openZip(r io.ReaderAt, size int64, lim Limits) (*zipPackage, error) {
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); n == 8 && sniff.IsOLE(head) {
		if isEncryptedOLE(r, size) {
			return nil, ErrEncrypted
		}
		return nil, ErrOLE
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // parts are looked up by name only
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	if len(zr.File) > lim.Entries {
		return nil, fmt.Errorf("%w: %d entries", ErrTooMany, len(zr.File))
	}
	p := &zipPackage{files: make(map[string]*zip.File, len(zr.File)), lim: lim}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := p.files[name]; !dup { // the first of duplicate names wins
			p.files[name] = f
		}
	}
	return p, nil
}

// isEncryptedOLE looks for the EncryptedPackage stream name (UTF-16LE) in
// the compound file's directory, which is how Office stores a password-
// protected .docx/.xlsx.
func isEncryptedOLE(r io.ReaderAt, size int64) bool {
	needle := []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")
	const chunk = 1 << 16
	buf := make([]byte, chunk+len(needle))
	for off := int64(0); off < size && off < 64<<20; off += chunk {
		n, _ := r.ReadAt(buf, off)
		if bytes.Contains(buf[:n], needle) {
			return true
		}
		if n < len(buf) {
			break
		}
	}
	return false
}

// has reports whether the package holds a part.
func (p *zipPackage) has(name string) bool {
	_, ok := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	return ok
}

// read inflates a part, enforcing MaxPartBytes and MaxTotalBytes whatever
// sizes the zip headers claim.
func (p *zipPackage) read(name string) ([]byte, error) {
	f, ok := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if !ok {
		return nil, fmt.Errorf("ooxml: no part %s", name)
	}
	limit := p.lim.PartBytes
	if rest := p.lim.TotalBytes - p.inflated; rest < limit {
		limit = rest
	}
	// archive/zip never inflates more than the declared size (it fails
	// instead), so a part declaring more than the limit is refused
	// before any of it is inflated.
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%w: %s", ErrTooLarge, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("ooxml: part %s: %w", name, err)
	}
	defer rc.Close()
	var b bytes.Buffer
	if f.UncompressedSize64 > 0 && f.UncompressedSize64 < uint64(limit) {
		b.Grow(int(f.UncompressedSize64))
	}
	n, err := io.Copy(&b, io.LimitReader(rc, limit+1))
	p.inflated += n
	if n > limit {
		return nil, fmt.Errorf("%w: %s", ErrTooLarge, name)
	}
	if err != nil {
		return nil, fmt.Errorf("ooxml: part %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// target finds the part a relationship of the given types points to from
// source ("" for the package), resolved against the source's folder.
func (p *zipPackage) target(source string, types []string) (string, error) {
	data, err := p.read(relsPartName(source))
	if err != nil {
		return "", err
	}
	root, err := scanTree(data, p.lim)
	if err != nil {
		return "", err
	}
	for _, rel := range root.kids {
		if rel.local != "Relationship" {
			continue
		}
		typ := rel.attr("Type")
		for _, t := range types {
			if typ == t {
				tgt := rel.attr("Target")
				if strings.HasPrefix(tgt, "/") {
					return strings.TrimPrefix(tgt, "/"), nil
				}
				return path.Clean(path.Join(path.Dir(source), tgt)), nil
			}
		}
	}
	return "", fmt.Errorf("ooxml: no relationship of type %s", types[0])
}

// ReadDocx reads a .docx from r: the main part (found through the package
// relationships, transitional or strict, else word/document.xml) and the
// custom and core properties.
func ReadDocx(r io.ReaderAt, size int64) (*Document, error) {
	return ReadDocxLimits(r, size, DefaultLimits)
}

// ReadDocxLimits is ReadDocx with the caller's limits.
func ReadDocxLimits(r io.ReaderAt, size int64, lim Limits) (*Document, error) {
	p, err := openZip(r, size, lim)
	if err != nil {
		return nil, err
	}
	main, err := p.target("", mainRelTypes)
	if err != nil || !p.has(main) {
		main = "word/document.xml"
		if !p.has(main) {
			if p.has("xl/workbook.xml") || p.has("ppt/presentation.xml") {
				return nil, ErrNotWordDocx
			}
			return nil, ErrNoMainPart
		}
	}
	data, err := p.read(main)
	if err != nil {
		return nil, err
	}
	root, err := scanTree(data, p.lim)
	if err != nil {
		return nil, err
	}
	if root.local != "document" {
		return nil, fmt.Errorf("%w: main part is <%s>", ErrNotWordDocx, root.local)
	}
	doc := &Document{Props: map[string]string{}}
	doc.Blocks = readBody(doc, root.wchild("body"))
	// Properties are best-effort: a return without them is still read.
	customPart, err := p.target("", customRelTypes)
	if err != nil {
		customPart = "docProps/custom.xml"
	}
	if data, err := p.read(customPart); err == nil {
		if t, err := scanTree(data, p.lim); err == nil {
			for _, prop := range t.kids {
				if name := prop.attr("name"); name != "" {
					doc.Props[name] = prop.text()
				}
			}
		}
	}
	if data, err := p.read("docProps/core.xml"); err == nil {
		if t, err := scanTree(data, p.lim); err == nil {
			if title := t.child("title"); title != nil {
				doc.Title = title.text()
			}
		}
	}
	return doc, nil
}
