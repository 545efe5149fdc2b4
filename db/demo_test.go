package db

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSeedDemoRefusesAHistoryUnlessForced(t *testing.T) {
	s := newTestStore(t)
	demoHistory(t, s)
	sessions := count(t, s, "study_sessions")
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	err := s.SeedDemo(context.Background(), DemoOptions{Reviews: 100, Words: 400, Groups: 5, Days: 30, Now: now})
	if !errors.Is(err, ErrHistoryExists) {
		t.Fatalf("seed demo on a history: %v, want ErrHistoryExists", err)
	}
	if got := count(t, s, "study_sessions"); got != sessions {
		t.Errorf("the refused seeding wrote %d sessions", got-sessions)
	}
	if err := s.SeedDemo(context.Background(), DemoOptions{Reviews: 100, Words: 400, Groups: 5, Days: 30, Now: now, Force: true}); err != nil {
		t.Fatalf("forced: %v", err)
	}
	if got := count(t, s, "study_sessions"); got != sessions+5 {
		t.Errorf("forced seeding added %d sessions, want 5 (one per 20 reviews)", got-sessions)
	}
	assertAggregatesMatchLog(t, s)
}

func TestSeedDemoRefusesNegativeSizes(t *testing.T) {
	s := newTestStore(t)
	for _, o := range []DemoOptions{{Reviews: -1}, {Reviews: 10, Sessions: -2}, {Reviews: 10, Words: -5}} {
		if err := s.SeedDemo(context.Background(), o); err == nil {
			t.Errorf("SeedDemo(%+v) succeeded", o)
		}
	}
	if n := count(t, s, "study_sessions"); n != 0 {
		t.Errorf("refused seedings wrote %d sessions", n)
	}
}

func TestSeedDemoSizes(t *testing.T) {
	s := newTestStore(t)
	demoHistory(t, s) // 2,000 reviews, 400 words in 5 demo groups, in several steps
	if got := count(t, s, "word_review_items"); got != 2000 {
		t.Errorf("reviews = %d, want 2000", got)
	}
	if got := count(t, s, "words"); got != 400 {
		t.Errorf("words = %d, want 400", got)
	}
	if got := count(t, s, "groups WHERE name LIKE 'Demo Group %'"); got != 5 {
		t.Errorf("demo groups = %d, want 5", got)
	}
	assertAggregatesMatchLog(t, s)
}
