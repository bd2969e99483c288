package workspace

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/internal/winpath"
	"dbzx/register"
	"dbzx/render"
)

// FundingCondition is the notice's condition on the money, printed on
// every statement.
const FundingCondition = "专项经费要严格管理、专款专用，不得用于与基层党建项目无关的开支。"

// selection is the construction objects and the date the outputs carry:
// when the decisions were last recorded, so that the outputs depend on the
// register, not on the day they are printed (the deadline if none was).
func (w *Workspace) selection() ([]*Selected, time.Time, error) {
	sel, err := w.Selected()
	if err != nil {
		return nil, time.Time{}, err
	}
	if len(sel) == 0 {
		return nil, time.Time{}, ErrNoSelection
	}
	t, err := w.reg.DecisionTime()
	if err != nil {
		return nil, time.Time{}, err
	}
	if t.IsZero() {
		t = w.Cfg.Deadline.Time
	}
	return sel, t, nil
}

// writeOut writes data to dir/name atomically and returns the path.
func writeOut(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	p := filepath.Join(dir, name)
	return p, render.WriteFileAtomic(p, data)
}

// List writes the 建设对象名单 (.docx and PDF) into dir (default out/).
func (w *Workspace) List(dir string) ([]string, error) {
	sel, t, err := w.selection()
	if err != nil {
		return nil, err
	}
	cfg := w.Cfg
	d := &render.ListData{Title: cfg.College + cfg.Programme + "建设对象名单", Issuer: cfg.Committee,
		Date: render.ChineseYearMonth(t.Year(), t.Month())}
	for _, cat := range cfg.Categories {
		lc := render.ListCategory{Name: cat.Name}
		for _, s := range sel {
			if s.Category != cat.Key {
				continue
			}
			row := render.ListRow{Unit: s.Unit, Name: s.Name, Leader: s.Leader, Cycle: fmt.Sprintf("%d年", cat.CycleYears), Funding: s.Funding}
			if s.Provincial {
				row.Note = "省级推荐，自动认定"
			}
			if s.Forced {
				// The committee recommended it with errors still open, on
				// the clerk's --force: the record says so.
				row.Note = "申报材料存在未补正的问题，经办人强制推荐（已记录在案）"
			}
			lc.Rows = append(lc.Rows, row)
		}
		d.Categories = append(d.Categories, lc)
	}
	return w.writeList(d, dir, "建设对象名单")
}

// Funding writes the funding statements (PDF, one page per construction
// object and a summary) and the funding workbook into dir (default out/).
func (w *Workspace) Funding(dir string) ([]string, error) {
	d, err := w.fundingData()
	if err != nil {
		return nil, err
	}
	if dir, err = w.outDir(dir, ""); err != nil {
		return nil, err
	}
	faces, err := render.LoadFaces(w.Cfg)
	if err != nil {
		return nil, err
	}
	var pdf bytes.Buffer
	if _, err := render.WriteFundingPDF(&pdf, d, faces); err != nil {
		return nil, err
	}
	p1, err := writeOut(dir, "经费拨付单.pdf", pdf.Bytes())
	if err != nil {
		return nil, err
	}
	p2 := filepath.Join(dir, "经费汇总表.xlsx")
	return []string{p1, p2}, render.WriteFundingXlsx(p2, d)
}

// fundingData is the statements' content: one unit per construction
// object, its category's funding.
func (w *Workspace) fundingData() (*render.FundingData, error) {
	sel, t, err := w.selection()
	if err != nil {
		return nil, err
	}
	cfg := w.Cfg
	d := &render.FundingData{College: cfg.College, Office: cfg.Office, Programme: cfg.Programme, Year: cfg.Round,
		Date: render.ChineseYearMonth(t.Year(), t.Month()), Condition: FundingCondition}
	for _, s := range sel {
		cat, _ := cfg.Category(s.Category)
		u := render.FundingUnit{Category: s.Category, CategoryName: cat.Name, Unit: s.Unit, Name: s.Name, Leader: s.Leader,
			Amount: s.Funding, Cycle: fmt.Sprintf("%d年", cat.CycleYears)}
		if s.Provincial {
			u.Note = "省级推荐，自动认定"
		}
		d.Units = append(d.Units, u)
	}
	return d, nil
}

