package sample

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"dbzx/config"
	"dbzx/render"
	"dbzx/templates"
)

// BatchFile is one file of a sample batch and what intake should make of it.
type BatchFile struct {
	Path   string `json:"path"`   // relative to the batch folder
	Expect string `json:"expect"` // parsed, rejected, attachment, bundle, duplicate
	Note   string `json:"note"`
	// Twin is the file with the same bytes: whichever intake meets first
	// is parsed, the other is the duplicate.
	Twin string `json:"twin,omitempty"`
}

// Batch writes a folder as the clerk receives it: one subfolder per
// department with its returns, its 附件9 summary and a scanned PDF; one
// department's returns as a zip bundle with GBK-encoded names (a Windows
// zip tool); a resubmission of one application, saved later; the same
// file sent twice; and a damaged file. It returns the files with what
// intake should make of each.
func Batch(dir string, forms *templates.Set, cfg *config.Config, seed uint64, count int) ([]BatchFile, error) {
	g := New(forms, cfg, seed)
	rets := g.Returns(count)
	var files []BatchFile
	add := func(rel string, data []byte, mod time.Time, expect, note string) error {
		full := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
		files = append(files, BatchFile{Path: filepath.ToSlash(rel), Expect: expect, Note: note})
		return os.Chtimes(full, mod, mod)
	}
	base := time.Date(2022, 11, 20, 9, 0, 0, 0, time.Local)
	byUnit := map[string][]*Return{}
	var units []string
	for _, r := range rets {
		if byUnit[r.Unit] == nil {
			units = append(units, r.Unit)
		}
		byUnit[r.Unit] = append(byUnit[r.Unit], r)
	}
	bundled := units[len(units)-1] // this department sends a zip bundle
	for ui, unit := range units {
		var entries []zipEntry
		for i, r := range byUnit[unit] {
			data, err := renderReturn(forms, cfg, r)
			if err != nil {
				return nil, err
			}
			mod := base.Add(time.Duration(ui*10+i) * time.Minute)
			name := fmt.Sprintf("%02d-%s-%s.docx", i+1, r.Name, formShort(forms, r.Form))
			if unit == bundled {
				entries = append(entries, zipEntry{name, data})
				continue
			}
			if err := add(filepath.Join(unit, name), data, mod, "parsed", "申报书"); err != nil {
				return nil, err
			}
		}
		sum, err := summarySheet(forms, cfg, unit, byUnit[unit])
		if err != nil {
			return nil, err
		}
		if unit == bundled {
			entries = append(entries, zipEntry{"附件9-申报汇总表.xlsx", sum}, zipEntry{"支撑材料/荣誉证书扫描件.pdf", tinyPDF(unit)})
			zipped, err := gbkZip(entries)
			if err != nil {
				return nil, err
			}
			if err := add(unit+".zip", zipped, base, "bundle", "压缩包（GBK 文件名，Windows 压缩软件）"); err != nil {
				return nil, err
			}
			continue
		}
		if err := add(filepath.Join(unit, "附件9-申报汇总表.xlsx"), sum, base, "parsed", "申报汇总表"); err != nil {
			return nil, err
		}
		if err := add(filepath.Join(unit, "支撑材料-表彰文件.pdf"), tinyPDF(unit), base, "attachment", "支撑材料"); err != nil {
			return nil, err
		}
	}
	// A resubmission: the first department's first application again,
	// corrected and saved a day later.
	first := byUnit[units[0]][0]
	again := *first
	again.Values = cloneValues(first.Values)
	for id := range again.Values.Text {
		if f := mustForm(forms, first.Form).Field(id); f != nil && f.Type == templates.LongText {
			again.Values.Text[id] += "（修改稿补充：进一步细化了建设举措。）"
			break
		}
	}
	data, err := renderReturn(forms, cfg, &again)
	if err != nil {
		return nil, err
	}
	resub := filepath.Join(units[0], fmt.Sprintf("01-%s-%s（修改稿）.docx", first.Name, formShort(forms, first.Form)))
	if err := add(resub, data, base.Add(24*time.Hour), "parsed", "修改稿：同一申报的第2版"); err != nil {
		return nil, err
	}
	// The same file sent twice, by e-mail and by WeChat.
	twinUnit := units[1%len(units)]
	twin := byUnit[twinUnit][0]
	orig, err := renderReturn(forms, cfg, twin)
	if err != nil {
		return nil, err
	}
	if err := add(filepath.Join("微信接收", "重复发送的申报书.docx"), orig, base, "duplicate", "与文件夹中的一份完全相同"); err != nil {
		return nil, err
	}
	twinPath := filepath.ToSlash(filepath.Join(twinUnit, fmt.Sprintf("01-%s-%s.docx", twin.Name, formShort(forms, twin.Form))))
	if twinUnit == bundled {
		twinPath = twinUnit + ".zip"
	}
	files[len(files)-1].Twin = twinPath
	for i := range files {
		if files[i].Path == twinPath {
			files[i].Twin = files[len(files)-1].Path
		}
	}
	// A damaged file: a download cut short.
	if err := add(filepath.Join("微信接收", "传输中断的申报书.docx"), orig[:len(orig)/3], base, "rejected", "文件不完整"); err != nil {
		return nil, err
	}
	return files, nil
}

