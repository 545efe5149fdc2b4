CREATE TABLE idempotency_keys_old (
    key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    request     TEXT NOT NULL,
    resource    TEXT NOT NULL CHECK (resource IN ('study_session', 'review')),
    resource_id INTEGER NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO idempotency_keys_old (key, request, resource, resource_id, created_at)
SELECT key, request, resource, resource_id, created_at FROM idempotency_keys
WHERE resource IN ('study_session', 'review');
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_old RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

DROP TRIGGER word_review_items_quarter;
DROP TABLE review_quarters;
CREATE TABLE review_quarters (quarter INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO review_quarters (quarter)
SELECT unixepoch(created_at) / 900 FROM word_review_items;
CREATE TRIGGER word_review_items_quarter AFTER INSERT ON word_review_items
BEGIN
    INSERT OR IGNORE INTO review_quarters (quarter)
    VALUES (unixepoch(NEW.created_at) / 900);
END;

DROP TABLE settings;
DROP TABLE word_memory;
