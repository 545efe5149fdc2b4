package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonText is one string member of a word object: whether it was there,
// whether it was a string, and its trimmed text. Decoding into it instead of
// a map keeps the reader to about one allocation per string.
type jsonText struct {
	present, isString, null bool
	text                    string
}

func (t *jsonText) UnmarshalJSON(b []byte) error {
	t.present = true
	if len(b) == 0 || b[0] != '"' {
		t.null = string(b) == "null"
		return nil // the caller reports what is not a string
	}
	t.isString = true
	if bytes.IndexByte(b, '\\') < 0 {
		// The decoder has checked the syntax and Parse the UTF-8, so an
		// unescaped string is its bytes between the quotes.
		t.text = strings.TrimSpace(string(b[1 : len(b)-1]))
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t.text = strings.TrimSpace(s)
	return nil
}

// jsonParts keeps the raw text of "parts" to check and compact it.
type jsonParts struct {
	present bool
	raw     []byte
}

func (p *jsonParts) UnmarshalJSON(b []byte) error {
	p.present = true
	p.raw = append(p.raw[:0], b...)
	return nil
}

// jsonWordIn is a word object of the bootcamp JSON. Unknown members are
// ignored. (encoding/json matches member names case-insensitively, so
// "Kanji" is read as "kanji".)
type jsonWordIn struct {
	Kanji    jsonText  `json:"kanji"`
	Japanese jsonText  `json:"japanese"`
	Reading  jsonText  `json:"reading"`
	Romaji   jsonText  `json:"romaji"`
	English  jsonText  `json:"english"`
	Parts    jsonParts `json:"parts"`
}

// parseJSON reads a JSON array of word objects. A syntax error stops the
// reading (there is no telling where the next word starts); a word with bad
// or missing members is a RowError at the line and column of its '{'.
func parseJSON(data []byte) (File, error) {
	fail := func(offset int, kind error, reason string) error {
		line, col := position(data, offset) // once: the reading stops here
		return &Error{Line: line, Column: col, Message: reason, Kind: kind}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return File{}, jsonError(data, dec, err, fail)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return File{}, fail(int(dec.InputOffset())-1, ErrSyntax, "the file must hold a JSON array of words")
	}
	arrayStart := int(dec.InputOffset()) - 1
	file := File{Format: FormatJSON, Rows: make([]Row, 0, estimateWords(data))}
	emptyParts := json.RawMessage("[]")
	at := newCursor(data)
	n := 0
	for dec.More() {
		n++
		start := skipValueSeparator(data, int(dec.InputOffset()))
		var in jsonWordIn
		err := dec.Decode(&in)
		line, col := at.position(start)
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) || err == nil && bytes.HasPrefix(data[start:], []byte("null")) {
			file.Errors = append(file.Errors, RowError{Line: line, Column: col,
				Message: fmt.Sprintf("word %d must be an object", n)})
			continue
		}
		if err != nil {
			return File{}, jsonError(data, dec, err, fail)
		}
		w, problems := in.word(emptyParts)
		if len(problems) > 0 {
			file.Errors = append(file.Errors, RowError{Line: line, Column: col,
				Message: fmt.Sprintf("word %d: %s", n, strings.Join(problems, "; "))})
			continue
		}
		file.Rows = append(file.Rows, Row{Line: line, Word: w})
	}
	if _, err := dec.Token(); err != nil {
		return File{}, jsonError(data, dec, err, fail)
	}
	end := int(dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		return File{}, fail(skipBlank(data, end), ErrSyntax, "unexpected data after the array")
	}
	if n == 0 {
		return File{}, fail(arrayStart, ErrNoWords, ErrNoWords.Error())
	}
	return file, nil
}

