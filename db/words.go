package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Word is a vocabulary entry with its review counts: over all reviews, or
// over one session's when it comes from a session.
type Word struct {
	ID           int64           `json:"id"`
	Japanese     string          `json:"japanese"`
	Reading      string          `json:"reading"` // in kana
	Romaji       string          `json:"romaji"`
	English      string          `json:"english"`
	Parts        json.RawMessage `json:"parts"`
	CorrectCount int             `json:"correct_count"`
	WrongCount   int             `json:"wrong_count"`
	Memory       *Memory         `json:"memory"` // nil: never reviewed
}

// Reviews is how many times the word was reviewed.
func (w Word) Reviews() int { return w.CorrectCount + w.WrongCount }

// Part is one piece of a word's writing with its readings.
type Part struct {
	Kanji  string   `json:"kanji"`
	Romaji []string `json:"romaji"`
}

// PartList decodes the word's parts. Parts in another shape than
// [{"kanji", "romaji": [...]}] give an empty list: they are shown as stored
// only in JSON.
func (w Word) PartList() []Part {
	var parts []Part
	if err := json.Unmarshal(w.Parts, &parts); err != nil {
		return nil
	}
	return parts
}

// GroupRef names a group.
type GroupRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// WordDetail is a word with the groups it belongs to.
type WordDetail struct {
	Word
	Groups []GroupRef `json:"groups"`
}

// Word lists sort by a words column or a count; id (every list's first
// column, named so) breaks ties. Sorting by japanese is by the reading in
// gojūon order (SPEC "Japanese text"): by sort_key, whose index gives the
// order without a sort.
var wordSorts = sortColumns{
	names: []string{"japanese", "romaji", "english", "correct", "wrong"},
	orderBys: map[string][]string{
		"japanese": {"w.sort_key"}, "romaji": {"w.romaji"}, "english": {"w.english"},
		"correct": {"correct_count"}, "wrong": {"wrong_count"},
	},
	tieBreak: "id",
}

// byCount reports whether q sorts by a review count rather than by text.
func byCount(q ListQuery) bool { return q.Sort == "correct" || q.Sort == "wrong" }

// WordSorts lists the columns word lists sort by, the default first.
func WordSorts() []string { return wordSorts.Names() }

// querier is what reads need: a connection pool or a read transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readTx runs fn in a read-only transaction: every query of fn sees the same
// snapshot of the database.
func (s *Store) readTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("db: begin read: %w", err)
	}
	defer tx.Rollback()
	if err := s.schema.check(ctx, tx); err != nil {
		return err
	}
	return fn(tx)
}

// ListWords returns a page of all words with their review counts, filtered
// by q.Search and q.State. Unfiltered, the ids of the page come from one
// index scan (of words for a text order, of word_stats for a count order);
// only those rows are joined.
func (s *Store) ListWords(ctx context.Context, q ListQuery) (List[Word], error) {
	q = q.normalize()
	if q.Search != "" || q.State != "" {
		var list List[Word]
		err := s.readTx(ctx, func(tx *sql.Tx) error {
			var err error
			list, err = listWords(ctx, tx, q, allWords)
			return err
		})
		return list, err
	}
	orderBy, err := wordSorts.orderBy(q)
	if err != nil {
		return List[Word]{}, err
	}
	page := `SELECT w.id AS id FROM words w`
	if byCount(q) {
		page = `SELECT s.word_id AS id FROM word_stats s`
	}
	var list List[Word]
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, allWords.count).Scan(&total); err != nil {
			return fmt.Errorf("db: count words: %w", err)
		}
		words, err := scanWords(tx.QueryContext(ctx, allWords.rows+`
			JOIN (`+page+` ORDER BY `+orderBy+` LIMIT ? OFFSET ?) page ON page.id = w.id
			ORDER BY `+orderBy, q.PerPage, q.offset()))
		list = newList(words, q, total)
		return err
	})
	return list, err
}

// wordSource is where a word list reads from. rows yields the word's
// columns and its counts from the tables in from; where is the source's own
// condition ("" for none) and groupBy its grouping; count counts the words
// of the source unfiltered. The ? of where and count take the source's
// arguments.
type wordSource struct {
	rows, from, where, groupBy, count string
}

// wordColumns are a word source's columns as scanWordMemory reads them.
const wordColumns = `w.id AS id, w.japanese, w.reading, w.romaji, w.english, w.parts, `

func newWordSource(columns, from, where, groupBy, count string) wordSource {
	return wordSource{rows: `SELECT ` + wordColumns + columns + ` FROM ` + from,
		from: from, where: where, groupBy: groupBy, count: count}
}

