package web

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/db/studymode"
	"langportal/views"
)

// startSessionInput is the body of POST /study_sessions.
type startSessionInput struct {
	groupID, activityID int64
	startedAt           db.Time           // zero: now
	options             map[string]string // the options sent, by name
	idem                db.Idempotency
	entered             launchInput
}

func decodeStartSession(r *http.Request, b body, now time.Time) (startSessionInput, error) {
	var v validator
	in := startSessionInput{
		// Only Review may leave the group out (all groups): the store knows.
		groupID:    b.optionalPositiveInt(&v, "group_id"),
		activityID: b.positiveInt(&v, "study_activity_id"),
		startedAt:  b.optionalTime(&v, "started_at", now),
		options:    b.sessionOptions(&v),
		entered:    launchInput{groupID: b.text("group_id"), activityID: b.text("study_activity_id")},
	}
	in.entered.options = in.options
	in.idem = db.Idempotency{
		Key: idempotencyKey(&v, r, b),
		Request: fmt.Sprintf("POST /study_sessions group_id=%d study_activity_id=%d started_at=%s options=%s",
			in.groupID, in.activityID, in.startedAt, optionsKey(in.options)),
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
	in, err := decodeStartSession(c.Request(), b, s.opts.Now())
	if err != nil {
		return s.withLaunchForm(ctx, err, in.entered)
	}
	done, err := s.inFlight.begin(in.idem.Key)
	if err != nil {
		return err
	}
	defer done()
	sess, replayed, err := s.store.StartStudySession(ctx,
		db.NewSession{GroupID: in.groupID, ActivityID: in.activityID, StartedAt: in.startedAt, Options: in.options}, in.idem)
	if err != nil {
		return s.withLaunchForm(ctx, sessionFieldErrors(err, in), in.entered)
	}
	path := views.StudySessionPath(sess.ID)
	v := view{json: sess, location: path, seeOther: path, replayed: replayed}
	if launch, ok := views.ExternalLaunchURL(sess.ActivityURL, int64(sess.GroupID), sess.ID); ok && !sess.Builtin() {
		// With JavaScript the app opens in the tab that the launch click prepared.
		v.trigger = map[string]any{"openActivity": map[string]string{"url": launch}}
	}
	return s.respond(c, v)
}

// sessionFieldErrors turns the store's missing-reference errors into field messages.
func sessionFieldErrors(err error, in startSessionInput) error {
	var v validator
	if errors.Is(err, db.ErrGroupNotFound) {
		v.add("group_id", fmt.Sprintf("no group with id %d", in.groupID))
	}
	if errors.Is(err, db.ErrGroupRequired) {
		v.add("group_id", "is required") // only Review studies all groups at once
	}
	if errors.Is(err, db.ErrActivityNotFound) {
		v.add("study_activity_id", fmt.Sprintf("no study activity with id %d", in.activityID))
	}
	if oe, ok := errors.AsType[*db.OptionError](err); ok {
		for _, e := range oe.Errs {
			v.add(e.Field, e.Message)
		}
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
	// A field the form has no place for (started_at, from an app) is named
	// in the message above it.
	for _, field := range slices.Sorted(maps.Keys(invalid.fields)) {
		if field != "group_id" && field != "study_activity_id" && !form.HasOption(field) {
			form.Message = strings.TrimSpace(form.Message + " " + field + " " + invalid.fields[field] + ".")
		}
	}
	v := launchView(form)
	v.fragment = views.LaunchFormView(form)
	invalid.form = &v
	return invalid
}

// listStudySessions serves GET /study_sessions: every session, paginated and
// sortable, newest first by default.
func (s *Server) listStudySessions(c echo.Context) error {
	q, err := decodeListQuery(c.QueryParams(), db.SessionSorts())
	if err != nil {
		return err
	}
	q = newestFirstByDefault(c.QueryParams(), q)
	list, err := s.store.ListStudySessions(c.Request().Context(), q)
	if err != nil {
		return err
	}
	table := s.sessionsTable(views.StudySessionsPath, q, list, tableSortable, views.EmptyState{
		Message: "No study sessions yet. Launch a study activity to start one.", ActionLabel: "Start studying",
		ActionPath: views.StudyActivitiesPath,
	})
	return s.respond(c, view{
		page:  views.Page{Title: "Sessions", Section: views.SectionSessions},
		main:  views.SessionsContent(table),
		parts: map[string]templ.Component{sessionsTableID: views.SessionsTableView(table)},
		json:  list,
	})
}

// showStudySession serves GET /study_sessions/:id: the session, the words
// reviewed in it (paged and sorted by the query) and, for Flashcards, the
// next card.
func (s *Server) showStudySession(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := decodeListQuery(c.QueryParams(), db.WordSorts())
	if err != nil {
		return err
	}
	state, err := decodeSessionState(c.QueryParams())
	if err != nil {
		return err
	}
	v, detail, err := s.sessionView(c.Request().Context(), id, q, state)
	if err != nil {
		return err
	}
	parts := map[string]templ.Component{wordsTableID: views.WordsTableView(v.Words)}
	if v.Card != nil {
		parts[flashcardID] = views.FlashcardView(*v.Card)
	}
	page := views.Page{Title: v.Session.ActivityName + ": " + views.GroupLabel(v.Session.GroupName), Section: views.SectionSessions}
	if v.Card != nil && v.Card.Kind == studymode.Typing {
		page.Scripts = views.TypingScripts
	}
	return s.respond(c, view{
		page:  page,
		main:  views.SessionContent(v),
		parts: parts,
		json:  detail,
	})
}

// flashcardID is the element id of the Flashcards card, which htmx swaps.
const flashcardID = "flashcard"

// decodeRetry reads ?retry=missed: go on to the round of the missed words.
func decodeRetry(q url.Values) (bool, error) {
	values, ok := q["retry"]
	if !ok {
		return false, nil
	}
	if len(values) != 1 || values[0] != "missed" {
		return false, &validationError{message: "retry can only be missed",
			fields: map[string]string{"retry": "must be missed"}}
	}
	return true, nil
}

// sessionView loads a session, the page q of its reviewed words and, for a
// built-in activity, its Flashcards or Typing state (moving on to the missed
// words with state.retry, showing a typed answer's result with
// state.answered).
func (s *Server) sessionView(ctx context.Context, id int64, q db.ListQuery, state sessionState) (views.SessionView, db.SessionDetail, error) {
	d, err := s.store.GetStudySession(ctx, id, q)
	if err != nil {
		return views.SessionView{}, db.SessionDetail{}, err
	}
	v := views.SessionView{
		Session: d.SessionSummary,
		Words: wordsTable(views.StudySessionPath(id), q, d.Words, "words reviewed", views.EmptyState{
			Message: "No words reviewed in this session yet.",
		}),
		Zone: s.opts.Zone,
	}
	romaji, err := s.store.ShowRomaji(ctx)
	if err != nil {
		return views.SessionView{}, db.SessionDetail{}, err
	}
	v.Words.ShowRomaji = romaji
	if !d.Builtin() {
		if launch, ok := views.ExternalLaunchURL(d.ActivityURL, int64(d.GroupID), d.ID); ok {
			v.LaunchURL = launch
		} else {
			v.UnopenableURL = d.ActivityURL
		}
		return v, d, nil
	}
	if d.ActivityURL == db.ReviewURL {
		card, err := s.store.NextReviewCard(ctx, id, s.opts.Now(), s.opts.Zone)
		if err != nil {
			return views.SessionView{}, db.SessionDetail{}, err
		}
		v.Review = &views.ReviewCardView{ReviewCard: card, Token: newFormToken(), FlashcardsToken: newFormToken(), Zone: s.opts.Zone,
			ShowRomaji: romaji}
		if d.ReviewItemsCount > 0 {
			v.Review.UndoToken = newFormToken()
		}
		if fc, err := s.store.FindBuiltinActivity(ctx, db.FlashcardsURL); err == nil {
			v.Review.FlashcardsID = fc.ID
		}
		return v, d, nil
	}
	card, err := s.store.NextFlashcard(ctx, id, state.retry)
	if err != nil {
		return views.SessionView{}, db.SessionDetail{}, err
	}
	v.Card = &views.Card{Flashcard: card, Token: newFormToken(), StudyAgainToken: newFormToken(), ShowRomaji: romaji}
	if d.ReviewItemsCount > 0 {
		v.Card.UndoToken = newFormToken()
	}
	if card.Kind == studymode.Typing {
		if v.Answers, err = s.store.SessionAnswers(ctx, id); err != nil {
			return views.SessionView{}, db.SessionDetail{}, err
		}
	}
	if state.answered != 0 && card.Kind == studymode.Typing {
		answer, err := s.store.GetTypedAnswer(ctx, id, state.answered)
		if err != nil {
			return views.SessionView{}, db.SessionDetail{}, err
		}
		v.Card.Result = &answer
	}
	return v, d, nil
}
