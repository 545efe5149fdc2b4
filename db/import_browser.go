package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"langportal/db/formats"
)

// ImportRequest is a word file to import into a group: an existing one
// (GroupID), or one named Group, found or created.
type ImportRequest struct {
	Data    []byte // the file, in any format formats.Parse reads
	GroupID int64
	Group   string
	// DryRun reads and checks the file and says what an import would do,
	// writing nothing.
	DryRun bool
}

// ImportProblem is a problem with a word file, at its line.
type ImportProblem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ImportRow is a row of a word file as it would be stored, without an id.
type ImportRow struct {
	Line     int             `json:"line"`
	Japanese string          `json:"japanese"`
	Reading  string          `json:"reading"`
	Romaji   string          `json:"romaji"`
	English  string          `json:"english"`
	Parts    json.RawMessage `json:"parts"`
	Known    bool            `json:"known"` // the vocabulary has the word already
}

// ImportReport says what an import did or, in a dry run, would do. With
// problems, nothing was written.
type ImportReport struct {
	Format       string     `json:"format"`
	GroupID      OptionalID `json:"group_id"` // null in a dry run that would create the group
	GroupName    string     `json:"group_name"`
	GroupCreated bool       `json:"group_created"` // (would be) created by the import
	DryRun       bool       `json:"dry_run"`
	RowsFound    int        `json:"rows_found"`
	// Added words are new to the vocabulary; Reused ones existed (same
	// japanese, romaji and English) and join the group.
	Added  int             `json:"added"`
	Reused int             `json:"reused"`
	Errors []ImportProblem `json:"errors"`
	Rows   []ImportRow     `json:"rows"` // the first PreviewRows rows
}

// PreviewRows is how many rows an import report shows.
const PreviewRows = 20

// importChunk is how many rows an import makes ready at a time: small
// enough that the chunks in memory at once (one written, one made ready)
// stay a few MB: at 10,000 the server's peak RSS for 100,000 words was
// about 125 MiB, at 5,000 about 95.
const importChunk = 2500

// importCommit is how many rows one write of an import takes at most (see
// writeImport). The writer keeps a write's savepoint journal in memory
// (temp_store, see newWriter), so this bounds it: for 100,000 words the
// server's peak RSS was 157 MiB at 10,000 rows, 138 at 5,000 and 132 at
// 2,500, which also halves the wait of the reviews beside it (p99 200 ms
// at 10,000, 83 at 2,500) for 0.4 s more in all (2.8 s).
const importCommit = 2500

// importRow is a row of a word file, checked and completed: its text as
// it is stored, without what is kept from it (see planChunk).
type importRow struct {
	line                               int
	japanese, reading, romaji, english string
	parts                              string
}

// text is the row's wordText, not filled.
func (r importRow) text() wordText {
	return wordText{japanese: r.japanese, reading: r.reading, romaji: r.romaji, english: r.english}
}

// prepareRows checks and completes the rows of a file as CreateWord does a
// word, collecting the problems of every row. Large files are shared out
// among the processors: the kana work is most of an import's own time.
func prepareRows(f formats.File) ([]importRow, []ImportProblem) {
	problems := make([]ImportProblem, 0, len(f.Errors))
	for _, e := range f.Errors {
		problems = append(problems, ImportProblem{Line: e.Line, Message: e.Message})
	}
	prepared := make([]importRow, len(f.Rows))
	failed := make([]error, len(f.Rows))
	parts := min(runtime.GOMAXPROCS(0), max(1, len(f.Rows)/5000))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			for i := p * len(f.Rows) / parts; i < (p+1)*len(f.Rows)/parts; i++ {
				prepared[i], failed[i] = prepareRow(f.Rows[i])
			}
		})
	}
	wg.Wait()
	rows := prepared[:0]
	for i, r := range prepared {
		if failed[i] != nil {
			problems = append(problems, ImportProblem{Line: f.Rows[i].Line, Message: failed[i].Error()})
			continue
		}
		rows = append(rows, r)
	}
	// Problems in file order, whichever step found them.
	sortProblems(problems)
	return rows, problems
}

