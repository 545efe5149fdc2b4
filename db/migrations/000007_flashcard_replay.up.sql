-- What the next flashcard needs to cost O(log n) on a big group: a group's
-- word count and a version of its membership read from its row, and a
-- session's reviews by id. Like 000002's aggregates, the count and version
-- are kept by triggers in the transaction of each write.

-- word_count replaces a COUNT over the group's words (O(group) per read);
-- words_version changes with every word added to or removed from the group,
-- so a flashcard replay kept in memory knows when the group it shuffled is
-- no longer the group.
ALTER TABLE groups ADD COLUMN word_count INTEGER NOT NULL DEFAULT 0 CHECK (word_count >= 0);
ALTER TABLE groups ADD COLUMN words_version INTEGER NOT NULL DEFAULT 0;
UPDATE groups SET word_count = (SELECT COUNT(*) FROM word_groups WHERE group_id = groups.id);
UPDATE groups SET words_version = word_count;

CREATE TRIGGER word_groups_count_insert AFTER INSERT ON word_groups
BEGIN
    UPDATE groups SET word_count = word_count + 1, words_version = words_version + 1
    WHERE id = NEW.group_id;
END;

CREATE TRIGGER word_groups_count_delete AFTER DELETE ON word_groups
BEGIN
    UPDATE groups SET word_count = word_count - 1, words_version = words_version + 1
    WHERE id = OLD.group_id;
END;

CREATE TRIGGER word_groups_count_update AFTER UPDATE ON word_groups
BEGIN
    UPDATE groups SET word_count = word_count - 1, words_version = words_version + 1
    WHERE id = OLD.group_id;
    UPDATE groups SET word_count = word_count + 1, words_version = words_version + 1
    WHERE id = NEW.group_id;
END;

-- A session's reviews after a given one, and its latest, in one index range.
CREATE INDEX word_review_items_session_order ON word_review_items (study_session_id, id);
