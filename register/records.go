package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Decision is the committee's recorded word on one application.
type Decision struct {
	ApplicationID int64
	Recommended   bool
	Total         float64
	Scores        string // JSON array of the item scores
	Forced        bool   // recommended although it had open errors
	Note          string
	Source        string // the sheets it was read from
}

// RecordDecisions stores decisions in one transaction, replacing earlier
// ones of the same applications, all stamped with when.
func (r *Register) RecordDecisions(ctx context.Context, ds []Decision, when time.Time) error {
	now := when.Format(TimeFormat)
	return r.db.Tx(ctx, func(tx stmtTx) error {
		for _, d := range ds {
			if _, err := tx.Exec(`INSERT INTO decisions(application_id, recommended, total, scores, forced, note, source, decided)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT(application_id) DO UPDATE SET recommended = excluded.recommended, total = excluded.total,
					scores = excluded.scores, forced = excluded.forced, note = excluded.note, source = excluded.source,
					decided = excluded.decided`,
				d.ApplicationID, d.Recommended, d.Total, d.Scores, d.Forced, d.Note, d.Source, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// Decisions returns the recorded decisions by application id.
func (r *Register) Decisions() (map[int64]Decision, error) {
	rows, err := r.db.Query(`SELECT application_id, recommended, total, scores, forced, note, source FROM decisions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Decision{}
	for rows.Next() {
		var d Decision
		if err := rows.Scan(&d.ApplicationID, &d.Recommended, &d.Total, &d.Scores, &d.Forced, &d.Note, &d.Source); err != nil {
			return nil, err
		}
		out[d.ApplicationID] = d
	}
	return out, rows.Err()
}

// DecisionTime is when the decisions were last recorded (zero if none).
func (r *Register) DecisionTime() (time.Time, error) {
	var s string
	if err := r.db.QueryRow(`SELECT COALESCE(MAX(decided), '') FROM decisions`).Scan(&s); err != nil {
		return time.Time{}, err
	}
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(TimeFormat, s)
}

// Acceptance is a recorded acceptance result.
type Acceptance struct {
	ApplicationID int64
	Passed        bool
	Date          string // as given: 2024-12-20 or 2024-12
	Note          string
}

// RecordAcceptances stores acceptance results in one transaction,
// replacing earlier ones of the same applications.
func (r *Register) RecordAcceptances(ctx context.Context, as []Acceptance, now time.Time) error {
	stamp := now.Format(TimeFormat)
	return r.db.Tx(ctx, func(tx stmtTx) error {
		for _, a := range as {
			if _, err := tx.Exec(`INSERT INTO acceptance(application_id, passed, date, note, recorded) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT(application_id) DO UPDATE SET passed = excluded.passed, date = excluded.date,
					note = excluded.note, recorded = excluded.recorded`, a.ApplicationID, a.Passed, a.Date, a.Note, stamp); err != nil {
				return err
			}
		}
		return nil
	})
}

// Acceptances returns the recorded acceptance results by application id.
func (r *Register) Acceptances() (map[int64]Acceptance, error) {
	rows, err := r.db.Query(`SELECT application_id, passed, date, note FROM acceptance`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Acceptance{}
	for rows.Next() {
		var a Acceptance
		if err := rows.Scan(&a.ApplicationID, &a.Passed, &a.Date, &a.Note); err != nil {
			return nil, err
		}
		out[a.ApplicationID] = a
	}
	return out, rows.Err()
}

// Failed is an application whose acceptance failed.
type Failed struct {
	Category, Unit, Name string
	Date                 string
}

// FailedAcceptances lists the applications whose acceptance failed.
func (r *Register) FailedAcceptances() ([]Failed, error) {
	rows, err := r.db.Query(`SELECT a.category, a.unit, a.name, x.date FROM acceptance x JOIN applications a ON a.id = x.application_id WHERE x.passed = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Failed
	for rows.Next() {
		var f Failed
		if err := rows.Scan(&f.Category, &f.Unit, &f.Name, &f.Date); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// CertificateRequest asks for an application's certificate number in a
// year.
type CertificateRequest struct {
	ApplicationID int64
	Year          int
}

// CertificateNumbers returns each requested application's certificate
// number, issuing new ones after the year's last (format makes the text of
// number seq in year). A number once issued is kept: asking again returns
// the same number, whatever the order of the requests — unless the year
// asked for is another (the acceptance was re-dated): then the object gets
// a number of that year, and the old one is void, never issued again.
func (r *Register) CertificateNumbers(ctx context.Context, reqs []CertificateRequest, format func(year, seq int) string) (map[int64]string, error) {
	out := map[int64]string{}
	err := r.db.Tx(ctx, func(tx stmtTx) error {
		for _, q := range reqs {
			var number string
			var year int
			err := tx.QueryRow(`SELECT number, year FROM certificates WHERE application_id = ?`, q.ApplicationID).Scan(&number, &year)
			if err == nil && year != q.Year {
				// The acceptance was re-dated into another year: the number
				// follows it, and the old one is void, never issued again.
				if _, err := tx.Exec(`INSERT INTO certificates_void(application_id, year, seq, number, voided)
					SELECT application_id, year, seq, number, ? FROM certificates WHERE application_id = ?`,
					time.Now().Format(TimeFormat), q.ApplicationID); err != nil {
					return err
				}
				if _, err := tx.Exec(`DELETE FROM certificates WHERE application_id = ?`, q.ApplicationID); err != nil {
					return err
				}
				err = sql.ErrNoRows
			}
			if errors.Is(err, sql.ErrNoRows) {
				var seq int
				if err := tx.QueryRow(`SELECT COALESCE(MAX(seq), 0) + 1 FROM (
					SELECT seq FROM certificates WHERE year = ? UNION ALL SELECT seq FROM certificates_void WHERE year = ?)`,
					q.Year, q.Year).Scan(&seq); err != nil {
					return err
				}
				number = format(q.Year, seq)
				_, err = tx.Exec(`INSERT INTO certificates(application_id, year, seq, number) VALUES (?, ?, ?, ?)`, q.ApplicationID, q.Year, seq, number)
			}
			if err != nil {
				return err
			}
			out[q.ApplicationID] = number
		}
		return nil
	})
	return out, err
}

// ApplicationGroups maps each application to the group (folder or
// bundle) its current return came in.
func (r *Register) ApplicationGroups() (map[int64]string, error) {
	rows, err := r.db.Query(`SELECT cur.application_id, f.grp FROM (` + currentVersionSQL + `) cur JOIN files f ON f.id = cur.file_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var g string
		if err := rows.Scan(&id, &g); err != nil {
			return nil, err
		}
		out[id] = g
	}
	return out, rows.Err()
}

// AttachmentLinks maps supporting material linked by hand (file id) to
// its application.
func (r *Register) AttachmentLinks() (map[int64]int64, error) {
	rows, err := r.db.Query(`SELECT file_id, application_id FROM attachments`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var f, a int64
		if err := rows.Scan(&f, &a); err != nil {
			return nil, err
		}
		out[f] = a
	}
	return out, rows.Err()
}

// Link links a file of supporting material to an application, replacing
// an earlier link of the file.
func (r *Register) Link(ctx context.Context, fileID, appID int64) error {
	return r.db.Tx(ctx, func(tx stmtTx) error {
		_, err := tx.Exec(`INSERT INTO attachments(file_id, application_id) VALUES (?, ?)
			ON CONFLICT(file_id) DO UPDATE SET application_id = excluded.application_id`, fileID, appID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM detached WHERE file_id = ?`, fileID); err != nil {
			return err
		}
		return logTx(tx, time.Now().Format(TimeFormat), "attach", fmt.Sprintf("file:%d", fileID), fmt.Sprintf("application:%d", appID))
	})
}

// Withdraw marks an application withdrawn by its unit at when, with the
// reason, or (undo) stands it again; the register keeps the application,
// its versions and files either way, and logs the change.
func (r *Register) Withdraw(ctx context.Context, appID int64, reason string, undo bool, when time.Time) error {
	at := when.Format(TimeFormat)
	return r.db.Tx(ctx, func(tx stmtTx) error {
		stamp, action := at, "withdraw"
		if undo {
			stamp, reason, action = "", "", "restore"
		}
		res, err := tx.Exec(`UPDATE applications SET withdrawn = ?, withdraw_reason = ? WHERE id = ?`, stamp, reason, appID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return sql.ErrNoRows
		}
		return logTx(tx, at, action, fmt.Sprintf("application:%d", appID), reason)
	})
}

// Detach takes a file of supporting material out of every dossier (and
// out of a link made by hand), logging it; Link puts it back.
func (r *Register) Detach(ctx context.Context, fileID int64, when time.Time) error {
	at := when.Format(TimeFormat)
	return r.db.Tx(ctx, func(tx stmtTx) error {
		if _, err := tx.Exec(`DELETE FROM attachments WHERE file_id = ?`, fileID); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO detached(file_id, at) VALUES (?, ?) ON CONFLICT(file_id) DO UPDATE SET at = excluded.at`, fileID, at); err != nil {
			return err
		}
		return logTx(tx, at, "detach", fmt.Sprintf("file:%d", fileID), "")
	})
}

// DetachedFiles is the set of files taken out of the dossiers.
func (r *Register) DetachedFiles() (map[int64]bool, error) {
	return querySet[int64](r.db, `SELECT file_id FROM detached`)
}

// querySet is the set of the values of a query of one column.
func querySet[T comparable](db *sqlDB, query string) (map[T]bool, error) {
	rows, err := db.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[T]bool{}
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, rows.Err()
}

// LogEntry is one change the clerk made by hand.
type LogEntry struct {
	At     string `json:"at"`
	Action string `json:"action"`
	Target string `json:"target"`
	Detail string `json:"detail,omitempty"`
}

// Log lists the changes made by hand, oldest first.
func (r *Register) Log() ([]LogEntry, error) {
	rows, err := r.db.Query(`SELECT at, action, target, detail FROM log ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LogEntry
	for rows.Next() {
		var e LogEntry
		if err := rows.Scan(&e.At, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func logTx(tx execer, at, action, target, detail string) error {
	_, err := tx.Exec(`INSERT INTO log(at, action, target, detail) VALUES (?, ?, ?, ?)`, at, action, target, detail)
	return err
}

// EnsureListed records an object the configuration names without a form
// (a provincial recommendation whose unit sent none) as an application
// with no version, keyed like a return of it would be, so that a form sent
// later becomes its first version. It returns the application's id.
func (r *Register) EnsureListed(ctx context.Context, key, category, unit, name string) (id int64, err error) {
	err = r.db.Tx(ctx, func(tx stmtTx) error {
		id, err = upsertApplication(tx, key, category, unit, name)
		return err
	})
	return id, err
}

// Unfiled returns the applications that have no version: objects the
// configuration names, recorded by EnsureListed, whose unit sent no form.
func (r *Register) Unfiled() ([]*Application, error) { return r.applications(false) }
