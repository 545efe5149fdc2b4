package db

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// The store's benchmarks run in make bench: go test -bench . ./db

func BenchmarkRecordReview(b *testing.B) {
	for _, parallel := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("writers=%d", parallel), func(b *testing.B) {
			s := newTestStore(b)
			ctx := context.Background()
			sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
			if err != nil {
				b.Fatal(err)
			}
			var n atomic.Int64
			b.SetParallelism(parallel)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					if _, _, err := s.RecordReview(ctx, sess.ID, i%69+1, i%3 != 0, Idempotency{}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func BenchmarkCreateStudySession(b *testing.B) {
	s := newTestStore(b)
	ctx := context.Background()
	b.SetParallelism(16)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkDashboard(b *testing.B) {
	s := newTestStore(b)
	ctx := context.Background()
	if err := s.SeedDemo(ctx, DemoOptions{Reviews: 100000, Words: 10000, Days: 365}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Dashboard(ctx, time.Now(), time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}

// bigGroup adds a group of n new words, written in one statement so that a
// benchmark's setup takes a second, not minutes.
func bigGroup(tb testing.TB, s *Store, n int) int64 {
	tb.Helper()
	var group int64
	err := s.write.do(context.Background(), func(ctx context.Context, tx *writeTx) error {
		if err := tx.conn.QueryRowContext(ctx, `INSERT INTO groups (name) VALUES (?) RETURNING id`,
			fmt.Sprintf("big %d", n)).Scan(&group); err != nil {
			return err
		}
		var before int64
		if err := tx.conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM words`).Scan(&before); err != nil {
			return err
		}
		_, err := tx.conn.ExecContext(ctx, `
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO words (japanese, romaji, english) SELECT 'big' || i, 'big' || i, 'big ' || i FROM n;
			INSERT INTO word_groups (word_id, group_id) SELECT id, ? FROM words WHERE id > ?`, n, group, before)
		return err
	})
	if err != nil {
		tb.Fatalf("big group: %v", err)
	}
	return group
}

// BenchmarkNextFlashcard100k answers the cards of a 100,000-word group one by
// one: each op records a review and reads the next card. next-p50-ns is the
// reading alone.
func BenchmarkNextFlashcard100k(b *testing.B) {
	s := newTestStore(b)
	ctx := context.Background()
	group := bigGroup(b, s, 100_000)
	sess, _, err := s.CreateStudySession(ctx, group, 1, Idempotency{})
	if err != nil {
		b.Fatal(err)
	}
	// A session some way into its round: 1,000 answers, one in 7 wrong.
	execWrite(b, s, `INSERT INTO word_review_items (study_session_id, word_id, correct, created_at)
		SELECT ?, word_id, word_id % 7 <> 0, ? FROM word_groups WHERE group_id = ? ORDER BY word_id DESC LIMIT 1000`,
		sess.ID, Now(), group)
	card, err := s.NextFlashcard(ctx, sess.ID, false)
	if err != nil {
		b.Fatal(err)
	}
	var next []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, _, err := s.RecordReview(ctx, sess.ID, card.Word.ID, i%7 != 0, Idempotency{}); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if card, err = s.NextFlashcard(ctx, sess.ID, false); err != nil {
			b.Fatal(err)
		}
		next = append(next, time.Since(start))
		if card.Done { // a long -benchtime: on to the retry round, or a new session
			if card, err = s.NextFlashcard(ctx, sess.ID, true); err != nil {
				b.Fatal(err)
			}
			if card.Done {
				if sess, _, err = s.CreateStudySession(ctx, group, 1, Idempotency{}); err != nil {
					b.Fatal(err)
				}
				if card, err = s.NextFlashcard(ctx, sess.ID, false); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.StopTimer()
	slices.Sort(next)
	b.ReportMetric(float64(next[len(next)/2].Nanoseconds()), "next-p50-ns")
	b.ReportMetric(float64(next[len(next)*99/100].Nanoseconds()), "next-p99-ns")
}

// BenchmarkNextFlashcard100kFirstCard is a session's first card on a
// 100,000-word group (or one after the memo let its replay go): the one
// replay from scratch, reading the group's ids and the session's reviews.
func BenchmarkNextFlashcard100kFirstCard(b *testing.B) {
	s := newTestStore(b)
	ctx := context.Background()
	group := bigGroup(b, s, 100_000)
	sess, _, err := s.CreateStudySession(ctx, group, 1, Idempotency{})
	if err != nil {
		b.Fatal(err)
	}
	execWrite(b, s, `INSERT INTO word_review_items (study_session_id, word_id, correct, created_at)
		SELECT ?, word_id, word_id % 7 <> 0, ? FROM word_groups WHERE group_id = ? ORDER BY word_id DESC LIMIT 1000`,
		sess.ID, Now(), group)
	b.ReportAllocs()
	for b.Loop() {
		s.cards.take(sess.ID)
		if _, err := s.NextFlashcard(ctx, sess.ID, false); err != nil {
			b.Fatal(err)
		}
	}
}
