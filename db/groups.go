package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Group is a named set of words, with how many words it has.
type Group struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	WordCount int    `json:"word_count"`
}

// GroupDetail is a group with the first page of its words and of its sessions.
type GroupDetail struct {
	Group
	DueCount      int                  `json:"due_count"` // words of the group due for review now
	Words         List[Word]           `json:"words"`
	StudySessions List[SessionSummary] `json:"study_sessions"`
}

var groupSorts = sortColumns{
	names:    []string{"name", "words"},
	orderBys: map[string][]string{"name": {"g.name"}, "words": {"word_count"}},
	tieBreak: "g.id",
}

// GroupSorts lists the columns group lists sort by, the default first.
func GroupSorts() []string { return groupSorts.Names() }

// groupColumns reads word_count from the group's row, where triggers keep it
// (migration 000007): counting a 100,000-word group's rows takes milliseconds.
const groupColumns = `SELECT g.id, g.name, g.word_count AS word_count FROM groups g`

// ListGroups returns a page of groups with their word counts.
func (s *Store) ListGroups(ctx context.Context, q ListQuery) (List[Group], error) {
	q = q.normalize()
	orderBy, err := groupSorts.orderBy(q)
	if err != nil {
		return List[Group]{}, err
	}
	var list List[Group]
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM groups`).Scan(&total); err != nil {
			return fmt.Errorf("db: count groups: %w", err)
		}
		groups, err := scanGroups(tx.QueryContext(ctx, groupColumns+` ORDER BY `+orderBy+` LIMIT ? OFFSET ?`,
			q.PerPage, q.offset()))
		list = newList(groups, q, total)
		return err
	})
	return list, err
}

// ListGroupChoices returns every group by name, for choosing one in a form.
func (s *Store) ListGroupChoices(ctx context.Context) ([]Group, error) {
	return scanGroups(s.reader.QueryContext(ctx, groupColumns+` ORDER BY g.name, g.id`))
}

func scanGroups(rows *sql.Rows, err error) ([]Group, error) {
	if err != nil {
		return nil, fmt.Errorf("db: list groups: %w", err)
	}
	defer rows.Close()
	var list []Group
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.Name, &g.WordCount); err != nil {
			return nil, fmt.Errorf("db: list groups: %w", err)
		}
		list = append(list, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: list groups: %w", err)
	}
	return list, nil
}

func getGroup(ctx context.Context, qr querier, id int64) (Group, error) {
	var g Group
	err := qr.QueryRowContext(ctx, groupColumns+` WHERE g.id = ?`, id).Scan(&g.ID, &g.Name, &g.WordCount)
	if errors.Is(err, sql.ErrNoRows) {
		return Group{}, &NotFoundError{Kind: "group", ID: id}
	}
	if err != nil {
		return Group{}, fmt.Errorf("db: group %d: %w", id, err)
	}
	return g, nil
}

// GetGroup returns a group, the page of its words that words asks for, and
// the first page of its sessions, most recent first.
func (s *Store) GetGroup(ctx context.Context, id int64, words ListQuery) (GroupDetail, error) {
	var d GroupDetail
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if d.Group, err = getGroup(ctx, tx, id); err != nil {
			return err
		}
		if d.Words, err = listWords(ctx, tx, words, groupWords, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM word_memory m JOIN word_groups wg ON wg.word_id = m.word_id
			WHERE wg.group_id = ? AND m.due <= ?`, id, Now()).Scan(&d.DueCount); err != nil {
			return err
		}
		d.StudySessions, err = listRecentSessions(ctx, tx, ListQuery{}, groupSessions, id)
		return err
	})
	return d, err
}

// ListGroupWords returns a group and a page of its words, for study activities.
func (s *Store) ListGroupWords(ctx context.Context, id int64, q ListQuery) (Group, List[Word], error) {
	var g Group
	var list List[Word]
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if g, err = getGroup(ctx, tx, id); err != nil {
			return err
		}
		list, err = listWords(ctx, tx, q, groupWords, id)
		return err
	})
	return g, list, err
}

// ErrNameTaken means another group (or activity) has the name; see
// NameTakenError.
var ErrNameTaken = errors.New("the name is taken")

// NameTakenError names the group or activity that has the name already.
// It matches ErrNameTaken.
type NameTakenError struct {
	Kind string // "group" or "study activity"
	ID   int64
	Name string
}

func (e *NameTakenError) Error() string {
	return fmt.Sprintf("a %s named %q exists (%s %d)", e.Kind, e.Name, e.Kind, e.ID)
}

// Is makes errors.Is(err, ErrNameTaken) true.
func (e *NameTakenError) Is(target error) bool { return target == ErrNameTaken }

// trimmedName trims a name; an empty one is a *TextError.
func trimmedName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", &TextError{"name", ErrEmptyText}
	}
	return name, nil
}

