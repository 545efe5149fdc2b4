package kana

import "testing"

func TestIsKana(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"たべる", true},
		{"コーヒー", true},
		{"ひらカナ", true},
		{"きゃっ", true},
		{"ゔぁ", true},
		{"ヴ", true},
		{"いすゞ", true},
		{"コカ・コーラ", true},
		{"ヶ", true},
		{"ー", false},
		{"・", false},
		{"", false},
		{"おはよう ございます", false},
		{"はい。", false},
		{"食べる", false},
		{"taberu", false},
		{"ｺｰﾋｰ", false}, // half-width: Normalize first
		{"ー・", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsKana(tt.in); got != tt.want {
				t.Errorf("IsKana(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsKatakana(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"コーヒー", true},
		{"ヴァイオリン", true},
		{"コカ・コーラ", true},
		{"ヶ", true},
		{"ヷ", true},
		{"ー", false},
		{"", false},
		{"こーひー", false},
		{"ひらカナ", false},
		{"Tシャツ", false},
		{"コーヒー ", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsKatakana(tt.in); got != tt.want {
				t.Errorf("IsKatakana(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestScriptConversion(t *testing.T) {
	tests := []struct {
		hiragana, katakana string
	}{
		{"ひらがな", "ヒラガナ"},
		{"こーひー", "コーヒー"},
		{"ゔぁいおりん", "ヴァイオリン"},
		{"ぁぃぅぇぉっゃゅょゎ", "ァィゥェォッャュョヮ"},
		{"ゕゖ", "ヵヶ"},
		{"ゝゞ", "ヽヾ"},
		{"ぱぴぷぺぽ", "パピプペポ"},
		{"を ん", "ヲ ン"},
		{"abc 食", "abc 食"},
	}
	for _, tt := range tests {
		t.Run(tt.hiragana, func(t *testing.T) {
			if got := HiraganaToKatakana(tt.hiragana); got != tt.katakana {
				t.Errorf("HiraganaToKatakana(%q) = %q, want %q", tt.hiragana, got, tt.katakana)
			}
			if got := KatakanaToHiragana(tt.katakana); got != tt.hiragana {
				t.Errorf("KatakanaToHiragana(%q) = %q, want %q", tt.katakana, got, tt.hiragana)
			}
		})
	}
	// ヷヸヹヺ have no hiragana of one code point; they stay.
	if got := KatakanaToHiragana("ヷヺ"); got != "ヷヺ" {
		t.Errorf("KatakanaToHiragana(ヷヺ) = %q, want ヷヺ", got)
	}
	// Mixed text converts only the other script.
	if got := KatakanaToHiragana("ひらカナ"); got != "ひらかな" {
		t.Errorf("KatakanaToHiragana(ひらカナ) = %q, want ひらかな", got)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"full-width letters", "ＴＡＢＥＲＵ", "TABERU"},
		{"full-width punctuation", "？！（）～", "?!()~"},
		{"full-width digits", "１２３", "123"},
		{"ideographic space", "a\u3000b", "a b"},
		{"half-width katakana", "ｺｰﾋｰ", "コーヒー"},
		{"half-width dakuten", "ﾃﾚﾋﾞ", "テレビ"},
		{"half-width handakuten", "ﾊﾟﾝ", "パン"},
		{"half-width punctuation", "｡｢｣､･", "。「」、・"},
		{"combining dakuten", "か\u3099", "が"},
		{"combining handakuten", "は\u309a", "ぱ"},
		{"combining dakuten on u", "ウ\u3099", "ヴ"},
		{"dakuten that cannot combine", "あ\u3099", "あ\u3099"},
		{"half-width dakuten that cannot combine", "ｱﾞ", "ア\u3099"},
		{"case kept", "Abc", "Abc"},
		{"script kept", "ひらカナ", "ひらカナ"},
		{"kanji kept", "食べる", "食べる"},
		{"macron kept", "ō", "ō"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lower case", "Taberu", "taberu"},
		{"full-width", "ＴＡＢＥＲＵ", "taberu"},
		{"katakana", "テレビ", "てれび"},
		{"ー as the vowel", "コーヒー", "こおひい"},
		{"hiragana ー too", "こーひー", "こおひい"},
		{"ー after e", "セーター", "せえたあ"},
		{"ー after a contracted sound", "ジュース", "じゅうす"},
		{"ー with nothing before", "ー", "ー"},
		{"ー after ん", "ンー", "んー"},
		{"half-width katakana", "ｺｰﾋｰ", "こおひい"},
		{"English kept", "to eat", "to eat"},
		{"kanji kept", "食べる", "食べる"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fold(tt.in)
			if got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Fold(got); again != got {
				t.Errorf("Fold(Fold(%q)) = %q, want %q", tt.in, again, got)
			}
		})
	}
	// A romaji query, converted, finds the katakana word it spells.
	if q, _ := ToHiragana("koohii"); Fold(q) != Fold("コーヒー") {
		t.Errorf("Fold(ToHiragana(koohii)) = %q, Fold(コーヒー) = %q; want them equal", Fold(q), Fold("コーヒー"))
	}
}

func TestVowel(t *testing.T) {
	tests := []struct {
		in   rune
		want rune
		ok   bool
	}{
		{'か', 'あ', true},
		{'キ', 'い', true},
		{'ぷ', 'う', true},
		{'ね', 'え', true},
		{'ろ', 'お', true},
		{'ゃ', 'あ', true},
		{'ョ', 'お', true},
		{'ぁ', 'あ', true},
		{'ゔ', 'う', true},
		{'を', 'お', true},
		{'ん', 0, false},
		{'っ', 0, false},
		{'ー', 0, false},
		{'a', 0, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.in), func(t *testing.T) {
			got, ok := Vowel(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Vowel(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
