package db

import (
	"errors"
	"fmt"
)

// Sentinel errors returned by the Store; check them with errors.Is.
var (
	// ErrNotFound means the resource named by an id does not exist.
	ErrNotFound = errors.New("not found")
	// ErrGroupNotFound means a referenced group does not exist.
	ErrGroupNotFound = errors.New("group not found")
	// ErrActivityNotFound means a referenced study activity does not exist.
	ErrActivityNotFound = errors.New("study activity not found")
	// ErrWordNotFound means a referenced word does not exist.
	ErrWordNotFound = errors.New("word not found")
	// ErrWordNotInGroup means a word exists but is not in the session's group.
	ErrWordNotInGroup = errors.New("word not in the session's group")
	// ErrGroupRequired means a session without a group for an activity
	// other than Review, the only one that studies every group at once.
	ErrGroupRequired = errors.New("a group is required")
	// ErrClosed means the store has been closed.
	ErrClosed = errors.New("store closed")
	// ErrStorageFull means the disk (or the database's size limit) is full:
	// the write was not kept; writes work again once there is room.
	ErrStorageFull = errors.New("storage full")
	// ErrBusy means another process (an import, a backup, a sqlite3 shell)
	// held the database's write lock past the busy timeout: nothing was
	// written, and the same write may succeed in a moment.
	ErrBusy = errors.New("database busy")
	// ErrReadOnly means the database file cannot be written.
	ErrReadOnly = errors.New("database read-only")
	// ErrSchemaChanged means another program changed the schema under this
	// process; see SchemaError.
	ErrSchemaChanged = errors.New("schema changed")
)

// NotFoundError names the missing resource. It matches ErrNotFound, and its
// message is safe to show to a user: "study session 7 not found".
type NotFoundError struct {
	Kind string // "study session", "word", …
	ID   int64
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %d not found", e.Kind, e.ID) }

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }
