package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"langportal/db"
)

// history records a small learning history through the store: session 1
// (Core Verbs, Flashcards) with words 1 and 2 right and word 3 wrong, and
// session 2 (Core Adjectives, Writing Practice) with no reviews.
func (ts *testServer) history() (s1, s2 int64) {
	ts.t.Helper()
	s1 = ts.mustCreateSession(1, 1).ID
	for word, right := range map[int64]bool{1: true, 2: true, 3: false} {
		if _, _, err := ts.store.RecordReview(context.Background(), s1, word, right, db.Idempotency{}); err != nil {
			ts.t.Fatal(err)
		}
	}
	s2 = ts.mustCreateSession(2, 2).ID
	return s1, s2
}

func TestDashboardPage(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			// s2, the newest, has no review: an abandoned launch is neither
			// the last session nor a session studied.
			s1, _ := ts.history()
			w := ts.do(request(http.MethodGet, "/dashboard", kind, ""))
			assertNegotiated(t, w, kind)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d", w.Code)
			}
			switch kind {
			case asJSON:
				got := decodeJSON(t, w)
				last, _ := got["last_session"].(map[string]any)
				if last["id"] != float64(s1) || last["activity_name"] != "Flashcards" {
					t.Errorf("last_session = %v, want session %d", last, s1)
				}
				if len(got) != 5 || got["review"] == nil || got["heatmap"] == nil {
					t.Errorf("the dashboard's JSON has keys %v, want exactly last_session, study_progress, quick_stats, review and heatmap", got)
				}
				review, _ := got["review"].(map[string]any)
				for _, k := range []string{"due_now", "due_today", "new_left_today", "next_due", "forecast"} {
					if _, ok := review[k]; !ok {
						t.Errorf("review lacks %q: %v", k, review)
					}
				}
				if f, _ := review["forecast"].([]any); len(f) != 30 {
					t.Errorf("forecast has %d days, want 30", len(f))
				}
				want := map[string]map[string]any{
					"study_progress": {"words_studied": 3.0, "total_words": 208.0, "mastered_words": 0.0, "mastery_percent": 0.0},
					"quick_stats":    {"success_rate": 66.7, "total_sessions": 1.0, "active_groups": 2.0, "streak_days": 1.0},
				}
				for section, fields := range want {
					obj, _ := got[section].(map[string]any)
					if len(obj) != len(fields) {
						t.Errorf("%s = %v, want exactly the keys of %v", section, obj, fields)
					}
					for k, v := range fields {
						if obj[k] != v {
							t.Errorf("%s.%s = %v, want %v", section, k, obj[k], v)
						}
					}
				}
			default:
				body := w.Body.String()
				for _, want := range []string{
					`data-testid="words-studied">3<`, `data-testid="total-words">208<`, `data-testid="success-rate">66.7%<`,
					`data-testid="total-sessions">1<`, `data-testid="streak-days">1 day<`, `data-testid="mastery-percent">0%<`,
					`href="/study_activities" data-testid="start-studying">Start Studying</a>`,
					`href="/groups/1" data-testid="last-group"`,
					// The activity links to the activity; the time to the session.
					`href="/study_activities/1" data-testid="last-activity">Flashcards</a>`,
					fmt.Sprintf(`href="/study_sessions/%d" data-testid="last-when"`, s1),
					// s1's round of Core Verbs is under way.
					fmt.Sprintf(`href="/study_sessions/%d" data-testid="continue-session">Continue</a>`, s1),
					"3 of 69 words answered",
				} {
					if !strings.Contains(body, want) {
						t.Errorf("dashboard lacks %s", want)
					}
				}
			}
		})
	}
}

func TestDashboardOfANewPortal(t *testing.T) {
	ts := newTestServer(t)
	w := ts.do(request(http.MethodGet, "/dashboard", asJSON, ""))
	if got := decodeJSON(t, w)["last_session"]; got != nil {
		t.Errorf("last_session = %v, want null", got)
	}
	w = ts.do(request(http.MethodGet, "/dashboard", asPage, ""))
	body := w.Body.String()
	if !strings.Contains(body, "No sessions yet") {
		t.Errorf("the dashboard of a new portal does not say what to do")
	}
	// No answer yet: no rate to show, rather than a 0 % that reads as a result.
	if !strings.Contains(body, `data-testid="success-rate" title="No answers yet">—<`) {
		t.Errorf("the success rate of a new portal is not shown as —")
	}
	if strings.Contains(body, `data-testid="continue"`) {
		t.Errorf("a new portal offers to continue a session")
	}
}

