package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync/atomic"
)

// SchemaError means the database's schema is not the one this program was
// built for: another program migrated it while the server ran. Nothing is
// served from it until the server restarts (and migrates it back up).
type SchemaError struct {
	Version uint // what schema_migrations says now
	Dirty   bool
	Want    uint // the newest embedded migration
}

func (e *SchemaError) Error() string {
	state := fmt.Sprintf("schema version %d", e.Version)
	if e.Dirty {
		state += " (a migration failed half-way)"
	}
	return fmt.Sprintf("the database was changed by another program: it is at %s, this server needs version %d; restart the server to migrate it", state, e.Want)
}

// Is makes errors.Is(err, ErrSchemaChanged) true.
func (e *SchemaError) Is(target error) bool { return target == ErrSchemaChanged }

// schemaGuard notices a schema that changed under a running server. SQLite
// bumps the schema cookie (PRAGMA schema_version) on every schema change;
// reading it costs a look at the file header, so every read transaction and
// every write batch can afford it. Only when the cookie moved is the
// migration version read; a change this program made or accepts (the same
// version, clean) becomes the new known cookie.
type schemaGuard struct {
	want   uint
	cookie atomic.Int64
	stale  atomic.Pointer[SchemaError] // once set, for the life of the process
}

// check returns a *SchemaError when the schema seen through q is not ours.
func (g *schemaGuard) check(ctx context.Context, q querier) error {
	if e := g.stale.Load(); e != nil {
		return e
	}
	var cookie int64
	if err := q.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&cookie); err != nil {
		return fmt.Errorf("db: schema version: %w", err)
	}
	if cookie == g.cookie.Load() {
		return nil
	}
	var version uint
	var dirty, migrated bool
	if err := q.QueryRowContext(ctx, `
		SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')`).Scan(&migrated); err != nil {
		return fmt.Errorf("db: migration table: %w", err)
	}
	if migrated {
		err := q.QueryRowContext(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&version, &dirty)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("db: migration version: %w", err)
		}
	}
	if version == g.want && !dirty {
		g.cookie.Store(cookie)
		return nil
	}
	e := &SchemaError{Version: version, Dirty: dirty, Want: g.want}
	g.stale.Store(e)
	return e
}

// latestVersion is the version of the newest embedded migration.
func latestVersion() (uint, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.up.sql")
	if err != nil {
		return 0, err
	}
	var latest uint64
	for _, name := range names {
		digits, _, _ := strings.Cut(strings.TrimPrefix(name, "migrations/"), "_")
		v, err := strconv.ParseUint(digits, 10, 32)
		if err != nil {
			return 0, fmt.Errorf("db: migration %s: %w", name, err)
		}
		latest = max(latest, v)
	}
	return uint(latest), nil
}

// CheckSchema reports a *SchemaError when another program changed the
// schema under this process; the error handler asks it before answering a
// 500, so a read that failed on a changed schema becomes a clear 503.
func (s *Store) CheckSchema(ctx context.Context) error {
	if e := s.schema.stale.Load(); e != nil {
		return e
	}
	return s.readTx(ctx, func(*sql.Tx) error { return nil })
}

// SchemaStale returns the *SchemaError once the schema changed under this
// process, or nil. It is cheap: no database access.
func (s *Store) SchemaStale() error {
	if e := s.schema.stale.Load(); e != nil {
		return e
	}
	return nil
}

// errProbe rolls the health check's write back.
var errProbe = errors.New("health probe: rolled back")

// Health checks that the database answers a read and a write on the schema
// this program expects. The write is real (it needs a fresh page, so a full
// disk or a size cap shows) and is rolled back. The error says why the
// database cannot serve: a *SchemaError, ErrStorageFull, ErrReadOnly,
// ErrBusy, or another failure.
func (s *Store) Health(ctx context.Context) error {
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var n int
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	})
	if err != nil {
		return err
	}
	if s.write.full.Load() {
		return fmt.Errorf("db: the last write found the disk full: %w", ErrStorageFull)
	}
	err = s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO idempotency_keys (key, request, resource, resource_id, created_at)
			VALUES ('health probe', zeroblob(16384), 'review', 0, '')`); err != nil {
			return err
		}
		return errProbe
	})
	if errors.Is(err, errProbe) {
		return nil
	}
	return err
}
