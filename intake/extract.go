package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"dbzx/internal/ooxml"
	"dbzx/internal/sniff"
	"dbzx/templates"
)

// Where a value was found, from the most to the least certain anchor.
const (
	SourceTag    = "tag"    // content control by its tag (Word, WPS)
	SourceAlias  = "alias"  // content control by its alias
	SourceLabel  = "label"  // the cell beside the label cell (LibreOffice, retyped forms)
	SourceInline = "inline" // typed into the label cell after a colon
	SourceNone   = ""       // not found
)

// How a return's form was recognised.
const (
	ByProperty = "property" // custom document property dbzx.form
	ByTitle    = "title"    // the form's title in the text
	ByLabels   = "labels"   // most of the form's labels present
)

// ErrUnknownForm: the document is a Word file but none of our forms.
var ErrUnknownForm = errors.New("不是本计划的申报表：未找到表单标识、标题或栏目")

// Return is one returned form read back.
type Return struct {
	File         string          `json:"file"`
	Form         *templates.Form `json:"-"`
	FormID       string          `json:"form"`
	Code         string          `json:"code"`
	Version      string          `json:"version"`
	RecognisedBy string          `json:"recognised_by"`
	// Object is the construction object a stage form was written for
	// (the dbzx.object property), "" for applications.
	Object   string            `json:"object,omitempty"`
	Values   []*Value          `json:"values"`
	Tables   []*TableValue     `json:"tables"`
	Warnings []string          `json:"warnings,omitempty"`
	byID     map[string]*Value // Values by field id
}

// Value is one field's value as found, with where it was found and, when
// its text does not parse as the field's type, why.
type Value struct {
	Field   string              `json:"field"`
	Label   string              `json:"label"`
	Type    templates.FieldType `json:"type"`
	Raw     string              `json:"raw"`               // the text as found (placeholder prompts read as "")
	Norm    string              `json:"value"`             // canonical: 2022-11-01, 2022-11, 25, 5000.00, 13812345678, 是/否
	Int     int64               `json:"int,omitempty"`     // integer fields; money in fen
	Checked bool                `json:"checked"`           // checkbox fields
	Source  string              `json:"source"`            // tag, alias, label, inline, or "" (not found)
	Problem string              `json:"problem,omitempty"` // why Raw does not parse, in Chinese
}

// Empty reports whether nothing was filled in.
func (v *Value) Empty() bool { return v.Raw == "" && !v.Checked }

// TableValue is a repeating table read back: non-blank rows only.
type TableValue struct {
	Field   string     `json:"field"`
	Label   string     `json:"label"`
	Source  string     `json:"source"`
	Columns []string   `json:"columns"` // column ids
	Rows    [][]*Value `json:"rows"`    // in column order
}

// Blank reports whether nothing at all was filled in: every field empty,
// every box unticked, no table row. A blank form sent back by mistake is
// not an application.
func (r *Return) Blank() bool {
	for _, v := range r.Values {
		if !v.Empty() {
			return false
		}
	}
	for _, t := range r.Tables {
		if len(t.Rows) > 0 {
			return false
		}
	}
	return true
}

// Value returns the value of a field by id (nil for table fields).
func (r *Return) Value(id string) *Value { return r.byID[id] }

// Table returns a table field's rows by id.
func (r *Return) Table(id string) *TableValue {
	for _, t := range r.Tables {
		if t.Field == id {
			return t
		}
	}
	return nil
}

// Extractor reads returns of the forms in Forms.
type Extractor struct {
	Forms *templates.Set
	// Categories are the category names that fields with
	// choices_from: categories accept.
	Categories []string
	// Limits on reading the package (zero: ooxml.DefaultLimits), and on
	// what one return may hold (zero: no limit).
	Limits        ooxml.Limits
	MaxTableRows  int
	MaxFieldChars int
}

// ErrLimit: a return holds more than the configured limits allow.
var ErrLimit = errors.New("超过限制")

// Errors of ReadAny, inside a *ConversionError.
var (
	// ErrNeedsConversion: a legacy document (.doc, .wps, .odt, .rtf) and
	// no converter to turn it into .docx.
	ErrNeedsConversion = errors.New("intake: legacy document, no converter")
	// ErrConversion: the converter failed on the document.
	ErrConversion = errors.New("intake: conversion failed")
)

