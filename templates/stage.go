package templates

import (
	"slices"
	"strings"
)

// The notice's later rounds (通知 四.3–4): a 中期考核 of every construction
// object, then a 建设工作报告 for its 验收. Their forms are specs like 附件5–9
// with three more things: one spec makes a variant per category; dbzx
// writes each object's copy with what it already knows filled in (the
// identity, the application's targets echoed, seeded table rows); and a
// return is read back against that object, never as a new application.

// Stages of the programme that have forms.
const (
	StageApply   = ""        // 申报: 附件5–9
	StageMidterm = "midterm" // 中期考核
	StageFinal   = "final"   // 建设工作报告（验收）
)

// StageNames are the stages as the clerk calls them, StageFormNames
// their forms.
var (
	StageNames     = map[string]string{StageApply: "申报", StageMidterm: "中期考核", StageFinal: "验收"}
	StageFormNames = map[string]string{StageApply: "申报书", StageMidterm: "中期考核表", StageFinal: "建设工作报告"}
)

// StageConclusions are the committee's conclusions of a stage (中期: go
// on, put right by a date, stop; 验收: the three of 武汉工程大学), and
// StageGrades the grades suggested by the total (≥90, 80–89, 60–79, <60).
var (
	StageConclusions = map[string][]string{StageMidterm: {"通过", "限期整改", "终止建设"}, StageFinal: {"通过验收", "暂缓通过", "不予通过"}}
	StageGrades      = []string{"优秀", "良好", "合格", "不合格"}
)

// Variant is one category's form made from a spec with variants.
type Variant struct {
	Category string `yaml:"category" json:"category"`
	Name     string `yaml:"name" json:"name"` // 样板党支部: in the title and the file name
}

// PrefillSources are the values dbzx knows of a construction object when
// it writes the object's form (Prefill). application.<field id> echoes the
// application's own field; ticked.<prefix> lists the labels of the
// application's ticked checkboxes whose ids start with prefix.
var PrefillSources = map[string]string{
	"object.ref":           "立项编号",
	"object.category":      "建设类别",
	"object.unit":          "建设单位",
	"object.name":          "建设名称",
	"object.leader":        "负责人",
	"object.start_month":   "建设起始时间",
	"object.end_month":     "建设截止时间",
	"object.midterm_month": "中期考核时间",
	"object.allocation":    "资助经费（元）",
	"midterm.grade":        "中期考核等次",
	"midterm.conclusion":   "中期考核结论",
	"midterm.feedback":     "中期反馈意见",
}

// Row sources of RowsFrom besides application.<table id>.
const (
	RowsFromScoring   = "scoring"               // the stage's scoring items: item, points
	RowsFromRectify   = "midterm.rectify_items" // the mid-term's rectification items: issue, requirement
	prefixApplication = "application."
	prefixTicked      = "ticked."
)

// IsStage reports whether the form is a later stage's (written for one
// construction object) rather than an application form.
func (f *Form) IsStage() bool { return f.Stage != StageApply }

// Label is the field's label in the form's category variant.
func (fd *Field) labelFor(category string) string {
	if l, ok := fd.Labels[category]; ok && l != "" {
		return l
	}
	return fd.Label
}

// expand makes the variants of a spec with variants (the spec itself
// otherwise): for each, the fields of its category with their labels.
func (f *Form) expand() []*Form {
	if len(f.Variants) == 0 {
		return []*Form{f}
	}
	var out []*Form
	for i, v := range f.Variants {
		c := *f
		c.variant = i
		c.Variants = nil
		c.ID = f.ID + "-" + v.Category
		c.Category = v.Category
		c.Title = strings.ReplaceAll(f.Title, "{variant}", v.Name)
		c.ShortTitle = strings.ReplaceAll(f.ShortTitle, "{variant}", v.Name)
		c.Cover = fieldsFor(f.Cover, v.Category)
		c.Sections = nil
		for _, s := range f.Sections {
			s.Fields = fieldsFor(s.Fields, v.Category)
			if len(s.Fields) == 0 && s.Kind == "" {
				continue // a part of another category only
			}
			s.Title = strings.ReplaceAll(s.Title, "{variant}", v.Name)
			c.Sections = append(c.Sections, s)
		}
		out = append(out, &c)
	}
	return out
}

func fieldsFor(fs []Field, category string) []Field {
	var out []Field
	for _, fd := range fs {
		if len(fd.Only) > 0 && !slices.Contains(fd.Only, category) {
			continue
		}
		fd.Label = fd.labelFor(category)
		fd.Labels, fd.Only = nil, nil
		if len(fd.Columns) > 0 {
			fd.Columns = fieldsFor(fd.Columns, category)
		}
		out = append(out, fd)
	}
	return out
}

