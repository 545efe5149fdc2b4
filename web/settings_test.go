package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"langportal/db"
)

func TestSettingsPage(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			w := ts.do(request(http.MethodGet, "/settings", kind, ""))
			assertNegotiated(t, w, kind)
			if kind == asJSON {
				// SPEC Part two: the stored settings as JSON.
				if got := decodeJSON(t, w); w.Code != http.StatusOK || got["desired_retention"] != 0.9 {
					t.Errorf("status = %d, body %v; want 200 with desired_retention 0.9", w.Code, got)
				}
				return
			}
			body := w.Body.String()
			for _, want := range []string{`name="theme" value="system" checked`, `name="desired_retention"`, `action="/settings/reset_history"`,
				`hx-confirm="Delete every study session and review?`, `action="/settings/full_reset"`} {
				if !strings.Contains(body, want) {
					t.Errorf("settings lack %s", want)
				}
			}
		})
	}
}

func TestSaveTheme(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			body := "theme=dark"
			if kind == asJSON {
				body = `{"theme": "dark"}`
			}
			w := ts.do(request(http.MethodPost, "/settings/theme", kind, body))
			assertNegotiated(t, w, kind)
			cookie := w.Result().Cookies()
			if len(cookie) != 1 || cookie[0].Name != "theme" || cookie[0].Value != "dark" || !cookie[0].HttpOnly {
				t.Errorf("cookies = %v, want theme=dark, HttpOnly", cookie)
			}
			switch kind {
			case asJSON:
				if w.Code != http.StatusOK || decodeJSON(t, w)["theme"] != "dark" {
					t.Errorf("answer = %d %s", w.Code, w.Body)
				}
			case asFragment:
				if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("HX-Location"), "/settings?done=theme") {
					t.Errorf("answer = %d, HX-Location %q", w.Code, w.Header().Get("HX-Location"))
				}
			case asPage:
				if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/settings?done=theme" {
					t.Errorf("answer = %d to %q, want 303 to /settings?done=theme", w.Code, w.Header().Get("Location"))
				}
			}
		})
	}
	ts := newTestServer(t)
	w := ts.do(request(http.MethodPost, "/settings/theme", asJSON, `{"theme": "pink"}`))
	if w.Code != http.StatusBadRequest || len(w.Result().Cookies()) != 0 {
		t.Errorf("theme pink = %d with cookies %v, want 400 and no cookie", w.Code, w.Result().Cookies())
	}
}

func TestResetNeedsConfirmation(t *testing.T) {
	for _, path := range []string{"/settings/reset_history", "/settings/full_reset"} {
		for _, kind := range modes {
			for _, body := range []string{"", "confirm=false"} {
				t.Run(path+"/"+kind+"/"+body, func(t *testing.T) {
					ts := newTestServer(t)
					ts.history()
					if kind == asJSON {
						body = map[string]string{"": `{}`, "confirm=false": `{"confirm": false}`}[body]
					}
					before := ts.snapshot()
					words := ts.count("words")
					w := ts.do(request(http.MethodPost, path, kind, body))
					assertNegotiated(t, w, kind)
					ts.assertUnchanged(before)
					if ts.count("words") != words {
						t.Errorf("words were deleted without confirmation")
					}
					switch kind {
					case asJSON:
						fields, _ := decodeJSON(t, w)["fields"].(map[string]any)
						if w.Code != http.StatusBadRequest || fields["confirm"] == nil {
							t.Errorf("answer = %d %s, want 400 about confirm", w.Code, w.Body)
						}
					default:
						if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `data-testid="confirm-reset"`) ||
							!strings.Contains(w.Body.String(), `<input type="hidden" name="confirm" value="true">`) {
							t.Errorf("answer = %d, want a confirmation:\n%s", w.Code, w.Body)
						}
					}
				})
			}
		}
	}
}

func TestResetHistoryConfirmed(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			ts.history()
			words, groups := ts.count("words"), ts.count("groups")
			body := "confirm=true"
			if kind == asJSON {
				body = `{"confirm": true}`
			}
			w := ts.do(request(http.MethodPost, "/settings/reset_history", kind, body))
			assertNegotiated(t, w, kind)
			if n := ts.count("study_sessions") + ts.count("word_review_items"); n != 0 {
				t.Errorf("%d sessions and reviews are left", n)
			}
			if ts.count("words") != words || ts.count("groups") != groups {
				t.Errorf("reset history deleted words or groups")
			}
			var counted int
			ts.raw.QueryRow(`SELECT COUNT(*) FROM word_stats WHERE correct_count + wrong_count > 0`).Scan(&counted)
			if counted != 0 {
				t.Errorf("%d words still have review counts", counted)
			}
			switch kind {
			case asJSON:
				if w.Code != http.StatusOK || decodeJSON(t, w)["reset"] != "history" {
					t.Errorf("answer = %d %s, want {\"reset\": \"history\"}", w.Code, w.Body)
				}
			case asFragment:
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `data-testid="flash"`) {
					t.Errorf("answer = %d, want the settings with a message", w.Code)
				}
			case asPage:
				if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/settings?done=history" {
					t.Errorf("answer = %d to %q", w.Code, w.Header().Get("Location"))
				}
				page := ts.do(request(http.MethodGet, "/settings?done=history", asPage, "")).Body.String()
				if !strings.Contains(page, "History reset") {
					t.Errorf("the settings page does not say the history was reset")
				}
			}
		})
	}
}

func TestFullResetConfirmed(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			ts.history()
			words := ts.count("words")
			if _, err := ts.store.ImportWords(context.Background(), "Animals", []db.NewWord{{Japanese: "猫", Romaji: "neko", English: "cat"}}); err != nil {
				t.Fatal(err)
			}
			body := "confirm=1"
			if kind == asJSON {
				body = `{"confirm": true}`
			}
			w := ts.do(request(http.MethodPost, "/settings/full_reset", kind, body))
			assertNegotiated(t, w, kind)
			if ts.count("study_sessions") != 0 || ts.count("words") != words || ts.count("groups") != 3 {
				t.Errorf("after a full reset: %d sessions, %d words, %d groups; want 0, %d, 3",
					ts.count("study_sessions"), ts.count("words"), ts.count("groups"), words)
			}
			if kind == asJSON && decodeJSON(t, w)["reset"] != "full" {
				t.Errorf("answer = %s, want {\"reset\": \"full\"}", w.Body)
			}
		})
	}
}
