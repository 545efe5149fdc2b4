package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"langportal/db"
)

// modeBody is a request body in the kind's form: JSON for JSON callers, a
// form for htmx and plain browsers.
func modeBody(kind, jsonBody string, form url.Values) string {
	if kind == asJSON {
		return jsonBody
	}
	return form.Encode()
}

// wordRow reads a word's text as stored.
func (ts *testServer) wordRow(id int64) (japanese, reading, romaji, english string) {
	ts.t.Helper()
	if err := ts.raw.QueryRow(`SELECT japanese, reading, romaji, english FROM words WHERE id = ?`, id).
		Scan(&japanese, &reading, &romaji, &english); err != nil {
		ts.t.Fatalf("word %d: %v", id, err)
	}
	return
}

// assertDone checks a write's success answer in its mode: JSON 200, htmx
// 200 with HX-Location (or a fragment), page 303 to where the result is.
func assertDone(t *testing.T, w *httptest.ResponseRecorder, kind, location string) {
	t.Helper()
	assertNegotiated(t, w, kind)
	switch kind {
	case asJSON:
		if w.Code != http.StatusOK {
			t.Errorf("status = %d, want 200: %s", w.Code, w.Body)
		}
	case asFragment:
		var loc struct{ Path string }
		json.Unmarshal([]byte(w.Header().Get("HX-Location")), &loc)
		if w.Code != http.StatusOK || loc.Path != location {
			t.Errorf("status = %d, HX-Location %q; want 200 to %s", w.Code, w.Header().Get("HX-Location"), location)
		}
	case asPage:
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != location {
			t.Errorf("status = %d to %q, want 303 to %s", w.Code, w.Header().Get("Location"), location)
		}
	}
}

func TestCreateWord(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			words := ts.count("words")
			body := modeBody(kind, `{"japanese": "学校", "romaji": "gakkou", "english": "school", "group_ids": [1, 2]}`,
				url.Values{"japanese": {"学校"}, "romaji": {"gakkou"}, "english": {"school"}, "group_ids": {"1", "2"}})
			w := ts.do(request(http.MethodPost, "/words", kind, body))
			var id int64
			if err := ts.raw.QueryRow(`SELECT id FROM words WHERE japanese = '学校'`).Scan(&id); err != nil {
				t.Fatalf("no row: %v (answer %d %s)", err, w.Code, w.Body)
			}
			assertDone(t, w, kind, fmt.Sprintf("/words/%d", id))
			if _, reading, _, _ := ts.wordRow(id); reading != "がっこう" {
				t.Errorf("reading = %q, want がっこう derived from the romaji", reading)
			}
			if n := ts.count(fmt.Sprintf("word_groups WHERE word_id = %d", id)); n != 2 || ts.count("words") != words+1 {
				t.Errorf("memberships = %d, want 2", n)
			}
			if kind == asJSON {
				got := decodeJSON(t, w)
				if got["reading"] != "がっこう" || got["id"] != float64(id) || w.Header().Get("Location") != fmt.Sprintf("/words/%d", id) {
					t.Errorf("JSON = %v, Location %q", got, w.Header().Get("Location"))
				}
			}
		})
	}
	// The romaji from a reading, when only the reading is given.
	ts := newTestServer(t)
	w := ts.do(request(http.MethodPost, "/words", asJSON, `{"japanese": "猫", "reading": "ねこ", "english": "cat"}`))
	if got := decodeJSON(t, w); w.Code != http.StatusOK || got["romaji"] != "neko" {
		t.Errorf("got %d %v, want romaji neko", w.Code, got)
	}
}