// checkStage checks what only stage forms use, before the variants are
// made: the stage, the variants and every field's prefill, rows and
// conditions.
func (f *Form) checkStage(bad func(rule Rule, field, found, ref string) error) error {
	if f.Stage != StageApply && f.Stage != StageMidterm && f.Stage != StageFinal {
		return bad(BadStage, "", f.Stage, "")
	}
	cats := map[string]bool{}
	for _, v := range f.Variants {
		if v.Category == "" || v.Name == "" {
			return bad(BadVariant, "", "", "")
		}
		if cats[v.Category] {
			return bad(DuplicateVariant, "", v.Category, "")
		}
		cats[v.Category] = true
	}
	if len(f.Variants) > 0 && f.Category != "" {
		return bad(VariantsCategory, "", "", "")
	}
	if f.IsStage() && len(f.Variants) == 0 && f.Category == "" {
		return bad(NoVariants, "", "", "")
	}
	var check func(fd *Field, table *Field) error
	check = func(fd *Field, table *Field) error {
		for _, c := range fd.Only {
			if !cats[c] && c != f.Category {
				return bad(OnlyNotVariant, fd.ID, "", c)
			}
		}
		for c := range fd.Labels {
			if !cats[c] && c != f.Category {
				return bad(LabelsNotVariant, fd.ID, "", c)
			}
		}
		if p := fd.Prefill; p != "" {
			_, known := PrefillSources[p]
			if !known && !strings.HasPrefix(p, prefixApplication) && !strings.HasPrefix(p, prefixTicked) {
				return bad(UnknownPrefill, fd.ID, p, "")
			}
			if !f.IsStage() {
				return bad(PrefillNotStage, fd.ID, "", "")
			}
		}
		if fd.MaxFrom != "" && (fd.MaxFrom != "allocation" || fd.Type != Money) {
			return bad(BadMaxFrom, fd.ID, fd.MaxFrom, "")
		}
		for _, r := range fd.RowsFrom {
			if fd.Type != Table {
				return bad(RowsFromNotTable, fd.ID, "", "")
			}
			if r != RowsFromScoring && r != RowsFromRectify && !strings.HasPrefix(r, prefixApplication) {
				return bad(UnknownRowsFrom, fd.ID, r, "")
			}
		}
		if len(fd.SeedRows) > 0 && fd.Type != Table {
			return bad(SeedRowsNotTable, fd.ID, "", "")
		}
		if fd.From != "" && (table == nil || len(table.RowsFrom) == 0) {
			return bad(FromWithoutRows, fd.ID, "", "")
		}
		if fd.RequiredIf != "" {
			id, vals, ok := strings.Cut(fd.RequiredIf, "=")
			if !ok || vals == "" {
				return bad(BadRequiredIf, fd.ID, fd.RequiredIf, "")
			}
			var other *Field
			if table != nil {
				other = table.column(id)
			} else {
				other = f.Field(id)
			}
			if other == nil {
				return bad(RequiredIfNoField, fd.ID, "", id)
			}
			for _, v := range strings.Split(vals, "|") {
				if other.Type == Choice && other.ChoicesFrom == "" && !slices.Contains(other.Choices, v) {
					return bad(RequiredIfNoChoice, fd.ID, v, id)
				}
			}
		}
		for i := range fd.Columns {
			if err := check(&fd.Columns[i], fd); err != nil {
				return err
			}
		}
		return nil
	}
	for _, fd := range f.Fields() {
		if err := check(fd, nil); err != nil {
			return err
		}
	}
	return nil
}

// RequiredWhen splits RequiredIf: the field it depends on and the values
// that make this one required.
func (fd *Field) RequiredWhen() (field string, values []string) {
	id, vals, ok := strings.Cut(fd.RequiredIf, "=")
	if !ok {
		return "", nil
	}
	return id, strings.Split(vals, "|")
}

// StageForms returns the forms of a stage, in order.
func (s *Set) StageForms(stage string) []*Form {
	var out []*Form
	for _, f := range s.Forms {
		if f.Stage == stage {
			out = append(out, f)
		}
	}
	return out
}

// StageForm returns a stage's form for a category.
func (s *Set) StageForm(stage, category string) (*Form, bool) {
	for _, f := range s.Forms {
		if f.Stage == stage && f.Category == category {
			return f, true
		}
	}
	return nil, false
}

// Column returns a table field's column by id, or nil.
func (f *Field) Column(id string) *Field { return f.column(id) }
