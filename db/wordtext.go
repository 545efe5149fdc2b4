package db

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"langportal/db/kana"
)

// Why a word's text was refused; the web names the field.
var (
	// ErrReadingNotKana means a reading given with letters, digits or
	// anything else than hiragana and katakana.
	ErrReadingNotKana = errors.New("must be written in kana (hiragana or katakana)")
	// ErrNoReading means a word without a reading whose romaji does not
	// spell one ("CD", "x2"): the learner has to give the reading.
	ErrNoReading = errors.New("cannot be derived from the romaji: give the reading in kana")
	// ErrRomajiOrReading means a word with neither romaji nor reading.
	ErrRomajiOrReading = errors.New("is required (or give the reading)")
	// ErrEmptyText means a japanese or english that is empty or blank.
	ErrEmptyText = errors.New("must not be empty")
)

// TextError says which field of a word's text was refused, and why (one
// of the Err values above).
type TextError struct {
	Field string // japanese, reading, romaji or english
	Err   error
}

func (e *TextError) Error() string { return e.Field + " " + e.Err.Error() }
func (e *TextError) Unwrap() error { return e.Err }

// wordText is a word's text as it is stored: trimmed, with its reading,
// and what is kept from the text for the vocabulary pages.
type wordText struct {
	japanese, reading, romaji, english string
	search                             string    // the fields folded: see searchText
	sortKey                            string    // kana.SortKey of the reading: sort=japanese
	folded                             [4]string // the four fields, kana.Fold-ed (set by fill)
}

// newWordText checks and completes a word's text (SPEC "Japanese text"):
// a reading given must be kana; none given, it is derived from the romaji
// (kana.Reading); no romaji but a reading, the romaji is derived from it.
func newWordText(japanese, reading, romaji, english string) (wordText, error) {
	t, err := checkWordText(japanese, reading, romaji, english)
	if err == nil {
		t.fill()
	}
	return t, err
}

// checkWordText is newWordText without fill: an import fills each chunk
// as it writes it, so that a 100,000-word file does not hold every word's
// folded fields and terms at once.
func checkWordText(japanese, reading, romaji, english string) (wordText, error) {
	t := wordText{
		japanese: strings.TrimSpace(japanese),
		reading:  dropSpaces(kana.Normalize(reading)),
		romaji:   strings.Join(strings.Fields(romaji), " "),
		english:  strings.TrimSpace(english),
	}
	switch {
	case t.japanese == "":
		return t, &TextError{"japanese", ErrEmptyText}
	case t.english == "":
		return t, &TextError{"english", ErrEmptyText}
	case t.reading != "" && !kana.IsKana(t.reading):
		return t, &TextError{"reading", ErrReadingNotKana}
	case t.reading == "" && t.romaji == "":
		return t, &TextError{"romaji", ErrRomajiOrReading}
	}
	if t.reading == "" {
		t.reading = kana.Reading(t.japanese, t.romaji)
		if !kana.IsKana(t.reading) {
			return t, &TextError{"reading", ErrNoReading}
		}
	}
	if t.romaji == "" {
		t.romaji = kana.ToRomaji(t.reading)
	}
	return t, nil
}

// fill computes what is kept from the text.
func (t *wordText) fill() {
	t.folded = [4]string{kana.Fold(t.japanese), kana.Fold(t.reading), kana.Fold(t.romaji), kana.Fold(t.english)}
	t.search = searchSeparator + strings.Join(t.folded[:], searchSeparator) + searchSeparator
	t.sortKey = kana.SortKey(t.reading)
}

// searchSeparator keeps a match from running across two fields: no query
// has it (searchTerms drops control characters).
const searchSeparator = "\x1f"

// termRunes is how long a search term is at most: a query longer than
// that is found by its first termRunes characters and checked against the
// word's search text.
const termRunes = 16

