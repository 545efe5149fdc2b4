package web

import (
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"langportal/db"
)

// A write that cannot get the database because another process holds its
// write lock (an import, a sqlite3 shell) is a 503 with Retry-After that
// wrote nothing, never a 500; once the lock is gone, writes work again.
func TestWriteBehindAnOutsideLockIs503(t *testing.T) {
	ts := newTestServerWith(t, db.Options{BusyTimeout: 150 * time.Millisecond})
	sess := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	outside, err := sql.Open("sqlite3", ts.path+"?_busy_timeout=1000")
	if err != nil {
		t.Fatal(err)
	}
	defer outside.Close()
	outside.SetMaxOpenConns(1)
	if _, err := outside.Exec(`BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	before := ts.snapshot()
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			body := fmt.Sprintf("word_id=%d&correct=true", word)
			if kind == asJSON {
				body = fmt.Sprintf(`{"word_id": %d, "correct": true}`, word)
			}
			w := ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), kind, body))
			if w.Code != http.StatusServiceUnavailable {
				t.Fatalf("status = %d, want 503\n%s", w.Code, w.Body)
			}
			if w.Header().Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			if !containsFold(w.Body.String(), "busy") {
				t.Errorf("the answer does not say the database is busy:\n%s", w.Body)
			}
			assertNegotiated(t, w, kind)
			assertNoLeak(t, w.Body.String())
		})
	}
	if _, err := outside.Exec(`ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	ts.assertUnchanged(before)
	w := ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), asJSON,
		fmt.Sprintf(`{"word_id": %d, "correct": true}`, word)))
	if w.Code != http.StatusOK {
		t.Errorf("after the lock is gone: status = %d, want 200\n%s", w.Code, w.Body)
	}
}

func health(ts *testServer) (int, map[string]any) {
	w := ts.do(request(http.MethodGet, "/healthz", asJSON, ""))
	return w.Code, decodeJSON(ts.t, w)
}

// /healthz is 200 only while a read and a write work on our schema.
func TestHealthzSaysWhyTheDatabaseCannotServe(t *testing.T) {
	t.Run("ok", func(t *testing.T) {
		ts := newTestServer(t)
		before := ts.snapshot()
		if code, body := health(ts); code != http.StatusOK || body["status"] != "ok" {
			t.Errorf("healthz = %d %v, want 200 ok", code, body)
		}
		ts.assertUnchanged(before)
		if n := ts.count("idempotency_keys"); n != 0 {
			t.Errorf("the probe write was kept: %d idempotency keys", n)
		}
	})
	t.Run("full disk", func(t *testing.T) {
		ts := newTestServer(t)
		ctx := t.Context()
		pages, err := ts.store.PageCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.store.SetMaxPageCount(ctx, pages); err != nil {
			t.Fatal(err)
		}
		code, body := health(ts)
		if code != http.StatusServiceUnavailable || body["status"] != "unavailable" || !containsFold(fmt.Sprint(body["reason"]), "disk is full") {
			t.Errorf("healthz on a full disk = %d %v, want 503 unavailable, the disk is full", code, body)
		}
		if _, err := ts.store.SetMaxPageCount(ctx, pages+1000); err != nil {
			t.Fatal(err)
		}
		if code, body := health(ts); code != http.StatusOK {
			t.Errorf("healthz with room again = %d %v, want 200", code, body)
		}
	})
	t.Run("busy", func(t *testing.T) {
		ts := newTestServerWith(t, db.Options{BusyTimeout: 100 * time.Millisecond})
		outside, err := sql.Open("sqlite3", ts.path)
		if err != nil {
			t.Fatal(err)
		}
		defer outside.Close()
		outside.SetMaxOpenConns(1)
		if _, err := outside.Exec(`BEGIN IMMEDIATE`); err != nil {
			t.Fatal(err)
		}
		defer outside.Exec(`ROLLBACK`)
		code, body := health(ts)
		if code != http.StatusServiceUnavailable || !containsFold(fmt.Sprint(body["reason"]), "busy") {
			t.Errorf("healthz behind an outside lock = %d %v, want 503, busy", code, body)
		}
	})
}

// After an outside `migrate down 1`, the running server answers every
// request with a 503 that says what happened, instead of 500s (reads) or
// writes into a schema it does not know; /healthz says so too.
func TestSchemaChangedUnderTheServer(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	m, err := db.OpenMigration(ts.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Down(1); err != nil {
		t.Fatal(err)
	}
	m.Close()
	before := ts.snapshot()

	code, body := health(ts)
	if code != http.StatusServiceUnavailable || !strings.Contains(fmt.Sprint(body["reason"]), "restart the server") {
		t.Errorf("healthz = %d %v, want 503 saying to restart the server", code, body)
	}
	for _, kind := range modes {
		for _, r := range []*http.Request{
			request(http.MethodGet, "/dashboard", kind, ""),
			request(http.MethodGet, "/words/1", kind, ""),
			request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), kind, map[string]string{
				asJSON: fmt.Sprintf(`{"word_id": %d, "correct": true}`, word),
			}[kind]+map[bool]string{true: "", false: fmt.Sprintf("word_id=%d&correct=true", word)}[kind == asJSON]),
		} {
			w := ts.do(r)
			if w.Code != http.StatusServiceUnavailable {
				t.Errorf("%s %s as %s: status = %d, want 503\n%s", r.Method, r.URL, kind, w.Code, w.Body)
				continue
			}
			if !containsFold(w.Body.String(), "changed by another program") {
				t.Errorf("%s %s as %s: the answer does not say why:\n%s", r.Method, r.URL, kind, w.Body)
			}
			assertNoLeak(t, w.Body.String())
		}
	}
	ts.assertUnchanged(before)
}

