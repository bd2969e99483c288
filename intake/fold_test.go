package intake

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// The folding as it was written first: width.Narrow, then strings.Map.
func narrowBefore(s string) string {
	s = width.Narrow.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

func normLabelBefore(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ':', '*', '“', '”', '"', '‘', '’', '\'', '★', '☆', '·':
			return -1
		}
		return r
	}, narrowBefore(s))
}

// TestFoldAsBefore: the one-pass fold gives what width.Narrow and
// strings.Map gave, for every rune of the Basic Multilingual Plane and
// beyond, and for text with broken UTF-8.
func TestFoldAsBefore(t *testing.T) {
	t.Parallel()
	var all []rune
	for r := rune(0); r <= 0x10ffff; r++ {
		if r < 0x20000 || r%97 == 0 {
			all = append(all, r)
		}
	}
	for i := 0; i < len(all); i += 512 {
		chunk := string(all[i:min(i+512, len(all))])
		if got, want := narrow(chunk), narrowBefore(chunk); got != want {
			t.Fatalf("narrow differs from U+%04X", all[i])
		}
		if got, want := normLabel(chunk), normLabelBefore(chunk); got != want {
			t.Fatalf("normLabel differs from U+%04X", all[i])
		}
	}
	for _, s := range []string{"", "abc", "申报 单位：", "２０２２年 １１月", "\xff\xe4\xb8", "a\xe4\xb8", "\ufffd", "“名称”★·",
		"\u3000\u00a0\u200b\ufeff", "，。、；", "ｶﾀｶﾅ", "\xe4\xb8\xad\xe6"} {
		if got, want := narrow(s), narrowBefore(s); got != want {
			t.Errorf("narrow(%q) = %q, want %q", s, got, want)
		}
		if got, want := normLabel(s), normLabelBefore(s); got != want {
			t.Errorf("normLabel(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFoldsLonger: foldsLonger says what counting fold's runes says, at
// every bound, for text with dropped, narrowed and broken characters.
func TestFoldsLonger(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "abc", "申报 单位：", "２０２２年 １１月", "\xff\xe4\xb8", "“名称”★·", "\u3000 \u200b\ufeff",
		"请填写请填写请填写请填写", strings.Repeat("建设 目标：", 40)} {
		for _, label := range []bool{false, true} {
			n := utf8.RuneCountInString(fold(s, label))
			for bound := range n + 3 {
				if got := foldsLonger(s, label, bound); got != (n > bound) {
					t.Errorf("foldsLonger(%q, %v, %d) = %v; fold has %d runes", s, label, bound, got, n)
				}
			}
		}
	}
}

func BenchmarkNormLabel(b *testing.B) {
	s := strings.Repeat("申报单位：铁道工程学院 ２０２２年", 20)
	for b.Loop() {
		normLabel(s)
	}
}
