package sample

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"dbzx/config"
	"dbzx/render"
	"dbzx/templates"
)

// BatchFile is one file of a sample batch and what intake should make of it.
type BatchFile struct {
	Path   string `json:"path"`   // relative to the batch folder
	Expect string `json:"expect"` // parsed, rejected, attachment, bundle, duplicate
	Note   string `json:"note"`
	// Twin is the file with the same bytes: whichever intake meets first
	// is parsed, the other is the duplicate.
	Twin string `json:"twin,omitempty"`
	// Form, Unit and Name say whose application a return is (empty for
	// other files).
	Form string `json:"form,omitempty"`
	Unit string `json:"unit,omitempty"`
	Name string `json:"name,omitempty"`
	// Breaks lists the codes of the rules (intake.Rules, intake.CrossRules)
	// the file was made to break; empty for a clean return. On a 附件9
	// summary it is the summary's own fault (a row with no return).
	Breaks []string `json:"breaks,omitempty"`
}

// Batch writes a folder as the clerk receives it: one subfolder per
// department with its returns, its 附件9 summary and a scanned PDF; one
// department's returns as a zip bundle with GBK-encoded names (a Windows
// zip tool); a resubmission of one application, saved later; the same
// file sent twice; and a damaged file. It returns the files with what
// intake should make of each. Every application in it is clean: it passes
// every rule.
func Batch(dir string, forms *templates.Set, cfg *config.Config, seed uint64, count int) ([]BatchFile, error) {
	b, err := writeBatch(dir, "", forms, cfg, seed, count, false)
	if err != nil {
		return nil, err
	}
	return b.Files, nil
}

// ViolationBatch is a batch whose applications include some made to break
// the rules, with what intake needs to see them break.
type ViolationBatch struct {
	Files []BatchFile // in the batch folder, received before the deadline
	Late  []BatchFile // in the late folder, received after the deadline
	// Config is what the programme's configuration must list for the
	// provincial and barred rules to meet their applications.
	Config ConfigAdditions
}

// ConfigAdditions are entries to add to the configuration's lists.
type ConfigAdditions struct {
	Provincial       []config.Listed `yaml:"provincial"`
	FailedAcceptance []config.Listed `yaml:"failed_acceptance"`
}

// Apply appends the additions to cfg's lists.
func (a ConfigAdditions) Apply(cfg *config.Config) {
	cfg.Provincial = append(cfg.Provincial, a.Provincial...)
	cfg.FailedAcceptance = append(cfg.FailedAcceptance, a.FailedAcceptance...)
}

// BatchWithViolations writes the batch Batch writes (the same count clean
// applications) and, beside them in the departments' folders, one
// application breaking each rule of intake's Rules and CrossRules: each
// return's BatchFile names the rule it breaks in Breaks. The departments'
// 附件9 summaries list all their applications, except that one summary
// leaves out one application and lists one never sent. Two rules need
// more than a file:
//
//   - late: that return is written into lateDir (a subfolder per
//     department), for a second intake received after the deadline;
//   - provincial, barred: the returned Config lists one application as
//     recommended to the provincial level and one unit as having failed
//     acceptance within the bar years; apply it to the configuration
//     intake runs with.
//
// The violating applications are never in the zip bundle. count must
// leave a unit without a 标杆院部 application (count ≤ 4×(units−2)).
func BatchWithViolations(dir, lateDir string, forms *templates.Set, cfg *config.Config, seed uint64, count int) (*ViolationBatch, error) {
	if lateDir == "" {
		return nil, fmt.Errorf("sample: BatchWithViolations needs a folder for the late return")
	}
	return writeBatch(dir, lateDir, forms, cfg, seed, count, true)
}

// item is one application's return as its department sends it.
type item struct {
	r        *Return
	version  string   // form version written into the file; "" the current one
	breaks   []string // rule codes it breaks
	note     string   // how
	late     bool     // sent after the deadline, into the late folder
	unlisted bool     // left out of its department's 附件9
}

