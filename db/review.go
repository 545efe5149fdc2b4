package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"langportal/db/learnday"
	"langportal/db/queue"
)

// ReviewQueue is what a Review session studies next, in queue order.
type ReviewQueue struct {
	DueCount        int    `json:"due_count"`
	NewCount        int    `json:"new_count"`
	LearnAheadCount int    `json:"learn_ahead_count"`
	NextDue         *Time  `json:"next_due"` // the earliest due time after now; nil when none
	Items           []Word `json:"items"`
	// GroupName is the queue's group ("" for all groups) and
	// ReviewActivityID the Review activity (0 if removed), for its page.
	GroupName        string `json:"-"`
	ReviewActivityID int64  `json:"-"`
}

// QueueQuery says which queue: groupID 0 is every word; Limit items at most.
type QueueQuery struct {
	GroupID int64
	Limit   int
	Now     time.Time
	Zone    *time.Location // the learner's days are counted in it
}

// scope restricts a word_memory query to a group (or to nothing).
func (q QueueQuery) scope() (join string, args []any) {
	if q.GroupID == 0 {
		return "", nil
	}
	return ` JOIN word_groups wg ON wg.word_id = m.word_id AND wg.group_id = ?`, []any{q.GroupID}
}

// ReviewQueue reads the queue at q.Now: SPEC's order, computed by
// queue.Build over the rows of a few indexed queries.
func (s *Store) ReviewQueue(ctx context.Context, q QueueQuery) (ReviewQueue, error) {
	var rq ReviewQueue
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		rq, err = reviewQueue(ctx, tx, q)
		return err
	})
	if err != nil {
		return ReviewQueue{}, fmt.Errorf("db: review queue: %w", err)
	}
	return rq, nil
}

