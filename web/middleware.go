package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

const modeKey = "langportal.mode"

// negotiated decides the answer's mode once, before the handler runs, so a
// request that accepts nothing we can send is refused before it writes.
func negotiated(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
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
