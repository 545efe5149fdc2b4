package db

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func words(ids ...int64) []Word {
	var ws []Word
	for _, id := range ids {
		ws = append(ws, Word{ID: id})
	}
	return ws
}

func ids(ws []Word) []int64 {
	var out []int64
	for _, w := range ws {
		out = append(out, w.ID)
	}
	return out
}

// flashcardState replays events over group (in id order) from scratch with
// the store's replay, and returns the card with words holding ids only.
func flashcardState(session int64, group []Word, events []reviewEvent, retry bool) Flashcard {
	r := newFlashcardReplay(session, ids(group))
	for _, e := range events {
		r.apply(e)
	}
	return replayCard(r, retry)
}

func replayCard(r *flashcardReplay, retry bool) Flashcard {
	card, word, missed := r.card(retry)
	if !card.Done {
		card.Word = Word{ID: word}
	}
	card.Missed = words(missed...)
	return card
}

// referenceFlashcard is the rounds' rules written as plainly as possible:
// every answer replayed from scratch over rounds held as word lists. The
// replay must agree with it after every answer.
func referenceFlashcard(session int64, group []int64, events []reviewEvent, retry bool) Flashcard {
	type round struct {
		number  int
		order   []int64
		has     map[int64]bool
		answers map[int64]bool
	}
	newRound := func(number int, words []int64) *round {
		r := &round{number: number, order: slices.Clone(words), has: map[int64]bool{}, answers: map[int64]bool{}}
		rng := rand.New(rand.NewPCG(uint64(session), uint64(number)))
		rng.Shuffle(len(r.order), func(i, j int) { r.order[i], r.order[j] = r.order[j], r.order[i] })
		for _, w := range words {
			r.has[w] = true
		}
		return r
	}
	done := func(r *round) bool { return len(r.answers) == len(r.order) }
	missed := func(r *round) []int64 {
		var m []int64
		for _, w := range r.order {
			if right, ok := r.answers[w]; ok && !right {
				m = append(m, w)
			}
		}
		return m
	}
	cur := newRound(1, group)
	for _, e := range events {
		if done(cur) {
			m := missed(cur)
			if !slices.Contains(m, e.wordID) {
				continue
			}
			cur = newRound(cur.number+1, m)
		}
		if _, answered := cur.answers[e.wordID]; !answered && cur.has[e.wordID] {
			cur.answers[e.wordID] = e.correct
		}
	}
	if retry && done(cur) && len(missed(cur)) > 0 {
		cur = newRound(cur.number+1, missed(cur))
	}
	card := Flashcard{SessionID: session, Round: cur.number, Total: len(cur.order), Answered: len(cur.answers)}
	for _, right := range cur.answers {
		if right {
			card.Right++
		}
	}
	if done(cur) {
		card.Done, card.Missed = true, words(missed(cur)...)
		return card
	}
	for _, w := range cur.order {
		if _, answered := cur.answers[w]; !answered {
			card.Word = Word{ID: w}
			break
		}
	}
	return card
}

// sameCard compares two cards by their figures and word ids.
func sameCard(got, want Flashcard) error {
	g := fmt.Sprintf("round %d done %v %d/%d right %d word %d missed %v",
		got.Round, got.Done, got.Answered, got.Total, got.Right, got.Word.ID, ids(got.Missed))
	w := fmt.Sprintf("round %d done %v %d/%d right %d word %d missed %v",
		want.Round, want.Done, want.Answered, want.Total, want.Right, want.Word.ID, ids(want.Missed))
	if g != w || got.SessionID != want.SessionID {
		return fmt.Errorf("got %s (session %d), want %s (session %d)", g, got.SessionID, w, want.SessionID)
	}
	return nil
}

// answerRound answers the cards as they come, wrong for the words in wrong.
func answerRound(t *testing.T, session int64, group []Word, events []reviewEvent, wrong ...int64) ([]reviewEvent, []int64) {
	t.Helper()
	var order []int64
	for {
		card := flashcardState(session, group, events, false)
		if card.Done {
			return events, order
		}
		order = append(order, card.Word.ID)
		events = append(events, reviewEvent{wordID: card.Word.ID, correct: !slices.Contains(wrong, card.Word.ID)})
		if len(order) > len(group) {
			t.Fatal("the round never ends")
		}
	}
}

