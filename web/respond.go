package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/views"
)

// view is one answer in its three forms: handlers fill it, render writes the
// form the request negotiated.
type view struct {
	status   int // 200 when zero
	page     views.Page
	main     templ.Component // the page's content, inside the layout
	fragment templ.Component // the htmx answer; main (with the title) when nil
	// parts are the pieces htmx may target by id (HX-Target), such as a
	// table that swaps itself when it is sorted or paged.
	parts map[string]templ.Component
	json  any // the JSON answer; nil means the page has no JSON form (406)

	// After a successful POST: where the result is shown. A page gets a 303
	// there; htmx, when fragment is nil, is sent there with HX-Location.
	seeOther string
	// location is the Location header of the JSON answer (a created resource).
	location string
	// replayed marks the answer to a retried write that wrote nothing.
	replayed bool
	// trigger names events (with their details) for htmx to fire in the
	// browser after a fragment answer (HX-Trigger).
	trigger map[string]any
}

// hxLocationTarget is the element that HX-Location navigation swaps: the main area.
const hxLocationTarget = "#main"

// respond writes v in the mode negotiated for the request.
func (s *Server) respond(c echo.Context, v view) error {
	m, _ := modeOf(c)
	return s.render(c, m, v)
}

// render writes v as m. The body is rendered into a buffer first, so a
// template error becomes a clean 500 instead of half a page after a 200.
func (s *Server) render(c echo.Context, m mode, v view) error {
	if m == modeJSON && v.json == nil {
		return &httpError{status: http.StatusNotAcceptable, message: "this page has no JSON form; ask for text/html"}
	}
	h := c.Response().Header()
	if !slices.Contains(h.Values("Vary"), varyNegotiated) {
		h.Add("Vary", varyNegotiated)
	}
	if v.replayed {
		h.Set(replayedHeader, "true")
	}
	status := v.status
	if status == 0 {
		status = http.StatusOK
	}
	switch m {
	case modeJSON:
		data, err := json.Marshal(v.json)
		if err != nil {
			return err
		}
		if v.location != "" {
			h.Set(echo.HeaderLocation, v.location)
		}
		return writeBody(c, status, echo.MIMEApplicationJSON, append(data, '\n'))
	case modeFragment:
		if len(v.trigger) > 0 {
			events, err := json.Marshal(v.trigger)
			if err != nil {
				return err
			}
			h.Set(hxTrigger, string(events))
		}
		if v.fragment == nil && v.seeOther != "" {
			loc, err := json.Marshal(struct {
				Path   string `json:"path"`
				Target string `json:"target"`
			}{v.seeOther, hxLocationTarget})
			if err != nil {
				return err
			}
			h.Set(hxLocation, string(loc))
			return c.NoContent(status)
		}
		// The fragment is the page content unless the view names another part.
		fragment := v.fragment
		if part, ok := v.parts[c.Request().Header.Get(hxTarget)]; ok {
			fragment = part
		}
		if fragment == nil {
			fragment = pageFragment(v.page, v.main)
		}
		return s.writeHTML(c, status, fragment)
	default:
		if v.seeOther != "" {
			return c.Redirect(http.StatusSeeOther, v.seeOther)
		}
		v.page.Theme = themeOf(c.Request())
		page := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
			return views.Layout(v.page).Render(templ.WithChildren(ctx, v.main), w)
		})
		return s.writeHTML(c, status, page)
	}
}

// pageFragment is a page's main content as htmx gets it, with the title and
// the sidebar that follow it.
func pageFragment(p views.Page, main templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return views.Fragment(p).Render(templ.WithChildren(ctx, main), w)
	})
}

func (s *Server) writeHTML(c echo.Context, status int, component templ.Component) error {
	var buf bytes.Buffer
	// The page's forms of the vocabulary carry a one-time token (see writeOnce).
	ctx := views.WithFormToken(c.Request().Context(), newFormToken())
	if err := component.Render(ctx, &buf); err != nil {
		return err
	}
	return writeBody(c, status, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
}

// writeBody writes a whole body with its length, so that clients need not
// read it in chunks.
func writeBody(c echo.Context, status int, contentType string, body []byte) error {
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	return c.Blob(status, contentType, body)
}
