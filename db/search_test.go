package db

import (
	"context"
	"slices"
	"testing"
)

func TestSearchWords(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	coffee, err := s.CreateWord(ctx, WordInput{Japanese: "コーヒー", Romaji: "koohii", English: "Coffee", GroupIDs: []int64{3}})
	if err != nil {
		t.Fatal(err)
	}
	japanese := func(l List[Word]) []string {
		var out []string
		for _, w := range l.Items {
			out = append(out, w.Japanese)
		}
		return out
	}
	tests := []struct {
		name string
		q    ListQuery
		want []string // in order
	}{
		{"romaji finds the word", ListQuery{Search: "taberu"}, []string{"食べる"}},
		{"romaji spells the reading", ListQuery{Search: "たべる"}, []string{"食べる"}},
		{"katakana finds hiragana", ListQuery{Search: "タベル"}, []string{"食べる"}},
		{"two kanji", ListQuery{Search: "元気"}, []string{"お元気で", "お元気ですか", "元気", "元気です"}},
		{"english, any case", ListQuery{Search: "GOOD MORNING"}, []string{"おはよう", "おはようございます"}},
		{"long vowel either way", ListQuery{Search: "こおひい"}, []string{"コーヒー"}},
		{"romaji of a long vowel", ListQuery{Search: "Koohii"}, []string{"コーヒー"}},
		{"english sorted", ListQuery{Search: "cold", Sort: "english"}, []string{"冷たい", "寒い"}}, // (to the touch) < (weather)
		{"nothing", ListQuery{Search: "zzzz"}, nil},
		{"blank query is no filter", ListQuery{Search: "  ", PerPage: 1}, []string{"ああ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListWords(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "blank query is no filter" {
				if got.Pagination.TotalItems != count(t, s, "words") {
					t.Errorf("got %d words, want all", got.Pagination.TotalItems)
				}
				return
			}
			if !slices.Equal(japanese(got), tt.want) || got.Pagination.TotalItems != len(tt.want) {
				t.Errorf("got %q (%d in all), want %q", japanese(got), got.Pagination.TotalItems, tt.want)
			}
		})
	}

	// In a group, with paging: the count is the group's matches.
	g, err := s.GetGroup(ctx, 3, ListQuery{Search: "o", PerPage: 2, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, all, err := s.ListGroupWords(ctx, 3, ListQuery{Search: "o", PerPage: MaxPerPage})
	if err != nil {
		t.Fatal(err)
	}
	if g.Words.Pagination.TotalItems != len(all.Items) || len(g.Words.Items) != 2 || g.Words.Items[0].ID != all.Items[2].ID {
		t.Errorf("page 2 of the group's matches: got %+v, want items 3 and 4 of %d", g.Words.Pagination, len(all.Items))
	}
	if !slices.ContainsFunc(all.Items, func(w Word) bool { return w.ID == coffee.ID }) {
		t.Errorf("the group's matches lack コーヒー")
	}
	if n, _, _ := s.ListGroupWords(ctx, 1, ListQuery{Search: "coffee"}); n.ID != 1 {
		t.Fatal("group 1 missing")
	}
	if _, l, _ := s.ListGroupWords(ctx, 1, ListQuery{Search: "coffee"}); l.Pagination.TotalItems != 0 {
		t.Errorf("got %d matches in group 1, want 0: コーヒー is in group 3", l.Pagination.TotalItems)
	}
}

func TestFilterWordsByState(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	f := newDashboardFixture(t, s)
	total := count(t, s, "words")
	states := map[string]int{}
	for _, st := range []string{"learning", "review", "relearning"} {
		var n int
		code := map[string]int{"learning": 1, "review": 2, "relearning": 3}[st]
		if err := s.reader.QueryRow(`SELECT COUNT(*) FROM word_memory WHERE state = ?`, code).Scan(&n); err != nil {
			t.Fatal(err)
		}
		states[st] = n
	}
	tests := []struct {
		state string
		want  int
	}{
		{"new", total - 3},
		{"learning", states["learning"]},
		{"review", states["review"]},
		{"relearning", states["relearning"]},
		{"due", 3}, // the fixture's answers are all in the past: every reviewed word is due
	}
	for _, tt := range tests {
		t.Run(tt.state, func(t *testing.T) {
			got, err := s.ListWords(ctx, ListQuery{State: tt.state, PerPage: MaxPerPage})
			if err != nil {
				t.Fatal(err)
			}
			if got.Pagination.TotalItems != tt.want || len(got.Items) != tt.want {
				t.Errorf("got %d (%d items), want %d", got.Pagination.TotalItems, len(got.Items), tt.want)
			}
			for _, w := range got.Items {
				if (tt.state == "new") != (w.Memory == nil) || (w.Memory != nil && tt.state != "due" && w.Memory.State != tt.state) {
					t.Errorf("word %d has memory %+v, not %s", w.ID, w.Memory, tt.state)
				}
			}
		})
	}
	got, err := s.ListWords(ctx, ListQuery{State: "due", Search: "wordB-not-a-word"})
	if err != nil || got.Pagination.TotalItems != 0 {
		t.Errorf("got %+v, %v", got.Pagination, err)
	}
	if _, err := s.ListWords(ctx, ListQuery{State: "sleeping"}); err == nil {
		t.Error("an unknown state was accepted")
	}
	_ = f
}
