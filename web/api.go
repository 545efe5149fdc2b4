package web

import (
	_ "embed"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// apiPrefix is where every JSON answer of the portal is served again,
// always as JSON: API callers (Python requests, fetch, axios) send
// Accept: */*, which the negotiated addresses answer with a page.
const apiPrefix = "/api"

// underAPI reports whether a request path is one of /api's.
func underAPI(path string) bool {
	return path == apiPrefix || strings.HasPrefix(path, apiPrefix+"/")
}

// apiAnswersJSON fixes the mode of every request under /api to JSON, before
// routing decides anything: its answers and its errors (a refused host, an
// unknown route, a wrong method, a body too large) are JSON whatever
// Accept says, so /api never answers 406.
func apiAnswersJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if underAPI(c.Request().URL.Path) {
			c.Set(modeKey, modeJSON)
		}
		return next(c)
	}
}

// answerJSON fixes the mode of a route that answers JSON at any address,
// such as the bootcamp's /groups/:id/words/raw.
func answerJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(modeKey, modeJSON)
		return next(c)
	}
}

// listRawGroupWords serves GET /groups/:id/words/raw (and under /api): every
// word of a group, unpaged, as the bootcamp's study apps read it.
func (s *Server) listRawGroupWords(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	words, err := s.store.ListRawGroupWords(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.respond(c, view{json: words})
}

// openAPIDocument describes every route under /api (OpenAPI 3.1); a test
// holds it to the routing table and to the real answers.
//
//go:embed openapi.json
var openAPIDocument []byte

// serveOpenAPI serves GET /api/openapi.json.
func serveOpenAPI(c echo.Context) error {
	return writeBody(c, http.StatusOK, echo.MIMEApplicationJSON, openAPIDocument)
}