func writeBatch(dir, lateDir string, forms *templates.Set, cfg *config.Config, seed uint64, count int, violations bool) (*ViolationBatch, error) {
	if count < 1 {
		return nil, fmt.Errorf("sample: a batch needs at least one return, got %d", count)
	}
	g := New(forms, cfg, seed)
	rets := g.Returns(count)
	out := &ViolationBatch{}
	add := func(list *[]BatchFile, root, rel string, data []byte, mod time.Time, f BatchFile) error {
		full := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
		f.Path = filepath.ToSlash(rel)
		*list = append(*list, f)
		return os.Chtimes(full, mod, mod)
	}
	base := time.Date(2022, 11, 20, 9, 0, 0, 0, time.Local)
	byUnit := map[string][]*item{}
	var units []string
	for _, r := range rets {
		if byUnit[r.Unit] == nil {
			units = append(units, r.Unit)
		}
		byUnit[r.Unit] = append(byUnit[r.Unit], &item{r: r})
	}
	bundled := units[len(units)-1] // this department sends a zip bundle
	resubUnit, twinUnit := units[0], units[1%len(units)]
	var plan *violationPlan
	if violations {
		var err error
		if plan, err = g.violations(units, bundled, byUnit, count); err != nil {
			return nil, err
		}
		for _, it := range plan.items {
			if byUnit[it.r.Unit] == nil {
				units = append(units, it.r.Unit)
			}
			byUnit[it.r.Unit] = append(byUnit[it.r.Unit], it)
		}
		out.Config = plan.config
	}
	for ui, unit := range units {
		var entries []zipEntry
		var listed []*Return
		for i, it := range byUnit[unit] {
			r := it.r
			if !it.unlisted {
				listed = append(listed, r)
			}
			data, err := renderItem(forms, cfg, it)
			if err != nil {
				return nil, err
			}
			mod := base.Add(time.Duration(ui*10+i) * time.Minute)
			name := fmt.Sprintf("%02d-%s-%s.docx", i+1, r.Name, formShort(forms, r.Form))
			f := BatchFile{Expect: "parsed", Note: "申报书", Form: r.Form, Unit: r.Unit, Name: r.Name, Breaks: it.breaks}
			if it.note != "" {
				f.Note += "：" + it.note
			}
			if it.late {
				mod = time.Date(2022, 11, 25, 8, 30, 0, 0, time.Local)
				if err := add(&out.Late, lateDir, filepath.Join(unit, name), data, mod, f); err != nil {
					return nil, err
				}
				continue
			}
			if unit == bundled {
				entries = append(entries, zipEntry{name, data})
				continue
			}
			if err := add(&out.Files, dir, filepath.Join(unit, name), data, mod, f); err != nil {
				return nil, err
			}
		}
		sumFile := BatchFile{Expect: "parsed", Note: "申报汇总表"}
		if plan != nil && plan.phantom != nil && plan.phantom.Unit == unit {
			listed = append(listed, plan.phantom)
			sumFile.Note += "：列有一项没有交来申报书的申报（" + plan.phantom.Name + "），漏列了一项交来的申报"
			sumFile.Breaks = []string{"summary-missing"}
		}
		sum, err := summarySheet(forms, cfg, unit, listed)
		if err != nil {
			return nil, err
		}
		if unit == bundled {
			entries = append(entries, zipEntry{"附件9-申报汇总表.xlsx", sum}, zipEntry{"支撑材料/荣誉证书扫描件.pdf", tinyPDF(unit)})
			zipped, err := gbkZip(entries)
			if err != nil {
				return nil, err
			}
			if err := add(&out.Files, dir, unit+".zip", zipped, base, BatchFile{Expect: "bundle", Note: "压缩包（GBK 文件名，Windows 压缩软件）"}); err != nil {
				return nil, err
			}
			continue
		}
		if err := add(&out.Files, dir, filepath.Join(unit, "附件9-申报汇总表.xlsx"), sum, base, sumFile); err != nil {
			return nil, err
		}
		if err := add(&out.Files, dir, filepath.Join(unit, "支撑材料-表彰文件.pdf"), tinyPDF(unit), base, BatchFile{Expect: "attachment", Note: "支撑材料"}); err != nil {
			return nil, err
		}
		if ui == 0 && plan != nil {
			// A phone photo of an activity, taken with the phone turned.
			// Named for the application it supports, so that the dossier
			// places it with that application.
			name := "支撑材料-" + byUnit[unit][0].r.Name + "-活动照片.jpg"
			if err := add(&out.Files, dir, filepath.Join(unit, name), Photo(1200, 900, 6), base,
				BatchFile{Expect: "attachment", Note: "支撑材料：手机照片（JPEG，横拍竖存）"}); err != nil {
				return nil, err
			}
		}
	}
	files := &out.Files
	// A resubmission: the first department's first application again,
	// corrected and saved a day later.
	first := byUnit[resubUnit][0].r
	again := *first
	again.Values = cloneValues(first.Values)
	const addition = "（修改稿补充：进一步细化了建设举措。）"
	for _, f := range mustForm(forms, first.Form).Fields() {
		// The first long text with room for the addition (in form order:
		// the same file for the same seed).
		text, ok := again.Values.Text[f.ID]
		if ok && f.Type == templates.LongText && (f.MaxChars == 0 ||
			utf8.RuneCountInString(text+addition) <= f.MaxChars) {
			again.Values.Text[f.ID] += addition
			break
		}
	}
	data, err := renderReturn(forms, cfg, &again)
	if err != nil {
		return nil, err
	}
	resub := filepath.Join(resubUnit, fmt.Sprintf("01-%s-%s（修改稿）.docx", first.Name, formShort(forms, first.Form)))
	if err := add(files, dir, resub, data, base.Add(24*time.Hour), BatchFile{Expect: "parsed", Note: "修改稿：同一申报的第2版",
		Form: first.Form, Unit: first.Unit, Name: first.Name}); err != nil {
		return nil, err
	}
	// The same file sent twice, by e-mail and by WeChat.
	twin := byUnit[twinUnit][0].r
	orig, err := renderReturn(forms, cfg, twin)
	if err != nil {
		return nil, err
	}
	if err := add(files, dir, filepath.Join("微信接收", "重复发送的申报书.docx"), orig, base, BatchFile{Expect: "duplicate", Note: "与文件夹中的一份完全相同",
		Form: twin.Form, Unit: twin.Unit, Name: twin.Name}); err != nil {
		return nil, err
	}
	twinPath := filepath.ToSlash(filepath.Join(twinUnit, fmt.Sprintf("01-%s-%s.docx", twin.Name, formShort(forms, twin.Form))))
	if twinUnit == bundled {
		twinPath = twinUnit + ".zip"
	}
	(*files)[len(*files)-1].Twin = twinPath
	for i := range *files {
		if (*files)[i].Path == twinPath {
			(*files)[i].Twin = (*files)[len(*files)-1].Path
		}
	}
	// A damaged file: a download cut short.
	if err := add(files, dir, filepath.Join("微信接收", "传输中断的申报书.docx"), orig[:len(orig)/3], base, BatchFile{Expect: "rejected", Note: "文件不完整"}); err != nil {
		return nil, err
	}
	return out, nil
}

