package render

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"dbzx/config"
	"dbzx/templates"
)

// Namespaces the tests look for, spelt out rather than taken from the
// writer, so that a wrong constant there is caught here.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsW14 = "http://schemas.microsoft.com/office/word/2010/wordml"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// xmlNode is a light tree of one decoded XML part: enough to walk
// WordprocessingML by namespace and local name. Text is the character data
// directly inside the element.
type xmlNode struct {
	Name   xml.Name
	Attrs  []xml.Attr
	Kids   []*xmlNode
	Text   string
	Parent *xmlNode
}

// parseXML decodes every token of data with encoding/xml, failing the test
// on the first error, and returns the root element.
func parseXML(t *testing.T, name string, data []byte) *xmlNode {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	doc := &xmlNode{}
	cur := doc
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{Name: tok.Name, Attrs: append([]xml.Attr(nil), tok.Attr...), Parent: cur}
			cur.Kids = append(cur.Kids, n)
			cur = n
		case xml.EndElement:
			cur = cur.Parent
		case xml.CharData:
			cur.Text += string(tok)
		}
	}
	if cur != doc || len(doc.Kids) != 1 {
		t.Fatalf("%s: %d root elements, want 1", name, len(doc.Kids))
	}
	root := doc.Kids[0]
	root.Parent = nil
	return root
}

func (n *xmlNode) is(space, local string) bool {
	return n != nil && n.Name.Space == space && n.Name.Local == local
}

// attr returns the attribute's value; space "" matches an unprefixed one.
func (n *xmlNode) attr(space, local string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// val is the common w:val attribute.
func (n *xmlNode) val() string {
	v, _ := n.attr(nsW, "val")
	return v
}

func (n *xmlNode) children(space, local string) []*xmlNode {
	var out []*xmlNode
	for _, k := range n.Kids {
		if k.is(space, local) {
			out = append(out, k)
		}
	}
	return out
}

// child returns the first child so named, or nil.
func (n *xmlNode) child(space, local string) *xmlNode {
	if n == nil {
		return nil
	}
	for _, k := range n.Kids {
		if k.is(space, local) {
			return k
		}
	}
	return nil
}

// all returns every descendant so named, in document order.
func (n *xmlNode) all(space, local string) []*xmlNode {
	var out []*xmlNode
	var walk func(*xmlNode)
	walk = func(m *xmlNode) {
		for _, k := range m.Kids {
			if k.is(space, local) {
				out = append(out, k)
			}
			walk(k)
		}
	}
	walk(n)
	return out
}

// ancestor returns the nearest enclosing element so named, or nil.
func (n *xmlNode) ancestor(space, local string) *xmlNode {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.is(space, local) {
			return p
		}
	}
	return nil
}

// text joins the w:t text under n, as a reader sees it: breaks, tabs and
// properties contribute nothing.
func (n *xmlNode) text() string {
	var b strings.Builder
	if n.is(nsW, "t") {
		b.WriteString(n.Text)
	}
	for _, t := range n.all(nsW, "t") {
		b.WriteString(t.Text)
	}
	return b.String()
}

// typed is the text under n as it was typed: w:t text, with each w:br a
// line feed and each w:tab a tab.
func typed(n *xmlNode) string {
	var b strings.Builder
	var walk func(*xmlNode)
	walk = func(m *xmlNode) {
		for _, k := range m.Kids {
			switch {
			case k.is(nsW, "t"):
				b.WriteString(k.Text)
			case k.is(nsW, "br"):
				b.WriteString("\n")
			case k.is(nsW, "tab"):
				b.WriteString("\t")
			}
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

// unzip returns every entry of a package by name.
func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = b
	}
	return parts
}

// customProps reads docProps/custom.xml into name → value.
func customProps(t *testing.T, parts map[string][]byte) map[string]string {
	t.Helper()
	data, ok := parts["docProps/custom.xml"]
	if !ok {
		t.Fatal("no docProps/custom.xml")
	}
	out := map[string]string{}
	for _, p := range parseXML(t, "docProps/custom.xml", data).Kids {
		name, _ := p.attr("", "name")
		for _, v := range p.Kids {
			out[name] = v.Text
		}
	}
	return out
}

// TestMain removes any DBZX_* variable of the machine running the tests
// before they run (in parallel), so that none leaks into what they see.
func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, config.EnvPrefix+"_") {
			os.Unsetenv(k)
		}
	}
	os.Exit(m.Run())
}

// testConfig is the default configuration (TestMain removed the DBZX_*
// variables).
func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Load(t.TempDir())
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return cfg
}

func embeddedForms(t *testing.T) *templates.Set {
	t.Helper()
	set, err := templates.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// docxForms are the embedded forms written as .docx: 附件5–8 and every
// category's variant of the later stages' forms.
func docxForms(t *testing.T) []*templates.Form {
	t.Helper()
	var out []*templates.Form
	apply := 0
	for _, f := range embeddedForms(t).Forms {
		if f.Format == templates.FormatDocx {
			out = append(out, f)
			if !f.IsStage() {
				apply++
			}
		}
	}
	if apply != 4 || len(out) == apply {
		t.Fatalf("%d docx forms, %d of them application forms; want 4 and the stage forms", len(out), apply)
	}
	return out
}

func formByID(t *testing.T, id string) *templates.Form {
	t.Helper()
	f, ok := embeddedForms(t).Find(id)
	if !ok {
		t.Fatalf("no form %s", id)
	}
	return f
}
