package console

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestChoose: the console itself always gets UTF-8 (Go hands it UTF-16);
// redirected output is UTF-8 unless the console's code page could not be
// set to UTF-8, then GBK for the programs reading it there.
func TestChoose(t *testing.T) {
	refused := errors.New("SetConsoleOutputCP: access denied")
	for _, c := range []struct {
		console bool
		setCP   error
		want    Encoding
	}{
		{true, nil, UTF8},
		{true, refused, UTF8},
		{false, nil, UTF8},
		{false, refused, GBK},
	} {
		if got := Choose(c.console, c.setCP); got != c.want {
			t.Errorf("Choose(console %v, setCP %v) = %v, want %v", c.console, c.setCP, got, c.want)
		}
	}
}

// TestWriterGBK: a GBK stream carries what cmd.exe on code page 936
// shows as the same text, characters GBK lacks as "?", and a character
// split across two writes whole once both have been written.
func TestWriterGBK(t *testing.T) {
	text := "受理报告：铁道工程学院党总支 · “党建+专业群”——〔2022〕第001号\n"
	want, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := Writer(&b, GBK)
	half := len("受理") + 1 // inside 报
	if _, err := w.Write([]byte(text[:half])); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(text[half:])); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("GBK output %q, want %q", b.String(), want)
	}
	b.Reset()
	w.Write([]byte("a😀b\u200b"))
	if got := b.String(); got != "a?b?" {
		t.Errorf("unsupported characters: %q, want \"a?b?\"", got)
	}
}

// TestWriterUTF8: UTF-8 streams are the writer itself, untouched.
func TestWriterUTF8(t *testing.T) {
	var b bytes.Buffer
	if w := Writer(&b, UTF8); w != &b {
		t.Errorf("UTF-8 writer wraps the stream: %T", w)
	}
}

// TestNotWindows: elsewhere the streams are the process's own and dbzx is
// never taken as started by a double click.
func TestNotWindows(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows' own behaviour")
	}
	stdout, stderr, done := Setup()
	defer done()
	if stdout != io.Writer(os.Stdout) || stderr != io.Writer(os.Stderr) {
		t.Errorf("streams replaced: %T, %T", stdout, stderr)
	}
	if StartedAlone() {
		t.Error("StartedAlone on a system without consoles of their own")
	}
}
