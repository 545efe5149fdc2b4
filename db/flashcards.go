package db

import (
	"context"
	"fmt"
	"math/rand/v2"
)

// Flashcard is where a session's Flashcards round stands: the next word to
// show, or none when every word of the group has been answered.
type Flashcard struct {
	SessionID int64
	Word      Word // zero when Done
	Done      bool
	Answered  int // words of the round answered so far
	Total     int // words in the round
}

// Position is the 1-based number of the card being shown.
func (f Flashcard) Position() int { return min(f.Answered+1, f.Total) }

// NextFlashcard returns the next card of the session's round: the first word,
// in the session's own shuffled order, that has no review in the session yet.
// The order depends only on the session, so a reload shows the same card.
func (s *Store) NextFlashcard(ctx context.Context, sessionID int64) (Flashcard, error) {
	rows, err := s.reader.QueryContext(ctx, `
		SELECT w.id, w.japanese, w.romaji, w.english, w.parts,
		       EXISTS (SELECT 1 FROM word_review_items r
		               WHERE r.study_session_id = s.id AND r.word_id = w.id)
		FROM study_sessions s
		JOIN word_groups wg ON wg.group_id = s.group_id
		JOIN words w ON w.id = wg.word_id
		WHERE s.id = ?
		ORDER BY w.id`, sessionID)
	if err != nil {
		return Flashcard{}, fmt.Errorf("db: flashcard of session %d: %w", sessionID, err)
	}
	defer rows.Close()
	type candidate struct {
		word     Word
		answered bool
	}
	var words []candidate
	for rows.Next() {
		var c candidate
		var parts string
		if err := rows.Scan(&c.word.ID, &c.word.Japanese, &c.word.Romaji, &c.word.English, &parts, &c.answered); err != nil {
			return Flashcard{}, fmt.Errorf("db: flashcard of session %d: %w", sessionID, err)
		}
		c.word.Parts = []byte(parts)
		words = append(words, c)
	}
	if err := rows.Err(); err != nil {
		return Flashcard{}, fmt.Errorf("db: flashcard of session %d: %w", sessionID, err)
	}

	card := Flashcard{SessionID: sessionID, Total: len(words), Done: true}
	rng := rand.New(rand.NewPCG(uint64(sessionID), 0x5eed))
	rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	for _, c := range words {
		switch {
		case c.answered:
			card.Answered++
		case card.Done:
			card.Word, card.Done = c.word, false
		}
	}
	return card, nil
}
