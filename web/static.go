package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"langportal/static"
)

// serveStatic serves GET /static/*: the embedded assets, by exact name. An
// address with the asset's current version (?v=, as the pages link them) may
// be cached for a year; any other is revalidated with its ETag. Clients that
// accept gzip get the compressed body.
func serveStatic(c echo.Context) error {
	a, ok := static.Assets()[c.Param("*")]
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	etag := `"` + a.Version + `"`
	h.Set("ETag", etag)
	if c.QueryParam("v") == a.Version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Add("Vary", "Accept-Encoding")
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	body := a.Body
	if a.Gzip != nil && acceptsGzip(c.Request()) {
		h.Set("Content-Encoding", "gzip")
		body = a.Gzip
	}
	return writeBody(c, http.StatusOK, a.ContentType, body)
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (named, with a q-value above 0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		name, value, _ := strings.Cut(strings.TrimSpace(params), "=")
		if strings.TrimSpace(name) != "q" {
			return true
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		return err == nil && q > 0
	}
	return false
}
