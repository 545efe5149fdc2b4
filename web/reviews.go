package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// reviewInput is the body of POST /study_sessions/:id/review.
type reviewInput struct {
	wordID     int64
	correct    bool
	answer     string  // typed, trimmed; "" when the learner graded (correct)
	reviewedAt db.Time // zero: now
	idem       db.Idempotency
}

func decodeReview(r *http.Request, sessionID int64, b body, now time.Time) (reviewInput, error) {
	var v validator
	in := reviewInput{wordID: b.positiveInt(&v, "word_id")}
	in.correct, in.answer = b.gradeOrAnswer(&v)
	in.reviewedAt = b.optionalTime(&v, "reviewed_at", now)
	in.idem = db.Idempotency{
		Key: idempotencyKey(&v, r, b),
		Request: fmt.Sprintf("POST /study_sessions/%d/review word_id=%d correct=%t answer=%q reviewed_at=%s",
			sessionID, in.wordID, in.correct, in.answer, in.reviewedAt),
	}
	return in, v.err()
}

// recordReview serves POST /study_sessions/:id/review: record one answer and
// show the next card.
func (s *Server) recordReview(c echo.Context) error {
	sessionID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	b, err := decodeBody(c.Request())
	if err != nil {
		return err
	}
	in, err := decodeReview(c.Request(), sessionID, b, s.opts.Now())
	if err != nil {
		return err
	}
	done, err := s.inFlight.begin(in.idem.Key)
	if err != nil {
		return err
	}
	defer done()
	review, replayed, err := s.store.RecordAnswer(c.Request().Context(), sessionID,
		db.NewReview{WordID: in.wordID, Correct: in.correct, Answer: in.answer, At: in.reviewedAt}, in.idem)
	if err != nil {
		return reviewFieldErrors(err, in)
	}
	v := view{json: review, seeOther: answeredPath(sessionID, review), replayed: replayed}
	if m, _ := modeOf(c); m == modeFragment {
		next, _, err := s.sessionView(c.Request().Context(), sessionID, db.ListQuery{}, sessionState{answered: typedReviewID(review)})
		if err != nil {
			return err
		}
		v.fragment = views.CardUpdate(next)
	}
	return s.respond(c, v)
}

// reviewFieldErrors turns the store's word errors into field messages.
func reviewFieldErrors(err error, in reviewInput) error {
	var v validator
	switch {
	case errors.Is(err, db.ErrWordNotFound):
		v.add("word_id", fmt.Sprintf("no word with id %d", in.wordID))
	case errors.Is(err, db.ErrWordNotInGroup):
		v.add("word_id", fmt.Sprintf("word %d is not in this session's group", in.wordID))
	case errors.Is(err, db.ErrReviewBeforeSession):
		v.add("reviewed_at", "is before the session started")
	default:
		return err
	}
	return v.err()
}

// reviewBatchInput is the body of POST /study_sessions/:id/reviews.
type reviewBatchInput struct {
	reviews []db.NewReview
	idem    db.Idempotency
}

// decodeReviewBatch reads {"reviews": [{"word_id", "correct", "reviewed_at"?}, ...]}:
// 1 to db.MaxBatch items, each checked like a single review, with field
// messages keyed by position ("reviews[3].word_id").
func decodeReviewBatch(r *http.Request, sessionID int64, b body, now time.Time) (reviewBatchInput, error) {
	var v validator
	var in reviewBatchInput
	var items []json.RawMessage
	raw, ok := b.json["reviews"]
	switch {
	case !ok:
		v.add("reviews", "is required")
	case json.Unmarshal(raw, &items) != nil:
		v.add("reviews", "must be an array of reviews, not "+jsonKind(raw))
	case len(items) == 0:
		v.add("reviews", "must hold at least one review")
	case len(items) > db.MaxBatch:
		v.add("reviews", fmt.Sprintf("must hold at most %d reviews, not %d", db.MaxBatch, len(items)))
	}
	request := fmt.Sprintf("POST /study_sessions/%d/reviews", sessionID)
	for i, item := range items {
		if len(items) > db.MaxBatch {
			break
		}
		var fields map[string]json.RawMessage
		if json.Unmarshal(item, &fields) != nil || fields == nil {
			v.add(fmt.Sprintf("reviews[%d]", i), "must be an object, not "+jsonKind(item))
			continue
		}
		var iv validator
		ib := body{json: fields}
		a := db.NewReview{WordID: ib.positiveInt(&iv, "word_id")}
		a.Correct, a.Answer = ib.gradeOrAnswer(&iv)
		a.At = ib.optionalTime(&iv, "reviewed_at", now)
		for field, msg := range iv.fields {
			v.add(fmt.Sprintf("reviews[%d].%s", i, field), msg)
		}
		in.reviews = append(in.reviews, a)
		request += fmt.Sprintf(" %d:%t:%q:%s", a.WordID, a.Correct, a.Answer, a.At)
	}
	in.idem = db.Idempotency{Key: idempotencyKey(&v, r, b), Request: request}
	return in, v.err()
}

