package web

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"langportal/db"
)

// maxPage keeps page × per_page within an int64 offset.
const maxPage = math.MaxInt64 / db.MaxPerPage

// decodeListQuery reads ?page, ?per_page, ?sort and ?order for a list that
// sorts by the given columns (none: a list in a fixed order). Any bad value
// is a 400 naming the parameter.
func decodeListQuery(q url.Values, sorts []string) (db.ListQuery, error) {
	var v validator
	lq := db.ListQuery{Page: 1, PerPage: db.DefaultPerPage}
	lq.Page = queryInt(&v, q, "page", 1, maxPage, "must be a whole number, 1 or more")
	lq.PerPage = queryInt(&v, q, "per_page", db.DefaultPerPage, db.MaxPerPage,
		"must be a whole number from 1 to "+strconv.Itoa(db.MaxPerPage))
	if len(sorts) == 0 {
		for _, name := range []string{"sort", "order"} {
			if _, ok := q[name]; ok {
				v.add(name, "cannot be chosen: this list is always newest first")
			}
		}
	} else if values, ok := q["sort"]; ok {
		switch {
		case len(values) > 1:
			v.add("sort", "must be given once")
		case !slices.Contains(sorts, values[0]):
			v.add("sort", "must be one of "+strings.Join(sorts, ", "))
		default:
			lq.Sort = values[0]
		}
	}
	if values, ok := q["order"]; ok && len(sorts) > 0 {
		switch {
		case len(values) > 1:
			v.add("order", "must be given once")
		case values[0] == "asc":
		case values[0] == "desc":
			lq.Desc = true
		default:
			v.add("order", "must be asc or desc")
		}
	}
	if err := v.err(); err != nil {
		return db.ListQuery{}, err
	}
	return lq, nil
}

// queryInt reads an optional whole-number query parameter from 1 to hi.
func queryInt(v *validator, q url.Values, name string, fallback, hi int, msg string) int {
	values, ok := q[name]
	if !ok {
		return fallback
	}
	if len(values) > 1 {
		v.add(name, "must be given once")
		return fallback
	}
	if !isDigits(values[0]) {
		v.add(name, msg)
		return fallback
	}
	n, err := strconv.Atoi(values[0])
	if err != nil || n < 1 || n > hi {
		v.add(name, msg)
		return fallback
	}
	return n
}
