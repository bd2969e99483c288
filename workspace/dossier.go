package workspace

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/fonts"
	"dbzx/internal/sniff"
	"dbzx/internal/winpath"
	"dbzx/register"
	"dbzx/render"
	"dbzx/templates"
)

// DossierOptions of writing review dossiers.
type DossierOptions struct {
	Category string // one category key; "": every category with applications (at a stage: with returns)
	Dir      string // where to write; "": out/dossier
	Duplex   bool   // each application starts on an odd page
	// Stage: "" the applications' dossiers; templates.StageMidterm or
	// StageFinal the construction objects' returns of the stage's form.
	Stage string
}

// DossierOutput is one dossier written.
type DossierOutput struct {
	Category     string   `json:"category"`
	Stage        string   `json:"stage,omitempty"`
	Path         string   `json:"path"`
	Applications int      `json:"applications"`      // applications; at a stage, the returns of its form
	Missing      int      `json:"missing,omitempty"` // at a stage, the objects that have not returned it
	Pages        int      `json:"pages"`
	Bytes        int      `json:"bytes"`
	Warnings     []string `json:"warnings,omitempty"`
}

// book is one category's dossier, gathered and ready to write.
type book struct {
	name           string // the file's, without .pdf
	count, missing int    // as in DossierOutput
	write          func(io.Writer) (*render.DossierResult, error)
}

// Dossiers writes the review dossier (PDF) of one category, or of every
// category with applications; with o.Stage, the book of that stage's
// returns of one category, or of every category with returns. An unknown
// category is an *UnknownCategoryError; a register without applications
// ErrNoApplications; a stage before any decision ErrNoSelection, before
// any return ErrNoStageReturns.
func (w *Workspace) Dossiers(o DossierOptions) ([]DossierOutput, error) {
	if o.Category != "" {
		if _, err := w.category(o.Category); err != nil {
			return nil, err
		}
	}
	faces, err := render.LoadFaces(w.Cfg)
	if err != nil {
		return nil, &ConfigError{err}
	}
	var round *stageRound
	if o.Stage != "" {
		if round, err = w.stageRound(o.Stage); err != nil {
			return nil, err
		}
	}
	dir := o.Dir // made when the first dossier is written
	if dir == "" {
		dir = filepath.Join(w.OutDir(), "dossier")
	}
	var outs []DossierOutput
	for _, cat := range w.Cfg.Categories {
		if o.Category != "" && cat.Key != o.Category {
			continue
		}
		var b *book
		if round != nil {
			b, err = w.stageBook(round, cat, o, faces)
		} else {
			b, err = w.applicationBook(cat, o, faces)
		}
		if err != nil {
			return outs, err
		}
		if b.count == 0 && o.Category == "" {
			continue // at a stage: none returned yet (status --stage lists them)
		}
		var buf bytes.Buffer
		res, err := b.write(&buf)
		if err != nil {
			return outs, fmt.Errorf("dossier %s: %w", cat.Key, err)
		}
		path, err := writeOut(dir, winpath.SafeName(b.name)+".pdf", buf.Bytes())
		if err != nil {
			return outs, err
		}
		outs = append(outs, DossierOutput{Category: cat.Name, Stage: o.Stage, Path: path, Applications: b.count, Missing: b.missing,
			Pages: res.Pages, Bytes: res.Bytes, Warnings: res.Warnings})
	}
	if len(outs) == 0 && o.Category == "" {
		if round != nil {
			return nil, ErrNoStageReturns
		}
		return nil, ErrNoApplications
	}
	return outs, nil
}

// applicationBook is a category's review dossier.
func (w *Workspace) applicationBook(cat config.Category, o DossierOptions, faces []fonts.Face) (*book, error) {
	d, err := w.dossier(cat.Key)
	if err != nil {
		return nil, err
	}
	d.Duplex = o.Duplex
	return &book{name: cat.ShortName + "-申报材料汇编", count: len(d.Applications),
		write: func(out io.Writer) (*render.DossierResult, error) { return render.WriteDossier(out, d, w.Cfg, faces) }}, nil
}

