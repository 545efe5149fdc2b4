package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// showHome serves GET /: the dashboard is the home page.
func (s *Server) showHome(c echo.Context) error {
	return s.redirect(c, views.DashboardPath)
}

// openBuiltinActivity serves the url of a built-in activity ("/flashcards"):
// it is studied through its launch page, so the address leads there.
func (s *Server) openBuiltinActivity(path string) echo.HandlerFunc {
	return func(c echo.Context) error {
		a, err := s.store.FindBuiltinActivity(c.Request().Context(), path)
		if errors.Is(err, db.ErrNotFound) {
			return &httpError{status: http.StatusNotFound, message: "this study activity is not installed"}
		}
		if err != nil {
			return err
		}
		return s.redirect(c, views.LaunchPath(a.ID))
	}
}

// redirect sends a GET to another page: a 302 for a browser, HX-Location
// for htmx (which would follow a redirect and swap a whole page into its
// target), and the same 302 for JSON callers, who can follow it.
func (s *Server) redirect(c echo.Context, to string) error {
	if m, _ := modeOf(c); m == modeFragment {
		c.Response().Header().Set(hxLocation, to)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusFound, to)
}

// health serves GET /healthz: 200 only when the database answers a read and
// a write (rolled back) on the schema this server expects; otherwise 503
// with the reason, in words that name no SQL or driver detail.
func (s *Server) health(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	if err := s.store.Health(c.Request().Context()); err != nil {
		s.logger.Warn("health check failed", "error", err)
		p := classify(err)
		reason := p.message
		if p.status == http.StatusInternalServerError {
			reason = "the database does not answer"
		}
		return c.JSON(http.StatusServiceUnavailable, healthJSON{Status: "unavailable", Reason: reason})
	}
	return c.JSON(http.StatusOK, healthJSON{Status: "ok"})
}

// healthJSON is the body of GET /healthz.
type healthJSON struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// pathID reads the positive integer id of the address.
func pathID(c echo.Context, name string) (int64, error) {
	text := c.Param(name)
	if strings.Contains(text, "/") {
		// Echo lets a last parameter run on past a slash: /words/1/extra
		// names no resource of ours.
		return 0, echo.ErrNotFound
	}
	id, err := strconv.ParseInt(text, 10, 64)
	if err != nil || id <= 0 || strings.HasPrefix(text, "+") {
		return 0, &httpError{status: http.StatusBadRequest,
			message: "the " + name + " in the address must be a positive integer, not " + strconv.Quote(text)}
	}
	return id, nil
}
