package intake

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dbzx/config"
	"dbzx/templates"
)

// Text returns a field's canonical value, or what was typed when it does
// not parse; "" for a field not found or left blank.
func (r *Return) Text(id string) string {
	v := r.Value(id)
	if v == nil {
		return ""
	}
	if v.Norm != "" {
		return v.Norm
	}
	return v.Raw
}

// reindex rebuilds the by-id index of a Return read back from JSON.
func (r *Return) reindex() {
	r.byID = make(map[string]*Value, len(r.Values))
	for _, v := range r.Values {
		r.byID[v.Field] = v
	}
}

// DecodeReturn reads back a Return stored as JSON (as json.Marshal wrote
// it), with its form from forms: nil when forms no longer has it.
func DecodeReturn(data []byte, forms *templates.Set) (*Return, error) {
	var r Return
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	r.reindex()
	if f, ok := forms.Find(r.FormID); ok {
		r.Form = f
	}
	return &r, nil
}

// Subject is what the rules look at: one application's current return,
// with when it was received and what the programme says.
type Subject struct {
	Return   *Return
	Form     *templates.Form
	Cfg      *config.Config
	Category config.Category
	Received time.Time
	Unit     string // the applying unit
	Name     string // the application's name
	// Earlier are the construction objects of earlier rounds (the
	// workspace's history).
	Earlier []Earlier
	// Object is the construction object of a stage return.
	Object *StageObject
}

// Earlier is a construction object of an earlier round, as its workspace
// recorded it.
type Earlier struct {
	Round                int    `json:"round"`
	Category, Unit, Name string `json:"-"`
	// Passed is the acceptance result (nil: not accepted yet), Date its
	// date.
	Passed *bool  `json:"passed,omitempty"`
	Date   string `json:"date,omitempty"`
}

// formName is how messages name the form: 附件6样板党支部申报书.
func (s *Subject) formName() string { return s.Form.Code + s.Form.ShortTitle }

func (s *Subject) value(id string) *Value { return s.Return.Value(id) }

// label is a field's label from the spec (the id if unknown).
func (s *Subject) label(id string) string {
	if f := s.Form.Field(id); f != nil {
		return f.Label
	}
	return id
}

func (s *Subject) finding(rule string, sev Severity, field, format string, args ...any) Finding {
	return Finding{Rule: rule, Severity: sev, Field: field, Label: s.label(field),
		Message: s.formName() + fmt.Sprintf(format, args...)}
}

// Rule is one check. Forms limits it to some forms (empty: all); Check
// returns its findings, none when the application passes.
type Rule struct {
	Code     string
	Severity Severity
	Forms    []string
	Doc      string // what it checks, in Chinese (dbzx check --rules)
	Check    func(s *Subject) []Finding
}

func (r Rule) applies(form string) bool {
	if len(r.Forms) == 0 {
		return true
	}
	for _, f := range r.Forms {
		if f == form {
			return true
		}
	}
	return false
}

