package formats

import (
	"errors"
	"strings"
	"testing"
)

func TestParseJSONReadsWords(t *testing.T) {
	file, err := Parse([]byte(`[
  {"kanji": "食べる", "romaji": "taberu", "english": "to eat", "parts": [{"kanji": "食", "romaji": ["ta"]}]},
  {"japanese": " 水 ", "reading": "みず", "english": "water", "notes": "ignored"},
  {"kanji": "火", "japanese": "火", "romaji": "hi", "reading": null, "english": "fire", "parts": null}
]`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []Row{
		{Line: 2, Word: Word{Japanese: "食べる", Romaji: "taberu", English: "to eat", Parts: []byte(`[{"kanji":"食","romaji":["ta"]}]`)}},
		{Line: 3, Word: Word{Japanese: "水", Reading: "みず", English: "water", Parts: []byte("[]")}},
		{Line: 4, Word: Word{Japanese: "火", Romaji: "hi", English: "fire", Parts: []byte("[]")}},
	}
	if file.Format != FormatJSON {
		t.Errorf("format = %q, want %q", file.Format, FormatJSON)
	}
	if len(file.Errors) != 0 {
		t.Errorf("errors = %v, want none", file.Errors)
	}
	assertRows(t, file.Rows, want)
}

func TestParseJSONFileErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line, col   int
		kind        error
		message     string
	}{
		{"not an array", `{"kanji": "水"}`, 1, 1, ErrSyntax, "must hold a JSON array"},
		{"syntax error", "[\n  {\"kanji\": \"水\",,}\n]", 2, 17, ErrSyntax, "invalid character"},
		{"unterminated", `[{"kanji": "水", "romaji": "mizu", "english": "water"}`, 1, 54, ErrSyntax, "ends before"},
		{"trailing data", "[]\n[]", 2, 1, ErrSyntax, "after the array"},
		{"empty array", "\n  [ ]", 2, 3, ErrNoWords, "the file has no words"},
		{"empty file", "", 1, 1, ErrNoWords, "the file has no words"},
		{"only blank lines", " \n\t\n", 1, 1, ErrNoWords, "the file has no words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.input))
			assertFileError(t, err, tt.line, tt.col, tt.kind, tt.message)
		})
	}
}

func TestParseJSONRowErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line, col   int
		message     string
	}{
		{"missing english", "[\n  {\"kanji\": \"水\", \"romaji\": \"mizu\"}\n]", 2, 3, `word 1: "english" is missing`},
		{"missing japanese", `[{"romaji": "mizu", "english": "water"}]`, 1, 2, `word 1: "kanji" or "japanese" is missing`},
		{"empty romaji", `[{"kanji": "水", "romaji": " ", "english": "water"}]`, 1, 2, `"romaji" must not be empty`},
		{"empty reading", `[{"kanji": "水", "reading": "", "english": "water"}]`, 1, 2, `"reading" must not be empty`},
		{"no romaji nor reading", `[{"kanji": "水", "english": "water"}]`, 1, 2, `"romaji" or "reading" is missing`},
		{"number as english", `[{"kanji": "水", "romaji": "mizu", "english": 3}]`, 1, 2, `"english" must be a string`},
		{"null english", `[{"kanji": "水", "romaji": "mizu", "english": null}]`, 1, 2, `"english" must be a string`},
		{"number as reading", `[{"kanji": "水", "romaji": "mizu", "reading": 3, "english": "water"}]`, 1, 2, `"reading" must be a string`},
		{"parts not an array", `[{"kanji": "水", "romaji": "mizu", "english": "water", "parts": "x"}]`, 1, 2, `"parts" must be an array`},
		{"kanji and japanese differ", `[{"kanji": "水", "japanese": "氷", "romaji": "mizu", "english": "water"}]`, 1, 2, `"kanji" ("水") and "japanese" ("氷") differ`},
		{"word not an object", `[{"kanji": "水", "romaji": "mizu", "english": "water"}, 7]`, 1, 56, "word 2 must be an object"},
		{"word is null", "[\n\tnull]", 2, 2, "word 1 must be an object"},
		{"word is an array", `[["水"]]`, 1, 2, "word 1 must be an object"},
		{"column in characters", `[{"kanji": "水", "romaji": "mizu", "english": "水"}, {"english": "x"}]`, 1, 52, "word 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, err := Parse([]byte(tt.input))
			if err != nil {
				t.Fatalf("Parse: %v, want row errors only", err)
			}
			if len(file.Errors) != 1 {
				t.Fatalf("errors = %v, want one", file.Errors)
			}
			e := file.Errors[0]
			if e.Line != tt.line || e.Column != tt.col || !strings.Contains(e.Message, tt.message) {
				t.Errorf("got %v, want line %d, column %d, message containing %q", e, tt.line, tt.col, tt.message)
			}
		})
	}
}

func TestParseJSONCollectsEveryRowError(t *testing.T) {
	file, err := Parse([]byte(`[
  {"kanji": "水", "english": "water"},
  {"kanji": "火", "romaji": "hi", "english": "fire"},
  {"romaji": "ki", "english": "tree", "parts": {}},
  "木"
]`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(file.Rows) != 1 || file.Rows[0].Japanese != "火" || file.Rows[0].Line != 3 {
		t.Errorf("rows = %+v, want only 火 on line 3", file.Rows)
	}
	wantLines := []int{2, 4, 5}
	if len(file.Errors) != len(wantLines) {
		t.Fatalf("errors = %v, want %d", file.Errors, len(wantLines))
	}
	for i, line := range wantLines {
		if file.Errors[i].Line != line {
			t.Errorf("error %d on line %d, want %d", i, file.Errors[i].Line, line)
		}
	}
	// every problem of one word is named, not just the first
	if msg := file.Errors[1].Message; !strings.Contains(msg, `"kanji" or "japanese" is missing`) || !strings.Contains(msg, `"parts" must be an array`) {
		t.Errorf("message = %q, want both problems of word 3", msg)
	}
}

func TestWriteJSON(t *testing.T) {
	var b strings.Builder
	err := WriteJSON(&b, []Word{
		{Japanese: "食べる", Reading: "たべる", Romaji: "taberu", English: "to eat <&>", Parts: []byte(`[ {"kanji": "食"} ]`)},
		{Japanese: "水", Reading: "みず", Romaji: "mizu", English: "water"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[
  {"kanji":"食べる","japanese":"食べる","reading":"たべる","romaji":"taberu","english":"to eat <&>","parts":[{"kanji":"食"}]},
  {"kanji":"水","japanese":"水","reading":"みず","romaji":"mizu","english":"water","parts":[]}
]
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteJSONEdgeCases(t *testing.T) {
	var b strings.Builder
	if err := WriteJSON(&b, nil); err != nil || b.String() != "[]\n" {
		t.Errorf("no words: got %q, %v, want \"[]\\n\"", b.String(), err)
	}
	err := WriteJSON(&strings.Builder{}, []Word{{Japanese: "水", Romaji: "mizu", English: "water", Parts: []byte("[")}})
	if err == nil || !strings.Contains(err.Error(), "word 1") {
		t.Errorf("invalid parts: got %v, want an error naming word 1", err)
	}
	var failing failingWriter
	if err := WriteJSON(&failing, []Word{{Japanese: "水", Romaji: "mizu", English: "water"}}); !errors.Is(err, errWrite) {
		t.Errorf("failing writer: got %v, want %v", err, errWrite)
	}
}
