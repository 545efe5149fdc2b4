package web

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// field is a member of a JSON body, in the order a client writes it.
type field struct {
	name  string
	value any
}

// apiClient is how a kind of client sends its requests by default: the
// headers it adds to every request, how it writes a JSON body, and, for a
// browser, the origin it runs on.
type apiClient struct {
	name    string
	headers [][2]string // in the order the client sends them
	// jsonSpacing is Python's json.dumps default (", " and ": "); compact
	// (JSON.stringify) otherwise.
	jsonSpacing bool
	// origin, for a browser on another origin: it sends Origin and the
	// Sec-Fetch headers, and preflights a JSON post.
	origin string
}

// The requests are those the study apps written for the bootcamp send:
// Python requests 2.32 (json= for bodies), axios 1.x in Node, and fetch in
// Chromium from a page on another port.
var apiClients = []apiClient{
	{name: "python-requests", jsonSpacing: true, headers: [][2]string{
		{"User-Agent", "python-requests/2.32.3"}, {"Accept-Encoding", "gzip, deflate"}, {"Accept", "*/*"}, {"Connection", "keep-alive"},
	}},
	{name: "axios", headers: [][2]string{
		{"Accept", "application/json, text/plain, */*"}, {"User-Agent", "axios/1.7.9"},
		{"Accept-Encoding", "gzip, compress, deflate, br"}, {"Connection", "keep-alive"},
	}},
	{name: "fetch", origin: "http://localhost:5173", headers: [][2]string{
		{"Connection", "keep-alive"}, {"Accept", "*/*"}, {"Accept-Language", "en-US,en;q=0.9"},
		{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"},
		{"Accept-Encoding", "gzip, deflate, br, zstd"}, {"Referer", "http://localhost:5173/"},
	}},
}

// noRedirects shows a redirect as it is, to see what a client was told.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// ratesHTMLAsJSON reports whether the client's Accept rates HTML as high as
// JSON: axios's "application/json, text/plain, */*" does (through */*), so
// the negotiated addresses answer it as a browser (Part one), and /api is
// where it gets JSON.
func (c apiClient) ratesHTMLAsJSON() bool {
	for _, h := range c.headers {
		if h[0] == "Accept" {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header.Set("Accept", h[1])
			r.Header.Set("Content-Type", "application/json")
			m, _ := negotiate(r)
			return m != modeJSON
		}
	}
	return false
}

func (c apiClient) encode(fields ...field) string {
	var b strings.Builder
	sep, colon := ",", ":"
	if c.jsonSpacing {
		sep, colon = ", ", ": "
	}
	b.WriteString("{")
	for i, f := range fields {
		if i > 0 {
			b.WriteString(sep)
		}
		name, _ := json.Marshal(f.name)
		value, _ := json.Marshal(f.value)
		b.Write(name)
		b.WriteString(colon)
		b.Write(value)
	}
	b.WriteString("}")
	return b.String()
}

// send sends one request as the client does; body "" sends none (as
// requests.post(url) does: Content-Length 0 and no Content-Type).
func (c apiClient) send(t *testing.T, base, method, path, body string) (*http.Response, []byte) {
	t.Helper()
	if c.origin != "" && method == http.MethodPost && body != "" {
		c.preflight(t, base, path)
	}
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for _, h := range c.headers {
		req.Header.Set(h[0], h[1])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.origin != "" {
		req.Header.Set("Origin", c.origin)
		req.Header.Set("Sec-Fetch-Site", "same-site") // another port of localhost
		req.Header.Set("Sec-Fetch-Mode", "cors")
		req.Header.Set("Sec-Fetch-Dest", "empty")
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(resp.Body); err != nil {
			t.Fatal(err)
		}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if c.origin != "" && resp.Header.Get("Access-Control-Allow-Origin") != c.origin {
		t.Errorf("%s %s: got Access-Control-Allow-Origin %q, want %q: the page could not read the answer",
			method, path, resp.Header.Get("Access-Control-Allow-Origin"), c.origin)
	}
	return resp, data
}

// preflight asks, as Chromium does before a JSON post from another origin,
// whether the post may be sent.
func (c apiClient) preflight(t *testing.T, base, path string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodOptions, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "*/*")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	req.Header.Set("Origin", c.origin)
	req.Header.Set("Sec-Fetch-Mode", "cors")
	req.Header.Set("Sec-Fetch-Site", "same-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != c.origin ||
		!strings.Contains(strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")), "content-type") {
		t.Fatalf("preflight of POST %s: got %d %v, want it allowed", path, resp.StatusCode, resp.Header)
	}
}

// jsonAnswer checks that an answer is JSON with the status and decodes it.
func jsonAnswer(t *testing.T, what string, resp *http.Response, data []byte, status int) map[string]any {
	t.Helper()
	if resp.StatusCode != status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%s: got %d %q, want %d JSON\n%s", what, resp.StatusCode, resp.Header.Get("Content-Type"), status, data)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: got a body that is not a JSON object: %v\n%s", what, err, data)
	}
	return v
}

// TestBootcampAppsWorkUnchanged plays a bootcamp study app's calls with each
// client's own default requests: read a group's words (/api and the bare
// bootcamp path), start a session (both spellings), post reviews (both
// spellings and the negotiated path), a batch, an undo, the queue; every
// answer is JSON and the rows are the ones the app meant.
func TestBootcampAppsWorkUnchanged(t *testing.T) {
	for _, c := range apiClients {
		t.Run(c.name, func(t *testing.T) {
			ts := newServerWith(t, Options{Zone: time.UTC, TrustedOrigins: []string{"http://localhost:5173"}})
			srv := httptest.NewServer(ts.srv)
			defer srv.Close()
			var groupWords int
			if err := ts.raw.QueryRow(`SELECT COUNT(*) FROM word_groups WHERE group_id = 1`).Scan(&groupWords); err != nil {
				t.Fatal(err)
			}

			resp, data := c.send(t, srv.URL, "GET", "/api/groups/1/words/raw", "")
			raw := jsonAnswer(t, "GET /api/groups/1/words/raw", resp, data, 200)
			words, _ := raw["words"].([]any)
			if raw["group_id"] != 1.0 || raw["group_name"] != "Core Verbs" || len(words) != groupWords {
				t.Fatalf("got group %v %v with %d words, want 1 Core Verbs with all %d", raw["group_id"], raw["group_name"], len(words), groupWords)
			}
			first, _ := words[0].(map[string]any)
			for _, key := range []string{"id", "kanji", "reading", "romaji", "english", "parts"} {
				if _, ok := first[key]; !ok {
					t.Errorf("got a word without %q: %v", key, first)
				}
			}
			resp, bare := c.send(t, srv.URL, "GET", "/groups/1/words/raw", "")
			jsonAnswer(t, "GET /groups/1/words/raw", resp, bare, 200)
			if string(bare) != string(data) {
				t.Errorf("/groups/1/words/raw and /api/groups/1/words/raw differ")
			}
			wordA, wordB := int64(first["id"].(float64)), int64(words[1].(map[string]any)["id"].(float64))

			resp, data = c.send(t, srv.URL, "POST", "/api/study_sessions", c.encode(field{"group_id", 1}, field{"study_activity_id", 2}))
			session := int64(jsonAnswer(t, "POST /api/study_sessions", resp, data, 200)["id"].(float64))
			resp, data = c.send(t, srv.URL, "POST", "/api/study-sessions", c.encode(field{"group_id", 1}, field{"study_activity_id", 2}))
			dashed := int64(jsonAnswer(t, "POST /api/study-sessions", resp, data, 200)["id"].(float64))
			var started int
			if err := ts.raw.QueryRow(`SELECT COUNT(*) FROM study_sessions WHERE id IN (?, ?) AND group_id = 1 AND study_activity_id = 2`,
				session, dashed).Scan(&started); err != nil || started != 2 {
				t.Fatalf("got %d sessions of group 1 with activity 2 (%v), want 2", started, err)
			}

			sp := "/study_sessions/" + itoa(session)
			for _, post := range []struct {
				path    string
				word    int64
				correct bool
			}{
				{"/api" + sp + "/review", wordA, true},
				{"/api/study-sessions/" + itoa(session) + "/review", wordB, false},
				{sp + "/review", wordB, true},
			} {
				resp, data := c.send(t, srv.URL, "POST", post.path, c.encode(field{"word_id", post.word}, field{"correct", post.correct}))
				if !strings.HasPrefix(post.path, "/api/") && c.ratesHTMLAsJSON() {
					// Recorded, and answered as a browser's form post is.
					if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != sp {
						t.Errorf("POST %s: got %d to %q, want 303 to %s", post.path, resp.StatusCode, resp.Header.Get("Location"), sp)
					}
					continue
				}
				row := jsonAnswer(t, "POST "+post.path, resp, data, 200)
				if row["word_id"] != float64(post.word) || row["correct"] != post.correct || row["study_session_id"] != float64(session) {
					t.Errorf("POST %s: got %v", post.path, row)
				}
			}
			batch := fmt.Sprintf(`{"reviews": [{"word_id": %d, "correct": false}, {"word_id": %d, "correct": true}]}`, wordA, wordB)
			resp, data = c.send(t, srv.URL, "POST", "/api"+sp+"/reviews", batch)
			if items, _ := jsonAnswer(t, "POST reviews", resp, data, 200)["items"].([]any); len(items) != 2 {
				t.Errorf("got %d items from the batch, want 2", len(items))
			}
			resp, data = c.send(t, srv.URL, "POST", "/api"+sp+"/undo", "")
			undone, _ := jsonAnswer(t, "POST undo", resp, data, 200)["undone"].(map[string]any)
			if undone["word_id"] != float64(wordB) || undone["correct"] != true {
				t.Errorf("got undone %v, want the batch's last review", undone)
			}
			resp, data = c.send(t, srv.URL, "GET", "/api/review/queue?group_id=1&limit=5", "")
			if items, _ := jsonAnswer(t, "GET queue", resp, data, 200)["items"].([]any); len(items) != 5 {
				t.Errorf("got %d queue items, want 5", len(items))
			}

			type review struct {
				word    int64
				correct bool
			}
			var got []review
			rows, err := ts.raw.Query(`SELECT word_id, correct FROM word_review_items WHERE study_session_id = ? ORDER BY id`, session)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var r review
				if err := rows.Scan(&r.word, &r.correct); err != nil {
					t.Fatal(err)
				}
				got = append(got, r)
			}
			want := []review{{wordA, true}, {wordB, false}, {wordB, true}, {wordA, false}}
			if !slices.Equal(got, want) {
				t.Errorf("got reviews %v, want %v", got, want)
			}
		})
	}
}

