package db

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestNewWordText(t *testing.T) {
	tests := []struct {
		name                               string
		japanese, reading, romaji, english string
		want                               wordText // japanese, reading, romaji, english
		field                              string   // the field refused, "" for none
		err                                error
	}{
		{name: "reading derived from romaji", japanese: "食べる", romaji: "taberu", english: "to eat",
			want: wordText{japanese: "食べる", reading: "たべる", romaji: "taberu", english: "to eat"}},
		{name: "a kana word is its own reading", japanese: "コーヒー", romaji: "koohii", english: "coffee",
			want: wordText{japanese: "コーヒー", reading: "コーヒー", romaji: "koohii", english: "coffee"}},
		{name: "reading given is kept", japanese: "今日", reading: "きょう", romaji: "kyou", english: "today",
			want: wordText{japanese: "今日", reading: "きょう", romaji: "kyou", english: "today"}},
		{name: "romaji derived from the reading", japanese: "学校", reading: "がっこう", english: "school",
			want: wordText{japanese: "学校", reading: "がっこう", romaji: "gakkou", english: "school"}},
		{name: "fields trimmed, width folded in the reading", japanese: " 猫 ", reading: " ねこ ", romaji: "  neko ", english: " cat\t",
			want: wordText{japanese: "猫", reading: "ねこ", romaji: "neko", english: "cat"}},
		{name: "half-width katakana reading", japanese: "ｺｰﾋｰ", reading: "ｺｰﾋｰ", romaji: "koohii", english: "coffee",
			want: wordText{japanese: "ｺｰﾋｰ", reading: "コーヒー", romaji: "koohii", english: "coffee"}},
		{name: "reading with Latin letters", japanese: "猫", reading: "neko", romaji: "neko", english: "cat",
			field: "reading", err: ErrReadingNotKana},
		{name: "reading with a kanji", japanese: "猫", reading: "猫こ", romaji: "neko", english: "cat",
			field: "reading", err: ErrReadingNotKana},
		{name: "no reading and romaji that spells none", japanese: "CD", romaji: "CD", english: "compact disc",
			field: "reading", err: ErrNoReading},
		{name: "blank japanese", japanese: " \t", romaji: "neko", english: "cat", field: "japanese", err: ErrEmptyText},
		{name: "blank english", japanese: "猫", romaji: "neko", english: "  ", field: "english", err: ErrEmptyText},
		{name: "neither romaji nor reading", japanese: "猫", english: "cat", field: "romaji", err: ErrRomajiOrReading},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newWordText(tt.japanese, tt.reading, tt.romaji, tt.english)
			if tt.err != nil {
				var te *TextError
				if !errors.As(err, &te) || te.Field != tt.field || !errors.Is(err, tt.err) {
					t.Fatalf("got error %v, want %s %v", err, tt.field, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			got.search, got.sortKey, got.folded = "", "", [4]string{}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"", nil},
		{"   ", nil},
		{"Taberu", []string{"taberu", "たべる"}},
		{"タベ", []string{"たべ"}},
		{"食べ", []string{"食べ"}},
		{"To Eat", []string{"to eat"}}, // "to eat" spells no kana: toえあt
		{"koohii", []string{"koohii", "こおひい"}},
		{"コーヒー", []string{"こおひい"}},
		{"ｔａｂｅ", []string{"tabe", "たべ"}},
		{"a\x1fb", []string{"ab"}}, // the separator never reaches a query
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := searchTerms(tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("searchTerms(%q) = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

// The starter vocabulary's readings were read one by one against a
// dictionary; testdata/seed_readings.tsv holds the result, and a change to
// the seed or to kana.Reading that moves one shows here.
func TestSeedReadingsCheckedByHand(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "seed_readings.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		japanese, reading, _ := strings.Cut(sc.Text(), "\t")
		want[japanese] = reading
	}
	s := newTestStore(t)
	rows, err := s.reader.Query(`SELECT japanese, reading, search, sort_key FROM words`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var japanese, reading, search, sortKey string
		if err := rows.Scan(&japanese, &reading, &search, &sortKey); err != nil {
			t.Fatal(err)
		}
		n++
		if w, ok := want[japanese]; !ok || reading != w {
			t.Errorf("%s: got reading %q, want %q (checked by hand)", japanese, reading, w)
		}
		if search == "" || sortKey == "" {
			t.Errorf("%s: search %q, sort_key %q: want both kept", japanese, search, sortKey)
		}
	}
	if n != len(want) {
		t.Errorf("got %d seeded words, want %d", n, len(want))
	}
}

// Words from before migration 000009, or written by a writer that does not
// know the columns, get their reading at the next start.
func TestReadingsFilledAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fill.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	execWrite(t, s, `UPDATE words SET reading = '', search = '', sort_key = '' WHERE romaji = 'taberu'`)
	execWrite(t, s, `INSERT INTO words (japanese, romaji, english) VALUES ('学校', 'gakkou', 'school')`)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for romaji, want := range map[string]string{"taberu": "たべる", "gakkou": "がっこう"} {
		var reading, search, sortKey string
		if err := s.reader.QueryRow(`SELECT reading, search, sort_key FROM words WHERE romaji = ?`, romaji).
			Scan(&reading, &search, &sortKey); err != nil {
			t.Fatal(err)
		}
		if reading != want || !strings.Contains(search, want) || sortKey == "" {
			t.Errorf("%s: got reading %q, search %q, sort_key %q; want reading %q kept in both", romaji, reading, search, sortKey, want)
		}
	}
	if n := count(t, s, "words INDEXED BY words_unfilled WHERE reading = '' OR search = '' OR sort_key = ''"); n != 0 {
		t.Errorf("%d words still unfilled", n)
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "食べる", `say "hi"`, `back\slash`, "tab\there", "\x1fsep\x1f", "<b>&amp;</b>"} {
		var got string
		if err := json.Unmarshal(appendJSONString(nil, s), &got); err != nil || got != s {
			t.Errorf("appendJSONString(%q) reads back as %q, %v", s, got, err)
		}
	}
}
