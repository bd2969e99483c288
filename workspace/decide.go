package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
)

// Why Decide, Accept or DecideStage recorded nothing (or, for
// ErrAcceptMonth and ErrDeferredTwice, what it recorded with a warning):
// each Problem of theirs carries one of these as its Err, and as its
// Message the finding in the clerk's words (problemText).
var (
	ErrQuota       = errors.New("workspace: more recommended than the quota")
	ErrOpenErrors  = errors.New("workspace: a recommended application still has errors")
	ErrUnknownApp  = errors.New("workspace: the sheet names an application the register does not hold")
	ErrNoDecisions = errors.New("workspace: the review sheet recommends nothing and rejects nothing")
	// ErrNoConclusions: a stage review sheet with no 结论 filled in.
	ErrNoConclusions = errors.New("workspace: the stage review sheet concludes nothing")
	ErrUnknownEntry  = errors.New("workspace: the sheet names an application that is no construction object")
	ErrNoDate        = errors.New("workspace: an acceptance without its date")
	// ErrAcceptMonth (a warning): dated outside the acceptance month.
	ErrAcceptMonth = errors.New("workspace: accepted outside the category's acceptance month")
	// ErrDeferredTwice: a 二次验收 concluded 暂缓通过 again, where the
	// notice foresees one extension (recorded, with a warning).
	ErrDeferredTwice = errors.New("workspace: deferred at the second acceptance again")
	// ErrNoDecisionDate: neither the options nor the sheets say when the
	// committee decided.
	ErrNoDecisionDate = errors.New("workspace: no date of the decision")
)

// problemText is each problem's finding as the clerk reads it; a Problem's
// Message may add what it concerns.
var problemText = map[error]string{
	ErrQuota:         "推荐数超过名额",
	ErrOpenErrors:    "推荐的申报仍有错误",
	ErrUnknownApp:    "评审表中的编号不在登记库中",
	ErrNoDecisions:   "评审表中没有任何“推荐/不推荐”",
	ErrNoConclusions: "评审表中没有任何“结论”",
	ErrUnknownEntry:  "验收表中的编号不是建设对象",
	ErrNoDate:        "缺少验收日期",
	ErrWithdrawn:     "该申报已撤回",
	ErrDeferredTwice: "二次验收仍为“暂缓通过”：延长建设期只设一次，请评审组作出“通过验收”或“不予通过”的结论",
}

// problem is the Problem err found at a row of a sheet (line and id 0:
// the sheet as a whole), its message problemText's followed by detail.
func problem(err error, line int, id int64, detail string) Problem {
	return Problem{Line: line, ID: id, Err: err, Message: problemText[err] + detail}
}

// Problem is one reason a filled sheet was not recorded: where (the file,
// the application), what.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"` // the row of the sheet
	ID      int64  `json:"id,omitempty"`
	Message string `json:"message"`
	Err     error  `json:"-"`
}

func (p Problem) String() string {
	s := p.Message
	switch {
	case p.Line != 0 && p.ID != 0:
		s = fmt.Sprintf("第 %d 行（编号 %d）：%s", p.Line, p.ID, s)
	case p.ID != 0:
		s = fmt.Sprintf("编号 %d：%s", p.ID, s)
	}
	if p.File != "" {
		s = p.File + "：" + s
	}
	return s
}

// DecideOptions of recording the committee's decisions.
type DecideOptions struct {
	Sheets []string // filled review sheets
	Force  bool     // recommend applications with open errors, recorded as forced
	// Date is the date of the decision (construction starts from it);
	// zero: the date written on the sheets' signature line, else
	// ErrNoDecisionDate — never the day the clerk happens to run it.
	Date time.Time
}

// DecideResult reports what Decide recorded, or why it recorded nothing.
type DecideResult struct {
	Recorded    int            `json:"recorded"`
	Recommended map[string]int `json:"recommended"` // by category key, quota-counted
	Forced      []string       `json:"forced,omitempty"`
	Problems    []Problem      `json:"problems,omitempty"` // why nothing was recorded
}

