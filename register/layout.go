package register

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"dbzx/internal/winpath"
)

// ConfigFile is the workspace's configuration file name.
const ConfigFile = "dbzx.yaml"

// Layout is a workspace folder: the configuration dbzx.yaml, the register
// dbzx.db, the archive of originals and the outputs.
type Layout struct {
	Dir string
}

// Paths inside a workspace.
func (l Layout) ConfigPath() string   { return filepath.Join(l.Dir, ConfigFile) }
func (l Layout) RegisterPath() string { return filepath.Join(l.Dir, "dbzx.db") }
func (l Layout) ArchiveDir() string   { return filepath.Join(l.Dir, "archive") }
func (l Layout) OutDir() string       { return filepath.Join(l.Dir, "out") }
func (l Layout) LockPath() string     { return filepath.Join(l.Dir, "dbzx.lock") }

// sqlitePath is RegisterPath as SQLite is given it. SQLite calls Windows
// itself, without the long-path handling of Go's os package, so in a deep
// folder (a department's share, Chinese folder names) it gets the
// extended-length form.
func (l Layout) sqlitePath() string {
	p := l.RegisterPath()
	if runtime.GOOS != "windows" {
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return winpath.Long(p)
}

// ErrNoWorkspace: the folder has not been set up as a workspace (no
// dbzx.yaml). Check wraps it in a *NoWorkspaceError naming the folder.
var ErrNoWorkspace = errors.New("register: not a workspace (no dbzx.yaml)")

// NoWorkspaceError says which folder is not a workspace.
type NoWorkspaceError struct{ Dir string }

func (e *NoWorkspaceError) Error() string { return e.Dir + ": " + ErrNoWorkspace.Error() }
func (e *NoWorkspaceError) Unwrap() error { return ErrNoWorkspace }

// Init creates a workspace in dir: the folder, dbzx.yaml with the given
// contents (kept if it exists), archive/, out/ and the register.
func Init(dir string, config []byte) (Layout, error) {
	l := Layout{Dir: dir}
	for _, d := range []string{dir, l.ArchiveDir(), l.OutDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return l, err
		}
	}
	if _, err := os.Stat(l.ConfigPath()); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(l.ConfigPath(), config, 0o644); err != nil {
			return l, err
		}
	}
	r, err := Open(l)
	if err != nil {
		return l, err
	}
	return l, r.Close()
}

// Check reports whether the folder is a workspace.
func (l Layout) Check() error {
	if _, err := os.Stat(l.ConfigPath()); err != nil {
		return &NoWorkspaceError{Dir: l.Dir}
	}
	return nil
}

// Archiver stores originals under archive/<first two hex>/<sha256><ext>,
// once: the same bytes always land on the same name, so parallel workers
// and re-runs need no coordination. Each is written to a temporary name
// and renamed, and flushed to disk only when Sync is called: an intake run
// archives hundreds of files, and waiting on one flush each cost as much
// as reading them (0.3 ms a file here, where a batch flushed together
// takes a few). The register must not record an original before Sync has
// returned.
type Archiver struct {
	l        Layout
	mu       sync.Mutex
	unsynced []string
}

// Archiver returns an archiver into the workspace's archive.
func (l Layout) Archiver() *Archiver { return &Archiver{l: l} }

// Put stores an original, not yet flushed, and returns its path relative
// to the archive, with forward slashes. Safe for concurrent use.
func (a *Archiver) Put(sha, name string, data []byte) (string, error) {
	rel, full, err := a.l.store(sha, name, data)
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	a.unsynced = append(a.unsynced, full)
	a.mu.Unlock()
	return rel, nil
}

// syncAtOnce is how many originals Sync flushes at once: the file system
// joins concurrent flushes into one journal commit (300 files: 62 ms one
// after another, 20 ms 32 at a time, measured here).
const syncAtOnce = 32

// Sync flushes to disk every original Put since the last Sync.
func (a *Archiver) Sync() error {
	a.mu.Lock()
	files := a.unsynced
	a.unsynced = nil
	a.mu.Unlock()
	errs := make([]error, len(files))
	slots := make(chan struct{}, syncAtOnce)
	var wg sync.WaitGroup
	for i, f := range files {
		slots <- struct{}{}
		wg.Go(func() {
			errs[i] = syncFile(f)
			<-slots
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// syncFile flushes a file to disk. Windows flushes only a file opened for
// writing; one that cannot be (made read-only) is flushed as it can be.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		f, err = os.Open(path)
	}
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// store writes an original to its place in the archive, unless it is
// there already: the path relative to the archive and the full path. One
// found there with other bytes (a run killed before it flushed) is
// written again.
func (l Layout) store(sha, name string, data []byte) (rel, full string, err error) {
	ext := archiveExt(name)
	if len(sha) < 2 {
		return "", "", fmt.Errorf("register: archive: bad hash %q", sha)
	}
	rel = filepath.Join(sha[:2], sha+ext)
	full = filepath.Join(l.ArchiveDir(), rel)
	if st, err := os.Stat(full); err == nil && st.Size() == int64(len(data)) {
		if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, data) {
			return filepath.ToSlash(rel), full, nil
		}
	}
	// The 256 folders are made once a process; one removed meanwhile is
	// made again.
	dir := filepath.Dir(full)
	if _, made := madeDirs.Load(dir); !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", "", err
		}
		madeDirs.Store(dir, true)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if errors.Is(err, os.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			tmp, err = os.CreateTemp(dir, ".tmp-*")
		}
	}
	if err != nil {
		return "", "", err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), full)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", "", err
	}
	return filepath.ToSlash(rel), full, nil
}

var madeDirs sync.Map // archive folders made by this process

// archiveExt is the extension an original is archived under: the sender's
// name's, lowercased, if it is a dot and 1–7 ASCII letters or digits, else
// none. Nothing else of a name from outside reaches the file system, so no
// character or ending Windows refuses (":", a trailing dot or space) can.
func archiveExt(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:] // either separator: the name comes from another system
	}
	ext := path.Ext(name)
	if len(ext) < 2 || len(ext) > 8 {
		return ""
	}
	for _, c := range ext[1:] {
		if !(('a' <= c|0x20 && c|0x20 <= 'z') || ('0' <= c && c <= '9')) {
			return ""
		}
	}
	return strings.ToLower(ext)
}

// ArchivePath is where an archived original (as Archive returned it) lies.
func (l Layout) ArchivePath(rel string) string {
	return filepath.Join(l.ArchiveDir(), filepath.FromSlash(rel))
}
