package furigana

import (
	"fmt"
	"strings"
	"testing"
)

// parts reads "食:ta べ る" as parts: a text, and after a colon its romaji
// (several separated by |).
func parts(spec string) []Part {
	var ps []Part
	for _, f := range strings.Fields(spec) {
		text, romaji, ok := strings.Cut(f, ":")
		p := Part{Text: text}
		if ok && romaji != "" {
			p.Romaji = strings.Split(romaji, "|")
		} else if !ok {
			p.Romaji = []string{text}
		}
		ps = append(ps, p)
	}
	return ps
}

// show writes segments as 食(た)べる.
func show(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
		if s.Ruby != "" {
			fmt.Fprintf(&b, "(%s)", s.Ruby)
		}
	}
	return b.String()
}

func TestPair(t *testing.T) {
	tests := []struct {
		name              string
		japanese, reading string
		parts             string
		want              string // "" for no furigana
	}{
		{"okurigana", "食べる", "たべる", "食:ta べ る", "食(た)べる"},
		{"a long reading", "話す", "はなす", "話:hana す", "話(はな)す"},
		{"a long vowel", "大きい", "おおきい", "大:oo き い", "大(おお)きい"},
		{"kanji between kana", "お元気ですか", "おげんきですか", "お 元:gen 気:ki で す か", "お元(げん)気(き)ですか"},
		{"each kanji its reading", "日本語", "にほんご", "日:ni 本:hon 語:go", "日(に)本(ほん)語(ご)"},
		{"a compound read as one", "また明日", "またあした", "ま た 明日:ashita", "また明日(あした)"},
		{"a macron in the romaji", "東京", "とうきょう", "東:tō 京:kyō", "東(とう)京(きょう)"},
		{"the second of two spellings", "今日", "きょう", "今日:konnichi|kyou", "今日(きょう)"},
		{"punctuation takes no reading", "お名前は？", "おなまえは", "お 名前:namae は ？", "お名前(なまえ)は？"},
		{"a katakana reading stays katakana", "東京", "トウキョウ", "東:tou 京:kyou", "東(トウ)京(キョウ)"},
		{"katakana in the word matches the reading", "ボール箱", "ボールばこ", "ボ ー ル 箱:hako", "ボール箱(ばこ)"},
		{"rendaku the parts do not spell", "人々", "ひとびと", "人:hito 々:hito", "人々(ひとびと)"},
		{"a kanji part without romaji", "山", "やま", "山:", "山(やま)"},
		{"kanji without romaji between kana", "待って", "まって", "待: っ て", "待(ま)って"},
		{"kana and a run by position", "話し合う", "はなしあう", "話:x し 合:y う", "話(はな)し合(あ)う"},
		{"ambiguous without romaji", "見見る", "みみる", "見: 見: る", "見見(みみ)る"},

		// No furigana.
		{"all hiragana", "おはよう", "おはよう", "お は よ う", ""},
		{"all katakana", "コーヒー", "コーヒー", "コ ー ヒ ー", ""},
		{"kana with a space", "ありがとう ございます", "ありがとうございます", "ありがとう ございます", ""},
		{"no parts", "食べる", "たべる", "", ""},
		{"parts of another word", "食べる", "たべる", "飲:no む", ""},
		{"parts that miss a kana", "食べる", "たべる", "食:ta べ", ""},
		{"a reading that does not fit the kana", "食べる", "のむ", "食:ta べ る", ""},
		{"no reading", "食べる", "", "食:ta べ る", ""},
		{"two ways to lay the runs", "見く見", "みくくみ", "見: く 見:", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, ok := Pair(tt.japanese, tt.reading, parts(tt.parts))
			got := ""
			if ok {
				got = show(segs)
			}
			if got != tt.want {
				t.Errorf("Pair(%s, %s, %s) = %q (%v), want %q", tt.japanese, tt.reading, tt.parts, got, ok, tt.want)
			}
			if ok {
				var text strings.Builder
				for _, s := range segs {
					text.WriteString(s.Text)
				}
				if text.String() != tt.japanese {
					t.Errorf("segments spell %q, want %q", text.String(), tt.japanese)
				}
			}
		})
	}
}

// TestPairLatin: a word with letters needs its reading; a Latin part spells
// its kana as a kanji does.
func TestPairLatin(t *testing.T) {
	segs, ok := Pair("Tシャツ", "ティーシャツ", parts("T:tii シ ャ ツ"))
	if !ok || show(segs) != "T(ティー)シャツ" {
		t.Errorf("got %q (%v), want T(ティー)シャツ", show(segs), ok)
	}
}

func TestPairLongWord(t *testing.T) {
	long := strings.Repeat("山", maxRunes+1)
	if _, ok := Pair(long, strings.Repeat("やま", maxRunes+1), []Part{{Text: long, Romaji: []string{"yama"}}}); ok {
		t.Error("a text longer than a word got furigana")
	}
}
