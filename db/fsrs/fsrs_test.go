package fsrs

import (
	"math"
	"testing"
	"time"
)

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// want is the expected card after an answer. Stability and difficulty of 0
// are not checked: a real card never has either (stability ≥ 0.001,
// difficulty ≥ 1).
type want struct {
	state         State
	step          int
	s, d          float64
	due           string
	reps, lapses  int
	checkCounters bool
}

type answer struct {
	at      string
	correct bool
	want    *want // nil: not checked
}

func checkCard(t *testing.T, got Card, w want) {
	t.Helper()
	if got.State != w.state {
		t.Errorf("state: got %v, want %v", got.State, w.state)
	}
	if got.Step != w.step {
		t.Errorf("step: got %d, want %d", got.Step, w.step)
	}
	if w.s != 0 && math.Abs(got.Stability-w.s) > 1e-6 {
		t.Errorf("stability: got %.6f, want %.6f", got.Stability, w.s)
	}
	if w.d != 0 && math.Abs(got.Difficulty-w.d) > 1e-6 {
		t.Errorf("difficulty: got %.6f, want %.6f", got.Difficulty, w.d)
	}
	if due := mustTime(t, w.due); !got.Due.Truncate(time.Millisecond).Equal(due) {
		t.Errorf("due: got %s, want %s", got.Due.Format(time.RFC3339Nano), w.due)
	}
	if w.checkCounters && (got.Reps != w.reps || got.Lapses != w.lapses) {
		t.Errorf("reps, lapses: got %d, %d, want %d, %d", got.Reps, got.Lapses, w.reps, w.lapses)
	}
}

// TestSpecVectors replays SPEC's test vectors, which py-fsrs 6.3.1 produced,
// checking the card after every answer the table (or the rules it implies)
// describes.
func TestSpecVectors(t *testing.T) {
	tests := []struct {
		name    string
		answers []answer
	}{
		{
			name: "right, right, right at each due time, then wrong twice",
			answers: []answer{
				{"2026-01-05T09:00:00Z", true, &want{state: Learning, step: 1, s: 2.306500, d: 2.118104, due: "2026-01-05T09:10:00Z", reps: 1, checkCounters: true}},
				{"2026-01-05T09:10:00Z", true, &want{state: Review, s: 2.306500, d: 2.111214, due: "2026-01-07T09:10:00Z", reps: 2, checkCounters: true}},
				{"2026-01-07T09:10:00Z", true, &want{state: Review, due: "2026-01-18T09:10:00Z"}},
				{"2026-01-18T09:10:00Z", true, &want{state: Review, due: "2026-03-05T09:10:00Z"}},
				{"2026-03-05T09:10:00Z", true, &want{state: Review, due: "2026-08-15T09:10:00Z"}},
				{"2026-08-15T09:10:00Z", true, &want{state: Review, s: 497.876555, d: 2.083724, due: "2027-12-26T09:10:00Z", reps: 6, checkCounters: true}},
				{"2027-12-26T09:10:00Z", false, &want{state: Relearning, due: "2027-12-26T09:20:00Z", reps: 7, lapses: 1, checkCounters: true}},
				{"2027-12-26T09:20:00Z", false, &want{state: Relearning, s: 2.154598, d: 9.125105, due: "2027-12-26T09:30:00Z", reps: 8, lapses: 1, checkCounters: true}},
			},
		},
		{
			name: "wrong first, then right over weeks",
			answers: []answer{
				{"2026-01-05T09:00:00Z", false, &want{state: Learning, step: 0, due: "2026-01-05T09:01:00Z"}},
				{"2026-01-05T09:10:00Z", true, &want{state: Learning, step: 1, due: "2026-01-05T09:20:00Z"}},
				{"2026-01-06T09:10:00Z", true, &want{state: Review, due: "2026-01-08T09:10:00Z"}},
				{"2026-01-09T09:10:00Z", true, nil},
				{"2026-01-17T09:10:00Z", true, nil},
				{"2026-02-07T09:10:00Z", true, &want{state: Review, s: 53.626903, d: 6.357487, due: "2026-04-02T09:10:00Z", reps: 6, checkCounters: true}},
			},
		},
		{
			name: "same-day learning, then a lapse and relearning",
			answers: []answer{
				{"2026-01-05T09:00:00Z", true, &want{state: Learning, step: 1, due: "2026-01-05T09:10:00Z"}},
				{"2026-01-05T09:02:00Z", false, &want{state: Learning, step: 0, due: "2026-01-05T09:03:00Z"}},
				{"2026-01-05T09:15:00Z", true, &want{state: Learning, step: 1, due: "2026-01-05T09:25:00Z"}},
				{"2026-01-05T14:00:00Z", true, &want{state: Review, due: "2026-01-06T14:00:00Z", reps: 4, checkCounters: true}},
				{"2026-02-14T09:00:00Z", false, &want{state: Relearning, step: 0, due: "2026-02-14T09:10:00Z", reps: 5, lapses: 1, checkCounters: true}},
				{"2026-02-14T09:12:00Z", true, &want{state: Review, s: 0.541675, d: 9.106933, due: "2026-02-15T09:12:00Z", reps: 6, lapses: 1, checkCounters: true}},
			},
		},
	}
	s := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Card
			for i, a := range tt.answers {
				c = s.Next(c, a.correct, mustTime(t, a.at))
				if a.want != nil {
					t.Run(a.at, func(t *testing.T) { checkCard(t, c, *a.want) })
				}
				if c.Reps != i+1 {
					t.Errorf("after answer %d: reps got %d, want %d", i+1, c.Reps, i+1)
				}
			}
		})
	}
}

