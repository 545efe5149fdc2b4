package db

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportFileReadsEveryFormat: the CLI's import reads what the
// browser's does, and each word it adds has its reading, romaji, sort key
// and search terms at once: a search finds it with no fill at start-up.
func TestImportFileReadsEveryFormat(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		search     string // a query that finds the first word
		reading    string // the first word's reading
		romaji     string
	}{
		{"bootcamp JSON with a reading", `[{"kanji": "鳥", "reading": "とり", "romaji": "tori", "english": "bird"}]`, "とり", "とり", "tori"},
		{"bootcamp JSON, the romaji derived", `[{"japanese": "魚", "reading": "さかな", "english": "fish"}]`, "sakana", "さかな", "sakana"},
		{"JSON with a byte order mark", "\ufeff[{\"kanji\": \"虫\", \"romaji\": \"mushi\", \"english\": \"insect\"}]", "insect", "むし", "mushi"},
		{"CSV with header aliases", "expression,kana,Meaning,notes\n鳥,とり,bird,ignored\n", "bird", "とり", "tori"},
		{"CSV, the reading derived", "kanji,romaji,english\n食堂,shokudou,dining hall\n", "しょくどう", "しょくどう", "shokudou"},
		{"TSV", "japanese\treading\tenglish\n魚\tさかな\tfish\n", "サカナ", "さかな", "sakana"},
		{"Anki plain text", "#separator:tab\n#html:true\n#columns:Front\tReading\tBack\n<b>猫</b>\tねこ\tcat&nbsp;(animal)\n", "neko", "ねこ", "neko"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			res, err := s.ImportFile(context.Background(), "Imported", strings.NewReader(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if res.Added != 1 || !res.GroupCreated {
				t.Fatalf("got %+v, want one word added to a new group", res)
			}
			var reading, romaji, search, sortKey string
			if err := s.reader.QueryRow(`SELECT reading, romaji, search, sort_key FROM words ORDER BY id DESC LIMIT 1`).
				Scan(&reading, &romaji, &search, &sortKey); err != nil {
				t.Fatal(err)
			}
			if reading != tt.reading || romaji != tt.romaji || search == "" || sortKey == "" {
				t.Errorf("got reading %q, romaji %q, search %q, sort key %q; want %q, %q and both kept", reading, romaji, search, sortKey, tt.reading, tt.romaji)
			}
			if n := count(t, s, "words WHERE reading = '' OR search = '' OR sort_key = ''"); n != 0 {
				t.Errorf("%d words left for the fill at start-up, want 0", n)
			}
			list, err := s.ListWords(context.Background(), ListQuery{Search: tt.search})
			if err != nil {
				t.Fatal(err)
			}
			if len(list.Items) != 1 || list.Items[0].Reading != tt.reading {
				t.Errorf("search %q found %+v, want the imported word", tt.search, list.Items)
			}
		})
	}
}

// TestImportFileRefusesAtTheLine: a CSV, TSV or Anki file with a problem
// is refused at its first problem's line, and nothing is written.
func TestImportFileRefusesAtTheLine(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		want       string // the error, in full
	}{
		{"a CSV row without english", "japanese,reading,english\n鳥,とり,bird\n魚,さかな,\n", "line 3"},
		{"a reading not kana", "japanese\treading\tenglish\n鳥\ttori\tbird\n", "line 2: reading must be written in kana"},
		{"romaji that spells no reading", "japanese,romaji,english\n鳥,tori,bird\nCD,cd,compact disc\n", "line 3: reading cannot be derived from the romaji"},
		{"a missing column", "japanese,romaji\n鳥,tori\n", "line 1"},
		{"the first problem of several", "japanese,reading,english\n鳥,とり,bird\n魚,x,fish\n犬,いぬ,\n", "line 3: reading"},
		{"an empty CSV", "japanese,reading,english\n", "the file has no words"},
		{"a JSON word with a reading not kana", `[{"kanji": "鳥", "reading": "tori", "english": "bird"}]`, "line 1, column 2 (byte 1): word 1: reading must be written in kana"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestStore(t)
			before := vocabulary(t, s)
			_, err := s.ImportFile(context.Background(), "Refused", strings.NewReader(tt.file))
			var ie *ImportError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) || !strings.HasSuffix(err.Error(), "nothing was imported") {
				t.Fatalf("got %v, want an *ImportError with %q saying nothing was imported", err, tt.want)
			}
			if after := vocabulary(t, s); after != before {
				t.Errorf("after the refused import: %s; before: %s", after, before)
			}
		})
	}
}

// TestImportFileFromDiskFindsPositions: a file on disk is streamed and,
// refused, its position is found by reading it again (it can seek).
func TestImportFileFromDiskFindsPositions(t *testing.T) {
	s := newTestStore(t)
	path := filepath.Join(t.TempDir(), "words.json")
	file := wordFile(3000)
	file = strings.Replace(file, `"english": "word number 2999"`, `"english": ""`, 1)
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = s.ImportFile(context.Background(), "Disk", f)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Line != 3001 || fe.Column != 3 || !strings.Contains(fe.Reason, `"english" must not be empty`) {
		t.Fatalf("got %v, want line 3001, column 3: english empty", err)
	}
}
