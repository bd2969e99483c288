package workspace

import (
	"context"
	"fmt"
	"io"
	"strings"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/fonts"
	"dbzx/register"
	"dbzx/render"
)

// A stage's book (dbzx dossier --stage): per category, each construction
// object's current return of the stage's form, laid out like the form,
// after what its application set out to do, with the stage's findings,
// and the stage's scoring sheet; the objects that have not returned it
// are listed.

// stageRound is what every category's book of a stage reads from the
// register: the construction objects, their current returns and the
// returns' findings.
type stageRound struct {
	stage    string
	objects  []*Selected
	returns  map[int64]*register.StageReturn
	findings map[int64][]register.Finding
}

// stageRound reads a stage's round: ErrNoStageForm for a stage without
// forms, ErrNoSelection before any decision.
func (w *Workspace) stageRound(stage string) (*stageRound, error) {
	sel, err := w.stageObjects(stage)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	rets, err := w.reg.StageReturns(ctx, stage)
	if err != nil {
		return nil, err
	}
	r := &stageRound{stage: stage, objects: sel, returns: map[int64]*register.StageReturn{}}
	for _, x := range rets {
		r.returns[x.ApplicationID] = x
	}
	if r.findings, err = w.reg.StageFindings(ctx, stage); err != nil {
		return nil, err
	}
	return r, nil
}

// stageBook is a category's book of the stage.
func (w *Workspace) stageBook(r *stageRound, cat config.Category, o DossierOptions, faces []fonts.Face) (*book, error) {
	if _, ok := w.Forms.StageForm(r.stage, cat.Key); !ok {
		if o.Category != "" {
			return nil, ErrNoStageForm
		}
		return &book{}, nil
	}
	d, err := w.stageDossier(r, cat)
	if err != nil {
		return nil, err
	}
	d.Duplex = o.Duplex
	return &book{name: render.StageDossierName(r.stage) + "-" + cat.ShortName, count: len(d.Objects), missing: len(d.Missing),
		write: func(out io.Writer) (*render.DossierResult, error) {
			return render.WriteStageDossier(out, d, w.Cfg, faces)
		}}, nil
}

// stageDossier gathers a category's book of the stage: its objects in the
// order of every output (Selected), those that returned the form with
// their current return, its findings and their application's plan, the
// others by name.
func (w *Workspace) stageDossier(r *stageRound, cat config.Category) (*render.StageDossier, error) {
	d := &render.StageDossier{Category: cat, Stage: r.stage}
	for _, s := range r.objects {
		if s.Category != cat.Key {
			continue
		}
		sr := r.returns[s.ID]
		if sr == nil {
			d.Missing = append(d.Missing, s.Unit+"「"+s.Name+"」")
			continue
		}
		ret, err := intake.DecodeReturn(sr.Data, w.Forms)
		if err != nil {
			return nil, fmt.Errorf("register: stage version %d: %w", sr.ID, err)
		}
		if ret.Form == nil {
			return nil, fmt.Errorf("workspace: stage version %d: form %s no longer defined", sr.ID, ret.FormID)
		}
		who := ret.Form.Who()
		obj := &render.StageDossierObject{DossierApp: render.DossierApp{Unit: s.Unit, Name: s.Name, Leader: s.Leader,
			Contact: ret.Text(who.Contact), Phone: ret.Text(who.Phone), Version: sr.Number, Versions: sr.Versions,
			File: sr.File, Form: ret.Form}}
		obj.Values, obj.Tables = printed(ret)
		for _, f := range r.findings[s.ID] {
			obj.Findings = append(obj.Findings, render.DossierFinding{Severity: render.SeverityNames[f.Severity], Message: f.Message})
		}
		if !s.Unfiled { // a provincial recommendation without a form has no plan
			if obj.Plan, err = w.plan(s.ID); err != nil {
				return nil, err
			}
		}
		d.Objects = append(d.Objects, obj)
	}
	return d, nil
}

// planned reports whether a field of an application is one its later
// stages are measured against: its targets (建设目标; 附件8: 创新内容),
// its schedule (进度安排; 附件8: 实施计划) and its expected outcomes
// (预期成果; 附件5: the forms of outcome ticked).
func planned(id string) bool {
	switch id {
	case "plan_goal", "content", "plan_schedule", "plan", "expected_outcomes":
		return true
	}
	return strings.HasPrefix(id, "outcome_")
}

// plan is what application id set out to do, from its current version:
// the planned fields, in its form's order, with their values.
func (w *Workspace) plan(id int64) (render.DossierPlan, error) {
	var p render.DossierPlan
	data, _, err := w.reg.CurrentData(id)
	if err != nil {
		return p, err
	}
	app, err := intake.DecodeReturn(data, w.Forms)
	if err != nil {
		return p, fmt.Errorf("register: application %d: %w", id, err)
	}
	if app.Form == nil {
		return p, fmt.Errorf("workspace: application %d: form %s no longer defined", id, app.FormID)
	}
	p.Values, p.Tables = printed(app)
	for _, f := range app.Form.Fields() {
		if planned(f.ID) {
			p.Fields = append(p.Fields, *f)
		}
	}
	return p, nil
}
