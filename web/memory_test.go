package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// body writes fields as JSON for JSON callers and as a form otherwise.
func bodyFor(kind string, fields map[string]string) string {
	if kind == asJSON {
		var parts []string
		for k, v := range fields {
			if k == "correct" || k == "word_id" || k == "group_id" || k == "study_activity_id" {
				parts = append(parts, fmt.Sprintf("%q: %s", k, v))
			} else {
				parts = append(parts, fmt.Sprintf("%q: %q", k, v))
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	form := url.Values{}
	for k, v := range fields {
		form.Set(k, v)
	}
	return form.Encode()
}

// Client times: started_at and reviewed_at are stored as given (in UTC,
// milliseconds); bad ones are a 400 naming the field, with nothing written.
func TestClientTimes(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			word, _ := ts.wordIn(1)
			w := ts.do(request(http.MethodPost, "/study_sessions", kind, bodyFor(kind, map[string]string{
				"group_id": "1", "study_activity_id": "1", "started_at": "2026-11-01T10:00:00+09:00"})))
			if w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
				t.Fatalf("start with started_at = %d\n%s", w.Code, w.Body)
			}
			var sessID int64
			var started string
			if err := ts.raw.QueryRow(`SELECT id, created_at FROM study_sessions ORDER BY id DESC LIMIT 1`).Scan(&sessID, &started); err != nil {
				t.Fatal(err)
			}
			if started != "2026-11-01T01:00:00.000Z" {
				t.Errorf("created_at = %s, want 2026-11-01T01:00:00.000Z", started)
			}
			review := fmt.Sprintf("/study_sessions/%d/review", sessID)
			w = ts.do(request(http.MethodPost, review, kind, bodyFor(kind, map[string]string{
				"word_id": fmt.Sprint(word), "correct": "true", "reviewed_at": "2026-11-01T02:30:15.5-00:00"})))
			if w.Code != http.StatusOK && w.Code != http.StatusSeeOther {
				t.Fatalf("review with reviewed_at = %d\n%s", w.Code, w.Body)
			}
			var at string
			if err := ts.raw.QueryRow(`SELECT created_at FROM word_review_items`).Scan(&at); err != nil || at != "2026-11-01T02:30:15.500Z" {
				t.Errorf("review created_at = %s (%v), want 2026-11-01T02:30:15.500Z", at, err)
			}
			before := ts.snapshot()
			future := time.Now().Add(2 * time.Minute).UTC().Format(time.RFC3339)
			for _, tc := range []struct{ value, field string }{
				{"yesterday", "reviewed_at"},
				{"2026-11-01T02:30:15", "reviewed_at"}, // no offset
				{future, "reviewed_at"},
				{"1999-12-31T23:59:59Z", "reviewed_at"},
				{"2026-11-01T00:59:59Z", "reviewed_at"}, // before the session
			} {
				w := ts.do(request(http.MethodPost, review, kind, bodyFor(kind, map[string]string{
					"word_id": fmt.Sprint(word), "correct": "true", tc.field: tc.value})))
				if w.Code != http.StatusBadRequest || !containsFold(w.Body.String(), tc.field) {
					t.Errorf("%s=%q: status %d, want 400 naming the field\n%s", tc.field, tc.value, w.Code, w.Body)
				}
			}
			for _, bad := range []string{"soon", future, "1990-01-01T00:00:00Z"} {
				w := ts.do(request(http.MethodPost, "/study_sessions", kind, bodyFor(kind, map[string]string{
					"group_id": "1", "study_activity_id": "1", "started_at": bad})))
				if w.Code != http.StatusBadRequest || !containsFold(w.Body.String(), "started_at") {
					t.Errorf("started_at=%q: status %d, want 400 naming started_at", bad, w.Code)
				}
			}
			ts.assertUnchanged(before)
		})
	}
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	w := ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), asJSON,
		`{"word_id": 1, "correct": true, "reviewed_at": 1700000000}`))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "reviewed_at") {
		t.Errorf("a number for reviewed_at = %d, want 400\n%s", w.Code, w.Body)
	}
}

