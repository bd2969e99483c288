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

// settle writes what earlier runs left in the page cache to disk, so that
// no run pays for the one before it.
func settle() { syscall.Sync() }
