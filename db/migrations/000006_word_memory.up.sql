-- Every word's memory (FSRS-6), an aggregate of the review log like the
-- counts: kept in the transaction of every write that changes a word's
-- reviews, and rebuilt from the log by Store.RebuildAggregates. SQL cannot
-- run the scheduler, so the rows of existing reviews are computed at the
-- next start (settings.memory_built = 0 asks for it).
CREATE TABLE word_memory (
    word_id     INTEGER PRIMARY KEY REFERENCES words (id) ON DELETE CASCADE,
    state       INTEGER NOT NULL CHECK (state IN (1, 2, 3)), -- learning, review, relearning
    step        INTEGER CHECK ((state = 2) = (step IS NULL)),
    stability   REAL NOT NULL CHECK (stability > 0),
    difficulty  REAL NOT NULL CHECK (difficulty BETWEEN 1 AND 10),
    due         TEXT NOT NULL,
    last_review TEXT NOT NULL,
    reps        INTEGER NOT NULL CHECK (reps > 0),
    lapses      INTEGER NOT NULL CHECK (lapses >= 0)
);
CREATE INDEX word_memory_due ON word_memory (due, word_id);

-- The learner's settings: one row, each value checked here as well as by
-- the program.
CREATE TABLE settings (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    desired_retention REAL NOT NULL DEFAULT 0.9 CHECK (desired_retention BETWEEN 0.70 AND 0.99),
    memory_built      INTEGER NOT NULL DEFAULT 0 CHECK (memory_built IN (0, 1))
);
INSERT INTO settings (id, memory_built)
VALUES (1, NOT EXISTS (SELECT 1 FROM word_review_items));

-- review_quarters counts its reviews, so that taking one review out (an
-- undo, a deleted word) can drop the quarter when it was the last.
DROP TRIGGER word_review_items_quarter;
DROP TABLE review_quarters;
CREATE TABLE review_quarters (
    quarter INTEGER PRIMARY KEY,
    reviews INTEGER NOT NULL CHECK (reviews > 0),
    correct INTEGER NOT NULL CHECK (correct BETWEEN 0 AND reviews)
);
INSERT INTO review_quarters (quarter, reviews, correct)
SELECT unixepoch(created_at) / 900, COUNT(*), SUM(correct) FROM word_review_items GROUP BY 1;
CREATE TRIGGER word_review_items_quarter AFTER INSERT ON word_review_items
BEGIN
    INSERT INTO review_quarters (quarter, reviews, correct)
    VALUES (unixepoch(NEW.created_at) / 900, 1, NEW.correct)
    ON CONFLICT (quarter) DO UPDATE SET reviews = reviews + 1, correct = correct + excluded.correct;
END;

-- Undo and review batches are retried safely too: a key may stand for a
-- batch (resource_id: its first review) or an undo, whose answer (the row
-- it deleted) is kept with the key since the row itself is gone.
CREATE TABLE idempotency_keys_new (
    key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    request     TEXT NOT NULL,
    resource    TEXT NOT NULL CHECK (resource IN ('study_session', 'review', 'review_batch', 'undo')),
    resource_id INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    response    TEXT
) WITHOUT ROWID;
INSERT INTO idempotency_keys_new (key, request, resource, resource_id, created_at)
SELECT key, request, resource, resource_id, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
