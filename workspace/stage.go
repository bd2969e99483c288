package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/winpath"
	"dbzx/register"
	"dbzx/render"
	"dbzx/templates"
)

// The later rounds (通知 四.3–4): each construction object returns a 中期
// 考核表, then a 建设工作报告. dbzx writes each object's own copy with what
// it already knows filled in and names the object in the file, reads the
// return back against that object (never as a new application) and checks
// it with the stage's rules.

// ErrNoStageForm: the forms have no form of that stage for a category.
var ErrNoStageForm = fmt.Errorf("workspace: no form for the stage")

// StageFormOutput is one object's form written for a stage.
type StageFormOutput struct {
	ApplicationID int64  `json:"id"`
	Category      string `json:"category"`
	Unit          string `json:"unit"`
	Name          string `json:"name"`
	Path          string `json:"path"`
}

// StageFormsResult lists the blank forms of a stage and each object's.
type StageFormsResult struct {
	Stage   string            `json:"stage"`
	Blank   []render.Output   `json:"blank"`
	Objects []StageFormOutput `json:"objects"`
	// Terminated are the objects the mid-term ended (终止建设): no report.
	Terminated []StageFormOutput `json:"terminated,omitempty"`
}

// StageForms writes the stage's forms into dir (default out/<stage>): the
// blank variants in 空白表/, and one per construction object, prefilled,
// named 中期考核表-<单位>-<名称>.docx. ErrNoSelection when nothing has been
// decided.
func (w *Workspace) StageForms(ctx context.Context, stage, dir string) (*StageFormsResult, error) {
	sel, err := w.stageObjects(stage)
	if err != nil {
		return nil, err
	}
	if dir, err = w.outDir(dir, stage); err != nil {
		return nil, err
	}
	res := &StageFormsResult{Stage: stage}
	if res.Blank, err = render.Forms(w.Forms, stage, w.Cfg, filepath.Join(dir, "空白表")); err != nil {
		return nil, err
	}
	for _, s := range sel {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var buf bytes.Buffer
		name, err := w.writeStageForm(&buf, stage, s)
		switch {
		case errors.Is(err, errTerminated):
			res.Terminated = append(res.Terminated, StageFormOutput{ApplicationID: s.ID, Category: s.Category, Unit: s.Unit, Name: s.Name})
			continue
		case errors.Is(err, ErrNoStageForm):
			continue
		case err != nil:
			return res, err
		}
		p, err := writeOut(dir, name, buf.Bytes())
		if err != nil {
			return res, err
		}
		res.Objects = append(res.Objects, StageFormOutput{ApplicationID: s.ID, Category: s.Category, Unit: s.Unit, Name: s.Name, Path: p})
	}
	return res, nil
}

// errTerminated: the mid-term ended the object (终止建设); it has no
// report to write.
var errTerminated = fmt.Errorf("%w: ended at the mid-term", ErrNoStageForm)

// StageForm writes construction object id's form of the stage to wr,
// pre-filled as StageForms writes it for its unit, and returns its file
// name: for a front end that hands one object's form to its unit. An
// object with no form at this stage (none declared for its category, or
// ended at the mid-term) is ErrNoStageForm; an id that is no object, a
// *LookupError.
func (w *Workspace) StageForm(wr io.Writer, stage string, id int64) (string, error) {
	sel, err := w.stageObjects(stage)
	if err != nil {
		return "", err
	}
	for _, s := range sel {
		if s.ID == id {
			return w.writeStageForm(wr, stage, s)
		}
	}
	return "", &LookupError{What: "application", Query: strconv.FormatInt(id, 10), Err: ErrNotFound}
}

// writeStageForm writes object s's pre-filled form of the stage, its
// identity embedded so that the return is matched without guessing.
func (w *Workspace) writeStageForm(wr io.Writer, stage string, s *Selected) (string, error) {
	form, ok := w.Forms.StageForm(stage, s.Category)
	if !ok {
		return "", ErrNoStageForm
	}
	obj, err := w.stageObject(s, stage)
	if err != nil {
		return "", err
	}
	if obj.Terminated && stage == templates.StageFinal {
		return "", errTerminated
	}
	vals, err := w.objectValues(s, form, obj)
	if err != nil {
		return "", err
	}
	if err := render.WriteObjectDocx(wr, form, w.Cfg, vals, strconv.FormatInt(s.ID, 10)); err != nil {
		return "", err
	}
	return StageFileName(form, s.Unit, s.Name), nil
}

