package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The load run drives the real binary on a temp database and prints what
// make bench reports. It runs only when LANGPORTAL_LOAD is set:
//
//	LANGPORTAL_LOAD=1 go test -run TestLoad -v .

// loadResult is one load run: a path at a number of connections.
type loadResult struct {
	name     string
	conns    int
	requests int
	ok       int // 2xx
	other    int // any other status, or a broken connection
	seconds  float64
	p50, p99 time.Duration
	rows     int // rows the run added
}

func (r loadResult) String() string {
	check := "rows == 2xx"
	if r.rows != r.ok {
		check = fmt.Sprintf("rows %d != 2xx %d", r.rows, r.ok)
	}
	return fmt.Sprintf("| %-28s | %3d | %9.0f | %7.3f | %7.3f | %5d | %s |", r.name, r.conns,
		float64(r.requests)/r.seconds, ms(r.p50), ms(r.p99), r.other, check)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// rawClient speaks just enough HTTP/1.1 over one kept-alive connection to
// cost the load generator little CPU: the server has the other core.
type rawClient struct {
	conn net.Conn
	r    *bufio.Reader
}

func dialRaw(addr string) (*rawClient, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &rawClient{conn: c, r: bufio.NewReaderSize(c, 16<<10)}, nil
}

// do sends a prepared request and returns the status and the body.
func (c *rawClient) do(req []byte) (int, []byte, error) {
	if _, err := c.conn.Write(req); err != nil {
		return 0, nil, err
	}
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return 0, nil, err
	}
	if len(line) < 12 {
		return 0, nil, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, nil, err
	}
	length := 0
	for {
		h, err := c.r.ReadSlice('\n')
		if err != nil {
			return 0, nil, err
		}
		if len(h) <= 2 {
			break
		}
		if len(h) > 16 && bytes.EqualFold(h[:15], []byte("Content-Length:")) {
			length, _ = strconv.Atoi(string(bytes.TrimSpace(h[15:])))
		}
	}
	body := make([]byte, length)
	_, err = io.ReadFull(c.r, body)
	return status, body, err
}

func jsonPost(host, path, body string) []byte {
	return []byte(fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: %d\r\n\r\n%s",
		path, host, len(body), body))
}

func getRequest(host, path, accept string) []byte {
	return []byte(fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nAccept: %s\r\n\r\n", path, host, accept))
}

// runLoad sends requests from conns connections for d, each worker taking
// its next request from next, and measures every one.
func runLoad(t *testing.T, addr string, conns int, d time.Duration, next func(worker, i int) []byte) loadResult {
	t.Helper()
	var mu sync.Mutex
	var lat []time.Duration
	res := loadResult{conns: conns}
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	start := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := dialRaw(addr)
			if err != nil {
				t.Error(err)
				return
			}
			defer c.conn.Close()
			mine := make([]time.Duration, 0, 1<<14)
			ok, other := 0, 0
			for i := 0; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				status, _, err := c.do(next(w, i))
				mine = append(mine, time.Since(t0))
				switch {
				case err != nil:
					other++
					return
				case status >= 200 && status < 300:
					ok++
				default:
					other++
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			res.ok += ok
			res.other += other
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.seconds = time.Since(start).Seconds()
	res.requests = len(lat)
	slices.Sort(lat)
	if len(lat) > 0 {
		res.p50 = lat[len(lat)/2]
		res.p99 = lat[len(lat)*99/100]
	}
	return res
}

// vmRSS reads a process's resident and peak resident memory, in MiB.
func vmRSS(pid int) (rss, peak float64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(fields[1], 64)
		switch fields[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return rss, peak
}

func loadDuration() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("LANGPORTAL_LOAD_TIME")); err == nil {
		return d
	}
	return 5 * time.Second
}

// TestLoadWrites measures both write endpoints at 1, 16 and 64 connections.
func TestLoadWrites(t *testing.T) {
	if os.Getenv("LANGPORTAL_LOAD") == "" {
		t.Skip("set LANGPORTAL_LOAD=1 (make bench) to run the load test")
	}
	dbPath := filepath.Join(t.TempDir(), "load.db")
	srv := startServerOn(t, dbPath, strings.Fields(os.Getenv("LANGPORTAL_LOAD_ENV"))...)
	addr := strings.TrimPrefix(srv.url, "http://")
	host := addr
	// Sessions to review in, one per worker so that reviews spread.
	sessions := make([]int, 64)
	for i := range sessions {
		resp, err := http.Post(srv.url+"/study_sessions", "application/json", strings.NewReader(fmt.Sprintf(`{"group_id": %d, "study_activity_id": 1}`, i%3+1)))
		if err != nil {
			t.Fatal(err)
		}
		var s struct{ ID int }
		json.NewDecoder(resp.Body).Decode(&s)
		resp.Body.Close()
		sessions[i] = s.ID
	}
	// A word of each session's group: groups 1, 2, 3 hold words 1-69, 70-147, 148-208.
	firstWord := map[int]int{1: 1, 2: 70, 3: 148}
	d := loadDuration()
	var results []loadResult
	for _, conns := range []int{1, 16, 64} {
		before := countRows(t, dbPath, `SELECT COUNT(*) FROM word_review_items`)
		r := runLoad(t, addr, conns, d, func(w, i int) []byte {
			s := sessions[w%len(sessions)]
			word := firstWord[(s-1)%3+1] + i%60
			return jsonPost(host, fmt.Sprintf("/study_sessions/%d/review", s), fmt.Sprintf(`{"word_id":%d,"correct":%t}`, word, i%3 != 0))
		})
		r.name = "POST /study_sessions/:id/review"
		r.rows = countRows(t, dbPath, `SELECT COUNT(*) FROM word_review_items`) - before
		results = append(results, r)

		before = countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`)
		r = runLoad(t, addr, conns, d, func(w, i int) []byte {
			return jsonPost(host, "/study_sessions", fmt.Sprintf(`{"group_id":%d,"study_activity_id":1}`, (w+i)%3+1))
		})
		r.name = "POST /study_sessions"
		r.rows = countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`) - before
		results = append(results, r)
	}
	rss, peak := vmRSS(srv.cmd.Process.Pid)
	fmt.Println("\nWrites (JSON, synchronous=FULL), each run", d)
	fmt.Println("| endpoint                     | conns | req/s | p50 ms | p99 ms | non-2xx | check |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, r := range results {
		fmt.Println(r)
		if r.rows != r.ok || r.other != 0 {
			t.Errorf("%s at %d connections: %d non-2xx, rows %d vs 2xx %d", r.name, r.conns, r.other, r.rows, r.ok)
		}
	}
	fmt.Printf("server memory: %.1f MiB resident now, %.1f MiB at the peak\n", rss, peak)
}

