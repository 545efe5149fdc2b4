package kana

import "unicode"

// Reading derives a word's reading (in kana) from how it is written and its
// romaji, for words given without one:
//
//   - A word written only in kana is its own reading (width folded, spaces
//     and punctuation dropped): こんにちは stays こんにちは whatever its romaji
//     (konnichiwa), and コーヒー stays コーヒー, ー where the word has it.
//   - Otherwise the reading is ToHiragana(romaji), laid over the kana the word
//     is written with: each run of kanji (or other non-kana) takes at least
//     one kana of the romaji's, and each kana run must match the romaji's
//     kana, where は may be read わ, を お, へ え (particles), ぢ じ, づ ず
//     (Hepburn) and ー a long vowel. When it fits, the word's own kana are
//     kept: お名前は何ですか + onamae wa nan desu ka → おなまえはなんですか,
//     気をつけて + ki o tsukete → きをつけて.
//   - When it does not fit, or either is longer than 256 runes (a text, not
//     a word), the reading is ToHiragana(romaji) as it is.
//   - A word with katakana and neither hiragana nor kanji (Tシャツ) gets a
//     reading wholly in katakana; any other word one in hiragana, except for
//     the katakana the word itself is written with (ボール箱 → ボールばこ).
//
// Spaces and punctuation are dropped from the result (・ and ー are kept).
// Letters or digits the romaji did not spell stay in it, so IsKana on the
// result tells whether the derivation worked.
func Reading(japanese, romaji string) string {
	written := dropSpaceAndPunct(Normalize(japanese))
	if IsKana(string(written)) {
		return string(written)
	}
	spelled, _ := ToHiragana(romaji)
	derived := dropSpaceAndPunct(KatakanaToHiragana(spelled))
	reading := string(derived)
	if aligned, ok := align(written, derived); ok {
		reading = aligned
	}
	if isKatakanaWord(written) {
		reading = HiraganaToKatakana(reading)
	}
	return reading
}

func dropSpaceAndPunct(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if !isSpaceOrPunct(r) {
			out = append(out, r)
		}
	}
	return out
}

// isKatakanaWord reports whether written has katakana, and neither
// hiragana nor kanji.
func isKatakanaWord(written []rune) bool {
	katakana := false
	for _, r := range written {
		if isHiragana(r) || unicode.Is(unicode.Han, r) {
			return false
		}
		katakana = katakana || isKatakana(r)
	}
	return katakana
}

// segment is a run of the written word: kana to match, or other runes that
// take some of the derived kana.
type segment struct {
	kana  bool
	runes []rune
}

// maxAlign bounds the words align works on: a word is short, and the cost
// grows with the product of the two lengths.
const maxAlign = 256

// align lays derived over written (see Reading) and returns the reading
// with written's own kana, or false when no way of laying it fits.
func align(written, derived []rune) (string, bool) {
	if len(written) > maxAlign || len(derived) > maxAlign {
		return "", false
	}
	var segs []segment
	for _, r := range written {
		k := isKanaRune(r)
		if len(segs) == 0 || segs[len(segs)-1].kana != k {
			segs = append(segs, segment{kana: k})
		}
		segs[len(segs)-1].runes = append(segs[len(segs)-1].runes, r)
	}
	// fits[i][p] says whether segments i… can cover derived[p:], worked out
	// from the last segment back: a kana segment must match where it
	// starts, a run of kanji may end anywhere after it (any[q] says whether
	// the rest can start at q or later).
	n := len(derived)
	fits := make([][]bool, len(segs)+1)
	for i := range fits {
		fits[i] = make([]bool, n+1)
	}
	fits[len(segs)][n] = true
	for i := len(segs) - 1; i >= 0; i-- {
		s, rest := segs[i], fits[i+1]
		if s.kana {
			for p := 0; p+len(s.runes) <= n; p++ {
				fits[i][p] = rest[p+len(s.runes)] && kanaFits(s.runes, derived, p)
			}
			continue
		}
		later := false // whether rest[q] holds for some q > p
		for p := n; p >= 0; p-- {
			fits[i][p] = later
			later = later || rest[p]
		}
	}
	if !fits[0][0] {
		return "", false
	}
	var out []rune
	pos := 0
	for i, s := range segs {
		if s.kana {
			out = append(out, s.runes...)
			pos += len(s.runes)
			continue
		}
		end := pos + 1 // the shortest run of kana that lets the rest fit
		for !fits[i+1][end] {
			end++
		}
		out = append(out, derived[pos:end]...)
		pos = end
	}
	return string(out), true
}

// kanaFits reports whether the written kana match derived from pos on.
func kanaFits(written, derived []rune, pos int) bool {
	for i, w := range written {
		p := pos + i
		d := derived[p]
		h := toHiraganaRune(w)
		switch {
		case h == d:
		case h == 'は' && d == 'わ', h == 'を' && d == 'お', h == 'へ' && d == 'え':
		case h == 'ぢ' && d == 'じ', h == 'づ' && d == 'ず':
		case h == choon && p > 0 && isLongVowelOf(d, derived[p-1]):
		default:
			return false
		}
	}
	return true
}

// isLongVowelOf reports whether v lengthens the kana before it: the same
// vowel, or う after an o-sound and い after an e-sound (とう, せい).
func isLongVowelOf(v, before rune) bool {
	bv, ok := Vowel(before)
	if !ok {
		return false
	}
	return v == bv || (bv == 'お' && v == 'う') || (bv == 'え' && v == 'い')
}
