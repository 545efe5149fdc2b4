package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
