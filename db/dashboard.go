package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"
)

// Dashboard is the learner's progress at a glance.
type Dashboard struct {
	LastSession   *SessionSummary `json:"last_session"` // nil before the first session
	StudyProgress StudyProgress   `json:"study_progress"`
	QuickStats    QuickStats      `json:"quick_stats"`
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
	TotalSessions int     `json:"total_sessions"` // every study session
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
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		last, err := scanSession(tx.QueryRowContext(ctx, sessionColumns+`ORDER BY s.created_at DESC, s.id DESC LIMIT 1`))
		switch {
		case err == nil:
			d.LastSession = &last
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("db: last session: %w", err)
		}

		var right, all int
		err = tx.QueryRowContext(ctx, `
			SELECT (SELECT COUNT(*) FROM words),
			       COALESCE(SUM(correct_count + wrong_count > 0), 0),
			       COALESCE(SUM(correct_count + wrong_count >= ? AND correct_count * 100 >= (correct_count + wrong_count) * ?), 0),
			       COALESCE(SUM(correct_count), 0),
			       COALESCE(SUM(correct_count + wrong_count), 0)
			FROM word_stats`, masteryReviews, masteryRightPercent).Scan(
			&d.StudyProgress.TotalWords, &d.StudyProgress.WordsStudied, &d.StudyProgress.MasteredWords, &right, &all)
		if err != nil {
			return fmt.Errorf("db: study progress: %w", err)
		}
		d.StudyProgress.MasteryPercent = Percent(d.StudyProgress.MasteredWords, d.StudyProgress.TotalWords)
		d.QuickStats.SuccessRate = Percent(right, all)

		since := NewTime(now.Add(-activeGroupDays * 24 * time.Hour))
		err = tx.QueryRowContext(ctx, `
			SELECT (SELECT COUNT(*) FROM study_sessions),
			       (SELECT COUNT(*) FROM groups g WHERE EXISTS (
			           SELECT 1 FROM study_sessions s WHERE s.group_id = g.id AND s.created_at >= ?))`,
			since).Scan(&d.QuickStats.TotalSessions, &d.QuickStats.ActiveGroups)
		if err != nil {
			return fmt.Errorf("db: quick stats: %w", err)
		}
		d.QuickStats.StreakDays, err = streak(ctx, tx, now, zone)
		return err
	})
	return d, err
}

// Percent is part / whole × 100 rounded to one decimal, 0 when whole is 0.
func Percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)*1000/float64(whole)) / 10
}

// streak counts the consecutive days (in zone) with at least one review,
// ending today or, when there is none yet today, yesterday. It walks back one
// index lookup per day of the streak.
func streak(ctx context.Context, qr querier, now time.Time, zone *time.Location) (int, error) {
	y, m, d := now.In(zone).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, zone) // the start of today
	next := time.Date(y, m, d+1, 0, 0, 0, 0, zone)
	// The latest review before the end of today tells where the streak ends.
	latest, ok, err := latestReviewBefore(ctx, qr, NewTime(next))
	if err != nil || !ok {
		return 0, err
	}
	yesterday := time.Date(y, m, d-1, 0, 0, 0, 0, zone)
	if latest.Before(yesterday) {
		return 0, nil
	}
	if latest.Before(day) {
		day = yesterday
	}
	days := 0
	for {
		days++
		prev := time.Date(day.Year(), day.Month(), day.Day()-1, 0, 0, 0, 0, zone)
		latest, ok, err := latestReviewBefore(ctx, qr, NewTime(day))
		if err != nil {
			return 0, err
		}
		if !ok || latest.Before(prev) {
			return days, nil
		}
		day = prev
	}
}

// latestReviewBefore returns the time of the last review before t; ok is
// false when there is none.
func latestReviewBefore(ctx context.Context, qr querier, t Time) (latest time.Time, ok bool, err error) {
	var last sql.NullString
	err = qr.QueryRowContext(ctx, `SELECT MAX(created_at) FROM word_review_items WHERE created_at < ?`, t).Scan(&last)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("db: streak: %w", err)
	}
	if !last.Valid {
		return time.Time{}, false, nil
	}
	var at Time
	if err := at.Scan(last.String); err != nil {
		return time.Time{}, false, err
	}
	return at.Time, true, nil
}
