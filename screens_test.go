package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The study screens and lists as a learner sees them (issue 10): layout,
// computed styles, focus and which controls can be used, in Chromium with
// JavaScript on and off, on a desktop and a phone.

// Viewports the learner studied on.
var (
	desktop = [2]int64{1280, 900}
	phone   = [2]int64{375, 812}
)

// viewport sizes the page, and makes it behave as the focused window a
// learner looks at (a headless tab has no focus of its own, so :focus
// would never match).
func (b *tab) viewport(size [2]int64) {
	b.t.Helper()
	b.do("set the viewport", chromedp.EmulateViewport(size[0], size[1]),
		chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tt, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
			return err
		}))
}

// eval runs an expression in the page (DevTools may, even when the page's
// own scripts may not).
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	return get(b, expr, chromedp.Evaluate[T](expr))
}

// postJSON posts body to the server and decodes the answer into out (nil: ignore it).
func (s *server) postJSON(t *testing.T, path, body string, out any) {
	t.Helper()
	resp, err := http.Post(s.url+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %s", path, resp.Status)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

// groupWords returns the ids and Japanese of a group's words.
func (s *server) groupWords(t *testing.T, group int) (ids []int, japanese map[int]string) {
	t.Helper()
	var list struct {
		Items []struct {
			ID       int
			Japanese string
		}
	}
	getJSON(t, fmt.Sprintf("%s/groups/%d/words?per_page=500", s.url, group), &list)
	japanese = map[int]string{}
	for _, w := range list.Items {
		ids = append(ids, w.ID)
		japanese[w.ID] = w.Japanese
	}
	return ids, japanese
}

// almostRound starts a Flashcards session of group and answers every word
// of it through the JSON API but one, missing those that wrong says, so
// that one answer in the browser ends the round. It returns the session.
func (s *server) almostRound(t *testing.T, group int, wrong func(japanese string) bool) int {
	t.Helper()
	var sess struct{ ID int }
	s.postJSON(t, "/study_sessions", fmt.Sprintf(`{"group_id": %d, "study_activity_id": 1}`, group), &sess)
	ids, japanese := s.groupWords(t, group)
	// The card shown is the round's next unanswered word: answer the
	// others, whatever the shuffled order.
	next := s.nextCardWord(t, sess.ID)
	for _, id := range ids {
		if id == next {
			continue
		}
		s.postJSON(t, fmt.Sprintf("/study_sessions/%d/review", sess.ID),
			fmt.Sprintf(`{"word_id": %d, "correct": %v}`, id, !wrong(japanese[id])), nil)
	}
	return sess.ID
}

// nextCardWord reads the id of the word on a session's card, from its page.
func (s *server) nextCardWord(t *testing.T, session int) int {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("%s/study_sessions/%d", s.url, session))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	_, after, ok := strings.Cut(buf.String(), `data-testid="card-word" data-word-id="`)
	if !ok {
		t.Fatalf("session %d shows no card", session)
	}
	var id int
	fmt.Sscanf(after, "%d", &id)
	return id
}

// isShown reports whether the element that sel finds is rendered (not
// display: none, nor inside a closed <details>).
func (b *tab) isShown(sel string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.checkVisibility() })()`, sel))
}

// inViewport reports whether the element is wholly inside the viewport.
func (b *tab) inViewport(sel string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth })()`, sel))
}

