package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrNothingToUndo means the session has no review left to undo.
var ErrNothingToUndo = errors.New("no review to undo")

// UndoReview deletes the session's latest review (the highest id) and puts
// every aggregate and the word's memory back as if that answer had never
// been given, in one transaction. It returns the deleted row; a
// *NotFoundError for an unknown session, ErrNothingToUndo when there is no
// review. With an idempotency key seen before, it undoes nothing more and
// returns the row the key undid (replayed is true).
func (s *Store) UndoReview(ctx context.Context, sessionID int64, idem Idempotency) (r ReviewItem, replayed bool, err error) {
	now := Now()
	err = s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		response, found, err := priorResponse(ctx, tx, idem, resourceUndo)
		if err != nil {
			return err
		}
		if found {
			replayed = true
			return json.Unmarshal([]byte(response), &r)
		}
		if _, err := sessionForReviews(ctx, tx, sessionID); err != nil {
			return err
		}
		r, err = scanReview(tx.QueryRowContext(ctx, reviewColumns+`
			WHERE id = (SELECT MAX(id) FROM word_review_items WHERE study_session_id = ?)`, sessionID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNothingToUndo
		}
		if err != nil {
			return err
		}
		if err := deleteReview(ctx, tx, r); err != nil {
			return err
		}
		saved, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return recordKeyResponse(ctx, tx, idem, resourceUndo, r.ID, now, string(saved))
	})
	if err != nil {
		return ReviewItem{}, false, fmt.Errorf("db: undo review in session %d: %w", sessionID, err)
	}
	return r, replayed, nil
}

// deleteReview takes one review out of the log and out of every aggregate:
// the word's counts and memory, its session's counts and end, the quarter
// hours of the streak (learning_totals follow word_stats by trigger).
func deleteReview(ctx context.Context, tx *writeTx, r ReviewItem) error {
	right := 0
	if r.Correct {
		right = 1
	}
	err := execSteps(ctx, tx, "delete review",
		step{`DELETE FROM word_review_items WHERE id = ?`, []any{r.ID}},
		step{`UPDATE word_stats SET correct_count = correct_count - ?, wrong_count = wrong_count - ? WHERE word_id = ?`,
			[]any{right, 1 - right, r.WordID}},
		step{`UPDATE session_stats SET review_count = review_count - 1, correct_count = correct_count - ?,
			ended_at = COALESCE((SELECT MAX(created_at) FROM word_review_items WHERE study_session_id = ?), started_at)
			WHERE session_id = ?`, []any{right, r.StudySessionID, r.StudySessionID}},
		// A quarter with no review left goes; the CHECK keeps counts above 0.
		step{`DELETE FROM review_quarters WHERE quarter = unixepoch(?) / 900 AND reviews = 1`, []any{r.CreatedAt}},
		step{`UPDATE review_quarters SET reviews = reviews - 1, correct = correct - ? WHERE quarter = unixepoch(?) / 900`,
			[]any{right, r.CreatedAt}},
	)
	if err != nil {
		return err
	}
	return replayWord(ctx, tx, r.WordID)
}

// step is one statement with its arguments.
type step struct {
	query string
	args  []any
}

func execSteps(ctx context.Context, tx *writeTx, what string, steps ...step) error {
	for _, s := range steps {
		if _, err := tx.ExecContext(ctx, s.query, s.args...); err != nil {
			return fmt.Errorf("db: %s: %w", what, err)
		}
	}
	return nil
}
