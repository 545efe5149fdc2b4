package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// httpError is an error with the status and the message a client sees.
type httpError struct {
	status  int
	message string
}

func (e *httpError) Error() string { return fmt.Sprintf("%d: %s", e.status, e.message) }

var errBodyTooLarge = &httpError{
	status:  http.StatusRequestEntityTooLarge,
	message: fmt.Sprintf("the request body is larger than %d KiB", maxBodyBytes>>10),
}

// validationError is bad input: a message and, per field, what is wrong.
// form, when set, is the form re-rendered with the entered values and the
// messages, answered instead of a generic error page.
type validationError struct {
	message string
	fields  map[string]string
	form    *view
}

func (e *validationError) Error() string { return "invalid input: " + e.message }

// problem is what the error handler answers for an error.
type problem struct {
	status     int
	message    string
	fields     map[string]string
	form       *view
	retryAfter string // seconds, for a 503
}

// classify maps an error to its answer. It is the only place where an error
// chooses a status; anything it does not know is a 500 whose details stay in
// the log.
func classify(err error) problem {
	var (
		invalid  *validationError
		notFound *db.NotFoundError
		hErr     *httpError
		eErr     *echo.HTTPError
	)
	switch {
	case errors.As(err, &invalid):
		fields := invalid.fields
		if fields == nil {
			fields = map[string]string{}
		}
		return problem{status: http.StatusBadRequest, message: invalid.message, fields: fields, form: invalid.form}
	case errors.Is(err, db.ErrStorageFull):
		return problem{status: http.StatusServiceUnavailable, retryAfter: "60",
			message: "the disk is full, so this was not saved; free some space and try again (reading still works)"}
	case errors.Is(err, db.ErrBusy):
		return problem{status: http.StatusServiceUnavailable, retryAfter: "5",
			message: "the database is busy with another program (an import or a backup), so this was not saved; try again in a few seconds"}
	case errors.Is(err, db.ErrReadOnly):
		return problem{status: http.StatusServiceUnavailable, retryAfter: "60",
			message: "the database file cannot be written, so this was not saved (reading still works)"}
	case errors.Is(err, db.ErrSchemaChanged):
		var se *db.SchemaError
		message := "the database was changed by another program; restart the server"
		if errors.As(err, &se) {
			message = se.Error()
		}
		return problem{status: http.StatusServiceUnavailable, message: message}
	case errors.Is(err, db.ErrKeyReused):
		return problem{status: http.StatusUnprocessableEntity,
			message: "this Idempotency-Key was already used for a different request; send a new key with a new request"}
	case errors.As(err, &notFound):
		return problem{status: http.StatusNotFound, message: notFound.Error()}
	case errors.As(err, &hErr):
		return problem{status: hErr.status, message: hErr.message}
	case errors.As(err, &eErr):
		return problem{status: eErr.Code, message: echoMessage(eErr)}
	}
	return problem{status: http.StatusInternalServerError, message: "internal error"}
}

// echoMessage words the errors that Echo itself returns.
func echoMessage(e *echo.HTTPError) string {
	switch e.Code {
	case http.StatusNotFound:
		return "there is nothing at this address"
	case http.StatusMethodNotAllowed:
		return "this address does not accept that method"
	case http.StatusRequestEntityTooLarge:
		return errBodyTooLarge.message
	}
	if msg, ok := e.Message.(string); ok {
		return msg
	}
	return http.StatusText(e.Code)
}

// errorJSON is the body of a JSON error.
type errorJSON struct {
	Error     string `json:"error"`
	RequestID string `json:"request_id,omitempty"`
}

// invalidJSON is the body of a JSON validation error: fields is always
// there, empty when the body as a whole is malformed.
type invalidJSON struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

// handleError is Echo's HTTPErrorHandler: it logs the error, chooses the
// status and answers in the request's mode.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed || errors.Is(err, context.Canceled) {
		return
	}
	p := classify(err)
	req := c.Request()
	if p.status == http.StatusInternalServerError {
		// A read that failed on a schema another program changed is that
		// program's doing: say so, instead of a 500.
		if serr := s.store.CheckSchema(req.Context()); serr != nil {
			err = errors.Join(err, serr)
			p = classify(serr)
		}
	}
	requestID := c.Response().Header().Get(echo.HeaderXRequestID)
	if p.status >= http.StatusInternalServerError {
		level := slog.LevelError
		if p.status == http.StatusServiceUnavailable {
			level = slog.LevelWarn // the disk or another program, not this one
		}
		s.logger.LogAttrs(req.Context(), level, "request failed",
			slog.String("request_id", requestID), slog.String("method", req.Method),
			slog.String("path", req.URL.Path), slog.Any("error", err))
	} else {
		requestID = ""
	}

	if p.retryAfter != "" {
		c.Response().Header().Set("Retry-After", p.retryAfter)
	}
	m, ok := modeOf(c)
	if !ok {
		m = modeJSON // Accept allows neither HTML nor JSON: JSON says the most
	}
	if p.form != nil && m != modeJSON {
		v := *p.form
		v.status = p.status
		err = s.render(c, m, v)
	} else {
		var body any = errorJSON{Error: p.message, RequestID: requestID}
		if p.fields != nil {
			body = invalidJSON{Error: p.message, Fields: p.fields}
		}
		e := views.ErrorView{Status: p.status, Title: statusTitle(p.status), Message: p.message,
			Fields: p.fields, RequestID: requestID, Back: views.DashboardPath}
		err = s.render(c, m, view{
			status:   p.status,
			page:     views.Page{Title: e.Title},
			main:     views.ErrorContent(e),
			fragment: views.ErrorFragment(e),
			json:     body,
		})
	}
	if err != nil {
		s.logger.Error("writing an error response failed", "error", err)
	}
}

func statusTitle(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "That request was not valid"
	case http.StatusNotFound:
		return "Not found"
	case http.StatusInternalServerError:
		return "Something went wrong on our side"
	}
	return http.StatusText(status)
}
