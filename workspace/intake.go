package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/convert"
	"dbzx/register"
	"dbzx/templates"
)

// IntakeOptions of an intake run.
type IntakeOptions struct {
	Received  time.Time       // when the batch arrived; zero: now
	Workers   int             // files parsed at once; zero: the number of CPUs
	NoConvert bool            // do not convert legacy formats with LibreOffice
	Progress  intake.Progress // nil: silent
	// Convert and ConvertSheet replace LibreOffice for legacy documents
	// and workbooks (tests); nil: found on this machine unless NoConvert.
	Convert      intake.Converter
	ConvertSheet intake.Converter
	// Sent renames files given in paths that were saved under names of
	// our own (the web console's uploads): absolute path → the origin,
	// name and unit they are recorded under.
	Sent map[string]intake.Sent
}

// IntakeResult is what an intake run did, file by file in input order,
// with the register's state after it and the report written.
type IntakeResult struct {
	Run      int64             `json:"run"`
	Outcomes []*intake.Outcome `json:"files"`
	Overview *Overview         `json:"overview"`
	Report   string            `json:"report"`
	// Stages are the later rounds' forms among the files of this run, by
	// stage in the programme's order: what the applications' overview
	// does not show.
	Stages []StageTaken `json:"stages,omitempty"`
}

// StageTaken counts one stage's forms read in a run.
type StageTaken struct {
	Stage    string `json:"stage"`
	Form     string `json:"form"`     // 中期考核表
	Returns  int    `json:"returns"`  // forms read, unchanged ones too
	Findings int    `json:"findings"` // problems found in them
}

// stagesTaken counts the stage forms among outcomes.
func (w *Workspace) stagesTaken(outcomes []*intake.Outcome) []StageTaken {
	var out []StageTaken
	for _, stage := range []string{templates.StageMidterm, templates.StageFinal} {
		t := StageTaken{Stage: stage, Form: templates.StageFormNames[stage]}
		for _, o := range outcomes {
			if f, ok := w.Forms.Find(o.Form); ok && o.Status == intake.StatusParsed && f.Stage == stage {
				t.Returns++
				t.Findings += o.Findings
			}
		}
		if t.Returns > 0 {
			out = append(out, t)
		}
	}
	return out
}

// Rejected counts the inputs not taken in.
func (r *IntakeResult) Rejected() int {
	n := 0
	for _, o := range r.Outcomes {
		if o.Status == intake.StatusRejected {
			n++
		}
	}
	return n
}

// ReportPath is where the intake report is written.
func (w *Workspace) ReportPath() string { return filepath.Join(w.OutDir(), "intake-report.xlsx") }

