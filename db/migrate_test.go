package db

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
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

func TestMigrateDownRefusesMoreThanApplied(t *testing.T) {
	path := filepath.Join(t.TempDir(), "down.db")
	m := migration(t, path)
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	latest := m.Latest()
	before := schema(t, path)
	err := m.Down(len(m.Versions()) + 6)
	if err == nil || !strings.Contains(err.Error(), "nothing was reverted") {
		t.Fatalf("down %d on version %d: %v, want a refusal", len(m.Versions())+6, latest, err)
	}
	if v, err := m.Version(); err != nil || v != latest {
		t.Errorf("version after the refused down: %d, %v; want %d", v, err, latest)
	}
	if schema(t, path) != before {
		t.Error("the refused down changed the schema")
	}
	if err := m.Down(len(m.Versions())); err != nil {
		t.Errorf("down by every migration: %v", err)
	}
}

func TestMigrateForceRefusesUnknownVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "force.db")
	m := migration(t, path)
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	for _, v := range []int{99, -3, int(m.Latest()) + 1} {
		if err := m.Force(v); err == nil || !strings.Contains(err.Error(), "no migration has version") {
			t.Errorf("force %d: %v, want a refusal", v, err)
		}
		if got, err := m.Version(); err != nil || got != m.Latest() {
			t.Errorf("after the refused force %d the version is %d (%v)", v, got, err)
		}
	}
	for _, v := range []int{2, 0, int(m.Latest())} {
		if err := m.Force(v); err != nil {
			t.Errorf("force %d: %v", v, err)
		}
		if got, err := m.Version(); err != nil || got != uint(v) {
			t.Errorf("after force %d the version is %d (%v)", v, got, err)
		}
	}
}

func TestFutureSchemaVersionIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	m := migration(t, path)
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	before := schema(t, path)
	conn, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`UPDATE schema_migrations SET version = 99`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	for name, do := range map[string]func() error{"up": m.Up, "down 1": func() error { return m.Down(1) }} {
		err := do()
		if !errors.Is(err, ErrUnknownVersion) {
			t.Fatalf("%s on a newer database: %v, want ErrUnknownVersion", name, err)
		}
		msg := err.Error()
		if strings.Contains(msg, "\n") || !strings.Contains(msg, "version 99, newer than this program knows") {
			t.Errorf("%s: message %q, want one line naming version 99 as newer", name, msg)
		}
	}
	if schema(t, path) != before {
		t.Error("a refused migration changed the schema")
	}
	m.Close()
	if _, err := Open(t.Context(), path); !errors.Is(err, ErrUnknownVersion) {
		t.Errorf("Open on a newer database: %v, want ErrUnknownVersion", err)
	}
}

func TestFailedMigrationSaysWhatToDoInOneLine(t *testing.T) {
	files := fstest.MapFS{
		"m/000001_a.up.sql":   {Data: []byte("CREATE TABLE a (x INTEGER);")},
		"m/000001_a.down.sql": {Data: []byte("DROP TABLE a;")},
		"m/000002_b.up.sql":   {Data: []byte("CREATE TABLE b (y INTEGER);\nCREATE TABLE a (x INTEGER);")},
		"m/000002_b.down.sql": {Data: []byte("DROP TABLE b;")},
	}
	path := filepath.Join(t.TempDir(), "failed.db")
	m, err := openMigration(path, files, "m")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	err = m.Up()
	var dirty *DirtyError
	if !errors.As(err, &dirty) || dirty.Version != 2 || dirty.Cause == nil {
		t.Fatalf("up with a failing migration: %v, want a *DirtyError at version 2 with its cause", err)
	}
	msg := err.Error()
	t.Log(msg)
	if strings.Contains(msg, "\n") || strings.Contains(msg, "CREATE") {
		t.Errorf("message %q: want one line without SQL", msg)
	}
	for _, want := range []string{"migration 2 failed", "already exists", "langportal migrate force 1"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
}

func TestOpenExistingMigrationRefusesAMissingFile(t *testing.T) {
	dir := t.TempDir()
	_, err := OpenExistingMigration(filepath.Join(dir, "none", "missing.db"))
	if !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("err = %v, want ErrNoDatabase", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("it created %v", entries)
	}
}
