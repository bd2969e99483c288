package ooxml

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
	"testing"
)

// writtenElement is what encoding/xml makes of a written element: its
// name, its attributes by local name, and its character data.
type writtenElement struct {
	name  xml.Name
	attrs map[string]string
	text  string
}

// decodeWritten decodes every token of data, failing the test on the first
// syntax error, and returns the elements in document order.
func decodeWritten(t *testing.T, data []byte) []writtenElement {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out []writtenElement
	var open []int
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, data)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			d := writtenElement{name: tok.Name, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				d.attrs[a.Name.Local] = a.Value
			}
			out = append(out, d)
			open = append(open, len(out)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				out[open[len(open)-1]].text += string(tok)
			}
		}
	}
	return out
}

// TestWriteEscapesHostileText defends every part a user's text reaches:
// markup characters must come back as text, and control characters (which
// XML cannot carry at all) must not make the part unreadable.
func TestWriteEscapesHostileText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"markup", `<script>alert("x")</script>`, `<script>alert("x")</script>`},
		{"ampersand", "A&B &amp; C", "A&B &amp; C"},
		{"quotes", `他说"好"，'行'`, `他说"好"，'行'`},
		{"control characters", "a\x01b\x0bc\x1fd", "a\uFFFDb\uFFFDc\uFFFDd"},
		{"NUL", "x\x00y", "x\uFFFDy"},
		{"invalid UTF-8", "x\xffy", "x\uFFFDy"},
		{"newline and tab kept", "一\n二\t三", "一\n二\t三"},
		{"cdata end", "]]>", "]]>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := E("w:document", A("xmlns:w", NSW),
				E("w:t", A("w:val", tt.in), tt.in))
			var b bytes.Buffer
			if err := Write(&b, root); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(b.String(), "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>") {
				t.Errorf("no XML declaration: %.60s", b.String())
			}
			els := decodeWritten(t, b.Bytes())
			if len(els) != 2 {
				t.Fatalf("writtenElement %d elements, want 2", len(els))
			}
			el := els[1]
			if el.name.Space != NSW || el.name.Local != "t" {
				t.Errorf("element = %v, want {%s t}", el.name, NSW)
			}
			if el.text != tt.want {
				t.Errorf("text = %q, want %q", el.text, tt.want)
			}
			if el.attrs["val"] != tt.want {
				t.Errorf("attribute = %q, want %q", el.attrs["val"], tt.want)
			}
		})
	}
}

// TestWriteTree defends the small tree API the writers build parts with:
// optional children given as nil (untyped or typed) are skipped, slices are
// flattened, and an element without children is self-closed.
func TestWriteTree(t *testing.T) {
	var none *Node
	root := E("a", A("k", "v"), nil, none,
		[]*Node{E("b"), nil, E("c", "x")},
		[]Attr{A("k2", "v2")})
	root.Add(E("d"), "tail")
	var b bytes.Buffer
	if err := Write(&b, root); err != nil {
		t.Fatal(err)
	}
	want := xmlHeader + `<a k="v" k2="v2"><b/><c>x</c><d/>tail</a>`
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
	defer func() {
		if recover() == nil {
			t.Error("E with an int part did not panic")
		}
	}()
	E("a", 42)
}

// TestRunBreaksAndTabs defends how typed line feeds and tabs are written:
// as w:br and w:tab between text elements, as Word itself does.
func TestRunBreaksAndTabs(t *testing.T) {
	var b bytes.Buffer
	Write(&b, Root("w:document", R("一\n二\t三", RunStyle{Bold: true})))
	var seq []string
	for _, el := range decodeWritten(t, b.Bytes()) {
		switch el.name.Local {
		case "t":
			seq = append(seq, el.text)
		case "br", "tab", "b":
			seq = append(seq, "<"+el.name.Local+">")
		}
	}
	if got, want := strings.Join(seq, ""), "<b>一<br>二<tab>三"; got != want {
		t.Errorf("run = %s, want %s", got, want)
	}
}

// sampleWritePackage builds a small package the way the docx writer does.
func sampleWritePackage() *Package {
	p := &Package{}
	const doc = "word/document.xml"
	p.Relate("", RelOfficeDocument, doc)
	p.Relate(doc, RelStyles, "styles.xml")
	p.Relate(doc, RelFooter, "footer1.xml")
	p.AddXML(doc, CTDocument, Root("w:document", E("w:body", P(ParaStyle{}, R("正文 & <标题>", RunStyle{})))))
	p.AddXML("word/styles.xml", CTStyles, Root("w:styles"))
	p.AddXML("word/footer1.xml", CTFooter, Root("w:ftr", P(ParaStyle{}, Field("PAGE", "1", RunStyle{})...)))
	p.AddProps(CoreProps{Title: "标题"}, "dbzx", []CustomProp{{"dbzx.form", "x"}})
	return p
}

func packageBytes(t *testing.T, p *Package) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := p.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Errorf("WriteTo reported %d bytes, wrote %d", n, b.Len())
	}
	return b.Bytes()
}

