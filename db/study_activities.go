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

// ActivityDetail is an activity with a page of its sessions.
type ActivityDetail struct {
	StudyActivity
	StudySessions List[SessionSummary] `json:"study_sessions"`
}

var activitySorts = sortColumns{
	names:    []string{"name"},
	orderBys: map[string][]string{"name": {"name"}},
	tieBreak: "id",
}

// ActivitySorts lists the columns activity lists sort by, the default first.
func ActivitySorts() []string { return activitySorts.Names() }

const activityColumns = `SELECT id, name, description, url, thumbnail_url FROM study_activities `

func scanActivity(row interface{ Scan(...any) error }) (StudyActivity, error) {
	var a StudyActivity
	err := row.Scan(&a.ID, &a.Name, &a.Description, &a.URL, &a.ThumbnailURL)
	a.Builtin = isBuiltinURL(a.URL)
	return a, err
}

// The urls of the built-in activities.
const (
	FlashcardsURL = "/flashcards"
	ReviewURL     = "/review"
)

// isBuiltinURL reports whether an activity URL is a path of this portal.
func isBuiltinURL(u string) bool { return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") }

func getActivity(ctx context.Context, qr querier, id int64) (StudyActivity, error) {
	a, err := scanActivity(qr.QueryRowContext(ctx, activityColumns+`WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return StudyActivity{}, &NotFoundError{Kind: "study activity", ID: id}
	}
	if err != nil {
		return StudyActivity{}, fmt.Errorf("db: study activity %d: %w", id, err)
	}
	return a, nil
}

// GetStudyActivityDetail returns the activity and the page of its
// sessions, newest first, that sessions asks for.
func (s *Store) GetStudyActivityDetail(ctx context.Context, id int64, sessions ListQuery) (ActivityDetail, error) {
	var d ActivityDetail
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if d.StudyActivity, err = getActivity(ctx, tx, id); err != nil {
			return err
		}
		d.StudySessions, err = listRecentSessions(ctx, tx, sessions, activitySessions, id)
		return err
	})
	return d, err
}

// ListStudyActivities returns a page of the activities.
func (s *Store) ListStudyActivities(ctx context.Context, q ListQuery) (List[StudyActivity], error) {
	q = q.normalize()
	orderBy, err := activitySorts.orderBy(q)
	if err != nil {
		return List[StudyActivity]{}, err
	}
	var list List[StudyActivity]
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM study_activities`).Scan(&total); err != nil {
			return fmt.Errorf("db: count study activities: %w", err)
		}
		rows, err := tx.QueryContext(ctx, activityColumns+`ORDER BY `+orderBy+` LIMIT ? OFFSET ?`, q.PerPage, q.offset())
		if err != nil {
			return fmt.Errorf("db: list study activities: %w", err)
		}
		defer rows.Close()
		var items []StudyActivity
		for rows.Next() {
			a, err := scanActivity(rows)
			if err != nil {
				return fmt.Errorf("db: list study activities: %w", err)
			}
			items = append(items, a)
		}
		list = newList(items, q, total)
		return rows.Err()
	})
	return list, err
}

// FindBuiltinActivity returns the built-in activity whose url is path
// ("/flashcards"); ErrNotFound when there is none.
func (s *Store) FindBuiltinActivity(ctx context.Context, path string) (StudyActivity, error) {
	var a StudyActivity
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanActivity(tx.QueryRowContext(ctx, activityColumns+`WHERE url = ? ORDER BY id LIMIT 1`, path))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("db: no built-in activity at %s: %w", path, ErrNotFound)
		}
		return err
	})
	return a, err
}
