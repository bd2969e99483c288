package register

import (
	"context"
	"encoding/json"
)

// A construction object's later forms are kept apart from its
// application: versions per stage, and findings of their own, so that
// nothing of the application's (its current version, its findings, the
// quota) changes when the mid-term form arrives.

// currentStageSQL picks each object's current return of a stage (?): the
// one whose file was saved last, the later-received breaking ties, ranked
// in one pass as currentVersionSQL does.
const currentStageSQL = `
	SELECT v.* FROM stage_versions v
	WHERE v.id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY application_id
		` + latestFirst + `) AS rank FROM stage_versions WHERE stage = ?) WHERE rank = 1)`

// StageReturn is an object's current return of a stage.
type StageReturn struct {
	ID            int64  `json:"id"` // the stage version's
	ApplicationID int64  `json:"application_id"`
	Number        int    `json:"version"`
	Versions      int    `json:"versions"`
	Form          string `json:"form"`
	MatchedBy     string `json:"matched_by"`
	File          string `json:"file"`
	Received      string `json:"received"`
	Data          []byte `json:"-"`
}

// StageReturns returns every object's current return of the stage.
func (r *Register) StageReturns(ctx context.Context, stage string) ([]*StageReturn, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT cur.id, cur.application_id, cur.number, cur.form, cur.matched_by, f.name, cur.received, cur.data,
		(SELECT COUNT(*) FROM stage_versions WHERE application_id = cur.application_id AND stage = cur.stage)
		FROM (`+currentStageSQL+`) cur JOIN files f ON f.id = cur.file_id ORDER BY cur.application_id`, stage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*StageReturn
	for rows.Next() {
		var s StageReturn
		var data string
		if err := rows.Scan(&s.ID, &s.ApplicationID, &s.Number, &s.Form, &s.MatchedBy, &s.File, &s.Received, &data, &s.Versions); err != nil {
			return nil, err
		}
		s.Data = []byte(data)
		out = append(out, &s)
	}
	return out, rows.Err()
}

// StageFindings returns the findings of the current returns of a stage,
// by object.
func (r *Register) StageFindings(ctx context.Context, stage string) (map[int64][]Finding, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT cur.application_id, f.rule, f.severity, f.field, f.label, f.message
		FROM stage_findings f JOIN (`+currentStageSQL+`) cur ON cur.id = f.stage_version_id ORDER BY cur.application_id, f.id`, stage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Finding{}
	for rows.Next() {
		var id int64
		var f Finding
		if err := rows.Scan(&id, &f.Rule, &f.Severity, &f.Field, &f.Label, &f.Message); err != nil {
			return nil, err
		}
		out[id] = append(out[id], f)
	}
	return out, rows.Err()
}

