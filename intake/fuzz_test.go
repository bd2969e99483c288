package intake

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"dbzx/internal/testutil"
)

// gbkZipSeed is a bundle as a Chinese Windows zip tool writes it: GBK
// names without the UTF-8 flag.
func gbkZipSeed(f *testing.F, entries ...[2]string) []byte {
	f.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		name, err := simplifiedchinese.GBK.NewEncoder().String(e[0])
		if err != nil {
			f.Fatal(err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, NonUTF8: true})
		if err != nil {
			f.Fatal(err)
		}
		io.WriteString(w, e[1])
	}
	if err := zw.Close(); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// workbookSeeds are files the project makes or meets: the blank 附件9 as
// render writes it, the same filled in as a department would, one saved
// by LibreOffice (testdata), a return (a .docx, not a workbook), a GBK
// bundle, and small hostile sheets.
func workbookSeeds(f *testing.F) [][]byte {
	form, cfg, _ := summaryEnv(f)
	_, ret := filledSample(f, 1, "innovation_project")
	seeds := [][]byte{
		blankSummary(f, form, cfg),
		filledSummary(f, form, cfg),
		ret,
		gbkZipSeed(f, [2]string{"机车车辆学院/申报汇总表.xlsx", "PK"}, [2]string{"机车车辆学院/说明.txt", "汇总表见附件"}),
		testutil.RawXlsx(f, testutil.StrayCellSheet),
		testutil.RawXlsx(f, testutil.MergeFloodSheet(20)),
	}
	names, _ := filepath.Glob("testdata/summary/*.xlsx")
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, data)
	}
	return seeds
}

// FuzzReadSummary: no workbook, however damaged, panics the summary reader
// or fails it with an error other than the two documented; what it reads
// keeps categories to the configured names.
func FuzzReadSummary(f *testing.F) {
	for _, s := range workbookSeeds(f) {
		f.Add(s)
	}
	form, cfg, _ := summaryEnv(f)
	cats := cfg.CategoryNames()
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSummary(data, form, cats)
		if err != nil {
			if !errors.Is(err, ErrNotWorkbook) && !errors.Is(err, ErrNoSummaryHeader) {
				t.Errorf("undocumented error: %v", err)
			}
			return
		}
		for _, r := range s.Rows {
			if r.Category != "" && !slices.Contains(cats, r.Category) {
				t.Errorf("row %d: category %q is none of the configured", r.Seq, r.Category)
			}
		}
	})
}

// FuzzParseDate: no text panics the date reader, and a date it reads is
// one it reads back the same from its own String.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2022年11月1日", "2022年11月", "2022.11.1", "2022/11/01", "2022-11-01", "2022.11",
		"20221101", "202211", "44866", "44866.5", "２０２２年１１月１日", "2022 年 11 月 1 号", "2月30日", "", "1234567",
		"2022、11、01", "9999-12-31", "2958465"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Month < 1 || d.Month > 12 || d.Day < 0 || d.Day > 31 {
			t.Fatalf("%q read as %+v", s, d)
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Errorf("%q read as %v, which reads back as %v, %v", s, d, again, err)
		}
	})
}

// FuzzParseMoney: no text panics the amount reader; an amount is never
// negative, and written with FormatFen it reads back as the same fen.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"5000", "5,000.00", "￥5000", "5000元", "0.5万元", "1.2万", "５０００元整", "人民币5000元",
		"RMB 5000", "-5", "0.001", "999999999999", "999999999999万", "1.23456789万", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fen, err := ParseMoney(s)
		if err != nil {
			return
		}
		if fen < 0 {
			t.Fatalf("%q read as %d fen", s, fen)
		}
		again, err := ParseMoney(FormatFen(fen))
		if err != nil || again != fen {
			t.Errorf("%q read as %d fen, written %s, read back as %d, %v", s, fen, FormatFen(fen), again, err)
		}
	})
}

// FuzzParsePhone: no text panics the phone reader; a number without an
// extension reads back as itself.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138 1234 5678", "0086-13812345678", "0371-12345678", "(0371)12345678",
		"（010）12345678", "0371-12345678转123", "0371—12345678", "12345678", "１３８１２３４５６７８", "", "-", "转", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePhone(s)
		if err != nil || strings.Count(p, "-") > 1 {
			return
		}
		if again, err := ParsePhone(p); err != nil || again != p {
			t.Errorf("%q read as %q, which reads back as %q, %v", s, p, again, err)
		}
	})
}
