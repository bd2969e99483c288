package config

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
)

// noEnv is an empty environment, so that a DBZX_* variable set on the
// machine running the tests cannot change what they see.
func noEnv(string) (string, bool) { return "", false }

// env is a fake environment for load.
func env(kv map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := kv[k]
		return v, ok
	}
}

// workspace returns a temporary workspace holding dbzx.yaml with content.
func workspace(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func day(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDefaultsAre2022Notice defends the embedded defaults: the notice's
// four categories with their quotas and funding, and its deadline.
func TestDefaultsAre2022Notice(t *testing.T) {
	c, err := load("", noEnv)
	if err != nil {
		t.Fatalf("load defaults: %v", err)
	}
	want := []struct {
		key     string
		quota   int
		funding int64
		cycle   int
	}{
		{"benchmark_college", 4, 20000, 2},
		{"model_branch", 10, 10000, 1},
		{"double_leader_studio", 6, 10000, 2},
		{"innovation_project", 10, 5000, 1},
	}
	if len(c.Categories) != len(want) {
		t.Fatalf("%d categories, want %d", len(c.Categories), len(want))
	}
	for i, w := range want {
		got := c.Categories[i]
		if got.Key != w.key || got.Quota != w.quota || got.Funding != w.funding || got.CycleYears != w.cycle {
			t.Errorf("categories[%d] = %s quota %d funding %d cycle %d; want %s %d %d %d",
				i, got.Key, got.Quota, got.Funding, got.CycleYears, w.key, w.quota, w.funding, w.cycle)
		}
		if got.Name == "" || got.ShortName == "" {
			t.Errorf("categories[%d] has no name or short name", i)
		}
	}
	if !c.Deadline.Equal(time.Date(2022, 11, 24, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("deadline = %v, want 2022-11-24", c.Deadline)
	}
	if got := c.NoticeDate.String(); got != "2022-11-14" {
		t.Errorf("notice_date = %s, want 2022-11-14", got)
	}
	if m := c.Categories[0].Midterm; m != (Month{2023, time.November}) {
		t.Errorf("benchmark midterm = %v, want 2023-11", m)
	}
	if cat, ok := c.Category("model_branch"); !ok || cat.Quota != 10 {
		t.Errorf("Category(model_branch) = %v, %v", cat, ok)
	}
	if _, ok := c.Category("nope"); ok {
		t.Error("Category(nope) found")
	}
	if got := strings.Join(c.CategoryNames(), "|"); got != "党建工作“标杆院部”|党建工作样板党支部|“双带头人”教师党支部书记工作室|基层党建创新项目" {
		t.Errorf("CategoryNames = %s", got)
	}
	if len(c.Sources) != 1 {
		t.Errorf("Sources = %v, want the defaults only", c.Sources)
	}
}

// TestWorkspaceFileOverrides defends the clerk's dbzx.yaml: a scalar
// replaces its default, a list replaces the default list whole (not merged
// item by item), everything unset keeps its default.
func TestWorkspaceFileOverrides(t *testing.T) {
	dir := workspace(t, `deadline: "2022-11-30"
forms_dir: myforms
categories:
  - {key: a, name: 甲类, quota: 2, funding: 3000, cycle_years: 1}
  - {key: b, name: 乙类, short_name: 乙, quota: 0, funding: 1000, cycle_years: 2, midterm: "2023-06"}
`)
	c, err := load(dir, noEnv)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if got := c.Deadline.String(); got != "2022-11-30" {
		t.Errorf("deadline = %s, want 2022-11-30", got)
	}
	if len(c.Categories) != 2 || c.Categories[0].Key != "a" || c.Categories[1].Key != "b" {
		t.Fatalf("categories = %+v, want exactly a and b", c.Categories)
	}
	if c.Categories[0].ShortName != "甲类" {
		t.Errorf("short_name defaults to name: got %q", c.Categories[0].ShortName)
	}
	if c.Categories[1].Midterm != (Month{2023, time.June}) || c.Categories[1].Funding != 1000 {
		t.Errorf("categories[1] = %+v", c.Categories[1])
	}
	if c.College != "郑州铁路职业技术学院" {
		t.Errorf("college = %q, want the default kept", c.College)
	}
	if want := filepath.Join(dir, "myforms"); c.FormsDir != want {
		t.Errorf("forms_dir = %q, want %q (relative to the workspace)", c.FormsDir, want)
	}
	if len(c.Sources) != 2 || c.Sources[1] != filepath.Join(dir, FileName) {
		t.Errorf("Sources = %v, want the defaults and the file", c.Sources)
	}
}

// TestEnvironmentOverrides defends DBZX_* variables: they override the
// defaults and the workspace file, and are listed among the sources.
func TestEnvironmentOverrides(t *testing.T) {
	dir := workspace(t, "deadline: \"2022-11-28\"\ncollege: 文件学院\n")
	c, err := load(dir, env(map[string]string{
		"DBZX_DEADLINE": "2022-11-30",
		"DBZX_COLLEGE":  "测试学院",
		"DBZX_ROUND":    "2023",
	}))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if got := c.Deadline.String(); got != "2022-11-30" {
		t.Errorf("deadline = %s, want the environment's 2022-11-30", got)
	}
	if c.College != "测试学院" {
		t.Errorf("college = %q, want 测试学院", c.College)
	}
	if c.Round != 2023 {
		t.Errorf("round = %d, want 2023", c.Round)
	}
	src := strings.Join(c.Sources, "\n")
	for _, name := range []string{"DBZX_DEADLINE", "DBZX_COLLEGE", filepath.Join(dir, FileName)} {
		if !strings.Contains(src, name) {
			t.Errorf("Sources %v do not list %s", c.Sources, name)
		}
	}
	// Without the variables the file's values apply again: nothing leaked.
	c, err = load(dir, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Deadline.String() != "2022-11-28" || c.College != "文件学院" {
		t.Errorf("without env: deadline %s college %s", c.Deadline, c.College)
	}
}

// TestBadValueNamesKey defends the clerk editing dbzx.yaml: every wrong
// key or value is refused with an error naming the key to fix.
func TestBadValueNamesKey(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		key  string
	}{
		{name: "misspelt key", file: "dedline: \"2022-11-30\"\n", key: "dedline"},
		{name: "two misspelt keys", file: "dedline: \"2022-11-30\"\nrond: 1\n", key: "dedline, rond"},
		{name: "misspelt key in a category", file: "categories: [{key: a, name: b, quota: 1, funding: 1, cycle_years: 1}, {key: c, nmae: d, quota: 1, funding: 1, cycle_years: 1}]\n", key: "categories[1].nmae"},
		{name: "misspelt key in a unit", file: "units: [{name: x, typ: 党总支}]\n", key: "units[0].typ"},
		{name: "impossible date", file: "deadline: 2022/13/40\n", key: "deadline"},
		{name: "negative quota", file: "categories: [{key: a, name: b, quota: -1, funding: 1, cycle_years: 1}]\n", key: "categories[0].quota"},
		{name: "zero funding", file: "categories: [{key: a, name: b, quota: 1, funding: 0, cycle_years: 1}]\n", key: "categories[0].funding"},
		{name: "non-numeric quota", file: "categories: [{key: a, name: b, quota: many, funding: 1, cycle_years: 1}]\n", key: "categories[0].quota"},
		{name: "zero cycle", file: "categories: [{key: a, name: b, quota: 1, funding: 1, cycle_years: 0}]\n", key: "categories[0].cycle_years"},
		{name: "duplicate category", file: "categories: [{key: a, name: b, quota: 1, funding: 1, cycle_years: 1}, {key: a, name: c, quota: 1, funding: 1, cycle_years: 1}]\n", key: "categories[1].key"},
		{name: "bad month", file: "categories: [{key: a, name: b, quota: 1, funding: 1, cycle_years: 1, midterm: 2023-13}]\n", key: "categories[0].midterm"},
		{name: "no categories", file: "categories: []\n", key: "categories"},
		{name: "empty college", file: "college: \"\"\n", key: "college"},
		{name: "negative bar years", file: "bar_years: -1\n", key: "bar_years"},
		{name: "unit without name", file: "units: [{name: \" \", type: 党总支}]\n", key: "units[0].name"},
		{name: "bad env date", env: map[string]string{"DBZX_DEADLINE": "30.11.2022"}, key: "deadline"},
		{name: "bad env number", env: map[string]string{"DBZX_ROUND": "abc"}, key: "round"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := ""
			if tt.file != "" {
				dir = workspace(t, tt.file)
			}
			c, err := load(dir, env(tt.env))
			if err == nil {
				t.Fatalf("load accepted it: %+v", c)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %q (%T) is not a *config.Error", err, err)
			}
			if ce.Key != tt.key {
				t.Errorf("Key = %q, want %q (error %q)", ce.Key, tt.key, err)
			}
			if !strings.Contains(err.Error(), tt.key) {
				t.Errorf("error %q does not name %s", err, tt.key)
			}
		})
	}
}

// TestMalformedFileNamesFile defends the clerk's message for a file that
// is not YAML at all: it names the file.
func TestMalformedFileNamesFile(t *testing.T) {
	dir := workspace(t, "deadline: [2022\n")
	_, err := load(dir, noEnv)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, FileName)) {
		t.Fatalf("load = %v, want an error naming %s", err, FileName)
	}
}

