package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Study modes in a real browser: a Typing round with JavaScript (wanakana
// turns typed romaji into kana) and without (the server converts it), and
// an English → Japanese Flashcards round of 10 words.

// seedWords maps the seed words' romaji to their id and English.
func seedWords(t *testing.T, s *server) (ids map[string]int, english map[int]string) {
	t.Helper()
	var list struct {
		Items []struct {
			ID      int
			Romaji  string
			English string
		}
	}
	getJSON(t, s.url+"/words?per_page=500", &list)
	ids, english = map[string]int{}, map[int]string{}
	for _, w := range list.Items {
		ids[w.Romaji] = w.ID
		english[w.ID] = w.English
	}
	return ids, english
}

// modeShots saves the page at desktop and phone, light and dark, when
// LANGPORTAL_SCREENSHOTS names a folder, and puts the desktop light view back.
func (b *tab) modeShots(name string) {
	b.t.Helper()
	dir := os.Getenv("LANGPORTAL_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	for _, scheme := range []string{"light", "dark"} {
		for view, size := range map[string][2]int64{"desktop": {1280, 900}, "phone": {390, 844}} {
			b.viewport(size)
			b.colourScheme(scheme)
			png := get(b, "screenshot", chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", name, view, scheme)), png, 0o644); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	b.viewport(desktop)
	b.colourScheme("light")
}

// colourScheme makes the page see the system's light or dark preference.
func (b *tab) colourScheme(scheme string) {
	b.t.Helper()
	b.do("colour scheme "+scheme, chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	}))
}

func TestBrowserTypingRound(t *testing.T) {
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript", false: "no-javascript"}[javascript]
		t.Run(name, func(t *testing.T) {
			srv := startServer(t)
			ids, _ := seedWords(t, srv)
			group := postJSON(t, srv.url+"/groups", map[string]any{"name": "Typing two"})
			groupID := int(group["id"].(float64))
			postJSON(t, fmt.Sprintf("%s/groups/%d/words", srv.url, groupID), map[string]any{"word_ids": []int{ids["taberu"], ids["nomu"]}})

			b := newTab(t, javascript)
			b.do("open Typing", chromedp.Navigate(srv.url+"/typing"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="launch-options"]`)))
			if javascript {
				hasVoice := eval[bool](b, `speechSynthesis.getVoices().some(v => /^ja/i.test(v.lang))`)
				offered := eval[bool](b, `!document.querySelector('[data-testid="prompt-listening"]').closest('label').hidden`)
				if offered != hasVoice {
					t.Errorf("listening offered %v with a Japanese voice %v", offered, hasVoice)
				}
			} else if b.isShown(`[data-testid="prompt-listening"]`) {
				t.Error("listening is offered without JavaScript")
			}
			b.do("choose the group", chromedp.SetValue(chromedp.CSS(`#group_id`), fmt.Sprint(groupID)))
			b.modeShots("typing-launch-" + name)
			b.do("launch", chromedp.Click(chromedp.CSS(`[data-testid="launch-now"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="typing-answer"]`)))
			if javascript {
				b.waitForHTMX()
			}
			for i := range 2 {
				word := b.attr(`[data-testid="card-word"]`, "data-word-id")
				right := word == fmt.Sprint(ids["taberu"])
				typed, shown := "nomi", "のみ" // wrong for のむ
				if right {
					typed, shown = "taberu", "たべる"
				}
				if javascript {
					// The field is ready to type in: no click needed.
					if focused := eval[string](b, `document.activeElement && document.activeElement.dataset.testid || ""`); focused != "typing-answer" {
						t.Errorf("card %d: %q has the focus, want the answer field", i+1, focused)
					}
				}
				if i == 0 {
					b.modeShots("typing-question-" + name)
				}
				b.do("type", chromedp.Click(chromedp.CSS(`[data-testid="typing-answer"]`)),
					chromedp.SendKeys(chromedp.CSS(`[data-testid="typing-answer"]`), typed))
				value := eval[string](b, `document.querySelector('[data-testid="typing-answer"]').value`)
				if javascript && value != shown {
					t.Errorf("typing %q shows %q in the field, want %q", typed, value, shown)
				}
				if !javascript && value != typed {
					t.Errorf("without JavaScript the field holds %q, want %q as typed", value, typed)
				}
				if javascript {
					b.do("press Enter", chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="typing-result"]`)))
					b.waitForHTMX()
				} else {
					b.do("check", chromedp.Click(chromedp.CSS(`[data-testid="check"]`)),
						chromedp.WaitVisible(chromedp.CSS(`[data-testid="typing-result"]`)))
					if loc := b.location(); !strings.Contains(loc, "?answered=") {
						t.Errorf("after the answer the page is %s, want the result's address", loc)
					}
				}
				if got := b.attr(`[data-testid="typing-result"]`, "data-correct"); got != fmt.Sprint(right) {
					t.Errorf("%q graded %s, want %v", typed, got, right)
				}
				wantExpected := map[bool]string{true: "たべる", false: "のむ"}[right]
				if got := b.text(`[data-testid="expected"]`); got != wantExpected {
					t.Errorf("expected shown %q, want %q", got, wantExpected)
				}
				if got := b.text(`[data-testid="typed"]`); got != shown && got != typed {
					t.Errorf("typed shown %q, want %q", got, typed)
				}
				b.modeShots(fmt.Sprintf("typing-result-%s-%s", map[bool]string{true: "right", false: "wrong"}[right], name))
				if javascript {
					focused := eval[string](b, `document.activeElement && document.activeElement.dataset.testid || ""`)
					if focused != "next" {
						t.Errorf("after the answer %q has the focus, want Next", focused)
					}
					b.do("Next with Enter", chromedp.KeyEvent("\r"), chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="typing-result"]`)))
					b.waitForHTMX()
				} else {
					b.do("Next", chromedp.Click(chromedp.CSS(`[data-testid="next"]`)),
						chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="typing-result"]`)))
				}
			}
			b.do("the summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="round-summary"]`)))
			if got := b.text(`[data-testid="summary-score"]`); !strings.Contains(got, "1 of 2 right") {
				t.Errorf("summary %q, want 1 of 2 right", got)
			}
			b.modeShots("typing-summary-" + name)
			if n := srv.count(t, "word_review_items"); n != 2 {
				t.Errorf("%d reviews recorded, want 2", n)
			}
		})
	}
}

