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
