package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
)

// Flashcard is where a session's Flashcards study stands.
//
// Round 1 shows every word of the group once, in the session's own shuffled
// order. When every word of a round has an answer the round is Done and its
// summary shows. A retry round holds the words missed in the round before;
// it begins with the first answer to one of them after that round is done,
// or, before that, when the learner asks for it (retry). Everything is
// derived from the session's reviews, so a reload shows the same card and
// no state is kept beside the log.
type Flashcard struct {
	SessionID  int64
	GroupID    int64 // the session's group and activity, to study them again
	ActivityID int64
	Round      int  // 1 for the whole group, 2 and on for retries of missed words
	Word       Word // the card to answer; zero when Done
	Done       bool // every word of the round has an answer
	Answered   int  // words of the round answered so far
	Total      int  // words in the round
	Right      int  // right answers in the round
	Missed     []Word
}

// Position is the 1-based number of the card being shown.
func (f Flashcard) Position() int { return min(f.Answered+1, f.Total) }

// CanRetry reports whether there are missed words to study again.
func (f Flashcard) CanRetry() bool { return f.Done && len(f.Missed) > 0 }

// reviewEvent is one answer, in the order they were recorded.
type reviewEvent struct {
	wordID  int64
	correct bool
}

// NextFlashcard returns the session's Flashcards state. With retry, a done
// round with missed words moves on to the round of those words.
func (s *Store) NextFlashcard(ctx context.Context, sessionID int64, retry bool) (Flashcard, error) {
	var words []Word
	var events []reviewEvent
	var groupID, activityID int64
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT group_id, study_activity_id FROM study_sessions WHERE id = ?`,
			sessionID).Scan(&groupID, &activityID)
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{Kind: "study session", ID: sessionID}
		}
		if err != nil {
			return err
		}
		if words, err = sessionGroupWords(ctx, tx, groupID); err != nil {
			return err
		}
		events, err = sessionReviews(ctx, tx, sessionID)
		return err
	})
	if err != nil {
		return Flashcard{}, fmt.Errorf("db: flashcard of session %d: %w", sessionID, err)
	}
	card := flashcardState(sessionID, words, events, retry)
	card.GroupID, card.ActivityID = groupID, activityID
	return card, nil
}

func sessionGroupWords(ctx context.Context, tx *sql.Tx, groupID int64) ([]Word, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT w.id, w.japanese, w.romaji, w.english, w.parts, 0, 0
		FROM word_groups wg JOIN words w ON w.id = wg.word_id
		WHERE wg.group_id = ?
		ORDER BY w.id`, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var words []Word
	for rows.Next() {
		w, err := scanWord(rows)
		if err != nil {
			return nil, err
		}
		words = append(words, w)
	}
	return words, rows.Err()
}

func sessionReviews(ctx context.Context, tx *sql.Tx, sessionID int64) ([]reviewEvent, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT word_id, correct FROM word_review_items WHERE study_session_id = ? ORDER BY id`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var events []reviewEvent
	for rows.Next() {
		var e reviewEvent
		if err := rows.Scan(&e.wordID, &e.correct); err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, rows.Err()
}

// round is one pass over a set of words.
type round struct {
	number  int
	order   []Word         // the words, in the round's shuffled order
	answers map[int64]bool // word → its first answer in this round (true: right)
}

func newRound(sessionID int64, number int, words []Word) *round {
	order := slices.Clone(words)
	rng := rand.New(rand.NewPCG(uint64(sessionID), uint64(number)))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return &round{number: number, order: order, answers: make(map[int64]bool)}
}

func (r *round) has(wordID int64) bool {
	return slices.ContainsFunc(r.order, func(w Word) bool { return w.ID == wordID })
}

func (r *round) done() bool { return len(r.answers) == len(r.order) }

func (r *round) missed() []Word {
	var missed []Word
	for _, w := range r.order {
		if right, ok := r.answers[w.ID]; ok && !right {
			missed = append(missed, w)
		}
	}
	return missed
}

// flashcardState replays the session's answers over its rounds. words are the
// group's words by id; events the session's reviews in recorded order.
func flashcardState(sessionID int64, words []Word, events []reviewEvent, retry bool) Flashcard {
	cur := newRound(sessionID, 1, words)
	for _, e := range events {
		if cur.done() {
			missed := cur.missed()
			if !slices.ContainsFunc(missed, func(w Word) bool { return w.ID == e.wordID }) {
				continue // not a word of the next round: it does not start one
			}
			cur = newRound(sessionID, cur.number+1, missed)
		}
		if _, answered := cur.answers[e.wordID]; !answered && cur.has(e.wordID) {
			cur.answers[e.wordID] = e.correct
		}
	}
	if retry && cur.done() && len(cur.missed()) > 0 {
		cur = newRound(sessionID, cur.number+1, cur.missed())
	}

	card := Flashcard{SessionID: sessionID, Round: cur.number, Total: len(cur.order), Answered: len(cur.answers)}
	for _, right := range cur.answers {
		if right {
			card.Right++
		}
	}
	if cur.done() {
		card.Done = true
		card.Missed = cur.missed()
		return card
	}
	for _, w := range cur.order {
		if _, answered := cur.answers[w.ID]; !answered {
			card.Word = w
			break
		}
	}
	return card
}
