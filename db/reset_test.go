package db

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// inSmallSteps makes resets shrink in steps from the first review on, one
// session or word at a time to begin with, for the length of a test.
func inSmallSteps(t *testing.T) {
	over, first := shrinkOver, firstShrinkStep
	shrinkOver, firstShrinkStep = 0, 1
	t.Cleanup(func() { shrinkOver, firstShrinkStep = over, first })
}

// demoHistory gives s a generated history of about 2,000 reviews.
func demoHistory(t *testing.T, s *Store) {
	t.Helper()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := s.SeedDemo(context.Background(), DemoOptions{Reviews: 2000, Words: 400, Groups: 5, Days: 30, Now: now}); err != nil {
		t.Fatal(err)
	}
}

// assertCountsMatchLog checks the counts that every step of a reset keeps
// right (all but the review quarters, cleared at its end).
func assertCountsMatchLog(t *testing.T, s *Store) {
	t.Helper()
	var bad int
	err := s.reader.QueryRow(`
		SELECT (SELECT COUNT(*) FROM word_stats ws
		        WHERE ws.correct_count <> (SELECT COALESCE(SUM(correct), 0) FROM word_review_items WHERE word_id = ws.word_id)
		           OR ws.wrong_count <> (SELECT COUNT(*) - COALESCE(SUM(correct), 0) FROM word_review_items WHERE word_id = ws.word_id))
		     + (SELECT COUNT(*) FROM session_stats WHERE session_id NOT IN (SELECT id FROM study_sessions))
		     + (SELECT COUNT(*) FROM learning_totals WHERE
		          reviews <> (SELECT COUNT(*) FROM word_review_items)
		          OR correct <> (SELECT COALESCE(SUM(correct), 0) FROM word_review_items)
		          OR words_studied <> (SELECT COUNT(DISTINCT word_id) FROM word_review_items)
		          OR words_mastered <> (SELECT COUNT(*) FROM (SELECT word_id FROM word_review_items GROUP BY word_id
		                               HAVING COUNT(*) >= 5 AND SUM(correct) * 100 >= COUNT(*) * 80))
		          OR sessions <> (SELECT COUNT(*) FROM study_sessions))`).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d counts disagree with the review log", bad)
	}
}

func TestResetStepKeepsTheCounts(t *testing.T) {
	s := newTestStore(t)
	demoHistory(t, s)
	sessions := count(t, s, "study_sessions")
	var last int64
	if err := s.reader.QueryRow(`SELECT MAX(id) FROM study_sessions`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	var upTo int64
	err := s.write.do(context.Background(), func(ctx context.Context, tx *writeTx) error {
		var err error
		upTo, err = shrinkHistoryStep(ctx, tx, 0, last, 30)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, s, "study_sessions"); got != sessions-30 || upTo >= last {
		t.Errorf("one step of 30 left %d of %d sessions and got to id %d of %d", got, sessions, upTo, last)
	}
	if n := count(t, s, "word_review_items WHERE study_session_id <= "+itoa(upTo)); n != 0 {
		t.Errorf("%d reviews of the deleted sessions are left", n)
	}
	assertCountsMatchLog(t, s)
}

func TestResetHistoryInSteps(t *testing.T) {
	inSmallSteps(t)
	s := newTestStore(t)
	demoHistory(t, s)
	words := count(t, s, "words")
	if err := s.ResetHistory(context.Background()); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"word_review_items": 0, "study_sessions": 0, "session_stats": 0,
		"review_quarters": 0, "words": words} {
		if got := count(t, s, table); got != want {
			t.Errorf("%s has %d rows after a reset in steps, want %d", table, got, want)
		}
	}
	assertAggregatesMatchLog(t, s)
}

func TestFullResetInSteps(t *testing.T) {
	inSmallSteps(t)
	s := newTestStore(t)
	demoHistory(t, s)
	fresh := newTestStore(t)
	if err := s.FullReset(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"words", "groups", "word_groups", "word_stats", "study_activities", "study_sessions", "word_review_items"} {
		if got, want := count(t, s, table), count(t, fresh, table); got != want {
			t.Errorf("%s has %d rows after a full reset in steps, a fresh database %d", table, got, want)
		}
	}
	assertAggregatesMatchLog(t, s)
}

// TestResetInterruptedBetweenSteps stops a reset half-way: what is left is
// a smaller history whose counts are right.
func TestResetInterruptedBetweenSteps(t *testing.T) {
	inSmallSteps(t)
	s := newTestStore(t)
	demoHistory(t, s)
	sessions := count(t, s, "study_sessions")
	ctx, cancel := context.WithTimeout(context.Background(), stepGap/2) // in the first pause
	defer cancel()
	if err := s.ResetHistory(ctx); err == nil {
		t.Fatal("the reset finished within half a pause")
	}
	if got := count(t, s, "study_sessions"); got == 0 || got == sessions {
		t.Errorf("%d of %d sessions left, want some deleted and some not", got, sessions)
	}
	assertCountsMatchLog(t, s)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
