-- The vocabulary's writes (words, groups, external apps) are retried safely
-- too, from an Idempotency-Key or a form's one-time token: their keys keep
-- the write's answer (response), as an undo's do. SQLite cannot change a
-- CHECK in place: the table is made again with the wider list.
CREATE TABLE idempotency_keys_new (
    key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    request     TEXT NOT NULL,
    resource    TEXT NOT NULL CHECK (resource IN ('study_session', 'review', 'review_batch', 'undo',
        'create word', 'update word', 'delete word', 'create group', 'rename group', 'delete group',
        'add group words', 'remove group word', 'create activity', 'update activity', 'delete activity')),
    resource_id INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    response    TEXT
) WITHOUT ROWID;
INSERT INTO idempotency_keys_new (key, request, resource, resource_id, created_at, response)
SELECT key, request, resource, resource_id, created_at, response FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
