package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"langportal/db"
)

// upload is a multipart POST /import as the kind of client sends it.
func upload(target, kind string, fields map[string]string, file string) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != "" {
		fw, _ := mw.CreateFormFile("file", "words.csv")
		fw.Write([]byte(file))
	}
	mw.Close()
	r := request(http.MethodPost, target, kind, buf.String())
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

const wordsCSV = "japanese,reading,english\n学校,がっこう,school\n食べる,たべる,to eat\n"

func TestImport(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			words := ts.count("words")
			// The preview writes nothing.
			w := ts.do(upload("/import?dry_run=true", kind, map[string]string{"group": "School"}, wordsCSV))
			assertNegotiated(t, w, kind)
			if w.Code != http.StatusOK || ts.count("words") != words || ts.count("groups WHERE name = 'School'") != 0 {
				t.Fatalf("preview: %d %s, or it wrote", w.Code, w.Body)
			}
			var token string
			if kind == asJSON {
				var rep db.ImportReport
				json.Unmarshal(w.Body.Bytes(), &rep)
				if rep.Added != 1 || rep.Reused != 1 || len(rep.Rows) != 2 || rep.Rows[0].Romaji != "gakkou" || rep.GroupID != 0 {
					t.Errorf("preview = %+v", rep)
				}
			} else {
				body := w.Body.String()
				for _, want := range []string{`data-testid="preview-new">1<`, `data-testid="preview-known">1<`, "がっこう", `data-testid="import-confirm"`} {
					if !strings.Contains(body, want) {
						t.Errorf("the preview lacks %s", want)
					}
				}
				m := regexp.MustCompile(`name="upload" value="([0-9a-f]{32})"`).FindStringSubmatch(body)
				if m == nil {
					t.Fatalf("the preview keeps no file for the Import:\n%s", body)
				}
				token = m[1]
			}
			// Import: the same file again (JSON), or the one the preview kept.
			if kind == asJSON {
				w = ts.do(upload("/import", kind, map[string]string{"group": "School"}, wordsCSV))
			} else {
				w = ts.do(upload("/import", kind, map[string]string{"group": "School", "upload": token}, ""))
			}
			if w.Code != http.StatusOK {
				t.Fatalf("import: %d %s", w.Code, w.Body)
			}
			var gid int64
			if err := ts.raw.QueryRow(`SELECT id FROM groups WHERE name = 'School'`).Scan(&gid); err != nil {
				t.Fatal(err)
			}
			if ts.count("words") != words+1 || ts.count(fmt.Sprintf("word_groups WHERE group_id = %d", gid)) != 2 {
				t.Errorf("after the import: %d words, group of %d", ts.count("words"), ts.count(fmt.Sprintf("word_groups WHERE group_id = %d", gid)))
			}
			if kind == asJSON {
				got := decodeJSON(t, w)
				for _, key := range []string{"group_id", "added", "reused", "errors", "rows"} {
					if _, ok := got[key]; !ok {
						t.Errorf("the answer lacks %q: %v", key, got)
					}
				}
				if got["group_id"] != float64(gid) || got["added"] != float64(1) || got["reused"] != float64(1) {
					t.Errorf("answer = %v", got)
				}
			} else if !strings.Contains(w.Body.String(), `data-testid="import-done"`) {
				t.Errorf("no result shown:\n%s", w.Body)
			}
		})
	}
}

