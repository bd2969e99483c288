package render

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestCapitals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fen  int64
		want string
	}{
		// The programme's amounts.
		{"标杆院部 2万", 2000000, "贰万元整"},
		{"样板党支部 1万", 1000000, "壹万元整"},
		{"创新项目 0.5万", 500000, "伍仟元整"},
		{"四类合计", 4500000, "肆万伍仟元整"},
		// The examples.
		{"issue 10500.50", 1050050, "壹万零伍佰元伍角"},
		{"only 分", 5, "伍分"},
		{"only 角, no 整", 50, "伍角"},
		{"zero inside 1004", 100400, "壹仟零肆元整"},
		{"zero inside 1040", 104000, "壹仟零肆拾元整"},
		{"100.10", 10010, "壹佰元壹角"},
		{"1,0000,0001", 10000000100, "壹亿零壹元整"},
		{"9999999999.99", 999999999999, "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
		{"亿 alone", 10000000000, "壹亿元整"},
		{"亿 then 万", 10001000000, "壹亿零壹万元整"},
		{"百万 then 拾", 100001000, "壹佰万零壹拾元整"},
		{"壹拾 at the start", 11000000, "壹拾壹万元整"},
		// The PBOC's own examples (支付结算办法, 附一).
		{"PBOC 1409.50", 140950, "壹仟肆佰零玖元伍角"},
		{"PBOC 6007.14", 600714, "陆仟零柒元壹角肆分"},
		{"PBOC 1680.32 (no 零 after 元)", 168032, "壹仟陆佰捌拾元叁角贰分"},
		{"PBOC 107000.53 (零 at 万)", 10700053, "壹拾万零柒仟元伍角叁分"},
		{"PBOC 16409.02", 1640902, "壹万陆仟肆佰零玖元零贰分"},
		{"PBOC 325.04", 32504, "叁佰贰拾伍元零肆分"},
		// Small amounts and 零 around 元.
		{"zero", 0, "零元整"},
		{"one 元", 100, "壹元整"},
		{"1.05", 105, "壹元零伍分"},
		{"0.55", 55, "伍角伍分"},
		{"10", 1000, "壹拾元整"},
		{"15", 1500, "壹拾伍元整"},
		{"10.05", 1005, "壹拾元零伍分"},
		{"1000", 100000, "壹仟元整"},
		{"百万", 100000000, "壹佰万元整"},
		// 亿 and beyond.
		{"亿 with 仟万", 11000000000, "壹亿壹仟万元整"},
		{"亿 then 佰万", 10100000000, "壹亿零壹佰万元整"},
		{"拾亿", 200000000000, "贰拾亿元整"},
		{"1234567890", 123456789000, "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元整"},
		{"万亿", 100000000000000, "壹万亿元整"},
		{"万亿 then 万", 100000001000000, "壹万亿零壹万元整"},
		{"万零壹亿", 100010000000000, "壹万零壹亿元整"},
		{"亿亿", 1000000000000000000, "壹亿亿元整"},
		{"亿亿 then 元", 1000000000000000100, "壹亿亿零壹元整"},
		{"max int64", math.MaxInt64, "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"},
		// Negative amounts.
		{"negative", -2000000, "负贰万元整"},
		{"negative 分", -5, "负伍分"},
		{"min int64", math.MinInt64, "负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Capitals(tc.fen); got != tc.want {
				t.Errorf("Capitals(%d) = %s, want %s", tc.fen, got, tc.want)
			}
		})
	}
}

// TestCapitalsReadsBack writes many amounts, rich in zeros, and reads the
// capitals back with an independent reader: the value must survive, and
// the text must keep the rules that hold whatever the amount.
func TestCapitalsReadsBack(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2022, 1114))
	for i := 0; i < 20000; i++ {
		// Random digits, half of them zero, 1–19 long.
		n := 1 + rng.IntN(19)
		var b strings.Builder
		for j := 0; j < n; j++ {
			if rng.IntN(2) == 0 {
				b.WriteByte('0')
			} else {
				b.WriteByte(byte('1' + rng.IntN(9)))
			}
		}
		fen, err := strconv.ParseInt(b.String(), 10, 64)
		if err != nil {
			continue // past int64
		}
		if rng.IntN(10) == 0 {
			fen = -fen
		}
		s := Capitals(fen)
		got, err := readCapitals(s)
		if err != nil || got != fen {
			t.Fatalf("Capitals(%d) = %s, reads back as %d (%v)", fen, s, got, err)
		}
		body := strings.TrimPrefix(s, "负")
		for _, bad := range []string{"零零", "零元", "零万", "零亿", "零角", "零整", "万万", "元整整"} {
			if strings.Contains(body, bad) && body != "零元整" {
				t.Fatalf("Capitals(%d) = %s contains %s", fen, s, bad)
			}
		}
		if strings.HasPrefix(body, "零") && body != "零元整" {
			t.Fatalf("Capitals(%d) = %s starts with 零", fen, s)
		}
		if wantZheng := fen%100 == 0; strings.HasSuffix(s, "整") != wantZheng {
			t.Fatalf("Capitals(%d) = %s: 整 only when there are no 角 and 分", fen, s)
		}
		if got, want := strings.Count(body, "零"), wantZeros(fen); got != want && body != "零元整" {
			t.Fatalf("Capitals(%d) = %s has %d 零, want %d", fen, s, got, want)
		}
		if strings.HasPrefix(body, "拾") {
			t.Fatalf("Capitals(%d) = %s: a leading 拾 keeps its 壹", fen, s)
		}
	}
}

