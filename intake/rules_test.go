package intake

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"dbzx/config"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

// onTime is a day before the 2022 deadline (2022-11-24): not late.
var onTime = time.Date(2022, 11, 21, 10, 0, 0, 0, time.UTC)

// ruleFixture is one application as the rules see it, built the realistic
// way: a clean sample return, edited as a department might have filled it,
// rendered with our writer and read back by the Extractor.
type ruleFixture struct {
	forms *templates.Set
	x     *Extractor
}

func newRuleFixture(t testing.TB) *ruleFixture {
	forms, _, x := testEnv(t)
	return &ruleFixture{forms: forms, x: x}
}

// cleanSample is a sample return of formID with its values, before any
// edit: what a careful department returns.
func (fx *ruleFixture) cleanSample(t testing.TB, formID string, seed uint64) (*templates.Form, *sample.Return) {
	t.Helper()
	cfg := loadCfg(t)
	form, ok := fx.forms.Find(formID)
	if !ok {
		t.Fatalf("no form %s", formID)
	}
	return form, sample.New(fx.forms, cfg, seed).Return(form, 1)
}

func loadCfg(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// render writes the values into the form with our writer, as a .docx.
func (fx *ruleFixture) render(t testing.TB, form *templates.Form, vals *render.Values) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := render.WriteDocx(&buf, form, loadCfg(t), vals); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// subject reads data back and makes the Subject the rules look at, with
// a fresh default configuration and received on time.
func (fx *ruleFixture) subject(t testing.TB, data []byte, name string) *Subject {
	t.Helper()
	ret, err := fx.x.Extract(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		t.Fatal(err)
	}
	cfg := loadCfg(t)
	cat, ok := cfg.Category(ret.Form.Category)
	if !ok {
		t.Fatalf("no category %s", ret.Form.Category)
	}
	who := ret.Form.Who()
	return &Subject{Return: ret, Form: ret.Form, Cfg: cfg, Category: cat, Received: onTime,
		Unit: ret.Text(who.Unit), Name: ret.Text(who.Name)}
}

// editPart rewrites one part of a .docx package.
func editPart(t testing.TB, data []byte, part string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			b, found = []byte(edit(string(b))), true
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	if !found {
		t.Fatalf("no part %s", part)
	}
	return out.Bytes()
}

func findingsOf(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func dumpFindings(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n\t[%s %s %s] %s", f.Rule, f.Severity, f.Field, f.Message)
	}
	return b.String()
}

// TestCleanSamplesHaveNoFindings: a carefully filled return of each of the
// four forms passes every rule (CheckApplication returns nothing): no rule
// is noisy on good data.
func TestCleanSamplesHaveNoFindings(t *testing.T) {
	t.Parallel()
	fx := newRuleFixture(t)
	seeds := uint64(24)
	if testing.Short() {
		seeds = 4 // go test without -short tries 24 of each form
	}
	for _, id := range []string{"benchmark_college", "model_branch", "double_leader_studio", "innovation_project"} {
		for seed := uint64(1); seed <= seeds; seed++ {
			form, s := fx.cleanSample(t, id, seed)
			sub := fx.subject(t, fx.render(t, form, s.Values), s.File)
			if fs := CheckApplication(sub); len(fs) != 0 {
				t.Errorf("%s seed %d: clean sample has findings:%s", id, seed, dumpFindings(fs))
			}
		}
	}
}

// formNames are how findings name each form.
var formNames = map[string]string{
	"benchmark_college":    "附件5标杆院部申报书",
	"model_branch":         "附件6样板党支部申报书",
	"double_leader_studio": "附件7双带头人工作室申报书",
	"innovation_project":   "附件8基层党建创新项目申报表",
}

// Edits of a return's values, as a department types them.
type edit func(v *render.Values)

func text(id, s string) edit { return func(v *render.Values) { v.Text[id] = s } }

// date types a date control's text and sets the day Word stores with it.
func date(id, typed, iso string) edit {
	return func(v *render.Values) {
		v.Text[id] = typed
		if iso == "" {
			delete(v.Dates, id)
		} else {
			v.Dates[id] = iso
		}
	}
}

func blank(id string) edit {
	return func(v *render.Values) { delete(v.Text, id); delete(v.Dates, id) }
}

func tick(id string, on bool) edit { return func(v *render.Values) { v.Checked[id] = on } }

func rows(id string, rs ...map[string]string) edit {
	return func(v *render.Values) { v.Rows[id] = rs }
}

// cell changes one cell of a sample table row (1-based).
func cell(id string, row int, col, s string) edit {
	return func(v *render.Values) { v.Rows[id][row-1][col] = s }
}

// firstRows keeps the first n rows of a sample table.
func firstRows(id string, n int) edit {
	return func(v *render.Values) { v.Rows[id] = v.Rows[id][:n] }
}

func edits(es ...edit) edit {
	return func(v *render.Values) {
		for _, e := range es {
			e(v)
		}
	}
}

// honour is a row of a 表彰 table (honours): month, level.
func honour(month, level string) map[string]string {
	return honourNamed(month, level, "先进基层党组织")
}

func honourNamed(month, level, name string) map[string]string {
	return map[string]string{"date": month, "name": name, "issuer": "中共郑州铁路职业技术学院委员会", "level": level}
}

// member is a row of 获校级（含）以上荣誉称号的支部成员 (honoured_members).
func member(level string) map[string]string {
	return map[string]string{"name": "王静", "title": "优秀共产党员", "issuer": "中共郑州铁路职业技术学院委员会", "level": level, "date": "2022年6月"}
}

// person is a row of 获厅局级（含）以上表彰的师生 (honoured_people).
func person(level string) map[string]string {
	return personNamed("刘洋", level, "2021年7月")
}

func personNamed(name, level, month string) map[string]string {
	return map[string]string{"name": name, "role": "教师", "title": "优秀共产党员", "issuer": "中共河南省委教育工委", "level": level, "date": month}
}

func memberOn(level, month string) map[string]string {
	m := member(level)
	m["date"] = month
	return m
}

func budgetRow(amount string) map[string]string {
	return map[string]string{"item": "资料印制", "amount": amount, "note": "宣传资料"}
}

// merit sets the three merit routes of 标杆院部/样板党支部: the 表彰
// rows, the latest assessment and the two reviews.
func merit(assessment, latest, previous string, honours ...map[string]string) edit {
	return edits(rows("honours", honours...), text("annual_assessment", assessment),
		text("review_latest", latest), text("review_previous", previous))
}

// chars is n characters of varied text (no period a reader might fold).
func chars(n int) string {
	src := []rune("坚持党建引领，推进支部标准化规范化建设，服务师生成长成才与学校高质量发展")
	out := make([]rune, n)
	for i := range out {
		out[i] = src[(i*7+i/len(src))%len(src)]
	}
	return string(out)
}

// spaced spreads s over paragraphs with half- and full-width spaces, which
// a character count must not include.
func spaced(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case i > 0 && i%200 == 0:
			b.WriteString("\n　　")
		case i > 0 && i%50 == 0:
			b.WriteString(" ")
		}
		b.WriteRune(r)
	}
	return b.String()
}

