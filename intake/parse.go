package intake

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Parse errors; the messages are shown to the clerk.
var (
	ErrDate    = errors.New("不是可识别的日期")
	ErrInteger = errors.New("不是整数")
	ErrMoney   = errors.New("不是可识别的金额")
	ErrPhone   = errors.New("不是有效的电话号码")
)

// narrow turns full-width ASCII (２０２２，：) into half-width and drops
// the spaces people put between characters (including U+3000).
func narrow(s string) string { return fold(s, false) }

// fold is narrow, and with label also normLabel's dropping of colons,
// asterisks, quotes, stars and middle dots, in one pass over s. A string
// with nothing to change is returned as it is, without a copy. It is
// width.Narrow followed by strings.Map, rune by rune (TestFoldAsBefore).
func fold(s string, label bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiDrop[c] == 1 || label && asciiDrop[c] == 2 {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if nr, keep := foldRune(r, size, label); !keep || nr != r || r == utf8.RuneError {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !(asciiDrop[c] == 1 || label && asciiDrop[c] == 2) {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if nr, keep := foldRune(r, size, label); keep {
			b.WriteRune(nr)
		}
		i += size
	}
	return b.String()
}

// foldsLonger reports whether fold(s, label) has more than n runes,
// reading s only as far as it takes to know: a return's long texts are
// compared with short prompts, and folding them whole only to find them
// longer was a tenth of reading a return.
func foldsLonger(s string, label bool, n int) bool {
	kept := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !(asciiDrop[c] == 1 || label && asciiDrop[c] == 2) {
				kept++
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if _, keep := foldRune(r, size, label); keep {
				kept++
			}
			i += size
		}
		if kept > n {
			return true
		}
	}
	return false
}

// asciiDrop: 1 dropped by narrow (spaces), 2 by normLabel as well.
var asciiDrop = func() (t [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		if unicode.IsSpace(rune(c)) {
			t[c] = 1
		}
	}
	for _, c := range ":*\"'" {
		t[c] = 2
	}
	return t
}()

// foldRune is what fold makes of the non-ASCII rune r (size bytes in the
// text): its narrow variant, and whether it is kept.
func foldRune(r rune, size int, label bool) (rune, bool) {
	if r == utf8.RuneError && size == 1 {
		return r, true // invalid UTF-8: U+FFFD, as strings.Map writes it
	}
	// CJK ideographs, most of a return, have no narrow variant.
	if r < 0x4e00 || r > 0x9fff {
		if n := width.LookupRune(r).Narrow(); n != 0 {
			r = n
		}
	}
	if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
		return r, false
	}
	if label {
		switch r {
		case ':', '*', '“', '”', '"', '‘', '’', '\'', '★', '☆', '·':
			return r, false
		}
	}
	return r, true
}

// Date is a parsed date; Day is 0 when only the month was given.
type Date struct {
	Year, Month, Day int
}

