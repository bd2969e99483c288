package intake

import (
	"fmt"
	"strings"

	"dbzx/config"
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
	ID, VersionID                int64
	Category, Unit, Name, Leader string
}

type summaryRow struct {
	FileID int64
	Filler string
	SummaryRow
}

type crossInput struct {
	cfg       *config.Config
	apps      []appRow
	withdrawn []appRow // received, then withdrawn: only the summary rows look at them
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

// sheetOfOrganisation finds the summary sheet filled in by the
// organisation a unit belongs to: the longest filler whose organisation
// name (orgKey) begins the unit's.
func sheetOfOrganisation(listedBy map[string]map[string]bool, unit string) (map[string]bool, bool) {
	k := orgKey(unit)
	best, bestLen := map[string]bool(nil), 0
	for filler, listed := range listedBy {
		if fk := orgKey(filler); fk != "" && strings.HasPrefix(k, fk) && len(fk) > bestLen {
			best, bestLen = listed, len(fk)
		}
	}
	return best, best != nil
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
	for _, a := range c.withdrawn {
		received[key(a.Category, a.Name)] = true
	}
	for _, a := range c.apps {
		received[key(a.Category, a.Name)] = true
		listed, hasSheet := listedBy[normLabel(a.Unit)]
		if !hasSheet {
			// A branch files its own 创新项目; its 党总支's 附件9 lists it:
			// the sheet of the organisation the branch belongs to
			// (电气工程学院第一教师党支部 → 电气工程学院党总支).
			listed, hasSheet = sheetOfOrganisation(listedBy, a.Unit)
		}
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

// AcrossInput is what the rules across applications look at: the
// current version of every application and the rows of every summary
// sheet received.
type AcrossInput struct {
	Cfg          *config.Config
	Applications []AcrossApp
	Summaries    []AcrossSummaryRow
	// Withdrawn are applications their units withdrew: not checked, but
	// received, so that the unit's 附件9 row for one is no missing form.
	Withdrawn []AcrossApp
}

// AcrossApp is an application's current version.
type AcrossApp struct {
	ID, VersionID                int64
	Category, Unit, Name, Leader string
}

// AcrossSummaryRow is a summary sheet's row with the file it came in.
type AcrossSummaryRow struct {
	FileID   int64
	Modified string // the file's modification time (sortable text)
	Filler   string // the sheet's 填报单位
	SummaryRow
}

// CheckAcross runs the CrossRules. It returns findings by version id and,
// for findings on summary sheets, by file id. Only each unit's latest
// sheet counts: a corrected 附件9 replaces the first.
func CheckAcross(in AcrossInput) (byVersion, byFile map[int64][]Finding) {
	c := &crossInput{cfg: in.Cfg, fileFindings: map[int64][]Finding{}}
	for _, a := range in.Withdrawn {
		c.withdrawn = append(c.withdrawn, appRow{ID: a.ID, Category: a.Category, Unit: a.Unit, Name: a.Name})
	}
	for _, a := range in.Applications {
		c.apps = append(c.apps, appRow{ID: a.ID, VersionID: a.VersionID, Category: a.Category, Unit: a.Unit, Name: a.Name, Leader: a.Leader})
	}
	// A unit sends one 附件9; a corrected one replaces it. Only the rows of
	// each unit's latest sheet count: saved last, registered last on a tie
	// (as an application's current version is picked).
	type sheet struct {
		id       int64
		modified string
	}
	latest := map[string]sheet{}
	for _, s := range in.Summaries {
		k := normLabel(s.Filler)
		if l, ok := latest[k]; !ok || s.Modified > l.modified || (s.Modified == l.modified && s.FileID > l.id) {
			latest[k] = sheet{s.FileID, s.Modified}
		}
	}
	for _, s := range in.Summaries {
		// Sheets without a 填报单位 are no one unit's: each counts.
		if k := normLabel(s.Filler); k == "" || latest[k].id == s.FileID {
			c.summaries = append(c.summaries, summaryRow{FileID: s.FileID, Filler: s.Filler, SummaryRow: s.SummaryRow})
		}
	}
	byVersion = map[int64][]Finding{}
	for _, cr := range CrossRules {
		for v, fs := range cr.Check(c) {
			for _, f := range fs {
				f.Rule, f.Severity = cr.Code, cr.Severity
				byVersion[v] = append(byVersion[v], f)
			}
		}
		for id, fs := range c.fileFindings {
			for i := range fs {
				if fs[i].Rule == "" {
					fs[i].Rule, fs[i].Severity = cr.Code, cr.Severity
				}
			}
			c.fileFindings[id] = fs
		}
	}
	return byVersion, c.fileFindings
}