func day(y, m, d int) config.Date {
	return config.Date{Time: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)}
}

// expect is one finding a failing case must produce.
type expect struct {
	field string   // Finding.Field
	label string   // Finding.Label: the field's Chinese label from the spec ("" for rules on the whole application)
	says  []string // what the message must also say: what was found, what is expected
}

type ruleCase struct {
	name string
	form string
	rule string
	edit edit                                   // the department's typing, before rendering
	pkg  func(t testing.TB, data []byte) []byte // changes to the file itself (its properties)
	cfg  func(s *Subject)                       // the programme's settings and the arrival, after reading
	sev  Severity                               // of the failing findings
	want []expect                               // nil: the application passes this rule
}

func ruleCases() []ruleCase {
	unitAndName := func(s *Subject) config.Listed {
		return config.Listed{Category: s.Form.Category, Unit: s.Unit, Name: s.Name}
	}
	return []ruleCase{
		// form-version
		{name: "current version", form: "model_branch", rule: "form-version"},
		{name: "no version property", form: "model_branch", rule: "form-version", sev: SeverityWarning,
			pkg: func(t testing.TB, data []byte) []byte {
				return editPart(t, data, "docProps/custom.xml", func(s string) string {
					return regexp.MustCompile(`<property[^>]*name="dbzx\.version"[^>]*>.*?</property>`).ReplaceAllString(s, "")
				})
			},
			want: []expect{{says: []string{"没有表单版本标识", "按当前版本 2022.1 读取"}}}},
		{name: "older version", form: "innovation_project", rule: "form-version", sev: SeverityWarning,
			pkg: func(t testing.TB, data []byte) []byte {
				return editPart(t, data, "docProps/custom.xml", func(s string) string {
					return strings.Replace(s, "<vt:lpwstr>2022.1</vt:lpwstr>", "<vt:lpwstr>2021.3</vt:lpwstr>", 1)
				})
			},
			want: []expect{{says: []string{"表单版本为 2021.3", "当前版本为 2022.1"}}}},

		// required
		{name: "optional text blank", form: "model_branch", rule: "required", edit: blank("basis_teacher")},
		{name: "required text blank", form: "model_branch", rule: "required", sev: SeverityError,
			edit: blank("secretary_title"),
			want: []expect{{field: "secretary_title", label: "书记职务职称", says: []string{"「书记职务职称」未填写", "此栏为必填"}}}},
		{name: "required cover field blank", form: "innovation_project", rule: "required", sev: SeverityError,
			edit: blank("cover_leader"),
			want: []expect{{field: "cover_leader", label: "负责人", says: []string{"「负责人」未填写", "必填"}}}},
		{name: "required column blank", form: "model_branch", rule: "required", sev: SeverityError,
			edit: cell("plan_schedule", 2, "result", ""),
			want: []expect{{field: "plan_schedule.result", label: "进度安排·预期成果", says: []string{"「进度安排」第2行「预期成果」未填写", "必填"}}}},
		{name: "optional column blank", form: "innovation_project", rule: "required", edit: cell("budget", 1, "note", "")},

		// type
		{name: "dates, phones written other ways", form: "model_branch", rule: "type",
			edit: edits(date("founded", "2015.3.1", ""), text("contact_phone", "（0371）68812345"), text("members_total", "25人"),
				text("members_formal", "20"), text("members_probationary", "5"))},
		{name: "date 2022年13月", form: "model_branch", rule: "type", sev: SeverityError,
			edit: date("founded", "2022年13月", ""),
			want: []expect{{field: "founded", label: "成立时间", says: []string{"「成立时间」填写为“2022年13月”", "不是可识别的日期", "应填写为“2022年11月1日”格式"}}}},
		{name: "phone 12345", form: "model_branch", rule: "type", sev: SeverityError,
			edit: text("contact_phone", "12345"),
			want: []expect{{field: "contact_phone", label: "联系电话", says: []string{"「联系电话」填写为“12345”", "不是有效的电话号码", "手机号码", "0371-68812345"}}}},
		{name: "choice not in list", form: "model_branch", rule: "type", sev: SeverityError,
			edit: text("branch_type", "党小组"),
			want: []expect{{field: "branch_type", label: "支部类型", says: []string{"「支部类型」填写为“党小组”", "不在可选项中（教师党支部/学生党支部/机关党支部/其他）"}}}},
		{name: "申报层次 not one of the two", form: "innovation_project", rule: "type", sev: SeverityError,
			edit: text("level", "院系"),
			want: []expect{{field: "level", label: "申报层次", says: []string{"「申报层次」填写为“院系”", "（党总支/基层党支部）"}}}},
		{name: "integer with words", form: "model_branch", rule: "type", sev: SeverityError,
			edit: text("members_formal", "约二十"), // no sum finding: a part that does not parse is not added
			want: []expect{{field: "members_formal", label: "正式党员", says: []string{"「正式党员」填写为“约二十”", "不是整数", "应填写整数"}}}},
		{name: "money with words", form: "innovation_project", rule: "type", sev: SeverityError,
			edit: text("budget_total", "五千元"),
			want: []expect{{field: "budget_total", label: "预算合计（元）", says: []string{"「预算合计（元）」填写为“五千元”", "不是可识别的金额", "以元为单位"}}}},
		{name: "month in a table", form: "benchmark_college", rule: "type", sev: SeverityError,
			edit: cell("plan_schedule", 1, "when", "明年春季"),
			want: []expect{{field: "plan_schedule.when", label: "进度安排·时间节点", says: []string{"「进度安排」第1行「时间节点」填写为“明年春季”", "应填写为“2022年11月”格式"}}}},

		// range
		{name: "members at the minimum", form: "model_branch", rule: "range",
			edit: edits(text("members_total", "1"), text("members_formal", "1"), text("members_probationary", "0"))},
		{name: "members_total below min", form: "model_branch", rule: "range", sev: SeverityError,
			edit: edits(text("members_total", "0"), text("members_formal", "0"), text("members_probationary", "0")),
			want: []expect{{field: "members_total", label: "党员人数", says: []string{"「党员人数」为 0", "不应小于 1"}}}},
		{name: "negative count", form: "model_branch", rule: "range", sev: SeverityError,
			edit: edits(text("members_total", "20"), text("members_formal", "21"), text("members_probationary", "-1")),
			want: []expect{{field: "members_probationary", label: "预备党员", says: []string{"「预备党员」为 -1", "不应小于 0"}}}},
		{name: "negative total", form: "benchmark_college", rule: "range", sev: SeverityError,
			edit: edits(text("members_total", "-5"), text("members_staff", "-5"), text("members_student", "0")),
			want: []expect{
				{field: "members_total", label: "党员总数", says: []string{"「党员总数」为 -5", "不应小于 0"}},
				{field: "members_staff", label: "教职工党员", says: []string{"「教职工党员」为 -5", "不应小于 0"}}}},
		{name: "branches zero", form: "benchmark_college", rule: "range", sev: SeverityError,
			edit: text("branches", "0"),
			want: []expect{{field: "branches", label: "下设党支部数", says: []string{"「下设党支部数」为 0", "不应小于 1"}}}},

		// length
		{name: "long text at the limit", form: "model_branch", rule: "length", edit: text("basis_guidance", chars(800))},
		{name: "whitespace not counted", form: "model_branch", rule: "length", edit: text("basis_guidance", spaced(chars(800)))},
		{name: "long text over max_chars", form: "model_branch", rule: "length", sev: SeverityWarning,
			edit: text("basis_guidance", chars(801)),
			want: []expect{{field: "basis_guidance", label: "政治引领", says: []string{"「政治引领」共 801 字", "超过 800 字的限制"}}}},
		{name: "over the limit with whitespace", form: "innovation_project", rule: "length", sev: SeverityWarning,
			edit: text("content", spaced(chars(1502))),
			want: []expect{{field: "content", label: "创新内容", says: []string{"「创新内容」共 1502 字", "超过 1500 字的限制"}}}},

		// sum
		{name: "members add up", form: "model_branch", rule: "sum",
			edit: edits(text("members_total", "25"), text("members_formal", "20"), text("members_probationary", "5"))},
		{name: "members_total ≠ formal + probationary", form: "model_branch", rule: "sum", sev: SeverityError,
			edit: edits(text("members_total", "30"), text("members_formal", "20"), text("members_probationary", "5")),
			want: []expect{{field: "members_total", label: "党员人数", says: []string{"「党员人数」为 30", "正式党员", "预备党员", "之和 25 不符"}}}},
		{name: "staff + students", form: "benchmark_college", rule: "sum", sev: SeverityError,
			edit: edits(text("members_total", "100"), text("members_staff", "40"), text("members_student", "59")),
			want: []expect{{field: "members_total", label: "党员总数", says: []string{"「党员总数」为 100", "之和 99 不符"}}}},
		{name: "budget adds up in fen", form: "innovation_project", rule: "sum",
			edit: edits(rows("budget", budgetRow("1000.50"), budgetRow("999.50")), text("budget_total", "2000"))},
		{name: "budget_total ≠ rows by one fen", form: "innovation_project", rule: "sum", sev: SeverityError,
			edit: edits(rows("budget", budgetRow("1000.50"), budgetRow("999.49")), text("budget_total", "2000")),
			want: []expect{{field: "budget_total", label: "预算合计（元）", says: []string{"「预算合计（元）」为 2000.00", "「经费预算明细」各行「金额（元）」", "之和 1999.99 不符"}}}},

		// rows
		{name: "four activities", form: "model_branch", rule: "rows"},
		{name: "activities 2 rows of min 4", form: "model_branch", rule: "rows", sev: SeverityError,
			edit: firstRows("activities", 2),
			want: []expect{{field: "activities", label: "“四铁四新”专项活动", says: []string{"「“四铁四新”专项活动」填写了 2 行", "至少应填写 4 行"}}}},
		{name: "no budget rows", form: "innovation_project", rule: "rows", sev: SeverityError,
			edit: edits(rows("budget"), text("budget_total", "0")),
			want: []expect{{field: "budget", label: "经费预算明细", says: []string{"填写了 0 行", "至少应填写 1 行"}}}},

		// declaration
		{name: "all pledges ticked", form: "double_leader_studio", rule: "declaration"},
		{name: "a pledge unticked", form: "model_branch", rule: "declaration", sev: SeverityError,
			edit: tick("pledge_ethics", false),
			want: []expect{{field: "pledge_ethics", label: "党支部成员及支部所在部门人员未出现违反师德师风有关规定等问题",
				says: []string{"承诺事项「党支部成员及支部所在部门人员未出现违反师德师风有关规定等问题」未勾选", "须逐项核实并勾选"}}}},
		{name: "stable unticked", form: "benchmark_college", rule: "declaration", sev: SeverityError,
			edit: tick("stable", false),
			want: []expect{{field: "stable", label: "院（部）党组织机构健全，且在2年建设周期内保持稳定", says: []string{"未勾选"}}}},

		// late
		{name: "received the day before the deadline", form: "innovation_project", rule: "late",
			cfg: func(s *Subject) { s.Received = time.Date(2022, 11, 23, 23, 30, 0, 0, time.Local) }},
		{name: "received on the deadline day, late in the evening", form: "innovation_project", rule: "late",
			cfg: func(s *Subject) { s.Received = time.Date(2022, 11, 24, 23, 30, 0, 0, time.Local) }},
		{name: "received the day after the deadline", form: "innovation_project", rule: "late", sev: SeverityWarning,
			cfg:  func(s *Subject) { s.Received = time.Date(2022, 11, 25, 8, 30, 0, 0, time.Local) },
			want: []expect{{says: []string{"于 2022年11月25日 收到", "晚于申报截止日期（2022年11月24日，含当日）", "由经办人决定"}}}},
		{name: "deadline extended", form: "innovation_project", rule: "late",
			cfg: func(s *Subject) {
				s.Cfg.Deadline = day(2022, 11, 30)
				s.Received = time.Date(2022, 11, 28, 9, 0, 0, 0, time.Local)
			}},

		// founded
		{name: "model_branch founded 2022-03-01", form: "model_branch", rule: "founded", sev: SeverityWarning,
			edit: date("founded", "2022年3月1日", "2022-03-01"),
			want: []expect{{field: "founded", label: "成立时间", says: []string{"「成立时间」为 2022年3月1日", "至基准日 2022年11月24日 成立约8个月，不满1年", "原则上成立1年（含）以上", "评审工作小组酌定"}}}},
		{name: "founded exactly one year before", form: "model_branch", rule: "founded",
			edit: date("founded", "2021年11月24日", "2021-11-24")},
		{name: "founded one day short of a year", form: "model_branch", rule: "founded", sev: SeverityWarning,
			edit: date("founded", "2021年11月25日", "2021-11-25"),
			want: []expect{{field: "founded", label: "成立时间", says: []string{"2021年11月25日", "不满1年"}}}},
		{name: "founded month-only 2021-11", form: "model_branch", rule: "founded",
			edit: date("founded", "2021年11月", "")},
		{name: "founded month-only 2021-12", form: "model_branch", rule: "founded", sev: SeverityWarning,
			edit: date("founded", "2021年12月", ""),
			want: []expect{{field: "founded", label: "成立时间", says: []string{"「成立时间」为 2021年12月", "不满1年"}}}},
		{name: "later reference date", form: "model_branch", rule: "founded",
			edit: date("founded", "2021年12月", ""),
			cfg:  func(s *Subject) { s.Cfg.ReferenceDate = day(2022, 12, 1) }},
		{name: "studio branch founded 2022-03-01", form: "double_leader_studio", rule: "founded", sev: SeverityWarning,
			edit: date("branch_founded", "2022年3月1日", "2022-03-01"),
			want: []expect{{field: "branch_founded", label: "支部成立时间", says: []string{"「支部成立时间」为 2022年3月1日", "不满1年"}}}},
		{name: "studio branch founded exactly a year", form: "double_leader_studio", rule: "founded",
			edit: date("branch_founded", "2021年11月24日", "2021-11-24")},
		{name: "studio branch month-only 2021-11", form: "double_leader_studio", rule: "founded",
			edit: date("branch_founded", "2021年11月", "")},
		{name: "studio branch month-only 2021-12", form: "double_leader_studio", rule: "founded", sev: SeverityWarning,
			edit: date("branch_founded", "2021年12月", ""),
			want: []expect{{field: "branch_founded", label: "支部成立时间", says: []string{"2021年12月", "不满1年"}}}},

		// studio-branch
		{name: "teacher branch, its secretary, double leader", form: "double_leader_studio", rule: "studio-branch"},
		{name: "student branch, not secretary, not double", form: "double_leader_studio", rule: "studio-branch", sev: SeverityError,
			edit: edits(text("branch_type", "学生党支部"), text("leader_double", "否"), text("leader_is_secretary", "否")),
			want: []expect{
				{field: "branch_type", label: "支部类型", says: []string{"「支部类型」为“学生党支部”", "须依托教师党支部"}},
				{field: "leader_is_secretary", label: "是否为依托党支部书记", says: []string{"「是否为依托党支部书记」为“否”", "须为依托党支部的书记"}},
				{field: "leader_double", label: "是否符合“双带头人”条件", says: []string{"「是否符合“双带头人”条件」为“否”", "须符合“双带头人”条件"}}}},

		// merit
		{name: "no merit at all", form: "model_branch", rule: "merit", sev: SeverityError,
			edit: merit("良好", "好", "较好"),
			want: []expect{{field: "honours", label: "党支部或党支部书记获得表彰情况",
				says: []string{"近3年无校级（含）以上党组织的表彰（「党支部或党支部书记获得表彰情况」）", "「最近1次党支部工作年度考核等次」为“良好”（须为“优秀”）", "“好”“较好”（须连续为“好”）"}}}},
		{name: "honour 4 years old or at 其他 doesn't count", form: "model_branch", rule: "merit", sev: SeverityError,
			edit: merit("良好", "好", "较好", honour("2018年10月", "校级"), honour("2022年6月", "其他")),
			want: []expect{{field: "honours", label: "党支部或党支部书记获得表彰情况", says: []string{"近3年无校级（含）以上党组织的表彰"}}}},
		{name: "a person's award is no honour of the organisation", form: "model_branch", rule: "merit", sev: SeverityError,
			edit: merit("良好", "好", "较好", honourNamed("2022年6月", "省部级", "优秀共产党员")),
			want: []expect{{field: "honours", label: "党支部或党支部书记获得表彰情况", says: []string{"第1行“优秀共产党员”是个人荣誉"}}}},
		{name: "the secretary's honour as 党务工作者 counts for a branch", form: "model_branch", rule: "merit",
			edit: merit("良好", "好", "较好", honourNamed("2022年6月", "校级", "优秀党务工作者"))},
		{name: "honour dated after the reference day doesn't count", form: "model_branch", rule: "merit", sev: SeverityError,
			edit: merit("合格", "一般", "好", honour("2022年12月", "省部级")),
			want: []expect{{field: "honours", label: "党支部或党支部书记获得表彰情况", says: []string{"为“合格”", "“一般”“好”"}}}},
		{name: "a 校级 honour within 3 years alone", form: "model_branch", rule: "merit",
			edit: merit("良好", "较好", "好", honour("2021年6月", "校级"))},
		{name: "an honour exactly 3 years back", form: "model_branch", rule: "merit",
			edit: merit("合格", "一般", "一般", honour("2019年11月", "厅局级"))},
		{name: "优秀 alone", form: "model_branch", rule: "merit", edit: merit("优秀", "一般", "较好")},
		{name: "好 twice alone", form: "model_branch", rule: "merit", edit: merit("良好", "好", "好")},
		{name: "标杆院部 without merit", form: "benchmark_college", rule: "merit", sev: SeverityError,
			edit: merit("合格", "较好", "好", honour("2022年3月", "其他")),
			want: []expect{{field: "honours", label: "党组织获得表彰情况",
				says: []string{"「最近1次年度综合考核领导班子等次」为“合格”", "“较好”“好”"}}}},
		{name: "标杆院部 with a 省部级 honour", form: "benchmark_college", rule: "merit",
			edit: merit("合格", "较好", "好", honour("2020年12月", "省部级"))},

		// honoured-member
		{name: "a 校级 member", form: "model_branch", rule: "honoured-member",
			edit: rows("honoured_members", member("其他"), member("校级"))},
		{name: "only 其他-level members", form: "model_branch", rule: "honoured-member", sev: SeverityError,
			edit: rows("honoured_members", member("其他"), member("其他")),
			want: []expect{{field: "honoured_members", label: "获校级（含）以上荣誉称号的支部成员",
				says: []string{"「获校级（含）以上荣誉称号的支部成员」中没有近3年获校级（含）以上荣誉称号的成员", "至少1名支部成员"}}}},
		{name: "a 校级 member 4 years ago", form: "model_branch", rule: "honoured-member", sev: SeverityError,
			edit: rows("honoured_members", memberOn("校级", "2018年6月")),
			want: []expect{{field: "honoured_members", label: "获校级（含）以上荣誉称号的支部成员", says: []string{"第1行 王静 2018年6月（早于近3年）"}}}},
		{name: "no members listed", form: "model_branch", rule: "honoured-member", sev: SeverityError,
			edit: rows("honoured_members"),
			want: []expect{{field: "honoured_members", label: "获校级（含）以上荣誉称号的支部成员", says: []string{"至少1名"}}}},

		// honoured-people
		{name: "two 厅局级 people within 3 years", form: "benchmark_college", rule: "honoured-people",
			edit: rows("honoured_people", person("校级"), person("厅局级"), personNamed("张敏", "省部级", "2020年1月"))},
		{name: "one 厅局级 person only", form: "benchmark_college", rule: "honoured-people", sev: SeverityError,
			edit: rows("honoured_people", person("校级"), person("厅局级")),
			want: []expect{{field: "honoured_people", label: "获厅局级（含）以上表彰的师生",
				says: []string{"近3年获厅局级（含）以上表彰的师生只有1名（刘洋）", "多名（至少2名）"}}}},
		{name: "the same person twice is one", form: "benchmark_college", rule: "honoured-people", sev: SeverityError,
			edit: rows("honoured_people", person("厅局级"), person("省部级")),
			want: []expect{{field: "honoured_people", label: "获厅局级（含）以上表彰的师生", says: []string{"只有1名（刘洋）"}}}},
		{name: "an honour 2015 and one after the deadline do not count", form: "benchmark_college", rule: "honoured-people", sev: SeverityError,
			edit: rows("honoured_people", personNamed("张敏", "省部级", "2015年3月"), personNamed("李强", "厅局级", "2022年12月")),
			want: []expect{{field: "honoured_people", label: "获厅局级（含）以上表彰的师生", says: []string{"没有", "第1行 张敏 2015年3月（早于近3年）", "第2行 李强 2022年12月（晚于基准日）"}}}},
		{name: "exactly 3 years back counts", form: "benchmark_college", rule: "honoured-people",
			edit: rows("honoured_people", personNamed("张敏", "厅局级", "2019年11月"), personNamed("李强", "厅局级", "2022年11月"))},
		{name: "校级 people only", form: "benchmark_college", rule: "honoured-people", sev: SeverityError,
			edit: rows("honoured_people", person("校级"), person("校级")),
			want: []expect{{field: "honoured_people", label: "获厅局级（含）以上表彰的师生",
				says: []string{"「获厅局级（含）以上表彰的师生」中近3年获厅局级（含）以上表彰的师生没有", "要求所在院（部）多名（至少2名）师生近3年获评厅局级（含）以上表彰"}}}},

		// budget
		{name: "budget 5000", form: "innovation_project", rule: "budget",
			edit: edits(rows("budget", budgetRow("3000"), budgetRow("2000")), text("budget_total", "5000"))},
		{name: "budget 5000.01", form: "innovation_project", rule: "budget", sev: SeverityError,
			edit: edits(rows("budget", budgetRow("3000"), budgetRow("2000.01")), text("budget_total", "5000.01")),
			want: []expect{{field: "budget_total", label: "预算合计（元）",
				says: []string{"「预算合计（元）」为 5000.01 元", "超过基层党建创新项目的支持额度 5000 元"}}}},
		{name: "budget in 万元", form: "innovation_project", rule: "budget", sev: SeverityError,
			edit: edits(rows("budget", budgetRow("0.6万元")), text("budget_total", "0.6万元")),
			want: []expect{{field: "budget_total", label: "预算合计（元）", says: []string{"为 6000.00 元", "5000 元"}}}},

		// provincial
		{name: "not listed", form: "model_branch", rule: "provincial",
			cfg: func(s *Subject) {
				s.Cfg.Provincial = []config.Listed{{Category: "model_branch", Unit: s.Unit, Name: s.Name + "（另一支部）"},
					{Category: "innovation_project", Unit: s.Unit}}
			}},
		{name: "listed unit and name", form: "model_branch", rule: "provincial", sev: SeverityInfo,
			cfg:  func(s *Subject) { s.Cfg.Provincial = []config.Listed{unitAndName(s)} },
			want: []expect{{says: []string{"已获省级推荐，自动认定，不占名额", "党建工作样板党支部"}}}},
		{name: "name empty matches any of the unit", form: "innovation_project", rule: "provincial", sev: SeverityInfo,
			cfg: func(s *Subject) {
				s.Cfg.Provincial = []config.Listed{{Category: "innovation_project", Unit: " " + strings.ReplaceAll(s.Unit, "党", "党 ")}}
			},
			want: []expect{{says: []string{"已获省级推荐，自动认定，不占名额", "基层党建创新项目"}}}},

		// barred
		{name: "failed 2020-10, bar over", form: "innovation_project", rule: "barred",
			cfg: func(s *Subject) {
				s.Cfg.BarYears, s.Cfg.ReferenceDate = 2, day(2022, 11, 24)
				s.Cfg.FailedAcceptance = []config.Listed{{Category: "innovation_project", Unit: s.Unit, Month: config.Month{Year: 2020, Month: 10}}}
			}},
		{name: "failed 2021-12, barred 2 years", form: "innovation_project", rule: "barred", sev: SeverityError,
			cfg: func(s *Subject) {
				s.Cfg.BarYears, s.Cfg.ReferenceDate = 2, day(2022, 11, 24)
				s.Cfg.FailedAcceptance = []config.Listed{{Category: "innovation_project", Unit: s.Unit, Month: config.Month{Year: 2021, Month: 12}}}
			},
			want: []expect{{says: []string{"于 2021年12月 验收未通过", "取消其2年内申报基层党建项目（各类别）的资格", "至 2023年12月"}}}},
		{name: "failed in another category, the 党委 spelling and spaces: barred all the same", form: "model_branch", rule: "barred", sev: SeverityError,
			cfg: func(s *Subject) {
				s.Cfg.BarYears, s.Cfg.ReferenceDate = 2, day(2022, 11, 24)
				org := strings.TrimSuffix(strings.TrimSuffix(s.Unit, "党总支"), "直属党支部")
				s.Cfg.FailedAcceptance = []config.Listed{{Category: "innovation_project", Unit: org + "　党委", Name: "某创新项目", Month: config.Month{Year: 2022, Month: 1}}}
			},
			want: []expect{{says: []string{"「某创新项目」", "2022年1月 验收未通过", "各类别"}}}},
		{name: "a branch of the failed unit applying in its own name", form: "model_branch", rule: "barred", sev: SeverityError,
			cfg: func(s *Subject) {
				s.Cfg.BarYears, s.Cfg.ReferenceDate = 2, day(2022, 11, 24)
				s.Cfg.FailedAcceptance = []config.Listed{{Category: "innovation_project", Unit: s.Unit, Month: config.Month{Year: 2022, Month: 1}}}
				s.Unit = strings.TrimSuffix(strings.TrimSuffix(s.Unit, "党总支"), "直属党支部") + "第一教师党支部"
			},
			want: []expect{{says: []string{"验收未通过", "第一教师党支部 属该单位"}}}},
		{name: "another unit failed", form: "innovation_project", rule: "barred",
			cfg: func(s *Subject) {
				s.Cfg.FailedAcceptance = []config.Listed{{Category: "innovation_project", Unit: "另一党总支", Month: config.Month{Year: 2021, Month: 12}}}
			}},

		// held
		{name: "another object of the unit held before", form: "model_branch", rule: "held",
			cfg: func(s *Subject) {
				s.Earlier = []Earlier{{Round: 2020, Category: "model_branch", Unit: s.Unit, Name: s.Name + "（另一支部）"},
					{Round: 2020, Category: "innovation_project", Unit: s.Unit, Name: s.Name}}
			}},
		{name: "the same object passed in 2020", form: "model_branch", rule: "held", sev: SeverityWarning,
			cfg: func(s *Subject) {
				yes := true
				s.Earlier = []Earlier{{Round: 2020, Category: "model_branch", Unit: strings.TrimSuffix(s.Unit, "党总支") + "党委", Name: " " + s.Name, Passed: &yes, Date: "2021-12-20"}}
			},
			want: []expect{{says: []string{"是 2020 年度的校级建设对象", "已于 2021-12-20 验收通过", "校级基层党建工作样板支部", "再次申报同一对象"}}}},
		{name: "the same object still being built", form: "innovation_project", rule: "held", sev: SeverityWarning,
			cfg: func(s *Subject) {
				s.Earlier = []Earlier{{Round: 2021, Category: "innovation_project", Unit: s.Unit, Name: s.Name}}
			},
			want: []expect{{says: []string{"2021 年度", "尚未验收，仍在建设期内"}}}},

		// odd-chars
		{name: "plain name", form: "model_branch", rule: "odd-chars", edit: text("secretary_title", "副教授")},
		{name: "right-to-left override in a name", form: "model_branch", rule: "odd-chars", sev: SeverityWarning,
			edit: text("secretary_title", "副‮教授"),
			want: []expect{{field: "secretary_title", label: "书记职务职称", says: []string{"U+202E", "控制字符"}}}},

		// roster
		{name: "a branch of a roster unit", form: "model_branch", rule: "roster",
			cfg: func(s *Subject) { s.Unit = "铁道运输学院第一教师党支部" }},
		{name: "the roster name with spaces", form: "model_branch", rule: "roster",
			cfg: func(s *Subject) { s.Unit = "铁道运输学院 党总支" }},
		{name: "the same unit written otherwise", form: "model_branch", rule: "roster", sev: SeverityWarning,
			cfg:  func(s *Subject) { s.Unit = "铁道运输学院总支" },
			want: []expect{{field: "cover_unit", label: "申报单位（盖章）", says: []string{"“铁道运输学院总支”", "应为“铁道运输学院党总支”？"}}}},
		{name: "a unit not on the roster names the nearest", form: "model_branch", rule: "roster", sev: SeverityWarning,
			cfg:  func(s *Subject) { s.Unit = "铁路运输学院党总支" },
			want: []expect{{field: "cover_unit", label: "申报单位（盖章）", says: []string{"不在单位名单", "是否为“铁道运输学院党总支”？"}}}},
		{name: "a unit like none on the roster", form: "model_branch", rule: "roster", sev: SeverityWarning,
			cfg:  func(s *Subject) { s.Unit = "图书馆直属党支部" },
			want: []expect{{field: "cover_unit", label: "申报单位（盖章）", says: []string{"“图书馆直属党支部”", "没有相近的单位"}}}},
	}
}

