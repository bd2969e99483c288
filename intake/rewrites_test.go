package intake

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"dbzx/internal/ooxml"
	"dbzx/internal/testutil"
	"dbzx/render"
	"dbzx/sample"
)

// The rewrites real office clients do to a returned form, each built from
// one of our own generated forms by editing its document.xml, and each
// checked by the exact values extracted. Every case changes the value the
// form was generated with, so a reader that ignored the rewrite (or read the
// form as generated) would not give the expected value back.

// rwForm renders one of our forms filled with sample values, after set has
// changed what is typed (and expected).
func rwForm(t testing.TB, formID string, set func(s *sample.Return)) (*sample.Return, []byte) {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	form, ok := forms.Find(formID)
	if !ok {
		t.Fatalf("no form %s", formID)
	}
	s := sample.New(forms, cfg, 5).Return(form, 1)
	if set != nil {
		set(s)
	}
	var buf bytes.Buffer
	if err := render.WriteDocx(&buf, form, cfg, s.Values); err != nil {
		t.Fatal(err)
	}
	return s, buf.Bytes()
}

// rwType sets what a department typed into a field and what must be read.
func rwType(s *sample.Return, id, text, norm string) {
	s.Values.Text[id] = text
	delete(s.Values.Dates, id)
	s.Expect[id] = norm
}

func rwTick(s *sample.Return, id string, on bool) {
	s.Values.Checked[id] = on
	s.Expect[id] = map[bool]string{true: "是", false: "否"}[on]
}

