package web

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dbzx/intake"
	"dbzx/register"
	"dbzx/render"
	"dbzx/templates"
	"dbzx/workspace"
)

// maxUploadFiles: files in one upload. A unit sends a few returns, a
// summary sheet and scans; a bundle counts as one.
const maxUploadFiles = 50

// uploadTime: how long one upload may take to arrive. 256 MB over a
// slow campus link (1 MB/s) takes four minutes.
const uploadTime = 15 * time.Minute

// maxNameRunes: an uploaded file's name as shown and registered.
const maxNameRunes = 120

// unitRoutes answers a unit's link.
func (c *call) unitRoutes(rest string) {
	switch {
	case rest == "" && c.r.Method == http.MethodGet:
		c.unitPage(nil, "")
	case rest == "upload" && c.r.Method == http.MethodPost:
		c.upload()
	case strings.HasPrefix(rest, "form/") && c.r.Method == http.MethodGet:
		c.blankForm(strings.TrimPrefix(rest, "form/"))
	case strings.HasPrefix(rest, "stageform/") && c.r.Method == http.MethodGet:
		c.stageForm(strings.TrimPrefix(rest, "stageform/"))
	case strings.HasPrefix(rest, "notice/") && c.r.Method == http.MethodGet:
		c.notice(strings.TrimPrefix(rest, "notice/"))
	default:
		notFound(c.w)
	}
}

// unitView is what a unit's page shows.
type unitView struct {
	Base, CSRF string
	Unit       string
	College    string
	Office     string
	Deadline   string
	MaxMB      int
	Forms      []formLink
	StageForms []stageFormLink // the unit's construction objects' forms of the later stages
	Notices    []noticeView
	Uploaded   []uploadedFile // the files of the upload just made
	Error      string
}

type formLink struct {
	ID, Name string
}

// stageFormLink is one construction object's pre-filled form of a later
// stage: stageform/<stage>/<id>.
type stageFormLink struct {
	Stage, Kind, Name string
	ID                int64
}

// noticeView is one of the unit's notices with the links to download it.
type noticeView struct {
	*workspace.Notice
	Stage string // as stageKey writes it
}

// uploadedFile is one file of an upload, as intake took it.
type uploadedFile struct {
	Name     string
	Status   string // 已登记, 未受理 …
	OK       bool
	Reason   string
	Form     string
	App      string
	Version  int
	Note     string
	Problems []workspace.NoticeProblem
}

// unitPage answers with the unit's page; outs are the files of an upload
// just taken in (nil when none), shown with the notices they led to.
func (c *call) unitPage(outs []*intake.Outcome, errMsg string) {
	v := &unitView{Base: c.base, CSRF: c.csrf, Unit: c.link.Unit, Error: errMsg}
	err := c.s.read(func(ws *workspace.Workspace) error {
		v.College, v.Office, v.MaxMB = ws.Cfg.College, ws.Cfg.Office, ws.Cfg.Limits.FileMB
		if !ws.Cfg.Deadline.IsZero() {
			v.Deadline = ws.Cfg.Deadline.Chinese()
		}
		for _, f := range ws.Forms.StageForms(templates.StageApply) {
			v.Forms = append(v.Forms, formLink{ID: f.ID, Name: f.FileName()})
		}
		var err error
		if v.StageForms, err = c.unitStageForms(ws); err != nil {
			return err
		}
		if v.Notices, err = c.unitNotices(ws); err != nil {
			return err
		}
		if outs != nil {
			v.Uploaded = c.outcomes(ws, outs, v.Notices)
		}
		return nil
	})
	if err != nil {
		c.s.fail(c.w, c.r, err)
		return
	}
	c.render("unit", v)
}

// unitObjects are the unit's construction objects that have a form of
// the stage to fill (an object the mid-term ended writes no report).
func (c *call) unitObjects(ws *workspace.Workspace, stage string) ([]*workspace.StageObjectStatus, error) {
	objs, err := ws.StageStatus(c.r.Context(), stage)
	if err != nil {
		if quiet(err) {
			err = nil
		}
		return nil, err
	}
	var mine []*workspace.StageObjectStatus
	for _, o := range objs {
		if o.RosterUnit == c.link.Unit && !o.Terminated {
			mine = append(mine, o)
		}
	}
	return mine, nil
}

