package register

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// schema is a register-like schema in three steps; re-running any step
// fails (CREATE TABLE without IF NOT EXISTS), so a migration applied
// twice shows.
var schema = []string{
	`CREATE TABLE dept (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`,
	`INSERT INTO dept (name) VALUES ('计算机学院'), ('机械学院')`,
	`CREATE TABLE item (id INTEGER PRIMARY KEY, dept INTEGER NOT NULL REFERENCES dept(id), name TEXT);
	 CREATE INDEX item_dept ON item(dept)`,
}

func open(t testing.TB, path string, migrations []string) *sqlDB {
	t.Helper()
	db, err := openDB(path, migrations)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func userVersion(t testing.TB, db *sqlDB) int {
	t.Helper()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func count(t testing.TB, db *sqlDB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func hasTable(t testing.TB, db *sqlDB, name string) bool {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestOpenCreatesAndMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "register.db")
	db := open(t, path, schema)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
	if v := userVersion(t, db); v != len(schema) {
		t.Errorf("user_version = %d, want %d", v, len(schema))
	}
	// In order: the rows of step 2 went into the table of step 1, and
	// step 3's table references them.
	if n := count(t, db, "dept"); n != 2 {
		t.Errorf("%d depts, want 2", n)
	}
	if !hasTable(t, db, "item") {
		t.Error("no item table")
	}
}

// TestReopenAppliesOnlyNewMigrations: a program upgraded with one more
// migration runs that one alone on an existing register.
func TestReopenAppliesOnlyNewMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "register.db")
	db, err := openDB(path, schema)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Reopening as is changes nothing.
	db = open(t, path, schema)
	if v, n := userVersion(t, db), count(t, db, "dept"); v != 3 || n != 2 {
		t.Errorf("reopened: user_version %d, %d depts; want 3, 2", v, n)
	}
	db.Close()

	more := append(schema[:len(schema):len(schema)], `CREATE TABLE finding (item INTEGER NOT NULL REFERENCES item(id), rule TEXT)`)
	db = open(t, path, more)
	if v := userVersion(t, db); v != 4 {
		t.Errorf("user_version = %d, want 4", v)
	}
	if !hasTable(t, db, "finding") {
		t.Error("new migration not applied: no finding table")
	}
	if n := count(t, db, "dept"); n != 2 {
		t.Errorf("%d depts, want 2: old migrations ran again", n)
	}
}

// TestNewerSchemaRefused: an older program must not write into a register
// a newer one has migrated past it.
func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "register.db")
	more := append(schema[:len(schema):len(schema)], `CREATE TABLE finding (rule TEXT)`)
	db, err := openDB(path, more)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = openDB(path, schema)
	if err == nil {
		db.Close()
		t.Fatal("Open accepted a schema newer than the program")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("error %q does not say the database is newer", err)
	}
	db = open(t, path, more)
	if v := userVersion(t, db); v != 4 {
		t.Errorf("user_version = %d after the refusal, want 4", v)
	}
}

// TestFailedMigrationLeavesNoHalfSchema: a migration that fails half-way
// is rolled back whole, and the version stays where it was.
func TestFailedMigrationLeavesNoHalfSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "register.db")
	bad := append(schema[:1:1], `CREATE TABLE half (x); INSERT INTO nosuch VALUES (1)`)
	if db, err := openDB(path, bad); err == nil {
		db.Close()
		t.Fatal("Open succeeded with a failing migration")
	} else if !strings.Contains(err.Error(), "migration 2") {
		t.Errorf("error %q does not name migration 2", err)
	}
	db := open(t, path, schema[:1])
	if v := userVersion(t, db); v != 1 {
		t.Errorf("user_version = %d, want 1", v)
	}
	if hasTable(t, db, "half") {
		t.Error("table from the failed migration left behind")
	}
}

func TestTxCommitsOrRollsBack(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "register.db"), schema)
	ctx := context.Background()
	insert := func(tx stmtTx) error {
		_, err := tx.Exec(`INSERT INTO item (dept, name) VALUES (1, 'a'), (2, 'b')`)
		return err
	}
	if err := db.Tx(ctx, insert); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "item"); n != 2 {
		t.Fatalf("%d items after commit, want 2", n)
	}

	boom := errors.New("boom")
	err := db.Tx(ctx, func(tx stmtTx) error {
		if err := insert(tx); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Tx error %v, want fn's error", err)
	}
	if n := count(t, db, "item"); n != 2 {
		t.Errorf("%d items after rollback, want 2", n)
	}
	// The connection is free again after the rollback.
	if err := db.Tx(ctx, insert); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "item"); n != 4 {
		t.Errorf("%d items, want 4", n)
	}
}

