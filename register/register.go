package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// migrations are the register's schema, one step per version. Append only.
var migrations = []string{`
CREATE TABLE runs (
	id       INTEGER PRIMARY KEY,
	started  TEXT NOT NULL,
	finished TEXT
);
CREATE TABLE files (
	id           INTEGER PRIMARY KEY,
	sha256       TEXT NOT NULL,
	origin       TEXT NOT NULL,  -- path as given; bundle entries as bundle.zip!/path
	name         TEXT NOT NULL,  -- file name, decoded
	grp          TEXT NOT NULL DEFAULT '', -- the folder or bundle it came in (its department)
	size         INTEGER NOT NULL,
	kind         TEXT NOT NULL,
	modified     TEXT NOT NULL DEFAULT '',
	received     TEXT NOT NULL,
	status       TEXT NOT NULL,
	reason       TEXT NOT NULL DEFAULT '',
	archive      TEXT NOT NULL DEFAULT '',
	duplicate_of INTEGER REFERENCES files(id),
	run          INTEGER REFERENCES runs(id),
	UNIQUE (origin, sha256)
);
CREATE INDEX files_sha256 ON files(sha256);
CREATE TABLE applications (
	id       INTEGER PRIMARY KEY,
	category TEXT NOT NULL,
	unit     TEXT NOT NULL,
	name     TEXT NOT NULL,
	key      TEXT NOT NULL UNIQUE
);
CREATE TABLE versions (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	number         INTEGER NOT NULL,
	file_id        INTEGER NOT NULL REFERENCES files(id),
	form           TEXT NOT NULL,
	form_version   TEXT NOT NULL,
	leader         TEXT NOT NULL DEFAULT '',
	phone          TEXT NOT NULL DEFAULT '',
	modified       TEXT NOT NULL DEFAULT '',
	received       TEXT NOT NULL,
	data           TEXT NOT NULL, -- the Return as JSON
	UNIQUE (application_id, number)
);
CREATE TABLE findings (
	id         INTEGER PRIMARY KEY,
	version_id INTEGER REFERENCES versions(id),
	file_id    INTEGER REFERENCES files(id),
	rule       TEXT NOT NULL,
	severity   TEXT NOT NULL,
	field      TEXT NOT NULL DEFAULT '',
	label      TEXT NOT NULL DEFAULT '',
	message    TEXT NOT NULL
);
CREATE INDEX findings_version ON findings(version_id);
CREATE TABLE summary_rows (
	id         INTEGER PRIMARY KEY,
	file_id    INTEGER NOT NULL REFERENCES files(id),
	filler     TEXT NOT NULL DEFAULT '', -- 填报单位 of the sheet
	seq        INTEGER NOT NULL,
	category   TEXT NOT NULL DEFAULT '',
	name       TEXT NOT NULL DEFAULT '',
	unit       TEXT NOT NULL DEFAULT '',
	leader     TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	provincial TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT ''
);
`, `
CREATE TABLE attachments (
	file_id        INTEGER PRIMARY KEY REFERENCES files(id),
	application_id INTEGER NOT NULL REFERENCES applications(id)
);
`, `
CREATE TABLE decisions (
	application_id INTEGER PRIMARY KEY REFERENCES applications(id),
	recommended    INTEGER NOT NULL,
	total          REAL NOT NULL DEFAULT 0,
	scores         TEXT NOT NULL DEFAULT '[]',
	forced         INTEGER NOT NULL DEFAULT 0,
	note           TEXT NOT NULL DEFAULT '',
	source         TEXT NOT NULL DEFAULT '',
	decided        TEXT NOT NULL
);
CREATE TABLE acceptance (
	application_id INTEGER PRIMARY KEY REFERENCES applications(id),
	passed         INTEGER NOT NULL,
	date           TEXT NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	recorded       TEXT NOT NULL
);
CREATE TABLE certificates (
	application_id INTEGER PRIMARY KEY REFERENCES applications(id),
	year           INTEGER NOT NULL,
	seq            INTEGER NOT NULL,
	number         TEXT NOT NULL UNIQUE,
	UNIQUE (year, seq)
);
`, `
ALTER TABLE versions ADD COLUMN contact TEXT NOT NULL DEFAULT ''; -- the person the phone belongs to, when not the leader
`, `
ALTER TABLE applications ADD COLUMN withdrawn TEXT NOT NULL DEFAULT '';       -- when the unit withdrew it ('' : not withdrawn)
ALTER TABLE applications ADD COLUMN withdraw_reason TEXT NOT NULL DEFAULT '';
CREATE TABLE detached (
	file_id INTEGER PRIMARY KEY REFERENCES files(id), -- supporting material taken out of every dossier
	at      TEXT NOT NULL
);
CREATE TABLE log ( -- what the clerk changed by hand, never deleted
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	action TEXT NOT NULL, -- withdraw, restore, attach, detach
	target TEXT NOT NULL, -- application:ID or file:ID
	detail TEXT NOT NULL DEFAULT ''
);
`, `
CREATE TABLE certificates_void ( -- numbers no longer on any certificate, never issued again
	application_id INTEGER NOT NULL REFERENCES applications(id),
	year           INTEGER NOT NULL,
	seq            INTEGER NOT NULL,
	number         TEXT NOT NULL,
	voided         TEXT NOT NULL
);
`, `
CREATE TABLE stage_versions ( -- a construction object's later forms (中期考核表, 建设工作报告), by stage
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	stage          TEXT NOT NULL,
	number         INTEGER NOT NULL,
	file_id        INTEGER NOT NULL REFERENCES files(id),
	form           TEXT NOT NULL,
	form_version   TEXT NOT NULL,
	matched_by     TEXT NOT NULL DEFAULT '', -- how the return was matched to its object
	modified       TEXT NOT NULL DEFAULT '',
	received       TEXT NOT NULL,
	data           TEXT NOT NULL,
	UNIQUE (application_id, stage, number)
);
CREATE TABLE stage_findings (
	id               INTEGER PRIMARY KEY,
	stage_version_id INTEGER NOT NULL REFERENCES stage_versions(id),
	rule             TEXT NOT NULL,
	severity         TEXT NOT NULL,
	field            TEXT NOT NULL DEFAULT '',
	label            TEXT NOT NULL DEFAULT '',
	message          TEXT NOT NULL
);
`, `
CREATE TABLE stage_decisions ( -- the committee's word on an object at a stage
	application_id INTEGER NOT NULL REFERENCES applications(id),
	stage          TEXT NOT NULL,
	total          REAL NOT NULL DEFAULT 0,
	scores         TEXT NOT NULL DEFAULT '[]',
	grade          TEXT NOT NULL DEFAULT '',
	conclusion     TEXT NOT NULL,
	opinion        TEXT NOT NULL DEFAULT '',
	rectify        TEXT NOT NULL DEFAULT '[]', -- the items to put right, JSON
	due            TEXT NOT NULL DEFAULT '',
	decided        TEXT NOT NULL,
	source         TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (application_id, stage)
);
`, `
CREATE TABLE stage_decisions_earlier ( -- a decision a later one replaced (暂缓通过 before its 二次验收), never deleted
	application_id INTEGER NOT NULL REFERENCES applications(id),
	stage          TEXT NOT NULL,
	total          REAL NOT NULL,
	scores         TEXT NOT NULL,
	grade          TEXT NOT NULL,
	conclusion     TEXT NOT NULL,
	opinion        TEXT NOT NULL,
	rectify        TEXT NOT NULL,
	due            TEXT NOT NULL,
	decided        TEXT NOT NULL,
	source         TEXT NOT NULL
);
`, `
CREATE TABLE console_links ( -- the web console's private links: a token's hash, never the token
	id         INTEGER PRIMARY KEY,
	role       TEXT NOT NULL,    -- unit or clerk
	unit       TEXT NOT NULL DEFAULT '',
	generation INTEGER NOT NULL, -- bumped by dbzx links --rotate
	token_hash TEXT NOT NULL UNIQUE, -- hex SHA-256 of the token
	created    TEXT NOT NULL,
	revoked    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE console_log ( -- every request the web console answered, every file uploaded
	id     INTEGER PRIMARY KEY,
	at     TEXT NOT NULL,
	role   TEXT NOT NULL DEFAULT '',
	unit   TEXT NOT NULL DEFAULT '',
	remote TEXT NOT NULL DEFAULT '',
	method TEXT NOT NULL DEFAULT '',
	path   TEXT NOT NULL DEFAULT '', -- with the token cut out
	status INTEGER NOT NULL DEFAULT 0,
	file   TEXT NOT NULL DEFAULT '', -- an upload's name as the browser sent it
	size   INTEGER NOT NULL DEFAULT 0,
	sha256 TEXT NOT NULL DEFAULT ''
);
`}

