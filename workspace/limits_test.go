package workspace

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"dbzx/intake"
)

// TestConfiguredLimitsRejectFile: limits from the configuration reject the
// file that exceeds them, with the reason, and the batch goes on.
func TestConfiguredLimitsRejectFile(t *testing.T) {
	t.Parallel()
	forms, cfg, _ := testEnv(t)
	_, data := filledSample(t, 21, "innovation_project")
	cases := []struct {
		name   string
		set    func()
		reason string
	}{
		{"table rows", func() { cfg.Limits.TableRows = 1 }, "超过 1 行的限制"},
		{"field chars", func() { cfg.Limits.FieldChars = 10 }, "超过 10 字的限制"},
		{"file size within the limit", func() { cfg.Limits.FileMB = 1 }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, cfg0, _ := testEnv(t)
			cfg = cfg0
			c.set()
			in := t.TempDir()
			writeFile(t, filepath.Join(in, "a.docx"), data)
			w, reg := newWorkspace(t)
			res, err := run(context.Background(), w, reg, Options{Forms: forms, Cfg: cfg}, []string{in})
			if err != nil {
				t.Fatal(err)
			}
			o := outcomeByName(res, "a.docx")
			if c.reason == "" {
				if o.Status != intake.StatusParsed {
					t.Errorf("within the limit: %s %s", o.Status, o.Reason)
				}
				return
			}
			if o.Status != intake.StatusRejected || !strings.Contains(o.Reason, c.reason) {
				t.Errorf("%s %q, want rejected with %q", o.Status, o.Reason, c.reason)
			}
		})
	}
}

// TestOddCharactersFlagged: a name carrying a right-to-left override or a
// zero-width space is flagged; a clean name is not.
func TestOddCharactersFlagged(t *testing.T) {
	t.Parallel()
	forms, cfg, x := testEnv(t)
	form, _ := forms.Find("model_branch")
	for _, c := range []struct {
		name string
		odd  bool
	}{{"铁道工程学院第一党支部", false}, {"铁道工程\u202e学院第一党支部", true}, {"铁道\u200b工程学院", true}} {
		s, data := filledSample(t, 3, "model_branch")
		_ = s
		ret, err := x.Extract(bytesReader(data), int64(len(data)), "a.docx")
		if err != nil {
			t.Fatal(err)
		}
		ret.Value("branch_name").Raw = c.name
		fs := intake.CheckApplication(&intake.Subject{Return: ret, Form: form, Cfg: cfg})
		got := false
		for _, f := range fs {
			if f.Rule == "odd-chars" {
				got = true
				if !strings.Contains(f.Message, "党支部名称") {
					t.Errorf("message does not name the field: %s", f.Message)
				}
			}
		}
		if got != c.odd {
			t.Errorf("%q: flagged %v, want %v", c.name, got, c.odd)
		}
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
