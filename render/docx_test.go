package render

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"dbzx/config"
	"dbzx/templates"
)

// writtenDocx is a form written by WriteDocx: its bytes, its parts and its
// document.xml as a tree.
type writtenDocx struct {
	data  []byte
	parts map[string][]byte
	doc   *xmlNode
}

func writeDocx(t *testing.T, form *templates.Form, cfg *config.Config, vals *Values) writtenDocx {
	t.Helper()
	var b bytes.Buffer
	if err := WriteDocx(&b, form, cfg, vals); err != nil {
		t.Fatalf("WriteDocx(%s): %v", form.ID, err)
	}
	parts := unzip(t, b.Bytes())
	doc, ok := parts["word/document.xml"]
	if !ok {
		t.Fatal("no word/document.xml")
	}
	return writtenDocx{b.Bytes(), parts, parseXML(t, "word/document.xml", doc)}
}

// controls returns the content controls of the document by tag.
func (d writtenDocx) controls() map[string][]*xmlNode {
	out := map[string][]*xmlNode{}
	for _, sdt := range d.doc.all(nsW, "sdt") {
		tag := sdt.child(nsW, "sdtPr").child(nsW, "tag")
		if tag == nil {
			out[""] = append(out[""], sdt)
			continue
		}
		out[tag.val()] = append(out[tag.val()], sdt)
	}
	return out
}

func props(sdt *xmlNode) *xmlNode   { return sdt.child(nsW, "sdtPr") }
func content(sdt *xmlNode) *xmlNode { return sdt.child(nsW, "sdtContent") }

// isCover reports whether f is one of the form's cover fields.
func isCover(form *templates.Form, f *templates.Field) bool {
	for i := range form.Cover {
		if &form.Cover[i] == f {
			return true
		}
	}
	return false
}

// TestDocxPartsWellFormed defends every client's first step: each part of
// each form parses as XML, and every style the document refers to exists.
func TestDocxPartsWellFormed(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, form := range docxForms(t) {
		t.Run(form.ID, func(t *testing.T) {
			d := writeDocx(t, form, cfg, nil)
			for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
				"word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
				"word/footer1.xml", "word/footer2.xml", "docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"} {
				if _, ok := d.parts[name]; !ok {
					t.Errorf("no part %s", name)
				}
			}
			for name, data := range d.parts {
				parseXML(t, name, data)
			}
			styles := map[string]bool{}
			for _, s := range parseXML(t, "styles", d.parts["word/styles.xml"]).children(nsW, "style") {
				id, _ := s.attr(nsW, "styleId")
				styles[id] = true
			}
			for _, kind := range []string{"pStyle", "rStyle"} {
				for _, ref := range d.doc.all(nsW, kind) {
					if !styles[ref.val()] {
						t.Errorf("w:%s %q is not defined in styles.xml", kind, ref.val())
					}
				}
			}
		})
	}
}

// TestDocxEveryFieldOnceAsControl defends the reader's contract: every
// field of the spec is exactly one content control tagged with its id and
// aliased with its label, and nothing else is a control. Each control sits
// where the reader's second anchor, the label, can find it when a client
// has dropped the tag: the previous cell (cover fields: past any empty
// spacer cell), the next cell for checkboxes, the row above for long
// texts; a table field wraps its table, whose caption is the label and
// whose header row is the column labels.
func TestDocxEveryFieldOnceAsControl(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, form := range docxForms(t) {
		t.Run(form.ID, func(t *testing.T) {
			checkFieldControls(t, form, writeDocx(t, form, cfg, nil))
		})
	}
}

// checkFieldControls checks that each field of form is one control, where
// the reader looks for it.
func checkFieldControls(t *testing.T, form *templates.Form, d writtenDocx) {
	t.Helper()
	ctl := d.controls()
	fields := form.Fields()
	if n := len(d.doc.all(nsW, "sdt")); n != len(fields) {
		t.Errorf("%d content controls, want one per field: %d", n, len(fields))
	}
	for _, f := range fields {
		sdts := ctl[f.ID]
		if len(sdts) != 1 {
			t.Errorf("field %s: %d controls, want exactly 1", f.ID, len(sdts))
			continue
		}
		sdt := sdts[0]
		if alias := props(sdt).child(nsW, "alias"); alias == nil || alias.val() != f.Label {
			t.Errorf("field %s: alias %v, want %q", f.ID, alias, f.Label)
		}
		if f.Type == templates.Table {
			checkTableControl(t, f, sdt)
			continue
		}
		checkLabelBeside(t, form, f, sdt)
	}
}

