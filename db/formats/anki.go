package formats

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
)

// Anki's "Notes in Plain Text" export (Anki 2.1.55 and later) is written by
// its Rust exporter: header lines "#separator:tab", "#html:true|false", and
// "#guid column:N", "#notetype column:N", "#deck column:N", "#tags column:N"
// (1-based) for the export options ticked; then one note a line, fields
// separated by tabs and quoted as CSV when they hold a tab, a quote or a
// newline. The exporter writes no "#columns:" line, but Anki's importer reads
// one, and hand-made files use it, so it is honoured here.

// ankiColumnRoles adds the field names of Anki's Basic note type to the CSV
// column names, for "#columns:".
var ankiColumnRoles = map[string]role{"front": roleJapanese, "back": roleEnglish}

// ankiHeader is what the '#' lines at the top of the file say.
type ankiHeader struct {
	sep         rune
	sepGiven    bool
	html        bool
	htmlGiven   bool
	columns     string // the raw "#columns:" value
	columnsLine int
	meta        map[int]bool // 0-based indexes of guid, notetype, deck and tags columns
	dataStart   int          // byte offset of the first line after the header
	dataLine    int          // its 1-based line number
}

// isAnkiHeader says whether the file starts the way Anki's exports do.
func isAnkiHeader(data []byte) bool {
	return data[0] == '#' || bytes.HasPrefix(data, []byte("tags:"))
}

// readAnkiHeader reads the header lines from start, as Anki does: a first
// line "tags:..." (a historic form) and then every line starting with '#';
// keys are case-insensitive, unknown keys are ignored.
func readAnkiHeader(data []byte, start int) ankiHeader {
	h := ankiHeader{sep: '\t', meta: map[int]bool{}}
	off, line := start, 1+bytes.Count(data[:start], []byte("\n"))
	for first := true; off < len(data); first = false {
		text := firstLine(data, off)
		isHeader := len(text) > 0 && text[0] == '#' || first && bytes.HasPrefix(text, []byte("tags:"))
		if !isHeader {
			break
		}
		if text[0] == '#' {
			if key, value, ok := strings.Cut(string(text[1:]), ":"); ok {
				h.set(strings.ToLower(strings.TrimSpace(key)), strings.TrimSuffix(value, "\r"), line)
			}
		}
		off += len(text) + 1
		line++
	}
	h.dataStart, h.dataLine = min(off, len(data)), line
	return h
}

func (h *ankiHeader) set(key, value string, line int) {
	column := func() {
		if n, err := strconv.Atoi(strings.TrimSpace(value)); err == nil && n > 0 && n < 1<<16 {
			h.meta[n-1] = true
		}
	}
	switch key {
	case "separator":
		if sep, ok := ankiSeparator(value); ok {
			h.sep, h.sepGiven = sep, true
		}
	case "html":
		if b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(value))); err == nil {
			h.html, h.htmlGiven = b, true
		}
	case "columns":
		h.columns, h.columnsLine = value, line
	case "guid column", "notetype column", "deck column", "tags column":
		column()
	}
}

// ankiSeparator reads "#separator:" as Anki does: a name or the character.
func ankiSeparator(value string) (rune, bool) {
	names := map[string]rune{"comma": ',', "semicolon": ';', "tab": '\t', "space": ' ', "pipe": '|', "colon": ':'}
	if r, ok := names[strings.ToLower(strings.TrimSpace(value))]; ok {
		return r, true
	}
	for _, r := range names {
		if value == string(r) {
			return r, true
		}
	}
	return 0, false
}

