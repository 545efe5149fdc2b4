package db

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A database that cannot be written fails the health check (and every
// write) with ErrReadOnly, while reads go on.
func TestHealthOnAReadOnlyDatabase(t *testing.T) {
	s := newTestStore(t)
	ctx := t.Context()
	if err := s.Health(ctx); err != nil {
		t.Fatalf("Health on a fresh database: %v", err)
	}
	// query_only is how SQLite treats a file it could open only for reading.
	if err := s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		_, err := tx.conn.ExecContext(ctx, `PRAGMA query_only = ON`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Health(ctx); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Health = %v, want ErrReadOnly", err)
	}
	if _, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("a write = %v, want ErrReadOnly", err)
	}
	if _, err := s.Dashboard(ctx, time.Now(), time.UTC); err != nil {
		t.Errorf("a read on a read-only database: %v", err)
	}
}
