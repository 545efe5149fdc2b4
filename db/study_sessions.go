package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// StudySession is a group studied with a study activity, as stored.
type StudySession struct {
	ID              int64      `json:"id"`
	GroupID         OptionalID `json:"group_id"` // 0 (null): all groups, for Review
	StudyActivityID int64      `json:"study_activity_id"`
	CreatedAt       Time       `json:"created_at"`
	ActivityURL     string     `json:"-"` // where the activity runs
}

// Builtin reports whether the session's activity runs inside the portal.
func (s StudySession) Builtin() bool { return isBuiltinURL(s.ActivityURL) }

// SessionSummary is a study session with its group, activity and review counts.
type SessionSummary struct {
	ID               int64        `json:"id"`
	GroupID          OptionalID   `json:"group_id"`   // 0 (null): all groups
	GroupName        OptionalName `json:"group_name"` // "" (null): all groups
	StudyActivityID  int64        `json:"study_activity_id"`
	ActivityName     string       `json:"activity_name"`
	ActivityURL      string       `json:"-"`
	StartTime        Time         `json:"start_time"`
	EndTime          Time         `json:"end_time"` // the last review's time, or StartTime
	ReviewItemsCount int          `json:"review_items_count"`
	CorrectCount     int          `json:"correct_count"`
	WrongCount       int          `json:"wrong_count"`
}

// Builtin reports whether the session's activity runs inside the portal.
func (s SessionSummary) Builtin() bool { return isBuiltinURL(s.ActivityURL) }

// NewSession is a study session to start.
type NewSession struct {
	// GroupID 0 is a session of every group: only the Review activity
	// has those (ErrGroupRequired for the others).
	GroupID, ActivityID int64
	// StartedAt is when it started, for apps that send it later; zero means now.
	StartedAt Time
}

// CreateStudySession starts a session of the group with the activity now.
// See StartStudySession.
func (s *Store) CreateStudySession(ctx context.Context, groupID, activityID int64, idem Idempotency) (StudySession, bool, error) {
	return s.StartStudySession(ctx, NewSession{GroupID: groupID, ActivityID: activityID}, idem)
}

// StartStudySession starts a session of the group with the activity. A
// missing group or activity is reported as ErrGroupNotFound and/or
// ErrActivityNotFound. With an idempotency key seen before, it writes
// nothing and returns the session the key created (replayed is true).
func (s *Store) StartStudySession(ctx context.Context, n NewSession, idem Idempotency) (sess StudySession, replayed bool, err error) {
	now := Now()
	groupID, activityID := n.GroupID, n.ActivityID
	start := n.StartedAt
	if start.IsZero() {
		start = now
	}
	err = s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		id, found, err := priorWrite(ctx, tx, idem, resourceStudySession)
		if err != nil {
			return err
		}
		if found {
			replayed = true
			sess, err = getSession(ctx, tx, id)
			return err
		}
		sess = StudySession{GroupID: OptionalID(groupID), StudyActivityID: activityID, CreatedAt: start}
		if groupID == 0 {
			var url string
			err := tx.QueryRowContext(ctx, `SELECT url FROM study_activities WHERE id = ?`, activityID).Scan(&url)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrActivityNotFound
			}
			if err != nil {
				return err
			}
			if url != ReviewURL {
				return ErrGroupRequired
			}
		}
		res, err := tx.ExecContext(ctx, `
			INSERT INTO study_sessions (group_id, study_activity_id, created_at) VALUES (?, ?, ?)`,
			sess.GroupID, activityID, start)
		if isForeignKeyError(err) {
			return missingSessionParents(ctx, tx, groupID, activityID)
		}
		if err != nil {
			return err
		}
		if sess.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT url FROM study_activities WHERE id = ?`, activityID).Scan(&sess.ActivityURL); err != nil {
			return err
		}
		return recordKey(ctx, tx, idem, resourceStudySession, sess.ID, now)
	})
	if err != nil {
		return StudySession{}, false, fmt.Errorf("db: create study session: %w", err)
	}
	return sess, replayed, nil
}

// getSession reads a session row as it was created.
func getSession(ctx context.Context, qr querier, id int64) (StudySession, error) {
	var sess StudySession
	err := qr.QueryRowContext(ctx, `
		SELECT s.id, s.group_id, s.study_activity_id, s.created_at, a.url
		FROM study_sessions s JOIN study_activities a ON a.id = s.study_activity_id
		WHERE s.id = ?`, id).Scan(&sess.ID, &sess.GroupID, &sess.StudyActivityID, &sess.CreatedAt, &sess.ActivityURL)
	if errors.Is(err, sql.ErrNoRows) {
		return StudySession{}, &NotFoundError{Kind: "study session", ID: id}
	}
	return sess, err
}

// missingSessionParents names which of a new session's references is missing.
func missingSessionParents(ctx context.Context, tx *writeTx, groupID, activityID int64) error {
	var group, activity bool
	if err := tx.QueryRowContext(ctx, `
		SELECT EXISTS (SELECT 1 FROM groups WHERE id = ?),
		       EXISTS (SELECT 1 FROM study_activities WHERE id = ?)`,
		groupID, activityID).Scan(&group, &activity); err != nil {
		return err
	}
	var errs []error
	if !group {
		errs = append(errs, ErrGroupNotFound)
	}
	if !activity {
		errs = append(errs, ErrActivityNotFound)
	}
	return errors.Join(errs...)
}

func isForeignKeyError(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintForeignKey
}

// SessionDetail is a session with the words reviewed in it, each with the
// session's own right and wrong counts.
type SessionDetail struct {
	SessionSummary
	Words List[Word] `json:"words"`
}

// GetStudySession returns the session with its group, activity and counts,
// and the page of its reviewed words that words asks for.
func (s *Store) GetStudySession(ctx context.Context, id int64, words ListQuery) (SessionDetail, error) {
	var d SessionDetail
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		d.SessionSummary, err = scanSession(tx.QueryRowContext(ctx, sessionColumns+`WHERE s.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{Kind: "study session", ID: id}
		}
		if err != nil {
			return fmt.Errorf("db: study session %d: %w", id, err)
		}
		d.Words, err = listWords(ctx, tx, words, sessionWords, id)
		return err
	})
	return d, err
}
