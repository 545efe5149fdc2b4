package views

import (
	"fmt"
	"slices"
	"time"

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