func rwExtract(t testing.TB, data []byte) *Return {
	t.Helper()
	_, _, x := testEnv(t)
	got, err := x.Extract(bytes.NewReader(data), int64(len(data)), "return.docx")
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func rwReadDoc(t testing.TB, data []byte) *ooxml.Document {
	t.Helper()
	doc, err := ooxml.ReadDocx(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// --- editing document.xml ---------------------------------------------------

// rwTagAt is where the one content control tagged tag has its w:tag.
func rwTagAt(t testing.TB, doc, tag string) int {
	t.Helper()
	needle := `<w:tag w:val="` + tag + `"/>`
	if n := strings.Count(doc, needle); n != 1 {
		t.Fatalf("tag %s occurs %d times", tag, n)
	}
	return strings.Index(doc, needle)
}

// rwAround is the [start, end) of the innermost element <name> (written
// without attributes, as our writer does) that encloses position i. Our
// forms nest no element in one of its own kind, except where said.
func rwAround(t testing.TB, doc string, i int, name string) (int, int) {
	t.Helper()
	open, end := "<"+name+">", "</"+name+">"
	s := strings.LastIndex(doc[:i], open)
	if s < 0 {
		t.Fatalf("no <%s> before %d", name, i)
	}
	e := strings.Index(doc[s:], end)
	if e < 0 {
		t.Fatalf("no </%s> after %d", name, s)
	}
	return s, s + e + len(end)
}

// rwControl is the span of the run-level control tagged tag.
func rwControl(t testing.TB, doc, tag string) (int, int) {
	t.Helper()
	return rwAround(t, doc, rwTagAt(t, doc, tag), "w:sdt")
}

// rwContent is the inner XML of a control's w:sdtContent.
func rwContent(ctl string) string {
	a := strings.Index(ctl, "<w:sdtContent>") + len("<w:sdtContent>")
	b := strings.LastIndex(ctl, "</w:sdtContent>")
	return ctl[a:b]
}

// rwReplaceControl deletes the control tagged tag and puts with in its place.
func rwReplaceControl(t testing.TB, doc, tag, with string) string {
	t.Helper()
	s, e := rwControl(t, doc, tag)
	return doc[:s] + with + doc[e:]
}

// rwUnwrapControl deletes the control tagged tag and keeps its runs.
func rwUnwrapControl(t testing.TB, doc, tag string) string {
	t.Helper()
	s, e := rwControl(t, doc, tag)
	return doc[:s] + rwContent(doc[s:e]) + doc[e:]
}

// rwReplaceContent keeps the control tagged tag and replaces its runs.
func rwReplaceContent(t testing.TB, doc, tag, runs string) string {
	t.Helper()
	s, e := rwControl(t, doc, tag)
	ctl := doc[s:e]
	return doc[:s] + strings.Replace(ctl, rwContent(ctl), runs, 1) + doc[e:]
}

// rwEnclosing is the span of the element <name> holding the control tagged tag.
func rwEnclosing(t testing.TB, doc, tag, name string) (int, int) {
	t.Helper()
	return rwAround(t, doc, rwTagAt(t, doc, tag), name)
}

var rwReT = regexp.MustCompile(`<w:t xml:space="preserve">[^<]*</w:t>`)

// rwRelabel retypes the label cell left of the value cell of the control
// tagged tag.
func rwRelabel(t testing.TB, doc, tag, label string) string {
	t.Helper()
	vs, _ := rwEnclosing(t, doc, tag, "w:tc")
	ls, le := rwAround(t, doc, vs, "w:tc")
	cell := doc[ls:le]
	if n := len(rwReT.FindAllString(cell, -1)); n != 1 {
		t.Fatalf("label cell of %s has %d texts", tag, n)
	}
	cell = rwReT.ReplaceAllLiteralString(cell, `<w:t xml:space="preserve">`+label+`</w:t>`)
	return doc[:ls] + cell + doc[le:]
}

// rwStripTags drops every w:tag and w:alias, as LibreOffice does on re-save.
func rwStripTags(doc string) string {
	return reAlias.ReplaceAllString(reTag.ReplaceAllString(doc, ""), "")
}

var rwReSdtPr = regexp.MustCompile(`<w:sdtPr>.*?</w:sdtPr>|<w:sdtPr/>`)

// rwStripControls deletes every content control and keeps what they held.
func rwStripControls(doc string) string {
	doc = rwReSdtPr.ReplaceAllString(doc, "")
	return strings.NewReplacer("<w:sdt>", "", "</w:sdt>", "", "<w:sdtContent>", "", "</w:sdtContent>", "").Replace(doc)
}

// Runs as Word writes them: direct formatting and revision ids on each.
const rwRPr = `<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>`

func rwRun(text string) string {
	return `<w:r>` + rwRPr + `<w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func rwWordRun(rsid, text string) string {
	return `<w:r w:rsidR="` + rsid + `" w:rsidRPr="` + rsid + `">` + rwRPr + `<w:t>` + text + `</w:t></w:r>`
}

func rwPara(inner string) string { return `<w:p>` + inner + `</w:p>` }

// rwFormText is a legacy FORMTEXT field (what a .doc round trip leaves)
// showing result.
func rwFormText(result ...string) string {
	var b strings.Builder
	b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:enabled/><w:calcOnExit w:val="0"/><w:textInput><w:maxLength w:val="20"/></w:textInput></w:ffData></w:fldChar></w:r>`)
	b.WriteString(`<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
	for _, r := range result {
		b.WriteString(rwRun(r))
	}
	b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	return b.String()
}

// rwFormCheckbox is a legacy FORMCHECKBOX field; state is the inside of
// w:checkBox after w:sizeAuto.
func rwFormCheckbox(state string, separate bool) string {
	sep := ""
	if separate {
		sep = `<w:r><w:fldChar w:fldCharType="separate"/></w:r>`
	}
	return `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>` + state + `</w:checkBox></w:ffData></w:fldChar></w:r>` +
		`<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>` + sep + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

func rwSym(font, char string) string {
	return `<w:r><w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `"/></w:rPr><w:sym w:font="` + font + `" w:char="` + char + `"/></w:r>`
}

// rwFontText is a character typed in a symbol font (WPS's ☑ is an R in
// Wingdings 2).
func rwFontText(font, text string) string {
	return `<w:r><w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `"/><w:sz w:val="28"/></w:rPr><w:t>` + text + `</w:t></w:r>`
}

// --- single fields ------------------------------------------------------------

type rwWant struct {
	raw, norm, source string
}

func rwCheckValue(t *testing.T, got *Return, field string, want rwWant) {
	t.Helper()
	v := got.Value(field)
	if v == nil {
		t.Fatalf("field %s missing", field)
	}
	if v.Raw != want.raw || v.Norm != want.norm || v.Source != want.source || v.Problem != "" {
		t.Errorf("%s = raw %q norm %q source %q problem %q; want raw %q norm %q source %q",
			field, v.Raw, v.Norm, v.Source, v.Problem, want.raw, want.norm, want.source)
	}
}

// TestRewrittenFieldValues: one field of model_branch rewritten as a client
// or a person does; its exact value comes back, and every other field too.
func TestRewrittenFieldValues(t *testing.T) {
	t.Parallel()
	const spell = `<w:proofErr w:type="spellStart"/>`
	const spellEnd = `<w:proofErr w:type="spellEnd"/>`
	const goBack = `<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>`
	ins := func(text string) string {
		return `<w:ins w:id="11" w:author="张三" w:date="2022-11-20T10:00:00Z">` + rwRun(text) + `</w:ins>`
	}
	del := func(text string) string {
		return `<w:del w:id="12" w:author="张三" w:date="2022-11-20T10:00:00Z"><w:r>` + rwRPr + `<w:delText>` + text + `</w:delText></w:r></w:del>`
	}
	alt := func(choice, fallback string) string {
		return `<mc:AlternateContent><mc:Choice Requires="w14">` + choice + `</mc:Choice><mc:Fallback>` + fallback + `</mc:Fallback></mc:AlternateContent>`
	}
	tests := []struct {
		name   string
		field  string
		before string // what our writer typed
		edit   func(t testing.TB, doc string) string
		want   rwWant
	}{
		{
			name: "word splits runs: rsid, proofErr, _GoBack", field: "contact_phone", before: "0371-62345245",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceContent(t, doc, "contact_phone",
					rwWordRun("00A1B2C3", "138")+spell+goBack+rwWordRun("00D4E5F6", "1234")+spellEnd+rwWordRun("00A1B2C3", "5678"))
			},
			want: rwWant{"13812345678", "13812345678", SourceTag},
		},
		{
			name: "word splits runs: spaces at a run boundary kept", field: "branch_name", before: "机关党支部",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceContent(t, doc, "branch_name",
					rwRun("电气工程学院 ")+spell+rwWordRun("00A1B2C3", "教工")+spellEnd+goBack+rwWordRun("00D4E5F6", "党支部"))
			},
			want: rwWant{"电气工程学院 教工党支部", "电气工程学院 教工党支部", SourceTag},
		},
		{
			name: "tracked changes: insertion counts, deletion does not", field: "contact_phone", before: "0371-62345245",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceContent(t, doc, "contact_phone", rwRun("138")+ins("1234")+del("0000")+rwRun("5678"))
			},
			want: rwWant{"13812345678", "13812345678", SourceTag},
		},
		{
			name: "tracked changes: moveTo counts, moveFrom does not", field: "branch_name", before: "机关党支部",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceContent(t, doc, "branch_name",
					`<w:moveFrom w:id="21" w:author="张三" w:date="2022-11-20T10:00:00Z">`+rwRun("旧支部")+`</w:moveFrom>`+
						rwRun("电气")+`<w:moveTo w:id="22" w:author="张三" w:date="2022-11-20T10:00:00Z">`+rwRun("工程学院")+`</w:moveTo>`+rwRun("党支部"))
			},
			want: rwWant{"电气工程学院党支部", "电气工程学院党支部", SourceTag},
		},
		{
			name: "legacy FORMTEXT field: result read, code not", field: "contact_phone", before: "0371-62345245",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceControl(t, doc, "contact_phone", rwFormText("138", "1234", "5678"))
			},
			want: rwWant{"13812345678", "13812345678", SourceLabel},
		},
		{
			name: "control deleted, plain text typed in the value cell", field: "contact_phone", before: "0371-62345245",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceControl(t, doc, "contact_phone", rwRun("138 1234 5678"))
			},
			want: rwWant{"138 1234 5678", "13812345678", SourceLabel},
		},
		{
			name: "typed after the label, full-width colon", field: "contact_phone", before: "0371-62345245",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceControl(t, rwRelabel(t, doc, "contact_phone", "联系电话：13812345678"), "contact_phone", "")
			},
			want: rwWant{"13812345678", "13812345678", SourceInline},
		},
		{
			name: "typed after the label, asterisk and half-width colon", field: "contact_phone", before: "0371-62345245",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceControl(t, rwRelabel(t, doc, "contact_phone", "*联系电话: 138-1234-5678"), "contact_phone", "")
			},
			want: rwWant{"138-1234-5678", "13812345678", SourceInline},
		},
		{
			name: "typed after the label, full-width spaces in the label", field: "contact_phone", before: "0371-62345245",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceControl(t, rwRelabel(t, doc, "contact_phone", "联　系　电　话：13812345678"), "contact_phone", "")
			},
			want: rwWant{"13812345678", "13812345678", SourceInline},
		},
		{
			name: "hidden text excluded, vanish off kept", field: "branch_name", before: "机关党支部",
			edit: func(t testing.TB, doc string) string {
				hidden := `<w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏批注）</w:t></w:r>`
				shown := `<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>工程</w:t></w:r>`
				shownToo := `<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>学院</w:t></w:r>`
				return rwReplaceContent(t, doc, "branch_name", rwRun("电气")+hidden+shown+shownToo+rwRun("党支部"))
			},
			want: rwWant{"电气工程学院党支部", "电气工程学院党支部", SourceTag},
		},
		{
			name: "tab, line break and carriage return", field: "basis_guidance", before: "原有内容。",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceContent(t, doc, "basis_guidance",
					`<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t><w:cr/><w:t>丁</w:t></w:r>`)
			},
			want: rwWant{"甲\t乙\n丙\n丁", "甲\t乙\n丙\n丁", SourceTag},
		},
		{
			name: "mc:AlternateContent between runs: fallback read", field: "branch_name", before: "机关党支部",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceContent(t, doc, "branch_name", rwRun("电气")+alt(rwRun("选择分支"), rwRun("工程学院"))+rwRun("党支部"))
			},
			want: rwWant{"电气工程学院党支部", "电气工程学院党支部", SourceTag},
		},
		{
			name: "mc:AlternateContent inside a run: fallback read", field: "branch_name", before: "机关党支部",
			edit: func(t testing.TB, doc string) string {
				return rwReplaceContent(t, doc, "branch_name",
					`<w:r><w:t>电气</w:t>`+alt(`<w:t>选择分支</w:t>`, `<w:t>工程学院</w:t>`)+`<w:t>党支部</w:t></w:r>`)
			},
			want: rwWant{"电气工程学院党支部", "电气工程学院党支部", SourceTag},
		},
		{
			name: "mc:AlternateContent around the value paragraph: only the fallback's control", field: "contact_phone", before: "0371-62345245",
			edit: func(t testing.TB, doc string) string {
				ps, pe := rwEnclosing(t, doc, "contact_phone", "w:p")
				para := doc[ps:pe]
				choice := strings.Replace(para, rwContent(para), rwRun("19999999999"), 1)
				fallback := strings.Replace(para, rwContent(para), rwRun("13812345678"), 1)
				return doc[:ps] + alt(choice, fallback) + doc[pe:]
			},
			want: rwWant{"13812345678", "13812345678", SourceTag},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, data := rwForm(t, "model_branch", func(s *sample.Return) {
				rwType(s, tc.field, tc.before, tc.before)
			})
			s.Expect[tc.field] = tc.want.norm
			if tc.before == tc.want.norm {
				t.Fatal("the rewrite must change the value")
			}
			// The form as generated gives the value it was generated with.
			if v := rwExtract(t, data).Value(tc.field); v.Raw != tc.before {
				t.Fatalf("generated form reads %q, want %q", v.Raw, tc.before)
			}
			data = testutil.RewriteDocx(t, data, func(doc string) string { return tc.edit(t, doc) })
			got := rwExtract(t, data)
			rwCheckValue(t, got, tc.field, tc.want)
			compareReturn(t, s, got, "")
		})
	}
}

