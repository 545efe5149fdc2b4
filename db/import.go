package db

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"langportal/db/formats"
)

// NewWord is a word to add to the vocabulary. Its reading is derived from
// the romaji when empty, and the romaji from the reading (see newWordText).
type NewWord struct {
	Japanese string
	Reading  string
	Romaji   string
	English  string
	Parts    json.RawMessage // a JSON array; nil means []
}

// ImportListLimit is how many of the added words, and of the reused ones,
// an ImportResult lists.
const ImportListLimit = 20

// ImportResult says what an import changed.
type ImportResult struct {
	Group        string
	GroupCreated bool
	Added        int       // words that were new to the vocabulary
	Reused       int       // words that existed already (or came twice) and joined the group
	FirstAdded   []NewWord // the first ImportListLimit added words, in the order given
	FirstReused  []NewWord // the first ImportListLimit reused words, in the order given
}

// ErrNoWords means a word file holds an empty array.
var ErrNoWords = errors.New("the file has no words")

// FormatError says where and why a word file is malformed.
type FormatError struct {
	Line, Column int   // 1-based position of the problem; Column 0 when only the line is known
	Offset       int64 // the byte of the problem; -1 when not known (a CSV, TSV or Anki file)
	Reason       string
}

func (e *FormatError) Error() string {
	switch {
	case e.Column == 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	case e.Offset < 0:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Reason)
	}
	return fmt.Sprintf("line %d, column %d (byte %d): %s", e.Line, e.Column, e.Offset, e.Reason)
}

// ImportError says why an import stopped and what it left behind: nothing,
// unless learners studied some of its words while it ran, or undoing it failed.
type ImportError struct {
	Err         error // why it stopped: a *FormatError, ErrNoWords, a database error, ctx's error
	Interrupted bool  // the context ended (Ctrl-C)
	KeptWords   int   // words left in place because they were reviewed while the import ran
	KeptGroup   string
	UndoErr     error // undoing the words already written failed: some remain
}

// Error says why the import stopped and what it left.
func (e *ImportError) Error() string {
	why := e.Err.Error()
	if e.Interrupted {
		why = "interrupted"
	}
	var kept []string
	switch {
	case e.KeptWords == 1:
		kept = append(kept, "1 word")
	case e.KeptWords > 1:
		kept = append(kept, fmt.Sprintf("%d words", e.KeptWords))
	}
	if e.KeptGroup != "" {
		kept = append(kept, fmt.Sprintf("group %q", e.KeptGroup))
	}
	switch {
	case e.UndoErr != nil:
		return fmt.Sprintf("%s; removing the words written so far failed too (%v): "+
			"some of them remain; run the same import again to complete it", why, e.UndoErr)
	case len(kept) > 0:
		return fmt.Sprintf("%s: the import was undone, except %s, studied while it ran", why, strings.Join(kept, " and "))
	}
	return why + ": nothing was imported"
}

// Unwrap returns why the import stopped.
func (e *ImportError) Unwrap() error { return e.Err }

// ParseWords reads a JSON array of {"kanji"|"japanese", "reading"?, "romaji",
// "english", "parts"} objects: the format of other lang-portal projects' seed
// files (the romaji may be left out when the reading is given).
// The first problem is returned as a *FormatError with its position; an
// empty array is ErrNoWords.
func ParseWords(r io.Reader) ([]NewWord, error) {
	var words []NewWord
	err := decodeWords(r, func(w NewWord) error {
		words = append(words, w)
		return nil
	})
	return words, err
}