// word checks the members and returns the word, or every problem found.
func (in *jsonWordIn) word(emptyParts json.RawMessage) (Word, []string) {
	var problems []string
	required := func(key string, t jsonText) {
		switch {
		case !t.present:
			problems = append(problems, fmt.Sprintf("%q is missing", key))
		case !t.isString:
			problems = append(problems, fmt.Sprintf("%q must be a string", key))
		case t.text == "":
			problems = append(problems, fmt.Sprintf("%q must not be empty", key))
		}
	}
	// optional members may be absent, null or blank; anything else that is
	// not a string is a mistake worth reporting.
	optional := func(key string, t jsonText) {
		if t.present && !t.isString && !t.null {
			problems = append(problems, fmt.Sprintf("%q must be a string", key))
		}
	}
	var w Word
	switch {
	case in.Kanji.present && in.Japanese.present:
		required("kanji", in.Kanji)
		required("japanese", in.Japanese)
		if in.Kanji.text != in.Japanese.text && in.Kanji.text != "" && in.Japanese.text != "" {
			problems = append(problems, fmt.Sprintf(`"kanji" (%q) and "japanese" (%q) differ`, in.Kanji.text, in.Japanese.text))
		}
		w.Japanese = in.Japanese.text
	case in.Japanese.present:
		required("japanese", in.Japanese)
		w.Japanese = in.Japanese.text
	case in.Kanji.present:
		required("kanji", in.Kanji)
		w.Japanese = in.Kanji.text
	default:
		problems = append(problems, `"kanji" or "japanese" is missing`)
	}
	optional("reading", in.Reading)
	optional("romaji", in.Romaji)
	w.Reading, w.Romaji = in.Reading.text, in.Romaji.text
	badType := func(t jsonText) bool { return t.present && !t.isString && !t.null }
	if w.Reading == "" && w.Romaji == "" && !badType(in.Romaji) && !badType(in.Reading) {
		switch {
		case in.Romaji.isString:
			problems = append(problems, `"romaji" must not be empty`)
		case in.Reading.isString:
			problems = append(problems, `"reading" must not be empty`)
		default:
			problems = append(problems, `"romaji" or "reading" is missing`)
		}
	}
	required("english", in.English)
	w.English = in.English.text
	w.Parts = emptyParts
	if in.Parts.present && string(in.Parts.raw) != "null" {
		if in.Parts.raw[0] != '[' {
			problems = append(problems, `"parts" must be an array`)
		} else {
			var compact bytes.Buffer
			compact.Grow(len(in.Parts.raw))
			if err := json.Compact(&compact, in.Parts.raw); err != nil {
				problems = append(problems, `"parts" is not valid JSON`)
			}
			w.Parts = compact.Bytes()
		}
	}
	return w, problems
}

func jsonError(data []byte, dec *json.Decoder, err error, fail func(int, error, string) error) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		// A Decoder counts offsets from the value it was decoding; checking
		// the whole file gives the offset in the file. The target is an
		// empty struct so that a valid file costs no decoding.
		if errors.As(json.Unmarshal(data, &struct{}{}), &syn) {
			return fail(max(int(syn.Offset)-1, 0), ErrSyntax, syn.Error())
		}
		return fail(int(dec.InputOffset()), ErrSyntax, err.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fail(len(data), ErrSyntax, "the file ends before the JSON array is closed")
	}
	return fail(int(dec.InputOffset()), ErrSyntax, err.Error())
}

// skipValueSeparator skips the white space and comma between two array
// elements, to find where the next one starts.
func skipValueSeparator(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	return off
}

// estimateWords guesses the number of words to size Rows once: one a line
// is what the writers produce and what most files look like.
func estimateWords(data []byte) int {
	return min(bytes.Count(data, []byte("\n"))+1, len(data)/8+1)
}

// jsonWordOut is a word as WriteJSON writes it. "kanji" is what the
// bootcamp tools read, "japanese" is what Part one's seed files also use;
// both are written, equal, so every reader finds its key, and Parse accepts
// them because they agree.
type jsonWordOut struct {
	Kanji    string          `json:"kanji"`
	Japanese string          `json:"japanese"`
	Reading  string          `json:"reading"`
	Romaji   string          `json:"romaji"`
	English  string          `json:"english"`
	Parts    json.RawMessage `json:"parts"`
}

// WriteJSON writes words as the bootcamp JSON: an array of objects with
// "kanji" and "japanese" (equal), "reading", "romaji", "english" and
// "parts", one word a line. Nil Parts are written as []. HTML characters
// are not escaped, so the file stays readable.
func WriteJSON(w io.Writer, words []Word) error {
	bw := bufio.NewWriter(w)
	if len(words) == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	bw.WriteString("[\n")
	for i, word := range words {
		parts := word.Parts
		if len(parts) == 0 {
			parts = json.RawMessage("[]")
		}
		line.Reset()
		if err := enc.Encode(jsonWordOut{Kanji: word.Japanese, Japanese: word.Japanese, Reading: word.Reading,
			Romaji: word.Romaji, English: word.English, Parts: parts}); err != nil {
			return fmt.Errorf("formats: word %d (%q): %w", i+1, word.Japanese, err)
		}
		bw.WriteString("  ")
		bw.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
		if i < len(words)-1 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
	}
	bw.WriteString("]\n")
	return bw.Flush()
}
