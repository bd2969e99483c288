package templates

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbeddedFormsLoadAndCheck defends the built-in specs: a broken one is
// a build defect (Embedded says so), and one file silently replacing another
// by a copied id would drop a form from every generated set.
func TestEmbeddedFormsLoadAndCheck(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatalf("Embedded: %v", err)
	}
	files, err := fs.Glob(embedded, "forms/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := 0 // a spec with variants makes one form per category
	for _, name := range files {
		data, _ := fs.ReadFile(embedded, name)
		f, err := Parse(data, name)
		if err != nil {
			t.Fatal(err)
		}
		want += len(f.expand())
	}
	if len(set.Forms) != want {
		t.Fatalf("Embedded has %d forms, forms/ makes %d: two files share an id", len(set.Forms), want)
	}
	for _, f := range set.Forms {
		t.Run(f.ID, func(t *testing.T) {
			if err := f.Check(); err != nil {
				t.Fatalf("Check: %v", err)
			}
			if !strings.HasPrefix(f.Source, "内置") {
				t.Errorf("Source = %q, want the embedded origin", f.Source)
			}
			if len(f.Fields()) == 0 {
				t.Error("form has no fields")
			}
		})
	}
}

// TestEmbeddedFormsOrderedByCode defends the order every listing and the
// forms folder use: 附件5 … 附件9.
func TestEmbeddedFormsOrderedByCode(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range set.Forms {
		got = append(got, f.Code)
	}
	want := []string{"附件5", "附件6", "附件7", "附件8", "附件9", "附表1", "附表1", "附表1", "附表1", "附表2", "附表2", "附表2", "附表2"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("codes = %v, want %v", got, want)
	}
}

// TestDocxFieldIDsUnique defends the reader: it finds a field by its id
// (the control's tag), so two fields of one form sharing an id would make
// one of them unreadable. Column ids must be unique within their table.
func TestDocxFieldIDsUnique(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range set.Forms {
		if f.Format != FormatDocx {
			continue
		}
		n++
		t.Run(f.ID, func(t *testing.T) {
			seen := map[string]string{}
			for _, fd := range f.Fields() {
				if prev, ok := seen[fd.ID]; ok {
					t.Errorf("field id %s used by %q and %q", fd.ID, prev, fd.Label)
				}
				seen[fd.ID] = fd.Label
				cols := map[string]bool{}
				for _, c := range fd.Columns {
					if cols[c.ID] {
						t.Errorf("table %s: column id %s repeated", fd.ID, c.ID)
					}
					cols[c.ID] = true
				}
			}
		})
	}
	if n != 12 {
		t.Errorf("found %d docx forms, want 12 (附件5–8, 附表1 and 附表2 for each category)", n)
	}
}

// TestLoadUserFolderReplacesAndAdds defends next year's round without Go
// changes: a user's spec replaces the built-in form with the same id (file
// name does not matter) and a new id adds a form, sorted after 附件9.
func TestLoadUserFolderReplacesAndAdds(t *testing.T) {
	orig, err := fs.ReadFile(embedded, "forms/6-model_branch.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const newTitle = "郑州铁路职业技术学院党建工作样板党支部申报书（2023年）"
	modified := strings.Replace(string(orig), "title: 郑州铁路职业技术学院党建工作样板党支部申报书", "title: "+newTitle, 1)
	modified = strings.Replace(modified, `version: "2022.1"`, `version: "2023.1"`, 1)
	if modified == string(orig) || !strings.Contains(modified, "2023.1") || !strings.Contains(modified, newTitle) {
		t.Fatal("test setup: the embedded spec no longer has the lines this test edits")
	}
	const extra = `id: extra_form
code: 附件10
version: "2023.1"
title: 附加表
short_title: 附加表
format: docx
sections:
  - title: 一、情况
    fields:
      - {id: note, label: 说明, type: text}
`
	dir := t.TempDir()
	write(t, filepath.Join(dir, "my-branch.yaml"), modified)
	write(t, filepath.Join(dir, "extra.yml"), extra)
	write(t, filepath.Join(dir, "readme.txt"), "not a spec: ignored")

	set, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var codes []string
	for _, f := range set.StageForms(StageApply) {
		codes = append(codes, f.Code)
	}
	if want := "附件5,附件6,附件7,附件8,附件9,附件10"; strings.Join(codes, ",") != want {
		t.Errorf("codes = %v, want %s", codes, want)
	}
	mb, ok := set.Find("model_branch")
	if !ok {
		t.Fatal("model_branch missing after replacement")
	}
	if mb.Title != newTitle || mb.Version != "2023.1" {
		t.Errorf("model_branch = %q %q, want the user's %q %q", mb.Title, mb.Version, newTitle, "2023.1")
	}
	if want := filepath.Join(dir, "my-branch.yaml"); mb.Source != want {
		t.Errorf("model_branch Source = %q, want %q", mb.Source, want)
	}
	ex, ok := set.Find("extra_form")
	if !ok {
		t.Fatal("extra_form not added")
	}
	if ex.Field("note") == nil {
		t.Error("extra_form lost its field")
	}
	// The built-in set itself is unchanged by a user's folder.
	emb, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := emb.Find("model_branch"); f.Version != "2022.1" {
		t.Errorf("embedded model_branch version = %q after Load(dir)", f.Version)
	}
}

// TestLoadMissingFolder defends the clerk's message when forms_dir points
// nowhere: an error naming the folder, not the built-in set in silence.
func TestLoadMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "没有")
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("Load(%s) = %v, want an error naming the folder", dir, err)
	}
	file := filepath.Join(t.TempDir(), "a.yaml")
	write(t, file, "id: x\n")
	if _, err := Load(file); err == nil || !strings.Contains(err.Error(), file) {
		t.Fatalf("Load(file) = %v, want an error naming it", err)
	}
}

