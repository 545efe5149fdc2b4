package db

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestParseWords(t *testing.T) {
	words, err := ParseWords(strings.NewReader(`[
  {"kanji": "食べる", "romaji": "taberu", "english": "to eat", "parts": [{"kanji": "食", "romaji": ["ta"]}]},
  {"japanese": "水", "romaji": "mizu", "english": "water"}
]`))
	if err != nil {
		t.Fatalf("ParseWords: %v", err)
	}
	if len(words) != 2 || words[0].Japanese != "食べる" || words[1].Japanese != "水" || string(words[1].Parts) != "[]" {
		t.Errorf("words = %+v", words)
	}
	if string(words[0].Parts) != `[{"kanji":"食","romaji":["ta"]}]` {
		t.Errorf("parts = %s, want them compacted as given", words[0].Parts)
	}
}

func TestParseWordsRejectsMalformedFiles(t *testing.T) {
	tests := []struct {
		name, input string
		line, col   int
		reason      string
	}{
		{"not an array", `{"kanji": "水"}`, 1, 1, "must hold a JSON array"},
		{"syntax error", "[\n  {\"kanji\": \"水\",,}\n]", 2, 17, "invalid character"},
		{"missing english", "[\n  {\"kanji\": \"水\", \"romaji\": \"mizu\"}\n]", 2, 3, `word 1: "english" is missing`},
		{"missing japanese", `[{"romaji": "mizu", "english": "water"}]`, 1, 2, `"kanji" or "japanese" is missing`},
		{"empty romaji", `[{"kanji": "水", "romaji": " ", "english": "water"}]`, 1, 2, `"romaji" must not be empty`},
		{"number as english", `[{"kanji": "水", "romaji": "mizu", "english": 3}]`, 1, 2, `"english" must be a string`},
		{"parts not an array", `[{"kanji": "水", "romaji": "mizu", "english": "water", "parts": "x"}]`, 1, 2, `"parts" must be an array`},
		{"word not an object", `[{"kanji": "水", "romaji": "mizu", "english": "water"}, 7]`, 1, 56, "word 2 must be an object"},
		{"unterminated", `[{"kanji": "水", "romaji": "mizu", "english": "water"}`, 1, 54, "ends before"},
		{"trailing data", "[]\n[]", 2, 1, "after the array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWords(strings.NewReader(tt.input))
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FormatError", err)
			}
			if fe.Line != tt.line || fe.Column != tt.col || !strings.Contains(fe.Reason, tt.reason) {
				t.Errorf("error = %v, want line %d, column %d, reason containing %q", fe, tt.line, tt.col, tt.reason)
			}
		})
	}
}

func TestImportWordsReusesExistingWords(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	before := count(t, s, "words")
	words := []NewWord{
		{Japanese: "食べる", Romaji: "taberu", English: "to eat"}, // in the starter vocabulary
		{Japanese: "猫", Romaji: "neko", English: "cat"},
	}
	res, err := s.ImportWords(ctx, "Animals and Food", words)
	if err != nil {
		t.Fatalf("ImportWords: %v", err)
	}
	if !res.GroupCreated || len(res.Added) != 1 || len(res.Reused) != 1 || res.Added[0].Romaji != "neko" {
		t.Errorf("result = %+v, want a new group, neko added and taberu reused", res)
	}
	if got := count(t, s, "words"); got != before+1 {
		t.Errorf("words = %d, want %d", got, before+1)
	}
	again, err := s.ImportWords(ctx, "Animals and Food", words)
	if err != nil {
		t.Fatal(err)
	}
	if again.GroupCreated || len(again.Added) != 0 || len(again.Reused) != 2 {
		t.Errorf("second import = %+v, want everything reused", again)
	}
}
