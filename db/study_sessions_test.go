package db

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestCreateStudySession(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	before := time.Now().Add(-time.Millisecond)
	sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	if err != nil {
		t.Fatalf("CreateStudySession: %v", err)
	}
	if sess.ID <= 0 || sess.GroupID != 1 || sess.StudyActivityID != 1 {
		t.Errorf("session = %+v, want a new id with group 1 and activity 1", sess)
	}
	if sess.CreatedAt.Before(before) || sess.CreatedAt.After(time.Now()) {
		t.Errorf("created_at = %v, want about now", sess.CreatedAt)
	}
	got, err := s.GetStudySession(ctx, sess.ID, ListQuery{})
	if err != nil {
		t.Fatalf("GetStudySession: %v", err)
	}
	if got.StartTime != sess.CreatedAt || got.EndTime != sess.CreatedAt || got.ReviewItemsCount != 0 {
		t.Errorf("summary = %+v, want start = end = %v and no reviews", got, sess.CreatedAt)
	}
	if got.GroupName != "Core Verbs" || got.ActivityName != "Flashcards" || !got.Builtin() {
		t.Errorf("summary names (%q, %q, builtin %v), want Core Verbs, Flashcards, built in", got.GroupName, got.ActivityName, got.Builtin())
	}
}

func TestCreateStudySessionMissingReferences(t *testing.T) {
	tests := []struct {
		name              string
		group, activity   int64
		noGroup, noActivy bool
	}{
		{"group", 99, 1, true, false},
		{"activity", 1, 99, false, true},
		{"both", 99, 98, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			_, _, err := s.CreateStudySession(context.Background(), tt.group, tt.activity, Idempotency{})
			if errors.Is(err, ErrGroupNotFound) != tt.noGroup || errors.Is(err, ErrActivityNotFound) != tt.noActivy {
				t.Errorf("err = %v, want group missing %v, activity missing %v", err, tt.noGroup, tt.noActivy)
			}
			if n := count(t, s, "study_sessions"); n != 0 {
				t.Errorf("study_sessions has %d rows, want 0", n)
			}
		})
	}
}

func TestGetStudySessionNotFound(t *testing.T) {
	s := newTestStore(t)
	_, err := s.GetStudySession(context.Background(), 42, ListQuery{})
	var nf *NotFoundError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &nf) || nf.Error() != "study session 42 not found" {
		t.Errorf("err = %v, want a NotFoundError for study session 42", err)
	}
}

func wordOf(t *testing.T, s *Store, group int64, inGroup bool) int64 {
	t.Helper()
	q := `SELECT MIN(word_id) FROM word_groups WHERE group_id = ?`
	if !inGroup {
		q = `SELECT MIN(id) FROM words WHERE id NOT IN (SELECT word_id FROM word_groups WHERE group_id = ?)`
	}
	var id int64
	if err := s.reader.QueryRow(q, group).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRecordReview(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	word := wordOf(t, s, 1, true)
	r1, _, err := s.RecordReview(ctx, sess.ID, word, true, Idempotency{})
	if err != nil {
		t.Fatalf("RecordReview: %v", err)
	}
	r2, _, err := s.RecordReview(ctx, sess.ID, word, false, Idempotency{})
	if err != nil {
		t.Fatalf("RecordReview: %v", err)
	}
	if r1.ID == r2.ID || !r1.Correct || r2.Correct || r2.StudySessionID != sess.ID || r2.WordID != word {
		t.Errorf("reviews = %+v, %+v", r1, r2)
	}
	got, err := s.GetStudySession(ctx, sess.ID, ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got.ReviewItemsCount != 2 || got.CorrectCount != 1 || got.WrongCount != 1 || got.EndTime != r2.CreatedAt {
		t.Errorf("summary = %+v, want 2 reviews (1 right, 1 wrong) ending at %v", got, r2.CreatedAt)
	}
}

func TestRecordReviewErrors(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		session int64
		word    int64
		want    error
	}{
		{"no session", 999, wordOf(t, s, 1, true), ErrNotFound},
		{"no word", sess.ID, 999999, ErrWordNotFound},
		{"word outside the group", sess.ID, wordOf(t, s, 1, false), ErrWordNotInGroup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.RecordReview(ctx, tt.session, tt.word, true, Idempotency{})
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if n := count(t, s, "word_review_items"); n != 0 {
				t.Errorf("word_review_items has %d rows, want 0", n)
			}
		})
	}
}

func TestCorrectIsChecked(t *testing.T) {
	s := newTestStore(t)
	sess, _, err := s.CreateStudySession(context.Background(), 1, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.write.do(context.Background(), func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO word_review_items (study_session_id, word_id, correct, created_at)
			VALUES (?, ?, 2, ?)`, sess.ID, wordOf(t, s, 1, true), Now())
		return err
	})
	if err == nil {
		t.Error("a review with correct = 2 was accepted; want the CHECK constraint to refuse it")
	}
}

// TestGroupCommitIsolatesFailures commits writes together and checks that a
// failing one leaves the others committed.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	good, bad := wordOf(t, s, 1, true), wordOf(t, s, 1, false)
	const n = 200
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			word := good
			if i%3 == 0 {
				word = bad
			}
			_, _, errs[i] = s.RecordReview(ctx, sess.ID, word, true, Idempotency{})
		}()
	}
	wg.Wait()
	var ok int
	for i, err := range errs {
		switch {
		case i%3 == 0 && !errors.Is(err, ErrWordNotInGroup):
			t.Errorf("write %d: %v, want ErrWordNotInGroup", i, err)
		case i%3 != 0 && err != nil:
			t.Errorf("write %d: %v, want success", i, err)
		case err == nil:
			ok++
		}
	}
	if got := count(t, s, "word_review_items"); got != ok {
		t.Errorf("word_review_items has %d rows, want %d (the successful writes)", got, ok)
	}
}

func TestWritePanicIsContained(t *testing.T) {
	s := newTestStore(t)
	err := s.write.do(context.Background(), func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO groups (name) VALUES ('half-written')`); err != nil {
			return err
		}
		panic("boom")
	})
	if err == nil {
		t.Fatal("a panicking write returned nil")
	}
	var n int
	if err := s.reader.QueryRow(`SELECT COUNT(*) FROM groups WHERE name = 'half-written'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the panicking write's row is there (%d, %v)", n, err)
	}
	if _, _, err := s.CreateStudySession(context.Background(), 1, 1, Idempotency{}); err != nil {
		t.Errorf("the writer does not work after a panic: %v", err)
	}
}

func TestClosedStore(t *testing.T) {
	s := newTestStore(t)
	s.Close()
	if _, _, err := s.CreateStudySession(context.Background(), 1, 1, Idempotency{}); !errors.Is(err, ErrClosed) {
		t.Errorf("err = %v, want ErrClosed", err)
	}
}
