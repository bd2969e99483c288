package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"dbzx/internal/convert"
	"dbzx/internal/testutil"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
)

// loPython is Debian's python with python3-uno; another python on PATH has
// no uno module.
const loPython = "/usr/bin/python3"

// loJobs is the input of testdata/lo_fill.py.
type loJobs struct {
	Soffice string  `json:"soffice"`
	Timeout int     `json:"timeout"` // seconds, for the script's own watchdog
	Jobs    []loJob `json:"jobs"`
}

type loJob struct {
	Name   string    `json:"name"`
	In     string    `json:"in"`
	Out    string    `json:"out"`
	Fields []loField `json:"fields"`
	Tables []loTable `json:"tables"`
}

// loField is one field as a person fills it: found by its label, typed
// into its content control ("control"), after the control left showing its
// prompt ("beside"), or into the cell after deleting the control ("cell").
type loField struct {
	Label   string `json:"label"`
	Type    string `json:"type"`
	Value   string `json:"value"`
	Checked bool   `json:"checked"`
	Mode    string `json:"mode"`
}

type loTable struct {
	Label   string     `json:"label"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
}

// loReport is what lo_fill.py prints.
type loReport struct {
	Startup float64 `json:"startup_seconds"`
	Total   float64 `json:"total_seconds"`
	Jobs    []struct {
		Name         string  `json:"name"`
		Control      int     `json:"control"`
		Beside       int     `json:"beside"`
		Cell         int     `json:"cell"`
		RowsInserted int     `json:"rows_inserted"`
		TableCells   int     `json:"table_cells"`
		Seconds      float64 `json:"seconds"`
	} `json:"jobs"`
}

// loAvailable returns soffice's path, or skips the test: in -short mode,
// and when LibreOffice or python3-uno is missing.
func loAvailable(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("LibreOffice round trip skipped in -short mode")
	}
	soffice := testutil.NeedTool(t, "soffice")
	if _, err := os.Stat(loPython); err != nil {
		t.Skipf("%s not found (python3-uno)", loPython)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, loPython, "-c", "import uno").CombinedOutput(); err != nil {
		t.Skipf("%s has no uno module (python3-uno): %v %s", loPython, err, out)
	}
	return soffice
}

// loPrepared returns a stand-in for soffice that runs it on a profile
// prepared by convert.PrepareProfile in place of the empty one lo_fill.py
// gives it, or soffice itself where no shell runs the stand-in. On an empty
// profile LibreOffice 7.4 runs its first-start graphics tests, ~3.5 s here;
// nothing else differs. The profile is removed with the test's directory.
func loPrepared(t *testing.T, soffice string) string {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil || runtime.GOOS == "windows" {
		return soffice
	}
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	if err := convert.PrepareProfile(profile, soffice); err != nil {
		t.Fatal(err)
	}
	profileURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(profile)}).String()
	script := "#!" + sh + `
for a do
	shift
	case $a in -env:UserInstallation=*) a=` + loQuote("-env:UserInstallation="+profileURL) + ` ;; esac
	set -- "$@" "$a"
