package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// HistoryItem is one answer in a word's review history.
type HistoryItem struct {
	ID             int64   `json:"id"`
	StudySessionID int64   `json:"study_session_id"`
	Correct        bool    `json:"correct"`
	CreatedAt      Time    `json:"created_at"`
	Answer         *string `json:"answer"` // what a typing activity's learner typed; nil otherwise
	Expected       *string `json:"-"`      // what the answer was graded against
	ActivityName   string  `json:"-"`
}

// WordHistory returns a page of the word's reviews, newest first (by answer
// time, then id), or a *NotFoundError for an unknown word.
func (s *Store) WordHistory(ctx context.Context, wordID int64, q ListQuery) (List[HistoryItem], error) {
	q = q.normalize()
	var list List[HistoryItem]
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var total int
		// word_stats counts the word's reviews (and has a row per word).
		err := tx.QueryRowContext(ctx, `SELECT correct_count + wrong_count FROM word_stats WHERE word_id = ?`, wordID).Scan(&total)
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{Kind: "word", ID: wordID}
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `
			SELECT r.id, r.study_session_id, r.correct, r.created_at, r.answer, r.expected, a.name
			FROM word_review_items r
			JOIN study_sessions s ON s.id = r.study_session_id
			JOIN study_activities a ON a.id = s.study_activity_id
			WHERE r.word_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?`, wordID, q.PerPage, q.offset())
		if err != nil {
			return err
		}
		defer rows.Close()
		var items []HistoryItem
		for rows.Next() {
			var h HistoryItem
			if err := rows.Scan(&h.ID, &h.StudySessionID, &h.Correct, &h.CreatedAt, &h.Answer, &h.Expected, &h.ActivityName); err != nil {
				return err
			}
			items = append(items, h)
		}
		list = newList(items, q, total)
		return rows.Err()
	})
	if err != nil {
		return List[HistoryItem]{}, fmt.Errorf("db: history of word %d: %w", wordID, err)
	}
	return list, nil
}
