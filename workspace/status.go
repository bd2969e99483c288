package workspace

import (
	"context"
	"sort"
	"time"

	"dbzx/intake"
	"dbzx/register"
	"dbzx/render"
)

// Overview is the register at a glance: what `dbzx status` shows and what
// intake prints after a run.
type Overview struct {
	Files        map[string]int          `json:"files"` // by status
	FilesTotal   int                     `json:"files_total"`
	Categories   []CategoryCount         `json:"categories"` // applications against quota
	Findings     map[string]int          `json:"findings"`   // current versions' findings by severity
	Applications []*register.Application `json:"applications"`
	// History is what the earlier rounds named in history hold.
	History []HistoryRound `json:"history,omitempty"`
	// Units is what each unit sent: the roster's (config units) in its
	// order, those that sent nothing too, then units off the roster.
	Units []UnitStatus `json:"units"`
	// Missing names the roster's units that have sent nothing yet.
	Missing []string `json:"missing"`
}

// CategoryCount is one category's applications against its quota.
type CategoryCount struct {
	Key          string `json:"key"`
	Name         string `json:"name"`
	Short        string `json:"short_name"`
	Quota        int    `json:"quota"`
	Applications int    `json:"applications"` // counted against the quota
	Provincial   int    `json:"provincial"`   // recognised, outside the quota
	Withdrawn    int    `json:"withdrawn"`    // withdrawn by their units, outside the quota
}

// Status reads the register's state.
func (w *Workspace) Status() (*Overview, error) {
	apps, sum, err := w.current()
	if err != nil {
		return nil, err
	}
	return w.status(apps, sum)
}

// findingSums is what the overview and the report's 申报汇总 take from
// the current findings, gathered in one pass over them so that tens of
// thousands of findings are never held at once.
type findingSums struct {
	count      int
	bySeverity map[string]int
	provincial map[int64]bool     // applications with the provincial rule's finding
	byApp      map[int64]*appSums // by application id
}

type appSums struct {
	errors, warnings int
	first            string
}

