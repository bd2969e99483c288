package workspace

import (
	"errors"
	"fmt"
)

// Errors of the verbs, for the front ends to word. Each is returned as
// is or wrapped with the file or item it concerns.
var (
	// ErrNoApplications: the register holds no application yet.
	ErrNoApplications = errors.New("workspace: no applications registered")
	// ErrNoSelection: no construction object has been decided yet.
	ErrNoSelection = errors.New("workspace: no construction objects decided")
	// ErrNoStageReturns: no construction object has returned the stage's
	// form yet.
	ErrNoStageReturns = errors.New("workspace: no returns of the stage's form")
	// ErrNoAccepted: no construction object has passed acceptance yet.
	ErrNoAccepted = errors.New("workspace: no construction object passed acceptance")
	// ErrNotFound: no file or application matches what was named.
	ErrNotFound = errors.New("workspace: not found")
	// ErrAmbiguous: more than one file or application matches.
	ErrAmbiguous = errors.New("workspace: ambiguous")
)

// ConfigError: the workspace's configuration or form specs could not be
// loaded. Err says what and where (config.Error, templates errors).
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// UnknownCategoryError: a category key that the configuration lacks.
type UnknownCategoryError struct {
	Key   string
	Known []string
}

func (e *UnknownCategoryError) Error() string {
	return fmt.Sprintf("workspace: unknown category %q (known: %v)", e.Key, e.Known)
}

// LookupError: what was named (a file of supporting material, an
// application) matched nothing (ErrNotFound) or more than one
// (ErrAmbiguous).
type LookupError struct {
	What  string // "attachment" or "application"
	Query string
	Err   error
}

func (e *LookupError) Error() string {
	return fmt.Sprintf("workspace: %s %q: %v", e.What, e.Query, e.Err)
}
func (e *LookupError) Unwrap() error { return e.Err }

// FileError: an input file named by the user (a filled sheet, the seal
// image) could not be read or is not what was expected.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }
