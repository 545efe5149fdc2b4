package db

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// NewWord is a word to add to the vocabulary.
type NewWord struct {
	Japanese string
	Romaji   string
	English  string
	Parts    json.RawMessage // a JSON array; nil means []
}

// ImportResult says what an import changed.
type ImportResult struct {
	Group        string
	GroupCreated bool
	Added        []NewWord // words that were new to the vocabulary
	Reused       []NewWord // words that existed already and joined the group
}

// FormatError says where and why a word file is malformed.
type FormatError struct {
	Line, Column int // 1-based position of the problem
	Offset       int64
	Reason       string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("line %d, column %d (byte %d): %s", e.Line, e.Column, e.Offset, e.Reason)
}

// ParseWords reads a JSON array of {"kanji"|"japanese", "romaji", "english",
// "parts"} objects: the format of other lang-portal projects' seed files.
// The first problem is returned as a *FormatError with its position.
func ParseWords(r io.Reader) ([]NewWord, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	fail := func(offset int64, reason string) error {
		line, col := position(data, offset)
		return &FormatError{Line: line, Column: col, Offset: offset, Reason: reason}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(data, dec, err, fail)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, fail(dec.InputOffset()-1, "the file must hold a JSON array of words")
	}
	var words []NewWord
	for dec.More() {
		start := skipSpace(data, dec.InputOffset())
		var raw map[string]json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				return nil, fail(start, fmt.Sprintf("word %d must be an object", len(words)+1))
			}
			return nil, jsonError(data, dec, err, fail)
		}
		w, reason := wordFromJSON(raw)
		if reason != "" {
			return nil, fail(start, fmt.Sprintf("word %d: %s", len(words)+1, reason))
		}
		words = append(words, w)
	}
	if _, err := dec.Token(); err != nil {
		return nil, jsonError(data, dec, err, fail)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return nil, fail(skipSpace(data, end), "unexpected data after the array")
	}
	return words, nil
}

func wordFromJSON(raw map[string]json.RawMessage) (NewWord, string) {
	var w NewWord
	str := func(key string, dst *string) string {
		v, ok := raw[key]
		if !ok {
			return fmt.Sprintf("%q is missing", key)
		}
		if err := json.Unmarshal(v, dst); err != nil || v[0] != '"' {
			return fmt.Sprintf("%q must be a string", key)
		}
		*dst = strings.TrimSpace(*dst)
		if *dst == "" {
			return fmt.Sprintf("%q must not be empty", key)
		}
		return ""
	}
	jpKey := "kanji"
	if _, ok := raw["japanese"]; ok {
		jpKey = "japanese"
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{jpKey, &w.Japanese}, {"romaji", &w.Romaji}, {"english", &w.English}} {
		if reason := str(f.key, f.dst); reason != "" {
			if f.key == "kanji" && reason == `"kanji" is missing` {
				reason = `"kanji" or "japanese" is missing`
			}
			return w, reason
		}
	}
	w.Parts = json.RawMessage("[]")
	if p, ok := raw["parts"]; ok && string(p) != "null" {
		var parts []json.RawMessage
		if err := json.Unmarshal(p, &parts); err != nil {
			return w, `"parts" must be an array`
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, p); err != nil {
			return w, `"parts" is not valid JSON`
		}
		w.Parts = compact.Bytes()
	}
	return w, ""
}

func jsonError(data []byte, dec *json.Decoder, err error, fail func(int64, string) error) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		// A Decoder counts offsets from the value it was decoding; a
		// whole-file Unmarshal gives the offset in the file.
		var v any
		if errors.As(json.Unmarshal(data, &v), &syn) {
			return fail(max(syn.Offset-1, 0), syn.Error())
		}
		return fail(dec.InputOffset(), err.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fail(int64(len(data)), "the file ends before the JSON array is closed")
	}
	return fail(dec.InputOffset(), err.Error())
}

func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	return off
}

// position turns a byte offset into a 1-based line and column, the column
// counted in characters.
func position(data []byte, offset int64) (line, col int) {
	offset = min(offset, int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// ImportWords adds words to the group named group, creating the group if
// needed, in one transaction. A word that exists already (same japanese,
// romaji and english) is not duplicated but joins the group.
func (s *Store) ImportWords(ctx context.Context, group string, words []NewWord) (ImportResult, error) {
	var res ImportResult
	err := s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		res, err = importWords(ctx, tx, group, words)
		return err
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func importWords(ctx context.Context, tx *writeTx, group string, words []NewWord) (ImportResult, error) {
	group = strings.TrimSpace(group)
	res := ImportResult{Group: group}
	if group == "" {
		return res, errors.New("db: import: the group name must not be empty")
	}
	var groupID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM groups WHERE name = ?`, group).Scan(&groupID)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `INSERT INTO groups (name) VALUES (?) RETURNING id`, group).Scan(&groupID)
		res.GroupCreated = true
	}
	if err != nil {
		return res, fmt.Errorf("db: import group %q: %w", group, err)
	}
	for _, w := range words {
		parts := w.Parts
		if len(parts) == 0 {
			parts = json.RawMessage("[]")
		}
		var wordID int64
		err := tx.QueryRowContext(ctx, `
			INSERT INTO words (japanese, romaji, english, parts) VALUES (?, ?, ?, ?)
			ON CONFLICT (japanese, romaji, english) DO NOTHING
			RETURNING id`, w.Japanese, w.Romaji, w.English, string(parts)).Scan(&wordID)
		added := err == nil
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.QueryRowContext(ctx, `SELECT id FROM words WHERE japanese = ? AND romaji = ? AND english = ?`,
				w.Japanese, w.Romaji, w.English).Scan(&wordID)
		}
		if err != nil {
			return res, fmt.Errorf("db: import word %q: %w", w.Japanese, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO word_groups (word_id, group_id) VALUES (?, ?)`,
			wordID, groupID); err != nil {
			return res, fmt.Errorf("db: import word %q into group: %w", w.Japanese, err)
		}
		if added {
			res.Added = append(res.Added, w)
		} else {
			res.Reused = append(res.Reused, w)
		}
	}
	return res, nil
}
