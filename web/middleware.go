package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

const modeKey = "langportal.mode"

// negotiated decides the answer's mode once, before the handler runs, so a
// request that accepts nothing we can send is refused before it writes.
func negotiated(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// Every answer of a negotiated route depends on these headers, its
		// redirects included (GET / answers a 302 or an HX-Location).
		c.Response().Header().Add("Vary", varyNegotiated)
		m, ok := negotiate(c.Request())
		if !ok {
			return &httpError{status: http.StatusNotAcceptable,
				message: "this address answers text/html or application/json; the Accept header allows neither"}
		}
		c.Set(modeKey, m)
		return next(c)
	}
}

// modeOf returns the mode negotiated for c; ok is false for a 406.
func modeOf(c echo.Context) (mode, bool) {
	if m, ok := c.Get(modeKey).(mode); ok {
		return m, true
	}
	return negotiate(c.Request())
}

// requestLog writes one structured line per request.
func (s *Server) requestLog() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogMethod: true, LogURI: true, LogRequestID: true, LogLatency: true, LogRemoteIP: true,
		HandleError: true, // the status is the error handler's, not a default
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= http.StatusInternalServerError {
				level = slog.LevelError
			}
			m, _ := modeOf(c)
			s.logger.LogAttrs(context.Background(), level, "request",
				slog.String("method", v.Method), slog.String("uri", v.URI), slog.Int("status", v.Status),
				slog.String("mode", m.String()), slog.Duration("latency", v.Latency),
				slog.String("request_id", v.RequestID), slog.String("remote_ip", v.RemoteIP))
			return nil
		},
	})
}

// recoverPanics turns a panic into a 500, with the stack in the log only.
func (s *Server) recoverPanics() echo.MiddlewareFunc {
	return middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.logger.Error("panic", "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
				"error", err, "stack", string(stack))
			return err
		},
	})
}

// schemaUnchanged answers 503 for every request once another program has
// changed the database's schema under this server: its queries would fail
// or, worse, write into a schema it does not know. /healthz and the static
// files still answer; the first says why.
func (s *Server) schemaUnchanged(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		path := c.Request().URL.Path
		if path == "/healthz" || strings.HasPrefix(path, "/static/") {
			return next(c)
		}
		if err := s.store.SchemaStale(); err != nil {
			return err
		}
		return next(c)
	}
}

// validRequestID accepts a client's X-Request-Id only when it is 1–64
// characters of [A-Za-z0-9._-]; any other is dropped, so that the
// RequestID middleware makes a new one instead of echoing it into headers,
// error bodies and logs.
func validRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		if id := h.Get(echo.HeaderXRequestID); id != "" && !isRequestID(id) {
			h.Del(echo.HeaderXRequestID)
		}
		return next(c)
	}
}

func isRequestID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}

// strictQuery refuses a query string that Go's parser would silently cut:
// a ';' (no longer a separator) or a broken %-escape drops its parameter, so
// `sort=japanese;DROP…` would be served in the default order as if all
// were well. The parameter is named in a 400 instead.
func strictQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw := c.Request().URL.RawQuery
		if _, err := url.ParseQuery(raw); err == nil {
			return next(c)
		}
		fields := map[string]string{}
		for _, part := range strings.Split(raw, "&") {
			if _, err := url.ParseQuery(part); err == nil {
				continue
			}
			key, _, _ := strings.Cut(part, "=")
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
			if strings.Contains(part, ";") {
				fields[key] = "must not contain ';' (parameters are separated by '&')"
			} else {
				fields[key] = "has a broken %-escape"
			}
		}
		return &validationError{message: "the query string is malformed", fields: fields}
	}
}

// headLikeGet lets HEAD requests run their GET route and keeps the status
// and headers while dropping the body (RFC 9110, section 9.3.2).
func headLikeGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().Method == http.MethodHead {
			c.Response().Writer = bodiless{c.Response().Writer}
		}
		return next(c)
	}
}

// bodiless is a ResponseWriter that writes headers and no body.
type bodiless struct{ http.ResponseWriter }

func (b bodiless) Write(p []byte) (int, error) { return len(p), nil }

// Unwrap gives http.ResponseController the writer underneath.
func (b bodiless) Unwrap() http.ResponseWriter { return b.ResponseWriter }
