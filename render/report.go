package render

import "fmt"

// Statuses and severities as the clerk reads them. The stored values are
// the keys (intake.Status*, intake.Severity*).
var (
	StatusNames = map[string]string{
		"parsed": "已读取", "rejected": "未受理", "duplicate": "重复", "attachment": "支撑材料", "bundle": "压缩包",
	}
	SeverityNames = map[string]string{"error": "错误", "warning": "提醒", "info": "说明"}
)

// IntakeReport is the content of the intake report workbook.
type IntakeReport struct {
	Title        string
	Applications []ReportApplication
	Findings     []ReportFinding
	Files        []ReportFile
	// EachFinding and EachFile, when set, give the findings and files one
	// at a time instead of Findings and Files (FindingCount and FileCount
	// of them), so a report of tens of thousands of rows is streamed.
	FindingCount, FileCount int
	EachFinding             func(row func(ReportFinding) error) error
	EachFile                func(row func(ReportFile) error) error
	// Categories are the short names of the categories, the columns of
	// Units' counts.
	Categories []string
	// Units is what each unit of the roster sent (各单位交回情况), those
	// that sent nothing too; none when there is no roster.
	Units []ReportUnit
}

// ReportUnit is one unit's row in 各单位交回情况.
type ReportUnit struct {
	Unit, Type   string
	Applications []int // by category, as Categories
	Summary      bool
	Files        int
	Errors       int
	Warnings     int
	Sent         bool
	Note         string // off the roster, or written otherwise
}

// ReportApplication is one application's row in 申报汇总.
type ReportApplication struct {
	Category, Unit, Name, Leader, Phone string
	Contact                             string // whose phone Phone is ("": the leader's)
	Current, Versions                   int
	Errors, Warnings                    int
	First                               string // the first finding's message
	Withdrawn                           string // the unit's reason, when it withdrew the application
}

// ReportFinding is one row of 问题清单.
type ReportFinding struct {
	Unit, Name, File, Label, Severity, Message string
}

// ReportFile is one row of 文件清单.
type ReportFile struct {
	Name, Origin, Group, Kind, Status, Reason, Received, SHA256 string
	Size                                                        int64
}

// WriteIntakeReport writes the intake report workbook to path: 申报汇总
// (one row per application), 问题清单 (one row per finding of a current
// version) and 文件清单 (every file ever taken in, with its status and
// reason).
func WriteIntakeReport(path string, r *IntakeReport) error {
	col := func(title string, width float64) Column { return Column{Title: title, Width: width} }
	summary := Sheet{Name: "申报汇总", Columns: []Column{
		col("序号", 6), col("申报类别", 24), col("申报单位", 24), col("申报名称", 30), col("负责人", 10), col("联系人", 10), col("联系电话", 15),
		col("版本", 6), col("状态", 14), col("错误", 6), col("提醒", 6), col("问题摘要", 60),
	}}
	for i, a := range r.Applications {
		status := "可提交评审"
		if a.Withdrawn != "" {
			status = "已撤回（" + a.Withdrawn + "）"
		} else if a.Errors > 0 {
			status = "有错误，需补正"
		} else if a.Warnings > 0 {
			status = "有提醒，请评审关注"
		}
		version := "第1版"
		if a.Versions > 1 {
			version = fmt.Sprintf("第%d版（共%d版）", a.Current, a.Versions)
		}
		contact := a.Contact
		if contact == "" {
			contact = a.Leader
		}
		summary.Rows = append(summary.Rows, []any{i + 1, a.Category, a.Unit, a.Name, a.Leader, contact, a.Phone,
			version, status, a.Errors, a.Warnings, a.First})
	}
	problems := Sheet{Name: "问题清单", Columns: []Column{
		col("序号", 6), col("申报单位", 24), col("申报名称", 30), col("文件", 36), col("栏目", 24), col("严重程度", 8), col("问题", 80),
	}}
	problemRow := func(i int, f ReportFinding) []any {
		return []any{i + 1, f.Unit, f.Name, f.File, f.Label, SeverityNames[f.Severity], f.Message}
	}
	if r.EachFinding != nil {
		problems.Len = r.FindingCount
		problems.Each = func(row func([]any) error) error {
			i := 0
			return r.EachFinding(func(f ReportFinding) error {
				i++
				return row(problemRow(i-1, f))
			})
		}
	}
	for i, f := range r.Findings {
		problems.Rows = append(problems.Rows, problemRow(i, f))
	}
	list := Sheet{Name: "文件清单", Columns: []Column{
		col("序号", 6), col("文件名", 36), col("来源", 50), col("所属单位（文件夹/压缩包）", 20), col("类型", 10), col("状态", 10),
		col("原因/说明", 50), col("大小（字节）", 12), col("接收时间", 20), col("SHA-256", 66),
	}}
	fileRow := func(i int, f ReportFile) []any {
		return []any{i + 1, f.Name, f.Origin, f.Group, f.Kind, StatusNames[f.Status], f.Reason, f.Size, f.Received, f.SHA256}
	}
	if r.EachFile != nil {
		list.Len = r.FileCount
		list.Each = func(row func([]any) error) error {
			i := 0
			return r.EachFile(func(f ReportFile) error {
				i++
				return row(fileRow(i-1, f))
			})
		}
	}
	for i, f := range r.Files {
		list.Rows = append(list.Rows, fileRow(i, f))
	}
	sheets := []Sheet{summary, problems, list}
	if len(r.Units) > 0 {
		units := Sheet{Name: "各单位交回情况", Columns: []Column{col("序号", 6), col("单位", 26), col("类型", 10)}}
		for _, c := range r.Categories {
			units.Columns = append(units.Columns, col(c, 12))
		}
		units.Columns = append(units.Columns, col("汇总表", 8), col("文件数", 8), col("错误", 6), col("提醒", 6), col("状态", 10), col("说明", 50))
		for i, u := range r.Units {
			row := []any{i + 1, u.Unit, u.Type}
			for _, n := range u.Applications {
				row = append(row, n)
			}
			summary, status := "未交", "未交"
			if u.Summary {
				summary = "已交"
			}
			if u.Sent {
				status = "已交"
			}
			row = append(row, summary, u.Files, u.Errors, u.Warnings, status, u.Note)
			units.Rows = append(units.Rows, row)
		}
		sheets = append(sheets, units)
	}
	return WriteWorkbook(path, sheets, r.Title)
}
