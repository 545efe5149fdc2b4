package db

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// DefaultPerPage is how many items a list page has unless asked otherwise.
const DefaultPerPage = 100

// MaxPerPage is the most items a list page may have.
const MaxPerPage = 500

// ErrUnknownSort means a list was asked to sort by a column it cannot sort by.
var ErrUnknownSort = errors.New("unknown sort column")

// ListQuery asks for one page of a list in an order.
type ListQuery struct {
	Page    int    // 1-based
	PerPage int    // 1 to MaxPerPage
	Sort    string // a name from the list's sort columns; "" for the list's default
	Desc    bool
	// Search and State filter word lists (other lists ignore them): Search
	// matches the japanese, reading, romaji and English ("" matches all);
	// State is one of WordStates ("" for any).
	Search string
	State  string
}

// Pagination describes a page of a list.
type Pagination struct {
	Page       int `json:"page"`
	PerPage    int `json:"per_page"`
	TotalItems int `json:"total_items"`
	TotalPages int `json:"total_pages"`
}

// List is one page of items.
type List[T any] struct {
	Items      []T        `json:"items"`
	Pagination Pagination `json:"pagination"`
}

// sortColumns maps the names a list sorts by (as in ?sort=) to SQL. Names
// are the only way a column reaches SQL, so no request text ever does.
type sortColumns struct {
	names    []string            // in display order; the first is the default
	orderBys map[string][]string // name → ORDER BY terms, each gets the direction
	tieBreak string              // appended so that equal values keep a stable order
}

// Names lists the columns, the default first.
func (c sortColumns) Names() []string { return slices.Clone(c.names) }

// orderBy returns the ORDER BY clause for q, or ErrUnknownSort.
func (c sortColumns) orderBy(q ListQuery) (string, error) {
	name := q.Sort
	if name == "" {
		name = c.names[0]
	}
	terms, ok := c.orderBys[name]
	if !ok {
		return "", fmt.Errorf("%w %q", ErrUnknownSort, q.Sort)
	}
	dir := " ASC"
	if q.Desc {
		dir = " DESC"
	}
	parts := make([]string, 0, len(terms)+1)
	for _, t := range append(slices.Clone(terms), c.tieBreak) {
		parts = append(parts, t+dir)
	}
	return strings.Join(parts, ", "), nil
}

// normalize fills the defaults of q.
func (q ListQuery) normalize() ListQuery {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 || q.PerPage > MaxPerPage {
		q.PerPage = DefaultPerPage
	}
	return q
}

func (q ListQuery) offset() int { return (q.Page - 1) * q.PerPage }

func newList[T any](items []T, q ListQuery, total int) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, Pagination: Pagination{
		Page: q.Page, PerPage: q.PerPage, TotalItems: total,
		TotalPages: (total + q.PerPage - 1) / q.PerPage,
	}}
}
