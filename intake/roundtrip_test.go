package intake

import (
	"bytes"
	"testing"

	"dbzx/config"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

func testEnv(t testing.TB) (*templates.Set, *config.Config, *Extractor) {
	t.Helper()
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	forms, err := templates.Load("") // the built-in forms, parsed once a process
	if err != nil {
		t.Fatal(err)
	}
	return forms, cfg, &Extractor{Forms: forms, Categories: cfg.CategoryNames()}
}

// compareReturn checks every expected value of a sample against what was
// extracted, and reports the field and both values when they differ.
func compareReturn(t *testing.T, want *sample.Return, got *Return, wantSource string) {
	t.Helper()
	if got.FormID != want.Form {
		t.Fatalf("%s: form %q, want %q", want.File, got.FormID, want.Form)
	}
	form := got.Form
	for _, f := range form.Fields() {
		if f.Type == templates.Table {
			tv := got.Table(f.ID)
			exp := want.Tables[f.ID]
			if tv == nil || len(tv.Rows) != len(exp) {
				n := -1
				if tv != nil {
					n = len(tv.Rows)
				}
				t.Errorf("%s: table %s has %d rows, want %d", want.File, f.ID, n, len(exp))
				continue
			}
			for r, row := range exp {
				for c, cell := range row {
					if g := tv.Rows[r][c]; g.Norm != cell {
						t.Errorf("%s: table %s row %d column %s = %q (raw %q, %s), want %q",
							want.File, f.ID, r+1, f.Columns[c].ID, g.Norm, g.Raw, g.Problem, cell)
					}
				}
			}
			continue
		}
		v := got.Value(f.ID)
		if v == nil {
			t.Errorf("%s: field %s missing", want.File, f.ID)
			continue
		}
		exp, filled := want.Expect[f.ID]
		if !filled {
			if !v.Empty() {
				t.Errorf("%s: field %s left blank but read %q", want.File, f.ID, v.Raw)
			}
			continue
		}
		if v.Norm != exp {
			t.Errorf("%s: field %s (%s) = %q (raw %q, problem %q, source %s), want %q",
				want.File, f.ID, f.Label, v.Norm, v.Raw, v.Problem, v.Source, exp)
		}
		if wantSource != "" && v.Source != wantSource {
			t.Errorf("%s: field %s found by %s, want %s", want.File, f.ID, v.Source, wantSource)
		}
	}
}

// TestStageRoundTrip: every variant of the later stages' forms, filled by
// our writer with sample values (the read-only echoes and seeded rows as
// dbzx writes them), reads back field by field and names its object.
func TestStageRoundTrip(t *testing.T) {
	t.Parallel()
	forms, cfg, x := testEnv(t)
	gen := sample.New(forms, cfg, 9)
	n := 0
	for _, form := range forms.Forms {
		if !form.IsStage() {
			continue
		}
		n++
		t.Run(form.ID, func(t *testing.T) {
			s := gen.Return(form, n)
			var buf bytes.Buffer
			if err := render.WriteObjectDocx(&buf, form, cfg, s.Values, "42"); err != nil {
				t.Fatal(err)
			}
			got, err := x.Extract(bytes.NewReader(buf.Bytes()), int64(buf.Len()), s.File)
			if err != nil {
				t.Fatal(err)
			}
			if got.FormID != form.ID || got.Object != "42" {
				t.Errorf("read as %s for object %q, want %s for 42", got.FormID, got.Object, form.ID)
			}
			compareReturn(t, s, got, SourceTag)
		})
	}
	if n != 8 {
		t.Errorf("%d stage forms, want 8 (附表1 and 附表2 for four categories)", n)
	}
}

// TestRoundTrip: blank form → filled by our writer with sample values →
// extracted: every value comes back, for all four forms.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	forms, cfg, x := testEnv(t)
	gen := sample.New(forms, cfg, 7)
	for _, s := range gen.Returns(12) {
		t.Run(s.File, func(t *testing.T) {
			form, _ := forms.Find(s.Form)
			var buf bytes.Buffer
			if err := render.WriteDocx(&buf, form, cfg, s.Values); err != nil {
				t.Fatal(err)
			}
			got, err := x.Extract(bytes.NewReader(buf.Bytes()), int64(buf.Len()), s.File)
			if err != nil {
				t.Fatal(err)
			}
			if got.RecognisedBy != ByProperty {
				t.Errorf("recognised by %s, want property", got.RecognisedBy)
			}
			compareReturn(t, s, got, SourceTag)
		})
	}
}

// TestBlankFormReadsEmpty: a blank form's placeholder prompts are not values.
func TestBlankFormReadsEmpty(t *testing.T) {
	t.Parallel()
	forms, cfg, x := testEnv(t)
	for _, form := range forms.Forms {
		if form.Format != templates.FormatDocx {
			continue
		}
		var buf bytes.Buffer
		if err := render.WriteDocx(&buf, form, cfg, nil); err != nil {
			t.Fatal(err)
		}
		got, err := x.Extract(bytes.NewReader(buf.Bytes()), int64(buf.Len()), form.FileName())
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range got.Values {
			if !v.Empty() || v.Source != SourceTag {
				t.Errorf("%s: %s read %q (checked %v) by %q, want empty by tag", form.ID, v.Field, v.Raw, v.Checked, v.Source)
			}
		}
		for _, tv := range got.Tables {
			if len(tv.Rows) != 0 || tv.Source != SourceTag {
				t.Errorf("%s: table %s has %d rows by %q, want 0 by tag", form.ID, tv.Field, len(tv.Rows), tv.Source)
			}
		}
	}
}
