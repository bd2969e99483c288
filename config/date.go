package config

import (
	"fmt"
	"time"
)

// Date is a calendar day (midnight UTC), written 2022-11-24.
type Date struct{ time.Time }

// ParseDate reads 2022-11-24.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		var y, m, d int
		if n, _ := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); n == 3 && len(s) == 10 {
			// The shape is right; the day is not on the calendar.
			return Date{}, &DateError{Value: s, Year: y, Mon: m, Day: d}
		}
		return Date{}, &DateError{Value: s}
	}
	return Date{t}, nil
}

// String is 2022-11-24, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// Chinese is 2022年11月24日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// MarshalYAML writes the date as 2022-11-24.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// MarshalText writes the date as 2022-11-24 (JSON).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Month is a calendar month, written 2023-11.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads 2023-11.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, &DateError{Value: s, Month: true}
	}
	return Month{t.Year(), t.Month()}, nil
}

// IsZero reports whether the month is unset.
func (m Month) IsZero() bool { return m.Year == 0 }

// String is 2023-11, or "" when unset.
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// Chinese is 2023年11月.
func (m Month) Chinese() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月", m.Year, int(m.Month))
}

// MarshalYAML writes the month as 2023-11.
func (m Month) MarshalYAML() (any, error) { return m.String(), nil }

// MarshalText writes the month as 2023-11 (JSON).
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// MarshalJSON writes the date as "2022-11-24"; without it the embedded
// time.Time's method would write a full timestamp.
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }
