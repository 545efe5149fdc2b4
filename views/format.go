package views

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"langportal/db"
)

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// DateTime formats a stored time for people, in the zone of loc.
func DateTime(t db.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006, 15:04")
}

// ISO is the machine-readable form of a time, for <time datetime>.
func ISO(t db.Time) string { return t.String() }

func progressText(c db.Flashcard) string {
	if c.Done {
		return fmt.Sprintf("%d of %d", c.Answered, c.Total)
	}
	return fmt.Sprintf("%d of %d", c.Position(), c.Total)
}

// Count formats a whole number with thousands separators: 12,345.
func Count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + Count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Percent formats a percentage with at most one decimal: 78.6 %, 100 %.
func Percent(p float64) string {
	return strconv.FormatFloat(p, 'f', -1, 64) + "%"
}

// Plural picks the singular or plural noun for n: "1 word", "2 words".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Count(n) + " " + many
}

func joinReadings(readings []string) string { return strings.Join(readings, " · ") }

// NoData is shown where a figure has nothing to count yet, instead of a
// zero that reads as a result.
const NoData = "—"

// PercentOf formats part / whole as a percentage, or NoData when whole is 0.
func PercentOf(p float64, whole int) string {
	if whole == 0 {
		return NoData
	}
	return Percent(p)
}

// TeachingParts keeps the parts that teach something: a kanji with its
// reading. A part of kana only spells what the word already shows.
func TeachingParts(parts []db.Part) []db.Part {
	var kept []db.Part
	for _, p := range parts {
		if len(p.Romaji) > 0 && strings.ContainsFunc(p.Kanji, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			kept = append(kept, p)
		}
	}
	return kept
}

// jaLengthClass sizes a Japanese word by its length, so that a long phrase
// gets smaller type instead of breaking inside a word.
func jaLengthClass(japanese string) string {
	switch n := utf8.RuneCountInString(japanese); {
	case n > 10:
		return "ja-longer"
	case n > 6:
		return "ja-long"
	}
	return ""
}

// sentence starts a message with a capital letter and ends it with a full
// stop, for showing it on its own: "study session 7 not found" becomes
// "Study session 7 not found."
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	r, size := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[size:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// Relative says when t is from now in words: "now", "in 5 minutes", "in 3
// days", "2 hours ago". Whole units, rounded down, the largest that fits.
func Relative(t, now time.Time) string {
	d := t.Sub(now)
	future := d > 0
	if !future {
		d = -d
	}
	var text string
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		text = Plural(int(d/time.Minute), "minute", "minutes")
	case d < 24*time.Hour:
		text = Plural(int(d/time.Hour), "hour", "hours")
	case d < 60*24*time.Hour:
		text = Plural(int(d/(24*time.Hour)), "day", "days")
	case d < 730*24*time.Hour:
		text = Plural(int(d/(30*24*time.Hour)), "month", "months")
	default:
		text = Plural(int(d/(365*24*time.Hour)), "year", "years")
	}
	if future {
		return "in " + text
	}
	return text + " ago"
}

// MemoryState names a memory's state for people: "learning (step 2 of 2)".
func MemoryState(m db.Memory) string {
	if m.Step != nil {
		return fmt.Sprintf("%s, step %d", m.State, *m.Step+1)
	}
	return m.State
}

// Days formats a stability in days: "2.3 days", "1 day", "14 hours".
func Days(d float64) string {
	switch {
	case d*24 < 1:
		return "under an hour"
	case d < 1:
		return Plural(int(math.Round(d*24)), "hour", "hours")
	case d < 10:
		if r := math.Round(d*10) / 10; r != 1 {
			return strconv.FormatFloat(r, 'f', -1, 64) + " days"
		}
		return "1 day"
	}
	return Count(int(math.Round(d))) + " days"
}

// GroupLabel is a session's group for people: "All groups" for none.
func GroupLabel(name db.OptionalName) string {
	if name == "" {
		return "All groups"
	}
	return string(name)
}

// historyRange says which answers a page of history shows: "1–20 of 45 answers".
func historyRange(l db.List[db.HistoryItem]) string {
	first := (l.Pagination.Page-1)*l.Pagination.PerPage + 1
	return fmt.Sprintf("%s–%s of %s", Count(first), Count(first+len(l.Items)-1), Plural(l.Pagination.TotalItems, "answer", "answers"))
}
