// Package fsrs schedules word reviews with FSRS-6, computing the same
// memory states as the reference implementation py-fsrs 6.3.1 with fuzzing
// off.
//
// The package is pure: no clock, no I/O. Every time is passed in, and a
// card is a value that Next returns updated, so a word's memory can always
// be recomputed by replaying its answers (see Replay). Learners answer right
// or wrong; right is the rating Good and wrong is Again. The other two FSRS
// ratings (Hard, Easy) are not offered, so they are not implemented.
package fsrs

import (
	"math"
	"time"
)

// State is where a card is in the FSRS life cycle. The numbers are
// py-fsrs's; the zero value is a word that has never been reviewed.
type State int

// The card states. New is not an FSRS state: py-fsrs has a fresh card in
// Learning with no stability, which here is a card with state New.
const (
	New        State = 0
	Learning   State = 1
	Review     State = 2
	Relearning State = 3
)

// String returns the name used in JSON and on pages: "learning", "review",
// "relearning", or "new".
func (s State) String() string {
	switch s {
	case Learning:
		return "learning"
	case Review:
		return "review"
	case Relearning:
		return "relearning"
	default:
		return "new"
	}
}

// Card is a word's memory state after its latest answer. The zero Card is
// a word never reviewed.
type Card struct {
	State State
	// Step is the index into the learning or relearning steps of the step
	// the card is waiting on; it is 0 and meaningless in Review.
	Step int
	// Stability is the number of days after which recall drops to 90%.
	Stability float64
	// Difficulty is in [1, 10].
	Difficulty float64
	// Due is when the card should next be reviewed.
	Due time.Time
	// LastReview is the time of the latest answer.
	LastReview time.Time
	// Reps counts the answers; Lapses counts the wrong answers given while
	// the card was in Review.
	Reps, Lapses int
}

// The bounds of the desired retention the learner may choose in Settings.
const (
	MinDesiredRetention     = 0.70
	MaxDesiredRetention     = 0.99
	DefaultDesiredRetention = 0.90
)

// defaultParams are FSRS-6's default weights w0…w20, as in py-fsrs 6.3.1.
// Default hands out copies, so nobody can change them.
var defaultParams = [21]float64{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722,
	0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
	0.0912, 0.0658, 0.1542,
}

// Scheduler holds FSRS's parameters. It is a plain value: a scheduler with
// another desired retention is a copy with that field changed.
type Scheduler struct {
	// Params are the weights w0…w20.
	Params [21]float64
	// DesiredRetention is the probability of recall at which a card in
	// Review falls due, in (0, 1).
	DesiredRetention float64
	// LearningSteps and RelearningSteps are the waits between answers
	// before a card graduates to Review.
	LearningSteps, RelearningSteps []time.Duration
	// MaximumInterval caps the days between reviews of a card in Review.
	MaximumInterval int
}

// Default returns the scheduler SPEC describes: the default weights,
// retention 0.90, learning steps 1 min and 10 min, one relearning step of
// 10 min, and intervals of at most 36,500 days.
func Default() Scheduler {
	return Scheduler{
		Params:           defaultParams,
		DesiredRetention: DefaultDesiredRetention,
		LearningSteps:    []time.Duration{time.Minute, 10 * time.Minute},
		RelearningSteps:  []time.Duration{10 * time.Minute},
		MaximumInterval:  36500,
	}
}

// rating is FSRS's grade of an answer. Only the two the learner can give
// exist; the formulas use its number as FSRS defines them.
type rating int

const (
	again rating = 1
	good  rating = 3
	// easy is never given; the next difficulty reverts toward the initial
	// difficulty of an Easy first answer.
	easy rating = 4
)

func ratingOf(correct bool) rating {
	if correct {
		return good
	}
	return again
}

const (
	minStability  = 0.001
	minDifficulty = 1.0
	maxDifficulty = 10.0
	day           = 24 * time.Hour
)

// Answer is one review of a word: when it was given and whether it was
// right.
type Answer struct {
	At      time.Time
	Correct bool
}

// First returns the memory state after a new word's first answer.
func (s Scheduler) First(correct bool, at time.Time) Card {
	return s.Next(Card{}, correct, at)
}

// Replay returns the memory state after the answers, applied in the order
// given (the caller sorts them); false when there are none. Replaying with a
// changed scheduler is how its new settings reach a word already reviewed.
func (s Scheduler) Replay(answers []Answer) (Card, bool) {
	var c Card
	for _, a := range answers {
		c = s.Next(c, a.Correct, a.At)
	}
	return c, len(answers) > 0
}