// StageFileName is the name of an object's stage form as dbzx writes it
// for its unit: 中期考核表-<单位>-<名称>.docx.
func StageFileName(form *templates.Form, unit, name string) string {
	short := strings.TrimPrefix(strings.SplitN(form.ShortTitle, "-", 2)[0], form.Code)
	return winpath.SafeName(short+"-"+unit+"-"+name) + ".docx"
}

// stageObjects are the construction objects, for a stage with forms:
// ErrNoStageForm when it has none, ErrNoSelection before any decision.
func (w *Workspace) stageObjects(stage string) ([]*Selected, error) {
	if len(w.Forms.StageForms(stage)) == 0 {
		return nil, ErrNoStageForm
	}
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	if len(sel) == 0 {
		return nil, ErrNoSelection
	}
	return sel, nil
}

// stageObject is what a stage's form is written and checked against.
func (w *Workspace) stageObject(s *Selected, stage string) (*intake.StageObject, error) {
	cat, _ := w.Cfg.Category(s.Category)
	o := &intake.StageObject{ID: s.ID, Category: s.Category, Unit: s.Unit, Name: s.Name, Allocation: cat.Funding * 100,
		Prefill: map[string]string{}}
	t, err := w.reg.DecisionTime()
	if err != nil {
		return nil, err
	}
	if !t.IsZero() {
		o.Start = config.Month{Year: t.Year(), Month: t.Month()}
	}
	o.Midterm = cat.Midterm
	if mid, ok := w.midtermOf(s.ID); ok && mid.Conclusion == intake.StageConclusions[templates.StageMidterm][2] {
		o.Terminated = true
	}
	switch stage {
	case templates.StageMidterm:
		if m := cat.Midterm; !m.IsZero() {
			o.Due = time.Date(m.Year, m.Month+1, 0, 0, 0, 0, 0, time.UTC) // the month's last day
		}
	case templates.StageFinal:
		o.Due = cat.ReportDue.Time
	}
	return o, nil
}

// objectValues fills in what dbzx knows of the object: its identity, its
// dates and funding, the application's targets echoed, seeded tables.
func (w *Workspace) objectValues(s *Selected, form *templates.Form, obj *intake.StageObject) (*render.Values, error) {
	cat, _ := w.Cfg.Category(s.Category)
	vals := &render.Values{Text: map[string]string{}, Checked: map[string]bool{}, Rows: map[string][]map[string]string{},
		Dates: map[string]string{}}
	var app *intake.Return
	if !s.Unfiled {
		data, _, err := w.reg.CurrentData(s.ID)
		if err != nil {
			return nil, err
		}
		if app, err = intake.DecodeReturn(data, w.Forms); err != nil {
			return nil, err
		}
	}
	month := func(m config.Month) (string, string) {
		if m.IsZero() {
			return "", ""
		}
		return m.Chinese(), fmt.Sprintf("%04d-%02d-01", m.Year, int(m.Month))
	}
	end := config.Month{}
	if !cat.ReportDue.IsZero() {
		end = config.Month{Year: cat.ReportDue.Year(), Month: cat.ReportDue.Month()}
	}
	known := map[string][2]string{
		"object.ref":      {ref(w.Cfg, s)},
		"object.category": {cat.Name},
		"object.unit":     {s.Unit},
		"object.name":     {s.Name},
		"object.leader":   {s.Leader},
	}
	for src, m := range map[string]config.Month{"object.start_month": obj.Start, "object.end_month": end, "object.midterm_month": cat.Midterm} {
		text, iso := month(m)
		known[src] = [2]string{text, iso}
	}
	known["object.allocation"] = [2]string{strconv.FormatInt(cat.Funding, 10)}
	mid, hasMid := w.midtermOf(s.ID)
	if hasMid {
		known["midterm.grade"] = [2]string{mid.Grade}
		known["midterm.conclusion"] = [2]string{mid.Conclusion}
		known["midterm.feedback"] = [2]string{mid.Opinion}
	}
	for _, f := range form.Fields() {
		if f.Type == templates.Table {
			vals.Rows[f.ID] = w.seedRows(f, app, form, mid.Rectify)
			continue
		}
		if f.Prefill == "" {
			continue
		}
		v, ok := known[f.Prefill]
		if !ok && app != nil {
			v[0] = echo(app, f.Prefill)
		}
		if v[0] == "" {
			continue
		}
		vals.Text[f.ID] = v[0]
		if v[1] != "" {
			vals.Dates[f.ID] = v[1]
		}
		obj.Prefill[f.ID] = v[0]
	}
	return vals, nil
}

