package db

import (
	"context"
	"testing"
	"time"
)

func TestDashboard(t *testing.T) {
	s := newTestStore(t)
	// Hand-computed with days from midnight; TestStreakCountsLearnerDays has day_starts_at.
	execWrite(t, s, `UPDATE settings SET day_starts_at = 0`)
	f := newDashboardFixture(t, s)
	total := count(t, s, "words")
	now := mustTime(t, "2026-03-10T09:30:00Z")

	d, err := s.Dashboard(context.Background(), now, time.UTC)
	if err != nil {
		t.Fatalf("Dashboard: %v", err)
	}
	if d.LastSession == nil || d.LastSession.ID != f.s3 {
		t.Fatalf("last session = %+v, want session %d", d.LastSession, f.s3)
	}
	last := *d.LastSession
	if last.ActivityName != "Writing Practice" || last.GroupName != "Core Adjectives" ||
		last.CorrectCount != 4 || last.WrongCount != 0 || last.ReviewItemsCount != 4 ||
		last.StartTime.String() != "2026-03-10T08:00:00.000Z" || last.EndTime.String() != "2026-03-10T09:15:00.000Z" {
		t.Errorf("last session = %+v", last)
	}
	want := StudyProgress{
		WordsStudied:  3,
		TotalWords:    total,
		MasteredWords: 1, // word A: 5 reviews, 4 right = 80 %; B has 60 %, C only 4 reviews
		// 1 / 208 × 100 = 0.48… → 0.5
		MasteryPercent: 0.5,
	}
	if total != 208 {
		t.Fatalf("the starter vocabulary has %d words; the hand-computed mastery %% assumes 208", total)
	}
	if d.StudyProgress != want {
		t.Errorf("study progress = %+v, want %+v", d.StudyProgress, want)
	}
	wantStats := QuickStats{
		SuccessRate:   78.6, // 11 right of 14 = 78.57…
		TotalSessions: 3,
		ActiveGroups:  1, // group 2; group 1's only session is 37 days old
		StreakDays:    4, // in UTC: 10, 9, 8 and 7 March
	}
	if d.QuickStats != wantStats {
		t.Errorf("quick stats = %+v, want %+v", d.QuickStats, wantStats)
	}
	// s3 is an external app's: the latest built-in session is s2, whose round
	// of group 2 has one word answered.
	if c := d.Continue; c == nil || c.Session.ID != f.s2 || c.Round != 1 || c.Answered != 1 || c.Total != count(t, s, "word_groups WHERE group_id = 2") {
		t.Errorf("continue = %+v, want session %d at 1 answered of group 2's words", c, f.s2)
	}
}