// TestBatchStatements: in a batch, a statement run again is prepared once
// and runs with each one's arguments, in the batch's savepoints too (one
// that fails takes back only its own rows); a script of several
// statements runs whole; the prepared statements end with the batch.
func TestBatchStatements(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "register.db"), schema)
	ctx := context.Background()
	if err := db.BeginBatch(); err != nil {
		t.Fatal(err)
	}
	const ins = `INSERT INTO item (dept, name) VALUES (?, ?)`
	for i, name := range []string{"甲", "乙", "丙"} {
		err := db.Tx(ctx, func(tx stmtTx) error {
			if _, err := tx.Exec(ins, 1, name); err != nil {
				return err
			}
			if i == 1 {
				return errors.New("boom") // this one's row is taken back
			}
			return nil
		})
		if (err != nil) != (i == 1) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if _, err := db.Exec(ins, 2, "丁"); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := db.QueryRow(`SELECT name FROM item WHERE dept = ? ORDER BY id DESC`, 2).Scan(&name); err != nil || name != "丁" {
		t.Errorf("last of dept 2: %q (%v), want 丁", name, err)
	}
	if _, err := db.Exec(`INSERT INTO dept (name) VALUES ('新学院'); INSERT INTO dept (name) VALUES ('另一学院')`); err != nil {
		t.Fatal(err)
	}
	if n := len(db.stmts); n != 2 {
		t.Errorf("%d statements prepared in the batch, want 2 (the insert and the select; not the script)", n)
	}
	if err := db.EndBatch(); err != nil {
		t.Fatal(err)
	}
	if db.stmts != nil {
		t.Error("the batch's statements outlive it")
	}
	rows, err := db.Query(`SELECT name FROM item ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		rows.Scan(&name)
		names = append(names, name)
	}
	rows.Close()
	if got := strings.Join(names, " "); got != "甲 丙 丁" {
		t.Errorf("items %q, want 甲 丙 丁", got)
	}
	if n := count(t, db, "dept"); n != 4 {
		t.Errorf("%d departments, want 4: the script ran only in part", n)
	}
}

func TestPragmasOn(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "register.db"), schema)
	for _, tt := range []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "30000"},
		{"synchronous", "1"}, // NORMAL
	} {
		t.Run(tt.pragma, func(t *testing.T) {
			var got string
			if err := db.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
			}
		})
	}
	// Foreign keys are enforced, not just reported on.
	err := db.Tx(context.Background(), func(tx stmtTx) error {
		_, err := tx.Exec(`INSERT INTO item (dept, name) VALUES (99, 'orphan')`)
		return err
	})
	if err == nil {
		t.Error("insert referencing a missing dept succeeded")
	}
}

// TestPathWithURICharacters: the workspace folder is the clerk's choice;
// "#", "?" and "%" in it must not send the register to another file.
func TestPathWithURICharacters(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"2024 申报", "第1批#2", "what?", "100%", "a%20b", "x&_pragma=journal_mode(DELETE)"} {
		t.Run(dir, func(t *testing.T) {
			d := filepath.Join(root, dir)
			if err := os.Mkdir(d, 0o755); err != nil {
				t.Skip(err) // a file system that refuses the name
			}
			path := filepath.Join(d, "register.db")
			db := open(t, path, schema)
			if _, err := os.Stat(path); err != nil {
				t.Errorf("register not at %s: %v", path, err)
			}
			var mode string
			if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if mode != "wal" {
				t.Errorf("journal_mode = %s, want wal", mode)
			}
			var file string
			if err := db.QueryRow("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
				t.Fatal(err)
			}
			if file != path {
				t.Errorf("database file %q, want %q", file, path)
			}
		})
	}
}

// TestSecondWriterWaits: two processes (here two handles) on one register:
// a writer finding the other's write transaction open waits for it, up to
// the busy timeout, instead of failing with "database is locked". Both
// read before writing, which with deferred transactions in WAL mode fails
// at once (SQLITE_BUSY_SNAPSHOT) whatever the timeout.
func TestSecondWriterWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "register.db")
	a := open(t, path, schema)
	b := open(t, path, schema)
	ctx := context.Background()
	const hold = 300 * time.Millisecond

	readThenInsert := func(tx stmtTx, name string) error {
		var n int
		if err := tx.QueryRow("SELECT count(*) FROM item").Scan(&n); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO item (dept, name) VALUES (1, ?)`, name)
		return err
	}
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- a.Tx(ctx, func(tx stmtTx) error {
			if err := readThenInsert(tx, "a"); err != nil {
				return err
			}
			close(started)
			time.Sleep(hold)
			return nil
		})
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("A: %v", err)
	}
	t0 := time.Now()
	err := b.Tx(ctx, func(tx stmtTx) error { return readThenInsert(tx, "b") })
	waited := time.Since(t0)
	t.Logf("B waited %v", waited)
	if err != nil {
		t.Fatalf("B failed instead of waiting: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("A: %v", err)
	}
	if waited < hold-50*time.Millisecond {
		t.Errorf("B took %v: it did not wait for A's transaction", waited)
	}
	if n := count(t, a, "item"); n != 2 {
		t.Errorf("%d items, want 2", n)
	}
}
