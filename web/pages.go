package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"langportal/views"
)

// showHome serves GET /: the dashboard is the home page.
func (s *Server) showHome(c echo.Context) error {
	if m, _ := modeOf(c); m == modeFragment {
		// htmx would follow a redirect and swap a whole page into its target.
		c.Response().Header().Set(hxLocation, views.DashboardPath)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusFound, views.DashboardPath)
}

// health serves GET /healthz: 200 when the database answers reads and writes.
func (s *Server) health(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		s.logger.Error("health check failed", "error", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// pathID reads the positive integer id of the address.
func pathID(c echo.Context, name string) (int64, error) {
	text := c.Param(name)
	id, err := strconv.ParseInt(text, 10, 64)
	if err != nil || id <= 0 || strings.HasPrefix(text, "+") {
		return 0, &httpError{status: http.StatusBadRequest,
			message: "the " + name + " in the address must be a positive integer, not " + strconv.Quote(text)}
	}
	return id, nil
}