type zipEntry struct {
	name string
	data []byte
}

// gbkZip writes a zip as Chinese Windows tools do: names in GBK, the UTF-8
// flag clear.
func gbkZip(entries []zipEntry) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	enc := simplifiedchinese.GBK.NewEncoder()
	for _, e := range entries {
		name, err := enc.String(e.name)
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, NonUTF8: true,
			Modified: time.Date(2022, 11, 21, 10, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	err := zw.Close()
	return buf.Bytes(), err
}

func renderReturn(forms *templates.Set, cfg *config.Config, r *Return) ([]byte, error) {
	var buf bytes.Buffer
	err := render.WriteDocx(&buf, mustForm(forms, r.Form), cfg, r.Values)
	return buf.Bytes(), err
}

func mustForm(forms *templates.Set, id string) *templates.Form {
	f, ok := forms.Find(id)
	if !ok {
		panic("sample: no form " + id)
	}
	return f
}

func formShort(forms *templates.Set, id string) string { return mustForm(forms, id).ShortTitle }

func cloneValues(v *render.Values) *render.Values {
	c := &render.Values{Text: map[string]string{}, Checked: v.Checked, Rows: v.Rows, Dates: v.Dates}
	for k, s := range v.Text {
		c.Text[k] = s
	}
	return c
}

// summarySheet fills the blank 附件9 with a department's applications, as
// its clerk would.
func summarySheet(forms *templates.Set, cfg *config.Config, unit string, rets []*Return) ([]byte, error) {
	form, ok := forms.Find("summary")
	if !ok {
		return nil, fmt.Errorf("sample: no summary form")
	}
	var blank bytes.Buffer
	if err := render.WriteXlsx(&blank, form, cfg); err != nil {
		return nil, err
	}
	x, err := excelize.OpenReader(&blank)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	sheet := form.ShortTitle
	set := func(cell string, v any) {
		if err == nil {
			err = x.SetCellValue(sheet, cell, v)
		}
	}
	set("C2", unit)
	set("F2", "李明")
	set("H2", "0371-68812345")
	set("C3", time.Date(2022, 11, 21, 0, 0, 0, 0, time.UTC))
	for i, r := range rets {
		row := 5 + i
		cat, _ := cfg.Category(mustForm(forms, r.Form).Category)
		set(fmt.Sprintf("B%d", row), cat.Name)
		set(fmt.Sprintf("C%d", row), r.Name)
		set(fmt.Sprintf("D%d", row), r.Unit)
		who := mustForm(forms, r.Form).Who()
		set(fmt.Sprintf("E%d", row), r.Expect[who.Leader])
		set(fmt.Sprintf("F%d", row), r.Expect[who.Phone])
		set(fmt.Sprintf("G%d", row), "否")
	}
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err = x.Write(&out)
	return out.Bytes(), err
}

// tinyPDF is a one-page PDF standing in for a scanned certificate.
func tinyPDF(title string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		"<< /Length 44 >>\nstream\n0.9 0.2 0.2 rg 100 500 395 200 re f\nendstream",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n% " + title + "\n") // each department's scan differs
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}