// dossier gathers one category's dossier from the register: the current
// version of each application, in the configured unit order then by name
// (never by file name), with its findings and its supporting material.
func (w *Workspace) dossier(category string) (*render.Dossier, error) {
	cat, err := w.category(category)
	if err != nil {
		return nil, err
	}
	apps, err := w.applications()
	if err != nil {
		return nil, err
	}
	findings, err := w.reg.CurrentFindings()
	if err != nil {
		return nil, err
	}
	byApp := map[int64][]render.DossierFinding{}
	for _, f := range findings {
		byApp[f.ApplicationID] = append(byApp[f.ApplicationID], render.DossierFinding{Severity: render.SeverityNames[f.Severity], Message: f.Message})
	}
	mine, err := w.applicationsOf(category)
	if err != nil {
		return nil, err
	}
	d := &render.Dossier{Category: cat}
	groups := map[string][]*render.DossierApp{} // file group → its applications
	appByID := map[int64]*render.DossierApp{}
	for _, a := range mine {
		data, file, err := w.reg.CurrentData(a.ID)
		if err != nil {
			return nil, err
		}
		ret, err := intake.DecodeReturn(data, w.Forms)
		if err != nil {
			return nil, fmt.Errorf("register: application %d: %w", a.ID, err)
		}
		form := ret.Form
		if form == nil {
			return nil, fmt.Errorf("workspace: application %d: form %s no longer defined", a.ID, ret.FormID)
		}
		da := &render.DossierApp{Unit: a.Unit, Name: a.Name, Leader: a.Leader, Contact: a.Contact, Phone: a.Phone,
			Version: a.Current, Versions: a.Versions, File: file.Name, Form: form, Findings: byApp[a.ID]}
		da.Values, da.Tables = printed(ret)
		d.Applications = append(d.Applications, da)
		groups[file.Group] = append(groups[file.Group], da)
		appByID[a.ID] = da
	}
	// Supporting material: linked by hand (dbzx attach), else by its name
	// naming the application, else the one application of its folder or
	// bundle. The rest is listed for the clerk. A folder's applications
	// are those of every category: a department's scan beside three
	// returns is not the one return of this category's.
	links, err := w.reg.AttachmentLinks()
	if err != nil {
		return nil, err
	}
	folderOf, err := w.reg.ApplicationGroups()
	if err != nil {
		return nil, err
	}
	folders := map[string][]*register.Application{} // file group → its applications, of every category
	for _, a := range apps {
		if g, ok := folderOf[a.ID]; ok {
			folders[g] = append(folders[g], a)
		}
	}
	files, err := w.materialFiles()
	if err != nil {
		return nil, err
	}
	stage, err := w.stageMaterial(context.Background(), files)
	if err != nil {
		return nil, err
	}
	norm := intake.NormLabel
	for _, f := range files {
		if f.Status != intake.StatusAttachment {
			continue
		}
		att := w.attachment(f)
		if appID, ok := links[f.ID]; ok {
			if da := appByID[appID]; da != nil {
				da.Attachments = append(da.Attachments, att)
			}
			continue
		}
		if stage.files[f.ID] {
			continue // in a stage's book
		}
		cands := folders[f.Group]
		var match *register.Application
		for _, a := range cands {
			// The longest name the file names: 铁道工程学院第一教师党支部,
			// not 铁道工程学院 (its college's 标杆院部 application).
			if strings.Contains(norm(f.Name), norm(a.Name)) && (match == nil || len(norm(a.Name)) > len(norm(match.Name))) {
				match = a
			}
		}
		if match == nil && len(cands) == 1 {
			match = cands[0]
		}
		switch {
		case match != nil:
			if da := appByID[match.ID]; da != nil {
				da.Attachments = append(da.Attachments, att)
			} // else another category's: in its dossier
		case len(groups[f.Group]) > 0 || f.Group == "":
			d.Unmatched = append(d.Unmatched, att)
		}
	}
	return d, nil
}

// printed is a return's values as a dossier prints them: each field's
// text as typed (a checkbox its state), each table's rows of cells in
// column order.
func printed(ret *intake.Return) (map[string]string, map[string][][]string) {
	values, tables := map[string]string{}, map[string][][]string{}
	for _, v := range ret.Values {
		if v.Type == templates.Checkbox {
			values[v.Field] = map[bool]string{true: "√ 已勾选", false: "□ 未勾选"}[v.Checked]
			continue
		}
		values[v.Field] = v.Raw
	}
	for _, t := range ret.Tables {
		for _, row := range t.Rows {
			var cells []string
			for _, v := range row {
				cell := ""
				if v != nil { // a cell the return left out
					cell = v.Raw
				}
				cells = append(cells, cell)
			}
			tables[t.Field] = append(tables[t.Field], cells)
		}
	}
	return values, tables
}

