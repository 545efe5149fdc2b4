package db

import (
	"context"
	"errors"
	"testing"
)

// TestVocabularyWritesReplayTheirKey: a vocabulary write with a key that
// was used by the same request writes nothing and answers as the first
// did; with another request it is ErrKeyReused.
func TestVocabularyWritesReplayTheirKey(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	with := func(key, request string) (context.Context, *Once) {
		return WithIdempotency(ctx, Idempotency{Key: key, Request: request})
	}
	words := count(t, s, "words")
	kctx, first := with("k-word", "POST /words cat")
	w1, err := s.CreateWord(kctx, WordInput{Japanese: "猫", Romaji: "neko", English: "cat"})
	if err != nil || first.Replayed() {
		t.Fatalf("first: %v, replayed %t", err, first.Replayed())
	}
	kctx, again := with("k-word", "POST /words cat")
	w2, err := s.CreateWord(kctx, WordInput{Japanese: "猫", Romaji: "neko", English: "cat"})
	if err != nil || !again.Replayed() || w2.ID != w1.ID {
		t.Fatalf("retry: %v, replayed %t, id %d; want word %d replayed", err, again.Replayed(), w2.ID, w1.ID)
	}
	if got := count(t, s, "words"); got != words+1 {
		t.Errorf("got %d words, want %d", got, words+1)
	}
	kctx, _ = with("k-word", "POST /words dog")
	if _, err := s.CreateWord(kctx, WordInput{Japanese: "犬", Romaji: "inu", English: "dog"}); !errors.Is(err, ErrKeyReused) {
		t.Errorf("the key for another request: %v, want ErrKeyReused", err)
	}

	kctx, _ = with("k-del", "DELETE /words/x")
	d1, err := s.DeleteWord(kctx, w1.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	kctx, again = with("k-del", "DELETE /words/x")
	d2, err := s.DeleteWord(kctx, w1.ID, true)
	if err != nil || !again.Replayed() || d2 != d1 {
		t.Errorf("a deletion retried: %+v, %v; want %+v replayed, not a not-found", d2, err, d1)
	}

	g, err := s.CreateGroup(ctx, "Pets")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddWordsToGroup(ctx, g.ID, []int64{1}); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		kctx, once := with("k-remove", "remove 1")
		if err := s.RemoveWordFromGroup(kctx, g.ID, 1); err != nil || once.Replayed() != (i == 1) {
			t.Errorf("removal %d: %v, replayed %t", i+1, err, once.Replayed())
		}
	}
	// A refused write keeps no key: its retry runs again.
	kctx, _ = with("k-refused", "rename")
	if _, err := s.RenameGroup(kctx, 999999, "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("rename of no group: %v", err)
	}
	if n := count(t, s, "idempotency_keys WHERE key = 'k-refused'"); n != 0 {
		t.Errorf("a refused write kept its key")
	}
	assertAggregatesMatchLog(t, s)
}