// listCase is a list page: where it is, the table htmx swaps, and what its
// JSON should hold.
type listCase struct {
	path       string
	table      string // the HX-Target id of its table; "" when it has none
	totalItems func(ts *testServer) int
}

var listCases = []listCase{
	{"/words", "words-table", func(ts *testServer) int { return ts.count("words") }},
	{"/groups", "groups-table", func(ts *testServer) int { return ts.count("groups") }},
	{"/study_sessions", "sessions-table", func(ts *testServer) int { return ts.count("study_sessions") }},
	{"/study_activities", "", func(ts *testServer) int { return ts.count("study_activities") }},
	{"/groups/1/words", "words-table", func(ts *testServer) int {
		var n int
		ts.raw.QueryRow(`SELECT COUNT(*) FROM word_groups WHERE group_id = 1`).Scan(&n)
		return n
	}},
}

func TestListPages(t *testing.T) {
	for _, lc := range listCases {
		for _, kind := range modes {
			t.Run(lc.path+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				ts.history()
				w := ts.do(request(http.MethodGet, lc.path+"?per_page=2", kind, ""))
				assertNegotiated(t, w, kind)
				if w.Code != http.StatusOK {
					t.Fatalf("status = %d\n%s", w.Code, w.Body)
				}
				total := lc.totalItems(ts)
				switch kind {
				case asJSON:
					got := decodeJSON(t, w)
					items, _ := got["items"].([]any)
					p, _ := got["pagination"].(map[string]any)
					if len(got) != 2 || len(items) != min(2, total) {
						t.Errorf("body has %d keys and %d items, want items and pagination with %d items", len(got), len(items), min(2, total))
					}
					want := map[string]any{"page": 1.0, "per_page": 2.0, "total_items": float64(total), "total_pages": float64((total + 1) / 2)}
					for k, v := range want {
						if p[k] != v {
							t.Errorf("pagination.%s = %v, want %v", k, p[k], v)
						}
					}
				case asFragment:
					// /groups/:id/words is for study activities: its fragment is the table.
					if strings.HasSuffix(lc.path, "/words") && strings.HasPrefix(lc.path, "/groups/") {
						if !strings.HasPrefix(w.Body.String(), `<div id="words-table"`) {
							t.Errorf("the fragment of a group's words is not the words table")
						}
					} else if !strings.Contains(w.Body.String(), "<title>") {
						t.Errorf("a navigation fragment should carry the title")
					}
				}
			})
		}
	}
}

func TestListTablesSwapAlone(t *testing.T) {
	for _, lc := range listCases {
		if lc.table == "" {
			continue
		}
		t.Run(lc.path, func(t *testing.T) {
			ts := newTestServer(t)
			ts.history()
			r := request(http.MethodGet, lc.path+"?page=2&per_page=1&order=desc", asFragment, "")
			r.Header.Set("HX-Target", lc.table)
			w := ts.do(r)
			assertNegotiated(t, w, asFragment)
			body := w.Body.String()
			if !strings.HasPrefix(body, `<div id="`+lc.table+`"`) {
				t.Errorf("the answer to the table's own request is not just the table:\n%.300s", body)
			}
			if strings.Contains(body, "<title>") || strings.Contains(body, `id="sidebar"`) {
				t.Errorf("the table fragment carries page parts")
			}
			if !strings.Contains(body, `hx-push-url="true"`) {
				t.Errorf("paging with htmx does not push the address")
			}
		})
	}
}