// decodeWords decodes the array of r one word at a time and hands each to fn,
// so that nothing of the file but the word being read is held in memory.
func decodeWords(r io.Reader, fn func(NewWord) error) error {
	src := newPositions(r)
	dec := jsontext.NewDecoder(src)
	if dec.PeekKind() != '[' {
		if _, err := dec.ReadToken(); err != nil {
			return src.jsonError(err)
		}
		return src.fail(0, "the file must hold a JSON array of words")
	}
	if _, err := dec.ReadToken(); err != nil {
		return src.jsonError(err)
	}
	var wd wordDecoder
	n := 0
	for {
		kind := dec.PeekKind()
		if kind == ']' {
			break
		}
		if kind == 0 { // invalid: ReadToken says why
			_, err := dec.ReadToken()
			return src.jsonError(err)
		}
		n++
		start := nextValueOffset(dec)
		if kind != '{' {
			return src.fail(start, fmt.Sprintf("word %d must be an object", n))
		}
		w, reason, err := wd.decode(dec)
		if err != nil {
			return src.jsonError(err)
		}
		if reason != "" {
			return src.fail(start, fmt.Sprintf("word %d: %s", n, reason))
		}
		if err := fn(w); err != nil {
			if refused, ok := errors.AsType[*TextError](err); ok {
				return src.fail(start, fmt.Sprintf("word %d: %s", n, refused))
			}
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return src.jsonError(err)
	}
	if dec.PeekKind() != 0 || len(bytes.TrimLeft(dec.UnreadBuffer(), " \t\r\n")) > 0 {
		return src.fail(nextValueOffset(dec), "unexpected data after the array")
	}
	if n == 0 {
		return ErrNoWords
	}
	return nil
}

// nextValueOffset is where the decoder's next value starts: after the
// whitespace and the comma that separate it from the last.
func nextValueOffset(dec *jsontext.Decoder) int64 {
	unread := dec.UnreadBuffer()
	return dec.InputOffset() + int64(len(unread)-len(bytes.TrimLeft(unread, " \t\r\n,")))
}

// wordDecoder decodes the objects of a word file, reusing its buffers from
// one word to the next.
type wordDecoder struct {
	buf   []byte
	parts []byte
}

// decode reads one object. A word that breaks a rule of the format gives a
// reason; err is the JSON's own error.
func (wd *wordDecoder) decode(dec *jsontext.Decoder) (w NewWord, reason string, err error) {
	if _, err := dec.ReadToken(); err != nil { // {
		return w, "", err
	}
	var hasKanji, hasJapanese, hasRomaji, hasEnglish bool
	var kanji string
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return w, "", err
		}
		key, err := wd.unquote(name)
		if err != nil {
			return w, "", err
		}
		var field *string
		var fieldName string
		switch string(key) {
		case "kanji":
			field, fieldName, hasKanji = &kanji, "kanji", true
		case "japanese":
			field, fieldName, hasJapanese = &w.Japanese, "japanese", true
		case "romaji":
			field, fieldName, hasRomaji = &w.Romaji, "romaji", true
		case "english":
			field, fieldName, hasEnglish = &w.English, "english", true
		}
		isParts, isReading := string(key) == "parts", string(key) == "reading"
		// A Value lasts until the next read: the key is done with.
		value, err := dec.ReadValue()
		if err != nil {
			return w, "", err
		}
		switch {
		case field != nil:
			if reason := wd.str(fieldName, value, field); reason != "" {
				return w, reason, skipRest(dec)
			}
		case isReading:
			// May be empty or null: the reading is then derived.
			if value.Kind() != 'n' {
				if value.Kind() != '"' {
					return w, `"reading" must be a string`, skipRest(dec)
				}
				text, err := wd.unquote(value)
				if err != nil {
					return w, `"reading" must be a string`, skipRest(dec)
				}
				w.Reading = string(bytes.TrimSpace(text))
			}
		case isParts && value.Kind() == 'n':
		case isParts && value.Kind() == '[':
			wd.parts = append(wd.parts[:0], value...)
			v := jsontext.Value(wd.parts)
			if err := v.Compact(); err != nil {
				return w, `"parts" is not valid JSON`, skipRest(dec)
			}
			w.Parts = bytes.Clone(v)
		case isParts:
			return w, `"parts" must be an array`, skipRest(dec)
		}
	}
	if _, err := dec.ReadToken(); err != nil { // }
		return w, "", err
	}
	switch {
	case hasKanji && hasJapanese:
		if kanji != w.Japanese {
			return w, fmt.Sprintf(`"kanji" (%q) and "japanese" (%q) differ: give one of them`, kanji, w.Japanese), nil
		}
	case hasKanji:
		w.Japanese = kanji
	case !hasJapanese:
		return w, `"kanji" or "japanese" is missing`, nil
	}
	if !hasRomaji && w.Reading == "" {
		return w, `"romaji" is missing (or give the "reading")`, nil
	}
	if !hasEnglish {
		return w, `"english" is missing`, nil
	}
	if w.Parts == nil {
		w.Parts = json.RawMessage("[]")
	}
	return w, "", nil
}

// str decodes a field that must be a non-empty string.
func (wd *wordDecoder) str(key string, v jsontext.Value, dst *string) string {
	if v.Kind() != '"' {
		return fmt.Sprintf("%q must be a string", key)
	}
	text, err := wd.unquote(v)
	if err != nil {
		return fmt.Sprintf("%q must be a string", key)
	}
	*dst = string(bytes.TrimSpace(text))
	if *dst == "" {
		return fmt.Sprintf("%q must not be empty", key)
	}
	return ""
}

// unquote returns the text of a JSON string, valid until the next call.
func (wd *wordDecoder) unquote(v jsontext.Value) ([]byte, error) {
	if bytes.IndexByte(v, '\\') < 0 {
		return v[1 : len(v)-1], nil // the decoder has checked the quotes and the UTF-8
	}
	var err error
	wd.buf, err = jsontext.AppendUnquote(wd.buf[:0], v)
	return wd.buf, err
}

// skipRest reads the rest of an object whose word is refused, so that a
// syntax error further on still wins (it is the first problem of the file).
func skipRest(dec *jsontext.Decoder) error {
	for dec.PeekKind() != '}' {
		if err := dec.SkipValue(); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// checkWord applies the file format's rules to a word given in Go.
func checkWord(w NewWord) (NewWord, string) {
	w.Japanese, w.Romaji, w.English = strings.TrimSpace(w.Japanese), strings.TrimSpace(w.Romaji), strings.TrimSpace(w.English)
	for _, f := range []struct{ name, value string }{{"japanese", w.Japanese}, {"romaji", w.Romaji}, {"english", w.English}} {
		if f.value == "" {
			return w, fmt.Sprintf("%q must not be empty", f.name)
		}
	}
	if len(w.Parts) == 0 {
		w.Parts = json.RawMessage("[]")
	}
	var parts []json.RawMessage
	if json.Unmarshal(w.Parts, &parts) != nil {
		return w, `"parts" must be a JSON array`
	}
	return w, ""
}

// positions turns byte offsets of a stream into lines and columns when an
// error needs one: by reading the stream again from its start when it can
// seek (a file), else from a copy of what was read.
type positions struct {
	r      io.Reader
	seeker io.ReadSeeker
	base   int64         // where the seeker started
	copy   *bytes.Buffer // what was read, when r cannot seek
	read   int64
}

func newPositions(r io.Reader) *positions {
	p := &positions{r: r}
	if s, ok := r.(io.ReadSeeker); ok {
		if base, err := s.Seek(0, io.SeekCurrent); err == nil {
			p.seeker, p.base = s, base
			return p
		}
	}
	p.copy = new(bytes.Buffer)
	return p
}

func (p *positions) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if p.copy != nil {
		p.copy.Write(b[:n])
	}
	p.read += int64(n)
	return n, err
}

// fail returns a *FormatError at offset.
func (p *positions) fail(offset int64, reason string) error {
	offset = min(max(offset, 0), p.read)
	line, col := p.lineCol(offset)
	return &FormatError{Line: line, Column: col, Offset: offset, Reason: reason}
}

// lineCol gives the 1-based line and column (in characters) of offset.
func (p *positions) lineCol(offset int64) (line, col int) {
	var from io.Reader
	if p.copy != nil {
		from = bytes.NewReader(p.copy.Bytes())
	} else {
		if _, err := p.seeker.Seek(p.base, io.SeekStart); err != nil {
			return 0, 0
		}
		from = p.seeker
	}
	br := bufio.NewReaderSize(io.LimitReader(from, offset), 64<<10)
	line, col = 1, 1
	for {
		r, _, err := br.ReadRune()
		if err != nil {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
}

// jsonError turns a decoder's error into a *FormatError at its place.
func (p *positions) jsonError(err error) error {
	var syn *jsontext.SyntacticError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return p.fail(p.read, "the file ends before the JSON array is closed")
	case errors.As(err, &syn):
		reason := syn.Err.Error()
		if syn.JSONPointer != "" {
			reason += " (in " + string(syn.JSONPointer) + ")"
		}
		return p.fail(syn.ByteOffset, reason)
	}
	return err
}

// ImportFile adds the words of a word file to the group named group,
// creating the group if needed. A word that exists already (same japanese,
// romaji and english) is not duplicated but joins the group. The file is in
// any format the browser's import reads (formats.Parse): the bootcamp JSON
// (streamed, see ParseWords), CSV or TSV with a header row, or an Anki
// export; each word is checked and completed as CreateWord does it (its
// reading, its romaji), and gets its search terms and sort key in the step
// that writes it, so that a portal serving the database finds it at once.
//
// The file is read and checked in full before anything is written: the
// words go to a staging table of the import's own connection, never held in
// memory. They are then written in steps of about stepTarget each, so that a
// portal serving the same database keeps writing beside a big import. If a
// step fails, or ctx ends (Ctrl-C), the steps already written are undone and
// the error is an *ImportError. Words learners reviewed while the import ran
// are not removed (the review log must stay whole); the error counts them.
// Between the steps, the words written so far are visible: a big import
// appears over a few seconds.
func (s *Store) ImportFile(ctx context.Context, group string, r io.Reader) (ImportResult, error) {
	streamed, r, err := isJSONArray(r)
	if err != nil {
		return ImportResult{}, &ImportError{Err: err}
	}
	if streamed {
		return s.importWith(ctx, group, func(add func(NewWord) error) error { return decodeWords(r, add) })
	}
	return s.importWith(ctx, group, func(add func(NewWord) error) error { return feedFormatted(r, add) })
}

// isJSONArray reports whether a word file is JSON without a byte order
// mark, which decodeWords streams; the others (and JSON with a mark) are
// read whole by formats.Parse. The reader returned reads the file from its
// start: r itself when it can seek back (so that decodeWords finds
// positions by reading the file again, not by keeping a copy of it).
func isJSONArray(r io.Reader) (bool, io.Reader, error) {
	prefix := make([]byte, 4096)
	n, err := io.ReadFull(r, prefix)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false, nil, err
	}
	prefix = prefix[:n]
	if seeker, ok := r.(io.Seeker); ok {
		if _, err := seeker.Seek(int64(-n), io.SeekCurrent); err != nil {
			return false, nil, err
		}
	} else {
		r = io.MultiReader(bytes.NewReader(prefix), r)
	}
	first := bytes.TrimLeft(prefix, " \t\r\n")
	return len(first) == 0 || first[0] == '[' || first[0] == '{', r, nil
}

// feedFormatted reads a CSV, TSV or Anki file (or JSON with a byte order
// mark) with formats.Parse and hands its rows to add, in file order. The
// first problem of the file, by line, is a *FormatError.
func feedFormatted(r io.Reader, add func(NewWord) error) error {
	file, err := formats.Read(r)
	if ferr, ok := errors.AsType[*formats.Error](err); ok {
		if errors.Is(ferr, formats.ErrNoWords) {
			return ErrNoWords
		}
		return &FormatError{Line: ferr.Line, Column: ferr.Column, Offset: -1, Reason: ferr.Message}
	}
	if err != nil {
		return err
	}
	var first *FormatError // the file's first row problem
	if len(file.Errors) > 0 {
		e := file.Errors[0]
		first = &FormatError{Line: e.Line, Column: e.Column, Offset: -1, Reason: e.Message}
	}
	for _, row := range file.Rows {
		if first != nil && row.Line > first.Line {
			break
		}
		err := add(NewWord{Japanese: row.Japanese, Reading: row.Reading, Romaji: row.Romaji, English: row.English, Parts: row.Parts})
		if refused, ok := errors.AsType[*TextError](err); ok {
			return &FormatError{Line: row.Line, Offset: -1, Reason: refused.Error()}
		}
		if err != nil {
			return err
		}
	}
	if first != nil {
		return first
	}
	return nil
}

// ImportWords adds words to the group named group as ImportFile does.
func (s *Store) ImportWords(ctx context.Context, group string, words []NewWord) (ImportResult, error) {
	return s.importWith(ctx, group, func(add func(NewWord) error) error {
		if len(words) == 0 {
			return ErrNoWords
		}
		for i, w := range words {
			w, reason := checkWord(w)
			if reason != "" {
				return fmt.Errorf("word %d: %s", i+1, reason)
			}
			if err := add(w); err != nil {
				if refused, ok := errors.AsType[*TextError](err); ok {
					return fmt.Errorf("word %d: %w", i+1, refused)
				}
				return err
			}
		}
		return nil
	})
}

func (s *Store) importWith(ctx context.Context, group string, feed func(add func(NewWord) error) error) (ImportResult, error) {
	group = strings.TrimSpace(group)
	if group == "" {
		return ImportResult{}, errors.New("db: import: the group name must not be empty")
	}
	im, err := s.openImport(ctx)
	if err != nil {
		return ImportResult{}, &ImportError{Err: err, Interrupted: ctx.Err() != nil}
	}
	defer im.close()
	if err := im.stage(ctx, feed); err != nil {
		return ImportResult{}, &ImportError{Err: err, Interrupted: ctx.Err() != nil}
	}
	if err := im.publish(ctx, group); err != nil {
		ie := &ImportError{Err: err, Interrupted: ctx.Err() != nil}
		// The undo must run to its end whatever ctx does.
		ie.KeptWords, ie.KeptGroup, ie.UndoErr = im.undo(context.WithoutCancel(ctx))
		return ImportResult{}, ie
	}
	res, err := im.result(context.WithoutCancel(ctx))
	res.Group = group
	return res, err
}

// importer is one import in progress, on a connection of its own: its
// staging table is a temporary table of that connection, which SQLite keeps
// outside the database file, so filling it takes no lock the portal needs.
type importer struct {
	db        *sql.DB
	conn      *sql.Conn
	staged    int // words in the staging table, at pos 1..staged
	published int // words written to the vocabulary: pos 1..published
	groupID   int64
	created   bool // the import created its group
}

func (s *Store) openImport(ctx context.Context) (*importer, error) {
	var path string
	if err := s.reader.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path); err != nil {
		return nil, fmt.Errorf("db: import: %w", err)
	}
	db, err := sql.Open("sqlite3", dsn(path, writerParams))
	if err != nil {
		return nil, fmt.Errorf("db: import: %w", err)
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("db: import: %w", err)
	}
	im := &importer{db: db, conn: conn}
	for _, q := range []string{
		// A step touches pages all over the word indexes.
		`PRAGMA main.cache_size = -65536`,
		// The checkpoints run between the steps (see checkpoint), not in
		// each commit while the step's time is counted.
		`PRAGMA wal_autocheckpoint = 0`,
		// A word's text as it is stored (see wordText), and its search
		// terms as a JSON array of strings.
		`CREATE TEMP TABLE import_file (
			pos      INTEGER PRIMARY KEY, -- the word's place in the file, from 1
			japanese TEXT NOT NULL,
			reading  TEXT NOT NULL,
			romaji   TEXT NOT NULL,
			english  TEXT NOT NULL,
			parts    TEXT NOT NULL,
			search   TEXT NOT NULL,
			sort_key TEXT NOT NULL,
			terms    TEXT NOT NULL
		)`,
		`CREATE TEMP TABLE import_words (
			rank     INTEGER PRIMARY KEY, -- the order of the vocabulary's unique key, from 1
			pos      INTEGER NOT NULL,
			japanese TEXT NOT NULL,
			reading  TEXT NOT NULL,
			romaji   TEXT NOT NULL,
			english  TEXT NOT NULL,
			parts    TEXT NOT NULL,
			search   TEXT NOT NULL,
			sort_key TEXT NOT NULL,
			terms    TEXT NOT NULL,
			word_id  INTEGER,                   -- the word in the vocabulary, once written
			added    INTEGER NOT NULL DEFAULT 0, -- the import added the word
			linked   INTEGER NOT NULL DEFAULT 0  -- the import put the word in the group
		)`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			im.close()
			return nil, fmt.Errorf("db: import: %w", err)
		}
	}
	return im, nil
}

