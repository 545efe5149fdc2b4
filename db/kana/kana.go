// Package kana converts between romaji and kana and normalises Japanese text
// for comparison, search and sorting.
//
// Everything here is a pure function of its arguments: no I/O, no state.
// The conventions, in one place:
//
//   - ToHiragana reads Hepburn and the wāpuro spellings learners type.
//   - ToRomaji writes Hepburn with long vowels doubled (ou, ei, uu, oo).
//   - Normalize folds width only (full-width ASCII, half-width katakana);
//     Fold goes further for search (case, script, ー).
//   - SortKey orders readings in gojūon order.
package kana

import (
	"strings"
	"unicode"
)

// Code points that the conversions below treat specially.
const (
	choon     = 'ー' // katakana-hiragana prolonged sound mark
	nakaguro  = '・' // katakana middle dot, used inside katakana compounds
	sokuon    = 'っ'
	hatsuon   = 'ん'
	kataShift = 'ア' - 'あ' // distance from a hiragana to its katakana
)

// isHiragana reports whether r is a hiragana letter (small ones, ゔ and the
// iteration marks ゝゞ included; ー is not, it belongs to both scripts).
func isHiragana(r rune) bool {
	return (r >= 'ぁ' && r <= 'ゖ') || (r >= 'ゝ' && r <= 'ゟ')
}

// isKatakana reports whether r is a katakana letter, including the small
// phonetic extensions and the iteration marks ヽヾ (not ー or ・).
func isKatakana(r rune) bool {
	return (r >= 'ァ' && r <= 'ヺ') || (r >= 'ヽ' && r <= 'ヿ') || (r >= 'ㇰ' && r <= 'ㇿ')
}

// isKanaRune reports whether r may appear in a reading: a kana letter of
// either script, ー, or ・.
func isKanaRune(r rune) bool {
	return isHiragana(r) || isKatakana(r) || r == choon || r == nakaguro
}

// IsKana reports whether s is a reading: non-empty, made only of hiragana,
// katakana (small kana, ゔ/ヴ and iteration marks included), ー and ・, with at
// least one kana letter. Spaces and punctuation make it false: readings are
// stored without them (grading and Reading drop them).
func IsKana(s string) bool {
	letters := 0
	for _, r := range s {
		if !isKanaRune(r) {
			return false
		}
		if r != choon && r != nakaguro {
			letters++
		}
	}
	return letters > 0
}

// IsKatakana reports whether s is written in katakana: non-empty, only
// katakana letters, ー and ・, with at least one katakana letter.
func IsKatakana(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case isKatakana(r):
			letters++
		case r == choon || r == nakaguro:
		default:
			return false
		}
	}
	return letters > 0
}

// HiraganaToKatakana converts every hiragana in s to katakana (ゔ→ヴ, ゝゞ→ヽヾ)
// and leaves everything else, ー included, as it is.
func HiraganaToKatakana(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'ぁ' && r <= 'ゖ') || r == 'ゝ' || r == 'ゞ' {
			return r + kataShift
		}
		return r
	}, s)
}

// KatakanaToHiragana converts every katakana in s to hiragana (ヴ→ゔ, ヵヶ→ゕゖ,
// ヽヾ→ゝゞ) and leaves everything else, ー included, as it is. ヷヸヹヺ have no
// single hiragana and stay.
func KatakanaToHiragana(s string) string {
	return strings.Map(toHiraganaRune, s)
}

func toHiraganaRune(r rune) rune {
	if (r >= 'ァ' && r <= 'ヶ') || r == 'ヽ' || r == 'ヾ' {
		return r - kataShift
	}
	return r
}

// Vowel returns the vowel, as one of あいうえお, that the kana r ends in, in
// either script: か→あ, キ→い, ゃ→あ, ょ→お, ゔ→う. It reports false for kana
// without a vowel of their own (ん, っ, ー, iteration marks) and for non-kana.
func Vowel(r rune) (rune, bool) {
	v, ok := vowels[toHiraganaRune(r)]
	return v, ok
}

