DELETE FROM study_sessions WHERE group_id IS NULL; -- all-groups sessions cannot be kept
DELETE FROM study_sessions WHERE study_activity_id IN (SELECT id FROM study_activities WHERE url = '/review');
DELETE FROM study_activities WHERE url = '/review';

DROP INDEX word_stats_new;
DROP INDEX word_memory_first_review;
ALTER TABLE word_memory DROP COLUMN first_review;
ALTER TABLE settings DROP COLUMN day_starts_at;
ALTER TABLE settings DROP COLUMN new_per_day;

CREATE TABLE study_sessions_old (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id          INTEGER NOT NULL REFERENCES groups (id),
    study_activity_id INTEGER NOT NULL REFERENCES study_activities (id),
    created_at        TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);
INSERT INTO study_sessions_old (id, group_id, study_activity_id, created_at)
SELECT id, group_id, study_activity_id, created_at FROM study_sessions;
DROP TABLE study_sessions;
ALTER TABLE study_sessions_old RENAME TO study_sessions;
CREATE INDEX study_sessions_group_id ON study_sessions (group_id, created_at);
CREATE INDEX study_sessions_created_at ON study_sessions (created_at, id);
CREATE INDEX study_sessions_activity_recent ON study_sessions (study_activity_id, created_at, id);

CREATE TRIGGER study_sessions_stats_row AFTER INSERT ON study_sessions
BEGIN
    INSERT INTO session_stats (session_id, ended_at, started_at, group_name, activity_name)
    VALUES (NEW.id, NEW.created_at, NEW.created_at,
            COALESCE((SELECT name FROM groups WHERE id = NEW.group_id), ''),
            COALESCE((SELECT name FROM study_activities WHERE id = NEW.study_activity_id), ''));
END;

CREATE TRIGGER study_sessions_totals_insert AFTER INSERT ON study_sessions
BEGIN
    UPDATE learning_totals SET sessions = sessions + 1;
END;

CREATE TRIGGER study_sessions_totals_delete AFTER DELETE ON study_sessions
BEGIN
    UPDATE learning_totals SET sessions = sessions - 1;
END;