// checkLabelBeside checks an inline control's place and its label's cell.
func checkLabelBeside(t *testing.T, form *templates.Form, f *templates.Field, sdt *xmlNode) {
	t.Helper()
	if !sdt.Parent.is(nsW, "p") {
		t.Errorf("field %s: control inside %v, want a paragraph (run level)", f.ID, sdt.Parent.Name)
		return
	}
	tc := sdt.ancestor(nsW, "tc")
	if tc == nil {
		t.Errorf("field %s: control not in a table cell", f.ID)
		return
	}
	if got, want := tc.text(), content(sdt).text(); got != want {
		t.Errorf("field %s: its cell holds %q besides the control's %q", f.ID, got, want)
	}
	tr := tc.Parent
	cells := tr.children(nsW, "tc")
	at := -1
	for i, c := range cells {
		if c == tc {
			at = i
		}
	}
	var label *xmlNode
	var where string
	switch {
	case isCover(form, f):
		// The cover may put an empty spacer cell between the label and
		// the line written on: the label is the nearest cell before that
		// is not empty, with nothing but spacers between.
		where = "the nearest non-empty cell before"
		for i := at - 1; i >= 0; i-- {
			if cells[i].text() != "" {
				label = cells[i]
				break
			}
		}
	case f.Type == templates.Checkbox:
		where = "the next cell"
		if at+1 < len(cells) {
			label = cells[at+1]
		}
	case f.Type == templates.LongText:
		where = "the row above"
		rows := tr.Parent.children(nsW, "tr")
		for i, r := range rows {
			if r == tr && i > 0 {
				above := rows[i-1].children(nsW, "tc")
				if len(above) != 1 {
					t.Errorf("long text %s: the row above has %d cells, want 1", f.ID, len(above))
				} else {
					label = above[0]
				}
			}
		}
		if len(cells) != 1 {
			t.Errorf("long text %s: its row has %d cells, want 1", f.ID, len(cells))
		}
	default:
		where = "the previous cell"
		if at >= 1 {
			label = cells[at-1]
		}
	}
	if label == nil {
		t.Errorf("field %s: no cell %s the control", f.ID, where)
		return
	}
	if got := label.text(); got != f.Label {
		t.Errorf("field %s: %s holds %q, want the label %q", f.ID, where, got, f.Label)
	}
}

// checkTableControl checks a table field's block-level control.
func checkTableControl(t *testing.T, f *templates.Field, sdt *xmlNode) {
	t.Helper()
	if !sdt.Parent.is(nsW, "body") {
		t.Errorf("table %s: control inside %v, want the body (block level)", f.ID, sdt.Parent.Name)
	}
	c := content(sdt)
	if c == nil || len(c.Kids) != 1 || !c.Kids[0].is(nsW, "tbl") {
		t.Errorf("table %s: control does not wrap exactly one w:tbl", f.ID)
		return
	}
	rows := c.Kids[0].children(nsW, "tr")
	if want := 2 + max(f.Rows, 1); len(rows) != want {
		t.Errorf("table %s: %d rows, want caption, header and %d blank rows", f.ID, len(rows), want-2)
	}
	if len(rows) < 2 {
		return
	}
	if got := rows[0].text(); got != f.Label {
		t.Errorf("table %s: caption %q, want the label %q", f.ID, got, f.Label)
	}
	var got, want []string
	for _, c := range rows[1].children(nsW, "tc") {
		got = append(got, c.text())
	}
	for _, c := range f.Columns {
		want = append(want, c.Label)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("table %s: header %v, want the column labels %v", f.ID, got, want)
	}
	for i, r := range rows[:2] {
		if r.child(nsW, "trPr").child(nsW, "tblHeader") == nil {
			t.Errorf("table %s: row %d does not repeat on each page (w:tblHeader)", f.ID, i)
		}
	}
	for i, r := range rows[2:] {
		if txt := r.text(); txt != "" {
			t.Errorf("table %s: blank row %d holds %q", f.ID, i, txt)
		}
	}
}