func TestBrowserFlashcardsEnglishFirstRoundOf10(t *testing.T) {
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript", false: "no-javascript"}[javascript]
		t.Run(name, func(t *testing.T) {
			srv := startServer(t)
			_, english := seedWords(t, srv)
			b := newTab(t, javascript)
			if javascript {
				b.do("open Settings", chromedp.Navigate(srv.url+"/settings"),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="study-mode-settings"]`)))
				b.modeShots("settings-study-modes")
			}
			b.do("open Flashcards", chromedp.Navigate(srv.url+"/flashcards"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="launch-options"]`)),
				chromedp.SetValue(chromedp.CSS(`#group_id`), "1"),
				chromedp.Click(chromedp.CSS(`[data-testid="direction-en-ja"]`)),
				chromedp.SetValue(chromedp.CSS(`#round_size`), "10"))
			b.modeShots("flashcards-launch-" + name)
			b.do("launch", chromedp.Click(chromedp.CSS(`[data-testid="launch-now"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-word"][data-direction="en-ja"]`)))
			for i := range 10 {
				if javascript {
					b.waitForHTMX()
				}
				id := 0
				fmt.Sscan(b.attr(`[data-testid="card-word"]`, "data-word-id"), &id)
				if got := b.text(`[data-testid="card-word"]`); got != english[id] {
					t.Errorf("card %d shows %q, want the English %q", i+1, got, english[id])
				}
				if got := b.text(`[data-testid="progress-text"]`); got != fmt.Sprintf("%d of 10", i+1) {
					t.Errorf("card %d: progress %q, want %d of 10", i+1, got, i+1)
				}
				next := fmt.Sprintf(`[data-testid="flashcard"][data-answered="%d"]`, i+1)
				if javascript {
					b.do("reveal and answer with the keyboard", chromedp.KeyEvent(" "),
						chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] [data-testid="card-japanese"]`)))
					if i == 0 {
						b.modeShots("flashcards-en-ja-revealed-" + name)
					}
					b.do("answer", chromedp.KeyEvent("1"), chromedp.WaitVisible(chromedp.CSS(next)))
				} else {
					b.do("reveal and answer", chromedp.Click(chromedp.CSS(`[data-testid="card-answer"] summary`)),
						chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] [data-testid="card-japanese"]`)),
						chromedp.Click(chromedp.CSS(`[data-testid="knew-it"]`)), chromedp.WaitVisible(chromedp.CSS(next)))
				}
			}
			b.do("the summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="round-summary"]`)))
			if got := b.text(`[data-testid="summary-score"]`); !strings.Contains(got, "10 of 10 right") {
				t.Errorf("summary %q, want 10 of 10 right", got)
			}
			if n := srv.count(t, "word_review_items"); n != 10 {
				t.Errorf("%d reviews, want 10", n)
			}
		})
	}
}

