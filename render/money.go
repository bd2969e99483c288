package render

import (
	"strconv"
	"strings"
)

// capitalDigits are the anti-forgery numerals of amounts (大写数字).
var capitalDigits = []string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}

// capitalPlaces are the units inside a group of four digits.
var capitalPlaces = []string{"", "拾", "佰", "仟"}

// Capitals writes an amount in fen (分) in capitals as the People's Bank
// of China's rules for 票据和结算凭证 ask: 2000000 (￥20,000.00) → 贰万元整.
// The examples below are in 元.
//
// The rules it follows, where the PBOC leaves a choice:
//   - 整 follows 元 when there are no 角 and no 分; it is not written
//     after 角 (the PBOC allows either; its own example ￥1409.50 is
//     壹仟肆佰零玖元伍角) nor ever after 分: ￥10500.50 → 壹万零伍佰元伍角.
//   - A run of zeros between two non-zero digits of the 元 part is one 零,
//     also where the run crosses a 万 or 亿 boundary (the PBOC allows 零
//     or nothing when only the 万 digit is zero; writing it leaves no gap
//     to fill in): ￥107000 → 壹拾万零柒仟元整, ￥100010000 → 壹亿零壹万元整.
//     Zeros at the end of the 元 part are not written.
//   - Between 元 and 角 no 零 is written even when the 元 digit is zero
//     (the PBOC allows either): ￥1680.32 → 壹仟陆佰捌拾元叁角贰分. When 角
//     is zero and 分 is not, 零 follows 元 (required): ￥1.05 → 壹元零伍分.
//   - A leading 拾 keeps its 壹 (壹拾, as bank practice writes it, so that
//     nothing can be put in front): ￥10 → 壹拾元整, ￥110000 → 壹拾壹万元整.
//   - Below one 元 there is no 元 and no leading 零: ￥0.05 → 伍分,
//     ￥0.50 → 伍角. Zero is 零元整.
//   - Above 9999亿 the units stack: 万亿, then 亿亿 (兆 is avoided: its
//     meaning is not settled).
//   - A negative amount is prefixed with 负.
//
// The 人民币 the PBOC puts before the capitals is left to the caller,
// which usually has it in a label already.
func Capitals(fen int64) string {
	var b strings.Builder
	u := uint64(fen)
	if fen < 0 {
		b.WriteString("负")
		u = -u // also right for math.MinInt64
	}
	yuan, jiao, cents := u/100, u/10%10, u%10
	if yuan > 0 {
		writeCapitalYuan(&b, yuan)
		b.WriteString("元")
	}
	switch {
	case yuan == 0 && jiao == 0 && cents == 0:
		b.WriteString("零元整")
	case jiao == 0 && cents == 0:
		b.WriteString("整")
	default:
		if jiao > 0 {
			b.WriteString(capitalDigits[jiao] + "角")
		} else if yuan > 0 {
			b.WriteString("零")
		}
		if cents > 0 {
			b.WriteString(capitalDigits[cents] + "分")
		}
	}
	return b.String()
}

// writeCapitalYuan writes n > 0 in capitals, digit by digit from the
// highest: a place unit after each non-zero digit, 万 after a group of
// four with any non-zero digit, 亿 after the eighth place whenever
// anything stands above it, and one 零 for each run of zeros that a
// non-zero digit follows.
func writeCapitalYuan(b *strings.Builder, n uint64) {
	digits := strconv.FormatUint(n, 10)
	top := len(digits) - 1 // the highest place, 0 for units
	zero := false          // a run of zeros waits for its 零
	groupUsed := false     // the current group of four has a non-zero digit
	for i, c := range digits {
		p := top - i
		d := int(c - '0')
		if d == 0 {
			zero = true
		} else {
			if zero {
				b.WriteString("零")
				zero = false
			}
			b.WriteString(capitalDigits[d] + capitalPlaces[p%4])
			groupUsed = true
		}
		if p%4 == 0 && p > 0 {
			switch {
			case p%8 == 0: // 亿, 亿亿: everything above is in this unit
				b.WriteString("亿")
			case groupUsed: // 万, and the 万 of 万亿
				b.WriteString("万")
			}
			groupUsed = false
		}
	}
}

// FormatYuan writes an amount in fen as 元 with thousands separators and
// two decimals, as statements print figures: 2000000 → 20,000.00,
// -5 → -0.05.
func FormatYuan(fen int64) string {
	u := uint64(fen)
	sign := ""
	if fen < 0 {
		sign, u = "-", -u
	}
	whole := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	b.WriteByte('.')
	b.WriteByte(byte('0' + u/10%10))
	b.WriteByte(byte('0' + u%10))
	return b.String()
}

// plainYuan writes an amount in fen as a decimal number of 元 with no
// separators (20000.00), the form a spreadsheet cell stores.
func plainYuan(fen int64) string {
	u := uint64(fen)
	sign := ""
	if fen < 0 {
		sign, u = "-", -u
	}
	return sign + strconv.FormatUint(u/100, 10) + "." + strconv.FormatUint(u/10%10, 10) + strconv.FormatUint(u%10, 10)
}
