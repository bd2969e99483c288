package intake

import (
	"strings"
	"testing"
)

// TestSummaryOfTheBranchesOrganisation: a 创新项目 filed by a branch in its
// own name is found in its 党总支's 附件9 (no false “未收到汇总表”); a
// branch of another organisation still is not.
func TestSummaryOfTheBranchesOrganisation(t *testing.T) {
	t.Parallel()
	cfg := loadCfg(t)
	cat, _ := cfg.Category("innovation_project")
	in := AcrossInput{Cfg: cfg,
		Applications: []AcrossApp{
			{ID: 1, VersionID: 11, Category: "innovation_project", Unit: "电气工程学院第一教师党支部", Name: "“云上支部”建设"},
			{ID: 2, VersionID: 12, Category: "innovation_project", Unit: "铁道工程学院第二教师党支部", Name: "“铁轨先锋”品牌"},
		},
		Summaries: []AcrossSummaryRow{{FileID: 5, Filler: "电气工程学院党总支",
			SummaryRow: SummaryRow{Seq: 1, Category: cat.Name, Name: "“云上支部”建设", Unit: "电气工程学院第一教师党支部"}}},
	}
	byVersion, byFile := CheckAcross(in)
	for _, f := range byVersion[11] {
		if f.Rule == "summary-missing" {
			t.Errorf("the branch's project, listed by its 党总支: %s", f.Message)
		}
	}
	found := false
	for _, f := range byVersion[12] {
		found = found || (f.Rule == "summary-missing" && strings.Contains(f.Message, "未收到 铁道工程学院第二教师党支部 的申报汇总表"))
	}
	if !found {
		t.Errorf("a branch of an organisation that sent no 附件9: %+v", byVersion[12])
	}
	if len(byFile[5]) != 0 {
		t.Errorf("the 党总支's row has its form: %+v", byFile[5])
	}
}