// --- checkboxes -----------------------------------------------------------------

// rwBoxCellText is the text of the box cell beside a checkbox's statement.
func rwBoxCellText(t testing.TB, doc *ooxml.Document, statement string) string {
	t.Helper()
	for _, tb := range doc.Tables() {
		for r, row := range tb.Rows {
			for _, c := range row.Cells {
				if c.Text() == statement && c.Col > 0 {
					return tb.CellAt(r, c.Col-1).Text()
				}
			}
		}
	}
	t.Fatalf("no statement %q", statement)
	return ""
}

// TestRewrittenCheckboxes: the pledge's w14:checkbox control replaced by
// every other checkbox encoding seen in returned forms.
func TestRewrittenCheckboxes(t *testing.T) {
	t.Parallel()
	const field = "pledge_ideology"
	const statement = "近3年来，党支部在党建和意识形态、民族宗教领域未出现过突出问题"
	loBox := func(checked, glyph, innerAlias string) string {
		return `<w:sdt><w:sdtPr><w:alias w:val="` + statement + `"/></w:sdtPr><w:sdtContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
			`<w:sdt><w:sdtPr>` + innerAlias + `<w14:checkbox><w14:checked w14:val="` + checked + `"/><w14:checkedState w14:val="2612"/><w14:uncheckedState w14:val="2610"/></w14:checkbox></w:sdtPr>` +
			`<w:sdtContent><w:r><w:t>` + glyph + `</w:t></w:r></w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>`
	}
	tests := []struct {
		name   string
		box    string // replaces the control (runs), or its whole paragraph when para
		para   bool
		want   bool
		cell   string // the box cell's text as the reader resolves it
		source string
	}{
		{name: "sym Wingdings F0FE", box: rwSym("Wingdings", "F0FE"), want: true, cell: "☒"},
		{name: "sym Wingdings F0A8", box: rwSym("Wingdings", "F0A8"), want: false, cell: "☐"},
		{name: "sym Wingdings 2 F052", box: rwSym("Wingdings 2", "F052"), want: true, cell: "☒"},
		{name: "sym Wingdings 2 F0A3", box: rwSym("Wingdings 2", "F0A3"), want: false, cell: "☐"},
		{name: "R typed in Wingdings 2", box: rwFontText("Wingdings 2", "R"), want: true, cell: "☒"},
		{name: "£ typed in Wingdings 2", box: rwFontText("Wingdings 2", "£"), want: false, cell: "☐"},
		{name: "þ typed in Wingdings", box: rwFontText("Wingdings", "þ"), want: true, cell: "☒"},
		{name: "FORMCHECKBOX default 1", box: rwFormCheckbox(`<w:default w:val="1"/>`, false), want: true, cell: "☒"},
		{name: "FORMCHECKBOX default 1 with separate", box: rwFormCheckbox(`<w:default w:val="1"/>`, true), want: true, cell: "☒"},
		{name: "FORMCHECKBOX default 0, checked", box: rwFormCheckbox(`<w:default w:val="0"/><w:checked/>`, false), want: true, cell: "☒"},
		{name: "FORMCHECKBOX default 1, checked 0", box: rwFormCheckbox(`<w:default w:val="1"/><w:checked w:val="0"/>`, false), want: false, cell: "☐"},
		{name: "FORMCHECKBOX default 0", box: rwFormCheckbox(`<w:default w:val="0"/>`, false), want: false, cell: "☐"},
		{name: "typed ☑", box: rwRun("☑"), want: true, cell: "☑"},
		{name: "typed ■", box: rwRun("■"), want: true, cell: "■"},
		{name: "typed √", box: rwRun("√"), want: true, cell: "√"},
		{name: "typed □", box: rwRun("□"), want: false, cell: "□"},
		{name: "typed ☒是 ☐否", box: rwRun("☒是 ☐否"), want: true, cell: "☒是 ☐否"},
		{name: "typed ☐是 ☒否", box: rwRun("☐是 ☒否"), want: false, cell: "☐是 ☒否"},
		{name: "typed √是 □否", box: rwRun("√是　□否"), want: true, cell: "√是　□否"},
		{name: "LibreOffice: checkbox in an alias-only block control", para: true,
			box: loBox("1", "☒", ""), want: true, cell: "☒", source: SourceAlias},
		{name: "LibreOffice: unchecked, both controls with the alias", para: true,
			box: loBox("0", "☐", `<w:alias w:val="`+statement+`"/>`), want: false, cell: "☐", source: SourceAlias},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, data := rwForm(t, "model_branch", func(s *sample.Return) { rwTick(s, field, !tc.want) })
			s.Expect[field] = map[bool]string{true: "是", false: "否"}[tc.want]
			if v := rwExtract(t, data).Value(field); v.Checked != !tc.want {
				t.Fatalf("generated form reads checked %v", v.Checked)
			}
			data = testutil.RewriteDocx(t, data, func(doc string) string {
				if tc.para {
					ps, pe := rwEnclosing(t, doc, field, "w:p")
					return doc[:ps] + tc.box + doc[pe:]
				}
				return rwReplaceControl(t, doc, field, tc.box)
			})
			if got := rwBoxCellText(t, rwReadDoc(t, data), statement); got != tc.cell {
				t.Errorf("box cell reads %q, want %q", got, tc.cell)
			}
			got := rwExtract(t, data)
			v := got.Value(field)
			source := tc.source
			if source == "" {
				source = SourceLabel
			}
			if v.Checked != tc.want || v.Problem != "" || v.Source != source {
				t.Errorf("checked %v (raw %q, problem %q, source %s), want %v by %s", v.Checked, v.Raw, v.Problem, v.Source, tc.want, source)
			}
			compareReturn(t, s, got, "")
		})
	}
}

// TestGlyphTypedBeforeStatement: a person deleted the box's control and
// rwType the tick in front of the statement instead.
func TestGlyphTypedBeforeStatement(t *testing.T) {
	t.Parallel()
	const field = "pledge_ideology"
	const statement = "近3年来，党支部在党建和意识形态、民族宗教领域未出现过突出问题"
	for _, tc := range []struct {
		prefix string
		want   bool
	}{{"☑", true}, {"√ ", true}, {"■", true}, {"☐", false}, {"□　", false}} {
		t.Run(tc.prefix, func(t *testing.T) {
			s, data := rwForm(t, "model_branch", func(s *sample.Return) { rwTick(s, field, !tc.want) })
			s.Expect[field] = map[bool]string{true: "是", false: "否"}[tc.want]
			data = testutil.RewriteDocx(t, data, func(doc string) string {
				doc = rwReplaceControl(t, doc, field, "")
				return strings.Replace(doc, `<w:t xml:space="preserve">`+statement+`</w:t>`,
					`<w:t xml:space="preserve">`+tc.prefix+statement+`</w:t>`, 1)
			})
			got := rwExtract(t, data)
			if v := got.Value(field); v.Checked != tc.want || v.Problem != "" || v.Source != SourceLabel {
				t.Errorf("checked %v (raw %q, problem %q, source %s), want %v by label", v.Checked, v.Raw, v.Problem, v.Source, tc.want)
			}
			compareReturn(t, s, got, "")
		})
	}
}

// --- repeating tables -------------------------------------------------------------

// rwRow is a row as a person adds it: cells with plain runs.
func rwRow(cells ...string) string {
	var b strings.Builder
	b.WriteString(`<w:tr>`)
	for _, c := range cells {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/></w:tcPr><w:p>`)
		if c != "" {
			b.WriteString(rwRun(c))
		}
		b.WriteString(`</w:p></w:tc>`)
	}
	b.WriteString(`</w:tr>`)
	return b.String()
}

