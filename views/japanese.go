package views

import (
	"strings"

	"langportal/db"
	"langportal/db/furigana"
	"langportal/db/kana"
)

// JapaneseText is how pages write a word's Japanese: with Ruby, its segments
// with the readings above the kanji, where its parts give them; otherwise
// as written, with Beside, the reading shown next to it ("" for a word
// written in kana, which is its own reading).
type JapaneseText struct {
	Segments []furigana.Segment
	Ruby     bool
	Beside   string
}

// JapaneseOf pairs the word's parts with its reading (SPEC "Japanese
// text"), for Furigana and ReadingBeside.
func JapaneseOf(w db.Word) JapaneseText {
	parts := w.PartList()
	fp := make([]furigana.Part, len(parts))
	for i, p := range parts {
		fp[i] = furigana.Part{Text: p.Kanji, Romaji: p.Romaji}
	}
	if segs, ok := furigana.Pair(w.Japanese, w.Reading, fp); ok {
		return JapaneseText{Segments: segs, Ruby: true}
	}
	t := JapaneseText{Segments: []furigana.Segment{{Text: w.Japanese}}}
	if w.Reading != "" && w.Reading != w.Japanese && !kana.IsKana(kana.Reading(w.Japanese, "")) {
		t.Beside = w.Reading
	}
	return t
}

// partReading is a part's readings in kana, for the parts lists.
func partReading(p db.Part) string {
	readings := make([]string, 0, len(p.Romaji))
	for _, r := range p.Romaji {
		if h, ok := kana.ToHiragana(r); ok {
			readings = append(readings, h)
		}
	}
	return strings.Join(readings, " · ")
}
