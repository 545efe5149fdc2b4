// Package grade decides whether an answer typed in the Typing activity is
// right: a reading typed in kana or romaji, or an English meaning.
//
// Reading compares exactly what the learner's keys spell, with three
// allowances only: the script (katakana = hiragana), the width and case of
// what was typed, and how a long vowel is marked. Everything that tells one
// word from another stays distinct: おう and おお (とうい is not とおい), ず and
// づ, じ and ぢ, は and わ, を and お, small っ and its absence, ん and の.
// Spoken, which Typing grades readings with, also takes what the word's own
// romaji spells: how it sounds, where its kana write it otherwise.
package grade

import (
	"strings"
	"unicode"

	"langportal/db/kana"
)

// Reading reports whether answer is the reading expected (both in kana,
// expected as stored). The two are compared after:
//
//   - kana.Normalize and lower case (ＫＡＮＡ, ｶﾅ), then romaji to kana with
//     kana.ToHiragana (so du is づ, zu ず, di ぢ, ji じ, wo を, and
//     konnichiwa is こんにちわ, which is not こんにちは: the particle は must be
//     typed ha or は), then katakana to hiragana;
//   - dropping spaces, punctuation and symbols (ASCII and Japanese: 。、・「」
//     ！？ …), but not ー.
//
// A long vowel may be marked three ways, and they are equal where the sound
// is: ー (typed, or - in romaji), a macron or circumflex (ō, ô), or the kana
// spelling it. Marking the length without spelling it (ー, ō) matches either
// kana spelling of that sound: ー after an o-sound matches お or う, after an
// e-sound え or い, else the same vowel. So コーヒー is right as こーひー,
// koohii, kouhii or kōhī, and とおい as tooi, tōi or to-i; but a spelled-out
// vowel must be the right one: toui (とうい) is wrong for とおい and tooi
// wrong for とうい. An empty answer is wrong.
func Reading(answer, expected string) bool {
	a, e := readingRunes(answer), readingRunes(expected)
	if len(e) == 0 || len(a) != len(e) {
		return false
	}
	for i := range e {
		if a[i] == e[i] {
			continue
		}
		var spelled rune // the kana facing the ー
		switch {
		case a[i] == choon:
			spelled = e[i]
		case e[i] == choon:
			spelled = a[i]
		default:
			return false
		}
		if !lengthens(spelled, soundBefore(a, e, i)) {
			return false
		}
	}
	return true
}

// Spoken reports whether answer is the word's reading as Reading grades it,
// or spells what the word's romaji says. The romaji writes the word as it
// is pronounced (Hepburn), where the kana may not: the particles は, を and
// へ are read wa, o and e, and づ and ぢ sound as ず and じ. A learner who
// types konnichiwa for こんにちは, or hears つづく and types tsuzuku, is
// right; one who types わな for はな (romaji hana) is not.
func Spoken(answer, reading, romaji string) bool {
	if Reading(answer, reading) {
		return true
	}
	if strings.TrimSpace(romaji) == "" {
		return false
	}
	said, ok := kana.ToHiragana(strings.ToLower(romaji))
	return ok && Reading(answer, said)
}

const choon = 'ー'

// readingRunes is a reading as Reading compares it.
func readingRunes(s string) []rune {
	s = macronsToChoon(strings.ToLower(kana.Normalize(s)))
	h, _ := kana.ToHiragana(s)
	h = kana.KatakanaToHiragana(h)
	out := make([]rune, 0, len(h))
	for _, r := range h {
		if r != choon && (unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// macronsToChoon writes each long vowel mark of romaji as the vowel and "-"
// (ō → o-), which ToHiragana makes ー: a macron says the vowel is long, not
// whether it is spelled おう or おお, so it is graded like ー.
func macronsToChoon(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case 'ā', 'â':
			b.WriteString("a-")
		case 'ī', 'î':
			b.WriteString("i-")
		case 'ū', 'û':
			b.WriteString("u-")
		case 'ē', 'ê':
			b.WriteString("e-")
		case 'ō', 'ô':
			b.WriteString("o-")
		case '\u0304', '\u0302':
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// soundBefore returns the kana before position i that a long vowel mark at i
// lengthens, looking past earlier marks (こーー); 0 when there is none.
func soundBefore(a, e []rune, i int) rune {
	for j := i - 1; j >= 0; j-- {
		if e[j] != choon {
			return e[j]
		}
		if a[j] != choon {
			return a[j]
		}
	}
	return 0
}

// lengthens reports whether the kana v spells the lengthening of the kana
// before: its own vowel, or う after an o-sound and い after an e-sound.
func lengthens(v, before rune) bool {
	bv, ok := kana.Vowel(before)
	if !ok {
		return false
	}
	return v == bv || (bv == 'お' && v == 'う') || (bv == 'え' && v == 'い')
}

// Meaning reports whether answer is one of the English senses of english.
// Both sides are split into senses on , ; / and each sense is compared after
// kana.Normalize (full-width letters), lower case, dropping notes in
// parentheses or brackets ("(polite)"), dropping apostrophes (don't = dont),
// treating other punctuation and symbols as spaces (so surrounding
// punctuation, a trailing "." and extra spaces do not count), and then
// ignoring a leading "to" and a leading article (a, an, the) when words
// follow them. The answer is right when it has at least one sense and every
// one of them is a sense of english ("eat" and "to eat" for "to eat"; "look
// at" for "see, look at"; "see, look" is wrong there).
func Meaning(answer, english string) bool {
	want := map[string]bool{}
	for _, s := range senses(english) {
		want[s] = true
	}
	got := senses(answer)
	if len(got) == 0 {
		return false
	}
	for _, s := range got {
		if !want[s] {
			return false
		}
	}
	return true
}

// senses splits an English text into its senses, each normalised as
// Meaning describes; empty senses are left out.
func senses(text string) []string {
	text = dropNotes(strings.ToLower(kana.Normalize(text)))
	var out []string
	for _, part := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == '、'
	}) {
		if s := normalizeSense(part); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dropNotes removes parenthesised and bracketed notes, nested or not; an
// unclosed one runs to the end.
func dropNotes(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

func normalizeSense(s string) string {
	s = strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return -1
		}
		return r
	}, s)
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
	if len(words) > 1 && words[0] == "to" {
		words = words[1:]
	}
	if len(words) > 1 && (words[0] == "a" || words[0] == "an" || words[0] == "the") {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' || r == '`' }