// TestAPIIgnoresAccept: whatever Accept says (or HX-Request), /api answers
// JSON, errors too; the negotiated path answers a page to the same request,
// which is why API callers need /api.
func TestAPIIgnoresAccept(t *testing.T) {
	ts := newTestServer(t)
	session := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	for _, tt := range []struct {
		name    string
		headers map[string]string
	}{
		{"Accept */*", map[string]string{"Accept": "*/*"}},
		{"no Accept", map[string]string{}},
		{"a browser's Accept", map[string]string{"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}},
		{"an Accept with neither", map[string]string{"Accept": "image/png"}},
		{"an Accept refusing JSON", map[string]string{"Accept": "application/json;q=0, text/html"}},
		{"htmx", map[string]string{"HX-Request": "true"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				method, target, body, ctype string
				want                        int
			}{
				{"GET", "/api/words?per_page=1", "", "", 200},
				{"HEAD", "/api/words", "", "", 200},
				{"GET", "/api/groups/1/words/raw", "", "", 200},
				{"GET", "/groups/1/words/raw", "", "", 200},
				{"GET", "/api/words/999999", "", "", 404},
				{"GET", "/groups/999999/words/raw", "", "", 404},
				{"GET", "/api/nowhere", "", "", 404},
				{"PUT", "/api/words", "", "", 405},
				{"POST", "/api/study_sessions/" + itoa(session.ID) + "/review", "word_id=" + itoa(word) + "&correct=true", "application/x-www-form-urlencoded", 200},
				{"POST", "/api/study_sessions/" + itoa(session.ID) + "/review", "word_id=" + itoa(word), "application/x-www-form-urlencoded", 400},
				{"POST", "/api/study_sessions", "group_id=1", "multipart/form-data; boundary=x", 400},
				{"POST", "/api/study_sessions", `{"group_id": 1}`, "text/plain", 415},
				{"POST", "/api/settings/reset_history", "confirm=false", "application/x-www-form-urlencoded", 400},
			} {
				r := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
				for k, v := range tt.headers {
					r.Header.Set(k, v)
				}
				if c.ctype != "" {
					r.Header.Set("Content-Type", c.ctype)
				}
				w := ts.do(r)
				if w.Code != c.want || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
					t.Errorf("%s %s: got %d %q, want %d JSON\n%.300s", c.method, c.target, w.Code, w.Header().Get("Content-Type"), c.want, w.Body)
					continue
				}
				if c.method == "HEAD" {
					if w.Body.Len() != 0 {
						t.Errorf("HEAD %s: got a body", c.target)
					}
					continue
				}
				v := decodeJSON(t, w)
				if _, ok := v["fields"]; c.want == 400 && !ok {
					t.Errorf("%s %s: got %s, want the field messages", c.method, c.target, w.Body)
				}
			}
		})
	}
	// The same request as a browser at the negotiated address is a page.
	w := ts.do(request("GET", "/words", asPage, ""))
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Errorf("GET /words from a browser: got %q, want a page", w.Header().Get("Content-Type"))
	}
}

