package workspace

import (
	"path/filepath"
	"slices"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
)

// Each round of the programme is a workspace of its own, and a ban
// (“取消其2年内申报基层党建项目的资格”) outlives the round that imposed it.
// The configuration's history names earlier rounds' workspaces; their
// registers are read, never written, and what they recorded — construction
// objects, acceptance results — feeds this round's rules.

// MaxHistory bounds how many earlier rounds are read, following each
// one's own history: a chain longer than a programme ever runs is a loop
// of folders.
const MaxHistory = 20

// HistoryRound is an earlier round as read from its workspace.
type HistoryRound struct {
	Dir     string `json:"dir"`
	Round   int    `json:"round"`
	Objects int    `json:"objects"` // construction objects
	Passed  int    `json:"passed"`  // of them, passed acceptance
	Failed  int    `json:"failed"`  // failed acceptance: their units barred
}

// HistoryError: a workspace that history names could not be read. Err is
// a *register.NoWorkspaceError, register.ErrOldSchema, a *ConfigError or
// what the register said.
type HistoryError struct {
	Dir string
	Err error
}

func (e *HistoryError) Error() string { return "workspace: history " + e.Dir + ": " + e.Err.Error() }
func (e *HistoryError) Unwrap() error { return e.Err }

// history is what the earlier rounds hold, read once per open workspace.
type history struct {
	rounds  []HistoryRound
	objects []intake.Earlier
}

// History reads the earlier rounds the configuration names (and theirs,
// in turn), each once. A *HistoryError when one cannot be read.
func (w *Workspace) History() ([]HistoryRound, error) {
	h, err := w.readHistory()
	if err != nil {
		return nil, err
	}
	return h.rounds, nil
}

func (w *Workspace) readHistory() (*history, error) {
	if w.hist != nil {
		return w.hist, nil
	}
	h := &history{}
	self, _ := filepath.Abs(w.Dir)
	seen := map[string]bool{filepath.Clean(self): true}
	if err := h.read(w.Dir, w.Cfg.History, seen, true); err != nil {
		return nil, err
	}
	w.hist = h
	return h, nil
}

// read reads the rounds dirs names (relative to base), then theirs. A
// round is named as the configuration writes it, one reached through
// another round by its absolute path.
func (h *history) read(base string, dirs []string, seen map[string]bool, top bool) error {
	for _, entry := range dirs {
		d := entry
		if !filepath.IsAbs(d) {
			d = filepath.Join(base, d)
		}
		abs, err := filepath.Abs(d)
		if !top {
			entry = abs
		}
		if err != nil {
			return &HistoryError{Dir: entry, Err: err}
		}
		if seen[abs] || len(seen) > MaxHistory {
			continue
		}
		seen[abs] = true
		e, err := openEarlier(abs)
		if err != nil {
			return &HistoryError{Dir: entry, Err: err}
		}
		sel, err := e.Selected()
		next := e.Cfg.History
		round := e.Cfg.Round
		e.reg.Close()
		if err != nil {
			return &HistoryError{Dir: entry, Err: err}
		}
		r := HistoryRound{Dir: entry, Round: round, Objects: len(sel)}
		for _, s := range sel {
			h.objects = append(h.objects, intake.Earlier{Round: round, Category: s.Category, Unit: s.Unit, Name: s.Name,
				Passed: s.Accepted, Date: s.AcceptDate})
			if s.Accepted != nil && *s.Accepted {
				r.Passed++
			} else if s.Accepted != nil {
				r.Failed++
			}
		}
		h.rounds = append(h.rounds, r)
		if err := h.read(abs, next, seen, false); err != nil {
			return err
		}
	}
	return nil
}

// openEarlier opens an earlier round's workspace for reading: no lock,
// its register read-only (OpenRead, once dir is known to be a workspace).
func openEarlier(dir string) (*Workspace, error) {
	l := register.Layout{Dir: dir}
	cfg, forms, err := Load(dir)
	if err != nil {
		return nil, err
	}
	reg, err := register.OpenReadOnly(l)
	if err != nil {
		return nil, err
	}
	return &Workspace{Layout: l, Cfg: cfg, Forms: forms, reg: reg}, nil
}

// ruleConfig is what the rules read: the configuration with every failed
// acceptance added to its failed_acceptance list — those this register
// recorded and those of the earlier rounds, which bar their units as the
// list does — and the earlier rounds' construction objects.
func (w *Workspace) ruleConfig() (*config.Config, []intake.Earlier, error) {
	h, err := w.readHistory()
	if err != nil {
		return nil, nil, err
	}
	failed, err := w.reg.FailedAcceptances()
	if err != nil {
		return nil, nil, err
	}
	for _, e := range h.objects {
		if e.Passed != nil && !*e.Passed {
			failed = append(failed, register.Failed{Category: e.Category, Unit: e.Unit, Name: e.Name, Date: e.Date})
		}
	}
	if len(failed) == 0 {
		return w.Cfg, h.objects, nil
	}
	c := *w.Cfg
	c.FailedAcceptance = append([]config.Listed(nil), w.Cfg.FailedAcceptance...)
	for _, f := range failed {
		d, err := intake.ParseDate(f.Date)
		if err != nil {
			continue
		}
		c.FailedAcceptance = append(c.FailedAcceptance, config.Listed{Category: f.Category, Unit: f.Unit, Name: f.Name,
			Month: config.Month{Year: d.Year, Month: time.Month(d.Month)}})
	}
	return &c, h.objects, nil
}

// AddHistory names earlier rounds' workspaces in the history of the
// workspace in dir (by paths relative to it), after checking that each
// reads: `dbzx init --from ../2022`. A *HistoryError when one does not.
func AddHistory(dir string, earlier ...string) error {
	cfg, _, err := Load(dir)
	if err != nil {
		return err
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	hist := cfg.History
	for _, e := range earlier {
		abs, err := filepath.Abs(e)
		if err != nil {
			return &HistoryError{Dir: e, Err: err}
		}
		ew, err := openEarlier(abs)
		if err != nil {
			return &HistoryError{Dir: e, Err: err}
		}
		ew.reg.Close()
		rel, err := filepath.Rel(absDir, abs)
		if err != nil {
			rel = abs
		}
		rel = filepath.ToSlash(rel)
		if !slices.Contains(hist, rel) {
			hist = append(hist, rel)
		}
	}
	return config.SetKey(register.Layout{Dir: dir}.ConfigPath(), "history", hist)
}