func TestCreateWordRefused(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		form  url.Values
		field string // the field named
		shown string // in a re-rendered form: the value entered, or a link
	}{
		{"no japanese", `{"romaji": "inu", "english": "dog"}`, url.Values{"romaji": {"inu"}, "english": {"dog"}}, "japanese", `value="inu"`},
		{"blank english", `{"japanese": "犬", "romaji": "inu", "english": "   "}`,
			url.Values{"japanese": {"犬"}, "romaji": {"inu"}, "english": {"   "}}, "english", `value="犬"`},
		{"neither romaji nor reading", `{"japanese": "犬", "english": "dog"}`, url.Values{"japanese": {"犬"}, "english": {"dog"}}, "romaji", `value="dog"`},
		{"reading in Latin letters", `{"japanese": "犬", "reading": "inu", "romaji": "inu", "english": "dog"}`,
			url.Values{"japanese": {"犬"}, "reading": {"inu"}, "romaji": {"inu"}, "english": {"dog"}}, "reading", `value="inu"`},
		{"duplicate", `{"japanese": "食べる", "romaji": "taberu", "english": "to eat"}`,
			url.Values{"japanese": {"食べる"}, "romaji": {"taberu"}, "english": {"to eat"}}, "japanese", `href="/words/1"`},
		{"unknown group", `{"japanese": "犬", "romaji": "inu", "english": "dog", "group_ids": [999]}`,
			url.Values{"japanese": {"犬"}, "romaji": {"inu"}, "english": {"dog"}, "group_ids": {"999"}}, "group_ids", "no group with id 999"},
		{"group id not a number", `{"japanese": "犬", "romaji": "inu", "english": "dog", "group_ids": ["x"]}`,
			url.Values{"japanese": {"犬"}, "romaji": {"inu"}, "english": {"dog"}, "group_ids": {"x"}}, "group_ids", "positive integers"},
		{"parts not JSON", `{"japanese": "犬", "romaji": "inu", "english": "dog", "parts": {"a": 1}}`,
			url.Values{"japanese": {"犬"}, "romaji": {"inu"}, "english": {"dog"}, "parts": {"[oops"}}, "parts", "JSON"},
	}
	for _, tt := range tests {
		for _, kind := range modes {
			t.Run(tt.name+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				words, groups := ts.count("words"), ts.count("word_groups")
				w := ts.do(request(http.MethodPost, "/words", kind, modeBody(kind, tt.json, tt.form)))
				assertNegotiated(t, w, kind)
				if w.Code != http.StatusBadRequest {
					t.Fatalf("status = %d, want 400: %s", w.Code, w.Body)
				}
				if ts.count("words") != words || ts.count("word_groups") != groups {
					t.Errorf("a refused word was written")
				}
				body := w.Body.String()
				switch kind {
				case asJSON:
					fields, _ := decodeJSON(t, w)["fields"].(map[string]any)
					if _, ok := fields[tt.field]; !ok {
						t.Errorf("fields = %v, want %s named", fields, tt.field)
					}
					if tt.name == "duplicate" && !strings.Contains(body, "/words/1") {
						t.Errorf("the duplicate's message does not link to it: %s", body)
					}
				default:
					if !strings.Contains(body, `id="word-form"`) || !strings.Contains(body, `data-testid="`+tt.field+`-error"`) && tt.name != "parts not JSON" {
						t.Errorf("the form is not shown again with the %s message:\n%s", tt.field, body)
					}
					if !strings.Contains(body, tt.shown) {
						t.Errorf("the form lacks %s", tt.shown)
					}
				}
			})
		}
	}
}

