DROP TABLE word_terms;
DROP INDEX words_sort_key;
DROP INDEX words_unfilled;
ALTER TABLE words DROP COLUMN sort_key;
ALTER TABLE words DROP COLUMN search;
ALTER TABLE words DROP COLUMN reading;
