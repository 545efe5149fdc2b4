package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// newServerWith builds a server with the given options on a fresh database.
func newServerWith(t *testing.T, opts Options) *testServer {
	t.Helper()
	ts := newTestServer(t)
	srv, err := New(ts.store, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	ts.srv = srv
	return ts
}

func TestCrossOriginMatrix(t *testing.T) {
	const trusted = "http://localhost:8081"
	tests := []struct {
		name    string
		method  string
		host    string
		headers map[string]string
		want    int
	}{
		{"API caller without browser headers", "POST", "localhost:8080", nil, 200},
		{"same-origin browser", "POST", "localhost:8080", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost:8080"}, 200},
		{"typed by the user", "POST", "localhost:8080", map[string]string{"Sec-Fetch-Site": "none"}, 200},
		{"cross-site browser", "POST", "localhost:8080", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403},
		{"same-site browser (another port)", "POST", "localhost:8080", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:9999"}, 403},
		{"foreign Origin, no Sec-Fetch-Site", "POST", "localhost:8080", map[string]string{"Origin": "https://evil.example"}, 403},
		{"matching Origin, no Sec-Fetch-Site", "POST", "localhost:8080", map[string]string{"Origin": "http://localhost:8080"}, 200},
		{"trusted origin", "POST", "localhost:8080", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": trusted}, 200},
		{"cross-site read", "GET", "localhost:8080", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 200},
		{"foreign Host (DNS rebinding)", "POST", "evil.example", nil, 403},
		{"foreign Host, read", "GET", "evil.example:8080", nil, 403},
		{"foreign Host, static file", "GET", "attacker.test", nil, 403},
		{"127.0.0.1", "POST", "127.0.0.1:8080", nil, 200},
		{"[::1]", "POST", "[::1]:8080", nil, 200},
		{"an allowed host, any port", "POST", "portal.lan:443", nil, 200},
		{"an allowed host, capitals", "POST", "PORTAL.LAN", nil, 200},
		{"no Host", "POST", "", nil, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newServerWith(t, Options{Zone: time.UTC, TrustedOrigins: []string{trusted}, AllowedHosts: []string{"portal.lan"}})
			before := ts.count("study_sessions")
			target, body := "/study_sessions", `{"group_id": 1, "study_activity_id": 1}`
			if tt.method == "GET" {
				target, body = "/words", ""
				if strings.Contains(tt.name, "static") {
					target = "/static/app.css"
				}
			}
			r := request(tt.method, target, asJSON, body)
			r.Host = tt.host
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			w := ts.do(r)
			if w.Code != tt.want {
				t.Fatalf("status = %d, want %d\n%s", w.Code, tt.want, w.Body)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.want == 200 && tt.method == "POST"]; ts.count("study_sessions")-before != want {
				t.Errorf("rows written = %d, want %d", ts.count("study_sessions")-before, want)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	const trusted = "http://localhost:8081"
	ts := newServerWith(t, Options{Zone: time.UTC, TrustedOrigins: []string{trusted}, AllowedHosts: []string{"example.com"}})
	preflight := func(origin string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodOptions, "/study_sessions/1/review", nil)
		r.Header.Set("Origin", origin)
		r.Header.Set("Access-Control-Request-Method", "POST")
		r.Header.Set("Access-Control-Request-Headers", "content-type, idempotency-key")
		return ts.do(r)
	}
	w := preflight(trusted)
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Origin") != trusted ||
		!strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "POST") ||
		!strings.Contains(w.Header().Get("Access-Control-Allow-Headers"), "Idempotency-Key") {
		t.Errorf("preflight from the trusted origin = %d %v", w.Code, w.Header())
	}
	if w := preflight("http://localhost:9999"); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("an untrusted origin got CORS: %v", w.Header())
	}
	read := func(origin string) *httptest.ResponseRecorder {
		r := request(http.MethodGet, "/groups/1/words", asJSON, "")
		r.Header.Set("Origin", origin)
		return ts.do(r)
	}
	if w := read(trusted); w.Header().Get("Access-Control-Allow-Origin") != trusted || !strings.Contains(strings.Join(w.Header().Values("Vary"), ","), "Origin") {
		t.Errorf("a read from the trusted origin: %v", w.Header())
	}
	if w := read("https://evil.example"); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a read from another origin got CORS: %v", w.Header())
	}
	// Without trusted origins there is no CORS at all.
	plain := newTestServer(t)
	r := request(http.MethodGet, "/words", asJSON, "")
	r.Header.Set("Origin", trusted)
	if w := plain.do(r); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS without trusted origins: %v", w.Header())
	}
}

func TestNewRejectsBadOrigins(t *testing.T) {
	ts := newTestServer(t)
	if _, err := New(ts.store, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{TrustedOrigins: []string{"not an origin"}}); err == nil {
		t.Error("New accepted a malformed trusted origin")
	}
}

// TestSecurityHeadersOnEveryResponse checks every kind of answer.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	ts := newTestServer(t)
	ts.srv.echo.GET("/boom", func(c echo.Context) error { panic("boom") }, negotiated)
	ts.mustCreateSession(1, 1)
	big := strings.Repeat("x", maxBodyBytes+1)
	cases := map[string]*http.Request{
		"page":          request("GET", "/dashboard", asPage, ""),
		"fragment":      request("GET", "/dashboard", asFragment, ""),
		"json":          request("GET", "/words", asJSON, ""),
		"303 redirect":  request("POST", "/study_sessions", asPage, "group_id=1&study_activity_id=1"),
		"302 redirect":  request("GET", "/", asPage, ""),
		"400":           request("GET", "/words?page=0", asPage, ""),
		"404":           request("GET", "/nowhere", asPage, ""),
		"404 json":      request("GET", "/words/999", asJSON, ""),
		"405":           request("DELETE", "/words", asJSON, ""),
		"406":           request("GET", "/words", "", ""),
		"413":           request("POST", "/study_sessions", asJSON, big),
		"415":           request("POST", "/study_sessions", "", "x"),
		"403 host":      request("GET", "/words", asPage, ""),
		"500":           request("GET", "/boom", asJSON, ""),
		"static file":   request("GET", "/static/app.css", "", ""),
		"static 404":    request("GET", "/static/nope.js", "", ""),
		"health":        request("GET", "/healthz", "", ""),
		"htmx location": request("POST", "/study_sessions", asFragment, "group_id=1&study_activity_id=1"),
	}
	cases["406"].Header.Set("Accept", "image/png")
	cases["415"].Header.Set("Content-Type", "text/plain")
	cases["403 host"].Host = "evil.example"
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			w := ts.do(r)
			csp := w.Header().Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
				!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("%d: Content-Security-Policy = %q", w.Code, csp)
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%d: X-Content-Type-Options = %q", w.Code, got)
			}
			if got := w.Header().Get("Referrer-Policy"); got == "" {
				t.Errorf("%d: no Referrer-Policy", w.Code)
			}
		})
	}
}

