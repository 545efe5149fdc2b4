package learnday

import (
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func TestStart(t *testing.T) {
	kiritimati := time.FixedZone("UTC+14", 14*3600)
	niue := time.FixedZone("UTC-11", -11*3600)
	ny := zone(t, "America/New_York")
	for _, tc := range []struct {
		name string
		at   string
		zone *time.Location
		hour int
		want string // the day's start, RFC 3339
		date string
	}{
		{"after the hour", "2026-03-10T05:00:00Z", time.UTC, 4, "2026-03-10T04:00:00Z", "2026-03-10"},
		{"at the hour", "2026-03-10T04:00:00Z", time.UTC, 4, "2026-03-10T04:00:00Z", "2026-03-10"},
		{"just before the hour is yesterday", "2026-03-10T03:59:59.999Z", time.UTC, 4, "2026-03-09T04:00:00Z", "2026-03-09"},
		{"03:30 belongs to the day before", "2026-03-10T03:30:00Z", time.UTC, 4, "2026-03-09T04:00:00Z", "2026-03-09"},
		{"midnight start", "2026-03-10T00:00:00Z", time.UTC, 0, "2026-03-10T00:00:00Z", "2026-03-10"},
		{"23 h start", "2026-03-10T22:59:00Z", time.UTC, 23, "2026-03-09T23:00:00Z", "2026-03-09"},
		{"UTC+14", "2026-03-10T15:00:00Z", kiritimati, 4, "2026-03-11T04:00:00+14:00", "2026-03-11"},
		{"UTC+14 before the hour", "2026-03-10T13:30:00Z", kiritimati, 4, "2026-03-10T04:00:00+14:00", "2026-03-10"},
		{"UTC-11", "2026-03-10T15:00:00Z", niue, 4, "2026-03-10T04:00:00-11:00", "2026-03-10"},
		{"UTC-11 before the hour", "2026-03-10T14:59:00Z", niue, 4, "2026-03-09T04:00:00-11:00", "2026-03-09"},
		{"UTC-11 early morning", "2026-03-10T12:00:00Z", niue, 4, "2026-03-09T04:00:00-11:00", "2026-03-09"},
		{"spring forward day (23 h)", "2026-03-08T12:00:00Z", ny, 4, "2026-03-08T04:00:00-04:00", "2026-03-08"},
		// 02:00 does not exist that day: time.Date takes it in the old offset.
		{"start in the DST gap", "2026-03-08T12:00:00Z", ny, 2, "2026-03-08T01:00:00-05:00", "2026-03-08"},
		{"fall back day (25 h)", "2026-11-01T09:30:00Z", ny, 4, "2026-11-01T04:00:00-05:00", "2026-11-01"},
		{"fall back, 03:30 after the change", "2026-11-01T08:30:00Z", ny, 4, "2026-10-31T04:00:00-04:00", "2026-10-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at, _ := time.Parse(time.RFC3339Nano, tc.at)
			want, _ := time.Parse(time.RFC3339, tc.want)
			got := Start(at, tc.zone, tc.hour)
			if !got.Equal(want) {
				t.Errorf("Start(%s) = %s, want %s", tc.at, got, want)
			}
			if d := Date(got); d != tc.date {
				t.Errorf("Date = %s, want %s", d, tc.date)
			}
			if next := Add(got, 1, tc.hour); !next.After(at) || Start(next, tc.zone, tc.hour) != next {
				t.Errorf("the next day starts at %s: not after %s or not a start", next, tc.at)
			}
		})
	}
}

func TestAddAcrossDST(t *testing.T) {
	ny := zone(t, "America/New_York")
	start := time.Date(2026, 3, 7, 4, 0, 0, 0, ny)
	next := Add(start, 1, 4)
	if got := next.Sub(start); got != 23*time.Hour {
		t.Errorf("the spring-forward learner day lasts %s, want 23h", got)
	}
	fall := time.Date(2026, 10, 31, 4, 0, 0, 0, ny)
	if got := Add(fall, 1, 4).Sub(fall); got != 25*time.Hour {
		t.Errorf("the fall-back learner day lasts %s, want 25h", got)
	}
	if got := Add(start, -30, 4); got.Hour() != 4 || Date(got) != "2026-02-05" {
		t.Errorf("30 days back = %s, want 2026-02-05 04:00", got)
	}
}
