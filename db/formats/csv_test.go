package formats

import (
	"strings"
	"testing"
)

func TestParseCSVReadsWords(t *testing.T) {
	parts := []byte(`[{"kanji":"食","romaji":["ta"]}]`)
	tests := []struct {
		name, input, format string
		want                []Row
	}{
		{
			name:   "the writer's own header",
			input:  "japanese,reading,romaji,english,parts\n食べる,たべる,taberu,to eat,\"[{\"\"kanji\"\": \"\"食\"\", \"\"romaji\"\": [\"\"ta\"\"]}]\"\n水,みず,mizu,water,\n",
			format: FormatCSV,
			want: []Row{
				{Line: 2, Word: Word{Japanese: "食べる", Reading: "たべる", Romaji: "taberu", English: "to eat", Parts: parts}},
				{Line: 3, Word: Word{Japanese: "水", Reading: "みず", Romaji: "mizu", English: "water", Parts: []byte("[]")}},
			},
		},
		{
			name:   "aliases, any case, trimmed, any order, other columns ignored",
			input:  " Meaning , notes ,KANA, Expression\nwater, a note ,みず, 水 \n",
			format: FormatCSV,
			want:   []Row{{Line: 2, Word: Word{Japanese: "水", Reading: "みず", English: "water", Parts: []byte("[]")}}},
		},
		{
			name:   "kanji, hiragana and definition",
			input:  "kanji,hiragana,definition\n水,みず,water\n",
			format: FormatCSV,
			want:   []Row{{Line: 2, Word: Word{Japanese: "水", Reading: "みず", English: "water", Parts: []byte("[]")}}},
		},
		{
			name:   "the first of two columns with one role wins",
			input:  "japanese,kanji,romaji,english\n水,氷,mizu,water\n",
			format: FormatCSV,
			want:   []Row{{Line: 2, Word: Word{Japanese: "水", Romaji: "mizu", English: "water", Parts: []byte("[]")}}},
		},
		{
			name:   "tsv",
			input:  "japanese\tromaji\tenglish\n水\tmizu\twater, cold\n",
			format: FormatTSV,
			want:   []Row{{Line: 2, Word: Word{Japanese: "水", Romaji: "mizu", English: "water, cold", Parts: []byte("[]")}}},
		},
		{
			name:   "semicolons, as European spreadsheets write",
			input:  "japanese;romaji;english\n水;mizu;water, cold\n",
			format: FormatCSV,
			want:   []Row{{Line: 2, Word: Word{Japanese: "水", Romaji: "mizu", English: "water, cold", Parts: []byte("[]")}}},
		},
		{
			name:   "quotes, commas and a field over three lines keep line numbers",
			input:  "japanese,romaji,english\n\"水\",\"mizu\",\"water, \"\"cold\"\"\"\n火,hi,\"fire\nflame\nblaze\"\n木,ki,tree\n",
			format: FormatCSV,
			want: []Row{
				{Line: 2, Word: Word{Japanese: "水", Romaji: "mizu", English: `water, "cold"`, Parts: []byte("[]")}},
				{Line: 3, Word: Word{Japanese: "火", Romaji: "hi", English: "fire\nflame\nblaze", Parts: []byte("[]")}},
				{Line: 6, Word: Word{Japanese: "木", Romaji: "ki", English: "tree", Parts: []byte("[]")}},
			},
		},
		{
			name:   "blank lines, blank rows and CRLF",
			input:  "\r\n\r\njapanese,romaji,english\r\n\r\n水,mizu,water\r\n   \r\n,,\r\n火,hi,fire\r\n\r\n",
			format: FormatCSV,
			want: []Row{
				{Line: 5, Word: Word{Japanese: "水", Romaji: "mizu", English: "water", Parts: []byte("[]")}},
				{Line: 8, Word: Word{Japanese: "火", Romaji: "hi", English: "fire", Parts: []byte("[]")}},
			},
		},
		{
			name:   "Excel's sep= line names the separator",
			input:  "sep=;\r\njapanese;romaji;english\r\n水;mizu;water, cold\r\n",
			format: FormatCSV,
			want:   []Row{{Line: 3, Word: Word{Japanese: "水", Romaji: "mizu", English: "water, cold", Parts: []byte("[]")}}},
		},
		{
			name:   "a long row's extra fields are ignored",
			input:  "japanese,romaji,english\n水,mizu,water,extra,more\n",
			format: FormatCSV,
			want:   []Row{{Line: 2, Word: Word{Japanese: "水", Romaji: "mizu", English: "water", Parts: []byte("[]")}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, err := Parse([]byte(tt.input))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if file.Format != tt.format {
				t.Errorf("format = %q, want %q", file.Format, tt.format)
			}
			if len(file.Errors) != 0 {
				t.Errorf("errors = %v, want none", file.Errors)
			}
			assertRows(t, file.Rows, tt.want)
		})
	}
}

func TestParseCSVFileErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line, col   int
		kind        error
		contains    []string
		lacks       []string
	}{
		{
			name: "no japanese, no romaji or reading", input: "word,meaning,notes\n水,water,x\n", line: 1, col: 1, kind: ErrMissingColumns,
			contains: []string{`the columns "word", "meaning", "notes"`, "a japanese column (japanese, kanji or expression)",
				"a romaji or reading column (romaji, reading, kana or hiragana)"},
			lacks: []string{"an english column"},
		},
		{
			name: "no english", input: "\n\nkanji\tkana\n水\tみず\n", line: 3, col: 1, kind: ErrMissingColumns,
			contains: []string{`the columns "kanji", "kana"`, "an english column (english, meaning or definition)"},
			lacks:    []string{"a japanese column", "romaji"},
		},
		{
			name: "a quoted name is one name", input: "\"english, meaning\";japanese;romaji\nwater;水;mizu\n", line: 1, col: 1, kind: ErrMissingColumns,
			contains: []string{`"english, meaning"`, "an english column"},
		},
		{name: "header only", input: "japanese,romaji,english\n\n", line: 1, col: 1, kind: ErrNoWords, contains: []string{"the file has no words"}},
		{name: "broken header", input: "japanese,\"romaji,english\n", line: 1, col: 26, kind: ErrSyntax, contains: []string{"header row"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.input))
			assertFileError(t, err, tt.line, tt.col, tt.kind, "")
			for _, s := range tt.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
			for _, s := range tt.lacks {
				if strings.Contains(err.Error(), s) {
					t.Errorf("message %q has %q, which is there", err, s)
				}
			}
		})
	}
}

func TestParseCSVRowErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line, col   int
		message     string
	}{
		{"empty japanese", "japanese,romaji,english\n水,mizu,water\n ,hi,fire\n", 3, 1, `column "japanese" is empty`},
		{"empty english, column in characters", "japanese,romaji,english\n\"食べる\",taberu,\n", 2, 14, `column "english" is empty`},
		{"a short row", "japanese,romaji,english\n食べる,taberu\n", 2, 1, `column "english" is empty`},
		{"empty romaji", "japanese,romaji,english\n食べる, ,to eat\n", 2, 5, `column "romaji" is empty`},
		{"empty reading", "japanese,reading,english\n食べる,,to eat\n", 2, 5, `column "reading" is empty`},
		{"both romaji and reading empty", "japanese,reading,romaji,english\n食べる,,,to eat\n", 2, 6, `columns "romaji" and "reading" are both empty`},
		{"every problem of the row", "kanji,kana,meaning,notes\n,,\"\",a note\n", 2, 1, `column "kanji" is empty; column "kana" is empty; column "meaning" is empty`},
		{"parts not an array", "japanese,romaji,english,parts\n水,mizu,water,{}\n", 2, 14, `column "parts" must hold a JSON array`},
		{"parts not json", "japanese,romaji,english,parts\n水,mizu,water,[x\n", 2, 14, `column "parts" must hold a JSON array`},
		{"a bare quote", "japanese,romaji,english\n水,mi\"zu,water\n", 2, 5, `a " in a field that is not quoted`},
		{"a stray quote after a quoted field", "japanese,romaji,english\n水,\"mizu\"x,water\n", 2, 8, `a quoted field is not closed properly`},
		{"a quoted field never closed", "japanese,romaji,english\n水,mizu,\"water\n火,hi,fire\n", 3, 11, "opened on line 2"},
		{"an empty field on the next line of a quoted one", "japanese,romaji,english\n\"水\n氷\",,water\n", 3, 4, `column "romaji" is empty`},
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

func TestParseCSVCollectsEveryRowError(t *testing.T) {
	file, err := Parse([]byte("japanese,romaji,english\n水,,water\n火,hi,fire\n木,ki,\n\n金,ki\"n,gold\n土,tsuchi,earth\n"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(file.Rows) != 2 || file.Rows[0].Line != 3 || file.Rows[1].Line != 7 {
		t.Errorf("rows = %+v, want 火 on line 3 and 土 on line 7", file.Rows)
	}
	var lines []int
	for _, e := range file.Errors {
		lines = append(lines, e.Line)
	}
	if want := []int{2, 4, 6}; !equalInts(lines, want) {
		t.Errorf("error lines = %v, want %v (%v)", lines, want, file.Errors)
	}
}

func TestWriteCSV(t *testing.T) {
	var b strings.Builder
	err := WriteCSV(&b, []Word{
		{Japanese: "食べる", Reading: "たべる", Romaji: "taberu", English: `to eat, "consume"`, Parts: []byte(`[ {"kanji": "食"} ]`)},
		{Japanese: "水", Reading: "みず", Romaji: "mizu", English: "water\ncold"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "japanese,reading,romaji,english,parts\n" +
		`食べる,たべる,taberu,"to eat, ""consume""","[{""kanji"":""食""}]"` + "\n" +
		"水,みず,mizu,\"water\ncold\",[]\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if err := WriteCSV(&strings.Builder{}, []Word{{Japanese: "水", Parts: []byte("{")}}); err == nil || !strings.Contains(err.Error(), "word 1") {
		t.Errorf("invalid parts: got %v, want an error naming word 1", err)
	}
	if err := WriteCSV(&failingWriter{}, []Word{{Japanese: "水"}}); err == nil {
		t.Error("failing writer: got no error")
	}
}

func TestDetectSeparator(t *testing.T) {
	tests := []struct {
		line  string
		sep   rune
		found bool
	}{
		{"japanese,romaji,english", ',', true},
		{"japanese;romaji;english", ';', true},
		{"japanese\tromaji,english", '\t', true},
		{`"a;b;c",romaji,english`, ',', true},
		{"japanese;romaji,english;x", ';', true},
		{"japanese", ',', false},
	}
	for _, tt := range tests {
		sep, found := detectSeparator([]byte(tt.line))
		if sep != tt.sep || found != tt.found {
			t.Errorf("detectSeparator(%q) = %q, %v, want %q, %v", tt.line, sep, found, tt.sep, tt.found)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