// Schedule writes every construction object's calendar — construction
// from the decision, the category's mid-term check, report due date and
// acceptance month, the monthly publicity duty — as .xlsx and .ics into
// dir (default out/).
func (w *Workspace) Schedule(dir string) ([]string, error) {
	sel, t, err := w.selection()
	if err != nil {
		return nil, err
	}
	cfg := w.Cfg
	start := config.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
	d := &render.ScheduleData{College: cfg.College, Programme: cfg.Programme, Stamp: t.UTC()}
	due, err := w.stageDues()
	if err != nil {
		return nil, err
	}
	for _, s := range sel {
		cat, _ := cfg.Category(s.Category)
		d.Units = append(d.Units, render.ScheduleUnit{Category: s.Category, CategoryName: cat.Name, Unit: s.Unit,
			Name: s.Name, Leader: s.Leader, Contact: s.Contact, Phone: s.Phone, Start: start, Midterm: cat.Midterm, ReportDue: cat.ReportDue,
			Acceptance: cat.Acceptance, Publicity: cfg.Publicity, Due: due[s.ID]})
	}
	if dir, err = w.outDir(dir, ""); err != nil {
		return nil, err
	}
	p1 := filepath.Join(dir, "建设进度安排.xlsx")
	if err := render.WriteScheduleXlsx(p1, d); err != nil {
		return nil, err
	}
	var ics bytes.Buffer
	if err := render.WriteICS(&ics, d); err != nil {
		return nil, err
	}
	p2, err := writeOut(dir, "建设进度安排.ics", ics.Bytes())
	return []string{p1, p2}, err
}

// Certificate is an issued certificate.
type Certificate struct {
	Selected
	Year   int    `json:"year"`
	Number string `json:"number"`
	Path   string `json:"path"`
}

// CertificatesResult lists the certificates written, the combined
// printing file, and the certificates no longer issued that were moved
// aside.
type CertificatesResult struct {
	Certificates []*Certificate `json:"certificates"`
	Combined     string         `json:"combined"`
	Revoked      []string       `json:"revoked,omitempty"`
}

// Paths are the files written: each certificate, then the combined one.
func (r *CertificatesResult) Paths() []string {
	var paths []string
	for _, c := range r.Certificates {
		paths = append(paths, c.Path)
	}
	return append(paths, r.Combined)
}

// Certificates writes a certificate for every construction object that
// passed acceptance into dir/certificates (default out/), named by its
// number, and all of them in one file for printing. Numbers are issued
// per year after the year's last and kept in the register: a re-run
// issues the same numbers. A certificate no longer issued (its acceptance
// was changed to 不通过) is moved into certificates/已失效. ErrNoAccepted
// when no object has passed; a seal image that cannot be read is a
// *FileError.
func (w *Workspace) Certificates(ctx context.Context, dir string) (*CertificatesResult, error) {
	cfg := w.Cfg
	var seal []byte
	if p := cfg.SealImage; p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, &FileError{Path: p, Err: err}
		}
		seal = data
	}
	certs, err := w.issue(ctx)
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, ErrNoAccepted
	}
	if dir, err = w.outDir(dir, ""); err != nil {
		return nil, err
	}
	faces, err := render.LoadFaces(cfg)
	if err != nil {
		return nil, err
	}
	one := filepath.Join(dir, "certificates")
	if err := os.MkdirAll(one, 0o755); err != nil {
		return nil, err
	}
	res := &CertificatesResult{Certificates: certs}
	var all []render.Certificate
	written := map[string]bool{}
	for _, c := range certs {
		rc := w.certificateView(c, seal)
		all = append(all, rc)
		var buf bytes.Buffer
		if _, err := render.WriteCertificates(&buf, []render.Certificate{rc}, faces); err != nil {
			return nil, err
		}
		// Named by the issued number, which never changes, not by the
		// position in the list, which does when an acceptance changes.
		name := winpath.SafeName(fmt.Sprintf("%s-%s-%s", c.Number, c.Unit, c.Name)) + ".pdf"
		if c.Path, err = writeOut(one, name, buf.Bytes()); err != nil {
			return nil, err
		}
		written[name] = true
	}
	old, _ := filepath.Glob(filepath.Join(one, "*.pdf"))
	for _, p := range old {
		if written[filepath.Base(p)] {
			continue
		}
		void := filepath.Join(one, "已失效")
		if err := os.MkdirAll(void, 0o755); err != nil {
			return nil, err
		}
		moved := filepath.Join(void, filepath.Base(p))
		if err := os.Rename(p, moved); err != nil {
			return nil, err
		}
		res.Revoked = append(res.Revoked, moved)
	}
	var buf bytes.Buffer
	if _, err := render.WriteCertificates(&buf, all, faces); err != nil {
		return nil, err
	}
	res.Combined, err = writeOut(dir, "验收证书-合并打印.pdf", buf.Bytes())
	return res, err
}