// TestDocxPlaceholdersShowPrompt defends how an empty field looks and how
// the reader tells it is empty: the control is marked as showing its
// placeholder and shows exactly the field's prompt. Checkboxes show an
// unticked box instead.
func TestDocxPlaceholdersShowPrompt(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, form := range docxForms(t) {
		t.Run(form.ID, func(t *testing.T) {
			d := writeDocx(t, form, cfg, nil)
			ctl := d.controls()
			for _, f := range form.Fields() {
				if len(ctl[f.ID]) != 1 {
					t.Errorf("field %s: %d controls", f.ID, len(ctl[f.ID]))
					continue
				}
				sdt := ctl[f.ID][0]
				plc := props(sdt).child(nsW, "showingPlcHdr") != nil
				switch f.Type {
				case templates.Table:
					if plc {
						t.Errorf("table %s marked as showing a placeholder", f.ID)
					}
				case templates.Checkbox:
					if plc {
						t.Errorf("checkbox %s marked as showing a placeholder", f.ID)
					}
					if got := content(sdt).text(); got != "☐" {
						t.Errorf("checkbox %s shows %q, want ☐", f.ID, got)
					}
				default:
					if !plc {
						t.Errorf("field %s: no w:showingPlcHdr", f.ID)
					}
					if got := content(sdt).text(); got != f.Prompt() {
						t.Errorf("field %s shows %q, want the prompt %q", f.ID, got, f.Prompt())
					}
				}
			}
		})
	}
}

// TestDocxControlKinds defends the controls that guide input: a date
// picker with the Chinese format for dates and months, a drop-down with
// exactly the spec's choices, a Word 2010 checkbox; plain rich text for
// everything else.
func TestDocxControlKinds(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, form := range docxForms(t) {
		t.Run(form.ID, func(t *testing.T) {
			d := writeDocx(t, form, cfg, nil)
			ctl := d.controls()
			for _, f := range form.Fields() {
				if len(ctl[f.ID]) != 1 {
					t.Errorf("field %s: %d controls", f.ID, len(ctl[f.ID]))
					continue
				}
				pr := props(ctl[f.ID][0])
				date, list, box := pr.child(nsW, "date"), pr.child(nsW, "dropDownList"), pr.child(nsW14, "checkbox")
				wantFormat := map[templates.FieldType]string{templates.Date: "yyyy年M月d日", templates.Month: "yyyy年M月"}[f.Type]
				switch {
				case wantFormat != "":
					if date == nil {
						t.Errorf("%s field %s has no w:date", f.Type, f.ID)
					} else if got := date.child(nsW, "dateFormat").val(); got != wantFormat {
						t.Errorf("%s field %s: dateFormat %q, want %q", f.Type, f.ID, got, wantFormat)
					}
				case date != nil:
					t.Errorf("%s field %s has a w:date", f.Type, f.ID)
				}
				if f.Type == templates.Choice {
					want := f.Choices
					if f.ChoicesFrom == templates.ChoicesFromCategories {
						want = cfg.CategoryNames()
					}
					var got []string
					if list != nil {
						for _, it := range list.children(nsW, "listItem") {
							shown, _ := it.attr(nsW, "displayText")
							value, _ := it.attr(nsW, "value")
							if shown != value {
								t.Errorf("choice %s: item shows %q but stores %q", f.ID, shown, value)
							}
							got = append(got, shown)
						}
					}
					if list == nil || strings.Join(got, "|") != strings.Join(want, "|") {
						t.Errorf("choice %s: drop-down %v, want %v", f.ID, got, want)
					}
				} else if list != nil {
					t.Errorf("%s field %s has a drop-down", f.Type, f.ID)
				}
				if f.Type == templates.Checkbox {
					if box == nil {
						t.Errorf("checkbox %s has no w14:checkbox", f.ID)
					} else if v, _ := box.child(nsW14, "checked").attr(nsW14, "val"); v != "0" {
						t.Errorf("checkbox %s: w14:checked %q, want 0 in a blank form", f.ID, v)
					}
				} else if box != nil {
					t.Errorf("%s field %s has a w14:checkbox", f.Type, f.ID)
				}
			}
		})
	}
}

