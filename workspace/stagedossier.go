package workspace

import (
	"context"
	"fmt"
	"io"
	"slices"
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
	// material is each object's supporting material for the stage.
	material map[int64][]*register.FileRecord
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
	files, err := w.materialFiles()
	if err != nil {
		return nil, err
	}
	m, err := w.stageMaterial(ctx, files)
	if err != nil {
		return nil, err
	}
	r.material = m.of[stage]
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
		for _, f := range r.material[s.ID] {
			obj.Attachments = append(obj.Attachments, w.attachment(f))
		}
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

// stageMaterial is the supporting material that came with the stages'
// forms. An attachment taken in in the same run and from the same folder
// or zip as a stage form is material of that form's object for the stage,
// not of its application; where the folder held several objects' forms,
// the object whose name the file's name holds (the longest such name),
// else it is left out of every book. Material sent in a later run, apart
// from its form, is placed as an application's; material the clerk
// assigned to an application (attach) is that application's.
type stageMaterial struct {
	files map[int64]bool                              // attachment file ids that are stage material
	of    map[string]map[int64][]*register.FileRecord // stage → object → its files
}

func (w *Workspace) stageMaterial(ctx context.Context, files []*register.FileRecord) (*stageMaterial, error) {
	m := &stageMaterial{files: map[int64]bool{}, of: map[string]map[int64][]*register.FileRecord{}}
	forms, err := w.reg.StageFiles(ctx)
	if err != nil {
		return nil, err
	}
	links, err := w.reg.AttachmentLinks()
	if err != nil {
		return nil, err
	}
	type place struct {
		run   int64
		group string
	}
	at := map[place][]register.StageFile{}
	for _, f := range forms {
		p := place{f.Run, f.Group}
		if !slices.ContainsFunc(at[p], func(s register.StageFile) bool { return s.ApplicationID == f.ApplicationID && s.Stage == f.Stage }) {
			at[p] = append(at[p], f)
		}
	}
	for _, f := range files {
		cands := at[place{f.Run, f.Group}]
		if _, linked := links[f.ID]; f.Status != intake.StatusAttachment || linked || len(cands) == 0 {
			continue
		}
		m.files[f.ID] = true
		var match *register.StageFile
		for i, c := range cands {
			if strings.Contains(intake.NormLabel(f.Name), intake.NormLabel(c.Name)) &&
				(match == nil || len(intake.NormLabel(c.Name)) > len(intake.NormLabel(match.Name))) {
				match = &cands[i]
			}
		}
		if match == nil && len(cands) == 1 {
			match = &cands[0]
		}
		if match == nil {
			continue
		}
		if m.of[match.Stage] == nil {
			m.of[match.Stage] = map[int64][]*register.FileRecord{}
		}
		m.of[match.Stage][match.ApplicationID] = append(m.of[match.Stage][match.ApplicationID], f)
	}
	return m, nil
}
