-- Idempotency keys make the two write endpoints safe to retry: a key is
-- stored in the same transaction as the write it protects, with what the
-- request asked for and the row it created.
CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    request     TEXT NOT NULL,
    resource    TEXT NOT NULL CHECK (resource IN ('study_session', 'review')),
    resource_id INTEGER NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