// TestAPIRefusesAsPartOneDoes: the security and body rules hold under /api,
// as JSON, and nothing is written.
func TestAPIRefusesAsPartOneDoes(t *testing.T) {
	ts := newTestServer(t)
	session := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	review := fmt.Sprintf(`{"word_id": %d, "correct": true}`, word)
	target := "/api/study-sessions/" + itoa(session.ID) + "/review"
	for _, tt := range []struct {
		name  string
		setup func(r *http.Request)
		body  string
		want  int
	}{
		{"a foreign Host", func(r *http.Request) { r.Host = "evil.example" }, review, 403},
		{"a cross-site browser", func(r *http.Request) {
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			r.Header.Set("Origin", "https://evil.example")
		}, review, 403},
		{"a same-site page on another port", func(r *http.Request) {
			r.Header.Set("Sec-Fetch-Site", "same-site")
			r.Header.Set("Origin", "http://localhost:5173")
		}, review, 403},
		{"a body over 64 KiB", nil, `{"word_id": 1, "correct": true, "x": "` + strings.Repeat("x", maxBodyBytes) + `"}`, 413},
		{"a malformed body", nil, `{"word_id": 1,`, 400},
		{"a bad Idempotency-Key", func(r *http.Request) { r.Header.Set("Idempotency-Key", "\x01") }, review, 400},
		{"a query with ';'", func(r *http.Request) { r.URL.RawQuery = "a=1;b=2" }, review, 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := ts.snapshot()
			r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(tt.body))
			r.Header.Set("Accept", "*/*")
			r.Header.Set("Content-Type", "application/json")
			if tt.setup != nil {
				tt.setup(r)
			}
			w := ts.do(r)
			if w.Code != tt.want || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
				t.Fatalf("got %d %q, want %d JSON\n%s", w.Code, w.Header().Get("Content-Type"), tt.want, w.Body)
			}
			if v := decodeJSON(t, w); v["error"] == nil {
				t.Errorf("got %s, want an error message", w.Body)
			}
			ts.assertUnchanged(before)
		})
	}
}

