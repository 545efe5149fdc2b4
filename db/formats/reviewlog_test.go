package formats

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestWriteReviewLog(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	var b strings.Builder
	err := WriteReviewLog(&b, []ReviewLogRow{
		{CardID: 7, ReviewTime: time.Date(2026, 1, 5, 9, 0, 0, 123_456_789, time.UTC), Rating: 3, State: 0},
		{CardID: 7, ReviewTime: time.Date(2026, 1, 5, 18, 10, 0, 0, tokyo), Rating: 1, State: 1},
		{CardID: 12, ReviewTime: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), Rating: 3, State: 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	// 2026-01-05T09:00:00.123Z is 1767603600123 ms; 18:10 in Tokyo is 09:10 UTC.
	want := "card_id,review_time,review_rating,review_state,review_duration\n" +
		"7,1767603600123,3,0,\n" +
		"7,1767604200000,1,1,\n" +
		"12,946684800000,3,3,\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteReviewLogEmpty(t *testing.T) {
	var b strings.Builder
	if err := WriteReviewLog(&b, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), ReviewLogHeader+"\n"; got != want {
		t.Errorf("got %q, want the header alone %q", got, want)
	}
}

func TestReviewLogWriterRejectsBadRows(t *testing.T) {
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		row  ReviewLogRow
		want string
	}{
		{"rating 0", ReviewLogRow{CardID: 1, ReviewTime: at, Rating: 0, State: 0}, "rating 0 is not 1–4"},
		{"rating 5", ReviewLogRow{CardID: 1, ReviewTime: at, Rating: 5, State: 0}, "rating 5 is not 1–4"},
		{"state -1", ReviewLogRow{CardID: 1, ReviewTime: at, Rating: 3, State: -1}, "state -1 is not 0–3"},
		{"state 4", ReviewLogRow{CardID: 1, ReviewTime: at, Rating: 3, State: 4}, "state 4 is not 0–3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			lw := NewReviewLogWriter(&b)
			if err := lw.Write(tt.row); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Write = %v, want an error containing %q", err, tt.want)
			}
			if err := lw.Write(ReviewLogRow{CardID: 2, ReviewTime: at, Rating: 1, State: 2}); err != nil {
				t.Fatalf("a good row after a bad one: %v", err)
			}
			if err := lw.Flush(); err != nil {
				t.Fatal(err)
			}
			if got, want := b.String(), ReviewLogHeader+"\n2,1767603600000,1,2,\n"; got != want {
				t.Errorf("got %q, want %q: the bad row writes nothing", got, want)
			}
		})
	}
}

func TestReviewLogWriterStreams(t *testing.T) {
	var b strings.Builder
	lw := NewReviewLogWriter(&b)
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range 10_000 {
		if err := lw.Write(ReviewLogRow{CardID: int64(i), ReviewTime: at, Rating: 3, State: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if b.Len() == 0 {
		t.Error("nothing written before Flush: the writer keeps the whole log in memory")
	}
	if err := lw.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(b.String(), "\n"), 10_001; got != want {
		t.Errorf("lines = %d, want %d", got, want)
	}
	if !strings.HasSuffix(b.String(), "\n9999,1767603600000,3,2,\n") {
		t.Errorf("last row = %q", b.String()[b.Len()-40:])
	}
}

func TestReviewLogWriterPassesOnWriteErrors(t *testing.T) {
	lw := NewReviewLogWriter(&failingWriter{})
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	var err error
	for range 10_000 {
		if err = lw.Write(ReviewLogRow{CardID: 1, ReviewTime: at, Rating: 3, State: 2}); err != nil {
			break
		}
	}
	if !errors.Is(err, errWrite) {
		t.Errorf("Write = %v, want %v once the buffer fills", err, errWrite)
	}
	if err := lw.Flush(); !errors.Is(err, errWrite) {
		t.Errorf("Flush = %v, want %v", err, errWrite)
	}
	if err := WriteReviewLog(&failingWriter{}, nil); !errors.Is(err, errWrite) {
		t.Errorf("WriteReviewLog = %v, want %v", err, errWrite)
	}
}
