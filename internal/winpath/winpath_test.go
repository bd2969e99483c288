package winpath

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSafeName: names a department typed never escape the output folder,
// never use a character or a name Windows refuses, and keep what is fine
// (Chinese, spaces inside, full-width punctuation).
func TestSafeName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"铁道工程学院党总支", "铁道工程学院党总支"},
		{"机车车辆学院 第一党支部", "机车车辆学院 第一党支部"},
		{"“党建+专业群”（2022）", "“党建+专业群”（2022）"},
		{"〔2022〕第001号-铁道工程学院党总支-标杆院部", "〔2022〕第001号-铁道工程学院党总支-标杆院部"},
		// separators and escapes
		{"../../etc/passwd", "____etc_passwd"},
		{`..\..\Windows\System32`, `____Windows_System32`},
		{`C:\Users\张三\a.pdf`, "C__Users_张三_a.pdf"},
		{`\\server\share`, "__server_share"},
		// every character Windows forbids
		{`a<b>c:d"e/f\g|h?i*j`, "a_b_c_d_e_f_g_h_i_j"},
		// control and invisible characters
		{"行\n换\t表\r", "行换表"},
		{"\x00名\x1f\x7f称\u0085", "名称"},
		{"名\u202e称\u200b\ufeff\u2066", "名称"},
		// trailing dots and spaces (Windows drops them), leading ones
		{"申报书.", "申报书"},
		{"申报书 . .", "申报书"},
		{" .申报书", "申报书"},
		{"", "_"},
		{" .. ", "_"},
		{"...", "_"},
		{"\u200b", "_"},
		// reserved device names, any case, with or without extension
		{"CON", "_CON"},
		{"con", "_con"},
		{"Con.txt", "_Con.txt"},
		{"NUL.tar.gz", "_NUL.tar.gz"},
		{"aux .pdf", "_aux .pdf"},
		{"PRN.", "_PRN"},
		{"com1", "_com1"},
		{"COM9.xlsx", "_COM9.xlsx"},
		{"LPT1", "_LPT1"},
		{"lpt0.docx", "_lpt0.docx"},
		{"COM²", "_COM²"},
		{"CONOUT$", "_CONOUT$"},
		// not reserved: longer or shorter names that begin alike
		{"CONSOLE", "CONSOLE"},
		{"COM10", "COM10"},
		{"COM", "COM"},
		{"LPT", "LPT"},
		{"nullable.pdf", "nullable.pdf"},
		{"a.con", "a.con"},
		{"CON中文", "CON中文"},
	} {
		if got := SafeName(c.in); got != c.want {
			t.Errorf("SafeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSafeNameLength: a long name is cut between characters to
// MaxNameBytes, and the cut never leaves a trailing space or dot.
func TestSafeNameLength(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("嵘", 100),
		strings.Repeat("a", 300),
		strings.Repeat("a", 149) + " 中文",
		strings.Repeat("建", 49) + " . 后面",
	} {
		got := SafeName(in)
		if len(got) > MaxNameBytes || !utf8.ValidString(got) || !strings.HasPrefix(in, got) {
			t.Errorf("SafeName(%d bytes) = %q (%d bytes)", len(in), got, len(got))
		}
		if strings.HasSuffix(got, " ") || strings.HasSuffix(got, ".") {
			t.Errorf("SafeName(%q) = %q ends in a space or dot", in, got)
		}
	}
}

// TestLong: long absolute paths get the extended-length prefix, drive
// paths as \\?\C:\…, shares as \\?\UNC\server\share\…, normalised because
// that form is taken literally; everything else is left alone.
func TestLong(t *testing.T) {
	deep := strings.Repeat(`材料文件夹\`, 42) // 42 × 6 UTF-16 units, 3× as many bytes
	short := `C:\Users\张三\Documents\对标争先\dbzx.db`
	for _, c := range []struct{ in, want string }{
		// short paths stay as they are, whatever their form
		{short, short},
		{`D:\共享 文件夹\工作目录\dbzx.db`, `D:\共享 文件夹\工作目录\dbzx.db`},
		{`\\fileserver\组织部\对标争先\dbzx.db`, `\\fileserver\组织部\对标争先\dbzx.db`},
		{`C:/Users/张三/dbzx.db`, `C:/Users/张三/dbzx.db`},
		// long drive paths
		{`C:\` + deep + `dbzx.db`, `\\?\C:\` + deep + `dbzx.db`},
		{`d:\` + deep + `dbzx.db`, `\\?\d:\` + deep + `dbzx.db`},
		{`C:/` + strings.ReplaceAll(deep, `\`, "/") + `dbzx.db`, `\\?\C:\` + deep + `dbzx.db`},
		{`C:\` + deep + `.\x\..\\dbzx.db`, `\\?\C:\` + deep + `dbzx.db`},
		{`C:\` + deep + `申报书. .`, `\\?\C:\` + deep + `申报书`},
		{`C:\` + deep, `\\?\C:\` + strings.TrimSuffix(deep, `\`)},
		{`C:\..\..\` + deep + `a`, `\\?\C:\` + deep + `a`},
		// long shares
		{`\\fileserver\组织部\` + deep + `dbzx.db`, `\\?\UNC\fileserver\组织部\` + deep + `dbzx.db`},
		{`//fileserver/组织部/` + strings.ReplaceAll(deep, `\`, "/") + `dbzx.db`, `\\?\UNC\fileserver\组织部\` + deep + `dbzx.db`},
		{`\\fileserver\组织部\..\` + deep + `a`, `\\?\UNC\fileserver\组织部\` + deep + `a`},
		// already extended, device paths, not absolute: unchanged
		{`\\?\C:\` + deep + `dbzx.db`, `\\?\C:\` + deep + `dbzx.db`},
		{`\\?\UNC\fileserver\组织部\` + deep, `\\?\UNC\fileserver\组织部\` + deep},
		{`\\.\` + deep, `\\.\` + deep},
		{deep + `dbzx.db`, deep + `dbzx.db`},
		{`C:` + deep, `C:` + deep},
		{`\` + deep, `\` + deep},
		{`\\` + strings.Repeat("x", 260), `\\` + strings.Repeat("x", 260)},
		{"/home/" + strings.Repeat("x", 260), "/home/" + strings.Repeat("x", 260)},
	} {
		if got := Long(c.in); got != c.want {
			t.Errorf("Long(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestLongThreshold: the prefix starts at LongPath UTF-16 units, not bytes:
// a Chinese path of 247 characters (741 bytes) is still short.
func TestLongThreshold(t *testing.T) {
	at := func(n int) string { return `C:\` + strings.Repeat("档", n-3) }
	if got := Long(at(LongPath - 1)); got != at(LongPath-1) {
		t.Errorf("%d units: %q, want unchanged", LongPath-1, got)
	}
	if got := Long(at(LongPath)); got != `\\?\`+at(LongPath) {
		t.Errorf("%d units: %q, want prefixed", LongPath, got)
	}
	// A character outside the BMP is two units.
	emoji := `C:\` + strings.Repeat("𠀀", (LongPath-3)/2+1)
	if got := Long(emoji); !strings.HasPrefix(got, `\\?\`) {
		t.Errorf("surrogate pairs counted as one unit: %q", got)
	}
}