// unitStageForms are the links to the unit's objects' stage forms, once
// there are objects and the stage has forms: the 中期考核表 from the
// start, the 建设工作报告 once the mid-term has concluded on the object
// (the report prints its feedback and 整改要求 to answer).
func (c *call) unitStageForms(ws *workspace.Workspace) ([]stageFormLink, error) {
	var out []stageFormLink
	midterm := map[int64]bool{} // objects the mid-term concluded on
	for _, stage := range []string{templates.StageMidterm, templates.StageFinal} {
		if len(ws.Forms.StageForms(stage)) == 0 {
			continue
		}
		objs, err := c.unitObjects(ws, stage)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			if stage == templates.StageMidterm && o.Decision != nil {
				midterm[o.ApplicationID] = true
			}
			if stage == templates.StageFinal && !midterm[o.ApplicationID] {
				continue
			}
			out = append(out, stageFormLink{Stage: stage, Kind: templates.StageFormNames[stage], Name: o.Name, ID: o.ApplicationID})
		}
	}
	return out, nil
}

// stageForm sends one of the unit's objects' pre-filled stage forms,
// made as dbzx forms --stage makes it: stageform/<stage>/<id>. Another
// unit's object is not found.
func (c *call) stageForm(rest string) {
	key, idText, _ := strings.Cut(rest, "/")
	stage := stageOf(key)
	id, err := strconv.ParseInt(idText, 10, 64)
	if stage == templates.StageApply || err != nil {
		notFound(c.w)
		return
	}
	err = c.s.read(func(ws *workspace.Workspace) error {
		objs, err := c.unitObjects(ws, stage)
		if err != nil {
			return err
		}
		for _, o := range objs {
			if o.ApplicationID != id {
				continue
			}
			var buf bytes.Buffer
			name, err := ws.StageForm(&buf, stage, id)
			if err != nil {
				return err
			}
			c.download(name, buf.Bytes())
			return nil
		}
		notFound(c.w)
		return nil
	})
	if err != nil {
		c.s.fail(c.w, c.r, err)
	}
}

// unitNotices are the unit's notices at every stage that has one for it.
// Notices filters by unit: nothing of another unit is read into the page.
func (c *call) unitNotices(ws *workspace.Workspace) ([]noticeView, error) {
	var out []noticeView
	for _, stage := range []string{templates.StageApply, templates.StageMidterm, templates.StageFinal} {
		ns, err := ws.Notices(c.r.Context(), workspace.NoticeOptions{Unit: c.link.Unit, Stage: stage, Omit: c.foreign})
		if err != nil {
			if quiet(err) {
				continue
			}
			return nil, err
		}
		for _, n := range ns {
			out = append(out, noticeView{Notice: n, Stage: stageKey(stage)})
		}
	}
	return out, nil
}

// uploadRoot begins the origin of every file uploaded in the console:
// uploadRoot + unit + "/" + the name its sender gave.
const uploadRoot = "网页上传/"

// foreign: a file another unit uploaded through its own link (a return
// naming this unit as its applicant, sent by mistake or on purpose by
// another). The unit's notices leave it out, and the applications whose
// current version it is, before they are counted and worded.
func (c *call) foreign(origin string) bool {
	return strings.HasPrefix(origin, uploadRoot) && !strings.HasPrefix(origin, uploadRoot+c.link.Unit+"/")
}

// quiet: errors that mean only "nothing yet".
func quiet(err error) bool {
	return errors.Is(err, workspace.ErrNotFound) || errors.Is(err, workspace.ErrNoApplications) ||
		errors.Is(err, workspace.ErrNoSelection) || errors.Is(err, workspace.ErrNoStageReturns) ||
		errors.Is(err, workspace.ErrNoAccepted) || errors.Is(err, workspace.ErrNoStageForm)
}

// blankForm sends one blank form of the application stage, made as
// `dbzx forms` makes it.
func (c *call) blankForm(id string) {
	err := c.s.read(func(ws *workspace.Workspace) error {
		for _, f := range ws.Forms.StageForms(templates.StageApply) {
			if f.ID != id {
				continue
			}
			var buf bytes.Buffer
			if err := render.WriteForm(&buf, f, ws.Cfg); err != nil {
				return err
			}
			c.download(f.FileName(), buf.Bytes())
			return nil
		}
		notFound(c.w)
		return nil
	})
	if err != nil {
		c.s.fail(c.w, c.r, err)
	}
}

