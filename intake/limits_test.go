package intake

import (
	"testing"

	"dbzx/internal/bundle"
	"dbzx/internal/ooxml"
)

// TestLimitsOneSource: the limits a run reads with come from the
// configuration, and the reading packages' own defaults are the same
// numbers as the configuration's defaults, so that the two cannot drift.
func TestLimitsOneSource(t *testing.T) {
	t.Parallel()
	forms, cfg, _ := testEnv(t)
	if got := BundleLimits(cfg.Limits); got != bundle.DefaultLimits {
		t.Errorf("bundle limits from the default configuration %+v, bundle.DefaultLimits %+v", got, bundle.DefaultLimits)
	}
	if got := NewExtractor(forms, cfg).Limits; got != ooxml.DefaultLimits {
		t.Errorf("reader limits from the default configuration %+v, ooxml.DefaultLimits %+v", got, ooxml.DefaultLimits)
	}
	if got := FileLimit(cfg.Limits); got != bundle.DefaultLimits.MaxEntry {
		t.Errorf("file limit %d, a bundle entry's %d: one input file is one entry", got, bundle.DefaultLimits.MaxEntry)
	}
	// A changed configuration is what the run uses.
	cfg.Limits.FileMB, cfg.Limits.XMLDepth = 3, 9
	if BundleLimits(cfg.Limits).MaxEntry != 3<<20 || FileLimit(cfg.Limits) != 3<<20 || NewExtractor(forms, cfg).Limits.Depth != 9 {
		t.Error("configured limits not used")
	}
}
