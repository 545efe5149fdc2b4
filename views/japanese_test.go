package views

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"langportal/db"
)

var (
	taberu = db.Word{ID: 1, Japanese: "食べる", Reading: "たべる", Romaji: "taberu", English: "to eat",
		Parts: json.RawMessage(`[{"kanji":"食","romaji":["ta"]},{"kanji":"べ","romaji":["be"]},{"kanji":"る","romaji":["ru"]}]`)}
	// An imported word without parts: its reading goes beside it.
	yama = db.Word{ID: 2, Japanese: "山", Reading: "やま", Romaji: "yama", English: "mountain", Parts: json.RawMessage(`[]`)}
	// A word in kana is its own reading.
	ohayou = db.Word{ID: 3, Japanese: "おはよう", Reading: "おはよう", Romaji: "ohayou", English: "good morning",
		Parts: json.RawMessage(`[{"kanji":"お","romaji":["o"]},{"kanji":"は","romaji":["ha"]},{"kanji":"よ","romaji":["yo"]},{"kanji":"う","romaji":["u"]}]`)}
)

const taberuRuby = `<ruby>食<rp>(</rp><rt>た</rt><rp>)</rp></ruby>べる`

func TestJapaneseOf(t *testing.T) {
	tests := []struct {
		name   string
		word   db.Word
		html   string // Furigana's
		beside string
	}{
		{"furigana from the parts", taberu, taberuRuby, ""},
		{"no parts: the reading beside", yama, "山", "やま"},
		{"parts in another shape: the reading beside", db.Word{Japanese: "山", Reading: "やま", Parts: json.RawMessage(`["山"]`)}, "山", "やま"},
		{"parts of another word: the reading beside", db.Word{Japanese: "山", Reading: "やま", Parts: json.RawMessage(`[{"kanji":"川","romaji":["kawa"]}]`)}, "山", "やま"},
		{"kana: nothing beside", ohayou, "おはよう", ""},
		{"kana with a space: nothing beside", db.Word{Japanese: "ありがとう ございます", Reading: "ありがとうございます"}, "ありがとう ございます", ""},
		{"katakana: nothing beside", db.Word{Japanese: "コーヒー", Reading: "コーヒー"}, "コーヒー", ""},
		{"letters and kana: the reading beside", db.Word{Japanese: "Tシャツ", Reading: "ティーシャツ"}, "Tシャツ", "ティーシャツ"},
		{"escaped", db.Word{Japanese: "<b>", Reading: "ぶ"}, "&lt;b&gt;", "ぶ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ja := JapaneseOf(tt.word)
			if got := renderHTML(t, Furigana(ja)); got != tt.html {
				t.Errorf("Furigana = %s, want %s", got, tt.html)
			}
			if ja.Beside != tt.beside {
				t.Errorf("Beside = %q, want %q", ja.Beside, tt.beside)
			}
			beside := renderHTML(t, ReadingBeside(ja))
			if (tt.beside == "") != (beside == "") || !strings.Contains(beside, tt.beside) {
				t.Errorf("ReadingBeside = %s, want the reading %q", beside, tt.beside)
			}
		})
	}
}

// TestCardBack: the answer reads the word with furigana (or its reading in
// kana), then the romaji, small, only when the learner shows romaji.
func TestCardBack(t *testing.T) {
	for _, tt := range []struct {
		name    string
		word    db.Word
		reading string // the card-reading's content; "" for none
	}{
		{"furigana", taberu, taberuRuby},
		{"the reading in kana", yama, "やま"},
		{"a word in kana", ohayou, ""},
	} {
		for _, show := range []bool{true, false} {
			c := studyCard()
			c.Word, c.ShowRomaji = tt.word, show
			html := renderHTML(t, FlashcardView(c))
			answer := between(html, `<details class="card-answer"`, "</details>")
			reading := between(answer, `data-testid="card-reading">`, "</p>")
			if reading != tt.reading {
				t.Errorf("%s: card reading = %q, want %q", tt.name, reading, tt.reading)
			}
			if got := strings.Contains(answer, tt.word.Romaji); got != show {
				t.Errorf("%s, show romaji %v: romaji in the answer = %v", tt.name, show, got)
			}
			if strings.Contains(between(html, `data-testid="card-word"`, "</p>"), "<rt>") {
				t.Errorf("%s: the card's front shows the reading", tt.name)
			}
		}
	}
}

