package workspace

import (
	"context"
	"sort"
	"strings"

	"dbzx/config"
	"dbzx/render"

	"dbzx/intake"
	"dbzx/register"
)

// The roster (config units) is the list of units expected to answer. What
// arrived is laid against it: per unit, per category, and who has sent
// nothing yet.

// UnitStatus is what one unit has sent.
type UnitStatus struct {
	Unit string `json:"unit"`
	Type string `json:"type,omitempty"`
	// OnRoster is false for a unit that sent material but is on no entry
	// of the roster (Nearest: the roster name it most resembles).
	OnRoster bool   `json:"on_roster"`
	Nearest  string `json:"nearest,omitempty"`
	// Applications counts the unit's standing applications by category
	// key; Withdrawn those it withdrew.
	Applications map[string]int `json:"applications"`
	Withdrawn    int            `json:"withdrawn,omitempty"`
	Summary      bool           `json:"summary"` // its 附件9 汇总表 arrived
	Files        int            `json:"files"`   // files taken in from it, in any state
	Errors       int            `json:"errors"`
	Warnings     int            `json:"warnings"`
	Sent         bool           `json:"sent"`
	// Written are the other ways the unit's returns wrote its name
	// (铁道运输学院总支 for 铁道运输学院党总支).
	Written []string `json:"written,omitempty"`
}

// sentFile is a file taken in, and what it was to the unit that sent it.
type sentFile struct {
	*register.FileRecord
	App     *register.Application // nil: a summary sheet, or material not tied to an application
	Version *register.VersionFile // nil: not a version of a form
	Filler  string                // a summary sheet's 填报单位
}

// received is everything taken in, laid against the roster.
type received struct {
	apps   []*register.Application
	byID   map[int64]*register.Application
	files  map[string][]*sentFile // by unit (the roster's name, or as written when off the roster)
	places map[string]intake.Place
	order  []string // roster units, then units off the roster in the order first seen
}

// unitOf is the unit a name counts under: the roster unit it is or
// belongs to, or the name itself when it is on no entry.
func (r *received) unitOf(name string) string {
	if p := r.places[name]; p.Of != "" {
		return p.Of
	}
	return name
}

func (w *Workspace) place(r *received, name string) {
	if _, ok := r.places[name]; ok || name == "" {
		return
	}
	p := intake.OnRoster(w.Cfg.Units, name)
	r.places[name] = p
	u := r.unitOf(name)
	for _, o := range r.order {
		if o == u {
			return
		}
	}
	r.order = append(r.order, u)
}

// received reads what was taken in and attributes every file to a unit:
// a form's version to its application's unit, a summary sheet to its
// 填报单位, supporting material linked by hand to its application's unit,
// and anything else to the unit named by the folder or bundle it came in
// (when that names a unit on the roster).
func (w *Workspace) received(ctx context.Context) (*received, error) {
	r := &received{byID: map[int64]*register.Application{}, files: map[string][]*sentFile{}, places: map[string]intake.Place{}}
	for _, u := range w.Cfg.Units {
		r.places[u.Name] = intake.Place{Of: u.Name, Exact: true}
		r.order = append(r.order, u.Name)
	}
	var err error
	if r.apps, err = w.reg.Applications(); err != nil {
		return nil, err
	}
	for _, a := range r.apps {
		r.byID[a.ID] = a
		w.place(r, a.Unit)
	}
	files, err := w.reg.Files()
	if err != nil {
		return nil, err
	}
	versions, err := w.reg.VersionFiles(ctx)
	if err != nil {
		return nil, err
	}
	byFile := map[int64]*register.VersionFile{}
	for i := range versions {
		byFile[versions[i].FileID] = &versions[i]
	}
	rows, err := w.reg.SummaryRows(ctx)
	if err != nil {
		return nil, err
	}
	filler := map[int64]string{}
	for _, s := range rows {
		if s.Filler != "" {
			filler[s.FileID] = s.Filler
		}
	}
	links, err := w.reg.AttachmentLinks()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		sf := &sentFile{FileRecord: f}
		unit := ""
		switch {
		case byFile[f.ID] != nil:
			sf.Version = byFile[f.ID]
			sf.App = r.byID[sf.Version.ApplicationID]
		case links[f.ID] != 0:
			sf.App = r.byID[links[f.ID]]
		case filler[f.ID] != "":
			sf.Filler = filler[f.ID]
			unit = sf.Filler
			w.place(r, unit)
		}
		if sf.App != nil {
			unit = sf.App.Unit
		}
		if unit == "" {
			// A folder or bundle named for its unit: only when the name is
			// on the roster (微信接收 is not a unit).
			if p := intake.OnRoster(w.Cfg.Units, f.Group); len(w.Cfg.Units) > 0 && p.Of != "" {
				unit = p.Of
			}
		}
		if unit == "" {
			continue
		}
		u := r.unitOf(unit)
		r.files[u] = append(r.files[u], sf)
	}
	return r, nil
}

