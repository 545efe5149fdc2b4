package formats

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestParseDetectsTheFormat(t *testing.T) {
	tests := []struct {
		name, input, format string
	}{
		{"json array", `[{"kanji": "水", "romaji": "mizu", "english": "water"}]`, FormatJSON},
		{"json after blank lines", "\n\n  [{\"kanji\": \"水\", \"romaji\": \"mizu\", \"english\": \"water\"}]", FormatJSON},
		{"csv", "japanese,romaji,english\n水,mizu,water\n", FormatCSV},
		{"csv with semicolons", "japanese;romaji;english\n水;mizu;water\n", FormatCSV},
		{"tsv", "japanese\tromaji\tenglish\n水\tmizu\twater\n", FormatTSV},
		{"anki", "#separator:tab\n#html:false\n水\twater\tみず\n", FormatAnki},
		{"anki legacy tags line", "tags:n5\n水\twater\tみず\n", FormatAnki},
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
			if len(file.Rows) != 1 || file.Rows[0].Japanese != "水" || file.Rows[0].English != "water" {
				t.Errorf("rows = %+v, want the one word 水/water", file.Rows)
			}
		})
	}
}

func TestParseRejectsWhatIsNotAWordFile(t *testing.T) {
	tests := []struct {
		name, input string
		line, col   int
		kind        error
		message     string
	}{
		{"prose", "Dear learner,\nhere are my words\n", 1, 1, ErrMissingColumns, `"Dear learner"`},
		{"one line of text", "hello world\nbye\n", 1, 1, ErrUnknownFormat, "not a word file: expected JSON, CSV, TSV or an Anki export"},
		{"broken utf-8", "japanese,romaji,english\n水,mizu,water\n火,h\xffi,fire\n", 3, 4, ErrEncoding, "not valid UTF-8"},
		{"broken utf-8 in json", "[{\"kanji\": \"\xc3\"}]", 1, 13, ErrEncoding, "not valid UTF-8"},
		{"odd utf-16", "\xff\xfeabc", 1, 1, ErrEncoding, "UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.input))
			assertFileError(t, err, tt.line, tt.col, tt.kind, tt.message)
		})
	}
}

func TestParseAcceptsByteOrderMarks(t *testing.T) {
	utf16LE := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	utf16BE := func(s string) []byte {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	csvText := "japanese\tromaji\tenglish\r\n水\tmizu\twater\r\n𠮷\tyoshi\tluck\r\n"
	tests := []struct {
		name string
		data []byte
	}{
		{"utf-8 bom csv", append([]byte("\xEF\xBB\xBF"), "japanese,romaji,english\n水,mizu,water\n𠮷,yoshi,luck\n"...)},
		{"utf-8 bom json", append([]byte("\xEF\xBB\xBF"), `[{"kanji":"水","romaji":"mizu","english":"water"},{"kanji":"𠮷","romaji":"yoshi","english":"luck"}]`...)},
		{"utf-16le, as spreadsheets save unicode text", utf16LE(csvText)},
		{"utf-16be", utf16BE(csvText)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, err := Parse(tt.data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(file.Rows) != 2 || file.Rows[0].Japanese != "水" || file.Rows[1].Japanese != "𠮷" || file.Rows[1].English != "luck" {
				t.Errorf("rows = %+v, want 水 and 𠮷", file.Rows)
			}
		})
	}
}

func TestReadReadsAllOfTheReader(t *testing.T) {
	file, err := Read(strings.NewReader("japanese,romaji,english\n水,mizu,water\n"))
	if err != nil || len(file.Rows) != 1 {
		t.Errorf("Read = %+v, %v, want one row", file, err)
	}
	if _, err := Read(&failingWriter{}); !errors.Is(err, errWrite) {
		t.Errorf("failing reader: got %v, want %v", err, errWrite)
	}
}

func TestErrorMessages(t *testing.T) {
	err := error(&Error{Line: 3, Column: 7, Message: "the file has no words", Kind: ErrNoWords})
	if got, want := err.Error(), "line 3, column 7: the file has no words"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, ErrNoWords) || errors.Is(err, ErrSyntax) {
		t.Errorf("errors.Is does not follow Kind")
	}
	if got, want := (RowError{Line: 2, Column: 1, Message: "x"}).Error(), "line 2, column 1: x"; got != want {
		t.Errorf("RowError.Error() = %q, want %q", got, want)
	}
}

// assertRows compares rows field by field, Parts as text.
func assertRows(t *testing.T, got, want []Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Line != w.Line || g.Japanese != w.Japanese || g.Reading != w.Reading || g.Romaji != w.Romaji ||
			g.English != w.English || !bytes.Equal(g.Parts, w.Parts) {
			t.Errorf("row %d: got %+v (parts %s), want %+v (parts %s)", i, g, g.Parts, w, w.Parts)
		}
	}
}

// assertFileError checks an error that stops the whole file.
func assertFileError(t *testing.T, err error, line, col int, kind error, message string) {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want an *Error", err)
	}
	if fe.Line != line || fe.Column != col || !errors.Is(err, kind) || !strings.Contains(fe.Message, message) {
		t.Errorf("got %v (kind %v), want line %d, column %d, kind %v, message containing %q", fe, fe.Kind, line, col, kind, message)
	}
}

var errWrite = errors.New("disk full")

// failingWriter fails every write (and read), to check errors are passed on.
type failingWriter struct{}

func (*failingWriter) Write([]byte) (int, error) { return 0, errWrite }
func (*failingWriter) Read([]byte) (int, error)  { return 0, errWrite }
