package render

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"dbzx/config"
	"dbzx/internal/winpath"
	"dbzx/templates"
)

// Output is one file a stage wrote.
type Output struct {
	Form string `json:"form"` // form id
	Code string `json:"code"` // 附件5
	Path string `json:"path"`
}

// WriteForm writes one blank form (.docx or .xlsx, by its format) to w.
func WriteForm(w io.Writer, form *templates.Form, cfg *config.Config) error {
	if form.Format == templates.FormatXlsx {
		return WriteXlsx(w, form, cfg)
	}
	return WriteDocx(w, form, cfg, nil)
}

// Forms writes the blank forms of a stage of set (the application's
// 附件5–9: templates.StageApply) into dir (created if missing) under their
// Chinese file names (附件5-标杆院部申报书.docx …). Each file is written
// to a temporary name and renamed, so an interrupted run never leaves a
// half-written form under the real name.
func Forms(set *templates.Set, stage string, cfg *config.Config, dir string) ([]Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &OutputError{Path: dir, Err: err}
	}
	var out []Output
	for _, f := range set.StageForms(stage) {
		var buf bytes.Buffer
		if err := WriteForm(&buf, f, cfg); err != nil {
			return out, fmt.Errorf("render: form %s: %w", f.ID, err)
		}
		path := filepath.Join(dir, winpath.SafeName(f.FileName()))
		if err := WriteFileAtomic(path, buf.Bytes()); err != nil {
			return out, err
		}
		out = append(out, Output{Form: f.ID, Code: f.Code, Path: path})
	}
	return out, nil
}

// OutputError: an output (a file dbzx writes, or its folder) could not be
// written. Err is the system's reason; the front end words both.
type OutputError struct {
	Path string
	Err  error
}

func (e *OutputError) Error() string { return "render: write " + e.Path + ": " + e.Err.Error() }
func (e *OutputError) Unwrap() error { return e.Err }

// WriteFileAtomic writes data to a temporary file beside path and renames
// it into place. Its errors are *OutputError.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".dbzx-*.tmp")
	if err != nil {
		return &OutputError{Path: path, Err: err}
	}
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Chmod(0o644) // CreateTemp makes files private; outputs are to be shared
	}
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return &OutputError{Path: path, Err: werr}
	}
	return nil
}
