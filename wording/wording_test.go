package wording

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"dbzx/config"
	"dbzx/internal/fonts"
	"dbzx/render"
	"dbzx/templates"
)

// TestConfigWords: what a clerk meets when dbzx.yaml is wrong is Chinese,
// names the place and says what is expected — no Go, YAML or library
// words.
func TestConfigWords(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		says       []string
	}{
		{"a number in words", "categories: [{key: a, name: b, quota: 四, funding: 1, cycle_years: 1}]\n",
			[]string{"配置项 categories[0].quota：", "应为整数"}},
		{"a day not on the calendar", "deadline: \"2022-11-31\"\n",
			[]string{`配置项 deadline：取值无效：日期 "2022-11-31" 不存在（2022年11月没有31日），请改为实际的日期`}},
		{"a date in another shape", "deadline: 2022/11/24\n", []string{"deadline", "应写作 2022-11-24"}},
		{"a month in another shape", "categories: [{key: a, name: b, quota: 1, funding: 1, cycle_years: 1, midterm: 2023/11}]\n",
			[]string{"categories[0].midterm", `月份 "2023/11" 应写作 2023-11`}},
		{"a broken brace", "college: 学院\nunits: [{name: x\n", []string{"配置文件 ", "dbzx.yaml 第 1 行附近格式错误"}},
		{"a misspelt key", "deadlin: 2022-11-24\n", []string{"配置项 deadlin：未知的配置项（请检查拼写）"}},
		{"a negative quota", "categories: [{key: a, name: b, quota: -1, funding: 1, cycle_years: 1}]\n",
			[]string{"配置项 categories[0].quota：名额不能为负数，实际为 -1"}},
		{"no funding", "categories: [{key: a, name: b, quota: 1, funding: 0, cycle_years: 1}]\n",
			[]string{"配置项 categories[0].funding：支持经费应为正数（元），实际为 0"}},
		{"a category twice", "categories: [{key: a, name: b, quota: 1, funding: 1, cycle_years: 1}, {key: a, name: c, quota: 1, funding: 1, cycle_years: 1}]\n",
			[]string{"配置项 categories[1].key：类别 a 重复"}},
		{"a limit of zero", "limits: {file_mb: 0}\n", []string{"配置项 limits.file_mb：应为正整数，实际为 0"}},
		{"a failure without its month", "failed_acceptance: [{category: model_branch, unit: 某党总支}]\n",
			[]string{"配置项 failed_acceptance[0].month：须写明验收未通过的年月，如 2023-12"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := config.Load(dir)
			msg, ok := Error(err)
			if !ok {
				t.Fatalf("%v not worded", err)
			}
			for _, s := range tt.says {
				if !strings.Contains(msg, s) {
					t.Errorf("%q does not say %q", msg, s)
				}
			}
			for _, english := range []string{"cannot parse", "strconv", "While parsing", "yaml:", "expected", "invalid syntax", "config:"} {
				if strings.Contains(msg, english) {
					t.Errorf("%q carries %q", msg, english)
				}
			}
		})
	}
}

// TestSpecWords: a spec that breaks a rule, and a spec file that is not
// YAML, are worded naming the form, its file and the field.
func TestSpecWords(t *testing.T) {
	const head = "id: bad_form\ncode: 附件11\nversion: \"1\"\ntitle: 测试表\nshort_title: 测试表\nformat: docx\nsections:\n  - title: 一\n    fields:\n"
	for _, tt := range []struct{ name, spec, says string }{
		{"duplicate field", head + "      - {id: unit, label: 单位, type: text}\n      - {id: unit, label: 单位2, type: text}\n",
			"）：字段 id unit 重复"},
		{"unknown type", head + "      - {id: unit, label: 单位, type: txt}\n", `）：字段 unit 的类型 "txt" 未知`},
		{"misspelt key", head + "      - {id: unit, label: 单位, type: text, requird: true}\n", "格式错误：第 10 行的 requird 不是可用的项"},
		{"not YAML", "id: [x\n", "格式错误：第 1 行附近"},
		{"empty", "", "bad.yaml 为空"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte(tt.spec), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := templates.Load(dir)
			msg, ok := Error(err)
			if !ok || !strings.Contains(msg, tt.says) || !strings.Contains(msg, "bad.yaml") {
				t.Errorf("%v worded %q, want it to say %q and name bad.yaml", err, msg, tt.says)
			}
		})
	}
	_, err := templates.Load(filepath.Join(t.TempDir(), "无此目录"))
	if msg, _ := Error(err); !strings.Contains(msg, "无此目录 无法读取：文件或文件夹不存在") {
		t.Errorf("a missing forms folder: %q", msg)
	}
}

