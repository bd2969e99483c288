package sample_test

import (
	"slices"
	"testing"

	"dbzx/config"
	"dbzx/sample"
	"dbzx/templates"
)

// TestRequiredIfFilled: a sample return never leaves empty a field that
// an earlier answer made required (变动说明 after 有调整), on every form
// of every stage, while other optional fields are sometimes blank.
func TestRequiredIfFilled(t *testing.T) {
	forms, err := templates.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	conditional := 0
	for seed := uint64(1); seed <= 40; seed++ {
		g := sample.New(forms, cfg, seed)
		for _, form := range forms.Forms {
			if form.Format != "docx" {
				continue
			}
			r := g.Return(form, 1)
			for _, f := range form.Fields() {
				on, values := f.RequiredWhen()
				if on == "" || !slices.Contains(values, r.Values.Text[on]) {
					continue
				}
				conditional++
				if r.Values.Text[f.ID] == "" {
					t.Errorf("seed %d, %s: %s is %q but %s is empty", seed, form.ID, on, r.Values.Text[on], f.ID)
				}
			}
		}
	}
	if conditional == 0 {
		t.Error("no sample made a conditional field required: the test tests nothing")
	}
}