func TestListSortAndPageLinks(t *testing.T) {
	ts := newTestServer(t)
	w := ts.do(request(http.MethodGet, "/words?sort=romaji&per_page=20&page=2", asPage, ""))
	body := w.Body.String()
	for _, want := range []string{
		`<th scope="col" aria-sort="ascending">`,                   // romaji, the current sort
		`href="/words?order=desc&amp;per_page=20&amp;sort=romaji"`, // clicking it again reverses it
		`href="/words?per_page=20&amp;sort=english"`,               // another column sorts ascending from page 1
		`href="/words?page=3&amp;per_page=20&amp;sort=romaji"`,     // next page keeps the sort
		`href="/words?per_page=20&amp;sort=romaji"`,                // previous page is page 1
		`data-testid="table-range">21–40 of 208 words<`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("words page lacks %s", want)
		}
	}
}

func TestListPastTheEnd(t *testing.T) {
	ts := newTestServer(t)
	w := ts.do(request(http.MethodGet, "/study_sessions?page=40", asJSON, ""))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"items":[]`) {
		t.Errorf("a page past the end = %d %s, want 200 with no items", w.Code, w.Body)
	}
	w = ts.do(request(http.MethodGet, "/study_sessions?page=40", asPage, ""))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `data-testid="empty-state"`) {
		t.Errorf("a page past the end = %d, want 200 with an empty state", w.Code)
	}
}

func TestListRejectsBadQueries(t *testing.T) {
	tests := []struct{ query, field string }{
		{"page=0", "page"}, {"page=-1", "page"}, {"page=abc", "page"}, {"page=1.5", "page"},
		{"page=99999999999999999999", "page"}, {"page=1&page=2", "page"},
		{"per_page=0", "per_page"}, {"per_page=501", "per_page"}, {"per_page=", "per_page"},
		{"sort=kanji", "sort"}, {"sort=", "sort"}, {"sort=japanese%3BDROP", "sort"},
		{"order=up", "order"}, {"order=DESC", "order"},
	}
	for _, path := range []string{"/words", "/groups", "/study_sessions", "/study_activities", "/groups/1", "/groups/1/words",
		"/study_activities/1", "/study_sessions/1"} {
		for _, tt := range tests {
			if strings.HasPrefix(tt.query, "sort=japanese") && !strings.Contains(path, "word") {
				continue
			}
			for _, kind := range modes {
				t.Run(fmt.Sprintf("%s?%s/%s", path, tt.query, kind), func(t *testing.T) {
					ts := newTestServer(t)
					ts.mustCreateSession(1, 1)
					w := ts.do(request(http.MethodGet, path+"?"+tt.query, kind, ""))
					assertNegotiated(t, w, kind)
					if w.Code != http.StatusBadRequest {
						t.Fatalf("status = %d, want 400", w.Code)
					}
					if kind == asJSON {
						fields, _ := decodeJSON(t, w)["fields"].(map[string]any)
						if _, ok := fields[tt.field]; !ok {
							t.Errorf("fields = %v, want a message for %s", fields, tt.field)
						}
					} else if !strings.Contains(w.Body.String(), "<code>"+tt.field+"</code>") {
						t.Errorf("the error does not name %s", tt.field)
					}
				})
			}
		}
	}
}

func TestDetailPages(t *testing.T) {
	tests := []struct {
		path     string
		jsonKeys []string
		page     []string // what the page and the fragment show
	}{
		{"/words/1", []string{"id", "japanese", "reading", "romaji", "english", "parts", "correct_count", "wrong_count", "memory", "groups", "history"},
			[]string{`data-testid="word-correct">1<`, `href="/groups/1"`, `data-testid="word-parts"`}},
		{"/groups/1", []string{"id", "name", "word_count", "due_count", "words", "study_sessions"},
			[]string{"<h1>Core Verbs</h1>", `id="words-table"`, `id="sessions-table"`, `data-testid="group-word-count">`}},
		{"/study_activities/1", []string{"id", "name", "description", "url", "thumbnail_url", "builtin", "study_sessions"},
			[]string{"<h1>Flashcards</h1>", `href="/study_activities/1/launch"`, `id="sessions-table"`, `data-session-id="1"`}},
		{"/study_sessions/1", []string{"id", "group_id", "group_name", "study_activity_id", "activity_name", "start_time",
			"end_time", "review_items_count", "correct_count", "wrong_count", "options", "words"},
			[]string{`data-testid="flashcard"`, `id="words-table"`, `data-testid="table-range">1–3 of 3 words reviewed<`}},
	}
	for _, tt := range tests {
		for _, kind := range modes {
			t.Run(tt.path+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				ts.history()
				w := ts.do(request(http.MethodGet, tt.path, kind, ""))
				assertNegotiated(t, w, kind)
				if w.Code != http.StatusOK {
					t.Fatalf("status = %d\n%s", w.Code, w.Body)
				}
				if kind == asJSON {
					got := decodeJSON(t, w)
					if len(got) != len(tt.jsonKeys) {
						t.Errorf("keys = %d, want exactly %v", len(got), tt.jsonKeys)
					}
					for _, k := range tt.jsonKeys {
						if _, ok := got[k]; !ok {
							t.Errorf("JSON lacks %q", k)
						}
					}
					return
				}
				for _, want := range tt.page {
					if !strings.Contains(w.Body.String(), want) {
						t.Errorf("lacks %s", want)
					}
				}
			})
		}
	}
}

func TestDetailJSONValues(t *testing.T) {
	ts := newTestServer(t)
	s1, _ := ts.history()
	w := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", s1), asJSON, ""))
	got := decodeJSON(t, w)
	if got["review_items_count"] != 3.0 || got["correct_count"] != 2.0 || got["wrong_count"] != 1.0 {
		t.Errorf("session counts = %v/%v/%v, want 3/2/1", got["review_items_count"], got["correct_count"], got["wrong_count"])
	}
	words, _ := got["words"].(map[string]any)
	items, _ := words["items"].([]any)
	var right, wrong float64
	for _, it := range items {
		w := it.(map[string]any)
		right += w["correct_count"].(float64)
		wrong += w["wrong_count"].(float64)
	}
	if len(items) != 3 || right != 2 || wrong != 1 {
		t.Errorf("session words = %v, want 3 words with 2 right and 1 wrong in all", items)
	}

	w = ts.do(request(http.MethodGet, "/words/3", asJSON, ""))
	word := decodeJSON(t, w)
	if word["wrong_count"] != 1.0 || word["correct_count"] != 0.0 {
		t.Errorf("word 3 = %v, want 0 right and 1 wrong", word)
	}
	groups, _ := word["groups"].([]any)
	if len(groups) != 1 || groups[0].(map[string]any)["name"] != "Core Verbs" {
		t.Errorf("word 3 groups = %v", groups)
	}
}

func TestUnknownIDsAreNotFound(t *testing.T) {
	for _, path := range []string{"/words/999", "/groups/999", "/groups/999/words", "/study_activities/999", "/study_sessions/999"} {
		for _, kind := range modes {
			t.Run(path+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				w := ts.do(request(http.MethodGet, path, kind, ""))
				assertNegotiated(t, w, kind)
				if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "999 not found") {
					t.Errorf("GET %s = %d %s, want 404 naming the id", path, w.Code, w.Body)
				}
			})
		}
	}
}

func TestThemeIsAppliedByTheServer(t *testing.T) {
	ts := newTestServer(t)
	for theme, want := range map[string]string{"dark": `<html lang="en" data-theme="dark">`, "light": `<html lang="en" data-theme="light">`,
		"system": `<html lang="en">`, "bogus": `<html lang="en">`} {
		r := request(http.MethodGet, "/words", asPage, "")
		r.AddCookie(&http.Cookie{Name: "theme", Value: theme})
		if body := ts.do(r).Body.String(); !strings.Contains(body, want) {
			t.Errorf("theme %s: the page does not start with %s", theme, want)
		}
	}
}

func TestHistoryRestoreGetsAWholePage(t *testing.T) {
	ts := newTestServer(t)
	r := request(http.MethodGet, "/words?page=2", asFragment, "")
	r.Header.Set("HX-History-Restore-Request", "true")
	w := ts.do(r)
	if !strings.Contains(w.Body.String(), "<!doctype html>") {
		t.Errorf("a history restore got a fragment; htmx needs the whole page")
	}
}

var _ = time.Now
