package db

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// DemoOptions sizes a demo learning history.
type DemoOptions struct {
	Reviews  int // word reviews in all
	Sessions int // study sessions; 0 for one per 20 reviews
	// Words, when more than the vocabulary has, adds numbered synthetic
	// words in demo groups until it has that many (for benchmarks); 0 keeps
	// the vocabulary as it is, so that the history is a learner's of the
	// starter words and their groups.
	Words  int
	Groups int // demo groups the synthetic words go into; 0 for 100
	Days   int // how far back the history goes; 0 for two years
	Now    time.Time
	Force  bool // add to a database that has study history already
}

// ErrHistoryExists means the database has study sessions already: a demo
// history would mix with the learner's own.
var ErrHistoryExists = errors.New("the database already has study history")

func (o DemoOptions) withDefaults() DemoOptions {
	if o.Sessions <= 0 {
		o.Sessions = max(1, o.Reviews/20)
	}
	if o.Groups <= 0 {
		o.Groups = 100
	}
	if o.Days <= 0 {
		o.Days = 730
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// SeedDemo adds a realistic learning history: opts.Sessions sessions of the
// vocabulary's groups (with synthetic words in demo groups up to
// opts.Words, when asked for), spread over opts.Days days with opts.Reviews
// reviews between them. Each session goes through its group as Flashcards
// does, a shuffled round and then the missed words again, and the learner
// gets better at the words they practise. It is deterministic, and writes in
// short steps through the normal write path (so the aggregates and every
// word's memory follow), so that a portal serving the same file keeps
// writing beside it. A database with study history is refused
// (ErrHistoryExists) unless opts.Force.
func (s *Store) SeedDemo(ctx context.Context, opts DemoOptions) error {
	if opts.Reviews < 0 || opts.Sessions < 0 || opts.Words < 0 || opts.Groups < 0 || opts.Days < 0 {
		return fmt.Errorf("db: seed demo: negative size in %+v", opts)
	}
	if !opts.Force {
		var history bool
		if err := s.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM study_sessions)`).Scan(&history); err != nil {
			return fmt.Errorf("db: seed demo: %w", err)
		}
		if history {
			return ErrHistoryExists
		}
	}
	o := opts.withDefaults()
	rng := rand.New(rand.NewPCG(42, 7))
	// A bulk load touches far more pages than the default cache holds.
	if err := s.setWriterCacheSize(ctx, -64<<10); err != nil {
		return err
	}
	defer s.setWriterCacheSize(context.Background(), -2000)
	if err := s.seedDemoWords(ctx, o); err != nil {
		return err
	}
	groups, err := demoGroupWords(ctx, s.reader)
	if err != nil {
		return err
	}
	activities, err := s.ListStudyActivities(ctx, ListQuery{PerPage: MaxPerPage})
	if err != nil {
		return err
	}

	// Sessions start at random moments over the period, in order; each gets
	// its share of the reviews, a few seconds apart.
	start := o.Now.Add(-time.Duration(o.Days) * 24 * time.Hour)
	span := o.Now.Sub(start)
	starts := make([]time.Time, o.Sessions)
	for i := range starts {
		starts[i] = start.Add(time.Duration(float64(span) * (float64(i) + rng.Float64()) / float64(o.Sessions)))
	}
	reviewsLeft := o.Reviews
	seen := map[int64]int{} // word → times practised, for the learning curve
	next := 0               // the next session to write
	err = s.inSteps(ctx, newStepSize(2000, 1<<20), func(ctx context.Context, tx *writeTx, rows int) (bool, error) {
		insSession, err := tx.Stmt(ctx, `INSERT INTO study_sessions (group_id, study_activity_id, created_at) VALUES (?, ?, ?) RETURNING id`)
		if err != nil {
			return false, err
		}
		insReview, err := tx.Stmt(ctx, `INSERT INTO word_review_items (study_session_id, word_id, correct, created_at) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return false, err
		}
		// The random draws of a step that fails are not taken back: a
		// failed step fails the whole seeding.
		written := 0
		for ; next < o.Sessions && written < rows; next++ {
			i := next
			g := groups[rng.IntN(len(groups))]
			a := activities.Items[rng.IntN(len(activities.Items))]
			var id int64
			if err := insSession.QueryRowContext(ctx, g.id, a.ID, NewTime(starts[i])).Scan(&id); err != nil {
				return false, err
			}
			n := reviewsLeft / (o.Sessions - i)
			var round, missed []int64
			for k := range n {
				if len(round) == 0 {
					// The next round: the missed words, or the whole group again.
					round, missed = missed, nil
					if len(round) == 0 {
						round = slices.Clone(g.words)
						rng.Shuffle(len(round), func(a, b int) { round[a], round[b] = round[b], round[a] })
					}
				}
				w := round[0]
				round = round[1:]
				p := 0.45 + 0.5*(1-1/float64(1+seen[w]/2)) // better with practice
				seen[w]++
				right := rng.Float64() < p
				if !right {
					missed = append(missed, w)
				}
				at := NewTime(starts[i].Add(time.Duration(k*7+rng.IntN(5)) * time.Second))
				if at.After(o.Now) {
					at = NewTime(o.Now)
				}
				if _, err := insReview.ExecContext(ctx, id, w, right, at); err != nil {
					return false, err
				}
				// Answers come in time order, so memory is one step each.
				if err := rememberAnswer(ctx, tx, w, at, right); err != nil {
					return false, err
				}
			}
			reviewsLeft -= n
			written += n + 1
		}
		return next < o.Sessions, nil
	})
	if err != nil {
		return fmt.Errorf("db: seed demo: %w", err)
	}
	return nil
}