func (b *tab) style(sel, property string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).getPropertyValue(%q)`, sel, property))
}

// TestBrowserStudyCard studies two cards with JavaScript and without: the
// grading buttons can be used only once the answer is shown, the reveal
// control names what it does, key hints appear only where their keys work,
// the focus ring is the same on both cards, and the card is the centre of
// the screen with the session's facts folded below it.
func TestBrowserStudyCard(t *testing.T) {
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript", false: "no-javascript"}[javascript]
		t.Run(name, func(t *testing.T) {
			srv := startServer(t)
			b := newTab(t, javascript)
			b.viewport(desktop)
			// From a group's "Study this group": the launch page has the group
			// chosen, and a click (a pointer, not a key) launches.
			b.do("open the group", chromedp.Navigate(srv.url+"/groups/3"),
				chromedp.Click(chromedp.CSS(`[data-testid="study-group-with"][href^="/study_activities/1/"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="launch-form"]`)))
			if got := eval[string](b, `document.getElementById('group_id').value`); got != "3" {
				t.Errorf("the launch page from group 3 has group %q chosen", got)
			}
			b.do("launch", chromedp.Click(chromedp.CSS(`[data-testid="launch-now"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-word"]`)))

			for card := 1; card <= 2; card++ {
				if javascript {
					b.waitForHTMX()
				}
				// Focus: on the reveal control, with the same ring on every card.
				if got := eval[string](b, `document.activeElement.dataset.testid || document.activeElement.tagName`); got != "reveal" {
					t.Errorf("card %d: the focus is on %s, want the reveal control", card, got)
				}
				ring := b.style(`[data-testid="reveal"]`, "outline-style") + " " + b.style(`[data-testid="reveal"]`, "outline-width")
				if ring != "solid 3px" {
					t.Errorf("card %d: the focused reveal control's outline is %q, want solid 3px", card, ring)
				}
				// Before the reveal: no grading, by click or key.
				if b.isShown(`[data-testid="knew-it"]`) || b.isShown(`[data-testid="didnt-know"]`) {
					t.Errorf("card %d: a grading button is shown before the answer", card)
				}
				if got := eval[string](b, `document.querySelector('[data-testid="reveal"]').innerText.trim()`); !strings.HasPrefix(got, "Show answer") {
					t.Errorf("card %d: the closed reveal says %q, want Show answer", card, got)
				}
				if javascript {
					before := srv.count(t, "word_review_items")
					b.do("press 1 before the reveal", chromedp.KeyEvent("1"), chromedp.KeyEvent("k"))
					b.waitForHTMX()
					if n := srv.count(t, "word_review_items"); n != before {
						t.Errorf("card %d: keys graded an answer not yet shown (%d reviews, want %d)", card, n, before)
					}
				}
				// Key hints: Space always (the browser opens a focused
				// <details> by itself); 1/2 and the Keys line only with JavaScript.
				if !b.isShown(`[data-testid="reveal"] kbd`) {
					t.Errorf("card %d: the Space hint is missing", card)
				}
				if got := b.isShown(`[data-testid="shortcut-hint"]`); got != javascript {
					t.Errorf("card %d: the Keys line shown = %v, want %v", card, got, javascript)
				}

				// The reveal, with the keyboard as a learner without a mouse would.
				b.do("reveal with Space", chromedp.KeyEvent(" "),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] [data-testid="knew-it"]`)))
				if got := eval[string](b, `document.querySelector('[data-testid="reveal"]').innerText.trim()`); !strings.HasPrefix(got, "Hide answer") {
					t.Errorf("card %d: the open reveal says %q, want Hide answer", card, got)
				}
				if eval[bool](b, `document.querySelector('[data-testid="knew-it"]').disabled`) {
					t.Errorf("card %d: I knew it is disabled once the answer is shown", card)
				}
				if got := b.isShown(`[data-testid="knew-it"] kbd`); got != javascript {
					t.Errorf("card %d: the 1 hint shown = %v, want %v", card, got, javascript)
				}

				// The card is the centre of the page; the facts wait below, folded.
				if card == 1 {
					cardMid := eval[float64](b, `(() => { const r = document.querySelector('#flashcard').getBoundingClientRect(); return r.left + r.width / 2 })()`)
					mainMid := eval[float64](b, `(() => { const m = document.querySelector('main'); const r = m.getBoundingClientRect();
						const s = getComputedStyle(m); return r.left + parseFloat(s.paddingLeft) + (r.width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)) / 2 })()`)
					if d := cardMid - mainMid; d < -2 || d > 2 {
						t.Errorf("the card's centre is %.0f px from the main area's", d)
					}
					if !b.inViewport(`#flashcard`) {
						t.Errorf("the open card does not fit the %dx%d screen", desktop[0], desktop[1])
					}
					if eval[bool](b, `document.querySelector('[data-testid="session-details"]').open`) || b.isShown(`[data-testid="session-facts"]`) {
						t.Errorf("the session's facts are open while studying")
					}
					if below := eval[bool](b, `document.querySelector('[data-testid="session-details"]').getBoundingClientRect().top >= document.querySelector('#flashcard').getBoundingClientRect().bottom`); !below {
						t.Errorf("the session's details are not below the card")
					}
				}
				if javascript {
					b.do("grade with 1", chromedp.KeyEvent("1"))
				} else {
					b.do("grade", chromedp.Click(chromedp.CSS(`[data-testid="knew-it"]`)))
				}
				b.do("see the next card", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`[data-testid="flashcard"][data-answered="%d"]`, card))))
			}
			if n := srv.count(t, "word_review_items"); n != 2 {
				t.Errorf("%d reviews, want 2", n)
			}
		})
	}
}

