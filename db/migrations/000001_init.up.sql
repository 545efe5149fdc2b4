-- The vocabulary inventory and the learning record store.
-- Times are UTC text with millisecond precision ('2026-11-26T18:19:04.123Z'):
-- they sort as text and SQLite's date functions read them.

CREATE TABLE words (
    id       INTEGER PRIMARY KEY,
    japanese TEXT NOT NULL CHECK (japanese <> ''),
    romaji   TEXT NOT NULL CHECK (romaji <> ''),
    english  TEXT NOT NULL CHECK (english <> ''),
    parts    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parts)),
    UNIQUE (japanese, romaji, english)
);
CREATE INDEX words_romaji ON words (romaji);
CREATE INDEX words_english ON words (english);

CREATE TABLE groups (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
);

CREATE TABLE word_groups (
    word_id  INTEGER NOT NULL REFERENCES words (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (word_id, group_id)
) WITHOUT ROWID;
CREATE INDEX word_groups_group_id ON word_groups (group_id, word_id);

CREATE TABLE study_activities (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (name <> ''),
    description   TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL CHECK (url <> ''),
    thumbnail_url TEXT NOT NULL DEFAULT ''
);

CREATE TABLE study_sessions (
    id                INTEGER PRIMARY KEY,
    group_id          INTEGER NOT NULL REFERENCES groups (id),
    study_activity_id INTEGER NOT NULL REFERENCES study_activities (id),
    created_at        TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);
CREATE INDEX study_sessions_group_id ON study_sessions (group_id, created_at);
CREATE INDEX study_sessions_study_activity_id ON study_sessions (study_activity_id, created_at);
CREATE INDEX study_sessions_created_at ON study_sessions (created_at, id);

CREATE TABLE word_review_items (
    id               INTEGER PRIMARY KEY,
    study_session_id INTEGER NOT NULL REFERENCES study_sessions (id) ON DELETE CASCADE,
    word_id          INTEGER NOT NULL REFERENCES words (id),
    correct          INTEGER NOT NULL CHECK (correct IN (0, 1)),
    created_at       TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);
CREATE INDEX word_review_items_study_session_id ON word_review_items (study_session_id, word_id);
CREATE INDEX word_review_items_word_id ON word_review_items (word_id);
CREATE INDEX word_review_items_created_at ON word_review_items (created_at);
