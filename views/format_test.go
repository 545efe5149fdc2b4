package views

import (
	"testing"
	"time"

	"langportal/db"
)

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPercentAndPlural(t *testing.T) {
	if got := Percent(78.6); got != "78.6%" {
		t.Errorf("Percent(78.6) = %q", got)
	}
	if got := Percent(100); got != "100%" {
		t.Errorf("Percent(100) = %q", got)
	}
	if got := Plural(1, "day", "days"); got != "1 day" {
		t.Errorf("Plural(1) = %q", got)
	}
	if got := Plural(1200, "word", "words"); got != "1,200 words" {
		t.Errorf("Plural(1200) = %q", got)
	}
}

func TestDateTimeUsesTheZone(t *testing.T) {
	at := db.NewTime(time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC))
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	if got := DateTime(at, tokyo); got != "10 Mar 2026, 08:30" {
		t.Errorf("DateTime in Tokyo = %q", got)
	}
	if got := DateTime(at, time.UTC); got != "9 Mar 2026, 23:30" {
		t.Errorf("DateTime in UTC = %q", got)
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{"": "", "study session 7 not found": "Study session 7 not found.",
		"Done.": "Done.", "ümlaut first": "Ümlaut first."} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTableNavRange(t *testing.T) {
	nav := func(page, per, total int) TableNav {
		return TableNav{Pagination: db.Pagination{Page: page, PerPage: per, TotalItems: total, TotalPages: (total + per - 1) / per}}
	}
	tests := []struct {
		nav  TableNav
		want string
	}{
		{nav(1, 100, 0), "No words"},
		{nav(1, 100, 208), "1–100 of 208 words"},
		{nav(3, 100, 208), "201–208 of 208 words"},
		{nav(9, 100, 208), "No words on this page; 208 in all"},
		{nav(2, 500, 1000000), "501–1,000 of 1,000,000 words"},
	}
	for _, tt := range tests {
		if got := tt.nav.Range("words"); got != tt.want {
			t.Errorf("Range = %q, want %q", got, tt.want)
		}
	}
}

func TestTableNavURLs(t *testing.T) {
	n := TableNav{Path: "/words", Sort: "romaji", Pagination: db.Pagination{Page: 2, PerPage: 20, TotalPages: 5}}
	if got := n.PageURL(3); got != "/words?page=3&per_page=20&sort=romaji" {
		t.Errorf("PageURL = %q", got)
	}
	if got := n.SortURL("romaji", "japanese"); got != "/words?order=desc&per_page=20&sort=romaji" {
		t.Errorf("SortURL of the current column = %q, want it reversed from page 1", got)
	}
	if got := (TableNav{Path: "/words", Pagination: db.Pagination{Page: 1, PerPage: 100}}).SortURL("japanese", "japanese"); got != "/words?order=desc&sort=japanese" {
		t.Errorf("SortURL of the default column = %q", got)
	}
	if got := (TableNav{Path: "/words", Pagination: db.Pagination{Page: 1, PerPage: 100}}).PageURL(1); got != "/words" {
		t.Errorf("PageURL(1) with defaults = %q, want the bare path", got)
	}
}

func TestRelative(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "now"}, {30 * time.Second, "now"}, {-30 * time.Second, "now"},
		{time.Minute, "in 1 minute"}, {10 * time.Minute, "in 10 minutes"}, {-10 * time.Minute, "10 minutes ago"},
		{90 * time.Minute, "in 1 hour"}, {23 * time.Hour, "in 23 hours"},
		{24 * time.Hour, "in 1 day"}, {3*24*time.Hour + time.Hour, "in 3 days"}, {-2 * 24 * time.Hour, "2 days ago"},
		{59 * 24 * time.Hour, "in 59 days"}, {90 * 24 * time.Hour, "in 3 months"}, {800 * 24 * time.Hour, "in 2 years"},
	} {
		if got := Relative(now.Add(tc.d), now); got != tc.want {
			t.Errorf("Relative(%s) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestDays(t *testing.T) {
	for _, tc := range []struct {
		d    float64
		want string
	}{{0.001, "under an hour"}, {0.5, "12 hours"}, {1, "1 day"}, {2.3065, "2.3 days"}, {9.96, "10 days"}, {497.88, "498 days"}, {36500, "36,500 days"}} {
		if got := Days(tc.d); got != tc.want {
			t.Errorf("Days(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
	step := 0
	if got := MemoryState(db.Memory{State: "learning", Step: &step}); got != "learning, step 1" {
		t.Errorf("MemoryState = %q", got)
	}
}

// A searched list keeps its search in every link that sorts or pages, and
// says what it matched.
func TestTableNavKeepsTheSearch(t *testing.T) {
	n := TableNav{Path: "/groups/3", Search: "食べ る", State: "due", Pagination: db.Pagination{Page: 1, PerPage: 100, TotalItems: 3, TotalPages: 1}}
	tests := []struct{ got, want string }{
		{n.PageURL(2), "/groups/3?page=2&q=%E9%A3%9F%E3%81%B9+%E3%82%8B&state=due"},
		{n.SortURL("english", "japanese"), "/groups/3?q=%E9%A3%9F%E3%81%B9+%E3%82%8B&sort=english&state=due"},
		{n.Range("words"), "1–3 of 3 words match “食べ る”"},
		{TableNav{Path: "/words", Search: "x"}.Range("words"), "No words match “x”"},
		{TableNav{Path: "/words", Search: "tab", Pagination: db.Pagination{Page: 1, PerPage: 100, TotalItems: 1, TotalPages: 1}}.Range("words"), "1 word matches “tab”"},
		{TableNav{Path: "/study_sessions/1", Pagination: db.Pagination{Page: 1, PerPage: 100, TotalItems: 1, TotalPages: 1}}.Range("words reviewed"), "1 word reviewed"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
