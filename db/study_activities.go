package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// StudyActivity is a way to study a group: built in (its URL is a path of
// this portal) or an external app (its URL is absolute).
type StudyActivity struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	URL          string `json:"url"`
	ThumbnailURL string `json:"thumbnail_url"`
	Builtin      bool   `json:"builtin"`
}

const activityColumns = `id, name, description, url, thumbnail_url`

func scanActivity(row interface{ Scan(...any) error }) (StudyActivity, error) {
	var a StudyActivity
	err := row.Scan(&a.ID, &a.Name, &a.Description, &a.URL, &a.ThumbnailURL)
	a.Builtin = isBuiltinURL(a.URL)
	return a, err
}

// isBuiltinURL reports whether an activity URL is a path of this portal.
func isBuiltinURL(u string) bool { return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") }

// GetStudyActivity returns the activity with the given id.
func (s *Store) GetStudyActivity(ctx context.Context, id int64) (StudyActivity, error) {
	a, err := scanActivity(s.reader.QueryRowContext(ctx,
		`SELECT `+activityColumns+` FROM study_activities WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return StudyActivity{}, &NotFoundError{Kind: "study activity", ID: id}
	}
	if err != nil {
		return StudyActivity{}, fmt.Errorf("db: study activity %d: %w", id, err)
	}
	return a, nil
}

// ListStudyActivities returns every activity, by name.
func (s *Store) ListStudyActivities(ctx context.Context) ([]StudyActivity, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT `+activityColumns+` FROM study_activities ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("db: list study activities: %w", err)
	}
	defer rows.Close()
	var list []StudyActivity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, fmt.Errorf("db: list study activities: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: list study activities: %w", err)
	}
	return list, nil
}
