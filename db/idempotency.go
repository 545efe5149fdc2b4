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
	resourceReviewBatch  = "review_batch" // resource_id: the batch's first review
	resourceUndo         = "undo"         // resource_id: the review undone
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

// priorResponse is priorWrite for a write whose answer was kept with its
// key (an undo: the row it answers with is gone).
func priorResponse(ctx context.Context, tx *writeTx, idem Idempotency, resource string) (response string, found bool, err error) {
	if _, found, err = priorWrite(ctx, tx, idem, resource); !found || err != nil {
		return "", found, err
	}
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(response, '') FROM idempotency_keys WHERE key = ?`, idem.Key).Scan(&response)
	return response, true, err
}

// recordKey stores the key of a write with the row it created, and drops
// keys past their retention.
func recordKey(ctx context.Context, tx *writeTx, idem Idempotency, resource string, id int64, now Time) error {
	return recordKeyResponse(ctx, tx, idem, resource, id, now, nil)
}

// recordKeyResponse is recordKey keeping the write's answer too (nil: none).
func recordKeyResponse(ctx context.Context, tx *writeTx, idem Idempotency, resource string, id int64, now Time, response any) error {
	if idem.Key == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`,
		NewTime(now.Add(-KeyRetention))); err != nil {
		return fmt.Errorf("idempotency keys: expire: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO idempotency_keys (key, request, resource, resource_id, created_at, response) VALUES (?, ?, ?, ?, ?, ?)`,
		idem.Key, idem.Request, resource, id, now, response); err != nil {
		return fmt.Errorf("idempotency key: %w", err)
	}
	return nil
}
