package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"langportal/db"
)

// Activity ids of the seed.
const (
	flashcardsActivity = 1
	reviewActivity     = 3
	typingActivity     = 4
)

// storedOptions is a session's options column.
func (ts *testServer) storedOptions(id int64) string {
	ts.t.Helper()
	var o string
	if err := ts.raw.QueryRow(`SELECT options FROM study_sessions WHERE id = ?`, id).Scan(&o); err != nil {
		ts.t.Fatal(err)
	}
	return o
}

// lastSessionID is the id of the newest session (0 for none).
func (ts *testServer) lastSessionID() int64 {
	ts.t.Helper()
	var id int64
	ts.raw.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM study_sessions`).Scan(&id)
	return id
}

func TestStartSessionWithOptions(t *testing.T) {
	tests := []struct {
		name       string
		json, form string
		want       string
	}{
		{"flashcards, both options", `{"group_id": 1, "study_activity_id": 1, "direction": "en-ja", "round_size": "10"}`,
			"group_id=1&study_activity_id=1&direction=en-ja&round_size=10", `{"direction":"en-ja","round_size":"10"}`},
		{"flashcards, round size as a number", `{"group_id": 1, "study_activity_id": 1, "round_size": 20}`,
			"group_id=1&study_activity_id=1&round_size=20", `{"direction":"ja-en","round_size":"20"}`},
		{"flashcards, none: the defaults", `{"group_id": 1, "study_activity_id": 1}`,
			"group_id=1&study_activity_id=1&direction=&round_size=", `{"direction":"ja-en","round_size":"all"}`},
		{"typing, meaning", `{"group_id": 1, "study_activity_id": 4, "prompt": "meaning"}`,
			"group_id=1&study_activity_id=4&prompt=meaning", `{"prompt":"meaning"}`},
		{"typing, the default", `{"group_id": 1, "study_activity_id": 4}`,
			"group_id=1&study_activity_id=4", `{"prompt":"reading"}`},
		{"review, none", `{"study_activity_id": 3}`, "study_activity_id=3", `{}`},
	}
	for _, tt := range tests {
		for _, kind := range modes {
			t.Run(tt.name+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				body := tt.form
				if kind == asJSON {
					body = tt.json
				}
				w := ts.do(request(http.MethodPost, "/study_sessions", kind, body))
				assertNegotiated(t, w, kind)
				id := ts.lastSessionID()
				if id == 0 {
					t.Fatalf("no session written: %d\n%s", w.Code, w.Body)
				}
				path := fmt.Sprintf("/study_sessions/%d", id)
				switch kind {
				case asJSON:
					if w.Code != http.StatusOK {
						t.Fatalf("status %d\n%s", w.Code, w.Body)
					}
					if got, _ := json.Marshal(decodeJSON(t, w)["options"]); string(got) != tt.want {
						t.Errorf("options %s, want %s", got, tt.want)
					}
				case asFragment:
					if w.Code != http.StatusOK || w.Header().Get("HX-Location") == "" {
						t.Errorf("status %d, HX-Location %q; want 200 and the session", w.Code, w.Header().Get("HX-Location"))
					}
				case asPage:
					if w.Code != http.StatusSeeOther || w.Header().Get("Location") != path {
						t.Errorf("status %d, Location %q; want 303 to %s", w.Code, w.Header().Get("Location"), path)
					}
				}
				if got := ts.storedOptions(id); got != tt.want {
					t.Errorf("stored options %s, want %s", got, tt.want)
				}
				g := ts.do(request(http.MethodGet, path, asJSON, ""))
				if got, _ := json.Marshal(decodeJSON(t, g)["options"]); string(got) != tt.want {
					t.Errorf("GET %s: options %s, want %s", path, got, tt.want)
				}
			})
		}
	}
}

func TestStartSessionRefusesOptions(t *testing.T) {
	tests := []struct {
		name       string
		json, form string
		field, msg string
	}{
		{"prompt for flashcards", `{"group_id": 1, "study_activity_id": 1, "prompt": "reading"}`,
			"group_id=1&study_activity_id=1&prompt=reading", "prompt", "is not an option of Flashcards"},
		{"direction for typing", `{"group_id": 1, "study_activity_id": 4, "direction": "en-ja"}`,
			"group_id=1&study_activity_id=4&direction=en-ja", "direction", "is not an option of Typing"},
		{"round size for review", `{"study_activity_id": 3, "round_size": "10"}`,
			"study_activity_id=3&round_size=10", "round_size", "is not an option of Review"},
		{"prompt for an external app", `{"group_id": 1, "study_activity_id": 2, "prompt": "reading"}`,
			"group_id=1&study_activity_id=2&prompt=reading", "prompt", "is not an option of Writing Practice"},
		{"unknown round size", `{"group_id": 1, "study_activity_id": 1, "round_size": "15"}`,
			"group_id=1&study_activity_id=1&round_size=15", "round_size", "must be one of all, 10, 20, 50"},
		{"unknown round size number", `{"group_id": 1, "study_activity_id": 1, "round_size": 15}`,
			"group_id=1&study_activity_id=1&round_size=15", "round_size", "must be one of"},
		{"unknown direction", `{"group_id": 1, "study_activity_id": 1, "direction": "EN-JA"}`,
			"group_id=1&study_activity_id=1&direction=EN-JA", "direction", "must be one of ja-en, en-ja"},
		{"unknown prompt", `{"group_id": 1, "study_activity_id": 4, "prompt": "spelling"}`,
			"group_id=1&study_activity_id=4&prompt=spelling", "prompt", "must be one of reading, production, meaning, listening"},
		{"round size not a string", `{"group_id": 1, "study_activity_id": 1, "round_size": true}`,
			"group_id=1&study_activity_id=1&round_size=10&round_size=20", "round_size", "must be"},
		{"direction a number", `{"group_id": 1, "study_activity_id": 1, "direction": 1}`,
			"-", "direction", "must be a string, not a number"},
	}
	for _, tt := range tests {
		for _, kind := range modes {
			body := tt.form
			if kind == asJSON {
				body = tt.json
			}
			if body == "-" {
				continue
			}
			t.Run(tt.name+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				before := ts.snapshot()
				w := ts.do(request(http.MethodPost, "/study_sessions", kind, body))
				assertNegotiated(t, w, kind)
				if w.Code != http.StatusBadRequest {
					t.Fatalf("status %d, want 400\n%s", w.Code, w.Body)
				}
				if kind == asJSON {
					fields, _ := decodeJSON(t, w)["fields"].(map[string]any)
					if msg, _ := fields[tt.field].(string); !strings.Contains(msg, tt.msg) {
						t.Errorf("fields %v, want %s: %s", fields, tt.field, tt.msg)
					}
				} else if !strings.Contains(w.Body.String(), tt.msg) || !strings.Contains(w.Body.String(), `data-testid="launch-form"`) {
					t.Errorf("the launch form does not say %q:\n%s", tt.msg, w.Body)
				}
				ts.assertUnchanged(before)
			})
		}
	}
}

// The launch page offers the activity's options, preselected from the
// settings; Typing's page loads its scripts and hides listening.
func TestLaunchPageOptions(t *testing.T) {
	for _, kind := range []string{asPage, asFragment} {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			page := func(activity int) string {
				w := ts.do(request(http.MethodGet, fmt.Sprintf("/study_activities/%d/launch", activity), kind, ""))
				if w.Code != http.StatusOK {
					t.Fatalf("status %d\n%s", w.Code, w.Body)
				}
				return w.Body.String()
			}
			fc := page(flashcardsActivity)
			for _, want := range []string{`name="direction" value="ja-en" checked`, `name="direction" value="en-ja" data-testid`,
				`<option value="all" selected>`, `name="round_size"`} {
				if !strings.Contains(fc, want) {
					t.Errorf("Flashcards launch page lacks %s", want)
				}
			}
			if strings.Contains(fc, `name="prompt"`) || strings.Contains(fc, "typing.js") {
				t.Error("Flashcards launch page has Typing's prompt or script")
			}
			w := ts.do(request(http.MethodPost, "/settings", asJSON, `{"direction": "en-ja", "round_size": "10", "typing_prompt": "meaning"}`))
			if w.Code != http.StatusOK {
				t.Fatalf("settings: %d\n%s", w.Code, w.Body)
			}
			fc = page(flashcardsActivity)
			if !strings.Contains(fc, `name="direction" value="en-ja" checked`) || !strings.Contains(fc, `<option value="10" selected>`) {
				t.Error("Flashcards launch page does not preselect the settings' en-ja and 10")
			}
			ty := page(typingActivity)
			if !strings.Contains(ty, `name="prompt" value="meaning" checked`) {
				t.Error("Typing launch page does not preselect the settings' meaning")
			}
			if !regexp.MustCompile(`data-needs-voice hidden><input type="radio" name="prompt" value="listening" disabled`).MatchString(ty) {
				t.Error("Typing launch page offers listening without knowing of a voice")
			}
			if strings.Contains(ty, `name="direction"`) {
				t.Error("Typing launch page has Flashcards' direction")
			}
			if kind == asPage && (!strings.Contains(ty, "/static/typing.js") || !strings.Contains(ty, "/static/wanakana.min.js")) {
				t.Error("Typing launch page does not load wanakana and typing.js")
			}
			// Listening as the default: the page starts on reading, which works
			// without a voice; typing.js moves to listening where it can.
			ts.do(request(http.MethodPost, "/settings", asJSON, `{"typing_prompt": "listening"}`))
			ty = page(typingActivity)
			if !strings.Contains(ty, `value="reading" checked`) || !strings.Contains(ty, `disabled data-preferred`) {
				t.Error("with listening as the default, the page does not start on reading with listening preferred")
			}
		})
	}
}

func TestTypingAndFlashcardsRedirectToTheirLaunchPage(t *testing.T) {
	ts := newTestServer(t)
	for path, want := range map[string]string{"/typing": "/study_activities/4/launch", "/flashcards": "/study_activities/1/launch"} {
		w := ts.do(request(http.MethodGet, path, asPage, ""))
		if w.Code != http.StatusFound || w.Header().Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 302 to %s", path, w.Code, w.Header().Get("Location"), want)
		}
	}
}

// startWith starts a session with options through the store.
func (ts *testServer) startWith(group, activity int64, options map[string]string) db.StudySession {
	ts.t.Helper()
	s, _, err := ts.store.StartStudySession(context.Background(), db.NewSession{GroupID: group, ActivityID: activity, Options: options}, db.Idempotency{})
	if err != nil {
		ts.t.Fatal(err)
	}
	return s
}

// wordID finds a seed word by its romaji.
func (ts *testServer) wordID(romaji string) int64 {
	ts.t.Helper()
	var id int64
	if err := ts.raw.QueryRow(`SELECT id FROM words WHERE romaji = ?`, romaji).Scan(&id); err != nil {
		ts.t.Fatalf("word %s: %v", romaji, err)
	}
	return id
}

func TestTypedReview(t *testing.T) {
	long := strings.Repeat("a", 201)
	tests := []struct {
		name      string
		activity  int64
		prompt    string
		json      string // {w} is 食べる's id
		form      string
		status    int
		correct   bool
		expected  string
		field     string // the field named by a 400
		message   string
		storedAns string
	}{
		{name: "right in romaji", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": "taberu"}`,
			form: "word_id={w}&answer=taberu", status: 200, correct: true, expected: "たべる", storedAns: "taberu"},
		{name: "right in kana, trimmed", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": "  たべる "}`,
			form: "word_id={w}&answer=+%E3%81%9F%E3%81%B9%E3%82%8B+", status: 200, correct: true, expected: "たべる", storedAns: "たべる"},
		{name: "wrong", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": "nomu"}`,
			form: "word_id={w}&answer=nomu", status: 200, correct: false, expected: "たべる", storedAns: "nomu"},
		{name: "meaning prompt", activity: typingActivity, prompt: "meaning", json: `{"word_id": {w}, "answer": "Eat."}`,
			form: "word_id={w}&answer=Eat.", status: 200, correct: true, expected: "to eat", storedAns: "Eat."},
		{name: "meaning prompt, a reading is wrong", activity: typingActivity, prompt: "meaning", json: `{"word_id": {w}, "answer": "taberu"}`,
			form: "word_id={w}&answer=taberu", status: 200, correct: false, expected: "to eat", storedAns: "taberu"},
		{name: "production prompt", activity: typingActivity, prompt: "production", json: `{"word_id": {w}, "answer": "タベル"}`,
			form: "word_id={w}&answer=%E3%82%BF%E3%83%99%E3%83%AB", status: 200, correct: true, expected: "たべる", storedAns: "タベル"},
		{name: "a flashcards session grades the reading", activity: flashcardsActivity, json: `{"word_id": {w}, "answer": "taberu"}`,
			form: "word_id={w}&answer=taberu", status: 200, correct: true, expected: "たべる", storedAns: "taberu"},
		{name: "200 characters", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": "` + long[:200] + `"}`,
			form: "word_id={w}&answer=" + long[:200], status: 200, correct: false, expected: "たべる", storedAns: long[:200]},
		{name: "answer and correct", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": "taberu", "correct": true}`,
			form: "word_id={w}&answer=taberu&correct=true", status: 400, field: "answer", message: "one or the other"},
		{name: "neither", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}}`,
			form: "word_id={w}", status: 400, field: "correct", message: "one or the other"},
		{name: "empty", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": ""}`,
			form: "word_id={w}&answer=", status: 400, field: "answer", message: "must not be empty"},
		{name: "blank", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": "   "}`,
			form: "word_id={w}&answer=+++", status: 400, field: "answer", message: "must not be empty"},
		{name: "201 characters", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": "` + long + `"}`,
			form: "word_id={w}&answer=" + long, status: 400, field: "answer", message: "at most 200 characters"},
		{name: "not a string", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": 5}`,
			form: "-", status: 400, field: "answer", message: "must be a string"},
		{name: "null", activity: typingActivity, prompt: "reading", json: `{"word_id": {w}, "answer": null}`,
			form: "-", status: 400, field: "answer", message: "must be a string"},
	}
	for _, tt := range tests {
		for _, kind := range modes {
			format := tt.form
			if kind == asJSON {
				format = tt.json
			}
			if format == "-" {
				continue
			}
			t.Run(tt.name+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				var options map[string]string
				if tt.prompt != "" {
					options = map[string]string{"prompt": tt.prompt}
				}
				sess := ts.startWith(1, tt.activity, options)
				word := ts.wordID("taberu")
				before := ts.snapshot()
				w := ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), kind,
					strings.ReplaceAll(format, "{w}", fmt.Sprint(word))))
				assertNegotiated(t, w, kind)
				if tt.status == 400 {
					if w.Code != 400 {
						t.Fatalf("status %d, want 400\n%s", w.Code, w.Body)
					}
					if kind == asJSON {
						fields, _ := decodeJSON(t, w)["fields"].(map[string]any)
						if msg, _ := fields[tt.field].(string); !strings.Contains(msg, tt.message) {
							t.Errorf("fields %v, want %s: %s", fields, tt.field, tt.message)
						}
					} else if !strings.Contains(w.Body.String(), tt.message) {
						t.Errorf("the answer does not say %q:\n%s", tt.message, w.Body)
					}
					ts.assertUnchanged(before)
					return
				}
				var id int64
				var correct bool
				var answer, expected string
				if err := ts.raw.QueryRow(`SELECT id, correct, answer, expected FROM word_review_items WHERE study_session_id = ?`,
					sess.ID).Scan(&id, &correct, &answer, &expected); err != nil {
					t.Fatalf("no review written: %v (status %d)\n%s", err, w.Code, w.Body)
				}
				if correct != tt.correct || answer != tt.storedAns || expected != tt.expected {
					t.Errorf("row (%v, %q, %q), want (%v, %q, %q)", correct, answer, expected, tt.correct, tt.storedAns, tt.expected)
				}
				switch kind {
				case asJSON:
					got := decodeJSON(t, w)
					if got["correct"] != tt.correct || got["answer"] != tt.storedAns || got["expected"] != tt.expected {
						t.Errorf("JSON %v, want correct %v, answer %q, expected %q", got, tt.correct, tt.storedAns, tt.expected)
					}
				case asFragment:
					body := w.Body.String()
					if tt.activity == typingActivity {
						if !strings.Contains(body, fmt.Sprintf(`data-testid="typing-result" data-correct="%t"`, tt.correct)) ||
							!strings.Contains(body, tt.expected) || !strings.Contains(body, `data-testid="next"`) {
							t.Errorf("the fragment is not the result with Next:\n%s", body)
						}
					} else if strings.Contains(body, "typing-result") {
						t.Error("a Flashcards session shows a Typing result")
					}
				case asPage:
					// A typed answer's result is named; only Typing's card shows it.
					want := fmt.Sprintf("/study_sessions/%d?answered=%d", sess.ID, id)
					if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
						t.Fatalf("status %d to %q, want 303 to %s", w.Code, w.Header().Get("Location"), want)
					}
					page := ts.do(request(http.MethodGet, want, asPage, ""))
					if shown := strings.Contains(page.Body.String(), fmt.Sprintf(`data-correct="%t"`, tt.correct)); shown != (tt.activity == typingActivity) {
						t.Errorf("the result shown %v, want %v:\n%s", shown, tt.activity == typingActivity, page.Body)
					}
				}
			})
		}
	}
}

