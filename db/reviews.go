package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ReviewItem is one answer to one word in a study session.
type ReviewItem struct {
	ID             int64 `json:"id"`
	StudySessionID int64 `json:"study_session_id"`
	WordID         int64 `json:"word_id"`
	Correct        bool  `json:"correct"`
	CreatedAt      Time  `json:"created_at"`
}

// RecordReview records one review of a word in a session. It returns a
// *NotFoundError for a missing session, ErrWordNotFound for a missing word
// and ErrWordNotInGroup for a word outside the session's group. With an
// idempotency key seen before, it writes nothing and returns the review the
// key created (replayed is true).
func (s *Store) RecordReview(ctx context.Context, sessionID, wordID int64, correct bool, idem Idempotency) (r ReviewItem, replayed bool, err error) {
	now := Now()
	err = s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		id, found, err := priorWrite(ctx, tx, idem, resourceReview)
		if err != nil {
			return err
		}
		if found {
			replayed = true
			return tx.QueryRowContext(ctx, `
				SELECT id, study_session_id, word_id, correct, created_at FROM word_review_items WHERE id = ?`,
				id).Scan(&r.ID, &r.StudySessionID, &r.WordID, &r.Correct, &r.CreatedAt)
		}
		r = ReviewItem{StudySessionID: sessionID, WordID: wordID, Correct: correct, CreatedAt: now}
		// The writer runs one write at a time, so nothing can change between
		// this check and the insert.
		var inGroup bool
		err = tx.QueryRowContext(ctx, `
			SELECT EXISTS (SELECT 1 FROM word_groups WHERE word_id = ? AND group_id = s.group_id)
			FROM study_sessions s WHERE s.id = ?`, wordID, sessionID).Scan(&inGroup)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !inGroup) {
			return whyNoReview(ctx, tx, sessionID, wordID)
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			INSERT INTO word_review_items (study_session_id, word_id, correct, created_at) VALUES (?, ?, ?, ?)`,
			sessionID, wordID, correct, now)
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return recordKey(ctx, tx, idem, resourceReview, r.ID, now)
	})
	if err != nil {
		return ReviewItem{}, false, fmt.Errorf("db: record review: %w", err)
	}
	return r, replayed, nil
}

// whyNoReview explains why a review could not be written.
func whyNoReview(ctx context.Context, tx *writeTx, sessionID, wordID int64) error {
	var session, word bool
	if err := tx.QueryRowContext(ctx, `
		SELECT EXISTS (SELECT 1 FROM study_sessions WHERE id = ?),
		       EXISTS (SELECT 1 FROM words WHERE id = ?)`, sessionID, wordID).Scan(&session, &word); err != nil {
		return err
	}
	switch {
	case !session:
		return &NotFoundError{Kind: "study session", ID: sessionID}
	case !word:
		return ErrWordNotFound
	default:
		return ErrWordNotInGroup
	}
}