// TestDocxIdentity defends how a returned file is recognised: the form id
// and version in the custom properties (which every client keeps), and
// the title as text on the cover.
func TestDocxIdentity(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, form := range docxForms(t) {
		t.Run(form.ID, func(t *testing.T) {
			d := writeDocx(t, form, cfg, nil)
			p := customProps(t, d.parts)
			if p[PropForm] != form.ID || p[PropVersion] != form.Version || p[PropCode] != form.Code {
				t.Errorf("custom properties = %v, want form %s version %s code %s", p, form.ID, form.Version, form.Code)
			}
			found := false
			for _, para := range d.doc.all(nsW, "p") {
				if para.text() == form.Title {
					found = true
				}
			}
			if !found {
				t.Errorf("no paragraph reads the title %q", form.Title)
			}
		})
	}
}

// TestDocxFooterNumbersPages defends the page numbers a printed return
// needs: 第 N 页 共 M 页 from PAGE and NUMPAGES fields, in the footer the
// section actually uses.
func TestDocxFooterNumbersPages(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, form := range docxForms(t) {
		t.Run(form.ID, func(t *testing.T) {
			d := writeDocx(t, form, cfg, nil)
			ftr := parseXML(t, "footer1", d.parts["word/footer1.xml"])
			var instr, chars []string
			for _, n := range ftr.all(nsW, "instrText") {
				instr = append(instr, strings.TrimSpace(n.Text))
			}
			for _, n := range ftr.all(nsW, "fldChar") {
				v, _ := n.attr(nsW, "fldCharType")
				chars = append(chars, v)
			}
			if got := strings.Join(instr, ","); got != "PAGE,NUMPAGES" {
				t.Errorf("field instructions %q, want PAGE,NUMPAGES", got)
			}
			if got := strings.Join(chars, ","); got != "begin,separate,end,begin,separate,end" {
				t.Errorf("field characters %s", got)
			}
			txt := ftr.text()
			for _, want := range []string{"第", "页", "共"} {
				if !strings.Contains(txt, want) {
					t.Errorf("footer %q lacks %s", txt, want)
				}
			}
			if strings.Index(txt, "第") > strings.Index(txt, "共") {
				t.Errorf("footer %q: 第…页 should come before 共…页", txt)
			}

			// The section's default footer is footer1.xml.
			rels := parseXML(t, "rels", d.parts["word/_rels/document.xml.rels"])
			targets := map[string]string{}
			for _, r := range rels.Kids {
				id, _ := r.attr("", "Id")
				targets[id], _ = r.attr("", "Target")
			}
			var def string
			for _, ref := range d.doc.all(nsW, "footerReference") {
				if typ, _ := ref.attr(nsW, "type"); typ == "default" {
					def, _ = ref.attr(nsR, "id")
				}
			}
			if targets[def] != "footer1.xml" {
				t.Errorf("default footer is %q (%s), want footer1.xml", targets[def], def)
			}
		})
	}
}

// TestDocxTableGrids defends the layout in WPS, which sizes columns from
// w:tblGrid alone: the grid adds up to the table's width, and every row
// covers the grid exactly, in grid columns and in cell widths.
func TestDocxTableGrids(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, form := range docxForms(t) {
		t.Run(form.ID, func(t *testing.T) {
			checkTableGrids(t, writeDocx(t, form, cfg, nil).doc)
		})
	}
}

