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

// MaxSessionAnswers is how many typed answers a session's page lists.
const MaxSessionAnswers = 100

// SessionAnswers returns the session's latest typed answers (at most
// MaxSessionAnswers), newest first, each with its word.
func (s *Store) SessionAnswers(ctx context.Context, sessionID int64) ([]TypedAnswer, error) {
	var answers []TypedAnswer
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT r.id, r.study_session_id, r.word_id, r.correct, r.created_at, r.answer, r.expected,
			       w.id, w.japanese, w.reading, w.romaji, w.english, w.parts
			FROM word_review_items r JOIN words w ON w.id = r.word_id
			WHERE r.study_session_id = ? AND r.answer IS NOT NULL
			ORDER BY r.id DESC LIMIT ?`, sessionID, MaxSessionAnswers)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a TypedAnswer
			var parts string
			r := &a.Review
			if err := rows.Scan(&r.ID, &r.StudySessionID, &r.WordID, &r.Correct, &r.CreatedAt, &r.Answer, &r.Expected,
				&a.Word.ID, &a.Word.Japanese, &a.Word.Reading, &a.Word.Romaji, &a.Word.English, &parts); err != nil {
				return err
			}
			a.Word.Parts = []byte(parts)
			answers = append(answers, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("db: typed answers of session %d: %w", sessionID, err)
	}
	return answers, nil
}
