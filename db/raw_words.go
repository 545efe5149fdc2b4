package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// RawWord is a word as the bootcamp's study apps read it from
// /groups/:id/words/raw: kanji is our japanese, and there are no counts.
type RawWord struct {
	ID      int64           `json:"id"`
	Kanji   string          `json:"kanji"`
	Reading string          `json:"reading"`
	Romaji  string          `json:"romaji"`
	English string          `json:"english"`
	Parts   json.RawMessage `json:"parts"`
}

// RawGroupWords is a group with every one of its words, unpaged.
type RawGroupWords struct {
	GroupID   int64     `json:"group_id"`
	GroupName string    `json:"group_name"`
	Words     []RawWord `json:"words"`
}

// ListRawGroupWords returns the group and all its words, in the order they
// were added (their ids), for study apps that take a whole group at once.
func (s *Store) ListRawGroupWords(ctx context.Context, groupID int64) (RawGroupWords, error) {
	out := RawGroupWords{Words: []RawWord{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		g, err := getGroup(ctx, tx, groupID)
		if err != nil {
			return err
		}
		out.GroupID, out.GroupName = g.ID, g.Name
		rows, err := tx.QueryContext(ctx, `
			SELECT w.id, w.japanese, w.reading, w.romaji, w.english, w.parts
			FROM word_groups wg JOIN words w ON w.id = wg.word_id
			WHERE wg.group_id = ? ORDER BY w.id`, groupID)
		if err != nil {
			return fmt.Errorf("db: words of group %d: %w", groupID, err)
		}
		defer rows.Close()
		for rows.Next() {
			var w RawWord
			var parts string
			if err := rows.Scan(&w.ID, &w.Kanji, &w.Reading, &w.Romaji, &w.English, &parts); err != nil {
				return fmt.Errorf("db: words of group %d: %w", groupID, err)
			}
			w.Parts = json.RawMessage(parts)
			out.Words = append(out.Words, w)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("db: words of group %d: %w", groupID, err)
		}
		return nil
	})
	if err != nil {
		return RawGroupWords{}, err
	}
	return out, nil
}