func TestFlashcardRound(t *testing.T) {
	group := words(1, 2, 3, 4, 5, 6, 7, 8)
	events, order := answerRound(t, 7, group, nil, 3, 6)

	sorted := slices.Clone(order)
	slices.Sort(sorted)
	if !slices.Equal(sorted, ids(group)) {
		t.Fatalf("round 1 showed %v, want every word of the group once", order)
	}
	if slices.IsSorted(order) {
		t.Errorf("round 1 is in id order; want it shuffled")
	}
	again, _ := answerRound(t, 7, group, nil, 3, 6)
	if !slices.Equal(events, again) {
		t.Errorf("the same session shuffled differently twice")
	}

	summary := flashcardState(7, group, events, false)
	if !summary.Done || summary.Round != 1 || summary.Total != 8 || summary.Answered != 8 || summary.Right != 6 {
		t.Errorf("summary = %+v, want round 1 done with 6 of 8 right", summary)
	}
	if got := ids(summary.Missed); !slices.Equal(sortedIDs(got), []int64{3, 6}) || !summary.CanRetry() {
		t.Errorf("missed = %v, want 3 and 6 with a retry offered", got)
	}
}

func sortedIDs(s []int64) []int64 { s = slices.Clone(s); slices.Sort(s); return s }

func TestFlashcardProgress(t *testing.T) {
	group := words(1, 2, 3)
	card := flashcardState(1, group, nil, false)
	if card.Answered != 0 || card.Total != 3 || card.Position() != 1 || card.Done {
		t.Errorf("first card = %+v, want 1 of 3", card)
	}
	card = flashcardState(1, group, []reviewEvent{{card.Word.ID, true}}, false)
	if card.Answered != 1 || card.Position() != 2 {
		t.Errorf("second card = %+v, want 2 of 3", card)
	}
}

func TestFlashcardRetryMissed(t *testing.T) {
	group := words(1, 2, 3, 4, 5, 6)
	events, _ := answerRound(t, 3, group, nil, 2, 5)

	if card := flashcardState(3, group, events, false); !card.Done || card.Round != 1 {
		t.Fatalf("without retry the summary stays: %+v", card)
	}
	retry := flashcardState(3, group, events, true)
	if retry.Done || retry.Round != 2 || retry.Total != 2 || retry.Answered != 0 || !slices.Contains([]int64{2, 5}, retry.Word.ID) {
		t.Fatalf("retry = %+v, want round 2 over words 2 and 5", retry)
	}

	// An answer to a word that was not missed does not start the retry round.
	withStray := append(slices.Clone(events), reviewEvent{wordID: 1, correct: true})
	if card := flashcardState(3, group, withStray, false); !card.Done || card.Round != 1 {
		t.Errorf("a stray answer started a round: %+v", card)
	}

	// Answering the first retry card starts round 2 for good: no retry flag needed.
	events = append(events, reviewEvent{wordID: retry.Word.ID, correct: true})
	card := flashcardState(3, group, events, false)
	if card.Done || card.Round != 2 || card.Answered != 1 || card.Position() != 2 || card.Word.ID == retry.Word.ID {
		t.Fatalf("after the first retry answer: %+v", card)
	}
	// A second answer to the same word in the round does not count twice.
	events = append(events, reviewEvent{wordID: retry.Word.ID, correct: false})
	if again := flashcardState(3, group, events, false); again.Answered != 1 || again.Right != 1 {
		t.Errorf("a repeated answer counted: %+v", again)
	}
	events = append(events, reviewEvent{wordID: card.Word.ID, correct: true})
	done := flashcardState(3, group, events, true)
	if !done.Done || done.Round != 2 || done.Right != 2 || len(done.Missed) != 0 || done.CanRetry() {
		t.Errorf("round 2 all right = %+v, want done with nothing to retry", done)
	}
}

func TestFlashcardIgnoresWordsOutsideTheRound(t *testing.T) {
	group := words(1, 2)
	card := flashcardState(5, group, []reviewEvent{{wordID: 99, correct: true}}, false)
	if card.Answered != 0 || card.Total != 2 {
		t.Errorf("an answer to a word outside the group counted: %+v", card)
	}
}

func TestFlashcardEmptyGroup(t *testing.T) {
	card := flashcardState(5, nil, nil, false)
	if !card.Done || card.Total != 0 || card.CanRetry() {
		t.Errorf("empty group = %+v, want done with nothing", card)
	}
}