// ConversionError says which legacy document could not be turned into
// .docx, and why: no converter (Cause nil) or the converter's error.
type ConversionError struct {
	What  string // the format in the clerk's words: 旧版 Word（.doc）或 WPS（.wps）文件
	Cause error
}

func (e *ConversionError) Error() string {
	if e.Cause == nil {
		return ErrNeedsConversion.Error() + ": " + e.What
	}
	return ErrConversion.Error() + ": " + e.What + ": " + e.Cause.Error()
}

// Is makes errors.Is see ErrNeedsConversion or ErrConversion.
func (e *ConversionError) Is(target error) bool {
	return target == ErrNeedsConversion && e.Cause == nil || target == ErrConversion && e.Cause != nil
}

// convertedNote is what a return read from a converted document carries.
func convertedNote(what string) string {
	return "由" + what + "转换后读取（标记已丢失，按栏目名称读取）"
}

// ReadAny reads a return from any word-processing file: a .docx as it is,
// a legacy document (.doc, .wps, .odt, .rtf) through conv (nil:
// ErrNeedsConversion). Files are told by content, not by name.
func (x *Extractor) ReadAny(ctx context.Context, data []byte, name string, conv Converter) (*Return, error) {
	switch k := sniff.Detect(data); k {
	case sniff.Doc, sniff.ODF, sniff.RTF, sniff.OLE:
		if conv == nil {
			return nil, &ConversionError{What: legacyName(k)}
		}
		docx, err := conv(ctx, data, name)
		if err != nil {
			return nil, &ConversionError{What: legacyName(k), Cause: err}
		}
		ret, err := x.Extract(bytes.NewReader(docx), int64(len(docx)), name)
		if err == nil {
			ret.Warnings = append(ret.Warnings, convertedNote(legacyName(k)))
		}
		return ret, err
	}
	// Everything else is read as a .docx: the reader's own errors say
	// what it is instead (not a zip, a workbook, encrypted, damaged).
	return x.Extract(bytes.NewReader(data), int64(len(data)), name)
}

// Extract reads a .docx from r; name is recorded as the return's file.
func (x *Extractor) Extract(r io.ReaderAt, size int64, name string) (*Return, error) {
	lim := x.Limits
	if lim == (ooxml.Limits{}) {
		lim = ooxml.DefaultLimits
	}
	doc, err := ooxml.ReadDocxLimits(r, size, lim)
	if err != nil {
		return nil, err
	}
	ret, err := x.FromDocument(doc, name)
	if err != nil {
		return nil, err
	}
	return ret, x.checkLimits(ret)
}

// checkLimits refuses a return with a table or a field beyond the limits.
func (x *Extractor) checkLimits(r *Return) error {
	for _, t := range r.Tables {
		if x.MaxTableRows > 0 && len(t.Rows) > x.MaxTableRows {
			return fmt.Errorf("%w：表格「%s」有 %d 行，超过 %d 行的限制", ErrLimit, t.Label, len(t.Rows), x.MaxTableRows)
		}
	}
	for _, v := range r.Values {
		if n := utf8.RuneCountInString(v.Raw); x.MaxFieldChars > 0 && n > x.MaxFieldChars {
			return fmt.Errorf("%w：栏目「%s」有 %d 字，超过 %d 字的限制", ErrLimit, v.Label, n, x.MaxFieldChars)
		}
	}
	return nil
}

// FromDocument extracts every field of the recognised form from doc.
func (x *Extractor) FromDocument(doc *ooxml.Document, name string) (*Return, error) {
	form, by := x.recognise(doc)
	if form == nil {
		return nil, ErrUnknownForm
	}
	ret := &Return{File: name, Form: form, FormID: form.ID, Code: form.Code, RecognisedBy: by,
		Version: doc.Props["dbzx.version"], Object: doc.Props["dbzx.object"], byID: map[string]*Value{}}
	switch {
	case ret.Version == "":
		ret.Version = form.Version
		ret.Warnings = append(ret.Warnings, "文件中没有表单版本标识，按当前版本 "+form.Version+" 读取")
	case ret.Version != form.Version:
		ret.Warnings = append(ret.Warnings, fmt.Sprintf("表单版本为 %s，当前版本为 %s", ret.Version, form.Version))
	}
	s := newScan(doc)
	// Tables first: their header cells must not be taken for labels.
	for _, f := range form.Fields() {
		if f.Type == templates.Table {
			ret.Tables = append(ret.Tables, s.table(f, x))
		}
	}
	s.pairLabels(form)
	for _, f := range form.Fields() {
		if f.Type == templates.Table {
			continue
		}
		v := s.field(f, x)
		ret.Values = append(ret.Values, v)
		ret.byID[f.ID] = v
	}
	return ret, nil
}

