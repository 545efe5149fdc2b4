-- Study modes (SPEC "Study modes"): a session keeps the options it was
-- launched with (Flashcards' direction and round size, Typing's prompt) as
-- a JSON object; a typed answer is kept with its review, with what it was
-- graded against; the learner's study-mode defaults and the choice to hide
-- romaji are settings; and Typing is a built-in activity.
ALTER TABLE study_sessions ADD COLUMN options TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(options) AND json_type(options) = 'object');

ALTER TABLE word_review_items ADD COLUMN answer TEXT
    CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 200);
ALTER TABLE word_review_items ADD COLUMN expected TEXT
    CHECK ((answer IS NULL) = (expected IS NULL));

ALTER TABLE settings ADD COLUMN show_romaji INTEGER NOT NULL DEFAULT 1 CHECK (show_romaji IN (0, 1));
ALTER TABLE settings ADD COLUMN direction TEXT NOT NULL DEFAULT 'ja-en' CHECK (direction IN ('ja-en', 'en-ja'));
ALTER TABLE settings ADD COLUMN round_size TEXT NOT NULL DEFAULT 'all' CHECK (round_size IN ('10', '20', '50', 'all'));
ALTER TABLE settings ADD COLUMN typing_prompt TEXT NOT NULL DEFAULT 'reading'
    CHECK (typing_prompt IN ('reading', 'production', 'meaning', 'listening'));

-- Databases seeded before Typing existed get it; a fresh one gets it from
-- the seed with the others.
INSERT INTO study_activities (name, description, url, thumbnail_url)
SELECT 'Typing',
       'Type the answer and the portal grades it: the reading of a Japanese word (in kana or romaji), the Japanese for an English meaning, the meaning of a Japanese word, or the reading of a word you hear.',
       '/typing', '/static/img/typing.svg'
WHERE EXISTS (SELECT 1 FROM study_activities) AND NOT EXISTS (SELECT 1 FROM study_activities WHERE url = '/typing');
