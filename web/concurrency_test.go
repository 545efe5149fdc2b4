package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentReviews posts 64 × 20 reviews at once through the real
// router: every success is a row, nothing fails, nothing is locked.
func TestConcurrentReviews(t *testing.T) {
	const workers, perWorker = 64, 20
	ts := newTestServer(t)
	srv := httptest.NewServer(ts.srv)
	defer srv.Close()

	sessions := make([]int64, 4)
	for i := range sessions {
		sessions[i] = ts.mustCreateSession(int64(i%3+1), 1).ID
	}
	words := make(map[int64]int64) // session → a word of its group
	for _, id := range sessions {
		var group int64
		if err := ts.raw.QueryRow(`SELECT group_id FROM study_sessions WHERE id = ?`, id).Scan(&group); err != nil {
			t.Fatal(err)
		}
		words[id], _ = ts.wordIn(group)
	}

	var ok, failed atomic.Int64
	var mu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				session := sessions[(w+i)%len(sessions)]
				body := fmt.Sprintf(`{"word_id": %d, "correct": %v}`, words[session], i%2 == 0)
				resp, err := http.Post(fmt.Sprintf("%s/study_sessions/%d/review", srv.URL, session),
					"application/json", strings.NewReader(body))
				if err != nil {
					failed.Add(1)
					continue
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					ok.Add(1)
				} else {
					failed.Add(1)
					mu.Lock()
					failures = append(failures, resp.Status)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()

	if failed.Load() != 0 {
		t.Errorf("%d requests failed, e.g. %v", failed.Load(), failures[:min(len(failures), 5)])
	}
	if got := int64(ts.count("word_review_items")); got != ok.Load() {
		t.Errorf("word_review_items has %d rows, but %d requests succeeded", got, ok.Load())
	}
	if ok.Load() != workers*perWorker {
		t.Errorf("%d reviews succeeded, want %d", ok.Load(), workers*perWorker)
	}
	if strings.Contains(ts.logs.String(), "locked") {
		t.Errorf("the log mentions a locked database")
	}
}
