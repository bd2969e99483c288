// Package register is dbzx's storage: the layout of a workspace folder
// (dbzx.yaml, dbzx.db, archive/, out/), its write lock, the archive of
// originals, and the SQLite register (modernc.org/sqlite, pure Go) with its
// schema and typed queries.
//
// It stores what it is given and answers what is asked: it knows no rules,
// renders nothing and reads no configuration. Application identity (the
// key two returns share when they are versions of one application), the
// findings and the stored return are computed by its callers.
package register
