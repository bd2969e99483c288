package intake

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"dbzx/config"
)

// Workspace is the clerk's folder: dbzx.yaml, the register dbzx.db, the
// archive of originals and the outputs.
type Workspace struct {
	Dir string
}

// Paths inside a workspace.
func (w Workspace) ConfigPath() string   { return filepath.Join(w.Dir, config.FileName) }
func (w Workspace) RegisterPath() string { return filepath.Join(w.Dir, "dbzx.db") }
func (w Workspace) ArchiveDir() string   { return filepath.Join(w.Dir, "archive") }
func (w Workspace) OutDir() string       { return filepath.Join(w.Dir, "out") }

// ErrNoWorkspace: the folder has not been set up with `dbzx init`.
var ErrNoWorkspace = errors.New("不是 dbzx 工作目录（缺少 dbzx.yaml）")

// Init creates a workspace in dir: the folder, dbzx.yaml with the default
// settings (kept if it exists), archive/, out/ and the register.
func Init(dir string) (Workspace, error) {
	w := Workspace{Dir: dir}
	for _, d := range []string{dir, w.ArchiveDir(), w.OutDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return w, fmt.Errorf("创建 %s：%w", d, err)
		}
	}
	if _, err := os.Stat(w.ConfigPath()); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(w.ConfigPath(), config.Defaults(), 0o644); err != nil {
			return w, fmt.Errorf("写入 %s：%w", w.ConfigPath(), err)
		}
	}
	r, err := OpenRegister(w)
	if err != nil {
		return w, err
	}
	return w, r.Close()
}

// Check reports whether dir is a workspace.
func (w Workspace) Check() error {
	if _, err := os.Stat(w.ConfigPath()); err != nil {
		return fmt.Errorf("%s %w：运行 dbzx init %s 创建工作目录", w.Dir, ErrNoWorkspace, w.Dir)
	}
	return nil
}
