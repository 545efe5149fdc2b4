package views

import (
	"fmt"

	"langportal/db"
	"langportal/db/studymode"
)

// TypingScripts are the scripts of a Typing page: wanakana, then ours that
// binds it to the answer field and plays the listening prompt.
var TypingScripts = []string{"wanakana.min.js", "typing.js"}

// HasOption reports whether the launch form has a control for the option
// field (the chosen activity has it), where its message is shown.
func (f LaunchForm) HasOption(field string) bool {
	if f.Activity == nil {
		return false
	}
	switch db.ActivityKind(f.Activity.URL) {
	case studymode.Flashcards:
		return field == studymode.Direction || field == studymode.RoundSize
	case studymode.Typing:
		return field == studymode.Prompt
	}
	return false
}

// launchKind is the kind of the launch form's activity.
func (f LaunchForm) launchKind() studymode.Kind {
	if f.Activity == nil {
		return studymode.Other
	}
	return db.ActivityKind(f.Activity.URL)
}

// choice is one value of an option, with its label and help.
type choice struct {
	value, label, help string
}

var directionChoices = []choice{
	{studymode.JapaneseFirst, "Japanese → English", "See the Japanese, recall the reading and meaning."},
	{studymode.EnglishFirst, "English → Japanese", "See the English, recall the Japanese."},
}

var roundSizeChoices = []choice{
	{"10", "10 words", ""}, {"20", "20 words", ""}, {"50", "50 words", ""}, {studymode.AllWords, "Every word", ""},
}

var promptChoices = []choice{
	{studymode.PromptReading, "Reading", "See the Japanese, type its reading (kana or romaji)."},
	{studymode.PromptProduction, "Production", "See the English, type the Japanese reading."},
	{studymode.PromptMeaning, "Meaning", "See the Japanese, type the English."},
	{studymode.PromptListening, "Listening", "Hear the word, type its reading."},
}

// launchPrompt is the prompt to preselect on the launch page: listening
// needs JavaScript and a Japanese voice, which the page cannot know, so
// it starts on reading and typing.js moves to listening when it can.
func launchPrompt(o studymode.Options) string {
	if o.Prompt == studymode.PromptListening {
		return studymode.PromptReading
	}
	return o.Prompt
}

// typingPrompt is what a Typing card asks for. A listening card asks for
// the reading of the word it shows until typing.js finds a voice.
func typingPrompt(o studymode.Options) string {
	switch o.Prompt {
	case studymode.PromptProduction:
		return "Type the reading of the Japanese for"
	case studymode.PromptMeaning:
		return "Type the meaning in English of"
	}
	return "Type the reading of"
}

// showsEnglish reports whether a Typing card shows the English (production).
func showsEnglish(o studymode.Options) bool { return o.Prompt == studymode.PromptProduction }

// typesKana reports whether the answer is a reading (wanakana converts
// romaji as it is typed), not an English meaning.
func typesKana(o studymode.Options) bool { return !o.GradesMeaning() }

// resultPath is where Next goes: the session's next card.
func resultNext(c Card) string { return StudySessionPath(c.SessionID) }

// deref is a stored text, "" for none.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// answerLang is the language of a Typing session's answers.
func answerLang(o studymode.Options) string {
	if o.GradesMeaning() {
		return "en"
	}
	return "ja"
}

// cardProgress is the round's progress text: with a typed answer's result
// shown, the card answered is counted as done.
func cardProgress(c Card) string {
	if c.Result != nil {
		return fmt.Sprintf("%d of %d", c.Answered, c.Total)
	}
	return progressText(c.Flashcard)
}
