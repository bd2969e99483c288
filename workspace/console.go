package workspace

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"dbzx/intake"
	"dbzx/register"
	"dbzx/render"
)

// What the web console reads besides the verbs: the workspace opened for
// reading while a command may be writing, a notice as a file, the fields
// of an application as read, the files in out/.

// OpenRead opens the workspace in dir for reading only: no lock (a
// command may be writing meanwhile; SQLite's WAL lets the reader see the
// last committed state), the register read-only. It loads the
// configuration and forms afresh, so a reader sees `dbzx config` changes.
// Verbs that write fail on it; use Open for them.
func OpenRead(dir string) (*Workspace, error) {
	if err := (register.Layout{Dir: dir}).Check(); err != nil {
		return nil, err
	}
	return openEarlier(dir)
}

// WriteNotice writes one notice (from Notices) as a letter to dst: .docx,
// or PDF when pdf is true. It does not close dst.
func (w *Workspace) WriteNotice(dst io.Writer, n *Notice, pdf bool) error {
	l := w.letterView(n)
	if !pdf {
		return render.WriteLetterDocx(dst, l)
	}
	faces, err := render.LoadFaces(w.Cfg)
	if err != nil {
		return err
	}
	_, err = render.WriteLettersPDF(dst, []*render.Letter{l}, faces)
	return err
}

// ApplicationReturn is the current version of the application id as it
// was read: every field's value, the tables, the file it came in. A
// *LookupError when there is no such application or it has no version.
func (w *Workspace) ApplicationReturn(id int64) (*intake.Return, *register.FileRecord, error) {
	data, file, err := w.reg.CurrentData(id)
	if err != nil || data == nil {
		return nil, nil, &LookupError{What: "application", Query: "#" + strconv.FormatInt(id, 10), Err: ErrNotFound}
	}
	ret, err := intake.DecodeReturn(data, w.Forms)
	if err != nil {
		return nil, nil, err
	}
	return ret, file, nil
}

// OutputFile is a file in the workspace's out/ folder.
type OutputFile struct {
	Path     string    `json:"path"` // relative to out/, with forward slashes
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified"`
}

// Outputs lists the regular files under out/ (symbolic links and hidden
// temporaries left out), newest first.
func (w *Workspace) Outputs() ([]OutputFile, error) {
	var out []OutputFile
	root := w.OutDir()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && os.IsNotExist(err) {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != root {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		out = append(out, OutputFile{Path: filepath.ToSlash(rel), Size: info.Size(), Modified: info.ModTime()})
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Modified.Equal(out[j].Modified) {
			return out[i].Modified.After(out[j].Modified)
		}
		return out[i].Path < out[j].Path
	})
	return out, err
}

// OutputPath returns where the output rel (a Path from Outputs) lies, or
// a *LookupError when Outputs does not list it: a name from outside never
// reaches the file system unchecked.
func (w *Workspace) OutputPath(rel string) (string, error) {
	outs, err := w.Outputs()
	if err != nil {
		return "", err
	}
	for _, o := range outs {
		if o.Path == rel {
			return filepath.Join(w.OutDir(), filepath.FromSlash(o.Path)), nil
		}
	}
	return "", &LookupError{What: "output", Query: rel, Err: ErrNotFound}
}
