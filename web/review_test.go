package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// reviewActivity is the seeded Review activity's id.
func (ts *testServer) reviewActivity() int64 {
	ts.t.Helper()
	var id int64
	if err := ts.raw.QueryRow(`SELECT id FROM study_activities WHERE url = '/review'`).Scan(&id); err != nil {
		ts.t.Fatal(err)
	}
	return id
}

// Review starts without a group (all groups); every other activity still
// needs one.
func TestReviewLaunchesForAllGroups(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			review := ts.reviewActivity()
			w := ts.do(request(http.MethodPost, "/study_sessions", kind, bodyFor(kind, map[string]string{"study_activity_id": fmt.Sprint(review)})))
			if w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
				t.Fatalf("all-groups Review = %d\n%s", w.Code, w.Body)
			}
			var group any
			ts.raw.QueryRow(`SELECT group_id FROM study_sessions`).Scan(&group)
			if group != nil {
				t.Errorf("group_id = %v, want NULL", group)
			}
			if kind == asJSON {
				got := decodeJSON(t, w)
				if v, ok := got["group_id"]; !ok || v != nil {
					t.Errorf("group_id in JSON = %v, want null", v)
				}
			}
			before := ts.snapshot()
			for _, body := range []map[string]string{
				{"study_activity_id": "1"},                                   // Flashcards needs a group
				{"study_activity_id": fmt.Sprint(review), "group_id": "999"}, // no such group
			} {
				w := ts.do(request(http.MethodPost, "/study_sessions", kind, bodyFor(kind, body)))
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "group_id") && !containsFold(w.Body.String(), "group") {
					t.Errorf("%v: status %d, want 400 naming group_id\n%s", body, w.Code, w.Body)
				}
			}
			ts.assertUnchanged(before)
		})
	}
}

// A Review session studies its queue until All done, in every mode; the
// session's JSON says All groups with nulls.
func TestReviewSessionUntilAllDone(t *testing.T) {
	ts := newTestServer(t)
	review := ts.reviewActivity()
	sess, _, err := ts.store.CreateStudySession(t.Context(), 0, review, dbIdem(""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.raw.Exec(`SELECT 1`); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/study_sessions/%d", sess.ID)
	page := ts.do(request(http.MethodGet, path, asPage, "")).Body.String()
	if !strings.Contains(page, `data-review="true"`) || !strings.Contains(page, "All groups") || !strings.Contains(page, `data-testid="left-new"`) {
		t.Fatalf("the Review session page lacks its card:\n%s", page)
	}
	j := decodeJSON(t, ts.do(request(http.MethodGet, path, asJSON, "")))
	if j["group_id"] != nil || j["group_name"] != nil {
		t.Errorf("session JSON group = %v / %v, want null / null", j["group_id"], j["group_name"])
	}
	// 20 new words a day, each seen twice (the second time learnt ahead,
	// within 20 minutes): answer right (htmx and no-JS by turns) until All done.
	answered := 0
	for i := 0; i < 60; i++ {
		card, err := ts.store.NextReviewCard(t.Context(), sess.ID, ts.srv.opts.Now(), ts.srv.opts.Zone)
		if err != nil {
			t.Fatal(err)
		}
		if card.Done {
			break
		}
		kind := asFragment
		if i%2 == 1 {
			kind = asPage
		}
		w := ts.do(request(http.MethodPost, path+"/review", kind, fmt.Sprintf("word_id=%d&correct=true", card.Word.ID)))
		if w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
			t.Fatalf("answer %d = %d\n%s", i, w.Code, w.Body)
		}
		answered++
	}
	if answered != 40 {
		t.Errorf("%d answers until All done, want 40 (20 new words, twice each)", answered)
	}
	page = ts.do(request(http.MethodGet, path, asPage, "")).Body.String()
	if !strings.Contains(page, `data-testid="all-done"`) || !strings.Contains(page, ">40</strong> right") {
		t.Errorf("after 20 new words, want All done with 40 right:\n%s", page)
	}
	if !strings.Contains(page, `data-testid="next-due"`) || !strings.Contains(page, `href="/dashboard"`) {
		t.Error("All done lacks the next due time or the dashboard link")
	}
}

func TestReviewQueueEndpoint(t *testing.T) {
	ts := newTestServer(t)
	for _, kind := range modes {
		w := ts.do(request(http.MethodGet, "/review/queue?limit=5", kind, ""))
		assertNegotiated(t, w, kind)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d\n%s", kind, w.Code, w.Body)
		}
		if kind == asJSON {
			got := decodeJSON(t, w)
			for _, k := range []string{"due_count", "new_count", "learn_ahead_count", "next_due", "items"} {
				if _, ok := got[k]; !ok {
					t.Errorf("queue JSON lacks %q", k)
				}
			}
			if items := got["items"].([]any); len(items) != 5 || got["new_count"] != float64(20) {
				t.Errorf("queue = %d items, new %v; want 5 and 20", len(items), got["new_count"])
			}
		} else if !strings.Contains(w.Body.String(), `data-testid="queue-row"`) || !strings.Contains(w.Body.String(), `data-testid="start-review"`) {
			t.Errorf("%s: the queue has no rows or no Review button", kind)
		}
	}
	w := ts.do(request(http.MethodGet, "/review/queue?group_id=2", asJSON, ""))
	if w.Code != http.StatusOK {
		t.Errorf("a group's queue = %d", w.Code)
	}
	for _, q := range []string{"limit=0", "limit=501", "limit=x", "group_id=0", "group_id=abc", "group_id=999"} {
		for _, kind := range modes {
			w := ts.do(request(http.MethodGet, "/review/queue?"+q, kind, ""))
			field := strings.SplitN(q, "=", 2)[0]
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), field) {
				t.Errorf("%s as %s = %d, want 400 naming %s", q, kind, w.Code, field)
			}
		}
	}
}