var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// answerAtDue answers n times, each at the moment the card falls due, and
// returns the card after each answer.
func answerAtDue(s Scheduler, c Card, correct bool, n int) []Card {
	cards := make([]Card, 0, n)
	at := c.Due
	if c.State == New {
		at = t0
	}
	for range n {
		c = s.Next(c, correct, at)
		cards = append(cards, c)
		at = c.Due
	}
	return cards
}

func TestRightOnlyIntervalsGrowToTheMaximum(t *testing.T) {
	tests := []struct {
		name    string
		maximum int
		answers int
	}{
		{"default maximum of 36,500 days", 36500, 40},
		{"maximum of 30 days", 30, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Default()
			s.MaximumInterval = tt.maximum
			cards := answerAtDue(s, Card{}, true, tt.answers)
			maxWait := time.Duration(tt.maximum) * day
			var prev time.Duration
			reached := false
			for i, c := range cards {
				wait := c.Due.Sub(c.LastReview)
				if c.State != Review {
					if i >= 2 {
						t.Fatalf("answer %d: state %v, want review after two right answers", i+1, c.State)
					}
					continue
				}
				if wait%day != 0 {
					t.Errorf("answer %d: interval %v is not whole days", i+1, wait)
				}
				if wait > maxWait {
					t.Errorf("answer %d: interval %v, want at most %v", i+1, wait, maxWait)
				}
				if wait < prev {
					t.Errorf("answer %d: interval %v shorter than the previous %v", i+1, wait, prev)
				}
				if wait < maxWait && prev != 0 && wait <= prev {
					t.Errorf("answer %d: interval %v did not grow from %v below the maximum", i+1, wait, prev)
				}
				reached = reached || wait == maxWait
				prev = wait
			}
			if !reached {
				t.Errorf("after %d right answers the interval is %v, want it to reach %v", tt.answers, prev, maxWait)
			}
		})
	}
}

