//go:build !unix

package main

import "os"

// maxRSS is not measured here.
func maxRSS(*os.ProcessState) float64 { return 0 }

// settle does nothing here.
func settle() {}
