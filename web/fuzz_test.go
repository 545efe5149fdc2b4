package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The fuzz targets' seed corpora run in every `go test`; `make fuzz` runs
// each target for a bounded time.

func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"word_id": 1, "correct": true}`, `{"group_id": 2, "study_activity_id": 1}`, `{}`, `[]`, `null`, ``,
		`{"word_id": "1", "correct": "yes"}`, `{"word_id": 1e3, "correct": 1}`, `{"word_id": -0, "correct": false}`,
		`{"word_id": 99999999999999999999}`, `{"a":1} {"b":2}`, `{"word_id": 1,`, "\xff\xfe", `{"word_id":1,"word_id":2}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := decodeJSONBody(bytes.NewReader(data))
		if err != nil {
			var invalid *validationError
			if !errors.As(err, &invalid) {
				t.Fatalf("a bad body gave %T %v, want a validation error", err, err)
			}
			return
		}
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		if in, err := decodeReview(r, 1, b, time.Now()); err == nil && in.wordID <= 0 {
			t.Fatalf("accepted word_id %d", in.wordID)
		}
		if in, err := decodeStartSession(r, b, time.Now()); err == nil && (in.groupID <= 0 || in.activityID <= 0) {
			t.Fatalf("accepted ids %d, %d", in.groupID, in.activityID)
		}
	})
}

func FuzzDecodeForm(f *testing.F) {
	for _, seed := range []string{
		"word_id=1&correct=true", "group_id=1&study_activity_id=2", "", "word_id=&correct=", "word_id=%zz",
		"word_id=1&word_id=2&correct=1", "group_id=+1", "group_id=0x10", "correct=TRUE", "idempotency_key=%00",
		"group_id=1&study_activity_id=1&idempotency_key=" + strings.Repeat("k", 300),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, form string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		b, err := decodeBody(r)
		if err != nil {
			return
		}
		if in, err := decodeReview(r, 1, b, time.Now()); err == nil {
			if in.wordID <= 0 {
				t.Fatalf("accepted word_id %d", in.wordID)
			}
			if k := in.idem.Key; len(k) > 255 {
				t.Fatalf("accepted a key of %d bytes", len(k))
			}
		}
		if in, err := decodeStartSession(r, b, time.Now()); err == nil && (in.groupID <= 0 || in.activityID <= 0) {
			t.Fatalf("accepted ids %d, %d", in.groupID, in.activityID)
		}
	})
}

// FuzzHandlers sends arbitrary requests through the whole router: never a
// 5xx, never a leak, and nothing written unless the answer is a success.
func FuzzHandlers(f *testing.F) {
	seeds := []struct {
		method, target, contentType, accept string
		hx                                  bool
		body                                string
	}{
		{"POST", "/study_sessions", "application/json", "application/json", false, `{"group_id": 1, "study_activity_id": 1}`},
		{"POST", "/study_sessions", "application/x-www-form-urlencoded", "text/html", false, "group_id=1&study_activity_id=1"},
		{"POST", "/study_sessions/1/review", "application/json", "", false, `{"word_id": 1, "correct": true}`},
		{"POST", "/study_sessions/1/review", "application/x-www-form-urlencoded", "", true, "word_id=2&correct=false"},
		{"POST", "/study_sessions/1/review", "multipart/form-data; boundary=x", "", false, "--x\r\nContent-Disposition: form-data; name=\"word_id\"\r\n\r\n3\r\n--x--\r\n"},
		{"GET", "/words?sort=correct&order=desc&page=2&per_page=7", "", "application/json", false, ""},
		{"GET", "/study_sessions/1?retry=missed", "", "", true, ""},
		{"GET", "/groups/1/words", "", "application/*", false, ""},
		{"POST", "/settings/reset_history", "application/json", "application/json", false, `{"confirm": "yes"}`},
		{"POST", "/settings/theme", "application/x-www-form-urlencoded", "", false, "theme=dark"},
		{"PUT", "/words/1", "text/plain", "*/*", false, "x"},
		{"GET", "/dashboard", "", "image/png;q=0", false, ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.contentType, s.accept, s.hx, s.body)
	}
	ts := newTestServer(f)
	ts.mustCreateSession(1, 1)
	f.Fuzz(func(t *testing.T, method, target, contentType, accept string, hx bool, body string) {
		ts.t = t // iterations run one at a time in each fuzzing process
		u, err := url.ParseRequestURI(target)
		if err != nil || !strings.HasPrefix(target, "/") || strings.ContainsAny(method, " \t\r\n") || method == "" || method == "CONNECT" {
			return
		}
		r, err := http.NewRequest(method, u.String(), strings.NewReader(body))
		if err != nil {
			return
		}
		r.Host = "example.com"
		r.RequestURI = u.RequestURI()
		for k, v := range map[string]string{"Content-Type": contentType, "Accept": accept} {
			if v != "" && !strings.ContainsAny(v, "\r\n") {
				r.Header.Set(k, v)
			}
		}
		if hx {
			r.Header.Set("HX-Request", "true")
		}
		before := ts.snapshot()
		w := ts.do(r)
		if w.Code >= 500 {
			t.Fatalf("%s %s = %d\n%s", method, target, w.Code, w.Body)
		}
		assertNoLeak(t, w.Body.String())
		success := w.Code == http.StatusOK || w.Code == http.StatusSeeOther
		if method != http.MethodGet && !success {
			after := ts.snapshot()
			for table, n := range before {
				if after[table] != n {
					t.Fatalf("%s %s = %d but %s went from %d to %d rows", method, target, w.Code, table, n, after[table])
				}
			}
		}
	})
}
