package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// writeCase is one of the two write endpoints, with two different valid bodies.
type writeCase struct {
	name       string
	path       func(ts *testServer) string
	json, form [2]string
	table      string
}

var writeCases = []writeCase{
	{
		name:  "study session",
		path:  func(*testServer) string { return "/study_sessions" },
		json:  [2]string{`{"group_id": 1, "study_activity_id": 1}`, `{"group_id": 2, "study_activity_id": 1}`},
		form:  [2]string{"group_id=1&study_activity_id=1", "group_id=2&study_activity_id=1"},
		table: "study_sessions",
	},
	{
		name: "review",
		path: func(ts *testServer) string {
			return fmt.Sprintf("/study_sessions/%d/review", ts.mustCreateSession(1, 1).ID)
		},
		json:  [2]string{`{"word_id": 1, "correct": true}`, `{"word_id": 1, "correct": false}`},
		form:  [2]string{"word_id=1&correct=true", "word_id=1&correct=false"},
		table: "word_review_items",
	},
}

func (wc writeCase) body(kind string, i int) string {
	if kind == asJSON {
		return wc.json[i]
	}
	return wc.form[i]
}

// keyed builds a write with an idempotency key: in the header for JSON
// callers, in the form's hidden token for browsers.
func keyed(path, kind, body, key string) *http.Request {
	if kind != asJSON {
		body += "&idempotency_key=" + key
	}
	r := request(http.MethodPost, path, kind, body)
	if kind == asJSON {
		r.Header.Set("Idempotency-Key", key)
	}
	return r
}

func TestIdempotentReplay(t *testing.T) {
	for _, wc := range writeCases {
		for _, kind := range modes {
			t.Run(wc.name+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				path := wc.path(ts)
				first := ts.do(keyed(path, kind, wc.body(kind, 0), "key-1"))
				before := ts.count(wc.table)
				second := ts.do(keyed(path, kind, wc.body(kind, 0), "key-1"))
				assertNegotiated(t, second, kind)
				if got := ts.count(wc.table); got != before {
					t.Errorf("%s has %d rows after the retry, want %d", wc.table, got, before)
				}
				if first.Code != second.Code || first.Header().Get("Location") != second.Header().Get("Location") ||
					first.Header().Get("HX-Location") != second.Header().Get("HX-Location") {
					t.Errorf("the retry answered %d %q, the first %d %q", second.Code, second.Header().Get("Location"),
						first.Code, first.Header().Get("Location"))
				}
				if kind == asJSON && first.Body.String() != second.Body.String() {
					t.Errorf("the retry's body differs:\n%s\n%s", first.Body, second.Body)
				}
				if second.Header().Get("Idempotent-Replayed") != "true" || first.Header().Get("Idempotent-Replayed") != "" {
					t.Errorf("Idempotent-Replayed: first %q, retry %q; want only the retry marked",
						first.Header().Get("Idempotent-Replayed"), second.Header().Get("Idempotent-Replayed"))
				}
			})
		}
	}
}

func TestIdempotencyKeyWithAnotherBody(t *testing.T) {
	for _, wc := range writeCases {
		for _, kind := range modes {
			t.Run(wc.name+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				path := wc.path(ts)
				ts.do(keyed(path, kind, wc.body(kind, 0), "key-1"))
				before := ts.count(wc.table)
				w := ts.do(keyed(path, kind, wc.body(kind, 1), "key-1"))
				assertNegotiated(t, w, kind)
				if w.Code != http.StatusUnprocessableEntity {
					t.Fatalf("status = %d, want 422\n%s", w.Code, w.Body)
				}
				if got := ts.count(wc.table); got != before {
					t.Errorf("a reused key wrote: %d rows, want %d", got, before)
				}
				if !containsFold(w.Body.String(), "already used for a different request") {
					t.Errorf("the 422 does not explain itself:\n%s", w.Body)
				}
			})
		}
	}
	// A key belongs to one endpoint: the same key elsewhere is another request.
	ts := newTestServer(t)
	ts.do(keyed("/study_sessions", asJSON, writeCases[0].json[0], "shared"))
	path := writeCases[1].path(ts)
	if w := ts.do(keyed(path, asJSON, writeCases[1].json[0], "shared")); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("a key reused on the other endpoint = %d, want 422", w.Code)
	}
}