// Register is the workspace's record of every file taken in, every
// application with its versions, and the findings. It has one writer: the
// command that opened it (SQLite makes a second process wait).
type Register struct {
	db *sqlDB
}

// Open opens (creating if needed) the workspace's register.
func Open(l Layout) (*Register, error) {
	db, err := openDB(l.sqlitePath(), migrations)
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", l.RegisterPath(), err)
	}
	return &Register{db: db}, nil
}

// OpenReadOnly opens the register of another workspace (an earlier
// round) for reading: no lock, no migration, no write. ErrOldSchema when
// that workspace was last opened by an older dbzx.
func OpenReadOnly(l Layout) (*Register, error) {
	if err := l.Check(); err != nil {
		return nil, err
	}
	db, err := openDBMode(l.RegisterPath(), migrations, true)
	if err != nil {
		return nil, fmt.Errorf("register %s: %w", l.RegisterPath(), err)
	}
	return &Register{db: db}, nil
}

// Close closes the register.
func (r *Register) Close() error { return r.db.Close() }

// TimeFormat is how times are stored: sortable text.
const TimeFormat = time.RFC3339

// FileRecord is one row of the files table.
type FileRecord struct {
	ID          int64  `json:"id"`
	SHA256      string `json:"sha256"`
	Origin      string `json:"origin"`
	Name        string `json:"name"`
	Group       string `json:"group"`
	Size        int64  `json:"size"`
	Kind        string `json:"kind"`
	Modified    string `json:"modified"`
	Received    string `json:"received"`
	Status      string `json:"status"`
	Reason      string `json:"reason,omitempty"`
	Archive     string `json:"archive,omitempty"`
	DuplicateOf int64  `json:"duplicate_of,omitempty"`
	Run         int64  `json:"run"`
}

