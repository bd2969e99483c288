package ooxml

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// scanFast is the scanner alone, without the fall-back to encoding/xml:
// ok says it answered itself.
func scanFast(data []byte, lim Limits) (root *xnode, err error, ok bool) {
	s := scanner{src: string(data), lim: lim}
	root, err = s.parse()
	if err == errBail {
		return nil, nil, false
	}
	return root, err, true
}

// sameTree says where two trees differ ("" when they do not).
func sameTree(a, b *xnode, at string) string {
	switch {
	case a == nil && b == nil:
		return ""
	case a == nil || b == nil:
		return fmt.Sprintf("%s: %v against %v", at, a, b)
	}
	at += "/" + a.local
	if a.ns != b.ns || a.local != b.local || a.data != b.data {
		return fmt.Sprintf("%s: {%s %s %q} against {%s %s %q}", at, a.ns, a.local, a.data, b.ns, b.local, b.data)
	}
	if (len(a.attrs) > 0 || len(b.attrs) > 0) && !reflect.DeepEqual(a.attrs, b.attrs) {
		return fmt.Sprintf("%s: attributes %v against %v", at, a.attrs, b.attrs)
	}
	if len(a.kids) != len(b.kids) {
		return fmt.Sprintf("%s: %d children against %d", at, len(a.kids), len(b.kids))
	}
	for i := range a.kids {
		if d := sameTree(a.kids[i], b.kids[i], at); d != "" {
			return d
		}
	}
	return ""
}

// checkSame fails when the scanner's answer differs from encoding/xml's.
func checkSame(t *testing.T, data []byte, lim Limits) {
	t.Helper()
	want, werr := parseTreeLimits(data, lim)
	got, gerr := scanTree(data, lim)
	if fmt.Sprint(gerr) != fmt.Sprint(werr) {
		t.Fatalf("scanner: %v; encoding/xml: %v\n%q", gerr, werr, data)
	}
	if d := sameTree(got, want, ""); d != "" {
		t.Fatalf("trees differ at %s\n%q", d, data)
	}
	// The scanner alone never accepts what encoding/xml refuses.
	if _, err, ok := scanFast(data, lim); ok && fmt.Sprint(err) != fmt.Sprint(werr) {
		t.Fatalf("scanner alone: %v; encoding/xml: %v\n%q", err, werr, data)
	}
}

const wDoc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">`