func TestWrongOnlyStaysOnTheFirstLearningStep(t *testing.T) {
	s := Default()
	cards := answerAtDue(s, Card{}, false, 100)
	for i, c := range cards {
		if c.State != Learning || c.Step != 0 {
			t.Fatalf("answer %d: got %v step %d, want learning step 0", i+1, c.State, c.Step)
		}
		if got := c.Due.Sub(c.LastReview); got != time.Minute {
			t.Fatalf("answer %d: waits %v, want 1m", i+1, got)
		}
		if c.Lapses != 0 {
			t.Fatalf("answer %d: lapses %d, want 0 (never in review)", i+1, c.Lapses)
		}
		if c.Difficulty > 10 || c.Stability < minStability {
			t.Fatalf("answer %d: D %v S %v out of bounds", i+1, c.Difficulty, c.Stability)
		}
		if i > 0 && c.Difficulty < cards[i-1].Difficulty {
			t.Fatalf("answer %d: difficulty fell from %v to %v on a wrong answer", i+1, cards[i-1].Difficulty, c.Difficulty)
		}
	}
	// With w7 = 0.001 the mean reversion toward an Easy first answer keeps
	// the difficulty just under 10: its fixed point D = w7·D0(Easy) +
	// (1-w7)·(D + (10-D)·2·w6/9).
	w := s.Params
	k := 2 * w[6] / 9
	d0Easy := w[4] - math.Exp(3*w[5]) + 1
	fixed := (w[7]*d0Easy + (1-w[7])*10*k) / (1 - (1-w[7])*(1-k))
	if got := cards[len(cards)-1].Difficulty; math.Abs(got-fixed) > 1e-9 {
		t.Errorf("difficulty after 100 wrong answers: got %v, want the fixed point %v", got, fixed)
	}
	if got := cards[len(cards)-1].Stability; got != minStability {
		t.Errorf("stability after 100 wrong answers: got %v, want the minimum %v", got, minStability)
	}
}

func TestDifficultyIsClamped(t *testing.T) {
	// Weights outside py-fsrs's bounds make the clamps visible: a large w6
	// overshoots 10 on a wrong answer, and a large w7 pulls right answers
	// below 1 toward D0(Easy), which is negative.
	steep := Default()
	steep.Params[6] = 6
	reverting := Default()
	reverting.Params[7] = 0.5
	tests := []struct {
		name    string
		s       Scheduler
		correct bool
		want    float64
	}{
		{"wrong answers stop at 10", steep, false, maxDifficulty},
		{"right answers stop at 1", reverting, true, minDifficulty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Once at the bound, the mean reversion moves it back inside on
			// the next answer, so the bound is reached, never crossed.
			reached := false
			for i, c := range answerAtDue(tt.s, Card{}, tt.correct, 10) {
				if c.Difficulty < minDifficulty || c.Difficulty > maxDifficulty {
					t.Errorf("answer %d: difficulty %v outside [1, 10]", i+1, c.Difficulty)
				}
				reached = reached || c.Difficulty == tt.want
			}
			if !reached {
				t.Errorf("difficulty never reached %v", tt.want)
			}
		})
	}
}

func TestAlternatingAnswers(t *testing.T) {
	s := Default()
	t.Run("in learning, never graduates", func(t *testing.T) {
		c := Card{}
		at := t0
		for i := range 20 {
			correct := i%2 == 0
			c = s.Next(c, correct, at)
			wantStep, wantWait := 0, time.Minute
			if correct {
				wantStep, wantWait = 1, 10*time.Minute
			}
			if c.State != Learning || c.Step != wantStep || c.Due.Sub(at) != wantWait {
				t.Fatalf("answer %d: got %v step %d waiting %v, want learning step %d waiting %v",
					i+1, c.State, c.Step, c.Due.Sub(at), wantStep, wantWait)
			}
			at = c.Due
		}
	})
	t.Run("after graduating, a lapse and a relearning step each time", func(t *testing.T) {
		c := answerAtDue(s, Card{}, true, 3)[2]
		for i := range 10 {
			before := c
			c = s.Next(c, false, c.Due)
			if c.State != Relearning || c.Step != 0 || c.Due.Sub(c.LastReview) != 10*time.Minute {
				t.Fatalf("cycle %d wrong: got %v step %d waiting %v, want relearning step 0 waiting 10m",
					i, c.State, c.Step, c.Due.Sub(c.LastReview))
			}
			if c.Lapses != i+1 {
				t.Errorf("cycle %d: lapses got %d, want %d", i, c.Lapses, i+1)
			}
			if c.Stability >= before.Stability {
				t.Errorf("cycle %d: a lapse raised stability from %v to %v", i, before.Stability, c.Stability)
			}
			lapsed := c
			c = s.Next(c, true, c.Due)
			if c.State != Review || c.Due.Sub(c.LastReview) < day {
				t.Fatalf("cycle %d right: got %v waiting %v, want review for a day or more", i, c.State, c.Due.Sub(c.LastReview))
			}
			if c.Stability < lapsed.Stability {
				t.Errorf("cycle %d: a same-day right answer lowered stability from %v to %v", i, lapsed.Stability, c.Stability)
			}
			if c.Lapses != i+1 {
				t.Errorf("cycle %d: a right answer changed lapses to %d", i, c.Lapses)
			}
		}
	})
}