// parseAnki reads an Anki export. Without "#columns:", field 1 is the
// japanese (Expression, Front), field 2 the english (Meaning, Back), and the
// first later field whose values are mostly kana is the reading. Fields are
// HTML when "#html:true" says so (or, without "#html:", when one looks like
// HTML, as Anki guesses); sound and type tags are dropped; furigana written
// 漢字[かんじ] gives the reading and is stripped from the japanese.
func parseAnki(data []byte, start int) (File, error) {
	h := readAnkiHeader(data, start)
	body := data[h.dataStart:]
	if !h.sepGiven {
		if sep, ok := detectSeparator(firstLine(body, skipBlank(body, 0))); ok {
			h.sep = sep
		}
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = h.sep
	r.Comment = '#'
	r.FieldsPerRecord = -1
	// Anki's importer takes a quote inside an unquoted field literally;
	// lazy quotes do the same, and properly quoted fields read as usual.
	r.LazyQuotes = true
	lines := &lineIndex{data: body}
	lineBase := h.dataLine - 1

	type record struct {
		line   int
		fields []string
	}
	var records []record
	var errs []RowError
	width := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return File{}, err
			}
			errs = append(errs, RowError{Line: pe.Line + lineBase, Column: lines.column(pe.Line, pe.Column), Message: csvMessage(pe)})
			continue
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		records = append(records, record{line: line + lineBase, fields: rec})
		width = max(width, len(rec))
	}
	if !h.htmlGiven {
		h.html = anyHTML(func(yield func(string) bool) {
			for _, rec := range records {
				for _, f := range rec.fields {
					if !yield(f) {
						return
					}
				}
			}
		})
	}
	clean := func(s string) string { return ankiText(s, h.html) }

	var cols columns
	label := func(i int) string { return fmt.Sprintf("field %d", i+1) }
	named := h.columns != ""
	if named {
		names := splitColumns(h.columns, h.sep)
		cols = mapColumns(names, ankiColumnRoles, func(i int) bool { return h.meta[i] })
		if missing := cols.missing(false, "japanese, kanji, expression or front", "english, meaning, definition or back"); len(missing) > 0 {
			return File{}, &Error{Line: h.columnsLine, Column: 1,
				Message: strings.Replace(missingColumnsMessage(names, missing), "the header row", "#columns:", 1), Kind: ErrMissingColumns}
		}
		label = func(i int) string {
			if i < len(names) && strings.TrimSpace(names[i]) != "" {
				return fmt.Sprintf("field %q", strings.TrimSpace(names[i]))
			}
			return fmt.Sprintf("field %d", i+1)
		}
	} else {
		var fields []int // the note's fields: every column that is not a meta column
		for i := range width {
			if !h.meta[i] {
				fields = append(fields, i)
			}
		}
		cols = columns{japanese: -1, reading: -1, romaji: -1, english: -1, parts: -1}
		if len(fields) > 0 {
			cols.japanese = fields[0]
		}
		if len(fields) > 1 {
			cols.english = fields[1]
		}
		if len(fields) > 2 {
			cols.reading = kanaColumn(fields[2:], func(col int) iter.Seq[string] {
				return func(yield func(string) bool) {
					for _, rec := range records {
						if col < len(rec.fields) && !yield(clean(rec.fields[col])) {
							return
						}
					}
				}
			})
		}
	}
	if len(records) == 0 && len(errs) == 0 {
		line := min(h.dataLine, 1+bytes.Count(data, []byte("\n"))) // the header's last line if nothing follows it
		return File{}, &Error{Line: line, Column: 1, Message: ErrNoWords.Error(), Kind: ErrNoWords}
	}

	file := File{Format: FormatAnki, Rows: make([]Row, 0, len(records)), Errors: errs}
	emptyParts := json.RawMessage("[]")
	for _, rec := range records {
		field := func(i int) string {
			if i < 0 || i >= len(rec.fields) {
				return ""
			}
			return clean(rec.fields[i])
		}
		japanese, fromFurigana, hasFurigana := furigana(field(cols.japanese))
		reading := ""
		if cols.reading >= 0 {
			_, reading, _ = furigana(field(cols.reading))
			if !named && !isKana(reading) {
				reading = "" // a guessed reading field that is not kana here
			}
		}
		if reading == "" && hasFurigana {
			reading = fromFurigana
		}
		if reading == "" && isKana(japanese) {
			reading = japanese
		}
		w := Word{Japanese: japanese, Reading: reading, Romaji: field(cols.romaji), English: field(cols.english), Parts: emptyParts}
		var problems []string
		if w.Japanese == "" {
			problems = append(problems, label(cols.japanese)+" (the japanese) is empty")
		}
		if w.English == "" {
			if cols.english < 0 {
				problems = append(problems, "there is no second field (the english)")
			} else {
				problems = append(problems, label(cols.english)+" (the english) is empty")
			}
		}
		if w.Japanese != "" && w.Reading == "" && w.Romaji == "" {
			problems = append(problems, "no reading: write it as furigana, 漢字[かんじ], or in a kana field")
		}
		if len(problems) > 0 {
			file.Errors = append(file.Errors, RowError{Line: rec.line, Column: 1, Message: strings.Join(problems, "; ")})
			continue
		}
		file.Rows = append(file.Rows, Row{Line: rec.line, Word: w})
	}
	sortRowErrors(file.Errors)
	return file, nil
}

