package main

import (
	"errors"
	"fmt"
	"io"
)

// Exit codes, the same for every command, for scripts to rely on.
const (
	ExitOK      = 0 // everything done
	ExitPartial = 1 // done, but some inputs were rejected (see the report)
	ExitUsage   = 2 // bad arguments, configuration or workspace
	ExitFailure = 3 // the run failed (I/O, an internal error)
)

// exitError carries the exit code of an error up to Execute.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as the user's to fix: exit code 2.
func usageError(err error) error { return &exitError{ExitUsage, err} }

// usagef is usageError with a formatted message.
func usagef(format string, args ...any) error { return usageError(fmt.Errorf(format, args...)) }

// exitCode maps an error to its exit code and prints its message. This is
// the only place errors become text and codes.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	code := ExitFailure
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if code == ExitPartial {
		return code // the command already reported what was rejected
	}
	fmt.Fprintf(stderr, "错误：%v\n", err)
	if code == ExitUsage {
		fmt.Fprintln(stderr, "运行 dbzx --help 或 dbzx <命令> --help 查看用法。")
	}
	return code
}