func TestLapsesCountWrongAnswersInReviewOnly(t *testing.T) {
	s := Default()
	graduated := answerAtDue(s, Card{}, true, 2)[1]
	relearning := s.Next(graduated, false, graduated.Due)
	tests := []struct {
		name string
		c    Card
		want int
	}{
		{"wrong as a new word", Card{}, 0},
		{"wrong in learning", s.First(true, t0), 0},
		{"wrong in review", graduated, 1},
		{"wrong in relearning", relearning, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := tt.c.Due
			if tt.c.State == New {
				at = t0
			}
			if got := s.Next(tt.c, false, at).Lapses; got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

// TestElapsedWholeDays checks that an answer less than a whole day after
// the previous one uses the short-term formula, and one a whole day after
// uses the long-term one, whatever the clock hour.
func TestElapsedWholeDays(t *testing.T) {
	s := Default()
	c := answerAtDue(s, Card{}, true, 4)[3] // review, stability above 10 days
	if c.State != Review || c.Stability < 10 {
		t.Fatalf("setup: got %v S %v, want review with S ≥ 10", c.State, c.Stability)
	}
	tests := []struct {
		name    string
		after   time.Duration
		correct bool
		check   func(before, after float64) bool
		want    string
	}{
		// For S > e^(w17·w18/w19) ≈ 2.1 the short-term increase is below 1,
		// and a right answer raises it to 1: stability stays.
		{"right 1 min later", time.Minute, true, func(b, a float64) bool { return a == b }, "unchanged"},
		{"right 23:59:59 later", day - time.Second, true, func(b, a float64) bool { return a == b }, "unchanged"},
		{"right exactly a day later", day, true, func(b, a float64) bool { return a > b }, "grown"},
		{"right 1 day 23 h later", 2*day - time.Hour, true, func(b, a float64) bool { return a > b }, "grown"},
		// The short-term formula is not clamped for Again.
		{"wrong 1 hour later", time.Hour, false, func(b, a float64) bool {
			w := s.Params
			return math.Abs(a-b*math.Exp(w[17]*(w[18]-2))*math.Pow(b, -w[19])) < 1e-12
		}, "S·e^(w17·(w18-2))·S^-w19"},
		{"answered before the previous answer", -time.Hour, true, func(b, a float64) bool { return a == b }, "unchanged (short-term)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Next(c, tt.correct, c.LastReview.Add(tt.after))
			if !tt.check(c.Stability, got.Stability) {
				t.Errorf("stability from %v: got %v, want %s", c.Stability, got.Stability, tt.want)
			}
		})
	}
}

func TestEarlyAndOverdueReviews(t *testing.T) {
	s := Default()
	c := answerAtDue(s, Card{}, true, 4)[3]
	interval := c.Due.Sub(c.LastReview)
	onTime := s.Next(c, true, c.Due)
	tests := []struct {
		name string
		at   time.Time
		// cmp is the sign of the new stability minus the on-time one.
		cmp int
	}{
		{"one day after the last review, before due", c.LastReview.Add(day), -1},
		{"on time", c.Due, 0},
		{"ten intervals overdue", c.LastReview.Add(10 * interval), 1},
		{"a year overdue", c.Due.Add(365 * day), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Next(c, true, tt.at)
			if got.State != Review {
				t.Fatalf("state: got %v, want review", got.State)
			}
			cmp := 0
			if got.Stability < onTime.Stability {
				cmp = -1
			} else if got.Stability > onTime.Stability {
				cmp = 1
			}
			if cmp != tt.cmp {
				t.Errorf("stability %v against on-time %v: got sign %d, want %d", got.Stability, onTime.Stability, cmp, tt.cmp)
			}
			if got.Stability <= c.Stability {
				t.Errorf("a right answer did not raise stability: %v → %v", c.Stability, got.Stability)
			}
			// The next interval counts from the answer, not from the old due.
			wantDue := tt.at.Add(s.interval(got.Stability))
			if !got.Due.Equal(wantDue) {
				t.Errorf("due: got %v, want %v", got.Due, wantDue)
			}
		})
	}
}

func TestIntervalRounding(t *testing.T) {
	s := Default()
	small := Default()
	small.MaximumInterval = 100
	tests := []struct {
		name      string
		s         Scheduler
		stability float64
		want      int
	}{
		// At retention 0.9 the interval is the stability, rounded half to
		// even as Python's round does.
		{"2.5 rounds to even 2", s, 2.5, 2},
		{"3.5 rounds to even 4", s, 3.5, 4},
		{"4.4 rounds down", s, 4.4, 4},
		{"4.6 rounds up", s, 4.6, 5},
		{"at least one day", s, 0.2, 1},
		{"the minimum stability", s, minStability, 1},
		{"at most the maximum", s, 1e9, 36500},
		{"a smaller maximum", small, 1000, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.interval(tt.stability); got != time.Duration(tt.want)*day {
				t.Errorf("got %v, want %d days", got, tt.want)
			}
		})
	}
}

