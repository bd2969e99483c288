package ooxml

// ControlKind is the kind of a content control (w:sdt).
type ControlKind int

// Content control kinds. There is deliberately no plain-text kind:
// LibreOffice turns plain-text controls into input fields and writes their
// value four times on save, while rich-text controls survive intact.
const (
	RichText ControlKind = iota
	Date
	DropDown
	Checkbox
)

// Control describes a content control, written or read back. Tag is the
// machine id a reader finds the field by, Alias the human label Word shows
// on the control's tab. The last four fields are set by the reader only.
type Control struct {
	Kind        ControlKind
	Tag, Alias  string
	Placeholder bool     // content is the prompt (w:showingPlcHdr)
	Locked      bool     // neither the control nor its content can be edited (w:lock)
	DateFormat  string   // Date: display format, e.g. yyyy年M月d日
	FullDate    string   // Date: the chosen date (written as 2022-11-01)
	Items       []string // DropDown, ComboBox: the choices
	Checked     bool     // Checkbox: state

	Text  string // visible text of its content
	Level string // what it wraps: LevelRun, LevelBlock, LevelCell, LevelRow
	Cell  *Cell  // innermost table cell the control is in (nil: body)
	Table *Table // the first table it wraps, if any
}

// Checkbox glyphs written for checkbox controls, with the font Word expects
// them in (MS Gothic has both; other clients substitute a CJK font that has).
const (
	CheckedGlyph   = "☒"
	UncheckedGlyph = "☐"
	CheckboxFont   = "MS Gothic"
)

func (c Control) props() *Node {
	pr := E("w:sdtPr")
	if c.Alias != "" {
		pr.Add(Val("w:alias", c.Alias))
	}
	if c.Tag != "" {
		pr.Add(Val("w:tag", c.Tag))
	}
	if c.Locked {
		pr.Add(Val("w:lock", "sdtContentLocked"))
	}
	if c.Placeholder {
		pr.Add(E("w:showingPlcHdr"))
	}
	switch c.Kind {
	case Date:
		var full any
		if c.FullDate != "" {
			full = A("w:fullDate", c.FullDate+"T00:00:00Z")
		}
		pr.Add(E("w:date", full,
			Val("w:dateFormat", c.DateFormat),
			Val("w:lid", "zh-CN"),
			Val("w:storeMappedDataAs", "dateTime"),
			Val("w:calendar", "gregorian")))
	case DropDown:
		dd := E("w:dropDownList")
		for _, it := range c.Items {
			dd.Add(E("w:listItem", A("w:displayText", it), A("w:value", it)))
		}
		pr.Add(dd)
	case Checkbox:
		checked := "0"
		if c.Checked {
			checked = "1"
		}
		pr.Add(E("w14:checkbox",
			E("w14:checked", A("w14:val", checked)),
			E("w14:checkedState", A("w14:val", "2612"), A("w14:font", CheckboxFont)),
			E("w14:uncheckedState", A("w14:val", "2610"), A("w14:font", CheckboxFont))))
	}
	return pr
}

// InlineControl wraps runs in a run-level content control (inside a w:p).
func InlineControl(c Control, runs ...*Node) *Node {
	return E("w:sdt", c.props(), E("w:sdtContent", runs))
}

// BlockControl wraps block content (paragraphs, tables) in a content control.
func BlockControl(c Control, blocks ...*Node) *Node {
	return E("w:sdt", c.props(), E("w:sdtContent", blocks))
}

// CheckboxRun returns the glyph run shown inside a checkbox control.
func CheckboxRun(checked bool, size int) *Node {
	g := UncheckedGlyph
	if checked {
		g = CheckedGlyph
	}
	return R(g, RunStyle{Fonts: Fonts{CheckboxFont, CheckboxFont}, Size: size})
}
