package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"langportal/db"
)

// maxBodyBytes is the largest request body accepted (SPEC: 64 KiB).
const maxBodyBytes = 64 << 10

// body is a request body decoded into raw field values: a JSON object's
// members, or a form's fields. Typed accessors check each field against the
// rules of its kind and collect messages in a validator.
type body struct {
	json map[string]json.RawMessage // set for a JSON body
	form url.Values                 // set for a form body
}

// decodeBody reads the request body as JSON or as a form, by Content-Type.
// An empty body without a Content-Type decodes as an empty form, so that its
// fields are reported missing.
func decodeBody(r *http.Request) (body, error) {
	ct := r.Header.Get("Content-Type")
	switch mediaType(ct) {
	case "application/json":
		return decodeJSONBody(r.Body)
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return body{}, bodyError(err, "the form body could not be read")
		}
		return body{form: r.PostForm}, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBodyBytes); err != nil {
			return body{}, bodyError(err, "the multipart form body could not be read")
		}
		return body{form: url.Values(r.MultipartForm.Value)}, nil
	case "":
		if ct == "" && r.ContentLength <= 0 && isEmpty(r.Body) {
			return body{form: url.Values{}}, nil
		}
	}
	return body{}, &httpError{
		status:  http.StatusUnsupportedMediaType,
		message: "send the body as application/json, application/x-www-form-urlencoded or multipart/form-data",
	}
}

func isEmpty(r io.Reader) bool {
	if r == nil || r == http.NoBody {
		return true
	}
	n, _ := r.Read(make([]byte, 1))
	return n == 0
}

func decodeJSONBody(r io.Reader) (body, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return body{}, bodyError(err, "the body could not be read")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return body{}, &validationError{message: "the request body is empty: send a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return body{}, &validationError{message: fmt.Sprintf("the request body is not valid JSON: %s (at byte %d)", syntax, syntax.Offset)}
		case errors.As(err, &typ):
			return body{}, &validationError{message: "the request body must be a JSON object"}
		default:
			return body{}, &validationError{message: "the request body is not valid JSON: it ends too early"}
		}
	}
	if fields == nil { // the body was `null`
		return body{}, &validationError{message: "the request body must be a JSON object"}
	}
	if rest := bytes.TrimSpace(data[dec.InputOffset():]); len(rest) > 0 {
		return body{}, &validationError{message: fmt.Sprintf("the request body has data after the JSON object (at byte %d)", dec.InputOffset())}
	}
	return body{json: fields}, nil
}

// bodyError turns a failure to read the body into a 413 when it was too
// large, and a validation error otherwise.
func bodyError(err error, message string) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errBodyTooLarge
	}
	return &validationError{message: message}
}

// positiveInt reads a required id: a JSON integer number, or decimal digits in a form.
func (b body) positiveInt(v *validator, name string) int64 {
	const msg = "must be a positive integer"
	var text string
	if b.json != nil {
		raw, ok := b.json[name]
		if !ok {
			v.add(name, "is required")
			return 0
		}
		if kind := jsonKind(raw); kind != "a number" {
			v.add(name, msg+", not "+kind)
			return 0
		}
		text = string(raw)
	} else {
		var ok bool
		if text, ok = b.single(v, name); !ok {
			return 0
		}
		if !isDigits(text) {
			v.add(name, msg)
			return 0
		}
	}
	n, err := strconv.ParseInt(text, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && text[0] == '-':
		v.add(name, msg)
		return 0
	case errors.Is(err, strconv.ErrRange):
		v.add(name, fmt.Sprintf("is too large (the largest id is %d)", int64(math.MaxInt64)))
		return 0
	case err != nil:
		v.add(name, msg+", not a fraction or exponent")
		return 0
	case n <= 0:
		v.add(name, msg)
		return 0
	}
	return n
}

