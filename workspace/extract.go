package workspace

import (
	"context"
	"fmt"
	"os"
	"runtime"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/templates"
)

// ExtractOptions are the choices of Extract.
type ExtractOptions struct {
	// NoConvert refuses .doc/.wps/.odt instead of converting them with
	// LibreOffice.
	NoConvert bool
}

// Extracted is one named file as Extract read it: its return, or why it
// could not be read (intake's errors, worded by intake.Reason).
type Extracted struct {
	File   string
	Return *intake.Return
	Err    error
}

// Extract reads the named files as returns without a register: nothing is
// archived or recorded. Files are read on as many workers as there are
// CPUs, a few ahead of the one handed on, and each result goes to each in
// the order given, so a front end prints in order and memory stays flat
// however many files are named. Extract stops at the first error each
// returns, and returns it.
func Extract(ctx context.Context, cfg *config.Config, forms *templates.Set, files []string, opts ExtractOptions, each func(Extracted) error) error {
	x := intake.NewExtractor(forms, cfg)
	var conv intake.Converter
	if !opts.NoConvert {
		var stop func()
		conv, stop = FindConverter(cfg)
		defer stop()
	}
	read := readAhead(files, func(f string) (*intake.Return, error) { return readReturn(ctx, x, f, conv, cfg) })
	defer read.stop()
	for _, f := range files {
		ret, err := read.next()
		if err := each(Extracted{File: f, Return: ret, Err: err}); err != nil {
			return err
		}
	}
	return nil
}

// reader reads files on as many workers as there are CPUs, a few ahead
// of the one taken, and hands the results back in order.
type reader struct {
	futures chan chan readResult
	done    chan struct{}
}

type readResult struct {
	ret *intake.Return
	err error
}

func readAhead(files []string, read func(string) (*intake.Return, error)) *reader {
	workers := runtime.NumCPU()
	r := &reader{futures: make(chan chan readResult, 2*workers), done: make(chan struct{})}
	go func() {
		defer close(r.futures)
		sem := make(chan struct{}, workers)
		for _, f := range files {
			c := make(chan readResult, 1)
			select {
			case r.futures <- c:
			case <-r.done:
				return
			}
			select {
			case sem <- struct{}{}:
			case <-r.done:
				return
			}
			go func() {
				defer func() { <-sem }()
				ret, err := read(f)
				c <- readResult{ret, err}
			}()
		}
	}()
	return r
}

// next is the result of the next file, in the order given.
func (r *reader) next() (*intake.Return, error) {
	res := <-<-r.futures
	return res.ret, res.err
}

// stop lets the workers go when not every result was taken.
func (r *reader) stop() { close(r.done) }

// readReturn reads one named file, within the configured size limit.
func readReturn(ctx context.Context, x *intake.Extractor, path string, conv intake.Converter, cfg *config.Config) (*intake.Return, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > intake.FileLimit(cfg.Limits) {
		return nil, fmt.Errorf("%w（%d MB）", intake.ErrLimit, cfg.Limits.FileMB)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return x.ReadAny(ctx, data, path, conv)
}