func prepareRow(r formats.Row) (importRow, error) {
	t, err := checkWordText(r.Japanese, r.Reading, r.Romaji, r.English)
	if err != nil {
		return importRow{}, err
	}
	parts, err := compactParts(r.Parts)
	if err != nil {
		return importRow{}, err
	}
	return importRow{line: r.Line, japanese: t.japanese, reading: t.reading, romaji: t.romaji, english: t.english, parts: parts}, nil
}

func sortProblems(p []ImportProblem) {
	slices.SortStableFunc(p, func(a, b ImportProblem) int { return a.Line - b.Line })
}

// ImportUpload imports a word file into a group, all or nothing: a file
// with any problem (a row that cannot be read, a field refused) writes
// nothing and the report lists every problem with its line. A group that
// does not exist is a *MissingError; no group at all a *TextError.
//
// The rows are written in chunks, so that a 100,000-word file does not
// hold the writer for seconds; should a chunk fail, the chunks written are
// taken out again and the error returned.
func (s *Store) ImportUpload(ctx context.Context, req ImportRequest) (ImportReport, error) {
	rep := ImportReport{DryRun: req.DryRun, Errors: []ImportProblem{}, Rows: []ImportRow{}}
	name := strings.TrimSpace(req.Group)
	if req.GroupID == 0 && name == "" {
		return rep, &TextError{"group", ErrEmptyText}
	}
	// The file is read once: let it go as soon as it is parsed (the caller
	// passes its only reference, see web's importWords).
	data := req.Data
	req.Data = nil
	file, err := formats.Parse(data)
	data = nil
	var ferr *formats.Error
	if errors.As(err, &ferr) {
		rep.Errors = append(rep.Errors, ImportProblem{Line: ferr.Line, Message: ferr.Message})
		return rep, s.describeGroup(ctx, &rep, req.GroupID, name)
	}
	if err != nil {
		return rep, err
	}
	rep.Format = file.Format
	rows, problems := prepareRows(file)
	rep.RowsFound = len(file.Rows) + len(file.Errors)
	file.Rows = nil // the rows live on prepared; let the parsed ones go
	rep.Errors = append(rep.Errors, problems...)
	if err := s.describeGroup(ctx, &rep, req.GroupID, name); err != nil {
		return rep, err
	}
	if err := s.previewRows(ctx, &rep, rows, req.DryRun); err != nil {
		return rep, err
	}
	if req.DryRun {
		return rep, nil
	}
	if len(rep.Errors) > 0 {
		rep.Added, rep.Reused = 0, 0 // nothing was written
		return rep, nil
	}
	return rep, s.writeImport(ctx, &rep, rows)
}

// describeGroup fills the report's group: the one of id, or the one named
// name, which the import creates when there is none.
func (s *Store) describeGroup(ctx context.Context, rep *ImportReport, id int64, name string) error {
	if id != 0 {
		g, err := getGroup(ctx, s.reader, id)
		if errors.Is(err, ErrNotFound) {
			return &MissingError{Kind: "group", ID: id}
		}
		rep.GroupID, rep.GroupName = OptionalID(g.ID), g.Name
		return err
	}
	rep.GroupName = name
	var gid int64
	err := s.reader.QueryRowContext(ctx, `SELECT id FROM groups WHERE name = ?`, name).Scan(&gid)
	if errors.Is(err, sql.ErrNoRows) {
		rep.GroupCreated = true
		return nil
	}
	rep.GroupID = OptionalID(gid)
	return err
}

