package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"

	"langportal/db/studymode"
)

// Flashcard is where a session's Flashcards study stands.
//
// Round 1 shows every word of the group once, in the session's own shuffled
// order; with a round size N (Options), N words of the group chosen by the
// session, or all of them if the group has no more. When every word of a round has an answer the round is Done and its
// summary shows. A retry round holds the words missed in the round before;
// it begins with the first answer to one of them after that round is done,
// or, before that, when the learner asks for it (retry). Everything is
// derived from the session's reviews, so a reload shows the same card and
// no state is kept beside the log (the Store only caches its replay).
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
	// Options are the session's (direction, round size, prompt), filled in.
	Options studymode.Options
	// Kind is the session's activity: Flashcards, or Typing whose rounds
	// are the same.
	Kind studymode.Kind
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
//
// The state is a replay of the session's reviews over its group. The replay
// is kept in memory (Store.cards) with the review and the group version it
// stands at, so the next card applies only the reviews recorded since: each
// answer costs O(log n), and only a session's first card (or one after its
// group changed, a review was undone, or the memo let it go) replays the
// whole log.
func (s *Store) NextFlashcard(ctx context.Context, sessionID int64, retry bool) (Flashcard, error) {
	var card Flashcard
	var replay *flashcardReplay
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var groupID, activityID, version int64
		var options, url string
		err := tx.QueryRowContext(ctx, `
			SELECT s.group_id, s.study_activity_id, COALESCE(g.words_version, 0), s.options, a.url
			FROM study_sessions s LEFT JOIN groups g ON g.id = s.group_id
			JOIN study_activities a ON a.id = s.study_activity_id
			WHERE s.id = ?`, sessionID).Scan(&groupID, &activityID, &version, &options, &url)
		if errors.Is(err, sql.ErrNoRows) {
			return &NotFoundError{Kind: "study session", ID: sessionID}
		}
		if err != nil {
			return err
		}
		opts, err := parseOptions(options, url)
		if err != nil {
			return err
		}
		if replay, err = s.cards.resume(ctx, tx, sessionID, version); err != nil {
			return err
		}
		if replay == nil {
			s.cards.rebuilds.Add(1)
			ids, err := groupWordIDs(ctx, tx, groupID)
			if err != nil {
				return err
			}
			replay = newFlashcardReplay(sessionID, roundWords(sessionID, ids, opts.Size()))
			replay.version = version
		}
		if err := replay.catchUp(ctx, tx); err != nil {
			return err
		}
		var wordID int64
		var missed []int64
		card, wordID, missed = replay.card(retry)
		card.GroupID, card.ActivityID, card.Options, card.Kind = groupID, activityID, opts, ActivityKind(url)
		if !card.Done {
			card.Word, err = flashcardWord(ctx, tx, wordID)
			return err
		}
		card.Missed, err = flashcardWords(ctx, tx, missed)
		return err
	})
	if err != nil {
		return Flashcard{}, fmt.Errorf("db: flashcard of session %d: %w", sessionID, err)
	}
	s.cards.put(replay)
	return card, nil
}

// groupWordIDs reads a group's word ids in id order: one index range, no rows.
func groupWordIDs(ctx context.Context, tx *sql.Tx, groupID int64) ([]int64, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT word_count FROM groups WHERE id = ?), 0)`,
		groupID).Scan(&n); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT word_id FROM word_groups WHERE group_id = ? ORDER BY word_id`, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// catchUp applies the session's reviews recorded after the last one applied,
// in the order they were recorded: one range of an index on (session, id).
func (r *flashcardReplay) catchUp(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `
		SELECT id, word_id, correct FROM word_review_items
		WHERE study_session_id = ? AND id > ? ORDER BY id`, r.session, r.last)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e reviewEvent
		if err := rows.Scan(&id, &e.wordID, &e.correct); err != nil {
			return err
		}
		r.apply(e)
		r.last = id
	}
	return rows.Err()
}

const flashcardWordColumns = `SELECT w.id, w.japanese, w.reading, w.romaji, w.english, w.parts, 0, 0 FROM `

func flashcardWord(ctx context.Context, tx *sql.Tx, id int64) (Word, error) {
	w, err := scanWord(tx.QueryRowContext(ctx, flashcardWordColumns+`words w WHERE w.id = ?`, id))
	if err != nil {
		return Word{}, fmt.Errorf("word %d: %w", id, err)
	}
	return w, nil
}

