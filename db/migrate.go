package db

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/database/sqlite3"
	"github.com/golang-migrate/migrate/v4/source"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrDirty means a migration failed half-way and the schema needs a repair by hand.
var ErrDirty = errors.New("database is dirty")

// DirtyError reports the version a failed migration left behind and how to repair it.
type DirtyError struct {
	Version uint
	Cause   error // why the migration failed, when it failed just now
}

// Error says which migration stopped part-way and how to repair it, in one line.
func (e *DirtyError) Error() string {
	var why string
	if e.Cause != nil {
		why = fmt.Sprintf("migration %d failed (%v); ", e.Version, e.Cause)
	}
	return fmt.Sprintf("%sthe database is dirty at schema version %d: that migration stopped part-way. "+
		"Back up the file, finish or undo the migration's changes by hand, then run "+
		"`langportal migrate force %d` if they are all in place (or `langportal migrate force %d` "+
		"if none are) and start again", why, e.Version, e.Version, int(e.Version)-1)
}

// Is makes errors.Is(err, ErrDirty) true.
func (e *DirtyError) Is(target error) bool { return target == ErrDirty }

// ErrUnknownVersion means the database's schema version is not one this
// program has a migration for: a newer program wrote it.
var ErrUnknownVersion = errors.New("unknown schema version")

// VersionError reports a schema version this program has no migration for.
type VersionError struct {
	Version uint
	Latest  uint // the latest version this program knows
}

// Error says which version it is and what to do.
func (e *VersionError) Error() string {
	if e.Version > e.Latest {
		return fmt.Sprintf("the database is at schema version %d, newer than this program knows (%d): "+
			"run the newer langportal that upgraded it, or restore a backup made before the upgrade", e.Version, e.Latest)
	}
	return fmt.Sprintf("the database is at schema version %d, which this program has no migration for (it knows up to %d): "+
		"run the langportal that wrote it, or restore a backup", e.Version, e.Latest)
}

// Is makes errors.Is(err, ErrUnknownVersion) true.
func (e *VersionError) Is(target error) bool { return target == ErrUnknownVersion }

// ErrNoDatabase means the database file does not exist.
var ErrNoDatabase = errors.New("no database")

// Migration is a handle on the schema of one database file. It holds an
// exclusive lock on the file's lock file, so two processes never migrate at once.
type Migration struct {
	m        *migrate.Migrate
	lock     *os.File
	versions []uint // of the migrations this program has, ascending
}

// OpenMigration opens path for schema changes, creating the file (and its
// folder) if needed, and waiting for any other process that is migrating it.
func OpenMigration(path string) (*Migration, error) {
	if err := ensureDir(path); err != nil {
		return nil, err
	}
	return openMigration(path, migrationFiles, "migrations")
}

// OpenExistingMigration opens path as OpenMigration does, but refuses a
// file that does not exist (ErrNoDatabase) instead of creating one.
func OpenExistingMigration(path string) (*Migration, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, path)
	} else if err != nil {
		return nil, fmt.Errorf("db: %w", err)
	}
	return openMigration(path, migrationFiles, "migrations")
}

func openMigration(path string, files fs.FS, dir string) (*Migration, error) {
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		lock.Close()
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	src, err := iofs.New(files, dir)
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("db: migration source: %w", err)
	}
	versions, err := sourceVersions(src)
	if err != nil {
		src.Close()
		lock.Close()
		return nil, err
	}
	// The migration gets its own handle: the driver's Close closes it.
	// Foreign keys are off while the schema changes, as SQLite advises for
	// rebuilding a table: dropping the old copy must not cascade.
	conn, err := sql.Open("sqlite3", dsn(path, migrateParams))
	if err != nil {
		src.Close()
		lock.Close()
		return nil, fmt.Errorf("db: open for migration: %w", err)
	}
	driver, err := sqlite3.WithInstance(conn, &sqlite3.Config{})
	if err != nil {
		conn.Close()
		src.Close()
		lock.Close()
		return nil, fmt.Errorf("db: migration driver: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "sqlite3", driver)
	if err != nil {
		driver.Close()
		src.Close()
		lock.Close()
		return nil, fmt.Errorf("db: migrate: %w", err)
	}
	return &Migration{m: m, lock: lock, versions: versions}, nil
}

// sourceVersions lists the versions of the migrations in src.
func sourceVersions(src source.Driver) ([]uint, error) {
	v, err := src.First()
	var versions []uint
	for err == nil {
		versions = append(versions, v)
		v, err = src.Next(v)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("db: migration source: %w", err)
	}
	if len(versions) == 0 {
		return nil, errors.New("db: no migrations")
	}
	return versions, nil
}

// Close releases the database handle and the lock.
func (g *Migration) Close() error {
	srcErr, dbErr := g.m.Close()
	return errors.Join(srcErr, dbErr, g.lock.Close())
}

// Latest is the version of this program's last migration.
func (g *Migration) Latest() uint { return g.versions[len(g.versions)-1] }

// Versions lists the versions of this program's migrations, ascending.
func (g *Migration) Versions() []uint { return slices.Clone(g.versions) }

// Up applies every pending migration. A dirty database, or one at a version
// this program does not know, is refused.
func (g *Migration) Up() error {
	if _, err := g.known(); err != nil {
		return err
	}
	if err := g.m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return g.explain(err)
	}
	return nil
}

