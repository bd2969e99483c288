package intake

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dbzx/internal/testutil"
	"dbzx/sample"
)

// everyForm is every form a unit fills: the four applications and the
// later stages' two forms for each category.
var everyForm = []string{"benchmark_college", "model_branch", "double_leader_studio", "innovation_project",
	"midterm-benchmark_college", "midterm-model_branch", "midterm-double_leader_studio", "midterm-innovation_project",
	"final-benchmark_college", "final-model_branch", "final-double_leader_studio", "final-innovation_project"}

// reTextRun is the inside of a run holding one piece of text, as our
// writer makes them.
var reTextRun = regexp.MustCompile(`^((?:<w:rPr>.*</w:rPr>)?)<w:t(?: xml:space="preserve")?>([^<]+)</w:t>$`)

// reXMLChar is one character of XML text, an entity kept whole.
var reXMLChar = regexp.MustCompile(`&[^;]+;|(?s:.)`)

// wordSplitRuns splits every text run into runs of one or two characters
// as Word leaves them after editing: each with its revision ids, spelling
// marks between them, and the _GoBack bookmark in the first paragraph.
func wordSplitRuns(doc string) string {
	var b strings.Builder
	n := 0
	for {
		i := strings.Index(doc, "<w:r>")
		if i < 0 {
			b.WriteString(doc)
			break
		}
		j := strings.Index(doc[i:], "</w:r>")
		if j < 0 {
			b.WriteString(doc)
			break
		}
		inner := doc[i+len("<w:r>") : i+j]
		b.WriteString(doc[:i])
		doc = doc[i+j+len("</w:r>"):]
		m := reTextRun.FindStringSubmatch(inner)
		if m == nil {
			b.WriteString("<w:r>" + inner + "</w:r>")
			continue
		}
		chars := reXMLChar.FindAllString(m[2], -1)
		for k := 0; k < len(chars); k += 2 {
			n++
			if k == 2 {
				b.WriteString(`<w:proofErr w:type="spellStart"/>`)
			}
			fmt.Fprintf(&b, `<w:r w:rsidR="00%06X" w:rsidRPr="00%06X">%s<w:t xml:space="preserve">%s</w:t></w:r>`, n, n, m[1],
				strings.Join(chars[k:min(k+2, len(chars))], ""))
			if k == 2 {
				b.WriteString(`<w:proofErr w:type="spellEnd"/>`)
			}
		}
	}
	return strings.Replace(b.String(), "<w:body><w:p>", `<w:body><w:p><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>`, 1)
}

// TestWordSplitRuns: every form, its text split into runs of a character
// or two as Word saves an edited document, reads back field by field —
// by its content controls, and with the controls gone by its labels.
func TestWordSplitRuns(t *testing.T) {
	t.Parallel()
	for _, id := range everyForm {
		t.Run(id, func(t *testing.T) {
			s, data := rwForm(t, id, func(s *sample.Return) { rwType(s, "cover_phone", "138 1234 5678", "13812345678") })
			split := testutil.RewriteDocx(t, data, func(doc string) string {
				out := wordSplitRuns(doc)
				if out == doc || !strings.Contains(out, "spellStart") {
					t.Fatal("no run was split")
				}
				return out
			})
			compareReturn(t, s, rwExtract(t, split), SourceTag)
			bare := testutil.RewriteDocx(t, split, rwStripControls)
			compareReturn(t, s, rwExtract(t, bare), SourceLabel)
		})
	}
}

// pythonDocxScript opens a form with python-docx, types a value into the
// cell right of a label (as a script of the office's own would, replacing
// the cell's content control), and saves it: python-docx rewrites every
// part it loads with lxml (namespace declarations, attribute order).
const pythonDocxScript = `
import sys, docx
d = docx.Document(sys.argv[1])
label, value = sys.argv[3], sys.argv[4]
done = False
for table in d.tables:
    for row in table.rows:
        cells = row.cells
        for i, c in enumerate(cells[:-1]):
            if not done and c.text.strip() == label and cells[i+1]._tc is not c._tc:
                cells[i+1].text = value
                done = True
if not done:
    sys.exit("label not found: " + label)
d.save(sys.argv[2])
`

// TestPythonDocxSaved: every form, opened and saved by python-docx with
// one value typed over its control by label, reads back field by field.
func TestPythonDocxSaved(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: python-docx runs in the full suite")
	}
	py := "/usr/bin/python3"
	if out, err := exec.Command(py, "-c", "import docx").CombinedOutput(); err != nil {
		t.Skipf("python-docx not installed (python3-docx): %v %s", err, out)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "fill.py")
	if err := os.WriteFile(script, []byte(pythonDocxScript), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, id := range everyForm {
		t.Run(id, func(t *testing.T) {
			s, data := rwForm(t, id, nil)
			in, out := filepath.Join(dir, id+".docx"), filepath.Join(dir, id+"-saved.docx")
			if err := os.WriteFile(in, data, 0o644); err != nil {
				t.Fatal(err)
			}
			rwType(s, "cover_phone", "0371-6666 8888", "0371-66668888")
			if b, err := exec.Command(py, script, in, out, coverPhoneLabel(t, id), "0371-6666 8888").CombinedOutput(); err != nil {
				t.Fatalf("python-docx: %v\n%s", err, b)
			}
			saved, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			got := rwExtract(t, saved)
			compareReturn(t, s, got, "")
			if v := got.Value("cover_phone"); v == nil || v.Source != SourceLabel {
				t.Errorf("the typed-over phone was not read by its label: %+v", v)
			}
		})
	}
}

// coverPhoneLabel is the label of a form's cover_phone field.
func coverPhoneLabel(t *testing.T, formID string) string {
	forms, _, _ := testEnv(t)
	form, _ := forms.Find(formID)
	for _, f := range form.Fields() {
		if f.ID == "cover_phone" {
			return f.Label
		}
	}
	t.Fatalf("%s has no cover_phone", formID)
	return ""
}
