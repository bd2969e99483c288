package intake

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dbzx/internal/ooxml"
)

// Decision is the committee's word on one application, read from a
// filled review sheet.
type Decision struct {
	ID   int64 `json:"id"`
	Line int   `json:"line"` // the row in the sheet

	Recommend *bool     `json:"recommend"` // nil: left blank
	Scores    []float64 `json:"scores"`
	Total     float64   `json:"total"`
	Note      string    `json:"note,omitempty"`
}

// AcceptanceResult is one row of a filled acceptance sheet.
type AcceptanceResult struct {
	ID   int64 `json:"id"`
	Line int   `json:"line"` // the row in the sheet

	Passed *bool  `json:"passed"` // nil: not yet accepted
	Date   string `json:"date"`   // 2024-12-20 (or 2024-12)
	Note   string `json:"note,omitempty"`
}

// ErrNotSheet: the file is not one of the sheets dbzx generated.
var ErrNotSheet = errors.New("不是 dbzx 生成的评审表或验收表（未找到“编号”列）")

// sheetRows reads a sheet's rows (raw values: dates as serials, numbers
// unformatted) starting at its header row, the row with 编号.
// first is the spreadsheet row number (1-based) of the first data row.
func sheetRows(data []byte) (header []string, rows [][]string, first int, err error) {
	x, err := ooxml.OpenWorkbook(data)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("无法按 Excel 文件打开：%s", workbookReason(err))
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
					return row, all[i+1:], i + 2, nil
				}
			}
		}
	}
	return nil, nil, 0, ErrNotSheet
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

// ReviewSheet is a filled review sheet read back: the decisions, the
// cells that could not be read, and the date written on the signature
// line under the table (2022-12-09, "" when none).
type ReviewSheet struct {
	Decisions []Decision
	Problems  []string
	Date      string
}

// ReadReviewSheet is ReadReview without the signature date.
func ReadReviewSheet(data []byte) ([]Decision, []string, error) {
	s, err := ReadReview(data)
	if err != nil {
		return nil, nil, err
	}
	return s.Decisions, s.Problems, nil
}

// ReadReview reads a filled review sheet (saved by Excel, WPS or
// LibreOffice): per row the id, 推荐/不推荐, the scores and the total (the
// sum of the scores when the total is left blank).
func ReadReview(data []byte) (*ReviewSheet, error) {
	header, rows, first, err := sheetRows(data)
	if err != nil {
		return nil, err
	}
	idCol := colIndex(header, func(h string) bool { return h == "编号" })
	recCol := colIndex(header, func(h string) bool { return h == "推荐" || h == "是否推荐" })
	totalCol := colIndex(header, func(h string) bool { return h == "合计" || h == "总分" })
	noteCol := colIndex(header, func(h string) bool { return h == "备注" })
	sc := scoreColumns(header, totalCol)
	if recCol < 0 {
		return nil, errors.New("评审表中没有“推荐”列")
	}
	var out []Decision
	var problems []string
	date := ""
	for n, row := range rows {
		if endOfTable(row, idCol) {
			date = signedOn(row)
			break
		}
		id, ok, problem := rowID(row, idCol, first+n)
		if problem != "" {
			problems = append(problems, problem)
		}
		if !ok {
			continue
		}
		d := Decision{ID: id, Line: first + n, Note: sheetCell(row, noteCol)}
		switch v := normLabel(sheetCell(row, recCol)); v {
		case "推荐", "是", "√", "Y", "y":
			t := true
			d.Recommend = &t
		case "不推荐", "否", "×", "N", "n":
			f := false
			d.Recommend = &f
		case "":
		default:
			problems = append(problems, fmt.Sprintf("第 %d 行：“推荐”栏为“%s”，应为“推荐”或“不推荐”", first+n, v))
		}
		var ps []string
		d.Scores, d.Total, ps = sc.read(row, first+n)
		problems = append(problems, ps...)
		out = append(out, d)
	}
	return &ReviewSheet{Decisions: out, Problems: problems, Date: date}, nil
}

// scoreCols are a sheet's score columns (their headers give the points:
// 政治引领（25分）) and its 合计.
type scoreCols struct {
	header []string
	cols   []int
	max    map[int]float64
	total  int
}

func scoreColumns(header []string, total int) scoreCols {
	sc := scoreCols{header: header, max: map[int]float64{}, total: total}
	for i, h := range header {
		if m := pointsInHeader.FindStringSubmatch(narrow(h)); m != nil {
			sc.cols = append(sc.cols, i)
			sc.max[i], _ = strconv.ParseFloat(m[1], 64)
		}
	}
	return sc
}

