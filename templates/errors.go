package templates

import (
	"fmt"
	"regexp"
	"strconv"
)

// Rule is a rule of the spec format that a form broke. The front ends
// word it for whoever edits the spec (package wording); the text here is
// Go's kind.
type Rule string

// The rules Form.Check enforces, with what SpecError names for each.
const (
	NoID               Rule = "no id"
	NoTitles           Rule = "code, title, short_title and version are required"
	BadFormat          Rule = "format is not docx or xlsx" // Found
	BadFileName        Rule = "code or short_title has a character a file name cannot have"
	NoFieldID          Rule = "field without id or label"            // Field, Found (the label)
	UnknownType        Rule = "unknown field type"                   // Field, Found
	NoChoices          Rule = "choice field without choices"         // Field
	UnknownChoicesFrom Rule = "unknown choices_from"                 // Field, Found
	NoColumns          Rule = "table without columns"                // Field
	NestedTable        Rule = "table inside a table"                 // Field
	BadWidth           Rule = "width is not half or full"            // Field
	BadFieldID         Rule = "field id with a space or dot"         // Field
	DuplicateField     Rule = "duplicate field id"                   // Field
	DuplicateColumn    Rule = "duplicate column"                     // Field (the table), Ref
	SumOfNoField       Rule = "sum_of names no field"                // Field, Ref
	SumOfNoColumn      Rule = "sum_of names no table column"         // Field, Ref
	IdentityNoField    Rule = "identity names no field of the form"  // Found
	UnknownSection     Rule = "unknown section kind"                 // Field (the title), Found
	BadStage           Rule = "stage is not apply, midterm or final" // Found
	BadVariant         Rule = "variant without category or name"
	DuplicateVariant   Rule = "duplicate variant" // Found
	VariantsCategory   Rule = "a form with variants has a category"
	NoVariants         Rule = "stage form without variants or category"
	OnlyNotVariant     Rule = "only names a category that is not a variant"    // Field, Ref
	LabelsNotVariant   Rule = "labels names a category that is not a variant"  // Field, Ref
	UnknownPrefill     Rule = "unknown prefill"                                // Field, Found
	PrefillNotStage    Rule = "prefill outside a stage form"                   // Field
	BadMaxFrom         Rule = "max_from is not allocation on a money field"    // Field
	RowsFromNotTable   Rule = "rows_from on a field that is not a table"       // Field
	UnknownRowsFrom    Rule = "unknown rows_from"                              // Field, Found
	SeedRowsNotTable   Rule = "seed_rows on a field that is not a table"       // Field
	FromWithoutRows    Rule = "column with from in a table without rows_from"  // Field
	BadRequiredIf      Rule = "required_if is not field=value"                 // Field
	RequiredIfNoField  Rule = "required_if names no field"                     // Field, Ref
	RequiredIfNoChoice Rule = "required_if names a value that is not a choice" // Field, Found, Ref
)

// SpecError: a form spec breaks one of its format's rules. It names the
// form and the field, so that whoever edits the spec file can find it.
type SpecError struct {
	Form, Source string // the form's id and file
	Rule         Rule
	Field        string // the field, column or section concerned
	Found        string // what was written there
	Ref          string // what it refers to: a field, a column, a category
}

func (e *SpecError) Error() string {
	s := fmt.Sprintf("templates: form %s (%s): ", e.Form, e.Source)
	if e.Field != "" {
		s += "field " + e.Field + ": "
	}
	s += string(e.Rule)
	if e.Found != "" {
		s += " (found " + strconv.Quote(e.Found) + ")"
	}
	if e.Ref != "" {
		s += ": " + e.Ref
	}
	return s
}

// FileKind is what a spec file holds.
type FileKind string

// The files and folders templates reads.
const (
	FormsDir    FileKind = "forms folder"
	FormFile    FileKind = "form file"
	LettersText FileKind = "letters file"
)

// FileProblem is what is wrong with one.
type FileProblem string

// The problems of a file or folder (FileError.Problem).
const (
	Unreadable FileProblem = "unreadable" // Err
	NotFolder  FileProblem = "not a folder"
	Empty      FileProblem = "empty"
	Syntax     FileProblem = "not valid YAML"               // Err: the parser's words
	NoKind     FileProblem = "letter without kind or title" // Part: the letter
	NoHeading  FileProblem = "missing heading"              // Part: the heading
)

// FileError: a forms folder, form file or letters file that cannot be
// used as it is.
type FileError struct {
	Kind    FileKind
	Path    string
	Problem FileProblem
	Part    string
	Line    int    // Syntax: the line the parser named, or 0
	Key     string // Syntax: a key the format does not have
	Err     error
}

func (e *FileError) Error() string {
	s := fmt.Sprintf("templates: %s %s: %s", e.Kind, e.Path, e.Problem)
	if e.Part != "" {
		s += " " + e.Part
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *FileError) Unwrap() error { return e.Err }

// yamlLine and yamlField find the line and the unknown key in the YAML
// parser's words.
var (
	yamlLine  = regexp.MustCompile(`line (\d+)`)
	yamlField = regexp.MustCompile(`field (\S+) not found in type`)
)

// yamlError types the YAML parser's complaint about a file.
func yamlError(kind FileKind, path string, err error) *FileError {
	e := &FileError{Kind: kind, Path: path, Problem: Syntax, Err: err}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
	}
	if m := yamlField.FindStringSubmatch(err.Error()); m != nil {
		e.Key = m[1]
	}
	return e
}
