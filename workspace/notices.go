package workspace

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/winpath"
	"dbzx/register"
	"dbzx/render"
	"dbzx/templates"
)

// The office tells each unit what happened to its material: 受理回执 (what
// arrived and was registered), 补正通知 (and what to put right, by when),
// later 中期考核反馈意见 and 验收结果通知. Notices returns them as data — the
// web console and the office's own mail merge read the same structs the
// letters are written from.

// NoticeOptions choose the notices.
type NoticeOptions struct {
	// Unit limits the notices to one unit: its roster name, or as its
	// returns wrote it.
	Unit string
	// Stage is "" (the applications), midterm or final.
	Stage string
	// Date is the notices' date; zero: the day the last file was received
	// (for a stage, the committee's latest decision), so that the notices
	// depend on the register, not on the day they are printed.
	Date config.Date
	// Due is the deadline for corrections; zero: config correction_due,
	// else seven days after Date.
	Due config.Date
	// Omit, when set, leaves out of the application notices the files
	// whose origin it holds true, and the applications whose current
	// version came in such a file, before they are counted and worded:
	// for a front end that shows a unit only what it sent itself (the web
	// console hides a return another unit uploaded naming this one).
	Omit func(origin string) bool
}

// Notice kinds, as the wording (templates.Letters) names them.
const (
	NoticeReceipt    = "receipt"
	NoticeCorrection = "correction"
	NoticeMidterm    = "midterm"
	NoticeFinal      = "final"
)

