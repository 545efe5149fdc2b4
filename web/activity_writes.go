package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// activityInput is the body of POST /study_activities and of a change.
type activityInput struct {
	name, description, url, thumbnail *string
	entered                           views.ActivityForm
}

func decodeActivity(b body, creating bool) (activityInput, error) {
	var v validator
	in := activityInput{
		name:        b.optionalText(&v, "name"),
		description: b.optionalText(&v, "description"),
		url:         b.optionalText(&v, "url"),
		thumbnail:   b.optionalText(&v, "thumbnail_url"),
		entered: views.ActivityForm{Name: b.text("name"), Description: b.text("description"), URL: b.text("url"),
			ThumbnailURL: b.text("thumbnail_url")},
	}
	if creating {
		for name, t := range map[string]*string{"name": in.name, "url": in.url} {
			if t == nil || *t == "" {
				v.add(name, "is required")
			}
		}
	}
	notBlank(&v, "name", in.name)
	return in, v.err()
}

// activityErrors turns the store's refusals of an app into field messages.
func activityErrors(err error) error {
	if errors.Is(err, db.ErrBuiltinActivity) {
		return &httpError{status: http.StatusBadRequest, message: "built-in study activities cannot be changed or removed"}
	}
	return groupNameErrors(err) // a name taken, a field refused
}

// withActivityForm attaches the app's form, with what was entered and the
// messages, to a validation error.
func (s *Server) withActivityForm(err error, form views.ActivityForm) error {
	invalid, ok := errors.AsType[*validationError](err)
	if !ok {
		return err
	}
	form.Errors, form.Taken = invalid.fields, existingID(err)
	v := view{status: http.StatusBadRequest, page: views.Page{Title: "Study app", Section: views.SectionStudyActivities},
		main: views.ActivityFormContent(form), fragment: views.ActivityFormView(form)}
	invalid.form = &v
	return invalid
}

// showNewActivity serves GET /study_activities/new: register an external app.
func (s *Server) showNewActivity(c echo.Context) error {
	return s.respond(c, view{page: views.Page{Title: "Add an external study app", Section: views.SectionStudyActivities},
		main: views.ActivityFormContent(views.ActivityForm{})})
}

// createActivity serves POST /study_activities: register an external app
// (http or https only).
func (s *Server) createActivity(c echo.Context) error {
	b, err := decodeBody(c.Request())
	if err != nil {
		return s.withActivityForm(err, views.ActivityForm{})
	}
	in, err := decodeActivity(b, true)
	if err != nil {
		return s.withActivityForm(err, in.entered)
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	a, err := s.store.CreateStudyActivity(ctx, db.ActivityInput{Name: deref(in.name),
		Description: deref(in.description), URL: deref(in.url), ThumbnailURL: deref(in.thumbnail)})
	if err != nil {
		return s.withActivityForm(activityErrors(err), in.entered)
	}
	path := views.StudyActivityPath(a.ID)
	return s.respond(c, view{json: a, location: path, seeOther: path, replayed: once.Replayed()})
}

// externalActivity reads an activity that may be changed: a built-in one is a 400.
func (s *Server) externalActivity(ctx context.Context, id int64) (db.StudyActivity, error) {
	a, err := s.store.GetStudyActivityDetail(ctx, id, db.ListQuery{PerPage: 1})
	if err != nil {
		return db.StudyActivity{}, err
	}
	if a.Builtin {
		return db.StudyActivity{}, activityErrors(db.ErrBuiltinActivity)
	}
	return a.StudyActivity, nil
}

// showEditActivity serves GET /study_activities/:id/edit.
func (s *Server) showEditActivity(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a, err := s.externalActivity(c.Request().Context(), id)
	if err != nil {
		return err
	}
	form := views.ActivityForm{ActivityID: id, Name: a.Name, Description: a.Description, URL: a.URL, ThumbnailURL: a.ThumbnailURL}
	return s.respond(c, view{page: views.Page{Title: "Edit " + a.Name, Section: views.SectionStudyActivities},
		main: views.ActivityFormContent(form)})
}

// updateActivity serves PATCH /study_activities/:id and its form, POST
// /study_activities/:id/edit.
func (s *Server) updateActivity(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	b, err := decodeBody(c.Request())
	if err != nil {
		return s.withActivityForm(err, views.ActivityForm{ActivityID: id})
	}
	in, err := decodeActivity(b, false)
	in.entered.ActivityID = id
	if err != nil {
		return s.withActivityForm(err, in.entered)
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	a, err := s.store.UpdateStudyActivity(ctx, id, db.ActivityChange{Name: in.name,
		Description: in.description, URL: in.url, ThumbnailURL: in.thumbnail})
	if err != nil {
		return s.withActivityForm(activityErrors(err), in.entered)
	}
	return s.respond(c, view{json: a, seeOther: views.StudyActivityPath(id), replayed: once.Replayed()})
}

// deleteActivity serves DELETE /study_activities/:id and its form, POST
// /study_activities/:id/delete: remove an external app; its sessions go
// with their reviews only with confirm=true.
func (s *Server) deleteActivity(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	b, confirmed, err := decodeConfirm(c)
	if err != nil {
		return err
	}
	if m, _ := modeOf(c); !confirmed && m != modeJSON {
		a, err := s.externalActivity(ctx, id)
		if err != nil {
			return err
		}
		return s.respond(c, view{
			page: views.Page{Title: "Remove " + a.Name + "?", Section: views.SectionStudyActivities},
			main: views.ConfirmContent(views.ConfirmView{Title: "Remove " + a.Name + "?",
				Question: "Its study sessions and their reviews are deleted with it. This cannot be undone.",
				Action:   views.DeleteActivityPath(id), Cancel: views.StudyActivityPath(id), Button: "Yes, remove it",
				Back: views.StudyActivityPath(id), BackName: a.Name}),
		})
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	res, err := s.store.DeleteStudyActivity(ctx, id, confirmed)
	if confirm, ok := errors.AsType[*db.ConfirmationError](err); ok {
		return &validationError{message: "removing this app needs confirmation", fields: map[string]string{
			"confirm": fmt.Sprintf("must be true: the app has %d study sessions with %d reviews, which are deleted with it",
				confirm.Sessions, confirm.Reviews)}}
	}
	if err != nil {
		return activityErrors(err)
	}
	return s.respond(c, view{json: res, seeOther: views.StudyActivitiesPath, replayed: once.Replayed()})
}
