package db

import (
	"encoding/json"
	"slices"
	"testing"
	"unicode"

	"langportal/db/kana"
)

// referenceTerms is wordTerms as first written, over rune slices: the
// substring version must give the same terms.
func referenceTerms(t wordText) []string {
	var terms []string
	add := func(rs []rune) {
		if len(rs) == 1 && !unicode.Is(unicode.Han, rs[0]) {
			return
		}
		term := string(rs[:min(len(rs), termRunes)])
		if !slices.Contains(terms, term) {
			terms = append(terms, term)
		}
	}
	folded := [4]string{kana.Fold(t.japanese), kana.Fold(t.reading), kana.Fold(t.romaji), kana.Fold(t.english)}
	for i, field := range folded {
		rs := []rune(field)
		for j, r := range rs {
			if isWordRune(r) && (i < 2 || j == 0 || !isWordRune(rs[j-1])) {
				add(rs[j:])
			}
		}
	}
	return terms
}

func TestWordTerms(t *testing.T) {
	words := []wordText{
		{japanese: "食べる", reading: "たべる", romaji: "taberu", english: "to eat"},
		{japanese: "学校", reading: "がっこう", romaji: "gakkou", english: "school"},
		{japanese: "コーヒー", reading: "こーひー", romaji: "koohii", english: "coffee (a drink)"},
		{japanese: "お早うございます、先生", reading: "おはようございます せんせい", romaji: "ohayou gozaimasu sensei",
			english: "good morning, teacher; a very long English meaning that runs past sixteen characters"},
		{japanese: "々", reading: "ー", romaji: "x", english: "A"},
		{japanese: "ＡＢＣ１２３", reading: "えーびーしー", romaji: "ABC-123", english: "the letters\x1fand digits"},
	}
	if got := wordTerms(words[0]); !slices.Equal(got, []string{"食べる", "べる", "たべる", "taberu", "to eat", "eat"}) {
		t.Errorf("terms of 食べる: got %q", got)
	}
	for _, w := range words {
		w.fill()
		if got, want := wordTerms(w), referenceTerms(w); !slices.Equal(got, want) {
			t.Errorf("terms of %s: got %q, want %q", w.japanese, got, want)
		}
	}
}

func TestAppendJSONStringEscapes(t *testing.T) {
	for _, s := range []string{"", "plain", "食べる", `quote " and \ backslash`, "\x1fsep\x1f", "tab\tnew\nline\r\x00nul", "<html> & </html>", "\u2028"} {
		var got string
		b := appendJSONString([]byte("x"), s)
		if err := json.Unmarshal(b[1:], &got); err != nil || got != s || b[0] != 'x' {
			t.Errorf("appendJSONString(%q) = %s: decodes to %q, %v", s, b, got, err)
		}
	}
}
