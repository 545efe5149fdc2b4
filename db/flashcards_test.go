package db

import (
	"context"
	"testing"
)

func TestNextFlashcardWalksTheGroupOnce(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, err := s.CreateStudySession(ctx, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	var groupSize int
	if err := s.reader.QueryRow(`SELECT COUNT(*) FROM word_groups WHERE group_id = 3`).Scan(&groupSize); err != nil {
		t.Fatal(err)
	}
	seen := make(map[int64]bool)
	var order []int64
	for i := range groupSize {
		card, err := s.NextFlashcard(ctx, sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.NextFlashcard(ctx, sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Word.ID != card.Word.ID {
			t.Fatalf("card %d: a reload shows word %d, then %d", i, card.Word.ID, again.Word.ID)
		}
		if card.Done || card.Total != groupSize || card.Answered != i || card.Position() != i+1 {
			t.Fatalf("card %d = %+v, want answered %d of %d", i, card, i, groupSize)
		}
		if seen[card.Word.ID] {
			t.Fatalf("word %d comes up twice in one round", card.Word.ID)
		}
		seen[card.Word.ID] = true
		order = append(order, card.Word.ID)
		if _, err := s.RecordReview(ctx, sess.ID, card.Word.ID, i%2 == 0); err != nil {
			t.Fatal(err)
		}
	}
	done, err := s.NextFlashcard(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !done.Done || done.Answered != groupSize {
		t.Errorf("after every word: %+v, want done with %d answered", done, groupSize)
	}
	sorted := true
	for i := 1; i < len(order); i++ {
		sorted = sorted && order[i-1] < order[i]
	}
	if sorted {
		t.Errorf("the round follows the ids in order; want a shuffled order")
	}
}

func TestNextFlashcardOrderDiffersBetweenSessions(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	first := func() int64 {
		sess, err := s.CreateStudySession(ctx, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		card, err := s.NextFlashcard(ctx, sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		return card.Word.ID
	}
	firsts := make(map[int64]bool)
	for range 6 {
		firsts[first()] = true
	}
	if len(firsts) < 2 {
		t.Errorf("six sessions all start with the same word")
	}
}
