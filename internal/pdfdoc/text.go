package pdfdoc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// 禁则 (line-breaking rules of Chinese typesetting).
const (
	// noStart may not begin a line.
	noStart = "，。、；：？！）》”’」』】〕〗〉…—·%‰℃,.;:?!)]}>"
	// noEnd may not end a line.
	noEnd = "（《“‘「『【〔〖〈([{<"
)

// replacement is drawn for a rune no face has (and reported).
const replacement = '□'

// token is an unbreakable piece of a line: one CJK character, or a Latin
// word or number, or a space.
type token struct {
	text  string
	width float64 // at the style's size
	space bool
	hard  bool // a line feed
}

// glyph is a run of text in one font.
type glyph struct {
	font  string
	text  string
	width float64
}

// line is a laid-out line: runs by font, and its natural width.
type line struct {
	runs  []glyph
	width float64
	runes int
	last  bool // last line of its paragraph (not justified)
}

func isWordRune(r rune) bool {
	return r < 0x2E80 && !unicode.IsSpace(r) && !strings.ContainsRune(noEnd+"（《“‘「『【", r) &&
		(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-/@#&+%'’:,", r))
}

// tokens splits text into tokens measured in style st.
func (d *Doc) tokens(text string, st Style) []token {
	var out []token
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			out = append(out, token{hard: true})
			i += n
		case r == ' ' || r == '\t' || r == '\u00a0':
			out = append(out, token{text: " ", width: d.runeWidth(' ', st), space: true})
			i += n
		case isWordRune(r) && r < 0x80:
			j := i
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !isWordRune(r2) {
					break
				}
				j += n2
			}
			w := text[i:j]
			out = append(out, token{text: w, width: d.textWidth(w, st)})
			i = j
		default:
			out = append(out, token{text: string(r), width: d.runeWidth(r, st)})
			i += n
		}
	}
	return out
}

// breakLines breaks text into lines no wider than width, keeping 禁则:
// a line never starts with a noStart character nor ends with a noEnd one
// (the character before is carried over instead), and a word wider than
// the line is cut between characters.
func (d *Doc) breakLines(text string, st Style, width, firstIndent float64) []line {
	var lines []line
	toks := d.tokens(text, st)
	var cur []token
	curW := 0.0
	avail := width - firstIndent
	flush := func(last bool) {
		for len(cur) > 0 && cur[len(cur)-1].space {
			curW -= cur[len(cur)-1].width
			cur = cur[:len(cur)-1]
		}
		lines = append(lines, d.makeLine(cur, st, last))
		cur, curW = nil, 0
		avail = width
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.hard {
			flush(true)
			continue
		}
		if t.space && len(cur) == 0 && len(lines) > 0 {
			continue // no space at a line start
		}
		if curW+t.width <= avail+0.01 || (t.space) {
			cur = append(cur, t)
			curW += t.width
			continue
		}
		if len(cur) == 0 {
			// A word wider than the line: cut it between characters.
			for _, r := range t.text {
				rw := d.runeWidth(r, st)
				if curW+rw > avail && len(cur) > 0 {
					flush(false)
				}
				cur = append(cur, token{text: string(r), width: rw})
				curW += rw
			}
			continue
		}
		// Break before t. Carry characters over so that the new line does
		// not start with a noStart and this one does not end with a noEnd.
		var carry []token
		next := t
		for len(cur) > 1 && (startsBad(next) || endsBad(cur[len(cur)-1])) {
			last := cur[len(cur)-1]
			cur = cur[:len(cur)-1]
			curW -= last.width
			carry = append([]token{last}, carry...)
			next = last
		}
		if startsBad(t) && (startsBad(next) || endsBad(cur[len(cur)-1])) {
			// No break keeps the rules (one word on the line, then
			// punctuation): hang the punctuation past the line's end
			// (行末悬挂) rather than begin the next line with it.
			for _, c := range carry {
				cur = append(cur, c)
				curW += c.width
			}
			cur = append(cur, t)
			curW += t.width
			continue
		}
		flush(false)
		for _, c := range carry {
			cur = append(cur, c)
			curW += c.width
		}
		i-- // place t on the new line
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush(true)
	} else if len(lines) > 0 {
		lines[len(lines)-1].last = true
	}
	return lines
}

