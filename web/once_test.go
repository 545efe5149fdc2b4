package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"langportal/db"
)

// onceToken is the one-time token of the form posting to action on a
// page; it fails the test when that form has none.
func onceToken(t *testing.T, page, action string) string {
	t.Helper()
	forms := regexp.MustCompile(`(?s)<form([^>]*)>(.*?)</form>`).FindAllStringSubmatch(page, -1)
	token := regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)
	for _, f := range forms {
		if !strings.Contains(f[1], ` action="`+action+`"`) && !strings.Contains(f[2], `formaction="`+action+`"`) {
			continue
		}
		if m := token.FindStringSubmatch(f[2]); m != nil {
			return m[1]
		}
		t.Fatalf("the form posting to %s has no one-time token:\n%s", action, f[0])
	}
	t.Fatalf("no form posts to %s on the page", action)
	return ""
}

// TestVocabularyFormsWriteOnce: each vocabulary form carries a one-time
// token, and the same submission sent twice with it (a double click, a
// resubmit after Back) writes once and gets the first answer again, with
// or without JavaScript.
func TestVocabularyFormsWriteOnce(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	mustWord := func(japanese, romaji, english string) int64 {
		w, err := ts.store.CreateWord(ctx, db.WordInput{Japanese: japanese, Romaji: romaji, English: english})
		if err != nil {
			t.Fatal(err)
		}
		return w.ID
	}
	mustGroup := func(name string) int64 {
		g, err := ts.store.CreateGroup(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return g.ID
	}
	mustApp := func(name string) int64 {
		a, err := ts.store.CreateStudyActivity(ctx, db.ActivityInput{Name: name, URL: "http://localhost:9000/"})
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	edited, doomed := mustWord("机", "tsukue", "desk"), mustWord("椅子", "isu", "chair")
	renamed, deleted, filled := mustGroup("To rename"), mustGroup("To delete"), mustGroup("To fill")
	emptied := mustGroup("To empty")
	if _, err := ts.store.AddWordsToGroup(ctx, emptied, []int64{edited}); err != nil {
		t.Fatal(err)
	}
	changed, removed := mustApp("App to change"), mustApp("App to remove")
	count := func(query string) func() int {
		return func() int {
			var n int
			if err := ts.raw.QueryRow(query).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	tests := []struct {
		name, page, action, body string
		mode                     string
		rows                     func() int // what the first submission changes, once
	}{
		{"new word", "/words/new", "/words", "japanese=猫&romaji=neko&english=cat", asPage, count(`SELECT COUNT(*) FROM words`)},
		{"new word with htmx", "/words/new", "/words", "japanese=犬&romaji=inu&english=dog", asFragment, count(`SELECT COUNT(*) FROM words`)},
		{"edit a word", fmt.Sprintf("/words/%d/edit", edited), fmt.Sprintf("/words/%d/edit", edited), "japanese=机&romaji=tsukue&english=a+desk", asPage,
			count(`SELECT COUNT(*) FROM words WHERE english = 'a desk'`)},
		{"delete a word", fmt.Sprintf("/words/%d", doomed), fmt.Sprintf("/words/%d/delete", doomed), "confirm=true", asPage, count(`SELECT COUNT(*) FROM words`)},
		{"new group", "/groups", "/groups", "name=Pets", asPage, count(`SELECT COUNT(*) FROM groups`)},
		{"rename a group", fmt.Sprintf("/groups/%d", renamed), fmt.Sprintf("/groups/%d/edit", renamed), "name=Renamed", asFragment,
			count(`SELECT COUNT(*) FROM groups WHERE name = 'Renamed'`)},
		{"delete a group", fmt.Sprintf("/groups/%d", deleted), fmt.Sprintf("/groups/%d/delete", deleted), "confirm=true", asPage, count(`SELECT COUNT(*) FROM groups`)},
		{"add words", fmt.Sprintf("/groups/%d/add", filled), fmt.Sprintf("/groups/%d/words", filled), "word_ids=1&word_ids=2", asPage,
			count(fmt.Sprintf(`SELECT COUNT(*) FROM word_groups WHERE group_id = %d`, filled))},
		{"add ticked words of the words page", "/words", fmt.Sprintf("/groups/%d/words", renamed), "word_ids=3", asPage,
			count(fmt.Sprintf(`SELECT COUNT(*) FROM word_groups WHERE group_id = %d`, renamed))},
		{"remove a word", fmt.Sprintf("/groups/%d", emptied), fmt.Sprintf("/groups/%d/words/%d/remove", emptied, edited), "", asPage,
			count(fmt.Sprintf(`SELECT COUNT(*) FROM word_groups WHERE group_id = %d`, emptied))},
		{"new app", "/study_activities/new", "/study_activities", "name=Kana+app&url=https://kana.example/", asPage, count(`SELECT COUNT(*) FROM study_activities`)},
		{"edit an app", fmt.Sprintf("/study_activities/%d/edit", changed), fmt.Sprintf("/study_activities/%d/edit", changed), "name=Changed&url=https://x.example/", asPage,
			count(`SELECT COUNT(*) FROM study_activities WHERE name = 'Changed'`)},
		{"remove an app", fmt.Sprintf("/study_activities/%d", removed), fmt.Sprintf("/study_activities/%d/delete", removed), "confirm=true", asPage,
			count(`SELECT COUNT(*) FROM study_activities`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := ts.do(request(http.MethodGet, tt.page, asPage, ""))
			if page.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", tt.page, page.Code)
			}
			token := onceToken(t, page.Body.String(), tt.action)
			body := tt.body
			if body != "" {
				body += "&"
			}
			body += "idempotency_key=" + url.QueryEscape(token)
			before := tt.rows()
			first := ts.do(request(http.MethodPost, tt.action, tt.mode, body))
			if first.Code != http.StatusSeeOther && first.Code != http.StatusOK {
				t.Fatalf("first submission: %d\n%s", first.Code, first.Body)
			}
			written := tt.rows()
			if written == before {
				t.Fatalf("the first submission changed nothing (%d rows)", written)
			}
			again := ts.do(request(http.MethodPost, tt.action, tt.mode, body))
			if again.Code != first.Code || again.Header().Get("Location") != first.Header().Get("Location") ||
				again.Header().Get("HX-Location") != first.Header().Get("HX-Location") {
				t.Errorf("the second submission got %d %q %q, want the first's %d %q %q\n%s", again.Code, again.Header().Get("Location"),
					again.Header().Get("HX-Location"), first.Code, first.Header().Get("Location"), first.Header().Get("HX-Location"), again.Body)
			}
			if again.Header().Get(replayedHeader) != "true" {
				t.Errorf("the second submission lacks %s: true", replayedHeader)
			}
			if got := tt.rows(); got != written {
				t.Errorf("rows went from %d to %d with the second submission, want %d", written, got, written)
			}
		})
	}
}

// TestOnceTokenTellsSubmissionsApart: one page token serves all of the
// page's forms, and a form changed and sent again is a new write, not a
// replay or a 422.
func TestOnceTokenTellsSubmissionsApart(t *testing.T) {
	ts := newTestServer(t)
	page := ts.do(request(http.MethodGet, "/words/new", asPage, ""))
	token := onceToken(t, page.Body.String(), "/words")
	words := ts.count("words")
	for _, english := range []string{"cat", "kitty"} {
		w := ts.do(request(http.MethodPost, "/words", asPage, "japanese=猫&romaji=neko&english="+english+"&idempotency_key="+token))
		if w.Code != http.StatusSeeOther || w.Header().Get(replayedHeader) != "" {
			t.Fatalf("%s: got %d %v, want a new word", english, w.Code, w.Header())
		}
	}
	if got := ts.count("words"); got != words+2 {
		t.Errorf("got %d words, want %d: two different submissions", got, words+2)
	}
}

// TestVocabularyWritesTakeAnIdempotencyKey: API callers retry the
// vocabulary's writes with an Idempotency-Key as they retry reviews.
func TestVocabularyWritesTakeAnIdempotencyKey(t *testing.T) {
	ts := newTestServer(t)
	post := func(key, body string) *http.Request {
		r := request(http.MethodPost, "/api/groups", asJSON, body)
		r.Header.Set(idempotencyHeader, key)
		return r
	}
	groups := ts.count("groups")
	first := ts.do(post("k1", `{"name": "Pets"}`))
	again := ts.do(post("k1", `{"name": "Pets"}`))
	if first.Code != 200 || again.Code != 200 || again.Body.String() != first.Body.String() || again.Header().Get(replayedHeader) != "true" {
		t.Errorf("retry: got %d %s, want the first answer (%d %s) replayed", again.Code, again.Body, first.Code, first.Body)
	}
	if got := ts.count("groups"); got != groups+1 {
		t.Errorf("got %d groups, want %d", got, groups+1)
	}
	if w := ts.do(post("k1", `{"name": "Other"}`)); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("the key with another body: %d, want 422\n%s", w.Code, w.Body)
	}
	release, err := ts.srv.inFlight.begin("busy")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if w := ts.do(post("busy", `{"name": "Busy"}`)); w.Code != http.StatusConflict {
		t.Errorf("a key in flight: %d, want 409", w.Code)
	}
	if w := ts.do(post(strings.Repeat("k", 256), `{"name": "Long"}`)); w.Code != http.StatusBadRequest {
		t.Errorf("a bad key: %d, want 400", w.Code)
	}
	if got := ts.count("groups"); got != groups+1 {
		t.Errorf("got %d groups after the refused ones, want %d", got, groups+1)
	}
}

// TestImportOfAKeptFileRunsOnce: the Import button sent twice runs one
// import: a second while the first runs is a 409, one after it finds the
// file gone; neither writes.
func TestImportOfAKeptFileRunsOnce(t *testing.T) {
	ts := newTestServer(t)
	w := ts.do(upload("/import?dry_run=true", asPage, map[string]string{"group": "School"}, wordsCSV))
	m := regexp.MustCompile(`name="upload" value="([0-9a-f]{32})"`).FindStringSubmatch(w.Body.String())
	if w.Code != http.StatusOK || m == nil {
		t.Fatalf("preview: %d, no kept file", w.Code)
	}
	importKept := func() int {
		return ts.do(upload("/import", asPage, map[string]string{"group": "School", "upload": m[1]}, "")).Code
	}
	before := ts.snapshot()
	release, err := ts.srv.inFlight.begin("import " + m[1])
	if err != nil {
		t.Fatal(err)
	}
	if code := importKept(); code != http.StatusConflict {
		t.Errorf("an import while the same one runs: %d, want 409", code)
	}
	release()
	ts.assertUnchanged(before)
	if code := importKept(); code != http.StatusOK {
		t.Fatalf("the import: %d", code)
	}
	after := ts.snapshot()
	if code := importKept(); code != http.StatusBadRequest {
		t.Errorf("the import sent again: %d, want 400 (the file is gone)", code)
	}
	ts.assertUnchanged(after)
}
