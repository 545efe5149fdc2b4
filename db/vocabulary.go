package db

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"langportal/db/kana"
)

// WordInput is a word as a learner enters it. Reading and Romaji may be
// empty (not both): the store derives the missing one (SPEC "Japanese
// text"). Parts nil means []. GroupIDs are the groups the word is in.
type WordInput struct {
	Japanese, Reading, Romaji, English string
	Parts                              json.RawMessage
	GroupIDs                           []int64
}

// WordChange is a change to a word: nil fields stay as they are. GroupIDs,
// when set, is the whole set of the word's groups.
//
// A reading that is not given (or given as it is stored) follows the
// japanese and romaji when they change, if it was derived from them; one
// the learner wrote stays.
type WordChange struct {
	Japanese, Reading, Romaji, English *string
	Parts                              *json.RawMessage
	GroupIDs                           *[]int64
}

// Errors of the vocabulary's writes.
var (
	// ErrDuplicateWord means another word has the same japanese, romaji
	// and English; see DuplicateWordError.
	ErrDuplicateWord = errors.New("the word exists already")
	// ErrPartsNotArray means parts that are not a JSON array.
	ErrPartsNotArray = errors.New("parts must be a JSON array")
	// ErrNeedsConfirmation means a delete that would take reviews or
	// sessions with it, asked without confirmation; see ConfirmationError.
	ErrNeedsConfirmation = errors.New("the delete needs confirmation")
)

// DuplicateWordError names the word that exists already. It matches
// ErrDuplicateWord.
type DuplicateWordError struct {
	ID       int64
	Japanese string
}

func (e *DuplicateWordError) Error() string {
	return fmt.Sprintf("the word %s exists already (word %d)", e.Japanese, e.ID)
}

// Is makes errors.Is(err, ErrDuplicateWord) true.
func (e *DuplicateWordError) Is(target error) bool { return target == ErrDuplicateWord }

// MissingError names a referenced row that does not exist (a group of
// group_ids, a word of word_ids). It matches ErrGroupNotFound or
// ErrWordNotFound.
type MissingError struct {
	Kind string // "group" or "word"
	ID   int64
}

func (e *MissingError) Error() string { return fmt.Sprintf("no %s with id %d", e.Kind, e.ID) }

// Is matches the sentinel of the kind.
func (e *MissingError) Is(target error) bool {
	return (e.Kind == "group" && target == ErrGroupNotFound) || (e.Kind == "word" && target == ErrWordNotFound)
}

// ConfirmationError says what a delete would take with it: the reviews
// (and sessions) that only confirm=true lets go. It matches
// ErrNeedsConfirmation.
type ConfirmationError struct {
	Reviews, Sessions int
}

func (e *ConfirmationError) Error() string {
	return fmt.Sprintf("the delete would take %d sessions and %d reviews with it", e.Sessions, e.Reviews)
}

// Is makes errors.Is(err, ErrNeedsConfirmation) true.
func (e *ConfirmationError) Is(target error) bool { return target == ErrNeedsConfirmation }

// compactParts checks that parts is a JSON array and returns it compact;
// nil or empty is [].
func compactParts(parts json.RawMessage) (string, error) {
	parts = bytes.TrimSpace(parts)
	if len(parts) == 0 || string(parts) == "null" || string(parts) == "[]" {
		return "[]", nil // most words of an import: nothing to check
	}
	var list []json.RawMessage
	if parts[0] != '[' || json.Unmarshal(parts, &list) != nil {
		return "", &TextError{"parts", ErrPartsNotArray}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, parts); err != nil {
		return "", &TextError{"parts", ErrPartsNotArray}
	}
	return buf.String(), nil
}