// TestEveryProblemWorded: every problem, rule and kind the core declares
// has words of its own — Chinese, with every placeholder filled and none
// of the type's English. A problem added to the core without its words
// fails here.
func TestEveryProblemWorded(t *testing.T) {
	cases := map[string]func(v string) error{
		"../config/errors.go Problem": func(v string) error {
			return &config.Error{Key: "categories[0].quota", Path: "dbzx.yaml", Problem: config.Problem(v), Found: "-1",
				Err: &config.DateError{Value: "x"}}
		},
		"../templates/errors.go Rule": func(v string) error {
			return &templates.SpecError{Form: "f", Source: "f.yaml", Rule: templates.Rule(v), Field: "fld", Found: "fnd", Ref: "ref"}
		},
		"../templates/errors.go FileProblem": func(v string) error {
			return &templates.FileError{Kind: templates.FormFile, Path: "f.yaml", Problem: templates.FileProblem(v), Part: "part", Err: fs.ErrNotExist}
		},
		"../templates/errors.go FileKind": func(v string) error {
			return &templates.FileError{Kind: templates.FileKind(v), Path: "f.yaml", Problem: templates.Empty}
		},
		"../render/errors.go ScheduleProblem": func(v string) error {
			return &render.ScheduleError{Item: 1, Unit: "某党总支", Name: "某支部", Problem: render.ScheduleProblem(v),
				Start: config.Date{}, Acceptance: config.Month{Year: 2023, Month: 11}}
		},
	}
	for where, mk := range cases {
		file, typ, _ := strings.Cut(where, " ")
		values := constants(t, file, typ)
		if len(values) == 0 {
			t.Fatalf("%s declares no %s", file, typ)
		}
		for _, v := range values {
			msg, ok := Error(mk(v))
			switch {
			case !ok:
				t.Errorf("%s %q not worded", typ, v)
			case !strings.ContainsFunc(msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }),
				strings.Contains(msg, v), strings.ContainsAny(msg, "{}"):
				t.Errorf("%s %q worded %q", typ, v, msg)
			}
		}
	}
}

// constants are the values of the string constants of type typ that file
// declares.
func constants(t *testing.T, file, typ string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typ {
				continue
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// TestOutputWords: what render and the fonts cannot make is worded with
// the certificate or unit it concerns and what to change.
func TestOutputWords(t *testing.T) {
	for _, tt := range []struct {
		err  error
		says string
	}{
		{&render.GlyphError{Missing: []render.Glyph{{Where: "DBZX-2023-YB-001", Rune: 0x1F600}}},
			"证书 DBZX-2023-YB-001：字符“😀”（U+1F600）没有可用的字体"},
		{fmt.Errorf("workspace: %w", &render.CertificateError{Number: "N1", Err: &render.TooLongError{Runes: 900, MinSize: 12}}),
			"证书 N1：单位、项目名称和正文过长（正文 900 字），缩小到 12 磅也排不下"},
		{&render.CertificateError{Number: "N1", Seal: true, Err: errors.New("image: unknown format")}, "证书 N1：印章图片"},
		{&render.ScheduleError{Item: 2, Unit: "甲", Name: "乙", Problem: render.AcceptanceBefore,
			Start: config.Date{}, Acceptance: config.Month{Year: 2022, Month: 11}}, "建设计划 甲「乙」：验收月份 2022年11月 早于建设开始"},
		{&fonts.FaceError{Role: fonts.Body, Path: "/x.otf", Err: fonts.ErrCFF}, "配置项 fonts.body 的字体 /x.otf：这是 OpenType-CFF 字体"},
		{&fonts.FaceError{Role: fonts.Title, Path: "/x.ttf", Err: &fs.PathError{Op: "open", Path: "/x.ttf", Err: fs.ErrNotExist}},
			"配置项 fonts.title 的字体 /x.ttf：文件或文件夹不存在"},
	} {
		if msg, ok := Error(tt.err); !ok || !strings.Contains(msg, tt.says) {
			t.Errorf("%v worded %q, want %q", tt.err, msg, tt.says)
		}
	}
	if _, ok := Error(errors.New("other")); ok {
		t.Error("an error of no core type was worded")
	}
}
