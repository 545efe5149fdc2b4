-- Back to the keys of the core writes only: those of the vocabulary's
-- writes are dropped (a retry of one of them would write again).
CREATE TABLE idempotency_keys_old (
    key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    request     TEXT NOT NULL,
    resource    TEXT NOT NULL CHECK (resource IN ('study_session', 'review', 'review_batch', 'undo')),
    resource_id INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    response    TEXT
) WITHOUT ROWID;
INSERT INTO idempotency_keys_old (key, request, resource, resource_id, created_at, response)
SELECT key, request, resource, resource_id, created_at, response FROM idempotency_keys
WHERE resource IN ('study_session', 'review', 'review_batch', 'undo');
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_old RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
