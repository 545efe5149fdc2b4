package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"langportal/db"
)

func TestNewestFirstByDefault(t *testing.T) {
	tests := []struct {
		query    string
		wantSort string
		wantDesc bool
	}{
		{"", "start", true},
		{"page=2", "start", true},
		{"order=asc", "start", false},
		{"order=desc", "start", true},
		{"sort=activity", "activity", false},
		{"sort=reviews&order=desc", "reviews", true},
		{"sort=start", "start", false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			params, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			q, err := decodeListQuery(params, db.SessionSorts())
			if err != nil {
				t.Fatal(err)
			}
			q = newestFirstByDefault(params, q)
			if q.Sort != tt.wantSort || q.Desc != tt.wantDesc {
				t.Errorf("?%s sorts by %q desc=%v, want %q desc=%v", tt.query, q.Sort, q.Desc, tt.wantSort, tt.wantDesc)
			}
		})
	}
}

// TestSessionsListNewestFirst checks that /study_sessions opens on the
// newest session and says so in its headers.
func TestSessionsListNewestFirst(t *testing.T) {
	ts := newTestServer(t)
	var ids []int64
	for _, g := range []int64{1, 2, 3} {
		ids = append(ids, ts.mustCreateSession(g, 1).ID)
	}
	w := ts.do(request(http.MethodGet, "/study_sessions", asJSON, ""))
	got := decodeJSON(t, w)
	items, _ := got["items"].([]any)
	var order []float64
	for _, it := range items {
		order = append(order, it.(map[string]any)["id"].(float64))
	}
	if want := []float64{float64(ids[2]), float64(ids[1]), float64(ids[0])}; fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("/study_sessions lists %v, want newest first %v", order, want)
	}
	w = ts.do(request(http.MethodGet, "/study_sessions?order=asc", asJSON, ""))
	items, _ = decodeJSON(t, w)["items"].([]any)
	if first := items[0].(map[string]any)["id"]; first != float64(ids[0]) {
		t.Errorf("?order=asc starts with session %v, want the oldest, %d", first, ids[0])
	}

	body := ts.do(request(http.MethodGet, "/study_sessions", asPage, "")).Body.String()
	for _, want := range []string{
		`<th scope="col" aria-sort="descending"><a href="/study_sessions?sort=start"`, // Start, newest first; a click reverses it
		`href="/study_sessions?sort=activity"`,                                        // another column sorts ascending
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the sessions page lacks %s", want)
		}
	}
	// A group's sessions, always newest first, say so too.
	body = ts.do(request(http.MethodGet, "/groups/1", asPage, "")).Body.String()
	if !strings.Contains(body, `<th scope="col" aria-sort="descending">Start`) {
		t.Errorf("a group's sessions do not mark Start as sorted newest first")
	}
}

// TestEmptySessionShowsNoEnd checks the sessions table: a session without a
// review has no end to show, and its dates never wrap.
func TestEmptySessionShowsNoEnd(t *testing.T) {
	ts := newTestServer(t)
	s1, s2 := ts.history()
	body := ts.do(request(http.MethodGet, "/study_sessions", asPage, "")).Body.String()
	empty := between(body, fmt.Sprintf(`data-session-id="%d"`, s2), "</tr>")
	if !strings.Contains(empty, `data-testid="session-end"><span class="muted" title="No reviews">—</span>`) {
		t.Errorf("the empty session's end is not —:\n%s", empty)
	}
	studied := between(body, fmt.Sprintf(`data-session-id="%d"`, s1), "</tr>")
	if !strings.Contains(studied, `<td class="nowrap c-end" data-label="End" data-testid="session-end"><time`) {
		t.Errorf("the studied session's end is not a time that keeps on one line:\n%s", studied)
	}
	for _, cell := range []string{`class="nowrap c-start"`, `class="nowrap c-activity"`, `class="num nowrap c-reviews"`} {
		if !strings.Contains(studied, cell) {
			t.Errorf("a session row lacks %s", cell)
		}
	}
}

// TestNoMisleadingZeros checks that what has not been studied shows — and
// "not studied yet", not a green and a red 0 or a 0 % success rate.
func TestNoMisleadingZeros(t *testing.T) {
	ts := newTestServer(t)
	ts.history() // words 1 and 2 right, word 3 wrong
	body := ts.do(request(http.MethodGet, "/words?per_page=5", asPage, "")).Body.String()
	rows := strings.Split(body, `data-testid="word-row"`)[1:]
	var studied, unstudied int
	for _, row := range rows {
		row = row[:strings.Index(row, "</tr>")]
		switch {
		case strings.Contains(row, `<td class="num c-correct muted" data-label="Correct" title="Not studied yet">—</td>`) &&
			strings.Contains(row, `<td class="num c-wrong muted" data-label="Wrong" title="Not studied yet">—</td>`):
			unstudied++
		case strings.Contains(row, `c-correct right`) && strings.Contains(row, `c-wrong wrong`):
			studied++
		default:
			t.Errorf("a row shows neither counts nor —:\n%s", row)
		}
	}
	if unstudied == 0 {
		t.Errorf("no row of the first words shows — (%d studied)", studied)
	}

	var fresh int64
	if err := ts.raw.QueryRow(`SELECT word_id FROM word_stats WHERE correct_count + wrong_count = 0 LIMIT 1`).Scan(&fresh); err != nil {
		t.Fatal(err)
	}
	body = ts.do(request(http.MethodGet, fmt.Sprintf("/words/%d", fresh), asPage, "")).Body.String()
	for _, want := range []string{`data-testid="word-correct">—<`, `data-testid="word-wrong">—<`, `data-testid="word-success-rate">not studied yet<`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page of a word never studied lacks %s", want)
		}
	}
	if strings.Contains(body, ">0%<") {
		t.Errorf("the page of a word never studied shows a 0%% success rate")
	}
	body = ts.do(request(http.MethodGet, "/words/1", asPage, "")).Body.String()
	if !strings.Contains(body, `data-testid="word-success-rate">100%<`) {
		t.Errorf("a studied word's page does not show its success rate")
	}
}

