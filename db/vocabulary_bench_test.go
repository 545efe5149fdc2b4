package db

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// syntheticWords writes a CSV of n distinct words that look like a real
// vocabulary: kanji with okurigana, their reading, Hepburn romaji and a
// short English meaning.
func syntheticWords(n int) []byte {
	syllables := []struct{ kana, romaji string }{
		{"か", "ka"}, {"き", "ki"}, {"く", "ku"}, {"け", "ke"}, {"こ", "ko"}, {"さ", "sa"}, {"し", "shi"},
		{"す", "su"}, {"せ", "se"}, {"そ", "so"}, {"た", "ta"}, {"ち", "chi"}, {"つ", "tsu"}, {"て", "te"},
		{"と", "to"}, {"な", "na"}, {"に", "ni"}, {"ぬ", "nu"}, {"ね", "ne"}, {"の", "no"}, {"は", "ha"},
		{"ひ", "hi"}, {"ふ", "fu"}, {"へ", "he"}, {"ほ", "ho"}, {"ま", "ma"}, {"み", "mi"}, {"む", "mu"},
		{"め", "me"}, {"も", "mo"}, {"や", "ya"}, {"ゆ", "yu"}, {"よ", "yo"}, {"ら", "ra"}, {"り", "ri"},
		{"る", "ru"}, {"れ", "re"}, {"ろ", "ro"}, {"わ", "wa"}, {"が", "ga"}, {"ぎ", "gi"}, {"ご", "go"},
		{"ざ", "za"}, {"じ", "ji"}, {"だ", "da"}, {"で", "de"}, {"ば", "ba"}, {"び", "bi"}, {"ぶ", "bu"},
		{"ぱ", "pa"}, {"ぴ", "pi"}, {"きょう", "kyou"}, {"しゃ", "sha"}, {"ちょ", "cho"}, {"ん", "n"},
		{"あ", "a"}, {"い", "i"}, {"う", "u"}, {"え", "e"}, {"お", "o"},
	}
	english := []string{"eat", "drink", "see", "go", "come", "big", "small", "red", "blue", "house", "school",
		"river", "mountain", "tree", "book", "letter", "friend", "teacher", "train", "station", "morning",
		"night", "water", "fire", "cold", "warm", "quick", "slow", "new", "old", "to make", "to sell"}
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("japanese,reading,romaji,english\n")
	for i := range n {
		var reading, romaji, japanese []byte
		k := 2 + r.IntN(3)
		for j := range k {
			s := syllables[r.IntN(len(syllables))]
			if j == 0 && s.kana == "ん" {
				s = syllables[0]
			}
			reading = append(reading, s.kana...)
			romaji = append(romaji, s.romaji...)
			if j < k-1 {
				japanese = append(japanese, string(rune(0x4E00+r.IntN(2500)))...)
			} else {
				japanese = append(japanese, s.kana...)
			}
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s %s %d\n", japanese, reading, romaji,
			english[r.IntN(len(english))], english[r.IntN(len(english))], i)
	}
	return b.Bytes()
}

// BenchmarkImportFile100k imports 100,000 words from a CSV into a new
// group, as POST /import does (SPEC: at most 5 s).
func BenchmarkImportFile100k(b *testing.B) {
	data := syntheticWords(100_000)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s := newTestStore(b)
		b.StartTimer()
		rep, err := s.ImportUpload(context.Background(), ImportRequest{Data: data, Group: fmt.Sprintf("big %d", i)})
		if err != nil || len(rep.Errors) > 0 || rep.Added != 100_000 {
			b.Fatalf("import: %v, %+v", err, rep.Errors)
		}
	}
}

// BenchmarkSearchWords100k searches 100,000 words (SPEC: p50 at most 10 ms
// for a two-character Japanese query and a romaji query), sorted by
// japanese, one page of 100 with the count of matches.
func BenchmarkSearchWords100k(b *testing.B) {
	s := newTestStore(b)
	ctx := context.Background()
	rep, err := s.ImportUpload(ctx, ImportRequest{Data: syntheticWords(100_000), Group: "big"})
	if err != nil || len(rep.Errors) > 0 {
		b.Fatalf("import: %v %+v", err, rep.Errors)
	}
	// Two kanji of a word in the file; two kana (in katakana) common in
	// readings; a romaji word; an English word in thousands of words.
	var kanji string
	if err := s.reader.QueryRow(`SELECT substr(japanese, 1, 2) FROM words WHERE length(japanese) >= 3 ORDER BY id DESC LIMIT 1`).Scan(&kanji); err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct{ name, search, sort string }{
		{"kanji2", kanji, ""},
		{"kana2", "カシ", ""},
		{"romaji", "kasuru", ""},
		{"english", "river", ""},
		{"english-by-romaji", "river", "romaji"},
	} {
		b.Run(q.name, func(b *testing.B) {
			var times []time.Duration
			var total int
			for b.Loop() {
				start := time.Now()
				l, err := s.ListWords(ctx, ListQuery{Search: q.search, Sort: q.sort})
				if err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
				total = l.Pagination.TotalItems
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// BenchmarkBackup copies a database of LANGPORTAL_REBUILD_REVIEWS reviews
// (default 100,000; make bench sets 1,000,000) over 10,000 words (SPEC: a
// 1M-review backup within 5 s, reviews going on).
func BenchmarkBackup(b *testing.B) {
	reviews := 100_000
	if n, err := strconv.Atoi(os.Getenv("LANGPORTAL_REBUILD_REVIEWS")); err == nil && n > 0 {
		reviews = n
	}
	s := newTestStore(b)
	ctx := b.Context()
	if err := s.SeedDemo(ctx, DemoOptions{Reviews: reviews, Words: 10_000, Now: time.Now()}); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		if err := s.Backup(ctx, filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(reviews), "reviews")
}
