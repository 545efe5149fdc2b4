package web

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
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

// staticFile serves GET /static/*: the embedded assets, by exact name.
func (s *Server) staticFile(files fs.FS) echo.HandlerFunc {
	return func(c echo.Context) error {
		name := c.Param("*")
		if name == "" || !fs.ValidPath(name) || path.Clean(name) != name {
			return echo.ErrNotFound
		}
		f, err := files.Open(name)
		if err != nil {
			return echo.ErrNotFound
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil || info.IsDir() {
			return echo.ErrNotFound
		}
		rs, ok := f.(interface {
			Read([]byte) (int, error)
			Seek(int64, int) (int64, error)
		})
		if !ok {
			return errors.New("web: static file is not seekable")
		}
		http.ServeContent(c.Response(), c.Request(), name, info.ModTime(), rs)
		return nil
	}
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
