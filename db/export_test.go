package db

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// vocabularyByGroup is every group's words as text, to compare two portals.
func vocabularyByGroup(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	rows, err := s.reader.Query(`SELECT g.name, w.japanese, w.reading, w.romaji, w.english, w.parts
		FROM groups g JOIN word_groups wg ON wg.group_id = g.id JOIN words w ON w.id = wg.word_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var g, j, r, ro, e, p string
		if err := rows.Scan(&g, &j, &r, &ro, &e, &p); err != nil {
			t.Fatal(err)
		}
		out[g] = append(out[g], fmt.Sprintf("%s|%s|%s|%s|%s", j, r, ro, e, p))
	}
	for g := range out {
		slices.Sort(out[g])
	}
	return out
}

// The export → import round trip: every group exported, each file imported
// into a portal with no vocabulary, gives the same words, readings, parts
// and group memberships, in either format.
func TestExportImportRoundTrip(t *testing.T) {
	src := newTestStore(t)
	ctx := context.Background()
	g, err := src.CreateGroup(ctx, "Food, \"quoted\"")
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []WordInput{
		{Japanese: "今日", Reading: "きょう", Romaji: "kyou", English: "today, this day", GroupIDs: []int64{g.ID, 1}},
		{Japanese: "ラーメン", Romaji: "raamen", English: "ramen\nnoodles", GroupIDs: []int64{g.ID},
			Parts: json.RawMessage(`[{"kanji":"ラーメン","romaji":["raamen"]}]`)},
		{Japanese: "寿司", Reading: "すし", English: "sushi; \"raw\" fish", GroupIDs: []int64{g.ID}},
	} {
		if _, err := src.CreateWord(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	want := vocabularyByGroup(t, src)
	groups, err := src.ListGroupChoices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{ExportCSV, ExportJSON} {
		t.Run(format, func(t *testing.T) {
			dst := newTestStore(t)
			execWrite(t, dst, `DELETE FROM word_groups; DELETE FROM words; DELETE FROM groups`)
			for _, g := range groups {
				var buf bytes.Buffer
				if err := src.ExportWords(ctx, &buf, format, g.ID); err != nil {
					t.Fatal(err)
				}
				rep, err := dst.ImportUpload(ctx, ImportRequest{Data: buf.Bytes(), Group: g.Name})
				if err != nil || len(rep.Errors) > 0 {
					t.Fatalf("import of %s: %v %+v", g.Name, err, rep.Errors)
				}
			}
			got := vocabularyByGroup(t, dst)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("got\n%v\nwant\n%v", got, want)
			}
		})
	}
	var all bytes.Buffer
	if err := src.ExportWords(ctx, &all, ExportCSV, 0); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(all.Bytes(), []byte("\n")) - 1; n < count(t, src, "words") {
		t.Errorf("all words: %d lines, want at least %d", n, count(t, src, "words"))
	}
	if err := src.ExportWords(ctx, &all, ExportCSV, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("got %v, want not found", err)
	}
	if err := src.ExportWords(ctx, &all, "xml", 0); !errors.Is(err, ErrExportFormat) {
		t.Errorf("got %v, want unknown format", err)
	}
}

func TestExportReviews(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess := insertSession(t, s, 1, 1, "2026-01-05T08:00:00Z")
	a, b := nthWord(t, s, 1, 0), nthWord(t, s, 1, 1)
	// SPEC's vectors: right, right → review; then wrong → relearning.
	insertReview(t, s, sess, a, true, "2026-01-05T09:00:00Z")
	insertReview(t, s, sess, b, false, "2026-01-05T09:05:00Z")
	insertReview(t, s, sess, a, true, "2026-01-05T09:10:00Z")
	insertReview(t, s, sess, a, false, "2026-01-07T09:10:00Z")
	insertReview(t, s, sess, a, true, "2026-01-07T09:20:00.123Z")
	var buf bytes.Buffer
	if err := s.ExportReviews(ctx, &buf, 0); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ms := func(at string) string { return strconv.FormatInt(mustTime(t, at).UnixMilli(), 10) }
	id := func(w int64) string { return strconv.FormatInt(w, 10) }
	want := [][]string{
		{"card_id", "review_time", "review_rating", "review_state", "review_duration"},
		{id(a), ms("2026-01-05T09:00:00Z"), "3", "0", ""},
		{id(a), ms("2026-01-05T09:10:00Z"), "3", "1", ""},
		{id(a), ms("2026-01-07T09:10:00Z"), "1", "2", ""},
		{id(a), ms("2026-01-07T09:20:00.123Z"), "3", "3", ""},
		{id(b), ms("2026-01-05T09:05:00Z"), "1", "0", ""},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("got\n%v\nwant\n%v", rows, want)
	}
	buf.Reset()
	if err := s.ExportReviews(ctx, &buf, 2); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "card_id,review_time,review_rating,review_state,review_duration\n" {
		t.Errorf("group 2 has no reviews: got %q", got)
	}
}

// A backup taken while reviews are being written opens with Open as it is,
// and is a consistent snapshot: its aggregates agree with its log.
func TestBackupWhileReviewsGoOn(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written int
	wg.Go(func() {
		for i := int64(0); ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, _, err := s.RecordReview(ctx, sess.ID, i%69+1, i%3 != 0, Idempotency{}); err != nil {
				t.Error(err)
				return
			}
			written++
		}
	})
	time.Sleep(50 * time.Millisecond)
	path := filepath.Join(t.TempDir(), "sub", "backup.db")
	err = s.Backup(ctx, path)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, path); err == nil {
		t.Error("a backup over an existing file was written")
	}
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer b.Close()
	reviews := count(t, b, "word_review_items")
	if reviews == 0 || reviews > written {
		t.Errorf("backup has %d reviews; %d were written in all", reviews, written)
	}
	if count(t, b, "words") != count(t, s, "words") {
		t.Errorf("backup has %d words, want %d", count(t, b, "words"), count(t, s, "words"))
	}
	assertAggregatesMatchLog(t, b)

	var buf bytes.Buffer
	if err := s.WriteBackup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("SQLite format 3\x00")) {
		t.Errorf("WriteBackup wrote no SQLite database")
	}
}
