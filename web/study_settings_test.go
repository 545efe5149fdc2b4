package web

import (
	"net/http"
	"strings"
	"testing"
)

// The desired retention is read as JSON and changed in every mode; a value
// out of range is a 400 naming the field, and nothing changes.
func TestDesiredRetentionSetting(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			w := ts.do(request(http.MethodGet, "/settings", asJSON, ""))
			if got := decodeJSON(t, w)["desired_retention"]; got != 0.9 {
				t.Errorf("desired_retention = %v, want 0.9", got)
			}
			body := "desired_retention=0.85"
			if kind == asJSON {
				body = `{"desired_retention": 0.85}`
			}
			w = ts.do(request(http.MethodPost, "/settings", kind, body))
			assertNegotiated(t, w, kind)
			want := map[string]int{asJSON: 200, asFragment: 200, asPage: 303}[kind]
			if w.Code != want {
				t.Fatalf("status = %d, want %d\n%s", w.Code, want, w.Body)
			}
			var r float64
			ts.raw.QueryRow(`SELECT desired_retention FROM settings`).Scan(&r)
			if r != 0.85 {
				t.Errorf("stored retention = %v, want 0.85", r)
			}
			for _, bad := range []string{"0.69", "1", "abc", "", "NaN"} {
				body := "desired_retention=" + bad
				if kind == asJSON {
					body = `{"desired_retention": "` + bad + `"}`
					if bad == "0.69" || bad == "1" {
						body = `{"desired_retention": ` + bad + `}`
					}
				}
				w := ts.do(request(http.MethodPost, "/settings", kind, body))
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "0.70") {
					t.Errorf("retention %q: status %d, want 400 with the range\n%s", bad, w.Code, w.Body)
				}
			}
			ts.raw.QueryRow(`SELECT desired_retention FROM settings`).Scan(&r)
			if r != 0.85 {
				t.Errorf("retention after refused changes = %v, want 0.85", r)
			}
		})
	}
}
