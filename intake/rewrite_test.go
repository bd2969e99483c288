package intake

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"dbzx/internal/testutil"
	"dbzx/sample"
)

var (
	reTag   = regexp.MustCompile(`<w:tag w:val="[^"]*"/>`)
	reAlias = regexp.MustCompile(`<w:alias w:val="[^"]*"/>`)
)

// TestTagsAndAliasesDropped: LibreOffice drops every w:tag and w:alias on
// re-save; the label cells still give every value back.
func TestTagsAndAliasesDropped(t *testing.T) {
	t.Parallel()
	_, _, x := testEnv(t)
	for _, id := range []string{"benchmark_college", "model_branch", "double_leader_studio", "innovation_project"} {
		t.Run(id, func(t *testing.T) {
			s, data := filledSample(t, 11, id)
			data = testutil.RewriteDocx(t, data, func(doc string) string {
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
	t.Parallel()
	_, _, x := testEnv(t)
	s, data := filledSample(t, 3, "model_branch")
	noProps := testutil.RewriteDocx(t, data, nil, "docProps/custom.xml", "docProps/core.xml")
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
	noTitle := testutil.RewriteDocx(t, noProps, func(doc string) string {
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

// filledSample is a sample return of formID written as a .docx.
func filledSample(t testing.TB, seed uint64, formID string) (*sample.Return, []byte) {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	r, data, err := sample.FilledDocx(forms, cfg, seed, formID)
	if err != nil {
		t.Fatal(err)
	}
	return r, data
}
