package web

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"langportal/db"
)

func TestShowStudySession(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			sess := ts.mustCreateSession(3, 1)
			word, _ := ts.wordIn(3)
			review, _, err := ts.store.RecordReview(t.Context(), sess.ID, word, false, db.Idempotency{})
			if err != nil {
				t.Fatal(err)
			}
			w := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), kind, ""))
			assertNegotiated(t, w, kind)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200\n%s", w.Code, w.Body)
			}
			body := w.Body.String()
			switch kind {
			case asJSON:
				got := decodeJSON(t, w)
				want := map[string]any{"id": float64(sess.ID), "group_id": float64(3), "group_name": "Greetings and Everyday Phrases",
					"study_activity_id": float64(1), "activity_name": "Flashcards", "start_time": sess.CreatedAt.String(),
					"review_items_count": float64(1), "correct_count": float64(0), "wrong_count": float64(1)}
				for k, v := range want {
					if got[k] != v {
						t.Errorf("%s = %v, want %v", k, got[k], v)
					}
				}
				if got["end_time"] != review.CreatedAt.String() {
					t.Errorf("end_time = %v, want the review's time %v", got["end_time"], review.CreatedAt)
				}
			case asFragment:
				for _, want := range []string{"<title>Flashcards: Greetings and Everyday Phrases · Lang Portal</title>",
					`data-testid="flashcard"`, `id="sidebar" aria-label="Main" data-testid="sidebar" hx-swap-oob="true"`,
					`<a href="/study_sessions" aria-current="page">`} {
					if !strings.Contains(body, want) {
						t.Errorf("fragment lacks %s:\n%s", want, body)
					}
				}
			case asPage:
				for _, want := range []string{"<h1>Flashcards: Greetings and Everyday Phrases</h1>", `data-testid="flashcard"`,
					`data-testid="review-count">1<`, `<a href="/study_sessions" aria-current="page">`} {
					if !strings.Contains(body, want) {
						t.Errorf("page lacks %s:\n%s", want, body)
					}
				}
			}
		})
	}
}

func TestShowExternalStudySession(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(2, 2)
	w := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, ""))
	want := fmt.Sprintf(`href="http://localhost:8081/writing-practice?group_id=2&amp;session_id=%d&amp;study_session_id=%d"`, sess.ID, sess.ID)
	if !strings.Contains(w.Body.String(), want) || strings.Contains(w.Body.String(), `data-testid="flashcard"`) {
		t.Errorf("the page of an external session should link to the app (%s) and show no card:\n%s", want, w.Body)
	}
}

// An activity url that is not http or https (put in the database by hand)
// is never linked nor handed to window.open: it is shown as text.
func TestUnsafeActivityURLIsNeverOpened(t *testing.T) {
	ts := newTestServer(t)
	rw, err := sql.Open("sqlite3", ts.path)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if _, err := rw.Exec(`UPDATE study_activities SET url = 'javascript:alert(document.cookie)' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	for _, kind := range modes {
		body := `group_id=2&study_activity_id=2`
		if kind == asJSON {
			body = `{"group_id": 2, "study_activity_id": 2}`
		}
		w := ts.do(request(http.MethodPost, "/study_sessions", kind, body))
		if w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
			t.Fatalf("launch as %s = %d\n%s", kind, w.Code, w.Body)
		}
		if trigger := w.Header().Get("HX-Trigger"); strings.Contains(trigger, "javascript") {
			t.Errorf("launch as %s hands the url to the browser: HX-Trigger %s", kind, trigger)
		}
	}
	sess := ts.mustCreateSession(2, 2)
	w := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, ""))
	page := w.Body.String()
	if strings.Contains(page, `href="javascript`) || strings.Contains(page, `data-testid="open-external"`) {
		t.Errorf("the session page links the javascript: url:\n%s", page)
	}
	if !strings.Contains(page, `data-testid="external-unopenable"`) || !strings.Contains(page, "javascript:alert(document.cookie)") {
		t.Errorf("the session page does not show the url as text:\n%s", page)
	}
}

