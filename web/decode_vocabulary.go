package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"langportal/db"
)

// maxTextField is the longest text a word's or a group's field may be.
const maxTextField = 500

// optionalText reads a text field that may be absent (nil): a JSON string,
// or a form field given once. JSON null counts as absent.
func (b body) optionalText(v *validator, name string) *string {
	var text string
	if b.json != nil {
		raw, ok := b.json[name]
		if !ok || string(raw) == "null" {
			return nil
		}
		if json.Unmarshal(raw, &text) != nil {
			v.add(name, "must be a string, not "+jsonKind(raw))
			return nil
		}
	} else {
		values, ok := b.form[name]
		if !ok {
			return nil
		}
		if len(values) > 1 {
			v.add(name, "must be given once")
			return nil
		}
		text = values[0]
	}
	if utf8.RuneCountInString(text) > maxTextField {
		v.add(name, "must be at most "+strconv.Itoa(maxTextField)+" characters")
		return nil
	}
	return &text
}

// requiredText reads a text field that must be there and not blank.
func (b body) requiredText(v *validator, name string) string {
	t := b.optionalText(v, name)
	if _, bad := v.fields[name]; bad {
		return ""
	}
	if t == nil || strings.TrimSpace(*t) == "" {
		v.add(name, "is required")
		return ""
	}
	return *t
}

// notBlank refuses a text field given blank (a change that would empty it).
func notBlank(v *validator, name string, t *string) {
	if t != nil && strings.TrimSpace(*t) == "" {
		v.add(name, "must not be empty")
	}
}

// idList reads a list of positive ids: a JSON array of integers, or a form
// field repeated (empty values are skipped: a form's marker that the field
// was sent). present is false when the field is absent.
func (b body) idList(v *validator, name string) (ids []int64, present bool) {
	var texts []string
	if b.json != nil {
		raw, ok := b.json[name]
		if !ok || string(raw) == "null" {
			return nil, false
		}
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			v.add(name, "must be an array of ids, not "+jsonKind(raw))
			return nil, true
		}
		for _, item := range list {
			if jsonKind(item) != "a number" {
				v.add(name, "must hold only ids (positive integers), not "+jsonKind(item))
				return nil, true
			}
			texts = append(texts, string(item))
		}
	} else {
		values, ok := b.form[name]
		if !ok {
			return nil, false
		}
		for _, t := range values {
			if t = strings.TrimSpace(t); t != "" {
				texts = append(texts, t)
			}
		}
	}
	ids = []int64{}
	for _, t := range texts {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 || !isDigits(t) {
			v.add(name, "must hold only ids (positive integers), not "+strconv.Quote(t))
			return nil, true
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, true
}

// optionalJSON reads a field that holds JSON: a JSON value in a JSON body,
// JSON text in a form (empty: absent).
func (b body) optionalJSON(v *validator, name string) *json.RawMessage {
	var raw json.RawMessage
	if b.json != nil {
		r, ok := b.json[name]
		if !ok || string(r) == "null" {
			return nil
		}
		raw = r
	} else {
		t := b.optionalText(v, name)
		if t == nil || strings.TrimSpace(*t) == "" {
			return nil
		}
		if !json.Valid([]byte(*t)) {
			v.add(name, "must be JSON: an array such as [{\"kanji\": \"食\", \"romaji\": [\"ta\"]}]")
			return nil
		}
		raw = json.RawMessage(*t)
	}
	return &raw
}

// confirmed reads confirm=true from the body or, for a DELETE that has no
// body, the query.
func (b body) confirmed(v *validator, query url.Values) bool {
	if ok, present := b.optionalBool(v, "confirm"); present {
		return ok
	}
	switch query.Get("confirm") {
	case "true", "1":
		return true
	case "", "false", "0":
		return false
	}
	v.add("confirm", "must be true or false")
	return false
}

// maxSearch is the longest search a word list takes.
const maxSearch = 200

// decodeWordQuery reads a word list's query: paging and sorting, ?q= and
// ?state=. Any bad value is a 400 naming the parameter.
func decodeWordQuery(q url.Values) (db.ListQuery, error) {
	lq, err := decodeListQuery(q, db.WordSorts())
	var v validator
	if invalid, ok := err.(*validationError); ok {
		v.fields = invalid.fields
	} else if err != nil {
		return db.ListQuery{}, err
	}
	if values, ok := q["q"]; ok {
		switch {
		case len(values) > 1:
			v.add("q", "must be given once")
		case utf8.RuneCountInString(values[0]) > maxSearch:
			v.add("q", "must be at most "+strconv.Itoa(maxSearch)+" characters")
		default:
			lq.Search = strings.TrimSpace(values[0])
		}
	}
	if values, ok := q["state"]; ok {
		switch {
		case len(values) > 1:
			v.add("state", "must be given once")
		case values[0] == "":
		case !slices.Contains(db.WordStates(), values[0]):
			v.add("state", "must be one of "+strings.Join(db.WordStates(), ", "))
		default:
			lq.State = values[0]
		}
	}
	if err := v.err(); err != nil {
		return db.ListQuery{}, err
	}
	return lq, nil
}

// decodeOptionalBody is decodeBody for a write that takes no fields but
// the form's token: a request without a body (a DELETE) is an empty form.
func decodeOptionalBody(r *http.Request) (body, error) {
	if r.ContentLength == 0 {
		return body{form: url.Values{}}, nil
	}
	return decodeBody(r)
}