func TestReviewBatch(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	in, out := ts.wordIn(1)
	path := fmt.Sprintf("/study_sessions/%d/reviews", sess.ID)
	good := fmt.Sprintf(`{"reviews": [{"word_id": %d, "correct": true}, {"word_id": %d, "correct": false, "reviewed_at": %q}]}`,
		in, in, time.Now().UTC().Add(30*time.Second).Format(time.RFC3339Nano))
	r := request(http.MethodPost, path, asJSON, good)
	r.Header.Set("Idempotency-Key", "batch-1")
	w := ts.do(r)
	if w.Code != http.StatusOK {
		t.Fatalf("batch = %d\n%s", w.Code, w.Body)
	}
	items, _ := decodeJSON(t, w)["items"].([]any)
	if len(items) != 2 || ts.count("word_review_items") != 2 {
		t.Fatalf("batch answered %d items and wrote %d rows, want 2 and 2", len(items), ts.count("word_review_items"))
	}
	if first := items[0].(map[string]any); first["correct"] != true || first["word_id"] != float64(in) {
		t.Errorf("first item = %v, want the first review given", first)
	}
	r = request(http.MethodPost, path, asJSON, good)
	r.Header.Set("Idempotency-Key", "batch-1")
	if w := ts.do(r); w.Code != http.StatusOK || w.Header().Get("Idempotent-Replayed") != "true" || ts.count("word_review_items") != 2 {
		t.Errorf("the batch again = %d, replayed %q, %d rows; want a replay writing nothing", w.Code, w.Header().Get("Idempotent-Replayed"), ts.count("word_review_items"))
	}

	before := ts.snapshot()
	many := make([]string, 501)
	for i := range many {
		many[i] = fmt.Sprintf(`{"word_id": %d, "correct": true}`, in)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"reviews": []}`, "reviews"},
		{`{}`, "reviews"},
		{`{"reviews": {"word_id": 1}}`, "reviews"},
		{`{"reviews": [` + strings.Join(many, ",") + `]}`, "reviews"},
		{fmt.Sprintf(`{"reviews": [{"word_id": %d, "correct": true}, {"word_id": %d, "correct": "yes"}]}`, in, in), "reviews[1].correct"},
		{fmt.Sprintf(`{"reviews": [{"word_id": %d, "correct": true}, {"word_id": 999999, "correct": true}]}`, in), "reviews[1].word_id"},
		{fmt.Sprintf(`{"reviews": [{"word_id": %d, "correct": true}, {"word_id": %d, "correct": true}, {"word_id": %d, "correct": true}]}`, in, in, out), "reviews[2].word_id"},
		{fmt.Sprintf(`{"reviews": [{"word_id": %d, "correct": true, "reviewed_at": "2001-01-01T00:00:00Z"}]}`, in), "reviews[0].reviewed_at"},
		{`{"reviews": [7]}`, "reviews[0]"},
	} {
		w := ts.do(request(http.MethodPost, path, asJSON, tc.body))
		if w.Code != http.StatusBadRequest {
			t.Errorf("%.60s: status %d, want 400", tc.body, w.Code)
			continue
		}
		fields, _ := decodeJSON(t, w)["fields"].(map[string]any)
		if _, ok := fields[tc.field]; !ok {
			t.Errorf("%.60s: fields %v, want %q", tc.body, fields, tc.field)
		}
	}
	// JSON only: a form body is a 415, as is a batch from htmx.
	for _, kind := range []string{asFragment, asPage} {
		w := ts.do(request(http.MethodPost, path, kind, fmt.Sprintf("word_id=%d&correct=true", in)))
		if w.Code != http.StatusUnsupportedMediaType {
			t.Errorf("a form batch as %s = %d, want 415", kind, w.Code)
		}
	}
	if w := ts.do(request(http.MethodPost, "/study_sessions/9999/reviews", asJSON, good)); w.Code != http.StatusNotFound {
		t.Errorf("a batch for an unknown session = %d, want 404", w.Code)
	}
	ts.assertUnchanged(before)
}

func TestUndo(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			sess := ts.mustCreateSession(1, 1)
			path := fmt.Sprintf("/study_sessions/%d/undo", sess.ID)
			if w := ts.do(request(http.MethodPost, path, kind, "")); w.Code != http.StatusNotFound ||
				!containsFold(w.Body.String(), fmt.Sprintf("study session %d has no review to undo", sess.ID)) {
				t.Errorf("undo with no review = %d, want 404 saying so\n%s", w.Code, w.Body)
			}
			if w := ts.do(request(http.MethodPost, "/study_sessions/9999/undo", kind, "")); w.Code != http.StatusNotFound {
				t.Errorf("undo in an unknown session = %d, want 404", w.Code)
			}
			card, err := ts.store.NextFlashcard(t.Context(), sess.ID, false)
			if err != nil {
				t.Fatal(err)
			}
			word := card.Word.ID // the learner answers the card shown
			first, _, _ := ts.store.RecordReview(t.Context(), sess.ID, word, true, dbIdem(""))
			body := ""
			if kind != asJSON {
				body = "idempotency_key=tok-1"
			}
			r := request(http.MethodPost, path, kind, body)
			if kind == asJSON {
				r.Header.Set("Idempotency-Key", "tok-1")
			}
			w := ts.do(r)
			assertNegotiated(t, w, kind)
			switch kind {
			case asJSON:
				undone, _ := decodeJSON(t, w)["undone"].(map[string]any)
				if w.Code != http.StatusOK || undone["id"] != float64(first.ID) {
					t.Errorf("undo = %d %v, want 200 with the undone row %d", w.Code, undone, first.ID)
				}
			case asFragment:
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), fmt.Sprintf(`data-word-id="%d"`, word)) {
					t.Errorf("undo with htmx = %d, want the undone word's card\n%s", w.Code, w.Body)
				}
			case asPage:
				if w.Code != http.StatusSeeOther || w.Header().Get("Location") != fmt.Sprintf("/study_sessions/%d", sess.ID) {
					t.Errorf("undo without JS = %d → %q, want 303 to the session", w.Code, w.Header().Get("Location"))
				}
			}
			if n := ts.count("word_review_items"); n != 0 {
				t.Errorf("%d reviews left after undo, want 0", n)
			}
			// A double click: the same token undoes nothing more.
			ts.store.RecordReview(t.Context(), sess.ID, word, false, dbIdem(""))
			r = request(http.MethodPost, path, kind, body)
			if kind == asJSON {
				r.Header.Set("Idempotency-Key", "tok-1")
			}
			ts.do(r)
			if n := ts.count("word_review_items"); n != 1 {
				t.Errorf("a replayed undo removed a review: %d left, want 1", n)
			}
		})
	}
}

// Every word item carries its memory: null until reviewed.
func TestMemoryInWordJSON(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	w := ts.do(request(http.MethodGet, fmt.Sprintf("/words/%d", word), asJSON, ""))
	if m, ok := decodeJSON(t, w)["memory"]; !ok || m != nil {
		t.Errorf("memory of a new word = %v (present %v), want null", m, ok)
	}
	ts.store.RecordReview(t.Context(), sess.ID, word, true, dbIdem(""))
	for _, path := range []string{fmt.Sprintf("/words/%d", word), "/words?per_page=500", "/groups/1/words", fmt.Sprintf("/study_sessions/%d", sess.ID)} {
		w := ts.do(request(http.MethodGet, path, asJSON, ""))
		got := decodeJSON(t, w)
		item := got
		if items, ok := got["items"].([]any); ok {
			item = findWord(items, word)
		} else if words, ok := got["words"].(map[string]any); ok {
			item = findWord(words["items"].([]any), word)
		}
		m, _ := item["memory"].(map[string]any)
		if m == nil {
			t.Errorf("%s: no memory for word %d in %v", path, word, item)
			continue
		}
		for _, k := range []string{"state", "step", "stability", "difficulty", "due", "last_review", "retrievability", "reps", "lapses"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: memory lacks %q: %v", path, k, m)
			}
		}
		if m["state"] != "learning" || m["step"] != float64(1) || m["reps"] != float64(1) {
			t.Errorf("%s: memory = %v, want learning at step 1 after one right answer", path, m)
		}
	}
}

func findWord(items []any, id int64) map[string]any {
	for _, it := range items {
		if m, ok := it.(map[string]any); ok && m["id"] == float64(id) {
			return m
		}
	}
	return map[string]any{}
}

// The card offers Undo once the session has an answer to take back.
func TestCardOffersUndo(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	page := func() string {
		return ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, "")).Body.String()
	}
	if strings.Contains(page(), `data-testid="undo"`) {
		t.Error("a session without answers offers Undo")
	}
	word, _ := ts.wordIn(1)
	ts.store.RecordReview(t.Context(), sess.ID, word, true, dbIdem(""))
	body := page()
	if !strings.Contains(body, `data-testid="undo"`) || !strings.Contains(body, fmt.Sprintf(`action="/study_sessions/%d/undo"`, sess.ID)) {
		t.Errorf("no Undo form after an answer:\n%s", body)
	}
}

// The word page shows the word's memory in one small block.
func TestWordPageShowsMemory(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	for _, kind := range []string{asPage, asFragment} {
		body := ts.do(request(http.MethodGet, fmt.Sprintf("/words/%d", word), kind, "")).Body.String()
		if !strings.Contains(body, `data-testid="word-memory"`) || !strings.Contains(body, "not reviewed yet") {
			t.Errorf("%s: a new word's page does not say it is new", kind)
		}
	}
	ts.store.RecordReview(t.Context(), sess.ID, word, true, dbIdem(""))
	body := ts.do(request(http.MethodGet, fmt.Sprintf("/words/%d", word), asPage, "")).Body.String()
	for _, want := range []string{`data-testid="memory-state">learning, step 2<`, ` minutes</time>`, `data-testid="memory-stability">2.3 days<`,
		`data-testid="memory-difficulty">2.1 / 10<`, `data-testid="memory-recall">100%<`} {
		if !strings.Contains(body, want) {
			t.Errorf("the word page lacks %s", want)
		}
	}
}
