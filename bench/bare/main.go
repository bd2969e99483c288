// Command bare is the reference reader dbzx's speed is measured against
// (issue 18): open each .docx, inflate word/document.xml, walk it with
// encoding/xml's RawToken and collect the text of paragraphs and table
// cells, on 2 workers. Nothing else: no form, no checks, no register.
//
//	go run ./bench/bare FILE.docx...
//
// It prints the number of files, paragraphs and characters read.
package main

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

func main() {
	files := os.Args[1:]
	var next, paras, chars atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				p, c, err := read(files[i])
				if err != nil {
					fmt.Fprintf(os.Stderr, "%s: %v\n", files[i], err)
					os.Exit(1)
				}
				paras.Add(int64(p))
				chars.Add(int64(c))
			}
		}()
	}
	wg.Wait()
	fmt.Printf("files: %d  paragraphs: %d  characters: %d\n", len(files), paras.Load(), chars.Load())
}

// read returns the number of paragraphs and characters of text in the
// document's body (table cells' paragraphs included).
func read(name string) (paras, chars int, err error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return 0, 0, err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, 0, err
		}
		defer rc.Close()
		d := xml.NewDecoder(rc)
		var text strings.Builder
		inT := false
		var texts []string
		for {
			tok, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				return 0, 0, err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Local == "t" {
					inT = true
				}
			case xml.EndElement:
				switch t.Name.Local {
				case "t":
					inT = false
				case "p":
					texts = append(texts, text.String())
					text.Reset()
				}
			case xml.CharData:
				if inT {
					text.Write(t)
				}
			}
		}
		for _, s := range texts {
			chars += len([]rune(s))
		}
		return len(texts), chars, nil
	}
	return 0, 0, fmt.Errorf("no word/document.xml")
}
