package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"langportal/db"
	"langportal/db/fsrs"
)

// The OpenAPI document is checked with kin-openapi: it loads OpenAPI 3.1,
// validates the document itself, and validates requests and answers
// against it with JSON Schema 2020-12, which is the dialect of 3.1.

// loadOpenAPI loads and validates the served document.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatalf("the OpenAPI document does not load: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	return doc
}

func TestOpenAPIDocumentIsOpenAPI31(t *testing.T) {
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Errorf("got openapi %q, want 3.1.0", doc.OpenAPI)
	}
	ts := newTestServer(t)
	w := ts.do(request(http.MethodGet, "/api/openapi.json", "", ""))
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") ||
		!bytes.Equal(w.Body.Bytes(), openAPIDocument) {
		t.Errorf("GET /api/openapi.json = %d %q, want 200 with the document", w.Code, w.Header().Get("Content-Type"))
	}
}

// echoParam matches an Echo path parameter, ":id", to write it as OpenAPI's "{id}".
var echoParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// TestEveryAPIRouteIsDocumented walks the router: every route under /api is
// an operation of the document (HEAD by its GET, which it answers without
// the body), and every operation of the document is a route.
func TestEveryAPIRouteIsDocumented(t *testing.T) {
	doc := loadOpenAPI(t)
	ts := newTestServer(t)
	routed := map[string]bool{}
	for _, r := range ts.srv.echo.Routes() {
		if !underAPI(r.Path) {
			continue
		}
		path := echoParam.ReplaceAllString(r.Path, "{$1}")
		method := r.Method
		if method == http.MethodHead {
			method = http.MethodGet
		}
		routed[method+" "+path] = true
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("%s %s is routed but not in the OpenAPI document", r.Method, r.Path)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !routed[method+" "+path] {
				t.Errorf("the OpenAPI document has %s %s, which is not routed", method, path)
			}
		}
	}
	// The table decides what /api serves.
	for _, r := range ts.srv.routeTable() {
		key := r.method + " " + echoParam.ReplaceAllString(apiPrefix+r.path, "{$1}")
		if got, want := routed[key], r.inAPI(); got != want {
			t.Errorf("%s under /api: routed %t, want %t", r.path, got, want)
		}
	}
}

// apiCase is one real request and the status it must get.
type apiCase struct {
	name   string
	method string
	target string
	body   string
	ctype  string // Content-Type; application/json for a body when empty
	setup  func(r *http.Request)
	want   int
}

