package intake

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"dbzx/render"
	"dbzx/sample"
)

// rewriteDocx returns a copy of a .docx with document.xml passed through
// edit, and with the parts named in drop left out: how tests build the
// damage real clients do, from our own forms.
func rewriteDocx(t testing.TB, data []byte, edit func(string) string, drop ...string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		skip := false
		for _, d := range drop {
			if f.Name == d {
				skip = true
			}
		}
		if skip {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" && edit != nil {
			b = []byte(edit(string(b)))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return out.Bytes()
}

func filledSample(t testing.TB, seed uint64, formID string) (*sample.Return, []byte) {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	form, _ := forms.Find(formID)
	s := sample.New(forms, cfg, seed).Return(form, 1)
	var buf bytes.Buffer
	if err := render.WriteDocx(&buf, form, cfg, s.Values); err != nil {
		t.Fatal(err)
	}
	return s, buf.Bytes()
}

var (
	reTag   = regexp.MustCompile(`<w:tag w:val="[^"]*"/>`)
	reAlias = regexp.MustCompile(`<w:alias w:val="[^"]*"/>`)
)

// TestTagsAndAliasesDropped: LibreOffice drops every w:tag and w:alias on
// re-save; the label cells still give every value back.
func TestTagsAndAliasesDropped(t *testing.T) {
	_, _, x := testEnv(t)
	for _, id := range []string{"benchmark_college", "model_branch", "double_leader_studio", "innovation_project"} {
		t.Run(id, func(t *testing.T) {
			s, data := filledSample(t, 11, id)
			data = rewriteDocx(t, data, func(doc string) string {
				return reAlias.ReplaceAllString(reTag.ReplaceAllString(doc, ""), "")
			})
			got, err := x.Extract(bytes.NewReader(data), int64(len(data)), s.File)
			if err != nil {
				t.Fatal(err)
			}
			compareReturn(t, s, got, SourceLabel)
		})
	}
}

// TestPropertiesDropped: without custom properties the form is known by
// its title; without the title too, by its labels.
func TestPropertiesDropped(t *testing.T) {
	_, _, x := testEnv(t)
	s, data := filledSample(t, 3, "model_branch")
	noProps := rewriteDocx(t, data, nil, "docProps/custom.xml", "docProps/core.xml")
	got, err := x.Extract(bytes.NewReader(noProps), int64(len(noProps)), s.File)
	if err != nil {
		t.Fatal(err)
	}
	if got.RecognisedBy != ByTitle || got.FormID != "model_branch" {
		t.Errorf("recognised %s by %s, want model_branch by title", got.FormID, got.RecognisedBy)
	}
	if len(got.Warnings) == 0 {
		t.Error("no warning that the version is unknown")
	}
	compareReturn(t, s, got, "")
	noTitle := rewriteDocx(t, noProps, func(doc string) string {
		return strings.ReplaceAll(doc, "党建工作样板党支部申报书", "申报材料")
	})
	got, err = x.Extract(bytes.NewReader(noTitle), int64(len(noTitle)), s.File)
	if err != nil {
		t.Fatal(err)
	}
	if got.RecognisedBy != ByLabels || got.FormID != "model_branch" {
		t.Errorf("recognised %s by %s, want model_branch by labels", got.FormID, got.RecognisedBy)
	}
	compareReturn(t, s, got, "")
}
