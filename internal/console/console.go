// Package console makes dbzx's output readable where a clerk runs it: the
// console of a Chinese Windows (cmd.exe, PowerShell), whose code page is
// 936 (GBK), not UTF-8. The decisions are pure functions, tested on any
// system; console_windows.go only asks Windows.
//
// Text written to the console itself is readable whatever the code page:
// Go writes it with WriteConsoleW, as UTF-16. What the code page decides is
// how the programs reading dbzx's output through a pipe or a file in that
// console decode it. So at start dbzx sets the console's output code page
// to UTF-8 (65001), and if Windows refuses, it writes its redirected output
// in GBK, the code page those programs expect; the code page is put back
// when dbzx ends.
package console

import (
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
)

// Encoding is how an output stream is written.
type Encoding int

// Encodings.
const (
	UTF8 Encoding = iota // as the program makes it
	GBK                  // code page 936, what a Chinese Windows' console expects
)

// Choose picks the encoding of one output stream. isConsole: the stream is
// the console itself (not redirected to a pipe or file). setCP: what
// setting the console's output code page to UTF-8 returned (nil also when
// there is no console, or it already was UTF-8).
//
// The console itself gets UTF-8, which Go turns into UTF-16 for it: GBK
// bytes would be decoded as UTF-8 there and garbled. Redirected output is
// UTF-8 unless the console could not be set to UTF-8: then the programs
// reading it in that console decode GBK.
func Choose(isConsole bool, setCP error) Encoding {
	if isConsole || setCP == nil {
		return UTF8
	}
	return GBK
}

// Writer returns w writing in e. A character GBK lacks becomes "?"; a GBK
// writer holds back an incomplete character until its next write or Close.
func Writer(w io.Writer, e Encoding) io.Writer {
	if e == GBK {
		return transform.NewWriter(w, transform.Chain(runes.Map(gbkOrQuestionMark), simplifiedchinese.GBK.NewEncoder()))
	}
	return w
}

func gbkOrQuestionMark(r rune) rune {
	if r < utf8.RuneSelf {
		return r
	}
	if _, err := simplifiedchinese.GBK.NewEncoder().String(string(r)); err != nil {
		return '?'
	}
	return r
}

// Setup prepares the console for dbzx's output: on Windows it sets the
// output code page to UTF-8 and chooses each stream's encoding. It returns
// the writers to use for stdout and stderr and a function to call before
// the program exits, which flushes them and restores the code page.
// Elsewhere it returns os.Stdout and os.Stderr as they are.
func Setup() (stdout, stderr io.Writer, done func()) {
	restore, setCP := useUTF8()
	stdout = Writer(os.Stdout, Choose(isConsole(os.Stdout), setCP))
	stderr = Writer(os.Stderr, Choose(isConsole(os.Stderr), setCP))
	return stdout, stderr, func() {
		for _, w := range []io.Writer{stdout, stderr} {
			if t, ok := w.(*transform.Writer); ok {
				t.Close()
			}
		}
		restore()
	}
}

// StartedAlone reports whether dbzx is the only process in its console:
// Windows made the console for it, as when it is started from Explorer by a
// double click, and closes it the moment dbzx ends. Never elsewhere.
func StartedAlone() bool { return consoleProcesses() == 1 }