// ref is an object's 立项编号: round, category initials, register id
// (2022-MB-038), stable however the list changes.
func ref(cfg *config.Config, s *Selected) string {
	var ini strings.Builder
	for _, part := range strings.Split(s.Category, "_") {
		if part != "" {
			ini.WriteString(strings.ToUpper(part[:1]))
		}
	}
	return fmt.Sprintf("%d-%s-%03d", cfg.Round, ini.String(), s.ID)
}

// echo is the application's value for a prefill source: application.<id>
// (a field's text), ticked.<prefix> (the labels of the ticked boxes).
func echo(app *intake.Return, src string) string {
	if id, ok := strings.CutPrefix(src, "application."); ok {
		return app.Text(id)
	}
	if p, ok := strings.CutPrefix(src, "ticked."); ok {
		var labels []string
		for _, v := range app.Values {
			if strings.HasPrefix(v.Field, p) && v.Type == templates.Checkbox && v.Checked {
				labels = append(labels, v.Label)
			}
		}
		return strings.Join(labels, "、")
	}
	return ""
}

// seedRows are a table's rows as written for the object: the fixed rows,
// or the rows of its source (the application's table, the stage's
// scoring items), the columns with from copied.
func (w *Workspace) seedRows(f *templates.Field, app *intake.Return, form *templates.Form, rectify []string) []map[string]string {
	if len(f.SeedRows) > 0 {
		return render.SeedRows(f)
	}
	for _, src := range f.RowsFrom {
		var rows []map[string]string
		switch {
		case src == templates.RowsFromRectify:
			for _, it := range rectify {
				rows = append(rows, map[string]string{"issue": it})
			}
		case src == templates.RowsFromScoring:
			for _, c := range w.Cfg.StageScoring(form.Stage, form.Category) {
				rows = append(rows, map[string]string{"item": c.Name, "points": strconv.Itoa(c.Points)})
			}
		case strings.HasPrefix(src, "application.") && app != nil:
			t := app.Table(strings.TrimPrefix(src, "application."))
			if t == nil {
				continue
			}
			for _, r := range t.Rows {
				row := map[string]string{}
				for i, c := range t.Columns {
					if r[i] != nil {
						row[c] = r[i].Raw
					}
				}
				rows = append(rows, row)
			}
		}
		if rows == nil {
			continue
		}
		var out []map[string]string
		for _, r := range rows {
			row := map[string]string{}
			for _, c := range f.Columns {
				if c.From != "" && r[c.From] != "" {
					row[c.ID] = r[c.From]
				}
			}
			out = append(out, row)
		}
		return out
	}
	return nil
}

// matchStage finds the construction object of a stage return: by the
// object named in the file (the form dbzx wrote for it), else by category,
// unit and name as filled in. nil with the reason when none is.
func (w *Workspace) matchStage(ret *intake.Return, group string) (*Selected, string, string, error) {
	sel, err := w.Selected()
	if err != nil {
		return nil, "", "", err
	}
	if id, err := strconv.ParseInt(ret.Object, 10, 64); err == nil {
		for _, s := range sel {
			if s.ID == id && s.Category == ret.Form.Category {
				return s, intake.ByProperty, "", nil
			}
		}
	}
	who := ret.Form.Who()
	unit, name := ret.Text(who.Unit), ret.Text(who.Name)
	if unit == "" {
		unit = group
	}
	for _, s := range sel {
		if s.Category == ret.Form.Category && intake.NormLabel(s.Unit) == intake.NormLabel(unit) && intake.NormLabel(s.Name) == intake.NormLabel(name) {
			return s, "identity", "", nil
		}
	}
	// Read by the unit too (notices, the web console): the remedy is
	// theirs, not a command.
	return nil, "", fmt.Sprintf("%s%s对应不上任何建设对象（建设单位“%s”，名称“%s”）：请在党委组织部下发的、已为本建设对象预填编号和名称的表上填写，或核对建设单位和名称是否与立项时一致",
		ret.Form.Code, ret.Form.ShortTitle, unit, name), nil
}

