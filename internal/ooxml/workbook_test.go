package ooxml

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, _ := zw.Create(n)
		w.Write([]byte("<x/>"))
	}
	zw.Close()
	return buf.Bytes()
}

// TestOpenWorkbookGuards: what is plainly not a workbook is told apart
// before excelize sees it; a real workbook opens.
func TestOpenWorkbookGuards(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"ole", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), ErrOLE},
		{"text", []byte("填报单位,申报名称\n"), ErrNotWorkbook},
		{"cut zip", []byte("PK\x03\x04 cut short"), ErrNotZip},
		{"word", zipOf(t, "[Content_Types].xml", "word/document.xml"), ErrWordNotBook},
		{"no workbook part", zipOf(t, "[Content_Types].xml"), ErrWorkbookBroken},
	} {
		t.Run(c.name, func(t *testing.T) {
			x, err := OpenWorkbook(c.data)
			if x != nil {
				x.Close()
			}
			if !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
		})
	}
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "B2", "汇总")
	var buf bytes.Buffer
	f.Write(&buf)
	x, err := OpenWorkbook(buf.Bytes())
	if err != nil {
		t.Fatalf("a real workbook: %v", err)
	}
	defer x.Close()
	rows, err := BoundedRows(x, "Sheet1")
	if err != nil || len(rows) != 2 || rows[1][1] != "汇总" {
		t.Errorf("rows %q, %v", rows, err)
	}
}

// TestOpenWorkbookOtherWriters: part names as other tools write them —
// [content_types].xml in lower case, backslashes — open as Excel's do.
func TestOpenWorkbookOtherWriters(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "填报单位")
	var buf bytes.Buffer
	f.Write(&buf)
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for name, rename := range map[string]func(string) string{
		"lower-case content types": func(n string) string {
			if n == "[Content_Types].xml" {
				return "[content_types].xml"
			}
			return n
		},
		"backslashes": func(n string) string { return strings.ReplaceAll(n, "/", `\`) },
	} {
		t.Run(name, func(t *testing.T) {
			odd, _ := repack(zr, func(n string) (string, bool) { return rename(n), true })
			x, err := OpenWorkbook(odd)
			if err != nil {
				t.Fatalf("%v", err)
			}
			defer x.Close()
			if v, _ := x.GetCellValue("Sheet1", "A1"); v != "填报单位" {
				t.Errorf("A1 = %q", v)
			}
		})
	}
}

// TestOpenWorkbookNeedlessParts: a real Excel 2010 workbook whose unused
// thumbnail is an empty part stored as Deflate with no bytes at all — the
// zip reader answers “unexpected EOF” and excelize with it — and one with
// a calculation chain naming a sheet that is gone, open all the same.
func TestOpenWorkbookNeedlessParts(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "填报单位")
	var buf bytes.Buffer
	f.Write(&buf)
	with := func(add func(zw *zip.Writer)) []byte {
		zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		for _, f := range zr.File {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		}
		add(zw)
		zw.Close()
		return out.Bytes()
	}
	for name, data := range map[string][]byte{
		"empty deflated thumbnail": with(func(zw *zip.Writer) {
			zw.CreateRaw(&zip.FileHeader{Name: "docProps/thumbnail.jpeg", Method: zip.Deflate})
		}),
		"stale calcChain": with(func(zw *zip.Writer) {
			w, _ := zw.Create("xl/calcChain.xml")
			w.Write([]byte(`<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A1" i="9"/><broken`))
		}),
	} {
		t.Run(name, func(t *testing.T) {
			x, err := OpenWorkbook(data)
			if err != nil {
				t.Fatalf("%v", err)
			}
			defer x.Close()
			if v, _ := x.GetCellValue("Sheet1", "A1"); v != "填报单位" {
				t.Errorf("A1 = %q", v)
			}
		})
	}
	// Without the second try, excelize refuses the first: the test is of
	// something real.
	thumb := with(func(zw *zip.Writer) {
		zw.CreateRaw(&zip.FileHeader{Name: "docProps/thumbnail.jpeg", Method: zip.Deflate})
	})
	if x, err := openExcelize(thumb); err == nil {
		x.Close()
		t.Error("excelize opened the empty deflated part itself: the retry is no longer needed")
	}
}
