package console

import (
	"strings"
	"testing"
)

// TestPrintableNames: a file name cannot send escape sequences or
// reordering characters to the clerk's terminal.
func TestPrintableNames(t *testing.T) {
	got := Printable("a\x1b[31mb\u202ec\n")
	if strings.ContainsAny(got, "\x1b\u202e\n") || !strings.Contains(got, `\u001B`) {
		t.Errorf("Printable: %q", got)
	}
	if Printable("铁道工程学院.docx") != "铁道工程学院.docx" {
		t.Error("Printable changed a plain name")
	}
}

// TestColumns: Chinese cells take two columns each; the columns line up
// and no line ends in spaces.
func TestColumns(t *testing.T) {
	got := Columns([][]string{{"类别", "申报数", ""}, {"ab", "1", ""}, {"样板党支部", "12 / 10", "x"}})
	want := "类别        申报数\n" +
		"ab          1\n" +
		"样板党支部  12 / 10  x\n"
	if got != want {
		t.Errorf("Columns:\n%s\nwant:\n%s", got, want)
	}
	if Width("a样") != 3 {
		t.Errorf("Width(a样) = %d, want 3", Width("a样"))
	}
}

func TestShortenClip(t *testing.T) {
	if got := Shorten("一二三四五\n六", 3); got != "一二三…（共7字）" {
		t.Errorf("Shorten: %q", got)
	}
	if got := Clip("一二三四五", 3); got != "一二…" {
		t.Errorf("Clip: %q", got)
	}
	if Clip("一二", 3) != "一二" || Shorten("一二", 3) != "一二" {
		t.Error("short texts changed")
	}
}
