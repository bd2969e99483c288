package ooxml

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// scanTree parses one part into the same tree as parseTreeLimits, with
// the same limits, several times faster: a hand-written scanner over the
// XML that Word, LibreOffice, WPS and dbzx write — elements, attributes in
// either quote, the five predefined entities and character references,
// comments, processing instructions, namespace prefixes of any name. The
// tree's names, attribute values and text point into one string copy of
// the part, and its nodes come from a few slabs, not one allocation each.
//
// Whatever the scanner does not take on itself — CDATA, a DOCTYPE,
// non-ASCII names, and every malformed input — is parsed again by
// encoding/xml (parseTreeLimits), so the answer, tree or error, is always
// encoding/xml's; FuzzScanTree checks that the two agree. Inputs over the
// element or depth limit are refused by the scanner itself: up to that
// point it read what encoding/xml would have read.
func scanTree(data []byte, lim Limits) (*xnode, error) {
	s := scanner{src: string(data), lim: lim}
	root, err := s.parse()
	if err == errBail {
		return parseTreeLimits(data, lim)
	}
	return root, err
}

// errBail: the scanner leaves this input to encoding/xml.
var errBail = &xml.SyntaxError{Msg: "left to encoding/xml"}

const xmlURL = "http://www.w3.org/XML/1998/namespace"

// frame is an open element.
type frame struct {
	n        *xnode
	prefix   string // as written, for matching the end tag
	kids     int    // start of its children in scanner.kids
	nsUndo   int    // start of its namespace bindings in scanner.undo
	chunks   int    // character data chunks kept
	single   string // the only chunk, when it needed no decoding
	buf      []byte // the chunks, when more than one or decoded
	hasBytes bool
}

// nsUndo restores a namespace binding when its element ends.
type nsUndo struct {
	prefix, url string
	had         bool
}

type scanner struct {
	src   string
	lim   Limits
	stack []frame
	kids  []*xnode // children of the open elements, in order
	ns    map[string]string
	undo  []nsUndo
	// the last prefix looked up: nearly every element is w:
	lastPrefix, lastURL string
	lastOK, cached      bool
	// the last namespace and its key
	lastSpace, lastNS string

	nodes   []xnode // slabs
	attrs   []xml.Attr
	kidSlab []*xnode
	scratch []byte
}

func (s *scanner) node() *xnode {
	if len(s.nodes) == 0 {
		s.nodes = make([]xnode, 256)
	}
	n := &s.nodes[0]
	s.nodes = s.nodes[1:]
	return n
}

func (s *scanner) parse() (*xnode, error) {
	src := s.src
	var root *xnode
	elements := 0
	i := 0
	for i < len(src) {
		if src[i] != '<' {
			j := strings.IndexByte(src[i:], '<')
			if j < 0 {
				j = len(src)
			} else {
				j += i
			}
			if err := s.charData(src[i:j]); err != nil {
				return nil, err
			}
			i = j
			continue
		}
		if i+1 >= len(src) {
			return nil, errBail
		}
		switch src[i+1] {
		case '/':
			end, err := s.endTag(i + 2)
			if err != nil {
				return nil, err
			}
			i = end
		case '?':
			end, err := s.procInst(i + 2)
			if err != nil {
				return nil, err
			}
			i = end
		case '!':
			// Comments only; CDATA and directives are left to encoding/xml.
			if !strings.HasPrefix(src[i:], "<!--") {
				return nil, errBail
			}
			k := strings.Index(src[i+4:], "--")
			if k < 0 || i+4+k+2 >= len(src) || src[i+4+k+2] != '>' {
				return nil, errBail
			}
			i = i + 4 + k + 3
		default:
			mark := len(s.undo)
			n, prefix, empty, end, err := s.startTag(i + 1)
			if err != nil {
				return nil, err
			}
			elements++
			if elements > s.lim.Elements {
				return nil, ErrTooMany
			}
			if len(s.stack) >= s.lim.Depth {
				return nil, ErrTooDeep
			}
			if len(s.stack) > 0 {
				s.kids = append(s.kids, n)
			} else if root == nil {
				root = n
			}
			// A frame's buffer is reused by the next element at its depth.
			if len(s.stack) < cap(s.stack) {
				s.stack = s.stack[:len(s.stack)+1]
			} else {
				s.stack = append(s.stack, frame{})
			}
			f := &s.stack[len(s.stack)-1]
			*f = frame{n: n, prefix: prefix, kids: len(s.kids), nsUndo: mark, buf: f.buf[:0]}
			if empty {
				s.closeTop()
			}
			i = end
		}
	}
	if len(s.stack) > 0 || root == nil {
		return nil, errBail
	}
	return root, nil
}

