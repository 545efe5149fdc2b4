package db

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed seed/*.json
var seedFiles embed.FS

// seedGroups are the starter vocabulary's groups, in the order they are loaded.
var seedGroups = []struct{ name, file string }{
	{"Core Verbs", "seed/core_verbs.json"},
	{"Core Adjectives", "seed/core_adjectives.json"},
	{"Greetings and Everyday Phrases", "seed/greetings.json"},
}

type seedActivity struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	URL          string `json:"url"`
	ThumbnailURL string `json:"thumbnail_url"`
}

// seedIfEmpty loads the starter vocabulary and activities into a database
// that has no words, groups or activities.
func (s *Store) seedIfEmpty(ctx context.Context) error {
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		var empty bool
		err := tx.QueryRowContext(ctx, `
			SELECT NOT EXISTS (SELECT 1 FROM words)
			   AND NOT EXISTS (SELECT 1 FROM groups)
			   AND NOT EXISTS (SELECT 1 FROM study_activities)`).Scan(&empty)
		if err != nil {
			return fmt.Errorf("db: seed: %w", err)
		}
		if !empty {
			return nil
		}
		return seed(ctx, tx)
	})
}

// seed loads the starter data; the tables it fills must be empty.
func seed(ctx context.Context, tx *writeTx) error {
	for _, g := range seedGroups {
		data, err := seedFiles.ReadFile(g.file)
		if err != nil {
			return fmt.Errorf("db: seed %s: %w", g.file, err)
		}
		// Read as any word file is, so that a "reading" checked by hand
		// is kept, and the others derived from the romaji.
		if err := seedWords(ctx, tx, g.name, data); err != nil {
			return fmt.Errorf("db: seed %s: %w", g.file, err)
		}
	}
	data, err := seedFiles.ReadFile("seed/activities.json")
	if err != nil {
		return fmt.Errorf("db: seed activities: %w", err)
	}
	var activities []seedActivity
	if err := json.Unmarshal(data, &activities); err != nil {
		return fmt.Errorf("db: seed activities: %w", err)
	}
	for _, a := range activities {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO study_activities (name, description, url, thumbnail_url) VALUES (?, ?, ?, ?)`,
			a.Name, a.Description, a.URL, a.ThumbnailURL); err != nil {
			return fmt.Errorf("db: seed activity %q: %w", a.Name, err)
		}
	}
	return nil
}
