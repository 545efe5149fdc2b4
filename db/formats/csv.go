package formats

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// A role is what a column holds.
type role int

const (
	roleNone role = iota
	roleJapanese
	roleReading
	roleRomaji
	roleEnglish
	roleParts
)

// columnRoles maps header names (lower case) to roles: the names SPEC lists
// for CSV and TSV. Anki adds its own in ankiColumnRoles.
var columnRoles = map[string]role{
	"japanese": roleJapanese, "kanji": roleJapanese, "expression": roleJapanese,
	"reading": roleReading, "kana": roleReading, "hiragana": roleReading,
	"romaji":  roleRomaji,
	"english": roleEnglish, "meaning": roleEnglish, "definition": roleEnglish,
	"parts": roleParts,
}

// columns says which column (0-based, -1 for none) holds each role, and
// the header's names to name them in messages.
type columns struct {
	japanese, reading, romaji, english, parts int
	names                                     []string
}

// mapColumns finds the roles among names. The first column with a role wins:
// a file with both "kanji" and "japanese" reads "japanese" from the first.
// skip says which columns are not to be mapped (Anki's meta columns).
func mapColumns(names []string, extra map[string]role, skip func(int) bool) columns {
	c := columns{japanese: -1, reading: -1, romaji: -1, english: -1, parts: -1, names: names}
	for i, name := range names {
		if skip != nil && skip(i) {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(name))
		r, ok := columnRoles[key]
		if !ok {
			r = extra[key]
		}
		var slot *int
		switch r {
		case roleJapanese:
			slot = &c.japanese
		case roleReading:
			slot = &c.reading
		case roleRomaji:
			slot = &c.romaji
		case roleEnglish:
			slot = &c.english
		case roleParts:
			slot = &c.parts
		default:
			continue
		}
		if *slot < 0 {
			*slot = i
		}
	}
	return c
}

// missing lists what a header lacks, in words; needRomajiOrReading is false
// for Anki, whose decks have neither and get the reading from furigana.
func (c columns) missing(needRomajiOrReading bool, japaneseNames, englishNames string) []string {
	var out []string
	if c.japanese < 0 {
		out = append(out, "a japanese column ("+japaneseNames+")")
	}
	if c.english < 0 {
		out = append(out, "an english column ("+englishNames+")")
	}
	if needRomajiOrReading && c.romaji < 0 && c.reading < 0 {
		out = append(out, "a romaji or reading column (romaji, reading, kana or hiragana)")
	}
	return out
}

// missingColumnsMessage says which columns the header has and which it lacks.
func missingColumnsMessage(names []string, missing []string) string {
	found := make([]string, 0, len(names))
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			found = append(found, fmt.Sprintf("%q", n))
		}
	}
	have := "no named columns"
	if len(found) > 0 {
		have = "the columns " + strings.Join(found, ", ")
	}
	return fmt.Sprintf("the header row has %s; it needs %s", have, joinAnd(missing))
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// detectSeparator picks the separator from the header line: a tab if there
// is one (names never hold tabs), else the more frequent of ',' and ';'
// outside quotes (European spreadsheets write ';'), else ','.
func detectSeparator(line []byte) (sep rune, found bool) {
	var commas, semicolons int
	quoted := false
	for _, b := range line {
		switch b {
		case '"':
			quoted = !quoted
		case '\t':
			if !quoted {
				return '\t', true
			}
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semicolons++
			}
		}
	}
	if semicolons > commas {
		return ';', true
	}
	return ',', commas > 0
}

// firstLine returns data from off to the end of its line.
func firstLine(data []byte, off int) []byte {
	line := data[off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return line
}

// parseDelimited reads CSV or TSV with a header row, quoted as RFC 4180
// says (a quoted field may span lines; its row keeps the line it starts on).
func parseDelimited(data []byte, start int) (File, error) {
	sep, found := detectSeparator(firstLine(data, start))
	// Excel writes "sep=;" above the header to name the separator.
	excelSep := false
	if line := bytes.TrimSuffix(firstLine(data, start), []byte("\r")); bytes.HasPrefix(line, []byte("sep=")) && utf8.RuneCount(line) == 5 {
		r, _ := utf8.DecodeRune(line[4:])
		if r != 0 && r != '"' && r != '\r' && r != utf8.RuneError {
			sep, found, excelSep = r, true, true
		}
	}
	format := FormatCSV
	if sep == '\t' {
		format = FormatTSV
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = -1 // short rows have empty fields, long ones extra ignored ones
	r.ReuseRecord = true
	lines := &lineIndex{data: data}

	header, err := r.Read()
	if excelSep && err == nil {
		header, err = r.Read()
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return File{}, &Error{Line: pe.Line, Column: lines.column(pe.Line, pe.Column),
				Message: "in the header row: " + csvMessage(pe), Kind: ErrSyntax}
		}
		return File{}, &Error{Line: 1, Column: 1, Message: ErrNoWords.Error(), Kind: ErrNoWords}
	}
	headerLine, _ := r.FieldPos(0)
	names := append([]string(nil), header...) // the reader reuses header's array
	cols := mapColumns(names, nil, nil)
	if missing := cols.missing(true, "japanese, kanji or expression", "english, meaning or definition"); len(missing) > 0 {
		if !found && cols.japanese < 0 && cols.english < 0 && cols.romaji < 0 && cols.reading < 0 {
			return File{}, &Error{Line: headerLine, Column: 1, Message: ErrUnknownFormat.Error(), Kind: ErrUnknownFormat}
		}
		return File{}, &Error{Line: headerLine, Column: 1, Message: missingColumnsMessage(names, missing), Kind: ErrMissingColumns}
	}

	file := File{Format: format, Rows: make([]Row, 0, estimateWords(data))}
	emptyParts := json.RawMessage("[]")
	lastErrOffset := int64(-1)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return File{}, err
			}
			if r.InputOffset() == lastErrOffset {
				break // no progress: the rest of the file is the same error
			}
			lastErrOffset = r.InputOffset()
			file.Errors = append(file.Errors, RowError{Line: pe.Line, Column: lines.column(pe.Line, pe.Column), Message: csvMessage(pe)})
			continue
		}
		if blankRecord(rec) {
			continue
		}
		row, rowErr, ok := cols.row(r, rec, lines, emptyParts)
		if !ok {
			file.Errors = append(file.Errors, rowErr)
			continue
		}
		file.Rows = append(file.Rows, row)
	}
	if len(file.Rows) == 0 && len(file.Errors) == 0 {
		return File{}, &Error{Line: headerLine, Column: 1, Message: ErrNoWords.Error() + " (only a header row)", Kind: ErrNoWords}
	}
	return file, nil
}

