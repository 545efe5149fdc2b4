package web

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"langportal/db"
	"langportal/db/studymode"
	"langportal/views"
)

// sessionOptions reads the study-mode options of POST /study_sessions, top
// level beside group_id: each a JSON string (round_size also a JSON
// integer: 10 is "10") or a form field given once; an empty form field is
// left out, as an absent one. Whether the activity has the option, and the
// value, the store checks.
func (b body) sessionOptions(v *validator) map[string]string {
	options := map[string]string{}
	for _, name := range studymode.Names() {
		if b.json != nil {
			raw, ok := b.json[name]
			if !ok {
				continue
			}
			var text string
			switch {
			case json.Unmarshal(raw, &text) == nil:
				options[name] = text
			case name == studymode.RoundSize && jsonKind(raw) == "a number" && isDigits(string(raw)):
				options[name] = string(raw)
			default:
				v.add(name, "must be a string, not "+jsonKind(raw))
			}
			continue
		}
		values := b.form[name]
		switch {
		case len(values) == 0 || len(values) == 1 && values[0] == "":
		case len(values) > 1:
			v.add(name, "must be given once")
		default:
			options[name] = values[0]
		}
	}
	return options
}

// optionsKey writes options in a fixed order, for an idempotency key's request.
func optionsKey(options map[string]string) string {
	var b strings.Builder
	for _, name := range studymode.Names() {
		if value, ok := options[name]; ok {
			b.WriteString(name + ":" + strconv.Quote(value) + ";")
		}
	}
	return b.String()
}

// maxAnswer is the longest typed answer, in characters after trimming.
const maxAnswer = 200

// gradeOrAnswer reads a review's grade: correct (the learner's own), or
// answer (what they typed, which the store grades), one or the other. The
// answer comes back trimmed; "" when correct was sent.
func (b body) gradeOrAnswer(v *validator) (correct bool, answer string) {
	const oneOrTheOther = "send correct or answer, one or the other"
	hasAnswer, hasCorrect := b.has("answer"), b.has("correct")
	switch {
	case hasAnswer && hasCorrect:
		v.add("answer", oneOrTheOther+", not both")
		return false, ""
	case !hasAnswer && !hasCorrect:
		v.add("correct", "is required ("+oneOrTheOther+")")
		return false, ""
	case hasCorrect:
		return b.boolean(v, "correct"), ""
	}
	text := b.optionalText(v, "answer")
	if text == nil {
		if _, bad := v.fields["answer"]; !bad {
			v.add("answer", "must be a string, not null")
		}
		return false, ""
	}
	answer = strings.TrimSpace(*text)
	switch n := utf8.RuneCountInString(answer); {
	case n == 0:
		v.add("answer", "must not be empty")
	case n > maxAnswer:
		v.add("answer", "must be at most "+strconv.Itoa(maxAnswer)+" characters, not "+strconv.Itoa(n))
	}
	return false, answer
}

// sessionState is what a session's page shows besides its next card.
type sessionState struct {
	retry    bool  // the round of the missed words (?retry=missed)
	answered int64 // a typed answer's result, before the next card (?answered=R)
}

// decodeSessionState reads ?retry=missed and ?answered=R of a session's page.
func decodeSessionState(q url.Values) (sessionState, error) {
	var st sessionState
	var err error
	if st.retry, err = decodeRetry(q); err != nil {
		return st, err
	}
	values, ok := q["answered"]
	if !ok {
		return st, nil
	}
	id, perr := strconv.ParseInt(values[0], 10, 64)
	if len(values) != 1 || !isDigits(values[0]) || perr != nil || id <= 0 {
		return st, &validationError{message: "answered must be the id of a review",
			fields: map[string]string{"answered": "must be a positive integer"}}
	}
	st.answered = id
	return st, nil
}

// typedReviewID is the id of a review whose answer was typed, 0 otherwise.
func typedReviewID(r db.ReviewItem) int64 {
	if r.Answer == nil {
		return 0
	}
	return r.ID
}

// answeredPath is where a browser without JavaScript goes after a review:
// the session's page, showing the result of a typed answer.
func answeredPath(sessionID int64, r db.ReviewItem) string {
	if id := typedReviewID(r); id != 0 {
		return views.AnsweredPath(sessionID, id)
	}
	return views.StudySessionPath(sessionID)
}
