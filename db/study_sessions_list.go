package db

import (
	"context"
	"database/sql"
	"fmt"
)

// The sessions list sorts on session_stats alone, which holds each
// session's sort keys: any page in any order is one index scan for the ids
// of the page, then a join for those rows only.
var sessionSorts = sortColumns{
	names: []string{"id", "activity", "group", "start", "end", "reviews"},
	orderBys: map[string][]string{
		"id": {"st.session_id"}, "activity": {"st.activity_name", "st.started_at"},
		"group": {"st.group_name", "st.started_at"}, "start": {"st.started_at"},
		"end": {"st.ended_at"}, "reviews": {"st.review_count"},
	},
	tieBreak: "st.session_id",
}

// SessionSorts lists the columns the sessions list sorts by, the default first.
func SessionSorts() []string { return sessionSorts.Names() }

const sessionColumns = `
	SELECT s.id, s.group_id, COALESCE(g.name, ''), s.study_activity_id, a.name, a.url, s.created_at,
	       st.ended_at, st.review_count, st.correct_count
	FROM study_sessions s
	LEFT JOIN groups g ON g.id = s.group_id
	JOIN study_activities a ON a.id = s.study_activity_id
	JOIN session_stats st ON st.session_id = s.id `

func scanSession(row interface{ Scan(...any) error }) (SessionSummary, error) {
	var ss SessionSummary
	err := row.Scan(&ss.ID, &ss.GroupID, &ss.GroupName, &ss.StudyActivityID, &ss.ActivityName, &ss.ActivityURL,
		&ss.StartTime, &ss.EndTime, &ss.ReviewItemsCount, &ss.CorrectCount)
	ss.WrongCount = ss.ReviewItemsCount - ss.CorrectCount
	return ss, err
}

// ListStudySessions returns a page of all sessions in the order q asks for.
func (s *Store) ListStudySessions(ctx context.Context, q ListQuery) (List[SessionSummary], error) {
	q = q.normalize()
	orderBy, err := sessionSorts.orderBy(q)
	if err != nil {
		return List[SessionSummary]{}, err
	}
	var list List[SessionSummary]
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, `SELECT sessions FROM learning_totals`).Scan(&total); err != nil {
			return fmt.Errorf("db: count sessions: %w", err)
		}
		items, err := scanSessions(tx.QueryContext(ctx, sessionColumns+`
			JOIN (SELECT st.session_id AS id FROM session_stats st ORDER BY `+orderBy+` LIMIT ? OFFSET ?) page
			  ON page.id = s.id
			ORDER BY `+orderBy, q.PerPage, q.offset()))
		list = newList(items, q, total)
		return err
	})
	return list, err
}

// sessionOwner is what a set of sessions listed newest first belongs to.
type sessionOwner string

const (
	groupSessions    sessionOwner = "group_id"
	activitySessions sessionOwner = "study_activity_id"
)

// listRecentSessions returns a page of one group's or activity's sessions,
// newest first.
func listRecentSessions(ctx context.Context, qr querier, q ListQuery, owner sessionOwner, id int64) (List[SessionSummary], error) {
	q = q.normalize()
	column := string(owner) // one of the two constants above, never request text
	var total int
	if err := qr.QueryRowContext(ctx, `SELECT COUNT(*) FROM study_sessions WHERE `+column+` = ?`, id).Scan(&total); err != nil {
		return List[SessionSummary]{}, fmt.Errorf("db: count sessions: %w", err)
	}
	items, err := scanSessions(qr.QueryContext(ctx, sessionColumns+`
		JOIN (SELECT id FROM study_sessions WHERE `+column+` = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?) page
		  ON page.id = s.id
		ORDER BY s.created_at DESC, s.id DESC`, id, q.PerPage, q.offset()))
	if err != nil {
		return List[SessionSummary]{}, err
	}
	return newList(items, q, total), nil
}

func scanSessions(rows *sql.Rows, err error) ([]SessionSummary, error) {
	if err != nil {
		return nil, fmt.Errorf("db: list sessions: %w", err)
	}
	defer rows.Close()
	var items []SessionSummary
	for rows.Next() {
		ss, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("db: list sessions: %w", err)
		}
		items = append(items, ss)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: list sessions: %w", err)
	}
	return items, nil
}