// Attach links a piece of supporting material to an application by hand.
// file is a file name, its path as taken in, or a prefix of its SHA-256;
// application is an application's id or (part of) its name, matching one.
func (w *Workspace) Attach(ctx context.Context, file, application string) (*register.FileRecord, *register.Application, error) {
	f, err := w.findAttachment(file)
	if err != nil {
		return nil, nil, err
	}
	apps, err := w.applications()
	if err != nil {
		return nil, nil, err
	}
	// An id, else the whole name, else a part of one name: a whole name
	// may be part of another's (铁道工程学院 and 铁道工程学院第一教师党支部).
	var exact, partial []*register.Application
	id, idErr := strconv.ParseInt(application, 10, 64)
	want := intake.NormLabel(application)
	for _, x := range apps {
		switch {
		case idErr == nil:
			if x.ID == id {
				exact = append(exact, x)
			}
		case intake.NormLabel(x.Name) == want:
			exact = append(exact, x)
		case strings.Contains(intake.NormLabel(x.Name), want):
			partial = append(partial, x)
		}
	}
	if len(exact) == 0 {
		exact = partial
	}
	if len(exact) > 1 {
		return nil, nil, &LookupError{What: "application", Query: application, Err: ErrAmbiguous}
	}
	if len(exact) == 0 {
		return nil, nil, &LookupError{What: "application", Query: application, Err: ErrNotFound}
	}
	a := exact[0]
	return f, a, w.reg.Link(ctx, f.ID, a.ID)
}

// findAttachment finds a file of supporting material by its name, its
// path as taken in, or a prefix (8 or more) of its SHA-256.
func (w *Workspace) findAttachment(file string) (*register.FileRecord, error) {
	files, err := w.reg.Files()
	if err != nil {
		return nil, err
	}
	var f *register.FileRecord
	origin := absOrigin(file)
	for _, x := range files {
		if x.Status == intake.StatusAttachment && (x.Name == file || x.Origin == origin || (len(file) >= 8 && strings.HasPrefix(x.SHA256, file))) {
			if f != nil {
				return nil, &LookupError{What: "attachment", Query: file, Err: ErrAmbiguous}
			}
			f = x
		}
	}
	if f == nil {
		return nil, &LookupError{What: "attachment", Query: file, Err: ErrNotFound}
	}
	return f, nil
}

// absOrigin makes a file named relative to the current folder absolute, as
// intake records origins (a zip entry's too: 包.zip!/路径); a bare file name
// or a SHA-256 prefix is left as it is.
func absOrigin(file string) string {
	if !strings.ContainsAny(file, `/\`) || filepath.IsAbs(file) {
		return file
	}
	outer, inner, inZip := strings.Cut(file, "!/")
	abs, err := filepath.Abs(outer)
	if err != nil {
		return file
	}
	if inZip {
		return abs + "!/" + inner
	}
	return abs
}

// materialFiles are the register's files but those Detach took out of
// every dossier: what the books draw their supporting material from.
func (w *Workspace) materialFiles() ([]*register.FileRecord, error) {
	files, err := w.reg.Files()
	if err != nil {
		return nil, err
	}
	detached, err := w.reg.DetachedFiles()
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(files, func(f *register.FileRecord) bool { return detached[f.ID] }), nil
}

// Detach takes a file of supporting material out of the dossiers — out of
// a link made by Attach and out of the matching by folder and name — the
// reverse of Attach, which puts it back. The file stays archived and
// registered; the change is logged.
func (w *Workspace) Detach(ctx context.Context, file string) (*register.FileRecord, error) {
	f, err := w.findAttachment(file)
	if err != nil {
		return nil, err
	}
	return f, w.reg.Detach(ctx, f.ID, time.Now())
}

// attachment is a file of supporting material as the dossier places it:
// a PDF or an image as archived; an office document (Word, Excel,
// PowerPoint sent as supporting material) as the PDF LibreOffice makes of
// it, kept beside the archive in archive/derived/ so that it is made once.
func (w *Workspace) attachment(f *register.FileRecord) render.Attachment {
	att := render.Attachment{Name: f.Name, Path: w.ArchivePath(f.Archive)}
	switch sniff.Kind(f.Kind) {
	case sniff.PDF:
		att.Kind = "pdf"
		return att
	case sniff.Image:
		att.Kind = "image"
		return att
	}
	derived := filepath.Join(w.ArchiveDir(), "derived", f.SHA256+".pdf")
	if _, err := os.Stat(derived); err == nil {
		att.Kind, att.Path = "pdf", derived
		return att
	}
	att.Kind = render.AttachmentUnconverted
	if w.office == nil {
		w.office, w.stopOffice = findOffice(w.Cfg)
		if w.office == nil {
			w.office = &office{} // looked for once: not installed
		}
	}
	if w.office.ToPDF == nil {
		return att
	}
	data, err := os.ReadFile(att.Path)
	if err != nil {
		return att
	}
	pdf, err := w.office.ToPDF(context.Background(), data, f.Name)
	if err != nil {
		att.Kind = render.AttachmentFailed
		return att
	}
	if os.MkdirAll(filepath.Dir(derived), 0o755) == nil && render.WriteFileAtomic(derived, pdf) == nil {
		att.Kind, att.Path = "pdf", derived
	}
	return att
}
