package studymode

import (
	"fmt"
	"testing"
)

func TestResolve(t *testing.T) {
	defaults := Options{Direction: EnglishFirst, RoundSize: "20", Prompt: PromptMeaning}
	tests := []struct {
		name  string
		kind  Kind
		given map[string]string
		want  Options
		errs  string
	}{
		{"flashcards, nothing given: the defaults", Flashcards, nil, Options{Direction: "en-ja", RoundSize: "20"}, "[]"},
		{"flashcards, both given", Flashcards, map[string]string{"direction": "ja-en", "round_size": "all"}, Options{Direction: "ja-en", RoundSize: "all"}, "[]"},
		{"flashcards, one given", Flashcards, map[string]string{"round_size": "10"}, Options{Direction: "en-ja", RoundSize: "10"}, "[]"},
		{"flashcards, prompt is not its option", Flashcards, map[string]string{"prompt": "reading"}, Options{Direction: "en-ja", RoundSize: "20"}, "[prompt is not an option of A]"},
		{"flashcards, unknown direction", Flashcards, map[string]string{"direction": "up"}, Options{Direction: "en-ja", RoundSize: "20"}, "[direction must be one of ja-en, en-ja]"},
		{"flashcards, unknown size", Flashcards, map[string]string{"round_size": "11"}, Options{Direction: "en-ja", RoundSize: "20"}, "[round_size must be one of all, 10, 20, 50]"},
		{"typing, nothing given", Typing, nil, Options{Prompt: "meaning"}, "[]"},
		{"typing, listening", Typing, map[string]string{"prompt": "listening"}, Options{Prompt: "listening"}, "[]"},
		{"typing, direction is not its option", Typing, map[string]string{"direction": "ja-en"}, Options{Prompt: "meaning"}, "[direction is not an option of A]"},
		{"typing, unknown prompt", Typing, map[string]string{"prompt": "Reading"}, Options{Prompt: "meaning"}, "[prompt must be one of reading, production, meaning, listening]"},
		{"other, nothing", Other, nil, Options{}, "[]"},
		{"other, every option refused", Other, map[string]string{"prompt": "x", "direction": "ja-en", "round_size": "10"}, Options{},
			"[direction is not an option of A round_size is not an option of A prompt is not an option of A]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := Resolve(tt.kind, "A", tt.given, defaults)
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if s := fmt.Sprint(errs); s != tt.errs {
				t.Errorf("errors %s, want %s", s, tt.errs)
			}
		})
	}
}

func TestFill(t *testing.T) {
	tests := []struct {
		kind Kind
		in   Options
		want Options
	}{
		{Flashcards, Options{}, Options{Direction: "ja-en", RoundSize: "all"}},
		{Flashcards, Options{Direction: "en-ja", Prompt: "meaning"}, Options{Direction: "en-ja", RoundSize: "all"}},
		{Typing, Options{}, Options{Prompt: "reading"}},
		{Typing, Options{Prompt: "production", RoundSize: "10"}, Options{Prompt: "production"}},
		{Other, Options{Prompt: "production"}, Options{}},
	}
	for _, tt := range tests {
		if got := tt.in.Fill(tt.kind); got != tt.want {
			t.Errorf("%+v.Fill(%d): got %+v, want %+v", tt.in, tt.kind, got, tt.want)
		}
	}
}

func TestSize(t *testing.T) {
	for in, want := range map[string]int{"all": 0, "": 0, "10": 10, "50": 50} {
		if got := (Options{RoundSize: in}).Size(); got != want {
			t.Errorf("Size of %q: got %d, want %d", in, got, want)
		}
	}
}