// stageEntry checks a stage return against its object and makes its
// register entry; a return matching no object is rejected with the reason.
func (r *recorder) stageEntry(ret *intake.Return, in *intake.Input, e *register.Entry, o *intake.Outcome) error {
	w := r.w
	s, by, reason, err := w.matchStage(ret, in.Group)
	if err != nil {
		return err
	}
	if s == nil {
		e.File.Status, e.File.Reason = intake.StatusRejected, reason
		o.Status, o.Reason = intake.StatusRejected, reason
		return nil
	}
	findings, err := w.checkStage(s, ret, r.received)
	if err != nil {
		return err
	}
	data, err := json.Marshal(ret)
	if err != nil {
		return err
	}
	e.Stage = &register.NewStageVersion{ApplicationID: s.ID, Stage: ret.Form.Stage, Form: ret.FormID, FormVersion: ret.Version,
		MatchedBy: by, Data: data, Findings: toStored(findings)}
	o.Form, o.Category = ret.FormID, s.Category
	o.Application = s.Unit + " · " + s.Name
	o.Findings = len(findings)
	return nil
}

// checkStage runs the stage's rules on a return of object s.
func (w *Workspace) checkStage(s *Selected, ret *intake.Return, received time.Time) ([]intake.Finding, error) {
	obj, err := w.stageObject(s, ret.Form.Stage)
	if err != nil {
		return nil, err
	}
	if _, err := w.objectValues(s, ret.Form, obj); err != nil { // what was prefilled
		return nil, err
	}
	cat, _ := w.Cfg.Category(s.Category)
	return intake.CheckStage(&intake.Subject{Return: ret, Form: ret.Form, Cfg: w.Cfg, Category: cat, Received: received,
		Unit: s.Unit, Name: s.Name, Object: obj}), nil
}

// revalidateStages checks every object's current stage returns again.
func (w *Workspace) revalidateStages(ctx context.Context) error {
	// The selected objects are looked up only when there are stage
	// returns to check against them (an intake of applications has none).
	var byID map[int64]*Selected
	for _, stage := range []string{templates.StageMidterm, templates.StageFinal} {
		rets, err := w.reg.StageReturns(ctx, stage)
		if err != nil {
			return err
		}
		if len(rets) > 0 && byID == nil {
			sel, err := w.Selected()
			if err != nil {
				return err
			}
			byID = map[int64]*Selected{}
			for _, s := range sel {
				byID[s.ID] = s
			}
		}
		out := map[int64][]register.Finding{}
		for _, sr := range rets {
			s := byID[sr.ApplicationID]
			if s == nil {
				continue // no longer an object: its return stays as it was
			}
			ret, err := intake.DecodeReturn(sr.Data, w.Forms)
			if err != nil || ret.Form == nil {
				continue
			}
			t, _ := time.Parse(register.TimeFormat, sr.Received)
			fs, err := w.checkStage(s, ret, t)
			if err != nil {
				return err
			}
			out[sr.ID] = toStored(fs)
		}
		if err := w.reg.ReplaceStageFindings(ctx, out); err != nil {
			return err
		}
	}
	return nil
}

// StageObjectStatus is one construction object in a stage: its return, if
// any, and its findings.
type StageObjectStatus struct {
	ApplicationID int64  `json:"id"`
	Category      string `json:"category"`
	Unit          string `json:"unit"`
	Name          string `json:"name"`
	Due           string `json:"due,omitempty"`
	Start         string `json:"start,omitempty"` // construction began, 2022-12
	// Terminated: the mid-term ended the object (终止建设); it owes no
	// work report.
	Terminated bool `json:"terminated,omitempty"`
	Returned   bool `json:"returned"`
	// RosterUnit is the roster's unit the object counts under (its unit,
	// or the 党总支 of a branch).
	RosterUnit string             `json:"roster_unit"`
	Version    int                `json:"version,omitempty"`
	Versions   int                `json:"versions,omitempty"`
	File       string             `json:"file,omitempty"`
	Findings   []register.Finding `json:"findings,omitempty"`
	// Decision is the committee's recorded word on the object at this
	// stage, with the decisions it replaced (a 二次验收's 暂缓通过).
	Decision *register.StageDecision `json:"decision,omitempty"`
}