// TestLaunchPagePreselectsTheGroup checks ?group_id= on the launch page,
// where a group's "Study this group" links lead.
func TestLaunchPagePreselectsTheGroup(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		query      string
		status     int
		selectedID string // "" for no group chosen
	}{
		{"", http.StatusOK, ""},
		{"?group_id=2", http.StatusOK, "2"},
		{"?group_id=002", http.StatusOK, "2"},
		{"?group_id=999", http.StatusOK, ""}, // not a group: nothing chosen
		{"?group_id=abc", http.StatusBadRequest, ""},
		{"?group_id=0", http.StatusBadRequest, ""},
		{"?group_id=1&group_id=2", http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			w := ts.do(request(http.MethodGet, "/study_activities/1/launch"+tt.query, asPage, ""))
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d\n%s", w.Code, tt.status, w.Body)
			}
			if tt.status != http.StatusOK {
				return
			}
			body := w.Body.String()
			// The group's select only: the activity's options have their own.
			if start := strings.Index(body, `<select id="group_id"`); start >= 0 {
				body = body[start:]
				body = body[:strings.Index(body, "</select>")]
			}
			selected := strings.Count(body, " selected>")
			switch {
			case tt.selectedID == "" && selected != 0:
				t.Errorf("%d options are chosen, want none", selected)
			case tt.selectedID != "" && (selected != 1 || !strings.Contains(body, `<option value="`+tt.selectedID+`" selected>`)):
				t.Errorf("group %s is not the one chosen option", tt.selectedID)
			}
		})
	}
}

// TestGroupPageOffersTheActivities checks "Study this group": a launch link
// per activity with the group chosen, and no second call to action in the
// empty sessions list.
func TestGroupPageOffersTheActivities(t *testing.T) {
	ts := newTestServer(t)
	body := ts.do(request(http.MethodGet, "/groups/3", asPage, "")).Body.String()
	study := between(body, `data-testid="study-group"`, "</nav>")
	for _, want := range []string{`href="/study_activities/1/launch?group_id=3" data-testid="study-group-with">Flashcards</a>`,
		`href="/study_activities/2/launch?group_id=3" data-testid="study-group-with">Writing Practice</a>`} {
		if !strings.Contains(study, want) {
			t.Errorf("Study this group lacks %s:\n%s", want, study)
		}
	}
	sessions := between(body, `id="sessions-table"`, "</section>")
	if strings.Contains(sessions, "<a ") || strings.Contains(sessions, `data-testid="table-range"`) {
		t.Errorf("the empty sessions list repeats the page's action or its caption:\n%s", sessions)
	}
}

// TestActivityPageWithoutSessions checks that an activity never used says so
// once and offers Launch once.
func TestActivityPageWithoutSessions(t *testing.T) {
	ts := newTestServer(t)
	body := ts.do(request(http.MethodGet, "/study_activities/1", asPage, "")).Body.String()
	if n := strings.Count(body, `href="/study_activities/1/launch"`); n != 1 {
		t.Errorf("%d links launch the activity, want 1", n)
	}
	if strings.Contains(body, `data-testid="table-range"`) {
		t.Errorf("an empty list carries a caption above its empty state")
	}
	if n := strings.Count(body, "No sessions"); n != 1 {
		t.Errorf("the page says No sessions %d times, want once", n)
	}
	// With a session, the caption is back.
	ts.mustCreateSession(1, 1)
	body = ts.do(request(http.MethodGet, "/study_activities/1", asPage, "")).Body.String()
	if !strings.Contains(body, `data-testid="table-range">1 session<`) {
		t.Errorf("a list with a session has no caption")
	}
}

// TestCardGradesOnlyAfterTheReveal checks the card's markup: the grading form
// lives inside the element that reveals the answer, so neither a click nor
// (without JavaScript) anything else grades an unseen answer.
func TestCardGradesOnlyAfterTheReveal(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	for _, kind := range []string{asPage, asFragment} {
		body := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), kind, "")).Body.String()
		answer := between(body, `<details class="card-answer"`, "</details>")
		for _, want := range []string{`data-testid="review-form"`, `data-testid="knew-it"`, `data-testid="didnt-know"`} {
			if !strings.Contains(answer, want) {
				t.Errorf("%s: the answer that the reveal opens lacks %s", kind, want)
			}
		}
	}
	// An answer keeps the next card's form inside its answer too.
	word, _ := ts.wordIn(1)
	if _, _, err := ts.store.RecordReview(context.Background(), sess.ID, word, true, db.Idempotency{}); err != nil {
		t.Fatal(err)
	}
	body := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, "")).Body.String()
	if !strings.Contains(between(body, `<details class="card-answer"`, "</details>"), `data-testid="review-form"`) {
		t.Errorf("the second card's form is outside its answer")
	}
}