// wordTerms are the terms a word is found by (see migration 000009): every
// suffix of its folded japanese and reading, and of its folded romaji and
// English from the start of each word, each cut to termRunes characters,
// without repeats. So "べる" finds 食べる, "eat" finds "to eat", and "ea"
// does not. A suffix of one character is a term only when it is a kanji
// (学校 is found by 校): a query of one other character reads every word
// instead (see wordFilters), which spares the index a term for the last
// kana of nearly every word.
func wordTerms(t wordText) []string {
	terms := make([]string, 0, 12)
	folded := t.folded
	if folded == ([4]string{}) { // read from the table, not made by fill
		folded = [4]string{kana.Fold(t.japanese), kana.Fold(t.reading), kana.Fold(t.romaji), kana.Fold(t.english)}
	}
	// The terms are substrings of the folded fields, not copies: an import
	// makes about a million of them.
	for i, field := range folded {
		prev := rune(-1)
		for j, r := range field {
			before := prev
			prev = r
			// Japanese is matched anywhere; Latin text from a word's start.
			if !isWordRune(r) || (i >= 2 && before >= 0 && isWordRune(before)) {
				continue
			}
			suffix := field[j:]
			if _, size := utf8.DecodeRuneInString(suffix); size == len(suffix) && !unicode.Is(unicode.Han, r) {
				continue
			}
			term := cutRunes(suffix, termRunes)
			if !slices.Contains(terms, term) {
				terms = append(terms, term)
			}
		}
	}
	return terms
}

// cutRunes is s's first n characters.
func cutRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// scanOnly reports whether a query's spelling is one character that is
// not a kanji: one that wordTerms does not index in every place it is.
func scanOnly(spelling string) bool {
	rs := []rune(spelling)
	return len(rs) == 1 && !unicode.Is(unicode.Han, rs[0])
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == 'ー' || r == '々'
}

// searchTerms are the spellings a query matches words by: the query
// folded, and, when it is romaji that spells kana, those kana (taberu
// finds 食べる by its reading たべる). Empty for a query with nothing to
// search.
func searchTerms(q string) []string {
	folded := kana.Fold(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.TrimSpace(q)))
	if folded == "" {
		return nil
	}
	terms := []string{folded}
	if spelled, ok := kana.ToHiragana(folded); ok {
		if k := kana.Fold(dropSpaces(spelled)); k != "" && k != folded {
			terms = append(terms, k)
		}
	}
	return terms
}

// termPrefix is the range of word_terms that a spelling of a query finds:
// the terms that start with it, or with its first termRunes characters.
// long reports a spelling cut to fit, which the word's search text must
// then contain.
func termPrefix(spelling string) (from, to string, long bool) {
	rs := []rune(spelling)
	if len(rs) > termRunes {
		spelling, long = string(rs[:termRunes]), true
	}
	// No UTF-8 text has the byte 0xFF: every term with the prefix sorts below.
	return spelling, spelling + "\xff", long
}

func dropSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// fillWordText completes the words written without their reading or the
// columns and terms kept from their text: rows from before migration
// 000009, and rows that writers unaware of them inserted. With all, it
// recomputes those of every word (a rebuild). A reading that cannot be
// derived is stored as kana.Reading gives it: the row exists already and
// must not be lost.
func fillWordText(ctx context.Context, tx *writeTx, all bool) error {
	_, err := fillSomeWordText(ctx, tx, all, -1)
	return err
}

