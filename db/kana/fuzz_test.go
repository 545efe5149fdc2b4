package kana

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzToHiragana: any input converts without panicking, to valid UTF-8, and
// a conversion reported whole has no ASCII letter left.
func FuzzToHiragana(f *testing.F) {
	for _, s := range []string{"", "taberu", "konnichiwa", "Tōkyō", "matcha", "n'", "nn", "xtsu", "ｔａｂｅｒｕ",
		"ko-hi-", "o\u0304", "\u0304", "たbeる", "\xff", "ﾊﾞ", "ﾞ", "tch", "mb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, ok := ToHiragana(in)
		if !utf8.ValidString(got) {
			t.Fatalf("ToHiragana(%q) = %q: not valid UTF-8", in, got)
		}
		if ok && strings.ContainsFunc(got, func(r rune) bool { return r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
			t.Fatalf("ToHiragana(%q) = %q, true: letters left over", in, got)
		}
		k, _ := ToKatakana(in)
		if HiraganaToKatakana(got) != k {
			t.Fatalf("ToKatakana(%q) = %q, want HiraganaToKatakana(%q)", in, k, got)
		}
		for _, s := range []string{ToRomaji(in), Fold(in), SortKey(in), Reading(in, in), Normalize(in)} {
			if !utf8.ValidString(s) {
				t.Fatalf("output %q for %q: not valid UTF-8", s, in)
			}
		}
		if f1 := Fold(in); Fold(f1) != f1 {
			t.Fatalf("Fold(Fold(%q)) = %q, want %q", in, Fold(f1), f1)
		}
	})
}

// roundTripKana is every hiragana whose Hepburn spelling ToHiragana reads
// back as that kana: all of them but ぢ and づ (ji, zu), を (o), ゐ and ゑ
// (i, e).
var roundTripKana = func() []rune {
	var rs []rune
	for r := 'ぁ'; r <= 'ゖ'; r++ {
		if !strings.ContainsRune("ぢづをゐゑ", r) {
			rs = append(rs, r)
		}
	}
	return rs
}()

// hepburnPairs are the pairs whose Hepburn spelling is a wāpuro spelling of
// other kana: ティ is ti, and ti is ち.
var hepburnPairs = []string{"てぃ", "でぃ", "とぅ", "どぅ", "てゅ", "でゅ", "うぉ"}

// FuzzRoundTrip: hiragana → romaji → hiragana gives the kana back, for
// every string of kana where Hepburn is not ambiguous. The fuzzer's bytes
// pick the kana, so that every input is a kana string.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"", "\x00", "abc", "\x10\x20\x30", "\x4a\x4a\x4a", "\xff\x00\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rs := make([]rune, len(data))
		for i, b := range data {
			rs[i] = roundTripKana[int(b)%len(roundTripKana)]
		}
		in := string(rs)
		for _, p := range hepburnPairs {
			if strings.Contains(in, p) {
				t.Skip("Hepburn spelling is ambiguous")
			}
		}
		r := ToRomaji(in)
		if got, ok := ToHiragana(r); got != in || !ok {
			t.Fatalf("ToHiragana(ToRomaji(%q) = %q) = %q, %v; want %q, true", in, r, got, ok, in)
		}
		if k := HiraganaToKatakana(in); ToRomaji(k) != r {
			t.Fatalf("ToRomaji(%q) = %q, want %q as for %q", k, ToRomaji(k), r, in)
		}
	})
}
