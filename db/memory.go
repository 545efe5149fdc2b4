package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"langportal/db/fsrs"
)

// Memory is how well a word is remembered and when it is due again: the
// FSRS-6 state that a replay of its reviews (in answer-time order) gives.
type Memory struct {
	State      string  `json:"state"` // learning, review or relearning
	Step       *int    `json:"step"`  // the learning step; nil in review
	Stability  float64 `json:"stability"`
	Difficulty float64 `json:"difficulty"`
	Due        Time    `json:"due"`
	LastReview Time    `json:"last_review"`
	// Retrievability is the probability of recall when the word was read.
	Retrievability float64 `json:"retrievability"`
	Reps           int     `json:"reps"`
	Lapses         int     `json:"lapses"`
}

// memoryColumns are word_memory's columns as scanMemory reads them, for a
// LEFT JOIN word_memory m (all NULL for a word never reviewed).
const memoryColumns = `m.state, m.step, m.stability, m.difficulty, m.due, m.last_review, m.reps, m.lapses`

// nullMemory holds the scanned columns of a LEFT JOIN on word_memory.
type nullMemory struct {
	state, step, reps, lapses sql.NullInt64
	stability, difficulty     sql.NullFloat64
	due, lastReview           sql.Null[Time]
}

func (n *nullMemory) dest() []any {
	return []any{&n.state, &n.step, &n.stability, &n.difficulty, &n.due, &n.lastReview, &n.reps, &n.lapses}
}

func (n *nullMemory) card() (fsrs.Card, bool) {
	if !n.state.Valid {
		return fsrs.Card{}, false
	}
	return fsrs.Card{
		State: fsrs.State(n.state.Int64), Step: int(n.step.Int64),
		Stability: n.stability.Float64, Difficulty: n.difficulty.Float64,
		Due: n.due.V.Time, LastReview: n.lastReview.V.Time,
		Reps: int(n.reps.Int64), Lapses: int(n.lapses.Int64),
	}, true
}

// memory is the Memory of the scanned row at now; nil for a new word.
func (n *nullMemory) memory(now time.Time) *Memory {
	c, ok := n.card()
	if !ok {
		return nil
	}
	return memoryOf(c, now)
}

func memoryOf(c fsrs.Card, now time.Time) *Memory {
	m := &Memory{
		State: c.State.String(), Stability: c.Stability, Difficulty: c.Difficulty,
		Due: NewTime(c.Due), LastReview: NewTime(c.LastReview),
		Retrievability: scheduler.Retrievability(c, now), Reps: c.Reps, Lapses: c.Lapses,
	}
	if c.State != fsrs.Review {
		step := c.Step
		m.Step = &step
	}
	return m
}

// scheduler computes retrievability, which the desired retention does not
// change; scheduling uses schedulerIn's, with the learner's retention. It is
// never changed.
var scheduler = fsrs.Default()

// schedulerIn is the scheduler with the desired retention stored in the
// transaction, read once per transaction: a write that changes the setting
// forgets it, and so does a rolled-back savepoint.
func schedulerIn(ctx context.Context, tx *writeTx) (fsrs.Scheduler, error) {
	if tx.sched != nil {
		return *tx.sched, nil
	}
	sched := fsrs.Default()
	if err := tx.QueryRowContext(ctx, `SELECT desired_retention FROM settings`).Scan(&sched.DesiredRetention); err != nil {
		return sched, fmt.Errorf("db: desired retention: %w", err)
	}
	tx.sched = &sched
	return sched, nil
}

// reviewAnswer is one answer of a word's history.
type reviewAnswer struct {
	at      Time
	correct bool
}

// rememberAnswer brings the word's memory up to date with an answer just
// inserted. An answer at or after the word's latest review is one step of
// the scheduler; an older one (an app that sends answers later) replays the
// word's history in answer-time order.
func rememberAnswer(ctx context.Context, tx *writeTx, wordID int64, at Time, correct bool) error {
	var n nullMemory
	err := tx.QueryRowContext(ctx, `SELECT `+memoryColumns+` FROM word_memory m WHERE m.word_id = ?`, wordID).Scan(n.dest()...)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("db: memory of word %d: %w", wordID, err)
	}
	c, found := n.card()
	if found && at.Before(c.LastReview) {
		return replayWord(ctx, tx, wordID)
	}
	sched, err := schedulerIn(ctx, tx)
	if err != nil {
		return err
	}
	next := sched.Next(c, correct, at.Time)
	if !found {
		return saveMemory(ctx, tx, wordID, next, at)
	}
	// The common case, on every answer: one row updated in place, its
	// first review unchanged (and so its index untouched).
	_, err = tx.ExecContext(ctx, `
		UPDATE word_memory SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, reps = ?, lapses = ?
		WHERE word_id = ?`,
		int(next.State), stepValue(next), next.Stability, next.Difficulty, NewTime(next.Due), NewTime(next.LastReview),
		next.Reps, next.Lapses, wordID)
	if err != nil {
		return fmt.Errorf("db: save memory of word %d: %w", wordID, err)
	}
	return nil
}

