package fonts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/signintech/gopdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func loadEmbedded(t *testing.T) map[Role]Face {
	t.Helper()
	faces, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[Role]Face{}
	for _, f := range faces {
		out[f.Role] = f
	}
	return out
}

// glyphs loads data into gopdf, as the PDF writer will, and returns a
// function telling whether the font has a glyph for a rune.
func glyphs(t *testing.T, data []byte) func(rune) bool {
	t.Helper()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	if err := pdf.AddTTFFontData("f", data); err != nil {
		t.Fatalf("gopdf refuses the font: %v", err)
	}
	if err := pdf.SetFont("f", "", 10); err != nil {
		t.Fatal(err)
	}
	return func(r rune) bool {
		ok, err := pdf.IsCurrFontContainGlyph(r)
		return ok && err == nil
	}
}

func TestLoadEmbedded(t *testing.T) {
	faces, err := Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(faces) != 3 {
		t.Fatalf("%d faces, want 3", len(faces))
	}
	families := map[string]bool{}
	for i, f := range faces {
		if want := []Role{Body, Heading, Title}[i]; f.Role != want {
			t.Errorf("face %d: role %s, want %s", i, f.Role, want)
		}
		if !bytes.HasPrefix(f.Data, []byte{0, 1, 0, 0}) {
			t.Errorf("%s: data starts % x, want 00 01 00 00 (TrueType outlines)", f.Role, f.Data[:4])
		}
		if f.Source != "embedded" || f.Family == "" || families[f.Family] {
			t.Errorf("%s: family %q, source %q", f.Role, f.Family, f.Source)
		}
		families[f.Family] = true
		glyphs(t, f.Data) // gopdf loads it
	}
	// An empty path keeps the embedded face.
	again, err := Load(map[Role]string{Body: "  "})
	if err != nil || again[0].Source != "embedded" {
		t.Errorf("blank path: %v, %+v", err, again[0].Source)
	}
}

// gbk lists every character of GBK by decoding each two-byte code, with
// its code. x/text's GBK is GB18030's two-byte part; the codes Windows'
// GBK (CP936) leaves to the private use area are marked pua.
func gbk(t *testing.T) (chars []rune, codes []uint16, pua []bool) {
	t.Helper()
	dec := simplifiedchinese.GBK.NewDecoder()
	for lead := 0x81; lead <= 0xFE; lead++ {
		for trail := 0x40; trail <= 0xFE; trail++ {
			if trail == 0x7F {
				continue
			}
			out, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			if err != nil {
				continue
			}
			r, n := utf8.DecodeRune(out)
			if r == utf8.RuneError || n != len(out) || (r >= 0xE000 && r <= 0xF8FF) {
				continue
			}
			code := uint16(lead<<8 | trail)
			chars = append(chars, r)
			codes = append(codes, code)
			pua = append(pua, cp936PUA(code))
		}
	}
	if len(chars) < 21000 {
		t.Fatalf("only %d GBK characters decoded", len(chars))
	}
	return chars, codes, pua
}

// cp936PUA reports the codes where GB18030 assigns a character (€, ǹ, the
// ideographic description characters, the radicals and CJK Extension A
// characters at FE50–FEA0) but Windows' GBK, which the font build's
// charset follows, maps to the private use area.
func cp936PUA(code uint16) bool {
	return code == 0xA2E3 || code == 0xA8BF || (code >= 0xA989 && code <= 0xA995) || (code >= 0xFE50 && code <= 0xFEA0)
}

// notInNoto are GBK characters Noto Serif CJK SC itself has no glyph for:
// they fall back to □ with a warning.
var notInNoto = map[rune]bool{'≒': true}

func TestBodyCoversGBK(t *testing.T) {
	has := glyphs(t, loadEmbedded(t)[Body].Data)
	for _, r := range "嵘镕堃喆朱镕基周嵘" {
		if !has(r) {
			t.Errorf("body face lacks %c", r)
		}
	}
	chars, codes, pua := gbk(t)
	var missing, puaMissing []string
	for i, r := range chars {
		if has(r) {
			continue
		}
		switch {
		case pua[i]:
			puaMissing = append(puaMissing, string(r))
		case !notInNoto[r]:
			missing = append(missing, string(r)+"("+hex4(codes[i])+")")
		}
	}
	if len(missing) > 0 {
		t.Errorf("body face lacks %d GBK characters: %s", len(missing), strings.Join(missing[:min(len(missing), 40)], " "))
	}
	if len(puaMissing) > 0 {
		t.Logf("body face lacks %d characters GB18030 assigns where Windows' GBK has private use codes: %s",
			len(puaMissing), strings.Join(puaMissing, ""))
	}
	// A random sample through the PDF writer's measuring too, as pdfdoc
	// does: a glyph of non-zero width.
	rng := rand.New(rand.NewPCG(1, 2))
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	pdf.AddTTFFontData("f", loadEmbedded(t)[Body].Data)
	pdf.SetFont("f", "", 10)
	for k := 0; k < 2000; k++ {
		i := rng.IntN(len(chars))
		if pua[i] || notInNoto[chars[i]] {
			continue
		}
		w, err := pdf.MeasureTextWidth(string(chars[i]))
		if err != nil || w <= 0 {
			t.Errorf("%c (%s): width %v, %v", chars[i], hex4(codes[i]), w, err)
		}
	}
}