// StartRun records the start of an intake run.
func (r *Register) StartRun(now time.Time) (int64, error) {
	res, err := r.db.Exec(`INSERT INTO runs(started) VALUES (?)`, now.Format(TimeFormat))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// FinishRun records the end of a run.
func (r *Register) FinishRun(id int64, now time.Time) error {
	_, err := r.db.Exec(`UPDATE runs SET finished = ? WHERE id = ?`, now.Format(TimeFormat), id)
	return err
}

// Known returns the file registered under the same origin with the same
// bytes (a re-run of intake on the same folder), or nil.
func (r *Register) Known(origin, sha string) (*FileRecord, error) {
	return r.fileWhere(`origin = ? AND sha256 = ?`, origin, sha)
}

// KnownSet returns origin → sha256 of every registered file, so a re-run
// can skip parsing what it already holds, and the set of every registered
// file's SHA-256.
func (r *Register) KnownSet() (known map[string]string, hashes map[string]bool, err error) {
	rows, err := r.db.Query(`SELECT origin, sha256 FROM files`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	known, hashes = map[string]string{}, map[string]bool{}
	for rows.Next() {
		var o, s string
		if err := rows.Scan(&o, &s); err != nil {
			return nil, nil, err
		}
		known[o], hashes[s] = s, true
	}
	return known, hashes, rows.Err()
}

// FirstWithHash returns the first file registered with these bytes, or nil.
func (r *Register) FirstWithHash(sha string) (*FileRecord, error) {
	return r.fileWhere(`sha256 = ? AND status != 'duplicate'`, sha)
}

// File returns the file with this id, or nil.
func (r *Register) File(id int64) (*FileRecord, error) {
	return r.fileWhere(`id = ?`, id)
}

const fileColumns = `id, sha256, origin, name, grp, size, kind, modified, received, status, reason, archive,
	COALESCE(duplicate_of, 0), COALESCE(run, 0)`

func scanFile(s interface{ Scan(...any) error }) (*FileRecord, error) {
	var f FileRecord
	err := s.Scan(&f.ID, &f.SHA256, &f.Origin, &f.Name, &f.Group, &f.Size, &f.Kind, &f.Modified, &f.Received,
		&f.Status, &f.Reason, &f.Archive, &f.DuplicateOf, &f.Run)
	return &f, err
}

func (r *Register) fileWhere(where string, args ...any) (*FileRecord, error) {
	f, err := scanFile(r.db.QueryRow(`SELECT `+fileColumns+` FROM files WHERE `+where+` ORDER BY id LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return f, err
}

// Files returns every registered file in the order received.
func (r *Register) Files() ([]*FileRecord, error) {
	var out []*FileRecord
	err := r.EachFile(func(f *FileRecord) error {
		out = append(out, f)
		return nil
	})
	return out, err
}

// EachFile calls fn with every registered file in id order, one at a time,
// so that a report of tens of thousands of files is not held in memory.
// fn must not use the register (its one connection is reading); an error
// from fn stops the walk and is returned.
func (r *Register) EachFile(fn func(*FileRecord) error) error {
	rows, err := r.db.Query(`SELECT ` + fileColumns + ` FROM files ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FileCount is the number of registered files.
func (r *Register) FileCount() (int, error) {
	var n int
	err := r.db.QueryRow(`SELECT COUNT(*) FROM files`).Scan(&n)
	return n, err
}

// FileCounts counts the registered files by status.
func (r *Register) FileCounts() (map[string]int, error) {
	rows, err := r.db.Query(`SELECT status, COUNT(*) FROM files GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// Finding is a stored finding: what a rule said of a return or a sheet.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Field    string `json:"field,omitempty"`
	Label    string `json:"label,omitempty"`
	Message  string `json:"message"`
}

// SummarySheet is a 附件9 summary sheet's rows to store.
type SummarySheet struct {
	Filler string
	Rows   []SummaryRow
}

// SummaryRow is one row of a summary sheet.
type SummaryRow struct {
	Seq        int    `json:"seq"`
	Category   string `json:"category"`
	Name       string `json:"name"`
	Unit       string `json:"unit"`
	Leader     string `json:"leader"`
	Phone      string `json:"phone"`
	Provincial string `json:"provincial"`
	Note       string `json:"note"`
}

// NewVersion is a parsed return to record as the next version of its
// application, created on first sight of Key.
type NewVersion struct {
	Key                    string // identity: returns with one key are versions of one application
	Category, Unit, Name   string
	Leader, Contact, Phone string
	Form, FormVersion      string
	Data                   []byte // the return as read (JSON)
	Findings               []Finding
}

// Entry is everything one input file adds to the register, written in one
// transaction so that a crash leaves the file either wholly recorded or not
// at all.
type Entry struct {
	File    FileRecord
	Version *NewVersion   // a parsed application form
	Summary *SummarySheet // a parsed 附件9 summary sheet
	Stage   *NewStageVersion
}

// NewStageVersion is a parsed stage return (中期考核表, 建设工作报告) to
// record as the next version of its construction object's return for the
// stage: never a new application.
type NewStageVersion struct {
	ApplicationID     int64
	Stage             string
	Form, FormVersion string
	MatchedBy         string
	Data              []byte
	Findings          []Finding
}

// Application is an application: a category, a unit and a name, with the
// number of its current version.
type Application struct {
	ID       int64  `json:"id"`
	Category string `json:"category"`
	Unit     string `json:"unit"`
	Name     string `json:"name"`
	Leader   string `json:"leader"`
	Contact  string `json:"contact,omitempty"` // whose phone Phone is, when not the leader's
	Phone    string `json:"phone"`
	Current  int    `json:"current_version"`
	Versions int    `json:"versions"`
	// Withdrawn is when the unit withdrew the application ("": it
	// stands), with the reason it gave.
	Withdrawn      string `json:"withdrawn,omitempty"`
	WithdrawReason string `json:"withdraw_reason,omitempty"`
}

// Add writes one entry: the file row and, for a return, its application
// (created on first sight), its next version and its findings. It returns
// the file's id and, for a return, the version number. An entry whose
// File.ID is set takes the place of that earlier row of the same file (a
// file rejected before, read now that it can be): status, reason and
// archive are updated, nothing else of the row changes.
func (r *Register) Add(ctx context.Context, e *Entry) (fileID int64, version int, err error) {
	err = r.db.Tx(ctx, func(tx stmtTx) error {
		f := &e.File
		var dup any
		if f.DuplicateOf != 0 {
			dup = f.DuplicateOf
		}
		if f.ID != 0 {
			fileID = f.ID
			if _, err := tx.Exec(`UPDATE files SET status = ?, reason = ?, archive = ?, kind = ?, duplicate_of = ?, run = ? WHERE id = ?`,
				f.Status, f.Reason, f.Archive, f.Kind, dup, f.Run, f.ID); err != nil {
				return err
			}
		} else {
			res, err := tx.Exec(`INSERT INTO files(sha256, origin, name, grp, size, kind, modified, received, status, reason, archive, duplicate_of, run)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				f.SHA256, f.Origin, f.Name, f.Group, f.Size, f.Kind, f.Modified, f.Received, f.Status, f.Reason, f.Archive, dup, f.Run)
			if err != nil {
				return err
			}
			if fileID, err = res.LastInsertId(); err != nil {
				return err
			}
		}
		if e.Summary != nil {
			for _, row := range e.Summary.Rows {
				if _, err := tx.Exec(`INSERT INTO summary_rows(file_id, filler, seq, category, name, unit, leader, phone, provincial, note)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, fileID, e.Summary.Filler, row.Seq, row.Category, row.Name,
					row.Unit, row.Leader, row.Phone, row.Provincial, row.Note); err != nil {
					return err
				}
			}
		}
		if st := e.Stage; st != nil {
			if err := tx.QueryRow(`SELECT COALESCE(MAX(number), 0) + 1 FROM stage_versions WHERE application_id = ? AND stage = ?`,
				st.ApplicationID, st.Stage).Scan(&version); err != nil {
				return err
			}
			res, err := tx.Exec(`INSERT INTO stage_versions(application_id, stage, number, file_id, form, form_version, matched_by, modified, received, data)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, st.ApplicationID, st.Stage, version, fileID, st.Form, st.FormVersion,
				st.MatchedBy, f.Modified, f.Received, string(st.Data))
			if err != nil {
				return err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			return insertStageFindings(tx, id, st.Findings)
		}
		v := e.Version
		if v == nil {
			return nil
		}
		appID, err := upsertApplication(tx, v.Key, v.Category, v.Unit, v.Name)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(`SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE application_id = ?`, appID).Scan(&version); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO versions(application_id, number, file_id, form, form_version, leader, contact, phone, modified, received, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, appID, version, fileID, v.Form, v.FormVersion,
			v.Leader, v.Contact, v.Phone, f.Modified, f.Received, string(v.Data))
		if err != nil {
			return err
		}
		versionID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		return insertFindings(tx, versionID, fileID, v.Findings)
	})
	return fileID, version, err
}

// execer runs statements: a transaction, or one with its statements kept
// prepared (sqlDB.in).
type execer interface {
	Exec(query string, args ...any) (sql.Result, error)
	QueryRow(query string, args ...any) *sql.Row
}

func upsertApplication(tx execer, key, category, unit, name string) (int64, error) {
	var id int64
	err := tx.QueryRow(`SELECT id FROM applications WHERE key = ?`, key).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	res, err := tx.Exec(`INSERT INTO applications(category, unit, name, key) VALUES (?, ?, ?, ?)`,
		category, strings.TrimSpace(unit), strings.TrimSpace(name), key)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func insertFindings(tx execer, versionID, fileID int64, fs []Finding) error {
	var v any
	if versionID != 0 {
		v = versionID
	}
	for _, f := range fs {
		if _, err := tx.Exec(`INSERT INTO findings(version_id, file_id, rule, severity, field, label, message)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, v, fileID, f.Rule, f.Severity, f.Field, f.Label, f.Message); err != nil {
			return err
		}
	}
	return nil
}

// currentVersionSQL picks each application's current version: the one
// whose file was saved last, the later-received breaking ties. The
// versions are ranked in one pass: a subquery per version, as this was
// first written, let SQLite compare every finding with every version
// (10,000 returns: 7 s for the intake report's findings, now 0.1 s).
const currentVersionSQL = `
	SELECT v.* FROM versions v
	WHERE v.id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY application_id
		` + latestFirst + `) AS rank FROM versions) WHERE rank = 1)`

// latestFirst orders an application's versions (or an object's returns of
// a stage) current first: the file saved last, the later-received (the
// higher number) breaking ties.
const latestFirst = `ORDER BY modified DESC, number DESC`

// Applications returns every application with its current version's
// leader and phone, in category then unit then name order.
func (r *Register) Applications() ([]*Application, error) { return r.applications(true) }

// applications returns the applications that have a version (filed) or
// those that have none.
func (r *Register) applications(filed bool) ([]*Application, error) {
	join, where := "JOIN", ""
	if !filed {
		join, where = "LEFT JOIN", "WHERE cur.id IS NULL"
	}
	rows, err := r.db.Query(`
		SELECT a.id, a.category, a.unit, a.name, COALESCE(cur.leader, ''), COALESCE(cur.contact, ''), COALESCE(cur.phone, ''),
			COALESCE(cur.number, 0), a.withdrawn, a.withdraw_reason, (SELECT COUNT(*) FROM versions WHERE application_id = a.id)
		FROM applications a ` + join + ` (` + currentVersionSQL + `) cur ON cur.application_id = a.id ` + where + `
		ORDER BY a.category, a.unit, a.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Application
	for rows.Next() {
		var a Application
		if err := rows.Scan(&a.ID, &a.Category, &a.Unit, &a.Name, &a.Leader, &a.Contact, &a.Phone, &a.Current, &a.Withdrawn, &a.WithdrawReason, &a.Versions); err != nil {
			return nil, err
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

// FindingRecord is a stored finding with where it belongs.
type FindingRecord struct {
	Finding
	ApplicationID int64  `json:"application_id"`
	Version       int    `json:"version"`
	File          string `json:"file"`
}

// CurrentFindings returns the findings of every application's current
// version, then those on summary sheets (ApplicationID 0).
func (r *Register) CurrentFindings() ([]*FindingRecord, error) {
	var out []*FindingRecord
	err := r.EachCurrentFinding(func(f *FindingRecord) error {
		out = append(out, f)
		return nil
	})
	return out, err
}

// EachCurrentFinding calls fn with each finding CurrentFindings returns,
// in the same order, one at a time; fn must not use the register.
func (r *Register) EachCurrentFinding(fn func(*FindingRecord) error) error {
	rows, err := r.db.Query(`SELECT * FROM (
		SELECT f.rule, f.severity, f.field, f.label, f.message, cur.application_id AS app, cur.number, fl.name, f.id AS fid
		FROM findings f JOIN (` + currentVersionSQL + `) cur ON cur.id = f.version_id
		JOIN files fl ON fl.id = f.file_id
		UNION ALL
		SELECT f.rule, f.severity, f.field, f.label, f.message, 0, 0, fl.name, f.id
		FROM findings f JOIN files fl ON fl.id = f.file_id WHERE f.version_id IS NULL)
		ORDER BY app = 0, app, fid`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var f FindingRecord
		var id int64
		if err := rows.Scan(&f.Rule, &f.Severity, &f.Field, &f.Label, &f.Message, &f.ApplicationID, &f.Version, &f.File, &id); err != nil {
			return err
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CurrentData returns the stored return (as given to Add) of an
// application's current version, with its file record.
func (r *Register) CurrentData(appID int64) ([]byte, *FileRecord, error) {
	var data string
	var fileID int64
	err := r.db.QueryRow(`SELECT data, file_id FROM versions WHERE application_id = ?
		`+latestFirst+` LIMIT 1`, appID).Scan(&data, &fileID)
	if err != nil {
		return nil, nil, err
	}
	f, err := r.File(fileID)
	return []byte(data), f, err
}

// CurrentVersion is an application's current version, as the rules across
// applications need it.
type CurrentVersion struct {
	Application
	VersionID int64
	FileID    int64
	Form      string
	Received  string
}

// CurrentVersions lists the current version of every application, in
// application id order.
func (r *Register) CurrentVersions(ctx context.Context) ([]CurrentVersion, error) {
	rows, err := r.db.QueryContext(ctx, `
		SELECT a.id, a.category, a.unit, a.name, cur.leader, cur.phone, cur.id, cur.file_id, cur.form, cur.received, a.withdrawn
		FROM applications a JOIN (`+currentVersionSQL+`) cur ON cur.application_id = a.id ORDER BY a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CurrentVersion
	for rows.Next() {
		var a CurrentVersion
		if err := rows.Scan(&a.ID, &a.Category, &a.Unit, &a.Name, &a.Leader, &a.Phone, &a.VersionID, &a.FileID, &a.Form, &a.Received, &a.Withdrawn); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// VersionData returns a version's stored return.
func (r *Register) VersionData(ctx context.Context, versionID int64) ([]byte, error) {
	var data string
	err := r.db.QueryRowContext(ctx, `SELECT data FROM versions WHERE id = ?`, versionID).Scan(&data)
	return []byte(data), err
}

// StoredSummaryRow is a summary sheet's row with the file it came in.
type StoredSummaryRow struct {
	FileID   int64
	File     string
	Modified string // the file's modification time
	Filler   string // the sheet's 填报单位
	SummaryRow
}

// SummaryRows returns every stored summary row, in the order stored.
func (r *Register) SummaryRows(ctx context.Context) ([]StoredSummaryRow, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT s.file_id, f.name, f.modified, s.filler, s.seq, s.category, s.name, s.unit, s.leader, s.phone, s.provincial, s.note
		FROM summary_rows s JOIN files f ON f.id = s.file_id ORDER BY s.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredSummaryRow
	for rows.Next() {
		var s StoredSummaryRow
		if err := rows.Scan(&s.FileID, &s.File, &s.Modified, &s.Filler, &s.Seq, &s.Category, &s.Name, &s.Unit, &s.Leader, &s.Phone, &s.Provincial, &s.Note); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ReplaceFindings replaces, in one transaction, the findings of every
// current version with byVersion (version id → findings) and those of
// summary sheets with byFile (file id → findings).
func (r *Register) ReplaceFindings(ctx context.Context, byVersion, byFile map[int64][]Finding) error {
	return r.db.Tx(ctx, func(tx stmtTx) error {
		if _, err := tx.Exec(`DELETE FROM findings WHERE version_id IN (SELECT id FROM (` + currentVersionSQL + `)) OR version_id IS NULL`); err != nil {
			return err
		}
		for _, v := range sortedKeys(byVersion) {
			var fileID int64
			if err := tx.QueryRow(`SELECT file_id FROM versions WHERE id = ?`, v).Scan(&fileID); err != nil {
				return err
			}
			if err := insertFindings(tx, v, fileID, byVersion[v]); err != nil {
				return err
			}
		}
		for _, id := range sortedKeys(byFile) {
			if err := insertFindings(tx, 0, id, byFile[id]); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearFindings deletes what ReplaceFindings replaces: the findings of
// current versions and those of files alone. With AddFindings, inside a
// batch (BeginBatch … EndBatch), it is ReplaceFindings one version at a
// time, without holding every finding at once.
func (r *Register) ClearFindings(ctx context.Context) error {
	_, err := r.db.ExecContext(ctx, `DELETE FROM findings WHERE version_id IN (SELECT id FROM (`+currentVersionSQL+`)) OR version_id IS NULL`)
	return err
}

// AddFindings adds findings of a version (its file looked up), or, with
// versionID 0, of the file fileID alone.
func (r *Register) AddFindings(ctx context.Context, versionID, fileID int64, fs []Finding) error {
	if len(fs) == 0 {
		return nil
	}
	return r.db.Tx(ctx, func(tx stmtTx) error {
		if versionID != 0 {
			if err := tx.QueryRow(`SELECT file_id FROM versions WHERE id = ?`, versionID).Scan(&fileID); err != nil {
				return err
			}
		}
		return insertFindings(tx, versionID, fileID, fs)
	})
}

// AbortBatch takes back what was done since BeginBatch.
func (r *Register) AbortBatch() error { return r.db.AbortBatch() }

func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// DB is the register's database, for tests and inspection: what it shows
// is the schema above. Writes go through the methods.
func (r *Register) DB() *sql.DB { return r.db.DB }

// BeginBatch makes the Adds (and every other statement) until EndBatch
// one transaction: an intake run records hundreds of files, and a commit
// each cost as much as the recording. Each Add is a savepoint in it, so
// one that fails takes back only its own rows. Statements from other
// goroutines meanwhile go through the batch as well.
func (r *Register) BeginBatch() error { return r.db.BeginBatch() }

// EndBatch commits what was recorded since BeginBatch.
func (r *Register) EndBatch() error { return r.db.EndBatch() }
