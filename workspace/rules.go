package workspace

import (
	"dbzx/config"
	"dbzx/intake"
	"dbzx/render"
	"dbzx/templates"
)

// RuleDoc is a rule as the front ends explain it (dbzx check --rules).
type RuleDoc struct {
	Code     string   `json:"code"`
	Severity string   `json:"severity"` // 错误, 提醒, 说明
	Forms    []string `json:"forms"`    // the categories (or stage forms) it applies to; empty: all
	Checks   string   `json:"checks"`
	Basis    string   `json:"basis"` // the notice's words, or what the check rests on
}

// Rules explains every rule, the application's, the cross-application and
// the stages', in that order: what it checks, on which forms (categories
// named as cfg names them), at what severity, and the notice's words it
// rests on.
func Rules(cfg *config.Config) []RuleDoc {
	var docs []RuleDoc
	for _, r := range intake.Rules {
		d := RuleDoc{Code: r.Code, Severity: render.SeverityNames[r.Severity], Forms: []string{}, Checks: r.Doc, Basis: intake.Basis[r.Code]}
		for _, f := range r.Forms {
			name := f
			if c, ok := cfg.Category(f); ok {
				name = c.ShortName
			}
			d.Forms = append(d.Forms, name)
		}
		docs = append(docs, d)
	}
	for _, r := range intake.CrossRules {
		docs = append(docs, RuleDoc{Code: r.Code, Severity: render.SeverityNames[r.Severity], Forms: []string{}, Checks: r.Doc, Basis: intake.Basis[r.Code]})
	}
	for _, r := range intake.StageRules {
		docs = append(docs, RuleDoc{Code: r.Code, Severity: render.SeverityNames[r.Severity], Forms: []string{templates.StageFormNames[templates.StageMidterm], templates.StageFormNames[templates.StageFinal]},
			Checks: r.Doc, Basis: intake.Basis[r.Code]})
	}
	return docs
}
