package sample_test

import (
	"context"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
	"dbzx/sample"
	"dbzx/templates"
	"dbzx/workspace"
)

// TestBatchWithViolations takes a violation batch in as the demo does (the
// batch before the deadline, the late folder after it, the configuration
// additions applied) and checks that every rule fires, that each violating
// application is reported for the rule it was made to break and for
// nothing else, and that the clean applications have no findings.
func TestBatchWithViolations(t *testing.T) {
	for _, c := range []struct {
		seed  uint64
		count int
	}{{2022, 24}, {5, 12}, {77, 20}} {
		if testing.Short() && c.seed != 2022 {
			continue // the demo's batch only; go test without -short tries all three
		}
		t.Run("", func(t *testing.T) { checkViolations(t, c.seed, c.count) })
	}
}

func checkViolations(t *testing.T, seed uint64, count int) {
	forms, err := templates.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in, late := filepath.Join(dir, "returns"), filepath.Join(dir, "补交")
	b, err := sample.BatchWithViolations(in, late, forms, cfg, seed, count)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Config.Provincial) == 0 || len(b.Config.FailedAcceptance) == 0 || len(b.Late) == 0 {
		t.Fatalf("no provincial, failed-acceptance or late entries: %+v, %d late", b.Config, len(b.Late))
	}
	b.Config.Apply(cfg)
	if err := cfg.Check(); err != nil {
		t.Fatalf("configuration with the additions: %v", err)
	}

	l, err := workspace.Init(filepath.Join(dir, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	if err := config.SetKey(l.ConfigPath(), "provincial", b.Config.Provincial); err != nil {
		t.Fatal(err)
	}
	if err := config.SetKey(l.ConfigPath(), "failed_acceptance", b.Config.FailedAcceptance); err != nil {
		t.Fatal(err)
	}
	w, err := workspace.Open(l.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	run := func(path string, received time.Time) *workspace.IntakeResult {
		res, err := w.Intake(context.Background(), []string{path}, workspace.IntakeOptions{Received: received, NoConvert: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(in, time.Date(2022, 11, 23, 17, 0, 0, 0, time.Local))
	if n := res.Rejected(); n != 1 { // the damaged file
		t.Errorf("%d files rejected, want 1", n)
	}
	for _, o := range run(late, time.Date(2022, 11, 25, 9, 0, 0, 0, time.Local)).Outcomes {
		if o.Status != intake.StatusParsed {
			t.Errorf("late %s: %s %s", o.Name, o.Status, o.Reason)
		}
	}

	checked, err := w.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	apps, findings := checked.Overview.Applications, checked.Findings
	key := func(category, unit, name string) string { return category + "|" + unit + "|" + name }
	appKey := map[int64]string{}
	for _, a := range apps {
		appKey[a.ID] = key(a.Category, a.Unit, a.Name)
	}
	rulesOf := map[string][]string{} // application key → rules of its findings
	fired := map[string]bool{}
	var onFiles []*register.FindingRecord
	for _, f := range findings {
		fired[f.Rule] = true
		if f.ApplicationID == 0 {
			onFiles = append(onFiles, f)
			continue
		}
		k := appKey[f.ApplicationID]
		if !slices.Contains(rulesOf[k], f.Rule) {
			rulesOf[k] = append(rulesOf[k], f.Rule)
		}
	}

	// Every rule fired.
	var codes []string
	for _, r := range intake.Rules {
		codes = append(codes, r.Code)
	}
	for _, r := range intake.CrossRules {
		codes = append(codes, r.Code)
	}
	unbroken := map[string]bool{"held": true, "roster": true}
	for _, code := range codes {
		// held compares with an earlier round's workspace, which one batch
		// has not: workspace's TestHistory and the demo's second round.
		// roster: the batch's departments write their names as the roster
		// does (intake's TestRules and workspace's TestRoster write them
		// otherwise).
		if !fired[code] && !unbroken[code] {
			t.Errorf("rule %s fired on no application", code)
		}
	}

	// Each violating application is reported for exactly what it breaks.
	broken := map[string][]string{} // application key → rules it was made to break
	summaryUnits := map[string]bool{}
	for _, f := range append(slices.Clone(b.Files), b.Late...) {
		if len(f.Breaks) == 0 {
			continue
		}
		if f.Form == "" { // a 附件9 summary with a row no return matches
			summaryUnits[strings.Split(f.Path, "/")[0]] = true
			continue
		}
		form, ok := forms.Find(f.Form)
		if !ok {
			t.Fatalf("%s: no form %s", f.Path, f.Form)
		}
		broken[key(form.Category, f.Unit, f.Name)] = f.Breaks
	}
	if len(broken) < len(codes)-len(unbroken) {
		t.Errorf("%d violating applications for %d rules", len(broken), len(codes))
	}
	// A failed acceptance bars the whole unit, in every category: each of
	// its applications carries "barred" beside what it was made to break.
	barredUnit := map[string]bool{}
	for _, l := range b.Config.FailedAcceptance {
		barredUnit[l.Unit] = true
	}
	for _, a := range apps {
		k := appKey[a.ID]
		if !barredUnit[a.Unit] || slices.Contains(broken[k], "barred") {
			continue
		}
		broken[k] = append(slices.Clone(broken[k]), "barred")
	}
	for k, want := range broken {
		got := slices.Clone(rulesOf[k])
		sort.Strings(got)
		w := slices.Clone(want)
		sort.Strings(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s: findings of rules %v, made to break %v", k, got, w)
		}
	}
	// The clean applications have no findings.
	clean := 0
	for _, a := range apps {
		k := appKey[a.ID]
		if _, bad := broken[k]; bad {
			continue
		}
		clean++
		if len(rulesOf[k]) > 0 {
			t.Errorf("clean application %s: findings of rules %v", k, rulesOf[k])
		}
	}
	// The resubmission is one application with two versions; the barred
	// unit's other applications are no longer clean.
	barredOthers := 0
	for _, a := range apps {
		if barredUnit[a.Unit] {
			barredOthers++
		}
	}
	if clean < count-1-barredOthers {
		t.Errorf("%d clean applications, want at least %d", clean, count-1-barredOthers)
	}
	// The only finding on a file is the summary row with no return.
	if len(summaryUnits) != 1 {
		t.Errorf("%d summaries made to break summary-missing, want 1", len(summaryUnits))
	}
	for _, f := range onFiles {
		found := false
		for u := range summaryUnits {
			found = found || (f.Rule == "summary-missing" && strings.Contains(f.Message, u))
		}
		if !found {
			t.Errorf("unexpected finding on %s: %s %s", f.File, f.Rule, f.Message)
		}
	}
	if len(onFiles) != 1 {
		t.Errorf("%d findings on files, want 1", len(onFiles))
	}
}

// TestBatchClean: Batch, for its existing callers, marks nothing as broken.
func TestBatchClean(t *testing.T) {
	forms, err := templates.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	files, err := sample.Batch(t.TempDir(), forms, cfg, 5, 12)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if len(f.Breaks) > 0 {
			t.Errorf("%s breaks %v", f.Path, f.Breaks)
		}
	}
}
