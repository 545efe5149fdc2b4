DROP TABLE word_review_items;
DROP TABLE study_sessions;
DROP TABLE study_activities;
DROP TABLE word_groups;
DROP TABLE groups;
DROP TABLE words;
