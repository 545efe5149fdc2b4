package web

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"langportal/db"
)

// testServer is the real router on a fresh, migrated and seeded database.
type testServer struct {
	t     testing.TB
	srv   *Server
	store *db.Store
	raw   *sql.DB // a second connection, to look at the rows
	logs  *strings.Builder
	path  string // the database file
}

func newTestServer(t testing.TB) *testServer {
	t.Helper()
	return newTestServerWith(t, db.Options{})
}

// newTestServerWith is newTestServer on a store opened with opts.
func newTestServerWith(t testing.TB, opts db.Options) *testServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	store, err := db.OpenWith(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("db.Open: %v", err)
	}
	raw, err := sql.Open("sqlite3", path+"?_query_only=on&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close(); store.Close() })
	logs := &strings.Builder{}
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, nil))
	srv, err := New(store, logger, Options{Zone: time.UTC, AllowedHosts: []string{"example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{t: t, srv: srv, store: store, raw: raw, logs: logs, path: path}
}

// lockedWriter lets concurrent requests log into one builder.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// The three kinds of client.
const (
	asJSON     = "json"
	asFragment = "fragment"
	asPage     = "page"
)

var modes = []string{asJSON, asFragment, asPage}

// request builds a request as the given kind of client sends it: JSON bodies
// for JSON, form bodies for htmx and plain browsers.
func request(method, target, kind, body string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	switch kind {
	case asJSON:
		r.Header.Set("Accept", "application/json")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
	case asFragment:
		r.Header.Set("HX-Request", "true")
		r.Header.Set("Accept", "*/*")
		if body != "" {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	case asPage:
		r.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
		if body != "" {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	return r
}

func (ts *testServer) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	ts.srv.ServeHTTP(w, r)
	return w
}

// count returns the number of rows in table.
func (ts *testServer) count(table string) int {
	ts.t.Helper()
	var n int
	if err := ts.raw.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		ts.t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// snapshot counts the rows of every table a write can touch.
func (ts *testServer) snapshot() map[string]int {
	return map[string]int{
		"study_sessions":    ts.count("study_sessions"),
		"word_review_items": ts.count("word_review_items"),
	}
}

func (ts *testServer) assertUnchanged(before map[string]int) {
	ts.t.Helper()
	for table, n := range before {
		if got := ts.count(table); got != n {
			ts.t.Errorf("%s has %d rows, want %d: a rejected request wrote", table, got, n)
		}
	}
}

// mustCreateSession starts a Flashcards session of group 1 through the store.
func (ts *testServer) mustCreateSession(groupID, activityID int64) db.StudySession {
	ts.t.Helper()
	s, _, err := ts.store.CreateStudySession(context.Background(), groupID, activityID, db.Idempotency{})
	if err != nil {
		ts.t.Fatalf("CreateStudySession: %v", err)
	}
	return s
}

// wordIn returns the id of a word of the group, and of a word outside it.
func (ts *testServer) wordIn(groupID int64) (in, out int64) {
	ts.t.Helper()
	if err := ts.raw.QueryRow(`SELECT MIN(word_id) FROM word_groups WHERE group_id = ?`, groupID).Scan(&in); err != nil {
		ts.t.Fatal(err)
	}
	if err := ts.raw.QueryRow(`SELECT MIN(id) FROM words WHERE id NOT IN
		(SELECT word_id FROM word_groups WHERE group_id = ?)`, groupID).Scan(&out); err != nil {
		ts.t.Fatal(err)
	}
	return in, out
}

func decodeJSON(t testing.TB, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, w.Body.String())
	}
	return v
}

// assertNegotiated checks the headers every negotiated answer carries and
// the content type of its kind.
func assertNegotiated(t testing.TB, w *httptest.ResponseRecorder, kind string) {
	t.Helper()
	if got := w.Header().Values("Vary"); !slices.Contains(got, "Accept, HX-Request") || len(got) > 2 {
		t.Errorf("Vary = %q, want one %q", got, "Accept, HX-Request")
	}
	ct := w.Header().Get("Content-Type")
	switch {
	case w.Code == http.StatusSeeOther || (kind == asFragment && w.Body.Len() == 0):
	case kind == asJSON && !strings.HasPrefix(ct, "application/json"):
		t.Errorf("Content-Type = %q, want application/json", ct)
	case kind != asJSON && !strings.HasPrefix(ct, "text/html"):
		t.Errorf("Content-Type = %q, want text/html", ct)
	}
	body := w.Body.String()
	if kind == asFragment && strings.Contains(body, "<html") {
		t.Errorf("fragment contains the layout:\n%s", body)
	}
	if kind == asPage && w.Code != http.StatusSeeOther && !strings.Contains(body, "<!doctype html>") {
		t.Errorf("page has no layout:\n%s", body)
	}
	for _, leak := range []string{"sqlite", "SQL", "goroutine ", ".go:", "INSERT", "SELECT"} {
		if strings.Contains(body, leak) {
			t.Errorf("response leaks %q:\n%s", leak, body)
		}
	}
}

// containsFold reports whether sub is in s, ignoring case: pages show
// messages as sentences.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// dbIdem is an idempotency value for direct store calls.
func dbIdem(key string) db.Idempotency { return db.Idempotency{Key: key, Request: key} }
