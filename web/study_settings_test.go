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

// new_per_day and day_starts_at: in range, whole numbers, named when not.
func TestLearnerDaySettings(t *testing.T) {
	for _, kind := range modes {
		t.Run(kind, func(t *testing.T) {
			ts := newTestServer(t)
			body := "new_per_day=5&day_starts_at=0"
			if kind == asJSON {
				body = `{"new_per_day": 5, "day_starts_at": 0}`
			}
			if w := ts.do(request(http.MethodPost, "/settings", kind, body)); w.Code >= 400 {
				t.Fatalf("status = %d\n%s", w.Code, w.Body)
			}
			var perDay, startsAt int
			var retention float64
			ts.raw.QueryRow(`SELECT new_per_day, day_starts_at, desired_retention FROM settings`).Scan(&perDay, &startsAt, &retention)
			if perDay != 5 || startsAt != 0 || retention != 0.9 {
				t.Errorf("stored %d, %d, %v; want 5, 0 and the retention untouched", perDay, startsAt, retention)
			}
			for _, tc := range []struct{ form, json, field string }{
				{"new_per_day=-1", `{"new_per_day": -1}`, "new_per_day"},
				{"new_per_day=10000", `{"new_per_day": 10000}`, "new_per_day"},
				{"new_per_day=2.5", `{"new_per_day": 2.5}`, "new_per_day"},
				{"new_per_day=ten", `{"new_per_day": "10"}`, "new_per_day"},
				{"day_starts_at=24", `{"day_starts_at": 24}`, "day_starts_at"},
				{"day_starts_at=-1", `{"day_starts_at": -1}`, "day_starts_at"},
				{"day_starts_at=4&new_per_day=x", `{"day_starts_at": 4, "new_per_day": null}`, "new_per_day"},
			} {
				body := tc.form
				if kind == asJSON {
					body = tc.json
				}
				w := ts.do(request(http.MethodPost, "/settings", kind, body))
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tc.field) {
					t.Errorf("%s: status %d, want 400 naming %s", body, w.Code, tc.field)
				}
			}
			ts.raw.QueryRow(`SELECT new_per_day, day_starts_at FROM settings`).Scan(&perDay, &startsAt)
			if perDay != 5 || startsAt != 0 {
				t.Errorf("after refused changes: %d, %d; want 5, 0", perDay, startsAt)
			}
		})
	}
}