// Rules are every check on a single application: the field rules the
// specs declare, then the programme's rules from the notice. Adding a rule
// is one entry here and its test.
var Rules = []Rule{
	{"form-version", SeverityWarning, nil, "表单版本与当前版本不一致或无法确认", checkVersion},
	{"required", SeverityError, nil, "必填栏目已填写", checkRequired},
	{"type", SeverityError, nil, "日期、整数、金额、电话、选项等按类型可识别", checkTypes},
	{"range", SeverityError, nil, "数值在允许范围内", checkRanges},
	{"length", SeverityWarning, nil, "长文本不超过字数限制", checkLengths},
	{"sum", SeverityError, nil, "合计与分项相符（党员人数、经费预算）", checkSums},
	{"rows", SeverityError, nil, "表格行数不少于要求", checkRows},
	{"declaration", SeverityError, nil, "承诺事项逐项勾选", checkDeclarations},
	{"late", SeverityWarning, nil, "在申报截止日期（含当日）前收到", checkLate},
	// “原则上至少成立1年”：the committee judges, so a warning with the age.
	{"founded", SeverityWarning, []string{"model_branch", "double_leader_studio"}, "党支部原则上成立1年（含）以上（不满1年的提请评审关注）", checkFounded},
	{"studio-branch", SeverityError, []string{"double_leader_studio"}, "工作室依托教师党支部，负责人为支部书记且符合“双带头人”条件", checkStudio},
	{"merit", SeverityError, []string{"benchmark_college", "model_branch"}, "近3年获校级（含）以上党组织的表彰（不是个人荣誉）、或最近1次考核“优秀”、或述职评议连续“好”，至少其一", checkMerit},
	{"honoured-member", SeverityError, []string{"model_branch"}, "近3年至少1名支部成员获评校级（含）以上荣誉称号", checkHonouredMember},
	{"honoured-people", SeverityError, []string{"benchmark_college"}, "近3年多名（至少2名）师生获评厅局级（含）以上表彰", checkHonouredPeople},
	{"budget", SeverityError, []string{"innovation_project"}, "经费预算合计不超过本类别支持额度", checkBudget},
	{"provincial", SeverityInfo, nil, "已获省级推荐的自动认定，不占名额", checkProvincial},
	{"barred", SeverityError, nil, "验收未通过的单位在规定年限内不得申报", checkBarred},
	{"held", SeverityWarning, nil, "同一单位的同一建设对象不是往届（history）的建设对象（已获称号或仍在建设）", checkHeld},
	{"odd-chars", SeverityWarning, nil, "栏目中没有从右向左、零宽等看不见的控制字符", checkOddChars},
	{"roster", SeverityWarning, nil, "申报单位在单位名单（配置 units）中，写法与名单一致（不在名单中的，指出最相近的名称）", checkRoster},
}

// CheckApplication runs every rule that applies to s.
func CheckApplication(s *Subject) []Finding {
	var out []Finding
	for _, r := range Rules {
		if !r.applies(s.Form.ID) {
			continue
		}
		for _, f := range r.Check(s) {
			f.Rule = r.Code
			if f.Severity == "" {
				f.Severity = r.Severity
			}
			out = append(out, f)
		}
	}
	return out
}

func checkVersion(s *Subject) []Finding {
	var out []Finding
	for _, w := range s.Return.Warnings {
		out = append(out, Finding{Message: s.formName() + "：" + w})
	}
	return out
}

func checkRequired(s *Subject) []Finding {
	var out []Finding
	for _, f := range s.Form.Fields() {
		if !f.Required || f.Type == templates.Checkbox {
			continue // required checkboxes are declarations
		}
		if f.Type == templates.Table {
			continue // rows: checkRows
		}
		if v := s.value(f.ID); v == nil || v.Raw == "" {
			out = append(out, s.finding("", "", f.ID, "「%s」未填写；此栏为必填", f.Label))
		}
	}
	for _, t := range s.Return.Tables {
		f := s.Form.Field(t.Field)
		for i, row := range t.Rows {
			for c, v := range row {
				if c < len(f.Columns) && f.Columns[c].Required && v.Raw == "" {
					out = append(out, Finding{Field: t.Field + "." + v.Field, Label: t.Label + "·" + v.Label,
						Message: fmt.Sprintf("%s「%s」第%d行「%s」未填写；此栏为必填", s.formName(), t.Label, i+1, v.Label)})
				}
			}
		}
	}
	return out
}

func checkTypes(s *Subject) []Finding {
	var out []Finding
	for _, v := range s.Return.Values {
		if v.Problem != "" {
			out = append(out, s.finding("", "", v.Field, "「%s」填写为“%s”，%s%s", v.Label, v.Raw, v.Problem, expectedFormat(v.Type)))
		}
	}
	for _, t := range s.Return.Tables {
		for i, row := range t.Rows {
			for _, v := range row {
				if v.Problem != "" {
					out = append(out, Finding{Field: t.Field + "." + v.Field, Label: t.Label + "·" + v.Label,
						Message: fmt.Sprintf("%s「%s」第%d行「%s」填写为“%s”，%s%s", s.formName(), t.Label, i+1, v.Label, v.Raw, v.Problem, expectedFormat(v.Type))})
				}
			}
		}
	}
	return out
}

