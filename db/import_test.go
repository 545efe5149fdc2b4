package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
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
	if !res.GroupCreated || res.Added != 1 || res.Reused != 1 || len(res.FirstAdded) != 1 || res.FirstAdded[0].Romaji != "neko" {
		t.Errorf("result = %+v, want a new group, neko added and taberu reused", res)
	}
	if got := count(t, s, "words"); got != before+1 {
		t.Errorf("words = %d, want %d", got, before+1)
	}
	again, err := s.ImportWords(ctx, "Animals and Food", words)
	if err != nil {
		t.Fatal(err)
	}
	if again.GroupCreated || again.Added != 0 || again.Reused != 2 {
		t.Errorf("second import = %+v, want everything reused", again)
	}
}

func TestParseWordsRules(t *testing.T) {
	tests := []struct {
		name, input string
		want        []NewWord // nil when the file is refused
		err         error     // the error wanted, when not a *FormatError
		line, col   int
		reason      string
	}{
		{name: "kanji and japanese the same", input: `[{"kanji": "水", "japanese": "水", "romaji": "mizu", "english": "water"}]`,
			want: []NewWord{{Japanese: "水", Romaji: "mizu", English: "water", Parts: json.RawMessage("[]")}}},
		{name: "escapes and spaces", input: `[{"japanese": " \u6c34 ", "romaji": "mi\"zu", "english": "wa\\ter", "parts": null}]`,
			want: []NewWord{{Japanese: "水", Romaji: `mi"zu`, English: `wa\ter`, Parts: json.RawMessage("[]")}}},
		{name: "empty array", input: " [ ] ", err: ErrNoWords},
		{name: "kanji and japanese differ", input: "[\n  {\"kanji\": \"水\", \"romaji\": \"mizu\", \"english\": \"water\"},\n  {\"kanji\": \"猫\", \"japanese\": \"犬\", \"romaji\": \"inu\", \"english\": \"dog\"}\n]",
			line: 3, col: 3, reason: `word 2: "kanji" ("猫") and "japanese" ("犬") differ`},
		{name: "a key twice", input: `[{"kanji": "水", "romaji": "mizu", "romaji": "sui", "english": "water"}]`,
			line: 1, col: 35, reason: "duplicate"},
		{name: "null japanese", input: `[{"japanese": null, "romaji": "mizu", "english": "water"}]`,
			line: 1, col: 2, reason: `"japanese" must be a string`},
		{name: "syntax error after a refused word", input: `[{"kanji": 1, "romaji": "mizu",, "english": "water"}]`,
			line: 1, col: 32, reason: "invalid character"},
		{name: "nothing", input: "", line: 1, col: 1, reason: "ends before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words, err := ParseWords(strings.NewReader(tt.input))
			if tt.want != nil {
				if err != nil {
					t.Fatalf("ParseWords: %v", err)
				}
				if fmt.Sprint(words) != fmt.Sprint(tt.want) {
					t.Errorf("words = %q, want %q", words, tt.want)
				}
				return
			}
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Errorf("err = %v, want %v", err, tt.err)
				}
				return
			}
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

// TestParseWordsPositionsWithoutSeeking reads a stream that cannot seek:
// the position of an error is the same as in a file.
func TestParseWordsPositionsWithoutSeeking(t *testing.T) {
	input := "[\n  {\"kanji\": \"水\", \"romaji\": \"mizu\", \"english\": \"water\"},\n  {\"kanji\": \"犬\", \"romaji\": \"inu\"}\n]"
	var errs []string
	for _, r := range []io.Reader{strings.NewReader(input), io.MultiReader(strings.NewReader(input[:20]), strings.NewReader(input[20:]))} {
		_, err := ParseWords(r)
		errs = append(errs, fmt.Sprint(err))
	}
	want := `line 3, column 3 (byte 62): word 2: "english" is missing`
	if errs[0] != want || errs[1] != want {
		t.Errorf("errors = %q, want %q from both", errs, want)
	}
}

// wordFile is a word file of n generated words, distinct from the starter vocabulary.
// romajiNumber spells n's digits in romaji (0 a, 1 ka, … 9 wa), so that
// every word of a generated file has romaji that a reading derives from.
func romajiNumber(n int) string {
	syllables := [10]string{"a", "ka", "sa", "ta", "na", "ha", "ma", "ya", "ra", "wa"}
	var b strings.Builder
	for _, d := range strconv.Itoa(n) {
		b.WriteString(syllables[d-'0'])
	}
	return b.String()
}

func wordFile(n int) string {
	var b strings.Builder
	b.WriteString("[\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `  {"kanji": "語%d", "romaji": "go%s", "english": "word number %d", "parts": [{"kanji": "語", "romaji": ["go"]}]}`, i, romajiNumber(i), i)
	}
	b.WriteString("\n]\n")
	return b.String()
}

// vocabulary describes what an import may change, to compare before and after.
func vocabulary(t *testing.T, s *Store) string {
	t.Helper()
	var out string
	err := s.reader.QueryRow(`SELECT (SELECT COUNT(*) FROM words) || ' words, ' || (SELECT COUNT(*) FROM groups) || ' groups, '
		|| (SELECT COUNT(*) FROM word_groups) || ' links, ' || (SELECT COUNT(*) FROM word_terms) || ' search terms, '
		|| (SELECT COUNT(*) FROM word_stats) || ' stats, totals '
		|| (SELECT reviews || '/' || words_studied FROM learning_totals)`).Scan(&out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportFileTwinsAndOrder(t *testing.T) {
	s := newTestStore(t)
	file := `[
  {"kanji": "猫", "romaji": "neko", "english": "cat"},
  {"kanji": "食べる", "romaji": "taberu", "english": "to eat"},
  {"kanji": "犬", "romaji": "inu", "english": "dog"},
  {"kanji": "猫", "romaji": "neko", "english": "cat"}
]`
	res, err := s.ImportFile(context.Background(), " Pets ", strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if res.Group != "Pets" || !res.GroupCreated || res.Added != 2 || res.Reused != 2 {
		t.Errorf("result = %+v, want group Pets created, 2 added (neko, inu) and 2 reused (taberu, the second neko)", res)
	}
	var added, reused []string
	for _, w := range res.FirstAdded {
		added = append(added, w.Romaji)
	}
	for _, w := range res.FirstReused {
		reused = append(reused, w.Romaji)
	}
	if strings.Join(added, " ") != "neko inu" || strings.Join(reused, " ") != "taberu neko" {
		t.Errorf("listed added %q and reused %q, want [neko inu] and [taberu neko], in the file's order", added, reused)
	}
	if n := count(t, s, "word_groups WHERE group_id = (SELECT id FROM groups WHERE name = 'Pets')"); n != 3 {
		t.Errorf("Pets has %d words, want 3", n)
	}
	assertAggregatesMatchLog(t, s)
}

func TestImportFileListsAtMostTheLimit(t *testing.T) {
	s := newTestStore(t)
	res, err := s.ImportFile(context.Background(), "Many", strings.NewReader(wordFile(ImportListLimit+5)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != ImportListLimit+5 || len(res.FirstAdded) != ImportListLimit || res.FirstAdded[0].Romaji != "goa" {
		t.Errorf("added %d, listed %d starting with %v; want %d added, %d listed from the first",
			res.Added, len(res.FirstAdded), res.FirstAdded[:1], ImportListLimit+5, ImportListLimit)
	}
}

// afterFirstStep calls fn as soon as another connection sees the group hold
// more than 100 words, that is between the first step of an import and the second.
func afterFirstStep(t *testing.T, s *Store, group string, fn func()) chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 2000 {
			var n int
			if err := s.reader.QueryRow(`SELECT COUNT(*) FROM word_groups WHERE group_id = (SELECT id FROM groups WHERE name = ?)`, group).Scan(&n); err != nil {
				t.Error(err)
				return
			}
			if n > 100 {
				fn()
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
		t.Error("the import wrote nothing within 4 s")
	}()
	return done
}

// outside opens a connection of its own on the store's file, as another process would.
func outside(t *testing.T, s *Store) *sql.DB {
	t.Helper()
	var path string
	if err := s.reader.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path); err != nil {
		t.Fatal(err)
	}
	conn, err := sql.Open("sqlite3", dsn(path, writerParams))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestImportFileInterruptedLeavesNothing(t *testing.T) {
	s := newTestStore(t)
	// An existing group, and a word of the file known already in another:
	// the undo must take that word out of the group again, and keep both.
	if _, err := s.ImportWords(context.Background(), "Small", []NewWord{{Japanese: "語0", Romaji: "goa", English: "word number 0"}}); err != nil {
		t.Fatal(err)
	}
	before := vocabulary(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := afterFirstStep(t, s, "Core Verbs", cancel)
	_, err := s.ImportFile(ctx, "Core Verbs", strings.NewReader(wordFile(30000)))
	<-done
	var ie *ImportError
	if !errors.As(err, &ie) || !ie.Interrupted || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want an interrupted *ImportError", err)
	}
	if err.Error() != "interrupted: nothing was imported" {
		t.Errorf("message = %q", err)
	}
	if after := vocabulary(t, s); after != before {
		t.Errorf("after the interrupted import: %s; before: %s", after, before)
	}
	assertAggregatesMatchLog(t, s)
}

func TestImportFileFailingStepLeavesNothing(t *testing.T) {
	s := newTestStore(t)
	words, terms := count(t, s, "words"), count(t, s, "word_terms")
	other := outside(t, s)
	// Another process deletes the new group between two steps (a full reset
	// would): the next step fails on it.
	done := afterFirstStep(t, s, "Big", func() {
		if _, err := other.Exec(`DELETE FROM groups WHERE name = 'Big'`); err != nil {
			t.Error(err)
		}
	})
	_, err := s.ImportFile(context.Background(), "Big", strings.NewReader(wordFile(30000)))
	<-done
	var ie *ImportError
	if !errors.As(err, &ie) || ie.Interrupted || !strings.HasSuffix(err.Error(), ": nothing was imported") {
		t.Fatalf("err = %v, want a failed *ImportError saying nothing was imported", err)
	}
	if got := count(t, s, "words"); got != words {
		t.Errorf("words = %d after the failed import, want %d as before", got, words)
	}
	if got := count(t, s, "word_terms"); got != terms {
		t.Errorf("search terms = %d after the failed import, want %d as before", got, terms)
	}
	assertAggregatesMatchLog(t, s)
}

func TestImportFileUndoKeepsWhatWasStudied(t *testing.T) {
	s := newTestStore(t)
	before := count(t, s, "words")
	other := outside(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A learner starts a session on the new group between two steps and
	// reviews one of its words; then the import is interrupted.
	_ = other
	done := afterFirstStep(t, s, "Big", func() {
		// Through the store, as the serving portal would (its memory follows).
		var group, word int64
		if err := s.reader.QueryRow(`SELECT g.id, MIN(wg.word_id) FROM groups g JOIN word_groups wg ON wg.group_id = g.id
			WHERE g.name = 'Big'`).Scan(&group, &word); err != nil {
			t.Error(err)
		}
		sess, _, err := s.CreateStudySession(context.Background(), group, 1, Idempotency{})
		if err == nil {
			_, _, err = s.RecordReview(context.Background(), sess.ID, word, true, Idempotency{})
		}
		if err != nil {
			t.Error(err)
		}
		cancel()
	})
	_, err := s.ImportFile(ctx, "Big", strings.NewReader(wordFile(30000)))
	<-done
	var ie *ImportError
	if !errors.As(err, &ie) || ie.KeptWords != 1 || ie.KeptGroup != "Big" || ie.UndoErr != nil {
		t.Fatalf("err = %#v, want one word and the group kept", err)
	}
	if !strings.Contains(err.Error(), `except 1 word and group "Big", studied while it ran`) {
		t.Errorf("message = %q", err)
	}
	if got := count(t, s, "words"); got != before+1 {
		t.Errorf("words = %d, want %d: the reviewed word stays, no other", got, before+1)
	}
	assertAggregatesMatchLog(t, s)
}

func TestImportWordsChecksTheWords(t *testing.T) {
	s := newTestStore(t)
	before := vocabulary(t, s)
	for _, words := range [][]NewWord{
		nil,
		{{Japanese: "猫", Romaji: "neko", English: "cat"}, {Japanese: "犬", Romaji: " ", English: "dog"}},
		{{Japanese: "猫", Romaji: "neko", English: "cat", Parts: json.RawMessage(`{"not": "an array"}`)}},
	} {
		if _, err := s.ImportWords(context.Background(), "Checked", words); err == nil {
			t.Errorf("ImportWords(%v) succeeded", words)
		}
	}
	if _, err := s.ImportWords(context.Background(), "  ", []NewWord{{Japanese: "猫", Romaji: "neko", English: "cat"}}); err == nil {
		t.Error("an import into a group with a blank name succeeded")
	}
	if after := vocabulary(t, s); after != before {
		t.Errorf("refused imports changed the vocabulary: %s, before %s", after, before)
	}
}
