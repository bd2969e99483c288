package intake

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/templates"
)

// A stage return (中期考核表, 建设工作报告) is checked against its
// construction object: the rules every form obeys (required, types,
// sums…), then StageRules. The application's rules (late against the
// application deadline, provincial, barred, the conditions of 培育标准) do
// not apply: they judged whether to build, not how the building goes.

// StageObject is the construction object a stage return belongs to, as
// the register and the configuration know it.
type StageObject struct {
	ID                   int64
	Category, Unit, Name string
	Allocation           int64        // fen: the category's funding
	Start                config.Month // construction start (the decision's month)
	Due                  time.Time    // the day the form is due, itself on time
	// Prefill is what dbzx wrote into the object's form, by field id.
	Prefill map[string]string
	// Midterm is the object's mid-term month; Terminated, that the
	// mid-term ended its construction (终止建设).
	Midterm    config.Month
	Terminated bool
}

// sharedRules are the rules of Rules that every form obeys.
var sharedRules = map[string]bool{"form-version": true, "required": true, "type": true, "range": true,
	"length": true, "sum": true, "rows": true, "declaration": true, "odd-chars": true}

// StageRules are the checks on a stage return beyond the shared ones.
var StageRules = []Rule{
	{"prefill", SeverityWarning, nil, "预填栏目（建设单位、名称、类别、经费等）与登记库一致；有变动的写明“变动说明”", checkPrefill},
	{"required-if", SeverityError, nil, "视情况必填的栏目已填写（如“有调整”时的变动说明、“已完成”时的完成时间）", checkRequiredIf},
	{"stage-due", SeverityWarning, nil, "在中期考核表或工作报告的报送期限（含当日）前收到", checkStageDue},
	{"funding-cap", SeverityError, nil, "经费支出合计不超过资助经费，结余与之相符", checkFundingCap},
	{"terminated", SeverityError, []string{"final"}, "中期考核结论为“终止建设”的，不再提交建设工作报告", checkTerminated},
	{"progress", SeverityWarning, nil, "计划步骤按期推进：中期考核时已到期的未开展、验收时部分完成或未完成的，提请评审关注", checkProgress},
	{"publicity", SeverityWarning, nil, "建设起始月份至填报日期上月，每月至少1条动态展示记录，链接有效、不重复", checkPublicity},
}

// CheckStage runs the shared rules and StageRules on a stage return.
func CheckStage(s *Subject) []Finding {
	var out []Finding
	run := func(r Rule) {
		for _, f := range r.Check(s) {
			f.Rule = r.Code
			if f.Severity == "" {
				f.Severity = r.Severity
			}
			out = append(out, f)
		}
	}
	for _, r := range Rules {
		if sharedRules[r.Code] {
			run(r)
		}
	}
	for _, r := range StageRules {
		if len(r.Forms) == 0 || slices.Contains(r.Forms, s.Form.Stage) {
			run(r)
		}
	}
	return out
}

// checkPrefill: what dbzx filled in comes back as written. A unit that
// changed it (a new name, another leader) is to say so, not to overwrite:
// the committee looks.
func checkPrefill(s *Subject) []Finding {
	if s.Object == nil {
		return nil
	}
	var out []Finding
	for _, f := range s.Form.Fields() {
		want, ok := s.Object.Prefill[f.ID]
		if !ok || want == "" || f.Type == templates.Table {
			continue
		}
		v := s.value(f.ID)
		got := ""
		if v != nil {
			got = v.Raw
		}
		if normLabel(got) != normLabel(want) {
			out = append(out, s.finding("", "", f.ID, "「%s」预填为“%s”，交回的是“%s”；预填栏目请勿改动，如有变化在“变动说明”中写明",
				f.Label, want, got))
		}
	}
	return out
}