func hex4(c uint16) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[c>>12], digits[c>>8&15], digits[c>>4&15], digits[c&15]})
}

// TestOtherFacesCoverGB2312: the heading and title faces have every
// GB2312 character (the body face supplies the rest of GBK).
func TestOtherFacesCoverGB2312(t *testing.T) {
	faces := loadEmbedded(t)
	var gb2312 []rune
	chars, codes, _ := gbk(t)
	for i, r := range chars {
		if isGB2312(codes[i]) && !notInNoto[r] {
			gb2312 = append(gb2312, r)
		}
	}
	for _, role := range []Role{Heading, Title} {
		has := glyphs(t, faces[role].Data)
		var missing []string
		n := 0
		for _, r := range gb2312 {
			n++
			if !has(r) {
				missing = append(missing, string(r))
			}
		}
		if n != 7445 {
			t.Fatalf("only %d GB2312 characters", n)
		}
		if len(missing) > 0 {
			t.Errorf("%s face lacks %d of %d GB2312 characters: %s", role, len(missing), n, strings.Join(missing[:min(40, len(missing))], ""))
		}
		if has('镕') {
			t.Logf("%s face has 镕 (not GB2312)", role)
		}
	}
}

// gb2312Ranges are GB2312's assigned codes (EUC-CN) by row: GBK fills
// more of rows 2, 6 and 8 (€, vertical forms, ɑ ń ň ǹ ɡ).
var gb2312Ranges = [][2]uint16{
	{0xA1A1, 0xA1FE}, {0xA2B1, 0xA2E2}, {0xA2E5, 0xA2EE}, {0xA2F1, 0xA2FC}, {0xA3A1, 0xA3FE},
	{0xA4A1, 0xA4F3}, {0xA5A1, 0xA5F6}, {0xA6A1, 0xA6B8}, {0xA6C1, 0xA6D8}, {0xA7A1, 0xA7C1},
	{0xA7D1, 0xA7F1}, {0xA8A1, 0xA8BA}, {0xA8C5, 0xA8E9}, {0xA9A4, 0xA9EF}, {0xB0A1, 0xD7F9},
	{0xD8A1, 0xF7FE},
}

func isGB2312(code uint16) bool {
	if code&0xFF < 0xA1 || code&0xFF > 0xFE {
		return false
	}
	for _, r := range gb2312Ranges {
		if code >= r[0] && code <= r[1] {
			return true
		}
	}
	return false
}

// ttc wraps fonts into a TrueType collection: a ttcf header, then each
// font's table directory and tables, with offsets from the file's start.
func ttc(t *testing.T, fonts ...[]byte) []byte {
	t.Helper()
	head := 12 + 4*len(fonts)
	out := make([]byte, head)
	copy(out, "ttcf")
	binary.BigEndian.PutUint32(out[4:], 0x00010000)
	binary.BigEndian.PutUint32(out[8:], uint32(len(fonts)))
	for i, f := range fonts {
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		base := len(out)
		binary.BigEndian.PutUint32(out[12+4*i:], uint32(base))
		out = append(out, f...)
		n := int(binary.BigEndian.Uint16(f[4:]))
		for k := 0; k < n; k++ {
			rec := base + 12 + 16*k + 8
			binary.BigEndian.PutUint32(out[rec:], binary.BigEndian.Uint32(out[rec:])+uint32(base))
		}
	}
	return out
}

// tables returns a font's tables by tag.
func tables(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	n := int(binary.BigEndian.Uint16(data[4:]))
	out := map[string][]byte{}
	for k := 0; k < n; k++ {
		rec := data[12+16*k:]
		off, l := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if int(off+l) > len(data) || off%4 != 0 {
			t.Fatalf("table %s at %d+%d outside the font or unaligned", rec[:4], off, l)
		}
		out[string(rec[:4])] = data[off : off+l]
	}
	return out
}