// Decide reads the filled review sheets and records the committee's
// decisions after checking them: every sheet reads; every id is an
// application; per category, no more recommended (provincial
// recommendations not counted) than the quota; no recommended application
// with an open error finding, unless Force, which is recorded with each
// overridden application. Nothing is recorded when a check fails: the
// result's Problems say why. A sheet that cannot be opened is a
// *FileError.
func (w *Workspace) Decide(ctx context.Context, o DecideOptions) (*DecideResult, error) {
	var all []intake.Decision
	res := &DecideResult{Recommended: map[string]int{}}
	when := o.Date
	for _, f := range o.Sheets {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, &FileError{Path: f, Err: err}
		}
		sheet, err := intake.ReadReview(data)
		if err != nil {
			return nil, &FileError{Path: f, Err: err}
		}
		if d, err := intake.ParseDate(sheet.Date); err == nil && o.Date.IsZero() && d.Time().After(when) {
			when = d.Time()
		}
		for _, p := range sheet.Problems {
			res.Problems = append(res.Problems, Problem{File: f, Message: p})
		}
		all = append(all, sheet.Decisions...)
	}
	if len(res.Problems) > 0 {
		return res, nil
	}
	return res, w.decide(ctx, res, all, strings.Join(o.Sheets, ", "), o.Force, when)
}

func (w *Workspace) decide(ctx context.Context, res *DecideResult, ds []intake.Decision, source string, force bool, when time.Time) error {
	apps, err := w.reg.Applications()
	if err != nil {
		return err
	}
	byID := map[int64]*register.Application{}
	for _, a := range apps {
		byID[a.ID] = a
	}
	errorsOf, provincial, err := w.findingsByApp()
	if err != nil {
		return err
	}
	// The count includes what earlier sheets recommended in the same
	// category and this batch does not decide again.
	previous, err := w.reg.Decisions()
	if err != nil {
		return err
	}
	deciding := map[int64]bool{}
	any := false
	for _, d := range ds {
		a := byID[d.ID]
		if a == nil {
			res.Problems = append(res.Problems, problem(ErrUnknownApp, d.Line, d.ID, ""))
			continue
		}
		if a.Withdrawn != "" && d.Recommend != nil && *d.Recommend {
			res.Problems = append(res.Problems, problem(ErrWithdrawn, d.Line, d.ID, "（"+a.WithdrawReason+"），不能推荐"))
			continue
		}
		if d.Recommend == nil {
			continue
		}
		any = true
		deciding[d.ID] = true
		if !*d.Recommend {
			continue
		}
		if !provincial[a.ID] {
			res.Recommended[a.Category]++
		}
		if errs := errorsOf[a.ID]; len(errs) > 0 {
			msg := fmt.Sprintf("%s · %s 仍有 %d 个错误（%s）", a.Unit, a.Name, len(errs), errs[0])
			if force {
				res.Forced = append(res.Forced, msg)
			} else {
				res.Problems = append(res.Problems, problem(ErrOpenErrors, d.Line, a.ID, "："+msg))
			}
		}
	}
	for id, rec := range previous {
		if a := byID[id]; a != nil && rec.Recommended && !deciding[id] && !provincial[id] {
			res.Recommended[a.Category]++
		}
	}
	for _, c := range w.Cfg.Categories {
		if n := res.Recommended[c.Key]; n > c.Quota {
			res.Problems = append(res.Problems, problem(ErrQuota, 0, 0, fmt.Sprintf("：「%s」推荐 %d 项，名额 %d 项（已获省级推荐的不占名额）", c.Name, n, c.Quota)))
		}
	}
	if !any && len(res.Problems) == 0 {
		res.Problems = append(res.Problems, problem(ErrNoDecisions, 0, 0, ""))
	}
	if len(res.Problems) > 0 {
		return nil
	}
	if when.IsZero() {
		return ErrNoDecisionDate
	}
	var recs []register.Decision
	for _, d := range ds {
		if d.Recommend == nil || byID[d.ID] == nil {
			continue
		}
		scores, _ := json.Marshal(d.Scores)
		forced := force && *d.Recommend && len(errorsOf[d.ID]) > 0
		note := d.Note
		if forced {
			note = strings.TrimSpace(note + " 经办人强制推荐（存在错误：" + errorsOf[d.ID][0] + "）")
		}
		recs = append(recs, register.Decision{ApplicationID: d.ID, Recommended: *d.Recommend, Total: d.Total,
			Scores: string(scores), Forced: forced, Note: note, Source: source})
	}
	if err := w.reg.RecordDecisions(ctx, recs, when); err != nil {
		return err
	}
	res.Recorded = len(recs)
	return nil
}

