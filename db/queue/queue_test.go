package queue

import (
	"slices"
	"testing"
	"time"
)

var now = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return now.Add(time.Duration(minutes) * time.Minute) }

func TestBuild(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        Input
		limit     int
		want      []int64
		due, new_ int
		ahead     int
	}{
		{name: "nothing", in: Input{Now: now, NewLeft: 20}, limit: 100},
		{name: "due first by due time, then new by id",
			in: Input{Now: now, NewLeft: 20, New: []int64{9, 4},
				Scheduled: []Entry{{WordID: 7, Due: at(-5)}, {WordID: 3, Due: at(-60)}, {WordID: 5, Due: at(0)}}},
			limit: 100, want: []int64{3, 7, 5, 4, 9}, due: 3, new_: 2},
		{name: "ties by word id",
			in:    Input{Now: now, Scheduled: []Entry{{WordID: 8, Due: at(-1)}, {WordID: 2, Due: at(-1)}, {WordID: 5, Due: at(-1)}}},
			limit: 100, want: []int64{2, 5, 8}, due: 3},
		{name: "the new-word limit",
			in:    Input{Now: now, NewLeft: 2, New: []int64{1, 2, 3, 4}},
			limit: 100, want: []int64{1, 2}, new_: 2},
		{name: "limit reached today (in another session too)",
			in:    Input{Now: now, NewLeft: 0, New: []int64{1, 2, 3}},
			limit: 100, want: nil},
		{name: "a negative remainder is none",
			in:    Input{Now: now, NewLeft: -3, New: []int64{1}},
			limit: 100, want: nil},
		{name: "new count is what is left of the limit, not what was read",
			in:    Input{Now: now, NewLeft: 20, New: []int64{1, 2}, NewTotal: 50},
			limit: 2, want: []int64{1, 2}, new_: 20},
		{name: "fewer new words than the limit",
			in:    Input{Now: now, NewLeft: 20, New: []int64{6}, NewTotal: 1},
			limit: 100, want: []int64{6}, new_: 1},
		{name: "not yet due is not in the queue",
			in:    Input{Now: now, Scheduled: []Entry{{WordID: 1, Due: at(1)}, {WordID: 2, Due: at(60 * 24)}}},
			limit: 100, want: nil},
		{name: "learn ahead when nothing else is left",
			in: Input{Now: now, Scheduled: []Entry{{WordID: 4, Due: at(15), Learning: true},
				{WordID: 3, Due: at(5), Learning: true}, {WordID: 9, Due: at(21), Learning: true}, {WordID: 2, Due: at(10)}}},
			limit: 100, want: []int64{3, 4}, ahead: 2},
		{name: "learn ahead exactly 20 minutes",
			in:    Input{Now: now, Scheduled: []Entry{{WordID: 4, Due: at(20), Learning: true}}},
			limit: 100, want: []int64{4}, ahead: 1},
		{name: "no learn ahead while something is due",
			in:    Input{Now: now, Scheduled: []Entry{{WordID: 4, Due: at(5), Learning: true}, {WordID: 1, Due: at(-5)}}},
			limit: 100, want: []int64{1}, due: 1},
		{name: "no learn ahead while new words are left",
			in:    Input{Now: now, NewLeft: 1, New: []int64{8}, Scheduled: []Entry{{WordID: 4, Due: at(5), Learning: true}}},
			limit: 100, want: []int64{8}, new_: 1},
		{name: "a review word is never learnt ahead",
			in:    Input{Now: now, Scheduled: []Entry{{WordID: 4, Due: at(5)}}},
			limit: 100, want: nil},
		{name: "limit cuts the list, not the counts",
			in: Input{Now: now, NewLeft: 5, New: []int64{10, 11}, DueTotal: 40,
				Scheduled: []Entry{{WordID: 1, Due: at(-3)}, {WordID: 2, Due: at(-2)}}},
			limit: 3, want: []int64{1, 2, 10}, due: 40, new_: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := Build(tc.in, tc.limit)
			if !slices.Equal(q.Items, tc.want) {
				t.Errorf("items = %v, want %v", q.Items, tc.want)
			}
			if q.DueCount != tc.due || q.NewCount != tc.new_ || q.LearnAheadCount != tc.ahead {
				t.Errorf("counts = due %d, new %d, ahead %d; want %d, %d, %d", q.DueCount, q.NewCount, q.LearnAheadCount, tc.due, tc.new_, tc.ahead)
			}
		})
	}
}

func TestNextDue(t *testing.T) {
	q := Build(Input{Now: now, Scheduled: []Entry{{WordID: 1, Due: at(-3)}, {WordID: 2, Due: at(30)}, {WordID: 3, Due: at(9)}}}, 10)
	if !q.NextDue.Equal(at(9)) {
		t.Errorf("next due = %s, want %s (the earliest not yet due)", q.NextDue, at(9))
	}
}
