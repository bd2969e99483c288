package bundle

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// fuzzLimits are small, so that the fuzzer reaches them.
var fuzzLimits = Limits{MaxEntries: 16, MaxEntry: 64 << 10, MaxTotal: 256 << 10, MaxRatio: 100}

// FuzzBundleExpand: no bundle, however damaged, panics Expand, and what it
// delivers, nested bundles expanded with the same budget as intake does,
// stays within the limits: entries, bytes per entry, bytes in all; refused
// entries carry no bytes; accepted paths are clean and inside the bundle.
func FuzzBundleExpand(f *testing.F) {
	gbk := func(s string) string { return encode(f, simplifiedchinese.GBK, s) }
	gbkFile := func(name, data string) entry {
		return entry{fh: zip.FileHeader{Name: gbk(name), Method: zip.Deflate, NonUTF8: true}, data: []byte(data)}
	}
	inner := zipOf(f, gbkFile("支撑材料/获奖证书.jpg", "\xff\xd8\xff\xe0"))
	f.Add(zipOf(f, gbkFile("机车车辆学院/样板党支部申报书.docx", "PK\x03\x04"), gbkFile("机车车辆学院/申报汇总表.xlsx", "PK")))
	f.Add(zipOf(f, file("../../越界.docx", "x"), file("/abs.docx", "x"), file(`C:\win.docx`, "x"), file("正常.docx", "ok")))
	f.Add(zipOf(f, entry{fh: zip.FileHeader{Name: "加密.docx", Method: zip.Store, Flags: 0x1}, data: []byte("secret")}))
	f.Add(zipOf(f, file("分院.zip", string(inner)), file("目录/", "")))
	f.Add(zipOf(f, file("同名.docx", "a"), file("同名.docx", "b")))
	f.Add(zipOf(f))
	names, _ := filepath.Glob("../ooxml/testdata/*.docx") // returns the project generates: zips too
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := NewBudget(fuzzLimits)
		var total int64
		var expand func(data []byte, depth int)
		expand = func(data []byte, depth int) {
			n := 0
			var nested [][]byte
			err := Expand(data, b, func(e Entry) error {
				n++
				total += int64(len(e.Data))
				switch {
				case e.Err != nil && e.Data != nil:
					t.Errorf("%q refused (%v) with %d bytes", e.Path, e.Err, len(e.Data))
				case int64(len(e.Data)) > fuzzLimits.MaxEntry:
					t.Errorf("%q: %d bytes, limit %d", e.Path, len(e.Data), fuzzLimits.MaxEntry)
				case e.Err == nil:
					if clean, ok := SafePath(e.Path); !ok || clean != e.Path {
						t.Errorf("accepted path %q is not clean and inside (%q, %v)", e.Path, clean, ok)
					}
				}
				if e.Err == nil && bytes.HasPrefix(e.Data, []byte("PK")) && depth < 2 {
					nested = append(nested, e.Data)
				}
				return nil
			})
			if n > fuzzLimits.MaxEntries {
				t.Errorf("%d entries delivered, limit %d", n, fuzzLimits.MaxEntries)
			}
			if err != nil && !errors.Is(err, ErrNotZip) && !errors.Is(err, ErrTooMany) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrRatio) {
				t.Errorf("undocumented error: %v", err)
			}
			for _, d := range nested {
				expand(d, depth+1)
			}
		}
		expand(data, 1)
		if total > fuzzLimits.MaxTotal {
			t.Errorf("%d bytes delivered in all, limit %d", total, fuzzLimits.MaxTotal)
		}
	})
}