// read reads a row's scores and their sum; each score within 0..its
// points, and a 合计 typed over with another number, is a problem naming
// row and column. The 合计 is a formula; a sheet saved by Excel, WPS or
// LibreOffice keeps its value, one written by a program may not (blank:
// the sum).
func (sc scoreCols) read(row []string, line int) (scores []float64, sum float64, problems []string) {
	for _, c := range sc.cols {
		v := sheetCell(row, c)
		if v == "" {
			scores = append(scores, 0)
			continue
		}
		f, err := strconv.ParseFloat(narrow(v), 64)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("第 %d 行「%s」（%s列）：“%s”不是分数", line, sc.header[c], colName(c), v))
		case f < 0 || (sc.max[c] > 0 && f > sc.max[c]):
			problems = append(problems, fmt.Sprintf("第 %d 行「%s」（%s列）：%s 分超出本项分值，应在 0 至 %s 分之间",
				line, sc.header[c], colName(c), v, trimFloat(sc.max[c])))
		}
		scores = append(scores, f)
		sum += f
	}
	if t := sheetCell(row, sc.total); t != "" {
		f, err := strconv.ParseFloat(narrow(t), 64)
		if err != nil || math.Abs(f-sum) > 0.005 {
			problems = append(problems, fmt.Sprintf("第 %d 行「%s」（%s列）：%s 不等于各项得分之和 %s",
				line, sc.header[sc.total], colName(sc.total), t, trimFloat(sum)))
		}
	}
	return scores, sum, problems
}

// pointsInHeader finds an item's points in its header: 政治引领（25分）.
var pointsInHeader = regexp.MustCompile(`[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]`)

// colName is a 0-based column index as the spreadsheet names it: E.
func colName(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

// trimFloat writes 25 for 25.0 and 12.5 for 12.5.
func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// endOfTable: the signature line under the table (评审工作小组成员签字：…).
func endOfTable(row []string, idCol int) bool {
	return strings.Contains(sheetCell(row, idCol), "签字")
}

// rowID reads a data row's 编号: ok is false for a blank row (skipped) or
// an id that is not a number (then problem says so).
// line is the row's spreadsheet row number.
func rowID(row []string, col, line int) (id int64, ok bool, problem string) {
	text := sheetCell(row, col)
	if text == "" {
		return 0, false, ""
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(text, ".0"), 10, 64)
	if err != nil {
		return 0, false, fmt.Sprintf("第 %d 行：编号“%s”不是数字", line, text)
	}
	return id, true, ""
}

// ReadAcceptSheet reads a filled acceptance sheet: per row the id, 通过 or
// 不通过 and the date (any form people type, or a date cell).
func ReadAcceptSheet(data []byte) ([]AcceptanceResult, []string, error) {
	header, rows, first, err := sheetRows(data)
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
		if endOfTable(row, idCol) {
			break
		}
		id, ok, problem := rowID(row, idCol, first+n)
		if problem != "" {
			problems = append(problems, problem)
		}
		if !ok {
			continue
		}
		a := AcceptanceResult{ID: id, Line: first + n, Note: sheetCell(row, noteCol)}
		switch v := normLabel(sheetCell(row, resCol)); v {
		case "通过", "合格", "验收通过":
			t := true
			a.Passed = &t
		case "不通过", "不合格", "未通过":
			f := false
			a.Passed = &f
		case "":
		default:
			problems = append(problems, fmt.Sprintf("第 %d 行：“验收结果”为“%s”，应为“通过”或“不通过”", first+n, v))
		}
		if v := sheetCell(row, dateCol); v != "" {
			d, err := ParseDate(v)
			if err != nil {
				problems = append(problems, fmt.Sprintf("第 %d 行：验收日期“%s”%v", first+n, v, err))
			} else {
				a.Date = d.String()
			}
		}
		out = append(out, a)
	}
	return out, problems, nil
}

// signedDate finds the date written on a sheet's signature line:
// 日期：2022年12月9日 (blanks filled in as typed) or 2022-12-09.
var signedDate = regexp.MustCompile(`日期[:：]?\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})`)

// signedOn reads the date written on a signature line (2022-12-09), ""
// when none was written or it is not a real day.
func signedOn(row []string) string {
	for _, c := range row {
		if m := signedDate.FindStringSubmatch(narrow(c)); m != nil {
			if d, err := ParseDate(m[1] + "-" + m[2] + "-" + m[3]); err == nil {
				return d.String()
			}
		}
	}
	return ""
}
