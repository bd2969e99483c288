package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"

	"dbzx/intake"
	"dbzx/render"
	"dbzx/templates"
	"dbzx/workspace"
)

// clerkRoutes answers the clerk's link.
func (c *call) clerkRoutes(rest string) {
	switch {
	case rest == "" && c.r.Method == http.MethodGet:
		c.clerkPage("", "")
	case rest == "build" && c.r.Method == http.MethodPost:
		c.build()
	case strings.HasPrefix(rest, "out/") && c.r.Method == http.MethodGet:
		c.output(strings.TrimPrefix(rest, "out/"))
	case strings.HasPrefix(rest, "app/") && c.r.Method == http.MethodGet:
		c.application(strings.TrimPrefix(rest, "app/"))
	default:
		notFound(c.w)
	}
}

// stageOf reads a stage as the pages write it (stageKey): apply, midterm
// or final; anything else is apply.
func stageOf(s string) string {
	switch s {
	case templates.StageMidterm, templates.StageFinal:
		return s
	}
	return templates.StageApply
}

// stageKey is a stage as the pages write it: apply for the applications.
func stageKey(stage string) string {
	if stage == templates.StageApply {
		return "apply"
	}
	return stage
}

// clerkView is what the clerk's page shows.
type clerkView struct {
	Base, CSRF string
	College    string
	Office     string
	Stage      string
	StageName  string
	Stages     []stageTab
	Overview   *workspace.Overview
	Notices    []*workspace.Notice
	StageObjs  []*workspace.StageObjectStatus
	Outputs    []outputView
	Actions    []action
	Message    string
	Error      string
}

type stageTab struct {
	Key, Name string
	Current   bool
}

type outputView struct {
	Path, URL, Size, Modified string
}

// action is a button that builds outputs.
type action struct {
	Key, Name, Note string
}

// actions are the outputs the clerk's page builds, by stage.
var actions = map[string][]action{
	templates.StageApply: {
		{"check", "重新核对并生成受理报告", "out/intake-report.xlsx"},
		{"notices", "生成受理回执与补正通知", "out/notices/"},
		{"dossier", "生成评审材料汇编", "out/dossier/"},
		{"review", "生成评审打分表", "out/review/"},
		{"list", "生成建设对象名单", "评审结果录入后"},
		{"funding", "生成经费安排表", "评审结果录入后"},
		{"schedule", "生成工作日程", "评审结果录入后"},
		{"certificates", "生成证书", "验收结果录入后"},
	},
	templates.StageMidterm: {
		{"notices", "生成中期考核反馈意见", "out/notices-midterm/"},
		{"dossier", "生成中期考核材料汇编", "out/dossier/"},
		{"review", "生成中期考核评审表", "out/review/"},
	},
	templates.StageFinal: {
		{"notices", "生成验收结果通知", "out/notices-final/"},
		{"dossier", "生成验收材料汇编", "out/dossier/"},
		{"review", "生成验收评审表", "out/review/"},
		{"accept-sheet", "生成验收结果录入表", "out/"},
	},
}

