package db

import (
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// schema returns the database's schema, without golang-migrate's own table.
func schema(t *testing.T, path string) string {
	t.Helper()
	conn, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT type, name, COALESCE(sql, '') FROM sqlite_schema
		WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> 'schema_migrations' ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, text string
		if err := rows.Scan(&typ, &name, &text); err != nil {
			t.Fatal(err)
		}
		b.WriteString(typ + " " + name + ": " + text + "\n")
	}
	return b.String()
}

func migration(t *testing.T, path string) *Migration {
	t.Helper()
	m, err := OpenMigration(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func TestMigrationsUpDownUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	m := migration(t, path)
	if err := m.Up(); err != nil {
		t.Fatalf("up: %v", err)
	}
	first := schema(t, path)
	if !strings.Contains(first, "table word_review_items") {
		t.Fatalf("schema after up lacks word_review_items:\n%s", first)
	}
	version, err := m.Version()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Down(int(version)); err != nil {
		t.Fatalf("down: %v", err)
	}
	if got := schema(t, path); got != "" {
		t.Fatalf("schema after down to zero is not empty:\n%s", got)
	}
	if err := m.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if got := schema(t, path); got != first {
		t.Errorf("schema after up, down, up differs:\n%s\nwant:\n%s", got, first)
	}
	if err := m.Up(); err != nil {
		t.Errorf("up with nothing to do: %v, want nil", err)
	}
}

func TestEveryMigrationHasBothFiles(t *testing.T) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	have := make(map[string]bool)
	for _, n := range names {
		have[filepath.Base(n)] = true
	}
	for n := range have {
		base, dir, ok := strings.Cut(strings.TrimSuffix(n, ".sql"), ".")
		if !ok || (dir != "up" && dir != "down") {
			t.Errorf("%s is not NNNNNN_name.up.sql or .down.sql", n)
			continue
		}
		other := map[string]string{"up": "down", "down": "up"}[dir]
		if !have[base+"."+other+".sql"] {
			t.Errorf("%s has no %s migration", n, other)
		}
	}
	if len(have) < 2 {
		t.Errorf("found %d migration files, want at least a pair", len(have))
	}
}

func TestDirtyDatabaseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dirty.db")
	m := migration(t, path)
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	if err := m.Force(1); err != nil {
		t.Fatal(err)
	}
	conn, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`UPDATE schema_migrations SET dirty = 1`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	m.Close()

	_, err = Open(t.Context(), path)
	var dirty *DirtyError
	if !errors.As(err, &dirty) || dirty.Version != 1 {
		t.Fatalf("Open on a dirty database: %v, want a *DirtyError at version 1", err)
	}
	for _, want := range []string{"version 1", "langportal migrate force 1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err, want)
		}
	}
}

func TestMigrationsTakeALock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	first := migration(t, path)
	opened := make(chan *Migration)
	go func() {
		m, err := OpenMigration(path)
		if err != nil {
			t.Error(err)
		}
		opened <- m
	}()
	select {
	case <-opened:
		t.Fatal("a second process could migrate while the first held the lock")
	case <-time.After(200 * time.Millisecond):
	}
	if err := first.Up(); err != nil {
		t.Fatal(err)
	}
	first.Close()
	select {
	case m := <-opened:
		defer m.Close()
		if v, err := m.Version(); err != nil || v == 0 {
			t.Errorf("the second sees version %d (%v), want the first one's work", v, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second migration never got the lock")
	}
}
