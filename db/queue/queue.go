// Package queue orders what a Review session studies next, as SPEC says:
// first the words due now (earliest due first, then word id), then new
// words (lowest id first) up to what is left of the day's new-word limit,
// and only when both are empty a word in learning or relearning due within
// the learn-ahead limit. It is a pure function of the rows the store reads.
package queue

import (
	"cmp"
	"slices"
	"time"
)

// LearnAhead is how far ahead a learning word may be studied when nothing
// else is left.
const LearnAhead = 20 * time.Minute

// Entry is a reviewed word's place in the schedule.
type Entry struct {
	WordID   int64
	Due      time.Time
	Learning bool // in learning or relearning (not review)
}

// Input is what the store read for one queue.
type Input struct {
	Now time.Time
	// Scheduled are reviewed words due by Now+LearnAhead, in any order;
	// those due later may be left out.
	Scheduled []Entry
	// DueTotal counts every word due by Now, when Scheduled holds only the
	// first of them; 0 means len of those in Scheduled.
	DueTotal int
	// New are never-reviewed words by id (any order); NewTotal counts them
	// all when New is cut short (0: len(New)).
	New      []int64
	NewTotal int
	// NewLeft is the day's new-word limit less the words introduced today.
	NewLeft int
}

// Queue is the order of study and what is left.
type Queue struct {
	Items           []int64 // word ids, in the order they come up
	DueCount        int     // words due now
	NewCount        int     // new words that may still come up today
	LearnAheadCount int     // learning words due within LearnAhead, shown only when nothing else is left
	NextDue         time.Time
}

// Build orders the queue, at most limit items.
func Build(in Input, limit int) Queue {
	var due, ahead []Entry
	var next time.Time
	for _, e := range in.Scheduled {
		switch {
		case !e.Due.After(in.Now):
			due = append(due, e)
		case e.Learning && !e.Due.After(in.Now.Add(LearnAhead)):
			ahead = append(ahead, e)
		}
		if e.Due.After(in.Now) && (next.IsZero() || e.Due.Before(next)) {
			next = e.Due
		}
	}
	byDue := func(a, b Entry) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.WordID, b.WordID)
	}
	slices.SortFunc(due, byDue)
	slices.SortFunc(ahead, byDue)

	newIDs := slices.Sorted(slices.Values(in.New))
	newTotal := max(in.NewTotal, len(in.New))
	q := Queue{DueCount: max(in.DueTotal, len(due)), NewCount: max(0, min(in.NewLeft, newTotal)), NextDue: next}
	for _, e := range due {
		q.Items = append(q.Items, e.WordID)
	}
	q.Items = append(q.Items, newIDs[:min(q.NewCount, len(newIDs))]...)
	if len(q.Items) == 0 {
		q.LearnAheadCount = len(ahead)
		for _, e := range ahead {
			q.Items = append(q.Items, e.WordID)
		}
	}
	if len(q.Items) > limit {
		q.Items = q.Items[:limit]
	}
	return q
}
