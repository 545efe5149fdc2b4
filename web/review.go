package web

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// queueInput is the query of GET /review/queue.
type queueInput struct {
	groupID int64 // 0: every group
	limit   int
}

func decodeQueue(q url.Values) (queueInput, error) {
	var v validator
	in := queueInput{limit: queryInt(&v, q, "limit", 100, db.MaxPerPage, fmt.Sprintf("must be a whole number from 1 to %d", db.MaxPerPage))}
	if values, ok := q["group_id"]; ok && !(len(values) == 1 && values[0] == "") {
		in.groupID = int64(queryInt(&v, q, "group_id", 0, maxPage, "must be a positive integer"))
	}
	return in, v.err()
}

// showReviewQueue serves GET /review/queue: what Review studies next, in
// queue order, for a group or every word.
func (s *Server) showReviewQueue(c echo.Context) error {
	ctx := c.Request().Context()
	in, err := decodeQueue(c.QueryParams())
	if err != nil {
		return err
	}
	q, err := s.store.ReviewQueue(ctx, db.QueueQuery{GroupID: in.groupID, Limit: in.limit, Now: s.opts.Now(), Zone: s.opts.Zone})
	if nf, ok := errors.AsType[*db.NotFoundError](err); ok && nf.Kind == "group" {
		return &validationError{message: "no such group", fields: map[string]string{"group_id": fmt.Sprintf("no group with id %d", in.groupID)}}
	}
	if err != nil {
		return err
	}
	v := views.QueueView{Queue: q, GroupID: in.groupID, GroupName: q.GroupName, ActivityID: q.ReviewActivityID,
		Token: newFormToken(), Zone: s.opts.Zone}
	return s.respond(c, view{
		page:     views.Page{Title: "Review queue", Section: views.SectionDashboard},
		main:     views.QueueContent(v),
		fragment: views.QueueTable(v),
		json:     q,
	})
}