var (
	allWords = newWordSource(`s.correct_count, s.wrong_count, `+memoryColumns,
		`words w JOIN word_stats s ON s.word_id = w.id LEFT JOIN word_memory m ON m.word_id = w.id`,
		``, ``, `SELECT COUNT(*) FROM words`)
	groupWords = newWordSource(`s.correct_count, s.wrong_count, `+memoryColumns,
		`word_groups wg JOIN words w ON w.id = wg.word_id JOIN word_stats s ON s.word_id = w.id
			LEFT JOIN word_memory m ON m.word_id = w.id`,
		`wg.group_id = ?`, ``, `SELECT word_count FROM groups WHERE id = ?`)
	// A session's words count that session's reviews only.
	sessionWords = newWordSource(`SUM(r.correct) AS correct_count, COUNT(*) - SUM(r.correct) AS wrong_count, `+memoryColumns,
		`word_review_items r JOIN words w ON w.id = r.word_id LEFT JOIN word_memory m ON m.word_id = w.id`,
		`r.study_session_id = ?`, ` GROUP BY w.id`,
		`SELECT COUNT(DISTINCT word_id) FROM word_review_items WHERE study_session_id = ?`)
)

// WordStates are the values a word list's State may take: a memory state,
// "new" (never reviewed) or "due" (its next review has come).
func WordStates() []string { return []string{"new", "learning", "review", "relearning", "due"} }

// ErrUnknownState means a word list was asked for a state it does not know.
var ErrUnknownState = errors.New("unknown word state")

// wordFilters are the conditions (with their arguments) that q's Search
// and State add to a word source, whose m is the word's memory.
//
// Search reads word_terms (migration 000009): one range of its index per
// spelling of the query, so that a two-character query costs its matches,
// not a scan of every word (SQLite scans 100,000 rows in 20-30 ms, whatever
// the function that compares). SQLite's trigram FTS5 would find queries of
// three characters or more, but not the one- and two-character queries
// that Japanese is searched with most, and go-sqlite3 has it only with a
// build tag on every build and test.
func wordFilters(q ListQuery, now Time) (terms []string, args []any, err error) {
	if spellings := searchTerms(q.Search); len(spellings) > 0 {
		t, a := searchFilter(spellings)
		terms, args = append(terms, t...), append(args, a...)
	}
	switch q.State {
	case "":
	case "new":
		terms = append(terms, `m.word_id IS NULL`)
	case "learning", "review", "relearning":
		terms = append(terms, `m.state = ?`)
		args = append(args, map[string]int{"learning": 1, "review": 2, "relearning": 3}[q.State])
	case "due":
		terms = append(terms, `m.due <= ?`)
		args = append(args, now)
	default:
		return nil, nil, fmt.Errorf("%w %q", ErrUnknownState, q.State)
	}
	return terms, args, nil
}

// searchFilter is the condition that finds the words matching any of a
// query's spellings: one range of word_terms each, checked against the
// words' search text when a spelling is longer than a term; and, for a
// query of one kana or letter, which word_terms has not everywhere it is,
// the search text of every word.
func searchFilter(spellings []string) (terms []string, args []any) {
	check := func(spellings []string) string {
		ors := make([]string, len(spellings))
		for i, sp := range spellings {
			ors[i] = `instr(w.search, ?) > 0`
			args = append(args, sp)
		}
		return `(` + strings.Join(ors, ` OR `) + `)`
	}
	if slices.ContainsFunc(spellings, scanOnly) {
		return []string{check(spellings)}, args
	}
	ranges := make([]string, len(spellings))
	cut := false
	for i, sp := range spellings {
		from, to, long := termPrefix(sp)
		ranges[i] = `SELECT word_id FROM word_terms WHERE term >= ? AND term < ?`
		args = append(args, from, to)
		cut = cut || long
	}
	if !cut {
		return []string{`w.id IN (` + strings.Join(ranges, ` UNION `) + `)`}, args
	}
	// A spelling cut to a term's length is checked in full.
	ranged := args
	args = nil
	ors := make([]string, len(spellings))
	for i, sp := range spellings {
		ors[i] = `(w.id IN (` + ranges[i] + `) AND instr(w.search, ?) > 0)`
		args = append(args, ranged[2*i], ranged[2*i+1], sp)
	}
	return []string{`(` + strings.Join(ors, ` OR `) + `)`}, args
}

