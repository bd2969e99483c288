package intake

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"dbzx/config"
)

// Decision is the committee's word on one application, read from a
// filled review sheet.
type Decision struct {
	ID        int64     `json:"id"`
	Recommend *bool     `json:"recommend"` // nil: left blank
	Scores    []float64 `json:"scores"`
	Total     float64   `json:"total"`
	Note      string    `json:"note,omitempty"`
}

// Errors of recording decisions.
var (
	ErrQuota        = errors.New("推荐数超过名额")
	ErrOpenErrors   = errors.New("推荐的申报仍有错误")
	ErrUnknownApp   = errors.New("评审表中的编号不在登记库中")
	ErrNoDecisions  = errors.New("评审表中没有任何“推荐/不推荐”")
	ErrUnknownEntry = errors.New("验收表中的编号不是建设对象")
)

// DecideResult reports what Decide recorded.
type DecideResult struct {
	Recorded    int               `json:"recorded"`
	Recommended map[string]int    `json:"recommended"` // by category key, quota-counted
	Forced      []string          `json:"forced,omitempty"`
	Problems    []string          `json:"problems,omitempty"` // why nothing was recorded
	Categories  []config.Category `json:"-"`
}

// Decide records the committee's decisions after checking them: every id
// is an application; per category, no more recommended (provincial
// recommendations not counted) than the quota; no recommended application
// with an open error finding, unless force, which is recorded with each
// overridden application. Nothing is recorded when a check fails.
// when is the date of the decision (the construction starts from it); zero
// means now.
func (r *Register) Decide(ctx context.Context, cfg *config.Config, ds []Decision, source string, force bool, when time.Time) (*DecideResult, error) {
	apps, err := r.Applications()
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Application{}
	for _, a := range apps {
		byID[a.ID] = a
	}
	findings, err := r.CurrentFindings()
	if err != nil {
		return nil, err
	}
	errorsOf := map[int64][]string{}
	provincial := map[int64]bool{}
	for _, f := range findings {
		if f.Severity == SeverityError {
			errorsOf[f.ApplicationID] = append(errorsOf[f.ApplicationID], f.Message)
		}
		if f.Rule == "provincial" {
			provincial[f.ApplicationID] = true
		}
	}
	// The count includes what earlier sheets recommended in the same
	// category and this batch does not decide again.
	previous, err := r.decisions()
	if err != nil {
		return nil, err
	}
	res := &DecideResult{Recommended: map[string]int{}}
	deciding := map[int64]bool{}
	any := false
	for _, d := range ds {
		a := byID[d.ID]
		if a == nil {
			res.Problems = append(res.Problems, fmt.Sprintf("编号 %d：%v", d.ID, ErrUnknownApp))
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
				res.Problems = append(res.Problems, fmt.Sprintf("%v：%s；补正后重新受理，或加 --force 强制推荐（将记录在案）", ErrOpenErrors, msg))
			}
		}
	}
	for id, rec := range previous {
		if a := byID[id]; a != nil && rec && !deciding[id] && !provincial[id] {
			res.Recommended[a.Category]++
		}
	}
	for _, c := range cfg.Categories {
		if n := res.Recommended[c.Key]; n > c.Quota {
			res.Problems = append(res.Problems, fmt.Sprintf("%v：「%s」推荐 %d 项，名额 %d 项（已获省级推荐的不占名额）", ErrQuota, c.Name, n, c.Quota))
		}
	}
	if !any && len(res.Problems) == 0 {
		res.Problems = append(res.Problems, ErrNoDecisions.Error())
	}
	if len(res.Problems) > 0 {
		return res, nil
	}
	if when.IsZero() {
		when = time.Now()
	}
	now := when.Format(timeFormat)
	err = r.db.Tx(ctx, func(tx *sql.Tx) error {
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
			if _, err := tx.Exec(`INSERT INTO decisions(application_id, recommended, total, scores, forced, note, source, decided)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT(application_id) DO UPDATE SET recommended = excluded.recommended, total = excluded.total,
					scores = excluded.scores, forced = excluded.forced, note = excluded.note, source = excluded.source,
					decided = excluded.decided`,
				d.ID, *d.Recommend, d.Total, string(scores), forced, note, source, now); err != nil {
				return err
			}
			res.Recorded++
		}
		return nil
	})
	return res, err
}

