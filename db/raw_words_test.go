package db

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

func TestListRawGroupWords(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	type added struct {
		id, group                int64
		written, romaji, reading string
	}
	var words []added
	// Words the seed does not have, made as the learner makes them: the
	// store derives each reading.
	var group int64
	err := s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO groups (name) VALUES ('Raw test') RETURNING id`).Scan(&group); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO groups (name) VALUES ('Empty')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ japanese, romaji, reading string }{
		{"猫", "neko", "ねこ"},
		{"コーヒー", "koohii", "コーヒー"},
		{"お名前は", "onamae wa", "おなまえは"},
	} {
		d, err := s.CreateWord(ctx, WordInput{Japanese: w.japanese, Romaji: w.romaji, English: "x", GroupIDs: []int64{group}})
		if err != nil {
			t.Fatal(err)
		}
		words = append(words, added{d.ID, group, w.japanese, w.romaji, w.reading})
	}

	got, err := s.ListRawGroupWords(ctx, words[0].group)
	if err != nil {
		t.Fatal(err)
	}
	if got.GroupID != words[0].group || got.GroupName != "Raw test" || len(got.Words) != len(words) {
		t.Fatalf("got group %d %q with %d words, want %d \"Raw test\" with %d", got.GroupID, got.GroupName, len(got.Words), words[0].group, len(words))
	}
	for i, w := range words {
		t.Run(w.written, func(t *testing.T) {
			g := got.Words[i]
			if g.ID != w.id || g.Kanji != w.written || g.Romaji != w.romaji || g.English != "x" || string(g.Parts) != "[]" {
				t.Errorf("got %+v, want word %d %s %s", g, w.id, w.written, w.romaji)
			}
			if g.Reading != w.reading {
				t.Errorf("got reading %q, want %q", g.Reading, w.reading)
			}
		})
	}

	// A seeded group: every word, none paged away, in id order.
	verbs, err := s.ListRawGroupWords(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.reader.QueryRow(`SELECT COUNT(*) FROM word_groups WHERE group_id = 1`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if len(verbs.Words) != n || n <= DefaultPerPage/2 {
		t.Errorf("got %d words of group 1, want all %d", len(verbs.Words), n)
	}
	for i := 1; i < len(verbs.Words); i++ {
		if verbs.Words[i-1].ID >= verbs.Words[i].ID {
			t.Fatalf("got word %d before %d, want id order", verbs.Words[i-1].ID, verbs.Words[i].ID)
		}
	}

	// An empty group has an empty list, not null.
	var empty int64
	if err := s.reader.QueryRow(`SELECT id FROM groups WHERE name = 'Empty'`).Scan(&empty); err != nil {
		t.Fatal(err)
	}
	e, err := s.ListRawGroupWords(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := json.Marshal(e); string(data) != `{"group_id":`+jsonInt(empty)+`,"group_name":"Empty","words":[]}` {
		t.Errorf("got %s, want an empty words list", data)
	}

	var nf *NotFoundError
	if _, err := s.ListRawGroupWords(ctx, 9999); !errors.As(err, &nf) || nf.Kind != "group" || !errors.Is(err, ErrNotFound) {
		t.Errorf("got err %v, want group 9999 not found", err)
	}
}

func jsonInt(n int64) string {
	data, _ := json.Marshal(n)
	return string(data)
}