// Intake takes in every file under paths (files, folders walked
// recursively, zip bundles expanded): each original archived by its
// SHA-256, each parsed and checked, each recorded in the register in
// input order. A file already registered from the same place with the same
// bytes is left as it is. Then every application is checked again (the
// rules across applications need them all) and the report is written.
//
// A path in paths that does not exist is a *FileError, and nothing is
// recorded. When the run stops early (ctx cancelled, intake.ErrDiskFull), the result
// holds what was recorded, the report is still written, and the error is
// returned beside it.
func (w *Workspace) Intake(ctx context.Context, paths []string, o IntakeOptions) (*IntakeResult, error) {
	// A path that does not exist is the user's typing, not a file that
	// came in: refused before anything is recorded.
	for _, p := range paths {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return nil, &FileError{Path: p, Err: err}
		}
	}
	if o.Received.IsZero() {
		o.Received = time.Now()
	}
	opts := intake.Options{Forms: w.Forms, Cfg: w.Cfg, Workers: o.Workers, Progress: o.Progress, Convert: o.Convert,
		ConvertSheet: o.ConvertSheet, Sent: o.Sent}
	if opts.Convert == nil && !o.NoConvert {
		if lo, stop := findOffice(w.Cfg); lo != nil {
			defer stop()
			opts.Convert, opts.ConvertSheet = lo.ToDocx, lo.ToXlsx
		}
	}
	runID, err := w.reg.StartRun(o.Received)
	if err != nil {
		return nil, err
	}
	var hashes map[string]bool
	if opts.Known, hashes, err = w.reg.KnownSet(); err != nil {
		return nil, err
	}
	// A file from a place the register has no file from, with bytes it
	// has not, is new: Record asks it nothing about such a file.
	origins := make(map[string]bool, len(opts.Known))
	for o := range opts.Known {
		origins[o] = true
	}
	retry := map[string]bool{}
	if opts.Convert != nil {
		// Files rejected only for want of LibreOffice are read again now.
		files, err := w.reg.Files()
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if f.Status == intake.StatusRejected && strings.Contains(f.Reason, intake.NoConverter) {
				delete(opts.Known, f.Origin)
				retry[f.Origin+"\x00"+f.SHA256] = true
			}
		}
	}
	// The returns are checked as they are recorded, by the rules and with
	// the times revalidate uses, so that it need not read them again.
	rules, earlier, err := w.ruleConfig()
	if err != nil {
		return nil, err
	}
	// The time as the register keeps it, as revalidate reads it back.
	received, _ := time.Parse(register.TimeFormat, o.Received.Format(register.TimeFormat))
	rec := &recorder{w: w, run: runID, received: received, retry: retry, archive: w.Layout.Archiver(),
		rules: rules, earlier: earlier, checked: map[int64][]register.Finding{},
		origins: origins, hashes: hashes}
	// The files are recorded in batches, a transaction each: what a run
	// that stops (killed, the disk full) had not committed is read again
	// by the next run.
	if err := w.reg.BeginBatch(); err != nil {
		return nil, err
	}
	outcomes, runErr := intake.Run(ctx, opts, paths, rec)
	if err := rec.commit(); err != nil && runErr == nil {
		runErr = err
	}
	res := &IntakeResult{Run: runID, Outcomes: outcomes, Report: w.ReportPath(), Stages: w.stagesTaken(outcomes)}
	if runErr != nil {
		// What was recorded stays: the report and the overview show it
		// where they still can (not on a full disk).
		if w.writeReport(res.Report) != nil {
			res.Report = ""
		}
		res.Overview, _ = w.Status()
		return res, runErr
	}
	if err := w.revalidate(ctx, rec.checked); err != nil {
		return res, err
	}
	if err := w.reg.FinishRun(runID, time.Now()); err != nil {
		return res, err
	}
	res.Overview, err = w.reportAndStatus(res.Report)
	return res, err
}

// FindConverter returns the LibreOffice converter of this machine for
// legacy documents, with the configured time-out, and the function that
// stops it; nil (and a no-op) when LibreOffice is not installed.
func FindConverter(cfg *config.Config) (intake.Converter, func()) {
	o, stop := findOffice(cfg)
	if o == nil {
		return nil, stop
	}
	return o.ToDocx, stop
}

// office is LibreOffice's conversions, as intake and the dossier use them.
type office struct {
	ToDocx, ToXlsx, ToPDF intake.Converter
}

func findOffice(cfg *config.Config) (*office, func()) {
	conv, ok := convert.Find()
	if !ok {
		return nil, func() {}
	}
	if sec := cfg.Limits.ConvertSeconds; sec > 0 {
		conv.Timeout = time.Duration(sec) * time.Second
	}
	return &office{ToDocx: conv.ToDocx, ToXlsx: conv.ToXlsx, ToPDF: conv.ToPDF}, func() { conv.Close() }
}

// recorder records what intake.Run read into the workspace.
type recorder struct {
	w        *Workspace
	run      int64
	received time.Time
	retry    map[string]bool // origin NUL sha256 of rejected files to read again
	added    int             // files recorded, for committing in batches
	archive  *register.Archiver
	// rules and earlier are revalidate's. checked holds each return's
	// findings by file.
	rules   *config.Config
	earlier []intake.Earlier
	checked map[int64][]register.Finding
	// origins and hashes are those of every file recorded, before and
	// in this run.
	origins, hashes map[string]bool
}

func (r *recorder) Archive(sha, name string, data []byte) (string, error) {
	return r.archive.Put(sha, name, data)
}

