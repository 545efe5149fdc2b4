package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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
	if q.GroupID != 0 {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM groups WHERE id = ?)`, q.GroupID).Scan(&exists); err != nil {
			return ReviewQueue{}, err
		}
		if !exists {
			return ReviewQueue{}, &NotFoundError{Kind: "group", ID: q.GroupID}
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
		newWords := `SELECT w.id FROM words w LEFT JOIN word_memory m ON m.word_id = w.id WHERE m.word_id IS NULL ORDER BY w.id LIMIT ?`
		args := []any{in.NewLeft}
		if q.GroupID != 0 {
			newWords = `SELECT wg.word_id FROM word_groups wg LEFT JOIN word_memory m ON m.word_id = wg.word_id
				WHERE wg.group_id = ? AND m.word_id IS NULL ORDER BY wg.word_id LIMIT ?`
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
	rq := ReviewQueue{DueCount: built.DueCount, NewCount: built.NewCount, LearnAheadCount: built.LearnAheadCount, Items: []Word{}}
	var next sql.Null[Time]
	if err := tx.QueryRowContext(ctx, `SELECT MIN(m.due) FROM word_memory m`+join+` WHERE m.due > ?`, arg(now)...).Scan(&next); err != nil {
		return ReviewQueue{}, err
	}
	if next.Valid {
		rq.NextDue = &next.V
	}
	if rq.Items, err = wordsByID(ctx, tx, built.Items, q.Now); err != nil {
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

// wordsByID reads the words with their counts and memory, in the order of ids.
func wordsByID(ctx context.Context, tx *sql.Tx, ids []int64, now time.Time) ([]Word, error) {
	words := make([]Word, 0, len(ids))
	for _, id := range ids {
		w, err := scanWordMemory(tx.QueryRowContext(ctx, allWords.rows+` WHERE w.id = ?`, id), now)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		words = append(words, w)
	}
	return words, nil
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
