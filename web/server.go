// Package web is Lang Portal's HTTP layer: the Echo server, its routes and
// middleware, content negotiation, request decoding and the handlers.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/static"
)

// Options configures a Server.
type Options struct {
	// Zone is the time zone that days are counted and times shown in.
	Zone *time.Location
	// Now tells the time; time.Now when nil. Tests fix it.
	Now func() time.Time
	// TrustedOrigins (scheme://host[:port]) may call the API from a browser:
	// they get CORS and pass the cross-origin check. They are compared as
	// browsers send them (see ParseOrigins).
	TrustedOrigins []string
	// AllowedHosts are host names, besides localhost and the loopback
	// addresses, that requests may name in Host, whatever the port (see
	// ParseAllowedHosts).
	AllowedHosts []string
}

// Server answers every request of the portal. It holds only dependencies.
type Server struct {
	store    *db.Store
	logger   *slog.Logger
	opts     Options
	echo     *echo.Echo
	inFlight *inFlight // idempotency keys of the writes being handled
	uploads  *uploads  // word files kept between an import's preview and the import
}

// New returns a Server on store; tests build it exactly as production does.
// It fails only on a trusted origin or an allowed host that could never
// match a request, with the entry and the reason.
func New(store *db.Store, logger *slog.Logger, opts Options) (*Server, error) {
	var err error
	if opts.TrustedOrigins, err = normalizeOrigins(opts.TrustedOrigins); err != nil {
		return nil, err
	}
	if opts.AllowedHosts, err = checkAllowedHosts(opts.AllowedHosts); err != nil {
		return nil, err
	}
	if opts.Zone == nil {
		opts.Zone = time.Local
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{store: store, logger: logger, opts: opts, echo: echo.New(), inFlight: &inFlight{}, uploads: newUploads()}
	s.echo.HideBanner = true
	s.echo.HidePort = true
	s.echo.Debug = false
	s.echo.IPExtractor = echo.ExtractIPDirect()
	s.echo.HTTPErrorHandler = s.handleError
	static.Assets() // read and compress the assets now, not on the first request
	s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.echo.ServeHTTP(w, r)
}