// closeTop ends the innermost open element: its children and text are
// fixed, its namespace bindings undone.
func (s *scanner) closeTop() {
	f := &s.stack[len(s.stack)-1]
	n := f.n
	if k := len(s.kids) - f.kids; k > 0 {
		if len(s.kidSlab) < k {
			s.kidSlab = make([]*xnode, max(1024, k))
		}
		n.kids = s.kidSlab[:k:k]
		s.kidSlab = s.kidSlab[k:]
		copy(n.kids, s.kids[f.kids:])
		clear(s.kids[f.kids:])
		s.kids = s.kids[:f.kids]
	}
	switch {
	case f.chunks == 1 && !f.hasBytes:
		n.data = f.single
	case f.chunks > 0:
		n.data = string(f.buf)
	}
	for len(s.undo) > f.nsUndo {
		u := s.undo[len(s.undo)-1]
		s.undo = s.undo[:len(s.undo)-1]
		if u.had {
			s.ns[u.prefix] = u.url
		} else {
			delete(s.ns, u.prefix)
		}
		s.cached = false
	}
	f.n, f.single = nil, ""
	s.stack = s.stack[:len(s.stack)-1]
}

// charData takes the text between two tags. The text of a frame is kept
// as the tree keeps it: whitespace between elements dropped, the text
// elements' kept.
func (s *scanner) charData(raw string) error {
	text, decoded, err := s.decode(raw, 0)
	if err != nil {
		return err
	}
	if len(s.stack) == 0 {
		return nil
	}
	f := &s.stack[len(s.stack)-1]
	if !keepSpace[f.n.local] {
		var blank bool
		if decoded {
			blank = len(bytes.TrimSpace(s.scratch)) == 0
		} else {
			blank = len(strings.TrimSpace(text)) == 0
		}
		if blank {
			return nil
		}
	}
	switch {
	case f.chunks == 0 && !decoded:
		f.single = text
	case f.chunks == 1 && !f.hasBytes:
		f.buf = append(f.buf[:0], f.single...)
		f.hasBytes = true
		fallthrough
	default:
		if decoded {
			f.buf = append(f.buf, s.scratch...)
		} else {
			f.buf = append(f.buf, text...)
		}
		f.hasBytes = true
	}
	f.chunks++
	return nil
}

// decode checks character data (quote 0) or an attribute value (its
// quote) as encoding/xml does. Text that needs no change is returned as
// it is; otherwise the decoded bytes are in s.scratch and decoded is true.
func (s *scanner) decode(raw string, quote byte) (text string, decoded bool, err error) {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&' || c == '\r':
				return s.decodeSlow(raw, quote)
			case c == ']' && quote == 0 && strings.HasPrefix(raw[i:], "]]>"):
				return "", false, errBail
			case c == '<' && quote != 0:
				return "", false, errBail
			case c < 0x20 && c != '\t' && c != '\n':
				return "", false, errBail
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(raw[i:])
		if r == utf8.RuneError && size == 1 || !inCharRange(r) {
			return "", false, errBail
		}
		i += size
	}
	return raw, false, nil
}

// decodeSlow expands entities and turns \r\n and \r into \n.
func (s *scanner) decodeSlow(raw string, quote byte) (string, bool, error) {
	b := s.scratch[:0]
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&':
			j := strings.IndexByte(raw[i:], ';')
			if j < 0 {
				return "", false, errBail
			}
			ent := raw[i+1 : i+j]
			i += j + 1
			switch ent {
			case "lt":
				b = append(b, '<')
			case "gt":
				b = append(b, '>')
			case "amp":
				b = append(b, '&')
			case "apos":
				b = append(b, '\'')
			case "quot":
				b = append(b, '"')
			default:
				r, ok := charRef(ent)
				if !ok {
					return "", false, errBail
				}
				b = utf8.AppendRune(b, r)
			}
			continue
		case c == '\r':
			b = append(b, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case c == ']' && quote == 0 && strings.HasPrefix(raw[i:], "]]>"):
			return "", false, errBail
		case c == '<' && quote != 0:
			return "", false, errBail
		default:
			b = append(b, c)
		}
		i++
	}
	s.scratch = b
	// What entities and line ends made is checked as encoding/xml checks
	// it: valid UTF-8 of characters XML allows.
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return "", false, errBail
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || !inCharRange(r) {
			return "", false, errBail
		}
		i += size
	}
	return "", true, nil
}

// charRef reads "#NNN" or "#xHHH" (lower-case x, as encoding/xml).
func charRef(ent string) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	digits, base := ent[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if digits == "" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(digits, base, 64)
	if err != nil || n > unicode.MaxRune {
		return 0, false
	}
	return rune(n), true
}

func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// name reads an ASCII name at i: its prefix and local part as
// encoding/xml splits them, and where it ends.
func (s *scanner) name(i int) (prefix, local string, end int, err error) {
	src := s.src
	j := i
	colons, colon := 0, 0
	for j < len(src) && isNameByte(src[j]) {
		if src[j] == ':' {
			colons++
			colon = j
		}
		j++
	}
	if j == i || j < len(src) && src[j] >= utf8.RuneSelf || colons > 1 {
		return "", "", 0, errBail
	}
	if c := src[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':') {
		return "", "", 0, errBail
	}
	if colons == 0 || colon == i || colon == j-1 {
		return "", src[i:j], j, nil
	}
	return src[i:colon], src[colon+1 : j], j, nil
}

