package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseOrigins(t *testing.T) {
	tests := []struct {
		list    string
		want    []string
		wantErr string // a part of the message; "" for no error
	}{
		{"", nil, ""},
		{" , ,", nil, ""},
		{"http://localhost:8081", []string{"http://localhost:8081"}, ""},
		{"HTTP://LocalHost:8081", []string{"http://localhost:8081"}, ""},
		{"http://example.com:80", []string{"http://example.com"}, ""},
		{"https://example.com:443", []string{"https://example.com"}, ""},
		{"https://example.com:80", []string{"https://example.com:80"}, ""},
		{"http://example.com:443", []string{"http://example.com:443"}, ""},
		{"http://localhost:8081/", []string{"http://localhost:8081"}, ""},
		{"http://[::1]:5000", []string{"http://[::1]:5000"}, ""},
		{"http://[::1]:80", []string{"http://[::1]"}, ""},
		{"http://127.0.0.1:5173, https://Apps.Example.org", []string{"http://127.0.0.1:5173", "https://apps.example.org"}, ""},
		{"http://a.test, http://A.test:80", []string{"http://a.test"}, ""},
		{"localhost:8081", nil, `"localhost:8081"`},
		{"ftp://example.com", nil, "the scheme must be http or https"},
		{"example.com", nil, "the scheme must be http or https"},
		{"http://", nil, "the host is empty"},
		{"http://example.com/app", nil, "no path, query or fragment"},
		{"http://example.com?x=1", nil, "no path, query or fragment"},
		{"http://example.com#top", nil, "no path, query or fragment"},
		{"http://user:pw@example.com", nil, "no user name or password"},
		{"http://*.example.com", nil, "has no place in a host name"},
		{"http://exa mple.com", nil, "not a URL"},
		{"http://example.com:99999", nil, "not from 1 to 65535"},
		{"http://example..com", nil, "1 to 63 characters"},
		{"http://localhost:8081, nope", nil, `trusted origin "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			got, err := ParseOrigins(tt.list)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("got error %v, want %q", err, tt.want)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("got %q, %v; want an error with %q", got, err, tt.wantErr)
			case !slices.Equal(got, tt.want):
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseAllowedHosts(t *testing.T) {
	tests := []struct {
		list    string
		want    []string
		wantErr string
	}{
		{"", nil, ""},
		{"portal.lan", []string{"portal.lan"}, ""},
		{"Portal.LAN, raspberrypi", []string{"portal.lan", "raspberrypi"}, ""},
		{"192.168.1.20", []string{"192.168.1.20"}, ""},
		{"::1", []string{"::1"}, ""},
		{"[fe80::1]", []string{"fe80::1"}, ""},
		{"my_host.local", []string{"my_host.local"}, ""},
		{"portal.lan:8080", nil, "it has a port"},
		{"192.168.1.20:8080", nil, "it has a port"},
		{"[::1]:8080", nil, "it has a port"},
		{"portal.lan.", nil, "it ends with a dot"},
		{"http://portal.lan", nil, "without a scheme or path"},
		{"portal.lan/app", nil, "without a scheme or path"},
		{"*.lan", nil, "has no place in a host name"},
		{"[portal.lan]", nil, "brackets hold an IPv6 address"},
		{"a..b", nil, "1 to 63 characters"},
		{strings.Repeat("a", 64) + ".lan", nil, "1 to 63 characters"},
		{"good.lan, bad.lan:1", nil, `allowed host "bad.lan:1"`},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			got, err := ParseAllowedHosts(tt.list)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("got error %v, want %q", err, tt.want)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("got %q, %v; want an error with %q", got, err, tt.wantErr)
			case !slices.Equal(got, tt.want):
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNewRefusesBadOptions: an entry that could never match a request stops
// the server before it starts, with the entry and the reason.
func TestNewRefusesBadOptions(t *testing.T) {
	ts := newTestServer(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{TrustedOrigins: []string{"http://localhost:5000/app"}}, `trusted origin "http://localhost:5000/app": an origin has no path`},
		{Options{TrustedOrigins: []string{"localhost:5000"}}, `trusted origin "localhost:5000"`},
		{Options{AllowedHosts: []string{"portal.lan:8080"}}, `allowed host "portal.lan:8080": it has a port`},
		{Options{AllowedHosts: []string{"portal.lan."}}, `allowed host "portal.lan.": it ends with a dot`},
	} {
		if _, err := New(ts.store, logger, tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) = %v, want an error with %q", tt.opts, err, tt.want)
		}
	}
	// What main adds, the host of the address it is bound to, is accepted.
	for _, host := range []string{"127.0.0.1", "::", "0.0.0.0", "localhost"} {
		if _, err := New(ts.store, logger, Options{AllowedHosts: []string{host}}); err != nil {
			t.Errorf("New with allowed host %q: %v", host, err)
		}
	}
}

// TestTrustedOriginsComparedAsBrowsersSendThem: an origin configured with
// capitals and a default port is the one a browser sends, for CORS and for
// the cross-origin check; an Origin header is read the same way.
func TestTrustedOriginsComparedAsBrowsersSendThem(t *testing.T) {
	ts := newServerWith(t, Options{Zone: time.UTC, TrustedOrigins: []string{"HTTP://Apps.Example:80"}})
	session := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	for _, tt := range []struct {
		origin string
		want   int
		cors   bool
	}{
		{"http://apps.example", 200, true},
		{"http://apps.example:80", 200, true},
		{"http://APPS.example", 200, true},
		{"https://apps.example", 403, false},
		{"http://apps.example:8080", 403, false},
		{"http://evil.example", 403, false},
		{"null", 403, false},
	} {
		t.Run(tt.origin, func(t *testing.T) {
			before := ts.count("word_review_items")
			r := httptest.NewRequest(http.MethodPost, "/api/study_sessions/"+itoa(session.ID)+"/review",
				strings.NewReader(`{"word_id": `+itoa(word)+`, "correct": true}`))
			r.Host = "localhost:8080"
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Origin", tt.origin)
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			w := ts.do(r)
			if w.Code != tt.want {
				t.Fatalf("got status %d, want %d\n%s", w.Code, tt.want, w.Body)
			}
			if got := w.Header().Get("Access-Control-Allow-Origin"); (got != "") != tt.cors || (tt.cors && got != tt.origin) {
				t.Errorf("got Access-Control-Allow-Origin %q, want CORS %t", got, tt.cors)
			}
			written := ts.count("word_review_items") - before
			if want := map[bool]int{true: 1, false: 0}[tt.want == 200]; written != want {
				t.Errorf("got %d rows written, want %d", written, want)
			}
			if tt.want == 403 {
				if v := decodeJSON(t, w); v["error"] == nil {
					t.Errorf("got %s, want a JSON error", w.Body)
				}
			}
		})
	}
}