// String is 2022-11-01, or 2022-11 for a month.
func (d Date) String() string {
	if d.Day == 0 {
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Time is the date at midnight UTC; a month counts from its first day.
func (d Date) Time() time.Time {
	return time.Date(d.Year, time.Month(d.Month), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// excelEpoch is day 0 of Excel's 1900 date system (with its leap-year bug
// folded in, serials from 61 on are right).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDate reads the ways people write a date in a form: 2022年11月1日,
// 2022年11月, 2022.11.1, 2022/11/01, 2022-11-01, 2022.11, 20221101, and
// Excel serial numbers (44866). Full-width digits and spaces are allowed.
func ParseDate(s string) (Date, error) {
	t := narrow(s)
	t = strings.TrimSuffix(t, "号")
	if t == "" {
		return Date{}, ErrDate
	}
	if n, err := strconv.Atoi(t); err == nil {
		switch {
		case len(t) == 8: // 20221101
			return checkDate(n/10000, n/100%100, n%100)
		case len(t) == 6 && n/100 > 1900: // 202211
			return checkDate(n/100, n%100, 0)
		case n > 60 && n < 2958466: // Excel serial
			return serialDate(n)
		}
		return Date{}, ErrDate
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil && f > 2200 && f < 2958466 && strings.Count(t, ".") == 1 {
		// A serial with a time part (44866.5); 2022.11 is a month, not
		// this: a whole part beyond any year checkDate accepts is a serial.
		return serialDate(int(f))
	}
	// Split on every separator people use.
	parts := strings.FieldsFunc(t, func(r rune) bool {
		return r == '年' || r == '月' || r == '日' || r == '.' || r == '/' || r == '-' || r == '、' || r == '．'
	})
	nums := make([]int, 0, 3)
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return Date{}, ErrDate
		}
		nums = append(nums, n)
	}
	switch len(nums) {
	case 2:
		return checkDate(nums[0], nums[1], 0)
	case 3:
		return checkDate(nums[0], nums[1], nums[2])
	}
	return Date{}, ErrDate
}

// serialDate is the date of an Excel serial, held to the years checkDate
// accepts: 1234567 is a number, not a day in the year 5280.
func serialDate(n int) (Date, error) {
	d := excelEpoch.AddDate(0, 0, n)
	return checkDate(d.Year(), int(d.Month()), d.Day())
}

func checkDate(y, m, d int) (Date, error) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 0 || d > 31 {
		return Date{}, ErrDate
	}
	if d > 0 {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return Date{}, ErrDate // 2月30日
		}
	}
	return Date{y, m, d}, nil
}

// ParseInteger reads a whole number, tolerating a unit after it (25人,
// 3个) and full-width digits.
func ParseInteger(s string) (int64, error) {
	t := narrow(s)
	i := 0
	if i < len(t) && (t[i] == '-' || t[i] == '+') {
		i++
	}
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	num, unit := t[:i], t[i:]
	if num == "" || num == "-" || num == "+" || !isUnit(unit) {
		return 0, ErrInteger
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		return 0, ErrInteger
	}
	return n, nil
}

// isUnit accepts what may follow a count: nothing, or a short unit word.
func isUnit(u string) bool {
	switch u {
	case "", "人", "名", "个", "项", "次", "位", "户", "支", "余人", "余名":
		return true
	}
	return false
}

// maxFen bounds an amount: under 10¹² 元, the twelve digits ParseMoney
// reads, so that 万 cannot scale an amount past what FormatFen writes
// back readably.
const maxFen = 100_000_000_000_000

// ParseMoney reads an amount in 元 and returns it in fen (分), never
// through floating point: 5000, 5,000.00, ￥5000, 5000元, 0.5万元, 1.2万.
func ParseMoney(s string) (int64, error) {
	t := narrow(s)
	t = strings.NewReplacer("￥", "", "¥", "", ",", "", "，", "", "人民币", "", "RMB", "").Replace(t)
	scale := int64(1)
	switch {
	case strings.HasSuffix(t, "万元"):
		t, scale = strings.TrimSuffix(t, "万元"), 10000
	case strings.HasSuffix(t, "万"):
		t, scale = strings.TrimSuffix(t, "万"), 10000
	case strings.HasSuffix(t, "元整"):
		t = strings.TrimSuffix(t, "元整")
	case strings.HasSuffix(t, "元"):
		t = strings.TrimSuffix(t, "元")
	}
	if t == "" || strings.HasPrefix(t, "-") {
		return 0, ErrMoney
	}
	whole, frac, hasFrac := strings.Cut(t, ".")
	if whole == "" || !allDigits(whole) || (hasFrac && (frac == "" || !allDigits(frac))) {
		return 0, ErrMoney
	}
	if len(whole) > 12 {
		return 0, ErrMoney
	}
	// Value in fen = (whole + frac/10^len) * scale * 100, exactly.
	w, _ := strconv.ParseInt(whole, 10, 64)
	fen := w * scale * 100
	if hasFrac {
		if len(frac) > 8 {
			return 0, ErrMoney
		}
		f, _ := strconv.ParseInt(frac, 10, 64)
		den := int64(1)
		for range frac {
			den *= 10
		}
		num := f * scale * 100
		if num%den != 0 {
			return 0, ErrMoney // finer than one fen
		}
		fen += num / den
	}
	if fen >= maxFen {
		return 0, ErrMoney
	}
	return fen, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// FormatFen writes an amount in fen as 元 with two decimals: 500000 →
// 5000.00.
func FormatFen(fen int64) string {
	return fmt.Sprintf("%d.%02d", fen/100, fen%100)
}

// ParsePhone reads a mobile (13812345678, +86 138 1234 5678) or landline
// (0371-12345678, (0371)12345678, with an extension after 转 or -) number
// and returns it normalised: the mobile's 11 digits, or 0371-12345678.
func ParsePhone(s string) (string, error) {
	t := narrow(s)
	t = strings.NewReplacer("(", "", ")", "", "（", "", "）", "", "—", "-", "－", "-").Replace(t)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "+86"), "0086")
	t = strings.TrimPrefix(t, "-")
	ext := ""
	if i := strings.Index(t, "转"); i >= 0 {
		t, ext = t[:i], t[i+len("转"):]
	}
	digits := strings.ReplaceAll(t, "-", "")
	if !allDigits(digits) || (ext != "" && !allDigits(ext)) {
		return "", ErrPhone
	}
	switch {
	case len(digits) == 11 && digits[0] == '1' && digits[1] >= '3':
		return digits, nil
	case strings.HasPrefix(digits, "00"):
		return "", ErrPhone // an international prefix left over (00860086…): no area code starts 00
	case digits[0] == '0' && len(digits) >= 10 && len(digits) <= 12:
		area := 4
		if digits[1] == '1' || digits[1] == '2' {
			area = 3 // 010, 020–029
		}
		out := digits[:area] + "-" + digits[area:]
		if ext != "" {
			out += "-" + ext
		}
		return out, nil
	case len(digits) >= 7 && len(digits) <= 8 && digits[0] != '0' && digits[0] != '1':
		return digits, nil // local number without area code
	}
	return "", ErrPhone
}

