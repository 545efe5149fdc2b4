// Package db is Lang Portal's storage: the SQLite schema and its migrations,
// the connections, the starter data, and the Store whose methods hold every
// SQL statement of the program.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// Connection settings live in the DSN so that every pooled connection gets
// them. The writer takes its lock when a transaction begins (_txlock=immediate):
// a deferred transaction that reads and then writes is how "database is
// locked" happens.
const (
	commonParams = "_foreign_keys=on&_journal_mode=WAL&_busy_timeout=10000&_synchronous=FULL"
	writerParams = commonParams + "&_txlock=immediate"
	readerParams = commonParams + "&_query_only=on"
	// migrateParams are the writer's without foreign keys: see OpenMigration.
	migrateParams = "_foreign_keys=off&_journal_mode=WAL&_busy_timeout=10000&_synchronous=FULL&_txlock=immediate"
)

func dsn(path, params string) string { return path + "?" + params }

// Store is the program's only way to the database: one writer connection,
// fed by a group-commit loop, and a pool of readers.
type Store struct {
	write  *writer
	reader *sql.DB
	runs   runMemo       // the dashboard's last streak count
	heat   heatMemo      // the dashboard's last heatmap
	cards  flashcardMemo // recent sessions' flashcard replays
	schema *schemaGuard
	path   string // the database file, for a backup's own connection
}

// Options tunes a Store; the zero value is production's.
type Options struct {
	// BusyTimeout is how long a write waits for a lock that another process
	// holds before it fails with ErrBusy (default 10 s). Tests shorten it.
	BusyTimeout time.Duration
}

// Open migrates the database at path (creating it and its folder if needed),
// seeds it when it is empty, and returns a Store on it.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, opts Options) (*Store, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("db: database path %q must not contain '?' or '#'", path)
	}
	mig, err := OpenMigration(path)
	if err != nil {
		return nil, err
	}
	err = mig.Up()
	if cerr := mig.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}

	want, err := latestVersion()
	if err != nil {
		return nil, err
	}
	params := writerParams
	if opts.BusyTimeout > 0 {
		params = strings.Replace(params, "_busy_timeout=10000", fmt.Sprintf("_busy_timeout=%d", opts.BusyTimeout.Milliseconds()), 1)
	}
	wdb, err := sql.Open("sqlite3", dsn(path, params))
	if err != nil {
		return nil, fmt.Errorf("db: open writer: %w", err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	wdb.SetConnMaxIdleTime(0)

	rdb, err := sql.Open("sqlite3", dsn(path, readerParams))
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("db: open readers: %w", err)
	}
	readers := max(4, 2*runtime.GOMAXPROCS(0))
	rdb.SetMaxOpenConns(readers)
	rdb.SetMaxIdleConns(readers)
	rdb.SetConnMaxIdleTime(0)

	guard := &schemaGuard{want: want}
	guard.cookie.Store(-1) // the first check reads the version
	w, err := newWriter(wdb, guard.check)
	if err != nil {
		wdb.Close()
		rdb.Close()
		return nil, err
	}
	s := &Store{write: w, reader: rdb, schema: guard, path: path}
	if err := s.seedIfEmpty(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.buildMemoryOnce(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.fillWordTextOnce(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close stops the writer after the writes already queued and closes every connection.
func (s *Store) Close() error {
	return errors.Join(s.write.close(), s.reader.Close())
}

// Ping checks that both the writer and the readers answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.reader.PingContext(ctx); err != nil {
		return fmt.Errorf("db: ping readers: %w", err)
	}
	return s.write.ping(ctx)
}

// SetMaxPageCount caps the database file at pages pages (SQLite's
// max_page_count) and returns the cap in force. A cap at the current size
// makes every write that needs room fail with ErrStorageFull, as a full disk
// would; raising it lets writes resume.
func (s *Store) SetMaxPageCount(ctx context.Context, pages int64) (int64, error) {
	var max int64
	err := s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		// A PRAGMA takes no bound parameters; pages is a number, not text.
		return tx.conn.QueryRowContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)).Scan(&max)
	})
	return max, err
}

// PageCount is the number of pages the database file has.
func (s *Store) PageCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.reader.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&n)
	return n, err
}

func ensureDir(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("db: create folder for %s: %w", path, err)
	}
	return nil
}
