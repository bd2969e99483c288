//go:build unix

package main

import (
	"os"
	"syscall"
)

// maxRSS is a finished child's peak resident set in MB.
func maxRSS(ps *os.ProcessState) float64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024 // KB on Linux
	}
	return 0
}