func (im *importer) close() {
	im.checkpoint()
	im.conn.Close()
	im.db.Close()
}

// stage checks and completes every word (its reading, romaji, search text,
// sort key and terms) and puts it in the staging table. A word refused is
// the *TextError of its field, which the feed places in the file.
func (im *importer) stage(ctx context.Context, feed func(add func(NewWord) error) error) error {
	// A transaction on the temporary database only: nothing of the file.
	if _, err := im.conn.ExecContext(ctx, `BEGIN`); err != nil {
		return fmt.Errorf("db: import: %w", err)
	}
	insert, err := im.conn.PrepareContext(ctx, `INSERT INTO temp.import_file
		(japanese, reading, romaji, english, parts, search, sort_key, terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		im.conn.ExecContext(context.Background(), `ROLLBACK`)
		return fmt.Errorf("db: import: %w", err)
	}
	defer insert.Close()
	background := context.Background() // ctx is checked between the words, cheaper than in each call
	var terms []byte
	err = feed(func(w NewWord) error {
		if im.staged%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		t, err := checkWordText(w.Japanese, w.Reading, w.Romaji, w.English)
		if err != nil {
			return err
		}
		parts, err := compactParts(w.Parts)
		if err != nil {
			return err
		}
		t.fill()
		terms = appendJSONStrings(terms[:0], wordTerms(t)...)
		if _, err := insert.ExecContext(background, t.japanese, t.reading, t.romaji, t.english, parts, t.search, t.sortKey, string(terms)); err != nil {
			return fmt.Errorf("db: import: stage: %w", err)
		}
		im.staged++
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		im.conn.ExecContext(background, `ROLLBACK`)
		return err
	}
	if _, err := im.conn.ExecContext(background, `COMMIT`); err != nil {
		return fmt.Errorf("db: import: stage: %w", err)
	}
	for _, q := range []string{
		`INSERT INTO temp.import_words (pos, japanese, reading, romaji, english, parts, search, sort_key, terms)
		 SELECT pos, japanese, reading, romaji, english, parts, search, sort_key, terms FROM temp.import_file
		 ORDER BY japanese, romaji, english, pos`,
		`DROP TABLE temp.import_file`,
	} {
		if _, err := im.conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("db: import: stage: %w", err)
		}
	}
	return nil
}

// Each step writes the staged words ranked in (?1, ?2] to group ?3: it
// finds the words the vocabulary has, adds the others (the first of twins in
// the file is added, the second reused), and records what it changed so
// that the undo can take it back. The rank follows the vocabulary's unique
// key, so that a step touches one stretch of that index, not all of it;
// twins are neighbours, the first in the file first. A word added gets its
// search terms in the same step.
var publishStep = []string{
	`UPDATE temp.import_words AS s SET word_id = w.id
	 FROM main.words AS w
	 WHERE s.rank > ?1 AND s.rank <= ?2
	   AND w.japanese = s.japanese AND w.romaji = s.romaji AND w.english = s.english`,
	`INSERT INTO main.words (japanese, reading, romaji, english, parts, search, sort_key)
	 SELECT japanese, reading, romaji, english, parts, search, sort_key FROM temp.import_words
	 WHERE rank > ?1 AND rank <= ?2 AND word_id IS NULL
	 ORDER BY rank
	 ON CONFLICT DO NOTHING`,
	`UPDATE temp.import_words AS s SET word_id = w.id, added = 1
	 FROM main.words AS w
	 WHERE s.rank > ?1 AND s.rank <= ?2 AND s.word_id IS NULL
	   AND w.japanese = s.japanese AND w.romaji = s.romaji AND w.english = s.english`,
	`UPDATE temp.import_words SET added = 0
	 WHERE rank > ?1 AND rank <= ?2 AND added = 1 AND pos NOT IN (
	   SELECT MIN(pos) FROM temp.import_words WHERE rank > ?1 AND rank <= ?2 AND added = 1 GROUP BY word_id)`,
	`INSERT OR IGNORE INTO main.word_terms (term, word_id)
	 SELECT t.value, s.word_id FROM temp.import_words AS s JOIN json_each(s.terms) AS t
	 WHERE s.rank > ?1 AND s.rank <= ?2 AND s.added = 1`,
	`UPDATE temp.import_words AS s SET linked = 1
	 WHERE s.rank > ?1 AND s.rank <= ?2 AND NOT EXISTS (
	   SELECT 1 FROM main.word_groups AS g WHERE g.word_id = s.word_id AND g.group_id = ?3)`,
	`INSERT OR IGNORE INTO main.word_groups (word_id, group_id)
	 SELECT word_id, ?3 FROM temp.import_words WHERE rank > ?1 AND rank <= ?2 AND linked = 1`,
}

// Each undo step takes back what the publish steps did to the words ranked
// in (?1, ?2]. A word that was reviewed meanwhile stays: deleting it would
// take its reviews with it.
var undoStep = []string{
	`DELETE FROM main.word_terms WHERE (term, word_id) IN (
	   SELECT t.value, s.word_id FROM temp.import_words AS s
	   JOIN main.words AS w ON w.id = s.word_id AND w.japanese = s.japanese AND w.romaji = s.romaji AND w.english = s.english
	   JOIN json_each(s.terms) AS t
	   WHERE s.rank > ?1 AND s.rank <= ?2 AND s.added = 1
	     AND NOT EXISTS (SELECT 1 FROM main.word_review_items AS r WHERE r.word_id = s.word_id))`,
	`DELETE FROM main.word_groups WHERE group_id = ?3 AND word_id IN (
	   SELECT word_id FROM temp.import_words WHERE rank > ?1 AND rank <= ?2 AND linked = 1 AND added = 0)`,
	`DELETE FROM main.words WHERE id IN (
	   SELECT s.word_id FROM temp.import_words AS s
	   JOIN main.words AS w ON w.id = s.word_id AND w.japanese = s.japanese AND w.romaji = s.romaji AND w.english = s.english
	   WHERE s.rank > ?1 AND s.rank <= ?2 AND s.added = 1)
	 AND NOT EXISTS (SELECT 1 FROM main.word_review_items AS r WHERE r.word_id = main.words.id)`,
}

// publish writes the staged words in steps.
func (im *importer) publish(ctx context.Context, group string) error {
	size := newStepSize(2000, 1<<20)
	return runSteps(ctx, size, func(ctx context.Context, n int) (bool, error) {
		hi := min(im.published+n, im.staged)
		groupID, created := im.groupID, im.created
		err := im.inTx(ctx, func() error {
			if groupID == 0 {
				err := im.conn.QueryRowContext(ctx, `SELECT id FROM main.groups WHERE name = ?`, group).Scan(&groupID)
				if errors.Is(err, sql.ErrNoRows) {
					created = true
					err = im.conn.QueryRowContext(ctx, `INSERT INTO main.groups (name) VALUES (?) RETURNING id`, group).Scan(&groupID)
				}
				if err != nil {
					return fmt.Errorf("db: import group %q: %w", group, err)
				}
			}
			for _, q := range publishStep {
				if _, err := im.conn.ExecContext(ctx, q, im.published, hi, groupID); err != nil {
					return fmt.Errorf("db: import: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return false, err
		}
		im.published, im.groupID, im.created = hi, groupID, created
		return hi < im.staged, nil
	}, im.checkpoint)
}

// checkpoint copies the steps written so far from the write-ahead log into
// the database file, as SQLite's automatic checkpoint would, without the
// write lock and without waiting for anyone.
func (im *importer) checkpoint() {
	im.conn.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
}

// undo takes back the steps written, and the group if the import created
// it and nobody started a session on it. It reports what it had to keep.
func (im *importer) undo(ctx context.Context) (keptWords int, keptGroup string, err error) {
	if im.groupID == 0 {
		return 0, "", nil // nothing was written
	}
	size := newStepSize(2000, 1<<20)
	err = runSteps(ctx, size, func(ctx context.Context, n int) (bool, error) {
		lo := max(im.published-n, 0)
		err := im.inTx(ctx, func() error {
			for _, q := range undoStep {
				if _, err := im.conn.ExecContext(ctx, q, lo, im.published, im.groupID); err != nil {
					return fmt.Errorf("db: undo import: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return false, err
		}
		im.published = lo
		return lo > 0, nil
	}, im.checkpoint)
	if err != nil {
		return 0, "", err
	}
	err = im.inTx(ctx, func() error {
		if im.created {
			if _, err := im.conn.ExecContext(ctx, `
				DELETE FROM main.groups WHERE id = ?1
				  AND NOT EXISTS (SELECT 1 FROM main.study_sessions WHERE group_id = ?1)
				  AND NOT EXISTS (SELECT 1 FROM main.word_groups WHERE group_id = ?1)`, im.groupID); err != nil {
				return fmt.Errorf("db: undo import: %w", err)
			}
		}
		if err := im.conn.QueryRowContext(ctx, `
			SELECT COUNT(*) FROM temp.import_words AS s
			JOIN main.words AS w ON w.id = s.word_id AND w.japanese = s.japanese AND w.romaji = s.romaji AND w.english = s.english
			WHERE s.added = 1`).Scan(&keptWords); err != nil {
			return err
		}
		if im.created {
			var n int
			if err := im.conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM main.groups WHERE id = ?`, im.groupID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				err := im.conn.QueryRowContext(ctx, `SELECT name FROM main.groups WHERE id = ?`, im.groupID).Scan(&keptGroup)
				return err
			}
		}
		return nil
	})
	return keptWords, keptGroup, err
}

