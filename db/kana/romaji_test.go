package kana

import "testing"

func TestToHiragana(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		// Vowels and plain syllables.
		{"vowels", "aiueo", "あいうえお", true},
		{"k row", "kakikukeko", "かきくけこ", true},
		{"g row", "gagigugego", "がぎぐげご", true},
		{"verb", "taberu", "たべる", true},
		{"p row", "papipupepo", "ぱぴぷぺぽ", true},
		{"r row", "rarirurero", "らりるれろ", true},
		{"y row", "yayuyo", "やゆよ", true},
		{"wa wo", "wawo", "わを", true},
		// Hepburn and wāpuro spellings of the same kana.
		{"shi", "shi", "し", true},
		{"si", "si", "し", true},
		{"chi", "chi", "ち", true},
		{"ti", "ti", "ち", true},
		{"tsu", "tsu", "つ", true},
		{"tu", "tu", "つ", true},
		{"fu", "fu", "ふ", true},
		{"hu", "hu", "ふ", true},
		{"ji", "ji", "じ", true},
		{"zi", "zi", "じ", true},
		{"di is ぢ", "di", "ぢ", true},
		{"du is づ", "du", "づ", true},
		{"zu is ず", "zu", "ず", true},
		{"dzu", "dzu", "づ", true},
		// Contracted sounds.
		{"kya kyu kyo", "kyakyukyo", "きゃきゅきょ", true},
		{"sha", "sha", "しゃ", true},
		{"sya", "sya", "しゃ", true},
		{"shu sho", "shusho", "しゅしょ", true},
		{"ja", "ja", "じゃ", true},
		{"jya", "jya", "じゃ", true},
		{"zya", "zya", "じゃ", true},
		{"jo", "jo", "じょ", true},
		{"cha", "cha", "ちゃ", true},
		{"tya", "tya", "ちゃ", true},
		{"cya", "cya", "ちゃ", true},
		{"dya", "dya", "ぢゃ", true},
		{"nya", "nyanyunyo", "にゃにゅにょ", true},
		{"ryo", "ryokou", "りょこう", true},
		{"byo pya mya", "byoupyamya", "びょうぴゃみゃ", true},
		// Sounds of loanwords.
		{"she", "she", "しぇ", true},
		{"che", "che", "ちぇ", true},
		{"je", "je", "じぇ", true},
		{"ye", "ye", "いぇ", true},
		{"fa fi fe fo", "fafifefo", "ふぁふぃふぇふぉ", true},
		{"va vi vu ve vo", "vavivuvevo", "ゔぁゔぃゔゔぇゔぉ", true},
		{"wi we", "wiwe", "うぃうぇ", true},
		{"thi", "thi", "てぃ", true},
		{"dhi", "dhi", "でぃ", true},
		{"twu", "twu", "とぅ", true},
		{"tsa", "tsa", "つぁ", true},
		// ん.
		{"n at the end", "hon", "ほん", true},
		{"n before a consonant", "shinbun", "しんぶん", true},
		{"m before b", "shimbun", "しんぶん", true},
		{"m before p", "tempura", "てんぷら", true},
		{"nn at the end", "honn", "ほん", true},
		{"nn before a consonant", "sannpo", "さんぽ", true},
		{"n apostrophe before a vowel", "kin'en", "きんえん", true},
		{"n without apostrophe before a vowel", "kinen", "きねん", true},
		{"n apostrophe before y", "kon'ya", "こんや", true},
		{"ny is the n row", "konya", "こにゃ", true},
		{"nn before a vowel is ん and the n row", "onna", "おんな", true},
		{"konnichiwa", "konnichiwa", "こんにちわ", true},
		{"konnichiha", "konnichiha", "こんにちは", true},
		{"nn before y", "konnyaku", "こんにゃく", true},
		{"nnn", "onnna", "おんな", true},
		{"n before a space", "hon ya", "ほんや", true},
		{"typographic apostrophe", "kin’en", "きんえん", true},
		{"n' at the end", "hon'", "ほん", true},
		// っ.
		{"kk", "kitte", "きって", true},
		{"tt", "motto", "もっと", true},
		{"ss", "zasshi", "ざっし", true},
		{"pp", "ippai", "いっぱい", true},
		{"tch", "matcha", "まっちゃ", true},
		{"cch", "kocchi", "こっち", true},
		{"tts", "mittsu", "みっつ", true},
		{"kky", "kekkyoku", "けっきょく", true},
		{"jj", "jji", "っじ", true},
		{"gakkou", "gakkou", "がっこう", true},
		// Small kana.
		{"xtsu", "xtsu", "っ", true},
		{"ltu", "ltu", "っ", true},
		{"xtu", "axtu", "あっ", true},
		{"xa", "xa", "ぁ", true},
		{"li", "li", "ぃ", true},
		{"xya", "xya", "ゃ", true},
		{"lyo", "lyo", "ょ", true},
		{"xwa", "xwa", "ゎ", true},
		{"xka xke", "xkaxke", "ゕゖ", true},
		// Long vowels.
		{"ou", "ohayou", "おはよう", true},
		{"oo", "ookii", "おおきい", true},
		{"uu", "yuumei", "ゆうめい", true},
		{"ei", "sensei", "せんせい", true},
		{"ā", "okāsan", "おかあさん", true},
		{"ī", "onīsan", "おにいさん", true},
		{"ū", "yūmei", "ゆうめい", true},
		{"ē", "onēsan", "おねえさん", true},
		{"ō", "Tōkyō", "とうきょう", true},
		{"circumflex", "tôkyô", "とうきょう", true},
		{"combining macron", "to\u0304kyo\u0304", "とうきょう", true},
		{"upper-case macron", "ŌSAKA", "おうさか", true},
		{"hyphen is ー", "ko-hi-", "こーひー", true},
		// Case, width, spaces and punctuation.
		{"upper case", "TABERU", "たべる", true},
		{"mixed case", "TaBeRu", "たべる", true},
		{"full-width letters", "ｔａｂｅｒｕ", "たべる", true},
		{"spaces dropped", "ohayou gozaimasu", "おはようございます", true},
		{"ideographic space", "jaa\u3000ne", "じゃあね", true},
		{"punctuation", "hai.", "はい。", true},
		{"question mark", "genki desu ka?", "げんきですか？", true},
		{"comma and bang", "hai, hai!", "はい、はい！", true},
		{"slash is ・", "a/i", "あ・い", true},
		{"kana kept", "たbeる", "たべる", true},
		{"katakana kept", "テレbi", "テレび", true},
		{"empty", "", "", true},
		// What does not spell kana.
		{"trailing consonant", "tak", "たk", false},
		{"lone q", "q", "q", false},
		{"digit", "5fun", "5ふん", false},
		{"kanji", "食beru", "食べる", false},
		{"x alone", "x", "x", false},
		{"double consonant at the end", "kk", "っk", false},
		{"c alone", "ca", "cあ", false},
		{"ny before a consonant", "nyk", "んyk", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ToHiragana(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ToHiragana(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestToKatakana(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ko-hi-", "コーヒー", true},
		{"koohii", "コオヒイ", true},
		{"terebi", "テレビ", true},
		{"vaiorin", "ヴァイオリン", true},
		{"pa-thi-", "パーティー", true},
		{"fooku", "フォオク", true},
		{"chekku", "チェック", true},
		{"xke", "ヶ", true},
		{"ひらがな", "ヒラガナ", true},
		{"zz", "ッz", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ToKatakana(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ToKatakana(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
