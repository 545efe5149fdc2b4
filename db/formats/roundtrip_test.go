package formats

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// writers are the two word formats that must read back to what was written.
var writers = []struct {
	name   string
	format string
	write  func(*bytes.Buffer, []Word) error
}{
	{"csv", FormatCSV, func(b *bytes.Buffer, w []Word) error { return WriteCSV(b, w) }},
	{"json", FormatJSON, func(b *bytes.Buffer, w []Word) error { return WriteJSON(b, w) }},
}

// alphabet holds what breaks naive writers: separators, quotes, line
// breaks, brackets, HTML, backslashes, non-BMP characters and Japanese.
var alphabet = []rune("aZ09 ,;\t\n\"'`[]{}<>&\\/#:=|水食べるたコーヒー漢字　𠮷😀\u00e9\u2028")

func randomText(r *rand.Rand, maxLen int) string {
	var b strings.Builder
	for range r.IntN(maxLen + 1) {
		b.WriteRune(alphabet[r.IntN(len(alphabet))])
	}
	return strings.TrimSpace(b.String())
}

// randomWord makes a word that a file can carry: trimmed fields, a
// japanese and an english, and a romaji or a reading.
func randomWord(r *rand.Rand) Word {
	for {
		w := Word{
			Japanese: randomText(r, 12), Reading: randomText(r, 8), Romaji: randomText(r, 8), English: randomText(r, 20),
			Parts: json.RawMessage("[]"),
		}
		if r.IntN(2) == 0 {
			parts, _ := json.Marshal([]map[string]any{{"kanji": randomText(r, 3), "romaji": []string{randomText(r, 4)}}})
			w.Parts = parts
		}
		if w.Japanese != "" && w.English != "" && (w.Reading != "" || w.Romaji != "") {
			return w
		}
	}
}

func TestWritersRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 1))
	for _, wr := range writers {
		t.Run(wr.name, func(t *testing.T) {
			for trial := range 300 {
				words := make([]Word, 1+r.IntN(20))
				for i := range words {
					words[i] = randomWord(r)
				}
				var b bytes.Buffer
				if err := wr.write(&b, words); err != nil {
					t.Fatalf("trial %d: write: %v", trial, err)
				}
				checkRoundTrip(t, b.Bytes(), wr.format, words)
				if t.Failed() {
					t.Fatalf("trial %d failed on the file\n%s", trial, b.Bytes())
				}
			}
		})
	}
}

func TestWritersRoundTripFixedCases(t *testing.T) {
	words := []Word{
		{Japanese: "食べる", Reading: "たべる", Romaji: "taberu", English: "to eat", Parts: json.RawMessage(`[{"kanji":"食","romaji":["ta"]}]`)},
		{Japanese: `a,b;"c"`, Romaji: "x", English: "line one\nline two", Parts: json.RawMessage("[]")},
		{Japanese: "tab\there", Reading: "[ねこ]", English: `<b>&amp;</b> \ "quoted"`, Parts: json.RawMessage("[]")},
		{Japanese: "#not a comment", Romaji: "kome", English: "{not json}", Parts: json.RawMessage("[]")},
		{Japanese: "水", Reading: "みず", Romaji: "mizu", English: "water", Parts: nil}, // nil parts come back as []
	}
	want := append([]Word(nil), words...)
	want[4].Parts = json.RawMessage("[]")
	for _, wr := range writers {
		t.Run(wr.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := wr.write(&b, words); err != nil {
				t.Fatal(err)
			}
			checkRoundTrip(t, b.Bytes(), wr.format, want)
		})
	}
}

// FuzzWritersRoundTrip writes one word of fuzzed fields with both writers
// and reads it back.
func FuzzWritersRoundTrip(f *testing.F) {
	f.Add("食べる", "たべる", "taberu", "to eat")
	f.Add(`"a,b"`, "", "x\ny", "\t<&>")
	f.Fuzz(func(t *testing.T, japanese, reading, romaji, english string) {
		w := Word{Japanese: strings.TrimSpace(japanese), Reading: strings.TrimSpace(reading),
			Romaji: strings.TrimSpace(romaji), English: strings.TrimSpace(english), Parts: json.RawMessage("[]")}
		for _, s := range []string{w.Japanese, w.Reading, w.Romaji, w.English} {
			if !utf8.ValidString(s) || strings.Contains(s, "\r") {
				t.Skip("not text a word holds: invalid UTF-8, or a \\r that CSV reading turns into a line break")
			}
		}
		if w.Japanese == "" || w.English == "" || w.Reading == "" && w.Romaji == "" {
			t.Skip("not a word the portal stores")
		}
		for _, wr := range writers {
			var b bytes.Buffer
			if err := wr.write(&b, []Word{w}); err != nil {
				t.Fatalf("%s: %v", wr.name, err)
			}
			checkRoundTrip(t, b.Bytes(), wr.format, []Word{w})
		}
	})
}

func checkRoundTrip(t *testing.T, data []byte, format string, want []Word) {
	t.Helper()
	file, err := Parse(data)
	if err != nil {
		t.Errorf("Parse: %v", err)
		return
	}
	if file.Format != format || len(file.Errors) != 0 {
		t.Errorf("format %q, errors %v; want %q and none", file.Format, file.Errors, format)
	}
	if len(file.Rows) != len(want) {
		t.Errorf("got %d rows, want %d", len(file.Rows), len(want))
		return
	}
	for i, row := range file.Rows {
		g, w := row.Word, want[i]
		if g.Japanese != w.Japanese || g.Reading != w.Reading || g.Romaji != w.Romaji || g.English != w.English || !bytes.Equal(g.Parts, w.Parts) {
			t.Errorf("word %d: got %+v (parts %s), want %+v (parts %s)", i, g, g.Parts, w, w.Parts)
		}
	}
}