func reviewQueue(ctx context.Context, tx *sql.Tx, q QueueQuery) (ReviewQueue, error) {
	var groupName string
	if q.GroupID != 0 {
		err := tx.QueryRowContext(ctx, `SELECT name FROM groups WHERE id = ?`, q.GroupID).Scan(&groupName)
		if errors.Is(err, sql.ErrNoRows) {
			return ReviewQueue{}, &NotFoundError{Kind: "group", ID: q.GroupID}
		}
		if err != nil {
			return ReviewQueue{}, err
		}
	}
	settings, err := readSettings(ctx, tx)
	if err != nil {
		return ReviewQueue{}, err
	}
	now := NewTime(q.Now)
	in := queue.Input{Now: now.Time}
	join, scope := q.scope()
	arg := func(more ...any) []any { return append(slices.Clone(scope), more...) }

	// Due now: the first Limit by due time, and how many in all.
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM word_memory m`+join+` WHERE m.due <= ?`, arg(now)...).Scan(&in.DueTotal); err != nil {
		return ReviewQueue{}, err
	}
	if err := scanEntries(ctx, tx, &in.Scheduled, `SELECT m.word_id, m.due, m.state FROM word_memory m`+join+`
		WHERE m.due <= ? ORDER BY m.due, m.word_id LIMIT ?`, arg(now, q.Limit)...); err != nil {
		return ReviewQueue{}, err
	}
	// New words: what is left of today's limit, counting every session's.
	day := learnday.Start(q.Now, q.Zone, settings.DayStartsAt)
	var introduced int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM word_memory WHERE first_review >= ? AND first_review < ?`,
		NewTime(day), NewTime(learnday.Add(day, 1, settings.DayStartsAt))).Scan(&introduced); err != nil {
		return ReviewQueue{}, err
	}
	in.NewLeft = settings.NewPerDay - introduced
	if in.NewLeft > 0 {
		// A word never reviewed has no counts (and no memory): the partial
		// index word_stats_new lists them by id.
		newWords := `SELECT word_id FROM word_stats WHERE correct_count = 0 AND wrong_count = 0 ORDER BY word_id LIMIT ?`
		args := []any{in.NewLeft}
		if q.GroupID != 0 {
			newWords = `SELECT s.word_id FROM word_stats s JOIN word_groups wg ON wg.word_id = s.word_id AND wg.group_id = ?
				WHERE s.correct_count = 0 AND s.wrong_count = 0 ORDER BY s.word_id LIMIT ?`
			args = []any{q.GroupID, in.NewLeft}
		}
		if in.New, err = scanIDs(ctx, tx, newWords, args...); err != nil {
			return ReviewQueue{}, err
		}
	}
	// Learn-ahead only matters when nothing else is left.
	if in.DueTotal == 0 && len(in.New) == 0 {
		if err := scanEntries(ctx, tx, &in.Scheduled, `SELECT m.word_id, m.due, m.state FROM word_memory m`+join+`
			WHERE m.state IN (1, 3) AND m.due > ? AND m.due <= ? ORDER BY m.due, m.word_id LIMIT ?`,
			arg(now, NewTime(now.Add(queue.LearnAhead)), q.Limit)...); err != nil {
			return ReviewQueue{}, err
		}
	}
	built := queue.Build(in, q.Limit)
	rq := ReviewQueue{DueCount: built.DueCount, NewCount: built.NewCount, LearnAheadCount: built.LearnAheadCount,
		Items: []Word{}, GroupName: groupName}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM study_activities WHERE url = ?`, ReviewURL).Scan(&rq.ReviewActivityID); err != nil {
		return ReviewQueue{}, err
	}
	var next sql.Null[Time]
	if err := tx.QueryRowContext(ctx, `SELECT MIN(m.due) FROM word_memory m`+join+` WHERE m.due > ?`, arg(now)...).Scan(&next); err != nil {
		return ReviewQueue{}, err
	}
	if next.Valid {
		rq.NextDue = &next.V
	}
	if rq.Items, err = wordsByID(ctx, tx, built.Items); err != nil {
		return ReviewQueue{}, err
	}
	return rq, nil
}

func scanEntries(ctx context.Context, tx *sql.Tx, into *[]queue.Entry, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e queue.Entry
		var due Time
		var state int
		if err := rows.Scan(&e.WordID, &due, &state); err != nil {
			return err
		}
		e.Due, e.Learning = due.Time, state != 2
		*into = append(*into, e)
	}
	return rows.Err()
}

func scanIDs(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// wordsByID reads the words with their counts and memory, in the order of
// ids, in one statement.
func wordsByID(ctx context.Context, tx *sql.Tx, ids []int64) ([]Word, error) {
	if len(ids) == 0 {
		return []Word{}, nil
	}
	return scanWords(tx.QueryContext(ctx, `
		SELECT `+wordColumns+`s.correct_count, s.wrong_count, `+memoryColumns+`
		FROM json_each(?) j JOIN words w ON w.id = j.value JOIN word_stats s ON s.word_id = w.id
		LEFT JOIN word_memory m ON m.word_id = w.id
		ORDER BY j.key`, idList(ids)))
}

// ReviewCard is where a Review session stands: the next word of its queue
// (none when Done) and what is left.
type ReviewCard struct {
	SessionID  int64
	GroupID    OptionalID // 0: all groups
	ActivityID int64
	Word       Word // the card; zero when Done
	Done       bool // nothing is due, new or learnt ahead: All done
	Due, New   int  // what is left
	NextDue    *Time
	Right      int // this session's answers
	Wrong      int
}

// NextReviewCard returns the next card of a Review session at now.
func (s *Store) NextReviewCard(ctx context.Context, sessionID int64, now time.Time, zone *time.Location) (ReviewCard, error) {
	c := ReviewCard{SessionID: sessionID}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var reviews int
		err := tx.QueryRowContext(ctx, `
			SELECT s.group_id, s.study_activity_id, st.review_count, st.correct_count
			FROM study_sessions s JOIN session_stats st ON st.session_id = s.id WHERE s.id = ?`,
			sessionID).Scan(&c.GroupID, &c.ActivityID, &reviews, &c.Right)
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{Kind: "study session", ID: sessionID}
		}
		if err != nil {
			return err
		}
		c.Wrong = reviews - c.Right
		q, err := reviewQueue(ctx, tx, QueueQuery{GroupID: int64(c.GroupID), Limit: 1, Now: now, Zone: zone})
		if err != nil {
			return err
		}
		c.Due, c.New, c.NextDue = q.DueCount, q.NewCount, q.NextDue
		if len(q.Items) == 0 {
			c.Done = true
		} else {
			c.Word = q.Items[0]
			if c.Word.Memory == nil {
				c.New = max(0, c.New-1) // left after this one
			} else if !c.Word.Memory.Due.After(now) {
				c.Due = max(0, c.Due-1)
			}
		}
		return nil
	})
	if err != nil {
		return ReviewCard{}, fmt.Errorf("db: review card of session %d: %w", sessionID, err)
	}
	return c, nil
}

// ForecastDays is how many learner days the forecast covers (today first).
const ForecastDays = 30

// HeatmapDays is how far back the heatmap's days go (53 weeks and a few days).
const HeatmapDays = 371

// ReviewSummary is what is due: now, today, and per day for a month.
type ReviewSummary struct {
	DueNow       int           `json:"due_now"`
	DueToday     int           `json:"due_today"` // by the end of the learner day, overdue included
	NewLeftToday int           `json:"new_left_today"`
	NextDue      *Time         `json:"next_due"`
	Forecast     []ForecastDay `json:"forecast"` // ForecastDays days from today; day 0 includes the overdue
}

// ForecastDay is how many words come due on a learner day.
type ForecastDay struct {
	Date string `json:"date"` // YYYY-MM-DD
	Due  int    `json:"due"`
}

// HeatDay is a learner day's reviews.
type HeatDay struct {
	Date    string `json:"date"`
	Reviews int    `json:"reviews"`
	Correct int    `json:"correct"`
}

// reviewSummary counts from word_memory's due index: one range count per
// forecast day, never a scan of the log.
func reviewSummary(ctx context.Context, tx *sql.Tx, now time.Time, zone *time.Location, st Settings) (ReviewSummary, error) {
	var r ReviewSummary
	at := NewTime(now)
	today := learnday.Start(now, zone, st.DayStartsAt)
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM word_memory WHERE due <= ?`, at).Scan(&r.DueNow); err != nil {
		return r, fmt.Errorf("db: due now: %w", err)
	}
	var introduced, unseen int
	if err := tx.QueryRowContext(ctx, `
		SELECT (SELECT COUNT(*) FROM word_memory WHERE first_review >= ? AND first_review < ?),
		       (SELECT COUNT(*) FROM words) - (SELECT COUNT(*) FROM word_memory)`,
		NewTime(today), NewTime(learnday.Add(today, 1, st.DayStartsAt))).Scan(&introduced, &unseen); err != nil {
		return r, fmt.Errorf("db: new words today: %w", err)
	}
	r.NewLeftToday = max(0, min(st.NewPerDay-introduced, unseen))
	var next sql.Null[Time]
	if err := tx.QueryRowContext(ctx, `SELECT MIN(due) FROM word_memory WHERE due > ?`, at).Scan(&next); err != nil {
		return r, fmt.Errorf("db: next due: %w", err)
	}
	if next.Valid {
		r.NextDue = &next.V
	}
	count, err := tx.PrepareContext(ctx, `SELECT COUNT(*) FROM word_memory WHERE due >= ? AND due < ?`)
	if err != nil {
		return r, err
	}
	defer count.Close()
	r.Forecast = make([]ForecastDay, ForecastDays)
	from := "" // day 0 takes every overdue word
	for i := range r.Forecast {
		day := learnday.Add(today, i, st.DayStartsAt)
		end := NewTime(learnday.Add(today, i+1, st.DayStartsAt)).String()
		r.Forecast[i].Date = learnday.Date(day)
		if err := count.QueryRowContext(ctx, from, end).Scan(&r.Forecast[i].Due); err != nil {
			return r, fmt.Errorf("db: forecast: %w", err)
		}
		from = end
	}
	r.DueToday = r.Forecast[0].Due
	return r, nil
}

