package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"langportal/db/learnday"
)

// Dashboard is the learner's progress at a glance.
type Dashboard struct {
	LastSession   *SessionSummary `json:"last_session"` // the latest session with a review; nil before the first
	StudyProgress StudyProgress   `json:"study_progress"`
	QuickStats    QuickStats      `json:"quick_stats"`
	// Continue is the latest session of a built-in activity when its round
	// is unfinished, for the dashboard's Continue; nil when there is none.
	// The JSON shape is the SPEC's, so it is shown on pages only.
	Continue *Unfinished `json:"-"`
	// Review is what is due; Heatmap the reviews per learner day of the
	// last 371 days, days without one left out.
	Review  ReviewSummary `json:"review"`
	Heatmap []HeatDay     `json:"heatmap"`
	// ReviewActivityID is the Review activity, for the dashboard's Review
	// button (0 if it was removed).
	ReviewActivityID int64 `json:"-"`
}

// Unfinished is a session whose Flashcards round is under way: where it stands.
type Unfinished struct {
	Session  SessionSummary
	Round    int // 1 for the whole group, 2 and on for retries
	Answered int // cards of the round answered
	Total    int // cards in the round
}

// StudyProgress is how much of the vocabulary has been studied and mastered.
type StudyProgress struct {
	WordsStudied   int     `json:"words_studied"`   // distinct words with at least one review
	TotalWords     int     `json:"total_words"`     // every word
	MasteredWords  int     `json:"mastered_words"`  // ≥ 5 reviews, ≥ 80 % of them right
	MasteryPercent float64 `json:"mastery_percent"` // mastered / all words × 100, one decimal
}

// QuickStats are the learner's headline figures.
type QuickStats struct {
	SuccessRate   float64 `json:"success_rate"`   // right reviews / all reviews × 100, one decimal; 0 with none
	TotalSessions int     `json:"total_sessions"` // sessions with at least one review
	ActiveGroups  int     `json:"active_groups"`  // groups with a session in the last 30 days
	StreakDays    int     `json:"streak_days"`    // consecutive days with a review, ending today or yesterday
}

// Mastery thresholds: a word is mastered after at least masteryReviews
// reviews of which at least masteryRightPercent % are right.
const (
	masteryReviews      = 5
	masteryRightPercent = 80
	activeGroupDays     = 30
)