// current is every application with its current version, and the sums
// of the current versions' findings: what the overview and the report
// are made of.
func (w *Workspace) current() ([]*register.Application, *findingSums, error) {
	apps, err := w.reg.Applications()
	if err != nil {
		return nil, nil, err
	}
	sum := &findingSums{bySeverity: map[string]int{}, provincial: map[int64]bool{}, byApp: map[int64]*appSums{}}
	err = w.reg.EachCurrentFinding(func(f *register.FindingRecord) error {
		sum.count++
		sum.bySeverity[f.Severity]++
		if f.Rule == "provincial" {
			sum.provincial[f.ApplicationID] = true
		}
		a := sum.byApp[f.ApplicationID]
		if a == nil {
			a = &appSums{}
			sum.byApp[f.ApplicationID] = a
		}
		switch f.Severity {
		case intake.SeverityError:
			a.errors++
		case intake.SeverityWarning:
			a.warnings++
		}
		if a.first == "" {
			a.first = f.Message
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return apps, sum, nil
}

// reportAndStatus writes the intake report to path and returns the
// overview, from one reading of the register.
func (w *Workspace) reportAndStatus(path string) (*Overview, error) {
	apps, sum, err := w.current()
	if err != nil {
		return nil, err
	}
	if err := w.writeReportFrom(path, apps, sum); err != nil {
		return nil, err
	}
	return w.status(apps, sum)
}

func (w *Workspace) status(apps []*register.Application, sum *findingSums) (*Overview, error) {
	ov := &Overview{Findings: map[string]int{}}
	var err error
	if ov.Files, err = w.reg.FileCounts(); err != nil {
		return nil, err
	}
	for _, n := range ov.Files {
		ov.FilesTotal += n
	}
	order := map[string]int{}
	for i, c := range w.Cfg.Categories {
		order[c.Key] = i
	}
	sort.SliceStable(apps, func(i, j int) bool { return order[apps[i].Category] < order[apps[j].Category] })
	ov.Applications = apps
	provincial := sum.provincial
	for sev, n := range sum.bySeverity {
		ov.Findings[sev] = n
	}
	count, prov, gone := map[string]int{}, map[string]int{}, map[string]int{}
	for _, a := range apps {
		if a.Withdrawn != "" {
			gone[a.Category]++
			continue
		}
		if provincial[a.ID] {
			prov[a.Category]++
		} else {
			count[a.Category]++
		}
	}
	if ov.History, err = w.History(); err != nil {
		return nil, err
	}
	unfiled, err := w.unfiledProvincial()
	if err != nil {
		return nil, err
	}
	for _, a := range unfiled {
		prov[a.Category]++
	}
	for _, c := range w.Cfg.Categories {
		ov.Categories = append(ov.Categories, CategoryCount{Key: c.Key, Name: c.Name, Short: c.ShortName, Quota: c.Quota,
			Applications: count[c.Key], Provincial: prov[c.Key], Withdrawn: gone[c.Key]})
	}
	if ov.Units, err = w.roster(context.Background()); err != nil {
		return nil, err
	}
	ov.Missing = missing(ov.Units)
	return ov, nil
}

// writeReport writes the intake report workbook to path.
func (w *Workspace) writeReport(path string) error {
	apps, sum, err := w.current()
	if err != nil {
		return err
	}
	return w.writeReportFrom(path, apps, sum)
}

// writeReportFrom writes the report; its findings and files are read from
// the register as they are written, not held.
func (w *Workspace) writeReportFrom(path string, apps []*register.Application, sum *findingSums) error {
	nFiles, err := w.reg.FileCount()
	if err != nil {
		return err
	}
	cfg := w.Cfg
	catName := map[string]string{}
	catOrder := map[string]int{}
	for i, c := range cfg.Categories {
		catName[c.Key], catOrder[c.Key] = c.Name, i
	}
	sort.SliceStable(apps, func(i, j int) bool { return catOrder[apps[i].Category] < catOrder[apps[j].Category] })
	rep := &render.IntakeReport{Title: cfg.College + cfg.Programme + "申报材料受理报告"}
	appByID := map[int64]*register.Application{}
	for _, a := range apps {
		appByID[a.ID] = a
		ra := render.ReportApplication{Category: catName[a.Category], Unit: a.Unit, Name: a.Name, Leader: a.Leader,
			Contact: a.Contact, Phone: a.Phone, Current: a.Current, Versions: a.Versions, Withdrawn: a.WithdrawReason}
		if a.Withdrawn != "" && ra.Withdrawn == "" {
			ra.Withdrawn = "已撤回"
		}
		if s := sum.byApp[a.ID]; s != nil {
			ra.Errors, ra.Warnings, ra.First = s.errors, s.warnings, s.first
		}
		rep.Applications = append(rep.Applications, ra)
	}
	rep.FindingCount = sum.count
	rep.EachFinding = func(row func(render.ReportFinding) error) error {
		return w.reg.EachCurrentFinding(func(f *register.FindingRecord) error {
			rf := render.ReportFinding{File: f.File, Label: f.Label, Severity: f.Severity, Message: f.Message}
			if a := appByID[f.ApplicationID]; a != nil {
				rf.Unit, rf.Name = a.Unit, a.Name
			}
			return row(rf)
		})
	}
	rep.FileCount = nFiles
	rep.EachFile = func(row func(render.ReportFile) error) error {
		return w.reg.EachFile(func(f *register.FileRecord) error {
			return row(render.ReportFile{Name: f.Name, Origin: f.Origin, Group: f.Group, Kind: f.Kind,
				Status: f.Status, Reason: f.Reason, Received: clock(f.Received), SHA256: f.SHA256, Size: f.Size})
		})
	}
	units, err := w.roster(context.Background())
	if err != nil {
		return err
	}
	rep.Categories, rep.Units = reportUnits(cfg, units)
	return render.WriteIntakeReport(path, rep)
}

// clock shows a stored time as the clerk reads one: 2022-11-23 17:00,
// local time.
func clock(stored string) string {
	t, err := time.Parse(register.TimeFormat, stored)
	if err != nil {
		return stored
	}
	return t.Local().Format("2006-01-02 15:04")
}
