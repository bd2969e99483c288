package render

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// book is a workbook being written by normal (not streamed) calls.
// excelize returns an error from each of the dozens of calls a sheet
// takes; check keeps the first, and write reports it instead of the book,
// so that a workbook is written whole or not at all.
type book struct {
	*excelize.File
	err error
}

func newBook() *book { return &book{File: excelize.NewFile()} }

// check keeps the first error of the calls made so far.
func (b *book) check(err error) {
	if b.err == nil {
		b.err = err
	}
}

// write writes the workbook to w, or the first error of its calls, named
// with what the workbook is.
func (b *book) write(w io.Writer, what string) error {
	if b.err != nil {
		return fmt.Errorf("render: %s: %w", what, b.err)
	}
	return b.File.Write(w)
}

// save writes the workbook to path atomically.
func (b *book) save(path, what string) error {
	var buf bytes.Buffer
	if err := b.write(&buf, what); err != nil {
		return err
	}
	return WriteFileAtomic(path, buf.Bytes())
}
