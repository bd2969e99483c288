// db.go opens the embedded SQLite database (modernc.org/sqlite,
// pure Go) the register lives in: WAL journal, foreign keys, a busy timeout
// so that a second process waits instead of failing, write transactions
// that take the write lock at BEGIN, and schema migrations by
// PRAGMA user_version. It knows nothing of what is stored.

package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// BusyTimeoutMS is how long a writer waits for another process's write
// transaction before giving up.
const BusyTimeoutMS = 30000

// sqlDB is an open database.
type sqlDB struct {
	*sql.DB
}

// Open opens (creating if needed) the database at path and applies the
// migrations not yet applied: migration i brings the schema to version
// i+1, each in its own transaction.
func openDB(path string, migrations []string) (*sqlDB, error) {
	return openDBMode(path, migrations, false)
}

// ErrOldSchema: a database opened read-only has a schema older than this
// program's; it is upgraded when its own workspace is next opened.
var ErrOldSchema = errors.New("register: schema older than this program")

func openDBMode(path string, migrations []string, readOnly bool) (*sqlDB, error) {
	q := url.Values{}
	if readOnly {
		// Another round's register: read, never written, not even to
		// upgrade its schema.
		q.Set("mode", "ro")
	}
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", BusyTimeoutMS),
		"journal_mode(WAL)",
		"foreign_keys(1)",
		"synchronous(NORMAL)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	// The name is a URI: "?" and "#" in a folder name would end the path
	// there, and "%" would be decoded. Percent-escape the three.
	name := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	db, err := sql.Open("sqlite", "file:"+name+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// One connection: the register has one writer, and SQLite serialises
	// writers anyway; readers in the same process share it.
	db.SetMaxOpenConns(1)
	s := &sqlDB{db}
	if readOnly {
		var version int
		if err := s.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
			db.Close()
			return nil, err
		}
		if version != len(migrations) {
			db.Close()
			return nil, fmt.Errorf("%w (version %d, this program %d)", ErrOldSchema, version, len(migrations))
		}
		return s, nil
	}
	if err := s.migrate(migrations); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *sqlDB) migrate(migrations []string) error {
	var version int
	if err := s.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("store: database schema version %d is newer than this program (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		err := s.Tx(context.Background(), func(tx *sql.Tx) error {
			if _, err := tx.Exec(migrations[i]); err != nil {
				return err
			}
			_, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %d: %w", i+1, err)
		}
	}
	return nil
}

// Tx runs fn in a write transaction, committing if it returns nil and
// rolling back otherwise.
func (s *sqlDB) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit; releases the lock if fn panics
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
