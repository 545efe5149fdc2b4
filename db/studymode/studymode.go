// Package studymode holds the options a study session is launched with:
// which options each built-in activity knows, their values and defaults,
// and the check of the options a caller sent.
package studymode

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Kind is what a session's activity is, as far as options go.
type Kind int

// The kinds of activity: only Flashcards and Typing have options.
const (
	Other Kind = iota // Review, external apps: no option
	Flashcards
	Typing
)

// Option names, as sent with POST /study_sessions.
const (
	Direction = "direction"
	RoundSize = "round_size"
	Prompt    = "prompt"
)

// Values of the options.
const (
	JapaneseFirst = "ja-en"
	EnglishFirst  = "en-ja"

	AllWords = "all"

	PromptReading    = "reading"
	PromptProduction = "production"
	PromptMeaning    = "meaning"
	PromptListening  = "listening"
)

// Directions, RoundSizes and Prompts are the values each option takes, the
// default first.
var (
	Directions = []string{JapaneseFirst, EnglishFirst}
	RoundSizes = []string{AllWords, "10", "20", "50"}
	Prompts    = []string{PromptReading, PromptProduction, PromptMeaning, PromptListening}
)

// Names lists every option name of every activity.
func Names() []string { return []string{Direction, RoundSize, Prompt} }

// Options are a session's options. An option its activity does not know is
// empty, and left out of JSON: Flashcards' are {"direction", "round_size"},
// Typing's {"prompt"}, the others' {}.
type Options struct {
	Direction string `json:"direction,omitempty"`
	RoundSize string `json:"round_size,omitempty"`
	Prompt    string `json:"prompt,omitempty"`
}

// Size is the number of words a round takes; 0 is every word.
func (o Options) Size() int {
	n, err := strconv.Atoi(o.RoundSize)
	if err != nil {
		return 0
	}
	return n
}

// EnglishFirst reports whether a card shows the English first.
func (o Options) EnglishFirst() bool { return o.Direction == EnglishFirst }

// GradesMeaning reports whether typed answers are graded against the English.
func (o Options) GradesMeaning() bool { return o.Prompt == PromptMeaning }

// Fill completes o with the built-in defaults of k's options and clears
// what k does not know: the options of a session stored before they existed.
func (o Options) Fill(k Kind) Options {
	return o.fill(k, Options{Direction: Directions[0], RoundSize: RoundSizes[0], Prompt: Prompts[0]})
}

func (o Options) fill(k Kind, defaults Options) Options {
	var out Options
	switch k {
	case Flashcards:
		out.Direction, out.RoundSize = cmp.Or(o.Direction, defaults.Direction), cmp.Or(o.RoundSize, defaults.RoundSize)
	case Typing:
		out.Prompt = cmp.Or(o.Prompt, defaults.Prompt)
	}
	return out
}

// Error names an option that was refused.
type Error struct {
	Field, Message string
}

func (e *Error) Error() string { return e.Field + " " + e.Message }

// Resolve checks the options given (by name, as text) for an activity of
// kind k called name, and returns them with every other option of k taken
// from defaults. An option k does not know, or a value it does not take,
// is an *Error naming the first such field (in Names order).
func Resolve(k Kind, name string, given map[string]string, defaults Options) (Options, []*Error) {
	var o Options
	var errs []*Error
	for _, field := range Names() {
		v, ok := given[field]
		if !ok {
			continue
		}
		choices := k.choices(field)
		switch {
		case choices == nil:
			errs = append(errs, &Error{field, fmt.Sprintf("is not an option of %s", name)})
		case !slices.Contains(choices, v):
			errs = append(errs, &Error{field, "must be one of " + strings.Join(choices, ", ")})
		default:
			switch field {
			case Direction:
				o.Direction = v
			case RoundSize:
				o.RoundSize = v
			case Prompt:
				o.Prompt = v
			}
		}
	}
	return o.fill(k, defaults), errs
}

// choices are the values that k's option field takes; nil when k has no
// such option.
func (k Kind) choices(field string) []string {
	switch {
	case k == Flashcards && field == Direction:
		return Directions
	case k == Flashcards && field == RoundSize:
		return RoundSizes
	case k == Typing && field == Prompt:
		return Prompts
	}
	return nil
}