// issue returns a certificate for every construction object that passed
// acceptance, with its number.
func (w *Workspace) issue(ctx context.Context) ([]*Certificate, error) {
	sel, err := w.Selected()
	if err != nil {
		return nil, err
	}
	var out []*Certificate
	var reqs []register.CertificateRequest
	for _, s := range sel {
		if s.Accepted == nil || !*s.Accepted {
			continue
		}
		d, err := intake.ParseDate(s.AcceptDate)
		if err != nil {
			return nil, fmt.Errorf("workspace: %s · %s: acceptance date %q: %w", s.Unit, s.Name, s.AcceptDate, err)
		}
		out = append(out, &Certificate{Selected: *s, Year: d.Year})
		reqs = append(reqs, register.CertificateRequest{ApplicationID: s.ID, Year: d.Year})
	}
	numbers, err := w.reg.CertificateNumbers(ctx, reqs, func(year, seq int) string {
		return fmt.Sprintf("%s〔%d〕第%03d号", w.Cfg.CertificatePrefix, year, seq)
	})
	if err != nil {
		return nil, err
	}
	for _, c := range out {
		c.Number = numbers[c.ID]
	}
	return out, nil
}

// certificateView is a certificate's content as printed.
func (w *Workspace) certificateView(c *Certificate, seal []byte) render.Certificate {
	cfg := w.Cfg
	cat, _ := cfg.Category(c.Category)
	d, _ := intake.ParseDate(c.AcceptDate)
	// Quotes inside quotes become single quotes: 特授予“校级党建工作‘标杆院部’”称号.
	inner := strings.NewReplacer("“", "‘", "”", "’")
	text := strings.NewReplacer("{unit}", c.Unit, "{name}", "“"+inner.Replace(c.Name)+"”", "{category}", cat.Name,
		"{title}", inner.Replace(cat.Title)).Replace(cfg.CertificateText)
	return render.Certificate{Number: c.Number, Title: cat.Title + "\n验收合格证书", Unit: c.Unit, Name: c.Name,
		Text: text, College: cfg.College, Issuer: cfg.Committee, Date: render.ChineseYearMonth(d.Year, time.Month(d.Month)),
		SealText: cfg.Committee, SealCenter: "", SealImage: seal}
}

// applicationsOf returns one category's applications in output order.
func (w *Workspace) applicationsOf(category string) ([]*Selected, error) {
	apps, err := w.applications()
	if err != nil {
		return nil, err
	}
	var mine []*Selected
	for _, a := range apps {
		if a.Category == category {
			mine = append(mine, &Selected{Application: *a})
		}
	}
	less := appOrder(w.Cfg)
	sort.SliceStable(mine, func(i, j int) bool { return less(&mine[i].Application, &mine[j].Application) })
	return mine, nil
}

// writeList writes a list (the 名单, an announcement) into dir (default
// out/) as name.docx and name.pdf.
func (w *Workspace) writeList(d *render.ListData, dir, name string) ([]string, error) {
	dir, err := w.outDir(dir, "")
	if err != nil {
		return nil, err
	}
	var docx bytes.Buffer
	if err := render.WriteListDocx(&docx, d); err != nil {
		return nil, err
	}
	p1, err := writeOut(dir, name+".docx", docx.Bytes())
	if err != nil {
		return nil, err
	}
	faces, err := render.LoadFaces(w.Cfg)
	if err != nil {
		return nil, err
	}
	var pdf bytes.Buffer
	if _, err := render.WriteListPDF(&pdf, d, faces); err != nil {
		return nil, err
	}
	p2, err := writeOut(dir, name+".pdf", pdf.Bytes())
	return []string{p1, p2}, err
}
