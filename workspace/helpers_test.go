package workspace

import (
	"bytes"
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/bundle"
	"dbzx/register"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

// The tests of this package drive the whole pipeline through the
// workspace. Many were written against the verbs' data (the register and
// the view models) before the workspace existed; testReg gives them that
// view over an open workspace, so that they check what the verbs store and
// build, not only what they print.

// onTime is a day before the 2022 deadline (2022-11-24): not late.
var onTime = time.Date(2022, 11, 21, 10, 0, 0, 0, time.UTC)

// testEnv is the default configuration, the embedded forms and an
// extractor of them.
func testEnv(t testing.TB) (*templates.Set, *config.Config, *intake.Extractor) {
	t.Helper()
	cfg := loadCfg(t)
	forms, err := templates.Load("") // the built-in forms, parsed once a process
	if err != nil {
		t.Fatal(err)
	}
	return forms, cfg, &intake.Extractor{Forms: forms, Categories: cfg.CategoryNames()}
}

func loadCfg(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// testReg is an open workspace as the tests look at it: its register, and
// the verbs with the configuration passed in.
type testReg struct {
	*register.Register
	w  *Workspace
	db *sql.DB
}

// newWorkspace makes a workspace in a temp folder, opened.
func newWorkspace(t *testing.T) (*Workspace, *testReg) {
	t.Helper()
	l, err := Init(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	return openWS(t, l)
}

func openWS(t *testing.T, l register.Layout) (*Workspace, *testReg) {
	t.Helper()
	w, err := Open(l.Dir)
	if err != nil {
		t.Fatal(err)
	}
	forms, cfg, _ := testEnv(t)
	w.Cfg, w.Forms = cfg, forms
	t.Cleanup(func() { w.Close() })
	return w, wrap(w)
}

func wrap(w *Workspace) *testReg { return &testReg{Register: w.reg, w: w, db: w.reg.DB()} }

// Options are what a test sets for an intake run: the settings and forms
// (default: testEnv's) and the run's options.
type Options struct {
	Forms    *templates.Set
	Cfg      *config.Config
	Received time.Time
	Workers  int
	Convert  intake.Converter
	Progress intake.Progress
	Limits   bundle.Limits // as configuration limits
}

// run takes paths into the workspace as `dbzx intake` does.
func run(ctx context.Context, w *Workspace, reg *testReg, o Options, paths []string) (*IntakeResult, error) {
	if o.Forms != nil {
		w.Forms = o.Forms
	}
	if o.Cfg != nil {
		w.Cfg = o.Cfg
	}
	if o.Limits != (bundle.Limits{}) {
		c := *w.Cfg
		c.Limits.BundleEntries, c.Limits.FileMB = o.Limits.MaxEntries, int(o.Limits.MaxEntry>>20)
		c.Limits.BundleMB, c.Limits.BundleRatio = int(o.Limits.MaxTotal>>20), int(o.Limits.MaxRatio)
		w.Cfg = &c
	}
	return w.Intake(ctx, paths, IntakeOptions{Received: o.Received, Workers: o.Workers, Convert: o.Convert,
		Progress: o.Progress, NoConvert: o.Convert == nil})
}

func runIntake(t *testing.T, w *Workspace, reg *testReg, opts Options, paths ...string) *IntakeResult {
	t.Helper()
	res, err := run(context.Background(), w, reg, opts, paths)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (r *testReg) Revalidate(ctx context.Context, cfg *config.Config, forms *templates.Set) error {
	r.w.Cfg = cfg
	if forms != nil {
		r.w.Forms = forms
	}
	return r.w.revalidate(ctx, nil)
}

func (r *testReg) Overview(cfg *config.Config) (*Overview, error) {
	r.w.Cfg = cfg
	return r.w.Status()
}

func (r *testReg) WriteReport(cfg *config.Config, path string) error {
	r.w.Cfg = cfg
	return r.w.writeReport(path)
}

func (r *testReg) Decide(ctx context.Context, cfg *config.Config, ds []intake.Decision, source string, force bool, when time.Time) (*DecideResult, error) {
	r.w.Cfg = cfg
	if when.IsZero() {
		when = time.Date(2022, 12, 9, 0, 0, 0, 0, time.UTC) // the tests' committee meets then
	}
	res := &DecideResult{Recommended: map[string]int{}}
	return res, r.w.decide(ctx, res, ds, source, force, when)
}

func (r *testReg) Selected(cfg *config.Config) ([]*Selected, error) {
	r.w.Cfg = cfg
	return r.w.Selected()
}

func (r *testReg) ReviewSheet(cfg *config.Config, category string) (*render.InputSheet, int, error) {
	r.w.Cfg = cfg
	return r.w.reviewSheet(category)
}

func (r *testReg) FundingData(cfg *config.Config) (*render.FundingData, error) {
	r.w.Cfg = cfg
	return r.w.fundingData()
}

func (r *testReg) AcceptSheet(cfg *config.Config) (*render.InputSheet, int, error) {
	r.w.Cfg = cfg
	s, err := r.w.AcceptSheet(filepath.Join(r.w.OutDir(), "accept-test"))
	if err != nil {
		return nil, 0, err
	}
	return s.Sheet, s.Rows, nil
}

func (r *testReg) Accept(ctx context.Context, cfg *config.Config, rows []intake.AcceptanceResult) (*AcceptResult, []string, error) {
	r.w.Cfg = cfg
	res := &AcceptResult{}
	err := r.w.accept(ctx, res, rows)
	var problems []string
	for _, p := range res.Problems {
		problems = append(problems, p.String())
	}
	return res, problems, err
}

func (r *testReg) Certificates(ctx context.Context, cfg *config.Config) ([]*Certificate, error) {
	r.w.Cfg = cfg
	return r.w.issue(ctx)
}

func (r *testReg) Attach(ctx context.Context, file, application string) (*register.FileRecord, *register.Application, error) {
	return r.w.Attach(ctx, file, application)
}

func (r *testReg) Dossier(w *Workspace, cfg *config.Config, forms *templates.Set, category string) (*render.Dossier, error) {
	r.w.Cfg = cfg
	if forms != nil {
		r.w.Forms = forms
	}
	return r.w.dossier(category)
}

func (r *testReg) CurrentReturn(appID int64) (*intake.Return, *register.FileRecord, error) {
	data, f, err := r.CurrentData(appID)
	if err != nil {
		return nil, nil, err
	}
	ret, err := intake.DecodeReturn(data, r.w.Forms)
	return ret, f, err
}

// ruleFixture makes returns the realistic way: a clean sample return,
// edited as a department might have filled it, rendered with our writer.
type ruleFixture struct {
	forms *templates.Set
}

func newRuleFixture(t testing.TB) *ruleFixture {
	forms, _, _ := testEnv(t)
	return &ruleFixture{forms: forms}
}

// cleanSample is a sample return of formID with its values, before any
// edit: what a careful department returns.
func (fx *ruleFixture) cleanSample(t testing.TB, formID string, seed uint64) (*templates.Form, *sample.Return) {
	t.Helper()
	form, ok := fx.forms.Find(formID)
	if !ok {
		t.Fatalf("no form %s", formID)
	}
	return form, sample.New(fx.forms, loadCfg(t), seed).Return(form, 1)
}

// render writes the values into the form with our writer, as a .docx.
func (fx *ruleFixture) render(t testing.TB, form *templates.Form, vals *render.Values) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := render.WriteDocx(&buf, form, loadCfg(t), vals); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Edits of a return's values, as a department types them.
type edit func(v *render.Values)

func text(id, s string) edit { return func(v *render.Values) { v.Text[id] = s } }

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

func edits(es ...edit) edit {
	return func(v *render.Values) {
		for _, e := range es {
			e(v)
		}
	}
}

// samples holds the sample batches the fixtures write with testEnv's forms
// and settings, by what they were asked for: each is generated once in a
// run of this package's tests and written out again from memory after,
// files and times the same. Generating the same two dozen returns and
// summary sheets over and over was a quarter of these tests' time.
var samples sync.Map // key → *sampleSet

type sampleSet struct {
	once   sync.Once
	result any
	err    error
	files  []sampleFile
}

type sampleFile struct {
	dir      int // which of the folders given
	rel      string
	data     []byte
	modified time.Time
}

// cachedSample returns what gen returned the first time a test asked for
// key: gen writes a sample batch into dirs, and then, for every later
// test, the files it wrote are written into that test's dirs.
func cachedSample[T any](t *testing.T, key string, dirs []string, gen func() (T, error)) T {
	t.Helper()
	v, _ := samples.LoadOrStore(key, &sampleSet{})
	s := v.(*sampleSet)
	first := false
	s.once.Do(func() {
		first = true
		s.result, s.err = gen()
		for i, dir := range dirs {
			if s.err != nil {
				break
			}
			s.err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(dir, p)
				s.files = append(s.files, sampleFile{dir: i, rel: rel, data: data, modified: info.ModTime()})
				return nil
			})
		}
	})
	if s.err != nil {
		t.Fatalf("sample %s: %v", key, s.err)
	}
	if !first {
		for _, f := range s.files {
			p := filepath.Join(dirs[f.dir], f.rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, f.modified, f.modified); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s.result.(T)
}
