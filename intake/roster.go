package intake

import (
	"fmt"

	"dbzx/config"
)

// Place is where a unit stands against the roster (config units): the
// roster unit it is, or belongs to (a branch under a 党总支), and whether
// it is written as the roster writes it. A unit on no roster entry has
// Of empty and Nearest the roster name it most resembles ("" when none
// is close).
type Place struct {
	Of      string `json:"of,omitempty"`
	Exact   bool   `json:"exact"`
	Nearest string `json:"nearest,omitempty"`
}

// OnRoster places unit on the roster. Names are compared as the ban
// compares them (orgKey: no spaces, no 党委/党总支/直属党支部/党支部
// ending), so that 铁道运输学院总支 is 铁道运输学院党总支 written
// differently, and 铁道运输学院第一教师党支部 a branch of it (the longest
// roster organisation that begins the unit's). An empty roster places
// every unit exactly (there is nothing to check against).
func OnRoster(roster []config.Unit, unit string) Place {
	if len(roster) == 0 {
		return Place{Of: unit, Exact: true}
	}
	n, k := normLabel(unit), orgKey(unit)
	best, bestLen := "", 0
	for _, r := range roster {
		if normLabel(r.Name) == n {
			return Place{Of: r.Name, Exact: true}
		}
		rk := orgKey(r.Name)
		if rk == "" || len(rk) > len(k) || k[:len(rk)] != rk {
			continue
		}
		if len(rk) > bestLen {
			best, bestLen = r.Name, len(rk)
		}
	}
	if best != "" {
		// The same organisation written differently is not exact; a
		// branch under it is (its own name is not on the roster).
		return Place{Of: best, Exact: len(k) > bestLen}
	}
	p := Place{}
	dist := -1
	kr := []rune(k)
	for _, r := range roster {
		rr := []rune(orgKey(r.Name))
		d := editDistance(kr, rr)
		// Close: at most half of the longer name differs.
		if d*2 > max(len(kr), len(rr)) {
			continue
		}
		if dist < 0 || d < dist {
			p.Nearest, dist = r.Name, d
		}
	}
	return p
}

// editDistance is the Levenshtein distance between two rune strings.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkRoster: a return from a unit not on the roster (config units), or
// written otherwise than the roster writes it, names the roster name it
// most resembles, so that the clerk (and the unit) can put it right.
func checkRoster(s *Subject) []Finding {
	p := OnRoster(s.Cfg.Units, s.Unit)
	if p.Exact {
		return nil
	}
	field := s.Form.Who().Unit
	switch {
	case p.Of != "":
		return []Finding{s.finding("", "", field, "「%s」为“%s”，与单位名单（配置 units）的写法不一致；应为“%s”？请按名单填写单位全称",
			s.label(field), s.Unit, p.Of)}
	case p.Nearest != "":
		return []Finding{s.finding("", "", field, "「%s」为“%s”，不在单位名单（配置 units）中；是否为“%s”？请核实单位名称",
			s.label(field), s.Unit, p.Nearest)}
	}
	return []Finding{s.finding("", "", field, "「%s」为“%s”，不在单位名单（配置 units）中，名单中也没有相近的单位；请核实单位名称，或在名单中增加该单位",
		s.label(field), s.Unit)}
}

// RosterMessage is what the clerk reads of a unit off the roster.
func RosterMessage(unit string, p Place) string {
	switch {
	case p.Exact:
		return ""
	case p.Of != "":
		return fmt.Sprintf("“%s”应为“%s”", unit, p.Of)
	case p.Nearest != "":
		return fmt.Sprintf("“%s”不在单位名单中（是否为“%s”？）", unit, p.Nearest)
	}
	return fmt.Sprintf("“%s”不在单位名单中", unit)
}
