package register

import "context"

// VersionFile is one version of an application or of a stage return,
// with the file it came in: what a unit sent, version by version.
type VersionFile struct {
	ApplicationID int64  `json:"application_id"`
	Stage         string `json:"stage,omitempty"` // "" for the application's own versions
	Number        int    `json:"version"`
	Form          string `json:"form"`
	FormVersion   string `json:"form_version"`
	FileID        int64  `json:"file_id"`
}

// VersionFiles lists every version ever recorded, the applications' and
// the stage returns', in the order their files were received.
func (r *Register) VersionFiles(ctx context.Context) ([]VersionFile, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT application_id, '', number, form, form_version, file_id FROM versions
		UNION ALL SELECT application_id, stage, number, form, form_version, file_id FROM stage_versions
		ORDER BY 6`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []VersionFile
	for rows.Next() {
		var v VersionFile
		if err := rows.Scan(&v.ApplicationID, &v.Stage, &v.Number, &v.Form, &v.FormVersion, &v.FileID); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// FileFindings returns the findings on files rather than on a version
// (the summary sheets'), by file id.
func (r *Register) FileFindings(ctx context.Context) (map[int64][]Finding, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT file_id, rule, severity, field, label, message FROM findings
		WHERE version_id IS NULL ORDER BY id`)
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
