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

// TestSeedDemoOnTheStarterVocabulary checks that the demo history is a
// learner's of the starter words by default: no synthetic word or group,
// each session going through its group's words as a Flashcards round does.
func TestSeedDemoOnTheStarterVocabulary(t *testing.T) {
	s := newTestStore(t)
	words, groups := count(t, s, "words"), count(t, s, "groups")
	if err := s.SeedDemo(context.Background(), DemoOptions{Reviews: 2000, Sessions: 20, Days: 30}); err != nil {
		t.Fatal(err)
	}
	if got, gotGroups := count(t, s, "words"), count(t, s, "groups"); got != words || gotGroups != groups {
		t.Errorf("the demo made %d words in %d groups of %d in %d: it should add none", got, gotGroups, words, groups)
	}
	if n := count(t, s, "word_review_items"); n != 2000 {
		t.Errorf("%d reviews, want 2000", n)
	}
	if n := count(t, s, `word_review_items r JOIN study_sessions s ON s.id = r.study_session_id
		WHERE NOT EXISTS (SELECT 1 FROM word_groups wg WHERE wg.group_id = s.group_id AND wg.word_id = r.word_id)`); n != 0 {
		t.Errorf("%d reviews are of words outside their session's group", n)
	}
	// 100 reviews a session, groups of 69 to 78 words: each session's first
	// round shows every word of its group once.
	rows, err := s.reader.Query(`
		WITH numbered AS (SELECT study_session_id, word_id,
		                         ROW_NUMBER() OVER (PARTITION BY study_session_id ORDER BY id) AS n
		                  FROM word_review_items),
		     sizes AS (SELECT s.id, COUNT(*) AS size FROM study_sessions s
		               JOIN word_groups wg ON wg.group_id = s.group_id GROUP BY s.id)
		SELECT sizes.id, sizes.size, COUNT(DISTINCT numbered.word_id)
		FROM sizes JOIN numbered ON numbered.study_session_id = sizes.id AND numbered.n <= sizes.size
		GROUP BY sizes.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var size, distinct int
		if err := rows.Scan(&id, &size, &distinct); err != nil {
			t.Fatal(err)
		}
		if distinct != size {
			t.Errorf("session %d: its first %d reviews are of %d words, want every word of the group once", id, size, distinct)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, `words WHERE english LIKE 'demo word%'`); n != 0 {
		t.Errorf("%d synthetic words", n)
	}
}

// TestSeedDemoSyntheticVocabulary checks that Words grows the vocabulary
// with synthetic words, for benchmarks.
func TestSeedDemoSyntheticVocabulary(t *testing.T) {
	s := newTestStore(t)
	if err := s.SeedDemo(context.Background(), DemoOptions{Reviews: 200, Words: 500, Groups: 10, Days: 30}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "words"); n != 500 {
		t.Errorf("%d words, want 500", n)
	}
	if n := count(t, s, `groups WHERE name LIKE 'Demo Group %'`); n != 10 {
		t.Errorf("%d demo groups, want 10", n)
	}
}
