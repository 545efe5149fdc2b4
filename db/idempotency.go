package db

import (
	"context"
	"database/sql"
	"encoding/json"
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
	// The vocabulary's writes (see writeOnce) keep their answer with the
	// key: "create word", "delete group", … (migration 000011 lists them).
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

// Once is the idempotency of a write of the vocabulary (a word, a group,
// an app), carried by its context: see WithIdempotency.
type Once struct {
	idem     Idempotency
	replayed bool
}

// Replayed reports whether the write answered a retry from its key,
// writing nothing.
func (o *Once) Replayed() bool { return o != nil && o.replayed }

type onceKey struct{}

// WithIdempotency returns ctx carrying idem for the vocabulary's writes
// (CreateWord, UpdateWord, DeleteWord, the groups' and the apps' writes):
// the first write with idem.Key keeps its answer with the key, in its
// transaction; a later one with the same key and request writes nothing
// and returns that answer, and one with another request fails with
// ErrKeyReused. Once says afterwards which it was.
func WithIdempotency(ctx context.Context, idem Idempotency) (context.Context, *Once) {
	if idem.Key == "" {
		return ctx, nil
	}
	o := &Once{idem: idem}
	return context.WithValue(ctx, onceKey{}, o), o
}

// writeOnce is s.write.do for a write whose answer is *res (nil: none):
// with the idempotency of ctx (WithIdempotency), a replay runs nothing and
// sets *res to the first write's answer, kept as JSON with the key.
func (s *Store) writeOnce(ctx context.Context, resource string, res any, fn txFunc) error {
	o, _ := ctx.Value(onceKey{}).(*Once)
	if o == nil {
		return s.write.do(ctx, fn)
	}
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		response, found, err := priorResponse(ctx, tx, o.idem, resource)
		if err != nil {
			return err
		}
		if found {
			o.replayed = true
			if res == nil {
				return nil
			}
			return json.Unmarshal([]byte(response), res)
		}
		if err := fn(ctx, tx); err != nil {
			return err
		}
		saved, err := json.Marshal(res)
		if err != nil {
			return fmt.Errorf("idempotency key: %w", err)
		}
		return recordKeyResponse(ctx, tx, o.idem, resource, 0, Now(), string(saved))
	})
}
