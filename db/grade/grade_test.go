package grade

import "testing"

func TestReading(t *testing.T) {
	tests := []struct {
		name, answer, expected string
		want                   bool
	}{
		// Romaji and kana, as typed.
		{"romaji", "taberu", "たべる", true},
		{"hiragana", "たべる", "たべる", true},
		{"upper-case romaji", "TABERU", "たべる", true},
		{"full-width romaji", "ｔａｂｅｒｕ", "たべる", true},
		{"surrounding spaces", "  taberu ", "たべる", true},
		{"spaces inside", "ohayou gozaimasu", "おはようございます", true},
		{"trailing full stop", "taberu.", "たべる", true},
		{"Japanese punctuation", "はい、たべる。", "はいたべる", true},
		{"expected with punctuation", "genki desu ka", "げんきですか？", true},
		{"middle dot dropped", "kokakoora", "コカ・コーラ", true},
		{"wrong word", "nomu", "たべる", false},
		{"a kana short", "tabe", "たべる", false},
		{"a kana more", "taberuu", "たべる", false},
		{"empty answer", "", "たべる", false},
		{"only punctuation", "。", "たべる", false},
		{"unconvertible letters", "tabqru", "たべる", false},
		{"empty expected", "", "", false},
		// Script.
		{"katakana typed for a hiragana reading", "タベル", "たべる", true},
		{"hiragana typed for a katakana reading", "てれび", "テレビ", true},
		{"half-width katakana typed", "ﾃﾚﾋﾞ", "テレビ", true},
		{"mixed scripts typed", "テれbi", "テレビ", true},
		// ん.
		{"n at the end", "hon", "ほん", true},
		{"nn at the end", "honn", "ほん", true},
		{"n' before a vowel", "kin'en", "きんえん", true},
		{"n before a vowel is the n row", "kinen", "きんえん", false},
		{"n before a consonant", "shinbun", "しんぶん", true},
		{"m before b", "shimbun", "しんぶん", true},
		{"nn before a vowel", "onna", "おんな", true},
		{"one n too few", "ona", "おんな", false},
		// っ.
		{"small っ typed as a double consonant", "kitte", "きって", true},
		{"small っ missing", "kite", "きって", false},
		{"big つ for small っ", "kitsute", "きって", false},
		{"tch", "matcha", "まっちゃ", true},
		{"cch", "macha", "まっちゃ", false},
		{"っ typed with xtsu", "kixtsute", "きって", true},
		// おう and おお.
		{"ou for おう", "toukyou", "とうきょう", true},
		{"oo for おお", "tooi", "とおい", true},
		{"ou for おお is a different reading", "toui", "とおい", false},
		{"oo for おう is a different reading", "tookyou", "とうきょう", false},
		{"おう typed in kana for おお", "とうい", "とおい", false},
		{"ei for えい", "sensei", "せんせい", true},
		{"ee for えい", "sensee", "せんせい", false},
		// Macrons and ー say a vowel is long, not how it is spelled.
		{"macron for おう", "tōkyō", "とうきょう", true},
		{"macron for おお", "tōi", "とおい", true},
		{"upper-case macron", "TŌKYŌ", "とうきょう", true},
		{"circumflex", "tôkyô", "とうきょう", true},
		{"combining macron", "to\u0304i", "とおい", true},
		{"macron for えい", "sensē", "せんせい", true},
		{"macron for いい", "onīsan", "おにいさん", true},
		{"macron where the vowel is short", "tōkyō", "ときょう", false},
		{"macron on the wrong vowel", "tāi", "とおい", false},
		{"hyphen for おお", "to-i", "とおい", true},
		// ー in katakana words.
		{"koohii", "koohii", "コーヒー", true},
		{"kouhii", "kouhii", "コーヒー", true},
		{"ko-hi-", "ko-hi-", "コーヒー", true},
		{"こーひー", "こーひー", "コーヒー", true},
		{"こおひい", "こおひい", "コーヒー", true},
		{"kōhī", "kōhī", "コーヒー", true},
		{"long vowel left out", "kohi", "コーヒー", false},
		{"wrong vowel for ー", "kaahii", "コーヒー", false},
		{"ー after a contracted sound", "juusu", "ジュース", true},
		{"ー after e spelled ei", "seitaa", "セーター", true},
		{"ー after a spelled u", "rauumen", "ラーメン", false},
		{"ー after ん matches nothing", "nn", "ンー", false},
		// づ/ず, ぢ/じ, は/わ, を/お: strict.
		{"du for づ", "tsuduku", "つづく", true},
		{"zu for づ", "tsuzuku", "つづく", false},
		{"づ typed", "つづく", "つづく", true},
		{"ず typed for づ", "つずく", "つづく", false},
		{"du for ず", "midu", "みず", false},
		{"di for ぢ", "hanadi", "はなぢ", true},
		{"ji for ぢ", "hanaji", "はなぢ", false},
		{"di for じ", "dikan", "じかん", false},
		{"konnichiha", "konnichiha", "こんにちは", true},
		{"konnichiwa", "konnichiwa", "こんにちは", false},
		{"こんにちは typed", "こんにちは", "こんにちは", true},
		{"wo for を", "kiwotsukete", "きをつけて", true},
		{"o for を", "kiotsukete", "きをつけて", false},
		// Wāpuro spellings.
		{"si tu hu", "sitatu", "したつ", true},
		{"tya", "otya", "おちゃ", true},
		{"zya", "zyaane", "じゃあね", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reading(tt.answer, tt.expected); got != tt.want {
				t.Errorf("Reading(%q, %q) = %v, want %v", tt.answer, tt.expected, got, tt.want)
			}
		})
	}
}