// TestDateChinese defends how dates are printed in forms: no zero padding
// (2022年11月4日), and nothing for an unset date.
func TestDateChinese(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2022-11-24", "2022年11月24日"},
		{"2023-01-04", "2023年1月4日"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var d Date
			if tt.in != "" {
				d = day(t, tt.in)
			}
			if got := d.Chinese(); got != tt.want {
				t.Errorf("Chinese() = %q, want %q", got, tt.want)
			}
			if got := d.String(); got != tt.in {
				t.Errorf("String() = %q, want %q", got, tt.in)
			}
		})
	}
}

// TestMonthChinese defends how months are printed and written back.
func TestMonthChinese(t *testing.T) {
	tests := []struct {
		in           string
		chinese, iso string
		year         int
		month        time.Month
	}{
		{"2023-11", "2023年11月", "2023-11", 2023, time.November},
		{"2023-05", "2023年5月", "2023-05", 2023, time.May},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := ParseMonth(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if m.Year != tt.year || m.Month != tt.month {
				t.Errorf("ParseMonth = %v", m)
			}
			if m.Chinese() != tt.chinese || m.String() != tt.iso {
				t.Errorf("Chinese %q String %q, want %q %q", m.Chinese(), m.String(), tt.chinese, tt.iso)
			}
		})
	}
	if (Month{}).Chinese() != "" || (Month{}).String() != "" || !(Month{}).IsZero() {
		t.Error("zero month is not blank")
	}
}

// TestParseRejectsOtherShapes defends the one spelling the settings use.
func TestParseRejectsOtherShapes(t *testing.T) {
	for _, s := range []string{"2022/11/24", "2022-13-01", "2022年11月24日", "24.11.2022", ""} {
		if d, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, d)
		}
	}
	for _, s := range []string{"2023/11", "2023-13", "2023-11-01", ""} {
		if m, err := ParseMonth(s); err == nil {
			t.Errorf("ParseMonth(%q) = %v, want an error", s, m)
		}
	}
}

// TestDateJSON defends `dbzx config --json`: dates as "2022-11-24" and
// months as "2023-11", not the embedded time.Time's timestamp.
func TestDateJSON(t *testing.T) {
	v := struct {
		D    Date  `json:"d"`
		P    *Date `json:"p"`
		M    Month `json:"m"`
		Zero Date  `json:"zero"`
	}{D: day(t, "2022-11-24"), M: Month{2023, time.November}}
	p := day(t, "2023-01-02")
	v.P = &p
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"d":"2022-11-24","p":"2023-01-02","m":"2023-11","zero":""}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}

	c, err := load("", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	b, err = json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"deadline":"2022-11-24"`, `"midterm":"2023-11"`, `"report_due":"2024-11-30"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("config json lacks %s", want)
		}
	}
	if strings.Contains(string(b), "T00:00:00") {
		t.Errorf("config json holds a timestamp: %s", b)
	}
}

// TestErrorsTyped: what is wrong with dbzx.yaml comes back typed — the
// key, the problem, what was found, the line — for the front ends to
// word (package wording tests the words), with none of the clerk's words
// in the error's own text.
func TestErrorsTyped(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		want       Error
		date       *DateError
	}{
		{"a number in words", "categories: [{key: a, name: b, quota: 四, funding: 1, cycle_years: 1}]\n",
			Error{Key: "categories[0].quota", Problem: NotInteger}, nil},
		{"a day not on the calendar", "deadline: \"2022-11-31\"\n", Error{Key: "deadline", Problem: BadDate},
			&DateError{Value: "2022-11-31", Year: 2022, Mon: 11, Day: 31}},
		{"a date in another shape", "deadline: 2022/11/24\n", Error{Key: "deadline", Problem: BadDate},
			&DateError{Value: "2022/11/24"}},
		{"a month in another shape", "categories: [{key: a, name: b, quota: 1, funding: 1, cycle_years: 1, midterm: 2023/11}]\n",
			Error{Key: "categories[0].midterm", Problem: BadDate}, &DateError{Value: "2023/11", Month: true}},
		{"a misspelt key", "deadlin: 2022-11-24\n", Error{Key: "deadlin", Problem: Unknown}, nil},
		{"a negative quota", "categories: [{key: a, name: b, quota: -1, funding: 1, cycle_years: 1}]\n",
			Error{Key: "categories[0].quota", Problem: Negative, Found: "-1"}, nil},
		{"a broken brace", "college: 学院\nunits: [{name: x\n", Error{Problem: Syntax, Line: 1}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(workspace(t, tt.file), env(nil))
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if got.Key != tt.want.Key || got.Problem != tt.want.Problem || got.Found != tt.want.Found || got.Line != tt.want.Line {
				t.Errorf("got key %q problem %q found %q line %d, want %+v", got.Key, got.Problem, got.Found, got.Line, tt.want)
			}
			if tt.want.Problem == Syntax && filepath.Base(got.Path) != FileName {
				t.Errorf("syntax error names %q, not the file", got.Path)
			}
			var d *DateError
			if tt.date != nil && (!errors.As(err, &d) || *d != *tt.date) {
				t.Errorf("date error %+v, want %+v", d, tt.date)
			}
			if strings.ContainsFunc(err.Error(), func(r rune) bool { return unicode.Is(unicode.Han, r) && !strings.ContainsRune(tt.file, r) }) {
				t.Errorf("%q is worded for the clerk", err)
			}
		})
	}
}