// checkTableGrids checks every table of doc: a grid as wide as the table,
// rows covering the grid, and at least one row (Word refuses a table
// without rows as unreadable content).
func checkTableGrids(t *testing.T, doc *xmlNode) {
	t.Helper()
	tables := doc.all(nsW, "tbl")
	if len(tables) == 0 {
		t.Fatal("no tables")
	}
	for ti, tbl := range tables {
		w, _ := tbl.child(nsW, "tblPr").child(nsW, "tblW").attr(nsW, "w")
		tblW, err := strconv.Atoi(w)
		if err != nil {
			t.Fatalf("table %d: tblW %q", ti, w)
		}
		grid := tbl.child(nsW, "tblGrid")
		if grid == nil {
			t.Fatalf("table %d: no w:tblGrid", ti)
		}
		cols := grid.children(nsW, "gridCol")
		sum := 0
		for _, c := range cols {
			v, _ := c.attr(nsW, "w")
			n, _ := strconv.Atoi(v)
			sum += n
		}
		if sum != tblW {
			t.Errorf("table %d: grid columns add up to %d, tblW is %d", ti, sum, tblW)
		}
		rows := tbl.children(nsW, "tr")
		if len(rows) == 0 {
			t.Errorf("table %d has no rows", ti)
		}
		for ri, tr := range rows {
			span, width := 0, 0
			for _, tc := range tr.children(nsW, "tc") {
				pr := tc.child(nsW, "tcPr")
				s := 1
				if gs := pr.child(nsW, "gridSpan"); gs != nil {
					s, _ = strconv.Atoi(gs.val())
				}
				span += s
				v, _ := pr.child(nsW, "tcW").attr(nsW, "w")
				n, _ := strconv.Atoi(v)
				width += n
			}
			if span != len(cols) || width != tblW {
				t.Errorf("table %d row %d: spans %d of %d grid columns, cells %d wide of %d",
					ti, ri, span, len(cols), width, tblW)
			}
		}
	}
}

// TestDocxUserForm defends forms added from a user's folder, which need no
// cover, category or instructions: the same layout guarantees hold, and a
// missing cover leaves no empty table behind.
func TestDocxUserForm(t *testing.T) {
	t.Parallel()
	form, err := templates.Parse([]byte(`id: extra
code: 附件10
version: "2023.1"
title: 附加情况表
short_title: 附加情况表
format: docx
sections:
  - title: 一、情况
    fields:
      - {id: name, label: 名称, type: text}
      - {id: when, label: 时间, type: month}
      - {id: ok, label: 已核实, type: checkbox}
      - {id: notes, label: 说明, type: longtext}
      - {id: lone, label: 单列, type: phone}
  - title: 二、意见
    kind: seal
  - title: 三、审核
    kind: office
`), "extra.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := writeDocx(t, form, testConfig(t), nil)
	for name, data := range d.parts {
		parseXML(t, name, data)
	}
	checkFieldControls(t, form, d)
	checkTableGrids(t, d.doc)
}

// TestDocxDeterministic defends reproducible forms: the same inputs give
// the same bytes, so regenerating a folder changes nothing.
func TestDocxDeterministic(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, form := range docxForms(t) {
		t.Run(form.ID, func(t *testing.T) {
			a := writeDocx(t, form, cfg, nil).data
			b := writeDocx(t, form, cfg, nil).data
			if !bytes.Equal(a, b) {
				t.Error("two writes of the same form differ")
			}
		})
	}
}

// TestDocxFilledValues defends the filled form (samples, round trips): a
// value replaces the prompt and drops the placeholder mark, a ticked box is
// ticked in state and glyph, a table holds exactly the given rows, a date
// control keeps its ISO date, and untouched fields stay placeholders.
func TestDocxFilledValues(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	form := formByID(t, "model_branch")
	honours := []map[string]string{
		{"date": "2021年7月", "name": "先进基层党组织", "issuer": "中共郑州铁路职业技术学院委员会", "level": "校级"},
		{"date": "2022年6月", "name": "样板党支部", "issuer": "河南省委教育工委", "level": "省部级"},
	}
	d := writeDocx(t, form, cfg, &Values{
		Text:    map[string]string{"branch_name": "铁道运输学院教工第一党支部", "founded": "2021年6月1日", "plan_goal": "第一段\n\n第二段"},
		Checked: map[string]bool{"pledge_ideology": true},
		Rows:    map[string][]map[string]string{"honours": honours},
		Dates:   map[string]string{"founded": "2021-06-01"},
	})
	ctl := d.controls()
	one := func(id string) *xmlNode {
		t.Helper()
		if len(ctl[id]) != 1 {
			t.Fatalf("field %s: %d controls", id, len(ctl[id]))
		}
		return ctl[id][0]
	}

	tests := []struct{ id, want string }{
		{"branch_name", "铁道运输学院教工第一党支部"},
		{"founded", "2021年6月1日"},
		{"plan_goal", "第一段第二段"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			sdt := one(tt.id)
			if props(sdt).child(nsW, "showingPlcHdr") != nil {
				t.Error("filled field still marked as showing its placeholder")
			}
			if got := content(sdt).text(); got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
			for _, rs := range sdt.all(nsW, "rStyle") {
				if rs.val() == "PlaceholderText" {
					t.Error("filled text is styled as placeholder")
				}
			}
		})
	}
	if got, want := typed(content(one("plan_goal"))), "第一段\n\n第二段"; got != want {
		t.Errorf("value with line breaks reads back as %q, want %q", got, want)
	}
	full, _ := props(one("founded")).child(nsW, "date").attr(nsW, "fullDate")
	if full != "2021-06-01T00:00:00Z" {
		t.Errorf("date control fullDate = %q, want 2021-06-01T00:00:00Z", full)
	}

	t.Run("checkbox", func(t *testing.T) {
		box := one("pledge_ideology")
		v, _ := props(box).child(nsW14, "checkbox").child(nsW14, "checked").attr(nsW14, "val")
		if v != "1" || content(box).text() != "☒" {
			t.Errorf("ticked box: w14:checked %q, glyph %q; want 1 and ☒", v, content(box).text())
		}
		other := one("pledge_stability")
		v, _ = props(other).child(nsW14, "checkbox").child(nsW14, "checked").attr(nsW14, "val")
		if v != "0" || content(other).text() != "☐" {
			t.Errorf("untouched box: w14:checked %q, glyph %q; want 0 and ☐", v, content(other).text())
		}
	})

	t.Run("table", func(t *testing.T) {
		f := form.Field("honours")
		rows := content(one("honours")).child(nsW, "tbl").children(nsW, "tr")
		if len(rows) != 2+len(honours) {
			t.Fatalf("%d rows, want 2 header rows and %d data rows", len(rows), len(honours))
		}
		for i, want := range honours {
			cells := rows[2+i].children(nsW, "tc")
			if len(cells) != len(f.Columns) {
				t.Fatalf("row %d: %d cells, want %d", i, len(cells), len(f.Columns))
			}
			for j, c := range f.Columns {
				if got := cells[j].text(); got != want[c.ID] {
					t.Errorf("row %d column %s: %q, want %q", i, c.ID, got, want[c.ID])
				}
			}
		}
	})

	if props(one("secretary")).child(nsW, "showingPlcHdr") == nil {
		t.Error("an unfilled field lost its placeholder")
	}
}