// TestMissedWordsReading: the summary's missed words read with furigana,
// and romaji only when shown.
func TestMissedWordsReading(t *testing.T) {
	for _, show := range []bool{true, false} {
		c := Card{Flashcard: db.Flashcard{SessionID: 7, Round: 1, Total: 2, Answered: 2, Done: true, Missed: []db.Word{taberu, yama}},
			ShowRomaji: show}
		missed := between(renderHTML(t, FlashcardView(c)), `data-testid="missed-words">`, "</ul>")
		if !strings.Contains(missed, taberuRuby) || !strings.Contains(missed, "やま") {
			t.Errorf("missed words lack the furigana or reading: %s", missed)
		}
		if got := strings.Contains(missed, "taberu"); got != show {
			t.Errorf("show romaji %v: romaji in the missed words = %v", show, got)
		}
	}
}

// TestWordsTableRomaji: the table reads the words with furigana; without
// romaji it has no romaji column at all.
func TestWordsTableRomaji(t *testing.T) {
	for _, show := range []bool{true, false} {
		table := WordsTable{Nav: TableNav{ID: "words-table", Path: WordsPath, Sortable: true}, Words: []db.Word{taberu, yama, ohayou},
			ShowRomaji: show}
		html := renderHTML(t, WordsTableView(table))
		if !strings.Contains(html, `data-testid="word-japanese">`+taberuRuby+`</a>`) {
			t.Errorf("the table lacks 食べる with furigana:\n%s", html)
		}
		if strings.Count(html, `data-testid="word-reading"`) != 1 || !strings.Contains(html, ">やま</span>") {
			t.Errorf("want the one reading beside, of 山:\n%s", html)
		}
		for _, romaji := range []string{`data-testid="sort-romaji"`, `class="c-romaji romaji">taberu<`} {
			if got := strings.Contains(html, romaji); got != show {
				t.Errorf("show romaji %v: %s in the table = %v", show, romaji, got)
			}
		}
	}
}

// TestWordPageReading: the word page's title has furigana; the reading,
// romaji and English follow, the romaji only when shown; the parts read
// in kana first.
func TestWordPageReading(t *testing.T) {
	for _, show := range []bool{true, false} {
		v := WordView{Word: db.WordDetail{Word: taberu}, ShowRomaji: show}
		html := renderHTML(t, WordContent(v))
		if !strings.Contains(between(html, `data-testid="word-title">`, "</h1>"), taberuRuby) {
			t.Errorf("the title lacks furigana:\n%s", html)
		}
		if !strings.Contains(between(html, `data-testid="word-parts">`, "</ol>"), `<span lang="ja" class="part-reading">た</span>`) {
			t.Errorf("the parts do not read 食 in kana:\n%s", html)
		}
		if got := strings.Contains(html, "taberu"); got != show {
			t.Errorf("show romaji %v: romaji on the page = %v", show, got)
		}
	}
	html := renderHTML(t, WordContent(WordView{Word: db.WordDetail{Word: yama}, ShowRomaji: true}))
	if !strings.Contains(html, `data-testid="word-page-reading">やま<`) {
		t.Errorf("a word without parts lacks its reading beside:\n%s", html)
	}
}

// TestListenOnEveryCard: Flashcards and Review cards have the Listen
// control, saying the reading, inside the answer, hidden until the script
// finds a Japanese voice (listen-only), like the L of the keys line.
func TestListenOnEveryCard(t *testing.T) {
	flash := studyCard()
	flash.Word = taberu
	review := ReviewCardView{ReviewCard: db.ReviewCard{SessionID: 7, Word: taberu, Due: 2}}
	for name, c := range map[string]templ.Component{"flashcards": FlashcardView(flash), "review": ReviewCard(review)} {
		html := renderHTML(t, c)
		answer := between(html, `<details class="card-answer"`, "</details>")
		if !strings.Contains(answer, `class="btn btn-small btn-quiet listen listen-only" data-speak="たべる" data-testid="listen" aria-keyshortcuts="L"`) {
			t.Errorf("%s: the answer lacks a hidden Listen saying たべる:\n%s", name, answer)
		}
		if !strings.Contains(between(html, `data-testid="shortcut-hint"`, "</p>"), `<span class="listen-only"> <kbd>L</kbd> listens,</span>`) {
			t.Errorf("%s: the keys line's L is not listen-only", name)
		}
	}
	if got := SpeakText(db.Word{Japanese: "山"}); got != "山" {
		t.Errorf("SpeakText of a word without a reading = %q, want the word", got)
	}
}
