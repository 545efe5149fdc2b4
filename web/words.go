package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// bulkAddFormID is the words page's Add to group form, that the rows'
// checkboxes belong to.
const bulkAddFormID = "bulk-add"

// listWords serves GET /words: every word, paginated and sortable, searched
// by ?q= and filtered by ?state=.
func (s *Server) listWords(c echo.Context) error {
	ctx := c.Request().Context()
	q, err := decodeWordQuery(c.QueryParams())
	if err != nil {
		return err
	}
	list, err := s.store.ListWords(ctx, q)
	if err != nil {
		return err
	}
	groups, err := s.store.ListGroupChoices(ctx)
	if err != nil {
		return err
	}
	table := wordsTable(views.WordsPath, q, list, "words", wordsEmpty(q, "There are no words yet."))
	table.Select = bulkAddFormID
	if table.ShowRomaji, err = s.store.ShowRomaji(ctx); err != nil {
		return err
	}
	var flash string
	if c.QueryParam("done") == "deleted" {
		flash = "The word was deleted."
	}
	return s.respond(c, view{
		page:  views.Page{Title: "Words", Section: views.SectionWords},
		main:  views.WordsContent(views.WordsView{Table: table, Groups: groups, Flash: flash}),
		parts: map[string]templ.Component{wordsTableID: views.WordsTableView(table)},
		json:  list,
	})
}

// wordsEmpty is what an empty words table says: that nothing matches the
// search, or what to do without any words.
func wordsEmpty(q db.ListQuery, none string) views.EmptyState {
	if q.Search != "" || q.State != "" {
		return views.EmptyState{Message: "No words match this search."}
	}
	return views.EmptyState{Message: none + " Add one, or import a word list.", ActionLabel: "New word", ActionPath: views.NewWordPath}
}

// showWord serves GET /words/:id: a word, its stats and its groups.
func (s *Server) showWord(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := decodeListQuery(c.QueryParams(), nil)
	if err != nil {
		return err
	}
	w, err := s.store.GetWord(c.Request().Context(), id)
	if err != nil {
		return err
	}
	history, err := s.store.WordHistory(c.Request().Context(), id, q)
	if err != nil {
		return err
	}
	v := views.WordView{Word: w, History: history, Now: s.opts.Now(), Zone: s.opts.Zone}
	if v.ShowRomaji, err = s.store.ShowRomaji(c.Request().Context()); err != nil {
		return err
	}
	return s.respond(c, view{
		page:  views.Page{Title: w.Japanese, Section: views.SectionWords},
		main:  views.WordContent(v),
		parts: map[string]templ.Component{"word-history": views.WordHistory(v)},
		json: struct {
			db.WordDetail
			History db.List[db.HistoryItem] `json:"history"`
		}{w, history},
	})
}
