// Package render writes everything dbzx produces for people: the blank
// forms (.docx, .xlsx) now, the dossiers, certificates and statements
// later. It reads form specs (templates) and the programme configuration
// (config); the file formats themselves live in internal packages.
package render

import (
	"fmt"
	"strings"
	"time"
)

// chineseDigits are the numerals of dates written in Chinese (二〇二二).
var chineseDigits = []rune("〇一二三四五六七八九")

// ChineseYearMonth writes a month as official documents date it:
// 2022-11 → 二〇二二年十一月.
func ChineseYearMonth(year int, month time.Month) string {
	var b strings.Builder
	for _, d := range fmt.Sprint(year) {
		b.WriteRune(chineseDigits[d-'0'])
	}
	b.WriteString("年")
	b.WriteString(chineseSmall(int(month)))
	b.WriteString("月")
	return b.String()
}

// chineseSmall writes 1–99 as 一 … 十一 … 九十九.
func chineseSmall(n int) string {
	tens, ones := n/10, n%10
	var s string
	switch {
	case tens == 1:
		s = "十"
	case tens > 1:
		s = string(chineseDigits[tens]) + "十"
	}
	if ones > 0 || n == 0 {
		s += string(chineseDigits[ones])
	}
	return s
}
