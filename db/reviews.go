package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"langportal/db/grade"
	"langportal/db/studymode"
)

// ReviewItem is one answer to one word in a study session.
type ReviewItem struct {
	ID             int64 `json:"id"`
	StudySessionID int64 `json:"study_session_id"`
	WordID         int64 `json:"word_id"`
	Correct        bool  `json:"correct"`
	CreatedAt      Time  `json:"created_at"`
	// Answer is what the learner typed and Expected what it was graded
	// against; both nil for an answer the learner graded.
	Answer   *string `json:"answer"`
	Expected *string `json:"expected"`
}

// NewReview is an answer to record.
type NewReview struct {
	WordID  int64
	Correct bool
	// Answer, when not empty, is what the learner typed: the store grades
	// it (Correct is ignored) against the word's English if the session's
	// prompt is meaning, else against its reading.
	Answer string
	// At is when the answer was given (an app that works offline sends its
	// answers later); zero means now. It must not be before the session's
	// start (ErrReviewBeforeSession); the caller checks the rest.
	At Time
}

// MaxBatch is how many reviews one batch may hold.
const MaxBatch = 500

// ErrReviewBeforeSession means an answer's time is before its session started.
var ErrReviewBeforeSession = errors.New("review before its session's start")

// ItemError says which answer of a batch was refused, and why.
type ItemError struct {
	Index int
	Err   error
}

func (e *ItemError) Error() string { return fmt.Sprintf("review %d: %v", e.Index, e.Err) }
func (e *ItemError) Unwrap() error { return e.Err }

// RecordReview records one answer given now. See RecordAnswer.
func (s *Store) RecordReview(ctx context.Context, sessionID, wordID int64, correct bool, idem Idempotency) (ReviewItem, bool, error) {
	return s.RecordAnswer(ctx, sessionID, NewReview{WordID: wordID, Correct: correct}, idem)
}

// RecordAnswer records one review of a word in a session, with the word's
// counts and memory, in one transaction. It returns a *NotFoundError for a
// missing session, ErrWordNotFound for a missing word, ErrWordNotInGroup
// for a word outside the session's group and ErrReviewBeforeSession. With an
// idempotency key seen before, it writes nothing and returns the review the
// key created (replayed is true).
func (s *Store) RecordAnswer(ctx context.Context, sessionID int64, a NewReview, idem Idempotency) (r ReviewItem, replayed bool, err error) {
	now := Now()
	err = s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		id, found, err := priorWrite(ctx, tx, idem, resourceReview)
		if err != nil {
			return err
		}
		if found {
			replayed = true
			r, err = getReview(ctx, tx, id)
			return err
		}
		session, err := sessionForReviews(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if r, err = writeReview(ctx, tx, session, a, now); err != nil {
			return err
		}
		return recordKey(ctx, tx, idem, resourceReview, r.ID, now)
	})
	if err != nil {
		return ReviewItem{}, false, fmt.Errorf("db: record review: %w", err)
	}
	return r, replayed, nil
}

// RecordReviews records a batch of answers in one transaction: all of them,
// or none when one is refused (an *ItemError naming it).
func (s *Store) RecordReviews(ctx context.Context, sessionID int64, answers []NewReview, idem Idempotency) (items []ReviewItem, replayed bool, err error) {
	now := Now()
	err = s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		first, found, err := priorWrite(ctx, tx, idem, resourceReviewBatch)
		if err != nil {
			return err
		}
		if found {
			replayed = true
			items, err = getReviews(ctx, tx, sessionID, first, len(answers))
			return err
		}
		session, err := sessionForReviews(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		items = make([]ReviewItem, 0, len(answers))
		for i, a := range answers {
			r, err := writeReview(ctx, tx, session, a, now)
			if err != nil {
				if _, ok := errors.AsType[*NotFoundError](err); ok {
					return err
				}
				return &ItemError{Index: i, Err: err}
			}
			items = append(items, r)
		}
		if len(items) == 0 {
			return nil
		}
		return recordKey(ctx, tx, idem, resourceReviewBatch, items[0].ID, now)
	})
	if err != nil {
		return nil, false, fmt.Errorf("db: record reviews: %w", err)
	}
	return items, replayed, nil
}