// recordReviews serves POST /study_sessions/:id/reviews: a batch of answers
// from an app, recorded all together or not at all. JSON only.
func (s *Server) recordReviews(c echo.Context) error {
	sessionID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if !isJSONContent(c.Request().Header.Get("Content-Type")) {
		return &httpError{status: http.StatusUnsupportedMediaType, message: "send the batch as application/json"}
	}
	b, err := decodeBody(c.Request())
	if err != nil {
		return err
	}
	in, err := decodeReviewBatch(c.Request(), sessionID, b, s.opts.Now())
	if err != nil {
		return err
	}
	done, err := s.inFlight.begin(in.idem.Key)
	if err != nil {
		return err
	}
	defer done()
	items, replayed, err := s.store.RecordReviews(c.Request().Context(), sessionID, in.reviews, in.idem)
	if err != nil {
		return batchFieldErrors(err, in)
	}
	return s.render(c, modeJSON, view{json: map[string]any{"items": items}, replayed: replayed})
}

// batchFieldErrors names the refused item of a batch.
func batchFieldErrors(err error, in reviewBatchInput) error {
	item, ok := errors.AsType[*db.ItemError](err)
	if !ok {
		return err
	}
	single := reviewInput{wordID: in.reviews[item.Index].WordID}
	ferr := reviewFieldErrors(item.Err, single)
	invalid, ok := errors.AsType[*validationError](ferr)
	if !ok {
		return err
	}
	var v validator
	for field, msg := range invalid.fields {
		v.add(fmt.Sprintf("reviews[%d].%s", item.Index, field), msg)
	}
	return v.err()
}

// undoInput is the body of POST /study_sessions/:id/undo: nothing but the
// optional idempotency key (a form's one-time token).
func decodeUndo(r *http.Request, sessionID int64, b body) (db.Idempotency, error) {
	var v validator
	idem := db.Idempotency{Key: idempotencyKey(&v, r, b), Request: fmt.Sprintf("POST /study_sessions/%d/undo", sessionID)}
	return idem, v.err()
}

// undoReview serves POST /study_sessions/:id/undo: take the session's latest
// answer back and show its word's card again.
func (s *Server) undoReview(c echo.Context) error {
	sessionID, err := pathID(c, "id")
	if err != nil {
		return err
	}
	b, err := decodeBody(c.Request())
	if err != nil {
		return err
	}
	idem, err := decodeUndo(c.Request(), sessionID, b)
	if err != nil {
		return err
	}
	done, err := s.inFlight.begin(idem.Key)
	if err != nil {
		return err
	}
	defer done()
	undone, replayed, err := s.store.UndoReview(c.Request().Context(), sessionID, idem)
	if errors.Is(err, db.ErrNothingToUndo) {
		return &httpError{status: http.StatusNotFound, message: fmt.Sprintf("study session %d has no review to undo", sessionID)}
	}
	if err != nil {
		return err
	}
	v := view{json: map[string]any{"undone": undone}, seeOther: views.StudySessionPath(sessionID), replayed: replayed}
	if m, _ := modeOf(c); m == modeFragment {
		next, _, err := s.sessionView(c.Request().Context(), sessionID, db.ListQuery{}, sessionState{})
		if err != nil {
			return err
		}
		v.fragment = views.CardUpdate(next)
	}
	return s.respond(c, v)
}