// TestDocxHostileValueStaysWellFormed defends against what users paste:
// markup characters and control characters in a value must neither break
// the XML nor be lost as markup.
func TestDocxHostileValueStaysWellFormed(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	form := formByID(t, "innovation_project")
	const hostile = "<script>&\"'\x01</script>"
	const shown = "<script>&\"'\uFFFD</script>"
	d := writeDocx(t, form, cfg, &Values{
		Text:    map[string]string{"project_name": hostile, "background": hostile + "\x0b\x1f"},
		Checked: map[string]bool{"pledge_truth": true},
		Rows:    map[string][]map[string]string{"budget": {{"item": hostile, "amount": "100", "note": "]]>"}}},
	})
	for name, data := range d.parts {
		parseXML(t, name, data)
	}
	ctl := d.controls()
	if got := content(ctl["project_name"][0]).text(); got != shown {
		t.Errorf("project_name reads %q, want %q", got, shown)
	}
	if got := content(ctl["background"][0]).text(); got != shown+"\uFFFD\uFFFD" {
		t.Errorf("background reads %q", got)
	}
	rows := content(ctl["budget"][0]).child(nsW, "tbl").children(nsW, "tr")
	if len(rows) != 3 {
		t.Fatalf("budget has %d rows, want 3", len(rows))
	}
	if got := rows[2].text(); got != shown+"100]]>" {
		t.Errorf("budget row reads %q", got)
	}
}

// TestDocxRejectsSpreadsheetForm defends against writing the summary as a
// Word file by mistake.
func TestDocxRejectsSpreadsheetForm(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := WriteDocx(&b, formByID(t, "summary"), testConfig(t), nil); err == nil {
		t.Fatal("WriteDocx accepted the xlsx form")
	}
	if err := WriteXlsx(&b, formByID(t, "model_branch"), testConfig(t)); err == nil {
		t.Fatal("WriteXlsx accepted a docx form")
	}
}