// Notice is one letter to one unit.
type Notice struct {
	Unit string `json:"unit"`
	// Type is receipt, correction, midterm or final; Kind its name (受理回执,
	// 补正通知, 中期考核反馈意见, 验收结果通知).
	Type  string `json:"type"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Date  string `json:"date"`          // 2022-11-25
	Due   string `json:"due,omitempty"` // corrections (or the stage form) by then
	// Files are the files received from the unit.
	Files []NoticeFile `json:"files,omitempty"`
	// Applications are what was registered (a stage: the construction
	// objects), each with its problems, errors first.
	Applications []*NoticeApplication `json:"applications"`
	Errors       int                  `json:"errors"`
	Warnings     int                  `json:"warnings"`
	// The wording, filled in: opening paragraphs, how to resubmit (a
	// correction notice), closing paragraphs, the contact line.
	Intro    []string `json:"intro"`
	Resubmit []string `json:"resubmit,omitempty"`
	Closing  []string `json:"closing"`
	Contact  string   `json:"contact,omitempty"`
	Office   string   `json:"office"`
	// Docx and PDF are where the letter was written (WriteNotices).
	Docx string `json:"docx,omitempty"`
	PDF  string `json:"pdf,omitempty"`
}

// NoticeFile is a file received, as the receipt lists it.
type NoticeFile struct {
	Name     string `json:"name"`
	Received string `json:"received"` // 2022-11-23 17:00
	Form     string `json:"form"`     // 附件6样板党支部申报书, 附件9申报汇总表, 支撑材料 …
	Version  int    `json:"version,omitempty"`
	Status   string `json:"status"` // 已登记, 支撑材料, 未受理 …
	Note     string `json:"note,omitempty"`
	// Origin is where the file came from (path as given, bundle
	// entries as bundle.zip!/path), for the front ends that tell their
	// senders apart by it; not part of the letter.
	Origin string `json:"-"`
}

// NoticeApplication is an application (or a construction object) in a
// notice, with its problems and, at a stage, the committee's word.
type NoticeApplication struct {
	ID       int64  `json:"id"`
	Category string `json:"category"` // the category's name
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	Leader   string `json:"leader,omitempty"`
	Form     string `json:"form,omitempty"`
	Version  int    `json:"version,omitempty"`
	Versions int    `json:"versions,omitempty"`
	// Withdrawn is the unit's reason when it withdrew the application.
	Withdrawn string          `json:"withdrawn,omitempty"`
	Problems  []NoticeProblem `json:"problems,omitempty"`
	Stage     *StageFeedback  `json:"stage,omitempty"`
}

// NoticeProblem is one finding, as the rules worded it: the message names
// the form, the field, what was found and what is expected.
type NoticeProblem struct {
	Severity string `json:"severity"` // error, warning, info
	Form     string `json:"form"`
	Label    string `json:"label,omitempty"`
	Message  string `json:"message"`
}

// StageFeedback is a construction object at a stage: its return, and the
// committee's conclusion with its opinions and what is to be put right.
type StageFeedback struct {
	Returned   bool     `json:"returned"`
	File       string   `json:"file,omitempty"`
	FormDue    string   `json:"form_due,omitempty"` // the stage form was due then
	Decided    bool     `json:"decided"`
	Conclusion string   `json:"conclusion,omitempty"`
	Grade      string   `json:"grade,omitempty"`
	Total      float64  `json:"total,omitempty"`
	Opinion    string   `json:"opinion,omitempty"`
	Rectify    []string `json:"rectify,omitempty"`
	RectifyDue string   `json:"rectify_due,omitempty"`
	Date       string   `json:"date,omitempty"` // of the decision
}

// Notices composes the notices: for the applications one per unit that
// sent material (受理回执, or 补正通知 when its applications have findings);
// for a stage one per unit with construction objects. A unit named in
// opts that has none is a *LookupError.
func (w *Workspace) Notices(ctx context.Context, opts NoticeOptions) ([]*Notice, error) {
	words, err := templates.LoadLetters(w.Cfg.FormsDir)
	if err != nil {
		return nil, err
	}
	var out []*Notice
	switch opts.Stage {
	case templates.StageApply:
		out, err = w.applyNotices(ctx, opts, words)
	case templates.StageMidterm, templates.StageFinal:
		out, err = w.stageNotices(ctx, opts, words)
	default:
		return nil, ErrNoStageForm
	}
	if err != nil {
		return nil, err
	}
	if opts.Unit != "" {
		want := opts.Unit
		if p := intake.OnRoster(w.Cfg.Units, want); p.Of != "" {
			want = p.Of
		}
		var mine []*Notice
		for _, n := range out {
			if n.Unit == want || intake.NormLabel(n.Unit) == intake.NormLabel(opts.Unit) {
				mine = append(mine, n)
			}
		}
		if len(mine) == 0 {
			return nil, &LookupError{What: "unit", Query: opts.Unit, Err: ErrNotFound}
		}
		out = mine
	}
	return out, nil
}

// formName is how a notice names a form: 附件6样板党支部申报书.
func (w *Workspace) formName(id string) string {
	if f, ok := w.Forms.Find(id); ok {
		return f.Code + f.ShortTitle
	}
	return id
}

func (w *Workspace) applyNotices(ctx context.Context, opts NoticeOptions, words *templates.Letters) ([]*Notice, error) {
	r, err := w.received(ctx)
	if err != nil {
		return nil, err
	}
	if len(r.apps) == 0 {
		return nil, ErrNoApplications
	}
	findings, err := w.reg.CurrentFindings()
	if err != nil {
		return nil, err
	}
	current, err := w.reg.CurrentVersions(ctx)
	if err != nil {
		return nil, err
	}
	formOf := map[int64]string{}
	fileOf := map[int64]int64{}
	for _, c := range current {
		formOf[c.ID] = c.Form
		fileOf[c.ID] = c.FileID
	}
	origin := map[int64]string{}
	for _, fs := range r.files {
		for _, f := range fs {
			origin[f.ID] = f.Origin
		}
	}
	// The date: the last file received.
	date := opts.Date
	if date.IsZero() {
		latest := ""
		for _, fs := range r.files {
			for _, f := range fs {
				if f.Version == nil || f.Version.Stage == "" {
					latest = max(latest, f.Received)
				}
			}
		}
		if d, err := config.ParseDate(receivedDay(latest)); err == nil {
			date = d
		} else {
			date = w.Cfg.Deadline
		}
	}
	due := opts.Due
	if due.IsZero() {
		due = w.Cfg.CorrectionDue
	}
	if due.IsZero() {
		due = config.Date{Time: date.AddDate(0, 0, 7)}
	}
	// Findings by application; the summary sheets' by file.
	byApp := map[int64][]NoticeProblem{}
	for _, f := range findings {
		if f.ApplicationID == 0 {
			continue
		}
		p := NoticeProblem{Severity: f.Severity, Label: f.Label, Message: f.Message, Form: w.formName(formOf[f.ApplicationID])}
		byApp[f.ApplicationID] = append(byApp[f.ApplicationID], p)
	}
	onFiles, err := w.reg.FileFindings(ctx)
	if err != nil {
		return nil, err
	}
	catName := map[string]string{}
	for _, c := range w.Cfg.Categories {
		catName[c.Key] = c.Name
	}
	less := appOrder(w.Cfg)
	omit := func(origin string) bool { return opts.Omit != nil && opts.Omit(origin) }
	var out []*Notice
	for _, unit := range r.order {
		var files []*sentFile
		for _, f := range r.files[unit] {
			if !omit(f.Origin) {
				files = append(files, f)
			}
		}
		var apps []*register.Application
		for _, a := range r.apps {
			if r.unitOf(a.Unit) == unit && !omit(origin[fileOf[a.ID]]) {
				apps = append(apps, a)
			}
		}
		if len(files) == 0 && len(apps) == 0 {
			continue
		}
		sort.SliceStable(apps, func(i, j int) bool { return less(apps[i], apps[j]) })
		n := &Notice{Unit: unit, Date: date.String(), Office: w.Cfg.Office}
		var sheets []*sentFile
		for _, f := range files {
			if f.Version != nil && f.Version.Stage != "" {
				continue // a stage return: the stage's notices
			}
			n.Files = append(n.Files, w.noticeFile(f))
			if f.Filler != "" {
				sheets = append(sheets, f)
			}
		}
		for _, a := range apps {
			na := &NoticeApplication{ID: a.ID, Category: catName[a.Category], Name: a.Name, Unit: a.Unit, Leader: a.Leader,
				Form: w.formName(formOf[a.ID]), Version: a.Current, Versions: a.Versions}
			if a.Withdrawn != "" {
				na.Withdrawn = a.WithdrawReason
				if na.Withdrawn == "" {
					na.Withdrawn = "已撤回"
				}
			} else {
				na.Problems = ordered(byApp[a.ID])
			}
			n.Applications = append(n.Applications, na)
		}
		for _, f := range sheets {
			var ps []NoticeProblem
			for _, fd := range onFiles[f.ID] {
				ps = append(ps, NoticeProblem{Severity: fd.Severity, Form: w.formName("summary"), Label: fd.Label, Message: fd.Message})
			}
			if len(ps) > 0 {
				n.Applications = append(n.Applications, &NoticeApplication{Category: "申报汇总表", Name: f.Name,
					Unit: unit, Form: w.formName("summary"), Problems: ordered(ps)})
			}
		}
		n.count()
		letter := words.Receipt
		n.Type = NoticeReceipt
		if n.Errors+n.Warnings > 0 {
			letter, n.Type, n.Due = words.Correction, NoticeCorrection, due.String()
		}
		w.word(n, letter, words, map[string]string{"due": due.Chinese(),
			"files": fmt.Sprint(len(n.Files)), "applications": fmt.Sprint(len(apps))})
		out = append(out, n)
	}
	return out, nil
}

// count counts the errors and warnings of the notice's applications.
func (n *Notice) count() {
	n.Errors, n.Warnings = 0, 0
	for _, a := range n.Applications {
		for _, p := range a.Problems {
			switch p.Severity {
			case intake.SeverityError:
				n.Errors++
			case intake.SeverityWarning:
				n.Warnings++
			}
		}
	}
}

// KindCount is how many notices of a kind were written.
type KindCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// Kinds counts the notices by kind, in the order first written.
func (r *NoticesResult) Kinds() []KindCount {
	var out []KindCount
	at := map[string]int{}
	for _, n := range r.Notices {
		i, ok := at[n.Kind]
		if !ok {
			i = len(out)
			at[n.Kind] = i
			out = append(out, KindCount{Kind: n.Kind})
		}
		out[i].Count++
	}
	return out
}

// word fills the notice's wording.
func (w *Workspace) word(n *Notice, letter templates.Letter, words *templates.Letters, more map[string]string) {
	cfg := w.Cfg
	vars := map[string]string{"unit": n.Unit, "college": cfg.College, "office": cfg.Office, "programme": cfg.Programme,
		"contact": cfg.Contact, "date": chineseDate(n.Date), "errors": fmt.Sprint(n.Errors), "warnings": fmt.Sprint(n.Warnings)}
	for k, v := range more {
		vars[k] = v
	}
	n.Kind = letter.Kind
	n.Title = templates.Fill(letter.Title, vars)
	n.Intro = templates.FillAll(letter.Intro, vars)
	if n.Type == NoticeCorrection {
		n.Resubmit = templates.FillAll(letter.Resubmit, vars)
	}
	n.Closing = templates.FillAll(letter.Closing, vars)
	if cfg.Contact != "" {
		n.Contact = templates.Fill(words.Contact, vars)
	}
}

// receivedDay is the day on this machine's calendar that a file stamped
// received (register.TimeFormat) came in, 2022-11-23; "" when unstamped.
func receivedDay(received string) string {
	t, err := time.Parse(register.TimeFormat, received)
	if err != nil {
		return ""
	}
	return t.Local().Format("2006-01-02")
}

// chineseDate is 2022-11-25 as 2022年11月25日.
func chineseDate(iso string) string {
	d, err := config.ParseDate(iso)
	if err != nil {
		return iso
	}
	return d.Chinese()
}

// ordered puts errors first, then warnings, then the rest, each in the
// order found.
func ordered(ps []NoticeProblem) []NoticeProblem {
	rank := map[string]int{intake.SeverityError: 0, intake.SeverityWarning: 1}
	out := append([]NoticeProblem(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, ok := rank[out[i].Severity]
		if !ok {
			ri = 2
		}
		rj, ok := rank[out[j].Severity]
		if !ok {
			rj = 2
		}
		return ri < rj
	})
	return out
}

// noticeFile is a file as the receipt lists it.
func (w *Workspace) noticeFile(f *sentFile) NoticeFile {
	nf := NoticeFile{Name: f.Name, Received: clock(f.Received), Status: render.StatusNames[f.Status], Note: f.Reason,
		Origin: f.Origin}
	switch {
	case f.Version != nil:
		nf.Form, nf.Version, nf.Status = w.formName(f.Version.Form), f.Version.Number, "已登记"
		if f.Version.Number > 1 {
			nf.Note = fmt.Sprintf("第%d版，替代第%d版", f.Version.Number, f.Version.Number-1)
		}
	case f.Filler != "":
		nf.Form, nf.Status = w.formName("summary"), "已登记"
	case f.Status == intake.StatusAttachment:
		nf.Form = "支撑材料"
	case f.Status == intake.StatusBundle:
		nf.Form = "压缩包"
	}
	return nf
}

// stageNotices are the 中期考核反馈意见 or 验收结果通知: one per unit with
// construction objects, each object with its return and the committee's
// word.
func (w *Workspace) stageNotices(ctx context.Context, opts NoticeOptions, words *templates.Letters) ([]*Notice, error) {
	objs, err := w.StageStatus(ctx, opts.Stage)
	if err != nil {
		return nil, err
	}
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	selOf := map[int64]*Selected{}
	for _, s := range sel {
		selOf[s.ID] = s
	}
	decs, err := w.reg.StageDecisions(ctx, opts.Stage)
	if err != nil {
		return nil, err
	}
	final := opts.Stage == templates.StageFinal
	letter := words.Midterm
	typ := NoticeMidterm
	if final {
		letter, typ = words.Final, NoticeFinal
	}
	latest := ""
	for _, d := range decs {
		latest = max(latest, d.Decided)
	}
	for _, s := range sel {
		if final && s.Accepted != nil {
			latest = max(latest, s.AcceptDate)
		}
	}
	if latest == "" { // nothing decided yet: the day the last form came in
		rets, err := w.reg.StageReturns(ctx, opts.Stage)
		if err != nil {
			return nil, err
		}
		for _, r := range rets {
			latest = max(latest, receivedDay(r.Received))
		}
	}
	date := opts.Date
	if date.IsZero() {
		if d, err := intake.ParseDate(latest); err == nil && d.Day != 0 {
			date = config.Date{Time: time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)}
		} else {
			date = config.Date{Time: time.Now().UTC().Truncate(24 * time.Hour)}
		}
	}
	byUnit := map[string]*Notice{}
	var out []*Notice
	for _, o := range objs {
		n := byUnit[o.RosterUnit]
		if n == nil {
			n = &Notice{Unit: o.RosterUnit, Type: typ, Date: date.String(), Office: w.Cfg.Office}
			byUnit[o.RosterUnit] = n
			out = append(out, n)
		}
		s := selOf[o.ApplicationID]
		na := &NoticeApplication{ID: o.ApplicationID, Name: o.Name, Unit: o.Unit}
		if s != nil {
			na.Category, na.Leader = s.CategoryName, s.Leader
		}
		if f, ok := w.Forms.StageForm(opts.Stage, o.Category); ok {
			na.Form = f.Code + f.ShortTitle
		}
		fb := &StageFeedback{Returned: o.Returned, File: o.File, FormDue: o.Due}
		na.Version, na.Versions = o.Version, o.Versions
		for _, f := range o.Findings {
			na.Problems = append(na.Problems, NoticeProblem{Severity: f.Severity, Form: na.Form, Label: f.Label, Message: f.Message})
		}
		na.Problems = ordered(na.Problems)
		if d, ok := decs[o.ApplicationID]; ok {
			fb.Decided, fb.Conclusion, fb.Grade, fb.Total, fb.Opinion = true, d.Conclusion, d.Grade, d.Total, d.Opinion
			fb.Rectify, fb.RectifyDue, fb.Date = d.Rectify, d.Due, d.Decided
		}
		if final && s != nil && s.Accepted != nil {
			// The recorded acceptance is the result, whatever the sheet said.
			fb.Decided, fb.Date = true, s.AcceptDate
			fb.Conclusion = templates.StageConclusions[templates.StageFinal][2]
			if *s.Accepted {
				fb.Conclusion = templates.StageConclusions[templates.StageFinal][0]
			}
			if s.AcceptNote != "" && fb.Opinion == "" {
				fb.Opinion = s.AcceptNote
			}
		}
		na.Stage = fb
		n.Applications = append(n.Applications, na)
	}
	for _, n := range out {
		n.count()
		w.word(n, letter, words, map[string]string{"applications": fmt.Sprint(len(n.Applications))})
	}
	// The roster's order, then the rest.
	rank := map[string]int{}
	for i, u := range w.Cfg.Units {
		rank[u.Name] = i + 1
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank[out[i].Unit], rank[out[j].Unit]
		if ri == 0 {
			ri = len(rank) + 1
		}
		if rj == 0 {
			rj = len(rank) + 1
		}
		return ri < rj
	})
	return out, nil
}

// NoticesResult is what WriteNotices wrote: every notice (with its
// paths) and the combined PDF for printing.
type NoticesResult struct {
	Notices  []*Notice `json:"notices"`
	Combined string    `json:"combined"`
	Dir      string    `json:"dir"`
	// Missing are the roster's units that sent nothing, so get no letter
	// (the application notices only).
	Missing []string `json:"missing,omitempty"`
}

// WriteNotices composes the notices (Notices) and writes each as .docx
// and PDF into dir (default out/notices, out/notices-midterm, …), named by
// kind and unit, and all of them in one PDF for printing.
func (w *Workspace) WriteNotices(ctx context.Context, opts NoticeOptions, dir string) (*NoticesResult, error) {
	ns, err := w.Notices(ctx, opts)
	if err != nil {
		return nil, err
	}
	sub := "notices"
	if opts.Stage != "" {
		sub += "-" + opts.Stage
	}
	if dir, err = w.outDir(dir, sub); err != nil {
		return nil, err
	}
	faces, err := render.LoadFaces(w.Cfg)
	if err != nil {
		return nil, err
	}
	res := &NoticesResult{Notices: ns, Dir: dir}
	if opts.Stage == templates.StageApply {
		units, err := w.roster(ctx)
		if err != nil {
			return nil, err
		}
		res.Missing = missing(units)
	}
	var all []*render.Letter
	for _, n := range ns {
		l := w.letterView(n)
		all = append(all, l)
		name := winpath.SafeName(n.Kind + "-" + n.Unit)
		var docx strings.Builder
		if err := render.WriteLetterDocx(&docx, l); err != nil {
			return nil, err
		}
		if n.Docx, err = writeOut(dir, name+".docx", []byte(docx.String())); err != nil {
			return nil, err
		}
		var pdf strings.Builder
		if _, err := render.WriteLettersPDF(&pdf, []*render.Letter{l}, faces); err != nil {
			return nil, err
		}
		if n.PDF, err = writeOut(dir, name+".pdf", []byte(pdf.String())); err != nil {
			return nil, err
		}
	}
	var pdf strings.Builder
	if _, err := render.WriteLettersPDF(&pdf, all, faces); err != nil {
		return nil, err
	}
	kind := "通知"
	if len(ns) > 0 {
		kind = ns[0].Kind
		if opts.Stage == "" {
			kind = "受理回执与补正通知"
		}
	}
	res.Combined, err = writeOut(dir, kind+"-合并打印.pdf", []byte(pdf.String()))
	return res, err
}

// severityTag marks a problem in a letter: 【错误】, 【提醒】, 【说明】.
func severityTag(sev string) string {
	if n, ok := render.SeverityNames[sev]; ok {
		return "【" + n + "】"
	}
	return ""
}

// letterView lays a notice out as a letter: the parts the wording names,
// filled from the notice's data.
func (w *Workspace) letterView(n *Notice) *render.Letter {
	words, _ := templates.LoadLetters(w.Cfg.FormsDir) // read once by Notices: no error now
	h := words.Headings
	l := &render.Letter{Masthead: w.Cfg.College + w.Cfg.Office, Title: n.Title, To: n.Unit, Intro: n.Intro,
		Closing: n.Closing, Contact: n.Contact, Signer: n.Office, Date: chineseDate(n.Date), Subject: n.Kind}
	switch n.Type {
	case NoticeReceipt, NoticeCorrection:
		if len(n.Files) > 0 {
			t := &render.LetterTable{Columns: []string{"序号", "文件名", "收到时间", "表单", "版本", "登记情况"},
				Widths: []int{7, 34, 16, 20, 9, 17}}
			for i, f := range n.Files {
				version := ""
				if f.Version > 0 {
					version = fmt.Sprintf("第%d版", f.Version)
				}
				state := f.Status
				if f.Note != "" {
					state += "（" + f.Note + "）"
				}
				t.Rows = append(t.Rows, []string{fmt.Sprint(i + 1), f.Name, f.Received, f.Form, version, state})
			}
			l.Parts = append(l.Parts, render.LetterPart{Heading: h["files"], Table: t})
		}
		t := &render.LetterTable{Columns: []string{"序号", "类别", "申报名称", "负责人", "版本", "核对结果"},
			Widths: []int{7, 22, 30, 10, 9, 20}}
		var items []render.LetterItem
		var notes []string
		i := 0
		for _, a := range n.Applications {
			errs, warns := 0, 0
			var lines []string
			for _, p := range a.Problems {
				switch p.Severity {
				case intake.SeverityError:
					errs++
				case intake.SeverityWarning:
					warns++
				}
				lines = append(lines, severityTag(p.Severity)+p.Message)
			}
			if a.ID != 0 {
				i++
				result := "未发现问题"
				switch {
				case a.Withdrawn != "":
					result = "已撤回（" + a.Withdrawn + "）"
				case errs+warns > 0:
					result = fmt.Sprintf("错误 %d，提醒 %d", errs, warns)
				case len(a.Problems) > 0:
					result = "未发现问题（见说明）"
				}
				version := fmt.Sprintf("第%d版", a.Version)
				if a.Versions > 1 {
					version = fmt.Sprintf("第%d版（共%d版）", a.Version, a.Versions)
				}
				t.Rows = append(t.Rows, []string{fmt.Sprint(i), a.Category, a.Name, a.Leader, version, result})
			}
			if errs+warns == 0 {
				// Only what the committee is told (已获省级推荐): a note.
				for _, p := range a.Problems {
					notes = append(notes, "「"+a.Name+"」："+p.Message)
				}
				continue
			}
			head := a.Category + "「" + a.Name + "」（" + a.Form
			if a.Version > 0 {
				head += fmt.Sprintf("，第%d版", a.Version)
			}
			items = append(items, render.LetterItem{Heading: head + "）", Lists: []render.LetterList{{Lines: lines}}})
		}
		l.Parts = append(l.Parts, render.LetterPart{Heading: h["registered"], Table: t})
		if len(notes) > 0 {
			l.Parts = append(l.Parts, render.LetterPart{Heading: h["notes"], Paragraphs: notes})
		}
		if n.Type == NoticeCorrection {
			l.Parts = append(l.Parts, render.LetterPart{Heading: h["problems"], Items: items},
				render.LetterPart{Heading: h["resubmit"], Paragraphs: n.Resubmit})
		}
	case NoticeMidterm, NoticeFinal:
		heading := h["feedback"]
		if n.Type == NoticeFinal {
			heading = h["result"]
		}
		var items, missing []render.LetterItem
		for _, a := range n.Applications {
			fb := a.Stage
			it := render.LetterItem{Heading: a.Category + "「" + a.Name + "」"}
			if fb == nil || !fb.Returned {
				due := ""
				if fb != nil && fb.FormDue != "" {
					due = "，报送期限 " + chineseDate(fb.FormDue)
				}
				if fb == nil || !fb.Decided {
					it.Paragraphs = append(it.Paragraphs, fmt.Sprintf("尚未收到%s%s，请抓紧报送。", a.Form, due))
					missing = append(missing, it)
					continue
				}
			} else {
				it.Paragraphs = append(it.Paragraphs, fmt.Sprintf("收到的材料：%s（%s，第%d版）。", a.Form, fb.File, a.Version))
			}
			if !fb.Decided {
				it.Paragraphs = append(it.Paragraphs, "评审工作小组尚未作出结论，结论另行通知。")
			} else {
				c := "考核结论：" + fb.Conclusion
				if n.Type == NoticeFinal {
					c = "验收结果：" + fb.Conclusion
				}
				var extra []string
				if fb.Grade != "" {
					extra = append(extra, "等次 "+fb.Grade)
				}
				if fb.Total > 0 {
					extra = append(extra, fmt.Sprintf("得分 %g", fb.Total))
				}
				if len(extra) > 0 {
					c += "（" + strings.Join(extra, "，") + "）"
				}
				it.Paragraphs = append(it.Paragraphs, c+"。")
				if fb.Opinion != "" {
					it.Paragraphs = append(it.Paragraphs, "评审意见："+fb.Opinion)
				}
				if len(fb.Rectify) > 0 {
					due := ""
					if fb.RectifyDue != "" {
						due = "，请于" + chineseDate(fb.RectifyDue) + "前完成整改"
					}
					it.Lists = append(it.Lists, render.LetterList{Lead: "整改要求（共" + fmt.Sprint(len(fb.Rectify)) + "项）" + due + "：",
						Lines: fb.Rectify})
				} else if fb.RectifyDue != "" {
					it.Paragraphs = append(it.Paragraphs, "期限："+chineseDate(fb.RectifyDue)+"。")
				}
			}
			if len(a.Problems) > 0 {
				list := render.LetterList{Lead: a.Form + "核对发现的问题（请在整改中一并落实）："}
				for _, p := range a.Problems {
					list.Lines = append(list.Lines, severityTag(p.Severity)+p.Message)
				}
				it.Lists = append(it.Lists, list)
			}
			items = append(items, it)
		}
		if len(items) > 0 {
			l.Parts = append(l.Parts, render.LetterPart{Heading: heading, Items: items})
		}
		if len(missing) > 0 {
			l.Parts = append(l.Parts, render.LetterPart{Heading: h["missing"], Items: missing})
		}
	}
	return l
}
