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
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// BusyTimeoutMS is how long a writer waits for another process's write
// transaction before giving up.
const BusyTimeoutMS = 30000

// sqlDB is an open database. While a batch is open (BeginBatch), every
// statement goes through its transaction, and Tx is a savepoint in it.
type sqlDB struct {
	*sql.DB
	mu    sync.Mutex
	batch *sql.Tx
	// stmts are the open batch's prepared statements by query: an
	// intake run records every file with the same few statements, and
	// preparing them anew each time took a third of the recording.
	stmts map[string]*sql.Stmt
}

// stmtTx runs statements in its transaction, Exec and QueryRow prepared
// once per batch when it is the open batch.
type stmtTx struct {
	*sql.Tx
	s *sqlDB
}

// in is tx with its statements kept prepared through the batch.
func (s *sqlDB) in(tx *sql.Tx) stmtTx { return stmtTx{tx, s} }

// prepared returns the open batch's statement for query, or nil when tx
// is not the open batch, query is more than one statement, or it cannot
// be prepared (running it unprepared says why).
func (t stmtTx) prepared(query string) *sql.Stmt {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	if t.Tx != t.s.batch || strings.Contains(query, ";") {
		return nil // not the batch, or a script: prepared, only its first statement would run
	}
	if st, ok := t.s.stmts[query]; ok {
		return st
	}
	st, err := t.Tx.Prepare(query)
	if err != nil {
		return nil
	}
	if t.s.stmts == nil {
		t.s.stmts = map[string]*sql.Stmt{}
	}
	t.s.stmts[query] = st
	return st
}

func (t stmtTx) Exec(query string, args ...any) (sql.Result, error) {
	return t.ExecContext(context.Background(), query, args...)
}

func (t stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.prepared(query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

func (t stmtTx) QueryRow(query string, args ...any) *sql.Row {
	if st := t.prepared(query); st != nil {
		return st.QueryRow(args...)
	}
	return t.Tx.QueryRow(query, args...)
}

// setBatch opens (tx) or ends (nil) the batch; the statements prepared
// in the one ending close with its transaction.
func (s *sqlDB) setBatch(tx *sql.Tx) *sql.Tx {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.batch
	s.batch, s.stmts = tx, nil
	return old
}

// querier is the database or the open batch (its statements prepared
// once).
type querier interface {
	Exec(query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *sqlDB) q() querier {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.batch != nil {
		return s.in(s.batch)
	}
	return s.DB
}

func (s *sqlDB) Exec(query string, args ...any) (sql.Result, error) {
	return s.q().Exec(query, args...)
}
func (s *sqlDB) Query(query string, args ...any) (*sql.Rows, error) {
	return s.q().Query(query, args...)
}
func (s *sqlDB) QueryRow(query string, args ...any) *sql.Row { return s.q().QueryRow(query, args...) }
func (s *sqlDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.q().ExecContext(ctx, query, args...)
}
func (s *sqlDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.q().QueryContext(ctx, query, args...)
}
func (s *sqlDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return s.q().QueryRowContext(ctx, query, args...)
}

// BeginBatch opens one write transaction for many Tx calls (each then a
// savepoint in it, so that one that fails takes back only its own
// statements). Not tied to a context: a cancelled run still commits what
// it recorded.
func (s *sqlDB) BeginBatch() error {
	tx, err := s.DB.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	s.setBatch(tx)
	return nil
}

// AbortBatch rolls the open batch back, if any.
func (s *sqlDB) AbortBatch() error {
	tx := s.setBatch(nil)
	if tx == nil {
		return nil
	}
	return tx.Rollback()
}

// EndBatch commits the open batch, if any.
func (s *sqlDB) EndBatch() error {
	tx := s.setBatch(nil)
	if tx == nil {
		return nil
	}
	return tx.Commit()
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
	s := &sqlDB{DB: db}
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
		err := s.Tx(context.Background(), func(tx stmtTx) error {
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
// rolling back otherwise. Inside a batch it is a savepoint of the batch,
// and fn's statements are kept prepared through the batch (stmtTx).
func (s *sqlDB) Tx(ctx context.Context, fn func(stmtTx) error) error {
	s.mu.Lock()
	batch := s.batch
	s.mu.Unlock()
	if batch != nil {
		if _, err := batch.Exec(`SAVEPOINT entry`); err != nil {
			return err
		}
		if err := fn(s.in(batch)); err != nil {
			batch.Exec(`ROLLBACK TO entry`)
			batch.Exec(`RELEASE entry`)
			return err
		}
		_, err := batch.Exec(`RELEASE entry`)
		return err
	}
	tx, err := s.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit; releases the lock if fn panics
	if err := fn(s.in(tx)); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
