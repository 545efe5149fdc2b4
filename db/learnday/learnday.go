// Package learnday counts the learner's days. A learner day starts at a
// chosen hour (4 by default), not at midnight: a review at 03:30 still
// belongs to the evening before. Days are calendar days in the learner's
// time zone, so they are 23 or 25 hours long around a DST change.
package learnday

import "time"

// DefaultHour is the hour a learner day starts at unless the learner chose another.
const DefaultHour = 4

// Start is the start of the learner day that t falls in: the latest moment
// at or before t that is hour:00 in zone. On a day whose hour:00 does not
// exist (a DST gap) it is that hour in the offset before the change, as
// time.Date normalises it.
func Start(t time.Time, zone *time.Location, hour int) time.Time {
	local := t.In(zone)
	y, m, d := local.Date()
	start := time.Date(y, m, d, hour, 0, 0, 0, zone)
	if start.After(t) {
		start = time.Date(y, m, d-1, hour, 0, 0, 0, zone)
	}
	return start
}

// Add moves a day's start by n learner days.
func Add(start time.Time, n, hour int) time.Time {
	y, m, d := start.Date()
	return time.Date(y, m, d+n, hour, 0, 0, 0, start.Location())
}

// Date is the learner day's date, YYYY-MM-DD: the local date of its start.
func Date(start time.Time) string { return start.Format(time.DateOnly) }