// notice sends the unit's notice of a stage: notice/<stage>.docx or .pdf.
func (c *call) notice(name string) {
	key, format, _ := strings.Cut(name, ".")
	stage := stageOf(key)
	if (format != "docx" && format != "pdf") || stageKey(stage) != key {
		notFound(c.w)
		return
	}
	err := c.s.read(func(ws *workspace.Workspace) error {
		ns, err := ws.Notices(c.r.Context(), workspace.NoticeOptions{Unit: c.link.Unit, Stage: stage, Omit: c.foreign})
		var n *workspace.Notice
		if err == nil && len(ns) > 0 {
			n = ns[0]
		}
		if n == nil {
			if err == nil || quiet(err) {
				notFound(c.w)
				return nil
			}
			return err
		}
		var buf bytes.Buffer
		if err := ws.WriteNotice(&buf, n, format == "pdf"); err != nil {
			return err
		}
		c.download(n.Kind+"-"+n.Unit+"."+format, buf.Bytes())
		return nil
	})
	if err != nil {
		c.s.fail(c.w, c.r, err)
	}
}

// download sends data as an attachment named name.
func (c *call) download(name string, data []byte) {
	h := c.w.Header()
	ctype := mime.TypeByExtension(filepath.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	http.ServeContent(c.w, c.r, "", time.Time{}, bytes.NewReader(data))
}

// received is one file of an upload, kept under a name of our own.
type received struct {
	path, name string
	size       int64
	sha        string
}

// upload receives a unit's files (a multipart form: the page's form with
// or without its script), hands them to intake as `dbzx intake` would take
// them from a folder named for the unit, and shows what became of each.
// The request is capped at the configured file size as it streams in; the
// files are saved under generated names in a temporary folder, the names
// the browser gave kept only as data.
func (c *call) upload() {
	select {
	case c.s.uploads <- struct{}{}:
		defer func() { <-c.s.uploads }()
	case <-c.r.Context().Done():
		return
	}
	var limit int64
	if err := c.s.read(func(ws *workspace.Workspace) error {
		limit = intake.FileLimit(ws.Cfg.Limits)
		return nil
	}); err != nil {
		c.s.fail(c.w, c.r, err)
		return
	}
	// The whole request: one file's limit (a bundle of everything counts
	// as one file), plus room for the form's own fields.
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, limit+1<<20)
	// A sender that trickles holds an upload's place: it has its time,
	// then the connection is cut.
	http.NewResponseController(c.w).SetReadDeadline(time.Now().Add(uploadTime))
	tmp, err := os.MkdirTemp("", "dbzx-upload-")
	if err != nil {
		c.s.fail(c.w, c.r, err)
		return
	}
	defer os.RemoveAll(tmp)
	files, err := c.receive(tmp, limit)
	defer func() {
		// Every file received, or begun (a refused one: the bytes that
		// came, no hash), with the answer the upload got.
		for _, f := range files {
			c.s.log.add(register.ConsoleLogEntry{Role: c.link.Role, Unit: c.link.Unit,
				Remote: c.r.RemoteAddr, Method: "UPLOAD", Path: "/t/…/upload", Status: cmp.Or(c.code, http.StatusOK),
				File: f.name, Size: f.size, SHA256: f.sha})
		}
	}()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || errors.Is(err, errFileTooBig):
		c.code = http.StatusRequestEntityTooLarge
		c.unitPage(nil, fmt.Sprintf("上传的文件超过大小限制（每次上传合计不超过 %d MB），未受理。请压缩图片或分几次上传。", limit>>20))
		return
	case errors.Is(err, errTooManyFiles):
		c.code = http.StatusBadRequest
		c.unitPage(nil, fmt.Sprintf("一次最多上传 %d 个文件，请分几次上传或打成 .zip 压缩包。", maxUploadFiles))
		return
	case err != nil:
		c.code = http.StatusBadRequest
		// The connection broke or the browser sent something that is no
		// upload form: the unit is told to try again, never Go's words.
		c.unitPage(nil, "上传未完成（连接中断或数据不完整），未受理任何文件。请刷新本页后重新选择文件上传；多次不成功请联系党委组织部。")
		return
	case len(files) == 0:
		c.code = http.StatusBadRequest
		c.unitPage(nil, "请先选择要上传的文件。")
		return
	}
	sent := map[string]intake.Sent{}
	var paths []string
	for _, f := range files {
		sent[f.path] = intake.Sent{Origin: uploadRoot + c.link.Unit + "/" + f.name, Name: f.name, Group: c.link.Unit}
		paths = append(paths, f.path)
	}
	var res *workspace.IntakeResult
	// The intake goes on if the browser goes away: what it records is
	// the unit's, and the page shows it next time.
	ctx := context.WithoutCancel(c.r.Context())
	err = c.s.write(ctx, func(ws *workspace.Workspace) error {
		var err error
		res, err = ws.Intake(ctx, paths, workspace.IntakeOptions{Sent: sent, NoConvert: c.s.opts.NoConvert})
		return err
	})
	if err != nil && (res == nil || res.Outcomes == nil) {
		c.code = http.StatusServiceUnavailable
		c.unitPage(nil, message(err, false))
		return
	}
	c.unitPage(res.Outcomes, message(err, false))
}

