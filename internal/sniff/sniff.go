// Package sniff tells what a file is by its content, never its name:
// returns arrive renamed (.doc saved as .docx, .wps renamed to .doc), and
// only the bytes say what they are.
package sniff

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
)

// Kind is what a file is.
type Kind string

// Kinds.
const (
	Docx      Kind = "docx"      // Word OOXML
	Xlsx      Kind = "xlsx"      // Excel OOXML
	OOXML     Kind = "ooxml"     // another OOXML package (.pptx …)
	ODF       Kind = "odf"       // OpenDocument (.odt, .ods)
	Zip       Kind = "zip"       // a plain zip: a bundle of files
	Doc       Kind = "doc"       // OLE Word 97–2003 (.doc), also Kingsoft .wps
	Xls       Kind = "xls"       // OLE Excel 97–2003 (.xls), also Kingsoft .et
	OLE       Kind = "ole"       // another OLE compound file
	Encrypted Kind = "encrypted" // password-protected OOXML (OLE with EncryptedPackage)
	PDF       Kind = "pdf"
	Image     Kind = "image"
	RTF       Kind = "rtf"
	Broken    Kind = "broken" // starts as a zip but cannot be opened: cut short or damaged
	Empty     Kind = "empty"
	EmptyZip  Kind = "empty-zip" // a zip archive with no entries (22 bytes)
	Other     Kind = "other"
)

// OLEMagic starts every OLE compound file: .doc, .xls, .wps, and OOXML
// files that Office encrypted with a password. The one declaration of it:
// every reader that tells OLE apart asks IsOLE.
var OLEMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// IsOLE reports whether data (or its first bytes) starts an OLE compound
// file.
func IsOLE(data []byte) bool { return bytes.HasPrefix(data, OLEMagic) }

// utf16 returns s as UTF-16LE bytes, how OLE directories name streams.
func utf16(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// Detect identifies data. Zip packages are opened to read their
// [Content_Types].xml (OOXML) or mimetype (ODF); OLE files are told apart
// by the names of their streams.
func Detect(data []byte) Kind {
	switch {
	case len(data) == 0:
		return Empty
	case IsOLE(data):
		return ole(data)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return zipKind(data)
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return RTF
	case isImage(data):
		return Image
	}
	return Other
}

func ole(data []byte) Kind {
	switch {
	case hasStream(data, "EncryptedPackage"):
		return Encrypted
	case hasStream(data, "WordDocument"):
		return Doc
	case hasStream(data, "Workbook"), hasStream(data, "Book"):
		return Xls
	}
	return OLE
}

// hasStream reports whether an OLE directory entry is named name. Entries
// are 128 bytes and sectors at least 512, so an entry starts at a multiple
// of 128 with its NUL-terminated UTF-16LE name; the same name inside a
// stream's contents (a slide saying "Book") is not a stream.
func hasStream(data []byte, name string) bool {
	needle := append(utf16(name), 0, 0)
	for i := 0; ; {
		j := bytes.Index(data[i:], needle)
		if j < 0 {
			return false
		}
		if (i+j)%128 == 0 {
			return true
		}
		i += j + 1
	}
}

func zipKind(data []byte) Kind {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return Broken
	}
	if len(zr.File) == 0 {
		return EmptyZip
	}
	// Part names are case-insensitive in OPC, and some tools write them
	// with backslashes: [content_types].xml, xl\workbook.xml.
	mainPart := Zip
	for _, f := range zr.File {
		switch strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/")) {
		case "word/document.xml":
			mainPart = Docx
		case "xl/workbook.xml":
			mainPart = Xlsx
		}
	}
	for _, f := range zr.File {
		switch strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/")) {
		case "[content_types].xml":
			ct := readSmall(f)
			switch {
			case strings.Contains(ct, "wordprocessingml.document.main"), strings.Contains(ct, "wordprocessingml.template.main"),
				strings.Contains(ct, "ms-word.document.macroEnabled.main"):
				return Docx
			case strings.Contains(ct, "spreadsheetml.sheet.main"), strings.Contains(ct, "spreadsheetml.template.main"),
				strings.Contains(ct, "ms-excel.sheet.macroEnabled.main"):
				return Xlsx
			}
			return OOXML
		case "mimetype":
			if strings.HasPrefix(readSmall(f), "application/vnd.oasis.opendocument") {
				return ODF
			}
		}
	}
	// No content types, but the main part of a document or workbook: a
	// damaged package, not a bundle of files to take in one by one.
	if mainPart != Zip {
		return Broken
	}
	return Zip
}

// readSmall reads at most 64 KiB of an entry: enough for a content-types
// part, and no door for a bomb.
func readSmall(f *zip.File) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 64<<10))
	return string(b)
}

func isImage(b []byte) bool {
	for _, magic := range [][]byte{
		{0xFF, 0xD8, 0xFF},          // JPEG
		[]byte("\x89PNG\r\n\x1a\n"), // PNG
		[]byte("GIF87a"), []byte("GIF89a"),
		{0x49, 0x49, 0x2A, 0x00}, // TIFF little-endian
		{0x4D, 0x4D, 0x00, 0x2A}, // TIFF big-endian
	} {
		if bytes.HasPrefix(b, magic) {
			return true
		}
	}
	// BMP: "BM" alone starts ordinary text too ("BMW …"); require the
	// size of a known DIB header at offset 14, as file(1) does.
	if len(b) >= 18 && string(b[0:2]) == "BM" {
		switch binary.LittleEndian.Uint32(b[14:18]) {
		case 12, 16, 40, 52, 56, 64, 108, 124:
			return true
		}
	}
	// WebP, HEIC: a box structure with the type at offset 4 or 8.
	if len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP" {
		return true
	}
	if len(b) >= 12 && string(b[4:8]) == "ftyp" {
		switch string(b[8:12]) {
		case "heic", "heix", "mif1", "avif":
			return true
		}
	}
	return false
}