// readPage is a page to measure: its label in the report (LAST and MID
// stand for the last and the middle page of the sessions list) and its path.
type readPage struct{ label, path string }

// readPages are every page and JSON read of the portal, deep pages and
// every sort of the sessions list included. last is the last page of the
// sessions list (100 a page); session a session with reviews.
func readPages(last, session int) []readPage {
	mid := max(1, last/2)
	deep := func(label, format string, page int) readPage {
		return readPage{label, fmt.Sprintf(format, page)}
	}
	return []readPage{
		{"/dashboard", "/dashboard"},
		{"/review/queue", "/review/queue"},
		{"/review/queue?group_id=5", "/review/queue?group_id=5"},
		{"/study_activities", "/study_activities"},
		{"/study_activities/1", "/study_activities/1"},
		deep("/study_activities/1?page=MID", "/study_activities/1?page=%d", mid),
		{"/words", "/words"},
		{"/words?sort=correct&order=desc&page=50", "/words?sort=correct&order=desc&page=50"},
		{"/words?sort=english&page=100", "/words?sort=english&page=100"},
		{"/words/5000", "/words/5000"},
		{"/groups", "/groups"},
		{"/groups?sort=words&order=desc", "/groups?sort=words&order=desc"},
		{"/groups/5", "/groups/5"},
		{"/groups/5/words", "/groups/5/words"},
		{"/study_sessions", "/study_sessions"},
		deep("/study_sessions?page=LAST", "/study_sessions?page=%d", last),
		deep("/study_sessions?sort=start&order=desc&page=MID", "/study_sessions?sort=start&order=desc&page=%d", mid),
		deep("/study_sessions?sort=end&page=LAST", "/study_sessions?sort=end&page=%d", last),
		deep("/study_sessions?sort=reviews&order=desc&page=MID", "/study_sessions?sort=reviews&order=desc&page=%d", mid),
		deep("/study_sessions?sort=activity&page=MID", "/study_sessions?sort=activity&page=%d", mid),
		deep("/study_sessions?sort=group&order=desc&page=LAST", "/study_sessions?sort=group&order=desc&page=%d", last),
		{"/study_sessions/MID", fmt.Sprintf("/study_sessions/%d", session)},
		{"/study_sessions/MID?sort=wrong&order=desc", fmt.Sprintf("/study_sessions/%d?sort=wrong&order=desc", session)},
	}
}

