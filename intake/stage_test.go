package intake

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/render"
	"dbzx/sample"
)

// TestStageRules: each stage rule on a 样板党支部's mid-term return read
// back from its .docx, with the boundaries: the due day itself, a month
// without publicity, spending exactly the allocation and a fen over it.
func TestStageRules(t *testing.T) {
	t.Parallel()
	fx := newRuleFixture(t)
	months := func(ms ...string) func(v *render.Values) {
		return func(v *render.Values) {
			v.Rows["publicity"] = nil
			for i, m := range ms {
				v.Rows["publicity"] = append(v.Rows["publicity"], map[string]string{"month": m, "platform": "部门官网",
					"title": "动态" + m, "link": fmt.Sprintf("https://example.edu.cn/%d", i)})
			}
		}
	}
	spent := func(yuan string) func(v *render.Values) {
		return func(v *render.Values) {
			v.Rows["expenses"] = []map[string]string{{"date": "2023年3月2日", "item": "资料", "kind": "资料购置", "amount": yuan}}
			v.Text["spent_total"] = yuan
			delete(v.Text, "balance")
		}
	}
	full := months("2022年12月", "2023年1月", "2023年2月", "2023年3月", "2023年4月")
	cases := []struct {
		name     string
		rule     string
		edit     func(v *render.Values)
		received time.Time
		want     []string // nil: passes
	}{
		{"every month posted", "publicity", full, time.Time{}, nil},
		{"2023-03 without a post", "publicity", months("2022年12月", "2023年1月", "2023年2月", "2023年4月"), time.Time{},
			[]string{"2023年3月无展示记录", "每月不少于1次"}},
		{"two months missing, named in order", "publicity", months("2023年1月", "2023年3月", "2023年4月"), time.Time{},
			[]string{"2022年12月、2023年2月无展示记录"}},
		{"a link that is no address", "publicity", func(v *render.Values) {
			full(v)
			v.Rows["publicity"][0]["link"] = "公众号推文"
		}, time.Time{}, []string{"第1行的链接“公众号推文”不是网址"}},
		{"one post counted twice", "publicity", func(v *render.Values) {
			full(v)
			v.Rows["publicity"][1]["link"] = v.Rows["publicity"][0]["link"]
		}, time.Time{}, []string{"第2行与第1行是同一链接"}},
		{"received on the due day", "stage-due", full, time.Date(2023, 5, 31, 18, 0, 0, 0, time.UTC), nil},
		{"received the day after", "stage-due", full, time.Date(2023, 6, 1, 9, 0, 0, 0, time.UTC),
			[]string{"于 2023年6月1日 收到，晚于报送期限（2023年5月31日，含当日）"}},
		{"spent exactly the allocation", "funding-cap", spent("10000"), time.Time{}, nil},
		{"a fen over", "funding-cap", spent("10000.01"), time.Time{}, []string{"10000.01 元，超过资助经费 10000 元"}},
		{"a balance that does not add up", "funding-cap", func(v *render.Values) {
			spent("3000")(v)
			v.Text["balance"] = "6000"
		}, time.Time{}, []string{"「结余（元）」为 6000 元", "即 7000 元"}},
		{"a prefilled name changed", "prefill", func(v *render.Values) { v.Text["cover_name"] = "改过的支部" }, time.Time{},
			[]string{"预填为“测试党支部”，交回的是“改过的支部”"}},
		{"a step due by the mid-term, not begun", "progress", func(v *render.Values) {
			v.Rows["progress"] = []map[string]string{{"when": "2023年3月", "task": "建立台账", "result": "台账", "status": "未开展", "note": "人员调整"},
				{"when": "2023年9月", "task": "总结提炼", "result": "案例", "status": "未开展", "note": "未到时间"}}
		}, time.Time{}, []string{"第1行（建立台账）计划于 2023年3月 完成，中期考核时仍“未开展”"}},
		{"steps under way", "progress", nil, time.Time{}, nil},
		{"a planned step done without its month", "required-if", func(v *render.Values) {
			v.Rows["progress"][0]["done_month"] = ""
		}, time.Time{}, []string{"「进度安排执行情况」第1行「完成情况」为“已完成”，须填写「实际完成时间」"}},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			form, ok := fx.forms.StageForm("midterm", "model_branch")
			if !ok {
				t.Fatal("no mid-term form for 样板党支部")
			}
			v := sample.CloneValues(sample.New(fx.forms, loadCfg(t), 5).Return(form, 1).Values)
			v.Text["cover_name"] = "测试党支部"
			v.Text["cover_date"], v.Dates["cover_date"] = "2023年5月8日", "2023-05-08"
			v.Rows["progress"] = []map[string]string{{"when": "2023年3月", "task": "任务", "result": "成果", "status": "已完成", "done_month": "2023年3月"}}
			full(v)
			spent("3000")(v)
			if c.edit != nil {
				c.edit(v)
			}
			s := fx.subject(t, fx.render(t, form, v), "m.docx")
			s.Object = &StageObject{ID: 1, Category: "model_branch", Allocation: 1000000, Start: config.Month{Year: 2022, Month: 12},
				Due: time.Date(2023, 5, 31, 0, 0, 0, 0, time.UTC), Prefill: map[string]string{"cover_name": "测试党支部"},
				Midterm: config.Month{Year: 2023, Month: 5}}
			s.Received = c.received
			var rule Rule
			for _, r := range StageRules {
				if r.Code == c.rule {
					rule = r
				}
			}
			got := rule.Check(s)
			if c.want == nil {
				if len(got) != 0 {
					t.Errorf("want no finding, got %+v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("want 1 finding, got %+v", got)
			}
			for _, say := range c.want {
				if !strings.Contains(got[0].Message, say) {
					t.Errorf("message lacks %q:\n\t%s", say, got[0].Message)
				}
			}
			if !strings.HasPrefix(got[0].Message, "附表1中期考核表-样板党支部") {
				t.Errorf("message does not name the form: %s", got[0].Message)
			}
		})
	}
}
