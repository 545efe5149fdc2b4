package db

import (
	"context"
	"database/sql"
	"fmt"
)

// ResetHistory deletes every study session and review, in one transaction;
// the vocabulary and the activities stay.
func (s *Store) ResetHistory(ctx context.Context) error {
	return s.write.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return execAll(ctx, tx, "reset history",
			`DELETE FROM idempotency_keys`, // they point at the rows deleted here
			`DELETE FROM word_review_items`,
			`DELETE FROM study_sessions`, // session_stats rows go with them
			`UPDATE word_stats SET correct_count = 0, wrong_count = 0`,
		)
	})
}

// FullReset returns the database to its freshly seeded state, in one
// transaction: everything is deleted and the starter data loaded again.
func (s *Store) FullReset(ctx context.Context) error {
	return s.write.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		err := execAll(ctx, tx, "full reset",
			`DELETE FROM idempotency_keys`,
			`DELETE FROM word_review_items`,
			`DELETE FROM study_sessions`,
			`DELETE FROM study_activities`,
			`DELETE FROM word_groups`,
			`DELETE FROM groups`,
			`DELETE FROM words`, // word_stats rows go with them
		)
		if err != nil {
			return err
		}
		return seed(ctx, tx)
	})
}

// RebuildAggregates recomputes the per-word and per-session counts from the
// review log, the source of truth.
func (s *Store) RebuildAggregates(ctx context.Context) error {
	return s.write.do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		return execAll(ctx, tx, "rebuild aggregates",
			`DELETE FROM word_stats`,
			`INSERT INTO word_stats (word_id, correct_count, wrong_count)
			 SELECT w.id, COALESCE(SUM(r.correct), 0), COUNT(r.id) - COALESCE(SUM(r.correct), 0)
			 FROM words w LEFT JOIN word_review_items r ON r.word_id = w.id GROUP BY w.id`,
			`DELETE FROM session_stats`,
			`INSERT INTO session_stats (session_id, review_count, correct_count, ended_at)
			 SELECT s.id, COUNT(r.id), COALESCE(SUM(r.correct), 0), COALESCE(MAX(r.created_at), s.created_at)
			 FROM study_sessions s LEFT JOIN word_review_items r ON r.study_session_id = s.id GROUP BY s.id`,
		)
	})
}

func execAll(ctx context.Context, tx *sql.Tx, what string, statements ...string) error {
	for _, q := range statements {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("db: %s: %w", what, err)
		}
	}
	return nil
}
