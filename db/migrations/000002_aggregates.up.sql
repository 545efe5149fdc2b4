-- Aggregates kept for speed. word_review_items is the source of truth: these
-- tables are kept by triggers in the same transaction as every write, and
-- Store.RebuildAggregates recomputes them from the log.

CREATE TABLE word_stats (
    word_id       INTEGER PRIMARY KEY REFERENCES words (id) ON DELETE CASCADE,
    correct_count INTEGER NOT NULL DEFAULT 0 CHECK (correct_count >= 0),
    wrong_count   INTEGER NOT NULL DEFAULT 0 CHECK (wrong_count >= 0)
);
CREATE INDEX word_stats_correct ON word_stats (correct_count);
CREATE INDEX word_stats_wrong ON word_stats (wrong_count);

CREATE TABLE session_stats (
    session_id    INTEGER PRIMARY KEY REFERENCES study_sessions (id) ON DELETE CASCADE,
    review_count  INTEGER NOT NULL DEFAULT 0 CHECK (review_count >= 0),
    correct_count INTEGER NOT NULL DEFAULT 0 CHECK (correct_count >= 0),
    ended_at      TEXT NOT NULL -- the last review's time, or the session's start
);
CREATE INDEX session_stats_review_count ON session_stats (review_count);
CREATE INDEX session_stats_ended_at ON session_stats (ended_at);

INSERT INTO word_stats (word_id, correct_count, wrong_count)
SELECT w.id, COALESCE(SUM(r.correct), 0), COUNT(r.id) - COALESCE(SUM(r.correct), 0)
FROM words w LEFT JOIN word_review_items r ON r.word_id = w.id
GROUP BY w.id;

INSERT INTO session_stats (session_id, review_count, correct_count, ended_at)
SELECT s.id, COUNT(r.id), COALESCE(SUM(r.correct), 0), COALESCE(MAX(r.created_at), s.created_at)
FROM study_sessions s LEFT JOIN word_review_items r ON r.study_session_id = s.id
GROUP BY s.id;

CREATE TRIGGER words_stats_row AFTER INSERT ON words
BEGIN
    INSERT INTO word_stats (word_id) VALUES (NEW.id);
END;

CREATE TRIGGER study_sessions_stats_row AFTER INSERT ON study_sessions
BEGIN
    INSERT INTO session_stats (session_id, ended_at) VALUES (NEW.id, NEW.created_at);
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

-- Reviews are an append-only log: nothing deletes one but a reset, which
-- deletes the sessions (their stats go with them) and zeroes word_stats in
-- the same transaction.
