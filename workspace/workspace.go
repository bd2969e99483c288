package workspace

import (
	"context"

	"dbzx/config"
	"dbzx/register"
	"dbzx/templates"
)

// Workspace is an open workspace: its folders, configuration, forms and
// register, with its write lock held until Close.
type Workspace struct {
	register.Layout
	Cfg   *config.Config
	Forms *templates.Set

	reg    *register.Register
	unlock func()
	// office is LibreOffice, found on first need (an office document
	// among the supporting material); stopOffice stops it on Close.
	office     *office
	stopOffice func()
	// hist is what the earlier rounds hold, read on first need.
	hist *history
}

// Init creates a workspace in dir (dbzx.yaml with the default settings,
// the register, archive/, out/), keeping what exists.
func Init(dir string) (register.Layout, error) {
	return register.Init(dir, config.Defaults())
}

// Load reads the configuration of the workspace folder dir (the defaults
// where it has no dbzx.yaml) and the forms: built-in plus the configured
// forms folder. For commands that need no register.
func Load(dir string) (*config.Config, *templates.Set, error) {
	cfg, err := config.Load(dir)
	if err != nil {
		return nil, nil, &ConfigError{err}
	}
	forms, err := templates.Load(cfg.FormsDir)
	if err != nil {
		return nil, nil, &ConfigError{err}
	}
	return cfg, forms, nil
}

// Open opens the workspace in dir: it checks that dir is one
// (*register.NoWorkspaceError), takes its write lock (*register.BusyError
// when another process holds it), opens its register and loads its
// configuration and forms (*ConfigError). Close releases all of it.
func Open(dir string) (*Workspace, error) {
	l := register.Layout{Dir: dir}
	if err := l.Check(); err != nil {
		return nil, err
	}
	unlock, err := register.Lock(l)
	if err != nil {
		return nil, err
	}
	w := &Workspace{Layout: l, unlock: unlock}
	if w.Cfg, w.Forms, err = Load(dir); err != nil {
		w.Close()
		return nil, err
	}
	if w.reg, err = register.Open(l); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.listProvincial(context.Background()); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// Close closes the register and releases the lock.
func (w *Workspace) Close() error {
	if w.stopOffice != nil {
		w.stopOffice()
		w.stopOffice = nil
	}
	var err error
	if w.reg != nil {
		err = w.reg.Close()
		w.reg = nil
	}
	if w.unlock != nil {
		w.unlock()
		w.unlock = nil
	}
	return err
}

// Register is the workspace's register, for tests and tools that inspect
// what was stored.
func (w *Workspace) Register() *register.Register { return w.reg }

// category returns a configured category or an *UnknownCategoryError.
func (w *Workspace) category(key string) (config.Category, error) {
	if c, ok := w.Cfg.Category(key); ok {
		return c, nil
	}
	e := &UnknownCategoryError{Key: key}
	for _, c := range w.Cfg.Categories {
		e.Known = append(e.Known, c.Key)
	}
	return config.Category{}, e
}
