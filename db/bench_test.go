package db

import (
	"context"
	"fmt"
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
	if err := s.SeedDemo(ctx, DemoOptions{Reviews: 10000, Words: 1000, Days: 60}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Dashboard(ctx, time.Now(), time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}
