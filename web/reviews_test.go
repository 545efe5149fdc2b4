package web

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
)

func TestRecordReviewSucceeds(t *testing.T) {
	for _, kind := range modes {
		for _, correct := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/correct=%v", kind, correct), func(t *testing.T) {
				ts := newTestServer(t)
				sess := ts.mustCreateSession(1, 1)
				word, _ := ts.wordIn(1)
				body := fmt.Sprintf("word_id=%d&correct=%v", word, correct)
				if kind == asJSON {
					body = fmt.Sprintf(`{"word_id": %d, "correct": %v}`, word, correct)
				}
				path := fmt.Sprintf("/study_sessions/%d", sess.ID)
				w := ts.do(request(http.MethodPost, path+"/review", kind, body))
				assertNegotiated(t, w, kind)

				var id, gotSession, gotWord int64
				var gotCorrect int
				var createdAt string
				if err := ts.raw.QueryRow(`SELECT id, study_session_id, word_id, correct, created_at FROM word_review_items`).
					Scan(&id, &gotSession, &gotWord, &gotCorrect, &createdAt); err != nil {
					t.Fatalf("the review row: %v", err)
				}
				if n := ts.count("word_review_items"); n != 1 {
					t.Fatalf("word_review_items has %d rows, want 1", n)
				}
				wantCorrect := 0
				if correct {
					wantCorrect = 1
				}
				if gotSession != sess.ID || gotWord != word || gotCorrect != wantCorrect {
					t.Errorf("row = (session %d, word %d, correct %d), want (%d, %d, %d)",
						gotSession, gotWord, gotCorrect, sess.ID, word, wantCorrect)
				}

				switch kind {
				case asJSON:
					if w.Code != http.StatusOK {
						t.Fatalf("status = %d, want 200\n%s", w.Code, w.Body)
					}
					got := decodeJSON(t, w)
					want := map[string]any{"id": float64(id), "study_session_id": float64(sess.ID),
						"word_id": float64(word), "correct": correct, "created_at": createdAt,
						"answer": nil, "expected": nil} // self-graded: nothing typed
					if len(got) != len(want) {
						t.Errorf("body = %v, want exactly the keys of %v", got, want)
					}
					for k, v := range want {
						if got[k] != v {
							t.Errorf("body[%q] = %v, want %v", k, got[k], v)
						}
					}
					if !createdAtPattern.MatchString(createdAt) {
						t.Errorf("created_at = %q, want RFC 3339 UTC with milliseconds", createdAt)
					}
				case asFragment:
					if w.Code != http.StatusOK {
						t.Fatalf("status = %d, want 200\n%s", w.Code, w.Body)
					}
					frag := w.Body.String()
					if !strings.HasPrefix(frag, `<section id="flashcard"`) {
						t.Errorf("fragment is not the next card:\n%s", frag)
					}
					if strings.Contains(frag, fmt.Sprintf(`data-testid="card-word" data-word-id="%d"`, word)) {
						t.Errorf("the next card shows the word just answered")
					}
					if !strings.Contains(frag, `data-testid="progress-text">2 of `) {
						t.Errorf("progress does not say the second card:\n%s", frag)
					}
					if !strings.Contains(frag, `hx-swap-oob="true"`) || !strings.Contains(frag, `data-testid="review-count">1<`) {
						t.Errorf("the session's review count is not updated out of band:\n%s", frag)
					}
				case asPage:
					if w.Code != http.StatusSeeOther {
						t.Fatalf("status = %d, want 303\n%s", w.Code, w.Body)
					}
					if got := w.Header().Get("Location"); got != path {
						t.Errorf("Location = %q, want %q", got, path)
					}
				}
			})
		}
	}
}