// expectedFormat says how a field of the type is filled in, for findings
// on what does not parse (a choice's problem already lists the choices).
func expectedFormat(t templates.FieldType) string {
	switch t {
	case templates.Date:
		return "；应填写为“2022年11月1日”格式"
	case templates.Month:
		return "；应填写为“2022年11月”格式"
	case templates.Integer:
		return "；应填写整数，如 25"
	case templates.Money:
		return "；应填写以元为单位的金额，如 5000 或 5000.00"
	case templates.Phone:
		return "；应填写11位手机号码或带区号的固定电话，如 0371-68812345"
	case templates.Checkbox:
		return "；应勾选（☒）或不勾选（☐）"
	}
	return ""
}

func checkRanges(s *Subject) []Finding {
	var out []Finding
	for _, f := range s.Form.Fields() {
		v := s.value(f.ID)
		if v == nil || v.Norm == "" || (f.Type != templates.Integer && f.Type != templates.Money) {
			continue
		}
		// Compared in the value's own unit: money in fen, so that 5000.01
		// is above a max of 5000 元.
		unit, shown, scale := "", v.Norm, int64(1)
		if f.Type == templates.Money {
			unit, scale = "元", 100
		}
		if f.Min != nil && v.Int < *f.Min*scale {
			out = append(out, s.finding("", "", f.ID, "「%s」为 %s%s，不应小于 %d%s", f.Label, shown, unit, *f.Min, unit))
		}
		if f.Max != nil && v.Int > *f.Max*scale {
			out = append(out, s.finding("", "", f.ID, "「%s」为 %s%s，不应大于 %d%s", f.Label, shown, unit, *f.Max, unit))
		}
	}
	return out
}

func checkLengths(s *Subject) []Finding {
	var out []Finding
	for _, f := range s.Form.Fields() {
		if f.Type != templates.LongText || f.MaxChars == 0 {
			continue
		}
		if v := s.value(f.ID); v != nil {
			if n := utf8.RuneCountInString(strings.Join(strings.Fields(v.Raw), "")); n > f.MaxChars {
				out = append(out, s.finding("", "", f.ID, "「%s」共 %d 字，超过 %d 字的限制", f.Label, n, f.MaxChars))
			}
		}
	}
	return out
}

// checkSums: totals declared with sum_of agree with their parts (in the
// field's unit: people, or fen for money).
func checkSums(s *Subject) []Finding {
	var out []Finding
	for _, f := range s.Form.Fields() {
		if len(f.SumOf) == 0 {
			continue
		}
		total := s.value(f.ID)
		if total == nil || total.Norm == "" {
			continue
		}
		var sum int64
		var parts []string
		complete := true
		for _, ref := range f.SumOf {
			id, col, isCol := strings.Cut(ref, ".")
			if !isCol {
				v := s.value(id)
				if v == nil || v.Norm == "" {
					complete = false
					continue
				}
				sum += v.Int
				parts = append(parts, s.label(id))
				continue
			}
			t := s.Return.Table(id)
			if t == nil {
				continue
			}
			for _, row := range t.Rows {
				for _, v := range row {
					if v.Field == col && v.Norm != "" {
						sum += v.Int
					}
				}
			}
			parts = append(parts, fmt.Sprintf("「%s」各行「%s」", s.label(id), columnLabel(s.Form.Field(id), col)))
		}
		if !complete || sum == total.Int {
			continue
		}
		want, got := strconv.FormatInt(sum, 10), total.Norm
		if f.Type == templates.Money {
			want = FormatFen(sum)
		}
		out = append(out, s.finding("", "", f.ID, "「%s」为 %s，与%s之和 %s 不符", f.Label, got, strings.Join(parts, "、"), want))
	}
	return out
}

