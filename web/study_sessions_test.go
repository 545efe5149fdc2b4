package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var createdAtPattern = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func TestCreateStudySessionSucceeds(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			body := "group_id=2&study_activity_id=1"
			if kind == asJSON {
				body = `{"group_id": 2, "study_activity_id": 1}`
			}
			w := ts.do(request(http.MethodPost, "/study_sessions", kind, body))
			assertNegotiated(t, w, kind)

			if got := ts.count("study_sessions"); got != 1 {
				t.Fatalf("study_sessions has %d rows, want 1", got)
			}
			var id, group, activity int64
			var createdAt string
			if err := ts.raw.QueryRow(`SELECT id, group_id, study_activity_id, created_at FROM study_sessions`).
				Scan(&id, &group, &activity, &createdAt); err != nil {
				t.Fatal(err)
			}
			if group != 2 || activity != 1 {
				t.Errorf("row has group %d, activity %d; want 2, 1", group, activity)
			}
			path := fmt.Sprintf("/study_sessions/%d", id)

			switch kind {
			case asJSON:
				if w.Code != http.StatusOK {
					t.Fatalf("status = %d, want 200\n%s", w.Code, w.Body)
				}
				if got := w.Header().Get("Location"); got != path {
					t.Errorf("Location = %q, want %q", got, path)
				}
				got := decodeJSON(t, w)
				want := map[string]any{"id": float64(id), "group_id": float64(2), "study_activity_id": float64(1), "created_at": createdAt}
				if len(got) != len(want)+1 {
					t.Errorf("body has keys %v, want exactly %v and options", got, want)
				}
				if options, _ := json.Marshal(got["options"]); string(options) != `{"direction":"ja-en","round_size":"all"}` {
					t.Errorf("options = %s, want Flashcards' defaults", options)
				}
				for k, v := range want {
					if got[k] != v {
						t.Errorf("body[%q] = %v, want %v", k, got[k], v)
					}
				}
				if !createdAtPattern.MatchString(createdAt) {
					t.Errorf("created_at = %q, want RFC 3339 UTC with three fraction digits", createdAt)
				}
			case asFragment:
				if w.Code != http.StatusOK {
					t.Fatalf("status = %d, want 200\n%s", w.Code, w.Body)
				}
				want := fmt.Sprintf(`{"path":%q,"target":"#main"}`, path)
				if got := w.Header().Get("HX-Location"); got != want {
					t.Errorf("HX-Location = %q, want %q", got, want)
				}
				if w.Header().Get("Location") != "" {
					t.Errorf("htmx got a Location header: it must never be redirected")
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

func TestCreateStudySessionRejectsBadInput(t *testing.T) {
	tests := []struct {
		name       string
		json, form string            // the body in JSON and as a form; "-" skips that kind
		fields     map[string]string // field → part of its message
		message    string            // part of the error message, when no field is at fault
	}{
		// Whether a group is required depends on the activity (Review studies
		// all groups): without one, only the activity is named.
		{name: "both missing", json: `{}`, form: ``,
			fields: map[string]string{"study_activity_id": "is required"}},
		{name: "group missing", json: `{"study_activity_id": 1}`, form: `study_activity_id=1`,
			fields: map[string]string{"group_id": "is required"}},
		{name: "group empty", json: "-", form: `group_id=&study_activity_id=1`,
			fields: map[string]string{"group_id": "is required"}},
		{name: "id as string", json: `{"group_id": "1", "study_activity_id": 1}`, form: `group_id=one&study_activity_id=1`,
			fields: map[string]string{"group_id": "must be a positive integer"}},
		{name: "null", json: `{"group_id": null, "study_activity_id": 1}`, form: "-",
			fields: map[string]string{"group_id": "is required"}},
		{name: "boolean", json: `{"group_id": true, "study_activity_id": 1}`, form: "-",
			fields: map[string]string{"group_id": "must be a positive integer, not a boolean"}},
		{name: "array", json: `{"group_id": [1], "study_activity_id": 1}`, form: "-",
			fields: map[string]string{"group_id": "must be a positive integer, not an array"}},
		{name: "zero", json: `{"group_id": 0, "study_activity_id": 1}`, form: `group_id=0&study_activity_id=1`,
			fields: map[string]string{"group_id": "must be a positive integer"}},
		{name: "negative", json: `{"group_id": -3, "study_activity_id": 1}`, form: `group_id=-3&study_activity_id=1`,
			fields: map[string]string{"group_id": "must be a positive integer"}},
		{name: "fraction", json: `{"group_id": 1.5, "study_activity_id": 1}`, form: `group_id=1.5&study_activity_id=1`,
			fields: map[string]string{"group_id": "must be a positive integer"}},
		{name: "exponent", json: `{"group_id": 1e2, "study_activity_id": 1}`, form: `group_id=1e2&study_activity_id=1`,
			fields: map[string]string{"group_id": "must be a positive integer"}},
		{name: "overflow", json: `{"group_id": 9223372036854775808, "study_activity_id": 1}`,
			form:   `group_id=99999999999999999999&study_activity_id=1`,
			fields: map[string]string{"group_id": "is too large"}},
		{name: "negative overflow", json: `{"group_id": -9223372036854775809, "study_activity_id": 1}`, form: "-",
			fields: map[string]string{"group_id": "must be a positive integer"}},
		{name: "given twice", json: "-", form: `group_id=1&group_id=2&study_activity_id=1`,
			fields: map[string]string{"group_id": "must be given once"}},
		{name: "padded", json: "-", form: `group_id=+1&study_activity_id=%201`,
			fields: map[string]string{"group_id": "must be a positive integer", "study_activity_id": "must be a positive integer"}},
		{name: "unknown group", json: `{"group_id": 99, "study_activity_id": 1}`, form: `group_id=99&study_activity_id=1`,
			fields: map[string]string{"group_id": "no group with id 99"}},
		{name: "unknown activity", json: `{"group_id": 1, "study_activity_id": 77}`, form: `group_id=1&study_activity_id=77`,
			fields: map[string]string{"study_activity_id": "no study activity with id 77"}},
		{name: "unknown both", json: `{"group_id": 99, "study_activity_id": 77}`, form: `group_id=99&study_activity_id=77`,
			fields: map[string]string{"group_id": "no group with id 99", "study_activity_id": "no study activity with id 77"}},
		{name: "malformed JSON", json: `{"group_id": 1,`, form: "-", message: "not valid JSON"},
		{name: "syntax error", json: `{"group_id": 1 "study_activity_id": 1}`, form: "-", message: "not valid JSON"},
		{name: "trailing JSON", json: `{"group_id": 1, "study_activity_id": 1} {}`, form: "-", message: "data after the JSON object"},
		{name: "trailing garbage", json: `{"group_id": 1, "study_activity_id": 1}x`, form: "-", message: "data after the JSON object"},
		{name: "not an object", json: `[1, 1]`, form: "-", message: "must be a JSON object"},
		{name: "JSON null", json: `null`, form: "-", message: "must be a JSON object"},
		{name: "empty JSON body", json: ` `, form: "-", message: "the request body is empty"},
		{name: "bad form encoding", json: "-", form: `group_id=%zz&study_activity_id=1`, message: "could not be read"},
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
				r := request(http.MethodPost, "/study_sessions", kind, body)
				if kind == asJSON {
					r.Header.Set("Content-Type", "application/json") // even for an empty body
				}
				w := ts.do(r)
				assertNegotiated(t, w, kind)
				ts.assertUnchanged(before)
				if w.Code != http.StatusBadRequest {
					t.Fatalf("status = %d, want 400\n%s", w.Code, w.Body)
				}
				switch kind {
				case asJSON:
					got := decodeJSON(t, w)
					fields, ok := got["fields"].(map[string]any)
					if !ok {
						t.Fatalf("body has no fields object: %v", got)
					}
					if len(fields) != len(tt.fields) {
						t.Errorf("fields = %v, want messages for %v", fields, tt.fields)
					}
					for name, want := range tt.fields {
						if msg, _ := fields[name].(string); !strings.Contains(msg, want) {
							t.Errorf("fields[%q] = %q, want it to contain %q", name, msg, want)
						}
					}
					if msg, _ := got["error"].(string); !strings.Contains(msg, tt.message) || msg == "" {
						t.Errorf("error = %q, want it to contain %q", msg, tt.message)
					}
				default:
					page := w.Body.String()
					if !strings.Contains(page, `id="launch-form"`) {
						t.Errorf("the launch form is not re-rendered:\n%s", page)
					}
					for name, want := range tt.fields {
						if !strings.Contains(page, `data-testid="`+name+`-error">`) || !strings.Contains(page, want) {
							t.Errorf("no message %q beside %s:\n%s", want, name, page)
						}
					}
					if !containsFold(page, tt.message) {
						t.Errorf("page does not say %q", tt.message)
					}
					if kind == asPage && !strings.Contains(page, "<h1>") {
						t.Errorf("the launch page is not re-rendered around the form")
					}
				}
			})
		}
	}
}

