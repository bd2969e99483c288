package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"

	"dbzx/render"
	"dbzx/sample"
)

// TestMain makes the test binary double as the dbzx command, so that the
// scripts run the real entry point (execute, then os.Exit) in a child
// process with the script's own working directory and environment.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"dbzx": func() { os.Exit(execute(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI transcripts in testdata/script. Each script gets
// its own HOME and XDG folders inside its work directory and no DBZX_*
// variable, so neither the developer's configuration nor their environment
// can change the outcome.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			vars := env.Vars[:0]
			for _, kv := range env.Vars {
				if !strings.HasPrefix(kv, "DBZX_") {
					vars = append(vars, kv)
				}
			}
			env.Vars = vars
			env.Setenv("HOME", env.WorkDir)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".config"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"dbzxcode":    cmdDbzxCode,
			"zipcontains": cmdZipContains,
			"olefile":     cmdOLEFile,
			"fillsheet":   cmdFillSheet,
			"freeport":    cmdFreePort,
			"waitport":    cmdWaitPort,
		},
	})
}

// cmdDbzxCode implements `dbzxcode N args...`: it runs dbzx with args and
// fails unless the exit code is exactly N. Its stdout and stderr are kept
// for the `stdout` and `stderr` commands that follow.
//
// dbzx runs as a child process (the same one `exec dbzx` runs) rather than
// calling execute in-process: dbzx resolves --workspace, --out and
// dbzx.yaml against the current directory and reads DBZX_* from the
// process environment, and neither belongs to the script inside the test
// process, where the scripts also run in parallel.
func cmdDbzxCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: dbzxcode N args... (negation is not supported; give the expected code)")
	}
	if len(args) < 1 {
		ts.Fatalf("usage: dbzxcode N args...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("dbzxcode: exit code %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec("dbzx", args[1:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("dbzxcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("dbzx %s: exit code %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// cmdZipContains implements `zipcontains file.docx member regexp`: it fails
// unless the named member of the zip package (a .docx or .xlsx part such as
// docProps/custom.xml) matches the regular expression. With `!` it fails if
// the member matches.
func cmdZipContains(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: zipcontains file member regexp")
	}
	re, err := regexp.Compile(args[2])
	ts.Check(err)
	z, err := zip.OpenReader(ts.MkAbs(args[0]))
	ts.Check(err)
	defer z.Close()
	var data []byte
	found := false
	for _, f := range z.File {
		if f.Name != args[1] {
			continue
		}
		r, err := f.Open()
		ts.Check(err)
		data, err = io.ReadAll(r)
		r.Close()
		ts.Check(err)
		found = true
		break
	}
	if !found {
		ts.Fatalf("%s has no member %s", args[0], args[1])
	}
	switch matched := re.Match(data); {
	case matched && neg:
		ts.Fatalf("%s: %s matches %q", args[0], args[1], args[2])
	case !matched && !neg:
		ts.Fatalf("%s: %s does not match %q", args[0], args[1], args[2])
	}
}

// cmdFreePort implements `freeport VAR`: it sets VAR to a TCP port on
// 127.0.0.1 that nothing listens on, for `dbzx serve` to be given, so that
// the script can wait for the server (waitport) instead of sleeping.
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ts.Check(ln.Close())
	ts.Setenv(args[0], strconv.Itoa(port))
}

// cmdWaitPort implements `waitport PORT`: it waits until something accepts
// connections on 127.0.0.1:PORT (a server started in the background has
// its signal handling in place by then), for at most 20 seconds.
func cmdWaitPort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitport PORT")
	}
	addr := net.JoinHostPort("127.0.0.1", args[0])
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitport: nothing listens on %s after 20 s: %v", addr, err)
		}
	}
}

// cmdOLEFile implements `olefile file stream`: it writes a stand-in for an
// OLE compound file (the container of Word 97–2003 .doc, Kingsoft .wps and
// password-protected .docx) holding a stream of the given name, such as
// WordDocument or EncryptedPackage. Only the signature and one 128-byte
// directory entry (the stream's NUL-terminated UTF-16 name, after the
// 512-byte header sector) are there: enough for intake to tell what the
// file is, too little for anything to open it. Such files are binary,
// which a txtar archive cannot hold.
func cmdOLEFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: olefile file stream")
	}
	data := make([]byte, 512+128)
	copy(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	entry := data[512:]
	for i, r := range []rune(args[1]) {
		if 2*i+3 >= len(entry) || r > 0xFFFF {
			ts.Fatalf("olefile: stream name %q too long", args[1])
		}
		entry[2*i], entry[2*i+1] = byte(r), byte(r>>8)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

// cmdFillSheet implements `fillsheet in.xlsx out.xlsx [match=REGEXP]
// column=value...`: it fills a review or acceptance sheet dbzx wrote as the
// committee would, writing the result to out.xlsx. Every data row gets the
// values, or with match= only the rows whose cells, joined with "|"
// (编号|单位|名称|…), match the regular expression; a row none matches is
// left as it was. A column is named by its header or, for a score, by its
// criterion (政治功能与政治把关=18); a value that reads as a number is
// written as one.
func cmdFillSheet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: fillsheet in.xlsx out.xlsx [match=REGEXP] column=value...")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	var match *regexp.Regexp
	values := map[string]any{}
	for _, a := range args[2:] {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			ts.Fatalf("fillsheet: %q is not column=value", a)
		}
		if k == "match" {
			match, err = regexp.Compile(v)
			ts.Check(err)
			continue
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			values[k] = f
		} else {
			values[k] = v
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	ts.Check(err)
	rows, err := x.GetRows(x.GetSheetName(0))
	x.Close()
	ts.Check(err)
	if len(rows) < render.SheetHeaderRow {
		ts.Fatalf("fillsheet: %s is not a sheet dbzx wrote", args[0])
	}
	fill := map[int64]map[string]any{}
	for _, row := range rows[render.SheetHeaderRow:] {
		if len(row) == 0 {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSpace(row[0]), 10, 64)
		if err != nil || (match != nil && !match.MatchString(strings.Join(row, "|"))) {
			continue
		}
		fill[id] = values
	}
	if len(fill) == 0 {
		ts.Fatalf("fillsheet: no row of %s matches", args[0])
	}
	out, err := sample.FillSheet(data, fill)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), out, 0o644))
	ts.Logf("fillsheet: filled %d rows", len(fill))
}
