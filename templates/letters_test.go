package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLettersEmbedded(t *testing.T) {
	l, err := LoadLetters("")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []Letter{l.Receipt, l.Correction, l.Midterm, l.Final} {
		if len(k.Intro) == 0 || len(k.Closing) == 0 {
			t.Errorf("%s: no intro or closing", k.Kind)
		}
	}
	if l.Receipt.Kind != "受理回执" || l.Correction.Kind != "补正通知" || l.Midterm.Kind != "中期考核反馈意见" || l.Final.Kind != "验收结果通知" {
		t.Errorf("kinds: %q %q %q %q", l.Receipt.Kind, l.Correction.Kind, l.Midterm.Kind, l.Final.Kind)
	}
	if got := Fill("请于{due}前报送{office}{nope}", map[string]string{"due": "2022年12月1日", "office": "党委组织部"}); got != "请于2022年12月1日前报送党委组织部{nope}" {
		t.Errorf("Fill = %q", got)
	}
}

// TestLettersFromFormsFolder: the office's own wording in the forms folder
// replaces the built-in one, and is not read as a form.
func TestLettersFromFormsFolder(t *testing.T) {
	dir := t.TempDir()
	data, _ := embedded.ReadFile("letters/notices.yaml")
	own := strings.Replace(string(data), "特此回执。", "此复。", 1)
	if err := os.WriteFile(filepath.Join(dir, LettersFile), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := LoadLetters(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(l.Receipt.Closing, ""), "此复。") {
		t.Errorf("closing %q: the folder's wording not used", l.Receipt.Closing)
	}
	if _, err := Load(dir); err != nil {
		t.Errorf("Load(dir) with letters.yaml: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, LettersFile), []byte("receipt: {kind: 回执}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadLetters(dir); err == nil || !strings.Contains(err.Error(), LettersFile) {
		t.Errorf("incomplete wording: err = %v, want one naming the file", err)
	}
}