func startsBad(t token) bool {
	r, _ := utf8.DecodeRuneInString(t.text)
	return !t.space && strings.ContainsRune(noStart, r)
}

func endsBad(t token) bool {
	r, _ := utf8.DecodeLastRuneInString(t.text)
	return !t.space && strings.ContainsRune(noEnd, r)
}

// makeLine groups a line's tokens into runs by the font that has each
// character.
func (d *Doc) makeLine(toks []token, st Style, last bool) line {
	ln := line{last: last}
	for _, t := range toks {
		for _, r := range t.text {
			f := d.fontFor(r, st.Font)
			w := d.runeWidth(r, st)
			s := string(r)
			if f == "" {
				f, s = st.Font, string(replacement)
			}
			if n := len(ln.runs); n > 0 && ln.runs[n-1].font == f {
				ln.runs[n-1].text += s
				ln.runs[n-1].width += w
			} else {
				ln.runs = append(ln.runs, glyph{font: f, text: s, width: w})
			}
			ln.width += w
			ln.runes++
		}
	}
	return ln
}

// layoutLine makes one line of text without breaking it.
func (d *Doc) layoutLine(text string, st Style) line {
	return d.makeLine(d.tokens(strings.ReplaceAll(text, "\n", " "), st), st, true)
}

// fontFor is the first face, from the style's font along the fallback
// chain, that has r; "" when none has it.
func (d *Doc) fontFor(r rune, font string) string {
	if r == ' ' || r == '\t' {
		return font
	}
	if d.hasGlyph(font, r) {
		return font
	}
	for _, f := range d.opt.Fallback {
		if f != font && d.hasGlyph(f, r) {
			return f
		}
	}
	key := d.where + "\x00" + string(r)
	if !d.missing[key] {
		d.missing[key] = true
		if d.dry && d.opt.Missing != nil {
			d.opt.Missing(r, d.where)
		}
	}
	return ""
}

func (d *Doc) hasGlyph(font string, r rune) bool {
	k := runeKey{font, r}
	if v, ok := d.has[k]; ok {
		return v
	}
	ok := false
	if err := d.setFont(font, 10); err == nil {
		ok, _ = d.pdf.IsCurrFontContainGlyph(r)
	}
	d.has[k] = ok
	return ok
}

// runeWidth is r's advance in style st, in the face that will draw it.
func (d *Doc) runeWidth(r rune, st Style) float64 {
	f := d.fontFor(r, st.Font)
	if f == "" {
		f, r = st.Font, replacement
	}
	k := runeKey{f, r}
	w, ok := d.widths[k]
	if !ok {
		// gopdf's measure adds the current character spacing, which a
		// justified line may have set: measure without it.
		if d.spacingSet != 0 {
			d.pdf.SetCharSpacing(0)
			d.spacingSet = 0
		}
		if err := d.setFont(f, 100); err == nil {
			if mw, err := d.pdf.MeasureTextWidth(string(r)); err == nil {
				w = mw / 100
			}
		}
		d.widths[k] = w
	}
	return w * st.Size
}

func (d *Doc) textWidth(s string, st Style) float64 {
	w := 0.0
	for _, r := range s {
		w += d.runeWidth(r, st)
	}
	return w
}

// TextWidth is the width of s set in st.
func (d *Doc) TextWidth(s string, st Style) float64 { return d.textWidth(s, st) }

func (d *Doc) setFont(family string, size float64) error {
	if family == d.fontSet && size == d.sizeSet {
		return nil
	}
	if err := d.pdf.SetFont(family, "", size); err != nil {
		return err
	}
	d.fontSet, d.sizeSet = family, size
	return nil
}