func TestUpdateWord(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			// The form route for browsers, PATCH for JSON callers.
			method, path := http.MethodPost, "/words/1/edit"
			if kind == asJSON {
				method, path = http.MethodPatch, "/words/1"
			}
			body := modeBody(kind, `{"english": "to eat (a meal)", "group_ids": [2]}`,
				url.Values{"japanese": {"食べる"}, "reading": {"たべる"}, "romaji": {"taberu"}, "english": {"to eat (a meal)"}, "group_ids": {"", "2"}})
			w := ts.do(request(method, path, kind, body))
			assertDone(t, w, kind, "/words/1")
			if j, r, ro, e := ts.wordRow(1); j != "食べる" || r != "たべる" || ro != "taberu" || e != "to eat (a meal)" {
				t.Errorf("row = %s %s %s %s", j, r, ro, e)
			}
			if n := ts.count("word_groups WHERE word_id = 1"); n != 1 || ts.count("word_groups WHERE word_id = 1 AND group_id = 2") != 1 {
				t.Errorf("memberships of word 1: %d, want only group 2", n)
			}
			// A blank field is refused and nothing changes.
			bad := modeBody(kind, `{"japanese": " "}`, url.Values{"japanese": {" "}, "english": {"x"}})
			w = ts.do(request(method, path, kind, bad))
			if w.Code != http.StatusBadRequest {
				t.Errorf("blank japanese: %d, want 400", w.Code)
			}
			if j, _, _, e := ts.wordRow(1); j != "食べる" || e != "to eat (a meal)" {
				t.Errorf("a refused change was written: %s %s", j, e)
			}
		})
	}
	ts := newTestServer(t)
	for _, tt := range []struct {
		path, body string
		want       int
	}{
		{"/words/999999", `{"english": "x"}`, http.StatusNotFound},
		{"/words/x", `{"english": "x"}`, http.StatusBadRequest},
		{"/words/2", `{"japanese": "食べる", "romaji": "taberu", "english": "to eat"}`, http.StatusBadRequest}, // becomes word 1
		{"/words/2", `{"reading": "nomu"}`, http.StatusBadRequest},
	} {
		if w := ts.do(request(http.MethodPatch, tt.path, asJSON, tt.body)); w.Code != tt.want {
			t.Errorf("PATCH %s %s: %d, want %d: %s", tt.path, tt.body, w.Code, tt.want, w.Body)
		}
	}
	if w := ts.do(request(http.MethodGet, "/words/1/edit", asPage, "")); w.Code != http.StatusOK ||
		!strings.Contains(w.Body.String(), `value="たべる"`) || !strings.Contains(w.Body.String(), `action="/words/1/edit"`) {
		t.Errorf("edit page: %d", w.Code)
	}
}