// TestAPIIdempotencyIsShared: a retry replays the first answer whichever
// spelling of the address it uses, since it is the same write.
func TestAPIIdempotencyIsShared(t *testing.T) {
	ts := newTestServer(t)
	session := ts.mustCreateSession(1, 1)
	word, _ := ts.wordIn(1)
	body := fmt.Sprintf(`{"word_id": %d, "correct": true}`, word)
	var first string
	for i, target := range []string{
		"/api/study_sessions/" + itoa(session.ID) + "/review",
		"/api/study-sessions/" + itoa(session.ID) + "/review",
		"/study_sessions/" + itoa(session.ID) + "/review",
	} {
		r := request(http.MethodPost, target, asJSON, body)
		r.Header.Set("Idempotency-Key", "retry-1")
		w := ts.do(r)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: got %d\n%s", target, w.Code, w.Body)
		}
		if i == 0 {
			first = w.Body.String()
			continue
		}
		if w.Body.String() != first || w.Header().Get(replayedHeader) != "true" {
			t.Errorf("%s: got %s (replayed %q), want the first answer replayed", target, w.Body, w.Header().Get(replayedHeader))
		}
	}
	if n := ts.count("word_review_items"); n != 1 {
		t.Errorf("got %d reviews, want 1", n)
	}
}