// TestRules: every rule of Rules, on a passing and a failing application.
// A failing case's findings carry the rule's code and severity, and their
// message names the form, the field's label, what was found and what is
// expected; and no other rule fires.
func TestRules(t *testing.T) {
	t.Parallel()
	fx := newRuleFixture(t)
	severity := map[string]Severity{}
	for _, r := range Rules {
		severity[r.Code] = r.Severity
	}
	passes, fails := map[string]bool{}, map[string]bool{}
	for _, c := range ruleCases() {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			if _, ok := severity[c.rule]; !ok {
				t.Fatalf("no rule %q in Rules", c.rule)
			}
			form, s := fx.cleanSample(t, c.form, 3)
			vals := sample.CloneValues(s.Values)
			if c.edit != nil {
				c.edit(vals)
			}
			data := fx.render(t, form, vals)
			if c.pkg != nil {
				data = c.pkg(t, data)
			}
			sub := fx.subject(t, data, s.File)
			if c.cfg != nil {
				c.cfg(sub)
			}
			all := CheckApplication(sub)
			got := findingsOf(all, c.rule)
			for _, f := range all {
				if f.Rule != c.rule {
					t.Errorf("unexpected finding of another rule: [%s %s] %s", f.Rule, f.Severity, f.Message)
				}
			}
			if c.want == nil {
				passes[c.rule] = true
				if len(got) != 0 {
					t.Errorf("want no %s finding, got:%s", c.rule, dumpFindings(got))
				}
				return
			}
			fails[c.rule] = true
			if c.sev != severity[c.rule] {
				t.Errorf("case says severity %s, Rules has %s for %s", c.sev, severity[c.rule], c.rule)
			}
			if len(got) != len(c.want) {
				t.Fatalf("want %d %s findings, got %d:%s", len(c.want), c.rule, len(got), dumpFindings(all))
			}
			for i, w := range c.want {
				f := got[i]
				if f.Rule != c.rule || f.Severity != c.sev {
					t.Errorf("finding %d: rule %q severity %q, want %q %q", i+1, f.Rule, f.Severity, c.rule, c.sev)
				}
				if f.Field != w.field || f.Label != w.label {
					t.Errorf("finding %d: field %q label %q, want %q %q", i+1, f.Field, f.Label, w.field, w.label)
				}
				if !strings.HasPrefix(f.Message, formNames[c.form]) {
					t.Errorf("finding %d: message does not begin with the form %s: %s", i+1, formNames[c.form], f.Message)
				}
				if w.label != "" {
					table, col, isCell := strings.Cut(w.label, "·")
					name := "「" + w.label + "」"
					if isCell {
						name = "「" + table + "」"
						if !strings.Contains(f.Message, "「"+col+"」") {
							t.Errorf("finding %d: message does not name the column 「%s」: %s", i+1, col, f.Message)
						}
					}
					if !strings.Contains(f.Message, name) {
						t.Errorf("finding %d: message does not name %s: %s", i+1, name, f.Message)
					}
				}
				for _, say := range w.says {
					if !strings.Contains(f.Message, say) {
						t.Errorf("finding %d: message lacks %q:\n\t%s", i+1, say, f.Message)
					}
				}
			}
		})
	}
	// Each rule has at least one passing and one failing application.
	for _, r := range Rules {
		if !passes[r.Code] || !fails[r.Code] {
			t.Errorf("rule %s: passing case %v, failing case %v; want both", r.Code, passes[r.Code], fails[r.Code])
		}
	}
}

