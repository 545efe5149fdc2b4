package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// aggregateDump is every aggregate table as text, to compare before and
// after a rebuild.
func aggregateDump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT word_id, correct_count, wrong_count FROM word_stats ORDER BY word_id`,
		`SELECT session_id, review_count, correct_count, ended_at, started_at, group_name, activity_name FROM session_stats ORDER BY session_id`,
		`SELECT reviews, correct, words_studied, words_mastered, sessions FROM learning_totals`,
		`SELECT quarter, reviews, correct FROM review_quarters ORDER BY quarter`,
		`SELECT word_id, state, step, stability, difficulty, due, last_review, reps, lapses, first_review FROM word_memory ORDER BY word_id`,
		`SELECT id, reading, search, sort_key FROM words ORDER BY id`,
		`SELECT id, word_count FROM groups ORDER BY id`,
		`SELECT term, word_id FROM word_terms ORDER BY term, word_id`,
	} {
		rows, err := s.reader.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

// assertEqualToRebuild checks that every aggregate is what a rebuild from
// the log makes of it, and that the log agrees with them.
func assertEqualToRebuild(t *testing.T, s *Store) {
	t.Helper()
	assertAggregatesMatchLog(t, s)
	kept := aggregateDump(t, s)
	if err := s.RebuildAggregates(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rebuilt := aggregateDump(t, s); rebuilt != kept {
		t.Errorf("aggregates kept differ from a rebuild:\n%s\nrebuilt:\n%s", kept, rebuilt)
	}
}

func ptr[T any](v T) *T { return &v }

func TestCreateWord(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	w, err := s.CreateWord(ctx, WordInput{Japanese: "学校", Romaji: "gakkou", English: "school", GroupIDs: []int64{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if w.Reading != "がっこう" || string(w.Parts) != "[]" || len(w.Groups) != 2 {
		t.Errorf("got %+v, want reading がっこう, parts [], 2 groups", w)
	}
	k, err := s.CreateWord(ctx, WordInput{Japanese: "猫", Reading: "ねこ", English: "cat", Parts: json.RawMessage(` [ {"kanji": "猫", "romaji": ["neko"]} ] `)})
	if err != nil {
		t.Fatal(err)
	}
	if k.Romaji != "neko" || string(k.Parts) != `[{"kanji":"猫","romaji":["neko"]}]` {
		t.Errorf("got romaji %q parts %s, want neko and the parts compact", k.Romaji, k.Parts)
	}

	before := count(t, s, "words")
	groups := count(t, s, "word_groups")
	tests := []struct {
		name string
		in   WordInput
		want error
	}{
		{"duplicate", WordInput{Japanese: "学校", Romaji: "gakkou", English: "school"}, ErrDuplicateWord},
		{"unknown group", WordInput{Japanese: "犬", Romaji: "inu", English: "dog", GroupIDs: []int64{1, 999}}, ErrGroupNotFound},
		{"reading not kana", WordInput{Japanese: "犬", Reading: "inu", Romaji: "inu", English: "dog"}, ErrReadingNotKana},
		{"parts not an array", WordInput{Japanese: "犬", Romaji: "inu", English: "dog", Parts: json.RawMessage(`{"a":1}`)}, ErrPartsNotArray},
		{"blank english", WordInput{Japanese: "犬", Romaji: "inu", English: " "}, ErrEmptyText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateWord(ctx, tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if n := count(t, s, "words"); n != before {
				t.Errorf("got %d words, want %d: a refused word was written", n, before)
			}
			if n := count(t, s, "word_groups"); n != groups {
				t.Errorf("got %d memberships, want %d", n, groups)
			}
		})
	}
	var dup *DuplicateWordError
	if _, err := s.CreateWord(ctx, WordInput{Japanese: "学校", Romaji: "gakkou", English: "school"}); !errors.As(err, &dup) || dup.ID != w.ID {
		t.Errorf("got %v, want the duplicate named as word %d", err, w.ID)
	}
}

func TestUpdateWord(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	w, err := s.CreateWord(ctx, WordInput{Japanese: "食べろ", Romaji: "tabero", English: "eat!", GroupIDs: []int64{1}})
	if err != nil {
		t.Fatal(err)
	}
	// A derived reading follows a fixed typo, even when the form sends the
	// reading back as it was.
	got, err := s.UpdateWord(ctx, w.ID, WordChange{Japanese: ptr("食べる"), Romaji: ptr("taberu"), Reading: ptr("たべろ"), English: ptr("to eat (plain)")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Japanese != "食べる" || got.Reading != "たべる" || got.English != "to eat (plain)" {
		t.Errorf("got %+v, want 食べる たべる", got.Word)
	}
	// A reading written by hand stays when the romaji changes.
	if _, err := s.UpdateWord(ctx, w.ID, WordChange{Reading: ptr("タベル")}); err != nil {
		t.Fatal(err)
	}
	got, err = s.UpdateWord(ctx, w.ID, WordChange{Romaji: ptr("taberu!"), GroupIDs: &[]int64{2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Reading != "タベル" || got.Romaji != "taberu!" {
		t.Errorf("got reading %q romaji %q, want タベル kept", got.Reading, got.Romaji)
	}
	if len(got.Groups) != 2 || got.Groups[0].ID == 1 && got.Groups[1].ID == 1 {
		t.Errorf("got groups %+v, want 2 and 3", got.Groups)
	}
	var search string
	if err := s.reader.QueryRow(`SELECT search FROM words WHERE id = ?`, w.ID).Scan(&search); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(search, "たべる") || !strings.Contains(search, "plain") {
		t.Errorf("search = %q, want the new text", search)
	}

	tests := []struct {
		name   string
		id     int64
		change WordChange
		want   error
	}{
		{"unknown word", 99999, WordChange{English: ptr("x")}, ErrNotFound},
		{"becomes a duplicate", w.ID, WordChange{Japanese: ptr("食べる"), Romaji: ptr("taberu"), English: ptr("to eat")}, ErrDuplicateWord},
		{"reading not kana", w.ID, WordChange{Reading: ptr("tab")}, ErrReadingNotKana},
		{"blank japanese", w.ID, WordChange{Japanese: ptr("  ")}, ErrEmptyText},
		{"unknown group", w.ID, WordChange{English: ptr("x"), GroupIDs: &[]int64{999}}, ErrGroupNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.UpdateWord(ctx, tt.id, tt.change); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			after, err := s.GetWord(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			if after.English != "to eat (plain)" || after.Romaji != "taberu!" || len(after.Groups) != 2 {
				t.Errorf("got %+v: a refused change was written", after)
			}
		})
	}
}

func TestDeleteWordKeepsAggregatesEqualToARebuild(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	f := newDashboardFixture(t, s)
	// Word B has reviews in session 2 spread over several days; C shares
	// quarter hours with nobody, A shares session 1 with nobody.
	insertReview(t, s, f.s2, f.wordC, false, "2026-03-09T10:31:00Z") // a quarter B has too

	var confirm *ConfirmationError
	if _, err := s.DeleteWord(ctx, f.wordB, false); !errors.As(err, &confirm) || confirm.Reviews != 5 {
		t.Fatalf("got %v, want a confirmation for 5 reviews", err)
	}
	if n := count(t, s, "word_review_items"); n != 15 {
		t.Fatalf("got %d reviews, want 15: an unconfirmed delete deleted", n)
	}
	res, err := s.DeleteWord(ctx, f.wordB, true)
	if err != nil {
		t.Fatal(err)
	}
	if res != (WordDeleted{ID: f.wordB, ReviewsDeleted: 5}) {
		t.Errorf("got %+v", res)
	}
	if _, err := s.GetWord(ctx, f.wordB); !errors.Is(err, ErrNotFound) {
		t.Errorf("got %v, want the word gone", err)
	}
	assertEqualToRebuild(t, s)

	fresh, err := s.CreateWord(ctx, WordInput{Japanese: "新", Romaji: "shin", English: "new"})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := s.DeleteWord(ctx, fresh.ID, false); err != nil || res.ReviewsDeleted != 0 {
		t.Errorf("got %+v, %v: a word without reviews needs no confirmation", res, err)
	}
	if _, err := s.DeleteWord(ctx, fresh.ID, true); !errors.Is(err, ErrNotFound) {
		t.Errorf("got %v, want not found", err)
	}
	assertEqualToRebuild(t, s)
}

// A word deleted from the middle of a session's log is out of the
// session's flashcard round: the card counts what is left.
func TestDeleteWordRestartsFlashcards(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess := insertSession(t, s, 1, 1, "2026-03-01T09:00:00Z")
	a, b := nthWord(t, s, 1, 0), nthWord(t, s, 1, 1)
	insertReview(t, s, sess, a, true, "2026-03-01T09:01:00Z")
	insertReview(t, s, sess, b, true, "2026-03-01T09:02:00Z")
	card, err := s.NextFlashcard(ctx, sess, false)
	if err != nil {
		t.Fatal(err)
	}
	if card.Answered != 2 {
		t.Fatalf("got %d answered, want 2", card.Answered)
	}
	total := card.Total
	if _, err := s.DeleteWord(ctx, a, true); err != nil {
		t.Fatal(err)
	}
	card, err = s.NextFlashcard(ctx, sess, false)
	if err != nil {
		t.Fatal(err)
	}
	if card.Answered != 1 || card.Right != 1 || card.Total != total-1 {
		t.Errorf("got %d of %d answered, %d right; want 1 of %d and 1 after the delete", card.Answered, card.Total, card.Right, total-1)
	}
}

func TestGroupWrites(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	f := newDashboardFixture(t, s)

	g, err := s.CreateGroup(ctx, "  Food ")
	if err != nil {
		t.Fatal(err)
	}
	if g.Name != "Food" || g.WordCount != 0 {
		t.Errorf("got %+v", g)
	}
	var taken *NameTakenError
	if _, err := s.CreateGroup(ctx, "Food"); !errors.As(err, &taken) || taken.ID != g.ID {
		t.Errorf("got %v, want the name taken by group %d", err, g.ID)
	}
	if _, err := s.CreateGroup(ctx, " "); !errors.Is(err, ErrEmptyText) {
		t.Errorf("got %v, want empty", err)
	}

	added, err := s.AddWordsToGroup(ctx, g.ID, []int64{f.wordA, f.wordB, f.wordA})
	if err != nil {
		t.Fatal(err)
	}
	if added != (GroupWordsAdded{Added: 2, Already: 1}) {
		t.Errorf("got %+v, want 2 added, 1 already", added)
	}
	if _, err := s.AddWordsToGroup(ctx, g.ID, []int64{f.wordC, 99999}); !errors.Is(err, ErrWordNotFound) {
		t.Errorf("got %v, want word not found", err)
	}
	if _, err := s.AddWordsToGroup(ctx, 99999, []int64{f.wordC}); !errors.Is(err, ErrNotFound) {
		t.Errorf("got %v, want group not found", err)
	}
	if got, _ := getGroup(ctx, s.reader, g.ID); got.WordCount != 2 {
		t.Errorf("got %d words in the group, want 2 (nothing of the refused add)", got.WordCount)
	}
	if err := s.RemoveWordFromGroup(ctx, g.ID, f.wordB); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveWordFromGroup(ctx, g.ID, f.wordB); !errors.Is(err, ErrNotInGroup) {
		t.Errorf("got %v, want not in the group", err)
	}

	// Group 2 has sessions 2 and 3: the renamed name reaches their rows.
	if _, err := s.RenameGroup(ctx, 2, "Food"); !errors.Is(err, ErrNameTaken) {
		t.Errorf("got %v, want the name taken", err)
	}
	r, err := s.RenameGroup(ctx, 2, "Adjectives")
	if err != nil || r.Name != "Adjectives" {
		t.Fatalf("got %+v, %v", r, err)
	}
	assertAggregatesMatchLog(t, s)

	words := count(t, s, "words")
	var confirm *ConfirmationError
	if _, err := s.DeleteGroup(ctx, 2, false); !errors.As(err, &confirm) || confirm.Sessions != 2 || confirm.Reviews != 9 {
		t.Fatalf("got %v, want a confirmation for 2 sessions and 9 reviews", err)
	}
	res, err := s.DeleteGroup(ctx, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if res != (SessionsDeleted{ID: 2, SessionsDeleted: 2, ReviewsDeleted: 9}) {
		t.Errorf("got %+v", res)
	}
	if n := count(t, s, "words"); n != words {
		t.Errorf("got %d words, want %d: a group's words stay", n, words)
	}
	if _, err := s.GetGroup(ctx, 2, ListQuery{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("got %v, want the group gone", err)
	}
	if res, err := s.DeleteGroup(ctx, g.ID, false); err != nil || res.SessionsDeleted != 0 {
		t.Errorf("got %+v, %v: a group without sessions needs no confirmation", res, err)
	}
	assertEqualToRebuild(t, s)
}

func TestStudyActivityWrites(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	f := newDashboardFixture(t, s)
	_ = f

	a, err := s.CreateStudyActivity(ctx, ActivityInput{Name: "Kanji Quiz", URL: "https://quiz.example/play"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Builtin || a.ThumbnailURL != defaultThumbnail {
		t.Errorf("got %+v", a)
	}
	tests := []struct {
		name string
		in   ActivityInput
		want error
	}{
		{"javascript url", ActivityInput{Name: "X", URL: "javascript:alert(1)"}, ErrActivityURL},
		{"relative url", ActivityInput{Name: "X", URL: "/flashcards"}, ErrActivityURL},
		{"credentials", ActivityInput{Name: "X", URL: "https://me:pw@quiz.example/"}, ErrActivityURL},
		{"bad thumbnail", ActivityInput{Name: "X", URL: "https://x.example/", ThumbnailURL: "data:image/png;base64,AA"}, ErrThumbnailURL},
		{"blank name", ActivityInput{Name: " ", URL: "https://x.example/"}, ErrEmptyText},
		{"name taken", ActivityInput{Name: "Flashcards", URL: "https://x.example/"}, ErrNameTaken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := count(t, s, "study_activities")
			if _, err := s.CreateStudyActivity(ctx, tt.in); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
			if got := count(t, s, "study_activities"); got != n {
				t.Errorf("got %d activities, want %d", got, n)
			}
		})
	}
	if _, err := s.UpdateStudyActivity(ctx, 1, ActivityChange{Name: ptr("Cards")}); !errors.Is(err, ErrBuiltinActivity) {
		t.Errorf("got %v, want built-in refused", err)
	}
	if _, err := s.DeleteStudyActivity(ctx, 1, true); !errors.Is(err, ErrBuiltinActivity) {
		t.Errorf("got %v, want built-in refused", err)
	}
	// Activity 2 (Writing Practice) has session 3.
	u, err := s.UpdateStudyActivity(ctx, 2, ActivityChange{Name: ptr("Writing"), URL: ptr("http://127.0.0.1:9000/w")})
	if err != nil || u.Name != "Writing" || u.URL != "http://127.0.0.1:9000/w" {
		t.Fatalf("got %+v, %v", u, err)
	}
	assertAggregatesMatchLog(t, s)
	if _, err := s.DeleteStudyActivity(ctx, 2, false); !errors.Is(err, ErrNeedsConfirmation) {
		t.Fatalf("got %v, want a confirmation", err)
	}
	res, err := s.DeleteStudyActivity(ctx, 2, true)
	if err != nil || res.SessionsDeleted != 1 || res.ReviewsDeleted != 4 {
		t.Fatalf("got %+v, %v; want 1 session and 4 reviews deleted", res, err)
	}
	assertEqualToRebuild(t, s)
}
