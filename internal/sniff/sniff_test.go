package sniff

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// zipOf writes a zip with the given entries, in order, deflated unless
// the name is "mimetype" (ODF stores it first and uncompressed).
func zipOf(t testing.TB, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e[0] == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, e[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func contentTypes(mainType string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/main.xml" ContentType="` + mainType + `"/></Types>`
}

const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="main.xml"/></Relationships>`

// docx is a minimal Word package: content types, relationships, a body.
func docx(t testing.TB) []byte {
	return zipOf(t,
		[2]string{"[Content_Types].xml", contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
		[2]string{"_rels/.rels", rels},
		[2]string{"main.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>申报书</w:t></w:r></w:p></w:body></w:document>`},
	)
}

func pptx(t testing.TB) []byte {
	return zipOf(t,
		[2]string{"[Content_Types].xml", contentTypes("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")},
		[2]string{"_rels/.rels", rels},
		[2]string{"main.xml", `<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`},
	)
}

func odt(t testing.TB) []byte {
	return zipOf(t,
		[2]string{"mimetype", "application/vnd.oasis.opendocument.text"},
		[2]string{"META-INF/manifest.xml", `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`},
		[2]string{"content.xml", `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`},
	)
}

// xlsx is what Excel-compatible writers produce, here excelize.
func xlsx(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellValue("Sheet1", "A1", "申报汇总表"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func utf16le(s string) []byte {
	var out []byte
	for _, r := range s {
		out = binary.LittleEndian.AppendUint16(out, uint16(r))
	}
	return out
}

// oleFile lays out an OLE compound file as the writers do: a 512-byte
// header starting with the magic, then a directory sector of 128-byte
// entries ("Root Entry" and the given streams), then body, which stands
// for the streams' contents.
func oleFile(body []byte, streams ...string) []byte {
	names := append([]string{"Root Entry"}, streams...)
	b := make([]byte, 512+128*len(names))
	copy(b, OLEMagic)
	binary.LittleEndian.PutUint16(b[0x1E:], 9) // sector shift: 512-byte sectors
	for i, name := range names {
		e := b[512+128*i:]
		n := copy(e, utf16le(name))
		binary.LittleEndian.PutUint16(e[64:], uint16(n+2)) // name length with its NUL
	}
	return append(b, body...)
}

// bmp is a 1×1 24-bit BMP: file header, BITMAPINFOHEADER, one pixel.
func bmp() []byte {
	b := []byte("BM")
	b = binary.LittleEndian.AppendUint32(b, 58) // file size
	b = binary.LittleEndian.AppendUint32(b, 0)  // reserved
	b = binary.LittleEndian.AppendUint32(b, 54) // pixel offset
	b = binary.LittleEndian.AppendUint32(b, 40) // DIB header size
	b = binary.LittleEndian.AppendUint32(b, 1)
	b = binary.LittleEndian.AppendUint32(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 24)
	b = append(b, make([]byte, 24)...)
	return append(b, 0xFF, 0xFF, 0xFF, 0)
}

func TestDetect(t *testing.T) {
	doc := docx(t)
	emptyZip := zipOf(t)
	tests := []struct {
		name string
		data []byte
		want Kind
	}{
		{"docx", doc, Docx},
		{"xlsx from excelize", xlsx(t), Xlsx},
		{"pptx", pptx(t), OOXML},
		{"odt", odt(t), ODF},
		{"plain zip", zipOf(t, [2]string{"申报书.docx", "not really"}, [2]string{"scan.jpg", "\xff\xd8\xff"}), Zip},
		{"empty zip", emptyZip, EmptyZip},
		{"docx cut in half in transit", doc[:len(doc)/2], Broken},
		{"zip header alone", []byte("PK\x03\x04"), Broken},

		{"doc", oleFile(nil, "WordDocument", "1Table", "\x05SummaryInformation"), Doc},
		{"xls", oleFile(nil, "Workbook", "\x05SummaryInformation"), Xls},
		{"xls from Excel 5", oleFile(nil, "Book"), Xls},
		{"encrypted docx", oleFile(nil, "EncryptedPackage", "EncryptionInfo", "\x06DataSpaces"), Encrypted},
		{"other OLE (msi, msg)", oleFile(nil, "SummaryInformation"), OLE},
		// Stream contents are not stream names: a .ppt whose slide says
		// "Book", a .doc whose text mentions "Workbook" or
		// "EncryptedPackage" (text is stored as UTF-16LE too).
		{"ppt mentioning Book", oleFile(append([]byte("xx"), utf16le("Book 2024")...), "PowerPoint Document", "Current User"), OLE},
		{"doc mentioning Workbook", oleFile(append([]byte("x"), utf16le("Workbook and EncryptedPackage")...), "WordDocument", "1Table"), Doc},

		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), PDF},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"), Image},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Image},
		{"gif87a", []byte("GIF87a\x01\x00\x01\x00"), Image},
		{"gif89a", []byte("GIF89a\x01\x00\x01\x00"), Image},
		{"bmp", bmp(), Image},
		{"tiff little-endian", []byte("II*\x00\x08\x00\x00\x00"), Image},
		{"tiff big-endian", []byte("MM\x00*\x00\x00\x00\x08"), Image},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), Image},
		{"heic from iPhone", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), Image},
		{"avif", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1"), Image},
		{"rtf", []byte(`{\rtf1\ansi\ansicpg936 申报书}`), RTF},
		{"empty", nil, Empty},
		{"zero bytes", []byte{}, Empty},
		{"text", []byte("hello, 这是一份申报说明\n"), Other},
		{"text starting BM", []byte("BMW 合作项目申报说明：本项目……\n"), Other},
		{"wav (RIFF, not WEBP)", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), Other},
		{"mp4 (ftyp, not an image brand)", []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00"), Other},
		{"html", []byte("<!DOCTYPE html><html>"), Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.data); got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRenamedFileDetectedByContent: returns arrive renamed — a .docx saved
// as .doc, an .xlsx named .docx, a scan named .pdf. The kind must follow
// the bytes read back from the file, whatever its name says.
func TestRenamedFileDetectedByContent(t *testing.T) {
	dir := t.TempDir()
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
	tests := []struct {
		name string // as the clerk received it
		data []byte
		want Kind
	}{
		{"申报书.doc", docx(t), Docx},
		{"汇总表.docx", xlsx(t), Xlsx},
		{"汇总表.xls", xlsx(t), Xlsx},
		{"申报书.docx", oleFile(nil, "WordDocument"), Doc},
		{"扫描件.pdf", jpeg, Image},
		{"申报书.zip", docx(t), Docx},
		{"材料.docx", zipOf(t, [2]string{"a.txt", "a"}), Zip},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.name)
			if err := os.WriteFile(p, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if k := Detect(got); k != tt.want {
				t.Errorf("Detect(%s) = %q, want %q", tt.name, k, tt.want)
			}
			if a, b := Detect(got), Detect(tt.data); a != b {
				t.Errorf("same bytes, different kinds: %q from the file, %q in memory", a, b)
			}
		})
	}
}

