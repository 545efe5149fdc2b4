package web

import (
	"context"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/db/studymode"
	"langportal/views"
)

// listStudyActivities serves GET /study_activities: a card for each activity.
func (s *Server) listStudyActivities(c echo.Context) error {
	q, err := decodeListQuery(c.QueryParams(), db.ActivitySorts())
	if err != nil {
		return err
	}
	list, err := s.store.ListStudyActivities(c.Request().Context(), q)
	if err != nil {
		return err
	}
	nav := views.TableNav{ID: "activities", Path: views.StudyActivitiesPath, Sortable: true, Paged: true, Sort: q.Sort, Desc: q.Desc,
		Pagination: list.Pagination}
	return s.respond(c, view{
		page: views.Page{Title: "Study Activities", Section: views.SectionStudyActivities},
		main: views.ActivitiesContent(views.ActivitiesView{Activities: list.Items, Nav: nav}),
		json: list,
	})
}

// showStudyActivity serves GET /study_activities/:id: the activity and its
// sessions, newest first, paged by the query.
func (s *Server) showStudyActivity(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := decodeListQuery(c.QueryParams(), nil)
	if err != nil {
		return err
	}
	a, err := s.store.GetStudyActivityDetail(c.Request().Context(), id, q)
	if err != nil {
		return err
	}
	// The page's Launch is the action: the empty state names none.
	table := s.sessionsTable(views.StudyActivityPath(id), q, a.StudySessions, tableNewestFirst, views.EmptyState{
		Message: "No sessions with this activity yet.",
	})
	return s.respond(c, view{
		page:  views.Page{Title: a.Name, Section: views.SectionStudyActivities},
		main:  views.ActivityContent(views.ActivityView{Activity: a.StudyActivity, Sessions: table}),
		parts: map[string]templ.Component{sessionsTableID: views.SessionsTableView(table)},
		json:  a,
	})
}

// showLaunchPage serves GET /study_activities/:id/launch: choose a group and
// launch the activity. ?group_id= chooses the group beforehand (a group's
// "Study this group").
func (s *Server) showLaunchPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	groupID, err := decodeGroupChoice(c.QueryParams())
	if err != nil {
		return err
	}
	// The form lists every activity; the one asked for is among them.
	form, err := s.launchForm(c.Request().Context(), launchInput{activityID: strconv.FormatInt(id, 10), groupID: groupID})
	if err != nil {
		return err
	}
	if form.Activity == nil {
		return &db.NotFoundError{Kind: "study activity", ID: id}
	}
	return s.respond(c, launchView(form))
}

// decodeGroupChoice reads the optional ?group_id= of the launch page: a
// positive integer, as text for the form ("" when absent). A group that
// does not exist is simply not chosen.
func decodeGroupChoice(q url.Values) (string, error) {
	values, ok := q["group_id"]
	if !ok {
		return "", nil
	}
	id, err := strconv.ParseInt(values[len(values)-1], 10, 64)
	if len(values) != 1 || !isDigits(values[0]) || err != nil || id <= 0 {
		return "", &validationError{message: "group_id must be a positive integer",
			fields: map[string]string{"group_id": "must be a positive integer"}}
	}
	return strconv.FormatInt(id, 10), nil
}

// launchInput is what a launch form was sent with, as text.
type launchInput struct {
	groupID, activityID string
	options             map[string]string // the study-mode options sent
}

// launchForm fills the launch form's choices and entered values.
func (s *Server) launchForm(ctx context.Context, in launchInput) (views.LaunchForm, error) {
	groups, err := s.store.ListGroupChoices(ctx)
	if err != nil {
		return views.LaunchForm{}, err
	}
	list, err := s.store.ListStudyActivities(ctx, db.ListQuery{PerPage: db.MaxPerPage})
	if err != nil {
		return views.LaunchForm{}, err
	}
	settings, err := s.store.GetSettings(ctx)
	if err != nil {
		return views.LaunchForm{}, err
	}
	activities := list.Items
	f := views.LaunchForm{Token: newFormToken(), Groups: groups, Activities: activities, GroupID: in.groupID, ActivityID: in.activityID,
		Options: launchOptions(settings, in.options)}
	for i := range activities {
		if strconv.FormatInt(activities[i].ID, 10) == in.activityID {
			f.Activity = &activities[i]
		}
	}
	return f, nil
}

// launchOptions are the options a launch form preselects: those entered
// (a refused one shows as sent), else the settings' defaults.
func launchOptions(st db.Settings, entered map[string]string) studymode.Options {
	o := studymode.Options{Direction: st.Direction, RoundSize: st.RoundSize, Prompt: st.TypingPrompt}
	if v, ok := entered[studymode.Direction]; ok {
		o.Direction = v
	}
	if v, ok := entered[studymode.RoundSize]; ok {
		o.RoundSize = v
	}
	if v, ok := entered[studymode.Prompt]; ok {
		o.Prompt = v
	}
	return o
}

func launchView(f views.LaunchForm) view {
	title := "Start a study session"
	if f.Activity != nil {
		title = "Launch " + f.Activity.Name
	}
	page := views.Page{Title: title, Section: views.SectionStudyActivities}
	if f.Activity != nil && f.Activity.URL == db.TypingURL {
		page.Scripts = views.TypingScripts
	}
	return view{page: page, main: views.LaunchContent(f)}
}
