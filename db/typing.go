package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// TypedAnswer is an answer typed in a session, with its word: what the
// Typing card shows after the answer.
type TypedAnswer struct {
	Review ReviewItem
	Word   Word
}

// GetTypedAnswer returns the session's typed answer reviewID with its word,
// or a *NotFoundError when the session has no such typed answer.
func (s *Store) GetTypedAnswer(ctx context.Context, sessionID, reviewID int64) (TypedAnswer, error) {
	var a TypedAnswer
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		a.Review, err = scanReview(tx.QueryRowContext(ctx, reviewColumns+`WHERE id = ? AND study_session_id = ? AND answer IS NOT NULL`,
			reviewID, sessionID))
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{Kind: "typed answer", ID: reviewID}
		}
		if err != nil {
			return err
		}
		a.Word, err = flashcardWord(ctx, tx, a.Review.WordID)
		return err
	})
	if err != nil {
		return TypedAnswer{}, fmt.Errorf("db: typed answer %d of session %d: %w", reviewID, sessionID, err)
	}
	return a, nil
}