// findingsByApp returns the error messages of each application's current
// version, and which applications the provincial rule recognised.
func (w *Workspace) findingsByApp() (errorsOf map[int64][]string, provincial map[int64]bool, err error) {
	findings, err := w.reg.CurrentFindings()
	if err != nil {
		return nil, nil, err
	}
	errorsOf, provincial = map[int64][]string{}, map[int64]bool{}
	for _, f := range findings {
		if f.Severity == intake.SeverityError {
			errorsOf[f.ApplicationID] = append(errorsOf[f.ApplicationID], f.Message)
		}
		if f.Rule == "provincial" {
			provincial[f.ApplicationID] = true
		}
	}
	return errorsOf, provincial, nil
}

// Selected is an application chosen for construction: recommended by the
// committee, or recognised through a provincial recommendation.
type Selected struct {
	register.Application
	CategoryName string `json:"category_name"`
	Provincial   bool   `json:"provincial"`
	// Unfiled: a provincial recommendation whose unit sent no form.
	Unfiled bool    `json:"unfiled,omitempty"`
	Total   float64 `json:"total"`
	Forced  bool    `json:"forced"`
	Funding int64   `json:"funding"` // fen
	// Acceptance, once recorded.
	Accepted   *bool  `json:"accepted,omitempty"`
	AcceptDate string `json:"accept_date,omitempty"`
	AcceptNote string `json:"accept_note,omitempty"`
}

// Selected returns the construction objects in category order, then unit
// order as configured, then name.
func (w *Workspace) Selected() ([]*Selected, error) {
	apps, err := w.applications()
	if err != nil {
		return nil, err
	}
	_, provincial, err := w.findingsByApp()
	if err != nil {
		return nil, err
	}
	decs, err := w.reg.Decisions()
	if err != nil {
		return nil, err
	}
	acc, err := w.reg.Acceptances()
	if err != nil {
		return nil, err
	}
	var out []*Selected
	for _, a := range apps {
		d, decided := decs[a.ID]
		if !provincial[a.ID] && !(decided && d.Recommended) {
			continue
		}
		cat, _ := w.Cfg.Category(a.Category)
		s := &Selected{Application: *a, CategoryName: cat.Name, Provincial: provincial[a.ID], Total: d.Total,
			Forced: d.Forced, Funding: cat.Funding * 100}
		if x, ok := acc[a.ID]; ok {
			passed := x.Passed
			s.Accepted, s.AcceptDate, s.AcceptNote = &passed, x.Date, x.Note
		}
		out = append(out, s)
	}
	unfiled, err := w.unfiledProvincial()
	if err != nil {
		return nil, err
	}
	for _, a := range unfiled {
		cat, _ := w.Cfg.Category(a.Category)
		s := &Selected{Application: *a, CategoryName: cat.Name, Provincial: true, Unfiled: true, Funding: cat.Funding * 100}
		if x, ok := acc[a.ID]; ok {
			passed := x.Passed
			s.Accepted, s.AcceptDate, s.AcceptNote = &passed, x.Date, x.Note
		}
		out = append(out, s)
	}
	less := appOrder(w.Cfg)
	sort.SliceStable(out, func(i, j int) bool { return less(&out[i].Application, &out[j].Application) })
	return out, nil
}