// TestScanTreeAnswers: the scanner reads what Word, LibreOffice and WPS
// write itself (fast says so) and answers exactly as encoding/xml, tree or
// error, on what it leaves to it.
func TestScanTreeAnswers(t *testing.T) {
	small := Limits{PartBytes: MaxPartBytes, TotalBytes: MaxTotalBytes, Depth: 4, Elements: 12, Entries: MaxEntries}
	cases := []struct {
		name, xml string
		lim       Limits
		fast      bool // the scanner answers without encoding/xml
	}{
		{"plain", wDoc + `<w:body><w:p><w:r><w:t>申报 text</w:t></w:r></w:p></w:body></w:document>`, DefaultLimits, true},
		{"entities", wDoc + `<w:body><w:p><w:r><w:t>a &lt;b&gt; &amp; &apos;c&quot; &#20013;&#x6587;&#X41;</w:t></w:r></w:p></w:body></w:document>`, DefaultLimits, false},
		{"entities known", wDoc + `<w:body><w:p><w:r><w:t>a &lt;b&gt; &amp; &apos;c&quot; &#20013;&#x6587;&#x4A;</w:t></w:r></w:p></w:body></w:document>`, DefaultLimits, true},
		{"entity in attribute", wDoc + `<w:body><w:p w:x="&quot;q&quot; &#65;"/></w:body></w:document>`, DefaultLimits, true},
		{"unknown entity", wDoc + `<w:body><w:t>&nbsp;</w:t></w:body></w:document>`, DefaultLimits, false},
		{"entity without semicolon", wDoc + `<w:body><w:t>&amp x</w:t></w:body></w:document>`, DefaultLimits, false},
		{"char ref out of range", wDoc + `<w:body><w:t>&#1;&#x110000;</w:t></w:body></w:document>`, DefaultLimits, false},
		{"surrogate char ref", wDoc + `<w:body><w:t>&#xD800;</w:t></w:body></w:document>`, DefaultLimits, true},
		{"cdata", wDoc + `<w:body><w:t><![CDATA[<a> & b]]></w:t></w:body></w:document>`, DefaultLimits, false},
		{"comments", wDoc + `<!-- c --><w:body><w:p><w:t>a<!-- x -->b<!---->c</w:t></w:p></w:body></w:document><!-- after -->`, DefaultLimits, true},
		{"double dash in comment", wDoc + `<w:body><!-- a -- b --></w:body></w:document>`, DefaultLimits, false},
		{"processing instructions", `<?xml version='1.0' encoding='utf-8'?><?mso-application progid="Word.Document"?>` + wDoc[len(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`)+1:] + `<w:body><?pi data?></w:body></w:document>`, DefaultLimits, true},
		{"other encoding", `<?xml version="1.0" encoding="GBK"?><a/>`, DefaultLimits, false},
		{"other version", `<?xml version="1.1"?><a/>`, DefaultLimits, false},
		{"other prefixes", `<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:v"><x:body><v:shape v:id="1" x:val='2'/><x:p xmlns:x="urn:other"><x:t>in</x:t></x:p></x:body></x:document>`, DefaultLimits, true},
		{"default namespace", `<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body a="1"><p><t>x</t></p></body></document>`, DefaultLimits, true},
		{"unbound prefix", `<q:document><q:body/></q:document>`, DefaultLimits, true},
		{"xml prefix", wDoc + `<w:body><w:t xml:space="preserve">  </w:t></w:body></w:document>`, DefaultLimits, true},
		{"both quotes", wDoc + `<w:body><w:p w:a="it's" w:b='say "x"' w:c="1"w:d='2'/></w:body></w:document>`, DefaultLimits, true},
		{"spaces in tags", wDoc + `<w:body ><w:p	w:a = "1" /></w:body  ></w:document>`, DefaultLimits, true},
		{"line ends", wDoc + "\r\n<w:body><w:t>a\r\nb\rc</w:t><w:p w:a=\"x\r\ny\"/></w:body></w:document>\r\n", DefaultLimits, true},
		{"whitespace text", wDoc + "<w:body>\n  <w:p>\n <w:r><w:t> </w:t><w:t>\u3000</w:t></w:r>\u00a0</w:p></w:body></w:document>", DefaultLimits, true},
		{"text split by comments", wDoc + `<w:body><w:p>a<!--x--> <!--y-->b</w:p></w:body></w:document>`, DefaultLimits, true},
		{"second root", `<a><b/></a><c/>`, DefaultLimits, true},
		{"bom", "\ufeff" + `<a/>`, DefaultLimits, true},
		{"mismatched end", wDoc + `<w:body><w:p></w:r></w:body></w:document>`, DefaultLimits, false},
		{"end prefix differs", `<a:b xmlns:a="u" xmlns:c="u"></c:b>`, DefaultLimits, false},
		{"unclosed", wDoc + `<w:body><w:p>`, DefaultLimits, false},
		{"stray end", `<a/></b>`, DefaultLimits, false},
		{"empty", ``, DefaultLimits, false},
		{"text only", `hello`, DefaultLimits, false},
		{"lt in attribute", `<a b="<"/>`, DefaultLimits, false},
		{"unquoted attribute", `<a b=1/>`, DefaultLimits, false},
		{"attribute without value", `<a b/>`, DefaultLimits, false},
		{"bad slash", `<a/ >`, DefaultLimits, false},
		{"cdata end in text", `<a>]]></a>`, DefaultLimits, false},
		{"control character", "<a>\x01</a>", DefaultLimits, false},
		{"invalid utf-8", "<a>\xff</a>", DefaultLimits, false},
		{"non-ascii name", `<申报/>`, DefaultLimits, false},
		{"two colons", `<a:b:c/>`, DefaultLimits, false},
		{"colon at the end", `<a:>x</a:>`, DefaultLimits, true},
		{"doctype", `<!DOCTYPE a><a/>`, DefaultLimits, false},
		{"space after lt", `< a/>`, DefaultLimits, false},
		{"too deep", `<a><b><c><d><e/></d></c></b></a>`, small, true},
		{"too many", `<a>` + strings.Repeat(`<b/>`, 12) + `</a>`, small, true},
		{"malformed before the limit", `<a>` + strings.Repeat(`<b/>`, 3) + `<b x></a>`, small, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkSame(t, []byte(c.xml), c.lim)
			if _, _, ok := scanFast([]byte(c.xml), c.lim); ok != c.fast {
				t.Errorf("scanner answered itself: %v, want %v", ok, c.fast)
			}
		})
	}
}

// TestScanTreeSeeds: every part of the seed documents reads the same both
// ways, by the scanner alone.
func TestScanTreeSeeds(t *testing.T) {
	for _, d := range seedParts(t) {
		checkSame(t, d, DefaultLimits)
		if _, _, ok := scanFast(d, DefaultLimits); !ok {
			t.Errorf("the scanner left a part dbzx wrote to encoding/xml: %.200q", d)
		}
	}
}

// seedParts are the XML parts of testdata's documents.
func seedParts(t testing.TB) [][]byte {
	var out [][]byte
	for _, d := range seedDocFiles(t) {
		zr, err := zip.NewReader(bytes.NewReader(d), int64(len(d)))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if strings.HasSuffix(zf.Name, ".xml") || strings.HasSuffix(zf.Name, ".rels") {
				rc, _ := zf.Open()
				x, _ := io.ReadAll(rc)
				rc.Close()
				out = append(out, x)
			}
		}
	}
	return out
}

// FuzzScanTree: the scanner's answer, tree or error, is encoding/xml's.
func FuzzScanTree(f *testing.F) {
	for _, d := range seedParts(f) {
		f.Add(d)
	}
	for _, s := range []string{`<a b="&amp;">x&#65;<!--c--><?p?></a>`, "<a>\r\n</a>", `<x:a xmlns:x="u"><x:b/></x:a>`} {
		f.Add([]byte(s))
	}
	small := Limits{PartBytes: MaxPartBytes, TotalBytes: MaxTotalBytes, Depth: 8, Elements: 64, Entries: MaxEntries}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSame(t, data, DefaultLimits)
		checkSame(t, data, small)
	})
}
