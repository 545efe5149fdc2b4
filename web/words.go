package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// listWords serves GET /words: every word, paginated and sortable.
func (s *Server) listWords(c echo.Context) error {
	q, err := decodeListQuery(c.QueryParams(), db.WordSorts())
	if err != nil {
		return err
	}
	list, err := s.store.ListWords(c.Request().Context(), q)
	if err != nil {
		return err
	}
	table := wordsTable(views.WordsPath, q, list, "words", views.EmptyState{
		Message: "There are no words yet. Import a word list with `langportal import FILE --group NAME`.",
	})
	return s.respond(c, view{
		page:  views.Page{Title: "Words", Section: views.SectionWords},
		main:  views.WordsContent(table),
		parts: map[string]templ.Component{wordsTableID: views.WordsTableView(table)},
		json:  list,
	})
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
