package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// listGroups serves GET /groups: the word groups, paginated and sortable.
func (s *Server) listGroups(c echo.Context) error {
	q, err := decodeListQuery(c.QueryParams(), db.GroupSorts())
	if err != nil {
		return err
	}
	list, err := s.store.ListGroups(c.Request().Context(), q)
	if err != nil {
		return err
	}
	table := views.GroupsTable{
		Nav: views.TableNav{ID: groupsTableID, Path: views.GroupsPath, Sortable: true, Paged: true, Sort: q.Sort, Desc: q.Desc,
			Pagination: list.Pagination},
		Groups: list.Items,
	}
	return s.respond(c, view{
		page:  views.Page{Title: "Word Groups", Section: views.SectionGroups},
		main:  views.GroupsContent(table, views.GroupForm{}),
		parts: map[string]templ.Component{groupsTableID: views.GroupsTableView(table)},
		json:  list,
	})
}

// showGroup serves GET /groups/:id: a group, a page of its words (paged and
// sorted by the query) and its latest sessions.
func (s *Server) showGroup(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := decodeWordQuery(c.QueryParams())
	if err != nil {
		return err
	}
	g, err := s.store.GetGroup(c.Request().Context(), id, q)
	if err != nil {
		return err
	}
	// The page offers to study the group with each activity.
	activities, err := s.store.ListStudyActivities(c.Request().Context(), db.ListQuery{PerPage: db.MaxPerPage})
	if err != nil {
		return err
	}
	words := wordsTable(views.GroupPath(id), q, g.Words, "words", wordsEmpty(q, "This group has no words yet."))
	words.RemoveFrom = id
	if words.ShowRomaji, err = s.store.ShowRomaji(c.Request().Context()); err != nil {
		return err
	}
	if words.Empty.ActionPath != "" {
		words.Empty = views.EmptyState{Message: "This group has no words yet.", ActionLabel: "Add words", ActionPath: views.AddWordsPath(id)}
	}
	v := views.GroupView{
		Group:  g.Group,
		Words:  words,
		Rename: views.GroupForm{GroupID: id, Name: g.Name},
		Flash:  groupFlash(c.QueryParams(), g.Name),
		// The heading's study links are the action: the empty state names none.
		Sessions: s.sessionsTable(views.GroupPath(id), db.ListQuery{}, g.StudySessions, tableExcerpt, views.EmptyState{
			Message: "This group has not been studied yet.",
		}),
		Activities:  activities.Items,
		DueCount:    g.DueCount,
		ReviewToken: newFormToken(),
	}
	for _, a := range activities.Items {
		if a.URL == db.ReviewURL {
			v.ReviewID = a.ID
		}
	}
	return s.respond(c, view{
		page:  views.Page{Title: g.Name, Section: views.SectionGroups},
		main:  views.GroupContent(v),
		parts: map[string]templ.Component{wordsTableID: views.WordsTableView(v.Words)},
		json:  g,
	})
}

// listGroupWords serves GET /groups/:id/words: a group's words, for study
// activities (JSON) and htmx (the words table).
func (s *Server) listGroupWords(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := decodeWordQuery(c.QueryParams())
	if err != nil {
		return err
	}
	g, list, err := s.store.ListGroupWords(c.Request().Context(), id, q)
	if err != nil {
		return err
	}
	table := wordsTable(views.GroupWordsPath(id), q, list, "words", views.EmptyState{Message: "This group has no words yet."})
	if table.ShowRomaji, err = s.store.ShowRomaji(c.Request().Context()); err != nil {
		return err
	}
	return s.respond(c, view{
		page:     views.Page{Title: "Words of " + g.Name, Section: views.SectionGroups},
		main:     views.GroupWordsContent(g, table),
		fragment: views.WordsTableView(table),
		json:     list,
	})
}