func TestLaunchFormKeepsEnteredValues(t *testing.T) {
	ts := newTestServer(t)
	w := ts.do(request(http.MethodPost, "/study_sessions", asPage, "group_id=2&study_activity_id=77"))
	if w.Code != http.StatusBadRequest {
		t.Fatalf("status = %d, want 400", w.Code)
	}
	page := w.Body.String()
	if !regexp.MustCompile(`<option value="2" selected>`).MatchString(page) {
		t.Errorf("group 2 is not selected in the re-rendered form:\n%s", page)
	}
	if !strings.Contains(page, `<select id="study_activity_id"`) {
		t.Errorf("an unknown activity should be chosen again in the form:\n%s", page)
	}
}

func TestCreateStudySessionUnsupportedContentType(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			before := ts.snapshot()
			r := request(http.MethodPost, "/study_sessions", kind, "group_id=1&study_activity_id=1")
			r.Header.Set("Content-Type", "text/plain")
			w := ts.do(r)
			assertNegotiated(t, w, kind)
			ts.assertUnchanged(before)
			if w.Code != http.StatusUnsupportedMediaType {
				t.Fatalf("status = %d, want 415\n%s", w.Code, w.Body)
			}
		})
	}
}

func TestCreateStudySessionDatabaseFailure(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			ts.store.Close() // every write now fails inside the store
			body := "group_id=1&study_activity_id=1"
			if kind == asJSON {
				body = `{"group_id": 1, "study_activity_id": 1}`
			}
			w := ts.do(request(http.MethodPost, "/study_sessions", kind, body))
			assertNegotiated(t, w, kind)
			if w.Code != http.StatusInternalServerError {
				t.Fatalf("status = %d, want 500\n%s", w.Code, w.Body)
			}
			requestID := w.Header().Get("X-Request-Id")
			if requestID == "" {
				t.Fatal("no X-Request-Id header")
			}
			if !strings.Contains(w.Body.String(), requestID) {
				t.Errorf("the answer does not quote request id %s:\n%s", requestID, w.Body)
			}
			if !strings.Contains(ts.logs.String(), requestID) {
				t.Errorf("the log does not carry request id %s", requestID)
			}
			if kind == asJSON {
				if got := decodeJSON(t, w)["error"]; got != "internal error" {
					t.Errorf(`error = %q, want "internal error"`, got)
				}
			}
		})
	}
}
