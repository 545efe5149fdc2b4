package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// groupFlash is what a group's page says after an action (?done=, or
// ?added= and ?already= after words were added).
func groupFlash(q url.Values, group string) string {
	if added, err := strconv.Atoi(q.Get("added")); err == nil {
		already, _ := strconv.Atoi(q.Get("already"))
		return views.AddedMessage(db.GroupWordsAdded{Added: added, Already: already}, group)
	}
	switch q.Get("done") {
	case "created":
		return "Group created. Add words to it."
	case "renamed":
		return "Group renamed."
	case "removed":
		return "The word was taken out of the group; it stays in your vocabulary."
	}
	return ""
}

// decodeGroupName reads the body of POST /groups and of a rename.
func decodeGroupName(b body) (string, error) {
	var v validator
	name := b.requiredText(&v, "name")
	return name, v.err()
}

// groupNameErrors turns the store's refusals of a name into a field message.
func groupNameErrors(err error) error {
	if taken, ok := errors.AsType[*db.NameTakenError](err); ok {
		path := views.GroupPath(taken.ID)
		if taken.Kind != "group" {
			path = views.StudyActivityPath(taken.ID)
		}
		return &existingError{id: taken.ID, validationError: &validationError{
			message: fmt.Sprintf("a %s named %q exists: %s", taken.Kind, taken.Name, path),
			fields:  map[string]string{"name": fmt.Sprintf("is taken by %s %d (%s)", taken.Kind, taken.ID, path)},
		}}
	}
	if text, ok := errors.AsType[*db.TextError](err); ok {
		return &validationError{message: "some fields are not valid", fields: map[string]string{text.Field: text.Err.Error()}}
	}
	return err
}

// withGroupForm attaches the New group (id 0) or Rename form, with the name
// entered and the message, to a validation error.
func (s *Server) withGroupForm(ctx context.Context, err error, form views.GroupForm) error {
	invalid, ok := errors.AsType[*validationError](err)
	if !ok {
		return err
	}
	form.Errors, form.Taken = invalid.fields, existingID(err)
	if len(form.Errors) == 0 {
		form.Errors = views.FieldErrors{"name": invalid.message}
	}
	v := view{status: http.StatusBadRequest, page: views.Page{Title: "Word Groups", Section: views.SectionGroups}}
	if form.GroupID == 0 {
		list, lerr := s.store.ListGroups(ctx, db.ListQuery{})
		if lerr != nil {
			return errors.Join(err, lerr)
		}
		table := views.GroupsTable{Nav: views.TableNav{ID: groupsTableID, Path: views.GroupsPath, Sortable: true, Paged: true,
			Pagination: list.Pagination}, Groups: list.Items}
		v.main, v.fragment = views.GroupsContent(table, form), views.NewGroupForm(form)
	} else {
		v.page.Title = "Rename group"
		v.main, v.fragment = views.RenameGroupForm(form), views.RenameGroupForm(form)
	}
	invalid.form = &v
	return invalid
}

