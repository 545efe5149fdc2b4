package db

import (
	"encoding/json"
)

// Word is a vocabulary entry with its review counts.
type Word struct {
	ID           int64           `json:"id"`
	Japanese     string          `json:"japanese"`
	Romaji       string          `json:"romaji"`
	English      string          `json:"english"`
	Parts        json.RawMessage `json:"parts"`
	CorrectCount int             `json:"correct_count"`
	WrongCount   int             `json:"wrong_count"`
}

// Part is one piece of a word's writing with its readings.
type Part struct {
	Kanji  string   `json:"kanji"`
	Romaji []string `json:"romaji"`
}

// PartList decodes the word's parts. Parts in another shape than
// [{"kanji", "romaji": [...]}] give an empty list: they are shown as stored
// only in JSON.
func (w Word) PartList() []Part {
	var parts []Part
	if err := json.Unmarshal(w.Parts, &parts); err != nil {
		return nil
	}
	return parts
}