done
exec ` + loQuote(soffice) + ` "$@"
`
	path := filepath.Join(dir, "soffice")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// loQuote quotes s for the shell.
func loQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// loJobFor turns a sample into what a person types: every non-table field by
// label in document order, and the table rows. Of the filled fields, one in
// four is typed after its control (beside) and one in four retyped over it
// (cell), the rest inside it; every other ticked box is a typed ☒ over the
// control, the rest ticked in the control.
func loJobFor(form *templates.Form, s *sample.Return, in, out string) loJob {
	job := loJob{Name: form.ID, In: in, Out: out}
	filled, ticked := 0, 0
	for _, f := range form.Fields() {
		if f.Type == templates.Table {
			var rows [][]string
			for _, row := range s.Values.Rows[f.ID] {
				var cells []string
				for _, c := range f.Columns {
					cells = append(cells, row[c.ID])
				}
				rows = append(rows, cells)
			}
			tb := loTable{Label: f.Label, Rows: rows}
			for _, c := range f.Columns {
				tb.Columns = append(tb.Columns, c.Label)
			}
			job.Tables = append(job.Tables, tb)
			continue
		}
		fd := loField{Label: f.Label, Type: string(f.Type), Value: s.Values.Text[f.ID],
			Checked: s.Values.Checked[f.ID], Mode: "control"}
		switch {
		case f.Type == templates.Checkbox && fd.Checked:
			if ticked%2 == 1 {
				fd.Mode = "cell"
			}
			ticked++
		case fd.Value != "":
			switch filled % 4 {
			case 1:
				fd.Mode = "beside"
			case 3:
				fd.Mode = "cell"
			}
			filled++
		}
		job.Fields = append(job.Fields, fd)
	}
	return job
}

// leaveBlank empties a field of a sample: its prompt must read as empty
// after LibreOffice's save.
func leaveBlank(s *sample.Return, id string) {
	delete(s.Values.Text, id)
	delete(s.Values.Dates, id)
	delete(s.Expect, id)
}

// growFirstTable repeats the rows of the form's first table field until it
// has two rows more than the blank form offers, so that the person must
// insert rows; the expected values grow with it.
func growFirstTable(form *templates.Form, s *sample.Return) {
	for _, f := range form.Fields() {
		if f.Type != templates.Table || len(s.Values.Rows[f.ID]) == 0 {
			continue
		}
		rows, exp := s.Values.Rows[f.ID], s.Tables[f.ID]
		n := len(rows)
		for i := 0; len(rows) < max(f.Rows, 1)+2; i++ {
			rows = append(rows, rows[i%n])
			exp = append(exp, exp[i%n])
		}
		s.Values.Rows[f.ID], s.Tables[f.ID] = rows, exp
		return
	}
}

// documentXML returns word/document.xml of a .docx.
func documentXML(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestLibreOfficeRoundTrip: our blank forms opened in LibreOffice, filled
// by label as a person would (testdata/lo_fill.py over UNO), saved as .docx
// by LibreOffice, and read back: every value exactly, found without tags
// (LibreOffice writes none). The four application forms and the eight stage
// forms (with their locked, prefilled fields) go through one soffice
// session: about 20 s, so it runs with DBZX_LONG_TESTS=1 (.ci/run).
// DBZX_LO_KEEP=dir keeps the files for inspection.
func TestLibreOfficeRoundTrip(t *testing.T) {
	if os.Getenv("DBZX_LONG_TESTS") == "" {
		t.Skip("long LibreOffice test: runs with DBZX_LONG_TESTS=1 (.ci/run sets it)")
	}
	soffice := loAvailable(t)
	forms, cfg, x := testEnv(t)
	dir := t.TempDir()
	if keep := os.Getenv("DBZX_LO_KEEP"); keep != "" {
		var err error
		if dir, err = filepath.Abs(keep); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	script, err := filepath.Abs(filepath.Join("testdata", "lo_fill.py"))
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"benchmark_college", "model_branch", "double_leader_studio", "innovation_project"}
	for _, stage := range []string{templates.StageMidterm, templates.StageFinal} {
		for _, f := range forms.StageForms(stage) {
			ids = append(ids, f.ID)
		}
	}
	jobs := loJobs{Soffice: loPrepared(t, soffice), Timeout: 100}
	want := map[string]*sample.Return{}
	for i, id := range ids {
		form, ok := forms.Find(id)
		if !ok {
			t.Fatalf("no form %s", id)
		}
		var buf bytes.Buffer
		if err := render.WriteDocx(&buf, form, cfg, nil); err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(dir, id+"-blank.docx")
		if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		s := sample.New(forms, cfg, uint64(20+i)).Return(form, i+1)
		growFirstTable(form, s)
		leaveBlank(s, "org_opinion")
		want[id] = s
		jobs.Jobs = append(jobs.Jobs, loJobFor(form, s, in, filepath.Join(dir, id+"-libreoffice.docx")))
	}
	spec, err := json.MarshalIndent(jobs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dir, "jobs.json")
	if err := os.WriteFile(specPath, spec, 0o644); err != nil {
		t.Fatal(err)
	}

	// The script terminates soffice itself on SIGTERM and on its own
	// timeout (100 s); the context's kill is the last resort.
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, loPython, script, specPath)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 15 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("lo_fill.py timed out after %v: %s", time.Since(start), stderr.String())
	}
	if err != nil {
		t.Fatalf("lo_fill.py: %v\nstderr:\n%s\nstdout:\n%s", err, stderr.String(), stdout.String())
	}
	var rep loReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("lo_fill.py report: %v\n%s", err, stdout.String())
	}
	t.Logf("LibreOffice: started in %.1f s, filled and saved %d forms in %.1f s in all (%v wall)",
		rep.Startup, len(rep.Jobs), rep.Total, time.Since(start).Round(100*time.Millisecond))
	inControl, beside, retyped, inserted := 0, 0, 0, 0
	for _, j := range rep.Jobs {
		t.Logf("  %s: %d fields typed in their control, %d after it, %d retyped over it; %d table cells, %d rows inserted; %.1f s",
			j.Name, j.Control, j.Beside, j.Cell, j.TableCells, j.RowsInserted, j.Seconds)
		inControl += j.Control
		beside += j.Beside
		retyped += j.Cell
		inserted += j.RowsInserted
	}
	if inControl == 0 || beside == 0 || retyped == 0 || inserted == 0 {
		t.Errorf("paths not all exercised: %d in control, %d after it, %d retyped, %d rows inserted",
			inControl, beside, retyped, inserted)
	}

	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			s := want[id]
			path := filepath.Join(dir, id+"-libreoffice.docx")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc := documentXML(t, data)
			if strings.Contains(doc, "<w:tag ") {
				t.Errorf("LibreOffice kept a w:tag: the label path was not what read this file")
			}
			// The values typed inside controls must still be in controls, or
			// that path was not exercised.
			if strings.Count(doc, "<w:sdt>") == 0 || !strings.Contains(doc, "<w14:checkbox>") {
				t.Errorf("LibreOffice wrote no content controls (%d w:sdt)", strings.Count(doc, "<w:sdt>"))
			}
			got, err := x.Extract(bytes.NewReader(data), int64(len(data)), s.File)
			if err != nil {
				t.Fatal(err)
			}
			if got.RecognisedBy != ByProperty {
				t.Errorf("recognised by %s, want property (LibreOffice keeps custom properties)", got.RecognisedBy)
			}
			compareReturn(t, s, got, "")
			for _, v := range got.Values {
				if v.Source == SourceTag {
					t.Errorf("field %s found by tag", v.Field)
				}
			}
			for _, tv := range got.Tables {
				if tv.Source == SourceTag {
					t.Errorf("table %s found by tag", tv.Field)
				}
			}
		})
	}
}