func TestStandaloneCollection(t *testing.T) {
	faces := loadEmbedded(t)
	body, head := faces[Body].Data, faces[Heading].Data
	coll := ttc(t, body, head)
	for i, want := range [][]byte{body, head} {
		got, err := Standalone(coll, i)
		if err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
		if !bytes.HasPrefix(got, []byte{0, 1, 0, 0}) {
			t.Errorf("member %d starts % x", i, got[:4])
		}
		wt, gt := tables(t, want), tables(t, got)
		if len(wt) != len(gt) {
			t.Errorf("member %d: %d tables, want %d", i, len(gt), len(wt))
		}
		for tag, data := range wt {
			if !bytes.Equal(gt[tag], data) {
				t.Errorf("member %d: table %s differs", i, tag)
			}
		}
		has := glyphs(t, got)
		if !has('党') || has('镕') != (i == 0) {
			t.Errorf("member %d: 党 %v, 镕 %v: not the font it was", i, has('党'), has('镕'))
		}
	}
	for _, m := range []int{2, -1, 100} {
		if _, err := Standalone(coll, m); !errors.Is(err, ErrNoSuchFace) {
			t.Errorf("member %d: %v, want ErrNoSuchFace", m, err)
		}
	}
	// A .ttf is itself.
	if got, err := Standalone(body, 0); err != nil || &got[0] != &body[0] {
		t.Errorf("ttf: %v", err)
	}
	// Through a file, with #member.
	path := filepath.Join(t.TempDir(), "两种字体.ttc")
	if err := os.WriteFile(path, coll, 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(map[Role]string{Title: path + "#1"})
	if err != nil {
		t.Fatal(err)
	}
	if loaded[2].Source != path+"#1" || !bytes.Equal(tables(t, loaded[2].Data)["glyf"], tables(t, head)["glyf"]) {
		t.Errorf("title from %s#1: source %q, not the heading font", path, loaded[2].Source)
	}
	if loaded[0].Source != "embedded" || loaded[1].Source != "embedded" {
		t.Error("other roles not embedded")
	}
}

// TestSystemCollections cuts members out of the collections Debian ships,
// when present: Noto CJK's are CFF (refused, naming the remedy), WenQuanYi
// Micro Hei's TrueType.
func TestSystemCollections(t *testing.T) {
	found := false
	for _, c := range []struct {
		path   string
		member int
		cff    bool
	}{
		{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, true},
		{"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, true},
		{"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, false},
		{"/usr/share/fonts/truetype/arphic/uming.ttc", 1, false},
	} {
		if _, err := os.Stat(c.path); err != nil {
			continue
		}
		found = true
		data, err := LoadFile(c.path + "#" + string(rune('0'+c.member)))
		if c.cff {
			if !errors.Is(err, ErrCFF) {
				t.Errorf("%s: %v, want ErrCFF", c.path, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if !glyphs(t, data)('党') {
			t.Errorf("%s#%d: no 党", c.path, c.member)
		}
	}
	if !found {
		t.Skip("no system font collection")
	}
}

func TestStandaloneRefuses(t *testing.T) {
	body := loadEmbedded(t)[Body].Data
	coll := ttc(t, body)
	otto := append([]byte("OTTO"), body[4:200]...)
	cffMember := ttc(t, otto)
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"OTTO", otto, ErrCFF},
		{"CFF member", cffMember, ErrCFF},
		{"garbage", []byte("this is not a font file, not at all"), ErrNotFont},
		{"empty", nil, ErrNotFont},
		{"short", []byte{0, 1, 0}, ErrNotFont},
		{"zip", []byte("PK\x03\x04 and some more bytes"), ErrNotFont},
		{"woff", append([]byte("wOFF"), body[4:100]...), ErrNotFont},
		{"ttc cut in its header", coll[:14], nil},
		{"ttc cut in the directory", coll[:40], ErrNotFont},
		{"ttc cut in the tables", coll[:len(coll)/2], ErrNotFont},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Standalone(c.data, 0)
			if err == nil || c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("Standalone: %v, want %v", err, c.want)
			}
		})
	}
	// A member offset pointing anywhere never panics.
	bad := bytes.Clone(coll)
	for _, off := range []uint32{0xFFFFFFF0, uint32(len(coll)) - 4, 1 << 31} {
		binary.BigEndian.PutUint32(bad[12:], off)
		if _, err := Standalone(bad, 0); err == nil {
			t.Errorf("offset %#x: no error", off)
		}
	}
}

func TestLoadErrorsNameTheRole(t *testing.T) {
	dir := t.TempDir()
	otto := filepath.Join(dir, "思源宋体.otf")
	os.WriteFile(otto, append([]byte("OTTO"), make([]byte, 100)...), 0o644)
	missing := filepath.Join(dir, "不存在.ttf")
	cases := []struct {
		paths map[Role]string
		role  Role
		path  string
		is    error
	}{
		{map[Role]string{Heading: missing}, Heading, missing, os.ErrNotExist},
		{map[Role]string{Title: otto}, Title, otto, ErrCFF},
		{map[Role]string{Body: missing + "#2"}, Body, missing, os.ErrNotExist},
	}
	for _, c := range cases {
		faces, err := Load(c.paths)
		if err == nil {
			t.Errorf("%v: no error, %d faces", c.paths, len(faces))
			continue
		}
		if !strings.Contains(err.Error(), string(c.role)) || !strings.Contains(err.Error(), c.path) || !errors.Is(err, c.is) {
			t.Errorf("%v: %v, want the role %s, the file and %v", c.paths, err, c.role, c.is)
		}
	}
}
