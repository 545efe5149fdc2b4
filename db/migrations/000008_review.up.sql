-- The Review activity: a session may study every group at once (group_id
-- NULL), new words are limited per learner day, and the learner's day
-- starts at an hour of their choosing.

CREATE TABLE study_sessions_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id          INTEGER REFERENCES groups (id), -- NULL: all groups (Review only)
    study_activity_id INTEGER NOT NULL REFERENCES study_activities (id),
    created_at        TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);
INSERT INTO study_sessions_new (id, group_id, study_activity_id, created_at)
SELECT id, group_id, study_activity_id, created_at FROM study_sessions;
DROP TABLE study_sessions;
ALTER TABLE study_sessions_new RENAME TO study_sessions;
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

ALTER TABLE settings ADD COLUMN new_per_day INTEGER NOT NULL DEFAULT 20 CHECK (new_per_day BETWEEN 0 AND 9999);
ALTER TABLE settings ADD COLUMN day_starts_at INTEGER NOT NULL DEFAULT 4 CHECK (day_starts_at BETWEEN 0 AND 23);

-- A word is introduced on the day of its first review: the new-word limit
-- counts the words first reviewed in the current learner day. Kept with the
-- memory; the next start fills it for existing rows.
ALTER TABLE word_memory ADD COLUMN first_review TEXT NOT NULL DEFAULT '';
CREATE INDEX word_memory_first_review ON word_memory (first_review);
UPDATE settings SET memory_built = 0 WHERE EXISTS (SELECT 1 FROM word_memory);

-- The new words (never reviewed) by id, so the queue's new words are an
-- index range, not a scan past every word already studied.
CREATE INDEX word_stats_new ON word_stats (word_id) WHERE correct_count = 0 AND wrong_count = 0;

-- Databases seeded before Review existed get it; a fresh one gets it from
-- the seed with the others.
INSERT INTO study_activities (name, description, url, thumbnail_url)
SELECT 'Review',
       'Study what the scheduler says is due: the words you are about to forget, then a few new ones each day. Across all groups or one.',
       '/review', '/static/img/review.svg'
WHERE EXISTS (SELECT 1 FROM study_activities) AND NOT EXISTS (SELECT 1 FROM study_activities WHERE url = '/review');
