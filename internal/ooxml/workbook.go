package ooxml

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"

	"dbzx/internal/sniff"
)

// Guards for reading workbooks (.xlsx) that people return — a 附件9
// summary, a filled review or acceptance sheet — with excelize, which on
// its own reads every part into memory up to 16 GB and compares merged
// ranges pairwise.
const (
	// MaxWorkbookBytes caps what a workbook may inflate to. A filled
	// 附件9 is 10–50 KB; 64 MiB leaves room for pasted pictures.
	MaxWorkbookBytes = 64 << 20
	// MaxSheetCells caps the cells holding a value in one sheet. A
	// summary is tens of rows by a dozen columns; a dense sheet at the cap
	// takes seconds to read.
	MaxSheetCells = 1 << 18
	// MaxMergeCells caps the merged ranges of a workbook. excelize
	// compares every merge with every other, so 300 000 of them (8 MB of
	// XML, 200 KB zipped) would hold the batch for minutes; a summary
	// merges a few dozen.
	MaxMergeCells = 10000
)

// Errors of OpenWorkbook and BoundedRows. Callers word them for the clerk.
var (
	ErrEmpty          = errors.New("ooxml: empty file")
	ErrWordNotBook    = errors.New("ooxml: a Word document, not a workbook")
	ErrNotWorkbook    = errors.New("ooxml: not a workbook")
	ErrTooManyMerges  = errors.New("ooxml: too many merged cells")
	ErrSheetTooLarge  = errors.New("ooxml: sheet beyond the cell limit")
	ErrWorkbookBroken = errors.New("ooxml: damaged workbook")
)

// OpenWorkbook opens a workbook within the guards: not empty, not OLE
// (ErrOLE: .xls or an encrypted file), starting as a zip (else
// ErrNotWorkbook) that opens (ErrNotZip) and whose declared
// sizes stay under MaxWorkbookBytes (ErrTooLarge) with at most
// (flooded sheets are left to FloodedSheets), not a Word document
// (ErrWordNotBook). excelize's own failures, panics included, come back as
// ErrWorkbookBroken. The caller closes the file.
func OpenWorkbook(data []byte) (x *excelize.File, err error) {
	switch {
	case len(data) == 0:
		return nil, ErrEmpty
	case sniff.IsOLE(data):
		return nil, ErrOLE
	case !bytes.HasPrefix(data, []byte("PK")):
		return nil, ErrNotWorkbook
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrNotZip
	}
	// archive/zip inflates no entry past its declared size, so the
	// declared sizes bound the workbook.
	var declared uint64
	hasWorkbook, hasDocument := false, false
	for _, f := range z.File {
		if declared += f.UncompressedSize64; declared > MaxWorkbookBytes || declared < f.UncompressedSize64 {
			return nil, ErrTooLarge
		}
		switch strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/")) {
		case "xl/workbook.xml":
			hasWorkbook = true
		case "word/document.xml":
			hasDocument = true
		}
	}

	if hasDocument && !hasWorkbook {
		return nil, ErrWordNotBook
	}
	if canonical, ok := canonicalParts(z); ok {
		data = canonical
	}
	x, err = openExcelize(data)
	if err != nil {
		// Real workbooks that excelize trips over on a part they do not
		// need: an empty thumbnail, a stale calculation chain. Once more
		// without those.
		if lean, ok := withoutOptionalParts(data); ok {
			if x2, err2 := openExcelize(lean); err2 == nil {
				return x2, nil
			}
		}
		return nil, err
	}
	return x, nil
}

func openExcelize(data []byte) (x *excelize.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			x, err = nil, fmt.Errorf("%w: %v", ErrWorkbookBroken, p)
		}
	}()
	x, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxWorkbookBytes})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWorkbookBroken, err)
	}
	return x, nil
}