// TestRangeMoneyInFen: a money field's limits hold to the fen, for a form
// a clerk defines with a max (none of the built-in forms has one).
func TestRangeMoneyInFen(t *testing.T) {
	t.Parallel()
	fx := newRuleFixture(t)
	own, err := templates.Embedded() // its own form set: the change stays here
	if err != nil {
		t.Fatal(err)
	}
	fx.forms, fx.x = own, &Extractor{Forms: own, Categories: fx.x.Categories}
	form, s := fx.cleanSample(t, "innovation_project", 3)
	limit, floor := int64(5000), int64(100)
	form.Field("budget_total").Max = &limit
	form.Field("budget_total").Min = &floor
	for _, c := range []struct {
		total string
		says  string // "" for none
	}{
		{"5000", ""},
		{"5000.01", "「预算合计（元）」为 5000.01元，不应大于 5000元"},
		{"100", ""},
		{"99.99", "「预算合计（元）」为 99.99元，不应小于 100元"},
	} {
		vals := sample.CloneValues(s.Values)
		edits(rows("budget", budgetRow(c.total)), text("budget_total", c.total))(vals)
		got := findingsOf(CheckApplication(fx.subject(t, fx.render(t, form, vals), s.File)), "range")
		switch {
		case c.says == "" && len(got) != 0:
			t.Errorf("%s: want no range finding, got:%s", c.total, dumpFindings(got))
		case c.says != "" && (len(got) != 1 || !strings.Contains(got[0].Message, c.says) || got[0].Severity != SeverityError):
			t.Errorf("%s: want one range error saying %q, got:%s", c.total, c.says, dumpFindings(got))
		}
	}
}

// TestRuleBasis: every rule says what it rests on (dbzx check --rules),
// and no entry names a rule that does not exist.
func TestRuleBasis(t *testing.T) {
	t.Parallel()
	codes := map[string]bool{}
	for _, r := range Rules {
		codes[r.Code] = true
	}
	for _, r := range CrossRules {
		codes[r.Code] = true
	}
	for _, r := range StageRules {
		codes[r.Code] = true
	}
	for c := range codes {
		if Basis[c] == "" {
			t.Errorf("rule %s has no basis", c)
		}
	}
	for c := range Basis {
		if !codes[c] {
			t.Errorf("basis for %s, which is no rule", c)
		}
	}
}
