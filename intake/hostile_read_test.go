package intake

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dbzx/internal/ooxml"
	"dbzx/internal/testutil"
)

// TestFragmentedTextLinear: text cut into 400 000 pieces by comments (5 KB
// zipped) is read in linear time; it took 22 s and 77 GB of allocations
// when each piece was appended to a string.
func TestFragmentedTextLinear(t *testing.T) {
	_, data := filledSample(t, 206, "innovation_project")
	doc := testutil.RewriteDocx(t, data, testutil.BodyInsert(testutil.FragmentedText(400000)))
	var d *ooxml.Document
	var err error
	testutil.Measured(t, func() { d, err = ooxml.ReadDocx(bytes.NewReader(doc), int64(len(doc))) })
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Blocks[0].Para.Text; got != strings.Repeat("碎", 400000) {
		t.Errorf("fragmented text read as %d runes", len([]rune(got)))
	}
}

// TestSummarySheetBombRejected: summary workbooks that would make the
// reader allocate or compute without bound are refused within the
// budgets: more cells holding values than a summary ever has, 300 000
// merged ranges (excelize compares them pairwise), a part inflating to
// 200 MiB. A stray cell at XFD1048576 (a grid of billions of cells from
// A1) is no reason to refuse: only cells that exist count, and the table
// is read.
func TestSummarySheetBombRejected(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the million-cell sheets run in the full suite")
	}
	form, cfg, _ := summaryEnv(t)
	for _, c := range []struct {
		name   string
		data   []byte
		reason string
	}{
		{"dense", testutil.RawXlsx(t, denseSheet(1100, 250)), "单元格"},
		{"merge-flood", testutil.RawXlsx(t, testutil.MergeFloodSheet(300000)), "合并单元格"},
		{"inflate", testutil.InflateBombXlsx(t, 200), "压缩炸弹"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if testing.Short() && c.name != "inflate" {
				t.Skip("seconds of work at the budget: go test without -short runs it")
			}
			var err error
			testutil.Measured(t, func() { _, err = ReadSummary(c.data, form, cfg.CategoryNames()) })
			if err == nil || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("%d-byte workbook: %v, want an error with %q", len(c.data), err, c.reason)
			}
		})
	}
	var err error
	testutil.Measured(t, func() { _, err = ReadSummary(testutil.RawXlsx(t, testutil.StrayCellSheet), form, cfg.CategoryNames()) })
	if err != nil {
		t.Errorf("a summary with a stray cell at XFD1048576: %v, want it read", err)
	}
	// At the limits, a sheet is still read.
	ok := testutil.RawXlsx(t, testutil.MergeFloodSheet(ooxml.MaxMergeCells))
	if _, err := ReadSummary(ok, form, cfg.CategoryNames()); err != nil {
		t.Errorf("%d merged ranges: %v", ooxml.MaxMergeCells, err)
	}
}

// denseSheet is a summary header and rows × cols cells holding values.
func denseSheet(rows, cols int) func(w io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<sheetData>`+testutil.SummaryHeaderRow)
		for r := 2; r <= rows+1; r++ {
			fmt.Fprintf(w, `<row r="%d">`, r)
			for c := 1; c <= cols; c++ {
				name, _ := excelize.CoordinatesToCellName(c, r)
				fmt.Fprintf(w, `<c r="%s"><v>1</v></c>`, name)
			}
			io.WriteString(w, `</row>`)
		}
		io.WriteString(w, `</sheetData>`)
	}
}

// TestFloodedSheetBesideSummary: a real workbook may carry a sheet with
// more than MaxMergeCells merged ranges (a timetable) beside its 附件9;
// the summary is read and the flooded sheet's merges are never asked for.
func TestFloodedSheetBesideSummary(t *testing.T) {
	form, cfg, _ := summaryEnv(t)
	base := filledSummary(t, form, cfg)
	var flood strings.Builder
	flood.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/><mergeCells>`)
	for i := range ooxml.MaxMergeCells + 500 {
		fmt.Fprintf(&flood, `<mergeCell ref="A%d:B%d"/>`, i+1, i+1)
	}
	flood.WriteString(`</mergeCells></worksheet>`)
	data := testutil.Repack(t, base, func(name string, b []byte) (string, []byte, bool) {
		switch name {
		case "xl/workbook.xml":
			b = []byte(strings.Replace(string(b), "</sheets>", `<sheet name="排课表" sheetId="99" r:id="rIdFlood"/></sheets>`, 1))
		case "xl/_rels/workbook.xml.rels":
			b = []byte(strings.Replace(string(b), "</Relationships>", `<Relationship Id="rIdFlood" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/flood.xml"/></Relationships>`, 1))
		case "[Content_Types].xml":
			b = []byte(strings.Replace(string(b), "</Types>", `<Override PartName="/xl/worksheets/flood.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`, 1))
		}
		return name, b, true
	})
	data = testutil.AddPart(t, data, "xl/worksheets/flood.xml", []byte(flood.String()))
	if got := ooxml.FloodedSheets(data); !got["排课表"] || len(got) != 1 {
		t.Fatalf("flooded sheets %v, want 排课表", got)
	}
	var s *Summary
	var err error
	testutil.Measured(t, func() { s, err = ReadSummary(data, form, cfg.CategoryNames()) })
	if err != nil {
		t.Fatalf("a summary beside a flooded sheet: %v", err)
	}
	checkSummary(t, s, wantFilled())
}
