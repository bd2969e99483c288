// Package bundle expands zip bundles of returns safely: entry names decoded
// as the Windows tools that wrote them meant (GBK without the UTF-8 flag),
// no entry escaping the bundle, and caps on entry count, inflated size and
// compression ratio so that a zip bomb is refused in seconds.
// archive/zip caps none of this.
package bundle

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Errors for a whole bundle or one entry.
var (
	ErrNotZip     = errors.New("bundle: not a zip file")
	ErrTooMany    = errors.New("bundle: too many entries")
	ErrTooLarge   = errors.New("bundle: inflates beyond the size limit")
	ErrRatio      = errors.New("bundle: compression ratio beyond the limit")
	ErrUnsafePath = errors.New("bundle: entry path escapes the bundle")
	ErrEncrypted  = errors.New("bundle: entry is encrypted")
	ErrBadEntry   = errors.New("bundle: entry is damaged")
)

// Limits bound what one bundle may expand to.
type Limits struct {
	MaxEntries int   // entries in one bundle
	MaxEntry   int64 // inflated bytes of one entry
	MaxTotal   int64 // inflated bytes of the bundle, nested bundles included
	MaxRatio   int64 // inflated/compressed for entries over ratioFloor
}

// DefaultLimits suit a department's returns: a few dozen documents and
// scans. A real .docx compresses 5–10:1, text up to ~30:1; bombs 1000:1.
var DefaultLimits = Limits{
	MaxEntries: 2000,
	MaxEntry:   256 << 20,
	MaxTotal:   1 << 30,
	MaxRatio:   200,
}

// ratioFloor: entries smaller than this are not ratio-checked (a tiny file
// of repeated spaces compresses 1000:1 and harms no one).
const ratioFloor = 1 << 20

// Entry is one file of a bundle. Err is set when the entry was refused;
// Data is then nil.
type Entry struct {
	Path string // decoded, slash-separated, inside the bundle
	Data []byte
	Err  error
}

// Budget tracks what has been inflated across a bundle and the bundles
// nested in it, so nesting cannot multiply the limits.
type Budget struct {
	Limits
	used int64
}

// NewBudget starts a budget with the given limits.
func NewBudget(l Limits) *Budget { return &Budget{Limits: l} }

// Expand calls fn for every file entry of the zip in data, in directory
// order, with its contents. It stops with ErrTooMany, ErrTooLarge or
// ErrRatio (wrapped) when the bundle as a whole is refused; entries it
// refuses alone (unsafe path, encrypted, damaged) reach fn with Err set.
func Expand(data []byte, b *Budget, fn func(Entry) error) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // unsafe names are refused per entry below
		return fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	if len(zr.File) > b.MaxEntries {
		return fmt.Errorf("%w: %d entries, limit %d", ErrTooMany, len(zr.File), b.MaxEntries)
	}
	// Refuse on the declared sizes first: a bomb usually admits it. The
	// sum is checked entry by entry so that it cannot wrap around.
	room := uint64(max(b.MaxTotal-b.used, 0))
	var declared uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > room-declared {
			return fmt.Errorf("%w: declares over %d bytes", ErrTooLarge, room)
		}
		declared += f.UncompressedSize64
		if ratioExceeded(f.UncompressedSize64, f.CompressedSize64, b.MaxRatio) {
			return fmt.Errorf("%w: %s", ErrRatio, DecodeName(f))
		}
	}
	// Compressed sizes may be overstated, or entries may share their
	// compressed bytes; the bytes that exist cannot lie. archive/zip stops
	// an entry inflating past its declared size, so declared bounds what
	// the bundle can inflate to.
	if ratioExceeded(declared, uint64(len(data)), b.MaxRatio) {
		return fmt.Errorf("%w: declares %d bytes from %d", ErrRatio, declared, len(data))
	}
	for _, f := range zr.File {
		name := DecodeName(f)
		if strings.HasSuffix(f.Name, "/") || f.FileInfo().IsDir() {
			continue
		}
		e := Entry{Path: name}
		clean, ok := SafePath(name)
		switch {
		case !ok:
			e.Err = ErrUnsafePath
		case f.Flags&0x1 != 0:
			e.Path, e.Err = clean, ErrEncrypted
		default:
			e.Path = clean
			e.Data, e.Err = b.read(f)
			if errors.Is(e.Err, ErrTooLarge) || errors.Is(e.Err, ErrRatio) {
				return e.Err
			}
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func ratioExceeded(size, compressed uint64, max int64) bool {
	return size > ratioFloor && (compressed == 0 || size/compressed > uint64(max))
}

// read inflates one entry, counting what it really inflates to: the sizes
// in the headers may lie.
func (b *Budget) read(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadEntry, err)
	}
	defer rc.Close()
	limit := min(b.MaxEntry, b.MaxTotal-b.used)
	var buf bytes.Buffer
	if f.UncompressedSize64 < uint64(limit) {
		buf.Grow(int(f.UncompressedSize64))
	}
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	b.used += n
	switch {
	case n > limit:
		return nil, fmt.Errorf("%w: %s", ErrTooLarge, DecodeName(f))
	case ratioExceeded(uint64(n), f.CompressedSize64, b.MaxRatio):
		return nil, fmt.Errorf("%w: %s", ErrRatio, DecodeName(f))
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrBadEntry, err)
	}
	return buf.Bytes(), nil
}

// DecodeName returns an entry's name as its writer meant it: UTF-8 when
// the UTF-8 flag (bit 11) is set or the bytes are valid UTF-8, else GB18030
// (a superset of GBK), which Windows Chinese zip tools write without the
// flag.
func DecodeName(f *zip.File) string {
	if f.Flags&0x800 != 0 {
		return f.Name
	}
	return DecodeLegacyName(f.Name)
}

// DecodeLegacyName returns a file name as its writer meant it: as it is
// when it is valid UTF-8, else decoded as GB18030 (a superset of GBK) —
// the bytes Windows Chinese zip tools write, which Linux unzip leaves
// on disk as they are.
func DecodeLegacyName(name string) string {
	if utf8.ValidString(name) {
		return name
	}
	s, err := simplifiedchinese.GB18030.NewDecoder().String(name)
	if err != nil {
		return strings.ToValidUTF8(name, "\uFFFD")
	}
	return s
}

// SafePath cleans an entry path and reports whether it stays inside the
// bundle: no "..", no absolute path, no drive letter.
func SafePath(name string) (string, bool) {
	p := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(p, "/") || (len(p) >= 2 && p[1] == ':') {
		return p, false
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") || clean == "." {
		return p, false
	}
	return clean, true
}