// TestBrowserRoundSummaryInView ends a round of 46 words with 20 missed:
// the score is in view when the summary appears, on a desktop and a phone,
// with JavaScript and without, and the missed words never break inside.
func TestBrowserRoundSummaryInView(t *testing.T) {
	srv := startServer(t)
	for _, javascript := range []bool{true, false} {
		for _, size := range [][2]int64{desktop, phone} {
			name := fmt.Sprintf("%s-%d", map[bool]string{true: "javascript", false: "no-javascript"}[javascript], size[0])
			t.Run(name, func(t *testing.T) {
				missed := 0
				session := srv.almostRound(t, 3, func(string) bool { missed++; return missed%2 == 0 || missed < 10 })
				b := newTab(t, javascript)
				b.viewport(size)
				b.do("open the last card", chromedp.Navigate(fmt.Sprintf("%s/study_sessions/%d", srv.url, session)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-word"]`)),
					chromedp.Click(chromedp.CSS(`[data-testid="reveal"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="didnt-know"]`)))
				if javascript {
					b.waitForHTMX()
					// The learner has scrolled down to the buttons.
					eval[bool](b, `(() => { document.querySelector('[data-testid="didnt-know"]').scrollIntoView({block: "end"}); scrollBy(0, 400); return true })()`)
				}
				b.do("answer the last card", chromedp.Click(chromedp.CSS(`[data-testid="didnt-know"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary-score"]`)))
				if javascript {
					b.waitForHTMX()
				}
				if !b.inViewport(`[data-testid="summary-score"]`) {
					t.Errorf("the score is out of view: %v", eval[string](b, `JSON.stringify(document.querySelector('[data-testid="summary-score"]').getBoundingClientRect())`))
				}
				if got := eval[string](b, `document.activeElement.dataset.testid || ""`); got != "retry-missed" {
					t.Errorf("the focus is on %q, want Retry missed", got)
				} else if !b.inViewport(`[data-testid="retry-missed"]`) {
					t.Errorf("the focused Retry missed is out of view")
				}
				b.screenshot("summary-long-" + name)
				// Scrolled down to the last missed word, the score is still in view.
				eval[bool](b, `(() => { document.querySelector('[data-testid="missed-words"] li:last-child').scrollIntoView({block: "end"}); scrollBy(0, 200); return true })()`)
				if !b.inViewport(`[data-testid="summary-score"]`) {
					t.Errorf("scrolled to the missed words' end, the score is out of view: %v",
						eval[string](b, `JSON.stringify(document.querySelector('[data-testid="summary-score"]').getBoundingClientRect())`))
				}
				// Each missed word keeps to one line.
				broken := eval[[]string](b, `[...document.querySelectorAll('[data-testid="missed-words"] .ja')]
					.filter(e => e.getClientRects().length > 1 || e.getBoundingClientRect().height > parseFloat(getComputedStyle(e).lineHeight) * 1.5)
					.map(e => e.textContent)`)
				if len(broken) > 0 {
					t.Errorf("missed words broken across lines: %v", broken)
				}
			})
		}
	}
}

// TestBrowserPhone checks the pages on a 375×812 phone without JavaScript:
// a one-line menu bar whose button opens the links, tables that show every
// column of a row, and Japanese that never breaks inside a word.
func TestBrowserPhone(t *testing.T) {
	srv := startServer(t)
	srv.studySome(t)
	b := newTab(t, false)
	b.viewport(phone)

	b.do("open the words", chromedp.Navigate(srv.url+"/words?sort=correct&order=desc"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="word-row"]`)))
	if h := eval[float64](b, `document.getElementById('sidebar').getBoundingClientRect().height`); h > 64 {
		t.Errorf("the phone's menu bar is %.0f px high, want one line (at most 64 px)", h)
	}
	if b.isShown(`#sidebar a[href="/groups"]`) {
		t.Errorf("the menu's links are shown before the menu is opened")
	}
	// Every cell of the first rows is inside the table's box: nothing is cut off.
	clipped := eval[int](b, `(() => { const box = document.querySelector('.table-scroll').getBoundingClientRect(); let n = 0;
		document.querySelectorAll('[data-testid="word-row"]:nth-child(-n+5) td').forEach(td => {
			const r = td.getBoundingClientRect(); if (r.left < box.left - 0.5 || r.right > box.right + 0.5) n++ }); return n })()`)
	if clipped > 0 {
		t.Errorf("%d cells of the words table stick out of its %0.f px box", clipped, eval[float64](b, `document.querySelector('.table-scroll').clientWidth`))
	}
	if sw, cw := eval[float64](b, `document.querySelector('.table-scroll').scrollWidth`), eval[float64](b, `document.querySelector('.table-scroll').clientWidth`); sw > cw+1 {
		t.Errorf("the words table is %.0f px wide in a %.0f px box", sw, cw)
	}
	if !b.isShown(`[data-testid="word-row"] .c-correct`) || !b.isShown(`[data-testid="word-row"] .c-wrong`) {
		t.Errorf("Correct and Wrong are not shown on a phone")
	}
	if !b.isShown(`[data-testid="sort-wrong"]`) {
		t.Errorf("the words cannot be sorted on a phone")
	}

	b.do("open the sessions", chromedp.Navigate(srv.url+"/study_sessions"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="session-row"]`)))
	if sw, cw := eval[float64](b, `document.querySelector('.table-scroll').scrollWidth`), eval[float64](b, `document.querySelector('.table-scroll').clientWidth`); sw > cw+1 {
		t.Errorf("the sessions table is %.0f px wide in a %.0f px box", sw, cw)
	}

	// The menu works without JavaScript.
	b.do("open the menu", chromedp.Click(chromedp.CSS(`[data-testid="nav-menu-button"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nav-menu[open] a[href="/groups"]`)))
	b.screenshot("menu-open-phone")
	b.do("go to the groups", chromedp.Click(chromedp.CSS(`.nav-menu[open] a[href="/groups"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="group-row"]`)))
	if got := b.text("main h1"); got != "Word Groups" {
		t.Errorf("the menu's Word Groups led to %q", got)
	}

	// Japanese: no break inside a word, on the word page and in tables.
	for _, word := range []string{"また明日", "もう一度お願いします", "明けましておめでとうございます"} {
		b.do("find "+word, chromedp.Navigate(srv.url+"/words?per_page=500"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="word-row"]`)))
		href := eval[string](b, fmt.Sprintf(`[...document.querySelectorAll('td.c-japanese a')].find(a => {
			const word = a.cloneNode(true); // the word without its furigana
			word.querySelectorAll('rt, rp').forEach(e => e.remove());
			return word.textContent === %q }).getAttribute('href')`, word))
		b.do("open "+word, chromedp.Navigate(srv.url+href), chromedp.WaitVisible(chromedp.CSS(`[data-testid="word-title"]`)))
		if wb, lb := b.style(`[data-testid="word-title"]`, "word-break"), b.style(`[data-testid="word-title"]`, "line-break"); (wb != "keep-all" && wb != "auto-phrase") || lb != "strict" {
			t.Errorf("%s: word-break %s, line-break %s; want keep-all (or auto-phrase) and strict", word, wb, lb)
		}
		if sw, cw := eval[float64](b, `document.querySelector('[data-testid="word-title"]').scrollWidth`), eval[float64](b, `document.querySelector('[data-testid="word-title"]').clientWidth`); sw > cw+1 {
			t.Errorf("%s overflows its heading (%.0f px in %.0f)", word, sw, cw)
		}
		// The word's characters line by line (its furigana left out: a ruby
		// base sits a little lower than the text beside it, not a line lower).
		lines := eval[[]string](b, `(() => { const h = document.querySelector('[data-testid="word-title"]');
			const texts = document.createTreeWalker(h, NodeFilter.SHOW_TEXT); // no filter: the page's scripts may be off
			const lines = []; let top = null, text;
			while ((text = texts.nextNode())) {
				if (text.parentElement.closest('rt, rp')) continue;
				for (let i = 0; i < text.length; i++) { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
					const y = r.getBoundingClientRect().top; if (top === null || Math.abs(y - top) > r.getBoundingClientRect().height / 2) { lines.push(''); top = y }
					lines[lines.length - 1] += text.data[i] }
			}
			return lines })()`)
		switch word {
		case "また明日":
			if len(lines) != 1 {
				t.Errorf("%s breaks into %q", word, lines)
			}
		default:
			// A break may only fall between phrases.
			phrases := map[string][]string{"もう一度お願いします": {"もう", "一度", "お願いします"},
				"明けましておめでとうございます": {"明けまして", "おめでとう", "ございます"}}[word]
			if !startsAtPhrase(word, lines, phrases) {
				t.Errorf("%s breaks inside a word: %q", word, lines)
			}
		}
		// Parts: a chip for a kanji with its reading, none for a kana.
		if n := eval[int](b, `document.querySelectorAll('[data-testid="word-parts"] li').length`); word == "明けましておめでとうございます" && n != 1 {
			t.Errorf("%s has %d part chips, want 1 (明)", word, n)
		}
	}
}