// TestBadSpecNamesFormAndField defends the user editing a spec: every
// mistake is refused with a message naming the form (its id, or its file
// when it cannot be decoded) and the field, so they can find the line.
func TestBadSpecNamesFormAndField(t *testing.T) {
	const head = `id: bad_form
code: 附件11
version: "1"
title: 测试表
short_title: 测试表
format: docx
sections:
  - title: 一
    fields:
`
	tests := []struct {
		name   string
		fields string
		want   []string
	}{
		{
			name:   "unknown key",
			fields: "      - {id: unit, label: 单位, type: text, requird: true}\n",
			want:   []string{"bad.yaml", "requird"},
		},
		{
			name: "duplicate field id",
			fields: "      - {id: unit, label: 单位, type: text}\n" +
				"      - {id: unit, label: 单位2, type: text}\n",
			want: []string{"bad_form", "unit", "duplicate"},
		},
		{
			name:   "unknown type",
			fields: "      - {id: unit, label: 单位, type: txt}\n",
			want:   []string{"bad_form", "unit", "txt"},
		},
		{
			name:   "choice without choices",
			fields: "      - {id: kind, label: 类型, type: choice}\n",
			want:   []string{"bad_form", "kind", "choices"},
		},
		{
			name: "sum_of missing field",
			fields: "      - {id: total, label: 合计, type: integer, sum_of: [a, nobody]}\n" +
				"      - {id: a, label: 甲, type: integer}\n",
			want: []string{"bad_form", "total", "nobody"},
		},
		{
			name: "sum_of missing column",
			fields: "      - {id: total, label: 合计, type: money, sum_of: [budget.cost]}\n" +
				"      - id: budget\n" +
				"        label: 预算\n" +
				"        type: table\n" +
				"        columns:\n" +
				"          - {id: amount, label: 金额, type: money}\n",
			want: []string{"bad_form", "total", "budget.cost"},
		},
		{
			name: "sum_of column of a non-table",
			fields: "      - {id: total, label: 合计, type: money, sum_of: [a.amount]}\n" +
				"      - {id: a, label: 甲, type: money}\n",
			want: []string{"bad_form", "total", "a.amount"},
		},
		{
			name:   "table without columns",
			fields: "      - {id: rows, label: 行, type: table}\n",
			want:   []string{"bad_form", "rows", "columns"},
		},
		{
			name: "duplicate column id",
			fields: "      - id: rows\n" +
				"        label: 行\n" +
				"        type: table\n" +
				"        columns:\n" +
				"          - {id: c, label: 甲, type: text}\n" +
				"          - {id: c, label: 乙, type: text}\n",
			want: []string{"bad_form", "rows", "c"},
		},
		{
			name:   "dot in id",
			fields: "      - {id: a.b, label: 甲, type: text}\n",
			want:   []string{"bad_form", "a.b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "bad.yaml"), head+tt.fields)
			set, err := Load(dir)
			if err == nil {
				t.Fatalf("Load accepted the spec (%d forms)", len(set.Forms))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
		})
	}
	// The head alone, with one good field, is valid: the failures above
	// come from the lines each case adds.
	if _, err := Parse([]byte(head+"      - {id: unit, label: 单位, type: text}\n"), "good.yaml"); err != nil {
		t.Fatalf("control spec rejected: %v", err)
	}
}

// TestFind defends the ways a clerk names a form on the command line.
func TestFind(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want string
	}{
		{"model_branch", "model_branch"},
		{"附件6", "model_branch"},
		{"6", "model_branch"},
		{" 9 ", "summary"},
		{"附件5", "benchmark_college"},
		{"innovation_project", "innovation_project"},
		{"10", ""},
		{"附件", ""},
		{"", ""},
		{"model", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := set.Find(tt.name)
			if tt.want == "" {
				if ok {
					t.Fatalf("Find(%q) = %s, want none", tt.name, f.ID)
				}
				return
			}
			if !ok || f.ID != tt.want {
				t.Fatalf("Find(%q) = %v, %v; want %s", tt.name, f, ok, tt.want)
			}
		})
	}
}

// TestForCategory defends the link from a configured category to its
// application form, by the form's category key.
func TestForCategory(t *testing.T) {
	set, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"benchmark_college", "model_branch", "double_leader_studio", "innovation_project"} {
		f, ok := set.ForCategory(key)
		if !ok || f.Category != key || f.Format != FormatDocx {
			t.Errorf("ForCategory(%s) = %v, %v", key, f, ok)
		}
	}
	if f, ok := set.ForCategory("summary"); ok {
		t.Errorf("ForCategory(summary) = %s, want none: the summary belongs to no category", f.ID)
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
