package workspace

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"dbzx/sample"
)

// BenchmarkIntake300 takes the 300 returns bench/compare times (dbzx
// sample --count 300 --seed 11) into a new workspace each time: sniff,
// hash, archive, parse, check, register, report. For profiling:
//
//	go test ./workspace -run '^$' -bench Intake300 -benchtime 3x -cpuprofile cpu.out
//
// DBZX_BENCH_RETURNS=N takes N returns instead (to see what grows with N).
func BenchmarkIntake300(b *testing.B) {
	forms, cfg, _ := testEnv(b)
	n := 300
	if v, err := strconv.Atoi(os.Getenv("DBZX_BENCH_RETURNS")); err == nil && v > 0 {
		n = v
	}
	in := filepath.Join(b.TempDir(), "in")
	if _, err := sample.Write(in, forms, cfg, sample.New(forms, cfg, 11).Returns(n)); err != nil {
		b.Fatal(err)
	}
	os.Remove(filepath.Join(in, "manifest.json"))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		l, err := Init(filepath.Join(b.TempDir(), "ws"))
		if err != nil {
			b.Fatal(err)
		}
		w, err := Open(l.Dir)
		if err != nil {
			b.Fatal(err)
		}
		w.Cfg, w.Forms = cfg, forms
		if _, err := w.Intake(context.Background(), []string{in}, IntakeOptions{NoConvert: true}); err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
}
