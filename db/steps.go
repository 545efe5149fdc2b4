package db

import (
	"context"
	"time"
)

// Bulk operations (an import, a reset of a big history, the demo generator)
// write in steps, each one short transaction, so that another process
// writing the same file (a serving portal beside a CLI command, or the
// other way round) never waits long for the lock.
const (
	// stepTarget is how long one step should hold the write lock. The size
	// of the next step is worked out from the time the last one took.
	stepTarget = 250 * time.Millisecond
	// stepGap is the pause between two steps. A writer of another process
	// that found the database locked retries after sleeping at most 100 ms
	// (SQLite's busy handler); a pause longer than that is sure to let it in.
	stepGap = 120 * time.Millisecond
)

// stepSize sizes the steps of one bulk operation, in rows (or sessions,
// or words) per step.
type stepSize struct {
	n, max int
}

func newStepSize(first, max int) *stepSize { return &stepSize{n: first, max: max} }

// next adjusts the size after a step of the current size took elapsed: it
// aims at stepTarget, grows at most fourfold at a time and never falls below one.
func (s *stepSize) next(elapsed time.Duration) {
	n := s.n * 4
	if elapsed > 0 {
		n = min(n, int(float64(s.n)*float64(stepTarget)/float64(elapsed)))
	}
	s.n = min(max(n, 1), s.max)
}

// runSteps calls step with the current size until it reports that nothing
// is left, pausing stepGap between steps and adjusting the size to the time
// each step took. rest, when not nil, runs at the start of each pause (work
// that needs no write lock, such as a checkpoint); the pause lasts stepGap
// in all. It stops at the first error, or when ctx ends between steps.
func runSteps(ctx context.Context, size *stepSize, step func(ctx context.Context, n int) (more bool, err error), rest func()) error {
	for {
		started := time.Now()
		more, err := step(ctx, size.n)
		if err != nil || !more {
			return err
		}
		ended := time.Now()
		size.next(ended.Sub(started))
		if rest != nil {
			rest()
		}
		if err := pause(ctx, stepGap-time.Since(ended)); err != nil {
			return err
		}
	}
}

// pause sleeps for d, or until ctx ends.
func pause(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// inSteps runs step through the store's writer, each call in its own
// transaction, as runSteps does.
func (s *Store) inSteps(ctx context.Context, size *stepSize, step func(ctx context.Context, tx *writeTx, n int) (more bool, err error)) error {
	return runSteps(ctx, size, func(ctx context.Context, n int) (bool, error) {
		var more bool
		err := s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
			var err error
			more, err = step(ctx, tx, n)
			return err
		})
		return more, err
	}, nil)
}