// CreateWord adds a word, in the groups of in.GroupIDs, in one
// transaction. A *TextError says which field was refused; a
// *DuplicateWordError names the word that exists; a *MissingError a group
// that does not.
func (s *Store) CreateWord(ctx context.Context, in WordInput) (WordDetail, error) {
	t, err := newWordText(in.Japanese, in.Reading, in.Romaji, in.English)
	if err != nil {
		return WordDetail{}, err
	}
	parts, err := compactParts(in.Parts)
	if err != nil {
		return WordDetail{}, err
	}
	var id int64
	err = s.writeOnce(ctx, "create word", &id, func(ctx context.Context, tx *writeTx) error {
		var added bool
		id, added, err = insertWord(ctx, tx, t, parts)
		if err != nil {
			return err
		}
		if !added {
			return &DuplicateWordError{ID: id, Japanese: t.japanese}
		}
		return setWordGroups(ctx, tx, id, in.GroupIDs)
	})
	if err != nil {
		return WordDetail{}, fmt.Errorf("db: create word: %w", err)
	}
	return s.GetWord(ctx, id)
}

// insertWord adds a word unless one with the same japanese, romaji and
// English exists; either way it returns the word's id, and added says
// which.
func insertWord(ctx context.Context, tx *writeTx, t wordText, parts string) (id int64, added bool, err error) {
	err = tx.QueryRowContext(ctx, `
		INSERT INTO words (japanese, reading, romaji, english, parts, search, sort_key) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (japanese, romaji, english) DO NOTHING
		RETURNING id`, t.japanese, t.reading, t.romaji, t.english, parts, t.search, t.sortKey).Scan(&id)
	if err == nil {
		return id, true, writeTerms(ctx, tx, id, t)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("db: add word %q: %w", t.japanese, err)
	}
	err = tx.QueryRowContext(ctx, `SELECT id FROM words WHERE japanese = ? AND romaji = ? AND english = ?`,
		t.japanese, t.romaji, t.english).Scan(&id)
	if err != nil {
		return 0, false, fmt.Errorf("db: find word %q: %w", t.japanese, err)
	}
	return id, false, nil
}

// setWordGroups makes groups the word's groups: it joins those it is not
// in and leaves the others. A group that does not exist is a *MissingError.
func setWordGroups(ctx context.Context, tx *writeTx, wordID int64, groups []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM word_groups WHERE word_id = ? AND group_id NOT IN (SELECT value FROM json_each(?))`,
		wordID, idList(groups)); err != nil {
		return fmt.Errorf("db: groups of word %d: %w", wordID, err)
	}
	for _, g := range groups {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO word_groups (word_id, group_id) VALUES (?, ?)`, wordID, g); err != nil {
			if isForeignKeyError(err) {
				return &MissingError{Kind: "group", ID: g}
			}
			return fmt.Errorf("db: word %d into group %d: %w", wordID, g, err)
		}
	}
	return nil
}

// idList is ids as a JSON array, for json_each(?).
func idList(ids []int64) string {
	data, _ := json.Marshal(ids)
	if ids == nil {
		return "[]"
	}
	return string(data)
}

