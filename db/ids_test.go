package db

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// A stale client that posts to an old session id after a reset must not
// write into an unrelated new session with the same id.
func TestIDsAreNeverReusedAfterAReset(t *testing.T) {
	for _, reset := range []struct {
		name string
		do   func(*Store, context.Context) error
	}{
		{"history", (*Store).ResetHistory},
		{"full", (*Store).FullReset},
	} {
		t.Run(reset.name, func(t *testing.T) {
			ctx := t.Context()
			s := newTestStore(t)
			word := nthWord(t, s, 1, 0)
			sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
			if err != nil {
				t.Fatal(err)
			}
			review, _, err := s.RecordReview(ctx, sess.ID, word, true, Idempotency{})
			if err != nil {
				t.Fatal(err)
			}
			if err := reset.do(s, ctx); err != nil {
				t.Fatal(err)
			}
			word = nthWord(t, s, 1, 0)
			again, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
			if err != nil {
				t.Fatal(err)
			}
			if again.ID <= sess.ID {
				t.Errorf("session id after reset = %d, want above %d", again.ID, sess.ID)
			}
			r2, _, err := s.RecordReview(ctx, again.ID, word, true, Idempotency{})
			if err != nil {
				t.Fatal(err)
			}
			if r2.ID <= review.ID {
				t.Errorf("review id after reset = %d, want above %d", r2.ID, review.ID)
			}
			if _, _, err := s.RecordReview(ctx, sess.ID, word, true, Idempotency{}); err == nil {
				t.Errorf("a review of the deleted session %d was written", sess.ID)
			}
		})
	}
}

// Migration 000005 rebuilds the two tables: every row, id and cascade stays.
func TestIDMigrationKeepsRowsAndIDs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v4.db")
	m := migration(t, path)
	if err := m.m.Migrate(4); err != nil {
		t.Fatal(err)
	}
	conn, err := sql.Open("sqlite3", dsn(path, writerParams))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := conn.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	mustExec(`INSERT INTO words (id, japanese, romaji, english) VALUES (7, '猫', 'neko', 'cat')`)
	mustExec(`INSERT INTO groups (id, name) VALUES (3, 'Animals')`)
	mustExec(`INSERT INTO word_groups (word_id, group_id) VALUES (7, 3)`)
	mustExec(`INSERT INTO study_activities (id, name, url) VALUES (2, 'Cards', '/flashcards')`)
	mustExec(`INSERT INTO study_sessions (id, group_id, study_activity_id, created_at) VALUES (41, 3, 2, '2026-01-05T09:00:00.000Z')`)
	mustExec(`INSERT INTO word_review_items (id, study_session_id, word_id, correct, created_at) VALUES (90, 41, 7, 1, '2026-01-05T09:01:00.000Z')`)
	mustExec(`INSERT INTO word_review_items (id, study_session_id, word_id, correct, created_at) VALUES (95, 41, 7, 0, '2026-01-05T09:02:00.000Z')`)
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}

	var reviews, correct, sessionReviews int
	if err := conn.QueryRow(`SELECT COUNT(*), SUM(correct) FROM word_review_items WHERE study_session_id = 41 AND id IN (90, 95)`).Scan(&reviews, &correct); err != nil {
		t.Fatal(err)
	}
	if reviews != 2 || correct != 1 {
		t.Errorf("after the migration: %d reviews (%d right), want the 2 (1 right)", reviews, correct)
	}
	// The triggers came back: a new review is counted, and gets a new id.
	mustExec(`INSERT INTO word_review_items (study_session_id, word_id, correct, created_at) VALUES (41, 7, 1, '2026-01-05T09:03:00.000Z')`)
	if err := conn.QueryRow(`SELECT review_count FROM session_stats WHERE session_id = 41`).Scan(&sessionReviews); err != nil {
		t.Fatal(err)
	}
	if sessionReviews != 3 {
		t.Errorf("session_stats.review_count = %d, want 3", sessionReviews)
	}
	mustExec(`DELETE FROM word_review_items WHERE id >= 95`)
	var next int64
	if err := conn.QueryRow(`INSERT INTO word_review_items (study_session_id, word_id, correct, created_at)
		VALUES (41, 7, 1, '2026-01-05T09:04:00.000Z') RETURNING id`).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if next <= 96 {
		t.Errorf("id after deleting the latest rows = %d, want above 96 (never reused)", next)
	}
	// The cascade from sessions to reviews still holds.
	mustExec(`DELETE FROM study_sessions WHERE id = 41`)
	var left int
	if err := conn.QueryRow(`SELECT COUNT(*) FROM word_review_items`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d reviews left after deleting their session, want 0", left)
	}
}
