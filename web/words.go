package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// Element ids of the tables that htmx pages and sorts in place.
const (
	wordsTableID    = "words-table"
	sessionsTableID = "sessions-table"
	groupsTableID   = "groups-table"
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
	w, err := s.store.GetWord(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.respond(c, view{
		page: views.Page{Title: w.Japanese, Section: views.SectionWords},
		main: views.WordContent(views.WordView{Word: w}),
		json: w,
	})
}

// wordsTable builds the words table of a page at path.
func wordsTable(path string, q db.ListQuery, list db.List[db.Word], noun string, empty views.EmptyState) views.WordsTable {
	return views.WordsTable{
		Nav: views.TableNav{ID: wordsTableID, Path: path, Sortable: true, Paged: true, Sort: q.Sort, Desc: q.Desc,
			Pagination: list.Pagination},
		Words: list.Items,
		Empty: empty,
		Noun:  noun,
	}
}

// How a sessions table moves.
type tableKind int

const (
	tableSortable    tableKind = iota // sorted and paged by the query
	tableNewestFirst                  // paged, always newest first
	tableExcerpt                      // the first page only
)

// sessionsTable builds the sessions table of a page at path.
func (s *Server) sessionsTable(path string, q db.ListQuery, list db.List[db.SessionSummary], kind tableKind, empty views.EmptyState) views.SessionsTable {
	return views.SessionsTable{
		Nav: views.TableNav{ID: sessionsTableID, Path: path, Sortable: kind == tableSortable, Paged: kind != tableExcerpt,
			Sort: q.Sort, Desc: q.Desc, Pagination: list.Pagination},
		Sessions: list.Items,
		Empty:    empty,
		Zone:     s.opts.Zone,
	}
}
