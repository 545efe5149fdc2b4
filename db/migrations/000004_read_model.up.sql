-- Aggregates that keep every page proportional to what it shows, not to the
-- size of the learning record. Like 000002's, they are kept by triggers in
-- the transaction of each write, and Store.RebuildAggregates recomputes them
-- from the log.

-- session_stats also holds each session's sort keys, so that a sessions list
-- at any page and sort is one index scan.
ALTER TABLE session_stats ADD COLUMN started_at TEXT NOT NULL DEFAULT '';
ALTER TABLE session_stats ADD COLUMN group_name TEXT NOT NULL DEFAULT '';
ALTER TABLE session_stats ADD COLUMN activity_name TEXT NOT NULL DEFAULT '';
UPDATE session_stats SET
    started_at = (SELECT created_at FROM study_sessions WHERE id = session_id),
    group_name = (SELECT g.name FROM study_sessions s JOIN groups g ON g.id = s.group_id WHERE s.id = session_id),
    activity_name = (SELECT a.name FROM study_sessions s JOIN study_activities a ON a.id = s.study_activity_id WHERE s.id = session_id);
CREATE INDEX session_stats_started_at ON session_stats (started_at, session_id);
CREATE INDEX session_stats_group_order ON session_stats (group_name, started_at, session_id);
CREATE INDEX session_stats_activity_order ON session_stats (activity_name, started_at, session_id);
DROP INDEX session_stats_review_count;
DROP INDEX session_stats_ended_at;
CREATE INDEX session_stats_review_count ON session_stats (review_count, session_id);
CREATE INDEX session_stats_ended_at ON session_stats (ended_at, session_id);

DROP TRIGGER study_sessions_stats_row;
CREATE TRIGGER study_sessions_stats_row AFTER INSERT ON study_sessions
BEGIN
    INSERT INTO session_stats (session_id, ended_at, started_at, group_name, activity_name)
    VALUES (NEW.id, NEW.created_at, NEW.created_at,
            -- A missing group or activity is the foreign keys' to report.
            COALESCE((SELECT name FROM groups WHERE id = NEW.group_id), ''),
            COALESCE((SELECT name FROM study_activities WHERE id = NEW.study_activity_id), ''));
END;

-- A session is listed by an activity newest first.
CREATE INDEX study_sessions_activity_recent ON study_sessions (study_activity_id, created_at, id);
DROP INDEX study_sessions_study_activity_id;

-- learning_totals: the dashboard's sums, kept as word_stats and
-- study_sessions change. Mastered: at least 5 reviews, at least 80 % right.
CREATE TABLE learning_totals (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    reviews        INTEGER NOT NULL,
    correct        INTEGER NOT NULL,
    words_studied  INTEGER NOT NULL,
    words_mastered INTEGER NOT NULL,
    sessions       INTEGER NOT NULL
);
INSERT INTO learning_totals (id, reviews, correct, words_studied, words_mastered, sessions)
SELECT 1,
       COALESCE(SUM(correct_count + wrong_count), 0),
       COALESCE(SUM(correct_count), 0),
       COALESCE(SUM(correct_count + wrong_count > 0), 0),
       COALESCE(SUM(correct_count + wrong_count >= 5 AND correct_count * 100 >= (correct_count + wrong_count) * 80), 0),
       (SELECT COUNT(*) FROM study_sessions)
FROM word_stats;

CREATE TRIGGER word_stats_totals_insert AFTER INSERT ON word_stats
BEGIN
    UPDATE learning_totals SET
        reviews = reviews + NEW.correct_count + NEW.wrong_count,
        correct = correct + NEW.correct_count,
        words_studied = words_studied + (NEW.correct_count + NEW.wrong_count > 0),
        words_mastered = words_mastered + (NEW.correct_count + NEW.wrong_count >= 5 AND NEW.correct_count * 100 >= (NEW.correct_count + NEW.wrong_count) * 80);
END;

CREATE TRIGGER word_stats_totals_update AFTER UPDATE ON word_stats
BEGIN
    UPDATE learning_totals SET
        reviews = reviews + (NEW.correct_count + NEW.wrong_count) - (OLD.correct_count + OLD.wrong_count),
        correct = correct + NEW.correct_count - OLD.correct_count,
        words_studied = words_studied + (NEW.correct_count + NEW.wrong_count > 0) - (OLD.correct_count + OLD.wrong_count > 0),
        words_mastered = words_mastered
            + (NEW.correct_count + NEW.wrong_count >= 5 AND NEW.correct_count * 100 >= (NEW.correct_count + NEW.wrong_count) * 80)
            - (OLD.correct_count + OLD.wrong_count >= 5 AND OLD.correct_count * 100 >= (OLD.correct_count + OLD.wrong_count) * 80);
END;

CREATE TRIGGER word_stats_totals_delete AFTER DELETE ON word_stats
BEGIN
    UPDATE learning_totals SET
        reviews = reviews - OLD.correct_count - OLD.wrong_count,
        correct = correct - OLD.correct_count,
        words_studied = words_studied - (OLD.correct_count + OLD.wrong_count > 0),
        words_mastered = words_mastered - (OLD.correct_count + OLD.wrong_count >= 5 AND OLD.correct_count * 100 >= (OLD.correct_count + OLD.wrong_count) * 80);
END;

CREATE TRIGGER study_sessions_totals_insert AFTER INSERT ON study_sessions
BEGIN
    UPDATE learning_totals SET sessions = sessions + 1;
END;

CREATE TRIGGER study_sessions_totals_delete AFTER DELETE ON study_sessions
BEGIN
    UPDATE learning_totals SET sessions = sessions - 1;
END;

-- review_quarters: the quarter hours (since the Unix epoch: seconds / 900)
-- with at least one review. Every time zone's offset is a whole number of quarter
-- hours, so the streak can be counted in any zone from these.
CREATE TABLE review_quarters (quarter INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO review_quarters (quarter)
SELECT unixepoch(created_at) / 900 FROM word_review_items;

-- The streak reads review_quarters now: no page reads reviews by time, and
-- every review no longer pays for that index.
DROP INDEX word_review_items_created_at;

CREATE TRIGGER word_review_items_quarter AFTER INSERT ON word_review_items
BEGIN
    INSERT OR IGNORE INTO review_quarters (quarter)
    VALUES (unixepoch(NEW.created_at) / 900);
END;