// Down reverts the last n migrations. More than there are applied is
// refused before anything is reverted.
func (g *Migration) Down(n int) error {
	if n <= 0 {
		return fmt.Errorf("db: migrate down needs a positive number of steps, got %d", n)
	}
	v, err := g.known()
	if err != nil {
		return err
	}
	applied := 0
	for _, mv := range g.versions {
		if mv <= v {
			applied++
		}
	}
	if n > applied {
		return fmt.Errorf("cannot revert %d migrations: the database is at schema version %d, with %d applied; "+
			"nothing was reverted (`langportal migrate down %d` reverts them all)", n, v, applied, applied)
	}
	if err := g.m.Steps(-n); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return g.explain(err)
	}
	return nil
}

// Force records version v as applied and clean, without running anything:
// the repair after a failed migration has been fixed by hand. v is 0 (no
// migration applied) or the version of one of this program's migrations.
func (g *Migration) Force(v int) error {
	if v != 0 && (v < 0 || !slices.Contains(g.versions, uint(v))) {
		known := make([]string, len(g.versions))
		for i, mv := range g.versions {
			known[i] = fmt.Sprint(mv)
		}
		return fmt.Errorf("no migration has version %d: V must be 0 (no migration applied) or one of %s",
			v, strings.Join(known, ", "))
	}
	if v == 0 {
		v = database.NilVersion
	}
	if err := g.m.Force(v); err != nil {
		return fmt.Errorf("db: migrate force %d: %w", v, err)
	}
	return nil
}

// Version returns the applied version (0 for an empty database), or a
// *DirtyError when a migration failed half-way. A version this program has
// no migration for is returned without an error: see Up.
func (g *Migration) Version() (uint, error) {
	v, dirty, err := g.m.Version()
	switch {
	case errors.Is(err, migrate.ErrNilVersion):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("db: migration version: %w", err)
	case dirty:
		return v, &DirtyError{Version: v}
	}
	return v, nil
}

// known returns the clean version of the database, which must be 0 or one
// of this program's.
func (g *Migration) known() (uint, error) {
	v, err := g.Version()
	if err != nil {
		return v, err
	}
	if v != 0 && !slices.Contains(g.versions, v) {
		return v, &VersionError{Version: v, Latest: g.Latest()}
	}
	return v, nil
}

// explain turns golang-migrate's error into one line that says what to do,
// without the migration's SQL that its errors quote.
func (g *Migration) explain(err error) error {
	cause := err
	var dbErr *database.Error
	if errors.As(err, &dbErr) {
		cause = dbErr.OrigErr
		if dbErr.Line > 0 {
			cause = fmt.Errorf("%v, line %d", dbErr.OrigErr, dbErr.Line)
		}
	}
	var dirty migrate.ErrDirty
	if errors.As(err, &dirty) {
		return &DirtyError{Version: uint(dirty.Version)}
	}
	if v, verr := g.Version(); verr != nil {
		var d *DirtyError
		if errors.As(verr, &d) {
			return &DirtyError{Version: v, Cause: cause}
		}
		return fmt.Errorf("db: migrate: %v (%w)", cause, verr)
	}
	return fmt.Errorf("db: migrate: %w", cause)
}