// fillSomeWordText is fillWordText for at most limit words (-1: all); it
// returns how many it filled.
func fillSomeWordText(ctx context.Context, tx *writeTx, all bool, limit int) (int, error) {
	query := fmt.Sprintf(`SELECT id, japanese, reading, romaji, english, search FROM words INDEXED BY words_unfilled
		WHERE reading = '' OR search = '' OR sort_key = '' ORDER BY id LIMIT %d`, limit)
	if all {
		query = `SELECT id, japanese, reading, romaji, english, search FROM words ORDER BY id`
		if _, err := tx.ExecContext(ctx, `DELETE FROM word_terms`); err != nil {
			return 0, fmt.Errorf("db: rebuild search terms: %w", err)
		}
	}
	// Read in full before writing: the reads share the writer's connection.
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return 0, fmt.Errorf("db: words to fill: %w", err)
	}
	type todo struct {
		id       int64
		old, new wordText
	}
	var words []todo
	for rows.Next() {
		var w todo
		if err := rows.Scan(&w.id, &w.old.japanese, &w.old.reading, &w.old.romaji, &w.old.english, &w.old.search); err != nil {
			rows.Close()
			return 0, fmt.Errorf("db: words to fill: %w", err)
		}
		words = append(words, w)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, fmt.Errorf("db: words to fill: %w", err)
	}
	var terms []wordTerm
	for _, w := range words {
		t := w.old
		if t.reading == "" {
			t.reading = kana.Reading(t.japanese, t.romaji)
			if t.reading == "" {
				t.reading = t.japanese // nothing to derive from: at least not empty
			}
		}
		t.fill()
		if !all && w.old.search != "" {
			if err := deleteTerms(ctx, tx, w.id, w.old); err != nil {
				return 0, err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE words SET reading = ?, search = ?, sort_key = ? WHERE id = ?`,
			t.reading, t.search, t.sortKey, w.id); err != nil {
			return 0, fmt.Errorf("db: fill word %d: %w", w.id, err)
		}
		for _, term := range wordTerms(t) {
			terms = append(terms, wordTerm{term, w.id})
		}
	}
	return len(words), insertTerms(ctx, tx, terms)
}

// wordTerm is one row of word_terms.
type wordTerm struct {
	term string
	word int64
}

// insertTerms writes search terms, many to a statement: a JSON array read
// with json_each costs one call of SQLite, not one per term. The terms go
// in their index's order, which keeps the pages it touches together.
func insertTerms(ctx context.Context, tx *writeTx, terms []wordTerm) error {
	const perStatement = 20000
	for len(terms) > 0 {
		n := min(len(terms), perStatement)
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO word_terms (term, word_id)
			SELECT value ->> 0, value ->> 1 FROM json_each(?)`, termsJSON(terms[:n])); err != nil {
			return fmt.Errorf("db: search terms: %w", err)
		}
		terms = terms[n:]
	}
	return nil
}

// termsJSON sorts terms in their index's order and writes them as a JSON
// array of [term, word_id].
func termsJSON(terms []wordTerm) string {
	slices.SortFunc(terms, func(a, b wordTerm) int {
		if c := strings.Compare(a.term, b.term); c != 0 {
			return c
		}
		return int(a.word - b.word)
	})
	var out strings.Builder // its String is the bytes written, not a copy
	out.Grow(24*len(terms) + 2)
	b := make([]byte, 0, 64)
	out.WriteByte('[')
	for i, t := range terms {
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, t.term)
		b = append(b, ',')
		b = strconv.AppendInt(b, t.word, 10)
		b = append(b, ']')
		out.Write(b)
	}
	out.WriteByte(']')
	return out.String()
}

// appendJSONString appends s as a JSON string. An import writes a few
// million of them (every search text has control characters, its
// separators): encoding/json (reflection, HTML escaping) would cost a third
// of the import's own time.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONStrings appends strs as a JSON array of strings.
func appendJSONStrings(b []byte, strs ...string) []byte {
	b = append(b, '[')
	for i, s := range strs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// writeTerms stores the terms of a word just written.
func writeTerms(ctx context.Context, tx *writeTx, id int64, t wordText) error {
	for _, term := range wordTerms(t) {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO word_terms (term, word_id) VALUES (?, ?)`, term, id); err != nil {
			return fmt.Errorf("db: search terms of word %d: %w", id, err)
		}
	}
	return nil
}

// deleteTerms takes out the terms of a word whose stored text was old:
// they are computed again, since word_terms has no index by word.
func deleteTerms(ctx context.Context, tx *writeTx, id int64, old wordText) error {
	for _, term := range wordTerms(old) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM word_terms WHERE term = ? AND word_id = ?`, term, id); err != nil {
			return fmt.Errorf("db: search terms of word %d: %w", id, err)
		}
	}
	return nil
}

// fillWordTextOnce fills the words that lack their reading, at start-up,
// in the short, paced steps of inSteps: a portal already serving the same
// file (this is also every CLI command's start, after a big import) keeps
// writing between them.
func (s *Store) fillWordTextOnce(ctx context.Context) error {
	return s.inSteps(ctx, newStepSize(200, 1<<16), func(ctx context.Context, tx *writeTx, n int) (bool, error) {
		filled, err := fillSomeWordText(ctx, tx, false, n)
		return filled == n, err
	})
}