var rwReRow = regexp.MustCompile(`<w:tr>.*?</w:tr>`)

// rwEditRows rewrites the rows of the repeating table tagged tag: rows[0] is
// the caption, rows[1] the header, then the data rows.
func rwEditRows(t testing.TB, doc, tag string, edit func(rows []string) []string) string {
	t.Helper()
	s, e := rwControl(t, doc, tag)
	ctl := doc[s:e]
	a, b := strings.Index(ctl, "<w:tr>"), strings.LastIndex(ctl, "</w:tr>")+len("</w:tr>")
	rows := rwReRow.FindAllString(ctl[a:b], -1)
	if strings.Join(rows, "") != ctl[a:b] {
		t.Fatal("table rows not recognised")
	}
	return doc[:s] + ctl[:a] + strings.Join(edit(rows), "") + ctl[b:] + doc[e:]
}

// TestRewrittenRepeatingTables: the budget table of innovation_project as
// people return it.
func TestRewrittenRepeatingTables(t *testing.T) {
	t.Parallel()
	const tag = "budget"
	untag := func(t testing.TB, doc string) string {
		s, e := rwControl(t, doc, tag)
		return doc[:s] + rwStripTags(doc[s:e]) + doc[e:]
	}
	deletedRow := `<w:tr><w:trPr><w:del w:id="31" w:author="张三" w:date="2022-11-20T10:00:00Z"/></w:trPr>` +
		strings.Repeat(`<w:tc><w:p><w:del w:id="32" w:author="张三" w:date="2022-11-20T10:00:00Z"><w:r><w:delText>作废</w:delText></w:r></w:del></w:p></w:tc>`, 3) + `</w:tr>`
	repeating := func(rows []string) string {
		const w15 = `xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"`
		var b strings.Builder
		b.WriteString(`<w:sdt><w:sdtPr><w15:repeatingSection ` + w15 + `/></w:sdtPr><w:sdtContent>`)
		for _, r := range rows {
			b.WriteString(`<w:sdt><w:sdtPr><w15:repeatingSectionItem ` + w15 + `/></w:sdtPr><w:sdtContent>` + r + `</w:sdtContent></w:sdt>`)
		}
		b.WriteString(`</w:sdtContent></w:sdt>`)
		return b.String()
	}
	r1 := []string{"资料印刷", "5000.00", "学习资料"}
	r2 := []string{"宣传展示", "3000.50", ""}
	r3 := []string{"培训费", "12000.00", "外请专家"}
	tests := []struct {
		name   string
		edit   func(t testing.TB, doc string) string
		want   [][]string
		source string
	}{
		{
			name: "rows added, blank rows between and at the end",
			edit: func(t testing.TB, doc string) string {
				return rwEditRows(t, doc, tag, func(rows []string) []string {
					return []string{rows[0], rows[1], rows[2], rwRow("", "", ""), rows[3],
						rwRow("培训费", "1.2万", "外请专家"), rwRow("", "　", ""), rwRow("", "", "")}
				})
			},
			want: [][]string{r1, r2, r3}, source: SourceTag,
		},
		{
			name: "header row repeated inside the table",
			edit: func(t testing.TB, doc string) string {
				return rwEditRows(t, doc, tag, func(rows []string) []string {
					return []string{rows[0], rows[1], rows[2], rows[1], rows[3]}
				})
			},
			want: [][]string{r1, r2}, source: SourceTag,
		},
		{
			name: "table tag removed: found by its header row",
			edit: untag,
			want: [][]string{r1, r2}, source: SourceLabel,
		},
		{
			name: "table control removed and a column header retyped (金额)",
			edit: func(t testing.TB, doc string) string {
				doc = rwEditRows(t, doc, tag, func(rows []string) []string {
					return []string{rows[0], rwRow("支出项目", "金额", "说　明"), rows[2], rows[3], rwRow("培训费", "￥12,000", "外请专家")}
				})
				s, e := rwControl(t, doc, tag)
				return doc[:s] + rwContent(doc[s:e]) + doc[e:]
			},
			want: [][]string{r1, r2, r3}, source: SourceLabel,
		},
		{
			name: "column header 金额(元) half-width, tag kept",
			edit: func(t testing.TB, doc string) string {
				return rwEditRows(t, doc, tag, func(rows []string) []string {
					return []string{rows[0], rwRow("支出项目", "金额(元)", "说明"), rows[2], rows[3]}
				})
			},
			want: [][]string{r1, r2}, source: SourceTag,
		},
		{
			name: "row deleted with tracked changes",
			edit: func(t testing.TB, doc string) string {
				return rwEditRows(t, doc, tag, func(rows []string) []string {
					return []string{rows[0], rows[1], rows[2], deletedRow, rows[3]}
				})
			},
			want: [][]string{r1, r2}, source: SourceTag,
		},
		{
			name: "data rows in a Word repeating section control",
			edit: func(t testing.TB, doc string) string {
				return rwEditRows(t, doc, tag, func(rows []string) []string {
					return []string{rows[0], rows[1], repeating(append(rows[2:4:4], rwRow("培训费", "12000", "外请专家")))}
				})
			},
			want: [][]string{r1, r2, r3}, source: SourceTag,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, data := rwForm(t, "innovation_project", func(s *sample.Return) {
				s.Values.Rows[tag] = []map[string]string{
					{"item": "资料印刷", "amount": "5000", "note": "学习资料"},
					{"item": "宣传展示", "amount": "3,000.50"},
				}
				s.Tables[tag] = [][]string{r1, r2}
			})
			data = testutil.RewriteDocx(t, data, func(doc string) string { return tc.edit(t, doc) })
			s.Tables[tag] = tc.want
			got := rwExtract(t, data)
			tv := got.Table(tag)
			if tv.Source != tc.source {
				t.Errorf("table found by %q, want %q", tv.Source, tc.source)
			}
			var rows [][]string
			for _, r := range tv.Rows {
				var row []string
				for _, v := range r {
					row = append(row, v.Norm)
					if v.Problem != "" {
						t.Errorf("%s %q: %s", v.Field, v.Raw, v.Problem)
					}
				}
				rows = append(rows, row)
			}
			if !rwEqualRows(rows, tc.want) {
				t.Errorf("rows %q, want %q", rows, tc.want)
			}
			compareReturn(t, s, got, "")
		})
	}
}

func rwEqualRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

// --- whole documents ------------------------------------------------------------

// TestNoControlsAtAll: every content control deleted (no sdt, no tag left),
// the values typed as plain text: all read by their labels, tables by their
// header rows.
func TestNoControlsAtAll(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"benchmark_college", "model_branch", "double_leader_studio", "innovation_project",
		"midterm-benchmark_college", "midterm-model_branch", "midterm-double_leader_studio", "midterm-innovation_project",
		"final-benchmark_college", "final-model_branch", "final-double_leader_studio", "final-innovation_project"} {
		t.Run(id, func(t *testing.T) {
			s, data := rwForm(t, id, func(s *sample.Return) { rwType(s, "cover_phone", "138 1234 5678", "13812345678") })
			data = testutil.RewriteDocx(t, data, rwStripControls)
			if doc := rwReadDoc(t, data); len(doc.Controls) != 0 {
				t.Fatalf("%d controls left", len(doc.Controls))
			}
			got := rwExtract(t, data)
			compareReturn(t, s, got, SourceLabel)
			for _, tv := range got.Tables {
				if tv.Source != SourceLabel {
					t.Errorf("table %s found by %q", tv.Field, tv.Source)
				}
			}
			rwCheckValue(t, got, "cover_phone", rwWant{"138 1234 5678", "13812345678", SourceLabel})
		})
	}
}

// TestLabelsRetyped: tags gone and labels retyped with full-width spaces,
// colons and asterisks: still matched.
func TestLabelsRetyped(t *testing.T) {
	t.Parallel()
	s, data := rwForm(t, "model_branch", func(s *sample.Return) {
		rwType(s, "branch_name", "电气工程学院教工党支部", "电气工程学院教工党支部")
		rwType(s, "contact_phone", "13812345678", "13812345678")
		rwType(s, "cover_phone", "0371-12345678", "0371-12345678")
	})
	data = testutil.RewriteDocx(t, data, func(doc string) string {
		doc = rwRelabel(t, doc, "branch_name", "党　支　部　名　称：")
		doc = rwRelabel(t, doc, "contact_phone", "*联系电话:")
		doc = rwRelabel(t, doc, "cover_phone", "联　系　电　话：")
		doc = rwRelabel(t, doc, "secretary", "★支部书记")
		return rwStripTags(doc)
	})
	got := rwExtract(t, data)
	compareReturn(t, s, got, SourceLabel)
	rwCheckValue(t, got, "branch_name", rwWant{"电气工程学院教工党支部", "电气工程学院教工党支部", SourceLabel})
	rwCheckValue(t, got, "contact_phone", rwWant{"13812345678", "13812345678", SourceLabel})
	rwCheckValue(t, got, "cover_phone", rwWant{"0371-12345678", "0371-12345678", SourceLabel})
}

// TestLibreOfficeRepeatedValues: LibreOffice writes an input field back as
// three sibling untagged controls holding the value four times.
func TestLibreOfficeRepeatedValues(t *testing.T) {
	t.Parallel()
	damaged := map[string]string{
		"branch_name":   "电气工程学院教工党支部",
		"contact_phone": "13812345678",
		"members_total": "60",
		"secretary":     "张三",
	}
	s, data := rwForm(t, "model_branch", func(s *sample.Return) {
		for id, v := range damaged {
			rwType(s, id, v, v)
		}
		s.Values.Text["members_formal"], s.Expect["members_formal"] = "26", "26"
		s.Values.Text["members_probationary"], s.Expect["members_probationary"] = "34", "34"
	})
	data = testutil.RewriteDocx(t, data, func(doc string) string {
		for id, v := range damaged {
			lo := func(text string) string {
				return `<w:sdt><w:sdtPr/><w:sdtContent>` + rwRun(text) + `</w:sdtContent></w:sdt>`
			}
			doc = rwReplaceControl(t, doc, id, lo(v)+lo(v+v)+lo(v))
		}
		return rwStripTags(doc)
	})
	got := rwExtract(t, data)
	for id, v := range damaged {
		rwCheckValue(t, got, id, rwWant{v, v, SourceLabel})
	}
	compareReturn(t, s, got, SourceLabel)
}