func columnLabel(f *templates.Field, col string) string {
	if f != nil {
		for _, c := range f.Columns {
			if c.ID == col {
				return c.Label
			}
		}
	}
	return col
}

func checkRows(s *Subject) []Finding {
	var out []Finding
	for _, f := range s.Form.Fields() {
		if f.Type != templates.Table || f.MinRows == 0 {
			continue
		}
		n := 0
		if t := s.Return.Table(f.ID); t != nil {
			n = len(t.Rows)
		}
		if n < f.MinRows {
			out = append(out, s.finding("", "", f.ID, "「%s」填写了 %d 行，至少应填写 %d 行", f.Label, n, f.MinRows))
		}
	}
	return out
}

func checkDeclarations(s *Subject) []Finding {
	var out []Finding
	for _, f := range s.Form.Fields() {
		if f.Type != templates.Checkbox || !f.Required {
			continue
		}
		if v := s.value(f.ID); v == nil || !v.Checked {
			out = append(out, s.finding("", "", f.ID, "承诺事项「%s」未勾选；各项承诺须逐项核实并勾选", f.Label))
		}
	}
	return out
}

func checkLate(s *Subject) []Finding {
	deadline := s.Cfg.Deadline.Time
	if s.Received.IsZero() || deadline.IsZero() {
		return nil
	}
	// "于2022年11月24日前报送": the deadline day itself is on time; a file
	// received the day after or later is late.
	y, m, d := s.Received.Date()
	if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(deadline) {
		return []Finding{{Message: fmt.Sprintf("%s于 %d年%d月%d日 收到，晚于申报截止日期（%s，含当日）；是否受理由经办人决定",
			s.formName(), y, int(m), d, s.Cfg.Deadline.Chinese())}}
	}
	return nil
}

// monthsBefore is the whole months from a date to ref. A month-only date
// counts by months alone (2021-11 is twelve months before 2022-11-24: the
// benefit of the doubt).
func monthsBefore(d Date, ref time.Time) int {
	months := (ref.Year()-d.Year)*12 + int(ref.Month()) - d.Month
	if d.Day != 0 && ref.Day() < d.Day {
		months--
	}
	return months
}

func refDate(s *Subject) time.Time {
	if !s.Cfg.ReferenceDate.IsZero() {
		return s.Cfg.ReferenceDate.Time
	}
	return s.Cfg.Deadline.Time
}

// checkFounded: a 样板党支部, and the branch behind a 工作室, founded at
// least one year before the reference date. A month-only date twelve
// months before is given the benefit of the doubt.
func checkFounded(s *Subject) []Finding {
	id := "founded"
	if s.Form.ID == "double_leader_studio" {
		id = "branch_founded"
	}
	v := s.value(id)
	if v == nil || v.Norm == "" {
		return nil // required/type report it
	}
	d, err := ParseDate(v.Norm)
	if err != nil {
		return nil
	}
	ref := refDate(s)
	if m := monthsBefore(d, ref); m < 12 {
		age := "不足1个月"
		if m > 0 {
			age = fmt.Sprintf("约%d个月", m)
		}
		return []Finding{s.finding("", "", id, "「%s」为 %s，至基准日 %d年%d月%d日 成立%s，不满1年；通知要求党支部原则上成立1年（含）以上，请评审工作小组酌定",
			s.label(id), v.Raw, ref.Year(), int(ref.Month()), ref.Day(), age)}
	}
	return nil
}

func checkStudio(s *Subject) []Finding {
	var out []Finding
	expect := func(id, want, why string) {
		v := s.value(id)
		if v == nil || v.Norm == "" || v.Norm == want {
			return
		}
		out = append(out, s.finding("", "", id, "「%s」为“%s”；%s", s.label(id), v.Norm, why))
	}
	expect("branch_type", "教师党支部", "工作室须依托教师党支部建立")
	expect("leader_is_secretary", "是", "工作室负责人须为依托党支部的书记")
	expect("leader_double", "是", "工作室负责人须符合“双带头人”条件")
	return out
}