// commit ends the register's batch, the originals it names flushed to
// disk first: a register that survives a crash never names an original
// that did not.
func (r *recorder) commit() error {
	err := r.archive.Sync()
	if err == nil {
		err = r.w.reg.EndBatch()
	}
	if register.IsDiskFull(err) {
		err = fmt.Errorf("%w: %v", intake.ErrDiskFull, err)
	}
	return err
}

// Record writes one input to the register (the single writer): a
// duplicate of registered bytes is marked so; a return is checked and
// becomes the next version of its application.
func (r *recorder) Record(ctx context.Context, in *intake.Input) (*intake.Outcome, error) {
	reg := r.w.reg
	o := &intake.Outcome{Origin: in.Origin, Name: in.Name, Group: in.Group, Kind: string(in.Kind), Size: in.Size,
		SHA256: in.SHA256, Status: in.Status, Reason: in.Reason}
	// The same place with the same bytes (an unreadable file has no bytes:
	// its place alone): a re-run, nothing to change.
	var known *register.FileRecord
	if r.origins[in.Origin] {
		var err error
		if known, err = reg.Known(in.Origin, in.SHA256); err != nil {
			return nil, err
		}
	}
	var replaces int64
	if known != nil {
		if !r.retry[in.Origin+"\x00"+in.SHA256] || (in.Status == intake.StatusRejected && strings.Contains(in.Reason, intake.NoConverter)) {
			o.Unchanged, o.FileID, o.Status, o.Reason = true, known.ID, known.Status, known.Reason
			return o, nil
		}
		replaces = known.ID // read now: the earlier rejection gives way
	}
	status, reason := in.Status, in.Reason
	ret, summary := in.Return, in.Summary
	var dupOf int64
	if in.SHA256 != "" && status != intake.StatusRejected && status != intake.StatusBundle && r.hashes[in.SHA256] {
		first, err := reg.FirstWithHash(in.SHA256)
		if err != nil {
			return nil, err
		}
		if first != nil && first.ID != replaces {
			dupOf = first.ID
			status, reason = intake.StatusDuplicate, "与已登记的文件 "+first.Name+" 内容完全相同"
			ret, summary = nil, nil
			o.Status, o.Reason = status, reason
		}
	}
	e := &register.Entry{File: register.FileRecord{SHA256: in.SHA256, Origin: in.Origin, Name: in.Name, Group: in.Group,
		Size: in.Size, Kind: string(in.Kind), Received: r.received.Format(register.TimeFormat), Status: status,
		Reason: reason, Archive: in.Archive, DuplicateOf: dupOf, Run: r.run, ID: replaces}}
	if !in.Modified.IsZero() {
		e.File.Modified = in.Modified.UTC().Format(register.TimeFormat)
	}
	if summary != nil {
		e.Summary = &register.SummarySheet{Filler: summary.Filler}
		for _, row := range summary.Rows {
			e.Summary.Rows = append(e.Summary.Rows, summaryRow(row))
		}
	}
	if ret != nil && ret.Form.IsStage() {
		if err := r.stageEntry(ret, in, e, o); err != nil {
			return nil, err
		}
		ret = nil
	}
	if ret != nil {
		a := in.Prepared.(*checkedReturn) // Prepare checked every application's return
		if a.err != nil {
			return nil, a.err
		}
		e.Version = a.version
		o.Form, o.Category = ret.FormID, a.version.Category
		o.Application = a.version.Unit + " · " + a.version.Name
		o.Findings = len(a.version.Findings)
	}
	id, version, err := reg.Add(ctx, e)
	if register.IsDiskFull(err) {
		err = fmt.Errorf("%w: %v", intake.ErrDiskFull, err)
	}
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", in.Origin, err)
	}
	o.FileID, o.Version = id, version
	r.origins[in.Origin], r.hashes[in.SHA256] = true, true
	if e.Version != nil {
		r.checked[id] = e.Version.Findings
	}
	if r.added++; r.added%batchSize == 0 {
		if err := r.commit(); err != nil {
			return nil, err
		}
		if err := reg.BeginBatch(); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// checkedReturn is an application's return checked and encoded for the
// register, by Prepare on a worker.
type checkedReturn struct {
	version *register.NewVersion
	err     error
}

// Prepare checks an application's return and encodes it on the worker
// that read it, so that Record, on the one goroutine that writes, has
// only the writing left.
func (r *recorder) Prepare(in *intake.Input) {
	if in.Return != nil && !in.Return.Form.IsStage() {
		in.Prepared = r.check(in)
	}
}

// check checks an application's return by the rules revalidate applies
// and encodes it.
func (r *recorder) check(in *intake.Input) *checkedReturn {
	ret := in.Return
	who := ret.Form.Who()
	unit, name := ret.Text(who.Unit), ret.Text(who.Name)
	if unit == "" {
		unit = in.Group
	}
	category := ret.Form.Category
	findings := checkReturn(ret, r.rules, r.earlier, r.received, unit, name)
	data, err := json.Marshal(ret)
	if err != nil {
		return &checkedReturn{err: err}
	}
	return &checkedReturn{version: &register.NewVersion{Key: appKey(category, unit, name), Category: category, Unit: unit,
		Name: name, Leader: ret.Text(who.Leader), Phone: ret.Text(who.Phone), Form: ret.FormID, FormVersion: ret.Version,
		Contact: contactOf(ret, who), Data: data, Findings: findings}}
}

// checkReturn is what the rules find in a return of the application unit
// and name, received then: the same for intake and revalidate, which
// keeps what intake found in this run instead of checking it again.
func checkReturn(ret *intake.Return, cfg *config.Config, earlier []intake.Earlier, received time.Time, unit, name string) []register.Finding {
	cat, _ := cfg.Category(ret.Form.Category)
	return toStored(intake.CheckApplication(&intake.Subject{Return: ret, Form: ret.Form, Cfg: cfg, Category: cat,
		Received: received, Unit: unit, Name: name, Earlier: earlier}))
}

// batchSize is how many files one transaction records.
const batchSize = 64

// contactOf is the person the return's phone belongs to: its 联系人 where
// the form has one beside the leader, "" where the phone is the leader's.
func contactOf(ret *intake.Return, who templates.Identity) string {
	if who.Contact == "" {
		return ""
	}
	return ret.Text(who.Contact)
}

func summaryRow(r intake.SummaryRow) register.SummaryRow {
	return register.SummaryRow{Seq: r.Seq, Category: r.Category, Name: r.Name, Unit: r.Unit, Leader: r.Leader,
		Phone: r.Phone, Provincial: r.Provincial, Note: r.Note}
}

// appKey is how applications are matched across returns: category, unit
// and name, compared as labels are (spaces, widths, quotes folded).
func appKey(category, unit, name string) string {
	return category + "|" + intake.NormLabel(unit) + "|" + intake.NormLabel(name)
}

func toStored(fs []intake.Finding) []register.Finding {
	out := make([]register.Finding, len(fs))
	for i, f := range fs {
		out[i] = register.Finding(f)
	}
	return out
}

// CheckResult is the register after the rules ran again.
type CheckResult struct {
	Overview *Overview                 `json:"overview"`
	Findings []*register.FindingRecord `json:"findings"`
	Report   string                    `json:"report"`
}

// Check runs every rule again on the current version of every
// application, from the stored returns (files are not read again), with
// the configuration as it is now, replaces their findings and rewrites
// the intake report.
func (w *Workspace) Check(ctx context.Context) (*CheckResult, error) {
	if err := w.revalidate(ctx, nil); err != nil {
		return nil, err
	}
	res := &CheckResult{Report: w.ReportPath()}
	if err := w.writeReport(res.Report); err != nil {
		return nil, err
	}
	var err error
	if res.Overview, err = w.Status(); err != nil {
		return nil, err
	}
	res.Findings, err = w.reg.CurrentFindings()
	return res, err
}

// revalidate re-runs every rule on the current version of every
// application and replaces the findings of current versions and of
// summary sheets. Returns are loaded one at a time, except those in
// checked (by file id): an intake run's, checked as they were recorded,
// by the same rules.
func (w *Workspace) revalidate(ctx context.Context, checked map[int64][]register.Finding) error {
	if err := w.listProvincial(ctx); err != nil {
		return err
	}
	if err := w.revalidateStages(ctx); err != nil {
		return err
	}
	cur, err := w.reg.CurrentVersions(ctx)
	if err != nil {
		return err
	}
	cfg, earlier, err := w.ruleConfig()
	if err != nil {
		return err
	}
	// The findings are replaced in one transaction, each version's as
	// soon as it is checked (so they are never all held at once), the
	// rules across applications' after them.
	if err := w.reg.BeginBatch(); err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			w.reg.AbortBatch()
		}
	}()
	if err := w.reg.ClearFindings(ctx); err != nil {
		return err
	}
	in := intake.AcrossInput{Cfg: cfg}
	// The returns are loaded here one at a time, decoded and checked on
	// every CPU; what they found is kept by version.
	type job struct {
		a    *register.CurrentVersion
		data []byte
	}
	type result struct {
		version int64
		fs      []register.Finding
		err     error
	}
	jobs, results := make(chan job, 4), make(chan result, 4)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				a := j.a
				ret, err := intake.DecodeReturn(j.data, w.Forms)
				switch {
				case err != nil:
					results <- result{err: fmt.Errorf("register: version %d: %w", a.VersionID, err)}
				case ret.Form == nil:
					results <- result{version: a.VersionID, fs: []register.Finding{{Rule: "form", Severity: intake.SeverityError,
						Message: fmt.Sprintf("表单 %s 的定义已不存在，无法核对", ret.FormID)}}}
				default:
					t, _ := time.Parse(register.TimeFormat, a.Received)
					results <- result{version: a.VersionID, fs: checkReturn(ret, cfg, earlier, t, a.Unit, a.Name)}
				}
			}
		}()
	}
	var checkErr error
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for r := range results {
			if r.err != nil {
				if checkErr == nil {
					checkErr = r.err
				}
				continue
			}
			if err := w.reg.AddFindings(ctx, r.version, 0, r.fs); err != nil && checkErr == nil {
				checkErr = err
			}
		}
	}()
	var loadErr error
	for i := range cur {
		a := &cur[i]
		if a.Withdrawn != "" {
			// Not reviewed: no findings, not compared with the others.
			in.Withdrawn = append(in.Withdrawn, intake.AcrossApp{ID: a.ID, Category: a.Category, Unit: a.Unit, Name: a.Name})
			continue
		}
		in.Applications = append(in.Applications, intake.AcrossApp{ID: a.ID, VersionID: a.VersionID, Category: a.Category,
			Unit: a.Unit, Name: a.Name, Leader: a.Leader})
		if fs, ok := checked[a.FileID]; ok {
			results <- result{version: a.VersionID, fs: fs}
			continue
		}
		data, err := w.reg.VersionData(ctx, a.VersionID)
		if err != nil {
			loadErr = err
			break
		}
		jobs <- job{a, data}
	}
	close(jobs)
	wg.Wait()
	close(results)
	<-collected
	if loadErr != nil {
		return loadErr
	}
	if checkErr != nil {
		return checkErr
	}
	rows, err := w.reg.SummaryRows(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		in.Summaries = append(in.Summaries, intake.AcrossSummaryRow{FileID: r.FileID, Modified: r.Modified, Filler: r.Filler,
			SummaryRow: intake.SummaryRow{Seq: r.Seq, Category: r.Category, Name: r.Name, Unit: r.Unit, Leader: r.Leader,
				Phone: r.Phone, Provincial: r.Provincial, Note: r.Note}})
	}
	across, onFiles := intake.CheckAcross(in)
	for _, v := range sortedKeys(across) {
		if err := w.reg.AddFindings(ctx, v, 0, toStored(across[v])); err != nil {
			return err
		}
	}
	for _, id := range sortedKeys(onFiles) {
		if err := w.reg.AddFindings(ctx, 0, id, toStored(onFiles[id])); err != nil {
			return err
		}
	}
	done = true
	return w.reg.EndBatch()
}

func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