// Checkbox glyphs people type or fonts produce, by meaning. ￭ (U+FFED) is
// what narrow makes of ■.
const (
	checkedGlyphs   = "☒☑■￭√✓✔✗✘▣"
	uncheckedGlyphs = "☐□"
)

// ParseCheck reads a checkbox's text: a ticked glyph, or 是/否 alone, or
// of the two boxes of "☒是 ☐否" (or "是☐ 否☒") the ticked one. ok is false
// when the text says neither, or both.
func ParseCheck(s string) (checked, ok bool) {
	t := narrow(s)
	if yes, no, found := yesNoBoxes(t); found {
		if yes && no {
			return false, false
		}
		return yes, true
	}
	switch {
	case strings.ContainsAny(t, checkedGlyphs):
		return true, true
	case strings.ContainsAny(t, uncheckedGlyphs):
		return false, true
	}
	switch t {
	case "是", "已勾选", "同意", "Y", "y", "yes", "1", "true":
		return true, true
	case "否", "", "N", "n", "no", "0", "false":
		return false, true
	}
	return false, false
}

// yesNoBoxes reads "☒是☐否" (glyphs before the options, as narrow leaves
// it) or "是☐否☒" (glyphs after): whether 是 and 否 are ticked. found is
// false unless both options have a box.
func yesNoBoxes(t string) (yes, no, found bool) {
	rs := []rune(t)
	isBox := func(r rune) bool { return strings.ContainsRune(checkedGlyphs+uncheckedGlyphs, r) }
	if len(rs) < 4 {
		return false, false, false
	}
	before := isBox(rs[0])
	if !before && !isBox(rs[len(rs)-1]) {
		return false, false, false
	}
	boxes := 0
	for i, r := range rs {
		if r != '是' && r != '否' {
			continue
		}
		j := i + 1
		if before {
			j = i - 1
		}
		if j < 0 || j >= len(rs) || !isBox(rs[j]) {
			continue
		}
		boxes++
		ticked := strings.ContainsRune(checkedGlyphs, rs[j])
		if r == '是' {
			yes = yes || ticked
		} else {
			no = no || ticked
		}
	}
	return yes, no, boxes >= 2
}