// flashcardWords reads the words of ids, in that order, in one statement:
// the ids go in as a JSON array, each one a lookup by primary key.
func flashcardWords(ctx context.Context, tx *sql.Tx, ids []int64) ([]Word, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	words, err := scanPlainWords(tx.QueryContext(ctx, flashcardWordColumns+`json_each(?) j JOIN words w ON w.id = j.value
		ORDER BY j.key`, idList(ids)))
	if err != nil {
		return nil, err
	}
	if len(words) != len(ids) {
		return nil, fmt.Errorf("%d of %d missed words found", len(words), len(ids))
	}
	return words, nil
}

// roundWords are the words of a session's first round out of the group's
// (in id order): size of them, chosen by a shuffle seeded with the session
// and kept in id order, or all of them when size is 0 or the group has no
// more. The first round shuffles them again to show them.
func roundWords(session int64, group []int64, size int) []int64 {
	if size <= 0 || size >= len(group) {
		return group
	}
	chosen := slices.Clone(group)
	rng := rand.New(rand.NewPCG(uint64(session), 0))
	rng.Shuffle(len(chosen), func(i, j int) { chosen[i], chosen[j] = chosen[j], chosen[i] })
	chosen = chosen[:size]
	slices.Sort(chosen)
	return chosen
}

// flashcardRound is one pass over a set of words, held as ids only: a
// 100,000-word round is about 1.2 MB.
type flashcardRound struct {
	number   int
	members  []int64  // the round's words in id order, to find one by binary search
	order    []int32  // indexes into members, in the round's shuffled order
	answered []uint64 // bit i: members[i] has its first answer in this round
	right    []uint64 // bit i: and that answer was right
	answers  int      // words answered
	rights   int      // words answered right
	cursor   int      // order[:cursor] are all answered: the card shown is order[cursor]
	missed   []int64  // the words answered wrong, in the round's order, once done
}

// newFlashcardRound shuffles words (given in the order the round before
// listed them) with the session and round as the seed, so that a reload
// shows the same card. The round keeps words if they are in id order (round
// 1 is read so): neither may change it after.
func newFlashcardRound(session int64, number int, words []int64) *flashcardRound {
	r := &flashcardRound{
		number:   number,
		members:  words,
		order:    make([]int32, len(words)),
		answered: make([]uint64, (len(words)+63)/64),
		right:    make([]uint64, (len(words)+63)/64),
	}
	if slices.IsSorted(words) {
		for i := range r.order {
			r.order[i] = int32(i)
		}
	} else {
		r.members = slices.Sorted(slices.Values(words))
		for i, id := range words {
			j, _ := slices.BinarySearch(r.members, id)
			r.order[i] = int32(j)
		}
	}
	rng := rand.New(rand.NewPCG(uint64(session), uint64(number)))
	rng.Shuffle(len(r.order), func(i, j int) { r.order[i], r.order[j] = r.order[j], r.order[i] })
	return r
}

func (r *flashcardRound) index(wordID int64) (int, bool) {
	return slices.BinarySearch(r.members, wordID)
}

func bit(set []uint64, i int) bool { return set[i/64]&(1<<(i%64)) != 0 }

func (r *flashcardRound) done() bool { return r.answers == len(r.members) }

// answer records a word's answer if it is the word's first in this round.
// The cursor only moves forward, so over a round it costs O(1) per answer.
func (r *flashcardRound) answer(wordID int64, correct bool) {
	i, ok := r.index(wordID)
	if !ok || bit(r.answered, i) {
		return
	}
	r.answered[i/64] |= 1 << (i % 64)
	r.answers++
	if correct {
		r.right[i/64] |= 1 << (i % 64)
		r.rights++
	}
	for r.cursor < len(r.order) && bit(r.answered, int(r.order[r.cursor])) {
		r.cursor++
	}
}

// wasMissed reports whether the word's answer in this round was wrong.
func (r *flashcardRound) wasMissed(wordID int64) bool {
	i, ok := r.index(wordID)
	return ok && bit(r.answered, i) && !bit(r.right, i)
}

// missedWords lists a done round's wrong answers in the round's order. A
// done round takes no more answers, so the list is made once.
func (r *flashcardRound) missedWords() []int64 {
	if r.missed == nil {
		r.missed = make([]int64, 0, r.answers-r.rights)
		for _, i := range r.order {
			if !bit(r.right, int(i)) {
				r.missed = append(r.missed, r.members[i])
			}
		}
	}
	return r.missed
}