// boolean reads a required boolean: true or false in JSON; true, false, 1 or 0 in a form.
func (b body) boolean(v *validator, name string) bool {
	if b.json != nil {
		raw, ok := b.json[name]
		if !ok {
			v.add(name, "is required")
			return false
		}
		switch string(raw) {
		case "true":
			return true
		case "false":
			return false
		}
		v.add(name, "must be true or false, not "+jsonKind(raw))
		return false
	}
	text, ok := b.single(v, name)
	if !ok {
		return false
	}
	switch text {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	v.add(name, "must be true, false, 1 or 0")
	return false
}

// optionalBool reads a boolean that may be absent (present is false then).
func (b body) optionalBool(v *validator, name string) (value, present bool) {
	if b.json != nil {
		_, present = b.json[name]
	} else {
		_, present = b.form[name]
	}
	if !present {
		return false, false
	}
	return b.boolean(v, name), true
}

// oneOf reads a required text field that must be one of choices.
func (b body) oneOf(v *validator, name string, choices ...string) string {
	var text string
	if b.json != nil {
		raw, ok := b.json[name]
		if !ok {
			v.add(name, "is required")
			return ""
		}
		if json.Unmarshal(raw, &text) != nil {
			v.add(name, "must be a string, not "+jsonKind(raw))
			return ""
		}
	} else {
		var ok bool
		if text, ok = b.single(v, name); !ok {
			return ""
		}
	}
	if !slices.Contains(choices, text) {
		v.add(name, "must be one of "+strings.Join(choices, ", "))
		return ""
	}
	return text
}

// single returns a form field that must be given exactly once.
func (b body) single(v *validator, name string) (string, bool) {
	values := b.form[name]
	switch {
	case len(values) == 0 || (len(values) == 1 && values[0] == ""):
		v.add(name, "is required")
		return "", false
	case len(values) > 1:
		v.add(name, "must be given once")
		return "", false
	}
	return values[0], true
}

// text is a field's value as sent, to show it back in a re-rendered form.
func (b body) text(name string) string {
	if b.json != nil {
		var s string
		if raw, ok := b.json[name]; ok && json.Unmarshal(raw, &s) != nil {
			return string(raw)
		}
		return s
	}
	return b.form.Get(name)
}

// jsonKind names the kind of a JSON value for messages: "a string", "null", ….
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "empty"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "a number"
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// earliestAnswer is the oldest time an answer may claim (SPEC).
var earliestAnswer = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// clockSkew is how far ahead of the server's clock a client time may be.
const clockSkew = 60 * time.Second

// optionalTime reads an optional RFC 3339 time with an offset (a client's
// record of when something happened): not more than a minute ahead of now,
// not before 2000. An absent or empty field is the zero Time.
func (b body) optionalTime(v *validator, name string, now time.Time) db.Time {
	var text string
	if b.json != nil {
		raw, ok := b.json[name]
		if !ok || string(raw) == "null" {
			return db.Time{}
		}
		if json.Unmarshal(raw, &text) != nil {
			v.add(name, "must be a string with an RFC 3339 time, not "+jsonKind(raw))
			return db.Time{}
		}
	} else {
		values := b.form[name]
		if len(values) > 1 {
			v.add(name, "must be given once")
			return db.Time{}
		}
		if len(values) == 0 || values[0] == "" {
			return db.Time{}
		}
		text = values[0]
	}
	at, err := time.Parse(time.RFC3339Nano, text)
	switch {
	case err != nil:
		v.add(name, "must be an RFC 3339 time with an offset, such as 2026-11-26T18:19:04.123Z")
	case at.After(now.Add(clockSkew)):
		v.add(name, "is in the future (more than 60 seconds after the server's clock)")
	case at.Before(earliestAnswer):
		v.add(name, "must not be before 2000-01-01")
	default:
		return db.NewTime(at)
	}
	return db.Time{}
}

// fraction reads a required number from lo to hi: a JSON number, or a
// form's decimal text.
func (b body) fraction(v *validator, name string, lo, hi float64) float64 {
	var text string
	if b.json != nil {
		raw, ok := b.json[name]
		if !ok {
			v.add(name, "is required")
			return 0
		}
		if jsonKind(raw) != "a number" {
			v.add(name, fmt.Sprintf("must be a number from %.2f to %.2f, not %s", lo, hi, jsonKind(raw)))
			return 0
		}
		text = string(raw)
	} else {
		var ok bool
		if text, ok = b.single(v, name); !ok {
			return 0
		}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || !(f >= lo && f <= hi) {
		v.add(name, fmt.Sprintf("must be a number from %.2f to %.2f", lo, hi))
		return 0
	}
	return f
}

// has reports whether the body has the field at all.
func (b body) has(name string) bool {
	if b.json != nil {
		_, ok := b.json[name]
		return ok
	}
	_, ok := b.form[name]
	return ok
}

// wholeNumber reads a required whole number from lo to hi: a JSON integer,
// or a form's decimal digits.
func (b body) wholeNumber(v *validator, name string, lo, hi int) int {
	var text string
	if b.json != nil {
		raw, ok := b.json[name]
		if !ok {
			v.add(name, "is required")
			return 0
		}
		text = string(raw)
	} else {
		var ok bool
		if text, ok = b.single(v, name); !ok {
			return 0
		}
		text = strings.TrimSpace(text)
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < lo || n > hi || !isDigits(text) {
		v.add(name, fmt.Sprintf("must be a whole number from %d to %d", lo, hi))
		return 0
	}
	return n
}

// optionalPositiveInt is positiveInt for a field that may be left out: an
// absent field, JSON null or an empty form value is 0.
func (b body) optionalPositiveInt(v *validator, name string) int64 {
	if b.json != nil {
		if raw, ok := b.json[name]; !ok || string(raw) == "null" {
			return 0
		}
	} else if values := b.form[name]; len(values) == 0 || (len(values) == 1 && values[0] == "") {
		return 0
	}
	return b.positiveInt(v, name)
}
