package intake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"dbzx/config"
	"dbzx/render"
	"dbzx/templates"
)

// Dossier gathers one category's dossier from the register: the current
// version of each application, in the configured unit order then by name
// (never by file name), with its findings and its supporting material.
func (r *Register) Dossier(w Workspace, cfg *config.Config, forms *templates.Set, category string) (*render.Dossier, error) {
	cat, ok := cfg.Category(category)
	if !ok {
		return nil, fmt.Errorf("没有类别 %q", category)
	}
	apps, err := r.Applications()
	if err != nil {
		return nil, err
	}
	findings, err := r.CurrentFindings()
	if err != nil {
		return nil, err
	}
	byApp := map[int64][]render.DossierFinding{}
	for _, f := range findings {
		byApp[f.ApplicationID] = append(byApp[f.ApplicationID], render.DossierFinding{Severity: SeverityNames[f.Severity], Message: f.Message})
	}
	var mine []*Application
	for _, a := range apps {
		if a.Category == category {
			mine = append(mine, a)
		}
	}
	less := appOrder(cfg)
	sort.SliceStable(mine, func(i, j int) bool { return less(mine[i], mine[j]) })
	d := &render.Dossier{Category: cat}
	groups := map[string][]*render.DossierApp{} // file group → its applications
	appByID := map[int64]*render.DossierApp{}
	for _, a := range mine {
		ret, file, err := r.CurrentReturn(a.ID)
		if err != nil {
			return nil, err
		}
		form, ok := forms.Find(ret.FormID)
		if !ok {
			return nil, fmt.Errorf("申报 %s 的表单 %s 已不存在", a.Name, ret.FormID)
		}
		da := &render.DossierApp{Unit: a.Unit, Name: a.Name, Leader: a.Leader, Phone: a.Phone,
			Version: a.Current, Versions: a.Versions, File: file.Name, Form: form,
			Values: map[string]string{}, Tables: map[string][][]string{}, Findings: byApp[a.ID]}
		for _, v := range ret.Values {
			if v.Type == templates.Checkbox {
				da.Values[v.Field] = map[bool]string{true: "√ 已勾选", false: "□ 未勾选"}[v.Checked]
				continue
			}
			da.Values[v.Field] = v.Raw
		}
		for _, t := range ret.Tables {
			for _, row := range t.Rows {
				var cells []string
				for _, v := range row {
					cells = append(cells, v.Raw)
				}
				da.Tables[t.Field] = append(da.Tables[t.Field], cells)
			}
		}
		d.Applications = append(d.Applications, da)
		groups[file.Group] = append(groups[file.Group], da)
		appByID[a.ID] = da
	}
	// Supporting material: linked by hand (dbzx attach), else by its name
	// naming the application, else the one application of its folder or
	// bundle. The rest is listed for the clerk. A folder's applications
	// are those of every category: a department's scan beside three
	// returns is not the one return of this category's.
	links, err := r.attachmentLinks()
	if err != nil {
		return nil, err
	}
	folderOf, err := r.applicationGroups()
	if err != nil {
		return nil, err
	}
	folders := map[string][]*Application{} // file group → its applications, of every category
	for _, a := range apps {
		if g, ok := folderOf[a.ID]; ok {
			folders[g] = append(folders[g], a)
		}
	}
	files, err := r.Files()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if f.Status != StatusAttachment {
			continue
		}
		att := render.Attachment{Name: f.Name, Path: filepath.Join(w.ArchiveDir(), filepath.FromSlash(f.Archive)), Kind: "image"}
		if f.Kind == "pdf" {
			att.Kind = "pdf"
		}
		if appID, ok := links[f.ID]; ok {
			if da := appByID[appID]; da != nil {
				da.Attachments = append(da.Attachments, att)
			}
			continue
		}
		cands := folders[f.Group]
		var match *Application
		for _, a := range cands {
			// The longest name the file names: 铁道工程学院第一教师党支部,
			// not 铁道工程学院 (its college's 标杆院部 application).
			if strings.Contains(normLabel(f.Name), normLabel(a.Name)) && (match == nil || len(normLabel(a.Name)) > len(normLabel(match.Name))) {
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

// applicationGroups maps each application to the group (folder or
// bundle) its current return came in.
func (r *Register) applicationGroups() (map[int64]string, error) {
	rows, err := r.db.Query(`SELECT cur.application_id, f.grp FROM (` + currentVersionSQL + `) cur JOIN files f ON f.id = cur.file_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var g string
		if err := rows.Scan(&id, &g); err != nil {
			return nil, err
		}
		out[id] = g
	}
	return out, rows.Err()
}

func (r *Register) attachmentLinks() (map[int64]int64, error) {
	rows, err := r.db.Query(`SELECT file_id, application_id FROM attachments`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var f, a int64
		if err := rows.Scan(&f, &a); err != nil {
			return nil, err
		}
		out[f] = a
	}
	return out, rows.Err()
}

// ErrNotFound: no file or application matches what the clerk named.
var ErrNotFound = errors.New("未找到")

// Attach links a piece of supporting material to an application by hand.
// file is a file name, its path as taken in, or a prefix of its SHA-256;
// application is an application's id or (part of) its name, matching one.
func (r *Register) Attach(ctx context.Context, file, application string) (*FileRecord, *Application, error) {
	files, err := r.Files()
	if err != nil {
		return nil, nil, err
	}
	var f *FileRecord
	for _, x := range files {
		if x.Status == StatusAttachment && (x.Name == file || x.Origin == file || (len(file) >= 8 && strings.HasPrefix(x.SHA256, file))) {
			if f != nil {
				return nil, nil, fmt.Errorf("支撑材料 %q 不唯一，请用完整路径或 SHA-256 前缀指定", file)
			}
			f = x
		}
	}
	if f == nil {
		return nil, nil, fmt.Errorf("支撑材料 %q %w（须为已受理的 PDF 或图片）", file, ErrNotFound)
	}
	apps, err := r.Applications()
	if err != nil {
		return nil, nil, err
	}
	// An id, else the whole name, else a part of one name: a whole name
	// may be part of another's (铁道工程学院 and 铁道工程学院第一教师党支部).
	var exact, partial []*Application
	id, idErr := strconv.ParseInt(application, 10, 64)
	want := normLabel(application)
	for _, x := range apps {
		switch {
		case idErr == nil:
			if x.ID == id {
				exact = append(exact, x)
			}
		case normLabel(x.Name) == want:
			exact = append(exact, x)
		case strings.Contains(normLabel(x.Name), want):
			partial = append(partial, x)
		}
	}
	if len(exact) == 0 {
		exact = partial
	}
	if len(exact) > 1 {
		return nil, nil, fmt.Errorf("申报 %q 不唯一，请用编号指定（dbzx status --json 可查）", application)
	}
	if len(exact) == 0 {
		return nil, nil, fmt.Errorf("申报 %q %w", application, ErrNotFound)
	}
	a := exact[0]
	err = r.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO attachments(file_id, application_id) VALUES (?, ?)
			ON CONFLICT(file_id) DO UPDATE SET application_id = excluded.application_id`, f.ID, a.ID)
		return err
	})
	return f, a, err
}
