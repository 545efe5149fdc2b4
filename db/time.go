package db

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// timeLayout is how times are stored and written in JSON: UTC, RFC 3339,
// exactly three fraction digits. Stored as text it sorts chronologically.
const timeLayout = "2006-01-02T15:04:05.000Z"

// Time is an instant in UTC with millisecond precision.
type Time struct{ time.Time }

// Now returns the current time truncated to milliseconds, as stored.
func Now() Time { return NewTime(time.Now()) }

// NewTime converts t to UTC with millisecond precision.
func NewTime(t time.Time) Time { return Time{t.UTC().Truncate(time.Millisecond)} }

// String formats the time as it is stored.
func (t Time) String() string { return t.UTC().Format(timeLayout) }

// MarshalJSON writes the time as RFC 3339 in UTC with three fraction digits.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.String() + `"`), nil
}

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) { return t.String(), nil }

// Scan implements sql.Scanner for the stored text form.
func (t *Time) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("db: cannot scan %T into Time", src)
	}
	parsed, err := time.Parse(timeLayout, s)
	if err != nil {
		return fmt.Errorf("db: bad stored time %q: %w", s, err)
	}
	t.Time = parsed
	return nil
}

// OptionalID is a reference that may be absent: 0 in Go, NULL in the
// database and null in JSON. A session's group is one (NULL: all groups).
type OptionalID int64

// Scan implements sql.Scanner: NULL is 0.
func (id *OptionalID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*id = 0
	case int64:
		*id = OptionalID(v)
	default:
		return fmt.Errorf("db: cannot scan %T into OptionalID", src)
	}
	return nil
}

// Value implements driver.Valuer: 0 is NULL.
func (id OptionalID) Value() (driver.Value, error) {
	if id == 0 {
		return nil, nil
	}
	return int64(id), nil
}

// MarshalJSON writes 0 as null.
func (id OptionalID) MarshalJSON() ([]byte, error) {
	if id == 0 {
		return []byte("null"), nil
	}
	return []byte(fmt.Sprint(int64(id))), nil
}

// OptionalName is a name that is absent when its reference is: "" is null
// in JSON.
type OptionalName string

// MarshalJSON writes "" as null.
func (n OptionalName) MarshalJSON() ([]byte, error) {
	if n == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(n))
}
