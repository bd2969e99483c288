package workspace

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signintech/gopdf"
	"github.com/xuri/excelize/v2"

	"dbzx/intake"
	"dbzx/internal/testutil"
	"dbzx/sample"
)

// plainDocx is a Word document that is none of the forms.
func plainDocx(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

// TestOfficeSupportingMaterial: a Word document or workbook that is none
// of the forms is supporting material, placed in the dossier as the PDF
// LibreOffice makes of it (made once, kept beside the archive); without
// LibreOffice the dossier says so in Chinese and is still whole. A .xls
// 附件9 is converted and read like the .xlsx.
func TestOfficeSupportingMaterial(t *testing.T) {
	t.Parallel()
	_, form := filledSample(t, 17, "model_branch")
	in := t.TempDir()
	unit := filepath.Join(in, "机车车辆学院党总支")
	writeFile(t, filepath.Join(unit, "样板党支部申报书.docx"), form)
	writeFile(t, filepath.Join(unit, "支撑材料-工作总结.docx"), plainDocx(t, "支部工作总结"))
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "党员学习积分统计")
	var book bytes.Buffer
	x.Write(&book)
	writeFile(t, filepath.Join(unit, "学习积分.xlsx"), book.Bytes())
	w, reg := newWorkspace(t)
	res := runIntake(t, w, reg, Options{}, in)
	for _, name := range []string{"支撑材料-工作总结.docx", "学习积分.xlsx"} {
		if o := outcomeByName(res, name); o == nil || o.Status != intake.StatusAttachment || o.Reason != intake.OfficeAttachment {
			t.Errorf("%s: %+v, want supporting material", name, o)
		}
	}

	// Without LibreOffice: a notice in place of each, the dossier whole.
	w.office = &office{}
	outs, err := w.Dossiers(DossierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs[0].Warnings) != 2 || !strings.Contains(outs[0].Warnings[0], "LibreOffice") {
		t.Errorf("without LibreOffice: warnings %q", outs[0].Warnings)
	}
	// With it: converted once, placed as PDF pages.
	calls := 0
	w.office = &office{ToPDF: func(ctx context.Context, data []byte, name string) ([]byte, error) {
		calls++
		return onePagePDF(t), nil
	}}
	for range 2 {
		outs, err = w.Dossiers(DossierOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(outs[0].Warnings) != 0 {
			t.Errorf("with LibreOffice: warnings %q", outs[0].Warnings)
		}
	}
	if calls != 2 {
		t.Errorf("%d conversions for two documents over two dossier runs, want 2 (made once, kept)", calls)
	}
	derived, _ := os.ReadDir(filepath.Join(w.ArchiveDir(), "derived"))
	if len(derived) != 2 {
		t.Errorf("%d derived PDFs", len(derived))
	}
}

// onePagePDF is a PDF as LibreOffice returns one: a blank A4 page.
func onePagePDF(t *testing.T) []byte {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	pdf.AddPage()
	pdf.Line(50, 50, 200, 200)
	b, err := pdf.GetBytesPdfReturnErr()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLegacySummaryConverted: a 附件9 saved as .xls (or WPS .et) is
// converted and read like the .xlsx; without LibreOffice it is refused
// with the remedy, and read on a later run that can convert it.
func TestLegacySummaryConverted(t *testing.T) {
	t.Parallel()
	forms, cfg, _ := testEnv(t)
	src := t.TempDir()
	if _, err := sample.Batch(src, forms, cfg, 5, 4); err != nil {
		t.Fatal(err)
	}
	sums, _ := filepath.Glob(filepath.Join(src, "*", "附件9-申报汇总表.xlsx"))
	if len(sums) == 0 {
		t.Fatal("no sample summary")
	}
	xlsx, _ := os.ReadFile(sums[0])
	in := t.TempDir()
	writeFile(t, filepath.Join(in, "单位", "附件9-申报汇总表.xls"), testutil.OleWith("Workbook"))
	w, reg := newWorkspace(t)
	first := runIntake(t, w, reg, Options{}, in)
	if o := outcomeByName(first, "附件9-申报汇总表.xls"); o == nil || o.Status != intake.StatusRejected || !strings.Contains(o.Reason, "另存为 .xlsx") {
		t.Fatalf("without LibreOffice: %+v", o)
	}
	conv := func(ctx context.Context, data []byte, name string) ([]byte, error) { return xlsx, nil }
	res, err := w.Intake(context.Background(), []string{in}, IntakeOptions{Convert: conv, ConvertSheet: conv})
	if err != nil {
		t.Fatal(err)
	}
	if o := outcomeByName(res, "附件9-申报汇总表.xls"); o == nil || o.Status != intake.StatusParsed || !strings.Contains(o.Reason, "转换后读取") {
		t.Errorf("with LibreOffice: %+v", o)
	}
}
