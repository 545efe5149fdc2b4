package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// stubVoices replaces the page's speechSynthesis voices before the page's
// own scripts run: getVoices answers voices once delayMS have passed (then
// voiceschanged fires, as browsers that load voices late do), and speak
// records what it was asked to say in window.__spoken.
func (b *tab) stubVoices(voices []map[string]string, delayMS int) {
	b.t.Helper()
	list, _ := json.Marshal(voices)
	source := fmt.Sprintf(`(() => {
		window.__spoken = [];
		const s = window.speechSynthesis, voices = %s;
		let ready = %d === 0;
		s.getVoices = () => ready ? voices : [];
		s.speak = (u) => window.__spoken.push({text: u.text, lang: u.lang});
		s.cancel = () => {};
		if (!ready) setTimeout(() => { ready = true; s.dispatchEvent(new Event("voiceschanged")); }, %d);
	})()`, list, delayMS, delayMS)
	b.do("stub the voices", chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: source})
		return err
	}))
}

type spoken struct {
	Text string `json:"text"`
	Lang string `json:"lang"`
}

// TestBrowserListen: a study card has a Listen button and the key L only
// where the browser has a Japanese voice; without JavaScript, or with no
// Japanese voice, nothing of listening shows. L (and the button) say the
// word's reading in ja-JP, and only once the answer is shown.
func TestBrowserListen(t *testing.T) {
	srv := startServer(t)
	sess := postJSON(t, srv.url+"/study_sessions", map[string]any{"group_id": 1, "study_activity_id": 1})
	sessionURL := fmt.Sprintf("%s/study_sessions/%d", srv.url, int64(sess["id"].(float64)))
	for _, tc := range []struct {
		name       string
		javascript bool
		voices     []map[string]string
		delayMS    int
		shown      bool
	}{
		{"no-javascript", false, nil, 0, false},
		{"no-japanese-voice", true, []map[string]string{{"lang": "en-US", "name": "English"}}, 0, false},
		// Chromium headless itself usually has no voice at all.
		{"no-voice-stubbed", true, nil, -1, false},
		{"japanese-voice-late", true, []map[string]string{{"lang": "en-US", "name": "English"}, {"lang": "ja-JP", "name": "Kyoko"}}, 300, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTab(t, tc.javascript)
			b.viewport(desktop)
			if tc.delayMS >= 0 && tc.javascript {
				b.stubVoices(tc.voices, tc.delayMS)
			}
			b.do("open the card", chromedp.Navigate(sessionURL), chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-word"]`)))
			if tc.javascript {
				b.waitForHTMX()
			}
			// The reading the card should say.
			var word struct {
				Reading string `json:"reading"`
			}
			resp, err := http.Get(fmt.Sprintf("%s/api/words/%s", srv.url, b.attr(`[data-testid="card-word"]`, "data-word-id")))
			if err != nil {
				t.Fatal(err)
			}
			json.NewDecoder(resp.Body).Decode(&word)
			resp.Body.Close()
			if word.Reading == "" {
				t.Fatal("the card's word has no reading")
			}
			if got := b.attr(`[data-testid="listen"]`, "data-speak"); got != word.Reading {
				t.Errorf("the Listen button says %q, want the reading %q", got, word.Reading)
			}
			if tc.shown {
				get(b, "wait for the voices", chromedp.Poll[bool](`document.documentElement.dataset.voice === "ja"`))
				// Before the answer is shown, L says nothing.
				b.do("press L before the reveal", chromedp.KeyEvent("l"))
				if n := eval[int](b, `window.__spoken.length`); n != 0 {
					t.Errorf("L spoke %d times before the answer was shown", n)
				}
			}
			b.do("reveal", chromedp.Click(chromedp.CSS(`[data-testid="reveal"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] [data-testid="knew-it"]`)))
			if got := b.isShown(`[data-testid="listen"]`); got != tc.shown {
				t.Errorf("the Listen button shown = %v, want %v", got, tc.shown)
			}
			if got := b.isShown(`[data-testid="shortcut-hint"] .listen-only`); got != tc.shown {
				t.Errorf("the L key hint shown = %v, want %v", got, tc.shown)
			}
			b.screenshot("listen-" + tc.name)
			if !tc.javascript {
				return
			}
			b.do("press L", chromedp.KeyEvent("l"))
			got := eval[[]spoken](b, `window.__spoken || []`)
			if !tc.shown {
				if len(got) != 0 {
					t.Errorf("L spoke %v without a Japanese voice", got)
				}
				return
			}
			if want := (spoken{word.Reading, "ja-JP"}); len(got) != 1 || got[0] != want {
				t.Errorf("L spoke %v, want once %v", got, want)
			}
			b.do("click Listen", chromedp.Click(chromedp.CSS(`[data-testid="listen"]`)))
			if n := eval[int](b, `window.__spoken.length`); n != 2 {
				t.Errorf("after a click on Listen, %d utterances, want 2", n)
			}
			if n := srv.count(t, "word_review_items"); n != 0 {
				t.Errorf("listening recorded %d reviews", n)
			}
		})
	}
}
