package db

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// newTestStore opens a fresh, migrated and seeded database in a temp folder.
func newTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// count returns the number of rows of a table.
func count(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.reader.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestSeed(t *testing.T) {
	s := newTestStore(t)
	if n := count(t, s, "words"); n < 120 {
		t.Errorf("words = %d, want at least 120", n)
	}
	if n := count(t, s, "groups"); n < 3 {
		t.Errorf("groups = %d, want at least 3", n)
	}
	acts, err := s.ListStudyActivities(context.Background(), ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var builtin, external int
	for _, a := range acts.Items {
		if a.Builtin {
			builtin++
		} else {
			external++
		}
	}
	if builtin < 1 || external < 1 {
		t.Errorf("activities: %d built-in and %d external, want at least one of each", builtin, external)
	}
	_ = errors.New
}