func TestImportRefused(t *testing.T) {
	tests := []struct {
		name   string
		fields map[string]string
		file   string
		status int
		says   string
	}{
		{"a row with problems", map[string]string{"group": "G"}, "japanese,reading,english\n猫,ねこ,cat\n犬,inu,dog\n", http.StatusBadRequest, "Line 3"},
		{"not a word file", map[string]string{"group": "G"}, "\x00\x01binary", http.StatusBadRequest, "not a word file"},
		{"columns missing", map[string]string{"group": "G"}, "front,back\n猫,cat\n", http.StatusBadRequest, "front"},
		{"broken UTF-8", map[string]string{"group": "G"}, "japanese,romaji,english\n猫,neko,cat\n\xff,x,y\n", http.StatusBadRequest, "3"},
		{"no file", map[string]string{"group": "G"}, "", http.StatusBadRequest, "file"},
		{"no group", nil, wordsCSV, http.StatusBadRequest, "group"},
		{"unknown group", map[string]string{"group_id": "999"}, wordsCSV, http.StatusBadRequest, "no group with id 999"},
		{"a kept file that is not", map[string]string{"group": "G", "upload": "../../etc/passwd"}, "", http.StatusBadRequest, "no longer kept"},
	}
	for _, tt := range tests {
		for _, kind := range modes {
			t.Run(tt.name+"/"+kind, func(t *testing.T) {
				ts := newTestServer(t)
				words, groups := ts.count("words"), ts.count("groups")
				w := ts.do(upload("/import", kind, tt.fields, tt.file))
				assertNegotiated(t, w, kind)
				says := tt.says
				if kind == asJSON && says == "Line 3" {
					says = `"line":3`
				}
				if w.Code != tt.status || !strings.Contains(w.Body.String(), says) {
					t.Errorf("got %d %s, want %d saying %q", w.Code, w.Body, tt.status, tt.says)
				}
				if ts.count("words") != words || ts.count("groups") != groups {
					t.Error("a refused import wrote")
				}
				if kind == asJSON && tt.status == http.StatusBadRequest && tt.file != "" && tt.fields["group"] != "" {
					// The same body as a success, with the problems.
					if got := decodeJSON(t, w); got["errors"] == nil || got["rows"] == nil {
						t.Errorf("answer = %v, want the report with its errors", got)
					}
				}
			})
		}
	}
}

// The upload has its own limit: 16 MiB, where every other route keeps 64 KiB.
func TestImportBodyLimit(t *testing.T) {
	ts := newTestServer(t)
	big := "japanese,romaji,english\n" + strings.Repeat("猫,neko,cat\n", 100_000) // 1.3 MB: over 64 KiB
	w := ts.do(upload("/import?dry_run=true", asJSON, map[string]string{"group": "G"}, big))
	if w.Code != http.StatusOK {
		t.Errorf("a 1.3 MB file: %d %s, want 200", w.Code, w.Body.String()[:min(200, w.Body.Len())])
	}
	huge := strings.Repeat("x", 16<<20+1)
	w = ts.do(upload("/import", asJSON, map[string]string{"group": "G"}, huge))
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "16 MiB") {
		t.Errorf("a 16 MiB file: %d %s, want 413", w.Code, w.Body)
	}
	if w := ts.do(request(http.MethodPost, "/words", asJSON, `{"japanese": "`+strings.Repeat("x", 70<<10)+`"}`)); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("POST /words over 64 KiB: %d, want 413", w.Code)
	}
}

func TestExports(t *testing.T) {
	ts := newTestServer(t)
	ts.history()
	for _, tt := range []struct {
		path, contentType, starts string
	}{
		{"/export/words.csv", "text/csv", "japanese,reading,romaji,english,parts\n"},
		{"/export/words.csv?group_id=2", "text/csv", "japanese,reading,romaji,english,parts\n大きい,おおきい,ookii,big,"},
		{"/export/words.json", "application/json", "[\n"},
		{"/export/reviews.csv", "text/csv", "card_id,review_time,review_rating,review_state,review_duration\n1,"},
		{"/export/backup", "application/vnd.sqlite3", "SQLite format 3\x00"},
	} {
		w := ts.do(request(http.MethodGet, tt.path, asPage, ""))
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), tt.contentType) ||
			!strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment; filename=\"langportal-") ||
			!strings.HasPrefix(w.Body.String(), tt.starts) {
			t.Errorf("%s: %d %q %q, body %.60q", tt.path, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"), w.Body.String())
		}
	}
	for _, path := range []string{"/export/words.csv?group_id=999", "/export/reviews.csv?group_id=999"} {
		if w := ts.do(request(http.MethodGet, path, asJSON, "")); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, w.Code)
		}
	}
	if w := ts.do(request(http.MethodGet, "/export/words.csv?group_id=x", asJSON, "")); w.Code != http.StatusBadRequest {
		t.Errorf("group_id=x: %d, want 400", w.Code)
	}
	head := ts.do(request(http.MethodHead, "/export/backup", asPage, ""))
	if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Content-Disposition") == "" {
		t.Errorf("HEAD /export/backup: %d", head.Code)
	}
	for _, kind := range modes {
		w := ts.do(request(http.MethodGet, "/export", kind, ""))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "/export/backup") {
			t.Errorf("/export as %s: %d", kind, w.Code)
		}
	}
}

