package db

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestIdempotencyKeys(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	idem := Idempotency{Key: "k1", Request: "POST /study_sessions group_id=1 study_activity_id=1"}
	first, replayed, err := s.CreateStudySession(ctx, 1, 1, idem)
	if err != nil || replayed {
		t.Fatalf("first write: %v, replayed %v", err, replayed)
	}
	again, replayed, err := s.CreateStudySession(ctx, 1, 1, idem)
	if err != nil || !replayed || again != first {
		t.Errorf("retry = %+v (replayed %v, %v), want the first session %+v", again, replayed, err, first)
	}
	if n := count(t, s, "study_sessions"); n != 1 {
		t.Errorf("study_sessions = %d, want 1", n)
	}
	_, _, err = s.CreateStudySession(ctx, 2, 1, Idempotency{Key: "k1", Request: "POST /study_sessions group_id=2 study_activity_id=1"})
	if !errors.Is(err, ErrKeyReused) {
		t.Errorf("the key with another request: %v, want ErrKeyReused", err)
	}
	// A failed write stores no key: the same key may then succeed.
	bad := Idempotency{Key: "k2", Request: "POST /study_sessions group_id=99 study_activity_id=1"}
	if _, _, err := s.CreateStudySession(ctx, 99, 1, bad); !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("err = %v", err)
	}
	if n := count(t, s, "idempotency_keys"); n != 1 {
		t.Errorf("idempotency_keys = %d after a failed write, want 1", n)
	}
}

func TestIdempotencyKeysExpire(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if _, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{Key: "old", Request: "a"}); err != nil {
		t.Fatal(err)
	}
	old := NewTime(time.Now().Add(-KeyRetention - time.Minute))
	execWrite(t, s, `UPDATE idempotency_keys SET created_at = ?`, old)
	young := NewTime(time.Now().Add(-KeyRetention + time.Hour))
	if _, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{Key: "young", Request: "b"}); err != nil {
		t.Fatal(err)
	}
	execWrite(t, s, `UPDATE idempotency_keys SET created_at = ? WHERE key = 'young'`, young)
	if _, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{Key: "new", Request: "c"}); err != nil {
		t.Fatal(err)
	}
	var keys []string
	rows, err := s.reader.Query(`SELECT key FROM idempotency_keys ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	if len(keys) != 2 || keys[0] != "new" || keys[1] != "young" {
		t.Errorf("keys = %v, want the expired one gone and the one younger than %v kept", keys, KeyRetention)
	}
	if KeyRetention < 24*time.Hour {
		t.Errorf("keys are kept %v, SPEC asks for at least 24 hours", KeyRetention)
	}
}

func TestResetsDropIdempotencyKeys(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	idem := Idempotency{Key: "k", Request: "r"}
	if _, _, err := s.CreateStudySession(ctx, 1, 1, idem); err != nil {
		t.Fatal(err)
	}
	if err := s.ResetHistory(ctx); err != nil {
		t.Fatal(err)
	}
	if _, replayed, err := s.CreateStudySession(ctx, 1, 1, idem); err != nil || replayed {
		t.Errorf("after a reset the key replayed a deleted session (%v, %v)", replayed, err)
	}
}
