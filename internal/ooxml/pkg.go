package ooxml

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"
)

// FixedTime is the modification time written for every zip entry, so that
// the same input always gives byte-identical packages (1980-01-01 is the
// first time an MS-DOS zip header can hold).
var FixedTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Relationship types used by the writers.
const (
	RelOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	RelCoreProps      = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	RelExtendedProps  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
	RelCustomProps    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
	RelStyles         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
	RelSettings       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
	RelFontTable      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
	RelFooter         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
)

// Content types of the parts the writers produce.
const (
	CTRels      = "application/vnd.openxmlformats-package.relationships+xml"
	CTDocument  = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	CTStyles    = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
	CTSettings  = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
	CTFontTable = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
	CTFooter    = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	CTCore      = "application/vnd.openxmlformats-package.core-properties+xml"
	CTExtended  = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
	CTCustom    = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
)

// Rel is one relationship of a part.
type Rel struct {
	ID, Type, Target string
}

// Package is an OPC package under construction: named parts with their
// content types and relationships. Parts are written in the order added.
type Package struct {
	parts []part
	rels  map[string][]Rel // source part name ("" for the package) → rels
}

type part struct {
	name, contentType string
	data              []byte
}

// AddPart adds a part with raw bytes. Name has no leading slash.
func (p *Package) AddPart(name, contentType string, data []byte) {
	p.parts = append(p.parts, part{name, contentType, data})
}

// AddXML serialises root and adds it as a part.
func (p *Package) AddXML(name, contentType string, root *Node) {
	var b bytes.Buffer
	Write(&b, root) // writing to a bytes.Buffer cannot fail
	p.AddPart(name, contentType, b.Bytes())
}

// Relate records a relationship from source ("" for the package itself) to
// target, which is relative to the source part's folder. It returns the id.
func (p *Package) Relate(source, relType, target string) string {
	if p.rels == nil {
		p.rels = map[string][]Rel{}
	}
	id := fmt.Sprintf("rId%d", len(p.rels[source])+1)
	p.rels[source] = append(p.rels[source], Rel{id, relType, target})
	return id
}

func relsPartName(source string) string {
	if source == "" {
		return "_rels/.rels"
	}
	return path.Join(path.Dir(source), "_rels", path.Base(source)+".rels")
}

// WriteTo writes the package as a zip with [Content_Types].xml first, then
// every part, then the relationship parts. Entry times are FixedTime, so the
// output depends on the content alone.
func (p *Package) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	write := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: FixedTime})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	var ct bytes.Buffer
	Write(&ct, p.contentTypes())
	if err := write("[Content_Types].xml", ct.Bytes()); err != nil {
		return cw.n, err
	}
	for _, pt := range p.parts {
		if err := write(pt.name, pt.data); err != nil {
			return cw.n, err
		}
	}
	sources := make([]string, 0, len(p.rels))
	for s := range p.rels {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	for _, s := range sources {
		root := E("Relationships", A("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships"))
		for _, r := range p.rels[s] {
			root.Add(E("Relationship", A("Id", r.ID), A("Type", r.Type), A("Target", r.Target)))
		}
		var b bytes.Buffer
		Write(&b, root)
		if err := write(relsPartName(s), b.Bytes()); err != nil {
			return cw.n, err
		}
	}
	err := zw.Close()
	return cw.n, err
}

func (p *Package) contentTypes() *Node {
	root := E("Types", A("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types"),
		E("Default", A("Extension", "rels"), A("ContentType", CTRels)),
		E("Default", A("Extension", "xml"), A("ContentType", "application/xml")),
	)
	for _, pt := range p.parts {
		if pt.contentType == "" || strings.HasSuffix(pt.name, ".rels") {
			continue
		}
		root.Add(E("Override", A("PartName", "/"+pt.name), A("ContentType", pt.contentType)))
	}
	return root
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