// TestRequestValuesAreEscaped sends markup in every place a request can
// carry a value: it never comes back unescaped.
func TestRequestValuesAreEscaped(t *testing.T) {
	const evil = `<script>alert("x")</script>`
	ts := newTestServer(t)
	ts.mustCreateSession(1, 1)
	esc := strings.NewReplacer("<", "%3C", ">", "%3E", `"`, "%22", " ", "%20", "(", "%28", ")", "%29").Replace(evil)
	requests := []*http.Request{
		request("GET", "/words?sort="+esc, asPage, ""),
		request("GET", "/words?page="+esc, asFragment, ""),
		request("GET", "/study_sessions/"+esc, asPage, ""),
		request("GET", "/groups/1?order="+esc, asPage, ""),
		request("GET", "/"+esc, asPage, ""),
		request("POST", "/study_sessions", asPage, "group_id="+esc+"&study_activity_id="+esc),
		request("POST", "/study_sessions", asFragment, "group_id=1&study_activity_id="+esc),
		request("POST", "/study_sessions/1/review", asPage, "word_id="+esc+"&correct="+esc),
		request("POST", "/settings/theme", asPage, "theme="+esc),
		request("POST", "/settings/reset_history", asFragment, "confirm="+esc),
	}
	for _, r := range requests {
		w := ts.do(r)
		if strings.Contains(w.Body.String(), "<script>alert") {
			t.Errorf("%s %s reflects the markup unescaped:\n%s", r.Method, r.URL, w.Body)
		}
	}
	// JSON carries the value as a string: encoding/json escapes < and >.
	w := ts.do(request("POST", "/study_sessions", asJSON, `{"group_id": "`+strings.ReplaceAll(evil, `"`, `\"`)+`", "study_activity_id": 1}`))
	if strings.Contains(w.Body.String(), "<script>") {
		t.Errorf("the JSON error reflects markup: %s", w.Body)
	}
}
