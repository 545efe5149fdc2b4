package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// reviewInput is the body of POST /study_sessions/:id/review.
type reviewInput struct {
	wordID  int64
	correct bool
	idem    db.Idempotency
}

func decodeReview(r *http.Request, sessionID int64, b body) (reviewInput, error) {
	var v validator
	in := reviewInput{wordID: b.positiveInt(&v, "word_id"), correct: b.boolean(&v, "correct")}
	in.idem = db.Idempotency{
		Key:     idempotencyKey(&v, r, b),
		Request: fmt.Sprintf("POST /study_sessions/%d/review word_id=%d correct=%t", sessionID, in.wordID, in.correct),
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
	in, err := decodeReview(c.Request(), sessionID, b)
	if err != nil {
		return err
	}
	done, err := s.inFlight.begin(in.idem.Key)
	if err != nil {
		return err
	}
	defer done()
	review, replayed, err := s.store.RecordReview(c.Request().Context(), sessionID, in.wordID, in.correct, in.idem)
	if err != nil {
		return reviewFieldErrors(err, in)
	}
	v := view{json: review, seeOther: views.StudySessionPath(sessionID), replayed: replayed}
	if m, _ := modeOf(c); m == modeFragment {
		next, _, err := s.sessionView(c.Request().Context(), sessionID, db.ListQuery{}, false)
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
	default:
		return err
	}
	return v.err()
}
