package views

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"langportal/db"
)

func renderHTML(t *testing.T, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestTeachingParts(t *testing.T) {
	tests := []struct {
		name  string
		parts string
		want  []string // the kanji of the parts kept
	}{
		{"kana only", `[{"kanji":"あ","romaji":["a"]},{"kanji":"り","romaji":["ri"]}]`, nil},
		{"a kanji among kana", `[{"kanji":"明","romaji":["a"]},{"kanji":"け","romaji":["ke"]},{"kanji":"ま","romaji":["ma"]}]`, []string{"明"}},
		{"a compound", `[{"kanji":"ま","romaji":["ma"]},{"kanji":"た","romaji":["ta"]},{"kanji":"明日","romaji":["ashita"]}]`, []string{"明日"}},
		{"katakana", `[{"kanji":"テ","romaji":["te"]},{"kanji":"レビ","romaji":["rebi"]}]`, nil},
		{"a kanji without a reading", `[{"kanji":"山","romaji":[]}]`, nil},
		{"kanji with okurigana", `[{"kanji":"待","romaji":["ma"]},{"kanji":"って","romaji":["tte"]}]`, []string{"待"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []db.Part
			if err := json.Unmarshal([]byte(tt.parts), &parts); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range TeachingParts(parts) {
				got = append(got, p.Kanji)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJaLengthClass(t *testing.T) {
	for word, want := range map[string]string{
		"山": "", "食べる": "", "また明日": "", "いらっしゃいませ": "ja-long",
		"もう一度お願いします": "ja-long", "明けましておめでとうございます": "ja-longer",
	} {
		if got := jaLengthClass(word); got != want {
			t.Errorf("jaLengthClass(%s) = %q, want %q", word, got, want)
		}
	}
}

func TestPercentOf(t *testing.T) {
	for _, tt := range []struct {
		p     float64
		whole int
		want  string
	}{{0, 0, "—"}, {0, 12, "0%"}, {66.7, 3, "66.7%"}} {
		if got := PercentOf(tt.p, tt.whole); got != tt.want {
			t.Errorf("PercentOf(%v, %d) = %q, want %q", tt.p, tt.whole, got, tt.want)
		}
	}
}

func studyCard() Card {
	return Card{Flashcard: db.Flashcard{SessionID: 7, GroupID: 1, ActivityID: 1, Round: 1, Total: 3, Answered: 1,
		Word: db.Word{ID: 5, Japanese: "また明日", Romaji: "mata ashita", English: "see you tomorrow",
			Parts: json.RawMessage(`[{"kanji":"ま","romaji":["ma"]},{"kanji":"た","romaji":["ta"]},{"kanji":"明日","romaji":["ashita"]}]`)}}}
}

// TestFlashcardReveal checks the card: the grading buttons are inside the
// reveal, the reveal names both of its states, the key hints that need
// JavaScript are marked so, and kana get no chip of their own.
func TestFlashcardReveal(t *testing.T) {
	html := renderHTML(t, FlashcardView(studyCard()))
	answer := between(html, `<details class="card-answer"`, "</details>")
	if !strings.Contains(answer, `data-testid="knew-it"`) || !strings.Contains(answer, `data-testid="didnt-know"`) {
		t.Errorf("the grading buttons are outside the answer:\n%s", html)
	}
	summary := between(answer, "<summary", "</summary>")
	if !strings.Contains(summary, `<span class="when-closed">Show answer</span>`) || !strings.Contains(summary, `<span class="when-open">Hide answer</span>`) {
		t.Errorf("the reveal control does not name its open state: %s", summary)
	}
	for _, hint := range []string{`<kbd class="js-only">1</kbd>`, `<kbd class="js-only">2</kbd>`, `class="shortcut-hint muted small js-only"`} {
		if !strings.Contains(html, hint) {
			t.Errorf("the hint %s is not marked as needing JavaScript", hint)
		}
	}
	parts := between(html, `data-testid="card-parts">`, "</ol>")
	if strings.Count(parts, "<li>") != 1 || !strings.Contains(parts, "明日") {
		t.Errorf("parts = %s, want the one chip of 明日", parts)
	}
}

// TestRoundSummaryScoreFirst checks that the summary's score and its actions
// (where the focus goes) come before the list of missed words, however long.
func TestRoundSummaryScoreFirst(t *testing.T) {
	c := Card{Flashcard: db.Flashcard{SessionID: 7, GroupID: 1, ActivityID: 1, Round: 1, Total: 30, Answered: 30, Right: 10, Done: true}}
	for i := range 20 {
		c.Missed = append(c.Missed, db.Word{ID: int64(i + 1), Japanese: "山", Romaji: "yama", English: "mountain"})
	}
	html := renderHTML(t, FlashcardView(c))
	score, retry, missed := strings.Index(html, `data-testid="summary-score"`), strings.Index(html, `data-testid="retry-missed"`), strings.Index(html, `data-testid="missed-words"`)
	if score < 0 || retry < 0 || missed < 0 || !(score < retry && retry < missed) {
		t.Errorf("score at %d, Retry at %d, missed words at %d: want score, then Retry, then the list", score, retry, missed)
	}
}

func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}
