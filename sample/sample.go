// Package sample makes realistic filled returns of the programme's forms:
// the built-in data of `dbzx demo`, and the input of round-trip tests and
// benchmarks. The same seed always gives the same returns, and each return
// comes with the values a reader must find in it (the manifest).
package sample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"dbzx/config"
	"dbzx/render"
	"dbzx/templates"
)

// Return is one generated return: what was typed, and what a reader must
// extract from it (canonical values, as intake.Value.Norm writes them).
type Return struct {
	File   string                `json:"file"`
	Form   string                `json:"form"`
	Unit   string                `json:"unit"`
	Name   string                `json:"name"` // the application's name (branch, studio, project…)
	Values *render.Values        `json:"-"`
	Expect map[string]string     `json:"expect"` // field id → canonical value ("是"/"否" for checkboxes)
	Tables map[string][][]string `json:"tables"` // table id → rows of canonical values in column order
}

// Generator makes returns from a seed.
type Generator struct {
	Forms *templates.Set
	Cfg   *config.Config
	rng   *rand.Rand
	used  map[string]bool // category|unit|name already generated
}

// New returns a generator for seed.
func New(forms *templates.Set, cfg *config.Config, seed uint64) *Generator {
	return &Generator{Forms: forms, Cfg: cfg, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		used: map[string]bool{}}
}

// Returns makes count returns cycling through the four application forms.
func (g *Generator) Returns(count int) []*Return {
	var forms []*templates.Form
	for _, f := range g.Forms.Forms {
		if f.Format == templates.FormatDocx && !f.IsStage() {
			forms = append(forms, f)
		}
	}
	out := make([]*Return, 0, count)
	for i := 0; i < count; i++ {
		out = append(out, g.Return(forms[i%len(forms)], i+1))
	}
	return out
}

// Return makes one filled return of form; n numbers its file.
func (g *Generator) Return(form *templates.Form, n int) *Return { return g.returnIn(form, n, "") }

// ReturnFrom makes one filled return of form from unit (a roster name).
func (g *Generator) ReturnFrom(form *templates.Form, n int, unit string) *Return {
	return g.returnIn(form, n, unit)
}

// returnIn makes one filled return of form from unit, or from a unit drawn
// at random when unit is "" (as Return does, drawing the same numbers).
func (g *Generator) returnIn(form *templates.Form, n int, unit string) *Return {
	r := &Return{Form: form.ID,
		Values: &render.Values{Text: map[string]string{}, Checked: map[string]bool{},
			Rows: map[string][]map[string]string{}, Dates: map[string]string{}},
		Expect: map[string]string{}, Tables: map[string][][]string{}}
	ctx := &fillCtx{g: g, form: form, r: r}
	// Each application is distinct (a college applies as 标杆院部 once),
	// and no one leads two applications of a category from one unit
	// (which the same-applicant rule reports): draw again when the unit
	// and name, or the unit and person, were already used.
	for try := 0; ; try++ {
		ctx.unit = unit
		if unit == "" {
			ctx.unit = g.Cfg.Units[g.rng.IntN(len(g.Cfg.Units))].Name
		}
		ctx.person = g.person()
		ctx.name = ctx.applicationName()
		key := form.Category + "|" + ctx.unit + "|" + ctx.name
		lead := form.Category + "|" + ctx.unit + "|leader " + ctx.person
		if (!g.used[key] && !g.used[lead]) || try > 50 {
			g.used[key], g.used[lead] = true, true
			break
		}
	}
	unit = ctx.unit
	r.Unit, r.Name = unit, ctx.name
	for _, f := range form.Fields() {
		switch f.Type {
		case templates.Table:
			ctx.table(f)
		case templates.Checkbox:
			ctx.check(f)
		default:
			// Optional fields are sometimes left blank, never one that
			// an earlier answer made required (变动说明 after 有调整).
			if !f.Required && g.rng.IntN(5) == 0 && !ctx.requiredNow(f) {
				continue
			}
			ctx.value(f)
		}
	}
	ctx.sums(form)
	r.File = fmt.Sprintf("%04d-%s-%s.docx", n, strings.TrimSuffix(unit, "党总支"), form.ShortTitle)
	return r
}

