package db

import (
	"context"
	"database/sql"
	"fmt"
)

var sessionSorts = sortColumns{
	names: []string{"id", "activity", "group", "start", "end", "reviews"},
	orderBys: map[string][]string{
		"id": {"s.id"}, "activity": {"a.name", "s.created_at"}, "group": {"g.name", "s.created_at"},
		"start": {"s.created_at"}, "end": {"st.ended_at"}, "reviews": {"st.review_count"},
	},
	tieBreak: "s.id",
}

// SessionSorts lists the columns session lists sort by, the default first.
func SessionSorts() []string { return sessionSorts.Names() }

// sessionSource is a set of sessions: a WHERE clause and its count query.
type sessionSource struct{ where, count string }

var (
	allSessions      = sessionSource{where: ``, count: `SELECT COUNT(*) FROM study_sessions`}
	groupSessions    = sessionSource{where: `WHERE s.group_id = ?`, count: `SELECT COUNT(*) FROM study_sessions WHERE group_id = ?`}
	activitySessions = sessionSource{
		where: `WHERE s.study_activity_id = ?`,
		count: `SELECT COUNT(*) FROM study_sessions WHERE study_activity_id = ?`,
	}
)

const sessionColumns = `
	SELECT s.id, s.group_id, g.name, s.study_activity_id, a.name, a.url, s.created_at,
	       st.ended_at, st.review_count, st.correct_count
	FROM study_sessions s
	JOIN groups g ON g.id = s.group_id
	JOIN study_activities a ON a.id = s.study_activity_id
	JOIN session_stats st ON st.session_id = s.id `

func scanSession(row interface{ Scan(...any) error }) (SessionSummary, error) {
	var ss SessionSummary
	err := row.Scan(&ss.ID, &ss.GroupID, &ss.GroupName, &ss.StudyActivityID, &ss.ActivityName, &ss.ActivityURL,
		&ss.StartTime, &ss.EndTime, &ss.ReviewItemsCount, &ss.CorrectCount)
	ss.WrongCount = ss.ReviewItemsCount - ss.CorrectCount
	return ss, err
}

// ListStudySessions returns a page of all sessions.
func (s *Store) ListStudySessions(ctx context.Context, q ListQuery) (List[SessionSummary], error) {
	var list List[SessionSummary]
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = listSessions(ctx, tx, q, allSessions)
		return err
	})
	return list, err
}

func listSessions(ctx context.Context, qr querier, q ListQuery, from sessionSource, args ...any) (List[SessionSummary], error) {
	q = q.normalize()
	orderBy, err := sessionSorts.orderBy(q)
	if err != nil {
		return List[SessionSummary]{}, err
	}
	var total int
	if err := qr.QueryRowContext(ctx, from.count, args...).Scan(&total); err != nil {
		return List[SessionSummary]{}, fmt.Errorf("db: count sessions: %w", err)
	}
	rows, err := qr.QueryContext(ctx, sessionColumns+from.where+` ORDER BY `+orderBy+` LIMIT ? OFFSET ?`,
		append(args, q.PerPage, q.offset())...)
	if err != nil {
		return List[SessionSummary]{}, fmt.Errorf("db: list sessions: %w", err)
	}
	defer rows.Close()
	var items []SessionSummary
	for rows.Next() {
		ss, err := scanSession(rows)
		if err != nil {
			return List[SessionSummary]{}, fmt.Errorf("db: list sessions: %w", err)
		}
		items = append(items, ss)
	}
	if err := rows.Err(); err != nil {
		return List[SessionSummary]{}, fmt.Errorf("db: list sessions: %w", err)
	}
	return newList(items, q, total), nil
}
