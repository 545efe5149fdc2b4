-- Back to plain INTEGER PRIMARY KEY ids (which SQLite may reuse after the
-- largest rows are deleted), keeping every row.

CREATE TABLE study_sessions_new (
    id                INTEGER PRIMARY KEY,
    group_id          INTEGER NOT NULL REFERENCES groups (id),
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

CREATE TABLE word_review_items_new (
    id               INTEGER PRIMARY KEY,
    study_session_id INTEGER NOT NULL REFERENCES study_sessions (id) ON DELETE CASCADE,
    word_id          INTEGER NOT NULL REFERENCES words (id),
    correct          INTEGER NOT NULL CHECK (correct IN (0, 1)),
    created_at       TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);
INSERT INTO word_review_items_new (id, study_session_id, word_id, correct, created_at)
SELECT id, study_session_id, word_id, correct, created_at FROM word_review_items;
DROP TABLE word_review_items;
ALTER TABLE word_review_items_new RENAME TO word_review_items;
CREATE INDEX word_review_items_study_session_id ON word_review_items (study_session_id, word_id);
CREATE INDEX word_review_items_word_id ON word_review_items (word_id);

-- The triggers went with the old tables; they come back unchanged.
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

CREATE TRIGGER word_review_items_count AFTER INSERT ON word_review_items
BEGIN
    UPDATE word_stats
    SET correct_count = correct_count + NEW.correct,
        wrong_count = wrong_count + 1 - NEW.correct
    WHERE word_id = NEW.word_id;
    UPDATE session_stats
    SET review_count = review_count + 1,
        correct_count = correct_count + NEW.correct,
        ended_at = max(ended_at, NEW.created_at)
    WHERE session_id = NEW.study_session_id;
END;

CREATE TRIGGER word_review_items_quarter AFTER INSERT ON word_review_items
BEGIN
    INSERT OR IGNORE INTO review_quarters (quarter)
    VALUES (unixepoch(NEW.created_at) / 900);
END;