// Write writes the returns as .docx files into dir, with manifest.json.
func Write(dir string, forms *templates.Set, cfg *config.Config, rets []*Return) ([]render.Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var outs []render.Output
	for _, r := range rets {
		form, ok := forms.Find(r.Form)
		if !ok {
			return outs, fmt.Errorf("sample: no form %s", r.Form)
		}
		var buf bytes.Buffer
		if err := render.WriteDocx(&buf, form, cfg, r.Values); err != nil {
			return outs, err
		}
		path := filepath.Join(dir, r.File)
		if err := render.WriteFileAtomic(path, buf.Bytes()); err != nil {
			return outs, err
		}
		outs = append(outs, render.Output{Form: form.ID, Code: form.Code, Path: path})
	}
	data, err := json.MarshalIndent(rets, "", "  ")
	if err != nil {
		return outs, err
	}
	path := filepath.Join(dir, "manifest.json")
	if err := render.WriteFileAtomic(path, data); err != nil {
		return outs, err
	}
	return outs, nil
}

// fillCtx fills one return, keeping names consistent across its fields.
type fillCtx struct {
	g      *Generator
	unit   string
	form   *templates.Form
	r      *Return
	person string
	name   string
}

// requiredNow: f is required by what was filled in the field it depends
// on (required_if).
func (c *fillCtx) requiredNow(f *templates.Field) bool {
	on, values := f.RequiredWhen()
	return on != "" && slices.Contains(values, c.r.Values.Text[on])
}

func (c *fillCtx) pick(list []string) string { return list[c.g.rng.IntN(len(list))] }

func (c *fillCtx) set(id, typed, canonical string) {
	c.r.Values.Text[id] = typed
	c.r.Expect[id] = canonical
}

func (g *Generator) person() string {
	return surnames[g.rng.IntN(len(surnames))] + givenNames[g.rng.IntN(len(givenNames))]
}

// applicationName is what the application is called: the branch, the
// studio, the project, or for 标杆院部 the college.
func (c *fillCtx) applicationName() string {
	college := strings.TrimSuffix(strings.TrimSuffix(c.unit, "党总支"), "直属党支部")
	switch c.form.Category {
	case "model_branch":
		return college + c.pick(branchKinds)
	case "double_leader_studio":
		return c.person + c.pick(studioSuffixes)
	case "innovation_project":
		return c.pick(projectPrefixes) + c.pick(projectTopics)
	}
	return college
}

func (c *fillCtx) check(f *templates.Field) {
	on := f.Required || c.g.rng.IntN(2) == 0
	c.r.Values.Checked[f.ID] = on
	c.r.Expect[f.ID] = map[bool]string{true: "是", false: "否"}[on]
}

// value fills one scalar field by its type and, for text, by what its id
// or label says it holds.
func (c *fillCtx) value(f *templates.Field) {
	rng := c.g.rng
	switch f.Type {
	case templates.Date:
		y, m, d := 2022-rng.IntN(12), 1+rng.IntN(12), 1+rng.IntN(28)
		if f.ID == "cover_date" {
			y, m, d = 2022, 11, 10+rng.IntN(13)
		}
		if strings.Contains(f.ID, "founded") {
			y = 2005 + rng.IntN(16)
		}
		iso := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		c.set(f.ID, fmt.Sprintf("%d年%d月%d日", y, m, d), iso)
		c.r.Values.Dates[f.ID] = iso
	case templates.Month:
		y, m := 1990+rng.IntN(32), 1+rng.IntN(12)
		if f.ID == "leader_birth" {
			y = 1968 + rng.IntN(20)
		}
		c.set(f.ID, fmt.Sprintf("%d年%d月", y, m), fmt.Sprintf("%04d-%02d", y, m))
	case templates.Integer:
		n := 1 + rng.IntN(40)
		c.set(f.ID, strconv.Itoa(n), strconv.Itoa(n))
	case templates.Money:
		fen := int64(100+rng.IntN(2000)) * 100
		c.set(f.ID, strconv.FormatInt(fen/100, 10), fmt.Sprintf("%d.00", fen/100))
	case templates.Phone:
		p := c.phone()
		c.set(f.ID, p, p)
	case templates.Choice:
		ch := c.pick(choices(f, c.g.Cfg))
		switch f.ID {
		case "branch_type":
			if c.form.Category == "double_leader_studio" {
				ch = "教师党支部"
			}
		case "leader_is_secretary", "leader_double", "secretary_double":
			ch = "是"
		}
		c.set(f.ID, ch, ch)
	case templates.LongText:
		t := c.longText(f)
		c.set(f.ID, t, t)
	default:
		t := c.text(f)
		c.set(f.ID, t, t)
	}
}