// fakeJapaneseVoice gives the page a Japanese voice that records what it is
// asked to say in window.spoken (headless Chromium has no voice at all).
const fakeJapaneseVoice = `(() => {
  const voice = {lang: "ja-JP", name: "Test voice", voiceURI: "test", localService: true, default: false};
  window.spoken = [];
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  speechSynthesis.getVoices = () => [voice];
  speechSynthesis.speak = (u) => { window.spoken.push(u.text); };
  speechSynthesis.cancel = () => {};
})();`

// TestBrowserTypingListening: with a Japanese voice the launch page offers
// listening (chosen, as the settings ask), and the card says the word
// instead of showing it.
func TestBrowserTypingListening(t *testing.T) {
	srv := startServer(t)
	ids, _ := seedWords(t, srv)
	group := postJSON(t, srv.url+"/groups", map[string]any{"name": "Listen"})
	groupID := int(group["id"].(float64))
	postJSON(t, fmt.Sprintf("%s/groups/%d/words", srv.url, groupID), map[string]any{"word_ids": []int{ids["taberu"]}})
	postJSON(t, srv.url+"/settings", map[string]any{"typing_prompt": "listening"})
	b := newTab(t, true)
	b.do("give the page a voice", chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fakeJapaneseVoice})
		return err
	}))
	b.do("open Typing", chromedp.Navigate(srv.url+"/typing"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="prompt-listening"]`)))
	if !eval[bool](b, `document.querySelector('[data-testid="prompt-listening"]').checked`) {
		t.Error("listening, the settings' default, is not chosen once the page has a voice")
	}
	b.do("launch", chromedp.SetValue(chromedp.CSS(`#group_id`), fmt.Sprint(groupID)),
		chromedp.Click(chromedp.CSS(`[data-testid="launch-now"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="listen"]`)))
	b.waitForHTMX()
	if got := b.style(`[data-testid="card-word"]`, "visibility"); got != "hidden" {
		t.Errorf("the word to hear is %s, want hidden", got)
	}
	if got := eval[[]string](b, `window.spoken`); len(got) != 1 || got[0] != "たべる" {
		t.Errorf("the card said %q, want たべる once", got)
	}
	b.modeShots("typing-listening-question")
	b.do("listen again", chromedp.Click(chromedp.CSS(`[data-testid="listen"]`)))
	if got := eval[[]string](b, `window.spoken`); len(got) != 2 {
		t.Errorf("Listen again said %q, want a second たべる", got)
	}
	b.do("type and check", chromedp.SendKeys(chromedp.CSS(`[data-testid="typing-answer"]`), "taberu"),
		chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="typing-result"][data-correct="true"]`)))
}