// Next returns the memory state after answering card c at time at.
func (s Scheduler) Next(c Card, correct bool, at time.Time) Card {
	r := ratingOf(correct)

	switch c.State {
	case Learning, Review, Relearning:
		c.Stability, c.Difficulty = s.nextMemory(c, r, at)
	default:
		// py-fsrs's fresh card is in Learning at step 0 with no memory yet;
		// its first answer sets the initial memory.
		c = Card{
			State:      Learning,
			Stability:  s.initialStability(r),
			Difficulty: clampDifficulty(s.initialDifficulty(r)),
		}
	}

	// Steps add their duration and Review adds whole days of 24 h to the
	// answer time, as py-fsrs adds timedeltas to UTC datetimes.
	var wait time.Duration
	if c.State == Review {
		if r == again {
			c.Lapses++
		}
		if r == again && len(s.RelearningSteps) > 0 {
			c.State, c.Step = Relearning, 0
			wait = s.RelearningSteps[0]
		} else {
			wait = s.interval(c.Stability)
		}
	} else {
		steps := s.LearningSteps
		if c.State == Relearning {
			steps = s.RelearningSteps
		}
		switch {
		// A card on a step the steps no longer have (they were shortened
		// since) graduates on a right answer.
		case len(steps) == 0 || (c.Step >= len(steps) && r != again):
			c.State, c.Step = Review, 0
			wait = s.interval(c.Stability)
		case r == again:
			c.Step = 0
			wait = steps[0]
		case c.Step+1 == len(steps):
			c.State, c.Step = Review, 0
			wait = s.interval(c.Stability)
		default:
			c.Step++
			wait = steps[c.Step]
		}
	}

	c.Reps++
	c.Due = at.Add(wait)
	c.LastReview = at
	return c
}

// nextMemory returns the stability and difficulty of a card that already
// has a memory, after an answer rated r at time at.
func (s Scheduler) nextMemory(c Card, r rating, at time.Time) (stability, difficulty float64) {
	if elapsedDays(c.LastReview, at) < 1 {
		stability = s.shortTermStability(c.Stability, r)
	} else {
		stability = s.nextStability(c.Difficulty, c.Stability, s.Retrievability(c, at), r)
	}
	return stability, s.nextDifficulty(c.Difficulty, r)
}

// elapsedDays is the whole days from last to now, rounded down (negative
// when now is earlier), as Python's timedelta.days counts them.
func elapsedDays(last, now time.Time) int64 {
	d := now.Sub(last)
	days := int64(d / day)
	if d%day < 0 {
		days--
	}
	return days
}

// decay and factor shape the forgetting curve so that recall is 90% when
// the elapsed days equal the stability.
func (s Scheduler) decay() float64 { return -s.Params[20] }

func (s Scheduler) factor() float64 { return math.Pow(0.9, 1/s.decay()) - 1 }

// Retrievability returns the probability that card c is recalled at time
// now: 1 on the day of its latest answer, 0.9 after Stability days, and 0
// for a word never reviewed. Like py-fsrs it counts whole elapsed days.
func (s Scheduler) Retrievability(c Card, now time.Time) float64 {
	if c.State == New {
		return 0
	}
	t := float64(max(0, elapsedDays(c.LastReview, now)))
	return math.Pow(1+s.factor()*t/c.Stability, s.decay())
}

// interval returns how long a card with the given stability waits in
// Review: the whole days until recall falls to the desired retention,
// rounded half to even (Python's round), between 1 and MaximumInterval.
func (s Scheduler) interval(stability float64) time.Duration {
	decay := s.decay()
	days := stability / s.factor() * (math.Pow(s.DesiredRetention, 1/decay) - 1)
	days = math.RoundToEven(days)
	days = math.Min(math.Max(days, 1), float64(s.MaximumInterval))
	return time.Duration(days) * day
}

func (s Scheduler) initialStability(r rating) float64 {
	return math.Max(s.Params[r-1], minStability)
}

// initialDifficulty is unclamped: nextDifficulty reverts toward the raw
// value for Easy, which may lie below 1.
func (s Scheduler) initialDifficulty(r rating) float64 {
	return s.Params[4] - math.Exp(s.Params[5]*float64(r-1)) + 1
}

func clampDifficulty(d float64) float64 {
	return math.Min(math.Max(d, minDifficulty), maxDifficulty)
}

// nextDifficulty moves the difficulty by the rating, less the closer it is
// to 10 (linear damping), then pulls it by w7 toward an Easy first answer's
// difficulty (mean reversion).
func (s Scheduler) nextDifficulty(d float64, r rating) float64 {
	delta := -s.Params[6] * float64(r-good)
	damped := d + (10-d)*delta/9
	w7 := s.Params[7]
	return clampDifficulty(w7*s.initialDifficulty(easy) + (1-w7)*damped)
}

// shortTermStability is the stability after an answer given less than a
// whole day after the previous one. A right answer never lowers it.
func (s Scheduler) shortTermStability(stability float64, r rating) float64 {
	w := &s.Params
	increase := math.Exp(w[17]*(float64(r-good)+w[18])) * math.Pow(stability, -w[19])
	if r >= good {
		increase = math.Max(increase, 1)
	}
	return math.Max(stability*increase, minStability)
}

// nextStability is the stability after an answer given a day or more after
// the previous one, when recall had probability retrievability.
func (s Scheduler) nextStability(difficulty, stability, retrievability float64, r rating) float64 {
	w := &s.Params
	var next float64
	if r == again {
		longTerm := w[11] * math.Pow(difficulty, -w[12]) *
			(math.Pow(stability+1, w[13]) - 1) * math.Exp((1-retrievability)*w[14])
		shortTerm := stability / math.Exp(w[17]*w[18])
		next = math.Min(longTerm, shortTerm)
	} else {
		// Good has neither Hard's penalty (w15) nor Easy's bonus (w16).
		next = stability * (1 + math.Exp(w[8])*(11-difficulty)*
			math.Pow(stability, -w[9])*(math.Exp((1-retrievability)*w[10])-1))
	}
	return math.Max(next, minStability)
}
