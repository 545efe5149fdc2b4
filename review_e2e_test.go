package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// postJSON sends a JSON request to the portal as an API caller would.
func postJSON(t *testing.T, url string, body any) map[string]any {
	t.Helper()
	data, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s = %d: %v", url, resp.StatusCode, out)
	}
	return out
}

// forecastAhead sums the forecast's days after today, as the dashboard's
// bars title them ("Wed 3 Dec: 2 due").
func forecastAhead(b *tab) int {
	titles := get(b, "forecast titles", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('[data-testid="forecast-bar"] title')].slice(1).map(t => t.textContent)`))
	sum := 0
	for _, title := range titles {
		_, after, _ := strings.Cut(title, ": ")
		n, _ := strconv.Atoi(strings.Fields(after)[0])
		sum += n
	}
	return sum
}

// TestBrowserReviewUntilAllDone: a learner opens the dashboard, sees what is
// due, presses Review, studies until All done and sees the forecast fill,
// with JavaScript (keys, htmx swaps) and without (forms and redirects).
func TestBrowserReviewUntilAllDone(t *testing.T) {
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript", false: "no-javascript"}[javascript]
		t.Run(name, func(t *testing.T) {
			srv := startServer(t)
			// Two words answered three days ago are due now; three new words a day.
			postJSON(t, srv.url+"/settings", map[string]any{"new_per_day": 3})
			ago := time.Now().Add(-72 * time.Hour).UTC()
			sess := postJSON(t, srv.url+"/study_sessions", map[string]any{"group_id": 1, "study_activity_id": 1, "started_at": ago.Format(time.RFC3339)})
			id := int64(sess["id"].(float64))
			for _, w := range []int{1, 2} {
				postJSON(t, fmt.Sprintf("%s/study_sessions/%d/review", srv.url, id),
					map[string]any{"word_id": w, "correct": false, "reviewed_at": ago.Add(time.Minute).Format(time.RFC3339)})
			}
			b := newTab(t, javascript)
			b.do("open the dashboard", chromedp.Navigate(srv.url+"/dashboard"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="review-now"]`)))
			if got := b.text(`[data-testid="due-now"]`); got != "2" {
				t.Fatalf("Due now: %q, want 2", got)
			}
			if got := b.text(`[data-testid="new-left"]`); got != "3" {
				t.Errorf("new words left today: %q, want 3", got)
			}
			ahead := forecastAhead(b)
			b.screenshot("review-dashboard-before-" + name)
			b.do("press Review", chromedp.Click(chromedp.CSS(`[data-testid="start-review"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-word"]`)))
			if javascript {
				b.waitForHTMX()
			}
			if got := b.text(`[data-testid="left-due"]`); got != "1 due" {
				t.Errorf("the first card says %q left, want 1 due", got)
			}
			b.screenshot("review-card-" + name)
			// Answer one card, then take it back: the same word comes again.
			first := b.attr(`[data-testid="card-word"]`, "data-word-id")
			b.do("reveal and answer", chromedp.Click(chromedp.CSS(`[data-testid="card-answer"] summary`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] [data-testid="knew-it"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="didnt-know"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="flashcard"][data-answered="1"]`)))
			if javascript {
				b.waitForHTMX()
				b.do("undo with U", chromedp.KeyEvent("u"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="flashcard"][data-answered="0"]`)))
				b.waitForHTMX()
			} else {
				b.do("undo with the button", chromedp.Click(chromedp.CSS(`[data-testid="undo"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="flashcard"][data-answered="0"]`)))
			}
			if again := b.attr(`[data-testid="card-word"]`, "data-word-id"); again != first {
				t.Errorf("after undo the card is word %s, want the undone word %s", again, first)
			}
			if n := srv.count(t, "word_review_items"); n != 2 {
				t.Errorf("%d reviews after the undo, want the 2 of the setup", n)
			}
			answered := 0
			for ; answered < 30; answered++ {
				done := get(b, "all done?", chromedp.Evaluate[bool](`!!document.querySelector('[data-testid="all-done"]')`))
				if done {
					break
				}
				next := fmt.Sprintf(`[data-testid="flashcard"][data-answered="%d"]`, answered+1)
				if javascript {
					b.do("reveal and answer with the keyboard", chromedp.KeyEvent(" "),
						chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] [data-testid="knew-it"]`)),
						chromedp.KeyEvent("1"), chromedp.WaitVisible(chromedp.CSS(next)))
					b.waitForHTMX()
				} else {
					b.do("reveal and answer", chromedp.Click(chromedp.CSS(`[data-testid="card-answer"] summary`)),
						chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] [data-testid="knew-it"]`)),
						chromedp.Click(chromedp.CSS(`[data-testid="knew-it"]`)), chromedp.WaitVisible(chromedp.CSS(next)))
				}
			}
			// 2 due words still learning and 3 new words: each comes again
			// within the 20-minute learn-ahead, and graduates then.
			if answered != 10 {
				t.Errorf("%d answers until All done, want 10", answered)
			}
			if got := b.text(`[data-testid="summary-score"]`); !strings.Contains(got, "10 right") {
				t.Errorf("All done says %q, want 10 right", got)
			}
			b.screenshot("review-all-done-" + name)
			b.do("back to the dashboard", chromedp.Click(chromedp.CSS(`[data-testid="to-dashboard"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="review-now"]`)))
			if got := b.text(`[data-testid="due-now"]`); got != "0" {
				t.Errorf("Due now after All done: %q, want 0", got)
			}
			if after := forecastAhead(b); after != ahead+5 {
				t.Errorf("the forecast's coming days hold %d words, want %d (the 5 words studied)", after, ahead+5)
			}
		})
	}
}