func TestMeaning(t *testing.T) {
	tests := []struct {
		name, answer, english string
		want                  bool
	}{
		{"exact", "to eat", "to eat", true},
		{"without to", "eat", "to eat", true},
		{"to added", "to see", "see, look at", true},
		{"second sense", "look at", "see, look at", true},
		{"first sense", "see", "see, look at", true},
		{"semicolon", "watch", "see; watch", true},
		{"slash", "cheap", "cheap/inexpensive", true},
		{"all senses typed", "see, look at", "see, look at", true},
		{"one sense of the answer not a sense", "see, look", "see, look at", false},
		{"part of a sense", "look", "see, look at", false},
		{"trailing full stop", "eat.", "to eat", true},
		{"surrounding punctuation", "\"eat!\"", "to eat", true},
		{"upper case", "EAT", "to eat", true},
		{"full-width letters", "ｅａｔ", "to eat", true},
		{"extra spaces", "  to   eat  ", "to eat", true},
		{"article a", "a dog", "dog", true},
		{"article dropped", "dog", "a dog", true},
		{"article the", "bill", "the bill, please", true},
		{"article an", "apple", "an apple", true},
		{"to and an article", "to the station", "station", true},
		{"note in parentheses ignored", "hot", "hot (weather)", true},
		{"note typed too", "hot (weather)", "hot (weather)", true},
		{"note typed alone", "weather", "hot (weather)", false},
		{"note with a comma inside", "exist", "to exist (people, animals)", true},
		{"note in brackets", "thanks", "thanks [polite]", true},
		{"apostrophe", "Im sorry", "I'm sorry", true},
		{"typographic apostrophe", "I’m home", "I'm home", true},
		{"question mark", "how are you", "how are you?", true},
		{"hyphen as a space", "well known", "well-known", true},
		{"to alone is a word", "to", "to", true},
		{"be able to", "be able to", "to be able to", true},
		{"wrong meaning", "drink", "to eat", false},
		{"close but wrong", "eats", "to eat", false},
		{"empty answer", "", "to eat", false},
		{"only punctuation", "...", "to eat", false},
		{"only a note", "(polite)", "to eat", false},
		{"empty english", "eat", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Meaning(tt.answer, tt.english); got != tt.want {
				t.Errorf("Meaning(%q, %q) = %v, want %v", tt.answer, tt.english, got, tt.want)
			}
		})
	}
}

func TestSpoken(t *testing.T) {
	tests := []struct {
		name, answer, reading, romaji string
		want                          bool
	}{
		{"the reading", "taberu", "たべる", "taberu", true},
		{"kana typed", "たべる", "たべる", "taberu", true},
		{"wrong", "nomu", "たべる", "taberu", false},
		{"particle は as the romaji says it", "konnichiwa", "こんにちは", "konnichiwa", true},
		{"particle は as kana typed from the romaji", "こんにちわ", "こんにちは", "konnichiwa", true},
		{"particle は spelled", "konnichiha", "こんにちは", "konnichiwa", true},
		{"particle を as o", "ki o tsukete", "きをつけて", "ki o tsukete", true},
		{"particle を as o without spaces", "kiotsukete", "きをつけて", "ki o tsukete", true},
		{"づ as Hepburn zu", "tsuzuku", "つづく", "tsuzuku", true},
		{"づ as kana ず", "つずく", "つづく", "tsuzuku", true},
		{"ぢ as Hepburn ji", "hanaji", "はなぢ", "hanaji", true},
		{"わ for a は that is read ha", "wana", "はな", "hana", false},
		{"お for a を the romaji does not say", "o", "を", "wo", false},
		{"long vowel marked", "tōkyō", "とうきょう", "Tōkyō", true},
		{"romaji with capitals", "tokyo", "とうきょう", "Tōkyō", false},
		{"no romaji: the reading only", "konnichiwa", "こんにちは", "", false},
		{"romaji not convertible: the reading only", "taberu", "たべる", "tab3ru", true},
		{"empty answer", "", "たべる", "taberu", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Spoken(tt.answer, tt.reading, tt.romaji); got != tt.want {
				t.Errorf("Spoken(%q, %q, %q) = %v, want %v", tt.answer, tt.reading, tt.romaji, got, tt.want)
			}
		})
	}
}