// TestControlWrappers: controls wrapping a paragraph, a cell or a row, the
// field's tag on the wrapper or on the control inside it.
func TestControlWrappers(t *testing.T) {
	t.Parallel()
	sdt := func(pr, inner string) string {
		return `<w:sdt><w:sdtPr>` + pr + `</w:sdtPr><w:sdtContent>` + inner + `</w:sdtContent></w:sdt>`
	}
	tagged := func(alias, tag string) string {
		return `<w:alias w:val="` + alias + `"/><w:tag w:val="` + tag + `"/>`
	}
	// wrap moves the control of tag up to the element <name> around it.
	wrap := func(t testing.TB, doc, tag, alias, name string) string {
		s, e := rwEnclosing(t, doc, tag, name)
		return doc[:s] + sdt(tagged(alias, tag), rwUnwrapControl(t, doc[s:e], tag)) + doc[e:]
	}
	// wrapOuter puts an untagged control around the element <name> holding
	// the control of tag.
	wrapOuter := func(t testing.TB, doc, tag, name string) string {
		s, e := rwEnclosing(t, doc, tag, name)
		return doc[:s] + sdt(`<w:id w:val="99"/>`, doc[s:e]) + doc[e:]
	}
	tests := []struct {
		name  string
		field string
		value string
		edit  func(t testing.TB, doc string) string
		level string // the level of the control holding the tag
	}{
		{"block control around the value paragraph", "branch_name", "电气工程学院教工党支部",
			func(t testing.TB, doc string) string { return wrap(t, doc, "branch_name", "党支部名称", "w:p") }, ooxml.LevelBlock},
		{"cell control around the value cell", "contact_phone", "13812345678",
			func(t testing.TB, doc string) string { return wrap(t, doc, "contact_phone", "联系电话", "w:tc") }, ooxml.LevelCell},
		{"row control around a long text's value row", "basis_guidance", "第一段。\n第二段。",
			func(t testing.TB, doc string) string { return wrap(t, doc, "basis_guidance", "政治引领", "w:tr") }, ooxml.LevelRow},
		{"untagged block control around the paragraph, tag inside", "secretary", "张三",
			func(t testing.TB, doc string) string { return wrapOuter(t, doc, "secretary", "w:p") }, ooxml.LevelRun},
		{"untagged cell control around the cell, tag inside", "members_total", "60",
			func(t testing.TB, doc string) string { return wrapOuter(t, doc, "members_total", "w:tc") }, ooxml.LevelRun},
		{"untagged row control around the row, tag inside", "secretary_title", "高级工程师",
			func(t testing.TB, doc string) string { return wrapOuter(t, doc, "secretary_title", "w:tr") }, ooxml.LevelRun},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, data := rwForm(t, "model_branch", func(s *sample.Return) {
				rwType(s, tc.field, tc.value, tc.value)
				s.Values.Text["members_formal"], s.Expect["members_formal"] = "26", "26"
				s.Values.Text["members_probationary"], s.Expect["members_probationary"] = "34", "34"
			})
			data = testutil.RewriteDocx(t, data, func(doc string) string { return tc.edit(t, doc) })
			doc := rwReadDoc(t, data)
			var ctl *ooxml.Control
			for _, c := range doc.Controls {
				if c.Tag == tc.field {
					ctl = c
				}
			}
			if ctl == nil || ctl.Level != tc.level || ctl.Text != tc.value {
				t.Fatalf("control %s: %+v, want level %s text %q", tc.field, ctl, tc.level, tc.value)
			}
			if tc.level != ooxml.LevelRow && (ctl.Cell == nil || ctl.Cell.Text() != tc.value) {
				t.Errorf("control %s is not placed in its value cell", tc.field)
			}
			got := rwExtract(t, data)
			rwCheckValue(t, got, tc.field, rwWant{tc.value, tc.value, SourceTag})
			compareReturn(t, s, got, SourceTag)
		})
	}
}

// TestNestedTableInCell: a person put a small table into a long text's cell.
func TestNestedTableInCell(t *testing.T) {
	t.Parallel()
	const field = "basis_guidance"
	nested := `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>` +
		rwRow("活动", "次数") + rwRow("党课", "12次") + `</w:tbl>`
	tests := []struct {
		name string
		edit func(t testing.TB, doc string) string
		want rwWant
	}{
		{
			name: "control deleted, text and table in the cell",
			edit: func(t testing.TB, doc string) string {
				s, e := rwEnclosing(t, doc, field, "w:p")
				return doc[:s] + rwPara(rwRun("开展活动如下：")) + nested + rwPara("") + doc[e:]
			},
			want: rwWant{"开展活动如下：\n活动\t次数\n党课\t12次", "开展活动如下：\n活动\t次数\n党课\t12次", SourceLabel},
		},
		{
			name: "control kept, table after its paragraph",
			edit: func(t testing.TB, doc string) string {
				_, e := rwEnclosing(t, doc, field, "w:p")
				return doc[:e] + nested + rwPara("") + doc[e:]
			},
			want: rwWant{"开展活动如下：", "开展活动如下：", SourceTag},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, data := rwForm(t, "model_branch", func(s *sample.Return) { rwType(s, field, "开展活动如下：", tc.want.norm) })
			before := len(rwReadDoc(t, data).Tables())
			data = testutil.RewriteDocx(t, data, func(doc string) string { return tc.edit(t, doc) })
			doc := rwReadDoc(t, data)
			tables := doc.Tables()
			if len(tables) != before+1 {
				t.Fatalf("Tables() has %d tables, want %d", len(tables), before+1)
			}
			var found *ooxml.Table
			for _, tb := range tables {
				if len(tb.Rows) == 2 && len(tb.Rows[1].Cells) == 2 && tb.Rows[1].Cells[1].Text() == "12次" {
					found = tb
				}
			}
			if found == nil {
				t.Error("the nested table is not among Tables()")
			}
			got := rwExtract(t, data)
			rwCheckValue(t, got, field, tc.want)
			compareReturn(t, s, got, "")
		})
	}
}

// TestStrictNamespace: a file saved as Strict Open XML: every w: element in
// the strict namespace, strict relationship types.
func TestStrictNamespace(t *testing.T) {
	t.Parallel()
	s, data := rwForm(t, "double_leader_studio", nil)
	data = testutil.Repack(t, data, func(name string, b []byte) (string, []byte, bool) {
		text := strings.NewReplacer(
			ooxml.NSW, "http://purl.oclc.org/ooxml/wordprocessingml/main",
			"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
			"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
			"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
			"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
		).Replace(string(b))
		return name, []byte(text), true
	})
	got := rwExtract(t, data)
	if got.RecognisedBy != ByProperty {
		t.Errorf("recognised by %s, want property", got.RecognisedBy)
	}
	compareReturn(t, s, got, SourceTag)
}

