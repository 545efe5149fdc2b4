DROP TRIGGER word_review_items_quarter;
CREATE INDEX word_review_items_created_at ON word_review_items (created_at);
DROP TABLE review_quarters;
DROP TRIGGER study_sessions_totals_delete;
DROP TRIGGER study_sessions_totals_insert;
DROP TRIGGER word_stats_totals_delete;
DROP TRIGGER word_stats_totals_update;
DROP TRIGGER word_stats_totals_insert;
DROP TABLE learning_totals;

CREATE INDEX study_sessions_study_activity_id ON study_sessions (study_activity_id, created_at);
DROP INDEX study_sessions_activity_recent;

DROP TRIGGER study_sessions_stats_row;
CREATE TRIGGER study_sessions_stats_row AFTER INSERT ON study_sessions
BEGIN
    INSERT INTO session_stats (session_id, ended_at) VALUES (NEW.id, NEW.created_at);
END;

DROP INDEX session_stats_ended_at;
DROP INDEX session_stats_review_count;
CREATE INDEX session_stats_review_count ON session_stats (review_count);
CREATE INDEX session_stats_ended_at ON session_stats (ended_at);
DROP INDEX session_stats_activity_order;
DROP INDEX session_stats_group_order;
DROP INDEX session_stats_started_at;
ALTER TABLE session_stats DROP COLUMN activity_name;
ALTER TABLE session_stats DROP COLUMN group_name;
ALTER TABLE session_stats DROP COLUMN started_at;
