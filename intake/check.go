package intake

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/templates"
)

// CrossRule is a check across applications (and the summary sheets).
type CrossRule struct {
	Code     string
	Severity Severity
	Doc      string
	Check    func(c *crossInput) map[int64][]Finding // by version id (0: the summary file, see fileFindings)
}

// CrossRules compare applications with each other and with the units'
// 附件9 summary sheets.
var CrossRules = []CrossRule{
	{"same-applicant", SeverityWarning, "同一单位、同一负责人在同一类别下以不同名称重复申报", checkSameApplicant},
	{"summary-missing", SeverityWarning, "申报书列入了本单位的申报汇总表", checkInSummary},
}

// appRow is what the cross rules know of a current application.
type appRow struct {
	Application
	VersionID int64
	Form      string
}

type summaryRow struct {
	FileID int64
	File   string
	Filler string
	SummaryRow
}

type crossInput struct {
	cfg       *config.Config
	apps      []appRow
	summaries []summaryRow
	// fileFindings collects findings on summary files (no application).
	fileFindings map[int64][]Finding
}

func (c *crossInput) category(key string) string {
	if cat, ok := c.cfg.Category(key); ok {
		return cat.Name
	}
	return key
}

func checkSameApplicant(c *crossInput) map[int64][]Finding {
	out := map[int64][]Finding{}
	groups := map[string][]appRow{}
	for _, a := range c.apps {
		k := a.Category + "|" + normLabel(a.Unit) + "|" + normLabel(a.Leader)
		if a.Leader == "" {
			continue
		}
		groups[k] = append(groups[k], a)
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		var names []string
		for _, a := range g {
			names = append(names, "“"+a.Name+"”")
		}
		for _, a := range g {
			out[a.VersionID] = append(out[a.VersionID], Finding{Field: "", Label: "申报名称",
				Message: fmt.Sprintf("%s（负责人 %s）在「%s」类别下以不同名称申报了 %d 项：%s；请核实是否重复申报",
					a.Unit, a.Leader, c.category(a.Category), len(g), strings.Join(names, "、"))})
		}
	}
	return out
}

// checkInSummary matches each application to its unit's summary rows by
// category and name, and each summary row to an application.
func checkInSummary(c *crossInput) map[int64][]Finding {
	out := map[int64][]Finding{}
	catKey := map[string]string{}
	for _, cat := range c.cfg.Categories {
		catKey[cat.Name] = cat.Key
	}
	key := func(cat, name string) string { return cat + "|" + normLabel(name) }
	listedBy := map[string]map[string]bool{} // filler → keys listed
	for _, r := range c.summaries {
		f := normLabel(r.Filler)
		if listedBy[f] == nil {
			listedBy[f] = map[string]bool{}
		}
		listedBy[f][key(catKey[r.Category], r.Name)] = true
	}
	received := map[string]bool{}
	for _, a := range c.apps {
		received[key(a.Category, a.Name)] = true
		listed, hasSheet := listedBy[normLabel(a.Unit)]
		switch {
		case !hasSheet:
			out[a.VersionID] = append(out[a.VersionID], Finding{Label: "申报名称",
				Message: fmt.Sprintf("「%s」（%s）：未收到 %s 的申报汇总表（附件9），无法核对", a.Name, c.category(a.Category), a.Unit)})
		case !listed[key(a.Category, a.Name)]:
			out[a.VersionID] = append(out[a.VersionID], Finding{Label: "申报名称",
				Message: fmt.Sprintf("「%s」（%s）未列入 %s 的申报汇总表（附件9）；请核对汇总表与申报书是否一致", a.Name, c.category(a.Category), a.Unit)})
		}
	}
	for _, r := range c.summaries {
		// A row marked 已被推荐为省级 is recognised without applying
		// (不参与申报): no form is expected for it.
		if r.Name == "" || r.Provincial == "是" {
			continue
		}
		if !received[key(catKey[r.Category], r.Name)] {
			c.fileFindings[r.FileID] = append(c.fileFindings[r.FileID], Finding{Label: "申报名称",
				Message: fmt.Sprintf("%s 的申报汇总表第%d行「%s」（%s）没有收到对应的申报书", r.Filler, r.Seq, r.Name, orBlank(r.Category))})
		}
	}
	return out
}

