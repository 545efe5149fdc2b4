// Package web is Lang Portal's HTTP layer: the Echo server, its routes and
// middleware, content negotiation, request decoding and the handlers.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"langportal/db"
)

// Options configures a Server.
type Options struct {
	// Zone is the time zone that days are counted and times shown in.
	Zone *time.Location
	// Now tells the time; time.Now when nil. Tests fix it.
	Now func() time.Time
}

// Server answers every request of the portal. It holds only dependencies.
type Server struct {
	store  *db.Store
	logger *slog.Logger
	opts   Options
	echo   *echo.Echo
}

// New returns a Server on store; tests build it exactly as production does.
func New(store *db.Store, logger *slog.Logger, opts Options) *Server {
	if opts.Zone == nil {
		opts.Zone = time.Local
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{store: store, logger: logger, opts: opts, echo: echo.New()}
	s.echo.HideBanner = true
	s.echo.HidePort = true
	s.echo.Debug = false
	s.echo.IPExtractor = echo.ExtractIPDirect()
	s.echo.HTTPErrorHandler = s.handleError
	s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.echo.ServeHTTP(w, r)
}
