package render

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestIntakeReportPrints: every sheet of the intake report prints
// landscape, one page wide, its header repeated, with a filter on the
// header row — the stream writer used to drop all of it.
func TestIntakeReportPrints(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "intake-report.xlsx")
	r := &IntakeReport{Title: "受理报告",
		Applications: []ReportApplication{{Category: "党建工作样板党支部", Unit: "机车车辆学院党总支", Name: "第一党支部", Leader: "张三", Contact: "李四", Phone: "13800000000", Current: 2, Versions: 2}},
		Findings:     []ReportFinding{{Unit: "机车车辆学院党总支", Name: "第一党支部", File: "a.docx", Label: "成立时间", Severity: "error", Message: "不满1年"}},
		Files:        []ReportFile{{Name: "a.docx", Origin: "/收到/a.docx", Status: "parsed", Received: "2022-11-23 17:00", Size: 10}},
	}
	if err := WriteIntakeReport(path, r); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	sheets := 0
	var workbook string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch {
		case f.Name == "xl/workbook.xml":
			workbook = string(b)
		case strings.HasPrefix(f.Name, "xl/worksheets/sheet"):
			sheets++
			x := string(b)
			for _, want := range []string{`orientation="landscape"`, `fitToWidth="1"`, `fitToPage="true"`, `<autoFilter ref=`} {
				if !strings.Contains(x, want) {
					t.Errorf("%s lacks %s", f.Name, want)
				}
			}
			if !strings.Contains(x, "<sheetData>") || strings.Count(x, "<row ") < 2 {
				t.Errorf("%s lost its rows", f.Name)
			}
		}
	}
	if sheets != 3 || strings.Count(workbook, "_xlnm.Print_Titles") != 3 {
		t.Errorf("%d sheets, print titles in the workbook: %d", sheets, strings.Count(workbook, "_xlnm.Print_Titles"))
	}
}
