// Command compare times dbzx's reading against the bare reference reader
// (bench/bare) on the same generated returns, in one run (issue 18):
//
//	go run ./bench/compare [-large] [-count 300] [-rounds 3]
//
// It builds dbzx and bench/bare, writes COUNT sample returns with
// `dbzx sample --seed 11`, then, alternating, ROUNDS (default 5) times each: the bare
// reader, `dbzx extract --json`, a full `dbzx intake` into a new
// workspace, and python-docx's text extraction when /usr/bin/python3 (or
// python3) can import docx. It prints the medians and their ratios to the
// bare reader. With -large it also takes 1,000 and 10,000 returns in and
// prints each run's wall time and peak RSS, and the pages/s of a dossier
// over the 1,000-return workspace.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

var work string

func main() {
	large := flag.Bool("large", false, "also 1,000 and 10,000 returns taken in (peak RSS) and a dossier (pages/s)")
	count := flag.Int("count", 300, "returns timed side by side")
	rounds := flag.Int("rounds", 5, "runs of each reader (the median is kept)")
	flag.Parse()
	var err error
	if work, err = os.MkdirTemp("", "dbzx-compare-"); err != nil {
		fail(err)
	}
	defer os.RemoveAll(work)
	dbzx, bare := filepath.Join(work, "dbzx"), filepath.Join(work, "bare")
	must(run("go", "build", "-o", dbzx, "./cmd/dbzx"))
	must(run("go", "build", "-o", bare, "./bench/bare"))

	in := sampleReturns(dbzx, *count, "in")
	files, _ := filepath.Glob(filepath.Join(in, "*.docx"))
	py := python()
	type reader struct {
		name  string
		times []float64
		cmd   func(round int) []string
	}
	readers := []*reader{
		{name: "bare (encoding/xml RawToken)", cmd: func(int) []string { return append([]string{bare}, files...) }},
		{name: "dbzx extract --json", cmd: func(int) []string { return append([]string{dbzx, "extract", "--json"}, files...) }},
		{name: "dbzx intake (new workspace)", cmd: func(r int) []string {
			ws := filepath.Join(work, fmt.Sprintf("ws-%d", r))
			os.RemoveAll(ws)
			must(run(dbzx, "init", ws))
			return []string{dbzx, "--workspace", ws, "intake", in}
		}},
	}
	if py != "" {
		script := filepath.Join(work, "docx_text.py")
		must(os.WriteFile(script, []byte(pyScript), 0o644))
		readers = append(readers, &reader{name: "python-docx", cmd: func(int) []string {
			return append([]string{py, script}, files...)
		}})
	}
	fmt.Printf("%d returns (dbzx sample --count %d --seed 11), %d rounds, alternating, medians:\n", len(files), *count, *rounds)
	for r := range *rounds {
		for _, rd := range readers {
			args := rd.cmd(r)
			wall, _, err := timed(args...)
			if err != nil {
				fail(fmt.Errorf("%s: %v", rd.name, err))
			}
			rd.times = append(rd.times, wall)
		}
	}
	base := median(readers[0].times)
	for _, rd := range readers {
		m := median(rd.times)
		fmt.Printf("  %-30s %6.2f s  %5.2f× bare   (runs: %s)\n", rd.name, m, m/base, list(rd.times))
	}
	if py == "" {
		fmt.Println("  python-docx: not installed (apt-get install python3-docx)")
	}
	if !*large {
		return
	}
	var ws1000 string
	for _, n := range []int{1000, 10000} {
		dir := sampleReturns(dbzx, n, fmt.Sprintf("in-%d", n))
		ws := filepath.Join(work, fmt.Sprintf("ws-large-%d", n))
		must(run(dbzx, "init", ws))
		wall, rss, err := timed(dbzx, "--workspace", ws, "intake", dir)
		if err != nil {
			fail(err)
		}
		fmt.Printf("intake %6d returns: %7.2f s  %6.0f files/s  peak RSS %6.1f MB\n", n, wall, float64(n)/wall, rss)
		if n == 1000 {
			ws1000 = ws
		} else {
			os.RemoveAll(ws)
			os.RemoveAll(dir)
		}
	}
	for _, cat := range []string{"double_leader_studio", "innovation_project"} {
		out := filepath.Join(work, "dossier-"+cat)
		cmd := exec.Command(dbzx, "--workspace", ws1000, "dossier", "--category", cat, "--out", out, "--json")
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		start := time.Now()
		if err := cmd.Run(); err != nil {
			fail(fmt.Errorf("dossier %s: %v", cat, err))
		}
		wall := time.Since(start).Seconds()
		var res []struct {
			Applications, Pages int
		}
		must(json.Unmarshal(stdout.Bytes(), &res))
		if len(res) == 0 {
			fail(fmt.Errorf("dossier %s: no result", cat))
		}
		fmt.Printf("dossier %-22s %4d applications  %5d pages  %5.2f s  %5.0f pages/s  peak RSS %6.1f MB\n", cat,
			res[0].Applications, res[0].Pages, wall, float64(res[0].Pages)/wall, maxRSS(cmd.ProcessState))
	}
}

const pyScript = `import sys
from docx import Document
paras = chars = 0
for name in sys.argv[1:]:
    d = Document(name)
    for p in d.paragraphs:
        paras += 1; chars += len(p.text)
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                for p in c.paragraphs:
                    paras += 1; chars += len(p.text)
print("files:", len(sys.argv) - 1, "paragraphs:", paras, "characters:", chars)
`

// python returns a Python that can import docx, or "".
func python() string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import docx").Run() == nil {
			return p
		}
	}
	return ""
}

func sampleReturns(dbzx string, n int, dir string) string {
	out := filepath.Join(work, dir)
	must(run(dbzx, "sample", "--count", fmt.Sprint(n), "--seed", "11", "--out", out))
	os.Remove(filepath.Join(out, "manifest.json"))
	return out
}

// timed runs a command with its output discarded, once earlier runs'
// writes are on disk, and returns its wall time in seconds and its peak RSS in MB. Exit status 1 (some file not
// taken in) is not an error.
func timed(args ...string) (float64, float64, error) {
	cmd := exec.Command(args[0], args[1:]...)
	settle()
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil
	}
	return wall, maxRSS(cmd.ProcessState), err
}

func run(args ...string) error {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func list(xs []float64) string {
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%.2f", x)
	}
	return b.String()
}

func must(err error) {
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	if work != "" {
		os.RemoveAll(work)
	}
	os.Exit(1)
}
