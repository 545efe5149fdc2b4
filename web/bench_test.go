package web

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// The handler benchmarks run the whole stack (router, middleware,
// negotiation, store) behind a real listener; make bench runs them.

// benchConn is a minimal kept-alive HTTP/1.1 client for benchmarks.
type benchConn struct {
	c net.Conn
	r *bufio.Reader
}

func (b *benchConn) roundTrip(req string) (int, error) {
	if _, err := io.WriteString(b.c, req); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(b.r, nil)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func benchServer(b *testing.B) (*testServer, string) {
	ts := newTestServer(b)
	srv := httptest.NewServer(ts.srv)
	b.Cleanup(srv.Close)
	return ts, strings.TrimPrefix(srv.URL, "http://")
}

func benchParallel(b *testing.B, addr string, conns int, next func(i int64) string) {
	var n atomic.Int64
	b.SetParallelism(max(1, conns/2)) // GOMAXPROCS is 2
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Error(err)
			return
		}
		defer c.Close()
		bc := &benchConn{c: c, r: bufio.NewReader(c)}
		for pb.Next() {
			status, err := bc.roundTrip(next(n.Add(1)))
			if err != nil || status >= 300 {
				b.Errorf("status %d, %v", status, err)
				return
			}
		}
	})
}

func jsonRequest(path, body string) string {
	return "POST " + path + " HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\nAccept: application/json\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}

func BenchmarkPostReview(b *testing.B) {
	for _, conns := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("conns=%d", conns), func(b *testing.B) {
			ts, addr := benchServer(b)
			sess := ts.mustCreateSession(1, 1)
			path := fmt.Sprintf("/study_sessions/%d/review", sess.ID)
			benchParallel(b, addr, conns, func(i int64) string {
				return jsonRequest(path, fmt.Sprintf(`{"word_id":%d,"correct":%t}`, i%69+1, i%3 != 0))
			})
		})
	}
}

func BenchmarkPostStudySession(b *testing.B) {
	ts, addr := benchServer(b)
	_ = ts
	benchParallel(b, addr, 64, func(i int64) string {
		return jsonRequest("/study_sessions", fmt.Sprintf(`{"group_id":%d,"study_activity_id":1}`, i%3+1))
	})
}

func BenchmarkReads(b *testing.B) {
	ts, addr := benchServer(b)
	sess := ts.mustCreateSession(1, 1)
	for _, p := range []string{"/dashboard", "/words?sort=correct&order=desc", "/groups/1", fmt.Sprintf("/study_sessions/%d", sess.ID)} {
		for _, accept := range []string{"application/json", "text/html"} {
			b.Run(p+"/"+accept, func(b *testing.B) {
				req := "GET " + p + " HTTP/1.1\r\nHost: example.com\r\nAccept: " + accept + "\r\n\r\n"
				benchParallel(b, addr, 2, func(int64) string { return req })
			})
		}
	}
}
