package kana

import "testing"

func TestToRomaji(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "たべる", "taberu"},
		{"vowels", "あいうえお", "aiueo"},
		{"shi chi tsu fu", "しちつふ", "shichitsufu"},
		{"ji", "じ", "ji"},
		{"ぢ is ji", "はなぢ", "hanaji"},
		{"づ is zu", "つづく", "tsuzuku"},
		{"を is o", "を", "o"},
		{"ゐ ゑ", "ゐゑ", "ie"},
		{"は as written", "こんにちは", "konnichiha"},
		{"ou doubled", "ありがとう", "arigatou"},
		{"oo doubled", "おおきい", "ookii"},
		{"ei doubled", "せんせい", "sensei"},
		{"uu doubled", "ゆうめい", "yuumei"},
		{"contracted", "きょう", "kyou"},
		{"sha shu sho", "しゃしゅしょ", "shashusho"},
		{"cha", "ちゃ", "cha"},
		{"ja", "じゃあね", "jaane"},
		{"ぢゃ is ja", "ぢゃ", "ja"},
		{"nya", "にゃ", "nya"},
		{"ryo", "りょこう", "ryokou"},
		{"ん at the end", "ほん", "hon"},
		{"ん before a consonant", "しんぶん", "shinbun"},
		{"ん before a vowel", "きんえん", "kin'en"},
		{"ん before y", "こんや", "kon'ya"},
		{"ん before the n row", "おんな", "onna"},
		{"ん before ん", "んん", "n'n"},
		{"っ before k", "きって", "kitte"},
		{"っ before ch", "まっちゃ", "matcha"},
		{"っ before sh", "ざっし", "zasshi"},
		{"っ before ts", "みっつ", "mittsu"},
		{"っ before a contracted sound", "けっきょく", "kekkyoku"},
		{"っ at the end", "あっ", "axtsu"},
		{"っ before a vowel", "っあ", "xtsua"},
		{"っ before the n row", "っな", "xtsuna"},
		{"small vowel alone", "ぁ", "xa"},
		{"small ya alone", "いゃ", "ixya"},
		{"small wa", "ゎ", "xwa"},
		{"katakana", "テレビ", "terebi"},
		{"ー doubles the vowel", "コーヒー", "koohii"},
		{"ー after a", "ラーメン", "raamen"},
		{"ー after a contracted sound", "ジャー", "jaa"},
		{"ー after ん", "ンー", "n-"},
		{"ー alone", "ー", "-"},
		{"fa", "ファン", "fan"},
		{"ti", "ティー", "tii"},
		{"di", "ディスク", "disuku"},
		{"tu", "トゥ", "tu"},
		{"she che je", "シェチェジェ", "shecheje"},
		{"ye", "イェ", "ye"},
		{"wi we wo", "ウィウェウォ", "wiwewo"},
		{"va", "ヴァイオリン", "vaiorin"},
		{"vu", "ヴ", "vu"},
		{"ヷ", "ヷ", "va"},
		{"tsa", "ツァ", "tsa"},
		{"small ke", "ヶ", "xke"},
		{"half-width katakana", "ｺｰﾋｰ", "koohii"},
		{"half-width dakuten", "ﾃﾚﾋﾞ", "terebi"},
		{"iteration mark", "いすゞ", "isuzu"},
		{"plain iteration mark", "こゝろ", "kokoro"},
		{"iteration mark alone", "ゝ", "ゝ"},
		{"punctuation", "はい。いいえ、", "hai.iie,"},
		{"middle dot", "コカ・コーラ", "koka koora"},
		{"non-kana kept", "Tシャツ", "Tshatsu"},
		{"mixed scripts", "ひらカナ", "hirakana"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ToRomaji(tt.in); got != tt.want {
				t.Errorf("ToRomaji(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestToRomajiRoundTrip checks that ToHiragana reads back what ToRomaji
// writes, for the kana where Hepburn is not ambiguous.
func TestToRomajiRoundTrip(t *testing.T) {
	for _, in := range []string{
		"きんえん", "こんや", "おんな", "んん", "んんあ", "んんな", "まっちゃ", "っ", "あっ", "っな", "っん",
		"きって", "けっきょく", "ふぁん", "ゔぁ", "ぁぃぅぇぉ", "いゃ", "ゎ", "ゕゖ", "しぇ", "いぇ",
		"うぃ", "うぇ", "つぁ", "っゔ", "ぃゅ", "ぁゃ", "がっこう", "ありがとうございます", "にゃんにゃん",
	} {
		t.Run(in, func(t *testing.T) {
			r := ToRomaji(in)
			if got, ok := ToHiragana(r); got != in || !ok {
				t.Errorf("ToHiragana(ToRomaji(%q) = %q) = %q, %v; want %q, true", in, r, got, ok, in)
			}
		})
	}
}