// flashcardReplay is a session's reviews replayed over its rounds, up to
// the review last.
type flashcardReplay struct {
	session int64
	version int64 // the group's words_version that round 1 was made from
	last    int64 // the id of the last review applied; 0 before any
	cur     *flashcardRound
	retry   *flashcardRound // cur's retry round, once it was needed
}

func newFlashcardReplay(session int64, words []int64) *flashcardReplay {
	return &flashcardReplay{session: session, cur: newFlashcardRound(session, 1, words)}
}

// apply replays one answer. After a done round, only an answer to one of
// its missed words counts: it starts the retry round.
func (r *flashcardReplay) apply(e reviewEvent) {
	if r.cur.done() {
		if !r.cur.wasMissed(e.wordID) {
			return // not a word of the next round: it does not start one
		}
		r.cur, r.retry = r.retryRound(), nil
	}
	r.cur.answer(e.wordID, e.correct)
}

// retryRound is the round of the current, done round's missed words; it is
// shuffled once, however often the retry is shown before an answer starts it.
func (r *flashcardReplay) retryRound() *flashcardRound {
	if r.retry == nil {
		r.retry = newFlashcardRound(r.session, r.cur.number+1, r.cur.missedWords())
	}
	return r.retry
}

// card is the replay's Flashcard without the words' text: the id of the
// card to show, or the ids of the words missed once the round is done.
func (r *flashcardReplay) card(retry bool) (card Flashcard, wordID int64, missed []int64) {
	round := r.cur
	if retry && round.done() && len(round.missedWords()) > 0 {
		round = r.retryRound()
	}
	card = Flashcard{SessionID: r.session, Round: round.number, Total: len(round.members),
		Answered: round.answers, Right: round.rights, Done: round.done()}
	if card.Done {
		return card, 0, round.missedWords()
	}
	return card, round.members[round.order[round.cursor]], nil
}

// size is how many word ids the replay holds.
func (r *flashcardReplay) size() int {
	n := len(r.cur.members)
	if r.retry != nil {
		n += len(r.retry.members)
	}
	return n
}

// The flashcard memo keeps the replays of the sessions studied last: a
// bounded number, holding a bounded number of word ids between them.
const (
	flashcardMemoSessions = 32
	flashcardMemoWords    = 2 << 20 // about 25 MB
)

// flashcardMemo holds recent sessions' replays. A replay is taken out while
// a call brings it up to date and put back after, so two calls never share
// one; a second call for the same session meanwhile replays on its own.
type flashcardMemo struct {
	mu      sync.Mutex
	replays []*flashcardReplay // least recently used first
	words   int                // word ids held by replays
	// rebuilds counts the replays begun from scratch, for tests to see that
	// the next card was not.
	rebuilds atomic.Int64
}

// resume takes the session's replay out of the memo if it still describes
// the session: made from the group's current words, and with the last review
// it applied still in the log. Reviews are deleted only newest first (an
// undo) or all at once (a reset): either way, one applied review gone means
// the last applied one is gone. It returns nil when the replay must start
// from scratch.
func (m *flashcardMemo) resume(ctx context.Context, tx *sql.Tx, session, version int64) (*flashcardReplay, error) {
	r := m.take(session)
	if r == nil || r.version != version {
		return nil, nil
	}
	if r.last == 0 {
		return r, nil
	}
	var kept bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM word_review_items WHERE id = ? AND study_session_id = ?)`,
		r.last, session).Scan(&kept)
	if err != nil || !kept {
		return nil, err
	}
	return r, nil
}

func (m *flashcardMemo) take(session int64) *flashcardReplay {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.replays, func(r *flashcardReplay) bool { return r.session == session })
	if i < 0 {
		return nil
	}
	r := m.replays[i]
	m.replays = slices.Delete(m.replays, i, i+1)
	m.words -= r.size()
	return r
}

// put keeps r as the most recently used replay, letting the least recently
// used ones go past the bounds; a replay larger than the bound alone is
// still kept, alone.
func (m *flashcardMemo) put(r *flashcardReplay) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if i := slices.IndexFunc(m.replays, func(o *flashcardReplay) bool { return o.session == r.session }); i >= 0 {
		m.words -= m.replays[i].size() // a concurrent call's, put back first
		m.replays = slices.Delete(m.replays, i, i+1)
	}
	m.replays = append(m.replays, r)
	m.words += r.size()
	for len(m.replays) > 1 && (len(m.replays) > flashcardMemoSessions || m.words > flashcardMemoWords) {
		m.words -= m.replays[0].size()
		m.replays[0] = nil
		m.replays = m.replays[1:]
	}
}