// drawLine draws ln with its box's top-left at (x, top), aligned within
// width. Justified lines spread the slack over the gaps between
// characters (not on a paragraph's last line).
func (d *Doc) drawLine(ln line, x, top, width float64, st Style, align int, justify bool) {
	if d.dry || len(ln.runs) == 0 {
		return
	}
	slack := width - ln.width
	spacing := 0.0
	switch {
	case align == Center:
		x += slack / 2
	case align == Right:
		x += slack
	case align == Justify && justify && !ln.last && ln.runes > 1 && slack > 0 && slack < st.Size*4:
		spacing = slack / float64(ln.runes-1)
	}
	baseline := top + (st.lineHeight()-st.Size)/2 + st.Size*0.88
	// gopdf draws text in the fill colour until a text colour is set: set
	// it on each page's first line and after every fill.
	if !d.colorKnown || st.Color != d.colorSet {
		d.pdf.SetTextColor(st.Color[0], st.Color[1], st.Color[2])
		d.colorSet, d.colorKnown = st.Color, true
	}
	if spacing != d.spacingSet {
		d.pdf.SetCharSpacing(spacing)
		d.spacingSet = spacing
	}
	for _, g := range ln.runs {
		if err := d.setFont(g.font, st.Size); err == nil {
			d.pdf.SetXY(x, baseline)
			d.pdf.Text(g.text)
		}
		x += g.width + spacing*float64(utf8.RuneCountInString(g.text))
	}
}

// Paragraph sets text as a flowing paragraph across pages.
func (d *Doc) Paragraph(text string, st Style) {
	if d.page == 0 {
		d.NewPage()
	}
	indent := st.Indent * st.Size
	lh := st.lineHeight()
	d.ensure(st.Before + lh)
	d.y += st.Before
	for i, ln := range d.breakLines(text, st, d.Width(), indent) {
		d.ensure(lh)
		x := d.opt.MarginLeft
		w := d.Width()
		if i == 0 {
			x += indent
			w -= indent
		}
		d.drawLine(ln, x, d.y, w, st, st.Align, st.Align == Justify)
		d.y += lh
	}
	d.y += st.After
}

// Heading sets a heading kept with the next keep points (so a heading
// never ends a page).
func (d *Doc) Heading(text string, st Style, keep float64) {
	lines := d.breakLines(text, st, d.Width(), 0)
	h := st.Before + float64(len(lines))*st.lineHeight()
	if d.page == 0 || d.y+h+keep > d.bottom() {
		d.NewPage()
	} else {
		d.y += st.Before
	}
	for _, ln := range lines {
		d.drawLine(ln, d.opt.MarginLeft, d.y, d.Width(), st, st.Align, false)
		d.y += st.lineHeight()
	}
	d.y += st.After
}

// TextAt draws one line of text at a position, without affecting the
// flow (covers, certificates).
func (d *Doc) TextAt(text string, x, top, width float64, st Style, align int) {
	d.drawLine(d.layoutLine(text, st), x, top, width, st, align, false)
}

// FitSize returns the largest size at most st.Size (and at least min) at
// which text fits on one line of width: long names on certificates.
func (d *Doc) FitSize(text string, st Style, width, min float64) float64 {
	base := d.textWidth(text, Style{Font: st.Font, Size: 1})
	if base == 0 || base*st.Size <= width {
		return st.Size
	}
	return max(min, width/base)
}

// Lines breaks text as a paragraph of width would be, for callers that
// place it themselves (TOC, certificates); it returns the lines' texts.
func (d *Doc) Lines(text string, st Style, width float64) []string {
	var out []string
	for _, ln := range d.breakLines(text, st, width, 0) {
		var b strings.Builder
		for _, g := range ln.runs {
			b.WriteString(g.text)
		}
		out = append(out, b.String())
	}
	return out
}
