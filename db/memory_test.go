package db

import (
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

// The SPEC's vectors, answered through the store: the kept memory is the
// scheduler's, to 1e-6 and to the millisecond.
func TestMemoryThroughTheStore(t *testing.T) {
	s := newTestStore(t)
	ctx := t.Context()
	sess, _, err := s.StartStudySession(ctx, NewSession{GroupID: 1, ActivityID: 1,
		StartedAt: NewTime(mustTime(t, "2026-01-05T08:00:00Z"))}, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	word := nthWord(t, s, 1, 0)
	for _, at := range []string{"2026-01-05T09:00:00Z", "2026-01-05T09:10:00Z", "2026-01-07T09:10:00Z",
		"2026-01-18T09:10:00Z", "2026-03-05T09:10:00Z", "2026-08-15T09:10:00Z"} {
		if _, _, err := s.RecordAnswer(ctx, sess.ID, NewReview{WordID: word, Correct: true, At: NewTime(mustTime(t, at))}, Idempotency{}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.GetWord(ctx, word)
	if err != nil {
		t.Fatal(err)
	}
	m := d.Memory
	if m == nil {
		t.Fatal("no memory after six answers")
	}
	if m.State != "review" || m.Step != nil || math.Abs(m.Stability-497.876555) > 1e-6 || math.Abs(m.Difficulty-2.083724) > 1e-6 ||
		m.Due.String() != "2027-12-26T09:10:00.000Z" || m.LastReview.String() != "2026-08-15T09:10:00.000Z" || m.Reps != 6 || m.Lapses != 0 {
		t.Errorf("memory = %+v, want review, S 497.876555, D 2.083724, due 2027-12-26T09:10:00Z, 6 reps", *m)
	}
	if m.Retrievability <= 0 || m.Retrievability > 1 {
		t.Errorf("retrievability = %v, want in (0, 1]", m.Retrievability)
	}
	// A back-dated answer replays the word in answer-time order.
	if _, _, err := s.RecordAnswer(ctx, sess.ID, NewReview{WordID: word, Correct: false, At: NewTime(mustTime(t, "2026-01-05T09:05:00Z"))}, Idempotency{}); err != nil {
		t.Fatal(err)
	}
	assertMemoryMatchesReplay(t, s)
	// An answer before the session started is refused, and writes nothing.
	before := count(t, s, "word_review_items")
	_, _, err = s.RecordAnswer(ctx, sess.ID, NewReview{WordID: word, Correct: true, At: NewTime(mustTime(t, "2026-01-05T07:59:59Z"))}, Idempotency{})
	if !errors.Is(err, ErrReviewBeforeSession) || count(t, s, "word_review_items") != before {
		t.Errorf("an answer before the session: %v, want ErrReviewBeforeSession and no row", err)
	}
}

// Random histories — right and wrong, random times, back-dated answers,
// batches and undos, over hundreds of words — keep every aggregate and
// memory state equal to a rebuild from the log and to a direct replay.
func TestRandomHistoryKeepsMemoryEqualToTheLog(t *testing.T) {
	s := newTestStore(t)
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(11, 2026))
	var words []int64
	rows, err := s.reader.Query(`SELECT id FROM words ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		words = append(words, id)
	}
	rows.Close()
	start := mustTime(t, "2025-01-01T00:00:00Z")
	var sessions []StudySession
	for g := int64(1); g <= 3; g++ {
		sess, _, err := s.StartStudySession(ctx, NewSession{GroupID: g, ActivityID: 1, StartedAt: NewTime(start)}, Idempotency{})
		if err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, sess)
	}
	groupWords := map[int64][]int64{}
	for _, sess := range sessions {
		rows, err := s.reader.Query(`SELECT word_id FROM word_groups WHERE group_id = ?`, sess.GroupID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			groupWords[int64(sess.GroupID)] = append(groupWords[int64(sess.GroupID)], id)
		}
		rows.Close()
	}
	clock := start
	answer := func(sess StudySession) NewReview {
		ws := groupWords[int64(sess.GroupID)]
		a := NewReview{WordID: ws[rng.IntN(len(ws))], Correct: rng.IntN(3) != 0}
		switch rng.IntN(10) {
		case 0: // back-dated, somewhere in the past
			a.At = NewTime(start.Add(time.Duration(rng.Int64N(int64(clock.Sub(start) + 1)))))
		default:
			clock = clock.Add(time.Duration(rng.IntN(3*24*60)) * time.Minute)
			a.At = NewTime(clock)
		}
		return a
	}
	for i := 0; i < 1500; i++ {
		sess := sessions[rng.IntN(len(sessions))]
		switch op := rng.IntN(20); {
		case op < 15:
			if _, _, err := s.RecordAnswer(ctx, sess.ID, answer(sess), Idempotency{}); err != nil {
				t.Fatal(err)
			}
		case op < 17:
			batch := make([]NewReview, 1+rng.IntN(20))
			for j := range batch {
				batch[j] = answer(sess)
			}
			if _, _, err := s.RecordReviews(ctx, sess.ID, batch, Idempotency{}); err != nil {
				t.Fatal(err)
			}
		default:
			if _, _, err := s.UndoReview(ctx, sess.ID, Idempotency{}); err != nil && !errors.Is(err, ErrNothingToUndo) {
				t.Fatal(err)
			}
		}
	}
	if n := count(t, s, "word_memory"); n < 100 {
		t.Fatalf("only %d words have a memory, want hundreds", n)
	}
	assertAggregatesMatchLog(t, s)
	kept := memoryRows(t, s)
	if err := s.RebuildAggregates(ctx); err != nil {
		t.Fatal(err)
	}
	rebuilt := memoryRows(t, s)
	if len(kept) != len(rebuilt) {
		t.Fatalf("%d memory rows kept, %d rebuilt", len(kept), len(rebuilt))
	}
	for word, k := range kept {
		if r := rebuilt[word]; r != k {
			t.Errorf("word %d: kept %+v, rebuilt %+v", word, k, r)
		}
	}
}

type memoryRow struct {
	state, step, reps, lapses int64
	stability, difficulty     float64
	due, last                 string
}

func memoryRows(t *testing.T, s *Store) map[int64]memoryRow {
	t.Helper()
	rows, err := s.reader.Query(`SELECT word_id, state, COALESCE(step, -1), reps, lapses, stability, difficulty, due, last_review FROM word_memory`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]memoryRow{}
	for rows.Next() {
		var id int64
		var m memoryRow
		if err := rows.Scan(&id, &m.state, &m.step, &m.reps, &m.lapses, &m.stability, &m.difficulty, &m.due, &m.last); err != nil {
			t.Fatal(err)
		}
		out[id] = m
	}
	return out
}

// Undo takes back the latest answer only, one per call, and leaves the
// aggregates as if it had never been given.
func TestUndoReview(t *testing.T) {
	s := newTestStore(t)
	ctx := t.Context()
	sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.UndoReview(ctx, sess.ID, Idempotency{}); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo with no review: %v, want ErrNothingToUndo", err)
	}
	if _, _, err := s.UndoReview(ctx, 9999, Idempotency{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("undo in an unknown session: %v, want ErrNotFound", err)
	}
	a, b := nthWord(t, s, 1, 0), nthWord(t, s, 1, 1)
	first, _, _ := s.RecordReview(ctx, sess.ID, a, true, Idempotency{})
	second, _, _ := s.RecordReview(ctx, sess.ID, b, false, Idempotency{})
	idem := Idempotency{Key: "undo-1", Request: "undo"}
	undone, replayed, err := s.UndoReview(ctx, sess.ID, idem)
	if err != nil || replayed || undone != second {
		t.Fatalf("undo = %+v, %v, %v; want the latest review %+v", undone, replayed, err, second)
	}
	again, replayed, err := s.UndoReview(ctx, sess.ID, idem)
	if err != nil || !replayed || again != second || count(t, s, "word_review_items") != 1 {
		t.Errorf("the same key again = %+v, replayed %v, %v; want the same row replayed and one review left", again, replayed, err)
	}
	if d, _ := s.GetWord(ctx, b); d.Memory != nil || d.WrongCount != 0 {
		t.Errorf("word %d after its only answer was undone: memory %+v, wrong %d; want none", b, d.Memory, d.WrongCount)
	}
	assertAggregatesMatchLog(t, s)
	undone, _, err = s.UndoReview(ctx, sess.ID, Idempotency{})
	if err != nil || undone != first {
		t.Errorf("second undo = %+v, %v; want %+v", undone, err, first)
	}
	assertAggregatesMatchLog(t, s)
}

// A batch is all or nothing; the refused item is named by its position.
func TestReviewBatchIsAllOrNothing(t *testing.T) {
	s := newTestStore(t)
	ctx := t.Context()
	sess, _, _ := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	in, out := nthWord(t, s, 1, 0), int64(999999)
	_, _, err := s.RecordReviews(ctx, sess.ID, []NewReview{{WordID: in, Correct: true}, {WordID: in}, {WordID: out}}, Idempotency{})
	item, ok := errors.AsType[*ItemError](err)
	if !ok || item.Index != 2 || !errors.Is(err, ErrWordNotFound) {
		t.Errorf("a batch with a missing word: %v, want an ItemError at 2", err)
	}
	if n := count(t, s, "word_review_items"); n != 0 {
		t.Errorf("%d reviews written by a refused batch", n)
	}
	idem := Idempotency{Key: "batch", Request: "b"}
	items, _, err := s.RecordReviews(ctx, sess.ID, []NewReview{{WordID: in, Correct: true}, {WordID: in}}, idem)
	if err != nil || len(items) != 2 || items[1].ID != items[0].ID+1 {
		t.Fatalf("batch = %+v, %v", items, err)
	}
	replay, replayed, err := s.RecordReviews(ctx, sess.ID, []NewReview{{WordID: in, Correct: true}, {WordID: in}}, idem)
	if err != nil || !replayed || len(replay) != 2 || replay[0] != items[0] || replay[1] != items[1] || count(t, s, "word_review_items") != 2 {
		t.Errorf("batch replay = %+v, %v, %v; want the same two rows and nothing written", replay, replayed, err)
	}
	assertAggregatesMatchLog(t, s)
}

// Changing the desired retention reschedules every word at once.
func TestDesiredRetentionReschedules(t *testing.T) {
	s := newTestStore(t)
	ctx := t.Context()
	sess, _, _ := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	w := nthWord(t, s, 1, 0)
	base := time.Now().Add(-30 * 24 * time.Hour)
	sess2, _, _ := s.StartStudySession(ctx, NewSession{GroupID: 1, ActivityID: 1, StartedAt: NewTime(base)}, Idempotency{})
	_ = sess
	for i, d := range []time.Duration{0, 10 * time.Minute, 3 * 24 * time.Hour} {
		if _, _, err := s.RecordAnswer(ctx, sess2.ID, NewReview{WordID: w, Correct: true, At: NewTime(base.Add(d))}, Idempotency{}); err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
	}
	before, _ := s.GetWord(ctx, w)
	if err := s.SetDesiredRetention(ctx, 0.7); err != nil {
		t.Fatal(err)
	}
	after, _ := s.GetWord(ctx, w)
	if !after.Memory.Due.After(before.Memory.Due.Time) {
		t.Errorf("due at retention 0.70 = %s, want later than at 0.90 (%s)", after.Memory.Due, before.Memory.Due)
	}
	// The next answers are scheduled with the new retention, not a cached old one.
	if _, _, err := s.RecordAnswer(ctx, sess2.ID, NewReview{WordID: w, Correct: true}, Idempotency{}); err != nil {
		t.Fatal(err)
	}
	assertAggregatesMatchLog(t, s)
	for _, bad := range []float64{0.69, 1, math.NaN()} {
		if err := s.SetDesiredRetention(ctx, bad); !errors.Is(err, ErrRetentionRange) {
			t.Errorf("retention %v: %v, want ErrRetentionRange", bad, err)
		}
	}
	if r, _ := s.DesiredRetention(ctx); r != 0.7 {
		t.Errorf("retention = %v after refused changes, want 0.7", r)
	}
	if err := s.FullReset(ctx); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.DesiredRetention(ctx); r != 0.9 {
		t.Errorf("retention after a full reset = %v, want the default 0.9", r)
	}
}

// A database with reviews from before memory was kept gets its memory at
// the next start.
func TestMemoryIsBuiltAtStartForOldReviews(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	sess, _, _ := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	s.RecordReview(ctx, sess.ID, nthWord(t, s, 1, 0), true, Idempotency{})
	execWrite(t, s, `DELETE FROM word_memory; UPDATE settings SET memory_built = 0`)
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n := count(t, s2, "word_memory"); n != 1 {
		t.Errorf("word_memory has %d rows after the start, want 1", n)
	}
}
