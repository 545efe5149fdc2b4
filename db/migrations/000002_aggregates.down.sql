DROP TRIGGER word_review_items_count;
DROP TRIGGER study_sessions_stats_row;
DROP TRIGGER words_stats_row;
DROP TABLE session_stats;
DROP TABLE word_stats;