// TestPackageIsReadableOPC defends the package every client opens: a zip
// with [Content_Types].xml first, an Override for every part, the package
// and document relationships, every relationship pointing at a part, and
// every part well-formed.
func TestPackageIsReadableOPC(t *testing.T) {
	data := packageBytes(t, sampleWritePackage())
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("archive/zip cannot read the package: %v", err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first entry = %s, want [Content_Types].xml", zr.File[0].Name)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		if !f.Modified.Equal(FixedTime) {
			t.Errorf("%s: time %v, want FixedTime", f.Name, f.Modified)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := parts[f.Name]; dup {
			t.Errorf("entry %s written twice", f.Name)
		}
		parts[f.Name] = b
		decodeWritten(t, b)
	}
	for _, name := range []string{"_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
		"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("package lacks %s", name)
		}
	}

	overrides := map[string]string{}
	defaults := map[string]string{}
	for _, el := range decodeWritten(t, parts["[Content_Types].xml"]) {
		switch el.name.Local {
		case "Override":
			overrides[el.attrs["PartName"]] = el.attrs["ContentType"]
		case "Default":
			defaults[el.attrs["Extension"]] = el.attrs["ContentType"]
		}
	}
	if defaults["rels"] != CTRels {
		t.Errorf("Default for rels = %q", defaults["rels"])
	}
	want := map[string]string{
		"/word/document.xml":   CTDocument,
		"/word/styles.xml":     CTStyles,
		"/word/footer1.xml":    CTFooter,
		"/docProps/core.xml":   CTCore,
		"/docProps/app.xml":    CTExtended,
		"/docProps/custom.xml": CTCustom,
	}
	for name := range parts {
		if name == "[Content_Types].xml" || strings.HasSuffix(name, ".rels") {
			continue
		}
		if _, ok := overrides["/"+name]; !ok {
			t.Errorf("[Content_Types].xml does not list %s", name)
		}
	}
	for name, ct := range want {
		if overrides[name] != ct {
			t.Errorf("content type of %s = %q, want %q", name, overrides[name], ct)
		}
	}
	if len(overrides) != len(want) {
		t.Errorf("overrides = %v, want exactly %d", overrides, len(want))
	}

	// Every relationship resolves to a part in the package.
	rels := map[string]map[string]string{} // rels part → type → target
	for name, b := range parts {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		source := strings.TrimSuffix(strings.Replace(name, "_rels/", "", 1), ".rels")
		base := path.Dir(source)
		rels[name] = map[string]string{}
		ids := map[string]bool{}
		for _, el := range decodeWritten(t, b) {
			if el.name.Local != "Relationship" {
				continue
			}
			if ids[el.attrs["Id"]] {
				t.Errorf("%s: id %s repeated", name, el.attrs["Id"])
			}
			ids[el.attrs["Id"]] = true
			rels[name][el.attrs["Type"]] = el.attrs["Target"]
			target := path.Join(base, el.attrs["Target"])
			if name == "_rels/.rels" {
				target = el.attrs["Target"]
			}
			if _, ok := parts[target]; !ok {
				t.Errorf("%s: %s points to missing part %s", name, el.attrs["Id"], target)
			}
		}
	}
	if rels["_rels/.rels"][RelOfficeDocument] != "word/document.xml" {
		t.Errorf("_rels/.rels = %v, want the office document relationship", rels["_rels/.rels"])
	}
	for _, typ := range []string{RelCoreProps, RelExtendedProps, RelCustomProps} {
		if _, ok := rels["_rels/.rels"][typ]; !ok {
			t.Errorf("_rels/.rels lacks %s", typ)
		}
	}
	if rels["word/_rels/document.xml.rels"][RelStyles] != "styles.xml" {
		t.Errorf("document rels = %v", rels["word/_rels/document.xml.rels"])
	}
}

// TestPackageDeterministic defends reproducible output: the same package,
// written twice or built twice, gives the same bytes (no clock, no map
// order in the output).
func TestPackageDeterministic(t *testing.T) {
	p := sampleWritePackage()
	a := packageBytes(t, p)
	b := packageBytes(t, p)
	if !bytes.Equal(a, b) {
		t.Error("the same package written twice differs")
	}
	for i := 0; i < 5; i++ {
		if c := packageBytes(t, sampleWritePackage()); !bytes.Equal(a, c) {
			t.Fatal("two packages built alike differ")
		}
	}
}

// TestCustomProps defends the identity of a form in its file: each custom
// property a name and a string value, with distinct pids from 2.
func TestCustomProps(t *testing.T) {
	p := &Package{}
	p.AddProps(CoreProps{}, "dbzx", []CustomProp{{"dbzx.form", "model_branch"}, {"dbzx.version", "2022.1"}})
	data := packageBytes(t, p)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var custom []byte
	for _, f := range zr.File {
		if f.Name == "docProps/custom.xml" {
			rc, _ := f.Open()
			custom, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if custom == nil {
		t.Fatal("no docProps/custom.xml")
	}
	got := map[string]string{}
	pids := map[string]bool{}
	var name string
	for _, el := range decodeWritten(t, custom) {
		switch el.name.Local {
		case "property":
			name = el.attrs["name"]
			if pids[el.attrs["pid"]] || el.attrs["pid"] == "0" || el.attrs["pid"] == "1" {
				t.Errorf("property %s: pid %s reserved or repeated", name, el.attrs["pid"])
			}
			pids[el.attrs["pid"]] = true
		case "lpwstr":
			got[name] = el.text
		}
	}
	if got["dbzx.form"] != "model_branch" || got["dbzx.version"] != "2022.1" || len(got) != 2 {
		t.Errorf("custom properties = %v", got)
	}

	// Without custom properties there is no custom part.
	p = &Package{}
	p.AddProps(CoreProps{}, "dbzx", nil)
	if bytes.Contains(packageBytes(t, p), []byte("docProps/custom.xml")) {
		t.Error("custom.xml written with no custom properties")
	}
}