func TestRecordReviewRejectsBadInput(t *testing.T) {
	tests := []struct {
		name       string
		session    string // the :id of the address; "" for the session created
		json, form string // "-" skips that kind; {in} is a word of the group, {out} a word outside it
		status     int
		fields     map[string]string
		message    string
	}{
		{name: "id not a number", session: "abc", json: `{"word_id": {in}, "correct": true}`, form: "word_id={in}&correct=true",
			status: 400, message: "must be a positive integer"},
		{name: "id zero", session: "0", json: `{"word_id": {in}, "correct": true}`, form: "word_id={in}&correct=true",
			status: 400, message: "must be a positive integer"},
		{name: "id negative", session: "-4", json: `{"word_id": {in}, "correct": true}`, form: "word_id={in}&correct=true",
			status: 400, message: "must be a positive integer"},
		{name: "id overflow", session: "99999999999999999999", json: `{"word_id": {in}, "correct": true}`, form: "word_id={in}&correct=true",
			status: 400, message: "must be a positive integer"},
		{name: "no such session", session: "7", json: `{"word_id": {in}, "correct": true}`, form: "word_id={in}&correct=true",
			status: 404, message: "study session 7 not found"},
		{name: "both missing", json: `{}`, form: ``, status: 400,
			fields: map[string]string{"word_id": "is required", "correct": "is required"}},
		{name: "correct missing", json: `{"word_id": {in}}`, form: "word_id={in}", status: 400,
			fields: map[string]string{"correct": "is required"}},
		{name: "correct as string", json: `{"word_id": {in}, "correct": "yes"}`, form: "word_id={in}&correct=yes", status: 400,
			fields: map[string]string{"correct": "must be true"}},
		{name: "correct as number", json: `{"word_id": {in}, "correct": 1}`, form: "word_id={in}&correct=2", status: 400,
			fields: map[string]string{"correct": "must be true"}},
		{name: "correct null", json: `{"word_id": {in}, "correct": null}`, form: "-", status: 400,
			fields: map[string]string{"correct": "not null"}},
		{name: "correct as string true", json: `{"word_id": {in}, "correct": "true"}`, form: "word_id={in}&correct=TRUE", status: 400,
			fields: map[string]string{"correct": "must be true"}},
		{name: "word as string", json: `{"word_id": "{in}", "correct": true}`, form: "word_id=x{in}&correct=true", status: 400,
			fields: map[string]string{"word_id": "must be a positive integer"}},
		{name: "word zero", json: `{"word_id": 0, "correct": true}`, form: "word_id=0&correct=true", status: 400,
			fields: map[string]string{"word_id": "must be a positive integer"}},
		{name: "word overflow", json: `{"word_id": 18446744073709551616, "correct": true}`, form: "word_id=18446744073709551616&correct=true",
			status: 400, fields: map[string]string{"word_id": "is too large"}},
		{name: "word unknown", json: `{"word_id": 999999, "correct": true}`, form: "word_id=999999&correct=true", status: 400,
			fields: map[string]string{"word_id": "no word with id 999999"}},
		{name: "word outside the group", json: `{"word_id": {out}, "correct": false}`, form: "word_id={out}&correct=false", status: 400,
			fields: map[string]string{"word_id": "is not in this session's group"}},
		{name: "malformed", json: `{"word_id": {in}, "correct": tru}`, form: "-", status: 400, message: "not valid JSON"},
		{name: "trailing", json: `{"word_id": {in}, "correct": true}]`, form: "-", status: 400, message: "data after the JSON object"},
		{name: "empty body", json: ``, form: "-", status: 400, message: "the request body is empty"},
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
				sess := ts.mustCreateSession(1, 1)
				in, out := ts.wordIn(1)
				body := strings.NewReplacer("{in}", fmt.Sprint(in), "{out}", fmt.Sprint(out)).Replace(format)
				id := tt.session
				if id == "" {
					id = fmt.Sprint(sess.ID)
				}
				before := ts.snapshot()
				r := request(http.MethodPost, "/study_sessions/"+id+"/review", kind, body)
				if kind == asJSON {
					r.Header.Set("Content-Type", "application/json")
				}
				w := ts.do(r)
				assertNegotiated(t, w, kind)
				ts.assertUnchanged(before)
				if w.Code != tt.status {
					t.Fatalf("status = %d, want %d\n%s", w.Code, tt.status, w.Body)
				}
				text := w.Body.String()
				if kind == asJSON {
					got := decodeJSON(t, w)
					if msg, _ := got["error"].(string); msg == "" || !strings.Contains(msg, tt.message) {
						t.Errorf("error = %q, want it to contain %q", msg, tt.message)
					}
					if tt.fields != nil {
						fields, _ := got["fields"].(map[string]any)
						if len(fields) != len(tt.fields) {
							t.Errorf("fields = %v, want messages for %v", fields, tt.fields)
						}
						for name, want := range tt.fields {
							if msg, _ := fields[name].(string); !strings.Contains(msg, want) {
								t.Errorf("fields[%q] = %q, want it to contain %q", name, msg, want)
							}
						}
					}
					return
				}
				if !strings.Contains(text, `data-testid="error"`) || !strings.Contains(text, fmt.Sprintf(`data-status="%d"`, tt.status)) {
					t.Errorf("no error with status %d shown:\n%s", tt.status, text)
				}
				if !containsFold(text, tt.message) {
					t.Errorf("the answer does not say %q:\n%s", tt.message, text)
				}
				for name, want := range tt.fields {
					if !strings.Contains(text, html.EscapeString(want)) || !strings.Contains(text, name) {
						t.Errorf("the answer does not name %s with %q:\n%s", name, want, text)
					}
				}
			})
		}
	}
}

func TestRecordReviewDatabaseFailure(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			sess := ts.mustCreateSession(1, 1)
			word, _ := ts.wordIn(1)
			ts.store.Close()
			body := fmt.Sprintf("word_id=%d&correct=true", word)
			if kind == asJSON {
				body = fmt.Sprintf(`{"word_id": %d, "correct": true}`, word)
			}
			w := ts.do(request(http.MethodPost, fmt.Sprintf("/study_sessions/%d/review", sess.ID), kind, body))
			assertNegotiated(t, w, kind)
			if w.Code != http.StatusInternalServerError {
				t.Fatalf("status = %d, want 500\n%s", w.Code, w.Body)
			}
			if !strings.Contains(w.Body.String(), w.Header().Get("X-Request-Id")) {
				t.Errorf("the answer does not quote its request id")
			}
		})
	}
}
