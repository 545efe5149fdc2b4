package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"langportal/db"
)

// rubyAnnotation matches furigana and their fallback brackets; tag any tag.
var (
	rubyAnnotation = regexp.MustCompile(`<rt>.*?</rt>|<rp>.*?</rp>`)
	tag            = regexp.MustCompile(`<[^>]*>`)
)

// readText is the text of html as a reader sees the words, without the
// furigana above them: 食べる for <ruby>食<rt>た</rt></ruby>べる.
func readText(html string) string {
	return tag.ReplaceAllString(rubyAnnotation.ReplaceAllString(html, ""), "")
}

// TestShowRomajiSetting: show_romaji is read as JSON and changed in every
// mode (the Display form answers htmx with itself); a value that is not a
// boolean is a 400 naming the field, and nothing changes.
func TestShowRomajiSetting(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			stored := func() (show bool, perDay int) {
				t.Helper()
				if err := ts.raw.QueryRow(`SELECT show_romaji, new_per_day FROM settings`).Scan(&show, &perDay); err != nil {
					t.Fatal(err)
				}
				return show, perDay
			}
			if got := decodeJSON(t, ts.do(request(http.MethodGet, "/settings", asJSON, "")))["show_romaji"]; got != true {
				t.Errorf("show_romaji = %v, want true by default", got)
			}
			body := "show_romaji=false"
			if kind == asJSON {
				body = `{"show_romaji": false}`
			}
			r := request(http.MethodPost, "/settings", kind, body)
			r.Header.Set("HX-Target", "display-settings")
			w := ts.do(r)
			assertNegotiated(t, w, kind)
			if want := map[string]int{asJSON: 200, asFragment: 200, asPage: 303}[kind]; w.Code != want {
				t.Fatalf("status = %d, want %d\n%s", w.Code, want, w.Body)
			}
			switch kind {
			case asJSON:
				if got := decodeJSON(t, w); got["show_romaji"] != false || got["new_per_day"] != float64(20) {
					t.Errorf("answer = %v, want show_romaji false and the others as they were", got)
				}
			case asFragment:
				html := w.Body.String()
				if !strings.HasPrefix(html, `<section class="card" id="display-settings"`) || strings.Contains(html, `id="study-settings"`) ||
					!strings.Contains(html, `value="false" checked`) || !strings.Contains(html, `data-testid="display-saved"`) {
					t.Errorf("fragment is not the saved Display form:\n%s", html)
				}
			case asPage:
				if loc := w.Header().Get("Location"); loc != "/settings?done=settings" {
					t.Errorf("Location = %q", loc)
				}
				page := ts.do(request(http.MethodGet, "/settings", asPage, "")).Body.String()
				if !strings.Contains(page, `id="display-settings"`) || !strings.Contains(page, `name="show_romaji" value="false" checked`) {
					t.Errorf("the settings page does not show romaji hidden")
				}
			}
			if show, perDay := stored(); show || perDay != 20 {
				t.Errorf("stored show_romaji %v, new_per_day %d; want false, 20", show, perDay)
			}
			for _, tc := range []struct{ form, json string }{
				{"show_romaji=maybe", `{"show_romaji": "false"}`},
				{"show_romaji=", `{"show_romaji": 1}`},
				{"show_romaji=true&show_romaji=false", `{"show_romaji": null}`},
				{"show_romaji=true&new_per_day=-1", `{"show_romaji": true, "new_per_day": -1}`},
			} {
				body := tc.form
				if kind == asJSON {
					body = tc.json
				}
				r := request(http.MethodPost, "/settings", kind, body)
				if kind != asFragment || !strings.Contains(body, "new_per_day") {
					// The Display form sends show_romaji alone.
					r.Header.Set("HX-Target", "display-settings")
				}
				w := ts.do(r)
				field := "show_romaji"
				if strings.Contains(body, "new_per_day") {
					field = "new_per_day"
				}
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), field) || strings.Contains(w.Body.String(), "sql") {
					t.Errorf("%s: status %d, want 400 naming %s\n%s", body, w.Code, field, w.Body)
				}
				if kind == asFragment && field == "show_romaji" && !strings.Contains(w.Body.String(), `id="display-settings"`) {
					t.Errorf("%s: the refused form is not the Display form:\n%s", body, w.Body)
				}
			}
			if show, perDay := stored(); show || perDay != 20 {
				t.Errorf("after refused changes: show_romaji %v, new_per_day %d; want false, 20", show, perDay)
			}
		})
	}
}

