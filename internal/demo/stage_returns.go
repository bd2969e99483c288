package demo

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"dbzx/config"
	"dbzx/render"
	"dbzx/sample"
	"dbzx/templates"
	"dbzx/workspace"
)

// StageReturnsOptions say how the units fill their stage forms in a
// sample; the zero value fills every object's form as a diligent unit
// would.
type StageReturnsOptions struct {
	Seed uint64
	// Date the forms are filled on; zero: ten days before each object's
	// due date.
	Date time.Time
	// Objects to fill, by ID, in this order; nil: every object that owes
	// the form (not those the mid-term ended).
	Objects []int64
	// Limit, if positive, fills only the first Limit objects.
	Limit int
	// Material writes beside each form a photo of a month's activity,
	// its supporting material, named after the object.
	Material bool
	// Adjust, if set, changes the fill of the i-th object written: a month
	// without a post, spending over the allocation.
	Adjust func(i int, o *workspace.StageObjectStatus, f *sample.StageFill)
}

// Faults is the Adjust of a sample with the faults the stage rules look
// for: the second object's unit posted nothing in the month before last,
// the third spent 800 元 over its allocation.
func Faults(cfg *config.Config) func(int, *workspace.StageObjectStatus, *sample.StageFill) {
	return func(i int, o *workspace.StageObjectStatus, f *sample.StageFill) {
		switch i {
		case 1:
			if n := len(f.Months); n >= 2 {
				f.Months = append(f.Months[:n-2:n-2], f.Months[n-1])
			}
		case 2:
			cat, _ := cfg.Category(o.Category)
			f.Spent = cat.Funding + 800
		}
	}
}

// StageReturns writes into dir, for construction objects, the stage's form
// as its unit returns it: what dbzx prefilled kept, every planned step and
// feedback point answered, a post in every month from the start of
// construction to the month before the form is filled, 80 % of the
// funding spent. The files are named as dbzx names the prefilled forms,
// and carry their object, so intake matches them. It returns their paths.
func StageReturns(ctx context.Context, w *workspace.Workspace, stage, dir string, o StageReturnsOptions) ([]string, error) {
	status, err := w.StageStatus(ctx, stage)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*workspace.StageObjectStatus{}
	var objs []*workspace.StageObjectStatus
	for _, s := range status {
		byID[s.ApplicationID] = s
		if o.Objects == nil && !s.Terminated {
			objs = append(objs, s)
		}
	}
	for _, id := range o.Objects {
		s, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("demo: object %d has no %s form", id, stage)
		}
		objs = append(objs, s)
	}
	if o.Limit > 0 && len(objs) > o.Limit {
		objs = objs[:o.Limit]
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for i, s := range objs {
		if err := ctx.Err(); err != nil {
			return paths, err
		}
		form, pre, err := w.StageValues(s.ApplicationID, stage)
		if err != nil {
			return paths, err
		}
		date := o.Date
		if date.IsZero() {
			due, err := time.ParseInLocation("2006-01-02", s.Due, time.Local)
			if err != nil {
				return paths, fmt.Errorf("demo: object %d has no due date for the %s form", s.ApplicationID, stage)
			}
			date = due.AddDate(0, 0, -10)
		}
		start, err := config.ParseMonth(s.Start)
		if err != nil {
			start = config.Month{Year: date.AddDate(-1, 0, 0).Year(), Month: date.Month()}
		}
		before := date.AddDate(0, -1, 0)
		cat, _ := w.Cfg.Category(s.Category)
		fill := sample.StageFill{Date: date, Months: sample.Months(start, config.Month{Year: before.Year(), Month: before.Month()}),
			Spent: cat.Funding * 8 / 10}
		if o.Adjust != nil {
			o.Adjust(i, s, &fill)
		}
		v := sample.New(w.Forms, w.Cfg, o.Seed+uint64(i)).FillStage(form, pre, fill)
		var buf bytes.Buffer
		if err := render.WriteObjectDocx(&buf, form, w.Cfg, v, fmt.Sprint(s.ApplicationID)); err != nil {
			return paths, err
		}
		p := filepath.Join(dir, workspace.StageFileName(form, s.Unit, s.Name))
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			return paths, err
		}
		paths = append(paths, p)
		if o.Material {
			// A photo of its own, not one dbzx would take as a duplicate.
			h := 900 - 8*i
			if stage == templates.StageFinal {
				h -= 450
			}
			p := filepath.Join(dir, "支撑材料-"+s.Name+"-展示活动照片.jpg")
			if err := os.WriteFile(p, sample.Photo(1200, h, 6*(i%2)), 0o644); err != nil {
				return paths, err
			}
			paths = append(paths, p)
		}
	}
	return paths, nil
}
