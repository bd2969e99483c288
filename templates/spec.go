// Package templates holds the form specs: the one declarative source of
// every form of the programme (附件5–9), its fields, labels, types and
// field-level rules. The writer (render), the reader (intake) and the rules
// all read these specs; nothing else lists a field.
//
// The specs ship embedded (forms/*.yaml). A folder of the user's own spec
// files, loaded with Load, replaces forms of the same id and adds new ones,
// so next year's round needs no change to Go code.
package templates

import (
	"fmt"
	"strings"
)

// FieldType is the type of a field's value.
type FieldType string

// Field types.
const (
	Text     FieldType = "text"     // one line of text
	LongText FieldType = "longtext" // paragraphs, with a character limit
	Integer  FieldType = "integer"  // whole number; units (25人) tolerated on read
	Money    FieldType = "money"    // 元
	Date     FieldType = "date"     // 2022年11月1日
	Month    FieldType = "month"    // 2022年11月
	Phone    FieldType = "phone"    // mobile or landline
	Choice   FieldType = "choice"   // one of Choices
	Checkbox FieldType = "checkbox" // ticked or not
	Table    FieldType = "table"    // repeating rows of typed Columns
)

var fieldTypes = map[FieldType]bool{Text: true, LongText: true, Integer: true, Money: true,
	Date: true, Month: true, Phone: true, Choice: true, Checkbox: true, Table: true}

// Format of a form's file.
const (
	FormatDocx = "docx"
	FormatXlsx = "xlsx"
)

// ChoicesFromCategories, as a field's choices_from, fills the choices with
// the programme's category names from the configuration when rendering.
const ChoicesFromCategories = "categories"

// Field is one thing a department fills in.
type Field struct {
	ID          string    `yaml:"id" json:"id"`
	Label       string    `yaml:"label" json:"label"`
	Type        FieldType `yaml:"type" json:"type"`
	Required    bool      `yaml:"required,omitempty" json:"required"`
	Choices     []string  `yaml:"choices,omitempty" json:"choices,omitempty"`
	ChoicesFrom string    `yaml:"choices_from,omitempty" json:"choices_from,omitempty"`
	MaxChars    int       `yaml:"max_chars,omitempty" json:"max_chars,omitempty"`
	Min         *int64    `yaml:"min,omitempty" json:"min,omitempty"`
	Max         *int64    `yaml:"max,omitempty" json:"max,omitempty"`
	// SumOf names fields (or "table.column") whose values add up to this one.
	SumOf []string `yaml:"sum_of,omitempty" json:"sum_of,omitempty"`
	Help  string   `yaml:"help,omitempty" json:"help,omitempty"`
	// Width is "half" (two fields share a table row) or "full". Defaults:
	// full for long texts, tables and checkboxes, half for the rest.
	Width string `yaml:"width,omitempty" json:"width,omitempty"`
	// Lines is the height of a long text's box in the blank form.
	Lines int `yaml:"lines,omitempty" json:"-"`
	// Table only.
	Columns []Field `yaml:"columns,omitempty" json:"columns,omitempty"`
	MinRows int     `yaml:"min_rows,omitempty" json:"min_rows,omitempty"`
	Rows    int     `yaml:"rows,omitempty" json:"rows,omitempty"` // blank rows in the blank form
	// Weight is a table column's relative width in the blank form.
	Weight int `yaml:"weight,omitempty" json:"-"`

	// The later stages' forms are written for one construction object,
	// partly filled in by dbzx (see stage.go).

	// Only lists the categories whose variant of the form has the field
	// (empty: all).
	Only []string `yaml:"only,omitempty" json:"only,omitempty"`
	// Labels gives the field another label in a category's variant.
	Labels map[string]string `yaml:"labels,omitempty" json:"labels,omitempty"`
	// Prefill is where dbzx takes the field's value from when it writes
	// the form for an object: one of PrefillSources, or application.<id>
	// (the field of the object's application, echoed).
	Prefill string `yaml:"prefill,omitempty" json:"prefill,omitempty"`
	// ReadOnly fields are locked in the form: what the unit reads, not
	// what it writes (echoes of the application).
	ReadOnly bool `yaml:"readonly,omitempty" json:"readonly,omitempty"`
	// RequiredIf makes the field required when another has a value:
	// "org_stable=有调整" or "status=已完成|基本完成" (within a table row).
	RequiredIf string `yaml:"required_if,omitempty" json:"required_if,omitempty"`
	// MaxFrom bounds a money field by the object's allocation
	// ("allocation"): its category's funding.
	MaxFrom string `yaml:"max_from,omitempty" json:"max_from,omitempty"`
	// RowsFrom seeds a table's rows when the form is written for an
	// object: from the application's table (application.<id>; the first
	// that the application's form has), the stage's scoring items
	// (scoring), or the mid-term's rectification items.
	RowsFrom []string `yaml:"rows_from,omitempty" json:"rows_from,omitempty"`
	// SeedRows are fixed rows: the first column's values.
	SeedRows []string `yaml:"seed_rows,omitempty" json:"seed_rows,omitempty"`
	// From is the column of the seeding rows a seeded column is copied
	// from (a column of the application's table, or item/points of the
	// scoring items).
	From string `yaml:"from,omitempty" json:"from,omitempty"`
}