// ReplaceStageFindings replaces the findings of the stage versions given.
func (r *Register) ReplaceStageFindings(ctx context.Context, byVersion map[int64][]Finding) error {
	return r.db.Tx(ctx, func(tx stmtTx) error {
		for _, id := range sortedKeys(byVersion) {
			if _, err := tx.Exec(`DELETE FROM stage_findings WHERE stage_version_id = ?`, id); err != nil {
				return err
			}
			if err := insertStageFindings(tx, id, byVersion[id]); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertStageFindings(tx execer, versionID int64, fs []Finding) error {
	for _, f := range fs {
		if _, err := tx.Exec(`INSERT INTO stage_findings(stage_version_id, rule, severity, field, label, message) VALUES (?, ?, ?, ?, ?, ?)`,
			versionID, f.Rule, f.Severity, f.Field, f.Label, f.Message); err != nil {
			return err
		}
	}
	return nil
}

// StageDecision is the committee's recorded word on an object at a stage.
type StageDecision struct {
	ApplicationID int64     `json:"id"`
	Stage         string    `json:"stage"`
	Total         float64   `json:"total"`
	Scores        []float64 `json:"scores"`
	Grade         string    `json:"grade"`
	Conclusion    string    `json:"conclusion"`
	Opinion       string    `json:"opinion"`
	Rectify       []string  `json:"rectify,omitempty"`
	Due           string    `json:"due,omitempty"`
	Decided       string    `json:"decided"` // 2023-06-10
	Source        string    `json:"source"`
	// Earlier are the decisions this one replaced, first first: the
	// 暂缓通过 before a 二次验收 (StageDecisions fills it).
	Earlier []StageDecision `json:"earlier,omitempty"`
}

// stageDecisionColumns are stage_decisions' columns, as stage_decisions_earlier
// has them too.
const stageDecisionColumns = `application_id, stage, total, scores, grade, conclusion, opinion, rectify, due, decided, source`

// RecordStageDecisions records the committee's decisions of a stage, in
// one transaction. A decision that differs from the one recorded for its
// object replaces it, and the earlier one is kept (the 暂缓通过 a 二次验收
// concludes); the same decision read again changes nothing.
func (r *Register) RecordStageDecisions(ctx context.Context, ds []StageDecision) error {
	return r.db.Tx(ctx, func(tx stmtTx) error {
		for _, d := range ds {
			scores, _ := json.Marshal(d.Scores)
			rectify, _ := json.Marshal(d.Rectify)
			if _, err := tx.Exec(`INSERT INTO stage_decisions_earlier(`+stageDecisionColumns+`)
				SELECT `+stageDecisionColumns+` FROM stage_decisions WHERE application_id = ? AND stage = ?
				AND NOT (conclusion = ? AND decided = ? AND total = ? AND grade = ? AND opinion = ? AND due = ?)`,
				d.ApplicationID, d.Stage, d.Conclusion, d.Decided, d.Total, d.Grade, d.Opinion, d.Due); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT OR REPLACE INTO stage_decisions(application_id, stage, total, scores, grade, conclusion, opinion, rectify, due, decided, source)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ApplicationID, d.Stage, d.Total, string(scores), d.Grade, d.Conclusion,
				d.Opinion, string(rectify), d.Due, d.Decided, d.Source); err != nil {
				return err
			}
		}
		return nil
	})
}

// StageDecisions returns a stage's recorded decisions by object.
func (r *Register) StageDecisions(ctx context.Context, stage string) (map[int64]StageDecision, error) {
	out := map[int64]StageDecision{}
	err := r.stageDecisions(ctx, "stage_decisions", stage, func(d StageDecision) { out[d.ApplicationID] = d })
	if err != nil {
		return nil, err
	}
	err = r.stageDecisions(ctx, "stage_decisions_earlier", stage, func(d StageDecision) {
		if cur, ok := out[d.ApplicationID]; ok {
			cur.Earlier = append(cur.Earlier, d)
			out[d.ApplicationID] = cur
		}
	})
	return out, err
}

// stageDecisions hands each decision of a stage in table to each, in the
// order recorded.
func (r *Register) stageDecisions(ctx context.Context, table, stage string, each func(StageDecision)) error {
	rows, err := r.db.QueryContext(ctx, `SELECT `+stageDecisionColumns+` FROM `+table+` WHERE stage = ? ORDER BY rowid`, stage)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d StageDecision
		var scores, rectify string
		if err := rows.Scan(&d.ApplicationID, &d.Stage, &d.Total, &scores, &d.Grade, &d.Conclusion, &d.Opinion, &rectify, &d.Due, &d.Decided, &d.Source); err != nil {
			return err
		}
		json.Unmarshal([]byte(scores), &d.Scores)
		json.Unmarshal([]byte(rectify), &d.Rectify)
		each(d)
	}
	return rows.Err()
}

// StageFile is a file that carried a return of a stage's form (any
// version), with its construction object.
type StageFile struct {
	Stage         string
	ApplicationID int64
	Name          string // the object's name
	Run           int64
	Group         string
}

// StageFiles returns the files of every stage version, in the order they
// were recorded.
func (r *Register) StageFiles(ctx context.Context) ([]StageFile, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT sv.stage, sv.application_id, a.name, COALESCE(f.run, 0), f.grp
		FROM stage_versions sv JOIN files f ON f.id = sv.file_id JOIN applications a ON a.id = sv.application_id ORDER BY sv.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StageFile
	for rows.Next() {
		var s StageFile
		if err := rows.Scan(&s.Stage, &s.ApplicationID, &s.Name, &s.Run, &s.Group); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
