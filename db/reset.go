package db

import (
	"context"
	"fmt"
)

// ResetHistory deletes every study session and review, in one transaction;
// the vocabulary and the activities stay.
func (s *Store) ResetHistory(ctx context.Context) error {
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		return execAll(ctx, tx, "reset history",
			`DELETE FROM idempotency_keys`, // they point at the rows deleted here
			`DELETE FROM word_review_items`,
			`DELETE FROM review_quarters`,
			`DELETE FROM study_sessions`, // session_stats rows go with them
			`UPDATE word_stats SET correct_count = 0, wrong_count = 0`,
			`DELETE FROM word_memory`,
		)
	})
}

// FullReset returns the database to its freshly seeded state, in one
// transaction: everything is deleted and the starter data loaded again.
func (s *Store) FullReset(ctx context.Context) error {
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		err := execAll(ctx, tx, "full reset",
			`DELETE FROM idempotency_keys`,
			`DELETE FROM word_review_items`,
			`DELETE FROM review_quarters`,
			`DELETE FROM study_sessions`,
			`DELETE FROM study_activities`,
			`DELETE FROM word_groups`,
			`DELETE FROM groups`,
			`DELETE FROM words`, // word_stats and word_memory rows go with them
			`DELETE FROM settings`,
			`INSERT INTO settings (id, memory_built) VALUES (1, 1)`, // the defaults
		)
		if err != nil {
			return err
		}
		return seed(ctx, tx)
	})
}

// RebuildAggregates recomputes every aggregate from the review log, the
// source of truth: the per-word and per-session counts, the totals, the
// quarter hours, every word's memory, and the readings and search and sort
// columns of the words.
func (s *Store) RebuildAggregates(ctx context.Context) error {
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		err := execAll(ctx, tx, "rebuild aggregates",
			`DELETE FROM word_stats`,
			`INSERT INTO word_stats (word_id, correct_count, wrong_count)
			 SELECT w.id, COALESCE(SUM(r.correct), 0), COUNT(r.id) - COALESCE(SUM(r.correct), 0)
			 FROM words w LEFT JOIN word_review_items r ON r.word_id = w.id GROUP BY w.id`,
			`DELETE FROM session_stats`,
			`INSERT INTO session_stats (session_id, review_count, correct_count, ended_at, started_at, group_name, activity_name)
			 SELECT s.id, COUNT(r.id), COALESCE(SUM(r.correct), 0), COALESCE(MAX(r.created_at), s.created_at),
			        s.created_at, COALESCE(g.name, ''), a.name
			 FROM study_sessions s
			 LEFT JOIN groups g ON g.id = s.group_id
			 JOIN study_activities a ON a.id = s.study_activity_id
			 LEFT JOIN word_review_items r ON r.study_session_id = s.id
			 GROUP BY s.id`,
			`UPDATE learning_totals SET
			   reviews = (SELECT COALESCE(SUM(correct_count + wrong_count), 0) FROM word_stats),
			   correct = (SELECT COALESCE(SUM(correct_count), 0) FROM word_stats),
			   words_studied = (SELECT COUNT(*) FROM word_stats WHERE correct_count + wrong_count > 0),
			   words_mastered = (SELECT COUNT(*) FROM word_stats WHERE correct_count + wrong_count >= 5
			                       AND correct_count * 100 >= (correct_count + wrong_count) * 80),
			   sessions = (SELECT COUNT(*) FROM study_sessions)`,
			`DELETE FROM review_quarters`,
			`INSERT INTO review_quarters (quarter, reviews, correct)
			 SELECT unixepoch(created_at) / 900, COUNT(*), SUM(correct) FROM word_review_items GROUP BY 1`,
		)
		if err != nil {
			return err
		}
		if err := fillWordText(ctx, tx, true); err != nil {
			return err
		}
		return rebuildMemory(ctx, tx)
	})
}

func execAll(ctx context.Context, tx *writeTx, what string, statements ...string) error {
	for _, q := range statements {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("db: %s: %w", what, err)
		}
	}
	return nil
}
