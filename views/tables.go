package views

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"langportal/db"
)

// TableNav is where a paginated, sortable table stands and how to move: its
// element id (the htmx target), the page it lives on, its sort and page.
type TableNav struct {
	ID         string // the id of the element that wraps the table
	Path       string // the page the table's links go to
	Sortable   bool   // headers are links that sort
	Paged      bool   // pages have links; false for an excerpt of the first page
	Sort       string // the sort column's name; "" for the default
	Desc       bool
	Pagination db.Pagination
	// Search and State are a word list's filters (?q=, ?state=): kept in
	// every link that sorts or pages.
	Search, State string
}

// PageURL is the address of page p in the current order.
func (n TableNav) PageURL(p int) string { return n.url(p, n.Sort, n.Desc) }

// SortURL is the address that sorts by column: ascending, or descending when
// the table is already sorted ascending by it.
func (n TableNav) SortURL(column, defaultColumn string) string {
	current := n.Sort
	if current == "" {
		current = defaultColumn
	}
	return n.url(1, column, column == current && !n.Desc)
}

// SortedBy reports how the table is sorted by column: "ascending",
// "descending" or "" (for aria-sort).
func (n TableNav) SortedBy(column, defaultColumn string) string {
	current := n.Sort
	if current == "" {
		current = defaultColumn
	}
	switch {
	case column != current:
		return ""
	case n.Desc:
		return "descending"
	default:
		return "ascending"
	}
}

func (n TableNav) url(page int, sort string, desc bool) string {
	q := url.Values{}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if pp := n.Pagination.PerPage; pp != 0 && pp != db.DefaultPerPage {
		q.Set("per_page", strconv.Itoa(pp))
	}
	if sort != "" {
		q.Set("sort", sort)
	}
	if desc {
		q.Set("order", "desc")
	}
	if n.Search != "" {
		q.Set("q", n.Search)
	}
	if n.State != "" {
		q.Set("state", n.State)
	}
	if len(q) == 0 {
		return n.Path
	}
	return n.Path + "?" + q.Encode()
}

// HasPrev and HasNext say whether there are pages before and after this one.
func (n TableNav) HasPrev() bool { return n.Pagination.Page > 1 }

// HasNext reports whether a page follows this one.
func (n TableNav) HasNext() bool { return n.Pagination.Page < n.Pagination.TotalPages }

// Range describes the rows shown, named by the plural noun: "101–200 of
// 1,234 words", or "1 word" when there is one.
func (n TableNav) Range(noun string) string {
	p := n.Pagination
	first := (p.Page-1)*p.PerPage + 1
	match := ""
	if n.Search != "" {
		match = " match “" + n.Search + "”"
	}
	switch {
	case p.TotalItems == 0:
		return "No " + noun + match
	case first > p.TotalItems:
		return "No " + noun + match + " on this page; " + Count(p.TotalItems) + " in all"
	case p.TotalItems == 1:
		if match != "" {
			match = " matches “" + n.Search + "”"
		}
		return "1 " + singular(noun) + match
	}
	last := min(first+p.PerPage-1, p.TotalItems)
	return Count(first) + "–" + Count(last) + " of " + Count(p.TotalItems) + " " + noun + match
}

// singular is a plural noun phrase for one: its first word without its s
// ("words reviewed" → "word reviewed").
func singular(noun string) string {
	head, rest, _ := strings.Cut(noun, " ")
	head = strings.TrimSuffix(head, "s")
	if rest == "" {
		return head
	}
	return head + " " + rest
}

// EmptyState is what an empty table says and where it sends the learner.
type EmptyState struct {
	Message     string
	ActionLabel string // "" for no action
	ActionPath  string
}

// WordsTable is the words table: all words, a group's or a session's.
type WordsTable struct {
	Nav   TableNav
	Words []db.Word
	Empty EmptyState
	// Noun names the rows in the plural: "words", "words reviewed".
	Noun string
	// Select, when set, is the id of the form that each row's checkbox
	// (word_ids) belongs to: the bulk Add to group, or a group's Add words.
	Select string
	// RemoveFrom, when set, is the group each row has a Remove button for.
	RemoveFrom int64
	// ShowRomaji is the learner's setting: without it, no romaji column.
	ShowRomaji bool
}

// SessionsDefaultSort is the column sessions lists are sorted by unless
// asked otherwise, newest first.
const SessionsDefaultSort = "start"

// SessionsTable is the sessions table: all sessions, a group's or an activity's.
type SessionsTable struct {
	Nav      TableNav
	Sessions []db.SessionSummary
	Empty    EmptyState
	Zone     *time.Location
}

// GroupsTable is the table of word groups.
type GroupsTable struct {
	Nav    TableNav
	Groups []db.Group
}
