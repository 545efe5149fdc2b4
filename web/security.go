package web

import (
	"net"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// contentSecurityPolicy allows our own scripts, styles and images only: no
// inline script or style, no eval (htmx runs with allowEval off), and no
// framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries, errors,
// redirects and static files included.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

// allowedHosts refuses requests whose Host is not one of ours: with no login,
// DNS rebinding is how a hostile page would reach the portal.
func (s *Server) allowedHosts(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !hostAllowed(c.Request().Host, s.opts.AllowedHosts) {
			return &httpError{status: http.StatusForbidden, message: "this server does not answer for that host name"}
		}
		return next(c)
	}
}

// hostAllowed reports whether the Host header names this server: the local
// names, or one of allowed (host names, matched whatever the port).
func hostAllowed(hostHeader string, allowed []string) bool {
	host := hostHeader
	if h, _, err := net.SplitHostPort(hostHeader); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "" {
		return false
	}
	switch host {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return slices.ContainsFunc(allowed, func(a string) bool { return strings.EqualFold(strings.Trim(a, "[]"), host) })
}

// crossOrigin refuses cross-origin unsafe requests from browsers
// (Sec-Fetch-Site, or an Origin that is not this host), except from the
// trusted origins; API callers without those headers pass.
func (s *Server) crossOrigin() (echo.MiddlewareFunc, error) {
	protection := http.NewCrossOriginProtection()
	for _, o := range s.opts.TrustedOrigins {
		if err := protection.AddTrustedOrigin(o); err != nil {
			return nil, err
		}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := protection.Check(c.Request()); err != nil {
				return &httpError{status: http.StatusForbidden, message: "cross-origin request refused: this origin is not trusted"}
			}
			return next(c)
		}
	}, nil
}

// cors answers CORS, preflights included, for the trusted origins only, so
// that external study apps in the browser can read the JSON API and post
// reviews.
func (s *Server) cors() echo.MiddlewareFunc {
	trusted := s.opts.TrustedOrigins
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOriginFunc: func(origin string) (bool, error) { return slices.Contains(trusted, origin), nil },
		AllowMethods:    []string{http.MethodGet, http.MethodPost},
		AllowHeaders:    []string{"Accept", "Content-Type", "Idempotency-Key"},
		ExposeHeaders:   []string{"Location", "X-Request-Id"},
		MaxAge:          600,
	})
}

// limitBody caps request bodies at maxBodyBytes: a larger declared length is
// refused at once, a longer stream fails when the handler reads past the cap.
// The upload of a word file has its own cap (importBodyLimit).
func limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if isUpload(r.Method, c.Path()) {
			if err := importBodyLimit(c); err != nil {
				return err
			}
			return next(c)
		}
		if r.ContentLength > maxBodyBytes {
			return errBodyTooLarge
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, maxBodyBytes)
		return next(c)
	}
}