// wantZeros counts the 零 the rules ask for: one per run of zeros between
// non-zero digits of the 元 part, and one after 元 when 角 is zero and 分
// is not.
func wantZeros(fen int64) int {
	u := uint64(fen)
	if fen < 0 {
		u = -u
	}
	yuan := strconv.FormatUint(u/100, 10)
	n := 0
	inner := strings.Trim(yuan, "0")
	for i := 0; i < len(inner); i++ {
		if inner[i] == '0' && inner[i-1] != '0' {
			n++
		}
	}
	if u/100 > 0 && u/10%10 == 0 && u%10 != 0 {
		n++
	}
	return n
}

// readCapitals reads capitals back into fen: 元 part split at the last
// 亿, then the last 万, so that stacked units (万亿, 亿亿) nest.
func readCapitals(s string) (int64, error) {
	neg := strings.HasPrefix(s, "负")
	s = strings.TrimPrefix(s, "负")
	s = strings.TrimSuffix(s, "整")
	var yuan uint64
	if whole, rest, ok := strings.Cut(s, "元"); ok {
		v, err := readCapitalInt(whole)
		if err != nil {
			return 0, err
		}
		yuan, s = v, rest
	}
	s = strings.TrimPrefix(s, "零")
	var small uint64
	for _, unit := range []struct {
		name string
		mul  uint64
	}{{"角", 10}, {"分", 1}} {
		if d, rest, ok := strings.Cut(s, unit.name); ok {
			v, err := readCapitalInt(d)
			if err != nil || v > 9 {
				return 0, errBadCapitals(s)
			}
			small += v * unit.mul
			s = rest
		}
	}
	if s != "" {
		return 0, errBadCapitals(s)
	}
	u := yuan*100 + small
	if neg {
		return int64(-u), nil
	}
	return int64(u), nil
}

type errBadCapitals string

func (e errBadCapitals) Error() string { return "unread capitals: " + string(e) }

func readCapitalInt(s string) (uint64, error) {
	for _, u := range []struct {
		name string
		mul  uint64
	}{{"亿", 1e8}, {"万", 1e4}} {
		if i := strings.LastIndex(s, u.name); i >= 0 {
			hi, err := readCapitalInt(s[:i])
			if err != nil {
				return 0, err
			}
			lo, err := readCapitalInt(s[i+len(u.name):])
			if err != nil || lo >= u.mul || hi == 0 {
				return 0, errBadCapitals(s)
			}
			return hi*u.mul + lo, nil
		}
	}
	var v, digit uint64
	for _, r := range s {
		switch r {
		case '零':
			digit = 0
		case '拾', '佰', '仟':
			place := map[rune]uint64{'拾': 10, '佰': 100, '仟': 1000}[r]
			v += digit * place
			digit = 0
		default:
			d := strings.IndexRune("零壹贰叁肆伍陆柒捌玖", r)
			if d < 0 {
				return 0, errBadCapitals(s)
			}
			digit = uint64(len([]rune("零壹贰叁肆伍陆柒捌玖"[:d])))
		}
	}
	return v + digit, nil
}

func TestFormatYuan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fen  int64
		want string
	}{
		{0, "0.00"},
		{5, "0.05"},
		{50, "0.50"},
		{100, "1.00"},
		{99999, "999.99"},
		{100000, "1,000.00"},
		{500000, "5,000.00"},
		{2000000, "20,000.00"},
		{4500000, "45,000.00"},
		{123456789012, "1,234,567,890.12"},
		{-2000000, "-20,000.00"},
		{-5, "-0.05"},
		{math.MaxInt64, "92,233,720,368,547,758.07"},
		{math.MinInt64, "-92,233,720,368,547,758.08"},
	}
	for _, tc := range tests {
		if got := FormatYuan(tc.fen); got != tc.want {
			t.Errorf("FormatYuan(%d) = %s, want %s", tc.fen, got, tc.want)
		}
	}
	for _, tc := range []struct {
		fen  int64
		want string
	}{{0, "0.00"}, {5, "0.05"}, {2000000, "20000.00"}, {-105, "-1.05"}} {
		if got := plainYuan(tc.fen); got != tc.want {
			t.Errorf("plainYuan(%d) = %s, want %s", tc.fen, got, tc.want)
		}
	}
}
