package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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
// trusted origins; API callers without those headers pass. The trusted
// origins are looked up here, normalized, rather than given to
// CrossOriginProtection, which compares the Origin header byte for byte.
func (s *Server) crossOrigin() echo.MiddlewareFunc {
	protection := http.NewCrossOriginProtection()
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if s.trustedOrigin(c.Request().Header.Get("Origin")) {
				return next(c)
			}
			if err := protection.Check(c.Request()); err != nil {
				return &httpError{status: http.StatusForbidden, message: "cross-origin request refused: this origin is not trusted"}
			}
			return next(c)
		}
	}
}

// trustedOrigin reports whether an Origin header names a trusted origin,
// compared as SPEC has it: scheme and host lower-cased, default port dropped.
func (s *Server) trustedOrigin(origin string) bool {
	if origin == "" || len(s.opts.TrustedOrigins) == 0 {
		return false
	}
	o, err := normalizeOrigin(origin)
	return err == nil && slices.Contains(s.opts.TrustedOrigins, o)
}

// cors answers CORS, preflights included, for the trusted origins only, so
// that external study apps in the browser can read the JSON API, post
// reviews and change the vocabulary (PATCH, DELETE).
func (s *Server) cors() echo.MiddlewareFunc {
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOriginFunc: func(origin string) (bool, error) { return s.trustedOrigin(origin), nil },
		AllowMethods:    []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPatch, http.MethodDelete},
		AllowHeaders:    []string{"Accept", "Content-Type", idempotencyHeader, echo.HeaderXRequestID},
		ExposeHeaders:   []string{"Location", "X-Request-Id"},
		MaxAge:          600,
	})
}

// ParseOrigins reads a comma-separated list of trusted origins
// (scheme://host[:port], empty entries skipped) and returns them as
// browsers send them in Origin. An entry that is not an origin is an error
// that names it and says why.
func ParseOrigins(list string) ([]string, error) {
	return normalizeOrigins(splitList(list))
}

// ParseAllowedHosts reads a comma-separated list of allowed host names
// (empty entries skipped), lower-cased. An entry with a port, a trailing
// dot, a scheme or a character no host name has is an error that names it
// and says why: such an entry would never match a request.
func ParseAllowedHosts(list string) ([]string, error) {
	return checkAllowedHosts(splitList(list))
}

func splitList(list string) []string {
	var items []string
	for _, item := range strings.Split(list, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

func normalizeOrigins(origins []string) ([]string, error) {
	out := make([]string, 0, len(origins))
	for _, o := range origins {
		n, err := normalizeOrigin(o)
		if err != nil {
			return nil, fmt.Errorf("trusted origin %q: %w; want scheme://host[:port], such as http://localhost:8081", o, err)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// normalizeOrigin returns an origin as browsers serialize it (RFC 6454):
// http or https, the host lower-cased, the scheme's default port dropped,
// nothing after the port but an optional "/".
func normalizeOrigin(origin string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(origin))
	switch {
	case err != nil || u.Opaque != "":
		return "", errors.New("not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("the scheme must be http or https")
	case u.User != nil:
		return "", errors.New("an origin has no user name or password")
	case u.Path != "" && u.Path != "/", u.RawQuery != "" || u.ForceQuery, u.Fragment != "":
		return "", errors.New("an origin has no path, query or fragment")
	}
	host, err := checkHostName(u.Hostname())
	if err != nil {
		return "", err
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("port %s is not from 1 to 65535", port)
		}
		return u.Scheme + "://" + net.JoinHostPort(host, port), nil
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return u.Scheme + "://" + host, nil
}

func checkAllowedHosts(hosts []string) ([]string, error) {
	out := make([]string, 0, len(hosts))
	for _, h := range hosts {
		n, err := checkAllowedHost(h)
		if err != nil {
			return nil, fmt.Errorf("allowed host %q: %w", h, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// checkAllowedHost returns an allowed host lower-cased: a host name, or an
// IP address (IPv6 with or without brackets).
func checkAllowedHost(h string) (string, error) {
	h = strings.TrimSpace(h)
	if strings.Contains(h, "/") {
		return "", errors.New("write the host name alone, without a scheme or path")
	}
	if inner, ok := strings.CutPrefix(h, "["); ok && strings.HasSuffix(inner, "]") {
		h = strings.TrimSuffix(inner, "]")
		if ip := net.ParseIP(h); ip == nil || ip.To4() != nil {
			return "", errors.New("brackets hold an IPv6 address")
		}
	}
	if ip := net.ParseIP(h); ip != nil {
		return strings.ToLower(h), nil
	}
	if strings.Contains(h, ":") {
		return "", errors.New("it has a port: an allowed host matches whatever the port, so write the name alone")
	}
	if len(h) > 1 && strings.HasSuffix(h, ".") {
		return "", errors.New("it ends with a dot: write the name without it (a request's trailing dot is ignored)")
	}
	return checkHostName(h)
}

// checkHostName returns a host name (or IP address) lower-cased, or why it
// is not one: dot-separated labels of letters, digits, '-' and '_'.
func checkHostName(h string) (string, error) {
	if net.ParseIP(h) != nil {
		return strings.ToLower(h), nil
	}
	if h == "" {
		return "", errors.New("the host is empty")
	}
	if len(h) > 253 {
		return "", errors.New("the host name is longer than 253 characters")
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return "", errors.New("each dot-separated part of a host name has 1 to 63 characters")
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "", fmt.Errorf("%q has no place in a host name", r)
			}
		}
	}
	return strings.ToLower(h), nil
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
