package db

import (
	"context"
	"slices"
	"testing"
)

func words(ids ...int64) []Word {
	var ws []Word
	for _, id := range ids {
		ws = append(ws, Word{ID: id})
	}
	return ws
}

func ids(ws []Word) []int64 {
	var out []int64
	for _, w := range ws {
		out = append(out, w.ID)
	}
	return out
}

// answerRound answers the cards as they come, wrong for the words in wrong.
func answerRound(t *testing.T, session int64, group []Word, events []reviewEvent, wrong ...int64) ([]reviewEvent, []int64) {
	t.Helper()
	var order []int64
	for {
		card := flashcardState(session, group, events, false)
		if card.Done {
			return events, order
		}
		order = append(order, card.Word.ID)
		events = append(events, reviewEvent{wordID: card.Word.ID, correct: !slices.Contains(wrong, card.Word.ID)})
		if len(order) > len(group) {
			t.Fatal("the round never ends")
		}
	}
}

func TestFlashcardRound(t *testing.T) {
	group := words(1, 2, 3, 4, 5, 6, 7, 8)
	events, order := answerRound(t, 7, group, nil, 3, 6)

	sorted := slices.Clone(order)
	slices.Sort(sorted)
	if !slices.Equal(sorted, ids(group)) {
		t.Fatalf("round 1 showed %v, want every word of the group once", order)
	}
	if slices.IsSorted(order) {
		t.Errorf("round 1 is in id order; want it shuffled")
	}
	again, _ := answerRound(t, 7, group, nil, 3, 6)
	if !slices.Equal(events, again) {
		t.Errorf("the same session shuffled differently twice")
	}

	summary := flashcardState(7, group, events, false)
	if !summary.Done || summary.Round != 1 || summary.Total != 8 || summary.Answered != 8 || summary.Right != 6 {
		t.Errorf("summary = %+v, want round 1 done with 6 of 8 right", summary)
	}
	if got := ids(summary.Missed); !slices.Equal(sortedIDs(got), []int64{3, 6}) || !summary.CanRetry() {
		t.Errorf("missed = %v, want 3 and 6 with a retry offered", got)
	}
}

func sortedIDs(s []int64) []int64 { s = slices.Clone(s); slices.Sort(s); return s }

func TestFlashcardProgress(t *testing.T) {
	group := words(1, 2, 3)
	card := flashcardState(1, group, nil, false)
	if card.Answered != 0 || card.Total != 3 || card.Position() != 1 || card.Done {
		t.Errorf("first card = %+v, want 1 of 3", card)
	}
	card = flashcardState(1, group, []reviewEvent{{card.Word.ID, true}}, false)
	if card.Answered != 1 || card.Position() != 2 {
		t.Errorf("second card = %+v, want 2 of 3", card)
	}
}

func TestFlashcardRetryMissed(t *testing.T) {
	group := words(1, 2, 3, 4, 5, 6)
	events, _ := answerRound(t, 3, group, nil, 2, 5)

	if card := flashcardState(3, group, events, false); !card.Done || card.Round != 1 {
		t.Fatalf("without retry the summary stays: %+v", card)
	}
	retry := flashcardState(3, group, events, true)
	if retry.Done || retry.Round != 2 || retry.Total != 2 || retry.Answered != 0 || !slices.Contains([]int64{2, 5}, retry.Word.ID) {
		t.Fatalf("retry = %+v, want round 2 over words 2 and 5", retry)
	}

	// An answer to a word that was not missed does not start the retry round.
	withStray := append(slices.Clone(events), reviewEvent{wordID: 1, correct: true})
	if card := flashcardState(3, group, withStray, false); !card.Done || card.Round != 1 {
		t.Errorf("a stray answer started a round: %+v", card)
	}

	// Answering the first retry card starts round 2 for good: no retry flag needed.
	events = append(events, reviewEvent{wordID: retry.Word.ID, correct: true})
	card := flashcardState(3, group, events, false)
	if card.Done || card.Round != 2 || card.Answered != 1 || card.Position() != 2 || card.Word.ID == retry.Word.ID {
		t.Fatalf("after the first retry answer: %+v", card)
	}
	// A second answer to the same word in the round does not count twice.
	events = append(events, reviewEvent{wordID: retry.Word.ID, correct: false})
	if again := flashcardState(3, group, events, false); again.Answered != 1 || again.Right != 1 {
		t.Errorf("a repeated answer counted: %+v", again)
	}
	events = append(events, reviewEvent{wordID: card.Word.ID, correct: true})
	done := flashcardState(3, group, events, true)
	if !done.Done || done.Round != 2 || done.Right != 2 || len(done.Missed) != 0 || done.CanRetry() {
		t.Errorf("round 2 all right = %+v, want done with nothing to retry", done)
	}
}

func TestFlashcardIgnoresWordsOutsideTheRound(t *testing.T) {
	group := words(1, 2)
	card := flashcardState(5, group, []reviewEvent{{wordID: 99, correct: true}}, false)
	if card.Answered != 0 || card.Total != 2 {
		t.Errorf("an answer to a word outside the group counted: %+v", card)
	}
}

func TestFlashcardEmptyGroup(t *testing.T) {
	card := flashcardState(5, nil, nil, false)
	if !card.Done || card.Total != 0 || card.CanRetry() {
		t.Errorf("empty group = %+v, want done with nothing", card)
	}
}

func TestNextFlashcardFromTheStore(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, _, err := s.CreateStudySession(ctx, 3, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	groupSize := count(t, s, "word_groups WHERE group_id = 3")
	for i := range groupSize {
		card, err := s.NextFlashcard(ctx, sess.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if card.Done || card.Answered != i || card.Total != groupSize {
			t.Fatalf("card %d = %+v", i, card)
		}
		if _, _, err := s.RecordReview(ctx, sess.ID, card.Word.ID, i%10 != 0, Idempotency{}); err != nil {
			t.Fatal(err)
		}
	}
	card, err := s.NextFlashcard(ctx, sess.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	wantMissed := (groupSize + 9) / 10
	if !card.Done || len(card.Missed) != wantMissed || card.Right != groupSize-wantMissed {
		t.Errorf("summary = %d right, %d missed; want %d, %d", card.Right, len(card.Missed), groupSize-wantMissed, wantMissed)
	}
	if card.Missed[0].Japanese == "" {
		t.Errorf("missed words come without their text")
	}
}

func TestNextFlashcardOrderDiffersBetweenSessions(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	firsts := make(map[int64]bool)
	for range 6 {
		sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
		if err != nil {
			t.Fatal(err)
		}
		card, err := s.NextFlashcard(ctx, sess.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		firsts[card.Word.ID] = true
	}
	if len(firsts) < 2 {
		t.Errorf("six sessions all start with the same word")
	}
}
