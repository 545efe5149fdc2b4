package web

import (
	"context"
	"errors"
	"fmt"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// startSessionInput is the body of POST /study_sessions.
type startSessionInput struct {
	groupID, activityID int64
	entered             launchInput
}

func decodeStartSession(b body) (startSessionInput, error) {
	var v validator
	in := startSessionInput{
		groupID:    b.positiveInt(&v, "group_id"),
		activityID: b.positiveInt(&v, "study_activity_id"),
		entered:    launchInput{groupID: b.text("group_id"), activityID: b.text("study_activity_id")},
	}
	return in, v.err()
}

// createStudySession serves POST /study_sessions: start a session of a group
// with an activity.
func (s *Server) createStudySession(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := decodeBody(c.Request())
	if err != nil {
		return s.withLaunchForm(ctx, err, launchInput{})
	}
	in, err := decodeStartSession(b)
	if err != nil {
		return s.withLaunchForm(ctx, err, in.entered)
	}
	sess, err := s.store.CreateStudySession(ctx, in.groupID, in.activityID)
	if err != nil {
		return s.withLaunchForm(ctx, sessionFieldErrors(err, in), in.entered)
	}
	path := views.StudySessionPath(sess.ID)
	return s.respond(c, view{json: sess, location: path, seeOther: path})
}

// sessionFieldErrors turns the store's missing-reference errors into field messages.
func sessionFieldErrors(err error, in startSessionInput) error {
	var v validator
	if errors.Is(err, db.ErrGroupNotFound) {
		v.add("group_id", fmt.Sprintf("no group with id %d", in.groupID))
	}
	if errors.Is(err, db.ErrActivityNotFound) {
		v.add("study_activity_id", fmt.Sprintf("no study activity with id %d", in.activityID))
	}
	if verr := v.err(); verr != nil {
		return verr
	}
	return err
}

// withLaunchForm attaches the launch form, re-rendered with the entered
// values and the messages, to a validation error.
func (s *Server) withLaunchForm(ctx context.Context, err error, entered launchInput) error {
	var invalid *validationError
	if !errors.As(err, &invalid) {
		return err
	}
	form, ferr := s.launchForm(ctx, entered)
	if ferr != nil {
		return errors.Join(err, ferr)
	}
	form.Errors = invalid.fields
	if len(invalid.fields) == 0 {
		form.Message = invalid.message
	}
	v := launchView(form)
	v.fragment = views.LaunchFormView(form)
	invalid.form = &v
	return invalid
}

// showStudySession serves GET /study_sessions/:id: the session and, for
// Flashcards, the next card.
func (s *Server) showStudySession(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.sessionView(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.respond(c, view{
		page: views.Page{Title: v.Session.ActivityName + ": " + v.Session.GroupName, Section: views.SectionSessions},
		main: views.SessionContent(v),
		json: v.Session,
	})
}

// sessionView loads a session and, for a built-in activity, its next card.
func (s *Server) sessionView(ctx context.Context, id int64) (views.SessionView, error) {
	sess, err := s.store.GetStudySession(ctx, id)
	if err != nil {
		return views.SessionView{}, err
	}
	v := views.SessionView{Session: sess, Zone: s.opts.Zone}
	if !sess.Builtin() {
		v.LaunchURL = views.ExternalLaunchURL(sess.ActivityURL, sess.GroupID, sess.ID)
		return v, nil
	}
	card, err := s.store.NextFlashcard(ctx, id)
	if err != nil {
		return views.SessionView{}, err
	}
	v.Card = &card
	return v, nil
}