func (r *Register) decisions() (map[int64]bool, error) {
	rows, err := r.db.Query(`SELECT application_id, recommended FROM decisions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		var rec bool
		if err := rows.Scan(&id, &rec); err != nil {
			return nil, err
		}
		out[id] = rec
	}
	return out, rows.Err()
}

// Selected is an application chosen for construction: recommended by the
// committee, or recognised through a provincial recommendation.
type Selected struct {
	Application
	CategoryName string  `json:"category_name"`
	Provincial   bool    `json:"provincial"`
	Total        float64 `json:"total"`
	Forced       bool    `json:"forced"`
	Funding      int64   `json:"funding"` // fen
	// Acceptance, once recorded.
	Accepted   *bool  `json:"accepted,omitempty"`
	AcceptDate string `json:"accept_date,omitempty"`
	AcceptNote string `json:"accept_note,omitempty"`
}

// Selected returns the construction objects in category order, then unit
// order as configured, then name.
func (r *Register) Selected(cfg *config.Config) ([]*Selected, error) {
	apps, err := r.Applications()
	if err != nil {
		return nil, err
	}
	findings, err := r.CurrentFindings()
	if err != nil {
		return nil, err
	}
	provincial := map[int64]bool{}
	for _, f := range findings {
		if f.Rule == "provincial" {
			provincial[f.ApplicationID] = true
		}
	}
	type dec struct {
		rec, forced bool
		total       float64
	}
	decs := map[int64]dec{}
	rows, err := r.db.Query(`SELECT application_id, recommended, forced, total FROM decisions`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var d dec
		if err := rows.Scan(&id, &d.rec, &d.forced, &d.total); err != nil {
			rows.Close()
			return nil, err
		}
		decs[id] = d
	}
	rows.Close()
	acc, err := r.acceptances()
	if err != nil {
		return nil, err
	}
	var out []*Selected
	for _, a := range apps {
		d, decided := decs[a.ID]
		if !provincial[a.ID] && !(decided && d.rec) {
			continue
		}
		cat, _ := cfg.Category(a.Category)
		s := &Selected{Application: *a, CategoryName: cat.Name, Provincial: provincial[a.ID], Total: d.total,
			Forced: d.forced, Funding: cat.Funding * 100}
		if x, ok := acc[a.ID]; ok {
			passed := x.passed
			s.Accepted, s.AcceptDate, s.AcceptNote = &passed, x.date, x.note
		}
		out = append(out, s)
	}
	sortSelected(out, cfg)
	return out, nil
}

func sortSelected(out []*Selected, cfg *config.Config) {
	less := appOrder(cfg)
	sort.SliceStable(out, func(i, j int) bool { return less(&out[i].Application, &out[j].Application) })
}

// appOrder orders applications as every output lists them: by category
// and by unit in the configured order, then by unit and name — never by
// file name.
func appOrder(cfg *config.Config) func(a, b *Application) bool {
	catOrder := map[string]int{}
	for i, c := range cfg.Categories {
		catOrder[c.Key] = i
	}
	unitOrder := map[string]int{}
	for i, u := range cfg.Units {
		unitOrder[normLabel(u.Name)] = i + 1
	}
	uo := func(u string) int {
		if n, ok := unitOrder[normLabel(u)]; ok {
			return n
		}
		return len(cfg.Units) + 1
	}
	return func(a, b *Application) bool {
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

type acceptance struct {
	passed     bool
	date, note string
}

func (r *Register) acceptances() (map[int64]acceptance, error) {
	rows, err := r.db.Query(`SELECT application_id, passed, date, note FROM acceptance`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]acceptance{}
	for rows.Next() {
		var id int64
		var a acceptance
		if err := rows.Scan(&id, &a.passed, &a.date, &a.note); err != nil {
			return nil, err
		}
		out[id] = a
	}
	return out, rows.Err()
}

// AcceptanceResult is one row of a filled acceptance sheet.
type AcceptanceResult struct {
	ID     int64  `json:"id"`
	Passed *bool  `json:"passed"` // nil: not yet accepted
	Date   string `json:"date"`   // 2024-12-20 (or 2024-12)
	Note   string `json:"note,omitempty"`
}

// Accept records acceptance results of construction objects. A unit that
// fails is barred from applying for the configured years: the "barred"
// rule reads these records.
func (r *Register) Accept(ctx context.Context, cfg *config.Config, rows []AcceptanceResult) (int, []string, error) {
	sel, err := r.Selected(cfg)
	if err != nil {
		return 0, nil, err
	}
	isSel := map[int64]bool{}
	for _, s := range sel {
		isSel[s.ID] = true
	}
	var problems []string
	for _, a := range rows {
		if !isSel[a.ID] {
			problems = append(problems, fmt.Sprintf("编号 %d：%v", a.ID, ErrUnknownEntry))
		}
		if a.Passed != nil && a.Date == "" {
			problems = append(problems, fmt.Sprintf("编号 %d：缺少验收日期", a.ID))
		}
	}
	if len(problems) > 0 {
		return 0, problems, nil
	}
	n := 0
	now := time.Now().Format(timeFormat)
	err = r.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, a := range rows {
			if a.Passed == nil {
				continue
			}
			if _, err := tx.Exec(`INSERT INTO acceptance(application_id, passed, date, note, recorded) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT(application_id) DO UPDATE SET passed = excluded.passed, date = excluded.date,
					note = excluded.note, recorded = excluded.recorded`, a.ID, *a.Passed, a.Date, a.Note, now); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, nil, err
}

// failedAcceptances lists units whose acceptance failed, for the barred
// rule, as the configuration's failed_acceptance entries do.
func (r *Register) failedAcceptances() ([]config.Listed, error) {
	rows, err := r.db.Query(`SELECT a.category, a.unit, a.name, x.date FROM acceptance x JOIN applications a ON a.id = x.application_id WHERE x.passed = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []config.Listed
	for rows.Next() {
		var l config.Listed
		var date string
		if err := rows.Scan(&l.Category, &l.Unit, &l.Name, &date); err != nil {
			return nil, err
		}
		d, err := ParseDate(date)
		if err != nil {
			continue
		}
		l.Month = config.Month{Year: d.Year, Month: time.Month(d.Month)}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Certificate is an issued certificate number.
type Certificate struct {
	Selected
	Year   int    `json:"year"`
	Number string `json:"number"`
}

// Certificates returns a certificate for every construction object that
// passed acceptance, numbering new ones after the year's last number. A
// number once issued is kept: re-running re-issues the same numbers.
func (r *Register) Certificates(ctx context.Context, cfg *config.Config) ([]*Certificate, error) {
	sel, err := r.Selected(cfg)
	if err != nil {
		return nil, err
	}
	var out []*Certificate
	err = r.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, s := range sel {
			if s.Accepted == nil || !*s.Accepted {
				continue
			}
			d, err := ParseDate(s.AcceptDate)
			if err != nil {
				return fmt.Errorf("%s · %s 的验收日期 %q 无效", s.Unit, s.Name, s.AcceptDate)
			}
			c := &Certificate{Selected: *s, Year: d.Year}
			err = tx.QueryRow(`SELECT number FROM certificates WHERE application_id = ?`, s.ID).Scan(&c.Number)
			if errors.Is(err, sql.ErrNoRows) {
				var seq int
				if err := tx.QueryRow(`SELECT COALESCE(MAX(seq), 0) + 1 FROM certificates WHERE year = ?`, d.Year).Scan(&seq); err != nil {
					return err
				}
				c.Number = fmt.Sprintf("%s〔%d〕第%03d号", cfg.CertificatePrefix, d.Year, seq)
				_, err = tx.Exec(`INSERT INTO certificates(application_id, year, seq, number) VALUES (?, ?, ?, ?)`, s.ID, d.Year, seq, c.Number)
			}
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}