// StageStatus lists every construction object with its return of the
// stage: who has returned the form, who has not, and what was found.
func (w *Workspace) StageStatus(ctx context.Context, stage string) ([]*StageObjectStatus, error) {
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	if len(sel) == 0 {
		return nil, ErrNoSelection
	}
	rets, err := w.reg.StageReturns(ctx, stage)
	if err != nil {
		return nil, err
	}
	byApp := map[int64]*register.StageReturn{}
	for _, r := range rets {
		byApp[r.ApplicationID] = r
	}
	fs, err := w.reg.StageFindings(ctx, stage)
	if err != nil {
		return nil, err
	}
	decs, err := w.reg.StageDecisions(ctx, stage)
	if err != nil {
		return nil, err
	}
	var out []*StageObjectStatus
	for _, s := range sel {
		if _, ok := w.Forms.StageForm(stage, s.Category); !ok {
			continue
		}
		st := &StageObjectStatus{ApplicationID: s.ID, Category: s.Category, Unit: s.Unit, Name: s.Name, RosterUnit: s.Unit}
		if p := intake.OnRoster(w.Cfg.Units, s.Unit); p.Of != "" {
			st.RosterUnit = p.Of
		}
		if obj, err := w.stageObject(s, stage); err == nil {
			if !obj.Due.IsZero() {
				st.Due = obj.Due.Format("2006-01-02")
			}
			if !obj.Start.IsZero() {
				st.Start = obj.Start.String()
			}
			st.Terminated = obj.Terminated && stage == templates.StageFinal
		}
		if r := byApp[s.ID]; r != nil {
			st.Returned, st.Version, st.Versions, st.File, st.Findings = true, r.Number, r.Versions, r.File, fs[s.ID]
		}
		if d, ok := decs[s.ID]; ok {
			st.Decision = &d
		}
		out = append(out, st)
	}
	return out, nil
}

// StageValues is the stage form of object id and what dbzx fills in for
// it: for a unit's own tools, tests and the demo's units.
func (w *Workspace) StageValues(id int64, stage string) (*templates.Form, *render.Values, error) {
	sel, err := w.Selected()
	if err != nil {
		return nil, nil, err
	}
	for _, s := range sel {
		if s.ID != id {
			continue
		}
		form, ok := w.Forms.StageForm(stage, s.Category)
		if !ok {
			return nil, nil, ErrNoStageForm
		}
		obj, err := w.stageObject(s, stage)
		if err != nil {
			return nil, nil, err
		}
		vals, err := w.objectValues(s, form, obj)
		return form, vals, err
	}
	return nil, nil, &LookupError{What: "application", Query: strconv.FormatInt(id, 10), Err: ErrNotFound}
}

// stageDues says, per object, what it still owes of the later stages: a
// stage form not returned (once the stage has forms and its due date has a
// return from anyone, or is past), and the months its latest return shows
// without a post.
func (w *Workspace) stageDues() (map[int64]string, error) {
	ctx := context.Background()
	out := map[int64]string{}
	gaps := map[int64]string{}
	for _, stage := range []string{templates.StageMidterm, templates.StageFinal} {
		st, err := w.StageStatus(ctx, stage)
		if err != nil {
			return nil, err
		}
		begun := false
		for _, o := range st {
			begun = begun || o.Returned
		}
		if !begun {
			continue // the stage has not begun
		}
		for _, o := range st {
			if !o.Returned {
				out[o.ApplicationID] = strings.TrimPrefix(out[o.ApplicationID]+"；", "；") + templates.StageFormNames[stage] + "未交（期限 " + o.Due + "）"
				continue
			}
			gaps[o.ApplicationID] = ""
			for _, f := range o.Findings {
				if f.Rule != "publicity" {
					continue
				}
				if _, rest, ok := strings.Cut(f.Message, "」中 "); ok {
					if months, _, ok := strings.Cut(rest, "无展示记录"); ok {
						gaps[o.ApplicationID] = "动态展示缺 " + months
					}
				}
			}
		}
	}
	for id, g := range gaps {
		if g != "" {
			out[id] = strings.TrimPrefix(out[id]+"；", "；") + g
		}
	}
	return out, nil
}