func (s *scanner) space(i int) int {
	for i < len(s.src) {
		switch s.src[i] {
		case ' ', '\r', '\n', '\t':
			i++
		default:
			return i
		}
	}
	return i
}

// startTag reads an element's start tag from its name at i.
func (s *scanner) startTag(i int) (n *xnode, prefix string, empty bool, end int, err error) {
	src := s.src
	prefix, local, i, err := s.name(i)
	if err != nil {
		return nil, "", false, 0, err
	}
	n = s.node()
	n.local = local
	first := len(s.attrs)
	for {
		i = s.space(i)
		if i >= len(src) {
			return nil, "", false, 0, errBail
		}
		if src[i] == '/' {
			if i+1 >= len(src) || src[i+1] != '>' {
				return nil, "", false, 0, errBail
			}
			empty, i = true, i+2
			break
		}
		if src[i] == '>' {
			i++
			break
		}
		var a xml.Attr
		if a.Name.Space, a.Name.Local, i, err = s.name(i); err != nil {
			return nil, "", false, 0, err
		}
		i = s.space(i)
		if i >= len(src) || src[i] != '=' {
			return nil, "", false, 0, errBail
		}
		i = s.space(i + 1)
		if i >= len(src) || src[i] != '"' && src[i] != '\'' {
			return nil, "", false, 0, errBail
		}
		q := src[i]
		j := strings.IndexByte(src[i+1:], q)
		if j < 0 {
			return nil, "", false, 0, errBail
		}
		v, decoded, err := s.decode(src[i+1:i+1+j], q)
		if err != nil {
			return nil, "", false, 0, err
		}
		if decoded {
			v = string(s.scratch)
		}
		a.Value = v
		i += j + 2
		if len(s.attrs) == cap(s.attrs) {
			// A new slab; this element's attributes so far move with it.
			na := make([]xml.Attr, len(s.attrs)-first, max(256, 2*(len(s.attrs)-first)))
			copy(na, s.attrs[first:])
			s.attrs, first = na, 0
		}
		s.attrs = append(s.attrs, a)
	}
	attrs := s.attrs[first:len(s.attrs):len(s.attrs)]
	// Bindings first: they apply to the element's own name and its
	// attributes' (encoding/xml's Token).
	for _, a := range attrs {
		if a.Name.Space == "xmlns" {
			s.bind(a.Name.Local, a.Value)
		}
		if a.Name.Space == "" && a.Name.Local == "xmlns" {
			s.bind("", a.Value)
		}
	}
	space := s.translate(prefix, local, true)
	for k := range attrs {
		attrs[k].Name.Space = s.translate(attrs[k].Name.Space, attrs[k].Name.Local, false)
	}
	if space != s.lastSpace || s.lastNS == "" {
		ns, ok := nsKeys[space]
		if !ok {
			ns = nsOther
		}
		s.lastSpace, s.lastNS = space, ns
	}
	n.ns = s.lastNS
	if len(attrs) > 0 {
		n.attrs = attrs
	}
	return n, prefix, empty, i, nil
}

func (s *scanner) bind(prefix, url string) {
	if s.ns == nil {
		s.ns = map[string]string{}
	}
	old, had := s.ns[prefix]
	s.undo = append(s.undo, nsUndo{prefix, old, had})
	s.ns[prefix] = url
	s.cached = false
}

// translate is encoding/xml's name space translation.
func (s *scanner) translate(space, local string, elem bool) string {
	switch {
	case space == "xmlns":
		return space
	case space == "" && !elem:
		return space
	case space == "xml":
		space = xmlURL
	case space == "" && local == "xmlns":
		return space
	}
	if !s.cached || s.lastPrefix != space {
		s.lastURL, s.lastOK = s.ns[space]
		s.lastPrefix, s.cached = space, true
	}
	if s.lastOK {
		return s.lastURL
	}
	if space == "" {
		return ""
	}
	return space
}

// endTag reads an end tag from its name at i and closes the element.
func (s *scanner) endTag(i int) (int, error) {
	prefix, local, i, err := s.name(i)
	if err != nil {
		return 0, err
	}
	i = s.space(i)
	if i >= len(s.src) || s.src[i] != '>' {
		return 0, errBail
	}
	if len(s.stack) == 0 {
		return 0, errBail
	}
	f := &s.stack[len(s.stack)-1]
	if f.n.local != local || f.prefix != prefix {
		return 0, errBail
	}
	s.closeTop()
	return i + 1, nil
}

// procInst skips a processing instruction from its target at i; the XML
// declaration is checked as encoding/xml checks it.
func (s *scanner) procInst(i int) (int, error) {
	prefix, local, i, err := s.name(i)
	if err != nil {
		return 0, err
	}
	target := local
	if prefix != "" {
		target = prefix + ":" + local
	}
	i = s.space(i)
	k := strings.Index(s.src[i:], "?>")
	if k < 0 {
		return 0, errBail
	}
	if target == "xml" {
		content := s.src[i : i+k]
		if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
			return 0, errBail
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return 0, errBail
		}
	}
	return i + k + 2, nil
}

// procInstParam is encoding/xml's procInst.
func procInstParam(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}