// checkRequiredIf: a field required by another's value (required_if),
// top-level or within a table row.
func checkRequiredIf(s *Subject) []Finding {
	var out []Finding
	filled := func(v *Value) bool { return v != nil && strings.TrimSpace(v.Raw) != "" }
	for _, f := range s.Form.Fields() {
		if on, vals := f.RequiredWhen(); on != "" && s.Form.Field(on) != nil {
			if v := s.value(on); v != nil && slices.Contains(vals, strings.TrimSpace(v.Raw)) && !filled(s.value(f.ID)) {
				out = append(out, s.finding("", "", f.ID, "「%s」为“%s”，须填写「%s」", s.label(on), v.Raw, f.Label))
			}
		}
		if f.Type != templates.Table {
			continue
		}
		t := s.Return.Table(f.ID)
		if t == nil {
			continue
		}
		col := map[string]int{}
		for i, c := range t.Columns {
			col[c] = i
		}
		for ci := range f.Columns {
			c := &f.Columns[ci]
			on, vals := c.RequiredWhen()
			oi, ok1 := col[on]
			ti, ok2 := col[c.ID]
			if on == "" || !ok1 || !ok2 {
				continue
			}
			for r, row := range t.Rows {
				if v := row[oi]; v != nil && slices.Contains(vals, strings.TrimSpace(v.Raw)) && !filled(row[ti]) {
					out = append(out, s.finding("", "", f.ID, "「%s」第%d行「%s」为“%s”，须填写「%s」", f.Label, r+1,
						columnLabel(f, on), v.Raw, c.Label))
				}
			}
		}
	}
	return out
}

// checkStageDue: received after the form's due day (the day itself is
// on time, as for applications).
func checkStageDue(s *Subject) []Finding {
	if s.Object == nil || s.Object.Due.IsZero() || s.Received.IsZero() {
		return nil
	}
	y, m, d := s.Received.Date()
	due := s.Object.Due
	if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)) {
		return []Finding{{Message: fmt.Sprintf("%s于 %d年%d月%d日 收到，晚于报送期限（%d年%d月%d日，含当日）；是否受理由经办人决定",
			s.formName(), y, int(m), d, due.Year(), int(due.Month()), due.Day())}}
	}
	return nil
}

// checkFundingCap: 专款专用 within the allocation — a money field bounded
// by max_from: allocation may not exceed it, and a written 结余 is the
// allocation less that total.
func checkFundingCap(s *Subject) []Finding {
	if s.Object == nil || s.Object.Allocation <= 0 {
		return nil
	}
	var out []Finding
	alloc := s.Object.Allocation
	for _, f := range s.Form.Fields() {
		if f.MaxFrom != "allocation" {
			continue
		}
		v := s.value(f.ID)
		if v == nil || v.Problem != "" || v.Norm == "" {
			continue
		}
		if v.Int > alloc {
			out = append(out, s.finding("", "", f.ID, "「%s」为 %s 元，超过资助经费 %s 元；专项经费不得超支", f.Label, yuan(v.Int), yuan(alloc)))
			continue
		}
		if b := s.value("balance"); b != nil && b.Problem == "" && b.Norm != "" && b.Int != alloc-v.Int {
			out = append(out, s.finding("", "", "balance", "「%s」为 %s 元，应为资助经费 %s 元减去「%s」%s 元，即 %s 元",
				b.Label, yuan(b.Int), yuan(alloc), f.Label, yuan(v.Int), yuan(alloc-v.Int)))
		}
	}
	return out
}

func yuan(fen int64) string {
	if fen%100 == 0 {
		return fmt.Sprint(fen / 100)
	}
	return fmt.Sprintf("%d.%02d", fen/100, fen%100)
}