// reviewSession is what a review needs of its session.
type reviewSession struct {
	id        int64
	groupID   sql.NullInt64 // NULL: every word may be reviewed
	startedAt Time
	meaning   bool // typed answers are graded against the English
}

func sessionForReviews(ctx context.Context, tx *writeTx, id int64) (reviewSession, error) {
	s := reviewSession{id: id}
	var prompt string
	err := tx.QueryRowContext(ctx, `SELECT group_id, created_at, COALESCE(json_extract(options, '$.prompt'), '') FROM study_sessions WHERE id = ?`,
		id).Scan(&s.groupID, &s.startedAt, &prompt)
	if errors.Is(err, sql.ErrNoRows) {
		return s, &NotFoundError{Kind: "study session", ID: id}
	}
	s.meaning = studymode.Options{Prompt: prompt}.GradesMeaning()
	return s, err
}

// writeReview writes one answer and brings the word's memory up to date;
// the counts follow by trigger.
func writeReview(ctx context.Context, tx *writeTx, session reviewSession, a NewReview, now Time) (ReviewItem, error) {
	at := a.At
	if at.IsZero() {
		at = now
	}
	if at.Before(session.startedAt.Time) {
		return ReviewItem{}, ErrReviewBeforeSession
	}
	// The writer runs one write at a time, so nothing can change between
	// this check and the insert.
	var exists, inGroup bool
	if err := tx.QueryRowContext(ctx, `
		SELECT EXISTS (SELECT 1 FROM words WHERE id = ?),
		       ? IS NULL OR EXISTS (SELECT 1 FROM word_groups WHERE word_id = ? AND group_id = ?)`,
		a.WordID, session.groupID, a.WordID, session.groupID).Scan(&exists, &inGroup); err != nil {
		return ReviewItem{}, err
	}
	switch {
	case !exists:
		return ReviewItem{}, ErrWordNotFound
	case !inGroup:
		return ReviewItem{}, ErrWordNotInGroup
	}
	r := ReviewItem{StudySessionID: session.id, WordID: a.WordID, Correct: a.Correct, CreatedAt: at}
	if a.Answer != "" {
		// A typed answer: the server grades it against the word as it is now,
		// and keeps what it expected.
		var reading, romaji, english string
		if err := tx.QueryRowContext(ctx, `SELECT reading, romaji, english FROM words WHERE id = ?`, a.WordID).
			Scan(&reading, &romaji, &english); err != nil {
			return ReviewItem{}, err
		}
		expected := reading
		if session.meaning {
			expected = english
			r.Correct = grade.Meaning(a.Answer, english)
		} else {
			r.Correct = grade.Spoken(a.Answer, reading, romaji)
		}
		r.Answer, r.Expected = &a.Answer, &expected
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO word_review_items (study_session_id, word_id, correct, created_at, answer, expected) VALUES (?, ?, ?, ?, ?, ?)`,
		session.id, a.WordID, r.Correct, at, r.Answer, r.Expected)
	if err != nil {
		return ReviewItem{}, err
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return ReviewItem{}, err
	}
	return r, rememberAnswer(ctx, tx, a.WordID, at, r.Correct)
}

const reviewColumns = `SELECT id, study_session_id, word_id, correct, created_at, answer, expected FROM word_review_items `

func scanReview(row interface{ Scan(...any) error }) (ReviewItem, error) {
	var r ReviewItem
	err := row.Scan(&r.ID, &r.StudySessionID, &r.WordID, &r.Correct, &r.CreatedAt, &r.Answer, &r.Expected)
	return r, err
}

func getReview(ctx context.Context, qr querier, id int64) (ReviewItem, error) {
	return scanReview(qr.QueryRowContext(ctx, reviewColumns+`WHERE id = ?`, id))
}

// getReviews reads the n reviews of a batch: one savepoint wrote them, so
// their ids follow each other from first.
func getReviews(ctx context.Context, qr querier, sessionID, first int64, n int) ([]ReviewItem, error) {
	rows, err := qr.QueryContext(ctx, reviewColumns+`WHERE id >= ? AND study_session_id = ? ORDER BY id LIMIT ?`, first, sessionID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []ReviewItem
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, r)
	}
	return items, rows.Err()
}