// Revalidate re-runs every rule on the current version of every
// application, from the stored returns (files are not read again), and
// replaces the findings of current versions and of summary sheets. It is
// what `dbzx check` does after the configuration changed, and the last step
// of every intake run. Returns are loaded one at a time.
func (r *Register) Revalidate(ctx context.Context, cfg *config.Config, forms *templates.Set) error {
	type cur struct {
		appRow
		received string
		data     string
	}
	rows, err := r.db.QueryContext(ctx, `
		SELECT a.id, a.category, a.unit, a.name, cur.leader, cur.phone, cur.id, cur.form, cur.received
		FROM applications a JOIN (`+currentVersionSQL+`) cur ON cur.application_id = a.id ORDER BY a.id`)
	if err != nil {
		return err
	}
	var apps []appRow
	received := map[int64]string{}
	for rows.Next() {
		var a appRow
		var rec string
		if err := rows.Scan(&a.ID, &a.Category, &a.Unit, &a.Name, &a.Leader, &a.Phone, &a.VersionID, &a.Form, &rec); err != nil {
			rows.Close()
			return err
		}
		apps = append(apps, a)
		received[a.VersionID] = rec
	}
	rows.Close()
	// Failed acceptances recorded in the register bar their units as the
	// configuration's list does.
	failed, err := r.failedAcceptances()
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		c := *cfg
		c.FailedAcceptance = append(append([]config.Listed(nil), cfg.FailedAcceptance...), failed...)
		cfg = &c
	}
	findings := map[int64][]Finding{}
	for _, a := range apps {
		var data string
		if err := r.db.QueryRowContext(ctx, `SELECT data FROM versions WHERE id = ?`, a.VersionID).Scan(&data); err != nil {
			return err
		}
		var ret Return
		if err := json.Unmarshal([]byte(data), &ret); err != nil {
			return fmt.Errorf("版本 %d 的数据损坏：%w", a.VersionID, err)
		}
		ret.reindex()
		form, ok := forms.Find(ret.FormID)
		if !ok {
			findings[a.VersionID] = append(findings[a.VersionID], Finding{Rule: "form", Severity: SeverityError,
				Message: fmt.Sprintf("表单 %s 的定义已不存在，无法核对", ret.FormID)})
			continue
		}
		ret.Form = form
		cat, _ := cfg.Category(form.Category)
		t, _ := time.Parse(timeFormat, received[a.VersionID])
		findings[a.VersionID] = CheckApplication(&Subject{Return: &ret, Form: form, Cfg: cfg, Category: cat,
			Received: t, Unit: a.Unit, Name: a.Name})
	}
	in := &crossInput{cfg: cfg, apps: apps, fileFindings: map[int64][]Finding{}}
	srows, err := r.db.QueryContext(ctx, `SELECT s.file_id, f.name, f.modified, s.filler, s.seq, s.category, s.name, s.unit, s.leader, s.phone, s.provincial, s.note
		FROM summary_rows s JOIN files f ON f.id = s.file_id ORDER BY s.id`)
	if err != nil {
		return err
	}
	// A unit sends one 附件9; a corrected one replaces it. Only the rows of
	// each unit's latest sheet count: saved last, registered last on a tie
	// (as currentVersionSQL picks an application's current version).
	type sheet struct {
		id       int64
		modified string
	}
	latest := map[string]sheet{}
	var all []summaryRow
	for srows.Next() {
		var s summaryRow
		var modified string
		if err := srows.Scan(&s.FileID, &s.File, &modified, &s.Filler, &s.Seq, &s.Category, &s.Name, &s.Unit, &s.Leader, &s.Phone, &s.Provincial, &s.Note); err != nil {
			srows.Close()
			return err
		}
		all = append(all, s)
		k := normLabel(s.Filler)
		if l, ok := latest[k]; !ok || modified > l.modified || (modified == l.modified && s.FileID > l.id) {
			latest[k] = sheet{s.FileID, modified}
		}
	}
	srows.Close()
	for _, s := range all {
		// Sheets without a 填报单位 are no one unit's: each counts.
		if k := normLabel(s.Filler); k == "" || latest[k].id == s.FileID {
			in.summaries = append(in.summaries, s)
		}
	}
	for _, cr := range CrossRules {
		byVersion := cr.Check(in)
		for v, fs := range byVersion {
			for _, f := range fs {
				f.Rule, f.Severity = cr.Code, cr.Severity
				findings[v] = append(findings[v], f)
			}
		}
		for id, fs := range in.fileFindings {
			for i := range fs {
				if fs[i].Rule == "" {
					fs[i].Rule, fs[i].Severity = cr.Code, cr.Severity
				}
			}
			in.fileFindings[id] = fs
		}
	}
	return r.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM findings WHERE version_id IN (SELECT id FROM (` + currentVersionSQL + `)) OR version_id IS NULL`); err != nil {
			return err
		}
		versions := make([]int64, 0, len(findings))
		for v := range findings {
			versions = append(versions, v)
		}
		sort.Slice(versions, func(i, j int) bool { return versions[i] < versions[j] })
		for _, v := range versions {
			var fileID int64
			if err := tx.QueryRow(`SELECT file_id FROM versions WHERE id = ?`, v).Scan(&fileID); err != nil {
				return err
			}
			if err := insertFindings(tx, v, fileID, findings[v]); err != nil {
				return err
			}
		}
		for fileID, fs := range in.fileFindings {
			for _, f := range fs {
				if _, err := tx.Exec(`INSERT INTO findings(version_id, file_id, rule, severity, field, label, message)
					VALUES (NULL, ?, ?, ?, ?, ?, ?)`, fileID, f.Rule, f.Severity, f.Field, f.Label, f.Message); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
