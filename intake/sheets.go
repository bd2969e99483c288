package intake

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dbzx/config"
	"dbzx/render"
)

// Choices on the sheets dbzx reads back.
var (
	recommendChoices = []string{"推荐", "不推荐"}
	acceptChoices    = []string{"通过", "不通过"}
)

// ReviewSheet is the committee's sheet for one category: one row per
// application (编号, unit, name, findings), a column per scoring criterion,
// the total, and 推荐/不推荐.
func (r *Register) ReviewSheet(cfg *config.Config, category string) (*render.InputSheet, int, error) {
	cat, ok := cfg.Category(category)
	if !ok {
		return nil, 0, fmt.Errorf("没有类别 %q", category)
	}
	apps, err := r.Applications()
	if err != nil {
		return nil, 0, err
	}
	findings, err := r.CurrentFindings()
	if err != nil {
		return nil, 0, err
	}
	summary := map[int64]string{}
	counts := map[int64][3]int{}
	for _, f := range findings {
		c := counts[f.ApplicationID]
		switch f.Severity {
		case SeverityError:
			c[0]++
		case SeverityWarning:
			c[1]++
		default:
			c[2]++
		}
		counts[f.ApplicationID] = c
		if f.Rule == "provincial" {
			summary[f.ApplicationID] = "已获省级推荐，自动认定，不占名额"
		}
	}
	crit := cfg.Scoring[category]
	cols := []render.InputColumn{{Title: "编号", Width: 7}, {Title: "申报单位", Width: 22}, {Title: "申报名称", Width: 28},
		{Title: "审核情况", Width: 24}}
	for _, c := range crit {
		cols = append(cols, render.InputColumn{Title: fmt.Sprintf("%s（%d分）", c.Name, c.Points), Width: 11, Input: true, Number: true})
	}
	cols = append(cols, render.InputColumn{Title: "合计", Width: 8, Input: true, Number: true},
		render.InputColumn{Title: "推荐", Width: 10, Input: true, Choices: recommendChoices},
		render.InputColumn{Title: "备注", Width: 20, Input: true})
	s := &render.InputSheet{
		Title: cfg.College + cfg.Programme + " " + cat.Name + " 评审表",
		Note: fmt.Sprintf("名额 %d 个（已获省级推荐的不占名额）。请为每项打分，“推荐”栏选择“推荐”或“不推荐”；编号勿改。填好后交党委组织部，以 dbzx decide 读入。",
			cat.Quota),
		Kind:    "review-sheet",
		Columns: cols,
		Props:   map[string]string{"dbzx.category": category},
	}
	var mine []*Selected
	for _, a := range apps {
		if a.Category == category {
			mine = append(mine, &Selected{Application: *a})
		}
	}
	sortSelected(mine, cfg)
	for _, a := range mine {
		note := summary[a.ID]
		if note == "" {
			c := counts[a.ID]
			switch {
			case c[0] > 0:
				note = fmt.Sprintf("有 %d 个错误，%d 个提醒", c[0], c[1])
			case c[1] > 0:
				note = fmt.Sprintf("有 %d 个提醒", c[1])
			default:
				note = "未发现问题"
			}
		}
		row := []any{a.ID, a.Unit, a.Name, note}
		s.Rows = append(s.Rows, row)
	}
	return s, len(mine), nil
}

// AcceptSheet lists the construction objects for acceptance: 验收结果
// (通过/不通过), 验收日期 and 备注 to fill in.
func (r *Register) AcceptSheet(cfg *config.Config) (*render.InputSheet, int, error) {
	sel, err := r.Selected(cfg)
	if err != nil {
		return nil, 0, err
	}
	s := &render.InputSheet{
		Title: cfg.College + cfg.Programme + " 验收结果登记表",
		Note: fmt.Sprintf("每个建设对象选择“通过”或“不通过”并填写验收日期（如 2024-12-20）；验收未通过的，%d年内不得再申报。填好后以 dbzx accept 读入。",
			cfg.BarYears),
		Kind: "accept-sheet",
		Columns: []render.InputColumn{{Title: "编号", Width: 7}, {Title: "建设类别", Width: 24}, {Title: "建设单位", Width: 22},
			{Title: "建设项目名称", Width: 28}, {Title: "负责人", Width: 10}, {Title: "验收时间（计划）", Width: 14},
			{Title: "验收结果", Width: 10, Input: true, Choices: acceptChoices}, {Title: "验收日期", Width: 14, Input: true, Date: true},
			{Title: "备注", Width: 22, Input: true}},
	}
	for _, x := range sel {
		cat, _ := cfg.Category(x.Category)
		row := []any{x.ID, cat.Name, x.Unit, x.Name, x.Leader, cat.Acceptance.Chinese()}
		if x.Accepted != nil {
			row = append(row, map[bool]string{true: "通过", false: "不通过"}[*x.Accepted], x.AcceptDate, x.AcceptNote)
		}
		s.Rows = append(s.Rows, row)
	}
	return s, len(sel), nil
}

// ErrNotSheet: the file is not one of the sheets dbzx generated.
var ErrNotSheet = errors.New("不是 dbzx 生成的评审表或验收表（未找到“编号”列）")

// sheetRows reads a sheet's rows (raw values: dates as serials, numbers
// unformatted) starting at its header row, the row with 编号.
func sheetRows(data []byte) (header []string, rows [][]string, err error) {
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxSummaryBytes})
	if err != nil {
		return nil, nil, fmt.Errorf("无法按 Excel 文件打开：%w", err)
	}
	defer x.Close()
	for _, name := range x.GetSheetList() {
		if visible, _ := x.GetSheetVisible(name); !visible {
			continue
		}
		all, err := boundedRows(x, name, excelize.Options{RawCellValue: true})
		if err != nil {
			continue
		}
		for i, row := range all {
			for _, c := range row {
				if normLabel(c) == "编号" {
					return row, all[i+1:], nil
				}
			}
		}
	}
	return nil, nil, ErrNotSheet
}