func TestRetrievability(t *testing.T) {
	s := Default()
	c := Card{State: Review, Stability: 10, Difficulty: 5, LastReview: t0, Due: t0.Add(10 * day)}
	tests := []struct {
		name string
		c    Card
		now  time.Time
		want float64
	}{
		{"a new word", Card{}, t0, 0},
		{"at the moment of the review", c, t0, 1},
		{"later the same day", c, t0.Add(23 * time.Hour), 1},
		{"before the review", c, t0.Add(-48 * time.Hour), 1},
		{"after stability days", c, t0.Add(10 * day), 0.9},
		{"whole days only", c, t0.Add(11*day - time.Second), 0.9},
		{"after one day", c, t0.Add(day), math.Pow(1+(math.Pow(0.9, -1/0.1542)-1)/10, -0.1542)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Retrievability(tt.c, tt.now); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("falls as days pass", func(t *testing.T) {
		prev := 1.0
		for d := 1; d <= 100; d++ {
			got := s.Retrievability(c, t0.Add(time.Duration(d)*day))
			if got >= prev || got <= 0 {
				t.Fatalf("day %d: got %v after %v", d, got, prev)
			}
			prev = got
		}
	})
}

func TestDesiredRetention(t *testing.T) {
	// The same answers at the same times give the same memory whatever the
	// retention; only when the word falls due moves: later for a lower
	// retention.
	answers := []Answer{
		{mustTime(t, "2026-01-05T09:00:00Z"), true},
		{mustTime(t, "2026-01-05T09:10:00Z"), true},
		{mustTime(t, "2026-01-08T09:10:00Z"), true},
		{mustTime(t, "2026-01-20T09:10:00Z"), false},
		{mustTime(t, "2026-01-20T09:30:00Z"), true},
		{mustTime(t, "2026-01-25T09:30:00Z"), true},
	}
	retentions := []float64{MinDesiredRetention, 0.80, DefaultDesiredRetention, 0.95, MaxDesiredRetention}
	cards := make([]Card, len(retentions))
	for i, r := range retentions {
		s := Default()
		s.DesiredRetention = r
		c, ok := s.Replay(answers)
		if !ok {
			t.Fatal("Replay: got false, want true")
		}
		cards[i] = c
	}
	for i := 1; i < len(cards); i++ {
		lower, higher := cards[i-1], cards[i]
		if lower.Stability != higher.Stability || lower.Difficulty != higher.Difficulty {
			t.Errorf("retention %v vs %v: memory differs: %+v vs %+v", retentions[i-1], retentions[i], lower, higher)
		}
		if !lower.Due.After(higher.Due) {
			t.Errorf("retention %v due %v, want after retention %v due %v",
				retentions[i-1], lower.Due, retentions[i], higher.Due)
		}
	}
	// The interval is when retrievability falls to the desired retention.
	for i, c := range cards {
		days := c.Due.Sub(c.LastReview) / day
		s := Default()
		before := s.Retrievability(c, c.Due.Add(-day))
		after := s.Retrievability(c, c.Due.Add(day))
		if days > 1 && !(before > retentions[i]-0.01 && after < retentions[i]+0.01) {
			t.Errorf("retention %v: recall %v the day before due, %v the day after", retentions[i], before, after)
		}
	}
}

func TestReplay(t *testing.T) {
	s := Default()
	if c, ok := s.Replay(nil); ok || c != (Card{}) {
		t.Errorf("Replay(nil): got %+v, %v, want the zero card, false", c, ok)
	}
	answers := []Answer{
		{t0, false},
		{t0.Add(time.Minute), true},
		{t0.Add(12 * time.Minute), true},
		{t0.Add(3 * day), true},
		{t0.Add(9 * day), false},
	}
	var want Card
	for _, a := range answers {
		want = s.Next(want, a.Correct, a.At)
	}
	if got, ok := s.Replay(answers); !ok || got != want {
		t.Errorf("Replay: got %+v, %v, want %+v, true", got, ok, want)
	}
	if got := s.First(true, t0); got != s.Next(Card{}, true, t0) {
		t.Errorf("First: got %+v, want Next of the zero card", got)
	}
}

func TestChangedSteps(t *testing.T) {
	oneStep := Default()
	oneStep.LearningSteps = oneStep.LearningSteps[:1]
	noSteps := Default()
	noSteps.LearningSteps, noSteps.RelearningSteps = nil, nil
	onStep1 := Default().First(true, t0) // learning, step 1 of 2
	review := answerAtDue(Default(), Card{}, true, 3)[2]
	tests := []struct {
		name      string
		s         Scheduler
		c         Card
		correct   bool
		wantState State
		wantStep  int
		wantWait  time.Duration // 0: a review interval of whole days
	}{
		{"right on a step the steps no longer have graduates", oneStep, onStep1, true, Review, 0, 0},
		{"wrong on a step the steps no longer have restarts", oneStep, onStep1, false, Learning, 0, time.Minute},
		{"right as new with one step graduates", oneStep, Card{}, true, Review, 0, 0},
		{"no learning steps: new goes straight to review", noSteps, Card{}, false, Review, 0, 0},
		{"no relearning steps: a lapse stays in review", noSteps, review, false, Review, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := tt.c.Due
			if tt.c.State == New {
				at = t0
			}
			got := tt.s.Next(tt.c, tt.correct, at)
			wait := got.Due.Sub(at)
			if got.State != tt.wantState || got.Step != tt.wantStep {
				t.Errorf("got %v step %d, want %v step %d", got.State, got.Step, tt.wantState, tt.wantStep)
			}
			if tt.wantWait != 0 && wait != tt.wantWait {
				t.Errorf("wait: got %v, want %v", wait, tt.wantWait)
			}
			if tt.wantWait == 0 && (wait < day || wait%day != 0) {
				t.Errorf("wait: got %v, want whole days", wait)
			}
		})
	}
}

func TestStateString(t *testing.T) {
	tests := []struct {
		s    State
		want string
	}{
		{New, "new"}, {Learning, "learning"}, {Review, "review"}, {Relearning, "relearning"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("State(%d): got %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestNextDoesNotAllocate(t *testing.T) {
	s := Default()
	c := s.First(true, t0)
	if n := testing.AllocsPerRun(100, func() { c = s.Next(c, true, c.Due) }); n != 0 {
		t.Errorf("Next: got %v allocations, want 0", n)
	}
}

func BenchmarkNext(b *testing.B) {
	s := Default()
	c := answerAtDue(s, Card{}, true, 3)[2]
	var sink Card
	for b.Loop() {
		sink = s.Next(c, true, c.Due)
	}
	_ = sink
}

func BenchmarkReplay100(b *testing.B) {
	s := Default()
	answers := make([]Answer, 100)
	var c Card
	at := t0
	for i := range answers {
		correct := i%5 != 4
		answers[i] = Answer{at, correct}
		c = s.Next(c, correct, at)
		at = c.Due
	}
	b.ResetTimer()
	for b.Loop() {
		c, _ = s.Replay(answers)
	}
	_ = c
}