// previewRows fills the report's first rows and, for a dry run, counts
// the words new to the vocabulary and those it has (a word twice in the
// file is new once).
func (s *Store) previewRows(ctx context.Context, rep *ImportReport, rows []importRow, all bool) error {
	n := len(rows)
	if !all {
		n = min(n, PreviewRows)
	}
	return s.readTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `SELECT EXISTS (SELECT 1 FROM words WHERE japanese = ? AND romaji = ? AND english = ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		seen := make(map[[3]string]bool, n)
		for _, r := range rows[:n] {
			key := [3]string{r.japanese, r.romaji, r.english}
			known := seen[key]
			if !known {
				if err := stmt.QueryRowContext(ctx, key[0], key[1], key[2]).Scan(&known); err != nil {
					return fmt.Errorf("db: import preview: %w", err)
				}
			}
			seen[key] = true
			if known {
				rep.Reused++
			} else {
				rep.Added++
			}
			if len(rep.Rows) < PreviewRows {
				rep.Rows = append(rep.Rows, ImportRow{Line: r.line, Japanese: r.japanese, Reading: r.reading,
					Romaji: r.romaji, English: r.english, Parts: json.RawMessage(r.parts), Known: known})
			}
		}
		return nil
	})
}

// importWritten is what the chunks of an import wrote, to take out again
// if a later one fails.
type importWritten struct {
	group        int64
	groupCreated bool
	added        []int64 // words the import added
	joined       []int64 // words that existed and joined the group
}

// writeImport writes the rows in chunks; see ImportFile.
func (s *Store) writeImport(ctx context.Context, rep *ImportReport, rows []importRow) error {
	var done importWritten
	// Each chunk touches pages all over the indexes: while the import
	// runs, the writer keeps 16 MB of them (SQLite's default is 2; reading
	// them again from the file halves the speed), and lets the log grow to
	// 80 MB before copying it into the file (not after every chunk).
	err := s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		if done.group, done.groupCreated, err = findOrCreateGroup(ctx, tx, rep.GroupName, int64(rep.GroupID)); err != nil {
			return err
		}
		return execAll(ctx, tx, "import", `PRAGMA cache_size = -16384`, `PRAGMA wal_autocheckpoint = 20000`)
	})
	if err != nil {
		return fmt.Errorf("db: import: %w", err)
	}
	defer s.write.do(context.WithoutCancel(ctx), func(ctx context.Context, tx *writeTx) error {
		// SQLite's defaults, as the DSN leaves them.
		return execAll(ctx, tx, "import", `PRAGMA cache_size = -2000`, `PRAGMA wal_autocheckpoint = 1000`)
	})
	rep.GroupID, rep.GroupCreated = OptionalID(done.group), done.groupCreated
	rep.Added, rep.Reused = 0, 0
	// The next chunk is made ready (its JSON, its terms) while SQLite
	// writes this one: the writer's time is the import's.
	plans := make(chan chunkPlan) // one written, one made ready: no more in memory
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(plans)
		for start := 0; start < len(rows); start += importChunk {
			select {
			case plans <- planChunk(rows[start:min(start+importChunk, len(rows))]):
			case <-stop:
				return
			}
		}
	}()
	for plan := range plans {
		// A transaction writes the chunk and, while it holds the writer,
		// the next ones that are ready, up to importCommit rows: each page
		// of the indexes that several chunks touch is written to the log
		// once per commit, and the planner is never waited for.
		var w importWritten
		var rows int
		err = s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
			w, rows = importWritten{}, 0
			for {
				got, err := writeImportChunk(ctx, tx, done.group, plan)
				if err != nil {
					return err
				}
				w.added, w.joined = append(w.added, got.added...), append(w.joined, got.joined...)
				rows += len(plan.rows)
				if rows+importChunk > importCommit {
					return nil
				}
				select {
				case next, ok := <-plans:
					if !ok {
						return nil
					}
					plan = next
				default:
					return nil
				}
			}
		})
		if err != nil {
			break
		}
		done.added, done.joined = append(done.added, w.added...), append(done.joined, w.joined...)
		rep.Added += len(w.added)
		rep.Reused += rows - len(w.added)
	}
	if err != nil {
		// The learner asked for all or nothing: take out what went in,
		// even when the request's own context is what ended.
		undo := s.undoImport(context.WithoutCancel(ctx), done)
		return errors.Join(fmt.Errorf("db: import: %w", err), undo)
	}
	return nil
}

// chunkPlan is a chunk of rows ready to write, as if every word of it were
// new: its keys, its words (each once) and their terms, all as the JSON
// arrays that its statements read with json_each.
type chunkPlan struct {
	rows      []importRow
	texts     []wordText // the rows' text, filled; nil once the JSON is written
	keys      [][3]string
	keysJSON  string
	first     []int  // the rows that are a word's first in the chunk
	wordsJSON string // the words of first, in order
	termsJSON string // [term, n]: the terms of the n-th word of first, in term order
	err       error
}

// planChunk takes the chunk's rows out of the file's (which it clears), so
// that the words' folded fields and terms live only while their chunk is
// being written.
func planChunk(chunk []importRow) chunkPlan {
	rows := slices.Clone(chunk)
	clear(chunk)
	p := chunkPlan{rows: rows, texts: make([]wordText, len(rows)), keys: make([][3]string, len(rows))}
	for i, r := range rows {
		p.texts[i] = r.text()
		p.texts[i].fill()
	}
	seen := make(map[[3]string]bool, len(rows))
	for i, r := range rows {
		p.keys[i] = [3]string{r.japanese, r.romaji, r.english}
		if !seen[p.keys[i]] {
			seen[p.keys[i]] = true
			p.first = append(p.first, i)
		}
	}
	var keys strings.Builder // its String is the bytes written, not a copy
	keys.Grow(64 * len(rows))
	keys.WriteByte('[')
	var b []byte
	for i, k := range p.keys {
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONStrings(b, k[:]...)
		keys.Write(b)
	}
	keys.WriteByte(']')
	p.keysJSON = keys.String()
	p.wordsJSON, p.termsJSON = freshJSON(p, p.first, 0)
	// The JSON holds what the statements need: the folded fields go (a
	// chunk with known words makes them again, see freshJSON).
	p.texts = nil
	return p
}

// freshJSON writes the words of the plan's rows[first...] and their terms,
// the terms numbered from base (the id the first word gets, less one).
func freshJSON(p chunkPlan, first []int, base int64) (words, terms string) {
	var ws strings.Builder // its String is the bytes written, not a copy
	ws.Grow(160 * len(first))
	ws.WriteByte('[')
	var b []byte
	ts := make([]wordTerm, 0, 9*len(first))
	for n, i := range first {
		var t wordText
		if p.texts != nil {
			t = p.texts[i]
		} else {
			t = p.rows[i].text()
			t.fill()
		}
		b = b[:0]
		if n > 0 {
			b = append(b, ',')
		}
		b = appendJSONStrings(b, t.japanese, t.reading, t.romaji, t.english, p.rows[i].parts, t.search, t.sortKey)
		ws.Write(b)
		for _, term := range wordTerms(t) {
			ts = append(ts, wordTerm{term, base + int64(n) + 1})
		}
	}
	ws.WriteByte(']')
	return ws.String(), termsJSON(ts)
}

// writeImportChunk writes a chunk's rows into the group, set by set: a
// statement per step for the whole chunk, not one per row, which would
// cost a call of SQLite each.
func writeImportChunk(ctx context.Context, tx *writeTx, group int64, p chunkPlan) (importWritten, error) {
	var w importWritten
	if p.err != nil {
		return w, p.err
	}
	// The words the vocabulary has already, by their place in the chunk.
	rows, err := tx.QueryContext(ctx, `
		SELECT j.key, w.id FROM json_each(?) j
		JOIN words w ON w.japanese = j.value ->> 0 AND w.romaji = j.value ->> 1 AND w.english = j.value ->> 2`,
		p.keysJSON)
	if err != nil {
		return w, fmt.Errorf("db: import: known words: %w", err)
	}
	ids := make([]int64, len(p.rows))
	known := 0
	for rows.Next() {
		var i int
		var id int64
		if err := rows.Scan(&i, &id); err != nil {
			rows.Close()
			return w, fmt.Errorf("db: import: known words: %w", err)
		}
		ids[i] = id
		known++
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return w, fmt.Errorf("db: import: known words: %w", err)
	}
	var before int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM words`).Scan(&before); err != nil {
		return w, fmt.Errorf("db: import: %w", err)
	}
	// The others are new, once each: a new word's id is the next after the
	// largest (SQLite gives an INTEGER PRIMARY KEY max + 1), in file order.
	first := p.first
	if known > 0 {
		first = slices.DeleteFunc(slices.Clone(first), func(i int) bool { return ids[i] != 0 })
	}
	byKey := make(map[[3]string]int64, len(first))
	for n, i := range first {
		ids[i] = before + int64(n) + 1
		byKey[p.keys[i]] = ids[i]
		w.added = append(w.added, ids[i])
	}
	for i := range ids {
		if ids[i] == 0 { // a word's second row in the chunk
			ids[i] = byKey[p.keys[i]]
		}
	}
	wordsJSON, terms := p.wordsJSON, p.termsJSON
	if known > 0 {
		wordsJSON, terms = freshJSON(p, first, 0)
	}
	if len(first) > 0 {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO words (japanese, reading, romaji, english, parts, search, sort_key)
			SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6
			FROM json_each(?)`, wordsJSON); err != nil {
			return w, fmt.Errorf("db: import words: %w", err)
		}
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(id) FROM words`).Scan(&last); err != nil {
			return w, fmt.Errorf("db: import words: %w", err)
		}
		if last != before+int64(len(first)) {
			return w, fmt.Errorf("db: import words: ids %d–%d, want up to %d", before+1, last, before+int64(len(first)))
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO word_terms (term, word_id)
			SELECT value ->> 0, ? + (value ->> 1) FROM json_each(?)`, before, terms); err != nil {
			return w, fmt.Errorf("db: import search terms: %w", err)
		}
	}
	joined, err := queryIDs(ctx, tx, `
		INSERT OR IGNORE INTO word_groups (word_id, group_id) SELECT value, ? FROM json_each(?) WHERE true
		RETURNING word_id`, group, idList(ids))
	if err != nil {
		return w, fmt.Errorf("db: import into the group: %w", err)
	}
	for _, id := range joined {
		if id <= before {
			w.joined = append(w.joined, id)
		}
	}
	return w, nil
}

// findOrCreateGroup returns the group of id, or else the group named name,
// created if there is none.
func findOrCreateGroup(ctx context.Context, tx *writeTx, name string, id int64) (int64, bool, error) {
	if id != 0 {
		_, err := getGroup(ctx, tx, id)
		return id, false, err
	}
	err := tx.QueryRowContext(ctx, `SELECT id FROM groups WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `INSERT INTO groups (name) VALUES (?) RETURNING id`, name).Scan(&id)
		return id, true, err
	}
	return id, false, err
}

