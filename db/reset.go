package db

import (
	"context"
	"fmt"
)

// A reset of a big history (a million reviews take seconds to delete) first
// shrinks it in steps, each a short transaction that deletes some sessions
// with their reviews and keeps every count right; the reset itself then runs
// as before, in one transaction, on what is left. A portal serving the same
// file keeps writing between the steps. The price: while the steps run, the
// history is seen shrinking (the review quarters behind the streak are only
// cleared at the end), and a reset stopped half-way (Ctrl-C, a crash) leaves
// part of the history deleted: running it again finishes it.
var (
	// shrinkOver is the size above which a reset deletes in steps first:
	// reviews for the history, words for the vocabulary.
	shrinkOver = 20000
	// firstShrinkStep is the size of the first step, in sessions or words.
	firstShrinkStep = 500
)

// ResetHistory deletes every study session and review; the vocabulary and
// the activities stay.
func (s *Store) ResetHistory(ctx context.Context) error {
	if err := s.shrinkHistory(ctx); err != nil {
		return err
	}
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		return resetHistory(ctx, tx)
	})
}

func resetHistory(ctx context.Context, tx *writeTx) error {
	return execAll(ctx, tx, "reset history",
		`DELETE FROM idempotency_keys`, // they point at the rows deleted here
		`DELETE FROM word_review_items`,
		`DELETE FROM review_quarters`,
		`DELETE FROM study_sessions`, // session_stats rows go with them
		// Only the words with reviews left: the steps have zeroed the others.
		`UPDATE word_stats SET correct_count = 0, wrong_count = 0 WHERE correct_count <> 0 OR wrong_count <> 0`,
		`DELETE FROM word_memory`,
		`UPDATE settings SET memory_built = 1`, // no review, no memory: consistent again
	)
}

// FullReset returns the database to its freshly seeded state: everything is
// deleted and the starter data loaded again, in one transaction after the
// steps that shrink a big history and vocabulary.
func (s *Store) FullReset(ctx context.Context) error {
	if err := s.shrinkHistory(ctx); err != nil {
		return err
	}
	if err := s.shrinkVocabulary(ctx); err != nil {
		return err
	}
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := resetHistory(ctx, tx); err != nil {
			return err
		}
		err := execAll(ctx, tx, "full reset",
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
		tx.sched = nil // the desired retention is the default again
		return seed(ctx, tx)
	})
}

// shrinkHistory deletes the sessions there were when it started, oldest
// first, with their reviews, in steps, when there are many reviews.
func (s *Store) shrinkHistory(ctx context.Context) error {
	var reviews int
	var last int64
	if err := s.reader.QueryRowContext(ctx, `SELECT (SELECT reviews FROM learning_totals), (SELECT COALESCE(MAX(id), 0) FROM study_sessions)`).
		Scan(&reviews, &last); err != nil {
		return fmt.Errorf("db: reset: %w", err)
	}
	if reviews <= shrinkOver {
		return nil
	}
	var done int64 // sessions up to this id are deleted
	first := true
	return s.inSteps(ctx, newStepSize(firstShrinkStep, 1<<20), func(ctx context.Context, tx *writeTx, n int) (bool, error) {
		var err error
		if first {
			// Replaying a key must not answer with a deleted session or review.
			// Memory and the review quarters go at once rather than word by
			// word (a replay per step would cost more than the reset): should
			// the reset stop half-way, memory_built = 0 has the next start
			// rebuild them from the reviews that are left.
			if err := execAll(ctx, tx, "reset", `DELETE FROM idempotency_keys`, `DELETE FROM word_memory`,
				`DELETE FROM review_quarters`, `UPDATE settings SET memory_built = 0`); err != nil {
				return false, err
			}
		}
		done, err = shrinkHistoryStep(ctx, tx, done, last, n)
		if err != nil {
			return false, err
		}
		first = false
		return done < last, nil
	})
}

// shrinkHistoryStep deletes up to n sessions with ids in (after, last] and
// their reviews, taking their reviews out of the words' counts. It returns
// the id it got to.
func shrinkHistoryStep(ctx context.Context, tx *writeTx, after, last int64, n int) (int64, error) {
	var upTo int64
	if err := tx.QueryRowContext(ctx, `
		SELECT COALESCE(MAX(id), ?2) FROM (SELECT id FROM study_sessions WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3)`,
		after, last, n).Scan(&upTo); err != nil {
		return after, fmt.Errorf("db: reset: %w", err)
	}
	for _, q := range []string{
		`UPDATE word_stats SET correct_count = correct_count - d.correct, wrong_count = wrong_count - d.wrong
		 FROM (SELECT word_id, SUM(correct) AS correct, COUNT(*) - SUM(correct) AS wrong
		       FROM word_review_items WHERE study_session_id > ?1 AND study_session_id <= ?2 GROUP BY word_id) AS d
		 WHERE word_stats.word_id = d.word_id`,
		`DELETE FROM word_review_items WHERE study_session_id > ?1 AND study_session_id <= ?2`,
		`DELETE FROM study_sessions WHERE id > ?1 AND id <= ?2`, // session_stats rows go with them
	} {
		if _, err := tx.ExecContext(ctx, q, after, upTo); err != nil {
			return after, fmt.Errorf("db: reset: %w", err)
		}
	}
	return upTo, nil
}

// shrinkVocabulary deletes the words there were when it started, in steps,
// when there are many: each with its group memberships and counts. A word
// with a review left (made while the reset ran) is left to the final
// transaction.
func (s *Store) shrinkVocabulary(ctx context.Context) error {
	var words int
	var last int64
	if err := s.reader.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM words`).Scan(&words, &last); err != nil {
		return fmt.Errorf("db: full reset: %w", err)
	}
	if words <= shrinkOver {
		return nil
	}
	var done int64
	return s.inSteps(ctx, newStepSize(firstShrinkStep, 1<<20), func(ctx context.Context, tx *writeTx, n int) (bool, error) {
		var upTo int64
		if err := tx.QueryRowContext(ctx, `
			SELECT COALESCE(MAX(id), ?2) FROM (SELECT id FROM words WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3)`,
			done, last, n).Scan(&upTo); err != nil {
			return false, fmt.Errorf("db: full reset: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			DELETE FROM words WHERE id > ?1 AND id <= ?2
			AND NOT EXISTS (SELECT 1 FROM word_review_items AS r WHERE r.word_id = words.id)`, done, upTo); err != nil {
			return false, fmt.Errorf("db: full reset: %w", err)
		}
		done = upTo
		return done < last, nil
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
