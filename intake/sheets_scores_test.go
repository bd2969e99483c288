package intake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dbzx/render"
	"dbzx/sample"
)

// TestReviewSheetScoresChecked: each score lies in 0..the item's points
// and 合计 is the sum; a sheet breaking either is refused row by row,
// naming the row, the item and its column.
func TestReviewSheetScoresChecked(t *testing.T) {
	t.Parallel()
	s := &render.InputSheet{Title: "评审表", Kind: "review-sheet", Columns: []render.InputColumn{
		{Title: "编号", Width: 7}, {Title: "申报单位", Width: 20}, {Title: "申报名称", Width: 20}, {Title: "审核情况", Width: 20},
		{Title: "政治引领与组织生活（25分）", Width: 11, Input: true, Number: true, Max: 25},
		{Title: "工作成效（75分）", Width: 11, Input: true, Number: true, Max: 75},
		{Title: "合计", Width: 8, Number: true, Sum: true},
		{Title: "推荐", Width: 10, Input: true, Choices: []string{"推荐", "不推荐"}},
		{Title: "备注", Width: 20, Input: true},
	}, Rows: [][]any{{int64(1), "甲", "一", ""}, {int64(2), "乙", "二", ""}, {int64(3), "丙", "三", ""}, {int64(4), "丁", "四", ""}}}
	path := filepath.Join(t.TempDir(), "评审表.xlsx")
	if err := render.WriteInputSheet(path, s); err != nil {
		t.Fatal(err)
	}
	blank, _ := os.ReadFile(path)
	filled, err := sample.FillSheet(blank, map[int64]map[string]any{
		1: {"政治引领与组织生活": 25, "工作成效": 75, "推荐": "推荐"},             // the most: fine
		2: {"政治引领与组织生活": 30, "工作成效": 70, "推荐": "推荐"},             // 30 in a 25-point item
		3: {"政治引领与组织生活": 20, "工作成效": 60, "合计": 150, "推荐": "不推荐"}, // a total typed over
		4: {"政治引领与组织生活": 0, "工作成效": -1, "推荐": "不推荐"},             // below zero
	})
	if err != nil {
		t.Fatal(err)
	}
	ds, problems, err := ReadReviewSheet(filled)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"第 5 行「政治引领与组织生活（25分）」（E列）：30 分超出本项分值，应在 0 至 25 分之间",
		"第 6 行「合计」（G列）：150 不等于各项得分之和 80",
		"第 7 行「工作成效（75分）」（F列）：-1 分超出本项分值，应在 0 至 75 分之间",
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	if len(ds) != 4 || ds[0].Total != 100 || ds[0].Line != 4 {
		t.Errorf("decisions %+v", ds)
	}
}
