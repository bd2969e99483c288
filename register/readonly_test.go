package register

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// TestOpenReadOnly: another round's register reads without being written
// (its file unchanged), and an older schema is refused, not upgraded.
func TestOpenReadOnly(t *testing.T) {
	l, r := newRegister(t)
	r.Close()
	ro, err := OpenReadOnly(l)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Applications(); err != nil {
		t.Errorf("read: %v", err)
	}
	if _, err := ro.DB().Exec(`INSERT INTO runs(started) VALUES ('x')`); err == nil {
		t.Error("a read-only register took a write")
	}
	ro.Close()
	// An older schema: refused.
	rw, _ := Open(l)
	if _, err := rw.DB().Exec("PRAGMA user_version = 3"); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	if _, err := OpenReadOnly(l); !errors.Is(err, ErrOldSchema) {
		t.Errorf("older schema: %v, want ErrOldSchema", err)
	}
	var nw *NoWorkspaceError
	if _, err := OpenReadOnly(Layout{Dir: t.TempDir()}); !errors.As(err, &nw) {
		t.Errorf("not a workspace: %v", err)
	}
}

// TestCertificateNumbers: numbers count per year from 001 and are kept;
// an acceptance re-dated into another year gets that year's next number,
// and the void one is never issued again.
func TestCertificateNumbers(t *testing.T) {
	_, r := newRegister(t)
	defer r.Close()
	ctx := context.Background()
	var ids []int64
	for _, n := range []string{"a", "b", "c"} {
		id, err := r.EnsureListed(ctx, "k|"+n, "model_branch", "u", n)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	format := func(year, seq int) string { return fmt.Sprintf("%d-%03d", year, seq) }
	issue := func(reqs ...CertificateRequest) map[int64]string {
		t.Helper()
		got, err := r.CertificateNumbers(ctx, reqs, format)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := issue(CertificateRequest{ids[0], 2023}, CertificateRequest{ids[1], 2023})
	if got[ids[0]] != "2023-001" || got[ids[1]] != "2023-002" {
		t.Fatalf("first numbers %v", got)
	}
	// Asked again in another order: the same numbers.
	if again := issue(CertificateRequest{ids[1], 2023}, CertificateRequest{ids[0], 2023}); again[ids[0]] != "2023-001" || again[ids[1]] != "2023-002" {
		t.Errorf("again %v", again)
	}
	// b re-dated into 2024: 2024-001; 2023-002 is void, so c gets 2023-003.
	got = issue(CertificateRequest{ids[1], 2024}, CertificateRequest{ids[2], 2023})
	if got[ids[1]] != "2024-001" || got[ids[2]] != "2023-003" {
		t.Errorf("re-dated %v, want b 2024-001, c 2023-003", got)
	}
}

// newRegister makes a workspace in a temp folder and opens its register.
func newRegister(t *testing.T) (Layout, *Register) {
	t.Helper()
	l, err := Init(filepath.Join(t.TempDir(), "ws"), []byte("round: 2022\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(l)
	if err != nil {
		t.Fatal(err)
	}
	return l, r
}

// TestStageDecisionReplaced: a 二次验收's decision replaces the 暂缓通过
// and keeps it as earlier; the same decision read again adds nothing.
func TestStageDecisionReplaced(t *testing.T) {
	_, r := newRegister(t)
	defer r.Close()
	ctx := context.Background()
	id, err := r.EnsureListed(ctx, "k|a", "model_branch", "u", "a")
	if err != nil {
		t.Fatal(err)
	}
	deferred := StageDecision{ApplicationID: id, Stage: "final", Total: 70, Conclusion: "暂缓通过", Rectify: []string{"补齐台账"},
		Due: "2024-03-15", Decided: "2023-12-15"}
	for range 2 { // read twice: one decision
		if err := r.RecordStageDecisions(ctx, []StageDecision{deferred}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := r.StageDecisions(ctx, "final")
	if err != nil {
		t.Fatal(err)
	}
	if d := got[id]; d.Conclusion != "暂缓通过" || len(d.Earlier) != 0 {
		t.Fatalf("after the first review: %+v", d)
	}
	recheck := StageDecision{ApplicationID: id, Stage: "final", Total: 86, Conclusion: "通过验收", Decided: "2024-03-20"}
	if err := r.RecordStageDecisions(ctx, []StageDecision{recheck}); err != nil {
		t.Fatal(err)
	}
	if got, err = r.StageDecisions(ctx, "final"); err != nil {
		t.Fatal(err)
	}
	d := got[id]
	if d.Conclusion != "通过验收" || d.Decided != "2024-03-20" || len(d.Earlier) != 1 {
		t.Fatalf("after the re-check: %+v", d)
	}
	if e := d.Earlier[0]; e.Conclusion != "暂缓通过" || e.Due != "2024-03-15" || len(e.Rectify) != 1 || e.Total != 70 {
		t.Errorf("earlier decision: %+v", e)
	}
	if mid, _ := r.StageDecisions(ctx, "midterm"); len(mid) != 0 {
		t.Errorf("midterm decisions: %v", mid)
	}
}