func colIndex(header []string, match func(string) bool) int {
	for i, h := range header {
		if match(normLabel(h)) {
			return i
		}
	}
	return -1
}

func sheetCell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// ReadReviewSheet reads a filled review sheet (saved by Excel, WPS or
// LibreOffice): per row the id, 推荐/不推荐, the scores and the total (the
// sum of the scores when the total is left blank).
func ReadReviewSheet(data []byte) ([]Decision, []string, error) {
	header, rows, err := sheetRows(data)
	if err != nil {
		return nil, nil, err
	}
	idCol := colIndex(header, func(h string) bool { return h == "编号" })
	recCol := colIndex(header, func(h string) bool { return h == "推荐" || h == "是否推荐" })
	totalCol := colIndex(header, func(h string) bool { return h == "合计" || h == "总分" })
	noteCol := colIndex(header, func(h string) bool { return h == "备注" })
	var scoreCols []int
	for i, h := range header {
		if strings.Contains(h, "分）") || strings.Contains(h, "分)") {
			scoreCols = append(scoreCols, i)
		}
	}
	if recCol < 0 {
		return nil, nil, errors.New("评审表中没有“推荐”列")
	}
	var out []Decision
	var problems []string
	for n, row := range rows {
		id, ok, problem := rowID(row, idCol, n)
		if problem != "" {
			problems = append(problems, problem)
		}
		if !ok {
			continue
		}
		d := Decision{ID: id, Note: sheetCell(row, noteCol)}
		switch v := normLabel(sheetCell(row, recCol)); v {
		case "推荐", "是", "√", "Y", "y":
			t := true
			d.Recommend = &t
		case "不推荐", "否", "×", "N", "n":
			f := false
			d.Recommend = &f
		case "":
		default:
			problems = append(problems, fmt.Sprintf("第 %d 行：“推荐”栏为“%s”，应为“推荐”或“不推荐”", SheetHeaderRowNumber(n), v))
		}
		sum := 0.0
		for _, c := range scoreCols {
			v := sheetCell(row, c)
			if v == "" {
				d.Scores = append(d.Scores, 0)
				continue
			}
			f, err := strconv.ParseFloat(narrow(v), 64)
			if err != nil {
				problems = append(problems, fmt.Sprintf("第 %d 行「%s」：“%s”不是分数", SheetHeaderRowNumber(n), header[c], v))
			}
			d.Scores = append(d.Scores, f)
			sum += f
		}
		d.Total = sum
		if t := sheetCell(row, totalCol); t != "" {
			if f, err := strconv.ParseFloat(narrow(t), 64); err == nil {
				d.Total = f
			}
		}
		out = append(out, d)
	}
	return out, problems, nil
}

// rowID reads a data row's 编号: ok is false for a blank row (skipped) or
// an id that is not a number (then problem says so).
func rowID(row []string, col, n int) (id int64, ok bool, problem string) {
	text := sheetCell(row, col)
	if text == "" {
		return 0, false, ""
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(text, ".0"), 10, 64)
	if err != nil {
		return 0, false, fmt.Sprintf("第 %d 行：编号“%s”不是数字", SheetHeaderRowNumber(n), text)
	}
	return id, true, ""
}

// SheetHeaderRowNumber is the spreadsheet row number of data row n.
func SheetHeaderRowNumber(n int) int { return render.SheetHeaderRow + 1 + n }

// ReadAcceptSheet reads a filled acceptance sheet: per row the id, 通过 or
// 不通过 and the date (any form people type, or a date cell).
func ReadAcceptSheet(data []byte) ([]AcceptanceResult, []string, error) {
	header, rows, err := sheetRows(data)
	if err != nil {
		return nil, nil, err
	}
	idCol := colIndex(header, func(h string) bool { return h == "编号" })
	resCol := colIndex(header, func(h string) bool { return h == "验收结果" || h == "结果" })
	dateCol := colIndex(header, func(h string) bool { return h == "验收日期" || h == "日期" })
	noteCol := colIndex(header, func(h string) bool { return h == "备注" })
	if resCol < 0 {
		return nil, nil, errors.New("验收表中没有“验收结果”列")
	}
	var out []AcceptanceResult
	var problems []string
	for n, row := range rows {
		id, ok, problem := rowID(row, idCol, n)
		if problem != "" {
			problems = append(problems, problem)
		}
		if !ok {
			continue
		}
		a := AcceptanceResult{ID: id, Note: sheetCell(row, noteCol)}
		switch v := normLabel(sheetCell(row, resCol)); v {
		case "通过", "合格", "验收通过":
			t := true
			a.Passed = &t
		case "不通过", "不合格", "未通过":
			f := false
			a.Passed = &f
		case "":
		default:
			problems = append(problems, fmt.Sprintf("第 %d 行：“验收结果”为“%s”，应为“通过”或“不通过”", SheetHeaderRowNumber(n), v))
		}
		if v := sheetCell(row, dateCol); v != "" {
			d, err := ParseDate(v)
			if err != nil {
				problems = append(problems, fmt.Sprintf("第 %d 行：验收日期“%s”%v", SheetHeaderRowNumber(n), v, err))
			} else {
				a.Date = d.String()
			}
		}
		out = append(out, a)
	}
	return out, problems, nil
}