// canonicalParts rewrites a package whose part names another tool wrote
// differently from what excelize looks for — [content_types].xml in lower
// case, backslashes for slashes (OPC names are case-insensitive) — with
// the names as Excel writes them. ok is false when nothing needs it.
func canonicalParts(z *zip.Reader) ([]byte, bool) {
	need := false
	for _, f := range z.File {
		if strings.Contains(f.Name, `\`) || (strings.EqualFold(f.Name, "[Content_Types].xml") && f.Name != "[Content_Types].xml") {
			need = true
		}
	}
	if !need {
		return nil, false
	}
	return repack(z, func(name string) (string, bool) {
		name = strings.ReplaceAll(name, `\`, "/")
		if strings.EqualFold(name, "[Content_Types].xml") {
			name = "[Content_Types].xml"
		}
		return name, true
	})
}

// withoutOptionalParts drops the parts a workbook reads without: empty
// ones, the thumbnail and the calculation chain. ok is false when there
// is nothing to drop.
func withoutOptionalParts(data []byte) ([]byte, bool) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, false
	}
	drop := func(f *zip.File) bool {
		n := strings.ToLower(f.Name)
		return f.UncompressedSize64 == 0 || n == "xl/calcchain.xml" || strings.HasPrefix(n, "docprops/thumbnail")
	}
	any := false
	for _, f := range z.File {
		any = any || drop(f)
	}
	if !any {
		return nil, false
	}
	kept := map[string]bool{}
	for _, f := range z.File {
		if !drop(f) {
			kept[f.Name] = true
		}
	}
	return repack(z, func(name string) (string, bool) { return name, kept[name] })
}

// repack copies z's entries (already bounded by OpenWorkbook's size check)
// under the names rename gives, leaving out those it refuses.
func repack(z *zip.Reader, rename func(string) (string, bool)) ([]byte, bool) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range z.File {
		name, keep := rename(f.Name)
		if !keep {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, false
		}
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.Copy(w, io.LimitReader(rc, MaxWorkbookBytes))
		}
		rc.Close()
		if err != nil {
			return nil, false
		}
	}
	if zw.Close() != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// FloodedSheets names the sheets of a workbook with more than
// MaxMergeCells merged ranges. excelize compares every merge of a sheet
// with every other when asked for them, so a reader must not ask for a
// flooded sheet's merges: 300 000 of them (8 MB of XML, 200 KB zipped)
// would hold the batch for minutes. Such a sheet in a real workbook (a
// timetable beside the 汇总表) is no reason to refuse the others.
func FloodedSheets(data []byte) map[string]bool {
	out := map[string]bool{}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return out
	}
	parts := map[string]*zip.File{}
	for _, f := range z.File {
		parts[strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))] = f
	}
	// The sheets by name and relationship id, and the parts the ids lead to.
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(readPartLimited(parts["xl/workbook.xml"]), &wb) != nil ||
		xml.Unmarshal(readPartLimited(parts["xl/_rels/workbook.xml.rels"]), &rels) != nil {
		return out
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := strings.TrimPrefix(strings.ReplaceAll(r.Target, `\`, "/"), "/")
		if !strings.HasPrefix(t, "xl/") {
			t = "xl/" + t
		}
		target[r.ID] = strings.ToLower(path.Clean(t))
	}
	for _, s := range wb.Sheets {
		if f := parts[target[s.ID]]; f != nil && countMergesIn(f, MaxMergeCells) > MaxMergeCells {
			out[s.Name] = true
		}
	}
	return out
}

// readPartLimited reads a small part (the workbook, its relationships):
// at most 4 MiB.
func readPartLimited(f *zip.File) []byte {
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 4<<20))
	return b
}

// countMergesIn counts the mergeCell elements of one part, stopping past
// limit.
func countMergesIn(f *zip.File, limit int) int {
	const tag = "mergeCell" // not followed by s, which is the list
	rc, err := f.Open()
	if err != nil {
		return 0
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	n, matched := 0, 0
	for n <= limit {
		c, err := br.ReadByte()
		if err != nil {
			break
		}
		if matched == len(tag) {
			if c != 's' {
				n++
			}
			matched = 0
		}
		switch {
		case c == tag[matched]:
			matched++
		case c == tag[0]: // the tag's first byte occurs in it only there
			matched = 1
		default:
			matched = 0
		}
	}
	return n
}

// MaxSheetRows and MaxSheetCols bound the part of a sheet that is read:
// the tables people return sit at the top left, and a stray cell at
// XFD1048576 must neither make the grid huge nor refuse the sheet.
const (
	MaxSheetRows = 1 << 16
	MaxSheetCols = 256
)

// BoundedRows is excelize's GetRows within bounds: rows past MaxSheetRows
// and columns past MaxSheetCols are left out, and it refuses with
// ErrSheetTooLarge as soon as the cells holding a value exceed
// MaxSheetCells — cells that exist, not the grid from A1 to the last one.
func BoundedRows(x *excelize.File, sheet string, opts ...excelize.Options) ([][]string, error) {
	rows, err := x.Rows(sheet)
	if err != nil {
		return nil, err
	}
	var out [][]string
	cur, cells := 0, 0
	for rows.Next() && cur < MaxSheetRows {
		cur++
		row, err := rows.Columns(opts...)
		if err != nil {
			break // as GetRows: the rows read so far
		}
		if len(row) > MaxSheetCols {
			row = row[:MaxSheetCols]
		}
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		if len(row) == 0 {
			continue
		}
		for _, c := range row {
			if c != "" {
				cells++
			}
		}
		if cells > MaxSheetCells {
			rows.Close()
			return nil, ErrSheetTooLarge
		}
		for len(out) < cur-1 {
			out = append(out, nil)
		}
		out = append(out, row)
	}
	return out, rows.Close()
}