// TestAPIAnswersMatchTheDocument sends real requests through the real
// router and validates each answer, success and error, against the
// document: its status must be documented for the operation, and its body
// must validate against the schema given for it.
func TestAPIAnswersMatchTheDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	in, out := ts.wordIn(1)
	s := func(format string) string { return fmt.Sprintf(format, sess.ID) }
	var never int64
	if err := ts.raw.QueryRow(`SELECT MAX(word_id) FROM word_groups WHERE group_id = 1`).Scan(&never); err != nil {
		t.Fatal(err)
	}
	empty := ts.mustCreateSession(1, 1) // a session without reviews
	big := `{"word_id": 1, "correct": true, "padding": "` + strings.Repeat("x", maxBodyBytes) + `"}`

	cases := []apiCase{
		{name: "the document", method: "GET", target: "/api/openapi.json", want: 200},
		{name: "dashboard before any review", method: "GET", target: "/api/dashboard", want: 200},
		{name: "review", method: "POST", target: s("/api/study_sessions/%d/review"), body: fmt.Sprintf(`{"word_id": %d, "correct": true}`, in), want: 200},
		{name: "review, bootcamp spelling, a form", method: "POST", target: s("/api/study-sessions/%d/review"),
			body: fmt.Sprintf("word_id=%d&correct=false", in), ctype: "application/x-www-form-urlencoded", want: 200},
		{name: "review with reviewed_at", method: "POST", target: s("/api/study_sessions/%d/review"),
			body: fmt.Sprintf(`{"word_id": %d, "correct": true, "reviewed_at": %q}`, in, time.Now().Add(time.Second).UTC().Format(time.RFC3339)), want: 200},
		{name: "batch", method: "POST", target: s("/api/study_sessions/%d/reviews"),
			body: fmt.Sprintf(`{"reviews": [{"word_id": %d, "correct": true}, {"word_id": %d, "correct": false}]}`, in, in), want: 200},
		{name: "undo", method: "POST", target: s("/api/study_sessions/%d/undo"), want: 200},
		{name: "undo with an empty JSON body", method: "POST", target: s("/api/study_sessions/%d/undo"), body: `{}`, want: 200},
		{name: "dashboard", method: "GET", target: "/api/dashboard", want: 200},
		{name: "queue", method: "GET", target: "/api/review/queue", want: 200},
		{name: "a group's queue", method: "GET", target: "/api/review/queue?group_id=1&limit=5", want: 200},
		{name: "activities", method: "GET", target: "/api/study_activities?sort=name&order=desc", want: 200},
		{name: "activity", method: "GET", target: "/api/study_activities/1?per_page=1", want: 200},
		{name: "words", method: "GET", target: "/api/words?per_page=3&sort=correct&order=desc", want: 200},
		{name: "a reviewed word", method: "GET", target: fmt.Sprintf("/api/words/%d", in), want: 200},
		{name: "a word never reviewed", method: "GET", target: fmt.Sprintf("/api/words/%d", never), want: 200},
		{name: "groups", method: "GET", target: "/api/groups?sort=words", want: 200},
		{name: "group", method: "GET", target: "/api/groups/1?per_page=2", want: 200},
		{name: "group words", method: "GET", target: "/api/groups/1/words?page=2&per_page=5&sort=romaji", want: 200},
		{name: "group words raw", method: "GET", target: "/api/groups/1/words/raw", want: 200},
		{name: "sessions", method: "GET", target: "/api/study_sessions", want: 200},
		{name: "session", method: "GET", target: s("/api/study_sessions/%d"), want: 200},
		{name: "start a session", method: "POST", target: "/api/study_sessions", body: `{"group_id": 2, "study_activity_id": 1}`, want: 200},
		{name: "start, bootcamp spelling", method: "POST", target: "/api/study-sessions", body: `{"group_id": 1, "study_activity_id": 2}`, want: 200},
		{name: "start Review of every group", method: "POST", target: "/api/study_sessions", body: `{"study_activity_id": 3}`, want: 200},
		{name: "start with a form", method: "POST", target: "/api/study_sessions", body: "group_id=1&study_activity_id=1",
			ctype: "application/x-www-form-urlencoded", want: 200},
		{name: "settings", method: "GET", target: "/api/settings", want: 200},
		{name: "save settings", method: "POST", target: "/api/settings", body: `{"new_per_day": 15, "desired_retention": 0.85}`, want: 200},
		{name: "theme", method: "POST", target: "/api/settings/theme", body: `{"theme": "dark"}`, want: 200},

		{name: "bad page", method: "GET", target: "/api/words?page=0", want: 400},
		{name: "bad id", method: "GET", target: "/api/words/abc", want: 400},
		{name: "unknown word", method: "GET", target: "/api/words/999999", want: 404},
		{name: "unknown group, raw", method: "GET", target: "/api/groups/999999/words/raw", want: 404},
		{name: "unknown session", method: "GET", target: "/api/study_sessions/999999", want: 404},
		{name: "queue of an unknown group", method: "GET", target: "/api/review/queue?group_id=999999", want: 400},
		{name: "start without fields", method: "POST", target: "/api/study_sessions", body: `{}`, want: 400},
		{name: "start with a form missing a field", method: "POST", target: "/api/study-sessions", body: "group_id=1",
			ctype: "application/x-www-form-urlencoded", want: 400},
		{name: "start with an unknown group", method: "POST", target: "/api/study_sessions", body: `{"group_id": 999999, "study_activity_id": 1}`, want: 400},
		{name: "start as text", method: "POST", target: "/api/study_sessions", body: "x", ctype: "text/plain", want: 415},
		{name: "a body too large", method: "POST", target: s("/api/study_sessions/%d/review"), body: big, want: 413},
		{name: "review of an unknown session", method: "POST", target: "/api/study-sessions/999999/review", body: `{"word_id": 1, "correct": true}`, want: 404},
		{name: "review of a word outside the group", method: "POST", target: s("/api/study_sessions/%d/review"),
			body: fmt.Sprintf(`{"word_id": %d, "correct": true}`, out), want: 400},
		{name: "review with correct as text", method: "POST", target: s("/api/study_sessions/%d/review"),
			body: fmt.Sprintf(`{"word_id": %d, "correct": "yes"}`, in), want: 400},
		{name: "batch as a form", method: "POST", target: s("/api/study_sessions/%d/reviews"), body: "reviews=1",
			ctype: "application/x-www-form-urlencoded", want: 415},
		{name: "empty batch", method: "POST", target: s("/api/study_sessions/%d/reviews"), body: `{"reviews": []}`, want: 400},
		{name: "nothing to undo", method: "POST", target: fmt.Sprintf("/api/study_sessions/%d/undo", empty.ID), want: 404},
		{name: "a setting out of range", method: "POST", target: "/api/settings", body: `{"day_starts_at": 24}`, want: 400},
		{name: "a reset without confirm", method: "POST", target: "/api/settings/reset_history", body: `{}`, want: 400},
		{name: "a key reused for another body", method: "POST", target: s("/api/study_sessions/%d/review"),
			body: fmt.Sprintf(`{"word_id": %d, "correct": false}`, in), setup: withKey("reused"), want: 422},
		{name: "a key still in flight", method: "POST", target: s("/api/study_sessions/%d/review"),
			body: fmt.Sprintf(`{"word_id": %d, "correct": true}`, in), setup: withKey("in-flight"), want: 409},
		{name: "a bad key", method: "POST", target: s("/api/study_sessions/%d/review"),
			body: fmt.Sprintf(`{"word_id": %d, "correct": true}`, in), setup: withKey(strings.Repeat("k", 256)), want: 400},
		{name: "a foreign Host", method: "GET", target: "/api/words", setup: func(r *http.Request) { r.Host = "evil.example" }, want: 403},
		{name: "a cross-site post", method: "POST", target: s("/api/study_sessions/%d/review"), body: fmt.Sprintf(`{"word_id": %d, "correct": true}`, in),
			setup: func(r *http.Request) {
				r.Header.Set("Sec-Fetch-Site", "cross-site")
				r.Header.Set("Origin", "https://evil.example")
			}, want: 403},

		{name: "reset history", method: "POST", target: "/api/settings/reset_history", body: `{"confirm": true}`, want: 200},
		{name: "full reset", method: "POST", target: "/api/settings/full_reset", body: "confirm=true", ctype: "application/x-www-form-urlencoded", want: 200},
	}
	reset := slices.IndexFunc(cases, func(c apiCase) bool { return c.name == "reset history" })
	cases = slices.Insert(cases, reset, vocabularyAPICases(t, ts, in, never)...)
	// The first use of the reused key, and a key held as if its request
	// were still running.
	ts.do(apiRequest(apiCase{method: "POST", target: s("/api/study_sessions/%d/review"),
		body: fmt.Sprintf(`{"word_id": %d, "correct": true}`, in), setup: withKey("reused")}))
	release, err := ts.srv.inFlight.begin("in-flight")
	if err != nil {
		t.Fatal(err)
	}
	defer release()

	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			w := ts.do(apiRequest(tt))
			if w.Code != tt.want {
				t.Fatalf("got status %d, want %d\n%s", w.Code, tt.want, w.Body)
			}
			validateAnswer(t, router, tt, w)
		})
	}

	// A database failure: the store is gone.
	broken := newTestServer(t)
	broken.store.Close()
	for _, tt := range []apiCase{
		{name: "words with the database closed", method: "GET", target: "/api/words"},
		{name: "a review with the database closed", method: "POST", target: "/api/study_sessions/1/review", body: `{"word_id": 1, "correct": true}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := broken.do(apiRequest(tt))
			if w.Code < 500 {
				t.Fatalf("got status %d, want a 5xx\n%s", w.Code, w.Body)
			}
			tt.want = w.Code
			validateAnswer(t, router, tt, w)
		})
	}
}

func withKey(key string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Idempotency-Key", key) }
}

// apiRequest builds the request of a case as an API caller sends it:
// Accept */*, the body's Content-Type.
func apiRequest(tt apiCase) *http.Request {
	r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
	r.Header.Set("Accept", "*/*")
	if tt.body != "" {
		ctype := tt.ctype
		if ctype == "" {
			ctype = "application/json"
		}
		r.Header.Set("Content-Type", ctype)
	}
	if tt.setup != nil {
		tt.setup(r)
	}
	return r
}

// validateAnswer checks an answer against the document: a successful
// request must itself be valid, the status must be documented, and the body
// must match its schema.
func validateAnswer(t *testing.T, router routers.Router, tt apiCase, w *httptest.ResponseRecorder) {
	t.Helper()
	ctx := context.Background()
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("got Content-Type %q, want application/json", w.Header().Get("Content-Type"))
	}
	req := apiRequest(tt)
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s is not in the document: %v", tt.method, req.URL.Path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if w.Code < 300 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Errorf("the request does not match the document: %v", err)
		}
	}
	res := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: w.Code, Header: w.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	res.SetBodyBytes(w.Body.Bytes())
	if err := openapi3filter.ValidateResponse(ctx, res); err != nil {
		t.Errorf("the answer does not match the document: %v\n%s", err, w.Body)
	}
}

// TestAPIErrorsOffTheTable checks the answers that no operation owns: an
// unknown address or a wrong method under /api is JSON of the document's
// Error schema.
func TestAPIErrorsOffTheTable(t *testing.T) {
	doc := loadOpenAPI(t)
	schema := doc.Components.Schemas["Error"].Value
	ts := newTestServer(t)
	for _, tt := range []struct {
		method, target string
		want           int
	}{
		{"GET", "/api", 404},
		{"GET", "/api/", 404},
		{"GET", "/api/nowhere", 404},
		{"GET", "/api/study_activities/1/launch", 404},
		{"GET", "/api/", 404},
		{"DELETE", "/api/words", 405},
		{"POST", "/api/words/1", 405},
		{"GET", "/api/study-sessions", 405},
	} {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			r := request(tt.method, tt.target, asPage, "")
			w := ts.do(r)
			if w.Code != tt.want {
				t.Fatalf("got status %d, want %d", w.Code, tt.want)
			}
			var v any
			if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
				t.Fatalf("got a body that is not JSON: %v\n%s", err, w.Body)
			}
			if err := schema.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
				t.Errorf("the body is not an Error: %v\n%s", err, w.Body)
			}
		})
	}
}

// TestOpenAPIDocumentNamesTheLimits keeps the document's numbers those of
// the code.
func TestOpenAPIDocumentNamesTheLimits(t *testing.T) {
	doc := loadOpenAPI(t)
	max := func(s *openapi3.Schema) float64 {
		if s.Max != nil {
			return *s.Max
		}
		if s.MaxItems != nil {
			return float64(*s.MaxItems)
		}
		return -1
	}
	settings := doc.Components.Schemas["SettingsInput"].Value.Properties
	for _, tt := range []struct {
		name string
		got  float64
		want float64
	}{
		{"per_page", max(doc.Components.Parameters["per_page"].Value.Schema.Value), db.MaxPerPage},
		{"limit", max(doc.Components.Parameters["queueLimit"].Value.Schema.Value), db.MaxPerPage},
		{"reviews", max(doc.Components.Schemas["ReviewBatchInput"].Value.Properties["reviews"].Value), db.MaxBatch},
		{"new_per_day", max(settings["new_per_day"].Value), db.MaxNewPerDay},
		{"desired_retention", max(settings["desired_retention"].Value), fsrs.MaxDesiredRetention},
		{"desired_retention minimum", *settings["desired_retention"].Value.Min, fsrs.MinDesiredRetention},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %v in the document, want %v", tt.name, tt.got, tt.want)
		}
	}
}