// levelRank orders honour levels; a level at or above 校级 ranks ≥ 1.
var levelRank = map[string]int{"其他": 0, "校级": 1, "厅局级": 2, "省部级": 3, "国家级": 4}

// withinYears reports whether a row's date (month or day) lies within n
// years before ref (and not after it).
func withinYears(norm string, n int, ref time.Time) bool {
	d, err := ParseDate(norm)
	if err != nil {
		return false
	}
	m := monthsBefore(d, ref)
	return m >= 0 && m <= 12*n
}

// honourRow is a row of an honours table as the rules read it.
type honourRow struct {
	name, level   string
	date, rawDate string // canonical (2022-06) and as typed
}

// honourRows reads a table of honours: name, level and date of each row.
func honourRows(s *Subject, table string) []honourRow {
	t := s.Return.Table(table)
	if t == nil {
		return nil
	}
	out := make([]honourRow, len(t.Rows))
	for i, row := range t.Rows {
		for _, v := range row {
			switch v.Field {
			case "name":
				out[i].name = strings.TrimSpace(v.Raw)
			case "level":
				out[i].level = v.Norm
			case "date":
				out[i].date, out[i].rawDate = v.Norm, v.Raw
			}
		}
	}
	return out
}

// atLeast reports whether an honour's level is min or above.
func atLeast(level, min string) bool {
	r, ok := levelRank[level]
	return ok && r >= levelRank[min]
}

// personalHonours are words that name a person's award, not an honour of
// the Party organisation: “校级（含）以上党组织的表彰” counts the latter (for a
// 样板支部 also its secretary's, as 党务工作者).
var personalHonours = []string{"优秀共产党员", "优秀党员", "三好学生", "优秀学生干部", "优秀学生", "先进个人", "师德标兵", "师德先进",
	"优秀教师", "教学名师", "劳动模范", "优秀辅导员"}

// organisationHonours counts the honours table's rows at 校级 or above
// within 近3年 that honour the organisation, and names the rows at the
// level left out as a person's award.
func organisationHonours(s *Subject) (n int, personal []string) {
	ref := refDate(s)
	for i, h := range honourRows(s, "honours") {
		name := h.name
		if !atLeast(h.level, "校级") || !withinYears(h.date, 3, ref) {
			continue
		}
		isPersonal := false
		for _, w := range personalHonours {
			isPersonal = isPersonal || strings.Contains(name, w)
		}
		if isPersonal {
			personal = append(personal, fmt.Sprintf("第%d行“%s”是个人荣誉", i+1, name))
			continue
		}
		n++
	}
	return n, personal
}

// checkMerit: 标杆院部 and 样板党支部 need at least one of three merits.
func checkMerit(s *Subject) []Finding {
	n, personal := organisationHonours(s)
	if n > 0 {
		return nil
	}
	if s.Return.Text("annual_assessment") == "优秀" {
		return nil
	}
	if s.Return.Text("review_latest") == "好" && s.Return.Text("review_previous") == "好" {
		return nil
	}
	return []Finding{s.finding("", "", "honours",
		"不符合培育标准中的任一条件：近3年无校级（含）以上党组织的表彰（「%s」%s），「%s」为“%s”（须为“优秀”），述职评议等次为“%s”“%s”（须连续为“好”）",
		s.label("honours"), notCounted(personal), s.label("annual_assessment"), orBlank(s.Return.Text("annual_assessment")),
		orBlank(s.Return.Text("review_latest")), orBlank(s.Return.Text("review_previous")))}
}

func orBlank(s string) string {
	if s == "" {
		return "未填"
	}
	return s
}

