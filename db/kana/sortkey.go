package kana

import "strings"

// SortKey returns a key for reading such that comparing keys byte by byte
// (Go's < on strings, SQLite's BINARY collation) orders readings in gojūon
// order, the order of a Japanese dictionary:
//
//   - Katakana sorts as hiragana (カ with か), width is folded (Normalize).
//   - First by the plain sounds alone: small kana as their full-size form
//     (っ as つ, ゃ as や), voiced and semi-voiced kana as the plain kana
//     (が and ぱ as か and は), ー as the vowel before it (カー as かあ), ゝ and ゞ
//     as the kana they repeat. So か < が < き and かき < がく < かけ.
//   - Then, where the sounds tie, position by position: plain < small <
//     dakuten < handakuten < ー. So つ < っ < づ, は < ば < ぱ, かあ < かー.
//   - Last, where everything else ties, hiragana before katakana.
//
// Non-kana runes sort by code point, lower-cased: ASCII before kana, kanji
// after. The key is three parts joined by \x01: the sounds, then one digit
// per rune for the marks, then one digit per rune for the script.
func SortKey(reading string) string {
	var sounds, marks, scripts strings.Builder
	var prev rune // the sound of the previous rune, for ー, ゝ and ゞ
	for _, r := range strings.ToLower(Normalize(reading)) {
		script := byte('0')
		if isKatakana(r) {
			script = '1'
		}
		h := toHiraganaRune(r)
		sound, mark := h, byte('0')
		switch {
		case h == choon:
			if v, ok := Vowel(prev); ok {
				sound = v
			}
			mark = '4'
		case h == 'ゝ' || h == 'ゞ':
			if prev != 0 {
				sound = prev
			}
			if h == 'ゞ' {
				mark = '2'
			}
		default:
			if large, ok := smallKana[h]; ok {
				sound, mark = large, '1'
			} else if plain, ok := plainForms[h]; ok {
				sound, mark = toHiraganaRune(plain), '2'
				if semiVoicedForms[plain] == h {
					mark = '3'
				}
			}
		}
		sounds.WriteRune(sound)
		marks.WriteByte(mark)
		scripts.WriteByte(script)
		prev = sound
	}
	return sounds.String() + "\x01" + marks.String() + "\x01" + scripts.String()
}

// smallKana maps each small hiragana to its full-size form.
var smallKana = map[rune]rune{
	'ぁ': 'あ', 'ぃ': 'い', 'ぅ': 'う', 'ぇ': 'え', 'ぉ': 'お', 'っ': 'つ',
	'ゃ': 'や', 'ゅ': 'ゆ', 'ょ': 'よ', 'ゎ': 'わ', 'ゕ': 'か', 'ゖ': 'け',
}
