-- Every word has a reading in kana, and what the vocabulary pages need of
-- its text: sort_key (the reading's gojūon key, that sort=japanese orders
-- by), search (its four fields folded, to check long queries) and its
-- search terms. All are computed in Go (db/kana) on every write of a word:
-- SQL cannot derive a reading from romaji, so the rows that exist now get
-- theirs at the next start, where the partial index words_unfilled finds
-- them at no cost.
ALTER TABLE words ADD COLUMN reading TEXT NOT NULL DEFAULT '';
ALTER TABLE words ADD COLUMN search TEXT NOT NULL DEFAULT '';
ALTER TABLE words ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';

CREATE INDEX words_unfilled ON words (id) WHERE reading = '' OR search = '' OR sort_key = '';
CREATE INDEX words_sort_key ON words (sort_key);

-- word_terms: the strings a search finds a word by, each the start of a
-- match: every suffix of the japanese and of the reading (so that any part
-- of them is a prefix of one), and of the romaji and the English from the
-- start of each of their words; folded (case, script, width, ー) and cut to
-- 16 characters. A search is one range of this index per spelling of the
-- query: q <= term < q || x'FF'. No foreign key: the program takes a word's
-- terms out with it (a cascade would need a second index on word_id, and
-- double the cost of an import).
CREATE TABLE word_terms (
    term    TEXT NOT NULL,
    word_id INTEGER NOT NULL,
    PRIMARY KEY (term, word_id)
) WITHOUT ROWID;