// kanaColumn returns the first of cols whose non-empty values are mostly
// kana, or -1. Mostly, not all: one slip in a deck's reading field should
// not lose the readings of every other note (a row whose value is not kana
// does not use it; see parseAnki).
func kanaColumn(cols []int, values func(col int) iter.Seq[string]) int {
	for _, col := range cols {
		kana, other := 0, 0
		for v := range values(col) {
			if v == "" {
				continue
			}
			if _, reading, _ := furigana(v); isKana(reading) {
				kana++
			} else {
				other++
			}
		}
		if kana > other {
			return col
		}
	}
	return -1
}

// splitColumns splits a "#columns:" value with the file's separator.
func splitColumns(value string, sep rune) []string {
	r := csv.NewReader(strings.NewReader(value))
	r.Comma = sep
	r.LazyQuotes = true
	names, err := r.Read()
	if err != nil {
		return strings.Split(value, string(sep))
	}
	return names
}

// sortRowErrors orders errors by line: parse errors and field errors are
// found in two passes.
func sortRowErrors(errs []RowError) {
	slices.SortStableFunc(errs, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
}

// anyHTML guesses, as Anki's importer does without "#html:", whether the
// fields are HTML: one of them holds a tag.
func anyHTML(fields iter.Seq[string]) bool {
	for f := range fields {
		if i := strings.IndexByte(f, '<'); i >= 0 && strings.IndexByte(f[i:], '>') > 0 {
			return true
		}
	}
	return false
}

// ankiText turns a field into plain text. For HTML (as Anki's own
// html_to_text_line does): line breaks and block tags become spaces,
// comments, style and script elements and other tags are removed, then
// entities are decoded, once, with &nbsp; as a space; ruby annotations
// become furigana syntax, <ruby>漢字<rt>かんじ</rt></ruby> as " 漢字[かんじ]". Plain text keeps its
// '&' and '<' as they are: the exporter has decoded them already. Both drop
// [sound:...] and [[type:...]] tags and collapse runs of spaces.
func ankiText(s string, isHTML bool) string { return fieldText(s, isHTML, true) }

// fieldText is ankiText; ruby says whether to turn <rt> into furigana, which
// the text of an <rt> itself must not do (nested, it would be read again
// at every level).
func fieldText(s string, isHTML, ruby bool) string {
	if !strings.ContainsAny(s, "<&[\n\r\t\u00a0") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	// Each search for a closing mark either skips what it found or finds
	// nothing, and then there is no such mark further on either: these
	// flags keep a field like "<<<<…" or "[sound:[sound:…" to one pass.
	var noBracket, noDoubleBracket, noGT, noCommentEnd bool
	noElementEnd := map[string]bool{}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '[' && !noBracket && strings.HasPrefix(s[i:], "[sound:"):
			if end := strings.IndexByte(s[i:], ']'); end > 0 {
				i += end + 1
				continue
			}
			noBracket = true
		case c == '[' && !noDoubleBracket && strings.HasPrefix(s[i:], "[[type:"):
			if end := strings.Index(s[i:], "]]"); end > 0 {
				i += end + 2
				continue
			}
			noDoubleBracket = true
		case isHTML && c == '<' && !noGT:
			if strings.HasPrefix(s[i:], "<!--") && !noCommentEnd {
				if end := strings.Index(s[i+4:], "-->"); end >= 0 {
					i += 4 + end + 3
					continue
				}
				noCommentEnd = true
			}
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				noGT = true
				break
			}
			inner := s[i+1 : i+end]
			name := tagName(inner)
			i += end + 1
			opening := !strings.HasPrefix(inner, "/")
			switch {
			case !opening:
			case name == "ruby" && ruby:
				b.WriteByte(' ') // where the text a reading belongs to starts, as in furigana
			case name == "style" || name == "script" || name == "rt" || name == "rp":
				if noElementEnd[name] {
					break
				}
				n := closingTag(s[i:], name)
				if n < 0 {
					noElementEnd[name] = true
					break
				}
				if name == "rt" && ruby {
					// <ruby>漢字<rt>かんじ</rt></ruby> is written 漢字[かんじ], so that
					// furigana reads it like Japanese support's syntax.
					inner := s[i : i+n]
					inner = inner[:strings.LastIndex(inner, "</")]
					b.WriteString("[" + fieldText(inner, true, false) + "]")
				}
				i += n
			}
			if blockTags[name] {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteByte(c)
		i++
	}
	out := b.String()
	// Entities are decoded once, at the top: an <rt>'s text is decoded
	// with the rest of the field.
	if isHTML && ruby && strings.IndexByte(out, '&') >= 0 {
		out = html.UnescapeString(out)
	}
	return collapseSpaces(out)
}

