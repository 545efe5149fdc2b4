package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"langportal/db/studymode"
)

// Activity ids of the seed, in activities.json order.
const (
	flashcardsID = 1
	externalID   = 2
	reviewID     = 3
	typingID     = 4
)

func TestStartStudySessionOptions(t *testing.T) {
	tests := []struct {
		name     string
		activity int64
		given    map[string]string
		want     string // the options as JSON, also as stored
	}{
		{"flashcards, the settings' defaults", flashcardsID, nil, `{"direction":"ja-en","round_size":"all"}`},
		{"flashcards, both given", flashcardsID, map[string]string{"direction": "en-ja", "round_size": "10"}, `{"direction":"en-ja","round_size":"10"}`},
		{"flashcards, one given", flashcardsID, map[string]string{"round_size": "50"}, `{"direction":"ja-en","round_size":"50"}`},
		{"typing, the default", typingID, nil, `{"prompt":"reading"}`},
		{"typing, meaning", typingID, map[string]string{"prompt": "meaning"}, `{"prompt":"meaning"}`},
		{"review has none", reviewID, nil, `{}`},
		{"an external app has none", externalID, nil, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			ctx := context.Background()
			sess, _, err := s.StartStudySession(ctx, NewSession{GroupID: 1, ActivityID: tt.activity, Options: tt.given}, Idempotency{})
			if err != nil {
				t.Fatal(err)
			}
			if got := mustJSON(t, sess.Options); got != tt.want {
				t.Errorf("options %s, want %s", got, tt.want)
			}
			var stored string
			if err := s.reader.QueryRow(`SELECT options FROM study_sessions WHERE id = ?`, sess.ID).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if stored != tt.want {
				t.Errorf("stored %s, want %s", stored, tt.want)
			}
			d, err := s.GetStudySession(ctx, sess.ID, ListQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if got := mustJSON(t, d.Options); got != tt.want {
				t.Errorf("GetStudySession options %s, want %s", got, tt.want)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// must and must2 return a call's values; its error ends the test (as a
// panic: Go passes a call's results on only as all of the arguments).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestStartStudySessionDefaultsFromSettings(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	st := must(s.GetSettings(ctx))
	st.Direction, st.RoundSize, st.TypingPrompt = "en-ja", "20", "production"
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	fc, _ := must2(s.StartStudySession(ctx, NewSession{GroupID: 1, ActivityID: flashcardsID}, Idempotency{}))
	ty, _ := must2(s.StartStudySession(ctx, NewSession{GroupID: 1, ActivityID: typingID, Options: map[string]string{}}, Idempotency{}))
	if got := mustJSON(t, fc.Options); got != `{"direction":"en-ja","round_size":"20"}` {
		t.Errorf("flashcards options %s, want the settings'", got)
	}
	if got := mustJSON(t, ty.Options); got != `{"prompt":"production"}` {
		t.Errorf("typing options %s, want the settings'", got)
	}
	// A session keeps its options when the settings change.
	st.Direction = "ja-en"
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	d := must(s.GetStudySession(ctx, fc.ID, ListQuery{}))
	if d.Options.Direction != "en-ja" {
		t.Errorf("after the settings changed, direction %q, want en-ja", d.Options.Direction)
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

func TestStartStudySessionRefusesOptions(t *testing.T) {
	tests := []struct {
		name            string
		group, activity int64
		given           map[string]string
		fields          string
		groupMissing    bool
	}{
		{"prompt for flashcards", 1, flashcardsID, map[string]string{"prompt": "reading"}, "[prompt is not an option of Flashcards]", false},
		{"direction for typing", 1, typingID, map[string]string{"direction": "ja-en"}, "[direction is not an option of Typing]", false},
		{"round size for review", 0, reviewID, map[string]string{"round_size": "10"}, "[round_size is not an option of Review]", false},
		{"an unknown value", 1, flashcardsID, map[string]string{"round_size": "15"}, "[round_size must be one of all, 10, 20, 50]", false},
		{"and a missing group", 99, typingID, map[string]string{"prompt": "spelling"}, "[prompt must be one of reading, production, meaning, listening]", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			_, _, err := s.StartStudySession(context.Background(), NewSession{GroupID: tt.group, ActivityID: tt.activity, Options: tt.given}, Idempotency{})
			oe, ok := errors.AsType[*OptionError](err)
			if !ok {
				t.Fatalf("err = %v, want an *OptionError", err)
			}
			if got := fmt.Sprint(oe.Errs); got != tt.fields {
				t.Errorf("errors %s, want %s", got, tt.fields)
			}
			if errors.Is(err, ErrGroupNotFound) != tt.groupMissing {
				t.Errorf("err = %v: group missing %v, want %v", err, !tt.groupMissing, tt.groupMissing)
			}
			if n := count(t, s, "study_sessions"); n != 0 {
				t.Errorf("study_sessions has %d rows, want 0", n)
			}
		})
	}
}

func TestSessionStoredBeforeOptionsGetsTheDefaults(t *testing.T) {
	s := newTestStore(t)
	id := insertSession(t, s, 1, flashcardsID, "2026-01-05T09:00:00Z")
	execWrite(t, s, `UPDATE study_sessions SET options = '{}' WHERE id = ?`, id)
	d := must(s.GetStudySession(context.Background(), id, ListQuery{}))
	if got := mustJSON(t, d.Options); got != `{"direction":"ja-en","round_size":"all"}` {
		t.Errorf("options %s, want the built-in defaults", got)
	}
}

// wordByRomaji finds a seed word.
func wordByRomaji(t *testing.T, s *Store, romaji string) Word {
	t.Helper()
	var id int64
	if err := s.reader.QueryRow(`SELECT id FROM words WHERE romaji = ?`, romaji).Scan(&id); err != nil {
		t.Fatalf("word %s: %v", romaji, err)
	}
	w, err := s.GetWord(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return w.Word
}

func TestRecordTypedAnswer(t *testing.T) {
	tests := []struct {
		name     string
		activity int64
		prompt   string
		answer   string
		correct  bool
		expected string
	}{
		{"reading in romaji", typingID, "reading", "taberu", true, "たべる"},
		{"reading in kana", typingID, "reading", "たべる", true, "たべる"},
		{"reading wrong", typingID, "reading", "nomu", false, "たべる"},
		{"production", typingID, "production", "taberu", true, "たべる"},
		{"listening", typingID, "listening", "タベル", true, "たべる"},
		{"meaning without to", typingID, "meaning", "eat", true, "to eat"},
		{"meaning wrong", typingID, "meaning", "drink", false, "to eat"},
		{"meaning is not graded as a reading", typingID, "meaning", "taberu", false, "to eat"},
		{"a flashcards session grades the reading", flashcardsID, "", "taberu", true, "たべる"},
		{"a review session grades the reading", reviewID, "", "tabero", false, "たべる"},
		// こんにちは (group 3) is konnichiwa: its romaji says how は is read.
		{"a reading as the romaji says it", typingID, "reading", "konnichiwa", true, "こんにちは"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			ctx := context.Background()
			group, romaji := int64(1), "taberu"
			if tt.expected == "こんにちは" {
				group, romaji = 3, "konnichiwa"
			}
			n := NewSession{GroupID: group, ActivityID: tt.activity}
			if tt.prompt != "" {
				n.Options = map[string]string{"prompt": tt.prompt}
			}
			sess, _ := must2(s.StartStudySession(ctx, n, Idempotency{}))
			w := wordByRomaji(t, s, romaji)
			// Correct says the opposite: a typed answer is graded by the store.
			r, _ := must2(s.RecordAnswer(ctx, sess.ID, NewReview{WordID: w.ID, Answer: tt.answer, Correct: !tt.correct}, Idempotency{}))
			if r.Correct != tt.correct || r.Answer == nil || *r.Answer != tt.answer || r.Expected == nil || *r.Expected != tt.expected {
				t.Fatalf("review %s, want correct %v, answer %q, expected %q", mustJSON(t, r), tt.correct, tt.answer, tt.expected)
			}
			var correct bool
			var answer, expected string
			if err := s.reader.QueryRow(`SELECT correct, answer, expected FROM word_review_items WHERE id = ?`, r.ID).Scan(&correct, &answer, &expected); err != nil {
				t.Fatal(err)
			}
			if correct != tt.correct || answer != tt.answer || expected != tt.expected {
				t.Errorf("stored (%v, %q, %q), want (%v, %q, %q)", correct, answer, expected, tt.correct, tt.answer, tt.expected)
			}
			// The aggregates count it like any answer.
			got := must(s.GetWord(ctx, w.ID))
			if got.CorrectCount+got.WrongCount != 1 || (got.CorrectCount == 1) != tt.correct || got.Memory == nil {
				t.Errorf("word counts %d/%d, memory %v; want the one answer counted", got.CorrectCount, got.WrongCount, got.Memory)
			}
			// Undo gives back the row with what was typed, and takes it out of the counts.
			undone, _ := must2(s.UndoReview(ctx, sess.ID, Idempotency{}))
			if mustJSON(t, undone) != mustJSON(t, r) {
				t.Errorf("undone %s, want %s", mustJSON(t, undone), mustJSON(t, r))
			}
			if got := must(s.GetWord(ctx, w.ID)); got.Reviews() != 0 || got.Memory != nil {
				t.Errorf("after undo: %d reviews, memory %v; want none", got.Reviews(), got.Memory)
			}
		})
	}
}

func TestSelfGradedReviewHasNoAnswer(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, _ := must2(s.StartStudySession(ctx, NewSession{GroupID: 1, ActivityID: flashcardsID}, Idempotency{}))
	r, _ := must2(s.RecordReview(ctx, sess.ID, wordByRomaji(t, s, "taberu").ID, true, Idempotency{}))
	if got := mustJSON(t, r); !strings.Contains(got, `"answer":null,"expected":null`) {
		t.Errorf("review %s, want answer and expected null", got)
	}
}

func TestTypedAnswerInHistory(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, _ := must2(s.StartStudySession(ctx, NewSession{GroupID: 1, ActivityID: typingID}, Idempotency{}))
	w := wordByRomaji(t, s, "taberu")
	must2(s.RecordAnswer(ctx, sess.ID, NewReview{WordID: w.ID, Answer: "tabero"}, Idempotency{}))
	h := must(s.WordHistory(ctx, w.ID, ListQuery{}))
	if len(h.Items) != 1 || h.Items[0].Answer == nil || *h.Items[0].Answer != "tabero" || h.Items[0].Correct {
		t.Errorf("history %s, want the wrong answer tabero", mustJSON(t, h.Items))
	}
}

// referenceRoundWords is roundWords written plainly: shuffle the group
// with the session's seed, take the first size, in id order.
func referenceRoundWords(session int64, group []int64, size int) []int64 {
	if size == 0 || size >= len(group) {
		return group
	}
	shuffled := slices.Clone(group)
	rand.New(rand.NewPCG(uint64(session), 0)).Shuffle(len(shuffled), func(i, j int) {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	})
	chosen := shuffled[:size]
	slices.Sort(chosen)
	return chosen
}

func TestRoundWords(t *testing.T) {
	group := []int64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}
	for _, size := range []int{0, 1, 5, 11, 12, 50} {
		got := roundWords(9, group, size)
		want := min(len(group), size)
		if size == 0 {
			want = len(group)
		}
		if len(got) != want || !slices.IsSorted(got) || !slices.Equal(got, referenceRoundWords(9, group, size)) {
			t.Errorf("size %d: %v, want %d words in id order (%v)", size, got, want, referenceRoundWords(9, group, size))
		}
		for _, id := range got {
			if !slices.Contains(group, id) {
				t.Errorf("size %d: %d is not in the group", size, id)
			}
		}
	}
	if a, b := roundWords(1, group, 5), roundWords(2, group, 5); slices.Equal(a, b) {
		t.Errorf("sessions 1 and 2 chose the same words %v", a)
	}
}

// TestFlashcardRoundSize answers a round of 10 of a 40-word group through
// the store (wrong twice), then its retry: each card is the reference's
// over the chosen words, and the memo never replays from scratch.
func TestFlashcardRoundSize(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	group := bigGroup(t, s, 40)
	sess, _ := must2(s.StartStudySession(ctx, NewSession{GroupID: group, ActivityID: flashcardsID,
		Options: map[string]string{"round_size": "10", "direction": "en-ja"}}, Idempotency{}))
	members, err := func() ([]int64, error) {
		var ids []int64
		err := s.readTx(ctx, func(tx *sql.Tx) error {
			var err error
			ids, err = groupWordIDs(ctx, tx, group)
			return err
		})
		return ids, err
	}()
	if err != nil {
		t.Fatal(err)
	}
	chosen := referenceRoundWords(sess.ID, members, 10)
	var events []reviewEvent
	first := must(s.NextFlashcard(ctx, sess.ID, false))
	if first.Total != 10 || first.Options != (studymode.Options{Direction: "en-ja", RoundSize: "10"}) || first.Kind != studymode.Flashcards {
		t.Fatalf("first card %+v, want a round of 10, en-ja", first)
	}
	rebuilds := s.cards.rebuilds.Load()
	for step := 0; step < 20; step++ {
		card := must(s.NextFlashcard(ctx, sess.ID, step >= 10))
		if err := sameCard(card, referenceFlashcard(sess.ID, chosen, events, step >= 10)); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if card.Done {
			break
		}
		right := len(events) != 3 && len(events) != 7
		must2(s.RecordReview(ctx, sess.ID, card.Word.ID, right, Idempotency{}))
		events = append(events, reviewEvent{wordID: card.Word.ID, correct: right})
	}
	final := must(s.NextFlashcard(ctx, sess.ID, false))
	if !final.Done || final.Round != 2 || final.Total != 2 || final.Right != 2 {
		t.Errorf("after the round and its retry: %+v, want retry round 2 done with 2 of 2 right", final)
	}
	if d := s.cards.rebuilds.Load() - rebuilds; d != 0 {
		t.Errorf("%d replays from scratch, want 0", d)
	}
}