// checkPublicity: “每月不少于1次动态展示建设过程” — every month from the
// construction start to the month before the form's date has a record;
// each link is a web address, and no post is counted twice.
func checkPublicity(s *Subject) []Finding {
	t := s.Return.Table("publicity")
	if t == nil || s.Object == nil || s.Object.Start.IsZero() {
		return nil
	}
	col := map[string]int{}
	for i, c := range t.Columns {
		col[c] = i
	}
	var out []Finding
	have := map[[2]int]bool{}
	links := map[string]int{}
	for r, row := range t.Rows {
		if i, ok := col["month"]; ok && row[i] != nil && row[i].Problem == "" {
			if d, err := ParseDate(row[i].Raw); err == nil {
				have[[2]int{d.Year, d.Month}] = true
			}
		}
		if i, ok := col["link"]; ok && row[i] != nil {
			link := strings.TrimSpace(row[i].Raw)
			switch {
			case link == "":
			case !strings.HasPrefix(link, "http://") && !strings.HasPrefix(link, "https://"):
				out = append(out, s.finding("", "", "publicity", "「%s」第%d行的链接“%s”不是网址，应以 http:// 或 https:// 开头", t.Label, r+1, link))
			case links[link] > 0:
				out = append(out, s.finding("", "", "publicity", "「%s」第%d行与第%d行是同一链接，一次展示只计一次", t.Label, r+1, links[link]))
			default:
				links[link] = r + 1
			}
		}
	}
	end := s.Received
	if v := s.value("cover_date"); v != nil && v.Problem == "" && v.Norm != "" {
		if d, err := ParseDate(v.Raw); err == nil {
			end = time.Date(d.Year, time.Month(d.Month), 1, 0, 0, 0, 0, time.UTC)
		}
	}
	if end.IsZero() {
		return out
	}
	var missing []string
	for m := time.Date(s.Object.Start.Year, s.Object.Start.Month, 1, 0, 0, 0, 0, time.UTC); m.Before(time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		if !have[[2]int{m.Year(), int(m.Month())}] {
			missing = append(missing, fmt.Sprintf("%d年%d月", m.Year(), int(m.Month())))
		}
	}
	if len(missing) > 0 {
		out = append(out, s.finding("", "", "publicity", "「%s」中 %s无展示记录；通知要求每月不少于1次动态展示建设过程（自 %s 起）",
			t.Label, strings.Join(missing, "、"), s.Object.Start.Chinese()))
	}
	return out
}

// checkTerminated: an object the mid-term ended returns a report.
func checkTerminated(s *Subject) []Finding {
	if s.Object == nil || !s.Object.Terminated {
		return nil
	}
	return []Finding{{Message: fmt.Sprintf("%s：%s「%s」中期考核结论为“终止建设”，不再提交建设工作报告、不参加验收；如有异议请与%s联系",
		s.formName(), s.Unit, s.Name, s.Cfg.Office)}}
}

// checkProgress: the planned steps as the stage finds them — at the
// mid-term a step due by then and 未开展; in the report a step not done.
func checkProgress(s *Subject) []Finding {
	var out []Finding
	for _, id := range []string{"progress", "targets"} {
		t := s.Return.Table(id)
		if t == nil {
			continue
		}
		col := map[string]int{}
		for i, c := range t.Columns {
			col[c] = i
		}
		si, ok := col["status"]
		if !ok {
			continue
		}
		for r, row := range t.Rows {
			st := ""
			if row[si] != nil {
				st = strings.TrimSpace(row[si].Raw)
			}
			task := ""
			if i, ok := col["task"]; ok && row[i] != nil {
				task = row[i].Raw
			}
			switch {
			case s.Form.Stage == "final" && (st == "部分完成" || st == "未完成"):
				out = append(out, s.finding("", "", id, "「%s」第%d行（%s）为“%s”；验收时请说明原因", t.Label, r+1, task, st))
			case st == "未开展" && s.Object != nil && !s.Object.Midterm.IsZero():
				if i, ok := col["when"]; ok && row[i] != nil {
					if d, err := ParseDate(row[i].Raw); err == nil && (d.Year < s.Object.Midterm.Year ||
						d.Year == s.Object.Midterm.Year && d.Month <= int(s.Object.Midterm.Month)) {
						out = append(out, s.finding("", "", id, "「%s」第%d行（%s）计划于 %s 完成，中期考核时仍“未开展”", t.Label, r+1, task, row[i].Raw))
					}
				}
			}
		}
	}
	return out
}
