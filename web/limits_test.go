package web

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestBodyOverTheLimit sends bodies just under and over 64 KiB, with a
// Content-Length and streamed without one: over the limit is a 413 and
// nothing is written.
func TestBodyOverTheLimit(t *testing.T) {
	pad := func(n int) string { return strings.Repeat(" ", n) }
	valid := `{"group_id": 1, "study_activity_id": 1}`
	tests := []struct {
		name     string
		body     string
		chunked  bool
		want     int
		wantRows int
	}{
		{"just under, declared", valid + pad(maxBodyBytes-len(valid)), false, 200, 1},
		{"over, declared", valid + pad(maxBodyBytes-len(valid)+1), false, 413, 0},
		{"over, streamed", valid + pad(maxBodyBytes), true, 413, 0},
		{"form over, streamed", "group_id=1&study_activity_id=1&pad=" + strings.Repeat("x", maxBodyBytes), true, 413, 0},
	}
	for _, tt := range tests {
		for _, kind := range modes {
			if kind != asJSON && !tt.chunked && tt.want == 200 {
				continue // browsers send forms, not JSON bodies
			}
			t.Run(fmt.Sprintf("%s/%s", tt.name, kind), func(t *testing.T) {
				ts := newTestServer(t)
				r := request(http.MethodPost, "/study_sessions", kind, "")
				ct := "application/json"
				if strings.HasPrefix(tt.body, "group_id=") {
					ct = "application/x-www-form-urlencoded"
				}
				r.Header.Set("Content-Type", ct)
				r.Body = io.NopCloser(strings.NewReader(tt.body))
				r.ContentLength = int64(len(tt.body))
				if tt.chunked {
					r.ContentLength = -1
				}
				w := ts.do(r)
				want := tt.want
				if want == 200 && kind == asPage {
					want = 303
				}
				if w.Code != want {
					t.Fatalf("status = %d, want %d\n%.300s", w.Code, want, w.Body)
				}
				if got := ts.count("study_sessions"); got != tt.wantRows {
					t.Errorf("study_sessions = %d, want %d", got, tt.wantRows)
				}
				if want == 413 && !strings.Contains(w.Body.String(), "64 KiB") {
					t.Errorf("the 413 does not say the limit:\n%.300s", w.Body)
				}
			})
		}
	}
}