// violationPlan is what BatchWithViolations adds to the clean returns.
type violationPlan struct {
	items   []*item
	phantom *Return // a 附件9 row with no return behind it
	config  ConfigAdditions
}

// unitPicker spreads the violating applications over the departments that
// send folders, keeping two things true: a unit applies as 标杆院部 once,
// and a barred unit's category has no other application from it.
type unitPicker struct {
	units     []string
	next      int
	has       map[string]bool // category|unit with an application
	exclusive map[string]bool // category|unit to keep to one application
}

func (p *unitPicker) pick(category string, alone bool) (string, error) {
	for k := range p.units {
		u := p.units[(p.next+k)%len(p.units)]
		key := category + "|" + u
		if p.exclusive[key] || (alone && p.has[key]) {
			continue
		}
		p.next = (p.next + k + 1) % len(p.units)
		p.has[key] = true
		if alone {
			p.exclusive[key] = true
		}
		return u, nil
	}
	return "", fmt.Errorf("sample: no unit left for one more %s application (fewer clean returns leave room)", category)
}

// edit changes a generated return the way a department gets it wrong,
// keeping Expect to what was typed.
type edit struct {
	form *templates.Form
	r    *Return
	cfg  *config.Config
}

func (e *edit) text(id, typed string) {
	e.r.Values.Text[id] = typed
	e.r.Expect[id] = typed
	delete(e.r.Values.Dates, id)
}

func (e *edit) date(id string, d time.Time) {
	e.text(id, fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day()))
	iso := d.Format("2006-01-02")
	e.r.Values.Dates[id], e.r.Expect[id] = iso, iso
}

// typo types text that is not a value of the field's type.
func (e *edit) typo(id, typed string) {
	e.text(id, typed)
	delete(e.r.Expect, id)
}

func (e *edit) blank(id string) {
	delete(e.r.Values.Text, id)
	delete(e.r.Values.Dates, id)
	e.r.Expect[id] = ""
}

func (e *edit) untick(id string) {
	e.r.Values.Checked[id] = false
	e.r.Expect[id] = "否"
}

