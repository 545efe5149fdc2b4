package kana

import "strings"

// ToRomaji writes kana, hiragana or katakana, in Hepburn romaji with long
// vowels doubled, as the starter vocabulary spells it:
//
//   - おう→ou, えい→ei, うう→uu, おお→oo; ー repeats the vowel before it
//     (コーヒー→koohii, ラーメン→raamen), or is "-" where there is none.
//   - っ doubles the next consonant (きって→kitte, まっちゃ→matcha), and is
//     xtsu where no consonant follows (あっ→axtsu).
//   - ん is n, and n' before a vowel, y or another ん (きんえん→kin'en,
//     こんや→kon'ya), so that ToHiragana reads it back.
//   - Hepburn where it differs from wāpuro: し shi, ち chi, つ tsu, ふ fu,
//     じ and ぢ ji, ず and づ zu, を o, ゐ i, ゑ e, ティ ti, ディ di, トゥ tu,
//     ドゥ du, テュ tyu, デュ dyu, ウォ wo. Those do not come back from
//     ToHiragana as the same kana; every other kana does.
//   - A small kana that does not join the kana before it is written with x
//     (ぁ→xa, ゃ→xya, ゎ→xwa); ゝゞ repeat the kana before them.
//   - 。、・「」〜 become . , space [ ] ~; everything else that is not kana
//     is kept as it is (after Normalize).
func ToRomaji(kana string) string {
	pieces := romajiPieces([]rune(Normalize(kana)))
	var b strings.Builder
	for k, p := range pieces {
		var next piece
		if k+1 < len(pieces) {
			next = pieces[k+1]
		}
		switch p.kind {
		case pieceText:
			b.WriteString(p.romaji)
		case pieceSokuon:
			r := next.romaji
			switch {
			case next.kind != pieceText || r == "":
				b.WriteString("xtsu")
			case strings.HasPrefix(r, "ch"):
				b.WriteByte('t')
			case isDoublingConsonant(rune(r[0])):
				b.WriteByte(r[0])
			default:
				b.WriteString("xtsu")
			}
		case pieceN:
			if next.kind == pieceN || (next.kind == pieceText && next.romaji != "" &&
				(isVowel(rune(next.romaji[0])) || next.romaji[0] == 'y')) {
				b.WriteString("n'")
			} else {
				b.WriteByte('n')
			}
		case pieceChoon:
			out := b.String()
			if last := len(out) - 1; last >= 0 && isVowel(rune(out[last])) {
				b.WriteByte(out[last])
			} else {
				b.WriteByte('-')
			}
		}
	}
	return b.String()
}

type pieceKind int

const (
	pieceText   pieceKind = iota // a syllable or anything else, spelled out
	pieceSokuon                  // っ, spelled by what follows
	pieceN                       // ん, spelled by what follows
	pieceChoon                   // ー, spelled by what precedes
)

type piece struct {
	kind   pieceKind
	romaji string
}

// romajiPieces cuts kana into syllables (a kana with the small kana that
// joins it), spelled in Hepburn, leaving っ, ん and ー to ToRomaji.
func romajiPieces(rs []rune) []piece {
	pieces := make([]piece, 0, len(rs))
	var prev rune // the last kana, for ゝ and ゞ
	for i := 0; i < len(rs); i++ {
		r := toHiraganaRune(rs[i])
		switch r {
		case 'ゝ', 'ゞ':
			if prev == 0 {
				break // nothing to repeat: kept as it is
			}
			if p, ok := plainForms[prev]; ok {
				prev = p
			}
			if r == 'ゞ' {
				if v, ok := voicedForms[prev]; ok {
					prev = v
				}
			}
			r = prev
		}
		switch r {
		case sokuon:
			pieces = append(pieces, piece{kind: pieceSokuon})
			prev = r
			continue
		case hatsuon:
			pieces = append(pieces, piece{kind: pieceN})
			prev = r
			continue
		case choon:
			pieces = append(pieces, piece{kind: pieceChoon})
			continue
		}
		prev = r
		if i+1 < len(rs) {
			if s, ok := joinedRomaji(r, toHiraganaRune(rs[i+1])); ok {
				pieces = append(pieces, piece{romaji: s})
				i++
				continue
			}
		}
		s, ok := kanaRomaji[r]
		if !ok {
			s = string(r)
		}
		pieces = append(pieces, piece{romaji: s})
	}
	return pieces
}

// joinedRomaji spells a kana followed by a small kana that joins it (きゃ,
// しぇ, ふぁ, ティ), and reports false when the two do not join.
func joinedRomaji(r, small rune) (string, bool) {
	if s, ok := joinedKana[string([]rune{r, small})]; ok {
		return s, true
	}
	var yv string
	switch small {
	case 'ゃ':
		yv = "a"
	case 'ゅ':
		yv = "u"
	case 'ょ':
		yv = "o"
	default:
		return "", false
	}
	base, ok := kanaRomaji[r]
	if !ok || len(base) < 2 || base[0] == 'x' || !strings.HasSuffix(base, "i") {
		return "", false // only a full-size i-row kana with a consonant takes ゃゅょ
	}
	stem := base[:len(base)-1]
	switch stem {
	case "sh", "ch", "j":
		return stem + yv, true
	}
	return stem + "y" + yv, true
}

// joinedKana spells the pairs that are not an i-row kana with ゃゅょ.
var joinedKana = map[string]string{
	"いぇ": "ye", "うぃ": "wi", "うぇ": "we", "うぉ": "wo",
	"しぇ": "she", "ちぇ": "che", "じぇ": "je",
	"ふぁ": "fa", "ふぃ": "fi", "ふぇ": "fe", "ふぉ": "fo", "ふゃ": "fya", "ふゅ": "fyu", "ふょ": "fyo",
	"ゔぁ": "va", "ゔぃ": "vi", "ゔぇ": "ve", "ゔぉ": "vo", "ゔゃ": "vya", "ゔゅ": "vyu", "ゔょ": "vyo",
	"つぁ": "tsa", "つぃ": "tsi", "つぇ": "tse", "つぉ": "tso",
	"てぃ": "ti", "でぃ": "di", "とぅ": "tu", "どぅ": "du", "てゅ": "tyu", "でゅ": "dyu",
}

// kanaRomaji spells each kana on its own. Keys are hiragana, except for the
// katakana ヷヸヹヺ, which have none.
var kanaRomaji = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o",
	'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go",
	'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so",
	'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo",
	'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do",
	'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no",
	'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho",
	'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po",
	'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo",
	'や': "ya", 'ゆ': "yu", 'よ': "yo",
	'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro",
	'わ': "wa", 'ゐ': "i", 'ゑ': "e", 'を': "o", 'ゔ': "vu",
	'ぁ': "xa", 'ぃ': "xi", 'ぅ': "xu", 'ぇ': "xe", 'ぉ': "xo",
	'ゃ': "xya", 'ゅ': "xyu", 'ょ': "xyo", 'ゎ': "xwa", 'ゕ': "xka", 'ゖ': "xke",
	'ヷ': "va", 'ヸ': "vi", 'ヹ': "ve", 'ヺ': "vo",
	'。': ".", '、': ",", '・': " ", '「': "[", '」': "]", '〜': "~",
}