// replayWord recomputes the word's memory from all of its reviews: after a
// back-dated answer, an undo, or a deleted review. No review, no memory.
func replayWord(ctx context.Context, tx *writeTx, wordID int64) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT created_at, correct FROM word_review_items WHERE word_id = ? ORDER BY created_at, id`, wordID)
	if err != nil {
		return fmt.Errorf("db: reviews of word %d: %w", wordID, err)
	}
	var answers []fsrs.Answer
	for rows.Next() {
		var a reviewAnswer
		if err := rows.Scan(&a.at, &a.correct); err != nil {
			rows.Close()
			return fmt.Errorf("db: reviews of word %d: %w", wordID, err)
		}
		answers = append(answers, fsrs.Answer{At: a.at.Time, Correct: a.correct})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("db: reviews of word %d: %w", wordID, err)
	}
	sched, err := schedulerIn(ctx, tx)
	if err != nil {
		return err
	}
	c, ok := sched.Replay(answers)
	if !ok {
		_, err := tx.ExecContext(ctx, `DELETE FROM word_memory WHERE word_id = ?`, wordID)
		return err
	}
	// A replay knows the first review: it replaces the kept one (an undo
	// of the first answer moves it later).
	if _, err := tx.ExecContext(ctx, `UPDATE word_memory SET first_review = '' WHERE word_id = ?`, wordID); err != nil {
		return err
	}
	return saveMemory(ctx, tx, wordID, c, NewTime(answers[0].At))
}

// saveMemory stores the word's memory; first is the time of its first
// review (the day it was introduced), kept when an earlier one is stored.
func saveMemory(ctx context.Context, tx *writeTx, wordID int64, c fsrs.Card, first Time) error {
	step := stepValue(c)
	_, err := tx.ExecContext(ctx, `
		INSERT INTO word_memory (word_id, state, step, stability, difficulty, due, last_review, reps, lapses, first_review)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (word_id) DO UPDATE SET state = excluded.state, step = excluded.step,
			stability = excluded.stability, difficulty = excluded.difficulty, due = excluded.due,
			last_review = excluded.last_review, reps = excluded.reps, lapses = excluded.lapses,
			first_review = CASE WHEN first_review = '' OR excluded.first_review < first_review
			                    THEN excluded.first_review ELSE first_review END`,
		wordID, int(c.State), step, c.Stability, c.Difficulty, NewTime(c.Due), NewTime(c.LastReview), c.Reps, c.Lapses, first)
	if err != nil {
		return fmt.Errorf("db: save memory of word %d: %w", wordID, err)
	}
	return nil
}

// stepValue is a card's step as stored: NULL in review.
func stepValue(c fsrs.Card) any {
	if c.State == fsrs.Review {
		return nil
	}
	return c.Step
}

// rebuildMemory recomputes every word's memory from the log in one pass
// over the reviews in (word, answer time) order: O(reviews), and memory for
// one word's history at a time.
func rebuildMemory(ctx context.Context, tx *writeTx) error {
	sched, err := schedulerIn(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM word_memory`); err != nil {
		return fmt.Errorf("db: rebuild memory: %w", err)
	}
	// The reviews are read through the writer's own connection, so the
	// rows must be read in full before writing: gather one word, save it.
	rows, err := tx.conn.QueryContext(ctx, `
		SELECT word_id, created_at, correct FROM word_review_items ORDER BY word_id, created_at, id`)
	if err != nil {
		return fmt.Errorf("db: rebuild memory: %w", err)
	}
	type saved struct {
		word  int64
		card  fsrs.Card
		first Time
	}
	var (
		cards   []saved
		current int64 = -1
		card    fsrs.Card
		first   Time
	)
	for rows.Next() {
		var word int64
		var a reviewAnswer
		if err := rows.Scan(&word, &a.at, &a.correct); err != nil {
			rows.Close()
			return fmt.Errorf("db: rebuild memory: %w", err)
		}
		if word != current {
			if current >= 0 {
				cards = append(cards, saved{current, card, first})
			}
			current, card, first = word, fsrs.Card{}, a.at
		}
		card = sched.Next(card, a.correct, a.at.Time)
	}
	if current >= 0 {
		cards = append(cards, saved{current, card, first})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("db: rebuild memory: %w", err)
	}
	for _, c := range cards {
		if err := saveMemory(ctx, tx, c.word, c.card, c.first); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE settings SET memory_built = 1`)
	return err
}

// DesiredRetention is the probability of recall at which words come due.
func (s *Store) DesiredRetention(ctx context.Context) (float64, error) {
	var r float64
	err := s.reader.QueryRowContext(ctx, `SELECT desired_retention FROM settings`).Scan(&r)
	return r, err
}

// ErrRetentionRange means a desired retention outside 0.70–0.99.
var ErrRetentionRange = fmt.Errorf("desired retention must be from %.2f to %.2f", fsrs.MinDesiredRetention, fsrs.MaxDesiredRetention)

// SetDesiredRetention stores the desired retention and reschedules every
// word with it, in one transaction.
func (s *Store) SetDesiredRetention(ctx context.Context, r float64) error {
	if !(r >= fsrs.MinDesiredRetention && r <= fsrs.MaxDesiredRetention) {
		return ErrRetentionRange
	}
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE settings SET desired_retention = ?`, r); err != nil {
			return fmt.Errorf("db: desired retention: %w", err)
		}
		tx.sched = nil
		return rebuildMemory(ctx, tx)
	})
}