func TestDeleteWord(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			ts.history() // word 1 has a review
			reviews := ts.count("word_review_items")
			// Without confirmation: JSON is refused, a browser is asked.
			w := ts.do(request(http.MethodPost, "/words/1/delete", kind, ""))
			assertNegotiated(t, w, kind)
			if kind == asJSON {
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"confirm"`) {
					t.Errorf("unconfirmed: %d %s, want 400 naming confirm", w.Code, w.Body)
				}
			} else if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `data-testid="confirm-delete"`) ||
				!strings.Contains(w.Body.String(), `name="confirm" value="true"`) {
				t.Errorf("unconfirmed: %d, want the confirmation:\n%s", w.Code, w.Body)
			}
			if ts.count("words WHERE id = 1") != 1 || ts.count("word_review_items") != reviews {
				t.Fatal("an unconfirmed delete deleted")
			}
			w = ts.do(request(http.MethodPost, "/words/1/delete", kind, modeBody(kind, `{"confirm": true}`, url.Values{"confirm": {"true"}})))
			assertDone(t, w, kind, "/words?done=deleted")
			if kind == asJSON {
				if got := decodeJSON(t, w); got["deleted"] != float64(1) || got["reviews_deleted"] != float64(1) {
					t.Errorf("JSON = %v", got)
				}
			}
			if ts.count("words WHERE id = 1") != 0 || ts.count("word_review_items") != reviews-1 {
				t.Errorf("the word or its review is still there")
			}
		})
	}
	ts := newTestServer(t)
	// DELETE, with confirm in the query; a word without reviews needs none.
	if w := ts.do(request(http.MethodDelete, "/words/5", asJSON, "")); w.Code != http.StatusOK {
		t.Errorf("DELETE /words/5 (no reviews): %d %s", w.Code, w.Body)
	}
	ts.history()
	if w := ts.do(request(http.MethodDelete, "/words/2?confirm=true", asJSON, "")); w.Code != http.StatusOK {
		t.Errorf("DELETE /words/2?confirm=true: %d %s", w.Code, w.Body)
	}
	if w := ts.do(request(http.MethodDelete, "/words/999999", asJSON, "")); w.Code != http.StatusNotFound {
		t.Errorf("DELETE an unknown word: %d, want 404", w.Code)
	}
}

func TestGroupWrites(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			ts.history() // group 1 has a session with reviews
			w := ts.do(request(http.MethodPost, "/groups", kind, modeBody(kind, `{"name": "Food"}`, url.Values{"name": {"Food"}})))
			var id int64
			if err := ts.raw.QueryRow(`SELECT id FROM groups WHERE name = 'Food'`).Scan(&id); err != nil {
				t.Fatalf("no group: %v (%d %s)", err, w.Code, w.Body)
			}
			assertDone(t, w, kind, fmt.Sprintf("/groups/%d?done=created", id))

			// Taken names and blank ones are refused, naming the field.
			for _, name := range []string{"Core Verbs", "  "} {
				w = ts.do(request(http.MethodPost, "/groups", kind, modeBody(kind, fmt.Sprintf(`{"name": %q}`, name), url.Values{"name": {name}})))
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "name") {
					t.Errorf("name %q: %d %s", name, w.Code, w.Body)
				}
			}
			if kind != asJSON && !strings.Contains(ts.do(request(http.MethodPost, "/groups", kind, "name=Core+Verbs")).Body.String(), `href="/groups/1"`) {
				t.Errorf("a taken name does not link to the group that has it")
			}

			// Add words: JSON array or repeated fields.
			add := modeBody(kind, `{"word_ids": [1, 2, 1]}`, url.Values{"word_ids": {"1", "2", "1"}})
			w = ts.do(request(http.MethodPost, fmt.Sprintf("/groups/%d/words", id), kind, add))
			assertDone(t, w, kind, fmt.Sprintf("/groups/%d?added=2&already=0", id))
			if kind == asJSON {
				if got := decodeJSON(t, w); got["added"] != float64(2) || got["already"] != float64(0) {
					t.Errorf("JSON = %v", got)
				}
			}
			w = ts.do(request(http.MethodPost, fmt.Sprintf("/groups/%d/words", id), kind, modeBody(kind, `{"word_ids": [2, 3]}`, url.Values{"word_ids": {"2", "3"}})))
			if kind == asJSON {
				if got := decodeJSON(t, w); got["added"] != float64(1) || got["already"] != float64(1) {
					t.Errorf("JSON = %v", got)
				}
			}
			if w = ts.do(request(http.MethodPost, fmt.Sprintf("/groups/%d/words", id), kind, modeBody(kind, `{"word_ids": [999999]}`,
				url.Values{"word_ids": {"999999"}}))); w.Code != http.StatusBadRequest {
				t.Errorf("unknown word: %d", w.Code)
			}
			if ts.count(fmt.Sprintf("word_groups WHERE group_id = %d", id)) != 3 {
				t.Errorf("group %d has %d words, want 3", id, ts.count(fmt.Sprintf("word_groups WHERE group_id = %d", id)))
			}

			// Remove one: the DELETE route for JSON, the form's for browsers.
			method, path := http.MethodPost, fmt.Sprintf("/groups/%d/words/2/remove", id)
			if kind == asJSON {
				method, path = http.MethodDelete, fmt.Sprintf("/groups/%d/words/2", id)
			}
			w = ts.do(request(method, path, kind, ""))
			switch kind {
			case asJSON:
				if got := decodeJSON(t, w); w.Code != http.StatusOK || got["removed"] != float64(2) {
					t.Errorf("remove: %d %v", w.Code, got)
				}
			case asFragment:
				if w.Code != http.StatusOK || w.Body.Len() != 0 {
					t.Errorf("remove: %d %q, want 200 and no row", w.Code, w.Body)
				}
			case asPage:
				assertDone(t, w, kind, fmt.Sprintf("/groups/%d?done=removed", id))
			}
			if ts.count(fmt.Sprintf("word_groups WHERE group_id = %d AND word_id = 2", id)) != 0 || ts.count("words WHERE id = 2") != 1 {
				t.Errorf("the word did not leave the group, or left the vocabulary")
			}
			if w = ts.do(request(method, path, kind, "")); w.Code != http.StatusNotFound {
				t.Errorf("remove again: %d, want 404", w.Code)
			}

			// Rename: the sessions' kept group name follows.
			method, path = http.MethodPost, "/groups/1/edit"
			if kind == asJSON {
				method, path = http.MethodPatch, "/groups/1"
			}
			w = ts.do(request(method, path, kind, modeBody(kind, `{"name": "Verbs"}`, url.Values{"name": {"Verbs"}})))
			assertDone(t, w, kind, "/groups/1?done=renamed")
			if ts.count("groups WHERE id = 1 AND name = 'Verbs'") != 1 || ts.count("session_stats WHERE group_name = 'Core Verbs'") != 0 {
				t.Errorf("the rename did not reach the group and its sessions")
			}

			// Delete: its session needs confirmation; its words stay.
			words := ts.count("words")
			method, path = http.MethodPost, "/groups/1/delete"
			if kind == asJSON {
				method, path = http.MethodDelete, "/groups/1"
			}
			w = ts.do(request(method, path, kind, ""))
			if (kind == asJSON) != (w.Code == http.StatusBadRequest) || ts.count("groups WHERE id = 1") != 1 {
				t.Errorf("unconfirmed delete: %d", w.Code)
			}
			w = ts.do(request(method, path, kind, modeBody(kind, `{"confirm": true}`, url.Values{"confirm": {"true"}})))
			assertDone(t, w, kind, "/groups?done=deleted")
			if kind == asJSON {
				if got := decodeJSON(t, w); got["deleted"] != float64(1) || got["sessions_deleted"] != float64(1) || got["reviews_deleted"] != float64(3) {
					t.Errorf("JSON = %v", got)
				}
			}
			if ts.count("groups WHERE id = 1") != 0 || ts.count("words") != words || ts.count("study_sessions WHERE group_id = 1") != 0 {
				t.Errorf("after the delete: group, words or sessions wrong")
			}
		})
	}
}

func TestActivityWrites(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			w := ts.do(request(http.MethodPost, "/study_activities", kind, modeBody(kind,
				`{"name": "Kanji Quiz", "url": "https://quiz.example/play", "description": "Quiz"}`,
				url.Values{"name": {"Kanji Quiz"}, "url": {"https://quiz.example/play"}, "description": {"Quiz"}})))
			var id int64
			if err := ts.raw.QueryRow(`SELECT id FROM study_activities WHERE name = 'Kanji Quiz'`).Scan(&id); err != nil {
				t.Fatalf("no row: %v (%d %s)", err, w.Code, w.Body)
			}
			assertDone(t, w, kind, fmt.Sprintf("/study_activities/%d", id))
			for _, bad := range []url.Values{
				{"name": {"X"}, "url": {"javascript:alert(1)"}},
				{"name": {"X"}, "url": {"ftp://files.example/"}},
				{"name": {"Flashcards"}, "url": {"https://x.example/"}},
				{"url": {"https://x.example/"}},
			} {
				n := ts.count("study_activities")
				js, _ := json.Marshal(map[string]string{"name": bad.Get("name"), "url": bad.Get("url")})
				if bad.Get("name") == "" {
					js = []byte(`{"url": "https://x.example/"}`)
				}
				w = ts.do(request(http.MethodPost, "/study_activities", kind, modeBody(kind, string(js), bad)))
				if w.Code != http.StatusBadRequest || ts.count("study_activities") != n {
					t.Errorf("%v: %d, want 400 and nothing written", bad, w.Code)
				}
			}
			method, path := http.MethodPost, fmt.Sprintf("/study_activities/%d/edit", id)
			if kind == asJSON {
				method, path = http.MethodPatch, fmt.Sprintf("/study_activities/%d", id)
			}
			w = ts.do(request(method, path, kind, modeBody(kind, `{"name": "Kana Quiz"}`, url.Values{"name": {"Kana Quiz"}})))
			assertDone(t, w, kind, fmt.Sprintf("/study_activities/%d", id))
			if ts.count("study_activities WHERE name = 'Kana Quiz' AND url = 'https://quiz.example/play'") != 1 {
				t.Errorf("the edit did not keep the url or change the name")
			}
			// Built-in activities cannot be changed.
			method, path = http.MethodPost, "/study_activities/1/edit"
			if kind == asJSON {
				method, path = http.MethodPatch, "/study_activities/1"
			}
			if w = ts.do(request(method, path, kind, modeBody(kind, `{"name": "Cards"}`, url.Values{"name": {"Cards"}}))); w.Code != http.StatusBadRequest ||
				ts.count("study_activities WHERE id = 1 AND name = 'Flashcards'") != 1 {
				t.Errorf("built-in changed: %d", w.Code)
			}
			method, path = http.MethodPost, fmt.Sprintf("/study_activities/%d/delete", id)
			if kind == asJSON {
				method, path = http.MethodDelete, fmt.Sprintf("/study_activities/%d", id)
			}
			w = ts.do(request(method, path, kind, modeBody(kind, `{"confirm": true}`, url.Values{"confirm": {"true"}})))
			assertDone(t, w, kind, "/study_activities")
			if ts.count(fmt.Sprintf("study_activities WHERE id = %d", id)) != 0 {
				t.Error("not removed")
			}
		})
	}
}

func TestSearchWords(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/words", "/groups/1", "/groups/1/words"} {
		for _, kind := range modes {
			t.Run(path+"/"+kind, func(t *testing.T) {
				r := request(http.MethodGet, path+"?q=taberu&sort=english&order=desc", kind, "")
				if kind == asFragment {
					r.Header.Set("HX-Target", "words-table")
				}
				w := ts.do(r)
				assertNegotiated(t, w, kind)
				if w.Code != http.StatusOK {
					t.Fatalf("status = %d: %s", w.Code, w.Body)
				}
				body := w.Body.String()
				if kind == asJSON {
					var got struct {
						Items      []db.Word     `json:"items"`
						Pagination db.Pagination `json:"pagination"`
						Words      struct {
							Items []db.Word `json:"items"`
						} `json:"words"`
					}
					if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
						t.Fatal(err)
					}
					items := got.Items
					if path == "/groups/1" {
						items = got.Words.Items
					}
					if len(items) != 1 || items[0].Japanese != "食べる" {
						t.Errorf("items = %+v, want 食べる alone", items)
					}
					return
				}
				if text := readText(body); !strings.Contains(text, "食べる") || strings.Contains(text, "飲む") {
					t.Errorf("the table does not show 食べる alone")
				}
				if !strings.Contains(body, "q=taberu") || !strings.Contains(body, "1 word matches") {
					t.Errorf("the search is not kept in the links, or the count is missing:\n%s", body)
				}
			})
		}
	}
	// The search form: a plain GET form, and htmx as the learner types.
	page := ts.do(request(http.MethodGet, "/words?q=tabe&state=new", asPage, "")).Body.String()
	for _, want := range []string{`method="get" action="/words"`, `hx-trigger="submit, input changed delay:300ms, search"`,
		`name="q" value="tabe"`, `<option value="new" selected>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the words page lacks %s", want)
		}
	}
	for _, q := range []string{"state=sleeping", "q=" + strings.Repeat("a", 201), "q=a&q=b"} {
		if w := ts.do(request(http.MethodGet, "/words?"+q, asJSON, "")); w.Code != http.StatusBadRequest {
			t.Errorf("?%s: %d, want 400", q[:min(len(q), 20)], w.Code)
		}
	}
	ts.history()
	w := ts.do(request(http.MethodGet, "/words?state=new&per_page=500", asJSON, ""))
	var list db.List[db.Word]
	json.Unmarshal(w.Body.Bytes(), &list)
	if list.Pagination.TotalItems != ts.count("words")-3 {
		t.Errorf("new words: %d, want all but the 3 reviewed", list.Pagination.TotalItems)
	}
}