func TestNextFlashcardFromTheStore(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	sess, _, err := s.CreateStudySession(ctx, 3, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	groupSize := count(t, s, "word_groups WHERE group_id = 3")
	for i := range groupSize {
		card, err := s.NextFlashcard(ctx, sess.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if card.Done || card.Answered != i || card.Total != groupSize {
			t.Fatalf("card %d = %+v", i, card)
		}
		if _, _, err := s.RecordReview(ctx, sess.ID, card.Word.ID, i%10 != 0, Idempotency{}); err != nil {
			t.Fatal(err)
		}
	}
	card, err := s.NextFlashcard(ctx, sess.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	wantMissed := (groupSize + 9) / 10
	if !card.Done || len(card.Missed) != wantMissed || card.Right != groupSize-wantMissed {
		t.Errorf("summary = %d right, %d missed; want %d, %d", card.Right, len(card.Missed), groupSize-wantMissed, wantMissed)
	}
	if card.Missed[0].Japanese == "" {
		t.Errorf("missed words come without their text")
	}
}

func TestNextFlashcardOrderDiffersBetweenSessions(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	firsts := make(map[int64]bool)
	for range 6 {
		sess, _, err := s.CreateStudySession(ctx, 1, 1, Idempotency{})
		if err != nil {
			t.Fatal(err)
		}
		card, err := s.NextFlashcard(ctx, sess.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		firsts[card.Word.ID] = true
	}
	if len(firsts) < 2 {
		t.Errorf("six sessions all start with the same word")
	}
}

// TestFlashcardReplayMatchesReference applies random answers one at a time
// (the shown card, other words of the group, words outside it, missed words
// after a round) and compares the replay with the reference after each.
func TestFlashcardReplayMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for n := range 200 {
		session := int64(n + 1)
		var group []int64
		for id := int64(1); id <= int64(rng.IntN(40)); id++ {
			if rng.IntN(4) != 0 {
				group = append(group, id*3)
			}
		}
		t.Run(fmt.Sprintf("session %d of %d words", session, len(group)), func(t *testing.T) {
			r := newFlashcardReplay(session, group)
			var events []reviewEvent
			for step := range 150 {
				card := replayCard(r, false)
				var e reviewEvent
				switch k := rng.IntN(10); {
				case k < 6 && !card.Done:
					e.wordID = card.Word.ID
				case k < 6 && len(card.Missed) > 0:
					e.wordID = card.Missed[rng.IntN(len(card.Missed))].ID
				case k < 9 && len(group) > 0:
					e.wordID = group[rng.IntN(len(group))]
				default:
					e.wordID = 1000 + int64(rng.IntN(5)) // outside the group
				}
				e.correct = rng.IntN(10) < 6
				events = append(events, e)
				r.apply(e)
				for _, retry := range []bool{false, true} {
					if err := sameCard(replayCard(r, retry), referenceFlashcard(session, group, events, retry)); err != nil {
						t.Fatalf("after %d answers (retry %v): %v", step+1, retry, err)
					}
				}
			}
		})
	}
}

// TestNextFlashcardIncremental runs a random study of a 5,000-word group
// through the store: answers to the card shown, to other words of the group
// out of order, to words outside it, many at once, retries, undos of the
// latest review, and words added to and removed from the group. After each
// step the card must be the reference's, replayed from scratch from the
// database; only an undo or a change of the group may replay from scratch.
func TestNextFlashcardIncremental(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	group := bigGroup(t, s, 5000)
	sess, _, err := s.CreateStudySession(ctx, group, 1, Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	outside := nthWord(t, s, 1, 0)
	rng := rand.New(rand.NewPCG(13, 5))

	// The reference reads the whole group and log on every call, as one
	// list of numbers each: a row per review through database/sql would be
	// most of the test's time.
	numbers := func(list string) []int64 {
		t.Helper()
		var out []int64
		for _, f := range strings.Split(list, ",") {
			if f == "" {
				continue
			}
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
		}
		return out
	}
	reference := func(retry bool) Flashcard {
		t.Helper()
		var members, log string
		if err := s.reader.QueryRow(`
			SELECT (SELECT COALESCE(group_concat(word_id), '') FROM
			         (SELECT word_id FROM word_groups WHERE group_id = ? ORDER BY word_id)),
			       (SELECT COALESCE(group_concat(word_id * 2 + correct), '') FROM
			         (SELECT word_id, correct FROM word_review_items WHERE study_session_id = ? ORDER BY id))`,
			group, sess.ID).Scan(&members, &log); err != nil {
			t.Fatal(err)
		}
		var events []reviewEvent
		for _, n := range numbers(log) {
			events = append(events, reviewEvent{wordID: n / 2, correct: n%2 == 1})
		}
		return referenceFlashcard(sess.ID, numbers(members), events, retry)
	}
	var card Flashcard
	check := func(step int, what string, retry bool, rebuilds int64) {
		t.Helper()
		before := s.cards.rebuilds.Load()
		got, err := s.NextFlashcard(ctx, sess.ID, retry)
		if err != nil {
			t.Fatalf("step %d (%s): %v", step, what, err)
		}
		if err := sameCard(got, reference(retry)); err != nil {
			t.Fatalf("step %d (%s, retry %v): %v", step, what, retry, err)
		}
		if d := s.cards.rebuilds.Load() - before; d != rebuilds {
			t.Fatalf("step %d (%s): %d replays from scratch, want %d", step, what, d, rebuilds)
		}
		if !got.Done && got.Word.Japanese == "" || got.Done && len(got.Missed) > 0 && got.Missed[0].Japanese == "" {
			t.Fatalf("step %d (%s): the card's words come without their text: %+v", step, what, got)
		}
		if !retry {
			card = got
		}
	}
	randomMember := func() int64 {
		var id int64
		if err := s.reader.QueryRow(`SELECT word_id FROM word_groups WHERE group_id = ? ORDER BY word_id LIMIT 1 OFFSET ?`,
			group, rng.IntN(count(t, s, fmt.Sprintf("word_groups WHERE group_id = %d", group)))).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	review := func(word int64, correct bool) {
		t.Helper()
		if _, _, err := s.RecordReview(ctx, sess.ID, word, correct, Idempotency{}); err != nil {
			t.Fatal(err)
		}
	}

	check(0, "first card", false, 1)
	seen := map[string]int{}
	maxRound := 0
	for step := 1; step <= 250; step++ {
		var what string
		var rebuilds int64
		switch k := rng.IntN(100); {
		case k < 48:
			what = "answer the card"
			switch {
			case !card.Done:
				review(card.Word.ID, rng.IntN(10) < 7)
			case len(card.Missed) > 0:
				what = "answer a missed word"
				review(card.Missed[rng.IntN(len(card.Missed))].ID, rng.IntN(10) < 7)
			default:
				review(randomMember(), true)
			}
		case k < 62:
			what = "answer another word"
			review(randomMember(), rng.IntN(2) == 0)
		case k < 66:
			what = "answer a word outside the group"
			execWrite(t, s, `INSERT INTO word_review_items (study_session_id, word_id, correct, created_at) VALUES (?, ?, 1, ?)`,
				sess.ID, outside, Now())
		case k < 72:
			what = "answer many words"
			// A third of the group's words, in an order of their own.
			execWrite(t, s, `INSERT INTO word_review_items (study_session_id, word_id, correct, created_at)
				SELECT ?, word_id, (word_id * ?) % 10 < 8, ? FROM word_groups
				WHERE group_id = ? AND word_id % 3 = ? ORDER BY (word_id * ?) % 7919`,
				sess.ID, 1+rng.IntN(1000), Now(), group, rng.IntN(3), 1+rng.IntN(7918))
		case k < 82:
			what = "retry"
			check(step, what, true, 0)
		case k < 92:
			what = "undo"
			var deleted int64
			err := s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
				res, err := tx.conn.ExecContext(ctx, `DELETE FROM word_review_items WHERE id =
					(SELECT MAX(id) FROM word_review_items WHERE study_session_id = ?)`, sess.ID)
				if err == nil {
					deleted, err = res.RowsAffected()
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			rebuilds = deleted
		case k < 96:
			what = "add a word to the group"
			added := fmt.Sprintf("added %d", step)
			execWrite(t, s, `INSERT INTO words (japanese, romaji, english) VALUES (?, ?, ?)`, added, added, added)
			execWrite(t, s, `INSERT INTO word_groups (word_id, group_id) SELECT id, ? FROM words WHERE japanese = ?`, group, added)
			rebuilds = 1
		default:
			what = "remove a word from the group"
			execWrite(t, s, `DELETE FROM word_groups WHERE group_id = ? AND word_id = ?`, group, randomMember())
			rebuilds = 1
		}
		seen[what]++
		check(step, what, false, rebuilds)
		maxRound = max(maxRound, card.Round)
		if card.Done {
			seen["done"]++
		}
	}
	t.Logf("steps: %v; last round %d", seen, maxRound)
	if maxRound < 2 || seen["done"] == 0 || seen["answer a missed word"] == 0 {
		t.Errorf("the study never reached a retry round through a done round: %v, round %d", seen, maxRound)
	}
}

// TestNextFlashcardConcurrent reads cards of two sessions from several
// goroutines while their reviews are recorded: under -race, and with the
// cards still the reference's at the end.
func TestNextFlashcardConcurrent(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	group := bigGroup(t, s, 300)
	var sessions []int64
	for range 2 {
		sess, _, err := s.CreateStudySession(ctx, group, 1, Idempotency{})
		if err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, sess.ID)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			session := sessions[g%2]
			for i := range 40 {
				card, err := s.NextFlashcard(ctx, session, false)
				if err == nil && !card.Done && g < 4 {
					_, _, err = s.RecordReview(ctx, session, card.Word.ID, i%3 != 0, Idempotency{})
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for _, session := range sessions {
		var members []int64
		for i := range 300 {
			members = append(members, nthWord(t, s, group, i))
		}
		var events []reviewEvent
		rows, err := s.reader.Query(`SELECT word_id, correct FROM word_review_items WHERE study_session_id = ? ORDER BY id`, session)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var e reviewEvent
			if err := rows.Scan(&e.wordID, &e.correct); err != nil {
				t.Fatal(err)
			}
			events = append(events, e)
		}
		rows.Close()
		got, err := s.NextFlashcard(ctx, session, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameCard(got, referenceFlashcard(session, members, events, false)); err != nil {
			t.Errorf("session %d after concurrent answers: %v", session, err)
		}
	}
}

func TestFlashcardMemoBounds(t *testing.T) {
	var m flashcardMemo
	for session := int64(1); session <= flashcardMemoSessions+8; session++ {
		m.put(newFlashcardReplay(session, []int64{1, 2, 3}))
	}
	if len(m.replays) != flashcardMemoSessions || m.take(1) != nil || m.take(flashcardMemoSessions+8) == nil {
		t.Errorf("memo holds %d sessions, want the last %d", len(m.replays), flashcardMemoSessions)
	}
	big := make([]int64, flashcardMemoWords/2+1)
	for i := range big {
		big[i] = int64(i + 1)
	}
	m.put(newFlashcardReplay(100, big))
	m.put(newFlashcardReplay(101, big))
	if m.take(100) != nil || m.take(101) == nil {
		t.Errorf("memo kept more than %d word ids", flashcardMemoWords)
	}
	if m.words != 3*(len(m.replays)) {
		t.Errorf("memo counts %d word ids, holds %d replays of 3", m.words, len(m.replays))
	}
}

// TestGroupWordCountKeptByTriggers: word_count follows the group's words as
// they are added, moved and removed, and words_version changes with each
// change (and only then).
func TestGroupWordCountKeptByTriggers(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	state := func(group int64) (kept, counted int, version int64) {
		t.Helper()
		g, err := getGroup(ctx, s.reader, group)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.reader.QueryRow(`SELECT words_version FROM groups WHERE id = ?`, group).Scan(&version); err != nil {
			t.Fatal(err)
		}
		return g.WordCount, count(t, s, fmt.Sprintf("word_groups WHERE group_id = %d", group)), version
	}
	word := nthWord(t, s, 1, 0)
	steps := []struct {
		name    string
		sql     string
		changed []int64 // the groups whose words change
	}{
		{"add", `INSERT INTO word_groups (word_id, group_id) VALUES (?, 2)`, []int64{2}},
		{"add again", `INSERT OR IGNORE INTO word_groups (word_id, group_id) VALUES (?, 2)`, nil},
		{"move", `UPDATE word_groups SET group_id = 3 WHERE group_id = 2 AND word_id = ?`, []int64{2, 3}},
		{"remove", `DELETE FROM word_groups WHERE group_id = 3 AND word_id = ?`, []int64{3}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			versions := map[int64]int64{}
			for _, g := range []int64{1, 2, 3} {
				_, _, versions[g] = state(g)
			}
			execWrite(t, s, st.sql, word)
			for _, g := range []int64{1, 2, 3} {
				kept, counted, version := state(g)
				if kept != counted {
					t.Errorf("group %d: word_count %d, want %d", g, kept, counted)
				}
				if changed := version != versions[g]; changed != slices.Contains(st.changed, g) {
					t.Errorf("group %d: version changed %v, want %v", g, changed, !changed)
				}
			}
		})
	}
}
