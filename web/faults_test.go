package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// leaks are what an answer must never show: driver and SQL text, source
// paths, stack traces.
var leaks = []string{"sqlite", "SQLITE", "SQL logic", "INSERT", "SELECT", "UPDATE ", "constraint", ".go:", "goroutine ",
	"panic", "runtime/", "/tmp/", "/home/", "/srv/", ".db"}

func assertNoLeak(t *testing.T, body string) {
	t.Helper()
	for _, leak := range leaks {
		if strings.Contains(body, leak) {
			t.Errorf("the answer leaks %q:\n%s", leak, body)
		}
	}
}

// TestFullDisk fills the database to its cap: writes get a 503 that says
// so and write nothing, reads go on, and writes work again with room.
func TestFullDisk(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	sess := ts.mustCreateSession(1, 1)
	pages, err := ts.store.PageCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.SetMaxPageCount(ctx, pages); err != nil {
		t.Fatal(err)
	}
	review := func(kind string, i int) *http.Request {
		body := fmt.Sprintf("word_id=%d&correct=true", i%60+1)
		if kind == asJSON {
			body = fmt.Sprintf(`{"word_id": %d, "correct": true}`, i%60+1)
		}
		return request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), kind, body)
	}
	// Fill the free room of the last pages, until a write is refused.
	full, refusedAt := false, 0
	for i := 0; i < 5000 && !full; i++ {
		before := ts.count("word_review_items")
		w := ts.do(review(asJSON, i))
		switch w.Code {
		case http.StatusOK:
		case http.StatusServiceUnavailable:
			full, refusedAt = true, i
			if got := ts.count("word_review_items"); got != before {
				t.Errorf("a refused write left a row")
			}
		default:
			t.Fatalf("status = %d while filling the disk\n%s", w.Code, w.Body)
		}
	}
	if !full {
		t.Fatal("the capped database never filled up")
	}
	for _, kind := range modes {
		// The refused write again: it needs a page that is not there (another
		// might still fit in the free bytes of a page).
		w := ts.do(review(kind, refusedAt))
		assertNegotiated(t, w, kind)
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
			t.Errorf("%s: a write on a full disk = %d (Retry-After %q), want 503 with Retry-After", kind, w.Code, w.Header().Get("Retry-After"))
		}
		if !containsFold(w.Body.String(), "the disk is full") {
			t.Errorf("%s: the 503 does not say the disk is full:\n%s", kind, w.Body)
		}
		assertNoLeak(t, w.Body.String())
		for _, path := range []string{"/dashboard", "/words", fmt.Sprintf("/study_sessions/%d", sess.ID)} {
			if w := ts.do(request(http.MethodGet, path, kind, "")); w.Code != http.StatusOK {
				t.Errorf("%s: reading %s on a full disk = %d, want 200", kind, path, w.Code)
			}
		}
	}
	// Sessions fill up too (their table may still have had room on its page).
	refused := false
	for i := 0; i < 5000 && !refused; i++ {
		before := ts.count("study_sessions")
		w := ts.do(request(http.MethodPost, "/study_sessions", asJSON, `{"group_id": 1, "study_activity_id": 1}`))
		refused = w.Code == http.StatusServiceUnavailable
		if refused && ts.count("study_sessions") != before {
			t.Errorf("a refused session left a row")
		}
		if !refused && w.Code != http.StatusOK {
			t.Fatalf("starting a session on a full disk = %d", w.Code)
		}
	}
	if !refused {
		t.Errorf("sessions were never refused on a full disk")
	}

	// Room again: writes resume by themselves.
	if _, err := ts.store.SetMaxPageCount(ctx, pages+10000); err != nil {
		t.Fatal(err)
	}
	for _, kind := range modes {
		before := ts.count("word_review_items")
		if w := ts.do(review(kind, 2)); w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
			t.Errorf("%s: a write after room came back = %d, want success", kind, w.Code)
		}
		if ts.count("word_review_items") != before+1 {
			t.Errorf("%s: the write after room came back is not there", kind)
		}
	}
}

// TestPanicsAreContained makes a handler panic: the answer is a 500 with a
// request id and no trace, and the server goes on.
func TestPanicsAreContained(t *testing.T) {
	ts := newTestServer(t)
	ts.srv.echo.GET("/boom", func(c echo.Context) error { panic("boom at /srv/app/secret.go:12") }, negotiated)
	for _, kind := range modes {
		w := ts.do(request(http.MethodGet, "/boom", kind, ""))
		assertNegotiated(t, w, kind)
		if w.Code != http.StatusInternalServerError {
			t.Fatalf("%s: status = %d, want 500", kind, w.Code)
		}
		assertNoLeak(t, w.Body.String())
		if id := w.Header().Get("X-Request-Id"); id == "" || !strings.Contains(w.Body.String(), id) {
			t.Errorf("%s: the 500 does not quote its request id", kind)
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
			if w.Header().Get(h) == "" {
				t.Errorf("%s: the 500 lacks %s", kind, h)
			}
		}
	}
	if !strings.Contains(ts.logs.String(), "boom at /srv/app/secret.go:12") {
		t.Errorf("the panic is not in the log")
	}
	if w := ts.do(request(http.MethodGet, "/words", asJSON, "")); w.Code != http.StatusOK {
		t.Errorf("after a panic the server answers %d", w.Code)
	}
}

// TestClosedDatabaseLeaksNothing answers every page on a closed database:
// 500s (reads) and writes alike say nothing of the database.
func TestClosedDatabaseLeaksNothing(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	ts.store.Close()
	for _, kind := range modes {
		for _, r := range []*http.Request{
			request(http.MethodGet, "/dashboard", kind, ""),
			request(http.MethodGet, "/words?sort=correct", kind, ""),
			request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), kind, ""),
			request(http.MethodPost, "/study_sessions", kind, "group_id=1&study_activity_id=1"),
		} {
			if kind == asJSON && r.Method == http.MethodPost {
				r = request(http.MethodPost, "/study_sessions", kind, `{"group_id": 1, "study_activity_id": 1}`)
			}
			w := ts.do(r)
			if w.Code != http.StatusInternalServerError {
				t.Errorf("%s %s %s = %d, want 500", kind, r.Method, r.URL, w.Code)
			}
			assertNoLeak(t, w.Body.String())
		}
	}
}
