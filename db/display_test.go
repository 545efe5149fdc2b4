package db

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestShowRomaji: the setting is on by default, saved with the others, and
// a full reset by another process (the CLI) turns it on again at once for a
// running store.
func TestShowRomaji(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	show := func() bool {
		t.Helper()
		v, err := s.ShowRomaji(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !show() {
		t.Fatal("got romaji hidden on a fresh database, want shown")
	}
	st, err := s.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.ShowRomaji = false
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	if show() {
		t.Error("got romaji shown after saving show_romaji false")
	}
	if got, err := s.GetSettings(ctx); err != nil || got != st {
		t.Errorf("GetSettings = %+v, %v; want %+v", got, err, st)
	}

	other, err := Open(ctx, s.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.FullReset(ctx); err != nil {
		t.Fatal(err)
	}
	if !show() {
		t.Error("got romaji hidden after another store's full reset, want shown")
	}
}

func BenchmarkShowRomaji(b *testing.B) {
	ctx := context.Background()
	s := newTestStore(b)
	for b.Loop() {
		if _, err := s.ShowRomaji(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// sortWords are kanji words whose code points order them otherwise than
// their readings (水 < 犬 < 猫 < 赤 < 青 by code point), with katakana words
// beside their hiragana equivalents and ー read as the vowel it lengthens,
// in the gojūon order sort=japanese must give.
var sortWords = []WordInput{
	{Japanese: "青い", Reading: "あおい", Romaji: "aoi", English: "blue"},
	{Japanese: "赤い", Reading: "あかい", Romaji: "akai", English: "red"},
	{Japanese: "犬", Reading: "いぬ", Romaji: "inu", English: "dog"},
	{Japanese: "毛糸", Reading: "けいと", Romaji: "keito", English: "wool"},
	{Japanese: "ケーキ", Romaji: "keeki", English: "cake"},              // けえき: after けい
	{Japanese: "コーヒー", Romaji: "koohii", English: "coffee"},          // こおひい
	{Japanese: "氷", Reading: "こおり", Romaji: "koori", English: "ice"}, // こおり: after こおひい
	{Japanese: "猫", Reading: "ねこ", Romaji: "neko", English: "cat"},
	{Japanese: "ネコ", Romaji: "neko", English: "cat (in katakana)"}, // ties with ねこ: hiragana first
	{Japanese: "水", Reading: "みず", Romaji: "mizu", English: "water"},
}

// TestSortByReading: sort=japanese orders by reading, ascending and
// descending, in the words list and in a group's words.
func TestSortByReading(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	g, err := s.CreateGroup(ctx, "Sorting")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	ours := map[string]bool{}
	// Created in reverse, so that id order is not the answer either.
	for i := len(sortWords) - 1; i >= 0; i-- {
		in := sortWords[i]
		in.GroupIDs = []int64{g.ID}
		_, err := s.CreateWord(ctx, in)
		if dup, ok := errors.AsType[*DuplicateWordError](err); ok { // a starter word
			_, err = s.AddWordsToGroup(ctx, g.ID, []int64{dup.ID})
		}
		if err != nil {
			t.Fatalf("create %s: %v", in.Japanese, err)
		}
	}
	for _, w := range sortWords {
		want = append(want, w.Japanese)
		ours[w.Japanese] = true
	}
	for _, desc := range []bool{false, true} {
		q := ListQuery{Sort: "japanese", Desc: desc, PerPage: MaxPerPage}
		all, err := s.ListWords(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		_, group, err := s.ListGroupWords(ctx, g.ID, q)
		if err != nil {
			t.Fatal(err)
		}
		wantHere := slices.Clone(want)
		if desc {
			slices.Reverse(wantHere)
		}
		for name, list := range map[string][]Word{"words": all.Items, "group words": group.Items} {
			var got []string
			for _, w := range list {
				if ours[w.Japanese] {
					got = append(got, w.Japanese)
				}
			}
			if !slices.Equal(got, wantHere) {
				t.Errorf("%s, desc %v: got %v, want %v", name, desc, got, wantHere)
			}
		}
	}
}
