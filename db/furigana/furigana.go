// Package furigana pairs how a word is written with its reading: which kana
// go above which kanji (SPEC "Japanese text"). A pure function of its
// arguments, like db/kana, whose conversions it uses.
package furigana

import (
	"strings"
	"unicode"

	"langportal/db/kana"
)

// Part is one piece of a word's writing with its readings in romaji: a
// word's parts, as the seed files and imports give them.
type Part struct {
	Text   string
	Romaji []string
}

// Segment is a run of a word's writing. Ruby is the reading shown above
// it: set for kanji, empty for kana and punctuation, read as written.
type Segment struct {
	Text string
	Ruby string
}

// maxRunes bounds the words paired: a word is short, and a long text is not
// worth the search.
const maxRunes = 64

// Pair lays the word's reading over its parts and returns the segments of
// the word with the reading of each kanji, or false when the parts give no
// usable readings. The reading is the word's own (in kana); the parts say
// where each piece of it goes:
//
//   - A word without kanji (all kana, or Latin letters and kana) has no
//     furigana: false.
//   - The parts' texts, joined, must be the word; otherwise false.
//   - A part of kana must match the reading where it falls (katakana and
//     hiragana are the same sound); spaces and punctuation take no reading.
//   - A part with kanji takes the kana that one of its romaji spells (食 ta
//     → た). When that cannot fit the whole reading (a reading given by hand
//     that the romaji of the parts do not spell, rendaku), each run of
//     kanji parts takes whatever kana lie between the kana around it, when
//     there is exactly one way of laying them; otherwise false.
//
// The kana above a kanji are the reading's own (a katakana reading stays in
// katakana). Adjacent segments without ruby are joined: 食べる gives 食 with
// た, then べる.
func Pair(japanese, reading string, parts []Part) ([]Segment, bool) {
	if !strings.ContainsFunc(japanese, needsReading) || len(parts) == 0 {
		return nil, false
	}
	var joined strings.Builder
	for _, p := range parts {
		joined.WriteString(p.Text)
	}
	read := []rune(reading)
	if joined.String() != japanese || len(read) == 0 || len(read) > maxRunes || len([]rune(japanese)) > maxRunes {
		return nil, false
	}
	l := layout{read: read, fold: []rune(kana.KatakanaToHiragana(reading))}
	for _, p := range parts {
		l.pieces = append(l.pieces, newPiece(p))
	}
	if spans, ok := l.bySpelling(); ok {
		return l.segments(spans), true
	}
	if spans, ok := l.byRuns(); ok {
		return l.segments(spans), true
	}
	return nil, false
}

// needsReading reports whether r is written with kanji or letters that a
// reading spells (not kana, space or punctuation).
func needsReading(r rune) bool {
	return !kana.IsKana(string(r)) && r != 'ー' && r != '・' && !silent(r)
}

// silent reports whether r takes no part of the reading: a space or
// punctuation (readings are stored without them).
func silent(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
}

type pieceKind int

const (
	kanaPiece   pieceKind = iota // matched against the reading as written
	silentPiece                  // takes no reading
	kanjiPiece                   // takes the kana its romaji spell
)

// piece is a part ready to lay over the reading: its kind, its text folded
// to hiragana (a kana piece) or the hiragana its romaji spell (a kanji piece).
type piece struct {
	kind      pieceKind
	text      string
	kana      []rune   // a kana piece's text, in hiragana
	spellings [][]rune // a kanji piece's readings, in hiragana
}

func newPiece(p Part) piece {
	pc := piece{text: p.Text}
	switch {
	case strings.ContainsFunc(p.Text, needsReading):
		pc.kind = kanjiPiece
		for _, r := range p.Romaji {
			if h, ok := kana.ToHiragana(r); ok && h != "" {
				pc.spellings = append(pc.spellings, []rune(kana.KatakanaToHiragana(h)))
			}
		}
	case strings.ContainsFunc(p.Text, func(r rune) bool { return !silent(r) }):
		pc.kind = kanaPiece
		for _, r := range kana.KatakanaToHiragana(p.Text) {
			if !silent(r) {
				pc.kana = append(pc.kana, r)
			}
		}
	default:
		pc.kind = silentPiece
	}
	return pc
}

// layout lays pieces over a reading. read is the reading as stored, fold the
// same in hiragana (rune for rune).
type layout struct {
	pieces []piece
	read   []rune
	fold   []rune
}

