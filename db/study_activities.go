package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"langportal/db/studymode"
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
	TypingURL     = "/typing"
)

// ActivityKind says which options an activity of the url has.
func ActivityKind(url string) studymode.Kind {
	switch url {
	case FlashcardsURL:
		return studymode.Flashcards
	case TypingURL:
		return studymode.Typing
	}
	return studymode.Other
}

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

// ActivityInput is an external study app to register.
type ActivityInput struct {
	Name, Description, URL, ThumbnailURL string
}

// ActivityChange is a change to an external study app: nil fields stay.
type ActivityChange struct {
	Name, Description, URL, ThumbnailURL *string
}

// Errors of the activities' writes.
var (
	// ErrBuiltinActivity means a change to a built-in activity, which the
	// portal's own code implements.
	ErrBuiltinActivity = errors.New("built-in study activities cannot be changed")
	// ErrActivityURL means a url that is not an absolute http or https address.
	ErrActivityURL = errors.New("must be an http:// or https:// address")
	// ErrThumbnailURL means a thumbnail that is neither a path of this
	// portal nor an http or https address.
	ErrThumbnailURL = errors.New("must be a path of this portal (/static/…) or an http:// or https:// address")
)

// defaultThumbnail is the picture of an external app registered without one.
const defaultThumbnail = "/static/img/external-app.svg"

// checkedActivity trims and checks an external app's fields.
func checkedActivity(in ActivityInput) (ActivityInput, error) {
	var err error
	if in.Name, err = trimmedName(in.Name); err != nil {
		return in, err
	}
	in.Description = strings.TrimSpace(in.Description)
	in.URL = strings.TrimSpace(in.URL)
	if !isWebURL(in.URL) {
		return in, &TextError{"url", ErrActivityURL}
	}
	in.ThumbnailURL = strings.TrimSpace(in.ThumbnailURL)
	switch {
	case in.ThumbnailURL == "":
		in.ThumbnailURL = defaultThumbnail
	case !isBuiltinURL(in.ThumbnailURL) && !isWebURL(in.ThumbnailURL):
		return in, &TextError{"thumbnail_url", ErrThumbnailURL}
	}
	return in, nil
}

// isWebURL reports whether u is an absolute http or https address, without
// credentials in it.
func isWebURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.User == nil
}

// CreateStudyActivity registers an external study app. A *TextError says
// which field was refused; a name in use is a *NameTakenError.
func (s *Store) CreateStudyActivity(ctx context.Context, in ActivityInput) (StudyActivity, error) {
	in, err := checkedActivity(in)
	if err != nil {
		return StudyActivity{}, err
	}
	var id int64
	err = s.writeOnce(ctx, "create activity", &id, func(ctx context.Context, tx *writeTx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO study_activities (name, description, url, thumbnail_url)
			VALUES (?, ?, ?, ?) RETURNING id`, in.Name, in.Description, in.URL, in.ThumbnailURL).Scan(&id)
		if isUniqueError(err) {
			return takenName(ctx, tx, "study_activities", in.Name, err)
		}
		return err
	})
	if err != nil {
		return StudyActivity{}, fmt.Errorf("db: create study activity: %w", err)
	}
	return getActivity(ctx, s.reader, id)
}

// UpdateStudyActivity changes an external study app, and the activity name
// its sessions keep. Built-in ones are ErrBuiltinActivity; errors otherwise
// as CreateStudyActivity's, and a *NotFoundError for an unknown id.
func (s *Store) UpdateStudyActivity(ctx context.Context, id int64, c ActivityChange) (StudyActivity, error) {
	err := s.writeOnce(ctx, "update activity", nil, func(ctx context.Context, tx *writeTx) error {
		a, err := externalActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		in := ActivityInput{Name: a.Name, Description: a.Description, URL: a.URL, ThumbnailURL: a.ThumbnailURL}
		for _, f := range []struct {
			v   *string
			dst *string
		}{{c.Name, &in.Name}, {c.Description, &in.Description}, {c.URL, &in.URL}, {c.ThumbnailURL, &in.ThumbnailURL}} {
			if f.v != nil {
				*f.dst = *f.v
			}
		}
		if in, err = checkedActivity(in); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE study_activities SET name = ?, description = ?, url = ?, thumbnail_url = ? WHERE id = ?`,
			in.Name, in.Description, in.URL, in.ThumbnailURL, id)
		if isUniqueError(err) {
			return takenName(ctx, tx, "study_activities", in.Name, err)
		}
		if err != nil {
			return err
		}
		// Sessions lists sort by the activity's name, kept on session_stats.
		_, err = tx.ExecContext(ctx, `UPDATE session_stats SET activity_name = ?
			WHERE session_id IN (SELECT id FROM study_sessions WHERE study_activity_id = ?)`, in.Name, id)
		return err
	})
	if err != nil {
		return StudyActivity{}, fmt.Errorf("db: update study activity %d: %w", id, err)
	}
	return getActivity(ctx, s.reader, id)
}

// DeleteStudyActivity removes an external study app. Its sessions go with
// their reviews only when confirmed (else a *ConfirmationError, and nothing
// is deleted), in one transaction that keeps every aggregate equal to a
// rebuild. Built-in ones are ErrBuiltinActivity.
func (s *Store) DeleteStudyActivity(ctx context.Context, id int64, confirmed bool) (ActivityRemoved, error) {
	var res ActivityRemoved
	err := s.writeOnce(ctx, "delete activity", &res, func(ctx context.Context, tx *writeTx) error {
		a, err := externalActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		gone, err := forgetSessions(ctx, tx, "study_activity_id", reviewsOfActivity, id, confirmed)
		if err != nil {
			return err
		}
		res = ActivityRemoved{StudyActivity: a, SessionsDeleted: gone.SessionsDeleted, ReviewsDeleted: gone.ReviewsDeleted}
		_, err = tx.ExecContext(ctx, `DELETE FROM study_activities WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return ActivityRemoved{}, fmt.Errorf("db: delete study activity %d: %w", id, err)
	}
	return res, nil
}

// ActivityRemoved is an external app as it was when it was removed, and
// what went with it.
type ActivityRemoved struct {
	StudyActivity
	SessionsDeleted int `json:"sessions_deleted"`
	ReviewsDeleted  int `json:"reviews_deleted"`
}

// externalActivity reads an activity that may be changed: not a built-in one.
func externalActivity(ctx context.Context, tx *writeTx, id int64) (StudyActivity, error) {
	a, err := scanActivity(tx.QueryRowContext(ctx, activityColumns+`WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return StudyActivity{}, &NotFoundError{Kind: "study activity", ID: id}
	}
	if err != nil {
		return StudyActivity{}, fmt.Errorf("db: study activity %d: %w", id, err)
	}
	if a.Builtin {
		return StudyActivity{}, ErrBuiltinActivity
	}
	return a, nil
}
