package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks what holds for any input: Parse does not panic, a file
// error is an *Error with a position, and every row and row error is
// placed on a line of the file, in order.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		`[{"kanji": "食べる", "romaji": "taberu", "english": "to eat", "parts": [{"kanji": "食"}]}]`,
		"[\n  {\"kanji\": \"水\",,}\n]",
		`[{"kanji": "水", "japanese": "氷", "english": 3}, 7, null]`,
		"japanese,reading,romaji,english,parts\n食べる,たべる,taberu,\"to eat, \"\"x\"\"\",\"[1]\"\n",
		"japanese;romaji;english\n水;mi\"zu;water\n\"火\n\",,\n",
		"kanji\tkana\tmeaning\n水\tみず\twater\n",
		"word,meaning\nx,y\n",
		"\xEF\xBB\xBFjapanese,romaji,english\r\n水,mizu,water\r\n",
		"\xFF\xFEj\x00,\x00",
		ankiExport,
		"#separator:tab\n#html:true\n#columns:Front\tBack\n 日本語[にほんご]\t<b>Japan</b>&nbsp;\n",
		"tags:x\n#guid column:1\nabc\t猫[ねこ]\tcat\n\"unterminated\tx\n",
		"#separator:pipe\n犬|dog|いぬ\n<!--|<style>|[sound:\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if fe.Line < 1 || fe.Column < 1 || fe.Message == "" || fe.Kind == nil {
				t.Fatalf("error %+v lacks a position, a message or a kind", fe)
			}
			if fe.Line > lines && fe.Kind != ErrEncoding {
				t.Fatalf("error on line %d of a %d-line file", fe.Line, lines)
			}
			return
		}
		switch file.Format {
		case FormatJSON, FormatCSV, FormatTSV, FormatAnki:
		default:
			t.Fatalf("format %q", file.Format)
		}
		if len(file.Rows)+len(file.Errors) == 0 {
			t.Fatal("no rows and no errors without a file error")
		}
		prev := 0
		for _, row := range file.Rows {
			if row.Line < 1 || row.Line > lines || row.Line < prev {
				t.Fatalf("row on line %d (previous %d, file of %d lines)", row.Line, prev, lines)
			}
			prev = row.Line
			for _, s := range []string{row.Japanese, row.English} {
				if s == "" || s != strings.TrimSpace(s) {
					t.Fatalf("row %+v: japanese and english must be there, trimmed", row)
				}
			}
			if row.Reading == "" && row.Romaji == "" {
				t.Fatalf("row %+v has neither reading nor romaji", row)
			}
			var parts []json.RawMessage
			if err := json.Unmarshal(row.Parts, &parts); err != nil {
				t.Fatalf("row %+v: parts %q are not a JSON array", row, row.Parts)
			}
		}
		prev = 0
		for _, e := range file.Errors {
			if e.Line < 1 || e.Column < 1 || e.Message == "" || e.Line > lines || e.Line < prev {
				t.Fatalf("row error %+v (previous line %d, file of %d lines)", e, prev, lines)
			}
			prev = e.Line
		}
	})
}

// TestParseTakesLinearTime feeds fields that make naive scanners quadratic
// (every '[' or '<' searching to the end for a closing mark, every word
// counting lines from the start of the file). At 512 KiB a quadratic scan
// takes tens of seconds; a linear one, milliseconds
// (a second or two with the race detector).
func TestParseTakesLinearTime(t *testing.T) {
	const n = 512 << 10
	fields := map[string]string{
		"open brackets":          strings.Repeat("[", n),
		"brackets then one ']'":  strings.Repeat("[", n) + "]",
		"unclosed tags":          strings.Repeat("<", n),
		"unclosed sound tags":    strings.Repeat("[sound:", n/7),
		"unclosed type tags":     strings.Repeat("[[type:", n/7),
		"unclosed comments":      strings.Repeat("<!--", n/4) + ">",
		"unclosed style":         strings.Repeat("<style>", n/7),
		"style and stray closes": strings.Repeat("<style></", n/9),
		"furigana":               strings.Repeat("a[b]", n/4),
		"empty bases":            strings.Repeat(" [x]", n/4),
		"nested ruby text":       strings.Repeat("<rt>", n/4) + strings.Repeat("</rt>", 2),
	}
	for name, field := range fields {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			if _, err := Parse([]byte("#separator:tab\n#html:true\n" + field + "\tx\tかな\n")); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	t.Run("a one-line JSON file", func(t *testing.T) {
		start := time.Now()
		word := `{"kanji":"水","romaji":"mizu","english":"water"},` // 48 characters
		file, err := Parse([]byte("[" + strings.Repeat(word, n/48) + `{"kanji":"x"}]`))
		if want := 2 + n/48*48; err != nil || len(file.Errors) != 1 || file.Errors[0].Column != want {
			t.Fatalf("Parse = %v errors, %v; want the last word's error at column %d", file.Errors, err, want)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("took %v", d)
		}
	})
}
