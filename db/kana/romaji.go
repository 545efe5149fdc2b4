package kana

import (
	"strings"
	"unicode"
)

// ToHiragana converts romaji to hiragana, reading Hepburn and the wāpuro
// spellings learners type. The input is normalised first (Normalize, lower
// case), so ＴＡＢＥＲＵ and Taberu read as taberu. The rules:
//
//   - Syllables: Hepburn (shi, chi, tsu, fu, ji, sha, cha, ja) and wāpuro
//     (si, ti, tu, hu, zi, sya, tya, cya, zya, jya); di→ぢ, du→づ, dya→ぢゃ;
//     wo→を; fa fi fe fo→ふぁ…; va vi vu ve vo→ゔぁ ゔぃ ゔ ゔぇ ゔぉ; ye→いぇ,
//     she→しぇ, che→ちぇ, je→じぇ; thi→てぃ, dhi→でぃ, twu→とぅ, dwu→どぅ.
//   - ん: n' anywhere; nn before a consonant or at the end; n before a
//     consonant, a non-letter or the end; m before b or p (shimbun). nn before
//     a vowel or y is ん followed by the n-syllable, so Hepburn onna is おんな
//     and konnichiwa こんにちわ (an IME would want onnna).
//   - っ: a doubled consonant (kk, ss, tt, pp, jj, …) and tch (matcha → まっちゃ).
//   - Small kana: an x or l prefix (xa, la, xtsu, ltu, xya, xwa, xka).
//   - Long vowels: doubled letters are kept as typed (ou→おう, oo→おお,
//     uu→うう); macrons and circumflexes (ā ī ū ē ō, â …, also combining)
//     become ああ いい うう ええ おう; "-" becomes ー.
//   - Spaces and apostrophes are dropped (after ending an n: kan'i, hon ya);
//     . , ? ! ~ [ ] / become 。、？！〜「」・.
//   - Kana already in the input are kept as they are.
//
// The bool reports whether the whole input was converted: it is false when a
// letter or digit was left over (tak, 5, 食), and the string then holds the
// best partial conversion, with the leftovers in place.
func ToHiragana(romaji string) (string, bool) {
	src := expandMacrons(strings.ToLower(Normalize(romaji)))
	var b strings.Builder
	b.Grow(len(src))
	for i := 0; i < len(src); {
		r := src[i]
		next := func(k int) rune { // the rune k places after r, or 0
			if i+k < len(src) {
				return src[i+k]
			}
			return 0
		}
		switch {
		case unicode.IsSpace(r) || r == '\'' || r == '’':
			i++
			continue
		case r == 'n':
			n1, n2 := next(1), next(2)
			switch {
			case isVowel(n1) || (n1 == 'y' && isVowel(n2)):
				// a syllable of the n row, looked up below
			case n1 == 'n' && (isVowel(n2) || n2 == 'y'):
				b.WriteRune(hatsuon) // onna, konnichiwa, konnyaku
				i++
				continue
			case n1 == 'n' || n1 == '\'' || n1 == '’':
				b.WriteRune(hatsuon)
				i += 2
				continue
			default:
				b.WriteRune(hatsuon)
				i++
				continue
			}
		case r == 'm' && (next(1) == 'b' || next(1) == 'p'):
			b.WriteRune(hatsuon)
			i++
			continue
		case isDoublingConsonant(r) && next(1) == r,
			r == 't' && next(1) == 'c' && next(2) == 'h':
			b.WriteRune(sokuon)
			i++
			continue
		}
		if kana, n := lookupRomaji(src[i:]); n > 0 {
			b.WriteString(kana)
			i += n
			continue
		}
		if p, ok := romajiPunct[r]; ok {
			r = p
		}
		b.WriteRune(r)
		i++
	}
	out := b.String()
	return out, fullyConverted(out)
}

// ToKatakana converts romaji to katakana: ToHiragana, then HiraganaToKatakana.
// Long vowels come out as typed (koohii → コオヒイ); type "-" for ー (ko-hi-).
func ToKatakana(romaji string) (string, bool) {
	h, ok := ToHiragana(romaji)
	return HiraganaToKatakana(h), ok
}