func checkHonouredMember(s *Subject) []Finding {
	people, outside := peopleHonoured(s, "honoured_members", "校级", 3)
	if len(people) > 0 {
		return nil
	}
	return []Finding{s.finding("", "", "honoured_members", "「%s」中没有近3年获校级（含）以上荣誉称号的成员%s；要求至少1名支部成员近3年获评校级（含）以上荣誉",
		s.label("honoured_members"), notCounted(outside))}
}

// checkHonouredPeople: “多名师生获评厅局级（含）以上表彰”, within 近3年 as the
// standard's other conditions: at least two different people.
func checkHonouredPeople(s *Subject) []Finding {
	people, outside := peopleHonoured(s, "honoured_people", "厅局级", 3)
	if len(people) >= 2 {
		return nil
	}
	found := "没有"
	if len(people) == 1 {
		found = "只有1名（" + people[0] + "）"
	}
	return []Finding{s.finding("", "", "honoured_people", "「%s」中近3年获厅局级（含）以上表彰的师生%s%s；要求所在院（部）多名（至少2名）师生近3年获评厅局级（含）以上表彰",
		s.label("honoured_people"), found, notCounted(outside))}
}

// peopleHonoured lists the different people of a table honoured at or
// above min within years before the reference date, and says of each row
// at the level that falls outside the window why it does not count.
func peopleHonoured(s *Subject, table, min string, years int) (people, outside []string) {
	ref := refDate(s)
	seen := map[string]bool{}
	for i, h := range honourRows(s, table) {
		name, date, raw := h.name, h.date, h.rawDate
		if !atLeast(h.level, min) {
			continue
		}
		if !withinYears(date, years, ref) {
			when := "早于近3年"
			if d, err := ParseDate(date); err == nil && monthsBefore(d, ref) < 0 {
				when = "晚于基准日"
			}
			outside = append(outside, fmt.Sprintf("第%d行 %s %s（%s）", i+1, orBlank(name), orBlank(raw), when))
			continue
		}
		if key := normLabel(name); !seen[key] {
			seen[key] = true
			people = append(people, name)
		}
	}
	return people, outside
}

// notCounted is the rows left out of a count, for a finding to name.
func notCounted(rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	return "（不计入：" + strings.Join(rows, "；") + "）"
}

func checkBudget(s *Subject) []Finding {
	v := s.value("budget_total")
	if v == nil || v.Norm == "" || s.Category.Funding == 0 {
		return nil
	}
	if limit := s.Category.Funding * 100; v.Int > limit {
		return []Finding{s.finding("", "", "budget_total", "「%s」为 %s 元，超过%s的支持额度 %d 元",
			s.label("budget_total"), v.Norm, s.Category.Name, s.Category.Funding)}
	}
	return nil
}

// listed reports whether the config lists this application (unit, and
// name when the entry gives one) in its category.
func listed(entries []config.Listed, s *Subject) (config.Listed, bool) {
	return MatchListed(entries, s.Form.Category, s.Unit, s.Name)
}

// MatchListed finds the entry that names an application of category,
// unit and name: the unit compared as labels are, the name too when the
// entry gives one.
func MatchListed(entries []config.Listed, category, unit, name string) (config.Listed, bool) {
	for _, l := range entries {
		if l.Category != category || normLabel(l.Unit) != normLabel(unit) {
			continue
		}
		if l.Name == "" || normLabel(l.Name) == normLabel(name) {
			return l, true
		}
	}
	return config.Listed{}, false
}

// OrgName is a unit's organisation without its Party ending:
// 电气工程学院党总支 → 电气工程学院 (the name of a 标杆院部).
func OrgName(unit string) string { return orgKey(unit) }

func checkProvincial(s *Subject) []Finding {
	if _, ok := listed(s.Cfg.Provincial, s); ok {
		return []Finding{{Message: fmt.Sprintf("%s：%s（%s）本年度已被推荐为省级%s，已获省级推荐，自动认定，不占名额，不参与申报",
			s.formName(), s.Name, s.Unit, s.Category.Name)}}
	}
	return nil
}