// span is where a piece lies in the reading: read[from:to].
type span struct{ from, to int }

// matches reports whether want lies in the reading at pos.
func (l *layout) matches(want []rune, pos int) bool {
	if pos+len(want) > len(l.fold) {
		return false
	}
	for i, r := range want {
		if l.fold[pos+i] != r {
			return false
		}
	}
	return true
}

// bySpelling lays every kanji piece with one of its spellings: the first
// way that covers the reading exactly.
func (l *layout) bySpelling() ([]span, bool) {
	spans := make([]span, len(l.pieces))
	failed := map[[2]int]bool{} // (piece, pos) from which no way fits
	var walk func(i, pos int) bool
	walk = func(i, pos int) bool {
		if i == len(l.pieces) {
			return pos == len(l.fold)
		}
		if failed[[2]int{i, pos}] {
			return false
		}
		p := l.pieces[i]
		var options [][]rune
		switch p.kind {
		case kanaPiece:
			options = [][]rune{p.kana}
		case silentPiece:
			options = [][]rune{nil}
		case kanjiPiece:
			options = p.spellings
		}
		for _, o := range options {
			if l.matches(o, pos) && walk(i+1, pos+len(o)) {
				spans[i] = span{pos, pos + len(o)}
				return true
			}
		}
		failed[[2]int{i, pos}] = true
		return false
	}
	return spans, walk(0, 0)
}

// byRuns lays each run of adjacent kanji pieces over at least one kana, so
// that the kana pieces match where they fall; it holds only when there is
// exactly one way. A run's span is given to its first piece; the others of
// the run get empty spans at its end, and are joined to it by segments.
func (l *layout) byRuns() ([]span, bool) {
	n := len(l.fold)
	// ways[i][pos] counts (up to 2) the ways pieces i… cover fold[pos:].
	ways := make([][]int, len(l.pieces)+1)
	for i := range ways {
		ways[i] = make([]int, n+1)
	}
	ways[len(l.pieces)][n] = 1
	runEnd := func(i int) int { // the first piece after the run starting at i
		j := i
		for j < len(l.pieces) && l.pieces[j].kind == kanjiPiece {
			j++
		}
		return j
	}
	for i := len(l.pieces) - 1; i >= 0; i-- {
		p := l.pieces[i]
		for pos := 0; pos <= n; pos++ {
			switch p.kind {
			case kanaPiece:
				if l.matches(p.kana, pos) {
					ways[i][pos] = ways[i+1][pos+len(p.kana)]
				}
			case silentPiece:
				ways[i][pos] = ways[i+1][pos]
			case kanjiPiece:
				if i > 0 && l.pieces[i-1].kind == kanjiPiece {
					continue // inside a run: counted from its first piece
				}
				end, count := runEnd(i), 0
				for to := pos + 1; to <= n; to++ {
					count = min(2, count+ways[end][to])
				}
				ways[i][pos] = count
			}
		}
	}
	if ways[0][0] != 1 {
		return nil, false
	}
	spans := make([]span, len(l.pieces))
	pos := 0
	for i := 0; i < len(l.pieces); {
		p := l.pieces[i]
		switch p.kind {
		case kanaPiece:
			spans[i] = span{pos, pos + len(p.kana)}
			pos += len(p.kana)
			i++
		case silentPiece:
			spans[i] = span{pos, pos}
			i++
		case kanjiPiece:
			end := runEnd(i)
			to := pos + 1
			for ways[end][to] == 0 {
				to++
			}
			spans[i] = span{pos, to}
			for j := i + 1; j < end; j++ {
				spans[j] = span{to, to}
			}
			pos, i = to, end
		}
	}
	return spans, true
}

// segments turns the pieces laid at spans into segments: a kanji piece with
// its reading (the pieces of a run with an empty span join the one before),
// and the rest joined as written.
func (l *layout) segments(spans []span) []Segment {
	var segs []Segment
	for i, p := range l.pieces {
		s := spans[i]
		last := len(segs) - 1
		switch {
		case p.kind == kanjiPiece && s.from == s.to && last >= 0 && segs[last].Ruby != "":
			segs[last].Text += p.text
		case p.kind == kanjiPiece:
			segs = append(segs, Segment{Text: p.text, Ruby: string(l.read[s.from:s.to])})
		case last >= 0 && segs[last].Ruby == "":
			segs[last].Text += p.text
		default:
			segs = append(segs, Segment{Text: p.text})
		}
	}
	return segs
}
