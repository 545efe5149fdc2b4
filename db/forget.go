package db

import (
	"context"
	"errors"
	"fmt"
)

// reviewSet is a set of reviews (word_review_items r) by one ? argument:
// what a delete of a word, a group or an activity takes with it.
type reviewSet string

const (
	reviewsOfWord     reviewSet = `r.word_id = ?`
	reviewsOfGroup    reviewSet = `r.study_session_id IN (SELECT id FROM study_sessions WHERE group_id = ?)`
	reviewsOfActivity reviewSet = `r.study_session_id IN (SELECT id FROM study_sessions WHERE study_activity_id = ?)`
)

// forgetReviews takes a set of reviews out of the log and out of every
// aggregate, as deleteReview does for one, set by set: the words' counts
// (and through their triggers learning_totals), the quarter hours, the
// sessions' counts and ends, and the memory of every word concerned,
// replayed from what is left. Idempotency keys that point at the reviews go
// too: a retry then writes again instead of replaying a row that is gone.
// (A session's flashcard replay needs nothing: a deleted word leaves its
// groups, which moves their words_version on, and a word that had left
// them already counts in no round.) It returns how many reviews it deleted.
func forgetReviews(ctx context.Context, tx *writeTx, set reviewSet, arg int64) (int, error) {
	where := ` FROM word_review_items r WHERE ` + string(set)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+where, arg).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: reviews to delete: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	words, err := queryIDs(ctx, tx, `SELECT DISTINCT r.word_id`+where, arg)
	if err != nil {
		return 0, err
	}
	sessions, err := queryIDs(ctx, tx, `SELECT DISTINCT r.study_session_id`+where, arg)
	if err != nil {
		return 0, err
	}
	quarters := `SELECT unixepoch(r.created_at) / 900 AS q, COUNT(*) AS n, SUM(r.correct) AS c` + where + ` GROUP BY 1`
	err = execSteps(ctx, tx, "delete reviews",
		step{`UPDATE word_stats SET correct_count = correct_count - x.c, wrong_count = wrong_count - (x.n - x.c)
			FROM (SELECT r.word_id AS word_id, COUNT(*) AS n, SUM(r.correct) AS c` + where + ` GROUP BY r.word_id) x
			WHERE word_stats.word_id = x.word_id`, []any{arg}},
		// A quarter with no review left goes; the CHECK keeps counts above 0.
		step{`DELETE FROM review_quarters WHERE quarter IN
			(SELECT x.q FROM (` + quarters + `) x JOIN review_quarters rq ON rq.quarter = x.q AND rq.reviews = x.n)`, []any{arg}},
		step{`UPDATE review_quarters SET reviews = reviews - x.n, correct = correct - x.c
			FROM (` + quarters + `) x WHERE review_quarters.quarter = x.q`, []any{arg}},
		step{`DELETE FROM idempotency_keys WHERE resource IN ('review', 'review_batch')
			AND resource_id IN (SELECT r.id` + where + `)`, []any{arg}},
		step{`DELETE FROM word_review_items AS r WHERE ` + string(set), []any{arg}},
		step{`UPDATE session_stats SET
				review_count = (SELECT COUNT(*) FROM word_review_items WHERE study_session_id = session_id),
				correct_count = (SELECT COALESCE(SUM(correct), 0) FROM word_review_items WHERE study_session_id = session_id),
				ended_at = COALESCE((SELECT MAX(created_at) FROM word_review_items WHERE study_session_id = session_id), started_at)
			WHERE session_id IN (SELECT value FROM json_each(?))`, []any{idList(sessions)}},
	)
	if err != nil {
		return 0, err
	}
	for _, w := range words {
		if err := replayWord(ctx, tx, w); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// queryIDs reads a column of ids in full (the writer's connection cannot
// read and write at once).
func queryIDs(ctx context.Context, tx *writeTx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("db: ids: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: ids: %w", err)
		}
		ids = append(ids, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("db: ids: %w", err)
	}
	return ids, nil
}

// SessionsDeleted says what deleting a group or an activity took with it.
type SessionsDeleted struct {
	ID              int64 `json:"deleted"`
	SessionsDeleted int   `json:"sessions_deleted"`
	ReviewsDeleted  int   `json:"reviews_deleted"`
}

// forgetSessions deletes the sessions of a group or an activity with their
// reviews (and every aggregate with them). Unconfirmed, sessions are a
// *ConfirmationError and nothing is deleted.
func forgetSessions(ctx context.Context, tx *writeTx, column string, set reviewSet, id int64, confirmed bool) (SessionsDeleted, error) {
	res := SessionsDeleted{ID: id}
	var err error
	// column is one of two names written in this file, never request text.
	if err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM study_sessions WHERE `+column+` = ?`, id).Scan(&res.SessionsDeleted); err != nil {
		return res, fmt.Errorf("db: sessions to delete: %w", err)
	}
	if res.SessionsDeleted == 0 {
		return res, nil
	}
	if !confirmed {
		var reviews int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM word_review_items r WHERE `+string(set), id).Scan(&reviews); err != nil {
			return res, fmt.Errorf("db: reviews to delete: %w", err)
		}
		return res, &ConfirmationError{Sessions: res.SessionsDeleted, Reviews: reviews}
	}
	if res.ReviewsDeleted, err = forgetReviews(ctx, tx, set, id); err != nil {
		return res, err
	}
	// session_stats rows go with the sessions; a trigger keeps the total.
	err = execSteps(ctx, tx, "delete sessions",
		step{`DELETE FROM idempotency_keys WHERE resource = 'study_session'
			AND resource_id IN (SELECT id FROM study_sessions WHERE ` + column + ` = ?)`, []any{id}},
		step{`DELETE FROM study_sessions WHERE ` + column + ` = ?`, []any{id}},
	)
	return res, err
}
