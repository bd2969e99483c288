package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"dbzx/intake"
	"dbzx/render"
	"dbzx/sample"
)

// demoAfterIntake runs the stages after intake on the demo workspace: the
// dossiers, the review sheets filled as a committee would (recommending,
// per category, applications without errors up to the quota), the
// decisions, the acceptance sheet with one unit failing, and what follows.
// demoDecided is when the demo's committee decides: after the deadline,
// before the mid-term checks.
var demoDecided = time.Date(2022, 12, 9, 16, 0, 0, 0, time.Local)

func demoAfterIntake(w intake.Workspace, reg *intake.Register, e *env) ([]demoResult, error) {
	ctx := context.Background()
	var results []demoResult
	dossiers, err := writeDossiers(w, reg, e, "", filepath.Join(w.OutDir(), "dossier"), false)
	if err != nil {
		return results, err
	}
	var outs []render.Output
	pages := 0
	for _, d := range dossiers {
		outs = append(outs, render.Output{Path: d.Path})
		pages += d.Pages
	}
	results = append(results, demoResult{Stage: fmt.Sprintf("评审材料汇编（%d 册，共 %d 页）", len(dossiers), pages), Outputs: outs})

	// The committee's review sheets, filled and read back.
	findings, err := reg.CurrentFindings()
	if err != nil {
		return results, err
	}
	hasError := map[int64]bool{}
	for _, f := range findings {
		if f.Severity == intake.SeverityError {
			hasError[f.ApplicationID] = true
		}
	}
	reviewDir := filepath.Join(w.OutDir(), "review")
	if err := makeDir(reviewDir); err != nil {
		return results, err
	}
	var sheets []string
	for _, cat := range e.cfg.Categories {
		s, n, err := reg.ReviewSheet(e.cfg, cat.Key)
		if err != nil || n == 0 {
			if err != nil {
				return results, err
			}
			continue
		}
		blank := filepath.Join(reviewDir, "评审表-"+cat.ShortName+".xlsx")
		if err := render.WriteInputSheet(blank, s); err != nil {
			return results, err
		}
		data, err := os.ReadFile(blank)
		if err != nil {
			return results, err
		}
		fill := map[int64]map[string]any{}
		recommended := 0
		for i, row := range s.Rows {
			id := row[0].(int64)
			scores := map[string]any{}
			for k, c := range e.cfg.Scoring[cat.Key] {
				scores[c.Name] = c.Points - (i+k)%4
			}
			rec := "不推荐"
			if !hasError[id] && recommended < cat.Quota {
				rec = "推荐"
				recommended++
			}
			scores["推荐"] = rec
			fill[id] = scores
		}
		filled, err := sample.FillSheet(data, fill)
		if err != nil {
			return results, err
		}
		path := filepath.Join(reviewDir, "评审表-"+cat.ShortName+"（已填）.xlsx")
		if err := render.WriteFileAtomic(path, filled); err != nil {
			return results, err
		}
		sheets = append(sheets, path)
	}
	var decisions []intake.Decision
	for _, p := range sheets {
		data, err := os.ReadFile(p)
		if err != nil {
			return results, err
		}
		ds, problems, err := intake.ReadReviewSheet(data)
		if err != nil || len(problems) > 0 {
			return results, fmt.Errorf("演示评审表 %s：%v %v", p, err, problems)
		}
		decisions = append(decisions, ds...)
	}
	dec, err := reg.Decide(ctx, e.cfg, decisions, "demo", false, demoDecided)
	if err != nil {
		return results, err
	}
	if len(dec.Problems) > 0 {
		return results, fmt.Errorf("演示评审结果未通过核对：%v", dec.Problems)
	}
	var outSheets []render.Output
	for _, p := range sheets {
		outSheets = append(outSheets, render.Output{Path: p})
	}
	results = append(results, demoResult{Stage: fmt.Sprintf("评审表（已模拟填写）与评审结果：记录 %d 项", dec.Recorded), Outputs: outSheets})
	for _, step := range []struct {
		stage string
		write func(e *env, reg *intake.Register, dir string) ([]string, error)
	}{{"建设对象名单", writeList}, {"经费拨付单与经费汇总表", writeFunding}, {"建设进度安排与日历", writeSchedule}} {
		paths, err := step.write(e, reg, w.OutDir())
		if err != nil {
			return results, fmt.Errorf("%s：%w", step.stage, err)
		}
		var outs []render.Output
		for _, p := range paths {
			outs = append(outs, render.Output{Path: p})
		}
		results = append(results, demoResult{Stage: step.stage, Outputs: outs})
	}

	// Acceptance: every construction object passes but one.
	as, n, err := reg.AcceptSheet(e.cfg)
	if err != nil {
		return results, err
	}
	acceptPath := filepath.Join(w.OutDir(), "验收结果登记表.xlsx")
	if err := render.WriteInputSheet(acceptPath, as); err != nil {
		return results, err
	}
	data, err := os.ReadFile(acceptPath)
	if err != nil {
		return results, err
	}
	fill := map[int64]map[string]any{}
	for i, row := range as.Rows {
		res := "通过"
		if i == len(as.Rows)-1 {
			res = "不通过"
		}
		fill[row[0].(int64)] = map[string]any{"验收结果": res, "验收日期": "2024-12-20"}
	}
	filled, err := sample.FillSheet(data, fill)
	if err != nil {
		return results, err
	}
	filledPath := filepath.Join(w.OutDir(), "验收结果登记表（已填）.xlsx")
	if err := render.WriteFileAtomic(filledPath, filled); err != nil {
		return results, err
	}
	rows, problems, err := intake.ReadAcceptSheet(filled)
	if err != nil || len(problems) > 0 {
		return results, fmt.Errorf("演示验收表：%v %v", err, problems)
	}
	accepted, problems, err := reg.Accept(ctx, e.cfg, rows)
	if err != nil || len(problems) > 0 {
		return results, fmt.Errorf("演示验收结果：%v %v", err, problems)
	}
	if err := reg.Revalidate(ctx, e.cfg, e.forms); err != nil {
		return results, err
	}
	results = append(results, demoResult{Stage: fmt.Sprintf("验收结果登记（%d 个建设对象，记录 %d 个，其中 1 个未通过）", n, accepted),
		Outputs: []render.Output{{Path: acceptPath}, {Path: filledPath}}})
	certs, err := writeCertificates(e, reg, w.OutDir())
	if err != nil {
		return results, fmt.Errorf("验收证书：%w", err)
	}
	results = append(results, demoResult{Stage: fmt.Sprintf("验收合格证书（%d 份，另附合并打印本）", len(certs)-1),
		Outputs: []render.Output{{Path: filepath.Dir(certs[0])}, {Path: certs[len(certs)-1]}}})
	return results, nil
}
