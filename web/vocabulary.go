package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// wordInput is the body of POST /words and of a word's change: the fields
// given (nil: not given) and, to show back in a refused form, the text
// entered.
type wordInput struct {
	japanese, reading, romaji, english *string
	parts                              *json.RawMessage
	groupIDs                           []int64
	groupsGiven                        bool
	entered                            views.WordForm
}

// decodeWord reads a word. creating, japanese and english are required and
// so is romaji unless a reading is given; changing, any field may be left
// out, but none given blank except the reading and the romaji (derived).
func decodeWord(b body, creating bool) (wordInput, error) {
	var v validator
	in := wordInput{
		japanese: b.optionalText(&v, "japanese"),
		reading:  b.optionalText(&v, "reading"),
		romaji:   b.optionalText(&v, "romaji"),
		english:  b.optionalText(&v, "english"),
		parts:    b.optionalJSON(&v, "parts"),
	}
	in.groupIDs, in.groupsGiven = b.idList(&v, "group_ids")
	in.entered = views.WordForm{Japanese: b.text("japanese"), Reading: b.text("reading"), Romaji: b.text("romaji"),
		English: b.text("english"), GroupIDs: in.groupIDs}
	if in.parts != nil {
		in.entered.Parts = string(*in.parts)
	}
	if creating {
		for name, t := range map[string]*string{"japanese": in.japanese, "english": in.english} {
			if t == nil || strings.TrimSpace(*t) == "" {
				v.add(name, "is required")
			}
		}
		if (in.romaji == nil || strings.TrimSpace(*in.romaji) == "") && (in.reading == nil || strings.TrimSpace(*in.reading) == "") {
			v.add("romaji", "is required (or give the reading)")
		}
	} else {
		notBlank(&v, "japanese", in.japanese)
		notBlank(&v, "english", in.english)
	}
	return in, v.err()
}

// wordFieldErrors turns the store's refusals of a word into field messages,
// with the word form re-rendered when there is one.
func wordFieldErrors(err error) error {
	var (
		text    *db.TextError
		dup     *db.DuplicateWordError
		missing *db.MissingError
	)
	switch {
	case errors.As(err, &text):
		return &validationError{message: "some fields are not valid", fields: map[string]string{text.Field: text.Err.Error()}}
	case errors.As(err, &dup):
		return &existingError{id: dup.ID, validationError: &validationError{
			message: fmt.Sprintf("the word %s is in your vocabulary already: %s", dup.Japanese, views.WordPath(dup.ID)),
			fields: map[string]string{"japanese": fmt.Sprintf("with this romaji and English is word %d already (%s)",
				dup.ID, views.WordPath(dup.ID))},
		}}
	case errors.As(err, &missing):
		return &validationError{message: "some fields are not valid", fields: map[string]string{"group_ids": missing.Error()}}
	}
	return err
}

// existingError is a validation error about a row that exists already (a
// duplicate word, a name in use): the form links to it.
type existingError struct {
	*validationError
	id int64
}

func (e *existingError) Unwrap() error { return e.validationError }

// existingID is the row an existingError names; 0 for other errors.
func existingID(err error) int64 {
	if e, ok := errors.AsType[*existingError](err); ok {
		return e.id
	}
	return 0
}

// withWordForm attaches the word form, re-rendered with what was entered
// and the messages, to a validation error.
func (s *Server) withWordForm(ctx context.Context, err error, form views.WordForm) error {
	invalid, ok := errors.AsType[*validationError](err)
	if !ok {
		return err
	}
	groups, gerr := s.store.ListGroupChoices(ctx)
	if gerr != nil {
		return errors.Join(err, gerr)
	}
	form.Groups, form.Errors, form.Duplicate = groups, invalid.fields, existingID(err)
	if len(invalid.fields) == 0 {
		form.Message = sentenceOf(invalid.message)
	}
	title := "New word"
	if form.WordID != 0 {
		title = "Edit word"
	}
	v := view{status: http.StatusBadRequest, page: views.Page{Title: title, Section: views.SectionWords},
		main: views.WordFormContent(form), fragment: views.WordFormView(form)}
	invalid.form = &v
	return invalid
}

