#!/usr/bin/env bash
# bench/hostile.sh: `dbzx intake` of hostile inputs, each alone into a new
# workspace, under /usr/bin/time: a zip bundle whose one entry inflates to
# 2 GiB of zeros, a return whose document.xml nests 100 000 tables, and two
# summary workbooks built to exhaust the reader (a stray cell at XFD, 300 000
# merged ranges). Each must be refused in under 10 s with a peak RSS under
# 300 MB; the script fails otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
max_seconds=10
max_kb=$((300 * 1024))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/dbzx" ./cmd/dbzx

# The hostile files are written by a small generator (standard library
# only), streaming: the bomb is never held in memory.
mkdir -p "$work/gen"
cat >"$work/gen/main.go" <<'EOF'
package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func newZip(w io.Writer) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	return zw
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// bomb: one entry of 2 GiB of zeros (1 GiB if deflating 2 would take over ~15 s).
func bomb(out string) {
	f, err := os.Create(out)
	must(err)
	zw := newZip(f)
	w, err := zw.Create("全部材料.docx")
	must(err)
	zeros := make([]byte, 1<<20)
	start, mib := time.Now(), 2048
	for i := 0; i < mib; i++ {
		_, err := w.Write(zeros)
		must(err)
		if i == 255 && time.Since(start)*8 > 15*time.Second {
			mib = 1024
		}
	}
	must(zw.Close())
	st, _ := f.Stat()
	must(f.Close())
	fmt.Printf("  bomb: %d MiB of zeros in %d bytes, deflated in %.1f s\n", mib, st.Size(), time.Since(start).Seconds())
}

// deep: the return in, with 100 000 nested tables at the start of its body.
func deep(in, out string) {
	zr, err := zip.OpenReader(in)
	must(err)
	f, err := os.Create(out)
	must(err)
	zw := newZip(f)
	for _, e := range zr.File {
		rc, err := e.Open()
		must(err)
		b, err := io.ReadAll(rc)
		must(err)
		if e.Name == "word/document.xml" {
			s := string(b)
			i := strings.Index(s, "<w:body>") + len("<w:body>")
			b = []byte(s[:i] + strings.Repeat("<w:tbl>", 100000) + strings.Repeat("</w:tbl>", 100000) + s[i:])
		}
		w, err := zw.Create(e.Name)
		must(err)
		_, err = w.Write(b)
		must(err)
	}
	must(zw.Close())
	must(f.Close())
}

const header = `<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>申报类别</t></is></c>` +
	`<c r="C1" t="inlineStr"><is><t>申报名称</t></is></c><c r="D1" t="inlineStr"><is><t>申报单位</t></is></c></row>`

// workbook: a minimal .xlsx around one sheet whose XML sheet writes.
func workbook(out string, sheet func(w io.Writer)) {
	var buf bytes.Buffer
	zw := newZip(&buf)
	add := func(name, s string) {
		w, err := zw.Create(name)
		must(err)
		io.WriteString(w, s)
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="汇总表" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	must(err)
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	sheet(w)
	io.WriteString(w, `</worksheet>`)
	must(zw.Close())
	must(os.WriteFile(out, buf.Bytes(), 0o644))
}

func main() {
	switch os.Args[1] {
	case "bomb":
		bomb(os.Args[2])
	case "deep":
		deep(os.Args[2], os.Args[3])
	case "cells": // a value at XFD2 and at A1048576: 17 billion cells as a grid
		workbook(os.Args[2], func(w io.Writer) {
			io.WriteString(w, `<sheetData>`+header+`<row r="2"><c r="XFD2"><v>1</v></c></row><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>`)
		})
	case "merges": // 300 000 merged ranges: excelize compares them pairwise
		workbook(os.Args[2], func(w io.Writer) {
			io.WriteString(w, `<sheetData>`+header+`</sheetData><mergeCells>`)
			for i := 0; i < 300000; i++ {
				fmt.Fprintf(w, `<mergeCell ref="E%d:F%d"/>`, i+2, i+2)
			}
			io.WriteString(w, `</mergeCells>`)
		})
	}
}
EOF
(cd "$work/gen" && go mod init hostilegen >/dev/null 2>&1 && go build -o "$work/gen/gen" .)

echo "building the hostile inputs in $work"
mkdir -p "$work/in/bomb" "$work/in/deep" "$work/in/cells" "$work/in/merges" "$work/samples"
"$work/gen/gen" bomb "$work/in/bomb/压缩炸弹.zip"
"$work/dbzx" sample --count 1 --seed 7 --out "$work/samples" >/dev/null
sample=$(find "$work/samples" -name '*.docx' | head -n 1)
"$work/gen/gen" deep "$sample" "$work/in/deep/深度嵌套.docx"
"$work/gen/gen" cells "$work/in/cells/汇总表单元格炸弹.xlsx"
"$work/gen/gen" merges "$work/in/merges/汇总表合并单元格.xlsx"

fail=0
for case in bomb deep cells merges; do
	file=$(ls "$work/in/$case")
	size=$(stat -c %s "$work/in/$case/$file")
	"$work/dbzx" init "$work/ws-$case" >/dev/null
	rc=0
	/usr/bin/time -f '%e s %M KB' -o "$work/time-$case" \
		"$work/dbzx" --workspace "$work/ws-$case" intake --json "$work/in/$case" >"$work/out-$case.json" 2>"$work/err-$case" || rc=$?
	# The last line: time puts "Command exited with non-zero status" first.
	read -r seconds _ kb _ < <(tail -n 1 "$work/time-$case")
	reason=$(grep -o '"reason": *"[^"]*"' "$work/out-$case.json" | head -n 1 | sed 's/"reason": *//')
	printf '%-7s %-26s %9d bytes  %6.2f s  peak RSS %7.1f MB  exit %d  %s\n' "$case" "$file" "$size" "$seconds" \
		"$(echo "$kb / 1024" | bc -l)" "$rc" "$reason"
	if [ "$rc" -ne 1 ] || ! grep -Eq '"status": *"rejected"' "$work/out-$case.json"; then
		echo "  FAIL: $file was not rejected (exit $rc, want 1)"
		cat "$work/err-$case"
		fail=1
	fi
	if [ "$(echo "$seconds >= $max_seconds" | bc -l)" -eq 1 ]; then
		echo "  FAIL: $seconds s, limit $max_seconds s"
		fail=1
	fi
	if [ "$kb" -ge "$max_kb" ]; then
		echo "  FAIL: peak RSS $kb KB, limit $max_kb KB"
		fail=1
	fi
done
[ "$fail" -eq 0 ] && echo "all hostile inputs refused within $max_seconds s and $((max_kb / 1024)) MB"
exit "$fail"