// takenName is the *NameTakenError for a UNIQUE failure on the name of a
// table's row (table is "groups" or "study_activities", never request text).
func takenName(ctx context.Context, tx *writeTx, table, name string, err error) error {
	var id int64
	if qerr := tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE name = ?`, name).Scan(&id); qerr != nil {
		return errors.Join(err, qerr)
	}
	kind := "group"
	if table == "study_activities" {
		kind = "study activity"
	}
	return &NameTakenError{Kind: kind, ID: id, Name: name}
}

// CreateGroup adds an empty group. A name in use is a *NameTakenError.
func (s *Store) CreateGroup(ctx context.Context, name string) (Group, error) {
	name, err := trimmedName(name)
	if err != nil {
		return Group{}, err
	}
	var g Group
	err = s.writeOnce(ctx, "create group", &g, func(ctx context.Context, tx *writeTx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO groups (name) VALUES (?) RETURNING id, name, word_count`, name).
			Scan(&g.ID, &g.Name, &g.WordCount)
		if isUniqueError(err) {
			return takenName(ctx, tx, "groups", name, err)
		}
		return err
	})
	if err != nil {
		return Group{}, fmt.Errorf("db: create group: %w", err)
	}
	return g, nil
}

// RenameGroup renames a group, and its sessions' kept group name with it.
// A name in use is a *NameTakenError; an unknown group a *NotFoundError.
func (s *Store) RenameGroup(ctx context.Context, id int64, name string) (Group, error) {
	name, err := trimmedName(name)
	if err != nil {
		return Group{}, err
	}
	var g Group
	err = s.writeOnce(ctx, "rename group", &g, func(ctx context.Context, tx *writeTx) error {
		err := tx.QueryRowContext(ctx, `UPDATE groups SET name = ? WHERE id = ? RETURNING id, name, word_count`, name, id).
			Scan(&g.ID, &g.Name, &g.WordCount)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return &NotFoundError{Kind: "group", ID: id}
		case isUniqueError(err):
			return takenName(ctx, tx, "groups", name, err)
		case err != nil:
			return err
		}
		// Sessions lists sort by the group's name, kept on session_stats.
		_, err = tx.ExecContext(ctx, `UPDATE session_stats SET group_name = ?
			WHERE session_id IN (SELECT id FROM study_sessions WHERE group_id = ?)`, name, id)
		return err
	})
	if err != nil {
		return Group{}, fmt.Errorf("db: rename group %d: %w", id, err)
	}
	return g, nil
}

// DeleteGroup deletes a group; its words stay. Its sessions go with their
// reviews only when confirmed (else a *ConfirmationError, and nothing is
// deleted), in one transaction that keeps every aggregate equal to a
// rebuild.
func (s *Store) DeleteGroup(ctx context.Context, id int64, confirmed bool) (SessionsDeleted, error) {
	var res SessionsDeleted
	err := s.writeOnce(ctx, "delete group", &res, func(ctx context.Context, tx *writeTx) error {
		if _, err := getGroup(ctx, tx, id); err != nil {
			return err
		}
		var err error
		if res, err = forgetSessions(ctx, tx, "group_id", reviewsOfGroup, id, confirmed); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM groups WHERE id = ?`, id) // word_groups rows go with it
		return err
	})
	if err != nil {
		return SessionsDeleted{}, fmt.Errorf("db: delete group %d: %w", id, err)
	}
	return res, nil
}

// GroupWordsAdded says what adding words to a group did.
type GroupWordsAdded struct {
	Added   int `json:"added"`   // words that joined the group
	Already int `json:"already"` // words that were in it
}

// AddWordsToGroup adds words to a group, in one transaction. An unknown
// group is a *NotFoundError, an unknown word a *MissingError (and nothing
// is added).
func (s *Store) AddWordsToGroup(ctx context.Context, groupID int64, wordIDs []int64) (GroupWordsAdded, error) {
	var res GroupWordsAdded
	err := s.writeOnce(ctx, "add group words", &res, func(ctx context.Context, tx *writeTx) error {
		res = GroupWordsAdded{}
		if _, err := getGroup(ctx, tx, groupID); err != nil {
			return err
		}
		for _, w := range wordIDs {
			r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO word_groups (word_id, group_id) VALUES (?, ?)`, w, groupID)
			if isForeignKeyError(err) {
				return &MissingError{Kind: "word", ID: w}
			}
			if err != nil {
				return fmt.Errorf("db: word %d: %w", w, err)
			}
			if n, _ := r.RowsAffected(); n == 1 {
				res.Added++
			} else {
				res.Already++
			}
		}
		return nil
	})
	if err != nil {
		return GroupWordsAdded{}, fmt.Errorf("db: add words to group %d: %w", groupID, err)
	}
	return res, nil
}

// ErrNotInGroup means a word that is not in the group it was to leave.
var ErrNotInGroup = errors.New("the word is not in the group")

// RemoveWordFromGroup takes a word out of a group; the word stays in the
// vocabulary. An unknown group is a *NotFoundError; a word not in it
// ErrNotInGroup.
func (s *Store) RemoveWordFromGroup(ctx context.Context, groupID, wordID int64) error {
	err := s.writeOnce(ctx, "remove group word", nil, func(ctx context.Context, tx *writeTx) error {
		if _, err := getGroup(ctx, tx, groupID); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM word_groups WHERE group_id = ? AND word_id = ?`, groupID, wordID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return ErrNotInGroup
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("db: remove word %d from group %d: %w", wordID, groupID, err)
	}
	return nil
}
