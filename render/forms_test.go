package render

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dbzx/templates"
)

// TestFormsWritesEveryBlankForm defends `dbzx forms`: one file per form
// under the Chinese name the notice uses, each a readable package that
// names its form, into a folder created as needed, with no temporary file
// left behind.
func TestFormsWritesEveryBlankForm(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	set := embeddedForms(t)
	dir := filepath.Join(t.TempDir(), "空白表单", "2022")
	out, err := Forms(set, templates.StageApply, cfg, dir)
	if err != nil {
		t.Fatalf("Forms: %v", err)
	}
	want := map[string]string{
		"附件5-标杆院部申报书.docx":     "benchmark_college",
		"附件6-样板党支部申报书.docx":    "model_branch",
		"附件7-双带头人工作室申报书.docx":  "double_leader_studio",
		"附件8-基层党建创新项目申报表.docx": "innovation_project",
		"附件9-申报汇总表.xlsx":       "summary",
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if strings.HasSuffix(e.Name(), ".tmp") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	sort.Strings(names)
	var wantNames []string
	for n := range want {
		wantNames = append(wantNames, n)
	}
	sort.Strings(wantNames)
	if strings.Join(names, "\n") != strings.Join(wantNames, "\n") {
		t.Errorf("folder holds\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(wantNames, "\n"))
	}

	if len(out) != len(want) {
		t.Fatalf("Forms reported %d outputs, want %d", len(out), len(want))
	}
	for _, o := range out {
		name := filepath.Base(o.Path)
		t.Run(name, func(t *testing.T) {
			if filepath.Dir(o.Path) != dir || want[name] != o.Form {
				t.Errorf("output %+v, want form %s in %s", o, want[name], dir)
			}
			f, ok := set.Find(o.Form)
			if !ok || f.Code != o.Code {
				t.Errorf("output code %s does not match form %s", o.Code, o.Form)
			}
			data, err := os.ReadFile(o.Path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(name, ".xlsx") {
				x, err := excelize.OpenFile(o.Path)
				if err != nil {
					t.Fatalf("excelize: %v", err)
				}
				defer x.Close()
				props, err := x.GetCustomProps()
				if err != nil {
					t.Fatal(err)
				}
				var form any
				for _, p := range props {
					if p.Name == PropForm {
						form = p.Value
					}
				}
				if form != o.Form {
					t.Errorf("%s = %v, want %s", PropForm, form, o.Form)
				}
				return
			}
			if got := customProps(t, unzip(t, data))[PropForm]; got != o.Form {
				t.Errorf("%s = %q, want %s", PropForm, got, o.Form)
			}
		})
	}

	// A second run over the same folder replaces the files in place.
	if _, err := Forms(set, templates.StageApply, cfg, dir); err != nil {
		t.Fatalf("second Forms: %v", err)
	}
	again, _ := os.ReadDir(dir)
	if len(again) != len(want) {
		t.Errorf("after a second run the folder holds %d entries, want %d", len(again), len(want))
	}
}

// TestWriteFileAtomicLeavesNoTemp defends the rename-into-place write: the
// file has the new content, and a failed write leaves neither a
// half-written file nor its temporary.
func TestWriteFileAtomicLeavesNoTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "附件.docx")
	for _, content := range []string{"first", "second"} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("file = %q, %v; want %q", got, err, content)
		}
	}
	// A folder in the way of the rename makes it fail.
	blocked := filepath.Join(dir, "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(blocked, []byte("data")); err == nil || !strings.Contains(err.Error(), blocked) {
		t.Errorf("write over a folder = %v, want an error naming it", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	if len(entries) != 2 {
		t.Errorf("folder holds %d entries, want the file and the folder", len(entries))
	}
}