// column sets one column of every row of a table.
func (e *edit) column(table, col, typed string) {
	t := e.form.Field(table)
	for i, row := range e.r.Values.Rows[table] {
		row[col] = typed
		for c := range t.Columns {
			if t.Columns[c].ID == col {
				e.r.Tables[table][i][c] = typed
			}
		}
	}
}

// cell sets one cell; money is typed in 元.
func (e *edit) cell(table string, row int, col, typed, canonical string) {
	t := e.form.Field(table)
	e.r.Values.Rows[table][row][col] = typed
	for c := range t.Columns {
		if t.Columns[c].ID == col {
			e.r.Tables[table][row][c] = canonical
		}
	}
}

func (e *edit) keepRows(table string, n int) {
	e.r.Values.Rows[table] = e.r.Values.Rows[table][:n]
	e.r.Tables[table] = e.r.Tables[table][:n]
}

// sums makes the totals agree with the parts again.
func (e *edit) sums() { (&fillCtx{form: e.form, r: e.r}).sums(e.form) }

func (e *edit) refDate() time.Time {
	if !e.cfg.ReferenceDate.IsZero() {
		return e.cfg.ReferenceDate.Time
	}
	return e.cfg.Deadline.Time
}

// violation is one application made to break one rule.
type violation struct {
	rule, form, note string
	alone            bool // the only application of its category from its unit
	change           func(e *edit, it *item)
}

// violationsList lists one violation for each rule of intake.Rules, in
// their order; the cross-application rules are set up in violations.
var violationsList = []violation{
	{"form-version", "double_leader_studio", "用旧版（2021.1）表单填写", false, func(e *edit, it *item) {
		it.version = "2021.1"
	}},
	{"required", "innovation_project", "必填的「职务职称」未填", false, func(e *edit, it *item) {
		e.blank("leader_title")
	}},
	{"type", "innovation_project", "填报日期写成“2022年13月”，封面联系电话少了位数，创新类型填了可选项以外的“党建+思政”", false, func(e *edit, it *item) {
		e.typo("cover_date", "2022年13月")
		e.typo("cover_phone", "0371-6881")
		e.typo("innovation_type", "党建+思政")
	}},
	{"range", "model_branch", "党员人数填为 0", false, func(e *edit, it *item) {
		e.text("members_formal", "0")
		e.text("members_probationary", "0")
		e.text("members_total", "0")
	}},
	{"length", "double_leader_studio", "「预期成果」超过字数限制", false, func(e *edit, it *item) {
		f := e.form.Field("expected_outcomes")
		var b strings.Builder
		for i := 0; utf8.RuneCountInString(b.String()) <= f.MaxChars+40; i++ {
			s := strings.NewReplacer("{unit}", e.r.Unit, "{name}", e.r.Name).Replace(sentences[i%len(sentences)])
			b.WriteString(s)
		}
		e.text("expected_outcomes", b.String())
	}},
	{"sum", "model_branch", "党员人数与正式党员、预备党员之和不符", false, func(e *edit, it *item) {
		formal, _ := strconv.Atoi(e.r.Expect["members_formal"])
		prob, _ := strconv.Atoi(e.r.Expect["members_probationary"])
		e.text("members_total", strconv.Itoa(formal+prob+3))
	}},
	{"rows", "model_branch", "“四铁四新”专项活动只填了 2 行", false, func(e *edit, it *item) {
		e.keepRows("activities", 2)
	}},
	{"declaration", "innovation_project", "承诺事项有一项未勾选", false, func(e *edit, it *item) {
		e.untick("pledge_funds")
	}},
	{"late", "double_leader_studio", "截止日期后补交", false, func(e *edit, it *item) {
		it.late = true
	}},
	{"founded", "model_branch", "党支部成立不满1年", false, func(e *edit, it *item) {
		e.date("founded", e.refDate().AddDate(0, -6, 0))
	}},
	{"studio-branch", "double_leader_studio", "依托学生党支部，负责人不符合“双带头人”条件", false, func(e *edit, it *item) {
		college := strings.TrimSuffix(strings.TrimSuffix(e.r.Unit, "党总支"), "直属党支部")
		e.text("branch_name", college+"学生第一党支部")
		e.text("branch_type", "学生党支部")
		e.text("leader_double", "否")
	}},
	{"merit", "model_branch", "近3年无表彰，考核“良好”，述职评议“较好”“一般”", false, func(e *edit, it *item) {
		delete(e.r.Values.Rows, "honours")
		delete(e.r.Tables, "honours")
		e.text("annual_assessment", "良好")
		e.text("review_latest", "较好")
		e.text("review_previous", "一般")
	}},
	{"honoured-member", "model_branch", "获荣誉的支部成员均为“其他”级别", false, func(e *edit, it *item) {
		e.column("honoured_members", "level", "其他")
	}},
	{"honoured-people", "benchmark_college", "获表彰的师生均为校级", true, func(e *edit, it *item) {
		e.column("honoured_people", "level", "校级")
	}},
	{"budget", "innovation_project", "经费预算合计超过支持额度", false, func(e *edit, it *item) {
		cat, _ := e.cfg.Category("innovation_project")
		big, more := cat.Funding*9/10, cat.Funding/4
		e.cell("budget", 0, "amount", strconv.FormatInt(big, 10), fmt.Sprintf("%d.00", big))
		e.cell("budget", 1, "amount", strconv.FormatInt(more, 10), fmt.Sprintf("%d.00", more))
		e.sums()
	}},
	{"provincial", "double_leader_studio", "本年度已获省级推荐（见配置 provincial）", false, nil},
	{"barred", "innovation_project", "申报单位验收未通过未满2年（见配置 failed_acceptance）", true, nil},
	{"odd-chars", "model_branch", "「书记职务职称」中夹带了看不见的从右向左控制字符", false, func(e *edit, it *item) {
		e.text("secretary_title", "副\u202e教授")
	}},
}

