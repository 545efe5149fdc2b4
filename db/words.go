package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Word is a vocabulary entry with its review counts: over all reviews, or
// over one session's when it comes from a session.
type Word struct {
	ID           int64           `json:"id"`
	Japanese     string          `json:"japanese"`
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
// column, named so) breaks ties. Sorting by japanese follows the unique
// index (japanese, romaji, english), so that the order needs no sort.
var wordSorts = sortColumns{
	names: []string{"japanese", "romaji", "english", "correct", "wrong"},
	orderBys: map[string][]string{
		"japanese": {"w.japanese", "w.romaji", "w.english"}, "romaji": {"w.romaji"}, "english": {"w.english"},
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

// ListWords returns a page of all words with their review counts. The ids
// of the page come from one index scan (of words for a text order, of
// word_stats for a count order); only those rows are joined.
func (s *Store) ListWords(ctx context.Context, q ListQuery) (List[Word], error) {
	q = q.normalize()
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

// wordSource is where a word list reads from: rows yields the word's columns
// and its counts; count counts the same words. Both take the same arguments.
type wordSource struct{ rows, count string }

var (
	allWords = wordSource{
		rows: `SELECT w.id AS id, w.japanese, w.romaji, w.english, w.parts, s.correct_count, s.wrong_count, ` + memoryColumns + `
			FROM words w JOIN word_stats s ON s.word_id = w.id LEFT JOIN word_memory m ON m.word_id = w.id`,
		count: `SELECT COUNT(*) FROM words`,
	}
	groupWords = wordSource{
		rows: `SELECT w.id AS id, w.japanese, w.romaji, w.english, w.parts, s.correct_count, s.wrong_count, ` + memoryColumns + `
			FROM word_groups wg JOIN words w ON w.id = wg.word_id JOIN word_stats s ON s.word_id = w.id
			LEFT JOIN word_memory m ON m.word_id = w.id
			WHERE wg.group_id = ?`,
		count: `SELECT COUNT(*) FROM word_groups WHERE group_id = ?`,
	}
	// A session's words count that session's reviews only.
	sessionWords = wordSource{
		rows: `SELECT w.id AS id, w.japanese, w.romaji, w.english, w.parts,
			       SUM(r.correct) AS correct_count, COUNT(*) - SUM(r.correct) AS wrong_count, ` + memoryColumns + `
			FROM word_review_items r JOIN words w ON w.id = r.word_id LEFT JOIN word_memory m ON m.word_id = w.id
			WHERE r.study_session_id = ?
			GROUP BY w.id`,
		count: `SELECT COUNT(DISTINCT word_id) FROM word_review_items WHERE study_session_id = ?`,
	}
)

// listWords reads a page of words from one of the word sources.
func listWords(ctx context.Context, qr querier, q ListQuery, from wordSource, args ...any) (List[Word], error) {
	q = q.normalize()
	orderBy, err := wordSorts.orderBy(q)
	if err != nil {
		return List[Word]{}, err
	}
	var total int
	if err := qr.QueryRowContext(ctx, from.count, args...).Scan(&total); err != nil {
		return List[Word]{}, fmt.Errorf("db: count words: %w", err)
	}
	words, err := scanWords(qr.QueryContext(ctx, from.rows+` ORDER BY `+orderBy+` LIMIT ? OFFSET ?`,
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
	err := row.Scan(&w.ID, &w.Japanese, &w.Romaji, &w.English, &parts, &w.CorrectCount, &w.WrongCount)
	w.Parts = json.RawMessage(parts)
	return w, err
}

// scanWordMemory scans a word source's row: the word, its counts and its
// memory, with the recall probability at now.
func scanWordMemory(row interface{ Scan(...any) error }, now time.Time) (Word, error) {
	var w Word
	var parts string
	var m nullMemory
	err := row.Scan(append([]any{&w.ID, &w.Japanese, &w.Romaji, &w.English, &parts, &w.CorrectCount, &w.WrongCount}, m.dest()...)...)
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
