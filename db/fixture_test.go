package db

import (
	"context"
	"testing"
	"time"
)

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// insertSession writes a session that started at the given time.
func insertSession(t testing.TB, s *Store, group, activity int64, at string) int64 {
	t.Helper()
	var id int64
	err := s.write.do(context.Background(), func(ctx context.Context, tx *writeTx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO study_sessions (group_id, study_activity_id, created_at)
			VALUES (?, ?, ?) RETURNING id`, group, activity, NewTime(mustTime(t, at))).Scan(&id)
	})
	if err != nil {
		t.Fatalf("insert session: %v", err)
	}
	return id
}

// insertReview writes a review made at the given time.
func insertReview(t testing.TB, s *Store, session, word int64, correct bool, at string) {
	t.Helper()
	// Through the store's own path, so the word's memory follows.
	err := s.write.do(context.Background(), func(ctx context.Context, tx *writeTx) error {
		sess, err := sessionForReviews(ctx, tx, session)
		if err != nil {
			return err
		}
		_, err = writeReview(ctx, tx, sess, NewReview{WordID: word, Correct: correct, At: NewTime(mustTime(t, at))}, Now())
		return err
	})
	if err != nil {
		t.Fatalf("insert review: %v", err)
	}
}

// nthWord returns the id of the group's n-th word (0-based) by id.
func nthWord(t testing.TB, s *Store, group int64, n int) int64 {
	t.Helper()
	var id int64
	if err := s.reader.QueryRow(`SELECT word_id FROM word_groups WHERE group_id = ? ORDER BY word_id LIMIT 1 OFFSET ?`,
		group, n).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// dashboardFixture is a small learning history whose dashboard figures are
// worked out by hand in TestDashboard.
type dashboardFixture struct {
	s1, s2, s3          int64 // sessions
	wordA, wordB, wordC int64
}

func newDashboardFixture(t *testing.T, s *Store) dashboardFixture {
	f := dashboardFixture{wordA: nthWord(t, s, 1, 0), wordB: nthWord(t, s, 2, 0), wordC: nthWord(t, s, 2, 1)}
	// Session 1, long ago: word A right 4 times of 5 (80 %: mastered).
	f.s1 = insertSession(t, s, 1, 1, "2026-02-01T00:00:00Z")
	for i, right := range []bool{true, true, true, false, true} {
		insertReview(t, s, f.s1, f.wordA, right, "2026-02-01T00:0"+string(rune('1'+i))+":00Z")
	}
	// Session 2: word B right 3 times of 5, on days that straddle midnight in
	// zones far from UTC.
	f.s2 = insertSession(t, s, 2, 1, "2026-03-05T11:00:00Z")
	insertReview(t, s, f.s2, f.wordB, true, "2026-03-05T12:00:00Z")
	insertReview(t, s, f.s2, f.wordB, false, "2026-03-07T09:59:59.999Z")
	insertReview(t, s, f.s2, f.wordB, true, "2026-03-08T10:00:00Z")
	insertReview(t, s, f.s2, f.wordB, false, "2026-03-09T09:59:00Z")
	insertReview(t, s, f.s2, f.wordB, true, "2026-03-09T10:30:00Z")
	// Session 3, the latest: word C right 4 times of 4 (too few to be mastered).
	f.s3 = insertSession(t, s, 2, 2, "2026-03-10T08:00:00Z")
	for _, at := range []string{"09:00", "09:05", "09:10", "09:15"} {
		insertReview(t, s, f.s3, f.wordC, true, "2026-03-10T"+at+":00Z")
	}
	return f
}

// execWrite runs SQL (several statements are fine) in the writer's transaction.
func execWrite(t testing.TB, s *Store, query string, args ...any) {
	t.Helper()
	err := s.write.do(context.Background(), func(ctx context.Context, tx *writeTx) error {
		_, err := tx.conn.ExecContext(ctx, query, args...)
		return err
	})
	if err != nil {
		t.Fatalf("exec %q: %v", query, err)
	}
}