// The backup the browser downloads is a database that Open opens as it is.
func TestBackupDownloadOpens(t *testing.T) {
	ts := newTestServer(t)
	ts.history()
	w := ts.do(request(http.MethodGet, "/export/backup", asPage, ""))
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, w.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer b.Close()
	list, err := b.ListStudySessions(context.Background(), db.ListQuery{})
	if err != nil || list.Pagination.TotalItems != ts.count("study_sessions") {
		t.Errorf("backup sessions: %+v %v, want %d", list.Pagination, err, ts.count("study_sessions"))
	}
}

// Export → import through the routes, into a fresh portal whose vocabulary
// was emptied: every group comes back with the same words, readings and
// parts.
func TestExportImportRoundTripThroughTheRoutes(t *testing.T) {
	src := newTestServer(t)
	src.do(request(http.MethodPost, "/words", asJSON, `{"japanese": "今日", "reading": "きょう", "romaji": "kyou", "english": "today", "group_ids": [3]}`))
	dst := newTestServer(t)
	emptyVocabulary(t, dst)
	snapshot := func(ts *testServer) string {
		rows, err := ts.raw.Query(`SELECT g.name, w.japanese, w.reading, w.romaji, w.english, w.parts FROM groups g
			JOIN word_groups wg ON wg.group_id = g.id JOIN words w ON w.id = wg.word_id ORDER BY 1, 2, 4, 5`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var a, b1, c, d, e, f string
			rows.Scan(&a, &b1, &c, &d, &e, &f)
			fmt.Fprintln(&b, a, b1, c, d, e, f)
		}
		return b.String()
	}
	for id, name := range map[int64]string{1: "Core Verbs", 2: "Core Adjectives", 3: "Greetings and Everyday Phrases"} {
		file := src.do(request(http.MethodGet, fmt.Sprintf("/export/words.json?group_id=%d", id), asPage, "")).Body.String()
		if w := dst.do(upload("/import", asJSON, map[string]string{"group": name}, file)); w.Code != http.StatusOK {
			t.Fatalf("import %s: %d %s", name, w.Code, w.Body)
		}
	}
	if got, want := snapshot(dst), snapshot(src); got != want {
		t.Errorf("after the round trip:\n%s\nwant:\n%s", got, want)
	}
}

// emptyVocabulary deletes every word and group of a test server's portal.
func emptyVocabulary(t *testing.T, ts *testServer) {
	t.Helper()
	for _, g := range []int64{1, 2, 3} {
		if w := ts.do(request(http.MethodDelete, fmt.Sprintf("/groups/%d?confirm=true", g), asJSON, "")); w.Code != http.StatusOK {
			t.Fatalf("delete group %d: %d %s", g, w.Code, w.Body)
		}
	}
	list, err := ts.store.ListWords(context.Background(), db.ListQuery{PerPage: db.MaxPerPage})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range list.Items {
		if _, err := ts.store.DeleteWord(context.Background(), w.ID, true); err != nil {
			t.Fatal(err)
		}
	}
}