// startsAtPhrase reports whether every line of a broken word begins where
// one of its phrases begins.
func startsAtPhrase(word string, lines, phrases []string) bool {
	starts := map[int]bool{}
	at := 0
	for _, p := range phrases {
		starts[at] = true
		at += len(p)
	}
	at = 0
	for _, line := range lines {
		if !starts[at] {
			return false
		}
		at += len(line)
	}
	return at == len(word)
}

// TestBrowserDarkThumbnails checks that the activity thumbnails follow the
// theme: light in the light theme, dark in the dark one.
func TestBrowserDarkThumbnails(t *testing.T) {
	srv := startServer(t)
	b := newTab(t, false)
	b.viewport(desktop)
	brightness := map[string]float64{}
	for _, theme := range []string{"light", "dark"} {
		b.do("set the theme", chromedp.Navigate(srv.url+"/healthz"),
			chromedp.Evaluate[chromedp.Void](`document.cookie = "theme=`+theme+`; path=/"`))
		b.do("open the activities", chromedp.Navigate(srv.url+"/study_activities"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="activity-thumbnail"]`)))
		get(b, "decode the thumbnail", chromedp.Evaluate[bool](`document.querySelector('[data-testid="activity-thumbnail"]').decode().then(() => true)`, chromedp.EvalAwaitPromise))
		shot := get(b, "thumbnail", chromedp.Screenshot(chromedp.CSS(`[data-testid="activity-thumbnail"]`)))
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		var sum, n float64
		bounds := img.Bounds()
		for y := bounds.Min.Y; y < bounds.Max.Y; y += 3 {
			for x := bounds.Min.X; x < bounds.Max.X; x += 3 {
				r, g, bl, _ := img.At(x, y).RGBA()
				sum += (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(bl)) / 65535
				n++
			}
		}
		brightness[theme] = sum / n
	}
	if brightness["light"] < 0.7 || brightness["dark"] > 0.3 {
		t.Errorf("thumbnail brightness: light theme %.2f, dark theme %.2f; want it light (> 0.7) and dark (< 0.3)", brightness["light"], brightness["dark"])
	}
}