// heatmap sums review_quarters (kept by trigger with every review) per
// learner day inside SQLite: the day boundaries go in as one JSON array,
// and each day is one range of the quarters' primary key, so at most
// HeatmapDays rows come back, whatever the number of reviews.
// heatKey is what a heatmap was counted on: the days it covers and the
// state of the log (any review recorded or deleted changes the count or
// the latest quarter).
type heatKey struct {
	today            int64 // the learner day's start, Unix seconds
	zone             string
	hour             int
	reviews, latestQ int64
}

// heatMemo remembers the last heatmap, so that the dashboard sums the year
// again only after the log has changed or a new day began.
type heatMemo struct {
	mu   sync.Mutex
	key  heatKey
	days []HeatDay
	set  bool
}

// heatmapCached is heatmap, remembered for as long as key holds.
func (s *Store) heatmapCached(ctx context.Context, tx *sql.Tx, now time.Time, zone *time.Location, hour int, reviews int64) ([]HeatDay, error) {
	var latest sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(quarter) FROM review_quarters`).Scan(&latest); err != nil {
		return nil, fmt.Errorf("db: heatmap: %w", err)
	}
	today := learnday.Start(now, zone, hour)
	key := heatKey{today: today.Unix(), zone: zone.String(), hour: hour, reviews: reviews, latestQ: latest.Int64}
	s.heat.mu.Lock()
	defer s.heat.mu.Unlock()
	if s.heat.set && s.heat.key == key {
		return slices.Clone(s.heat.days), nil
	}
	days, err := heatmap(ctx, tx, today, hour)
	if err != nil {
		return nil, err
	}
	s.heat.key, s.heat.days, s.heat.set = key, days, true
	return slices.Clone(days), nil
}

func heatmap(ctx context.Context, tx *sql.Tx, today time.Time, hour int) ([]HeatDay, error) {
	first := learnday.Add(today, -(HeatmapDays - 1), hour)
	qs := int64(quarter / time.Second)
	starts := make([]time.Time, HeatmapDays+1)
	bounds := make([]byte, 0, 24*HeatmapDays)
	bounds = append(bounds, '[')
	for i := range starts {
		starts[i] = learnday.Add(first, i, hour)
		if i > 0 {
			bounds = append(bounds, fmt.Sprintf("[%d,%d],", starts[i-1].Unix()/qs, starts[i].Unix()/qs)...)
		}
	}
	bounds[len(bounds)-1] = ']'
	rows, err := tx.QueryContext(ctx, `
		SELECT d.key, SUM(q.reviews), SUM(q.correct)
		FROM json_each(?) d
		JOIN review_quarters q ON q.quarter >= json_extract(d.value, '$[0]') AND q.quarter < json_extract(d.value, '$[1]')
		GROUP BY d.key ORDER BY d.key`, string(bounds))
	if err != nil {
		return nil, fmt.Errorf("db: heatmap: %w", err)
	}
	defer rows.Close()
	days := []HeatDay{}
	for rows.Next() {
		var i int
		var d HeatDay
		if err := rows.Scan(&i, &d.Reviews, &d.Correct); err != nil {
			return nil, fmt.Errorf("db: heatmap: %w", err)
		}
		d.Date = learnday.Date(starts[i])
		days = append(days, d)
	}
	return days, rows.Err()
}