// TestPagesHideRomaji: with romaji hidden, the pages with words show none
// (no romaji column, none on a card), and their JSON is unchanged.
func TestPagesHideRomaji(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	if _, _, err := ts.store.RecordReview(t.Context(), sess.ID, word, false, db.Idempotency{}); err != nil {
		t.Fatal(err)
	}
	var taberu int64
	if err := ts.raw.QueryRow(`SELECT id FROM words WHERE japanese = '食べる'`).Scan(&taberu); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/words", fmt.Sprintf("/words/%d", taberu), "/groups/1", "/groups/1/words", "/groups/1/add",
		fmt.Sprintf("/study_sessions/%d", sess.ID)}
	romaji := []string{`data-testid="sort-romaji"`, `data-testid="word-romaji"`, `data-testid="card-romaji"`, `class="c-romaji`, ">taberu<"}
	check := func(show bool) {
		t.Helper()
		for _, path := range paths {
			for _, kind := range []string{asPage, asFragment} {
				w := ts.do(request(http.MethodGet, path, kind, ""))
				if w.Code != http.StatusOK {
					t.Fatalf("%s: status %d", path, w.Code)
				}
				found := false
				for _, r := range romaji {
					found = found || strings.Contains(w.Body.String(), r)
				}
				if found != show {
					t.Errorf("%s (%s), show romaji %v: romaji on the page = %v", path, kind, show, found)
				}
			}
			if j := ts.do(request(http.MethodGet, path, asJSON, "")); !strings.Contains(j.Body.String(), `"romaji":"`) {
				t.Errorf("%s: JSON lacks the romaji", path)
			}
		}
	}
	check(true)
	if w := ts.do(request(http.MethodPost, "/settings", asJSON, `{"show_romaji": false}`)); w.Code != http.StatusOK {
		t.Fatalf("saving show_romaji: %d %s", w.Code, w.Body)
	}
	check(false)
}

// TestPagesShowFurigana: the words table, the word page and the card's
// answer read 食べる with its furigana.
func TestPagesShowFurigana(t *testing.T) {
	ts := newTestServer(t)
	var taberu int64
	if err := ts.raw.QueryRow(`SELECT id FROM words WHERE japanese = '食べる'`).Scan(&taberu); err != nil {
		t.Fatal(err)
	}
	const ruby = `<ruby>食<rp>(</rp><rt>た</rt><rp>)</rp></ruby>べる`
	for _, path := range []string{"/words?q=taberu", fmt.Sprintf("/words/%d", taberu), "/groups/1?q=taberu"} {
		if body := ts.do(request(http.MethodGet, path, asPage, "")).Body.String(); !strings.Contains(body, ruby) {
			t.Errorf("%s lacks 食べる with furigana", path)
		}
	}
	// A session whose every card but 食べる has been answered shows it next.
	sess := ts.mustCreateSession(1, 1)
	rows, err := ts.raw.Query(`SELECT word_id FROM word_groups WHERE group_id = 1 AND word_id != ?`, taberu)
	if err != nil {
		t.Fatal(err)
	}
	var others []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		others = append(others, id)
	}
	rows.Close()
	for _, id := range others {
		if _, _, err := ts.store.RecordReview(t.Context(), sess.ID, id, true, db.Idempotency{}); err != nil {
			t.Fatal(err)
		}
	}
	body := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, "")).Body.String()
	if !strings.Contains(body, `data-testid="card-reading">`+ruby+`</p>`) {
		t.Errorf("the card's answer lacks 食べる with furigana:\n%s", body)
	}
}

// TestSortJapaneseJSON: sort=japanese is by reading in the JSON of the
// words list and of a group's words, ascending and descending: kanji words
// whose code points say otherwise, katakana among hiragana, ー as a vowel.
func TestSortJapaneseJSON(t *testing.T) {
	ts := newTestServer(t)
	ctx := t.Context()
	g, err := ts.store.CreateGroup(ctx, "Sorting")
	if err != nil {
		t.Fatal(err)
	}
	words := []db.WordInput{ // in gojūon order; 水 < 犬 < 猫 by code point
		{Japanese: "犬", Reading: "いぬ", Romaji: "inu", English: "dog"},
		{Japanese: "毛糸", Reading: "けいと", Romaji: "keito", English: "wool"},
		{Japanese: "ケーキ", Romaji: "keeki", English: "cake"},
		{Japanese: "猫", Reading: "ねこ", Romaji: "neko", English: "cat"},
		{Japanese: "ネコ", Romaji: "neko", English: "cat (katakana)"},
		{Japanese: "水", Reading: "みず", Romaji: "mizu", English: "water"},
	}
	var want []string
	ours := map[string]bool{}
	for i := len(words) - 1; i >= 0; i-- {
		in := words[i]
		in.GroupIDs = []int64{g.ID}
		if _, err := ts.store.CreateWord(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range words {
		want, ours[w.Japanese] = append(want, w.Japanese), true
	}
	for _, order := range []string{"asc", "desc"} {
		wantHere := slices.Clone(want)
		if order == "desc" {
			slices.Reverse(wantHere)
		}
		for _, path := range []string{"/words", fmt.Sprintf("/groups/%d/words", g.ID)} {
			var names []string
			for page := 1; ; page++ { // every page: the starter words are there too
				w := ts.do(request(http.MethodGet, fmt.Sprintf("%s?sort=japanese&per_page=100&order=%s&page=%d", path, order, page), asJSON, ""))
				var got struct {
					Items []db.Word `json:"items"`
				}
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != http.StatusOK {
					t.Fatalf("%s: %d %v", path, w.Code, err)
				}
				if len(got.Items) == 0 {
					break
				}
				for _, item := range got.Items {
					if ours[item.Japanese] {
						names = append(names, item.Japanese)
					}
				}
			}
			if !slices.Equal(names, wantHere) {
				t.Errorf("%s %s: got %v, want %v", path, order, names, wantHere)
			}
		}
	}
}