// Dashboard computes the dashboard's figures as of now; days (for the
// streak) are counted in zone.
func (s *Store) Dashboard(ctx context.Context, now time.Time, zone *time.Location) (Dashboard, error) {
	var d Dashboard
	var latestBuiltin SessionSummary
	var builtinFound bool
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		// An abandoned launch (no review) is no session studied. Both walk
		// session_stats' start index from the newest end, so they read only
		// the sessions started after the one they find (left to itself, the
		// planner would rather sort every studied session).
		last, found, err := optionalSession(tx.QueryRowContext(ctx, sessionColumns+`
			WHERE s.id = (SELECT session_id FROM session_stats INDEXED BY session_stats_started_at
			              WHERE review_count > 0 ORDER BY started_at DESC, session_id DESC LIMIT 1)`))
		if err != nil {
			return fmt.Errorf("db: last session: %w", err)
		}
		if found {
			d.LastSession = &last
		}
		// Rounds to continue are Flashcards': a Review session has a queue,
		// not a round.
		latestBuiltin, builtinFound, err = optionalSession(tx.QueryRowContext(ctx, sessionColumns+`
			WHERE s.id = (SELECT st.session_id FROM session_stats st
			              JOIN study_sessions s ON s.id = st.session_id
			              JOIN study_activities a ON a.id = s.study_activity_id
			              WHERE a.url = ?
			              ORDER BY st.started_at DESC, st.session_id DESC LIMIT 1)`, FlashcardsURL))
		if err != nil {
			return fmt.Errorf("db: latest built-in session: %w", err)
		}

		// Sessions studied are all sessions but the empty ones, which the
		// review_count index counts without reading the others.
		var right, all int
		err = tx.QueryRowContext(ctx, `
			SELECT (SELECT COUNT(*) FROM words), words_studied, words_mastered, correct, reviews,
			       sessions - (SELECT COUNT(*) FROM session_stats WHERE review_count = 0)
			FROM learning_totals`).Scan(&d.StudyProgress.TotalWords, &d.StudyProgress.WordsStudied,
			&d.StudyProgress.MasteredWords, &right, &all, &d.QuickStats.TotalSessions)
		if err != nil {
			return fmt.Errorf("db: study progress: %w", err)
		}
		d.StudyProgress.MasteryPercent = Percent(d.StudyProgress.MasteredWords, d.StudyProgress.TotalWords)
		d.QuickStats.SuccessRate = Percent(right, all)

		since := NewTime(now.Add(-activeGroupDays * 24 * time.Hour))
		err = tx.QueryRowContext(ctx, `
			SELECT COUNT(*) FROM groups g WHERE EXISTS (
			    SELECT 1 FROM study_sessions s WHERE s.group_id = g.id AND s.created_at >= ?)`,
			since).Scan(&d.QuickStats.ActiveGroups)
		if err != nil {
			return fmt.Errorf("db: active groups: %w", err)
		}
		settings, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		d.QuickStats.StreakDays, err = s.streak(ctx, tx, now, zone, settings.DayStartsAt, int64(all))
		if err != nil {
			return err
		}
		if d.Review, err = reviewSummary(ctx, tx, now, zone, settings); err != nil {
			return err
		}
		if d.Heatmap, err = s.heatmapCached(ctx, tx, now, zone, settings.DayStartsAt, int64(all)); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM study_activities WHERE url = ?`, ReviewURL).Scan(&d.ReviewActivityID)
		return err
	})
	if err != nil || !builtinFound {
		return d, err
	}
	card, err := s.NextFlashcard(ctx, latestBuiltin.ID, false)
	if err != nil {
		return Dashboard{}, err
	}
	if !card.Done {
		d.Continue = &Unfinished{Session: latestBuiltin, Round: card.Round, Answered: card.Answered, Total: card.Total}
	}
	return d, nil
}

// optionalSession scans a session that may not exist; found is false when
// the row is missing.
func optionalSession(row *sql.Row) (ss SessionSummary, found bool, err error) {
	ss, err = scanSession(row)
	if errors.Is(err, sql.ErrNoRows) {
		return SessionSummary{}, false, nil
	}
	return ss, err == nil, err
}

// Percent is part / whole × 100 rounded to one decimal, 0 when whole is 0.
func Percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)*1000/float64(whole)) / 10
}

// quarter is the length of review_quarters' buckets: every time zone's
// offset is a whole number of them, so a bucket lies within one local day.
const quarter = 15 * time.Minute

// streak counts the consecutive days (in zone) with at least one review,
// ending today or, when there is none yet today, yesterday: the run of days
// that ends on the latest review's day, if that day is today or yesterday.
func (s *Store) streak(ctx context.Context, tx *sql.Tx, now time.Time, zone *time.Location, hour int, reviews int64) (int, error) {
	today := learnday.Start(now, zone, hour)
	var latest sql.NullInt64 // the latest review up to the end of today
	if err := tx.QueryRowContext(ctx, `SELECT MAX(quarter) FROM review_quarters WHERE quarter < ?`,
		learnday.Add(today, 1, hour).Unix()/int64(quarter/time.Second)).Scan(&latest); err != nil {
		return 0, fmt.Errorf("db: streak: %w", err)
	}
	if !latest.Valid {
		return 0, nil
	}
	day, days, err := s.runs.get(runKey{zone.String(), hour, latest.Int64, reviews}, func() (time.Time, int, error) {
		return runEndingAt(ctx, tx, latest.Int64, zone, hour)
	})
	if err != nil {
		return 0, err
	}
	if day.Equal(today) || day.Equal(learnday.Add(today, -1, hour)) {
		return days, nil
	}
	return 0, nil
}

// runEndingAt counts the consecutive days (in zone) with a review that end
// on the day of quarter hour latest. Each step is one index lookup, so the
// work is proportional to the run, not to the log.
func runEndingAt(ctx context.Context, tx *sql.Tx, latest int64, zone *time.Location, hour int) (time.Time, int, error) {
	prevQuarter, err := tx.PrepareContext(ctx, `SELECT MAX(quarter) FROM review_quarters WHERE quarter < ?`)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("db: streak: %w", err)
	}
	defer prevQuarter.Close()
	last := quarterDay(latest, zone, hour)
	days := 1
	for day := last; ; {
		var q sql.NullInt64
		if err := prevQuarter.QueryRowContext(ctx, day.Unix()/int64(quarter/time.Second)).Scan(&q); err != nil {
			return time.Time{}, 0, fmt.Errorf("db: streak: %w", err)
		}
		if !q.Valid {
			return last, days, nil
		}
		prev := quarterDay(q.Int64, zone, hour)
		if !prev.Equal(learnday.Add(day, -1, hour)) {
			return last, days, nil
		}
		days++
		day = prev
	}
}

// quarterDay is the learner day (its start) of quarter hour q. A learner day
// starts on a whole hour, so a quarter lies within one.
func quarterDay(q int64, zone *time.Location, hour int) time.Time {
	return learnday.Start(time.Unix(q*int64(quarter/time.Second), 0), zone, hour)
}

// runKey identifies the state of the review log that a run was counted on:
// any review recorded or deleted changes it.
type runKey struct {
	zone            string
	hour            int
	latest, reviews int64
}

// runMemo remembers the last run counted, so that the dashboard walks the
// days again only after the log has changed.
type runMemo struct {
	mu   sync.Mutex
	key  runKey
	day  time.Time
	days int
	set  bool
}

func (m *runMemo) get(key runKey, count func() (time.Time, int, error)) (time.Time, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.set && m.key == key {
		return m.day, m.days, nil
	}
	day, days, err := count()
	if err != nil {
		return time.Time{}, 0, err
	}
	m.key, m.day, m.days, m.set = key, day, days, true
	return day, days, nil
}