// Every GET route answers HEAD with the GET's status and headers, no body.
func TestHeadAnswersLikeGet(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	paths := []string{"/", "/dashboard", "/flashcards", "/healthz", "/static/app.css", "/study_activities",
		"/study_activities/1", "/study_activities/1/launch", "/words", "/words/1", "/words/999999",
		"/groups", "/groups/1", "/groups/1/words", "/study_sessions", fmt.Sprintf("/study_sessions/%d", sess.ID),
		"/settings", "/words/new", "/words/1/edit", "/groups/1/add", "/study_activities/new", "/study_activities/2/edit",
		"/import", "/export", "/export/words.csv", "/export/words.json", "/export/reviews.csv", "/export/backup", "/words?q=tabe"}
	for _, kind := range modes {
		for _, path := range paths {
			get := ts.do(request(http.MethodGet, path, kind, ""))
			head := ts.do(request(http.MethodHead, path, kind, ""))
			if head.Code != get.Code {
				t.Errorf("HEAD %s as %s: status = %d, want GET's %d", path, kind, head.Code, get.Code)
			}
			if head.Body.Len() != 0 {
				t.Errorf("HEAD %s as %s has a body of %d bytes", path, kind, head.Body.Len())
			}
			for _, h := range []string{"Content-Type", "Vary", "Location", "HX-Location", "Cache-Control", "Content-Security-Policy"} {
				if got, want := head.Header().Get(h), get.Header().Get(h); got != want {
					t.Errorf("HEAD %s as %s: %s = %q, want GET's %q", path, kind, h, got, want)
				}
			}
		}
	}
	w := ts.do(request(http.MethodDelete, "/words", asJSON, ""))
	if allow := w.Header().Get("Allow"); w.Code != http.StatusMethodNotAllowed || !strings.Contains(allow, "HEAD") {
		t.Errorf("DELETE /words: %d, Allow %q; want 405 allowing HEAD", w.Code, allow)
	}
}

// GET / is negotiated like every page: its redirect varies by the headers.
func TestHomeVaries(t *testing.T) {
	ts := newTestServer(t)
	for _, kind := range []string{asPage, asFragment} {
		w := ts.do(request(http.MethodGet, "/", kind, ""))
		if got := w.Header().Get("Vary"); got != varyNegotiated {
			t.Errorf("GET / as %s (status %d): Vary = %q, want %q", kind, w.Code, got, varyNegotiated)
		}
	}
}

// A built-in activity's url leads to its launch page.
func TestBuiltinActivityURLResolves(t *testing.T) {
	ts := newTestServer(t)
	w := ts.do(request(http.MethodGet, "/flashcards", asPage, ""))
	if w.Code != http.StatusFound || !strings.HasSuffix(w.Header().Get("Location"), "/launch") {
		t.Errorf("GET /flashcards = %d → %q, want 302 to the launch page", w.Code, w.Header().Get("Location"))
	}
	w = ts.do(request(http.MethodGet, "/flashcards", asFragment, ""))
	if w.Code != http.StatusOK || !strings.HasSuffix(w.Header().Get("HX-Location"), "/launch") {
		t.Errorf("GET /flashcards with htmx = %d, HX-Location %q; want 200 to the launch page", w.Code, w.Header().Get("HX-Location"))
	}
}

// The client's X-Request-Id is used only when it is short and plain.
func TestRequestIDFromTheClient(t *testing.T) {
	ts := newTestServer(t)
	for _, tc := range []struct {
		id   string
		kept bool
	}{
		{"abc-123_X.y", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"<script>alert(1)</script>", false},
		{"two words", false},
		{"id\x7f", false},
		{"ünïcode", false},
	} {
		r := request(http.MethodGet, "/nothing-here", asJSON, "")
		r.Header.Set("X-Request-Id", tc.id)
		w := ts.do(r)
		got := w.Header().Get("X-Request-Id")
		if tc.kept && got != tc.id {
			t.Errorf("X-Request-Id %q answered as %q, want it kept", tc.id, got)
		}
		if !tc.kept && (got == tc.id || !isRequestID(got)) {
			t.Errorf("X-Request-Id %q answered as %q, want a new plain id", tc.id, got)
		}
	}
}

// Odd paths are 404s; a query value the parser would cut is a 400.
func TestOddPathsAndQueries(t *testing.T) {
	ts := newTestServer(t)
	for _, kind := range modes {
		for _, path := range []string{"/words/1/", "/words/1/extra", "/groups/1/x/y", "/study_sessions/1/"} {
			if w := ts.do(request(http.MethodGet, path, kind, "")); w.Code != http.StatusNotFound {
				t.Errorf("GET %s as %s = %d, want 404", path, kind, w.Code)
			}
		}
		w := ts.do(request(http.MethodGet, "/words?sort=japanese;DROP%20TABLE%20words", kind, ""))
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "sort") {
			t.Errorf("a sort with ';' as %s = %d, want 400 naming sort\n%s", kind, w.Code, w.Body)
		}
		w = ts.do(request(http.MethodGet, "/words?page=%zz", kind, ""))
		if w.Code != http.StatusBadRequest {
			t.Errorf("a broken escape as %s = %d, want 400", kind, w.Code)
		}
	}
}
