package templates

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// LettersFile is the name of a user's own letter wording in the forms
// folder (config forms_dir): it replaces the built-in one whole.
const LettersFile = "letters.yaml"

// Letters is the wording of the notices the office sends the units (dbzx
// notices): one Letter per kind, the headings of the parts dbzx lays out
// (files, registered, problems, …) and the contact line. Placeholders in
// braces ({unit}, {due}, …) are filled by Fill.
type Letters struct {
	Receipt    Letter            `yaml:"receipt"`
	Correction Letter            `yaml:"correction"`
	Midterm    Letter            `yaml:"midterm"`
	Final      Letter            `yaml:"final"`
	Headings   map[string]string `yaml:"headings"`
	Contact    string            `yaml:"contact"`
	// Source is where the wording was read from.
	Source string `yaml:"-"`
}

// Letter is one kind of notice: its kind (受理回执 …), title, opening and
// closing paragraphs, and for a correction notice how to resubmit.
type Letter struct {
	Kind     string   `yaml:"kind"`
	Title    string   `yaml:"title"`
	Intro    []string `yaml:"intro"`
	Resubmit []string `yaml:"resubmit,omitempty"`
	Closing  []string `yaml:"closing"`
}

// letterHeadings are the parts every wording must name.
var letterHeadings = []string{"files", "registered", "problems", "resubmit", "feedback", "result", "missing", "notes"}

// LoadLetters returns the letters' wording: dir/letters.yaml when dir
// (the forms folder) has one, else the built-in wording.
func LoadLetters(dir string) (*Letters, error) {
	if dir != "" {
		p := filepath.Join(dir, LettersFile)
		data, err := os.ReadFile(p)
		switch {
		case err == nil:
			return ParseLetters(data, p)
		case !errors.Is(err, os.ErrNotExist):
			return nil, &FileError{Kind: LettersText, Path: p, Problem: Unreadable, Err: err}
		}
	}
	data, err := embedded.ReadFile("letters/notices.yaml")
	if err != nil {
		return nil, err
	}
	return ParseLetters(data, "内置")
}

// ParseLetters reads a wording file; unknown keys and missing parts are
// errors naming the file.
func ParseLetters(data []byte, source string) (*Letters, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var l Letters
	if err := dec.Decode(&l); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &FileError{Kind: LettersText, Path: source, Problem: Empty}
		}
		return nil, yamlError(LettersText, source, err)
	}
	l.Source = source
	for key, k := range map[string]*Letter{"receipt": &l.Receipt, "correction": &l.Correction, "midterm": &l.Midterm, "final": &l.Final} {
		if strings.TrimSpace(k.Kind) == "" || strings.TrimSpace(k.Title) == "" {
			return nil, &FileError{Kind: LettersText, Path: source, Problem: NoKind, Part: key}
		}
	}
	for _, h := range letterHeadings {
		if strings.TrimSpace(l.Headings[h]) == "" {
			return nil, &FileError{Kind: LettersText, Path: source, Problem: NoHeading, Part: h}
		}
	}
	return &l, nil
}

// Fill replaces the {name} placeholders of text with vars; an unknown
// placeholder is left as written, for the reader to see.
func Fill(text string, vars map[string]string) string {
	var pairs []string
	for k, v := range vars {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// FillAll fills every paragraph.
func FillAll(texts []string, vars map[string]string) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = Fill(t, vars)
	}
	return out
}
