package ooxml_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dbzx/config"
	"dbzx/internal/ooxml"
	"dbzx/internal/testutil"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

// filledForm is one of our own forms (model_branch) filled with sample values,
// and the values typed into it.
func filledForm(t testing.TB) (*sample.Return, []byte) {
	t.Helper()
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	forms, err := templates.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	form, ok := forms.Find("model_branch")
	if !ok {
		t.Fatal("no model_branch form")
	}
	s := sample.New(forms, cfg, 9).Return(form, 1)
	var buf bytes.Buffer
	if err := render.WriteDocx(&buf, form, cfg, s.Values); err != nil {
		t.Fatal(err)
	}
	return s, buf.Bytes()
}

func readBytes(data []byte) (*ooxml.Document, error) {
	return ooxml.ReadDocx(bytes.NewReader(data), int64(len(data)))
}

func mustRead(t testing.TB, data []byte) *ooxml.Document {
	t.Helper()
	doc, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// editDocument rewrites word/document.xml of a package.
func editDocument(t testing.TB, data []byte, edit func(string) string) []byte {
	t.Helper()
	return testutil.Repack(t, data, func(name string, b []byte) (string, []byte, bool) {
		if name == "word/document.xml" {
			b = []byte(edit(string(b)))
		}
		return name, b, true
	})
}

// zipOf makes a package of the given parts, in order.
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[i+1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	packageRels  = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	docOpen      = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	docClose     = `</w:body></w:document>`
)

// nestedDoc is a document whose deepest element is depth elements down:
// w:document, w:body, depth-5 w:customXml, then w:p, w:r, w:t.
func nestedDoc(depth int) string {
	n := depth - 5
	return docOpen + strings.Repeat(`<w:customXml>`, n) + `<w:p><w:r><w:t>深</w:t></w:r></w:p>` + strings.Repeat(`</w:customXml>`, n) + docClose
}

// oleFile is an OLE compound file header followed by filler, with extra
// written at offset at (when not nil).
func oleFile(size, at int, extra []byte) []byte {
	b := make([]byte, size)
	copy(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	copy(b[at:], extra)
	return b
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

func excelizeXlsx(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellValue("Sheet1", "A1", "申报汇总表"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadDocxErrors: what is not a readable Word document is refused with
// the error the caller turns into the clerk's language.
func TestReadDocxErrors(t *testing.T) {
	tests := []struct {
		name string
		data func(t testing.TB) []byte
		want error // nil: reads
	}{
		{"not a zip", func(testing.TB) []byte { return []byte("这不是一个 Word 文件，只是一段文字。") }, ooxml.ErrNotZip},
		{"empty file", func(testing.TB) []byte { return nil }, ooxml.ErrNotZip},
		{"OLE compound file (.doc, .wps)", func(testing.TB) []byte {
			return oleFile(4096, 1024, utf16le("WordDocument"))
		}, ooxml.ErrOLE},
		{"OLE with an EncryptedPackage stream", func(testing.TB) []byte {
			return oleFile(4096, 1024, utf16le("EncryptedPackage"))
		}, ooxml.ErrEncrypted},
		{"OLE with EncryptedPackage across a 64 KiB boundary", func(testing.TB) []byte {
			return oleFile(200<<10, 64<<10-9, utf16le("EncryptedPackage"))
		}, ooxml.ErrEncrypted},
		{"zip without document.xml", func(t testing.TB) []byte {
			return zipOf(t, "[Content_Types].xml", contentTypes, "_rels/.rels", packageRels, "docProps/core.xml", `<cp:coreProperties xmlns:cp="x"/>`)
		}, ooxml.ErrNoMainPart},
		{"zip of unrelated files", func(t testing.TB) []byte {
			return zipOf(t, "照片/1.txt", "hello")
		}, ooxml.ErrNoMainPart},
		{".xlsx written by excelize", excelizeXlsx, ooxml.ErrNotWordDocx},
		{"main part is not a w:document", func(t testing.TB) []byte {
			return zipOf(t, "[Content_Types].xml", contentTypes, "_rels/.rels", packageRels,
				"word/document.xml", `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`)
		}, ooxml.ErrNotWordDocx},
		{"malformed document.xml", func(t testing.TB) []byte {
			return zipOf(t, "[Content_Types].xml", contentTypes, "_rels/.rels", packageRels,
				"word/document.xml", docOpen+`<w:p><w:r><w:t>断</w:r></w:p>`+docClose)
		}, ooxml.ErrMalformed},
		{"document.xml nested 300 deep", func(t testing.TB) []byte {
			return zipOf(t, "[Content_Types].xml", contentTypes, "_rels/.rels", packageRels, "word/document.xml", nestedDoc(300))
		}, ooxml.ErrTooDeep},
		{"document.xml nested 256 deep reads", func(t testing.TB) []byte {
			return zipOf(t, "[Content_Types].xml", contentTypes, "_rels/.rels", packageRels, "word/document.xml", nestedDoc(ooxml.MaxDepth))
		}, nil},
		{"document.xml nested 257 deep", func(t testing.TB) []byte {
			return zipOf(t, "[Content_Types].xml", contentTypes, "_rels/.rels", packageRels, "word/document.xml", nestedDoc(ooxml.MaxDepth+1))
		}, ooxml.ErrTooDeep},
		{"more zip entries than MaxEntries", func(t testing.TB) []byte {
			parts := []string{"[Content_Types].xml", contentTypes, "_rels/.rels", packageRels, "word/document.xml", docOpen + docClose}
			for i := 0; i < ooxml.MaxEntries; i++ {
				parts = append(parts, "media/"+strconv.Itoa(i), "")
			}
			return zipOf(t, parts...)
		}, ooxml.ErrTooMany},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := readBytes(tc.data(t))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				if got := doc.Text(); got != "深" {
					t.Errorf("text %q, want 深", got)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
			if doc != nil {
				t.Error("a document came back with the error")
			}
		})
	}
}

// TestReadDocxPartTooLarge: a document.xml that inflates past MaxPartBytes
// (70 MiB of spaces inside one element, ~70 KiB compressed) is refused,
// built streaming so that the test holds only the compressed bytes.
func TestReadDocxPartTooLarge(t *testing.T) {
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, p := range [][2]string{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", packageRels}} {
		w, _ := zw.Create(p[0])
		io.WriteString(w, p[1])
	}
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, docOpen+`<w:p><w:r><w:t xml:space="preserve">`)
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	const total = 70 << 20
	for n := 0; n < total; n += len(spaces) {
		w.Write(spaces)
	}
	io.WriteString(w, `</w:t></w:r></w:p>`+docClose)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if total <= ooxml.MaxPartBytes || out.Len() > 1<<20 {
		t.Fatalf("bomb of %d bytes inflating to %d: not what this test means", out.Len(), total)
	}
	bomb := out.Bytes()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = readBytes(bomb)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ooxml.ErrTooLarge) {
		t.Errorf("error %v, want ErrTooLarge", err)
	}
	// Refused by its declared size, before inflating anything.
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<20 {
		t.Errorf("refusing the bomb allocated %d MiB", n>>20)
	}
	// The same bomb with its central directory claiming 1 KiB: archive/zip
	// stops at the declared size, so it is refused all the same.
	entry := bytes.Index(bomb, []byte("PK\x01\x02"))
	for entry >= 0 && !bytes.HasPrefix(bomb[entry+46:], []byte("word/document.xml")) {
		next := bytes.Index(bomb[entry+4:], []byte("PK\x01\x02"))
		if next < 0 {
			t.Fatal("no central directory entry for word/document.xml")
		}
		entry += 4 + next
	}
	binary.LittleEndian.PutUint32(bomb[entry+24:], 1024)
	if doc, err := readBytes(bomb); err == nil || doc != nil {
		t.Errorf("bomb with a lying header read: %v", err)
	}
}

// TestMainPartThroughRels: the main part is where _rels/.rels says, under
// any name and with a transitional or strict relationship type, even with a
// stale word/document.xml beside it.
func TestMainPartThroughRels(t *testing.T) {
	s, data := filledForm(t)
	const strictRel = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
	stale := docOpen + `<w:p><w:r><w:t>旧版本</w:t></w:r></w:p>` + docClose
	for _, tc := range []struct {
		name          string
		strict, stale bool
	}{{"renamed", false, false}, {"renamed, strict relationship", true, false}, {"renamed, stale document.xml kept", false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			renamed := testutil.Repack(t, data, func(name string, b []byte) (string, []byte, bool) {
				switch name {
				case "word/document.xml":
					return "word/document2.xml", b, true
				case "word/_rels/document.xml.rels":
					return "word/_rels/document2.xml.rels", b, true
				case "_rels/.rels":
					b = bytes.ReplaceAll(b, []byte("word/document.xml"), []byte("word/document2.xml"))
					if tc.strict {
						b = bytes.ReplaceAll(b, []byte(ooxml.RelOfficeDocument), []byte(strictRel))
					}
				case "[Content_Types].xml":
					b = bytes.ReplaceAll(b, []byte("word/document.xml"), []byte("word/document2.xml"))
				}
				return name, b, true
			})
			if tc.stale {
				renamed = testutil.AddPart(t, renamed, "word/document.xml", []byte(stale))
			}
			doc := mustRead(t, renamed)
			if doc.Props["dbzx.form"] != "model_branch" {
				t.Errorf("props %v", doc.Props)
			}
			if strings.Contains(doc.Text(), "旧版本") {
				t.Error("read the stale word/document.xml")
			}
			text := map[string]string{}
			for _, c := range doc.Controls {
				text[c.Tag] = c.Text
			}
			for _, id := range []string{"branch_name", "secretary", "contact_phone"} {
				if text[id] != s.Values.Text[id] {
					t.Errorf("control %s reads %q, want %q", id, text[id], s.Values.Text[id])
				}
			}
		})
	}
}

// TestStrictDocument: the same form with every part in the strict
// namespace reads as the transitional one does.
func TestStrictDocument(t *testing.T) {
	_, data := filledForm(t)
	want := mustRead(t, data)
	strict := testutil.Repack(t, data, func(name string, b []byte) (string, []byte, bool) {
		return name, bytes.ReplaceAll(b, []byte(ooxml.NSW), []byte("http://purl.oclc.org/ooxml/wordprocessingml/main")), true
	})
	got := mustRead(t, strict)
	if got.Text() != want.Text() || got.Text() == "" {
		t.Error("strict document reads differently")
	}
	if len(got.Controls) != len(want.Controls) || len(got.Tables()) != len(want.Tables()) {
		t.Errorf("strict: %d controls, %d tables; transitional %d, %d",
			len(got.Controls), len(got.Tables()), len(want.Controls), len(want.Tables()))
	}
	for i, c := range got.Controls {
		w := want.Controls[i]
		if c.Tag != w.Tag || c.Text != w.Text || c.Kind != w.Kind || c.Checked != w.Checked {
			t.Errorf("control %d: %s %q, want %s %q", i, c.Tag, c.Text, w.Tag, w.Text)
		}
	}
}

// controlSpan is where the run-level control tagged tag is in doc.
func controlSpan(t testing.TB, doc, tag string) (int, int) {
	t.Helper()
	i := strings.Index(doc, `<w:tag w:val="`+tag+`"/>`)
	if i < 0 {
		t.Fatalf("no control %s", tag)
	}
	s := strings.LastIndex(doc[:i], "<w:sdt>")
	e := i + strings.Index(doc[i:], "</w:sdt>") + len("</w:sdt>")
	return s, e
}

func setContent(t testing.TB, doc, tag, runs string) string {
	t.Helper()
	s, e := controlSpan(t, doc, tag)
	ctl := doc[s:e]
	a := strings.Index(ctl, "<w:sdtContent>") + len("<w:sdtContent>")
	b := strings.LastIndex(ctl, "</w:sdtContent>")
	return doc[:s] + ctl[:a] + runs + ctl[b:] + doc[e:]
}

func textRun(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

// TestControlText: what the reader makes of a control's runs as clients
// rewrite them: the text a person sees.
func TestControlText(t *testing.T) {
	const by = ` w:id="1" w:author="李四" w:date="2022-11-20T10:00:00Z"`
	tests := []struct {
		name, runs, want string
	}{
		{"runs split by rsid, proofErr, _GoBack",
			`<w:r w:rsidR="00AB12CD"><w:t>电气</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r w:rsidRPr="00EF3456"><w:t>工程</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/>` + textRun("学院"),
			"电气工程学院"},
		{"whitespace-only run kept", textRun("电气") + textRun(" ") + textRun("工程"), "电气 工程"},
		{"tracked insertion and deletion",
			textRun("电气") + `<w:ins` + by + `>` + textRun("工程") + `</w:ins><w:del` + by + `><w:r><w:delText>机械</w:delText></w:r></w:del>` + textRun("学院"),
			"电气工程学院"},
		{"tracked move", `<w:moveFrom` + by + `>` + textRun("学院") + `</w:moveFrom>` + textRun("电气工程") + `<w:moveTo` + by + `>` + textRun("学院") + `</w:moveTo>`,
			"电气工程学院"},
		{"hidden text", textRun("电气") + `<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>工程</w:t></w:r>` + textRun("学院"),
			"电气工程学院"},
		{"tab, breaks; page and column breaks are no text",
			`<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/><w:t>丁</w:t><w:br w:type="page"/><w:t>戊</w:t><w:br w:type="column"/><w:t>己</w:t></w:r>`,
			"甲\t乙\n丙\n丁戊己"},
		{"non-breaking hyphen", `<w:r><w:t>0371</w:t><w:noBreakHyphen/><w:t>12345678</w:t></w:r>`, "0371-12345678"},
		{"mc:AlternateContent between runs", textRun("电气") + `<mc:AlternateContent><mc:Choice Requires="w14">` + textRun("选择") + `</mc:Choice><mc:Fallback>` + textRun("工程") + `</mc:Fallback></mc:AlternateContent>` + textRun("学院"),
			"电气工程学院"},
		{"mc:AlternateContent in a run", `<w:r><w:t>电气</w:t><mc:AlternateContent><mc:Choice Requires="w14"><w:t>选择</w:t></mc:Choice><mc:Fallback><w:t>工程</w:t></mc:Fallback></mc:AlternateContent><w:t>学院</w:t></w:r>`,
			"电气工程学院"},
		{"complex field: result kept, code dropped",
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD 单位 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` + textRun("电气工程学院") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
			"电气工程学院"},
		{"legacy FORMTEXT",
			`<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:enabled/><w:textInput/></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` + textRun("电气") + textRun("工程学院") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
			"电气工程学院"},
		{"simple field, hyperlink, smart tag", `<w:fldSimple w:instr=" FORMTEXT ">` + textRun("电气") + `</w:fldSimple><w:hyperlink w:anchor="a">` + textRun("工程") + `</w:hyperlink><w:smartTag w:uri="u" w:element="e">` + textRun("学院") + `</w:smartTag>`,
			"电气工程学院"},
		{"FORMCHECKBOX default and checked", `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/><w:default w:val="1"/></w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
			`<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/><w:default w:val="1"/><w:checked w:val="0"/></w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` + textRun("x") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
			"☒☐"},
		{"symbols", `<w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:sym w:font="Wingdings" w:char="F0A8"/><w:sym w:font="Wingdings 2" w:char="F052"/><w:sym w:font="Wingdings 2" w:char="F0A3"/><w:sym w:font="Symbol" w:char="F0B4"/></w:r>`,
			"☒☐☒☐\uF0B4"},
		{"characters typed in Wingdings fonts", `<w:r><w:rPr><w:rFonts w:ascii="Wingdings 2" w:hAnsi="Wingdings 2"/></w:rPr><w:t>R£</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>þ¨</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr><w:t>R</w:t></w:r>`,
			"☒☐☒☐R"},
	}
	_, data := filledForm(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustRead(t, editDocument(t, data, func(d string) string { return setContent(t, d, "branch_name", tc.runs) }))
			var got *ooxml.Control
			for _, c := range doc.Controls {
				if c.Tag == "branch_name" {
					got = c
				}
			}
			if got == nil || got.Text != tc.want {
				t.Fatalf("control reads %+v, want %q", got, tc.want)
			}
			if got.Cell == nil || got.Cell.Text() != tc.want {
				t.Errorf("control's cell reads %q", got.Cell.Text())
			}
		})
	}
}