// The batch takes typed answers too, graded like single ones.
func TestTypedReviewBatch(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.startWith(1, typingActivity, nil)
	body := fmt.Sprintf(`{"reviews": [{"word_id": %d, "answer": "taberu"}, {"word_id": %d, "correct": false}, {"word_id": %d, "answer": "x", "correct": true}]}`,
		ts.wordID("taberu"), ts.wordID("nomu"), ts.wordID("nomu"))
	w := ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/reviews", sess.ID), asJSON, body))
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"reviews[2].answer"`) {
		t.Fatalf("answer and correct in item 2: %d, want 400 naming reviews[2].answer\n%s", w.Code, w.Body)
	}
	if n := ts.count("word_review_items"); n != 0 {
		t.Fatalf("%d reviews written by a refused batch", n)
	}
	body = body[:strings.LastIndex(body, ", {")] + "]}"
	w = ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/reviews", sess.ID), asJSON, body))
	if w.Code != 200 {
		t.Fatalf("status %d\n%s", w.Code, w.Body)
	}
	items, _ := decodeJSON(t, w)["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("items %v, want 2", items)
	}
	first, second := items[0].(map[string]any), items[1].(map[string]any)
	if first["correct"] != true || first["answer"] != "taberu" || first["expected"] != "たべる" {
		t.Errorf("first item %v, want the typed answer graded right", first)
	}
	if second["answer"] != nil || second["expected"] != nil || second["correct"] != false {
		t.Errorf("second item %v, want self-graded with null answer and expected", second)
	}
}

// A Typing session's page: the card asks and takes an answer; the field
// converts romaji to kana only when a reading is typed.
func TestTypingCard(t *testing.T) {
	tests := []struct {
		prompt, shows string
		kana          bool
	}{
		{"reading", "食べる", true},
		{"production", "to eat", true},
		{"meaning", "食べる", false},
		{"listening", "食べる", true}, // shown unless typing.js has a voice
	}
	for _, tt := range tests {
		for _, kind := range []string{asPage, asFragment} {
			t.Run(tt.prompt+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				group := ts.oneWordGroup("taberu")
				sess := ts.startWith(group, typingActivity, map[string]string{"prompt": tt.prompt})
				r := request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), kind, "")
				if kind == asFragment {
					r.Header.Set("HX-Target", "flashcard")
				}
				w := ts.do(r)
				body := w.Body.String()
				if w.Code != 200 || !strings.Contains(body, `data-testid="typing-form"`) || !strings.Contains(body, `name="answer"`) {
					t.Fatalf("status %d, no typing form:\n%s", w.Code, body)
				}
				if !strings.Contains(body, ">"+tt.shows+"</p>") {
					t.Errorf("the card does not show %s", tt.shows)
				}
				if got := strings.Contains(body, "data-kana"); got != tt.kana {
					t.Errorf("data-kana %v, want %v", got, tt.kana)
				}
				if strings.Contains(body, `data-testid="knew-it"`) {
					t.Error("a Typing card has grading buttons")
				}
				if got := strings.Contains(body, `data-testid="listen"`); got != (tt.prompt == "listening") {
					t.Errorf("Listen button %v, want %v", got, tt.prompt == "listening")
				}
				if kind == asPage && !strings.Contains(body, "/static/typing.js") {
					t.Error("the Typing session page does not load typing.js")
				}
			})
		}
	}
}

// oneWordGroup makes a group of one seed word.
func (ts *testServer) oneWordGroup(romaji string) int64 {
	ts.t.Helper()
	ctx := context.Background()
	g, err := ts.store.CreateGroup(ctx, "only "+romaji)
	if err != nil {
		ts.t.Fatal(err)
	}
	if _, err := ts.store.AddWordsToGroup(ctx, g.ID, []int64{ts.wordID(romaji)}); err != nil {
		ts.t.Fatal(err)
	}
	return g.ID
}

func TestTypingResultAddress(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.startWith(1, typingActivity, nil)
	other := ts.startWith(1, typingActivity, nil)
	word := ts.wordID("taberu")
	r, _, err := ts.store.RecordAnswer(context.Background(), other.ID, db.NewReview{WordID: word, Answer: "taberu"}, db.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range modes {
		for target, want := range map[string]int{
			fmt.Sprintf("/study_sessions/%d?answered=%d", other.ID, r.ID): 200,
			fmt.Sprintf("/study_sessions/%d?answered=%d", sess.ID, r.ID):  404, // another session's
			fmt.Sprintf("/study_sessions/%d?answered=abc", sess.ID):       400,
			fmt.Sprintf("/study_sessions/%d?answered=0", sess.ID):         400,
		} {
			w := ts.do(request(http.MethodGet, target, kind, ""))
			if w.Code != want {
				t.Errorf("%s GET %s: %d, want %d\n%s", kind, target, w.Code, want, w.Body)
			}
		}
	}
}

// An English-first Flashcards card shows the English and reveals the
// Japanese with its reading; a round of 10 has 10 cards.
func TestEnglishFirstFlashcard(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.startWith(1, flashcardsActivity, map[string]string{"direction": "en-ja", "round_size": "10"})
	card, err := ts.store.NextFlashcard(context.Background(), sess.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	w := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, ""))
	body := w.Body.String()
	for _, want := range []string{`data-direction="en-ja">` + card.Word.English + "</p>", `data-testid="card-japanese">` + card.Word.Japanese,
		`data-testid="knew-it"`, "1 of 10"} {
		if !strings.Contains(body, want) {
			t.Errorf("the card lacks %s", want)
		}
	}
	if card.Total != 10 {
		t.Errorf("round of %d words, want 10", card.Total)
	}
}

func TestStudyModeSettings(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			got := decodeJSON(t, ts.do(request(http.MethodGet, "/settings", asJSON, "")))
			if got["direction"] != "ja-en" || got["round_size"] != "all" || got["typing_prompt"] != "reading" {
				t.Errorf("defaults %v", got)
			}
			body := "direction=en-ja&round_size=50&typing_prompt=production"
			if kind == asJSON {
				body = `{"direction": "en-ja", "round_size": "50", "typing_prompt": "production"}`
			}
			w := ts.do(request(http.MethodPost, "/settings", kind, body))
			assertNegotiated(t, w, kind)
			if want := map[string]int{asJSON: 200, asFragment: 200, asPage: 303}[kind]; w.Code != want {
				t.Fatalf("status %d, want %d\n%s", w.Code, want, w.Body)
			}
			stored := func() string {
				var d, r, p string
				ts.raw.QueryRow(`SELECT direction, round_size, typing_prompt FROM settings`).Scan(&d, &r, &p)
				return d + " " + r + " " + p
			}
			if s := stored(); s != "en-ja 50 production" {
				t.Errorf("stored %s, want en-ja 50 production", s)
			}
			for field, bad := range map[string]string{"direction": "up", "round_size": "11", "typing_prompt": "speaking"} {
				body := field + "=" + bad
				if kind == asJSON {
					body = fmt.Sprintf(`{%q: %q}`, field, bad)
				}
				w := ts.do(request(http.MethodPost, "/settings", kind, body))
				if w.Code != 400 || !strings.Contains(w.Body.String(), "must be one of") {
					t.Errorf("%s=%s: %d, want 400 with the choices\n%s", field, bad, w.Code, w.Body)
				}
				if kind == asJSON {
					if _, ok := decodeJSON(t, w)["fields"].(map[string]any)[field]; !ok {
						t.Errorf("%s=%s: the 400 does not name %s", field, bad, field)
					}
				}
			}
			if s := stored(); s != "en-ja 50 production" {
				t.Errorf("after refused changes %s, want en-ja 50 production", s)
			}
			page := ts.do(request(http.MethodGet, "/settings", asPage, "")).Body.String()
			if !strings.Contains(page, "Study modes") || !strings.Contains(page, `<option value="production" selected>`) {
				t.Error("the settings page has no Study modes section with the stored prompt")
			}
		})
	}
}

// What was typed shows in the session's list of typed answers (sent out of
// band with each result) and in the word's history.
func TestTypedAnswersShown(t *testing.T) {
	ts := newTestServer(t)
	sess := ts.startWith(1, typingActivity, nil)
	word := ts.wordID("taberu")
	w := ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), asFragment, fmt.Sprintf("word_id=%d&answer=tabero", word)))
	if !strings.Contains(w.Body.String(), `id="typed-answers" aria-labelledby="typed-answers-title" data-testid="typed-answers" hx-swap-oob="true"`) {
		t.Errorf("the result does not bring the typed answers up to date:\n%s", w.Body)
	}
	page := ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", sess.ID), asPage, "")).Body.String()
	if !regexp.MustCompile(`data-testid="typed-answer">.*食べる.*tabero.*たべる.*Wrong`).MatchString(page) {
		t.Error("the session page does not list the typed answer tabero")
	}
	history := ts.do(request(http.MethodGet, fmt.Sprintf("/words/%d", word), asPage, "")).Body.String()
	if !strings.Contains(history, "tabero") {
		t.Error("the word's history does not show the typed answer")
	}
	fc := ts.startWith(1, flashcardsActivity, nil)
	if strings.Contains(ts.do(request(http.MethodGet, fmt.Sprintf("/study_sessions/%d", fc.ID), asPage, "")).Body.String(), "typed-answers") {
		t.Error("a Flashcards session lists typed answers")
	}
}