func TestShowLaunchPage(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			w := ts.do(request(http.MethodGet, "/study_activities/1/launch", kind, ""))
			assertNegotiated(t, w, kind)
			if kind == asJSON {
				// SPEC gives the launch page no JSON form: POST /study_sessions is the API.
				if w.Code != http.StatusNotAcceptable {
					t.Errorf("status = %d, want 406", w.Code)
				}
				return
			}
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", w.Code)
			}
			body := w.Body.String()
			for _, want := range []string{`<form id="launch-form"`, `method="post" action="/study_sessions"`,
				`hx-post="/study_sessions"`, `<input type="hidden" name="study_activity_id" value="1">`,
				`<option value="1">`, "Core Verbs", "Launch now", "<h1>Launch Flashcards</h1>"} {
				if !strings.Contains(body, want) {
					t.Errorf("launch page lacks %s", want)
				}
			}
		})
	}
}

func TestMissingAndMalformedIDs(t *testing.T) {
	tests := []struct {
		path   string
		status int
		msg    string
	}{
		{"/study_sessions/42", 404, "study session 42 not found"},
		{"/study_sessions/abc", 400, "must be a positive integer"},
		{"/study_sessions/0", 400, "must be a positive integer"},
		{"/study_activities/9/launch", 404, "study activity 9 not found"},
		{"/study_activities/-1/launch", 400, "must be a positive integer"},
		{"/no/such/page", 404, "nothing at this address"},
	}
	for _, tt := range tests {
		for _, kind := range modes {
			t.Run(tt.path+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				w := ts.do(request(http.MethodGet, tt.path, kind, ""))
				assertNegotiated(t, w, kind)
				if w.Code != tt.status {
					t.Fatalf("status = %d, want %d", w.Code, tt.status)
				}
				if !containsFold(w.Body.String(), tt.msg) {
					t.Errorf("body does not say %q:\n%s", tt.msg, w.Body)
				}
			})
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	ts := newTestServer(t)
	w := ts.do(request(http.MethodDelete, "/study_sessions/1", asJSON, ""))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("status = %d, want 405", w.Code)
	}
}

func TestHomeRedirects(t *testing.T) {
	ts := newTestServer(t)
	w := ts.do(request(http.MethodGet, "/", asPage, ""))
	if w.Code != http.StatusFound || w.Header().Get("Location") != "/dashboard" {
		t.Errorf("GET / = %d to %q, want 302 to /dashboard", w.Code, w.Header().Get("Location"))
	}
	w = ts.do(request(http.MethodGet, "/", asFragment, ""))
	if w.Code != http.StatusOK || w.Header().Get("HX-Location") != "/dashboard" {
		t.Errorf("GET / from htmx = %d with HX-Location %q, want 200 with /dashboard", w.Code, w.Header().Get("HX-Location"))
	}
}

func TestHealth(t *testing.T) {
	ts := newTestServer(t)
	if w := ts.do(httptest.NewRequest(http.MethodGet, "/healthz", nil)); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"ok"`) {
		t.Errorf("healthz = %d %s, want 200 ok", w.Code, w.Body)
	}
	ts.store.Close()
	if w := ts.do(httptest.NewRequest(http.MethodGet, "/healthz", nil)); w.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz on a closed store = %d, want 503", w.Code)
	}
}

func TestStaticFiles(t *testing.T) {
	ts := newTestServer(t)
	for path, want := range map[string]int{
		"/static/app.css": 200, "/static/htmx.min.js": 200, "/static/img/flashcards.svg": 200,
		"/static/nope.css": 404, "/static/img": 404, "/static/../main.go": 404, "/static/": 404,
	} {
		w := ts.do(httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != want {
			t.Errorf("GET %s = %d, want %d", path, w.Code, want)
		}
	}
}
