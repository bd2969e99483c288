package intake

import (
	"fmt"
	"sort"

	"dbzx/config"
	"dbzx/render"
)

// Overview is the register at a glance: what `dbzx status` shows and what
// intake prints after a run.
type Overview struct {
	Files        map[string]int  `json:"files"` // by status
	FilesTotal   int             `json:"files_total"`
	Categories   []CategoryCount `json:"categories"` // applications against quota
	Findings     map[string]int  `json:"findings"`   // current versions' findings by severity
	Applications []*Application  `json:"applications"`
}

// CategoryCount is one category's applications against its quota.
type CategoryCount struct {
	Key          string `json:"key"`
	Name         string `json:"name"`
	Quota        int    `json:"quota"`
	Applications int    `json:"applications"` // counted against the quota
	Provincial   int    `json:"provincial"`   // recognised, outside the quota
}

// Overview reads the register's state.
func (r *Register) Overview(cfg *config.Config) (*Overview, error) {
	ov := &Overview{Files: map[string]int{}, Findings: map[string]int{}}
	rows, err := r.db.Query(`SELECT status, COUNT(*) FROM files GROUP BY status`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			rows.Close()
			return nil, err
		}
		ov.Files[s] = n
		ov.FilesTotal += n
	}
	rows.Close()
	apps, err := r.Applications()
	if err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, c := range cfg.Categories {
		order[c.Key] = i
	}
	sort.SliceStable(apps, func(i, j int) bool { return order[apps[i].Category] < order[apps[j].Category] })
	ov.Applications = apps
	fs, err := r.CurrentFindings()
	if err != nil {
		return nil, err
	}
	provincial := map[int64]bool{}
	for _, f := range fs {
		ov.Findings[f.Severity]++
		if f.Rule == "provincial" {
			provincial[f.ApplicationID] = true
		}
	}
	count, prov := map[string]int{}, map[string]int{}
	for _, a := range apps {
		if provincial[a.ID] {
			prov[a.Category]++
		} else {
			count[a.Category]++
		}
	}
	for _, c := range cfg.Categories {
		ov.Categories = append(ov.Categories, CategoryCount{Key: c.Key, Name: c.Name, Quota: c.Quota,
			Applications: count[c.Key], Provincial: prov[c.Key]})
	}
	return ov, nil
}

// WriteReport writes the intake report workbook (out/intake-report.xlsx):
// 申报汇总 (one row per application), 问题清单 (one row per finding of a
// current version) and 文件清单 (every file ever taken in, with its status
// and reason).
func (r *Register) WriteReport(cfg *config.Config, path string) error {
	apps, err := r.Applications()
	if err != nil {
		return err
	}
	findings, err := r.CurrentFindings()
	if err != nil {
		return err
	}
	files, err := r.Files()
	if err != nil {
		return err
	}
	catName := map[string]string{}
	catOrder := map[string]int{}
	for i, c := range cfg.Categories {
		catName[c.Key], catOrder[c.Key] = c.Name, i
	}
	sort.SliceStable(apps, func(i, j int) bool { return catOrder[apps[i].Category] < catOrder[apps[j].Category] })
	byApp := map[int64][]*FindingRecord{}
	for _, f := range findings {
		byApp[f.ApplicationID] = append(byApp[f.ApplicationID], f)
	}
	col := func(title string, width float64) render.Column { return render.Column{Title: title, Width: width} }
	appName := map[int64]*Application{}
	summary := render.Sheet{Name: "申报汇总", Columns: []render.Column{
		col("序号", 6), col("申报类别", 24), col("申报单位", 24), col("申报名称", 30), col("负责人", 10), col("联系电话", 15),
		col("版本", 6), col("状态", 14), col("错误", 6), col("提醒", 6), col("问题摘要", 60),
	}}
	for i, a := range apps {
		appName[a.ID] = a
		errs, warns := 0, 0
		var first string
		for _, f := range byApp[a.ID] {
			switch f.Severity {
			case SeverityError:
				errs++
			case SeverityWarning:
				warns++
			}
			if first == "" {
				first = f.Message
			}
		}
		status := "可提交评审"
		if errs > 0 {
			status = "有错误，需补正"
		} else if warns > 0 {
			status = "有提醒，请评审关注"
		}
		version := "第1版"
		if a.Versions > 1 {
			version = fmt.Sprintf("第%d版（共%d版）", a.Current, a.Versions)
		}
		summary.Rows = append(summary.Rows, []any{i + 1, catName[a.Category], a.Unit, a.Name, a.Leader, a.Phone,
			version, status, errs, warns, first})
	}
	problems := render.Sheet{Name: "问题清单", Columns: []render.Column{
		col("序号", 6), col("申报单位", 24), col("申报名称", 30), col("文件", 36), col("栏目", 24), col("严重程度", 8), col("问题", 80),
	}}
	for i, f := range findings {
		a := appName[f.ApplicationID]
		unit, name := "", ""
		if a != nil {
			unit, name = a.Unit, a.Name
		}
		problems.Rows = append(problems.Rows, []any{i + 1, unit, name, f.File, f.Label, SeverityNames[f.Severity], f.Message})
	}
	list := render.Sheet{Name: "文件清单", Columns: []render.Column{
		col("序号", 6), col("文件名", 36), col("来源", 50), col("所属单位（文件夹/压缩包）", 20), col("类型", 10), col("状态", 10),
		col("原因/说明", 50), col("大小（字节）", 12), col("接收时间", 20), col("SHA-256", 66),
	}}
	for i, f := range files {
		list.Rows = append(list.Rows, []any{i + 1, f.Name, f.Origin, f.Group, f.Kind, StatusNames[f.Status],
			f.Reason, f.Size, f.Received, f.SHA256})
	}
	return render.WriteWorkbook(path, []render.Sheet{summary, problems, list}, cfg.College+cfg.Programme+"申报材料受理报告")
}