func (c *fillCtx) phone() string {
	rng := c.g.rng
	if rng.IntN(4) == 0 {
		return fmt.Sprintf("0371-6%07d", rng.IntN(10000000))
	}
	return fmt.Sprintf("1%d%09d", 3+rng.IntN(7), rng.IntN(1000000000))
}

func choices(f *templates.Field, cfg *config.Config) []string {
	if f.ChoicesFrom == templates.ChoicesFromCategories {
		return cfg.CategoryNames()
	}
	return f.Choices
}

// text fills a one-line text field by what it is.
func (c *fillCtx) text(f *templates.Field) string {
	id, label := f.ID, f.Label
	switch {
	case id == "cover_unit" || id == "applicant_unit" || id == "parent_org":
		return c.unit
	case id == "cover_leader" || id == "secretary" || id == "leader_name" || id == "project_leader":
		return c.person
	case id == "college_name":
		return c.name
	case id == "org_name":
		return c.unit
	case id == "branch_name":
		if c.form.Category == "model_branch" {
			return c.name
		}
		return strings.TrimSuffix(strings.TrimSuffix(c.unit, "党总支"), "直属党支部") + c.pick(branchKinds)
	case id == "studio_name" || id == "project_name":
		return c.name
	case strings.Contains(label, "职称") || strings.Contains(label, "职务"):
		return c.pick(titles)
	case id == "leader_ethnicity":
		return c.pick([]string{"汉族", "汉族", "回族", "满族"})
	case id == "leader_education":
		return c.pick([]string{"研究生/硕士", "大学本科/学士", "研究生/博士"})
	case id == "leader_field":
		return c.pick(fields)
	case strings.Contains(label, "人") || strings.Contains(label, "姓名") || strings.Contains(label, "书记"):
		return c.g.person()
	}
	return c.pick(projectTopics)
}

// longText writes several sentences, up to the field's limit (capped at
// about 600 characters so samples stay a few pages long).
func (c *fillCtx) longText(f *templates.Field) string {
	limit := f.MaxChars
	if limit == 0 || limit > 600 {
		limit = 600
	}
	target := limit/2 + c.g.rng.IntN(limit/2)
	var b strings.Builder
	paras := 0
	for len([]rune(b.String())) < target {
		s := c.pick(sentences)
		s = strings.ReplaceAll(s, "{unit}", c.unit)
		s = strings.ReplaceAll(s, "{name}", c.name)
		if len([]rune(b.String()))+len([]rune(s)) > limit {
			break
		}
		if b.Len() > 0 && c.g.rng.IntN(4) == 0 && paras < 3 {
			b.WriteString("\n")
			paras++
		}
		b.WriteString(s)
	}
	return b.String()
}

func (c *fillCtx) table(f *templates.Field) {
	rng := c.g.rng
	n := max(f.MinRows, 2) + rng.IntN(3)
	if f.ID == "activities" {
		n = 4
	}
	var rows []map[string]string
	var expect [][]string
	for i := 0; i < n; i++ {
		row := map[string]string{}
		var exp []string
		for _, col := range f.Columns {
			typed, canon := c.cell(f, &col, i)
			row[col.ID] = typed
			exp = append(exp, canon)
		}
		rows = append(rows, row)
		expect = append(expect, exp)
	}
	c.r.Values.Rows[f.ID] = rows
	c.r.Tables[f.ID] = expect
}