// seedDemoWords adds numbered demo words in demo groups until the
// vocabulary has o.Words words (none when it has that many already).
func (s *Store) seedDemoWords(ctx context.Context, o DemoOptions) error {
	var have int
	if err := s.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM words`).Scan(&have); err != nil {
		return err
	}
	kana := []rune("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん")
	romaji := []string{"a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te", "to",
		"na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa", "wo", "n"}
	if have >= o.Words {
		return nil
	}
	n := have
	err := s.inSteps(ctx, newStepSize(1000, 1<<20), func(ctx context.Context, tx *writeTx, size int) (bool, error) {
		var words []NewWord
		for ; n < o.Words && len(words) < size; n++ {
			var jp []rune
			var ro string
			for x := n + 1; x > 0; x /= len(kana) {
				jp = append(jp, kana[x%len(kana)])
				ro += romaji[x%len(kana)]
			}
			words = append(words, NewWord{Japanese: string(jp), Romaji: ro, English: fmt.Sprintf("demo word %d", n+1)})
		}
		for g := 0; g < o.Groups; g++ {
			var part []NewWord
			for i := g; i < len(words); i += o.Groups {
				part = append(part, words[i])
			}
			if _, err := importWords(ctx, tx, fmt.Sprintf("Demo Group %03d", g+1), part); err != nil {
				return false, err
			}
		}
		return n < o.Words, nil
	})
	if err != nil {
		return fmt.Errorf("db: seed demo words: %w", err)
	}
	return nil
}

type demoGroup struct {
	id    int64
	words []int64
}

func demoGroupWords(ctx context.Context, qr querier) ([]demoGroup, error) {
	rows, err := qr.QueryContext(ctx, `SELECT group_id, word_id FROM word_groups ORDER BY group_id, word_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var groups []demoGroup
	for rows.Next() {
		var g, w int64
		if err := rows.Scan(&g, &w); err != nil {
			return nil, err
		}
		if len(groups) == 0 || groups[len(groups)-1].id != g {
			groups = append(groups, demoGroup{id: g})
		}
		groups[len(groups)-1].words = append(groups[len(groups)-1].words, w)
	}
	return groups, rows.Err()
}

// setWriterCacheSize sets the writer connection's page cache (SQLite's
// cache_size: pages, or KiB when negative).
func (s *Store) setWriterCacheSize(ctx context.Context, size int) error {
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		// A PRAGMA takes no bound parameters; size is a number, not text.
		_, err := tx.conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, size))
		return err
	})
}
