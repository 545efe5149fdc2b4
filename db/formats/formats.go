// Package formats reads and writes the files a learner moves vocabulary
// with: the bootcamp JSON of Part one, CSV and TSV with a header row, and
// Anki's "Notes in Plain Text" export; and it writes the review log in the
// FSRS optimizer's CSV format.
//
// It is pure: readers take bytes, writers take an io.Writer; nothing here
// touches a database, a clock or the file system.
package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// The formats Parse recognises, as File.Format names them.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
	FormatTSV  = "tsv"
	FormatAnki = "anki"
)

// Word is one entry of the vocabulary as files carry it. Reading and Romaji
// may be empty when a file gives only one of them: the caller derives the
// other. Parts is a compact JSON array.
type Word struct {
	Japanese string
	Reading  string
	Romaji   string
	English  string
	Parts    json.RawMessage
}

// Row is a word read from a file, with the 1-based line it starts on.
// Parse gives every row a non-nil Parts ("[]" when the file has none); rows
// may share that value, so treat it as read-only.
type Row struct {
	Line int
	Word
}

// RowError is a problem with one row. The file is still read to its end so
// that a preview can list every problem at once.
type RowError struct {
	Line    int // 1-based line of the problem
	Column  int // 1-based column in characters: where the row or the faulty field starts
	Message string
}

// Error says where and what, as "line 3, column 5: ...".
func (e RowError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// File is what Parse read: the rows it could use and the problems of the
// others, both in file order.
type File struct {
	Format string // FormatJSON, FormatCSV, FormatTSV or FormatAnki
	Rows   []Row
	Errors []RowError
}

// The kinds of *Error, for errors.Is: the whole file is unusable.
var (
	ErrUnknownFormat  = errors.New("not a word file: expected JSON, CSV, TSV or an Anki export")
	ErrNoWords        = errors.New("the file has no words")
	ErrEncoding       = errors.New("the file is not UTF-8 text")
	ErrMissingColumns = errors.New("a needed column is missing")
	ErrSyntax         = errors.New("the file is malformed")
)

// Error is a problem that stops the whole file from being read: Parse
// returns it instead of a File. Line and Column (1-based, the column in
// characters) say where; Message says what, in words for the learner.
type Error struct {
	Line, Column int
	Message      string
	Kind         error // one of the Err... values above
}

// Error says where and what, as "line 3, column 5: ...".
func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// Unwrap gives the kind, so errors.Is(err, ErrNoWords) works.
func (e *Error) Unwrap() error { return e.Kind }

// Read reads everything from r and parses it; see Parse.
func Read(r io.Reader) (File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return File{}, err
	}
	return Parse(data)
}

// Parse reads a word file, detecting its format from the content:
//   - JSON when the first character is '[' (or '{', to say it must be an
//     array): objects with "kanji" or "japanese" (both, if equal), "reading",
//     "romaji", "english" and "parts" (a JSON array); other members ignored;
//   - an Anki "Notes in Plain Text" export when the first line is a '#'
//     header line (or Anki's legacy "tags:" line): see parseAnki;
//   - otherwise CSV or TSV with a header row, the separator (tab, comma or
//     semicolon, or the one Excel's "sep=" line names) taken from the header
//     line. Columns are found by name, case-insensitively: japanese, kanji or
//     expression; reading, kana or hiragana; romaji; english, meaning or
//     definition; parts (JSON text). Other columns are ignored.
//
// Every row needs a japanese, an english, and a romaji or a reading; fields
// are trimmed; blank lines are skipped. A UTF-8 byte order mark is skipped;
// UTF-16 with a byte order mark (what spreadsheets call "Unicode text") is
// decoded; other text that is not UTF-8 is an error at its line.
//
// Problems with single rows are collected, all of them, in File.Errors; a
// problem with the file as a whole (not a word file, a missing column, a
// JSON syntax error, no words at all) is returned as an *Error.
func Parse(data []byte) (File, error) {
	data, err := utf8Text(data)
	if err != nil {
		return File{}, err
	}
	start := skipBlank(data, 0)
	if start == len(data) {
		return File{}, &Error{Line: 1, Column: 1, Message: ErrNoWords.Error(), Kind: ErrNoWords}
	}
	switch {
	case data[start] == '[' || data[start] == '{':
		return parseJSON(data)
	case isAnkiHeader(data[start:]):
		return parseAnki(data, start)
	}
	return parseDelimited(data, start)
}

// utf8Text returns data as UTF-8 without a byte order mark, or an *Error at
// the first byte that is not UTF-8.
func utf8Text(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return fromUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return fromUTF16(data[2:], true)
	}
	if utf8.Valid(data) {
		return data, nil
	}
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	line, col := position(data, off)
	return nil, &Error{Line: line, Column: col,
		Message: "the file is not valid UTF-8 text: save it as UTF-8", Kind: ErrEncoding}
}

func fromUTF16(data []byte, bigEndian bool) ([]byte, error) {
	if len(data)%2 != 0 {
		return nil, &Error{Line: 1, Column: 1,
			Message: "the file looks like UTF-16 but has an odd number of bytes: save it as UTF-8", Kind: ErrEncoding}
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	out := make([]byte, 0, len(data)*3/2)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// skipBlank returns the offset of the first byte from off that is not
// ASCII white space.
func skipBlank(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
	return off
}

// position turns a byte offset into a 1-based line and column, the column
// counted in characters.
func position(data []byte, offset int) (line, col int) {
	offset = max(0, min(offset, len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// cursor turns increasing byte offsets into lines and columns in time
// proportional to the file, not to the file times the number of words (a
// 16 MiB JSON file may be a single line of 100,000 words).
type cursor struct {
	data      []byte
	off       int // the last offset placed
	line, col int // its position
}

func newCursor(data []byte) *cursor { return &cursor{data: data, line: 1, col: 1} }

// position places offset, which must not be before the last one placed;
// an earlier one is placed from the start of the file.
func (c *cursor) position(offset int) (line, col int) {
	offset = max(0, min(offset, len(c.data)))
	if offset < c.off {
		c.off, c.line, c.col = 0, 1, 1
	}
	seg := c.data[c.off:offset]
	if nl := bytes.Count(seg, []byte("\n")); nl > 0 {
		c.line += nl
		c.col = utf8.RuneCount(seg[bytes.LastIndexByte(seg, '\n')+1:]) + 1
	} else {
		c.col += utf8.RuneCount(seg)
	}
	c.off = offset
	return c.line, c.col
}

// lineIndex turns a line and a byte column (as encoding/csv reports them)
// into a column in characters. It is built on the first error only, so a
// clean file pays nothing for it.
type lineIndex struct {
	data   []byte
	starts []int // byte offset of each line; starts[0] is line 1
}

func (l *lineIndex) column(line, byteCol int) int {
	if l.starts == nil {
		l.starts = append(l.starts, 0)
		for i, b := range l.data {
			if b == '\n' {
				l.starts = append(l.starts, i+1)
			}
		}
	}
	if line < 1 || line > len(l.starts) || byteCol < 1 {
		return 1
	}
	start := l.starts[line-1]
	end := min(start+byteCol-1, len(l.data))
	return utf8.RuneCount(l.data[start:end]) + 1
}