// Full reports whether the field takes a whole table row.
func (f *Field) Full() bool {
	switch f.Width {
	case "full":
		return true
	case "half":
		return false
	}
	return f.Type == LongText || f.Type == Table || f.Type == Checkbox
}

// Prompt is the placeholder text shown in an empty field. Readers must
// recognise it as "empty": LibreOffice drops the placeholder flag on save,
// so the prompt comes back as ordinary text.
func (f *Field) Prompt() string {
	if f.Help != "" {
		return f.Help
	}
	switch f.Type {
	case Date:
		return "点击选择日期"
	case Month:
		return "请填写年月"
	case Choice:
		return "请选择"
	case LongText:
		if f.MaxChars > 0 {
			return fmt.Sprintf("请填写，%d字以内", f.MaxChars)
		}
	}
	return "请填写"
}

// Identity names, by field id, what identifies an application across its
// versions (category + unit + name) and who to contact about it.
type Identity struct {
	Unit   string `yaml:"unit" json:"unit"`     // the applying unit (申报单位)
	Name   string `yaml:"name" json:"name"`     // what is applied for: branch, studio, project…
	Leader string `yaml:"leader" json:"leader"` // the person responsible
	// Contact is the person Phone belongs to, when not the leader (附件5
	// and 6 ask for a 联系人 beside the secretary).
	Contact string `yaml:"contact,omitempty" json:"contact,omitempty"`
	Phone   string `yaml:"phone" json:"phone"`
}

// Who resolves the identity fields: those the spec names, else the first
// cover field for the unit, the first text field of the sections for the
// name, the second cover field for the leader and the first phone field.
func (f *Form) Who() Identity {
	id := f.Identity
	var texts, phones []string
	for _, s := range f.Sections {
		for _, fd := range s.Fields {
			switch fd.Type {
			case Text:
				texts = append(texts, fd.ID)
			case Phone:
				phones = append(phones, fd.ID)
			}
		}
	}
	for _, fd := range f.Cover {
		if fd.Type == Phone {
			phones = append(phones, fd.ID)
		}
	}
	if id.Unit == "" && len(f.Cover) > 0 {
		id.Unit = f.Cover[0].ID
	}
	if id.Name == "" && len(texts) > 0 {
		id.Name = texts[0]
	}
	if id.Leader == "" && len(f.Cover) > 1 {
		id.Leader = f.Cover[1].ID
	}
	if id.Phone == "" && len(phones) > 0 {
		id.Phone = phones[0]
	}
	return id
}

// Section is a titled group of fields. Kind "seal" adds the signature and
// seal line below its fields; kind "office" is the box left for the
// 党委组织部 (no fields: the applicant does not fill it).
type Section struct {
	Title  string  `yaml:"title" json:"title"`
	Kind   string  `yaml:"kind,omitempty" json:"kind,omitempty"`
	Intro  string  `yaml:"intro,omitempty" json:"intro,omitempty"`
	Fields []Field `yaml:"fields,omitempty" json:"fields,omitempty"`
}

// Section kinds.
const (
	SectionSeal   = "seal"
	SectionOffice = "office"
)

// Form is one form of the programme.
type Form struct {
	ID           string    `yaml:"id" json:"id"`
	Code         string    `yaml:"code" json:"code"` // 附件5
	Version      string    `yaml:"version" json:"version"`
	Title        string    `yaml:"title" json:"title"`
	ShortTitle   string    `yaml:"short_title" json:"short_title"` // file names: 附件5-标杆院部申报书
	Category     string    `yaml:"category,omitempty" json:"category,omitempty"`
	Format       string    `yaml:"format" json:"format"`
	Cover        []Field   `yaml:"cover,omitempty" json:"cover,omitempty"`
	Instructions []string  `yaml:"instructions,omitempty" json:"instructions,omitempty"`
	Sections     []Section `yaml:"sections" json:"sections"`
	// Identity names the fields that say whose application a return is.
	Identity Identity `yaml:"identity,omitempty" json:"identity"`
	// Stage is the round the form belongs to: "" for the application
	// (附件5–9), StageMidterm or StageFinal for the forms a construction
	// object returns later.
	Stage string `yaml:"stage,omitempty" json:"stage,omitempty"`
	// Variants make one form per category from one spec: the id gains
	// "-<category>", {variant} in the titles becomes the variant's name,
	// and fields only for other categories are left out.
	Variants []Variant `yaml:"variants,omitempty" json:"-"`
	// Source is where the spec was read from (embedded or a user's file).
	Source string `yaml:"-" json:"source"`
	// variant is the place of the form among its spec's variants.
	variant int
}

// FileName is the file name of the blank form: 附件5-标杆院部申报书.docx.
func (f *Form) FileName() string {
	return f.Code + "-" + f.ShortTitle + "." + f.Format
}