// TestNestedTables: tables in cells (and in cells of those) are read into
// their cells and listed by Tables depth first.
func TestNestedTables(t *testing.T) {
	cell := func(blocks string) string { return `<w:tc>` + blocks + `</w:tc>` }
	tbl := func(rows ...string) string {
		return `<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>` + strings.Join(rows, "") + `</w:tbl>`
	}
	row := func(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }
	p := func(s string) string { return `<w:p>` + textRun(s) + `</w:p>` }
	inner := tbl(row(cell(p("丙")), cell(p("丁"))))
	middle := tbl(row(cell(p("乙")), cell(inner+`<w:p/>`)))
	body := tbl(row(cell(p("甲")), cell(p("说明")+middle+`<w:p/>`)))
	doc := mustRead(t, zipOf(t, "[Content_Types].xml", contentTypes, "_rels/.rels", packageRels, "word/document.xml", docOpen+body+docClose))
	tables := doc.Tables()
	if len(tables) != 3 {
		t.Fatalf("%d tables, want 3", len(tables))
	}
	for i, want := range []string{"甲", "乙", "丙"} {
		if got := tables[i].Rows[0].Cells[0].Text(); got != want {
			t.Errorf("table %d starts with %q, want %q", i, got, want)
		}
	}
	if got := tables[0].Rows[0].Cells[1].Text(); got != "说明\n乙\t丙\t丁\n\n" {
		t.Errorf("outer cell reads %q", got)
	}
}
