package intake

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"sync"
	"testing"

	"dbzx/render"
	"dbzx/sample"
)

// benchFiles are 1,000 filled sample returns (all four forms), made once.
var benchFiles = sync.OnceValue(func() [][]byte {
	forms, cfg, _ := testEnv(&testing.T{})
	var out [][]byte
	for _, s := range sample.New(forms, cfg, 1000).Returns(1000) {
		form, _ := forms.Find(s.Form)
		var buf bytes.Buffer
		if err := render.WriteDocx(&buf, form, cfg, s.Values); err != nil {
			panic(err)
		}
		out = append(out, buf.Bytes())
	}
	return out
})

// BenchmarkExtract1000 extracts 1,000 returns on one core: recognise the
// form, read every field and table.
func BenchmarkExtract1000(b *testing.B) {
	files := benchFiles()
	_, _, x := testEnv(b)
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			if _, err := x.Extract(bytes.NewReader(f), int64(len(f)), "bench.docx"); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkBareWalk1000 is the floor extraction is measured against: open
// each zip, inflate document.xml and walk its tokens with encoding/xml.
func BenchmarkBareWalk1000(b *testing.B) {
	files := benchFiles()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			zr, err := zip.NewReader(bytes.NewReader(f), int64(len(f)))
			if err != nil {
				b.Fatal(err)
			}
			for _, zf := range zr.File {
				if zf.Name != "word/document.xml" {
					continue
				}
				rc, _ := zf.Open()
				d := xml.NewDecoder(rc)
				for {
					if _, err := d.Token(); err != nil {
						if err != io.EOF {
							b.Fatal(err)
						}
						break
					}
				}
				rc.Close()
			}
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}