// recognise finds the form: by the custom property the writer put there,
// else by its title in the text, else by the share of its labels present.
func (x *Extractor) recognise(doc *ooxml.Document) (*templates.Form, string) {
	if id := doc.Props["dbzx.form"]; id != "" {
		if f, ok := x.Forms.Find(id); ok && f.Format == templates.FormatDocx {
			return f, ByProperty
		}
	}
	text := normLabel(doc.Title + "\n" + doc.Text())
	var best *templates.Form
	for _, f := range x.Forms.Forms {
		if f.Format == templates.FormatDocx && strings.Contains(text, normConst(f.Title)) {
			if best == nil || len(f.Title) > len(best.Title) {
				best = f
			}
		}
	}
	if best != nil {
		return best, ByTitle
	}
	cells := map[string]bool{}
	for _, t := range doc.Tables() {
		for _, r := range t.Rows {
			for _, c := range r.Cells {
				cells[normLabel(c.Text())] = true
			}
		}
	}
	bestScore := 0.0
	for _, f := range x.Forms.Forms {
		if f.Format != templates.FormatDocx {
			continue
		}
		found, total := 0, 0
		for _, fd := range f.Fields() {
			total++
			if cells[normConst(fd.Label)] {
				found++
			}
		}
		if score := float64(found) / float64(max(total, 1)); score > bestScore {
			best, bestScore = f, score
		}
	}
	if bestScore >= 0.5 {
		return best, ByLabels
	}
	return nil, ""
}

// normLabel makes labels comparable however they were typed: half-width,
// no spaces (U+3000 included), no colons, asterisks or quotes.
// NormLabel folds what people vary in labels and names (spaces, widths,
// quotes) so that two spellings of one name compare equal.
func NormLabel(s string) string { return normLabel(s) }

func normLabel(s string) string { return fold(s, true) }

// normConst is normLabel of a string from the form definitions (a label,
// a prompt, a title), folded once and remembered.
func normConst(s string) string {
	if v, ok := normConsts.Load(s); ok {
		return v.(string)
	}
	v := normLabel(s)
	normConsts.Store(s, v)
	return v
}

var normConsts sync.Map

// genericPrompts are placeholder texts other tools put in empty controls.
var genericPrompts = []string{"请填写", "请选择", "点击选择日期", "单击或点击此处输入文字。",
	"单击此处输入文字。", "Clickortaphereentertext.", "Clickhereentertext.", "选择一项。", "单击或点击以输入日期。"}

// longestGenericPrompt is the most runes a generic prompt folds to.
var longestGenericPrompt = func() int {
	n := 0
	for _, p := range genericPrompts {
		n = max(n, utf8.RuneCountInString(normLabel(p)))
	}
	return n
}()

// isPrompt reports whether text is the field's placeholder prompt (which
// LibreOffice hands back as text), possibly repeated by its re-save.
func isPrompt(f *templates.Field, text string) bool {
	// A text that folds to more runes than any prompt written four
	// times over (LibreOffice's repeats, undone below) is none.
	prompt := normConst(f.Prompt())
	if foldsLonger(text, true, 4*max(utf8.RuneCountInString(prompt), longestGenericPrompt)) {
		return false
	}
	t := normLabel(text)
	if t == "" {
		return true
	}
	t = collapseRepeats(t)
	if t == prompt {
		return true
	}
	for _, p := range genericPrompts {
		if t == normConst(p) {
			return true
		}
	}
	return false
}

// collapseRepeats undoes LibreOffice's damage to input fields, which it
// writes back with the value two to four times over: "张三张三张三张三" → "张三".
func collapseRepeats(s string) string {
	for k := 4; k >= 2; k-- {
		if len(s)%k != 0 {
			continue
		}
		part := s[:len(s)/k]
		if part != "" && strings.Repeat(part, k) == s {
			return part
		}
	}
	return s
}
