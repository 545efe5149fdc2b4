DROP INDEX word_review_items_session_order;
DROP TRIGGER word_groups_count_update;
DROP TRIGGER word_groups_count_delete;
DROP TRIGGER word_groups_count_insert;
ALTER TABLE groups DROP COLUMN words_version;
ALTER TABLE groups DROP COLUMN word_count;
