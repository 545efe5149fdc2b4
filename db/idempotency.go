package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// KeyRetention is how long an idempotency key is kept (SPEC: at least 24 hours).
const KeyRetention = 48 * time.Hour

// ErrKeyReused means an idempotency key came back with a different request.
var ErrKeyReused = errors.New("idempotency key already used for a different request")

// Idempotency makes a write safe to retry. The first write with Key stores
// the key with the row it created, in the same transaction; a later write
// with the same Key and Request writes nothing and returns that row, and one
// with another Request fails with ErrKeyReused. An empty Key protects nothing.
type Idempotency struct {
	Key     string
	Request string // what the request asked for: its endpoint and input
}

// Resources an idempotency key can point to.
const (
	resourceStudySession = "study_session"
	resourceReview       = "review"
)

// priorWrite looks up the row that an earlier request with the same key
// created; found is false when the key is new (or empty).
func priorWrite(ctx context.Context, tx *writeTx, idem Idempotency, resource string) (id int64, found bool, err error) {
	if idem.Key == "" {
		return 0, false, nil
	}
	var request, kind string
	err = tx.QueryRowContext(ctx, `SELECT request, resource, resource_id FROM idempotency_keys WHERE key = ?`,
		idem.Key).Scan(&request, &kind, &id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("idempotency key: %w", err)
	case request != idem.Request || kind != resource:
		return 0, false, ErrKeyReused
	}
	return id, true, nil
}

// recordKey stores the key of a write with the row it created, and drops
// keys past their retention.
func recordKey(ctx context.Context, tx *writeTx, idem Idempotency, resource string, id int64, now Time) error {
	if idem.Key == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`,
		NewTime(now.Add(-KeyRetention))); err != nil {
		return fmt.Errorf("idempotency keys: expire: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO idempotency_keys (key, request, resource, resource_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		idem.Key, idem.Request, resource, id, now); err != nil {
		return fmt.Errorf("idempotency key: %w", err)
	}
	return nil
}
