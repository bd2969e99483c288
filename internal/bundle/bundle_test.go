package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/rand"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// entry is one entry to write: a header and its contents. With raw set,
// data is written as it is under the header's sizes and CRC (CreateRaw),
// so a test can make headers lie.
type entry struct {
	fh   zip.FileHeader
	data []byte
	raw  bool
}

func file(name, data string) entry {
	return entry{fh: zip.FileHeader{Name: name, Method: zip.Deflate}, data: []byte(data)}
}

func zipOf(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		fh := e.fh
		var w io.Writer
		var err error
		if e.raw {
			w, err = zw.CreateRaw(&fh)
		} else {
			w, err = zw.CreateHeader(&fh)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encode(t testing.TB, enc encoding.Encoding, s string) string {
	t.Helper()
	b, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeName: Windows Chinese zip tools (WinRAR, 360压缩, Explorer's
// "send to") write GBK names without the UTF-8 flag; macOS and Linux tools
// write UTF-8, with or without it. Each must come back as the sender saw it.
func TestDecodeName(t *testing.T) {
	tests := []struct {
		name    string
		raw     string // bytes stored as the entry name
		nonUTF8 bool   // leave flag bit 11 clear
		want    string
	}{
		{"GBK without flag", encode(t, simplifiedchinese.GBK, "计算机学院/张三-申报书.docx"), true, "计算机学院/张三-申报书.docx"},
		{"GBK full-width punctuation", encode(t, simplifiedchinese.GBK, "附件9：汇总表（2024）.xlsx"), true, "附件9：汇总表（2024）.xlsx"},
		{"UTF-8 with flag", "计算机学院/张三-申报书.docx", false, "计算机学院/张三-申报书.docx"},
		{"UTF-8 without flag", "计算机学院/张三-申报书.docx", true, "计算机学院/张三-申报书.docx"},
		{"ASCII", "dept/report.docx", true, "dept/report.docx"},
		{"GB18030 four-byte, plane 2", encode(t, simplifiedchinese.GB18030, "𠀀实验室.docx"), true, "𠀀实验室.docx"},
		{"GB18030 four-byte, extension A", encode(t, simplifiedchinese.GB18030, "㐀申报.docx"), true, "㐀申报.docx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := zipOf(t, entry{fh: zip.FileHeader{Name: tt.raw, NonUTF8: tt.nonUTF8}, data: []byte("x")})
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			f := zr.File[0]
			if flagged := f.Flags&0x800 != 0; flagged == tt.nonUTF8 {
				t.Fatalf("test zip: UTF-8 flag %v, meant %v", flagged, !tt.nonUTF8)
			}
			if got := DecodeName(f); got != tt.want {
				t.Errorf("DecodeName = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestZipSlipPathsRefused: an entry named ../x or C:\x must never become a
// path outside the bundle.
func TestZipSlipPathsRefused(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when refused
	}{
		{"a/b.docx", "a/b.docx"},
		{"b.docx", "b.docx"},
		{"a/./b", "a/b"},
		{"./a/b", "a/b"},
		{"a//b", "a/b"},
		{`a\b.docx`, "a/b.docx"},
		{"a/c/../b", "a/b"},
		{"../x", ""},
		{"..", ""},
		{"a/../../x", ""},
		{"a/..", ""},
		{"", ""},
		{".", ""},
		{"/etc/passwd", ""},
		{`C:\x`, ""},
		{"C:x", ""},
		{`..\x`, ""},
		{`a\..\..\x`, ""},
		{`\\server\share\x`, ""},
	}
	for _, tt := range tests {
		t.Run(strconv.Quote(tt.in), func(t *testing.T) {
			got, ok := SafePath(tt.in)
			if ok != (tt.want != "") {
				t.Fatalf("SafePath(%q) ok = %v, want %v", tt.in, ok, tt.want != "")
			}
			if ok && got != tt.want {
				t.Errorf("SafePath(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// small limits keep the tests fast where the defaults are not the point.
var small = Limits{MaxEntries: 10, MaxEntry: 1 << 20, MaxTotal: 2 << 20, MaxRatio: 200}

type got struct {
	path string
	data string
	err  error
}

func (g got) String() string { return fmt.Sprintf("{%s %q %v}", g.path, g.data, g.err) }

func expand(data []byte, b *Budget) ([]got, error) {
	var out []got
	err := Expand(data, b, func(e Entry) error {
		out = append(out, got{e.Path, string(e.Data), e.Err})
		return nil
	})
	return out, err
}

func TestExpandDeliversEntriesInOrder(t *testing.T) {
	data := zipOf(t,
		file("b.docx", "bbb"),
		entry{fh: zip.FileHeader{Name: "dept/"}},
		file("dept/a.xlsx", "aaa"),
		entry{fh: zip.FileHeader{Name: encode(t, simplifiedchinese.GBK, "学院/申报书.docx"), Method: zip.Store, NonUTF8: true}, data: []byte("ccc")},
		file("empty.txt", ""),
	)
	entries, err := expand(data, NewBudget(small))
	if err != nil {
		t.Fatal(err)
	}
	want := []got{{"b.docx", "bbb", nil}, {"dept/a.xlsx", "aaa", nil}, {"学院/申报书.docx", "ccc", nil}, {"empty.txt", "", nil}}
	if !slices.Equal(entries, want) {
		t.Errorf("entries:\n got %v\nwant %v", entries, want)
	}
}

// TestZipSlipEntryRefusedAlone: a ../ entry is refused on its own; the
// returns beside it still arrive.
func TestZipSlipEntryRefusedAlone(t *testing.T) {
	data := zipOf(t,
		file("ok1.docx", "1"),
		file("../../etc/cron.d/x", "evil"),
		file(`..\..\Windows\x.dll`, "evil"),
		file("/abs.docx", "evil"),
		file("ok2.docx", "2"),
	)
	for _, godebug := range []string{"", "zipinsecurepath=0"} {
		t.Run("GODEBUG="+godebug, func(t *testing.T) {
			// zipinsecurepath=0 makes zip.NewReader return
			// ErrInsecurePath with the reader: the bundle must not be
			// refused as a whole for it.
			t.Setenv("GODEBUG", godebug)
			entries, err := expand(data, NewBudget(small))
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 5 {
				t.Fatalf("got %d entries, want 5: %v", len(entries), entries)
			}
			for i, e := range entries {
				safe := i == 0 || i == 4
				if safe && (e.err != nil || e.data == "") {
					t.Errorf("%s: err %v, data %q; want delivered", e.path, e.err, e.data)
				}
				if !safe && (!errors.Is(e.err, ErrUnsafePath) || e.data != "") {
					t.Errorf("%s: err %v, data %q; want ErrUnsafePath and no data", e.path, e.err, e.data)
				}
			}
		})
	}
}

// TestEncryptedEntryRefusedAlone: a password-protected entry is not
// inflated (its bytes are ciphertext) and its siblings still arrive.
func TestEncryptedEntryRefusedAlone(t *testing.T) {
	garbage := make([]byte, 64)
	rand.Read(garbage)
	data := zipOf(t,
		file("ok.docx", "ok"),
		entry{fh: zip.FileHeader{Name: "secret.docx", Method: zip.Deflate, Flags: 0x1,
			CompressedSize64: 64, UncompressedSize64: 1000, CRC32: 0xdeadbeef}, data: garbage, raw: true},
		file("ok2.docx", "ok2"),
	)
	entries, err := expand(data, NewBudget(small))
	if err != nil {
		t.Fatal(err)
	}
	want := []got{{"ok.docx", "ok", nil}, {"secret.docx", "", ErrEncrypted}, {"ok2.docx", "ok2", nil}}
	if !slices.Equal(entries, want) {
		t.Errorf("entries:\n got %v\nwant %v", entries, want)
	}
}

// TestDamagedEntryRefusedAlone: a bad CRC makes one entry damaged, not
// the bundle.
func TestDamagedEntryRefusedAlone(t *testing.T) {
	var compressed bytes.Buffer
	fw, _ := flate.NewWriter(&compressed, flate.DefaultCompression)
	fw.Write([]byte("hello"))
	fw.Close()
	data := zipOf(t,
		entry{fh: zip.FileHeader{Name: "bad.docx", Method: zip.Deflate, CompressedSize64: uint64(compressed.Len()),
			UncompressedSize64: 5, CRC32: crc32.ChecksumIEEE([]byte("hellx"))}, data: compressed.Bytes(), raw: true},
		file("ok.docx", "ok"),
	)
	entries, err := expand(data, NewBudget(small))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || !errors.Is(entries[0].err, ErrBadEntry) || entries[0].data != "" || entries[1] != (got{"ok.docx", "ok", nil}) {
		t.Errorf("entries = %v; want bad.docx with ErrBadEntry, then ok.docx", entries)
	}
}

// zeros is a deflate stream of 300 MiB of zeros (about 300 KB), built
// once, streaming.
var zeros = sync.OnceValues(func() ([]byte, uint32) {
	const size = 300 << 20
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	crc := crc32.NewIEEE()
	chunk := make([]byte, 1<<20)
	for range size / len(chunk) {
		fw.Write(chunk)
		crc.Write(chunk)
	}
	fw.Close()
	return buf.Bytes(), crc.Sum32()
})

const zerosSize = 300 << 20

func zerosEntry(t testing.TB, name string, declared, compressed uint64) entry {
	t.Helper()
	z, crc := zeros()
	if compressed == 0 {
		compressed = uint64(len(z))
	}
	return entry{fh: zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: compressed, UncompressedSize64: declared}, data: z, raw: true}
}

// measure runs f and reports how long it took and how many bytes it
// allocated.
func measure(f func()) (time.Duration, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return d, after.TotalAlloc - before.TotalAlloc
}

// TestZipBombRejected: archive/zip caps nothing; a 300 KB zip of zeros
// inflating to 300 MiB, however its headers describe it, must be refused
// in well under 10 s without inflating into memory.
func TestZipBombRejected(t *testing.T) {
	z, _ := zeros()
	t.Logf("bomb: %d bytes deflated, %d inflated (%d:1)", len(z), zerosSize, zerosSize/len(z))
	tests := []struct {
		name    string
		entry   entry
		padding int     // bytes of incompressible entry beside the bomb
		want    []error // any of these, returned by Expand or set on the entry
	}{
		{"honest headers", zerosEntry(t, "bomb.docx", zerosSize, 0), 0, []error{ErrRatio}},
		// 2 MiB of incompressible scans beside it bring the bundle's
		// overall ratio under the limit: the entry's own must still count.
		{"honest headers, padded", zerosEntry(t, "bomb.docx", zerosSize, 0), 2 << 20, []error{ErrRatio}},
		// Go's reader stops once the inflated bytes pass the declared size.
		{"declares 1000 bytes", zerosEntry(t, "bomb.docx", 1000, 0), 0, []error{ErrTooLarge, ErrRatio, ErrBadEntry}},
		// Claims 2 MiB compressed (a ratio of 150) though the whole zip is
		// 300 KB: the ratio must be judged on bytes that exist.
		{"declares a large compressed size", zerosEntry(t, "bomb.docx", zerosSize, 2<<20), 0, []error{ErrRatio}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := []entry{file("ok.docx", "ok"), tt.entry}
			if tt.padding > 0 {
				random := make([]byte, tt.padding)
				rand.Read(random)
				entries = append(entries, entry{fh: zip.FileHeader{Name: "scan.jpg", Method: zip.Store}, data: random})
			}
			data := zipOf(t, entries...)
			var err error
			var delivered []Entry
			d, alloc := measure(func() {
				err = Expand(data, NewBudget(DefaultLimits), func(e Entry) error {
					delivered = append(delivered, e)
					if e.Err != nil {
						return e.Err
					}
					return nil
				})
			})
			t.Logf("Expand: %v, %.1f MB allocated, err: %v", d, float64(alloc)/1e6, err)
			if err == nil {
				t.Fatal("Expand accepted the bomb")
			}
			if !slices.ContainsFunc(tt.want, func(w error) bool { return errors.Is(err, w) }) {
				t.Errorf("Expand error %v, want one of %v", err, tt.want)
			}
			for _, e := range delivered {
				if e.Path == "bomb.docx" && e.Data != nil {
					t.Errorf("bomb delivered with %d bytes of data", len(e.Data))
				}
			}
			if d > 5*time.Second {
				t.Errorf("took %v to refuse", d)
			}
			if alloc > 50<<20 {
				t.Errorf("allocated %d MB refusing a bomb", alloc>>20)
			}
		})
	}
}

// TestOverstatedCompressedSizesBombRejected: entries that overstate their
// compressed size (or share compressed bytes, as in Fifield's overlapping
// bomb) each pass a ratio check against their own headers; a bundle
// inflating to far more than MaxRatio times its size must not.
func TestOverstatedCompressedSizesBombRejected(t *testing.T) {
	// Ten entries of 1 MiB of spaces, each honestly ~1 KB compressed but
	// declaring 8 KB: 10 MiB from a ~12 KB zip.
	l := Limits{MaxEntries: 100, MaxEntry: 2 << 20, MaxTotal: 64 << 20, MaxRatio: 200}
	var compressed bytes.Buffer
	fw, _ := flate.NewWriter(&compressed, flate.BestCompression)
	spaces := bytes.Repeat([]byte(" "), 1<<20+1)
	fw.Write(spaces)
	fw.Close()
	var entries []entry
	for i := range 10 {
		entries = append(entries, entry{fh: zip.FileHeader{Name: string(rune('a'+i)) + ".txt", Method: zip.Deflate,
			CRC32: crc32.ChecksumIEEE(spaces), CompressedSize64: 8 << 10, UncompressedSize64: uint64(len(spaces))},
			data: compressed.Bytes(), raw: true})
	}
	data := zipOf(t, entries...)
	got, err := expand(data, NewBudget(l))
	t.Logf("%d-byte zip declaring %d bytes: %d entries, err %v", len(data), 10*len(spaces), len(got), err)
	if !errors.Is(err, ErrRatio) {
		t.Errorf("Expand error %v, want ErrRatio", err)
	}
}

// TestDeclaredSizesCannotWrap: two entries declaring 2^63 bytes each sum
// to 0 in a uint64; the declared total must not wrap past the limit.
func TestDeclaredSizesCannotWrap(t *testing.T) {
	huge := func(name string) entry {
		return entry{fh: zip.FileHeader{Name: name, Method: zip.Store, CompressedSize64: 1 << 62, UncompressedSize64: 1 << 63},
			data: []byte("tiny"), raw: true}
	}
	data := zipOf(t, huge("a.docx"), huge("b.docx"))
	got, err := expand(data, NewBudget(DefaultLimits))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Expand error %v, want ErrTooLarge", err)
	}
	if len(got) != 0 {
		t.Errorf("delivered %v", got)
	}
}

// TestOversizedEntryRejected: one entry past MaxEntry refuses the bundle,
// even when incompressible (no ratio) and within the total.
func TestOversizedEntryRejected(t *testing.T) {
	l := Limits{MaxEntries: 10, MaxEntry: 512 << 10, MaxTotal: 4 << 20, MaxRatio: 200}
	random := make([]byte, l.MaxEntry+1)
	rand.Read(random)
	stored := func(data []byte) []byte {
		return zipOf(t, entry{fh: zip.FileHeader{Name: "scan.tif", Method: zip.Store}, data: data})
	}
	if got, err := expand(stored(random[:l.MaxEntry]), NewBudget(l)); err != nil || len(got) != 1 || len(got[0].data) != int(l.MaxEntry) {
		t.Errorf("entry at the limit: err %v, %d entries", err, len(got))
	}
	got, err := expand(stored(random), NewBudget(l))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("entry over the limit: err %v, want ErrTooLarge", err)
	}
	if len(got) != 0 {
		t.Errorf("delivered %d entries", len(got))
	}
}

func TestTooManyEntriesRejected(t *testing.T) {
	l := small
	many := func(n int) []byte {
		var entries []entry
		for i := range n {
			entries = append(entries, file(string(rune('a'+i))+".txt", "x"))
		}
		return zipOf(t, entries...)
	}
	if _, err := expand(many(l.MaxEntries), NewBudget(l)); err != nil {
		t.Errorf("%d entries, at the limit: %v", l.MaxEntries, err)
	}
	got, err := expand(many(l.MaxEntries+1), NewBudget(l))
	if !errors.Is(err, ErrTooMany) {
		t.Errorf("%d entries: err %v, want ErrTooMany", l.MaxEntries+1, err)
	}
	if len(got) != 0 {
		t.Errorf("%d entries delivered before refusing the bundle", len(got))
	}
}

// TestNestedBundlesShareBudget: a bundle of bundles must not multiply the
// total limit; every Expand with the same Budget draws on it.
func TestNestedBundlesShareBudget(t *testing.T) {
	l := Limits{MaxEntries: 10, MaxEntry: 1 << 20, MaxTotal: 1 << 20, MaxRatio: 200}
	random := make([]byte, 600<<10) // incompressible: no ratio involved
	rand.Read(random)
	data := zipOf(t, entry{fh: zip.FileHeader{Name: "scan.pdf", Method: zip.Store}, data: random})

	b := NewBudget(l)
	if _, err := expand(data, b); err != nil {
		t.Fatalf("first bundle: %v", err)
	}
	if _, err := expand(data, NewBudget(l)); err != nil {
		t.Fatalf("second bundle, own budget: %v", err)
	}
	got, err := expand(data, b)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("second bundle, shared budget: err %v, want ErrTooLarge", err)
	}
	if len(got) != 0 {
		t.Errorf("delivered %v past the budget", got)
	}
}

func TestNotZipRejected(t *testing.T) {
	good := zipOf(t, file("a.docx", "a"))
	for name, data := range map[string][]byte{
		"empty":         nil,
		"text":          []byte("这不是压缩包"),
		"pdf":           []byte("%PDF-1.7\n"),
		"cut in half":   good[:len(good)/2],
		"local header":  []byte("PK\x03\x04"),
		"missing EOCD":  good[:len(good)-22],
		"EOCD too long": append(good[:len(good)-22:len(good)-22], []byte("PK\x05\x06\xff\xff\xff\xff")...),
	} {
		t.Run(name, func(t *testing.T) {
			called := false
			err := Expand(data, NewBudget(small), func(Entry) error { called = true; return nil })
			if !errors.Is(err, ErrNotZip) {
				t.Errorf("err %v, want ErrNotZip", err)
			}
			if called {
				t.Error("fn called for a non-zip")
			}
		})
	}
}

// TestSmallCompressibleEntryAccepted: the ratio cap must not refuse a
// small file of repeated spaces, which compresses 1000:1 and harms no one.
func TestSmallCompressibleEntryAccepted(t *testing.T) {
	spaces := bytes.Repeat([]byte(" "), ratioFloor-1)
	data := zipOf(t, entry{fh: zip.FileHeader{Name: "blank.txt", Method: zip.Deflate}, data: spaces})
	got, err := expand(data, NewBudget(DefaultLimits))
	if err != nil || len(got) != 1 || len(got[0].data) != len(spaces) {
		t.Errorf("err %v, %d entries; want the file delivered", err, len(got))
	}
}

// TestFnErrorStopsExpand: the caller can stop the walk.
func TestFnErrorStopsExpand(t *testing.T) {
	stop := errors.New("stop")
	data := zipOf(t, file("a", "a"), file("b", "b"))
	n := 0
	err := Expand(data, NewBudget(small), func(Entry) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d calls; want stop after 1", err, n)
	}
}
