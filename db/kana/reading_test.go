package kana

import (
	"strings"
	"testing"
)

func TestReading(t *testing.T) {
	tests := []struct {
		name, japanese, romaji, want string
	}{
		{"kanji and okurigana", "食べる", "taberu", "たべる"},
		{"kanji only", "元気", "genki", "げんき"},
		{"long vowel as typed", "大きい", "ookii", "おおきい"},
		{"ou", "上手", "jouzu", "じょうず"},
		{"macron is おう", "東京", "Tōkyō", "とうきょう"},
		{"kana word is its own reading", "こんにちは", "konnichiwa", "こんにちは"},
		{"katakana word keeps its ー", "コーヒー", "koohii", "コーヒー"},
		{"katakana word whatever the romaji", "コーヒー", "kouhii", "コーヒー"},
		{"half-width katakana word", "ｺｰﾋｰ", "koohii", "コーヒー"},
		{"particle は", "お名前は何ですか", "onamae wa nan desu ka", "おなまえはなんですか"},
		{"particle を", "気をつけて", "ki o tsukete", "きをつけて"},
		{"particle へ", "東京へ行く", "toukyou e iku", "とうきょうへいく"},
		{"ぢ spelled ji", "鼻ぢ", "hanaji", "はなぢ"},
		{"づ spelled zu", "手づくり", "tezukuri", "てづくり"},
		{"punctuation dropped", "お元気ですか？", "ogenki desu ka?", "おげんきですか"},
		{"kana word with punctuation", "はい。", "hai", "はい"},
		{"katakana and kanji", "日本ハム", "nihon hamu", "にほんハム"},
		{"katakana and a letter", "Tシャツ", "tiishatsu", "チイシャツ"},
		{"katakana with ー and kanji", "ボール箱", "boorubako", "ボールばこ"},
		{"mismatch falls back to the romaji", "食べる", "nomu", "のむ"},
		{"katakana mismatch falls back, in katakana", "ドア1", "ta", "タ"},
		{"unconvertible letters stay", "食べる", "tabqru", "たbqる"},
		{"no romaji", "食べる", "", ""},
		{"too long to lay over", strings.Repeat("食は", 200), strings.Repeat("tawa", 200), strings.Repeat("たわ", 200)},
		{"at the limit, laid over", strings.Repeat("食は", 128), strings.Repeat("tawa", 128), strings.Repeat("たは", 128)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reading(tt.japanese, tt.romaji); got != tt.want {
				t.Errorf("Reading(%q, %q) = %q, want %q", tt.japanese, tt.romaji, got, tt.want)
			}
		})
	}
}
