package db

import (
	"context"
	"fmt"
)

// Group is a named set of words, with how many words it has.
type Group struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	WordCount int    `json:"word_count"`
}

// ListGroupChoices returns every group by name, for choosing one in a form.
func (s *Store) ListGroupChoices(ctx context.Context) ([]Group, error) {
	rows, err := s.reader.QueryContext(ctx, `
		SELECT g.id, g.name, (SELECT COUNT(*) FROM word_groups wg WHERE wg.group_id = g.id)
		FROM groups g ORDER BY g.name, g.id`)
	if err != nil {
		return nil, fmt.Errorf("db: list groups: %w", err)
	}
	defer rows.Close()
	var list []Group
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.Name, &g.WordCount); err != nil {
			return nil, fmt.Errorf("db: list groups: %w", err)
		}
		list = append(list, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: list groups: %w", err)
	}
	return list, nil
}
