package intake

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/render"
)

// FundingCondition is the notice's condition on the money, printed on
// every statement.
const FundingCondition = "专项经费要严格管理、专款专用，不得用于与基层党建项目无关的开支。"

// DecisionTime is when the decisions were last recorded (zero if none):
// the date printed on the list, statements and schedule, so that the
// outputs depend on the register, not on the day they are printed.
func (r *Register) DecisionTime() (time.Time, error) {
	var s string
	if err := r.db.QueryRow(`SELECT COALESCE(MAX(decided), '') FROM decisions`).Scan(&s); err != nil {
		return time.Time{}, err
	}
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeFormat, s)
}

// ErrNoSelection: nothing has been decided yet.
var ErrNoSelection = fmt.Errorf("还没有建设对象：请先用 dbzx review-sheet 生成评审表，评审后用 dbzx decide 读入")

func (r *Register) selection(cfg *config.Config) ([]*Selected, time.Time, error) {
	sel, err := r.Selected(cfg)
	if err != nil {
		return nil, time.Time{}, err
	}
	if len(sel) == 0 {
		return nil, time.Time{}, ErrNoSelection
	}
	t, err := r.DecisionTime()
	if err != nil {
		return nil, time.Time{}, err
	}
	if t.IsZero() {
		t = cfg.Deadline.Time
	}
	return sel, t, nil
}

// ListData is the 建设对象名单 for publication.
func (r *Register) ListData(cfg *config.Config) (*render.ListData, error) {
	sel, t, err := r.selection(cfg)
	if err != nil {
		return nil, err
	}
	d := &render.ListData{Title: cfg.College + cfg.Programme + "建设对象名单", Issuer: cfg.Committee,
		Date: render.ChineseYearMonth(t.Year(), t.Month())}
	for _, cat := range cfg.Categories {
		lc := render.ListCategory{Name: cat.Name}
		for _, s := range sel {
			if s.Category != cat.Key {
				continue
			}
			row := render.ListRow{Unit: s.Unit, Name: s.Name, Leader: s.Leader, Cycle: fmt.Sprintf("%d年", cat.CycleYears), Funding: s.Funding}
			if s.Provincial {
				row.Note = "省级推荐，自动认定"
			}
			lc.Rows = append(lc.Rows, row)
		}
		d.Categories = append(d.Categories, lc)
	}
	return d, nil
}

// FundingData is the funding statements' content: one unit per
// construction object, its category's funding.
func (r *Register) FundingData(cfg *config.Config) (*render.FundingData, error) {
	sel, t, err := r.selection(cfg)
	if err != nil {
		return nil, err
	}
	d := &render.FundingData{College: cfg.College, Office: cfg.Office, Programme: cfg.Programme, Year: cfg.Round,
		Date: render.ChineseYearMonth(t.Year(), t.Month()), Condition: FundingCondition}
	for _, s := range sel {
		cat, _ := cfg.Category(s.Category)
		u := render.FundingUnit{Category: s.Category, CategoryName: cat.Name, Unit: s.Unit, Name: s.Name, Leader: s.Leader,
			Amount: s.Funding, Cycle: fmt.Sprintf("%d年", cat.CycleYears)}
		if s.Provincial {
			u.Note = "省级推荐，自动认定"
		}
		d.Units = append(d.Units, u)
	}
	return d, nil
}

// ScheduleData is every construction object's calendar: construction from
// the decision, the category's mid-term check, report due date and
// acceptance month, and the monthly publicity duty.
func (r *Register) ScheduleData(cfg *config.Config) (*render.ScheduleData, error) {
	sel, t, err := r.selection(cfg)
	if err != nil {
		return nil, err
	}
	start := config.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
	d := &render.ScheduleData{College: cfg.College, Programme: cfg.Programme, Stamp: t.UTC()}
	for _, s := range sel {
		cat, _ := cfg.Category(s.Category)
		d.Units = append(d.Units, render.ScheduleUnit{Category: s.Category, CategoryName: cat.Name, Unit: s.Unit,
			Name: s.Name, Leader: s.Leader, Phone: s.Phone, Start: start, Midterm: cat.Midterm, ReportDue: cat.ReportDue,
			Acceptance: cat.Acceptance, Publicity: cfg.Publicity})
	}
	return d, nil
}

// CertificateData is one certificate per construction object that passed
// acceptance, with its stable number.
func (r *Register) CertificateData(ctx context.Context, cfg *config.Config, seal []byte) ([]render.Certificate, []*Certificate, error) {
	certs, err := r.Certificates(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	var out []render.Certificate
	for _, c := range certs {
		cat, _ := cfg.Category(c.Category)
		d, _ := ParseDate(c.AcceptDate)
		// Quotes inside quotes become single quotes: 特授予“校级党建工作‘标杆院部’”称号.
		inner := strings.NewReplacer("“", "‘", "”", "’")
		text := strings.NewReplacer("{unit}", c.Unit, "{name}", "“"+inner.Replace(c.Name)+"”", "{category}", cat.Name,
			"{title}", inner.Replace(cat.Title)).Replace(cfg.CertificateText)
		out = append(out, render.Certificate{Number: c.Number, Title: cat.Title + "\n验收合格证书", Unit: c.Unit, Name: c.Name,
			Text: text, College: cfg.College, Issuer: cfg.Committee, Date: render.ChineseYearMonth(d.Year, time.Month(d.Month)),
			SealText: cfg.Committee, SealCenter: "", SealImage: seal})
	}
	return out, certs, nil
}
