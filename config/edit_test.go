package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSetKey: a list written into the default dbzx.yaml loads back, and
// the file keeps its comments and its other settings.
func TestSetKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, Defaults(), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []Listed{{Category: "model_branch", Unit: "电气工程学院党总支", Name: "第一党支部",
		Month: Month{Year: 2023, Month: time.December}}}
	if err := SetKey(path, "failed_acceptance", want); err != nil {
		t.Fatal(err)
	}
	if err := SetKey(path, "bar_years", 3); err != nil {
		t.Fatal(err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatalf("after SetKey: %v", err)
	}
	if len(c.FailedAcceptance) != 1 || c.FailedAcceptance[0].Unit != want[0].Unit || c.FailedAcceptance[0].Month != want[0].Month {
		t.Errorf("failed_acceptance = %+v, want %+v", c.FailedAcceptance, want)
	}
	if c.BarYears != 3 {
		t.Errorf("bar_years = %d, want 3", c.BarYears)
	}
	def, _ := Load("")
	if c.Deadline != def.Deadline || len(c.Categories) != len(def.Categories) {
		t.Error("other settings changed")
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "#") {
		t.Error("comments lost")
	}
}