func (c *call) clerkPage(msg, errMsg string) {
	stage := stageOf(c.r.URL.Query().Get("stage"))
	if c.r.Method == http.MethodPost {
		stage = stageOf(c.r.PostFormValue("stage"))
	}
	v := &clerkView{Base: c.base, CSRF: c.csrf, Stage: stageKey(stage), StageName: templates.StageNames[stage], Actions: actions[stage],
		Message: msg, Error: errMsg}
	for _, k := range []string{templates.StageApply, templates.StageMidterm, templates.StageFinal} {
		v.Stages = append(v.Stages, stageTab{Key: stageKey(k), Name: templates.StageNames[k], Current: k == stage})
	}
	err := c.s.read(func(ws *workspace.Workspace) error {
		v.College, v.Office = ws.Cfg.College, ws.Cfg.Office
		var err error
		if v.Overview, err = ws.Status(); err != nil {
			return err
		}
		if stage == templates.StageApply {
			v.Notices, err = ws.Notices(c.r.Context(), workspace.NoticeOptions{Stage: stage})
		} else {
			v.StageObjs, err = ws.StageStatus(c.r.Context(), stage)
		}
		if err != nil && !quiet(err) {
			return err
		}
		outs, err := ws.Outputs()
		if err != nil {
			return err
		}
		for _, o := range outs {
			v.Outputs = append(v.Outputs, outputView{Path: o.Path, URL: c.base + "out/" + escapePath(o.Path),
				Size: size(o.Size), Modified: o.Modified.Format("2006-01-02 15:04")})
		}
		return nil
	})
	if err != nil {
		c.s.fail(c.w, c.r, err)
		return
	}
	c.render("clerk", v)
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// build runs one of the page's actions with the workspace's lock, as the
// command of the same name would, and shows the page again with what it
// wrote.
func (c *call) build() {
	if err := c.r.ParseForm(); err != nil {
		c.code = http.StatusBadRequest
		c.clerkPage("", "表单有误，请刷新页面后重试。")
		return
	}
	stage := stageOf(c.r.PostFormValue("stage"))
	key := c.r.PostFormValue("action")
	var name string
	for _, a := range actions[stage] {
		if a.Key == key {
			name = a.Name
		}
	}
	if name == "" {
		c.code = http.StatusBadRequest
		c.clerkPage("", "没有这个操作。")
		return
	}
	var wrote []string
	ctx := context.WithoutCancel(c.r.Context())
	err := c.s.write(ctx, func(ws *workspace.Workspace) error {
		var err error
		wrote, err = runAction(ctx, ws, stage, key)
		return err
	})
	if err != nil {
		c.clerkPage("", name+"未完成："+message(err, true))
		return
	}
	c.clerkPage(fmt.Sprintf("%s：已写出 %d 个文件（见下方“输出文件”）。", name, len(wrote)), "")
}

// runAction is one action: the verb the command of the same name calls.
func runAction(ctx context.Context, ws *workspace.Workspace, stage, key string) ([]string, error) {
	var paths []string
	switch key {
	case "check":
		res, err := ws.Check(ctx)
		if err != nil {
			return nil, err
		}
		return []string{res.Report}, nil
	case "notices":
		res, err := ws.WriteNotices(ctx, workspace.NoticeOptions{Stage: stage}, "")
		if err != nil {
			return nil, err
		}
		for _, n := range res.Notices {
			paths = append(paths, n.Docx, n.PDF)
		}
		return append(paths, res.Combined), nil
	case "dossier":
		outs, err := ws.Dossiers(workspace.DossierOptions{Stage: stage})
		for _, o := range outs {
			paths = append(paths, o.Path)
		}
		return paths, err
	case "review":
		var outs []workspace.SheetOutput
		var err error
		if stage == templates.StageApply {
			outs, err = ws.ReviewSheets("")
		} else {
			outs, err = ws.StageReviewSheets(ctx, stage, "")
		}
		for _, o := range outs {
			paths = append(paths, o.Path)
		}
		return paths, err
	case "accept-sheet":
		o, err := ws.AcceptSheet("")
		if err != nil {
			return nil, err
		}
		return []string{o.Path}, nil
	case "list":
		return ws.List("")
	case "funding":
		return ws.Funding("")
	case "schedule":
		return ws.Schedule("")
	case "certificates":
		res, err := ws.Certificates(ctx, "")
		if err != nil {
			return nil, err
		}
		for _, x := range res.Certificates {
			paths = append(paths, x.Path)
		}
		return paths, nil
	}
	return nil, workspace.ErrNotFound
}

// output sends a file of out/ that Outputs lists.
func (c *call) output(rel string) {
	err := c.s.read(func(ws *workspace.Workspace) error {
		p, err := ws.OutputPath(rel)
		if err != nil {
			notFound(c.w)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name := rel
		if i := strings.LastIndex(rel, "/"); i >= 0 {
			name = rel[i+1:]
		}
		c.download(name, data)
		return nil
	})
	if err != nil {
		c.s.fail(c.w, c.r, err)
	}
}

// appView is one application's current version as read.
type appView struct {
	Base     string
	App      string
	File     string
	Form     string
	Values   []*intake.Value
	Tables   []*intake.TableValue
	Problems []workspace.NoticeProblem
}

// application shows the fields of one application's current version.
func (c *call) application(idText string) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		notFound(c.w)
		return
	}
	v := &appView{Base: c.base}
	err = c.s.read(func(ws *workspace.Workspace) error {
		ret, file, err := ws.ApplicationReturn(id)
		if err != nil {
			return err
		}
		v.File, v.Values, v.Tables = file.Name, ret.Values, ret.Tables
		if f := ret.Form; f != nil {
			v.Form = f.Code + f.ShortTitle
		}
		ns, err := ws.Notices(c.r.Context(), workspace.NoticeOptions{Stage: templates.StageApply})
		if err != nil && !quiet(err) {
			return err
		}
		for _, n := range ns {
			for _, a := range n.Applications {
				if a.ID == id {
					v.App = a.Unit + " · " + a.Name
					v.Problems = a.Problems
				}
			}
		}
		return nil
	})
	if err != nil {
		if quiet(err) {
			notFound(c.w)
			return
		}
		c.s.fail(c.w, c.r, err)
		return
	}
	c.render("app", v)
}

// render writes a page.
func (c *call) render(name string, data any) {
	var buf strings.Builder
	if err := c.s.page.ExecuteTemplate(&buf, name, data); err != nil {
		c.s.fail(c.w, c.r, err)
		return
	}
	c.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if c.code != 0 {
		c.w.WriteHeader(c.code)
	}
	c.w.Write([]byte(buf.String()))
}

// funcs are the templates' helpers.
var funcs = map[string]any{
	"severity": func(s string) string { return render.SeverityNames[s] },
}