// Fields returns every top-level field of the form in document order:
// cover first, then the sections'. Table columns are inside their table.
func (f *Form) Fields() []*Field {
	var out []*Field
	for i := range f.Cover {
		out = append(out, &f.Cover[i])
	}
	for s := range f.Sections {
		for i := range f.Sections[s].Fields {
			out = append(out, &f.Sections[s].Fields[i])
		}
	}
	return out
}

// Field returns the field with the given id, or nil.
func (f *Form) Field(id string) *Field {
	for _, fd := range f.Fields() {
		if fd.ID == id {
			return fd
		}
	}
	return nil
}

// Check reports the first inconsistency in the spec: the message names the
// form and the field, so a user editing a spec file can find it.
func (f *Form) Check() error {
	bad := func(rule Rule, field, found, ref string) error {
		return &SpecError{Form: f.ID, Source: f.Source, Rule: rule, Field: field, Found: found, Ref: ref}
	}
	switch {
	case f.ID == "":
		return bad(NoID, "", "", "")
	case f.Code == "" || f.Title == "" || f.ShortTitle == "" || f.Version == "":
		return bad(NoTitles, "", "", "")
	case f.Format != FormatDocx && f.Format != FormatXlsx:
		return bad(BadFormat, "", f.Format, "")
	case strings.ContainsAny(f.ShortTitle+f.Code, `/\:*?"<>|`):
		return bad(BadFileName, "", "", "")
	}
	seen := map[string]bool{}
	var checkField func(fd *Field, inTable bool) error
	checkField = func(fd *Field, inTable bool) error {
		switch {
		case fd.ID == "" || fd.Label == "":
			return bad(NoFieldID, fd.ID, fd.Label, "")
		case !fieldTypes[fd.Type]:
			return bad(UnknownType, fd.ID, string(fd.Type), "")
		case fd.Type == Choice && len(fd.Choices) == 0 && fd.ChoicesFrom == "":
			return bad(NoChoices, fd.ID, "", "")
		case fd.ChoicesFrom != "" && fd.ChoicesFrom != ChoicesFromCategories:
			return bad(UnknownChoicesFrom, fd.ID, fd.ChoicesFrom, "")
		case fd.Type == Table && len(fd.Columns) == 0:
			return bad(NoColumns, fd.ID, "", "")
		case fd.Type == Table && inTable:
			return bad(NestedTable, fd.ID, "", "")
		case fd.Width != "" && fd.Width != "half" && fd.Width != "full":
			return bad(BadWidth, fd.ID, fd.Width, "")
		case strings.ContainsAny(fd.ID, " .\t"):
			return bad(BadFieldID, fd.ID, "", "")
		}
		if !inTable {
			if seen[fd.ID] {
				return bad(DuplicateField, fd.ID, "", "")
			}
			seen[fd.ID] = true
		}
		cols := map[string]bool{}
		for i := range fd.Columns {
			if err := checkField(&fd.Columns[i], true); err != nil {
				return err
			}
			if cols[fd.Columns[i].ID] {
				return bad(DuplicateColumn, fd.ID, "", fd.Columns[i].ID)
			}
			cols[fd.Columns[i].ID] = true
		}
		return nil
	}
	for _, fd := range f.Fields() {
		if err := checkField(fd, false); err != nil {
			return err
		}
	}
	for _, fd := range f.Fields() {
		for _, ref := range fd.SumOf {
			id, col, isCol := strings.Cut(ref, ".")
			t := f.Field(id)
			switch {
			case t == nil:
				return bad(SumOfNoField, fd.ID, "", ref)
			case isCol && (t.Type != Table || t.column(col) == nil):
				return bad(SumOfNoColumn, fd.ID, "", ref)
			}
		}
	}
	for _, id := range []string{f.Identity.Unit, f.Identity.Name, f.Identity.Leader, f.Identity.Phone} {
		if id != "" && f.Field(id) == nil {
			return bad(IdentityNoField, "", id, "")
		}
	}
	for _, s := range f.Sections {
		if s.Kind != "" && s.Kind != SectionSeal && s.Kind != SectionOffice {
			return bad(UnknownSection, s.Title, s.Kind, "")
		}
	}
	return f.checkStage(bad)
}

func (f *Field) column(id string) *Field {
	for i := range f.Columns {
		if f.Columns[i].ID == id {
			return &f.Columns[i]
		}
	}
	return nil
}

// TypeLabel names a field's type in Chinese, with its limit or choices.
func (f *Field) TypeLabel() string {
	names := map[FieldType]string{Text: "文本", LongText: "长文本", Integer: "整数", Money: "金额（元）",
		Date: "日期", Month: "年月", Phone: "电话", Choice: "选择", Checkbox: "勾选", Table: "表格"}
	s := names[f.Type]
	switch {
	case f.Type == LongText && f.MaxChars > 0:
		s += fmt.Sprintf("（%d字以内）", f.MaxChars)
	case f.Type == Choice && f.ChoicesFrom == ChoicesFromCategories:
		s += "：申报类别"
	case f.Type == Choice:
		s += "：" + strings.Join(f.Choices, "/")
	case f.Type == Table && f.MinRows > 0:
		s += fmt.Sprintf("（至少%d行）", f.MinRows)
	}
	return s
}