// The dashboard shows Due now with Review, the forecast and the heatmap,
// drawn on the server with a text equivalent.
func TestDashboardShowsWhatIsDue(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	ts.store.RecordReview(t.Context(), sess.ID, word, false, dbIdem(""))
	for _, kind := range []string{asPage, asFragment} {
		body := ts.do(request(http.MethodGet, "/dashboard", kind, "")).Body.String()
		for _, want := range []string{`data-testid="due-now"`, `data-testid="start-review"`, `data-testid="new-left">19<`,
			`aria-label="Words due in the next 30 days`, `aria-label="Reviews per day over the last year: 1 on 1 day`, "<title>Today,", `class="heat heat-4"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the dashboard lacks %s", kind, want)
			}
		}
		if n := strings.Count(body, `data-testid="forecast-bar"`); n != 30 {
			t.Errorf("%s: %d forecast bars, want 30", kind, n)
		}
		if n := strings.Count(body, `data-testid="heat-cell"`); n < 52*7 {
			t.Errorf("%s: %d heatmap cells, want a year's", kind, n)
		}
	}
}

// The group page shows its due count and Review this group; the word page
// its history, newest first, a page at a time, in every mode.
func TestGroupDueAndWordHistory(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	for i := 0; i < 3; i++ {
		ts.store.RecordReview(t.Context(), sess.ID, word, i != 1, dbIdem(""))
	}
	g := decodeJSON(t, ts.do(request(http.MethodGet, "/groups/1", asJSON, "")))
	if g["due_count"] != float64(0) {
		t.Errorf("due_count = %v, want 0 (the word is learning, due in minutes)", g["due_count"])
	}
	page := ts.do(request(http.MethodGet, "/groups/1", asPage, "")).Body.String()
	if !strings.Contains(page, "Review this group") || !strings.Contains(page, `data-testid="group-due"`) {
		t.Error("the group page lacks its due count or Review this group")
	}
	w := decodeJSON(t, ts.do(request(http.MethodGet, fmt.Sprintf("/words/%d?per_page=2", word), asJSON, "")))
	h, _ := w["history"].(map[string]any)
	items, _ := h["items"].([]any)
	p, _ := h["pagination"].(map[string]any)
	if len(items) != 2 || p["total_items"] != float64(3) || p["total_pages"] != float64(2) {
		t.Fatalf("history = %v, want 2 of 3 answers", h)
	}
	first := items[0].(map[string]any)
	for _, k := range []string{"id", "study_session_id", "correct", "created_at", "answer"} {
		if _, ok := first[k]; !ok {
			t.Errorf("a history item lacks %q", k)
		}
	}
	if first["correct"] != true || items[1].(map[string]any)["correct"] != false {
		t.Errorf("history = %v, want newest first (right, then the wrong one)", items)
	}
	for _, kind := range []string{asPage, asFragment} {
		body := ts.do(request(http.MethodGet, fmt.Sprintf("/words/%d?per_page=2&page=2", word), kind, "")).Body.String()
		if strings.Count(body, `data-testid="history-row"`) != 1 || !strings.Contains(body, `data-testid="history-newer"`) {
			t.Errorf("%s: page 2 of the history should hold 1 answer and a Newer link", kind)
		}
	}
	if w := ts.do(request(http.MethodGet, fmt.Sprintf("/words/%d?page=0", word), asJSON, "")); w.Code != http.StatusBadRequest {
		t.Errorf("history page=0 = %d, want 400", w.Code)
	}
}
