package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"langportal/db"
)

// TestCORSPreflightOfTheVocabularyWrites: the API's PATCH and DELETE are
// preflighted for a trusted origin, with the headers the API reads, and
// not for any other origin.
func TestCORSPreflightOfTheVocabularyWrites(t *testing.T) {
	const trusted = "http://localhost:8081"
	ts := newServerWith(t, Options{Zone: time.UTC, TrustedOrigins: []string{trusted}})
	for _, tt := range []struct {
		origin, method, target string
		allowed                bool
	}{
		{trusted, http.MethodPatch, "/api/words/1", true},
		{trusted, http.MethodDelete, "/api/words/1", true},
		{trusted, http.MethodDelete, "/api/groups/1/words/1", true},
		{trusted, http.MethodPatch, "/api/study_activities/1", true},
		{trusted, http.MethodPost, "/api/import", true},
		{"http://localhost:9999", http.MethodPatch, "/api/words/1", false},
		{"https://evil.example", http.MethodDelete, "/api/words/1", false},
	} {
		t.Run(tt.origin+" "+tt.method+" "+tt.target, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodOptions, tt.target, nil)
			r.Host = "localhost:8080"
			r.Header.Set("Origin", tt.origin)
			r.Header.Set("Access-Control-Request-Method", tt.method)
			r.Header.Set("Access-Control-Request-Headers", "content-type, idempotency-key, x-request-id")
			w := ts.do(r)
			h := w.Header()
			if !tt.allowed {
				for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers"} {
					if got := h.Get(name); got != "" {
						t.Errorf("got %s %q for an untrusted origin, want none", name, got)
					}
				}
				return
			}
			if w.Code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != tt.origin {
				t.Fatalf("got %d, Access-Control-Allow-Origin %q; want 204 for %s", w.Code, h.Get("Access-Control-Allow-Origin"), tt.origin)
			}
			if methods := h.Get("Access-Control-Allow-Methods"); !strings.Contains(methods, tt.method) {
				t.Errorf("got Access-Control-Allow-Methods %q, want it to hold %s", methods, tt.method)
			}
			allowed := strings.ToLower(h.Get("Access-Control-Allow-Headers"))
			for _, name := range []string{"content-type", "idempotency-key", "x-request-id"} {
				if !strings.Contains(allowed, name) {
					t.Errorf("got Access-Control-Allow-Headers %q, want it to hold %s", allowed, name)
				}
			}
		})
	}
}

// TestCrossOriginCheckOfPatchAndDelete: a browser's PATCH or DELETE from
// another origin is refused, writing nothing, as a POST is; from a trusted
// origin it passes with CORS; an API caller without browser headers passes.
func TestCrossOriginCheckOfPatchAndDelete(t *testing.T) {
	const trusted = "http://apps.example"
	ts := newServerWith(t, Options{Zone: time.UTC, TrustedOrigins: []string{trusted}})
	ctx := context.Background()
	for _, tt := range []struct {
		name, origin, site string
		method             string
		want               int
	}{
		{"PATCH cross-site", "http://evil.example", "cross-site", http.MethodPatch, 403},
		{"PATCH same-site, another port", "http://localhost:9999", "same-site", http.MethodPatch, 403},
		{"DELETE cross-site", "http://evil.example", "cross-site", http.MethodDelete, 403},
		{"POST delete cross-site", "http://evil.example", "cross-site", http.MethodPost, 403},
		{"PATCH from the trusted origin", trusted, "cross-site", http.MethodPatch, 200},
		{"DELETE from the trusted origin", trusted, "cross-site", http.MethodDelete, 200},
		{"PATCH from an API caller", "", "", http.MethodPatch, 200},
		{"DELETE same-origin", "http://localhost:8080", "same-origin", http.MethodDelete, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w0, err := ts.store.CreateWord(ctx, db.WordInput{Japanese: "机", Romaji: "tsukue", English: "desk " + tt.name})
			if err != nil {
				t.Fatal(err)
			}
			target, body := "/api/words/"+itoa(w0.ID), `{"english": "changed by `+tt.name+`"}`
			switch tt.method {
			case http.MethodDelete:
				body = ""
			case http.MethodPost:
				target, body = target+"/delete", `{"confirm": true}`
			}
			r := httptest.NewRequest(tt.method, target, strings.NewReader(body))
			r.Host = "localhost:8080"
			if body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			if tt.origin != "" {
				r.Header.Set("Origin", tt.origin)
			}
			if tt.site != "" {
				r.Header.Set("Sec-Fetch-Site", tt.site)
			}
			w := ts.do(r)
			if w.Code != tt.want {
				t.Fatalf("got status %d, want %d\n%s", w.Code, tt.want, w.Body)
			}
			if got, want := w.Header().Get("Access-Control-Allow-Origin"), map[bool]string{true: trusted}[tt.origin == trusted]; got != want {
				t.Errorf("got Access-Control-Allow-Origin %q, want %q", got, want)
			}
			after, err := ts.store.GetWord(ctx, w0.ID)
			switch {
			case tt.want == 403 && (err != nil || after.English != w0.English):
				t.Errorf("a refused %s changed the word: %+v, %v", tt.method, after.Word, err)
			case tt.want == 200 && tt.method == http.MethodPatch && after.English != "changed by "+tt.name:
				t.Errorf("got english %q after the PATCH, want changed", after.English)
			case tt.want == 200 && tt.method != http.MethodPatch && err == nil:
				t.Errorf("the word is still there after the %s", tt.method)
			}
		})
	}
}