func TestIdempotencyKeyInFlight(t *testing.T) {
	for _, wc := range writeCases {
		for _, kind := range modes {
			t.Run(wc.name+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				path := wc.path(ts)
				done, err := ts.srv.inFlight.begin("busy-key") // a first request still running
				if err != nil {
					t.Fatal(err)
				}
				defer done()
				before := ts.count(wc.table)
				w := ts.do(keyed(path, kind, wc.body(kind, 0), "busy-key"))
				assertNegotiated(t, w, kind)
				if w.Code != http.StatusConflict {
					t.Fatalf("status = %d, want 409", w.Code)
				}
				if got := ts.count(wc.table); got != before {
					t.Errorf("a request with a key in flight wrote")
				}
			})
		}
	}
}

func TestIdempotencyKeyIsValidated(t *testing.T) {
	tests := map[string][]string{
		"too long":     {strings.Repeat("k", 256)},
		"not ASCII":    {"clé"},
		"control char": {"a\x01b"},
		"twice":        {"a", "b"},
	}
	for _, wc := range writeCases {
		for name, values := range tests {
			t.Run(wc.name+"/"+name, func(t *testing.T) {
				ts := newTestServer(t)
				path := wc.path(ts)
				before := ts.count(wc.table)
				r := request(http.MethodPost, path, asJSON, wc.json[0])
				for _, v := range values {
					r.Header.Add("Idempotency-Key", v)
				}
				w := ts.do(r)
				if w.Code != http.StatusBadRequest {
					t.Fatalf("status = %d, want 400", w.Code)
				}
				fields, _ := decodeJSON(t, w)["fields"].(map[string]any)
				if fields["Idempotency-Key"] == nil {
					t.Errorf("fields = %v, want a message for Idempotency-Key", fields)
				}
				if ts.count(wc.table) != before {
					t.Errorf("a request with a bad key wrote")
				}
			})
		}
	}
	ts := newTestServer(t)
	if w := ts.do(keyed("/study_sessions", asJSON, writeCases[0].json[0], strings.Repeat("k", 255))); w.Code != http.StatusOK {
		t.Errorf("a 255-character key = %d, want 200", w.Code)
	}
}

// TestConcurrentRequestsWithOneKey sends 20 identical requests with one key
// at once: exactly one row, and every answer a success, a replay or a 409.
func TestConcurrentRequestsWithOneKey(t *testing.T) {
	for _, wc := range writeCases {
		t.Run(wc.name, func(t *testing.T) {
			ts := newTestServer(t)
			path := wc.path(ts)
			before := ts.count(wc.table)
			srv := httptest.NewServer(ts.srv)
			defer srv.Close()
			var wg sync.WaitGroup
			codes := make([]int, 20)
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(wc.json[0]))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Idempotency-Key", "one-key")
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
					codes[i] = resp.StatusCode
				}()
			}
			wg.Wait()
			if got := ts.count(wc.table) - before; got != 1 {
				t.Errorf("20 requests with one key wrote %d rows, want exactly 1", got)
			}
			for _, c := range codes {
				if c != http.StatusOK && c != http.StatusConflict {
					t.Errorf("an answer was %d, want 200 or 409", c)
				}
			}
		})
	}
}

// TestFormsCarryOneTimeTokens checks that every form posting to a write
// endpoint has a fresh token, and that submitting one twice records once.
func TestFormsCarryOneTimeTokens(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	page := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, "")).Body.String()
	again := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, "")).Body.String()
	token := between(page, `name="idempotency_key" value="`, `"`)
	if token == "" || token == between(again, `name="idempotency_key" value="`, `"`) {
		t.Fatalf("the card's form token is %q, and must change on every render", token)
	}
	word := between(page, `name="word_id" value="`, `"`)
	body := "word_id=" + word + "&correct=true&idempotency_key=" + token
	for range 2 { // a double click, or the back button and a resubmit
		if w := ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), asPage, body)); w.Code != http.StatusSeeOther {
			t.Fatalf("status = %d, want 303", w.Code)
		}
	}
	if n := ts.count("word_review_items"); n != 1 {
		t.Errorf("a form sent twice recorded %d reviews, want 1", n)
	}
	launch := ts.do(request(http.MethodGet, "/study_activities/1/launch", asPage, "")).Body.String()
	if !strings.Contains(launch, `name="idempotency_key" value="`) {
		t.Errorf("the launch form has no token")
	}
}

func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}