// undoImport takes out what an import's chunks wrote.
func (s *Store) undoImport(ctx context.Context, done importWritten) error {
	if done.group == 0 {
		return nil
	}
	return s.write.do(ctx, func(ctx context.Context, tx *writeTx) error {
		// A word reviewed meanwhile stays: its review is the learner's.
		unreviewed, err := queryIDs(ctx, tx, `SELECT value FROM json_each(?)
			WHERE NOT EXISTS (SELECT 1 FROM word_review_items WHERE word_id = value)`, idList(done.added))
		if err != nil {
			return err
		}
		for _, id := range unreviewed {
			t, _, err := storedText(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := deleteTerms(ctx, tx, id, t); err != nil {
				return err
			}
		}
		err = execSteps(ctx, tx, "undo import",
			step{`DELETE FROM word_groups WHERE group_id = ? AND word_id IN (SELECT value FROM json_each(?))`,
				[]any{done.group, idList(done.joined)}},
			step{`DELETE FROM words WHERE id IN (SELECT value FROM json_each(?))`, []any{idList(unreviewed)}},
		)
		if err != nil || !done.groupCreated {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM groups WHERE id = ? AND word_count = 0
			AND NOT EXISTS (SELECT 1 FROM study_sessions WHERE group_id = groups.id)`, done.group)
		return err
	})
}

// seedWords loads a word file of the starter vocabulary into a new group,
// in the caller's transaction.
func seedWords(ctx context.Context, tx *writeTx, group string, data []byte) error {
	file, err := formats.Parse(data)
	if err != nil {
		return err
	}
	rows, problems := prepareRows(file)
	if len(problems) > 0 {
		return fmt.Errorf("line %d: %s", problems[0].Line, problems[0].Message)
	}
	groupID, _, err := findOrCreateGroup(ctx, tx, group, 0)
	if err != nil {
		return err
	}
	for _, r := range rows {
		t := r.text()
		t.fill()
		id, _, err := insertWord(ctx, tx, t, r.parts)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO word_groups (word_id, group_id) VALUES (?, ?)`, id, groupID); err != nil {
			return err
		}
	}
	return nil
}