// appOrder orders applications as every output lists them: by category
// and by unit in the configured order, then by unit and name — never by
// file name.
func appOrder(cfg *config.Config) func(a, b *register.Application) bool {
	catOrder := map[string]int{}
	for i, c := range cfg.Categories {
		catOrder[c.Key] = i
	}
	unitOrder := map[string]int{}
	for i, u := range cfg.Units {
		unitOrder[intake.NormLabel(u.Name)] = i + 1
	}
	uo := func(u string) int {
		if n, ok := unitOrder[intake.NormLabel(u)]; ok {
			return n
		}
		return len(cfg.Units) + 1
	}
	return func(a, b *register.Application) bool {
		switch {
		case catOrder[a.Category] != catOrder[b.Category]:
			return catOrder[a.Category] < catOrder[b.Category]
		case uo(a.Unit) != uo(b.Unit):
			return uo(a.Unit) < uo(b.Unit)
		case a.Unit != b.Unit:
			return a.Unit < b.Unit
		}
		return a.Name < b.Name
	}
}

// AcceptResult reports what Accept recorded, or why it recorded nothing.
type AcceptResult struct {
	Recorded int       `json:"recorded"`
	Problems []Problem `json:"problems,omitempty"`
	// Warnings are recorded all the same: a result dated outside its
	// category's acceptance month (通知：验收安排在建设期满当年12月).
	Warnings []Problem `json:"warnings,omitempty"`
}

// Accept reads a filled acceptance sheet and records the acceptance
// results of construction objects, then checks every application again: a
// unit that fails is barred from applying for the configured years (the
// "barred" rule reads these records). A sheet with any problem records
// nothing; the result's Problems list them all.
func (w *Workspace) Accept(ctx context.Context, sheet string) (*AcceptResult, error) {
	data, err := os.ReadFile(sheet)
	if err != nil {
		return nil, &FileError{Path: sheet, Err: err}
	}
	rows, problems, err := intake.ReadAcceptSheet(data)
	if err != nil {
		return nil, &FileError{Path: sheet, Err: err}
	}
	res := &AcceptResult{}
	for _, p := range problems {
		res.Problems = append(res.Problems, Problem{Message: p})
	}
	// The rows that read are checked against the register too, so that
	// the clerk sees every problem of the sheet at once.
	if err := w.accept(ctx, res, rows); err != nil || len(res.Problems) > 0 {
		return res, err
	}
	return res, w.revalidate(ctx, nil)
}

func (w *Workspace) accept(ctx context.Context, res *AcceptResult, rows []intake.AcceptanceResult) error {
	sel, err := w.Selected()
	if err != nil {
		return err
	}
	isSel := map[int64]bool{}
	for _, s := range sel {
		isSel[s.ID] = true
	}
	for _, a := range rows {
		if !isSel[a.ID] {
			res.Problems = append(res.Problems, problem(ErrUnknownEntry, a.Line, a.ID, ""))
		}
		if a.Passed != nil && a.Date == "" {
			res.Problems = append(res.Problems, problem(ErrNoDate, a.Line, a.ID, ""))
		}
	}
	if len(res.Problems) > 0 {
		return nil
	}
	byID := map[int64]*Selected{}
	for _, s := range sel {
		byID[s.ID] = s
	}
	var recs []register.Acceptance
	for _, a := range rows {
		if a.Passed == nil {
			continue
		}
		recs = append(recs, register.Acceptance{ApplicationID: a.ID, Passed: *a.Passed, Date: a.Date, Note: a.Note})
		cat, _ := w.Cfg.Category(byID[a.ID].Category)
		if d, err := intake.ParseDate(a.Date); err == nil && !cat.Acceptance.IsZero() &&
			(d.Year != cat.Acceptance.Year || d.Month != int(cat.Acceptance.Month)) {
			res.Warnings = append(res.Warnings, Problem{Line: a.Line, ID: a.ID, Err: ErrAcceptMonth,
				Message: fmt.Sprintf("%s「%s」的验收日期 %s 不在%s的验收时间 %s 内；证书日期和编号年份将按 %s 计", byID[a.ID].Unit, byID[a.ID].Name, a.Date, cat.ShortName, cat.Acceptance.Chinese(), a.Date)})
		}
	}
	if err := w.reg.RecordAcceptances(ctx, recs, time.Now()); err != nil {
		return err
	}
	res.Recorded = len(recs)
	return nil
}