// violations makes the violating applications: one for each rule in
// violationsList, two for same-applicant, one for summary-missing.
func (g *Generator) violations(units []string, bundled string, byUnit map[string][]*item, count int) (*violationPlan, error) {
	p := &unitPicker{has: map[string]bool{}, exclusive: map[string]bool{}}
	for _, u := range g.Cfg.Units {
		if u.Name != bundled {
			p.units = append(p.units, u.Name)
		}
	}
	if len(p.units) == 0 {
		return nil, fmt.Errorf("sample: no unit besides %s for the violating applications", bundled)
	}
	for _, u := range units {
		for _, it := range byUnit[u] {
			cat := mustForm(g.Forms, it.r.Form).Category
			p.has[cat+"|"+u] = true
			if cat == "benchmark_college" {
				p.exclusive[cat+"|"+u] = true // a college applies as 标杆院部 once
			}
		}
	}
	plan := &violationPlan{}
	n := count
	make1 := func(formID string, alone bool, rule, note string) (*item, *edit, error) {
		form := mustForm(g.Forms, formID)
		if form.Category == "benchmark_college" {
			alone = true
		}
		unit, err := p.pick(form.Category, alone)
		if err != nil {
			return nil, nil, err
		}
		n++
		it := &item{r: g.returnIn(form, n, unit), breaks: []string{rule}, note: note}
		plan.items = append(plan.items, it)
		return it, &edit{form: form, r: it.r, cfg: g.Cfg}, nil
	}
	ref := (&edit{cfg: g.Cfg}).refDate()
	// Those that must be alone in their category and unit first, while
	// such units are left.
	list := slices.Clone(violationsList)
	slices.SortStableFunc(list, func(a, b violation) int {
		switch {
		case a.alone == b.alone:
			return 0
		case a.alone:
			return -1
		}
		return 1
	})
	for _, v := range list {
		it, e, err := make1(v.form, v.alone, v.rule, v.note)
		if err != nil {
			return nil, err
		}
		if v.change != nil {
			v.change(e, it)
		}
		cat := mustForm(g.Forms, v.form).Category
		switch v.rule {
		case "provincial":
			plan.config.Provincial = append(plan.config.Provincial, config.Listed{Category: cat, Unit: it.r.Unit, Name: it.r.Name})
		case "barred":
			failed := ref.AddDate(0, -11, 0)
			plan.config.FailedAcceptance = append(plan.config.FailedAcceptance,
				config.Listed{Category: cat, Unit: it.r.Unit, Month: config.Month{Year: failed.Year(), Month: failed.Month()}})
		}
	}
	// same-applicant: one secretary's branch applies twice under two names.
	a, _, err := make1("model_branch", false, "same-applicant", "同一支部书记以不同名称再次申报")
	if err != nil {
		return nil, err
	}
	form := mustForm(g.Forms, "model_branch")
	n++
	b := &item{r: g.returnIn(form, n, a.r.Unit), breaks: []string{"same-applicant"}, note: a.note}
	eb := &edit{form: form, r: b.r, cfg: g.Cfg}
	who := form.Who()
	eb.text(who.Leader, a.r.Expect[who.Leader])
	eb.text("cover_leader", a.r.Expect[who.Leader])
	plan.items = append(plan.items, b)
	// summary-missing: a department's 附件9 leaves out one of its
	// applications and lists one it never sent.
	m, _, err := make1("double_leader_studio", false, "summary-missing", "未列入本单位的申报汇总表（附件9）")
	if err != nil {
		return nil, err
	}
	m.unlisted = true
	proj := mustForm(g.Forms, "innovation_project").Who()
	plan.phantom = &Return{Form: "innovation_project", Unit: m.r.Unit, Name: "“红色家书”宣讲育人项目",
		Expect: map[string]string{proj.Leader: g.person(), proj.Phone: "13837100000"}}
	return plan, nil
}