// cell fills one table cell; the row index keeps 四铁四新 activities in
// order and budget amounts within the category's funding.
func (c *fillCtx) cell(f *templates.Field, col *templates.Field, row int) (typed, canonical string) {
	rng := c.g.rng
	switch col.Type {
	case templates.Month:
		y, m := 2020+rng.IntN(3), 1+rng.IntN(12)
		if f.ID == "plan_schedule" || f.ID == "plan" || f.ID == "activities" {
			y, m = 2023, 1+row*2
		}
		if y == 2022 && m > 10 {
			// Honours count within the three years before the deadline
			// (2022-11-24): none dated after it.
			m = 10
		}
		return fmt.Sprintf("%d年%d月", y, m), fmt.Sprintf("%04d-%02d", y, m)
	case templates.Money:
		yuan := 200 + 100*rng.IntN(8)
		return strconv.Itoa(yuan), fmt.Sprintf("%d.00", yuan)
	case templates.Choice:
		ch := c.pick(col.Choices)
		if col.ID == "activity" {
			ch = col.Choices[row%len(col.Choices)]
		}
		if col.ID == "level" {
			levels := []string{"校级", "厅局级", "省部级"}
			if f.ID == "honoured_people" && row < 2 {
				// 标杆院部 need 多名 (two or more) people honoured at
				// 厅局级 or above.
				levels = []string{"厅局级", "省部级", "国家级"}
			}
			ch = c.pick(levels)
		}
		return ch, ch
	case templates.Integer:
		return strconv.Itoa(row + 1), strconv.Itoa(row + 1)
	case templates.Date:
		m, d := 1+row%12, 1+rng.IntN(28)
		return fmt.Sprintf("2023年%d月%d日", m, d), fmt.Sprintf("2023-%02d-%02d", m, d)
	}
	var t string
	switch col.ID {
	case "name":
		if f.ID == "honours" {
			t = c.pick(honourNames)
		} else {
			t = c.g.person()
		}
	case "issuer":
		t = c.pick(issuers)
	case "title":
		if f.ID == "team" {
			t = c.pick(titles)
		} else {
			t = c.pick(honourTitles)
		}
	case "task", "content":
		t = c.pick(tasks)
	case "result":
		t = c.pick(results)
	case "item":
		t = c.pick(budgetItems)
	case "role", "note":
		t = c.pick(roles)
	case "link":
		t = fmt.Sprintf("https://mp.weixin.qq.com/s/sample-%d-%d", row+1, rng.IntN(100000))
	default:
		t = c.pick(projectTopics)
	}
	return t, t
}

// sums makes totals agree with their parts (党员总数 = 教职工 + 学生,
// 预算合计 = the budget rows), as a careful department would.
func (c *fillCtx) sums(form *templates.Form) {
	for _, f := range form.Fields() {
		if len(f.SumOf) == 0 {
			continue
		}
		var total int64
		for _, ref := range f.SumOf {
			id, col, isCol := strings.Cut(ref, ".")
			if !isCol {
				n, _ := strconv.ParseInt(c.r.Expect[id], 10, 64)
				total += n
				continue
			}
			t := form.Field(id)
			for _, row := range c.r.Values.Rows[id] {
				for _, column := range t.Columns {
					if column.ID == col {
						n, _ := strconv.ParseInt(row[col], 10, 64)
						total += n
					}
				}
			}
		}
		if f.Type == templates.Money {
			c.set(f.ID, strconv.FormatInt(total, 10), fmt.Sprintf("%d.00", total))
		} else {
			c.set(f.ID, strconv.FormatInt(total, 10), strconv.FormatInt(total, 10))
		}
	}
}

// FilledDocx is a sample return of the form formID (seed picks its
// values), written as the .docx a department returns.
func FilledDocx(forms *templates.Set, cfg *config.Config, seed uint64, formID string) (*Return, []byte, error) {
	form, ok := forms.Find(formID)
	if !ok {
		return nil, nil, fmt.Errorf("sample: no form %s", formID)
	}
	r := New(forms, cfg, seed).Return(form, 1)
	var buf bytes.Buffer
	if err := render.WriteDocx(&buf, form, cfg, r.Values); err != nil {
		return nil, nil, err
	}
	return r, buf.Bytes(), nil
}

// CloneValues is a deep copy of v, to edit without touching v.
func CloneValues(v *render.Values) *render.Values {
	c := &render.Values{Text: map[string]string{}, Checked: map[string]bool{},
		Rows: map[string][]map[string]string{}, Dates: map[string]string{}}
	for k, s := range v.Text {
		c.Text[k] = s
	}
	for k, b := range v.Checked {
		c.Checked[k] = b
	}
	for k, s := range v.Dates {
		c.Dates[k] = s
	}
	for k, rows := range v.Rows {
		for _, r := range rows {
			row := map[string]string{}
			for ck, cv := range r {
				row[ck] = cv
			}
			c.Rows[k] = append(c.Rows[k], row)
		}
	}
	return c
}
