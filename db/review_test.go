package db

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func queueIDs(q ReviewQueue) []int64 {
	var ids []int64
	for _, w := range q.Items {
		ids = append(ids, w.ID)
	}
	return ids
}

// The queue on hand-made histories: due words by due time, new words by id
// up to what is left of today's limit (counting every session), the day
// boundary at day_starts_at, learn-ahead, and a word in two groups.
func TestReviewQueue(t *testing.T) {
	s := newTestStore(t)
	ctx := t.Context()
	execWrite(t, s, `UPDATE settings SET new_per_day = 3, day_starts_at = 4`)
	g1 := []int64{nthWord(t, s, 1, 0), nthWord(t, s, 1, 1), nthWord(t, s, 1, 2), nthWord(t, s, 1, 3)}
	start := mustTime(t, "2026-05-01T00:00:00Z")
	sess, _, err := s.StartStudySession(ctx, NewSession{GroupID: 1, ActivityID: 1, StartedAt: NewTime(start)}, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	answer := func(word int64, right bool, at string) {
		t.Helper()
		if _, _, err := s.RecordAnswer(ctx, sess.ID, NewReview{WordID: word, Correct: right, At: NewTime(mustTime(t, at))}, Idempotency{}); err != nil {
			t.Fatal(err)
		}
	}
	// Day of 2026-05-01 (from 04:00 UTC): two words introduced.
	answer(g1[0], false, "2026-05-01T09:00:00Z") // learning, due 09:01
	answer(g1[1], true, "2026-05-01T09:00:30Z")  // learning, due 09:10:30
	q := func(at string, group int64) ReviewQueue {
		t.Helper()
		rq, err := s.ReviewQueue(ctx, QueueQuery{GroupID: group, Limit: 100, Now: mustTime(t, at), Zone: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		return rq
	}
	rq := q("2026-05-01T09:20:00Z", 1)
	ids := queueIDs(rq)
	if len(ids) < 3 || ids[0] != g1[0] || ids[1] != g1[1] || rq.DueCount != 2 {
		t.Errorf("queue = %v (due %d), want %d then %d due first", ids, rq.DueCount, g1[0], g1[1])
	}
	if rq.NewCount != 1 || len(ids) != 3 {
		t.Errorf("new = %d, %d items; want 1 new word left of 3 a day (2 introduced)", rq.NewCount, len(ids))
	}
	// Another session the same day introduces the last new word: none left.
	other, _, _ := s.StartStudySession(ctx, NewSession{GroupID: 2, ActivityID: 1, StartedAt: NewTime(start)}, Idempotency{})
	if _, _, err := s.RecordAnswer(ctx, other.ID, NewReview{WordID: nthWord(t, s, 2, 0), Correct: true, At: NewTime(mustTime(t, "2026-05-01T09:30:00Z"))}, Idempotency{}); err != nil {
		t.Fatal(err)
	}
	if rq := q("2026-05-01T09:40:00Z", 1); rq.NewCount != 0 {
		t.Errorf("new after the limit was reached in another session = %d, want 0", rq.NewCount)
	}
	// 03:59 next morning is still the same learner day; 04:00 is a new one.
	if rq := q("2026-05-02T03:59:00Z", 1); rq.NewCount != 0 {
		t.Errorf("new at 03:59 = %d, want 0 (still yesterday)", rq.NewCount)
	}
	if rq := q("2026-05-02T04:00:00Z", 1); rq.NewCount != 3 {
		t.Errorf("new at 04:00 = %d, want 3 (a new day)", rq.NewCount)
	}
	// In UTC+14 the same instant is another local day.
	rq, err = s.ReviewQueue(ctx, QueueQuery{GroupID: 1, Limit: 100, Now: mustTime(t, "2026-05-01T14:30:00Z"), Zone: time.FixedZone("", 14*3600)})
	if err != nil || rq.NewCount != 3 {
		t.Errorf("new in UTC+14 at 04:30 local the next day = %d (%v), want 3", rq.NewCount, err)
	}
	// The all-groups queue sees every group's words.
	all := q("2026-05-01T09:40:00Z", 0)
	if !slices.Contains(queueIDs(all), g1[0]) || !slices.Contains(queueIDs(all), nthWord(t, s, 2, 0)) || all.DueCount != 3 {
		t.Errorf("all groups: %v (due %d), want the due words of every group", queueIDs(all), all.DueCount)
	}
	// Learn-ahead: once nothing is due and no new word is left.
	answer(g1[0], true, "2026-05-01T09:41:00Z") // due 09:51
	answer(g1[1], true, "2026-05-01T09:42:00Z") // graduates: due in days
	rq = q("2026-05-01T09:45:00Z", 1)
	if ids := queueIDs(rq); len(ids) != 1 || ids[0] != g1[0] || rq.LearnAheadCount != 1 || rq.DueCount != 0 {
		t.Errorf("learn ahead = %v (ahead %d, due %d), want only %d", ids, rq.LearnAheadCount, rq.DueCount, g1[0])
	}
	if rq.NextDue == nil || rq.NextDue.String() != "2026-05-01T09:51:00.000Z" {
		t.Errorf("next due = %v, want 09:51", rq.NextDue)
	}
	if _, err := s.ReviewQueue(ctx, QueueQuery{GroupID: 9999, Limit: 10, Now: time.Now(), Zone: time.UTC}); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown group's queue: %v, want ErrNotFound", err)
	}
}
