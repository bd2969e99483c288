package render

import (
	"fmt"
	"strings"

	"dbzx/config"
)

// The errors of what render cannot lay out from the data it was given.
// Each is typed for the front ends to word (package wording); their own
// text is Go's kind.

// GlyphError: characters no font has. A certificate with □ for a name's
// character cannot be handed out, so on certificates this is an error.
type GlyphError struct{ Missing []Glyph }

// Glyph is one character no font has, and where it is (a certificate's
// number).
type Glyph struct {
	Where string
	Rune  rune
}

func (e *GlyphError) Error() string {
	var b strings.Builder
	b.WriteString("render: no font has")
	for _, g := range e.Missing {
		fmt.Fprintf(&b, " %U (%s)", g.Rune, g.Where)
	}
	return b.String()
}

// CertificateError: one certificate could not be laid out. Err is a
// *TooLongError, or the seal image's decoding error (Seal).
type CertificateError struct {
	Number string
	Seal   bool // the seal image (config seal_image) would not draw
	Err    error
}

func (e *CertificateError) Error() string {
	if e.Seal {
		return fmt.Sprintf("render: certificate %s: seal image: %v", e.Number, e.Err)
	}
	return fmt.Sprintf("render: certificate %s: %v", e.Number, e.Err)
}

func (e *CertificateError) Unwrap() error { return e.Err }

// TooLongError: the unit, name and text do not fit on a certificate even
// at the smallest body size.
type TooLongError struct {
	Runes   int     // the body text's length
	MinSize float64 // the smallest size tried, in points
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("certificate text of %d characters does not fit at %g pt", e.Runes, e.MinSize)
}

// ScheduleProblem is what is wrong with one unit of a schedule.
type ScheduleProblem string

// The problems ScheduleData's check finds.
const (
	NoUnit           ScheduleProblem = "no unit or name"
	NoStart          ScheduleProblem = "no start date"
	NoAcceptance     ScheduleProblem = "no acceptance month"
	AcceptanceBefore ScheduleProblem = "acceptance before the start"
	ListedTwice      ScheduleProblem = "listed twice"
)

// ScheduleError: a unit of the construction schedule that cannot be
// scheduled. Item counts from 1.
type ScheduleError struct {
	Item       int
	Unit, Name string
	Problem    ScheduleProblem
	Start      config.Date  // AcceptanceBefore
	Acceptance config.Month // AcceptanceBefore
}

func (e *ScheduleError) Error() string {
	return fmt.Sprintf("render: schedule item %d (%s %s): %s", e.Item, e.Unit, e.Name, e.Problem)
}