// buildMemoryOnce computes the memory of every word when the database has
// reviews from before memory was kept (migration 000006 cannot run Go).
func (s *Store) buildMemoryOnce(ctx context.Context) error {
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		var built bool
		if err := tx.QueryRowContext(ctx, `SELECT memory_built FROM settings`).Scan(&built); err != nil {
			return fmt.Errorf("db: memory built: %w", err)
		}
		if built {
			return nil
		}
		return rebuildMemory(ctx, tx)
	})
}

// Settings are the learner's stored settings.
type Settings struct {
	DesiredRetention float64 `json:"desired_retention"`
	NewPerDay        int     `json:"new_per_day"`   // new words a learner day may introduce, 0–9,999
	DayStartsAt      int     `json:"day_starts_at"` // the hour a learner day starts, 0–23
	// The study-mode defaults of a launch (studymode values).
	Direction    string `json:"direction"`
	RoundSize    string `json:"round_size"`
	TypingPrompt string `json:"typing_prompt"`

	// Display.
	ShowRomaji bool `json:"show_romaji"` // false: pages show no romaji (JSON answers keep it)
}

// Ranges of the settings.
const (
	MaxNewPerDay = 9999
)

// GetSettings returns the stored settings.
func (s *Store) GetSettings(ctx context.Context) (Settings, error) {
	var st Settings
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = readSettings(ctx, tx)
		return err
	})
	return st, err
}

func readSettings(ctx context.Context, q querier) (Settings, error) {
	var st Settings
	err := q.QueryRowContext(ctx, `SELECT desired_retention, new_per_day, day_starts_at,
		direction, round_size, typing_prompt, show_romaji FROM settings`).
		Scan(&st.DesiredRetention, &st.NewPerDay, &st.DayStartsAt,
			&st.Direction, &st.RoundSize, &st.TypingPrompt, &st.ShowRomaji)
	if err != nil {
		return Settings{}, fmt.Errorf("db: settings: %w", err)
	}
	return st, nil
}

// ShowRomaji reports whether pages show romaji (the show_romaji setting).
// Pages read it on each request, apart from their own data: one row by its
// key on a reader, so that a change by another process (the CLI's full
// reset) shows at once; it costs a few microseconds (BenchmarkShowRomaji).
func (s *Store) ShowRomaji(ctx context.Context) (bool, error) {
	var show bool
	if err := s.reader.QueryRowContext(ctx, `SELECT show_romaji FROM settings`).Scan(&show); err != nil {
		return true, fmt.Errorf("db: show romaji: %w", err)
	}
	return show, nil
}

// SaveSettings stores the settings in one transaction; a new desired
// retention reschedules every word in it. Values out of range are the
// caller's to refuse (the table's CHECKs refuse them too).
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		before, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE settings SET desired_retention = ?, new_per_day = ?, day_starts_at = ?,
			direction = ?, round_size = ?, typing_prompt = ?, show_romaji = ?`,
			st.DesiredRetention, st.NewPerDay, st.DayStartsAt,
			st.Direction, st.RoundSize, st.TypingPrompt, st.ShowRomaji); err != nil {
			return fmt.Errorf("db: save settings: %w", err)
		}
		tx.sched = nil
		if before.DesiredRetention == st.DesiredRetention {
			return nil
		}
		return rebuildMemory(ctx, tx)
	})
}
