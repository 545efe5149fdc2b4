package formats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"
)

// benchWords makes n words shaped like real vocabulary: a few kanji, a
// reading, romaji, a short meaning and, for one word in four, parts.
func benchWords(n int) []Word {
	words := make([]Word, n)
	for i := range words {
		words[i] = Word{
			Japanese: fmt.Sprintf("食べ物%d", i), Reading: "たべもの", Romaji: fmt.Sprintf("tabemono%d", i),
			English: "food, something to eat", Parts: json.RawMessage("[]"),
		}
		if i%4 == 0 {
			words[i].Parts = json.RawMessage(`[{"kanji":"食","romaji":["ta"]},{"kanji":"物","romaji":["mo","no"]}]`)
		}
	}
	return words
}

func benchParse(b *testing.B, write func(io.Writer, []Word) error) {
	var file bytes.Buffer
	if err := write(&file, benchWords(100_000)); err != nil {
		b.Fatal(err)
	}
	data := file.Bytes()
	// What a parsed file keeps alive, as a multiple of the file's size,
	// measured before the loop's garbage muddles the heap.
	kept := retained(data) / float64(len(data))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if parsed, err := Parse(data); err != nil || len(parsed.Rows) != 100_000 {
			b.Fatalf("Parse: %d rows, %v", len(parsed.Rows), err)
		}
	}
	b.ReportMetric(kept, "retained/filebyte") // after the loop: ResetTimer drops metrics
}

// retained measures the live heap that parsing data leaves behind.
func retained(data []byte) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	parsed, _ := Parse(data)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(parsed)
	return float64(int64(after.HeapAlloc) - int64(before.HeapAlloc))
}

// BenchmarkParseCSV parses a 100,000-word CSV file as WriteCSV writes it.
func BenchmarkParseCSV(b *testing.B) { benchParse(b, WriteCSV) }

// BenchmarkParseJSON parses a 100,000-word bootcamp JSON file.
func BenchmarkParseJSON(b *testing.B) { benchParse(b, WriteJSON) }

// BenchmarkWriteReviewLog streams a million-row review log.
func BenchmarkWriteReviewLog(b *testing.B) {
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		lw := NewReviewLogWriter(io.Discard)
		for i := range 1_000_000 {
			row := ReviewLogRow{CardID: int64(i % 5000), ReviewTime: at.Add(time.Duration(i) * time.Minute), Rating: 1 + 2*(i%2), State: i % 4}
			if err := lw.Write(row); err != nil {
				b.Fatal(err)
			}
		}
		if err := lw.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}
