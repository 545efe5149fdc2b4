DELETE FROM word_review_items WHERE study_session_id IN (
    SELECT s.id FROM study_sessions s JOIN study_activities a ON a.id = s.study_activity_id WHERE a.url = '/typing');
UPDATE settings SET memory_built = 0;
DELETE FROM study_sessions WHERE study_activity_id IN (SELECT id FROM study_activities WHERE url = '/typing');
DELETE FROM study_activities WHERE url = '/typing';

ALTER TABLE settings DROP COLUMN typing_prompt;
ALTER TABLE settings DROP COLUMN round_size;
ALTER TABLE settings DROP COLUMN direction;
ALTER TABLE settings DROP COLUMN show_romaji;

ALTER TABLE word_review_items DROP COLUMN expected;
ALTER TABLE word_review_items DROP COLUMN answer;

ALTER TABLE study_sessions DROP COLUMN options;