var (
	errFileTooBig   = errors.New("web: file over the size limit")
	errTooManyFiles = errors.New("web: too many files in one upload")
)

// receive streams the form's file parts to tmp, each under a generated
// name, hashing them on the way.
func (c *call) receive(tmp string, limit int64) ([]received, error) {
	mr, err := c.r.MultipartReader()
	if err != nil {
		return nil, err
	}
	var out []received
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if part.FormName() != "files" || part.FileName() == "" {
			// An empty file input sends a part with no name: nothing.
			part.Close()
			continue
		}
		if len(out) >= maxUploadFiles {
			part.Close()
			return out, errTooManyFiles
		}
		f := received{path: filepath.Join(tmp, fmt.Sprintf("upload-%03d", len(out)+1)), name: displayName(part.FileName())}
		if f.path, err = filepath.Abs(f.path); err != nil {
			return out, err
		}
		dst, err := os.OpenFile(f.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return out, err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(dst, h), io.LimitReader(part, limit+1))
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		part.Close()
		f.size = n
		if err == nil && n > limit {
			err = errFileTooBig
		}
		if err != nil {
			return append(out, f), err // for the log: no hash, never taken in
		}
		f.sha = hex.EncodeToString(h.Sum(nil))
		out = append(out, f)
	}
}

// displayName is the name the browser gave a file, as shown and
// registered: its last path element (either separator), without control
// characters, at most maxNameRunes. It is data only, never a path.
func displayName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > maxNameRunes {
		s = string(r[:maxNameRunes])
	}
	if s == "" || s == "." || s == ".." {
		s = "未命名文件"
	}
	return s
}

// outcomes lays what intake made of an upload beside the unit's notices:
// each file's problems are its application's as the notice states them.
func (c *call) outcomes(ws *workspace.Workspace, outs []*intake.Outcome, ns []noticeView) []uploadedFile {
	problems := map[string][]workspace.NoticeProblem{}
	for _, n := range ns {
		if n.Stage != stageKey(templates.StageApply) {
			continue
		}
		for _, a := range n.Applications {
			if a.ID != 0 {
				problems[a.Unit+" · "+a.Name] = a.Problems
			} else {
				problems["sheet:"+a.Name] = a.Problems
			}
		}
	}
	var out []uploadedFile
	for _, o := range outs {
		if o.Status == intake.StatusBundle {
			continue // its entries follow
		}
		u := uploadedFile{Name: o.Name, Status: render.StatusNames[o.Status], Reason: o.Reason, App: o.Application,
			Version: o.Version, OK: o.Status != intake.StatusRejected}
		if f, ok := ws.Forms.Find(o.Form); ok {
			u.Form = f.Code + f.ShortTitle
		}
		if strings.Contains(o.Origin, "!/") {
			u.Name = o.Name + "（压缩包中）"
		}
		if o.Unchanged {
			u.Note = "与此前上传的同名文件相同，未重复登记"
		}
		switch {
		case o.Application != "":
			ps, ok := problems[o.Application]
			if !ok {
				u.Note = "表中填写的申报单位不属于“" + c.link.Unit + "”，已登记，但本页不显示其审核情况。如填错，请改正后重新上传；如确为其他单位的材料，请由该单位上传。"
			}
			u.Problems = ps
		case o.Status == intake.StatusParsed:
			u.Problems = problems["sheet:"+o.Name]
		}
		out = append(out, u)
	}
	return out
}

// escapePath escapes each element of a slash-separated path for a URL.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}
