// Package fonts provides the Chinese typefaces PDFs are set in. A fresh
// machine has no Chinese font, so the binary carries its own: subsets of
// OFL-licensed Noto Serif SC (all of GBK: the body face, and the fallback
// for every other face), Noto Sans SC Bold and LXGW WenKai (GB2312), built
// by build/build.py from Debian's packages. System fonts can replace them:
// a .ttf, or one member of a .ttc collection, cut out here into a
// standalone font because gopdf cannot read collections.
package fonts

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Embedded faces.
var (
	//go:embed NotoSerifSC-Regular.ttf
	serif []byte
	//go:embed NotoSansSC-Bold.ttf
	sansBold []byte
	//go:embed LXGWWenKai-Regular.ttf
	kai []byte
)

// Role is what a face is used for.
type Role string

// Roles of the faces.
const (
	Body    Role = "body"    // 宋体-like running text and tables
	Heading Role = "heading" // 黑体-like headings and labels
	Title   Role = "title"   // 楷体-like titles, certificates
)

// Face is a loaded font: its family name in the PDF and its TrueType data.
type Face struct {
	Role   Role
	Family string
	Data   []byte
	Source string // "embedded" or the file it came from
}

// Errors loading a font.
var (
	ErrCFF        = errors.New("fonts: OpenType-CFF outlines (OTTO) cannot be embedded by the PDF writer; use a TrueType (.ttf) font")
	ErrNotFont    = errors.New("fonts: not a TrueType font or collection")
	ErrNoSuchFace = errors.New("fonts: no such member in the collection")
)

// Load returns the faces for the three roles: the embedded ones, except
// where paths names a system font for a role ("path.ttf", or "path.ttc#2"
// for the third member of a collection).
func Load(paths map[Role]string) ([]Face, error) {
	faces := []Face{
		{Body, "dbzx-body", serif, "embedded"},
		{Heading, "dbzx-heading", sansBold, "embedded"},
		{Title, "dbzx-title", kai, "embedded"},
	}
	for i, f := range faces {
		p := strings.TrimSpace(paths[f.Role])
		if p == "" {
			continue
		}
		data, err := LoadFile(p)
		if err != nil {
			return nil, &FaceError{Role: f.Role, Path: p, Err: err}
		}
		faces[i].Data, faces[i].Source = data, p
	}
	return faces, nil
}

// FaceError: the font configured for a role could not be used. Err is
// the file's error, ErrCFF, ErrNotFont or ErrNoSuchFace.
type FaceError struct {
	Role Role
	Path string
	Err  error
}

func (e *FaceError) Error() string {
	return fmt.Sprintf("fonts: %s font %s: %v", e.Role, e.Path, e.Err)
}
func (e *FaceError) Unwrap() error { return e.Err }

// LoadFile reads a .ttf, or a member of a .ttc ("file.ttc#index", default
// 0), as standalone TrueType data.
func LoadFile(spec string) ([]byte, error) {
	path, member := spec, 0
	if i := strings.LastIndex(spec, "#"); i > 0 {
		n, err := strconv.Atoi(spec[i+1:])
		if err == nil {
			path, member = spec[:i], n
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Standalone(data, member)
}

// Standalone returns a TrueType font from data: data itself for a .ttf,
// the member-th font of a .ttc rebuilt as its own file (table directory
// and the tables it points to, copied).
func Standalone(data []byte, member int) ([]byte, error) {
	if len(data) < 12 {
		return nil, ErrNotFont
	}
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "true":
		return data, nil
	case "OTTO":
		return nil, ErrCFF
	case "ttcf":
	default:
		return nil, ErrNotFont
	}
	n := int(binary.BigEndian.Uint32(data[8:12]))
	if member < 0 || member >= n || 12+4*n > len(data) {
		return nil, ErrNoSuchFace
	}
	off := int(binary.BigEndian.Uint32(data[12+4*member:]))
	if off+12 > len(data) {
		return nil, ErrNotFont
	}
	if string(data[off:off+4]) == "OTTO" {
		return nil, ErrCFF
	}
	numTables := int(binary.BigEndian.Uint16(data[off+4:]))
	dir := off + 12
	if dir+16*numTables > len(data) {
		return nil, ErrNotFont
	}
	// New file: the same header and directory, tables laid out after it
	// (4-byte aligned), their offsets rewritten.
	headerLen := 12 + 16*numTables
	out := make([]byte, headerLen, len(data)/max(n, 1)+headerLen)
	copy(out, data[off:off+headerLen])
	for t := 0; t < numTables; t++ {
		rec := dir + 16*t
		tOff := int(binary.BigEndian.Uint32(data[rec+8:]))
		tLen := int(binary.BigEndian.Uint32(data[rec+12:]))
		if tOff < 0 || tLen < 0 || tOff+tLen > len(data) {
			return nil, ErrNotFont
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		binary.BigEndian.PutUint32(out[12+16*t+8:], uint32(len(out)))
		out = append(out, data[tOff:tOff+tLen]...)
	}
	return out, nil
}
