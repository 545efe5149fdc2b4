package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"

	"langportal/db/studymode"
)

// StudySession is a group studied with a study activity, as stored.
type StudySession struct {
	ID              int64      `json:"id"`
	GroupID         OptionalID `json:"group_id"` // 0 (null): all groups, for Review
	StudyActivityID int64      `json:"study_activity_id"`
	CreatedAt       Time       `json:"created_at"`
	// Options are what it was launched with, each of its activity's filled in.
	Options     studymode.Options `json:"options"`
	ActivityURL string            `json:"-"` // where the activity runs
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
	// Options are the options sent, by name (studymode.Names), as text;
	// those left out come from the settings.
	Options map[string]string
}

// OptionError refuses the options of a new session: each names its field.
type OptionError struct {
	Errs []*studymode.Error
}

func (e *OptionError) Error() string {
	msgs := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		msgs[i] = err.Error()
	}
	return "options: " + strings.Join(msgs, "; ")
}

// CreateStudySession starts a session of the group with the activity now.
// See StartStudySession.
func (s *Store) CreateStudySession(ctx context.Context, groupID, activityID int64, idem Idempotency) (StudySession, bool, error) {
	return s.StartStudySession(ctx, NewSession{GroupID: groupID, ActivityID: activityID}, idem)
}

// StartStudySession starts a session of the group with the activity and
// the options given, the others taken from the settings. A missing group or
// activity is reported as ErrGroupNotFound and/or ErrActivityNotFound, an
// option the activity does not have or a value it does not take as an
// *OptionError (joined with the former). With an idempotency key seen before, it writes
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
		var name string
		err = tx.QueryRowContext(ctx, `SELECT url, name FROM study_activities WHERE id = ?`, activityID).Scan(&sess.ActivityURL, &name)
		known := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if groupID == 0 && !known {
			return ErrActivityNotFound
		}
		if groupID == 0 && sess.ActivityURL != ReviewURL {
			return ErrGroupRequired
		}
		var optErr error
		if known {
			if optErr, err = resolveOptions(ctx, tx, &sess, name, n.Options); err != nil {
				return err
			}
		}
		options, err := json.Marshal(sess.Options)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			INSERT INTO study_sessions (group_id, study_activity_id, created_at, options) VALUES (?, ?, ?, ?)`,
			sess.GroupID, activityID, start, string(options))
		if isForeignKeyError(err) {
			return errors.Join(missingSessionParents(ctx, tx, groupID, activityID), optErr)
		}
		if err != nil {
			return err
		}
		if optErr != nil {
			return optErr // the transaction rolls back: nothing is written
		}
		if sess.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return recordKey(ctx, tx, idem, resourceStudySession, sess.ID, now)
	})
	if err != nil {
		return StudySession{}, false, fmt.Errorf("db: create study session: %w", err)
	}
	return sess, replayed, nil
}

// resolveOptions sets the new session's options: those given, checked
// against its activity, and the settings' defaults for the rest. Refused
// options come back as optErr, a failure to read the settings as err.
func resolveOptions(ctx context.Context, tx *writeTx, sess *StudySession, activity string, given map[string]string) (optErr, err error) {
	kind := ActivityKind(sess.ActivityURL)
	var defaults studymode.Options
	if kind != studymode.Other { // the others have no option to default
		st, err := readSettings(ctx, tx)
		if err != nil {
			return nil, err
		}
		defaults = studymode.Options{Direction: st.Direction, RoundSize: st.RoundSize, Prompt: st.TypingPrompt}
	}
	var errs []*studymode.Error
	sess.Options, errs = studymode.Resolve(kind, activity, given, defaults)
	if len(errs) > 0 {
		return &OptionError{Errs: errs}, nil
	}
	return nil, nil
}

// getSession reads a session row as it was created.
func getSession(ctx context.Context, qr querier, id int64) (StudySession, error) {
	var sess StudySession
	var options string
	err := qr.QueryRowContext(ctx, `
		SELECT s.id, s.group_id, s.study_activity_id, s.created_at, a.url, s.options
		FROM study_sessions s JOIN study_activities a ON a.id = s.study_activity_id
		WHERE s.id = ?`, id).Scan(&sess.ID, &sess.GroupID, &sess.StudyActivityID, &sess.CreatedAt, &sess.ActivityURL, &options)
	if errors.Is(err, sql.ErrNoRows) {
		return StudySession{}, &NotFoundError{Kind: "study session", ID: id}
	}
	if err != nil {
		return StudySession{}, err
	}
	sess.Options, err = parseOptions(options, sess.ActivityURL)
	return sess, err
}

// parseOptions reads a session's stored options, each of its activity's
// filled in (a session stored before options existed has none).
func parseOptions(stored, activityURL string) (studymode.Options, error) {
	var o studymode.Options
	if err := json.Unmarshal([]byte(stored), &o); err != nil {
		return o, fmt.Errorf("options: %w", err)
	}
	return o.Fill(ActivityKind(activityURL)), nil
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
	Options studymode.Options `json:"options"`
	Words   List[Word]        `json:"words"`
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
		var options string
		if err := tx.QueryRowContext(ctx, `SELECT options FROM study_sessions WHERE id = ?`, id).Scan(&options); err != nil {
			return fmt.Errorf("db: study session %d: %w", id, err)
		}
		if d.Options, err = parseOptions(options, d.ActivityURL); err != nil {
			return fmt.Errorf("db: study session %d: %w", id, err)
		}
		d.Words, err = listWords(ctx, tx, words, sessionWords, id)
		return err
	})
	return d, err
}