// readLatency requests path for d from one connection and returns p50 and p99.
func readLatency(t *testing.T, addr, path, accept string, d time.Duration) (p50, p99 time.Duration) {
	t.Helper()
	c, err := dialRaw(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.conn.Close()
	req := getRequest(addr, path, accept)
	var lat []time.Duration
	for deadline := time.Now().Add(d); time.Now().Before(deadline) || len(lat) < 20; {
		t0 := time.Now()
		status, _, err := c.do(req)
		lat = append(lat, time.Since(t0))
		if err != nil || status != http.StatusOK {
			t.Fatalf("GET %s (%s) = %d, %v", path, accept, status, err)
		}
	}
	slices.Sort(lat)
	return lat[len(lat)/2], lat[len(lat)*99/100]
}

// TestLoadReads measures every page, as JSON and as HTML, on a learning
// record of 10,000 and of 1,000,000 reviews (10,000 words, sessions of 20
// reviews: 500 and 50,000 of them).
func TestLoadReads(t *testing.T) {
	if os.Getenv("LANGPORTAL_LOAD") == "" {
		t.Skip("set LANGPORTAL_LOAD=1 (make bench) to run the load test")
	}
	per := loadDuration() / 10
	type row struct {
		path           string
		small, big     [2][2]time.Duration // [json|html][p50|p99]
		smallOK, bigOK bool
	}
	var rows []*row
	sizes := []int{10000, 1000000}
	if os.Getenv("LANGPORTAL_LOAD_SMALL") != "" {
		sizes = sizes[:1]
	}
	for si, reviews := range sizes {
		dbPath := filepath.Join(t.TempDir(), fmt.Sprintf("reads-%d.db", reviews))
		started := time.Now()
		// The synthetic vocabulary, named: seed-demo builds on the starter words by default.
		if out, err := runCommand(t, dbPath, "seed-demo", "--reviews", strconv.Itoa(reviews), "--words", "10000"); err != nil {
			t.Fatal(err, out)
		}
		t.Logf("seed-demo --reviews %d: %s", reviews, time.Since(started).Round(time.Second))
		srv := startServerOn(t, dbPath)
		addr := strings.TrimPrefix(srv.url, "http://")
		sessions := countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`)
		for i, page := range readPages((sessions+99)/100, sessions/2) {
			if si == 0 {
				rows = append(rows, &row{path: page.label})
			}
			r := rows[i]
			for m, accept := range []string{"application/json", "text/html"} {
				p50, p99 := readLatency(t, addr, page.path, accept, per)
				if si == 0 {
					r.small[m] = [2]time.Duration{p50, p99}
				} else {
					r.big[m] = [2]time.Duration{p50, p99}
				}
			}
		}
	}
	fmt.Println("\nReads, one connection, milliseconds (p50 / p99): 10,000 reviews | 1,000,000 reviews")
	fmt.Println("| page | JSON 10k | HTML 10k | JSON 1M | HTML 1M |")
	fmt.Println("|---|---|---|---|---|")
	for _, r := range rows {
		cell := func(v [2]time.Duration) string {
			if v[0] == 0 {
				return "-"
			}
			return fmt.Sprintf("%.2f / %.2f", ms(v[0]), ms(v[1]))
		}
		fmt.Printf("| `%s` | %s | %s | %s | %s |\n", r.path, cell(r.small[0]), cell(r.small[1]), cell(r.big[0]), cell(r.big[1]))
		for m := range 2 {
			if r.big[m][0] == 0 {
				continue
			}
			if r.big[m][0] > 5*time.Millisecond || r.big[m][1] > 20*time.Millisecond {
				t.Errorf("%s: p50 %v, p99 %v at 1M reviews; the target is 5 ms and 20 ms", r.path, r.big[m][0], r.big[m][1])
			}
		}
	}
}

// TestStartup measures the time from starting the binary on a migrated
// database to its first answer.
func TestStartup(t *testing.T) {
	if os.Getenv("LANGPORTAL_LOAD") == "" {
		t.Skip("set LANGPORTAL_LOAD=1 (make bench) to run the load test")
	}
	dbPath := filepath.Join(t.TempDir(), "startup.db")
	if out, err := runCommand(t, dbPath, "seed-demo", "--reviews", "100000"); err != nil {
		t.Fatal(err, out)
	}
	var times []time.Duration
	for range 5 {
		started := time.Now()
		srv := startServerOn(t, dbPath)
		for {
			resp, err := http.Get(srv.url + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			time.Sleep(time.Millisecond)
		}
		times = append(times, time.Since(started))
		srv.cmd.Process.Signal(os.Interrupt)
		srv.cmd.Wait()
	}
	slices.Sort(times)
	fmt.Printf("\nstart to serving (migrated database, 100,000 reviews): median %.0f ms of %d starts (min %.0f, max %.0f)\n",
		ms(times[len(times)/2]), len(times), ms(times[0]), ms(times[len(times)-1]))
	if times[len(times)/2] > 200*time.Millisecond {
		t.Errorf("start to serving took %v, the target is 200 ms", times[len(times)/2])
	}
}