// TestDashboardIgnoresAbandonedLaunches checks the SPEC's definitions: the
// last session is the latest one with a review, and only sessions with a
// review count as sessions studied.
func TestDashboardIgnoresAbandonedLaunches(t *testing.T) {
	s := newTestStore(t)
	f := newDashboardFixture(t, s)
	// Launched after s3 and never answered: the newest sessions of all.
	insertSession(t, s, 3, 2, "2026-03-10T09:20:00Z")
	insertSession(t, s, 1, 2, "2026-03-10T09:25:00Z")
	d, err := s.Dashboard(context.Background(), mustTime(t, "2026-03-10T09:30:00Z"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if d.LastSession == nil || d.LastSession.ID != f.s3 {
		t.Errorf("last session = %+v, want session %d, the latest with a review", d.LastSession, f.s3)
	}
	if d.QuickStats.TotalSessions != 3 {
		t.Errorf("total sessions = %d, want 3: two of the 5 sessions have no review", d.QuickStats.TotalSessions)
	}
	// Answering a review makes the launch a session studied, and the last.
	insertReview(t, s, f.s3+2, nthWord(t, s, 1, 0), true, "2026-03-10T09:26:00Z")
	d, err = s.Dashboard(context.Background(), mustTime(t, "2026-03-10T09:30:00Z"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if d.LastSession == nil || d.LastSession.ID != f.s3+2 || d.QuickStats.TotalSessions != 4 {
		t.Errorf("after a review: last session %+v and %d sessions, want session %d and 4", d.LastSession, d.QuickStats.TotalSessions, f.s3+2)
	}
}

// TestDashboardContinue checks which session the dashboard offers to continue:
// the latest built-in one, while its round is unfinished.
func TestDashboardContinue(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.ImportWords(ctx, "Pair", []NewWord{{Japanese: "山", Romaji: "yama", English: "mountain"},
		{Japanese: "川", Romaji: "kawa", English: "river"}}); err != nil {
		t.Fatal(err)
	}
	var group int64
	if err := s.reader.QueryRow(`SELECT id FROM groups WHERE name = 'Pair'`).Scan(&group); err != nil {
		t.Fatal(err)
	}
	word := func(n int) int64 { return nthWord(t, s, group, n) }
	continued := func() *Unfinished {
		t.Helper()
		d, err := s.Dashboard(ctx, mustTime(t, "2026-03-10T12:00:00Z"), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		return d.Continue
	}
	if c := continued(); c != nil {
		t.Fatalf("with no session, continue = %+v, want none", c)
	}
	sess := insertSession(t, s, group, 1, "2026-03-10T10:00:00Z")
	insertReview(t, s, sess, word(0), false, "2026-03-10T10:01:00Z")
	if c := continued(); c == nil || c.Session.ID != sess || c.Answered != 1 || c.Total != 2 {
		t.Errorf("half way through round 1, continue = %+v, want session %d at 1 of 2", c, sess)
	}
	insertReview(t, s, sess, word(1), true, "2026-03-10T10:02:00Z")
	if c := continued(); c != nil {
		t.Errorf("with the round done (its summary showing), continue = %+v, want none", c)
	}
	// The retry round of the missed word, answered: done again.
	insertReview(t, s, sess, word(0), false, "2026-03-10T10:03:00Z")
	if c := continued(); c != nil {
		t.Errorf("with the retry round done, continue = %+v, want none", c)
	}
	// A new launch is under way from its start, and a newer session of an
	// external app (which runs elsewhere) does not hide it.
	newer := insertSession(t, s, group, 1, "2026-03-10T11:00:00Z")
	external := insertSession(t, s, group, 2, "2026-03-10T11:30:00Z")
	insertReview(t, s, external, word(0), true, "2026-03-10T11:31:00Z")
	if c := continued(); c == nil || c.Session.ID != newer || c.Answered != 0 || c.Total != 2 {
		t.Errorf("continue = %+v, want the new Flashcards session %d at 0 of 2", c, newer)
	}
}

func TestDashboardStreakAcrossZones(t *testing.T) {
	s := newTestStore(t)
	// Hand-computed with days from midnight; TestStreakCountsLearnerDays has day_starts_at.
	execWrite(t, s, `UPDATE settings SET day_starts_at = 0`)
	newDashboardFixture(t, s)
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	tests := []struct {
		zone string
		now  string
		want int
	}{
		// UTC+14: the reviews fall on local 10, 10, 9, 9, 7 and 6 March: 2 days.
		{"Pacific/Kiritimati", "2026-03-10T09:30:00Z", 2},
		// 11 March local without a review yet: the streak ends yesterday.
		{"Pacific/Kiritimati", "2026-03-11T09:30:00Z", 2},
		// Two days without a review: no streak.
		{"Pacific/Kiritimati", "2026-03-12T09:30:00Z", 0},
		// UTC: 10, 9, 8 and 7 March, then a gap on the 6th.
		{"UTC", "2026-03-10T09:30:00Z", 4},
		// UTC−11: local 9, 8, 7, 6 and 5 March.
		{"Pacific/Pago_Pago", "2026-03-10T09:30:00Z", 5},
		// 2026-03-08T10:00Z is exactly 9 March 00:00 in Kiritimati: it counts
		// for the 9th, so the 8th is empty and the streak is 1 day.
		{"Pacific/Kiritimati", "2026-03-08T12:00:00Z", 1},
		// 2026-03-07T09:59:59.999Z is 7 March 23:59:59.999 local: on 8 March
		// (local) the streak is yesterday and the day before: 2, not 3.
		{"Pacific/Kiritimati", "2026-03-07T10:00:00Z", 2},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.now, func(t *testing.T) {
			d, err := s.Dashboard(context.Background(), mustTime(t, tt.now), zone(tt.zone))
			if err != nil {
				t.Fatal(err)
			}
			if d.QuickStats.StreakDays != tt.want {
				t.Errorf("streak = %d, want %d", d.QuickStats.StreakDays, tt.want)
			}
		})
	}
}

func TestDashboardEmpty(t *testing.T) {
	s := newTestStore(t)
	d, err := s.Dashboard(context.Background(), time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if d.LastSession != nil || d.Continue != nil || d.StudyProgress.WordsStudied != 0 || d.QuickStats != (QuickStats{}) {
		t.Errorf("dashboard of a new database = %+v, want zeros and no last session", d)
	}
}

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		part, whole int
		want        float64
	}{{0, 0, 0}, {1, 3, 33.3}, {2, 3, 66.7}, {1, 208, 0.5}, {11, 14, 78.6}, {5, 5, 100}, {1, 2000, 0.1}, {1, 20001, 0}} {
		if got := Percent(tt.part, tt.whole); got != tt.want {
			t.Errorf("percent(%d, %d) = %v, want %v", tt.part, tt.whole, got, tt.want)
		}
	}
}

func TestStreakAcrossDST(t *testing.T) {
	s := newTestStore(t)
	// Hand-computed with days from midnight; TestStreakCountsLearnerDays has day_starts_at.
	execWrite(t, s, `UPDATE settings SET day_starts_at = 0`)
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	sess := insertSession(t, s, 1, 1, "2026-03-01T00:00:00Z")
	word := nthWord(t, s, 1, 0)
	// Clocks went forward on 8 March 2026 (a 23-hour day) and back on 1 November
	// (25 hours). One review a day, just after local midnight.
	for _, at := range []string{
		"2026-03-07T05:00:30Z", // 7 March 00:00:30 EST
		"2026-03-08T05:00:30Z", // 8 March 00:00:30 EST
		"2026-03-09T04:00:30Z", // 9 March 00:00:30 EDT
		"2026-10-31T04:00:30Z", // 31 October 00:00:30 EDT
		"2026-11-01T04:00:30Z", // 1 November 00:00:30 EDT
		"2026-11-02T05:00:30Z", // 2 November 00:00:30 EST
	} {
		insertReview(t, s, sess, word, true, at)
	}
	for now, want := range map[string]int{
		"2026-03-09T23:00:00Z": 3, // 9 March evening
		"2026-03-10T12:00:00Z": 3, // 10 March, none yet: yesterday's streak
		"2026-11-02T23:00:00Z": 3, // 2 November evening
	} {
		d, err := s.Dashboard(context.Background(), mustTime(t, now), newYork)
		if err != nil {
			t.Fatal(err)
		}
		if d.QuickStats.StreakDays != want {
			t.Errorf("at %s the streak is %d, want %d", now, d.QuickStats.StreakDays, want)
		}
	}
}

// TestStreakIsCountedAgainAfterAWrite checks the remembered streak: the
// same log gives the same count, and a review changes it.
func TestStreakIsCountedAgainAfterAWrite(t *testing.T) {
	s := newTestStore(t)
	// Hand-computed with days from midnight; TestStreakCountsLearnerDays has day_starts_at.
	execWrite(t, s, `UPDATE settings SET day_starts_at = 0`)
	sess := insertSession(t, s, 1, 1, "2026-03-01T00:00:00Z")
	word := nthWord(t, s, 1, 0)
	insertReview(t, s, sess, word, true, "2026-03-09T12:00:00Z")
	insertReview(t, s, sess, word, true, "2026-03-10T12:00:00Z")
	now := mustTime(t, "2026-03-10T18:00:00Z")
	streakNow := func() int {
		d, err := s.Dashboard(context.Background(), now, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		return d.QuickStats.StreakDays
	}
	if got := streakNow(); got != 2 {
		t.Fatalf("streak = %d, want 2", got)
	}
	if got := streakNow(); got != 2 {
		t.Fatalf("streak asked again = %d, want 2", got)
	}
	// A review that fills the gap before the run lengthens it, although the
	// latest review is the same.
	insertReview(t, s, sess, word, true, "2026-03-08T12:00:00Z")
	if got := streakNow(); got != 3 {
		t.Errorf("after a review on 8 March the streak is %d, want 3", got)
	}
	if err := s.ResetHistory(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := streakNow(); got != 0 {
		t.Errorf("after a reset the streak is %d, want 0", got)
	}
}

// A learner day starts at day_starts_at (4 by default): a review at 03:30
// belongs to the day before, so studying after midnight keeps the streak.
func TestStreakCountsLearnerDays(t *testing.T) {
	s := newTestStore(t)
	word := nthWord(t, s, 1, 0)
	sess := insertSession(t, s, 1, 1, "2026-03-01T00:00:00Z")
	insertReview(t, s, sess, word, true, "2026-03-08T20:00:00Z") // the 8th
	insertReview(t, s, sess, word, true, "2026-03-10T03:30:00Z") // still the 9th
	d, err := s.Dashboard(t.Context(), mustTime(t, "2026-03-10T03:45:00Z"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if d.QuickStats.StreakDays != 2 {
		t.Errorf("streak at 03:45 = %d, want 2 (the 8th and the 9th)", d.QuickStats.StreakDays)
	}
	// At 04:00 the 10th begins with no review yet: the streak ends yesterday.
	d, _ = s.Dashboard(t.Context(), mustTime(t, "2026-03-10T04:00:00Z"), time.UTC)
	if d.QuickStats.StreakDays != 2 {
		t.Errorf("streak at 04:00 = %d, want 2", d.QuickStats.StreakDays)
	}
	execWrite(t, s, `UPDATE settings SET day_starts_at = 0`)
	d, _ = s.Dashboard(t.Context(), mustTime(t, "2026-03-10T03:45:00Z"), time.UTC)
	if d.QuickStats.StreakDays != 1 {
		t.Errorf("streak from midnight = %d, want 1 (the 9th has no review then)", d.QuickStats.StreakDays)
	}
}

// The dashboard's Review figures come from word_memory and the heatmap from
// review_quarters, by learner day.
func TestDashboardReviewAndHeatmap(t *testing.T) {
	s := newTestStore(t)
	ctx := t.Context()
	w1, w2 := nthWord(t, s, 1, 0), nthWord(t, s, 1, 1)
	sess := insertSession(t, s, 1, 1, "2026-03-01T00:00:00Z")
	insertReview(t, s, sess, w1, true, "2026-03-09T10:00:00Z") // learning: due 10:10
	insertReview(t, s, sess, w2, true, "2026-03-09T10:00:00Z")
	insertReview(t, s, sess, w2, true, "2026-03-09T10:10:00Z")  // review: due the 11th
	insertReview(t, s, sess, w1, false, "2026-03-10T03:00:00Z") // the 9th's learner day
	now := mustTime(t, "2026-03-10T12:00:00Z")
	d, err := s.Dashboard(ctx, now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Review
	if r.DueNow != 1 || r.DueToday != 1 || len(r.Forecast) != ForecastDays {
		t.Errorf("due now %d, today %d, %d forecast days; want 1, 1, 30", r.DueNow, r.DueToday, len(r.Forecast))
	}
	if r.Forecast[0].Date != "2026-03-10" || r.Forecast[1].Date != "2026-03-11" || r.Forecast[1].Due != 1 {
		t.Errorf("forecast = %v, want day 0 the 10th and w2 due on the 11th", r.Forecast[:3])
	}
	if r.NewLeftToday != 20 {
		t.Errorf("new left today = %d, want 20 (both words were introduced the day before)", r.NewLeftToday)
	}
	if len(d.Heatmap) != 1 || d.Heatmap[0] != (HeatDay{Date: "2026-03-09", Reviews: 4, Correct: 3}) {
		t.Errorf("heatmap = %v, want the 9th with 4 reviews, 3 right", d.Heatmap)
	}
	// The remembered heatmap follows the log: a new review, even back-dated.
	insertReview(t, s, sess, w2, true, "2026-03-05T10:00:00Z")
	d, err = s.Dashboard(ctx, now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Heatmap) != 2 || d.Heatmap[0] != (HeatDay{Date: "2026-03-05", Reviews: 1, Correct: 1}) {
		t.Errorf("heatmap after a back-dated review = %v, want the 5th first", d.Heatmap)
	}
}
