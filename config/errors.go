package config

import (
	"fmt"
	"strconv"
)

// Problem says what is wrong with a setting. The front ends word it for
// the clerk (package wording); the error's own text is Go's kind.
type Problem string

// The problems of a setting (Error.Key) or of the file (Error.Path).
const (
	Unknown      Problem = "unknown key"                                // misspelt or not a setting
	Missing      Problem = "missing"                                    // required and blank
	Negative     Problem = "negative"                                   // below zero (Found)
	NotPositive  Problem = "not positive"                               // zero or below (Found)
	Duplicate    Problem = "duplicate category"                         // a category key given twice (Found)
	NotCategory  Problem = "names no configured category"               // (Found)
	BadCriterion Problem = "criterion needs a name and positive points" // a scoring item
	BadFontRole  Problem = "font role is not body, heading or title"
	NotInteger   Problem = "not an integer"
	NotBool      Problem = "not true or false"
	NotText      Problem = "not text"
	BadShape     Problem = "not shaped like the default" // a map or item where another shape was due
	NotList      Problem = "not a list"
	BadDate      Problem = "bad date"          // Err is the *DateError
	Invalid      Problem = "invalid"           // another complaint of the decoder (Err)
	Syntax       Problem = "YAML syntax error" // the file (Line, when the parser said)
	Unreadable   Problem = "unreadable"        // the file (Err)
)

// Error is a configuration error: a setting (Key, dotted as in dbzx.yaml:
// categories[1].quota) or the file itself (Path, Key empty), the problem,
// and what was written there when it matters.
type Error struct {
	Key     string
	Path    string
	Problem Problem
	Found   string
	Line    int
	Err     error
}

func (e *Error) Error() string {
	s := "config: "
	if e.Key != "" {
		s += e.Key + ": "
	} else if e.Path != "" {
		s += e.Path + ": "
	}
	s += string(e.Problem)
	if e.Found != "" {
		s += " (found " + strconv.Quote(e.Found) + ")"
	}
	if e.Line > 0 {
		s += fmt.Sprintf(" at line %d", e.Line)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// DateError: a date (2022-11-24) or month (2023-11) written otherwise, or
// a day the calendar lacks (Day is then set: 2022-11-31).
type DateError struct {
	Value          string
	Month          bool
	Year, Mon, Day int
}

func (e *DateError) Error() string {
	switch {
	case e.Month:
		return fmt.Sprintf("config: month %q is not written 2023-11", e.Value)
	case e.Day > 0:
		return fmt.Sprintf("config: date %q is not on the calendar", e.Value)
	}
	return fmt.Sprintf("config: date %q is not written 2022-11-24", e.Value)
}