func sentenceOf(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// showNewWord serves GET /words/new: the New word form.
func (s *Server) showNewWord(c echo.Context) error {
	groups, err := s.store.ListGroupChoices(c.Request().Context())
	if err != nil {
		return err
	}
	form := views.WordForm{Groups: groups}
	if g, err := strconv.ParseInt(c.QueryParam("group_id"), 10, 64); err == nil {
		form.GroupIDs = []int64{g}
	}
	return s.respond(c, view{page: views.Page{Title: "New word", Section: views.SectionWords}, main: views.WordFormContent(form)})
}

// createWord serves POST /words: add a word (its reading derived from the
// romaji when not given).
func (s *Server) createWord(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := decodeBody(c.Request())
	if err != nil {
		return s.withWordForm(ctx, err, views.WordForm{})
	}
	in, err := decodeWord(b, true)
	if err != nil {
		return s.withWordForm(ctx, err, in.entered)
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	w, err := s.store.CreateWord(ctx, db.WordInput{Japanese: deref(in.japanese), Reading: deref(in.reading),
		Romaji: deref(in.romaji), English: deref(in.english), Parts: derefJSON(in.parts), GroupIDs: in.groupIDs})
	if err != nil {
		return s.withWordForm(ctx, wordFieldErrors(err), in.entered)
	}
	path := views.WordPath(w.ID)
	return s.respond(c, view{json: w, location: path, seeOther: path, replayed: once.Replayed()})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func derefJSON(r *json.RawMessage) json.RawMessage {
	if r == nil {
		return nil
	}
	return *r
}

// showEditWord serves GET /words/:id/edit: the Edit form of a word.
func (s *Server) showEditWord(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	w, err := s.store.GetWord(ctx, id)
	if err != nil {
		return err
	}
	groups, err := s.store.ListGroupChoices(ctx)
	if err != nil {
		return err
	}
	form := views.WordForm{WordID: id, Japanese: w.Japanese, Reading: w.Reading, Romaji: w.Romaji, English: w.English,
		Parts: string(w.Parts), Groups: groups}
	for _, g := range w.Groups {
		form.GroupIDs = append(form.GroupIDs, g.ID)
	}
	return s.respond(c, view{page: views.Page{Title: "Edit " + w.Japanese, Section: views.SectionWords}, main: views.WordFormContent(form)})
}

// updateWord serves PATCH /words/:id and its form, POST /words/:id/edit:
// change any of a word's fields.
func (s *Server) updateWord(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	b, err := decodeBody(c.Request())
	if err != nil {
		return s.withWordForm(ctx, err, views.WordForm{WordID: id})
	}
	in, err := decodeWord(b, false)
	in.entered.WordID = id
	if err != nil {
		return s.withWordForm(ctx, err, in.entered)
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	change := db.WordChange{Japanese: in.japanese, Reading: in.reading, Romaji: in.romaji, English: in.english, Parts: in.parts}
	if in.groupsGiven {
		change.GroupIDs = &in.groupIDs
	}
	w, err := s.store.UpdateWord(ctx, id, change)
	if err != nil {
		return s.withWordForm(ctx, wordFieldErrors(err), in.entered)
	}
	return s.respond(c, view{json: w, seeOther: views.WordPath(w.ID), replayed: once.Replayed()})
}

// deleteWord serves DELETE /words/:id and its form, POST /words/:id/delete.
// A word with reviews needs confirm=true (JSON callers get a 400 without
// it); a browser is always asked first: a confirmation page, or with htmx
// the button's hx-confirm.
func (s *Server) deleteWord(c echo.Context) error {
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
	confirmed := b.confirmed(&v, c.QueryParams())
	if err := v.err(); err != nil {
		return err
	}
	m, _ := modeOf(c)
	if !confirmed && m != modeJSON {
		w, err := s.store.GetWord(ctx, id)
		if err != nil {
			return err
		}
		return s.respond(c, view{
			page: views.Page{Title: "Delete " + w.Japanese + "?", Section: views.SectionWords},
			main: views.ConfirmContent(views.ConfirmView{Title: "Delete " + w.Japanese + "?",
				Question: views.DeleteWordQuestion(w.Word), Action: views.DeleteWordPath(id), Cancel: views.WordPath(id),
				Button: "Yes, delete it", Back: views.WordPath(id), BackName: w.Japanese}),
		})
	}
	ctx, once, done, err := s.writeOnce(c, b)
	if err != nil {
		return err
	}
	defer done()
	res, err := s.store.DeleteWord(ctx, id, confirmed)
	if confirm, ok := errors.AsType[*db.ConfirmationError](err); ok {
		return &validationError{message: "deleting this word needs confirmation", fields: map[string]string{
			"confirm": fmt.Sprintf("must be true: the word has %d reviews, which are deleted with it", confirm.Reviews)}}
	}
	if err != nil {
		return err
	}
	return s.respond(c, view{json: res, seeOther: views.WordsPath + "?done=deleted", replayed: once.Replayed()})
}
