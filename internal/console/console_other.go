//go:build !windows

package console

import "os"

// Only Windows has console code pages and consoles of their own.
func useUTF8() (restore func(), err error) { return func() {}, nil }
func isConsole(f *os.File) bool            { return false }
func consoleProcesses() int                { return 0 }
