package db

import (
	"math"
	"time"

	"context"
	"errors"
	"langportal/db/fsrs"
	"langportal/db/kana"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestListWordsSortsAndPages(t *testing.T) {
	s := newTestStore(t)
	f := newDashboardFixture(t, s)
	ctx := context.Background()
	total := count(t, s, "words")

	all, err := s.ListWords(ctx, ListQuery{PerPage: MaxPerPage})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) != total || all.Pagination != (Pagination{Page: 1, PerPage: MaxPerPage, TotalItems: total, TotalPages: 1}) {
		t.Fatalf("all words: %d items, %+v", len(all.Items), all.Pagination)
	}
	// sort=japanese (the default) is the readings' gojūon order.
	if !sort.SliceIsSorted(all.Items, func(i, j int) bool {
		return kana.SortKey(all.Items[i].Reading) < kana.SortKey(all.Items[j].Reading)
	}) {
		t.Errorf("the default order is not the readings' gojūon order")
	}

	tests := []struct {
		sort string
		desc bool
		key  func(Word) string
	}{
		{"romaji", false, func(w Word) string { return w.Romaji }},
		{"english", true, func(w Word) string { return w.English }},
	}
	for _, tt := range tests {
		list, err := s.ListWords(ctx, ListQuery{Sort: tt.sort, Desc: tt.desc, PerPage: MaxPerPage})
		if err != nil {
			t.Fatal(err)
		}
		keys := make([]string, len(list.Items))
		for i, w := range list.Items {
			keys[i] = tt.key(w)
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		if tt.desc {
			slices.Reverse(want)
		}
		if !slices.Equal(keys, want) {
			t.Errorf("sort %s desc=%v is not in order", tt.sort, tt.desc)
		}
	}

	byCorrect, err := s.ListWords(ctx, ListQuery{Sort: "correct", Desc: true, PerPage: 3})
	if err != nil {
		t.Fatal(err)
	}
	// A and C have 4 right each (the later id first when descending), then B with 3.
	got := []int64{byCorrect.Items[0].ID, byCorrect.Items[1].ID, byCorrect.Items[2].ID}
	if want := []int64{max(f.wordA, f.wordC), min(f.wordA, f.wordC), f.wordB}; !slices.Equal(got, want) {
		t.Errorf("by correct desc = %v, want %v", got, want)
	}
	if w := byCorrect.Items[2]; w.CorrectCount != 3 || w.WrongCount != 2 {
		t.Errorf("word B counts = %d/%d, want 3/2", w.CorrectCount, w.WrongCount)
	}
	byWrong, err := s.ListWords(ctx, ListQuery{Sort: "wrong", Desc: true, PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if byWrong.Items[0].ID != f.wordB {
		t.Errorf("most wrong = word %d, want B (%d)", byWrong.Items[0].ID, f.wordB)
	}

	page2, err := s.ListWords(ctx, ListQuery{Page: 2, PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	if page2.Items[0].ID != all.Items[50].ID || page2.Pagination.TotalPages != (total+49)/50 {
		t.Errorf("page 2 of 50 starts with %d, want %d; %+v", page2.Items[0].ID, all.Items[50].ID, page2.Pagination)
	}
	past, err := s.ListWords(ctx, ListQuery{Page: 99, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	if past.Items == nil || len(past.Items) != 0 || past.Pagination.TotalItems != total {
		t.Errorf("a page past the end = %+v, want an empty (not nil) list", past)
	}
	if _, err := s.ListWords(ctx, ListQuery{Sort: "kanji; DROP TABLE words"}); !errors.Is(err, ErrUnknownSort) {
		t.Errorf("unknown sort: err = %v, want ErrUnknownSort", err)
	}
}

func TestGetWord(t *testing.T) {
	s := newTestStore(t)
	f := newDashboardFixture(t, s)
	w, err := s.GetWord(context.Background(), f.wordB)
	if err != nil {
		t.Fatal(err)
	}
	if w.CorrectCount != 3 || w.WrongCount != 2 || len(w.Groups) != 1 || w.Groups[0].Name != "Core Adjectives" {
		t.Errorf("word B = %+v", w)
	}
	if _, err := s.GetWord(context.Background(), 99999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing word: err = %v, want ErrNotFound", err)
	}
}

func TestListGroupsAndGroupDetail(t *testing.T) {
	s := newTestStore(t)
	f := newDashboardFixture(t, s)
	ctx := context.Background()
	groups, err := s.ListGroups(ctx, ListQuery{Sort: "words", Desc: true})
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, g := range groups.Items {
		names = append(names, g.Name)
	}
	if want := []string{"Core Adjectives", "Core Verbs", "Greetings and Everyday Phrases"}; !slices.Equal(names, want) {
		t.Errorf("groups by words desc = %v, want %v", names, want)
	}
	if groups.Items[0].WordCount != 78 {
		t.Errorf("Core Adjectives has %d words, want 78", groups.Items[0].WordCount)
	}

	d, err := s.GetGroup(ctx, 2, ListQuery{Sort: "correct", Desc: true, PerPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "Core Adjectives" || d.WordCount != 78 || d.Words.Pagination.TotalItems != 78 || len(d.Words.Items) != 2 {
		t.Errorf("group 2 = %+v", d.Group)
	}
	if d.Words.Items[0].ID != f.wordC || d.Words.Items[1].ID != f.wordB {
		t.Errorf("group words by correct = %d, %d; want C then B", d.Words.Items[0].ID, d.Words.Items[1].ID)
	}
	if d.StudySessions.Pagination.TotalItems != 2 || d.StudySessions.Items[0].ID != f.s3 {
		t.Errorf("group sessions = %+v, want s3 then s2", d.StudySessions)
	}
	if _, err := s.GetGroup(ctx, 99, ListQuery{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing group: err = %v, want ErrNotFound", err)
	}
	if _, _, err := s.ListGroupWords(ctx, 99, ListQuery{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("words of a missing group: err = %v, want ErrNotFound", err)
	}
}

func TestListStudySessions(t *testing.T) {
	s := newTestStore(t)
	f := newDashboardFixture(t, s)
	ctx := context.Background()
	ids := func(q ListQuery) []int64 {
		t.Helper()
		list, err := s.ListStudySessions(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, ss := range list.Items {
			out = append(out, ss.ID)
		}
		return out
	}
	tests := []struct {
		q    ListQuery
		want []int64
	}{
		{ListQuery{}, []int64{f.s1, f.s2, f.s3}},
		{ListQuery{Sort: "id", Desc: true}, []int64{f.s3, f.s2, f.s1}},
		{ListQuery{Sort: "reviews"}, []int64{f.s3, f.s1, f.s2}},           // 4, 5, 5 (ties by id)
		{ListQuery{Sort: "activity"}, []int64{f.s1, f.s2, f.s3}},          // Flashcards ×2, Writing Practice
		{ListQuery{Sort: "group", Desc: true}, []int64{f.s1, f.s3, f.s2}}, // Core Verbs, then Core Adjectives newest first
		{ListQuery{Sort: "start", Desc: true}, []int64{f.s3, f.s2, f.s1}},
		{ListQuery{Sort: "end"}, []int64{f.s1, f.s2, f.s3}},
	}
	for _, tt := range tests {
		if got := ids(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("sessions %+v = %v, want %v", tt.q, got, tt.want)
		}
	}
	d, err := s.GetStudySession(ctx, f.s2, ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if d.EndTime.String() != "2026-03-09T10:30:00.000Z" || len(d.Words.Items) != 1 ||
		d.Words.Items[0].CorrectCount != 3 || d.Words.Items[0].WrongCount != 2 {
		t.Errorf("session 2 = %+v", d)
	}
}

func TestActivities(t *testing.T) {
	s := newTestStore(t)
	f := newDashboardFixture(t, s)
	d, err := s.GetStudyActivityDetail(context.Background(), 2, ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "Writing Practice" || d.Builtin || len(d.StudySessions.Items) != 1 || d.StudySessions.Items[0].ID != f.s3 {
		t.Errorf("activity 2 = %+v", d)
	}
	if !strings.HasPrefix(d.URL, "http") {
		t.Errorf("the external activity's URL is %q", d.URL)
	}
}

func TestResetHistory(t *testing.T) {
	s := newTestStore(t)
	newDashboardFixture(t, s)
	words, groups, activities := count(t, s, "words"), count(t, s, "groups"), count(t, s, "study_activities")
	if err := s.ResetHistory(context.Background()); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"word_review_items": 0, "study_sessions": 0, "session_stats": 0,
		"words": words, "groups": groups, "study_activities": activities} {
		if got := count(t, s, table); got != want {
			t.Errorf("%s has %d rows after reset history, want %d", table, got, want)
		}
	}
	assertAggregatesMatchLog(t, s)
}

func TestFullReset(t *testing.T) {
	s := newTestStore(t)
	newDashboardFixture(t, s)
	fresh := newTestStore(t)
	if _, err := s.ImportWords(context.Background(), "Extra", []NewWord{{Japanese: "猫", Romaji: "neko", English: "cat"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.FullReset(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"words", "groups", "word_groups", "study_activities", "study_sessions", "word_review_items"} {
		if got, want := count(t, s, table), count(t, fresh, table); got != want {
			t.Errorf("%s has %d rows after a full reset, a fresh database %d", table, got, want)
		}
	}
	var minID int64
	if err := s.reader.QueryRow(`SELECT MIN(id) FROM words`).Scan(&minID); err != nil || minID != 1 {
		t.Errorf("word ids start at %d after a full reset, want 1 as when freshly seeded", minID)
	}
	assertAggregatesMatchLog(t, s)
}

// assertAggregatesMatchLog checks the kept counts against a recount of the log.
func assertAggregatesMatchLog(t *testing.T, s *Store) {
	t.Helper()
	var bad int
	err := s.reader.QueryRow(`
		SELECT (SELECT COUNT(*) FROM words w JOIN word_stats ws ON ws.word_id = w.id
		        WHERE ws.correct_count <> (SELECT COALESCE(SUM(correct), 0) FROM word_review_items WHERE word_id = w.id)
		           OR ws.wrong_count <> (SELECT COUNT(*) - COALESCE(SUM(correct), 0) FROM word_review_items WHERE word_id = w.id))
		     + (SELECT COUNT(*) FROM study_sessions s JOIN session_stats st ON st.session_id = s.id
		        WHERE st.review_count <> (SELECT COUNT(*) FROM word_review_items WHERE study_session_id = s.id)
		           OR st.correct_count <> (SELECT COALESCE(SUM(correct), 0) FROM word_review_items WHERE study_session_id = s.id)
		           OR st.ended_at <> COALESCE((SELECT MAX(created_at) FROM word_review_items WHERE study_session_id = s.id), s.created_at))
		     + (SELECT COUNT(*) FROM words WHERE id NOT IN (SELECT word_id FROM word_stats))
		     + (SELECT COUNT(*) FROM study_sessions WHERE id NOT IN (SELECT session_id FROM session_stats))
		     + (SELECT COUNT(*) FROM study_sessions s JOIN session_stats st ON st.session_id = s.id
		        JOIN groups g ON g.id = s.group_id JOIN study_activities a ON a.id = s.study_activity_id
		        WHERE st.started_at <> s.created_at OR st.group_name <> g.name OR st.activity_name <> a.name)
		     + (SELECT COUNT(*) FROM learning_totals WHERE
		          reviews <> (SELECT COUNT(*) FROM word_review_items)
		          OR correct <> (SELECT COALESCE(SUM(correct), 0) FROM word_review_items)
		          OR words_studied <> (SELECT COUNT(DISTINCT word_id) FROM word_review_items)
		          OR words_mastered <> (SELECT COUNT(*) FROM (SELECT word_id FROM word_review_items GROUP BY word_id
		                               HAVING COUNT(*) >= 5 AND SUM(correct) * 100 >= COUNT(*) * 80))
		          OR sessions <> (SELECT COUNT(*) FROM study_sessions))
		     + (SELECT COUNT(*) FROM (SELECT DISTINCT unixepoch(created_at) / 900 AS q
		                              FROM word_review_items) WHERE q NOT IN (SELECT quarter FROM review_quarters))
		     + (SELECT COUNT(*) FROM review_quarters WHERE quarter NOT IN
		          (SELECT unixepoch(created_at) / 900 FROM word_review_items))
		     + (SELECT COUNT(*) FROM (SELECT unixepoch(created_at) / 900 AS q, COUNT(*) AS n, SUM(correct) AS c
		                              FROM word_review_items GROUP BY 1) x
		        LEFT JOIN review_quarters rq ON rq.quarter = x.q WHERE rq.reviews IS NOT x.n OR rq.correct IS NOT x.c)`).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d aggregate rows disagree with the review log", bad)
	}
	assertMemoryMatchesReplay(t, s)
}

// assertMemoryMatchesReplay compares every kept memory state, field by
// field, with a replay of the word's reviews through the scheduler.
func assertMemoryMatchesReplay(t *testing.T, s *Store) {
	t.Helper()
	sched := fsrs.Default()
	if err := s.reader.QueryRow(`SELECT desired_retention FROM settings`).Scan(&sched.DesiredRetention); err != nil {
		t.Fatal(err)
	}
	rows, err := s.reader.Query(`SELECT word_id, created_at, correct FROM word_review_items ORDER BY word_id, created_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64][]fsrs.Answer{}
	for rows.Next() {
		var word int64
		var at Time
		var correct bool
		if err := rows.Scan(&word, &at, &correct); err != nil {
			t.Fatal(err)
		}
		want[word] = append(want[word], fsrs.Answer{At: at.Time, Correct: correct})
	}
	rows.Close()
	kept := map[int64]fsrs.Card{}
	rows, err = s.reader.Query(`SELECT m.word_id, ` + memoryColumns + ` FROM word_memory m`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var word int64
		var n nullMemory
		if err := rows.Scan(append([]any{&word}, n.dest()...)...); err != nil {
			t.Fatal(err)
		}
		kept[word], _ = n.card()
	}
	rows.Close()
	for word, answers := range want {
		replayed, _ := sched.Replay(answers)
		got, ok := kept[word]
		if !ok {
			t.Errorf("word %d has %d reviews and no memory", word, len(answers))
			continue
		}
		replayed.Due, replayed.LastReview = replayed.Due.Truncate(time.Millisecond), replayed.LastReview.Truncate(time.Millisecond)
		if got.State != replayed.State || got.Step != replayed.Step || got.Reps != replayed.Reps || got.Lapses != replayed.Lapses ||
			math.Abs(got.Stability-replayed.Stability) > 1e-9 || math.Abs(got.Difficulty-replayed.Difficulty) > 1e-9 ||
			!got.Due.Equal(replayed.Due) || !got.LastReview.Equal(replayed.LastReview) {
			t.Errorf("word %d: kept memory %+v, replay gives %+v", word, got, replayed)
		}
	}
	for word := range kept {
		if _, ok := want[word]; !ok {
			t.Errorf("word %d has a memory and no review", word)
		}
	}
}

func TestAggregatesFollowTheLog(t *testing.T) {
	s := newTestStore(t)
	newDashboardFixture(t, s)
	assertAggregatesMatchLog(t, s)
	// Spoil the aggregates by hand, then rebuild them from the log.
	execWrite(t, s, `UPDATE word_stats SET correct_count = 99; DELETE FROM session_stats;
		UPDATE learning_totals SET sessions = 7, words_mastered = 3; DELETE FROM review_quarters; INSERT INTO review_quarters VALUES (1, 1, 0);
		UPDATE word_memory SET stability = 1, reps = 42`)
	if err := s.RebuildAggregates(context.Background()); err != nil {
		t.Fatal(err)
	}
	assertAggregatesMatchLog(t, s)
}