func isUniqueError(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// UpdateWord changes a word in one transaction; see WordChange. Errors as
// CreateWord's, and a *NotFoundError for an unknown word.
func (s *Store) UpdateWord(ctx context.Context, id int64, c WordChange) (WordDetail, error) {
	err := s.writeOnce(ctx, "update word", nil, func(ctx context.Context, tx *writeTx) error {
		old, parts, err := storedText(ctx, tx, id)
		if err != nil {
			return err
		}
		t, err := changedText(old, c)
		if err != nil {
			return err
		}
		if c.Parts != nil {
			if parts, err = compactParts(*c.Parts); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE words SET japanese = ?, reading = ?, romaji = ?, english = ?, parts = ?, search = ?, sort_key = ?
			WHERE id = ?`, t.japanese, t.reading, t.romaji, t.english, parts, t.search, t.sortKey, id)
		if isUniqueError(err) {
			var other int64
			if qerr := tx.QueryRowContext(ctx, `SELECT id FROM words WHERE japanese = ? AND romaji = ? AND english = ?`,
				t.japanese, t.romaji, t.english).Scan(&other); qerr != nil {
				return errors.Join(err, qerr)
			}
			return &DuplicateWordError{ID: other, Japanese: t.japanese}
		}
		if err != nil {
			return fmt.Errorf("db: update word %d: %w", id, err)
		}
		if err := deleteTerms(ctx, tx, id, old); err != nil {
			return err
		}
		if err := writeTerms(ctx, tx, id, t); err != nil {
			return err
		}
		if c.GroupIDs != nil {
			return setWordGroups(ctx, tx, id, *c.GroupIDs)
		}
		return nil
	})
	if err != nil {
		return WordDetail{}, fmt.Errorf("db: update word %d: %w", id, err)
	}
	return s.GetWord(ctx, id)
}

// storedText reads a word's text and parts as stored.
func storedText(ctx context.Context, tx *writeTx, id int64) (wordText, string, error) {
	var t wordText
	var parts string
	err := tx.QueryRowContext(ctx, `SELECT japanese, reading, romaji, english, parts FROM words WHERE id = ?`, id).
		Scan(&t.japanese, &t.reading, &t.romaji, &t.english, &parts)
	if errors.Is(err, sql.ErrNoRows) {
		return t, "", &NotFoundError{Kind: "word", ID: id}
	}
	if err != nil {
		return t, "", fmt.Errorf("db: word %d: %w", id, err)
	}
	return t, parts, nil
}

// changedText is old with c's fields over it, checked and completed as a
// new word's text is.
func changedText(old wordText, c WordChange) (wordText, error) {
	pick := func(v *string, was string) string {
		if v == nil {
			return was
		}
		return *v
	}
	japanese, romaji, english := pick(c.Japanese, old.japanese), pick(c.Romaji, old.romaji), pick(c.English, old.english)
	reading := pick(c.Reading, old.reading)
	moved := japanese != old.japanese || romaji != old.romaji
	if moved && reading == old.reading && kana.Reading(old.japanese, old.romaji) == old.reading {
		reading = "" // it was derived: derive it again
	}
	return newWordText(japanese, reading, romaji, english)
}

// WordDeleted says what deleting a word took with it.
type WordDeleted struct {
	ID             int64 `json:"deleted"`
	ReviewsDeleted int   `json:"reviews_deleted"`
}

// DeleteWord deletes a word and, when confirmed, its reviews with it, in
// one transaction that keeps every aggregate equal to a rebuild. A word
// with reviews and confirmed false is a *ConfirmationError, and nothing
// is deleted; an unknown word a *NotFoundError.
func (s *Store) DeleteWord(ctx context.Context, id int64, confirmed bool) (WordDeleted, error) {
	res := WordDeleted{ID: id}
	err := s.writeOnce(ctx, "delete word", &res, func(ctx context.Context, tx *writeTx) error {
		var reviews int
		err := tx.QueryRowContext(ctx, `SELECT correct_count + wrong_count FROM word_stats WHERE word_id = ?`, id).Scan(&reviews)
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{Kind: "word", ID: id}
		}
		if err != nil {
			return fmt.Errorf("db: word %d: %w", id, err)
		}
		if reviews > 0 && !confirmed {
			return &ConfirmationError{Reviews: reviews}
		}
		if res.ReviewsDeleted, err = forgetReviews(ctx, tx, reviewsOfWord, id); err != nil {
			return err
		}
		old, _, err := storedText(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := deleteTerms(ctx, tx, id, old); err != nil {
			return err
		}
		// word_stats, word_memory and word_groups rows go with the word;
		// their triggers keep learning_totals and the groups' counts.
		if _, err := tx.ExecContext(ctx, `DELETE FROM words WHERE id = ?`, id); err != nil {
			return fmt.Errorf("db: delete word %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return WordDeleted{}, fmt.Errorf("db: delete word %d: %w", id, err)
	}
	return res, nil
}
