// Package winpath holds the rules Windows sets for file names and paths, as
// pure functions that behave the same on every system, so that they are
// tested on Linux and a name made safe here is safe everywhere: Windows'
// rules are the strictest dbzx meets (a department's shared folder may be
// an NTFS or SMB share even when dbzx runs elsewhere).
package winpath

import (
	"path"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxNameBytes is the longest name SafeName returns: a path component may
// hold 255 bytes (ext4) or 255 UTF-16 units (NTFS), and the caller adds an
// extension and the folder; 150 bytes is 50 Chinese characters.
const MaxNameBytes = 150

// forbidden are the characters Windows refuses in a file name.
const forbidden = `<>:"/\|?*`

// SafeName makes a file name from text a department or the clerk typed (a
// unit, project or category name) that every system accepts and that
// stays inside the folder it is written to:
//   - control characters and invisible ones (zero-width, bidirectional
//     overrides, byte order mark) are dropped;
//   - the characters Windows forbids (<>:"/\|?*) become "_", and so does
//     "..";
//   - leading and trailing spaces and dots are trimmed (Windows drops
//     trailing ones silently, so the file would get another name);
//   - a name Windows reserves for a device (CON, PRN, AUX, NUL, COM0–9,
//     LPT0–9, in any case, with or without an extension: "con.txt",
//     "Aux .pdf") gets a leading "_";
//   - the name is cut to MaxNameBytes, between characters;
//   - nothing left gives "_".
func SafeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case invisible(r):
		case strings.ContainsRune(forbidden, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.ReplaceAll(b.String(), "..", "_")
	out = strings.Trim(out, " .")
	for len(out) > MaxNameBytes {
		_, size := utf8.DecodeLastRuneInString(out)
		out = out[:len(out)-size]
	}
	out = strings.TrimRight(out, " .")
	if out == "" {
		return "_"
	}
	if Reserved(out) {
		return "_" + out
	}
	return out
}

// invisible reports the characters SafeName drops: C0 and C1 controls,
// zero-width characters, bidirectional controls and the byte order mark.
func invisible(r rune) bool {
	return r < 0x20 || (r >= 0x7F && r <= 0x9F) || (r >= 0x200B && r <= 0x200F) ||
		(r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0xFEFF
}

// Reserved reports whether Windows reserves name for a device: its part
// before the first dot, without trailing spaces, is CON, PRN, AUX, NUL,
// COM0–COM9, LPT0–LPT9 (also with the superscript digits ¹²³), CONIN$ or
// CONOUT$, in any case.
func Reserved(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if rest, ok := strings.CutPrefix(base, "COM"); ok {
		return port(rest)
	}
	if rest, ok := strings.CutPrefix(base, "LPT"); ok {
		return port(rest)
	}
	return false
}

func port(s string) bool {
	return (len(s) == 1 && s[0] >= '0' && s[0] <= '9') || s == "¹" || s == "²" || s == "³"
}

// LongPath is the length, in UTF-16 units, from which Long adds the
// extended-length prefix: Windows refuses a folder path of 248 units or
// more (MAX_PATH, 260, less room for an 8.3 name) and a file path of 260
// without it. Go's os package applies the same rule to its own calls; Long
// is for the paths handed to code that calls Windows directly (SQLite).
const LongPath = 248

// Long returns the extended-length form of an absolute Windows path of
// LongPath units or more: \\?\C:\… for a drive path, \\?\UNC\server\share\…
// for a share. That form is taken literally, so the path is normalised
// first: "/" becomes "\", repeated separators, "." and ".." are resolved,
// and trailing dots and spaces are dropped from the last component, as
// Windows does for the short form. Shorter paths, relative paths ("a\b",
// "C:a", "\a"), device paths (\\.\) and paths already extended are
// returned unchanged.
func Long(p string) string {
	if len(utf16.Encode([]rune(p))) < LongPath {
		return p
	}
	s := strings.ReplaceAll(p, "/", `\`)
	var prefix, rest string
	switch {
	case strings.HasPrefix(s, `\\?\`), strings.HasPrefix(s, `\??\`), strings.HasPrefix(s, `\\.\`):
		return p
	case len(s) >= 3 && isLetter(s[0]) && s[1] == ':' && s[2] == '\\':
		prefix, rest = `\\?\`+s[:2], s[2:]
	case strings.HasPrefix(s, `\\`):
		server, tail, _ := strings.Cut(strings.TrimLeft(s, `\`), `\`)
		share, tail, _ := strings.Cut(strings.TrimLeft(tail, `\`), `\`)
		if server == "" || share == "" {
			return p
		}
		prefix, rest = `\\?\UNC\`+server+`\`+share, `\`+tail
	default:
		return p
	}
	clean := path.Clean(strings.ReplaceAll(rest, `\`, "/"))
	if dir, last := path.Split(clean); last != "" {
		if t := strings.TrimRight(last, ". "); t != "" {
			clean = dir + t
		}
	}
	return prefix + strings.ReplaceAll(clean, "/", `\`)
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
