package testutil

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Budgets of the hostile corpus: each hostile input is refused (or read)
// within HostileTime, and a run over it allocates at most HostileAlloc.
const (
	HostileTime  = 10 * time.Second
	HostileAlloc = 300 << 20
)

// OleWith returns an OLE compound file header and, at the first directory
// entry's place (offset 512, a multiple of 128), stream names as OLE
// writes them: UTF-16LE, NUL-terminated.
func OleWith(stream string) []byte {
	out := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for _, r := range stream {
		out = append(out, byte(r), byte(r>>8))
	}
	return append(out, 0, 0)
}

// TinyPDF is a supporting document as far as sniffing goes.
func TinyPDF(title string) []byte {
	return []byte("%PDF-1.4\n% " + title + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// BodyInsert puts xml at the start of the body of document.xml.
func BodyInsert(xml string) func(string) string {
	return func(s string) string {
		i := strings.Index(s, "<w:body>") + len("<w:body>")
		return s[:i] + xml + s[i:]
	}
}

// Nested is n opening tags then n closing ones.
func Nested(open, close string, n int) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

// BillionLaughs is a DOCTYPE whose entities expand tenfold per level: lol9
// would be 10⁹ "lol"s (3 GB) if anything expanded it.
func BillionLaughs() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE w:document [\n<!ENTITY lol \"lol\">\n")
	for i := 1; i <= 9; i++ {
		prev := "lol"
		if i > 1 {
			prev = fmt.Sprintf("lol%d", i-1)
		}
		fmt.Fprintf(&b, "<!ENTITY lol%d \"%s\">\n", i, strings.Repeat("&"+prev+";", 10))
	}
	b.WriteString("]>\n")
	return b.String()
}

// ZerosBomb writes a zip bundle whose one entry inflates to 2 GiB of
// zeros (about 2 MB). Deflating 2 GiB takes seconds of CPU, so the stream
// is put together from blocks deflated once: a fresh compressor's first
// MiB, then its second MiB repeated — whose back-references reach at most
// 32 KiB behind, always into zeros — and the final empty block. The entry
// is written raw, with the CRC of 2 GiB of zeros.
func ZerosBomb(w io.Writer, name string) (mib int, took time.Duration, err error) {
	start := time.Now()
	mib = 2048
	zeros := make([]byte, 1<<20)
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return 0, 0, err
	}
	take := func() []byte { b := bytes.Clone(out.Bytes()); out.Reset(); return b }
	fw.Write(zeros)
	fw.Flush()
	first := take()
	fw.Write(zeros)
	fw.Flush()
	block := take()
	fw.Close()
	final := take()
	crc := crc32.NewIEEE()
	for range mib {
		crc.Write(zeros)
	}
	raw := bytes.NewBuffer(first)
	for range mib - 1 {
		raw.Write(block)
	}
	raw.Write(final)
	zw := zip.NewWriter(w)
	ew, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: uint64(mib) << 20})
	if err != nil {
		return 0, 0, err
	}
	if _, err := ew.Write(raw.Bytes()); err != nil {
		return 0, 0, err
	}
	return mib, time.Since(start), zw.Close()
}

// builtBomb is ZerosBomb's bundle, built once for the tests that need it.
var builtBomb = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	mib, took, err := ZerosBomb(&buf, "全部材料.docx")
	bombLog = fmt.Sprintf("bomb: %d MiB of zeros in %d bytes, deflated in %v", mib, buf.Len(), took.Round(time.Millisecond))
	return buf.Bytes(), err
})

var bombLog string

func BombZip(t *testing.T) []byte {
	t.Helper()
	data, err := builtBomb()
	if err != nil {
		t.Fatal(err)
	}
	t.Log(bombLog)
	return data
}

// RawXlsx builds a minimal workbook around one sheet, whose XML sheet
// writes (so that tests can write sheets excelize would take minutes to
// build), plus extra parts.
func RawXlsx(t testing.TB, sheet func(w io.Writer), extra ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	add := func(name, s string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, s)
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="汇总表" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	sheet(w)
	io.WriteString(w, `</worksheet>`)
	for _, e := range extra {
		add(e[0], e[1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// SummaryHeaderRow is the 附件9 header row, so that a hostile sheet is
// otherwise a summary.
const SummaryHeaderRow = `<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>申报类别</t></is></c>` +
	`<c r="C1" t="inlineStr"><is><t>申报名称</t></is></c><c r="D1" t="inlineStr"><is><t>申报单位</t></is></c></row>`

// StrayCellSheet: a summary with one value at XFD1 and one at A1048576:
// 17 billion cells if the grid were filled out.
func StrayCellSheet(w io.Writer) {
	io.WriteString(w, `<sheetData>`+SummaryHeaderRow+`<row r="2"><c r="XFD2"><v>1</v></c></row>`+
		`<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>`)
}

// MergeFloodSheet: a summary with n merged ranges; excelize compares every
// merge with every other.
func MergeFloodSheet(n int) func(w io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<sheetData>`+SummaryHeaderRow+`</sheetData><mergeCells>`)
		for i := range n {
			fmt.Fprintf(w, `<mergeCell ref="E%d:F%d"/>`, i+2, i+2)
		}
		io.WriteString(w, `</mergeCells>`)
	}
}

// InflateBombXlsx: a summary carrying a part of n MiB of zeros.
func InflateBombXlsx(t testing.TB, mib int) []byte {
	t.Helper()
	base := RawXlsx(t, func(w io.Writer) { io.WriteString(w, `<sheetData>`+SummaryHeaderRow+`</sheetData>`) })
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, f := range zr.File {
		zw.Copy(f)
	}
	w, _ := zw.Create("xl/media/image1.png")
	zeros := make([]byte, 1<<20)
	for range mib {
		w.Write(zeros)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FragmentedText is a w:t whose text is cut by n comments into n tokens.
func FragmentedText(n int) string {
	return `<w:p><w:r><w:t>` + strings.Repeat("碎<!---->", n) + `</w:t></w:r></w:p>`
}

// Measured runs fn, logs how long it took and what it allocated, and fails
// the test beyond HostileTime or HostileAlloc.
func Measured(t *testing.T, fn func()) {
	t.Helper()
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	start := time.Now()
	fn()
	el := time.Since(start)
	runtime.ReadMemStats(&m1)
	alloc, heap := m1.TotalAlloc-m0.TotalAlloc, int64(m1.HeapInuse)-int64(m0.HeapInuse)
	t.Logf("%v, allocated %d MB in all, heap in use %+d MB", el.Round(time.Millisecond), alloc>>20, heap>>20)
	if el > HostileTime {
		t.Errorf("took %v, budget %v", el, HostileTime)
	}
	if alloc > HostileAlloc {
		t.Errorf("allocated %d MB, budget %d MB", alloc>>20, HostileAlloc>>20)
	}
}
