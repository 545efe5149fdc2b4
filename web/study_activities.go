package web

import (
	"context"
	"strconv"

	"github.com/labstack/echo/v4"

	"langportal/views"
)

// showLaunchPage serves GET /study_activities/:id/launch: choose a group and
// launch the activity.
func (s *Server) showLaunchPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	activity, err := s.store.GetStudyActivity(c.Request().Context(), id)
	if err != nil {
		return err
	}
	form, err := s.launchForm(c.Request().Context(), launchInput{activityID: strconv.FormatInt(id, 10)})
	if err != nil {
		return err
	}
	form.Activity = &activity
	return s.respond(c, launchView(form))
}

// launchInput is what a launch form was sent with, as text.
type launchInput struct {
	groupID, activityID string
}

// launchForm fills the launch form's choices and entered values.
func (s *Server) launchForm(ctx context.Context, in launchInput) (views.LaunchForm, error) {
	groups, err := s.store.ListGroupChoices(ctx)
	if err != nil {
		return views.LaunchForm{}, err
	}
	activities, err := s.store.ListStudyActivities(ctx)
	if err != nil {
		return views.LaunchForm{}, err
	}
	f := views.LaunchForm{Groups: groups, Activities: activities, GroupID: in.groupID, ActivityID: in.activityID}
	for i := range activities {
		if strconv.FormatInt(activities[i].ID, 10) == in.activityID {
			f.Activity = &activities[i]
		}
	}
	return f, nil
}

func launchView(f views.LaunchForm) view {
	title := "Start a study session"
	if f.Activity != nil {
		title = "Launch " + f.Activity.Name
	}
	return view{
		page: views.Page{Title: title, Section: views.SectionStudyActivities},
		main: views.LaunchContent(f),
	}
}