func renderItem(forms *templates.Set, cfg *config.Config, it *item) ([]byte, error) {
	form := mustForm(forms, it.r.Form)
	if it.version != "" {
		old := *form
		old.Version = it.version
		form = &old
	}
	var buf bytes.Buffer
	err := render.WriteDocx(&buf, form, cfg, it.r.Values)
	return buf.Bytes(), err
}

type zipEntry struct {
	name string
	data []byte
}

// gbkZip writes a zip as Chinese Windows tools do: names in GBK, the UTF-8
// flag clear.
func gbkZip(entries []zipEntry) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	enc := simplifiedchinese.GBK.NewEncoder()
	for _, e := range entries {
		name, err := enc.String(e.name)
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, NonUTF8: true,
			Modified: time.Date(2022, 11, 21, 10, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	err := zw.Close()
	return buf.Bytes(), err
}

func renderReturn(forms *templates.Set, cfg *config.Config, r *Return) ([]byte, error) {
	var buf bytes.Buffer
	err := render.WriteDocx(&buf, mustForm(forms, r.Form), cfg, r.Values)
	return buf.Bytes(), err
}

func mustForm(forms *templates.Set, id string) *templates.Form {
	f, ok := forms.Find(id)
	if !ok {
		panic("sample: no form " + id)
	}
	return f
}

func formShort(forms *templates.Set, id string) string { return mustForm(forms, id).ShortTitle }

func cloneValues(v *render.Values) *render.Values {
	c := &render.Values{Text: map[string]string{}, Checked: v.Checked, Rows: v.Rows, Dates: v.Dates}
	for k, s := range v.Text {
		c.Text[k] = s
	}
	return c
}

// summarySheet fills the blank 附件9 with a department's applications, as
// its clerk would.
func summarySheet(forms *templates.Set, cfg *config.Config, unit string, rets []*Return) ([]byte, error) {
	form, ok := forms.Find("summary")
	if !ok {
		return nil, fmt.Errorf("sample: no summary form")
	}
	var blank bytes.Buffer
	if err := render.WriteXlsx(&blank, form, cfg); err != nil {
		return nil, err
	}
	x, err := excelize.OpenReader(&blank)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	sheet := form.ShortTitle
	set := func(cell string, v any) {
		if err == nil {
			err = x.SetCellValue(sheet, cell, v)
		}
	}
	set("C2", unit)
	set("F2", "李明")
	set("H2", "0371-68812345")
	set("C3", time.Date(2022, 11, 21, 0, 0, 0, 0, time.UTC))
	for i, r := range rets {
		row := 5 + i
		cat, _ := cfg.Category(mustForm(forms, r.Form).Category)
		set(fmt.Sprintf("B%d", row), cat.Name)
		set(fmt.Sprintf("C%d", row), r.Name)
		set(fmt.Sprintf("D%d", row), r.Unit)
		who := mustForm(forms, r.Form).Who()
		set(fmt.Sprintf("E%d", row), r.Expect[who.Leader])
		set(fmt.Sprintf("F%d", row), r.Expect[who.Phone])
		set(fmt.Sprintf("G%d", row), "否")
	}
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err = x.Write(&out)
	return out.Bytes(), err
}

// tinyPDF is a one-page PDF standing in for a scanned certificate.
func tinyPDF(title string) []byte {
	// A red seal-like disc and a frame, as a scan of a certificate shows.
	scan := "0.85 0.1 0.1 rg 297 420 m 377 420 l 377 500 l 297 500 l h f 0 0 0 RG 2 w 60 60 475 720 re S"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(scan), scan),
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n% " + title + "\n") // each department's scan differs
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}