// vowels maps every hiragana with a vowel of its own to that vowel.
var vowels = func() map[rune]rune {
	rows := map[rune]string{
		'あ': "あぁかがさざただなはばぱまやゃらわゎゕ",
		'い': "いぃきぎしじちぢにひびぴみりゐ",
		'う': "うぅくぐすずつづぬふぶぷむゆゅるゔ",
		'え': "えぇけげせぜてでねへべぺめれゑゖ",
		'お': "おぉこごそぞとどのほぼぽもよょろを",
	}
	m := map[rune]rune{}
	for v, row := range rows {
		for _, r := range row {
			m[r] = v
		}
	}
	return m
}()

// Normalize folds width the way NFKC does for the characters learners meet:
// full-width ASCII (ｔａｂｅｒｕ, ？) becomes ASCII, the ideographic space a
// space, half-width katakana (ｺｰﾋｰ) full-width, and a kana followed by a
// combining or half-width (semi-)voiced mark is composed (か+゙→が). Case and
// script are kept; everything else passes through.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune = -1 // the last rune written, pending a voicing mark
	flush := func() {
		if prev >= 0 {
			b.WriteRune(prev)
		}
	}
	for _, r := range s {
		switch {
		case r >= '！' && r <= '～':
			r -= '！' - '!'
		case r == '\u3000':
			r = ' '
		case r >= '｡' && r <= 'ﾝ':
			r = halfWidthKana[r-'｡']
		case r == '\u3099' || r == 'ﾞ':
			if v, ok := voicedForms[prev]; ok {
				prev = v
				continue
			}
			r = '\u3099'
		case r == '\u309a' || r == 'ﾟ':
			if v, ok := semiVoicedForms[prev]; ok {
				prev = v
				continue
			}
			r = '\u309a'
		}
		flush()
		prev = r
	}
	flush()
	return b.String()
}

// halfWidthKana lists the full-width forms of U+FF61 (｡) to U+FF9D (ﾝ).
var halfWidthKana = []rune("。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン")

// voicedForms and semiVoicedForms map a kana to the kana with the dakuten or
// handakuten added, in both scripts; plainForms maps those back.
var voicedForms, semiVoicedForms, plainForms = func() (map[rune]rune, map[rune]rune, map[rune]rune) {
	voiced, semi, plain := map[rune]rune{}, map[rune]rune{}, map[rune]rune{}
	add := func(m map[rune]rune, from, to string) {
		f, t := []rune(from), []rune(to)
		for i := range f {
			m[f[i]] = t[i]
			plain[t[i]] = f[i]
			if f[i] >= 'ぁ' && f[i] <= 'ゖ' || f[i] == 'ゝ' {
				m[f[i]+kataShift] = t[i] + kataShift
				plain[t[i]+kataShift] = f[i] + kataShift
			}
		}
	}
	add(voiced, "かきくけこさしすせそたちつてとはひふへほうゝ", "がぎぐげござじずぜぞだぢづでどばびぶべぼゔゞ")
	add(voiced, "ワヰヱヲ", "ヷヸヹヺ")
	add(semi, "はひふへほ", "ぱぴぷぺぽ")
	return voiced, semi, plain
}()

// Fold prepares s for search, so that two strings match when their folds do:
// Normalize, lower case, katakana to hiragana, and ー after a kana written as
// that kana's vowel (コーヒー and こおひい both fold to こおひい, so the romaji
// query koohii finds コーヒー; kouhii does not). Fold(Fold(s)) == Fold(s).
func Fold(s string) string {
	s = KatakanaToHiragana(strings.ToLower(Normalize(s)))
	if !strings.ContainsRune(s, choon) {
		return s
	}
	rs := []rune(s)
	for i, r := range rs {
		if r == choon && i > 0 {
			if v, ok := Vowel(rs[i-1]); ok {
				rs[i] = v
			}
		}
	}
	return string(rs)
}

// isSpaceOrPunct reports whether r is dropped from readings: a space,
// punctuation or a symbol (ASCII or Japanese: 。、「」！？〜 …), but not ・ or
// ー, which are part of how words are written.
func isSpaceOrPunct(r rune) bool {
	if r == nakaguro || r == choon {
		return false
	}
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
}