// bombZip is a docx-shaped zip whose [Content_Types].xml inflates to
// size bytes: head, then spaces.
func bombZip(t testing.TB, head string, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	w, err := zw.Create("[Content_Types].xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, head)
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for n := len(head); n < size; n += len(chunk) {
		w.Write(chunk[:min(len(chunk), size-n)])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// allocated returns the bytes allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestContentTypesBombReadCapped: a zip whose [Content_Types].xml inflates
// to 64 MiB must be sniffed from its first 64 KiB only, not inflated into
// memory.
func TestContentTypesBombReadCapped(t *testing.T) {
	const size = 64 << 20
	head := contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
	bomb := bombZip(t, head, size)
	t.Logf("bomb: %d bytes zipped, %d inflated", len(bomb), size)

	var kind Kind
	n := allocated(func() { kind = Detect(bomb) })
	t.Logf("Detect allocated %d bytes", n)
	if kind != Docx {
		t.Errorf("Detect = %q, want %q", kind, Docx)
	}
	if n > 4<<20 {
		t.Errorf("Detect allocated %d bytes for a %d-byte entry; the read must stop at 64 KiB", n, size)
	}

	// What lies past the first 64 KiB is never seen: the cap, pinned.
	late := bombZip(t, strings.Repeat(" ", 64<<10)+head, 1<<20)
	if got := Detect(late); got != OOXML {
		t.Errorf("content type past 64 KiB: Detect = %q, want %q (read beyond the cap)", got, OOXML)
	}
}

// TestDetectOtherSuites: what other office tools write is told by content,
// as OPC reads it: part names in any case and with backslashes; a package
// whose content types are missing but whose main part is there is a
// damaged document, not a bundle of files.
func TestDetectOtherSuites(t *testing.T) {
	mk := func(names ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range names {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
			if strings.EqualFold(n, "[content_types].xml") {
				w.Write([]byte(`<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`))
			} else {
				w.Write([]byte("<x/>"))
			}
		}
		zw.Close()
		return buf.Bytes()
	}
	for _, c := range []struct {
		name string
		data []byte
		want Kind
	}{
		{"lower-case content types", mk("[content_types].xml", "xl/workbook.xml"), Xlsx},
		{"backslash part names", mk(`[Content_Types].xml`, `xl\workbook.xml`), Xlsx},
		{"workbook without content types", mk("xl/workbook.xml", "xl/worksheets/sheet1.xml"), Broken},
		{"document without content types", mk("word/document.xml"), Broken},
		{"a bundle of files", mk("申报书.docx", "汇总表.xlsx"), Zip},
	} {
		if got := Detect(c.data); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