// blockTags are the tags whose start or end separates words.
var blockTags = map[string]bool{
	"br": true, "div": true, "p": true, "li": true, "ul": true, "ol": true, "hr": true,
	"tr": true, "td": true, "th": true, "table": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true, "dd": true, "dt": true,
}

// tagName is the lower-case name of the tag whose text (between '<' and
// '>') is inner: "BR /" is "br", "/div" is "div".
func tagName(inner string) string {
	inner = strings.TrimPrefix(inner, "/")
	if i := strings.IndexAny(inner, " \t\n\r/"); i >= 0 {
		inner = inner[:i]
	}
	return strings.ToLower(inner)
}

// closingTag returns the length of s up to and including the first
// "</name>" (any case), or -1.
func closingTag(s, name string) int {
	for off := 0; ; {
		j := strings.Index(s[off:], "</")
		if j < 0 {
			return -1
		}
		start := off + j + 2
		if len(s)-start >= len(name) && strings.EqualFold(s[start:start+len(name)], name) {
			if k := strings.IndexByte(s[start:], '>'); k >= 0 {
				return start + k + 1
			}
			return -1
		}
		off = start
	}
}

// collapseSpaces trims s and turns each run of ASCII white space (and
// no-break spaces) inside it into one space. Ideographic spaces are text.
func collapseSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0':
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// furigana reads the furigana syntax of Anki's Japanese support:
// "日本語[にほんご]" is 日本語 read にほんご. The text a reading belongs to runs
// back from '[' to a space (which is dropped: it only marks where the text
// starts), a '>' or the previous reading, as Anki's kanji and kana filters
// have it. It returns the text without readings, the text with readings in
// place of what they read, and whether there was any.
func furigana(s string) (kanji, kana string, found bool) {
	if strings.IndexByte(s, '[') < 0 {
		return s, s, false
	}
	var kb, rb strings.Builder
	last := 0     // where the text not yet copied starts
	closeAt := -1 // the next ']' after i, kept so that "[[[[…]" is read in one pass
	for i := 0; i < len(s); i++ {
		if s[i] != '[' {
			continue
		}
		if closeAt <= i {
			j := strings.IndexByte(s[i+1:], ']')
			if j < 0 {
				break // no ']' left: no more furigana
			}
			closeAt = i + 1 + j
		}
		if closeAt == i+1 {
			continue // "[]" reads nothing
		}
		baseStart := i
		for baseStart > last && s[baseStart-1] != ' ' && s[baseStart-1] != '>' {
			baseStart--
		}
		if baseStart == i {
			continue // nothing to read
		}
		before := strings.TrimSuffix(s[last:baseStart], " ")
		kb.WriteString(before)
		rb.WriteString(before)
		kb.WriteString(s[baseStart:i])
		rb.WriteString(s[i+1 : closeAt])
		last = closeAt + 1
		i = closeAt
		found = true
	}
	if !found {
		return s, s, false
	}
	kb.WriteString(s[last:])
	rb.WriteString(s[last:])
	return collapseSpaces(kb.String()), collapseSpaces(rb.String()), true
}

// isKana says whether s is written in kana only (hiragana, katakana, the
// long-vowel mark, the middle dot, spaces), with at least one kana.
func isKana(s string) bool {
	seen := false
	for _, r := range s {
		switch {
		case r >= 0x3041 && r <= 0x309F, r >= 0x30A0 && r <= 0x30FF, r >= 0x31F0 && r <= 0x31FF, r >= 0xFF66 && r <= 0xFF9F:
			seen = true
		case r == ' ' || r == '\u3000':
		default:
			return false
		}
	}
	return seen
}
