package register

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// The web console's own tables: its private links (only their tokens'
// hashes) and its access log. The console writes them without the
// workspace's lock — they are no part of what intake records, and SQLite
// serialises their writes with any command's.

// ConsoleLink is one private link of the web console, as stored: who it
// is for and the SHA-256 of its token.
type ConsoleLink struct {
	Role       string `json:"role"` // unit or clerk
	Unit       string `json:"unit,omitempty"`
	Generation int    `json:"generation"`
	TokenHash  string `json:"-"` // hex SHA-256 of the token
	Created    string `json:"created"`
}

// ConsoleLinks returns the links in force (not revoked), in the order they
// were made.
func (r *Register) ConsoleLinks() ([]ConsoleLink, error) {
	rows, err := r.db.Query(`SELECT role, unit, generation, token_hash, created FROM console_links
		WHERE revoked = '' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ConsoleLink
	for rows.Next() {
		var l ConsoleLink
		if err := rows.Scan(&l.Role, &l.Unit, &l.Generation, &l.TokenHash, &l.Created); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// LastGeneration returns the highest generation ever given to the link of
// role and unit, revoked ones included; 0 when it never had one.
func (r *Register) LastGeneration(role, unit string) (int, error) {
	var g sql.NullInt64
	err := r.db.QueryRow(`SELECT MAX(generation) FROM console_links WHERE role = ? AND unit = ?`, role, unit).Scan(&g)
	return int(g.Int64), err
}

// PutConsoleLink makes l the link in force for its role and unit: any
// earlier one is revoked (its token no longer opens anything).
func (r *Register) PutConsoleLink(ctx context.Context, l ConsoleLink, now time.Time) error {
	at := now.Format(TimeFormat)
	return r.db.Tx(ctx, func(tx stmtTx) error {
		if _, err := tx.Exec(`UPDATE console_links SET revoked = ? WHERE role = ? AND unit = ? AND revoked = ''`,
			at, l.Role, l.Unit); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO console_links(role, unit, generation, token_hash, created) VALUES (?, ?, ?, ?, ?)`,
			l.Role, l.Unit, l.Generation, l.TokenHash, at)
		return err
	})
}

// ConsoleLinkByHash returns the link in force whose token hashes to hash,
// or nil.
func (r *Register) ConsoleLinkByHash(hash string) (*ConsoleLink, error) {
	var l ConsoleLink
	err := r.db.QueryRow(`SELECT role, unit, generation, token_hash, created FROM console_links
		WHERE token_hash = ? AND revoked = ''`, hash).Scan(&l.Role, &l.Unit, &l.Generation, &l.TokenHash, &l.Created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// ConsoleLogEntry is one request the console answered, or one file
// uploaded in it.
type ConsoleLogEntry struct {
	At     string `json:"at"`
	Role   string `json:"role,omitempty"`
	Unit   string `json:"unit,omitempty"`
	Remote string `json:"remote"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	File   string `json:"file,omitempty"`
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
}

// LogConsole appends entries to the console's log, in one transaction.
func (r *Register) LogConsole(ctx context.Context, entries []ConsoleLogEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return r.db.Tx(ctx, func(tx stmtTx) error {
		for _, e := range entries {
			if _, err := tx.Exec(`INSERT INTO console_log(at, role, unit, remote, method, path, status, file, size, sha256)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.At, e.Role, e.Unit, e.Remote, e.Method, e.Path, e.Status,
				e.File, e.Size, e.SHA256); err != nil {
				return err
			}
		}
		return nil
	})
}

// ConsoleLog lists the console's log, oldest first.
func (r *Register) ConsoleLog() ([]ConsoleLogEntry, error) {
	rows, err := r.db.Query(`SELECT at, role, unit, remote, method, path, status, file, size, sha256
		FROM console_log ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ConsoleLogEntry
	for rows.Next() {
		var e ConsoleLogEntry
		if err := rows.Scan(&e.At, &e.Role, &e.Unit, &e.Remote, &e.Method, &e.Path, &e.Status, &e.File, &e.Size,
			&e.SHA256); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