// roster counts, per unit, what arrived: the roster's units in its order
// (those that sent nothing too), then units off the roster.
func (w *Workspace) roster(ctx context.Context) ([]UnitStatus, error) {
	r, err := w.received(ctx)
	if err != nil {
		return nil, err
	}
	findings, err := w.reg.CurrentFindings()
	if err != nil {
		return nil, err
	}
	types := map[string]string{}
	for _, u := range w.Cfg.Units {
		types[u.Name] = u.Type
	}
	idx := map[string]int{}
	var out []UnitStatus
	for _, u := range r.order {
		p := r.places[u]
		idx[u] = len(out)
		out = append(out, UnitStatus{Unit: u, Type: types[u], OnRoster: p.Of != "", Nearest: p.Nearest, Applications: map[string]int{}})
	}
	for name, p := range r.places {
		if !p.Exact && p.Of != "" {
			us := &out[idx[p.Of]]
			us.Written = append(us.Written, name)
			sort.Strings(us.Written)
		}
	}
	for _, a := range r.apps {
		us := &out[idx[r.unitOf(a.Unit)]]
		if a.Withdrawn != "" {
			us.Withdrawn++
		} else {
			us.Applications[a.Category]++
		}
		us.Sent = true
	}
	for u, fs := range r.files {
		us := &out[idx[u]]
		us.Files = len(fs)
		us.Sent = us.Sent || len(fs) > 0
		for _, f := range fs {
			if f.Filler != "" {
				us.Summary = true
			}
		}
	}
	for _, f := range findings {
		a := r.byID[f.ApplicationID]
		if a == nil || a.Withdrawn != "" {
			continue
		}
		us := &out[idx[r.unitOf(a.Unit)]]
		switch f.Severity {
		case intake.SeverityError:
			us.Errors++
		case intake.SeverityWarning:
			us.Warnings++
		}
	}
	return out, nil
}

// missing names the roster's units that have sent nothing.
func missing(units []UnitStatus) []string {
	var out []string
	for _, u := range units {
		if u.OnRoster && !u.Sent {
			out = append(out, u.Unit)
		}
	}
	return out
}

// OffRosterNote says of a unit off the roster what the clerk should
// check: “铁路运输学院党总支”不在单位名单中（是否为“铁道运输学院党总支”？）.
func OffRosterNote(u UnitStatus) string {
	return intake.RosterMessage(u.Unit, intake.Place{Nearest: u.Nearest})
}

// reportUnits is the roster as the intake report's 各单位交回情况 shows
// it; none without a roster.
func reportUnits(cfg *config.Config, units []UnitStatus) ([]string, []render.ReportUnit) {
	if len(cfg.Units) == 0 {
		return nil, nil
	}
	var cats []string
	for _, c := range cfg.Categories {
		cats = append(cats, c.ShortName)
	}
	var out []render.ReportUnit
	for _, u := range units {
		ru := render.ReportUnit{Unit: u.Unit, Type: u.Type, Summary: u.Summary, Files: u.Files, Errors: u.Errors,
			Warnings: u.Warnings, Sent: u.Sent}
		for _, c := range cfg.Categories {
			ru.Applications = append(ru.Applications, u.Applications[c.Key])
		}
		switch {
		case !u.OnRoster:
			ru.Note = OffRosterNote(u)
		case len(u.Written) > 0:
			ru.Note = "申报材料中写作：" + strings.Join(u.Written, "、")
		}
		out = append(out, ru)
	}
	return cats, out
}