// inTx runs fn in one immediate transaction of the import's connection.
func (im *importer) inTx(ctx context.Context, fn func() error) error {
	if _, err := im.conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return storageError(fmt.Errorf("db: import: begin: %w", err))
	}
	if err := fn(); err != nil {
		im.conn.ExecContext(context.Background(), `ROLLBACK`)
		return storageError(err)
	}
	// A commit is never interrupted half-way by ctx.
	if _, err := im.conn.ExecContext(context.Background(), `COMMIT`); err != nil {
		im.conn.ExecContext(context.Background(), `ROLLBACK`)
		return storageError(fmt.Errorf("db: import: commit: %w", err))
	}
	return nil
}

// result reads what the import did from its staging table.
func (im *importer) result(ctx context.Context) (ImportResult, error) {
	res := ImportResult{GroupCreated: im.created}
	if err := im.conn.QueryRowContext(ctx, `SELECT COALESCE(SUM(added), 0), COUNT(*) - COALESCE(SUM(added), 0) FROM temp.import_words`).
		Scan(&res.Added, &res.Reused); err != nil {
		return res, fmt.Errorf("db: import result: %w", err)
	}
	for _, list := range []struct {
		added int
		dst   *[]NewWord
	}{{1, &res.FirstAdded}, {0, &res.FirstReused}} {
		rows, err := im.conn.QueryContext(ctx, `SELECT japanese, romaji, english, parts FROM temp.import_words
			WHERE added = ? ORDER BY pos LIMIT ?`, list.added, ImportListLimit)
		if err != nil {
			return res, fmt.Errorf("db: import result: %w", err)
		}
		for rows.Next() {
			var w NewWord
			var parts string
			if err := rows.Scan(&w.Japanese, &w.Romaji, &w.English, &parts); err != nil {
				rows.Close()
				return res, err
			}
			w.Parts = json.RawMessage(parts)
			*list.dst = append(*list.dst, w)
		}
		if err := rows.Close(); err != nil {
			return res, err
		}
	}
	return res, nil
}

