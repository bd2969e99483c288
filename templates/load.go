package templates

import (
	"bytes"
	"embed"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed forms/*.yaml letters/*.yaml
var embedded embed.FS

var stageOrder = map[string]int{StageApply: 0, StageMidterm: 1, StageFinal: 2}

// Set is the loaded forms, ordered by code (附件5 … 附件9).
type Set struct {
	Forms []*Form
}

// Embedded returns the built-in forms. They are checked by the tests, so an
// error here is a build defect, not a user's. Each call parses them
// afresh: the caller may change them (a test adding a limit) without
// changing anyone else's.
func Embedded() (*Set, error) {
	byID, err := parseBuiltIn()
	if err != nil {
		return nil, err
	}
	return newSet(byID), nil
}

// builtIn are the built-in forms by id, parsed once a process and shared
// by every set Load returns (nothing changes a form once parsed): the web
// console loads the workspace's forms for every page it serves, and
// parsing the specs was half of serving one.
var builtIn = sync.OnceValues(parseBuiltIn)

// parseBuiltIn parses the built-in forms, by id.
func parseBuiltIn() (map[string]*Form, error) {
	byID := map[string]*Form{}
	err := loadFS(embedded, "forms", "内置", byID)
	return byID, err
}

// Load returns the built-in forms, with the *.yaml specs in dir (if dir is
// not empty) replacing forms of the same id and adding new ones.
func Load(dir string) (*Set, error) {
	built, err := builtIn()
	if err != nil {
		return nil, err
	}
	byID := maps.Clone(built)
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, &FileError{Kind: FormsDir, Path: dir, Problem: Unreadable, Err: err}
		}
		if !st.IsDir() {
			return nil, &FileError{Kind: FormsDir, Path: dir, Problem: NotFolder}
		}
		if err := loadFS(os.DirFS(dir), ".", dir, byID); err != nil {
			return nil, err
		}
	}
	return newSet(byID), nil
}

// newSet is the set of the forms, in the programme's order.
func newSet(byID map[string]*Form) *Set {
	s := &Set{}
	for _, f := range byID {
		s.Forms = append(s.Forms, f)
	}
	sort.Slice(s.Forms, func(i, j int) bool {
		a, b := s.Forms[i], s.Forms[j]
		if stageOrder[a.Stage] != stageOrder[b.Stage] { // the application's forms first
			return stageOrder[a.Stage] < stageOrder[b.Stage]
		}
		if len(a.Code) != len(b.Code) { // 附件9 before 附件10
			return len(a.Code) < len(b.Code)
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.variant != b.variant { // the categories in the spec's order
			return a.variant < b.variant
		}
		return a.ID < b.ID
	})
	return s
}

func loadFS(fsys fs.FS, root, origin string, byID map[string]*Form) error {
	names, err := fs.Glob(fsys, root+"/*.yaml")
	if err != nil {
		return err
	}
	more, _ := fs.Glob(fsys, root+"/*.yml")
	names = append(names, more...)
	sort.Strings(names)
	for _, name := range names {
		if filepath.Base(name) == LettersFile { // the notices' wording, not a form
			continue
		}
		src := filepath.Join(origin, filepath.Base(name))
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return &FileError{Kind: FormFile, Path: src, Problem: Unreadable, Err: err}
		}
		f, err := Parse(data, src)
		if err != nil {
			return err
		}
		for _, v := range f.expand() {
			byID[v.ID] = v
		}
	}
	return nil
}

// Parse reads one spec file. Unknown keys are errors, so a misspelt key in a
// user's spec is reported instead of silently ignored.
func Parse(data []byte, source string) (*Form, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f Form
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &FileError{Kind: FormFile, Path: source, Problem: Empty}
		}
		return nil, yamlError(FormFile, source, err)
	}
	f.Source = source
	if err := f.Check(); err != nil {
		return nil, err
	}
	return &f, nil
}

// Find returns the form named by its id (model_branch), its code (附件6) or
// the code's number (6).
func (s *Set) Find(name string) (*Form, bool) {
	name = strings.TrimSpace(name)
	for _, f := range s.Forms {
		if f.ID == name || f.Code == name || strings.TrimPrefix(f.Code, "附件") == name {
			return f, true
		}
	}
	return nil, false
}

// ForCategory returns the application form of a category, if any.
func (s *Set) ForCategory(key string) (*Form, bool) {
	for _, f := range s.Forms {
		if f.Category == key && !f.IsStage() {
			return f, true
		}
	}
	return nil, false
}
