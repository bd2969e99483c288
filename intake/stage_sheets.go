package intake

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"dbzx/templates"
)

// The committee's sheets of the later stages: per construction object the
// scores of the stage's items, a grade, the conclusion (中期: 通过 / 限期整改 /
// 终止建设; 验收: 通过验收 / 暂缓通过 / 不予通过), its opinion, and what is
// to be put right by when.

// StageConclusions are each stage's conclusions, the passing one first
// (declared with the stage forms).
var StageConclusions = templates.StageConclusions

// Grades are the grades of a stage review, with the lowest total of each
// (the last: below the one before).
var Grades = []struct {
	Name string
	Min  float64
}{{"优秀", 90}, {"良好", 80}, {"合格", 60}, {"不合格", 0}}

// GradeOf is the grade a total falls in.
func GradeOf(total float64) string {
	for _, g := range Grades {
		if total >= g.Min {
			return g.Name
		}
	}
	return Grades[len(Grades)-1].Name
}

// StageDecision is one row of a filled stage review sheet.
type StageDecision struct {
	ID         int64     `json:"id"`
	Line       int       `json:"line"`
	Scores     []float64 `json:"scores"`
	Total      float64   `json:"total"`
	Grade      string    `json:"grade"`
	Conclusion string    `json:"conclusion"` // "" left blank
	Opinion    string    `json:"opinion"`
	Rectify    []string  `json:"rectify,omitempty"` // 整改要求, one item per line or “；”
	Due        string    `json:"due,omitempty"`     // 2023-08-31
}

// StageReview is a filled stage review sheet read back: its decisions,
// what makes it unrecordable (Problems), what the committee should look at
// again (Warnings), and the date of the signature line.
type StageReview struct {
	Decisions []StageDecision
	Problems  []string
	Warnings  []string
	Date      string
}

var itemSplit = regexp.MustCompile(`[\n；;]+`)

// ReadStageReview reads a filled stage review sheet of stage.
func ReadStageReview(data []byte, stage string) (*StageReview, error) {
	conclusions, ok := StageConclusions[stage]
	if !ok {
		return nil, fmt.Errorf("intake: no review sheet for stage %q", stage)
	}
	header, rows, first, err := sheetRows(data)
	if err != nil {
		return nil, err
	}
	col := func(names ...string) int {
		return colIndex(header, func(h string) bool { return slices.Contains(names, h) })
	}
	idCol, totalCol, gradeCol := col("编号"), col("合计", "总分"), col("等次", "考核等次")
	conCol := col("结论", "中期考核结论", "验收结论")
	opCol := col("反馈意见", "验收意见", "意见")
	fixCol := col("整改要求", "补充整改要求")
	dueCol := col("整改期限", "二次验收期限", "期限")
	if conCol < 0 {
		return nil, errors.New("评审表中没有“结论”列")
	}
	sc := scoreColumns(header, totalCol)
	r := &StageReview{}
	for n, row := range rows {
		line := first + n
		if endOfTable(row, idCol) {
			r.Date = signedOn(row)
			break
		}
		id, ok, problem := rowID(row, idCol, line)
		if problem != "" {
			r.Problems = append(r.Problems, problem)
		}
		if !ok {
			continue
		}
		d := StageDecision{ID: id, Line: line, Grade: normLabel(sheetCell(row, gradeCol)),
			Conclusion: normLabel(sheetCell(row, conCol)), Opinion: sheetCell(row, opCol)}
		var ps []string
		d.Scores, d.Total, ps = sc.read(row, line)
		r.Problems = append(r.Problems, ps...)
		for _, it := range itemSplit.Split(sheetCell(row, fixCol), -1) {
			if it = strings.TrimSpace(it); it != "" {
				d.Rectify = append(d.Rectify, it)
			}
		}
		if v := sheetCell(row, dueCol); v != "" {
			if dd, err := ParseDate(v); err != nil {
				r.Problems = append(r.Problems, fmt.Sprintf("第 %d 行：期限“%s”%v", line, v, err))
			} else {
				d.Due = dd.String()
			}
		}
		if d.Conclusion != "" && !slices.Contains(conclusions, d.Conclusion) {
			r.Problems = append(r.Problems, fmt.Sprintf("第 %d 行：“结论”为“%s”，应为%s之一", line, d.Conclusion, "“"+strings.Join(conclusions, "”“")+"”"))
		}
		names := []string{}
		for _, g := range Grades {
			names = append(names, g.Name)
		}
		if d.Grade != "" && !slices.Contains(names, d.Grade) {
			r.Problems = append(r.Problems, fmt.Sprintf("第 %d 行：“等次”为“%s”，应为优秀、良好、合格或不合格", line, d.Grade))
		}
		// 限期整改 / 暂缓通过 say what and by when (stages.md §5.7).
		if d.Conclusion == conclusions[1] && (len(d.Rectify) == 0 || d.Due == "") {
			r.Problems = append(r.Problems, fmt.Sprintf("第 %d 行：结论为“%s”，须填写整改要求和期限", line, d.Conclusion))
		}
		if d.Grade != "" && len(sc.cols) > 0 && d.Grade != GradeOf(d.Total) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("第 %d 行：合计 %s 分按分档应为“%s”，填写的是“%s”", line, trimFloat(d.Total), GradeOf(d.Total), d.Grade))
		}
		if d.Grade == "不合格" && d.Conclusion == conclusions[0] || (d.Grade == "优秀" || d.Grade == "良好") && d.Conclusion == conclusions[2] {
			r.Warnings = append(r.Warnings, fmt.Sprintf("第 %d 行：等次“%s”与结论“%s”不相称，请核实", line, d.Grade, d.Conclusion))
		}
		if d.Grade == "" && d.Conclusion != "" && len(sc.cols) > 0 {
			d.Grade = GradeOf(d.Total)
		}
		r.Decisions = append(r.Decisions, d)
	}
	return r, nil
}
