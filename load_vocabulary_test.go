package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadWordsCSV is a CSV of n distinct words that look like a vocabulary:
// kanji with okurigana, the reading, Hepburn romaji and a short meaning.
func loadWordsCSV(n int) []byte {
	kana := [][2]string{{"か", "ka"}, {"き", "ki"}, {"く", "ku"}, {"さ", "sa"}, {"し", "shi"}, {"す", "su"}, {"た", "ta"},
		{"ち", "chi"}, {"つ", "tsu"}, {"な", "na"}, {"の", "no"}, {"は", "ha"}, {"ま", "ma"}, {"み", "mi"}, {"る", "ru"},
		{"れ", "re"}, {"が", "ga"}, {"ご", "go"}, {"じ", "ji"}, {"ば", "ba"}, {"きょう", "kyou"}, {"しゃ", "sha"}, {"ん", "n"}}
	english := []string{"eat", "drink", "river", "mountain", "book", "friend", "train", "morning", "water", "cold", "to make"}
	r := rand.New(rand.NewPCG(3, 4))
	var b bytes.Buffer
	b.WriteString("japanese,reading,romaji,english\n")
	for i := range n {
		var reading, romaji, japanese []byte
		k := 2 + r.IntN(3)
		for j := range k {
			s := kana[r.IntN(len(kana)-1)] // never a leading ん
			reading, romaji = append(reading, s[0]...), append(romaji, s[1]...)
			if j < k-1 {
				japanese = append(japanese, string(rune(0x4E00+r.IntN(2500)))...)
			} else {
				japanese = append(japanese, s[0]...)
			}
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s %d\n", japanese, reading, romaji, english[r.IntN(len(english))], i)
	}
	return b.Bytes()
}

// reviewsBeside answers reviews from workers connections until stop is
// closed, and returns their latencies sorted and the answers that were
// not a 200.
func reviewsBeside(t *testing.T, srv *server, session, workers int, stop chan struct{}) func() ([]time.Duration, int) {
	var mu sync.Mutex
	var lat []time.Duration
	failed := 0
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf(`{"word_id": %d, "correct": %t}`, (w*7+i)%69+1, i%3 != 0)
				t0 := time.Now()
				resp, err := http.Post(fmt.Sprintf("%s/study_sessions/%d/review", srv.url, session), "application/json", strings.NewReader(body))
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				if err != nil || resp.StatusCode != http.StatusOK {
					failed++
				}
				mu.Unlock()
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		})
	}
	return func() ([]time.Duration, int) {
		wg.Wait()
		slices.Sort(lat)
		return lat, failed
	}
}

func percentile(lat []time.Duration, p int) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[len(lat)*p/100]
}

// TestLoadImportAndBackup imports 100,000 words from the browser's route
// (SPEC: within 5 s, peak RSS at most 150 MB, reviews answered beside it
// with p99 under 1 s and no 5xx), then downloads a backup while reviews go
// on. It runs only with LANGPORTAL_LOAD set (make bench).
func TestLoadImportAndBackup(t *testing.T) {
	if os.Getenv("LANGPORTAL_LOAD") == "" {
		t.Skip("set LANGPORTAL_LOAD=1 (make bench) to run the load test")
	}
	srv := startServer(t, strings.Fields(os.Getenv("LANGPORTAL_LOAD_ENV"))...)
	resp, err := http.Post(srv.url+"/study_sessions", "application/json", strings.NewReader(`{"group_id": 1, "study_activity_id": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	var sess struct{ ID int }
	json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("group", "Big import")
	fw, _ := mw.CreateFormFile("file", "big.csv")
	fw.Write(loadWordsCSV(100_000))
	mw.Close()
	_, before := vmRSS(srv.cmd.Process.Pid)

	stop := make(chan struct{})
	wait := reviewsBeside(t, srv, sess.ID, 4, stop)
	time.Sleep(300 * time.Millisecond) // reviews flowing first
	req, _ := http.NewRequest(http.MethodPost, srv.url+"/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "application/json")
	t0 := time.Now()
	resp, err = http.DefaultClient.Do(req)
	took := time.Since(t0)
	time.Sleep(300 * time.Millisecond)
	close(stop)
	lat, failed := wait()
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Added  int
		Errors []any
	}
	json.NewDecoder(resp.Body).Decode(&rep)
	resp.Body.Close()
	_, peak := vmRSS(srv.cmd.Process.Pid)
	fmt.Printf("import of 100,000 words: %d in %.2f s (SPEC: 5 s); server peak RSS %.0f MiB (%.0f before); "+
		"%d reviews beside it: p50 %.1f ms, p99 %.1f ms, %d not 200\n",
		rep.Added, took.Seconds(), peak, before, len(lat), ms(percentile(lat, 50)), ms(percentile(lat, 99)), failed)
	if resp.StatusCode != http.StatusOK || rep.Added != 100_000 {
		t.Errorf("import: %d, %d added, errors %v", resp.StatusCode, rep.Added, rep.Errors)
	}
	if failed > 0 || percentile(lat, 99) > time.Second {
		t.Errorf("reviews beside the import: %d failed, p99 %v", failed, percentile(lat, 99))
	}

	stop = make(chan struct{})
	wait = reviewsBeside(t, srv, sess.ID, 4, stop)
	time.Sleep(200 * time.Millisecond)
	t0 = time.Now()
	resp, err = http.Get(srv.url + "/export/backup")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took = time.Since(t0)
	close(stop)
	lat, failed = wait()
	fmt.Printf("backup download: %.1f MiB in %.2f s; %d reviews beside it: p99 %.1f ms, %d not 200\n",
		float64(n)/(1<<20), took.Seconds(), len(lat), ms(percentile(lat, 99)), failed)
	if resp.StatusCode != http.StatusOK || failed > 0 || percentile(lat, 99) > time.Second {
		t.Errorf("backup: %d; reviews beside it: %d failed, p99 %v", resp.StatusCode, failed, percentile(lat, 99))
	}
}