// createGroup serves POST /groups: make an empty group.
func (s *Server) createGroup(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := decodeBody(c.Request())
	if err != nil {
		return s.withGroupForm(ctx, err, views.GroupForm{})
	}
	name, err := decodeGroupName(b)
	if err != nil {
		return s.withGroupForm(ctx, err, views.GroupForm{Name: b.text("name")})
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	g, err := s.store.CreateGroup(ctx, name)
	if err != nil {
		return s.withGroupForm(ctx, groupNameErrors(err), views.GroupForm{Name: name})
	}
	path := views.GroupPath(g.ID)
	return s.respond(c, view{json: g, location: path, seeOther: path + "?done=created", replayed: once.Replayed()})
}

// renameGroup serves PATCH /groups/:id and its form, POST /groups/:id/edit.
func (s *Server) renameGroup(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	b, err := decodeBody(c.Request())
	if err != nil {
		return s.withGroupForm(ctx, err, views.GroupForm{GroupID: id})
	}
	name, err := decodeGroupName(b)
	if err != nil {
		return s.withGroupForm(ctx, err, views.GroupForm{GroupID: id, Name: b.text("name")})
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	g, err := s.store.RenameGroup(ctx, id, name)
	if err != nil {
		return s.withGroupForm(ctx, groupNameErrors(err), views.GroupForm{GroupID: id, Name: name})
	}
	return s.respond(c, view{json: g, seeOther: views.GroupPath(id) + "?done=renamed", replayed: once.Replayed()})
}

// deleteGroup serves DELETE /groups/:id and its form, POST
// /groups/:id/delete. Its words stay; its sessions (and their reviews) go
// only with confirm=true. A browser is always asked first.
func (s *Server) deleteGroup(c echo.Context) error {
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
		g, err := s.store.GetGroup(ctx, id, db.ListQuery{PerPage: 1})
		if err != nil {
			return err
		}
		return s.respond(c, view{
			page: views.Page{Title: "Delete " + g.Name + "?", Section: views.SectionGroups},
			main: views.ConfirmContent(views.ConfirmView{Title: "Delete the group " + g.Name + "?",
				Question: fmt.Sprintf("Its %s stay in your vocabulary. Its %s and their reviews are deleted. This cannot be undone.",
					views.Plural(g.WordCount, "word", "words"), views.Plural(g.StudySessions.Pagination.TotalItems, "study session", "study sessions")),
				Action: views.DeleteGroupPath(id), Cancel: views.GroupPath(id), Button: "Yes, delete the group",
				Back: views.GroupPath(id), BackName: g.Name}),
		})
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	res, err := s.store.DeleteGroup(ctx, id, confirmed)
	if confirm, ok := errors.AsType[*db.ConfirmationError](err); ok {
		return &validationError{message: "deleting this group needs confirmation", fields: map[string]string{
			"confirm": fmt.Sprintf("must be true: the group has %d study sessions with %d reviews, which are deleted with it",
				confirm.Sessions, confirm.Reviews)}}
	}
	if err != nil {
		return err
	}
	return s.respond(c, view{json: res, seeOther: views.GroupsPath + "?done=deleted", replayed: once.Replayed()})
}

// decodeConfirm reads a delete's body, and confirm=true from it or the query.
func decodeConfirm(c echo.Context) (body, bool, error) {
	b, err := decodeBody(c.Request())
	if err != nil {
		return b, false, err
	}
	var v validator
	confirmed := b.confirmed(&v, c.QueryParams())
	return b, confirmed, v.err()
}

// addGroupWords serves POST /groups/:id/words: add words (word_ids, a JSON
// array or repeated form fields) to a group. The words page's bulk Add to
// group and a group's Add words post here.
func (s *Server) addGroupWords(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	b, err := decodeBody(c.Request())
	if err != nil {
		return err
	}
	var v validator
	ids, given := b.idList(&v, "word_ids")
	if _, bad := v.fields["word_ids"]; !bad && (!given || len(ids) == 0) {
		v.add("word_ids", "is required: tick at least one word")
	}
	if err := v.err(); err != nil {
		return err
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	res, err := s.store.AddWordsToGroup(ctx, id, ids)
	if missing, ok := errors.AsType[*db.MissingError](err); ok {
		return &validationError{message: "some fields are not valid", fields: map[string]string{"word_ids": missing.Error()}}
	}
	if err != nil {
		return err
	}
	flash := url.Values{"added": {strconv.Itoa(res.Added)}, "already": {strconv.Itoa(res.Already)}}
	return s.respond(c, view{json: res, seeOther: views.GroupPath(id) + "?" + flash.Encode(), replayed: once.Replayed()})
}

// removeGroupWord serves DELETE /groups/:id/words/:word_id and its form,
// POST /groups/:id/words/:word_id/remove: the word leaves the group (it
// stays in the vocabulary). With htmx the row goes away in place.
func (s *Server) removeGroupWord(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	wordID, err := pathID(c, "word_id")
	if err != nil {
		return err
	}
	b, err := decodeOptionalBody(c.Request())
	if err != nil {
		return err
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	err = s.store.RemoveWordFromGroup(ctx, id, wordID)
	if errors.Is(err, db.ErrNotInGroup) {
		return &httpError{status: http.StatusNotFound, message: fmt.Sprintf("word %d is not in group %d", wordID, id)}
	}
	if err != nil {
		return err
	}
	return s.respond(c, view{
		json:     map[string]int64{"removed": wordID},
		seeOther: views.GroupPath(id) + "?done=removed",
		fragment: templ.NopComponent, // the row's outerHTML: gone
		replayed: once.Replayed(),
	})
}

// addWordsFormID is the Add words page's form, that the rows' checkboxes
// belong to.
const addWordsFormID = "add-words-form"

// showAddWords serves GET /groups/:id/add: search the vocabulary (?q=,
// paged and sorted like /words) and tick words to add to the group.
func (s *Server) showAddWords(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := decodeWordQuery(c.QueryParams())
	if err != nil {
		return err
	}
	g, err := s.store.GetGroup(ctx, id, db.ListQuery{PerPage: 1})
	if err != nil {
		return err
	}
	list, err := s.store.ListWords(ctx, q)
	if err != nil {
		return err
	}
	table := wordsTable(views.AddWordsPath(id), q, list, "words", wordsEmpty(q, "There are no words yet."))
	table.Select = addWordsFormID
	if table.ShowRomaji, err = s.store.ShowRomaji(ctx); err != nil {
		return err
	}
	return s.respond(c, view{
		page:  views.Page{Title: "Add words to " + g.Name, Section: views.SectionGroups},
		main:  views.AddWordsContent(views.AddWordsView{Group: g.Group, Search: q.Search, Words: table}),
		parts: map[string]templ.Component{wordsTableID: views.WordsTableView(table)},
		json:  list,
	})
}
