package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"langportal/db/formats"
	"langportal/db/fsrs"
)

// The formats ExportWords writes.
const (
	ExportCSV  = "csv"  // formats.WriteCSV: japanese, reading, romaji, english, parts
	ExportJSON = "json" // formats.WriteJSON: the bootcamp JSON
)

// ErrExportFormat means a words export in a format that is not one of
// ExportCSV and ExportJSON.
var ErrExportFormat = errors.New("unknown export format")

// ExportWords writes the words of a group (all words for groupID 0), in
// id order, as CSV or as the bootcamp JSON: files that ImportFile reads
// back to the same words. An unknown group is a *NotFoundError.
func (s *Store) ExportWords(ctx context.Context, w io.Writer, format string, groupID int64) error {
	if format != ExportCSV && format != ExportJSON {
		return fmt.Errorf("%w %q", ErrExportFormat, format)
	}
	var words []formats.Word
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		query := `SELECT japanese, reading, romaji, english, parts FROM words ORDER BY id`
		var args []any
		if groupID != 0 {
			if _, err := getGroup(ctx, tx, groupID); err != nil {
				return err
			}
			query = `SELECT w.japanese, w.reading, w.romaji, w.english, w.parts
				FROM word_groups wg JOIN words w ON w.id = wg.word_id WHERE wg.group_id = ? ORDER BY w.id`
			args = append(args, groupID)
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fw formats.Word
			var parts string
			if err := rows.Scan(&fw.Japanese, &fw.Reading, &fw.Romaji, &fw.English, &parts); err != nil {
				return err
			}
			fw.Parts = []byte(parts)
			words = append(words, fw)
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("db: export words: %w", err)
	}
	if format == ExportJSON {
		return formats.WriteJSON(w, words)
	}
	return formats.WriteCSV(w, words)
}

// ExportReviews writes the review log (of a group's words, or of every
// word for groupID 0) in the FSRS optimizer's CSV format: each word's
// answers in answer-time order, with the state the scheduler had the word
// in before each one, replayed as the word's memory is.
func (s *Store) ExportReviews(ctx context.Context, w io.Writer, groupID int64) error {
	lw := formats.NewReviewLogWriter(w)
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		sched := fsrs.Default()
		if err := tx.QueryRowContext(ctx, `SELECT desired_retention FROM settings`).Scan(&sched.DesiredRetention); err != nil {
			return err
		}
		query := `SELECT word_id, created_at, correct FROM word_review_items ORDER BY word_id, created_at, id`
		var args []any
		if groupID != 0 {
			if _, err := getGroup(ctx, tx, groupID); err != nil {
				return err
			}
			query = `SELECT r.word_id, r.created_at, r.correct FROM word_groups wg
				JOIN word_review_items r ON r.word_id = wg.word_id
				WHERE wg.group_id = ? ORDER BY r.word_id, r.created_at, r.id`
			args = append(args, groupID)
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var (
			card    fsrs.Card
			current int64 = -1
		)
		for rows.Next() {
			var word int64
			var a reviewAnswer
			if err := rows.Scan(&word, &a.at, &a.correct); err != nil {
				return err
			}
			if word != current {
				current, card = word, fsrs.Card{}
			}
			rating := 1
			if a.correct {
				rating = 3
			}
			if err := lw.Write(formats.ReviewLogRow{CardID: word, ReviewTime: a.at.Time, Rating: rating, State: int(card.State)}); err != nil {
				return err
			}
			card = sched.Next(card, a.correct, a.at.Time)
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("db: export reviews: %w", err)
	}
	return lw.Flush()
}

// Backup writes a consistent copy of the whole database to path, which must
// not exist: VACUUM INTO from a read transaction, so reviews go on being
// written while it runs. The copy is a database that Open opens as it is.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("db: backup: %s exists already", path)
	}
	if err := ensureDir(path); err != nil {
		return err
	}
	// A connection of its own: the readers are query-only, which refuses
	// VACUUM INTO (it writes, if another file). It only reads this one.
	conn, err := sql.Open("sqlite3", dsn(s.path, "_busy_timeout=10000"))
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("db: backup: %w", storageError(err))
	}
	return nil
}

// WriteBackup writes a backup (see Backup) to w, through a temporary file
// that it removes.
func (s *Store) WriteBackup(ctx context.Context, w io.Writer) error {
	dir, err := os.MkdirTemp("", "langportal-backup-")
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, path); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	return nil
}

// FindGroup returns the group an export or a command names: the group of
// that name or, when none has it, the group whose id it is in digits. None
// is a *NotFoundError (by id) or an error naming the name.
func (s *Store) FindGroup(ctx context.Context, name string) (Group, error) {
	name = strings.TrimSpace(name)
	var g Group
	err := s.reader.QueryRowContext(ctx, groupColumns+` WHERE g.name = ?`, name).Scan(&g.ID, &g.Name, &g.WordCount)
	if err == nil {
		return g, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return g, fmt.Errorf("db: group %q: %w", name, err)
	}
	if id, perr := strconv.ParseInt(name, 10, 64); perr == nil && id > 0 {
		return getGroup(ctx, s.reader, id)
	}
	return g, fmt.Errorf("there is no group named %q", name)
}