// TestMainPartRenamed: the main part under another name, found through
// _rels/.rels, even with a stale word/document.xml beside it.
func TestMainPartRenamed(t *testing.T) {
	t.Parallel()
	s, data := rwForm(t, "model_branch", nil)
	_, blank := rwForm(t, "model_branch", func(s *sample.Return) { *s.Values = render.Values{} })
	var stale []byte
	testutil.Repack(t, blank, func(name string, b []byte) (string, []byte, bool) {
		if name == "word/document.xml" {
			stale = b // the blank form's body: no value at all
		}
		return name, b, true
	})
	for _, withStale := range []bool{false, true} {
		renamed := testutil.Repack(t, data, func(name string, b []byte) (string, []byte, bool) {
			switch name {
			case "word/document.xml":
				return "word/document2.xml", b, true
			case "word/_rels/document.xml.rels":
				return "word/_rels/document2.xml.rels", b, true
			case "_rels/.rels", "[Content_Types].xml":
				return name, bytes.ReplaceAll(b, []byte("word/document.xml"), []byte("word/document2.xml")), true
			}
			return name, b, true
		})
		if withStale {
			renamed = testutil.AddPart(t, renamed, "word/document.xml", stale)
		}
		got := rwExtract(t, renamed)
		compareReturn(t, s, got, SourceTag)
	}
}

// --- typed values ---------------------------------------------------------------

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // "" for ErrDate
	}{
		{"2022年11月1日", "2022-11-01"},
		{"2022年11月", "2022-11"},
		{"2022.11.1", "2022-11-01"},
		{"2022/11/01", "2022-11-01"},
		{"2022-11-01", "2022-11-01"},
		{"２０２２年１１月１日", "2022-11-01"},
		{"2022 年 11 月 1 日", "2022-11-01"},
		{"2022年11月1号", "2022-11-01"},
		{"20221101", "2022-11-01"},
		{"2022.11", "2022-11"},
		{"44866", "2022-11-01"},
		{"44866.5", "2022-11-01"},
		{"2022年2月30日", ""},
		{"2022年13月", ""},
		{"2023年2月29日", ""},
		{"2024年2月29日", "2024-02-29"},
		{"11月1日", ""},
		{"去年", ""},
		{"", ""},
	}
	for _, tc := range tests {
		d, err := ParseDate(tc.in)
		switch {
		case tc.want == "" && !errors.Is(err, ErrDate):
			t.Errorf("ParseDate(%q) = %v, %v; want ErrDate", tc.in, d, err)
		case tc.want != "" && (err != nil || d.String() != tc.want):
			t.Errorf("ParseDate(%q) = %v, %v; want %s", tc.in, d, err, tc.want)
		}
	}
}

func TestParseInteger(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"25", 25, true},
		{"25人", 25, true},
		{"２５", 25, true},
		{" 25 名", 25, true},
		{"0", 0, true},
		{"二十五", 0, false},
		{"25.5", 0, false},
		{"约25人", 0, false},
		{"25 people", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		n, err := ParseInteger(tc.in)
		if tc.ok != (err == nil) || n != tc.want || (!tc.ok && !errors.Is(err, ErrInteger)) {
			t.Errorf("ParseInteger(%q) = %d, %v; want %d ok %v", tc.in, n, err, tc.want, tc.ok)
		}
	}
}

func TestParseMoney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64 // fen; -1 for ErrMoney
	}{
		{"5000", 500000},
		{"5,000.00", 500000},
		{"5，000", 500000},
		{"0.5万元", 500000},
		{"￥5000", 500000},
		{"¥5000元", 500000},
		{"５０００元", 500000},
		{"1.2万", 1200000},
		{"10500.50", 1050050},
		{"10500.5", 1050050},
		{"0.01", 1},
		{"0.001", -1},
		{"-5", -1},
		{"五千元", -1},
		{"5000.", -1},
		{"", -1},
	}
	for _, tc := range tests {
		fen, err := ParseMoney(tc.in)
		if tc.want < 0 {
			if !errors.Is(err, ErrMoney) {
				t.Errorf("ParseMoney(%q) = %d, %v; want ErrMoney", tc.in, fen, err)
			}
			continue
		}
		if err != nil || fen != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", tc.in, fen, err, tc.want)
		}
	}
	if got := FormatFen(1050050); got != "10500.50" {
		t.Errorf("FormatFen(1050050) = %s", got)
	}
}

func TestParsePhone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string // want "" for ErrPhone
	}{
		{"13812345678", "13812345678"},
		{"+86 138 1234 5678", "13812345678"},
		{"138-1234-5678", "13812345678"},
		{"１３８１２３４５６７８", "13812345678"},
		{"0371-12345678", "0371-12345678"},
		{"(0371)12345678", "0371-12345678"},
		{"（0371）12345678", "0371-12345678"},
		{"037112345678", "0371-12345678"},
		{"010-12345678", "010-12345678"},
		{"0371-12345678转123", "0371-12345678-123"},
		{"12345", ""},
		{"1381234567", ""},
		{"电话", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got, err := ParsePhone(tc.in)
		if tc.want == "" {
			if !errors.Is(err, ErrPhone) {
				t.Errorf("ParsePhone(%q) = %q, %v; want ErrPhone", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParsePhone(%q) = %q, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in          string
		checked, ok bool
	}{
		{"☒", true, true},
		{"☑", true, true},
		{"■", true, true},
		{"√", true, true},
		{"✓", true, true},
		{"☐", false, true},
		{"□", false, true},
		{"是", true, true},
		{"否", false, true},
		{"", false, true},
		{"☒是 ☐否", true, true},
		{"☐是 ☒否", false, true},
		{"是☐ 否☒", false, true},
		{"√是　□否", true, true},
		{"□是 □否", false, true},
		{"☒是 ☒否", false, false},
		{"也许", false, false},
	}
	for _, tc := range tests {
		checked, ok := ParseCheck(tc.in)
		if checked != tc.checked || ok != tc.ok {
			t.Errorf("ParseCheck(%q) = %v, %v; want %v, %v", tc.in, checked, ok, tc.checked, tc.ok)
		}
	}
}
