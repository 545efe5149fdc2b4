package web

import (
	"net/url"

	"langportal/db"
	"langportal/views"
)

// Element ids of the tables that htmx pages and sorts in place.
const (
	wordsTableID    = "words-table"
	sessionsTableID = "sessions-table"
	groupsTableID   = "groups-table"
)

// wordsTable builds the words table of a page at path.
func wordsTable(path string, q db.ListQuery, list db.List[db.Word], noun string, empty views.EmptyState) views.WordsTable {
	return views.WordsTable{
		Nav: views.TableNav{ID: wordsTableID, Path: path, Sortable: true, Paged: true, Sort: q.Sort, Desc: q.Desc,
			Pagination: list.Pagination, Search: q.Search, State: q.State},
		Words: list.Items,
		Empty: empty,
		Noun:  noun,
	}
}

// newestFirstByDefault sorts a sessions list by its start, newest first,
// unless the query names a column or an order: ?order=asc alone is oldest
// first, ?sort=activity alone ascending (SPEC Pages).
func newestFirstByDefault(params url.Values, q db.ListQuery) db.ListQuery {
	if _, sorted := params["sort"]; !sorted {
		q.Sort = views.SessionsDefaultSort
		if _, ordered := params["order"]; !ordered {
			q.Desc = true
		}
	}
	return q
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
	if kind != tableSortable {
		// Its headers say how it is sorted: newest first.
		q.Sort, q.Desc = views.SessionsDefaultSort, true
	}
	return views.SessionsTable{
		Nav: views.TableNav{ID: sessionsTableID, Path: path, Sortable: kind == tableSortable, Paged: kind != tableExcerpt,
			Sort: q.Sort, Desc: q.Desc, Pagination: list.Pagination},
		Sessions: list.Items,
		Empty:    empty,
		Zone:     s.opts.Zone,
	}
}
