package db

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database/sqlite3"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrDirty means a migration failed half-way and the schema needs a repair by hand.
var ErrDirty = errors.New("database is dirty")

// DirtyError reports the version a failed migration left behind and how to repair it.
type DirtyError struct{ Version uint }

func (e *DirtyError) Error() string {
	return fmt.Sprintf("database is dirty at migration version %d: that migration failed half-way. "+
		"Back up the file, finish or undo the migration's changes by hand, then run "+
		"`langportal migrate force %d` if they are all in place (or `langportal migrate force %d` "+
		"if none are) and start again", e.Version, e.Version, int(e.Version)-1)
}

// Is makes errors.Is(err, ErrDirty) true.
func (e *DirtyError) Is(target error) bool { return target == ErrDirty }

// Migration is a handle on the schema of one database file. It holds an
// exclusive lock on the file's lock file, so two processes never migrate at once.
type Migration struct {
	m    *migrate.Migrate
	lock *os.File
}

// OpenMigration opens path for schema changes, waiting for any other process
// that is migrating the same file.
func OpenMigration(path string) (*Migration, error) {
	if err := ensureDir(path); err != nil {
		return nil, err
	}
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		lock.Close()
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	// The migration gets its own handle: the driver's Close closes it.
	// Foreign keys are off while the schema changes, as SQLite advises for
	// rebuilding a table: dropping the old copy must not cascade.
	conn, err := sql.Open("sqlite3", dsn(path, migrateParams))
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("db: open for migration: %w", err)
	}
	driver, err := sqlite3.WithInstance(conn, &sqlite3.Config{})
	if err != nil {
		conn.Close()
		lock.Close()
		return nil, fmt.Errorf("db: migration driver: %w", err)
	}
	source, err := iofs.New(migrationFiles, "migrations")
	if err != nil {
		driver.Close()
		lock.Close()
		return nil, fmt.Errorf("db: migration source: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", source, "sqlite3", driver)
	if err != nil {
		driver.Close()
		lock.Close()
		return nil, fmt.Errorf("db: migrate: %w", err)
	}
	return &Migration{m: m, lock: lock}, nil
}

// Close releases the database handle and the lock.
func (g *Migration) Close() error {
	srcErr, dbErr := g.m.Close()
	return errors.Join(srcErr, dbErr, g.lock.Close())
}

// Up applies every pending migration. A dirty database is refused.
func (g *Migration) Up() error {
	if _, err := g.Version(); err != nil {
		return err
	}
	if err := g.m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return g.explain(err)
	}
	return nil
}

// Down reverts the last n migrations.
func (g *Migration) Down(n int) error {
	if n <= 0 {
		return fmt.Errorf("db: migrate down needs a positive number of steps, got %d", n)
	}
	if _, err := g.Version(); err != nil {
		return err
	}
	if err := g.m.Steps(-n); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return g.explain(err)
	}
	return nil
}

// Force records version v as applied and clean, without running anything:
// the repair after a failed migration has been fixed by hand.
func (g *Migration) Force(v int) error {
	if err := g.m.Force(v); err != nil {
		return fmt.Errorf("db: migrate force %d: %w", v, err)
	}
	return nil
}

// Version returns the applied version (0 for an empty database), or a
// *DirtyError when a migration failed half-way.
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

func (g *Migration) explain(err error) error {
	var dirty migrate.ErrDirty
	if errors.As(err, &dirty) {
		return &DirtyError{Version: uint(dirty.Version)}
	}
	if _, verr := g.Version(); verr != nil {
		return fmt.Errorf("db: migrate: %w (%w)", err, verr)
	}
	return fmt.Errorf("db: migrate: %w", err)
}