// checkBarred: a construction object whose acceptance failed may not
// apply for BarYears: "取消其2年内申报基层党建项目的资格" — in any category
// when the entry names it, else for its unit within the category.
// orgKey is a unit's organisation as the ban reads it: the name without
// spaces (full-width too) and without the 党委/党总支/直属党支部/党支部
// ending, so that 电气工程学院党总支, 电气工程学院党委 and 电气工程学院 are one.
func orgKey(unit string) string {
	k := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, normLabel(unit))
	for _, suffix := range []string{"直属党支部", "党总支", "党委", "党支部", "总支"} {
		if strings.HasSuffix(k, suffix) && len(k) > len(suffix) {
			return strings.TrimSuffix(k, suffix)
		}
	}
	return k
}

// barredBy finds the failed acceptance that bars the applying unit: “取消其
// 2年内申报基层党建项目的资格” bars the organisation from every category, and
// every branch under it (whose name starts with the organisation's).
func barredBy(entries []config.Listed, unit string) (config.Listed, bool) {
	k := orgKey(unit)
	for _, l := range entries {
		if lk := orgKey(l.Unit); lk != "" && strings.HasPrefix(k, lk) {
			return l, true
		}
	}
	return config.Listed{}, false
}

func checkBarred(s *Subject) []Finding {
	l, ok := barredBy(s.Cfg.FailedAcceptance, s.Unit)
	if !ok {
		return nil
	}
	ref := refDate(s)
	months := (ref.Year()-l.Month.Year)*12 + int(ref.Month()) - int(l.Month.Month)
	if months < 0 || months >= 12*s.Cfg.BarYears {
		return nil
	}
	what := l.Unit
	if l.Name != "" {
		what += "「" + l.Name + "」"
	}
	return []Finding{{Message: fmt.Sprintf("%s：%s 于 %s 验收未通过，按通知取消其%d年内申报基层党建项目（各类别）的资格（至 %d年%d月）；%s 属该单位",
		s.formName(), what, l.Month.Chinese(), s.Cfg.BarYears, l.Month.Year+s.Cfg.BarYears, int(l.Month.Month), s.Unit)}}
}

// checkHeld: an object that an earlier round already made a construction
// object — the title held, or still being built — applies again. The
// notice does not forbid it in words, so the committee judges: a warning.
func checkHeld(s *Subject) []Finding {
	for _, e := range s.Earlier {
		if e.Category != s.Form.Category || orgKey(e.Unit) != orgKey(s.Unit) || normLabel(e.Name) != normLabel(s.Name) {
			continue
		}
		state := "尚未验收，仍在建设期内"
		switch {
		case e.Passed != nil && *e.Passed:
			state = "已于 " + e.Date + " 验收通过，已获" + s.Category.Title + "称号"
		case e.Passed != nil:
			state = "已于 " + e.Date + " 验收未通过"
		}
		return []Finding{{Message: fmt.Sprintf("%s：%s「%s」是 %d 年度的校级建设对象（%s），本轮再次申报同一对象，请评审关注",
			s.formName(), s.Unit, s.Name, e.Round, state)}}
	}
	return nil
}

// oddRune reports characters a reader cannot see that change how text
// reads or compares: bidirectional overrides (U+202A–202E, U+2066–2069),
// zero-width characters and other format or control characters. A unit
// name carrying one prints like another and does not match it.
func oddRune(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF, r == 0x00AD:
		return true
	case r < 0x20 && r != '\n' && r != '\t' && r != '\r', r == 0x7F:
		return true
	}
	return false
}

func checkOddChars(s *Subject) []Finding {
	var out []Finding
	for _, v := range s.Return.Values {
		for _, r := range v.Raw {
			if oddRune(r) {
				out = append(out, s.finding("", "", v.Field, "「%s」含有看不见的控制字符 U+%04X（如从右向左、零宽字符），打印和核对时可能出错；请核实后删除", v.Label, r))
				break
			}
		}
	}
	return out
}
