package workspace

import (
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
}

// CategoryCount is one category's applications against its quota.
type CategoryCount struct {
	Key          string `json:"key"`
	Name         string `json:"name"`
	Quota        int    `json:"quota"`
	Applications int    `json:"applications"` // counted against the quota
	Provincial   int    `json:"provincial"`   // recognised, outside the quota
	Withdrawn    int    `json:"withdrawn"`    // withdrawn by their units, outside the quota
}

// Status reads the register's state.
func (w *Workspace) Status() (*Overview, error) {
	apps, fs, err := w.current()
	if err != nil {
		return nil, err
	}
	return w.status(apps, fs)
}

// current is every application with its current version, and the current
// versions' findings: what the overview and the report are made of.
func (w *Workspace) current() ([]*register.Application, []*register.FindingRecord, error) {
	apps, err := w.reg.Applications()
	if err != nil {
		return nil, nil, err
	}
	fs, err := w.reg.CurrentFindings()
	if err != nil {
		return nil, nil, err
	}
	return apps, fs, nil
}

// reportAndStatus writes the intake report to path and returns the
// overview, from one reading of the register.
func (w *Workspace) reportAndStatus(path string) (*Overview, error) {
	apps, fs, err := w.current()
	if err != nil {
		return nil, err
	}
	if err := w.writeReportFrom(path, apps, fs); err != nil {
		return nil, err
	}
	return w.status(apps, fs)
}

func (w *Workspace) status(apps []*register.Application, fs []*register.FindingRecord) (*Overview, error) {
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
	provincial := map[int64]bool{}
	for _, f := range fs {
		ov.Findings[f.Severity]++
		if f.Rule == "provincial" {
			provincial[f.ApplicationID] = true
		}
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
		ov.Categories = append(ov.Categories, CategoryCount{Key: c.Key, Name: c.Name, Quota: c.Quota,
			Applications: count[c.Key], Provincial: prov[c.Key], Withdrawn: gone[c.Key]})
	}
	return ov, nil
}

// writeReport writes the intake report workbook to path.
func (w *Workspace) writeReport(path string) error {
	apps, findings, err := w.current()
	if err != nil {
		return err
	}
	return w.writeReportFrom(path, apps, findings)
}

func (w *Workspace) writeReportFrom(path string, apps []*register.Application, findings []*register.FindingRecord) error {
	files, err := w.reg.Files()
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
	byApp := map[int64][]*register.FindingRecord{}
	for _, f := range findings {
		byApp[f.ApplicationID] = append(byApp[f.ApplicationID], f)
	}
	rep := &render.IntakeReport{Title: cfg.College + cfg.Programme + "申报材料受理报告"}
	appByID := map[int64]*register.Application{}
	for _, a := range apps {
		appByID[a.ID] = a
		ra := render.ReportApplication{Category: catName[a.Category], Unit: a.Unit, Name: a.Name, Leader: a.Leader,
			Contact: a.Contact, Phone: a.Phone, Current: a.Current, Versions: a.Versions, Withdrawn: a.WithdrawReason}
		if a.Withdrawn != "" && ra.Withdrawn == "" {
			ra.Withdrawn = "已撤回"
		}
		for _, f := range byApp[a.ID] {
			switch f.Severity {
			case intake.SeverityError:
				ra.Errors++
			case intake.SeverityWarning:
				ra.Warnings++
			}
			if ra.First == "" {
				ra.First = f.Message
			}
		}
		rep.Applications = append(rep.Applications, ra)
	}
	for _, f := range findings {
		rf := render.ReportFinding{File: f.File, Label: f.Label, Severity: f.Severity, Message: f.Message}
		if a := appByID[f.ApplicationID]; a != nil {
			rf.Unit, rf.Name = a.Unit, a.Name
		}
		rep.Findings = append(rep.Findings, rf)
	}
	for _, f := range files {
		rep.Files = append(rep.Files, render.ReportFile{Name: f.Name, Origin: f.Origin, Group: f.Group, Kind: f.Kind,
			Status: f.Status, Reason: f.Reason, Received: clock(f.Received), SHA256: f.SHA256, Size: f.Size})
	}
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