// row makes a Row of a record, or a RowError naming each empty or bad field
// by its header name, placed at the first of them.
func (c columns) row(r *csv.Reader, rec []string, lines *lineIndex, emptyParts json.RawMessage) (Row, RowError, bool) {
	field := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	line, _ := r.FieldPos(0)
	row := Row{Line: line, Word: Word{
		Japanese: field(c.japanese), Reading: field(c.reading), Romaji: field(c.romaji),
		English: field(c.english), Parts: emptyParts,
	}}
	var problems []string
	first := -1
	problem := func(col int, msg string) {
		problems = append(problems, msg)
		if first < 0 {
			first = col
		}
	}
	if row.Japanese == "" {
		problem(c.japanese, fmt.Sprintf("column %q is empty", c.names[c.japanese]))
	}
	if row.Romaji == "" && row.Reading == "" {
		switch {
		case c.romaji >= 0 && c.reading >= 0:
			problem(c.romaji, fmt.Sprintf("columns %q and %q are both empty", c.names[c.romaji], c.names[c.reading]))
		case c.romaji >= 0:
			problem(c.romaji, fmt.Sprintf("column %q is empty", c.names[c.romaji]))
		default:
			problem(c.reading, fmt.Sprintf("column %q is empty", c.names[c.reading]))
		}
	}
	if row.English == "" {
		problem(c.english, fmt.Sprintf("column %q is empty", c.names[c.english]))
	}
	if p := field(c.parts); p != "" && p != "[]" {
		parts, ok := compactArray(p)
		if !ok {
			problem(c.parts, fmt.Sprintf("column %q must hold a JSON array", c.names[c.parts]))
		}
		row.Parts = parts
	}
	if len(problems) == 0 {
		return row, RowError{}, true
	}
	e := RowError{Line: line, Column: 1, Message: strings.Join(problems, "; ")}
	if first < len(rec) {
		l, col := r.FieldPos(first)
		e.Line, e.Column = l, lines.column(l, col)
	}
	return Row{}, e, false
}

// compactArray checks that s is a JSON array and returns it compacted.
func compactArray(s string) (json.RawMessage, bool) {
	if s == "" || s[0] != '[' {
		return nil, false
	}
	var b bytes.Buffer
	b.Grow(len(s))
	if err := json.Compact(&b, []byte(s)); err != nil {
		return nil, false
	}
	return b.Bytes(), true
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvMessage says what encoding/csv found wrong, in words for the learner.
func csvMessage(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `a " in a field that is not quoted: quote the whole field and double the " inside it`
	case errors.Is(pe.Err, csv.ErrQuote):
		if pe.StartLine != pe.Line {
			return fmt.Sprintf(`a quoted field opened on line %d is not closed properly`, pe.StartLine)
		}
		return `a quoted field is not closed properly: a " inside it must be doubled`
	}
	return pe.Err.Error()
}

// WriteCSV writes words as CSV with the header japanese,reading,romaji,
// english,parts (parts as JSON text; nil Parts as []), quoting fields as RFC
// 4180 says. Parse reads it back to the same words, except that a "\r\n"
// inside a field comes back as "\n" (encoding/csv's reading rule).
func WriteCSV(w io.Writer, words []Word) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if err := cw.Write([]string{"japanese", "reading", "romaji", "english", "parts"}); err != nil {
		return err
	}
	for i, word := range words {
		parts := "[]"
		if len(word.Parts) > 0 {
			var b bytes.Buffer
			if err := json.Compact(&b, word.Parts); err != nil {
				return fmt.Errorf("formats: word %d (%q): parts: %w", i+1, word.Japanese, err)
			}
			parts = b.String()
		}
		if err := cw.Write([]string{word.Japanese, word.Reading, word.Romaji, word.English, parts}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