// listWords reads a page of words from one of the word sources, filtered
// by q.Search and q.State.
func listWords(ctx context.Context, qr querier, q ListQuery, from wordSource, args ...any) (List[Word], error) {
	q = q.normalize()
	orderBy, err := wordSorts.orderBy(q)
	if err != nil {
		return List[Word]{}, err
	}
	filters, filterArgs, err := wordFilters(q, Now())
	if err != nil {
		return List[Word]{}, err
	}
	var conds []string
	if from.where != "" {
		conds = append(conds, from.where)
	}
	conds = append(conds, filters...)
	where := ""
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	args = append(slices.Clip(args), filterArgs...)
	var total int
	count := from.count
	if len(filters) > 0 {
		count = `SELECT COUNT(*) FROM (SELECT 1 FROM ` + from.from + where + from.groupBy + `)`
	}
	if err := qr.QueryRowContext(ctx, count, args...).Scan(&total); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return List[Word]{}, fmt.Errorf("db: count words: %w", err)
	}
	words, err := scanWords(qr.QueryContext(ctx, from.rows+where+from.groupBy+` ORDER BY `+orderBy+` LIMIT ? OFFSET ?`,
		append(args, q.PerPage, q.offset())...))
	if err != nil {
		return List[Word]{}, err
	}
	return newList(words, q, total), nil
}

func scanWords(rows *sql.Rows, err error) ([]Word, error) {
	if err != nil {
		return nil, fmt.Errorf("db: list words: %w", err)
	}
	defer rows.Close()
	var words []Word
	now := time.Now()
	for rows.Next() {
		w, err := scanWordMemory(rows, now)
		if err != nil {
			return nil, fmt.Errorf("db: list words: %w", err)
		}
		words = append(words, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: list words: %w", err)
	}
	return words, nil
}

func scanWord(row interface{ Scan(...any) error }) (Word, error) {
	var w Word
	var parts string
	err := row.Scan(&w.ID, &w.Japanese, &w.Reading, &w.Romaji, &w.English, &parts, &w.CorrectCount, &w.WrongCount)
	w.Parts = json.RawMessage(parts)
	return w, err
}

// scanWordMemory scans a word source's row: the word, its counts and its
// memory, with the recall probability at now.
func scanWordMemory(row interface{ Scan(...any) error }, now time.Time) (Word, error) {
	var w Word
	var parts string
	var m nullMemory
	err := row.Scan(append([]any{&w.ID, &w.Japanese, &w.Reading, &w.Romaji, &w.English, &parts, &w.CorrectCount, &w.WrongCount}, m.dest()...)...)
	w.Parts = json.RawMessage(parts)
	w.Memory = m.memory(now)
	return w, err
}

// GetWord returns a word with its review counts and its groups.
func (s *Store) GetWord(ctx context.Context, id int64) (WordDetail, error) {
	var d WordDetail
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		d.Word, err = scanWordMemory(tx.QueryRowContext(ctx, allWords.rows+` WHERE w.id = ?`, id), time.Now())
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{Kind: "word", ID: id}
		}
		if err != nil {
			return fmt.Errorf("db: word %d: %w", id, err)
		}
		d.Groups, err = wordGroups(ctx, tx, id)
		return err
	})
	return d, err
}

func wordGroups(ctx context.Context, qr querier, wordID int64) ([]GroupRef, error) {
	rows, err := qr.QueryContext(ctx, `
		SELECT g.id, g.name FROM word_groups wg JOIN groups g ON g.id = wg.group_id
		WHERE wg.word_id = ? ORDER BY g.name`, wordID)
	if err != nil {
		return nil, fmt.Errorf("db: groups of word %d: %w", wordID, err)
	}
	defer rows.Close()
	groups := []GroupRef{}
	for rows.Next() {
		var g GroupRef
		if err := rows.Scan(&g.ID, &g.Name); err != nil {
			return nil, fmt.Errorf("db: groups of word %d: %w", wordID, err)
		}
		groups = append(groups, g)
	}
	return groups, rows.Err()
}

// scanPlainWords reads rows of a word and its counts, without memory
// (the flashcard's own queries).
func scanPlainWords(rows *sql.Rows, err error) ([]Word, error) {
	if err != nil {
		return nil, fmt.Errorf("db: list words: %w", err)
	}
	defer rows.Close()
	var words []Word
	for rows.Next() {
		w, err := scanWord(rows)
		if err != nil {
			return nil, fmt.Errorf("db: list words: %w", err)
		}
		words = append(words, w)
	}
	return words, rows.Err()
}
