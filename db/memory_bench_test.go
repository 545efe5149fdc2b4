package db

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkReviewBatch500 records batches of 500 answers (SPEC: one batch
// within 50 ms).
func BenchmarkReviewBatch500(b *testing.B) {
	s := newTestStore(b)
	ctx := b.Context()
	sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	if err != nil {
		b.Fatal(err)
	}
	batch := make([]NewReview, 500)
	for i := range batch {
		batch[i] = NewReview{WordID: int64(i%69 + 1), Correct: i%3 != 0}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := s.RecordReviews(ctx, sess.ID, batch, Idempotency{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild recomputes every aggregate and memory state of a demo
// history: LANGPORTAL_REBUILD_REVIEWS reviews (default 100,000; make bench
// sets 1,000,000) over 10,000 words.
func BenchmarkRebuild(b *testing.B) {
	reviews := 100_000
	if n, err := strconv.Atoi(os.Getenv("LANGPORTAL_REBUILD_REVIEWS")); err == nil && n > 0 {
		reviews = n
	}
	s := newTestStore(b)
	ctx := b.Context()
	if err := s.SeedDemo(ctx, DemoOptions{Reviews: reviews, Words: 10_000, Now: time.Now()}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := s.RebuildAggregates(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(reviews), "reviews")
}

// BenchmarkReviewQueue reads the all-groups queue (100 items, as GET
// /review/queue) and the next Review card (1 item) over a year of history.
func BenchmarkReviewQueue(b *testing.B) {
	s := newTestStore(b)
	ctx := b.Context()
	if err := s.SeedDemo(ctx, DemoOptions{Reviews: 100_000, Words: 10_000, Days: 365, Now: time.Now()}); err != nil {
		b.Fatal(err)
	}
	for _, limit := range []int{100, 1} {
		b.Run(fmt.Sprintf("limit=%d", limit), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.ReviewQueue(ctx, QueueQuery{Limit: limit, Now: time.Now(), Zone: time.UTC}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