// importWords adds words to a group inside tx, a word at a time: the demo
// generator's, small enough for one transaction.
func importWords(ctx context.Context, tx *writeTx, group string, words []NewWord) (created bool, err error) {
	var groupID int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM groups WHERE name = ?`, group).Scan(&groupID)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `INSERT INTO groups (name) VALUES (?) RETURNING id`, group).Scan(&groupID)
		created = true
	}
	if err != nil {
		return false, fmt.Errorf("db: import group %q: %w", group, err)
	}
	for _, w := range words {
		// Each word complete (reading, search, sort key, terms) as it is
		// written, as CreateWord writes one.
		t, err := newWordText(w.Japanese, w.Reading, w.Romaji, w.English)
		if err != nil {
			return created, fmt.Errorf("db: import word %q: %w", w.Japanese, err)
		}
		parts, err := compactParts(w.Parts)
		if err != nil {
			return created, fmt.Errorf("db: import word %q: %w", w.Japanese, err)
		}
		wordID, _, err := insertWord(ctx, tx, t, parts)
		if err != nil {
			return created, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO word_groups (word_id, group_id) VALUES (?, ?)`,
			wordID, groupID); err != nil {
			return created, fmt.Errorf("db: import word %q into group: %w", w.Japanese, err)
		}
	}
	return created, nil
}