// fullyConverted reports whether no letter or digit outside kana is left in s.
func fullyConverted(s string) bool {
	for _, r := range s {
		if (unicode.IsLetter(r) && !isKanaRune(r)) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func isVowel(r rune) bool { return r == 'a' || r == 'i' || r == 'u' || r == 'e' || r == 'o' }

// isDoublingConsonant reports whether a doubled r spells っ: every consonant
// but n (nn is ん) and the small-kana prefixes x and l.
func isDoublingConsonant(r rune) bool {
	return r >= 'b' && r <= 'z' && !isVowel(r) && r != 'n' && r != 'x' && r != 'l'
}

// expandMacrons lowers s to runes and spells each long vowel mark out in
// letters, so that the syllable table never sees one: ō → ou, ā → aa.
func expandMacrons(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if v, ok := macrons[r]; ok {
			out = append(out, []rune(v)...)
			continue
		}
		if (r == '\u0304' || r == '\u0302') && len(out) > 0 {
			if v, ok := longVowelTail[out[len(out)-1]]; ok {
				out = append(out, v)
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

var macrons = map[rune]string{
	'ā': "aa", 'ī': "ii", 'ū': "uu", 'ē': "ee", 'ō': "ou",
	'â': "aa", 'î': "ii", 'û': "uu", 'ê': "ee", 'ô': "ou",
}

// longVowelTail is the letter a macron adds after each vowel.
var longVowelTail = map[rune]rune{'a': 'a', 'i': 'i', 'u': 'u', 'e': 'e', 'o': 'u'}

var romajiPunct = map[rune]rune{
	'-': choon, '.': '。', ',': '、', '?': '？', '!': '！', '~': '〜', '[': '「', ']': '」', '/': nakaguro,
}

// lookupRomaji finds the longest syllable at the start of src and returns
// its kana and its length in runes, or 0 when none starts there.
func lookupRomaji(src []rune) (string, int) {
	for n := min(maxSyllable, len(src)); n > 0; n-- {
		if k, ok := syllables[string(src[:n])]; ok {
			return k, n
		}
	}
	return "", 0
}

const maxSyllable = 4 // xtsu, ltsu

// syllables maps every romaji syllable ToHiragana reads to its hiragana.
// ん and っ are decided by rules in ToHiragana, not here.
var syllables = func() map[string]string {
	m := map[string]string{
		"a": "あ", "i": "い", "u": "う", "e": "え", "o": "お",
		"ye": "いぇ", "wa": "わ", "wi": "うぃ", "we": "うぇ", "wo": "を",
		"shi": "し", "si": "し", "chi": "ち", "ti": "ち", "tsu": "つ", "tu": "つ",
		"fu": "ふ", "hu": "ふ", "ji": "じ", "zi": "じ", "di": "ぢ", "du": "づ",
		"dzi": "ぢ", "dzu": "づ",
		"fa": "ふぁ", "fi": "ふぃ", "fe": "ふぇ", "fo": "ふぉ",
		"fya": "ふゃ", "fyu": "ふゅ", "fyo": "ふょ",
		"va": "ゔぁ", "vi": "ゔぃ", "vu": "ゔ", "ve": "ゔぇ", "vo": "ゔぉ",
		"vya": "ゔゃ", "vyu": "ゔゅ", "vyo": "ゔょ",
		"tsa": "つぁ", "tsi": "つぃ", "tse": "つぇ", "tso": "つぉ",
		"thi": "てぃ", "thu": "てゅ", "dhi": "でぃ", "dhu": "でゅ", "twu": "とぅ", "dwu": "どぅ",
		"xtsu": "っ", "ltsu": "っ", "xtu": "っ", "ltu": "っ",
		"xwa": "ゎ", "lwa": "ゎ", "xka": "ゕ", "lka": "ゕ", "xke": "ゖ", "lke": "ゖ",
	}
	// Rows: the consonant, then the kana for a i u e o ("" where the row
	// has no such syllable or the table above spells it).
	rows := []struct {
		c    string
		kana [5]string
	}{
		{"k", [5]string{"か", "き", "く", "け", "こ"}},
		{"g", [5]string{"が", "ぎ", "ぐ", "げ", "ご"}},
		{"s", [5]string{"さ", "", "す", "せ", "そ"}},
		{"z", [5]string{"ざ", "", "ず", "ぜ", "ぞ"}},
		{"t", [5]string{"た", "", "", "て", "と"}},
		{"d", [5]string{"だ", "", "", "で", "ど"}},
		{"n", [5]string{"な", "に", "ぬ", "ね", "の"}},
		{"h", [5]string{"は", "ひ", "", "へ", "ほ"}},
		{"b", [5]string{"ば", "び", "ぶ", "べ", "ぼ"}},
		{"p", [5]string{"ぱ", "ぴ", "ぷ", "ぺ", "ぽ"}},
		{"m", [5]string{"ま", "み", "む", "め", "も"}},
		{"y", [5]string{"や", "", "ゆ", "", "よ"}},
		{"r", [5]string{"ら", "り", "る", "れ", "ろ"}},
		{"x", [5]string{"ぁ", "ぃ", "ぅ", "ぇ", "ぉ"}},
		{"l", [5]string{"ぁ", "ぃ", "ぅ", "ぇ", "ぉ"}},
	}
	for _, row := range rows {
		for v, k := range row.kana {
			if k != "" {
				m[row.c+string("aiueo"[v])] = k
			}
		}
	}
	// Contracted sounds: a spelling of the i-row kana, then ゃ ゅ ょ (and ぇ
	// where learners spell one: sye, jye, …).
	small := map[string]string{"a": "ゃ", "u": "ゅ", "o": "ょ"}
	for prefix, iKana := range map[string]string{
		"ky": "き", "gy": "ぎ", "sy": "し", "sh": "し", "zy": "じ", "jy": "じ", "j": "じ",
		"ty": "ち", "cy": "ち", "ch": "ち", "dy": "ぢ", "ny": "に", "hy": "ひ",
		"by": "び", "py": "ぴ", "my": "み", "ry": "り", "xy": "", "ly": "",
	} {
		for v, s := range small {
			m[prefix+v] = iKana + s
		}
		switch prefix {
		case "sy", "sh", "zy", "jy", "j", "ty", "cy", "ch":
			m[prefix+"e"] = iKana + "ぇ"
		}
	}
	return m
}()
