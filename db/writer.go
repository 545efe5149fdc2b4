package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"

	"langportal/db/fsrs"
)

// maxBatch bounds how many writes share one commit, so one batch never
// delays its first request for long.
const maxBatch = 256

// txFunc is one write: it runs inside a savepoint of the writer's
// transaction and must not keep tx after it returns.
type txFunc func(ctx context.Context, tx *writeTx) error

type writeOp struct {
	ctx  context.Context // the caller's: a write still queued when it ends is skipped
	fn   txFunc
	done chan error
}

// writer owns the single writer connection. Concurrent writes are committed
// together (group commit): one transaction, each write in its own savepoint
// so one failing write does not fail the others, and every caller is answered
// only after the commit that made its write durable.
//
// The transaction is driven with BEGIN IMMEDIATE and COMMIT on a dedicated
// connection rather than through database/sql's Tx, so that every statement
// can be prepared once on that connection and reused: preparing a write
// (compiling the triggers with it) costs more than running it.
type writer struct {
	db      *sql.DB
	conn    *sql.Conn
	tx      *writeTx // the statements prepared on conn
	ops     chan *writeOp
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
	// check runs first in every batch's transaction: a schema changed by
	// another program fails the batch instead of writing into it.
	check func(context.Context, querier) error
	// full is set when a commit found the disk full and cleared when a
	// write commits again, so the health check can say so without a write.
	full atomic.Bool
}

func newWriter(db *sql.DB, check func(context.Context, querier) error) (*writer, error) {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return nil, fmt.Errorf("db: writer connection: %w", err)
	}
	// Every write runs in a savepoint, whose journal (the pages it changed
	// first, to undo it alone) grows over a batch's transaction: on disk it
	// was a temporary file written on every write. In memory, the review
	// write at 64 connections went from about 11,000 to 13,000 a second.
	if _, err := conn.ExecContext(context.Background(), "PRAGMA temp_store = MEMORY"); err != nil {
		return nil, fmt.Errorf("db: writer connection: %w", err)
	}
	w := &writer{
		db:      db,
		conn:    conn,
		tx:      &writeTx{conn: conn, stmts: make(map[string]*sql.Stmt)},
		ops:     make(chan *writeOp),
		stop:    make(chan struct{}),
		stopped: make(chan struct{}),
		check:   check,
	}
	go w.loop()
	return w, nil
}

// do runs fn in the writer's transaction and returns once it is committed
// (nil) or rolled back (fn's error, or the commit's).
func (w *writer) do(ctx context.Context, fn txFunc) error {
	op := &writeOp{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case w.ops <- op:
	case <-ctx.Done():
		return ctx.Err()
	case <-w.stop:
		return ErrClosed
	}
	// Once queued, the write may commit: wait for the outcome whatever ctx does.
	return <-op.done
}

func (w *writer) loop() {
	defer close(w.stopped)
	batch := make([]*writeOp, 0, maxBatch)
	for {
		select {
		case op := <-w.ops:
			batch = append(batch[:0], op)
		case <-w.stop:
			return
		}
	collect:
		for len(batch) < maxBatch {
			select {
			case op := <-w.ops:
				batch = append(batch, op)
			default:
				break collect
			}
		}
		w.commit(batch)
	}
}

func (w *writer) commit(batch []*writeOp) {
	// The transaction is shared: no single caller's context may interrupt it.
	ctx := context.Background()
	tx := w.tx
	fail := func(err error) {
		if errors.Is(err, ErrStorageFull) {
			w.full.Store(true)
		}
		for _, op := range batch {
			op.done <- err
		}
	}
	if _, err := tx.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		fail(storageError(fmt.Errorf("db: begin: %w", err)))
		return
	}
	tx.sched = nil // another process may have changed the settings
	if err := w.check(ctx, tx); err != nil {
		tx.rollback(ctx)
		fail(err)
		return
	}
	errs := make([]error, len(batch))
	for i, op := range batch {
		if err := op.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		errs[i] = runInSavepoint(ctx, tx, op.fn)
		if failsTransaction(errs[i]) {
			// SQLite may have rolled the whole transaction back (a full disk,
			// an I/O error): nothing of the batch is kept, and no later write
			// may run outside a transaction.
			tx.rollback(ctx)
			fail(storageError(errs[i]))
			return
		}
	}
	if _, err := tx.ExecContext(ctx, "COMMIT"); err != nil {
		tx.rollback(ctx) // a COMMIT that failed may leave the transaction open
		fail(storageError(fmt.Errorf("db: commit: %w", err)))
		return
	}
	if slices.Contains(errs, nil) {
		w.full.Store(false)
	}
	for i, op := range batch {
		op.done <- errs[i]
	}
}

// failsTransaction reports whether err is a failure of the database itself
// (anything SQLite reports but a constraint), after which the transaction
// cannot be trusted to go on. Refusals of one write (a missing row, a
// constraint) leave the others of the batch alone.
func failsTransaction(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code != sqlite3.ErrConstraint
	}
	return errors.Is(err, errSavepoint)
}

// storageError marks the failures that are the database's state, not the
// program's: a full disk, a lock another process holds past the busy
// timeout, a file that cannot be written.
func storageError(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return fmt.Errorf("%w: %w", ErrStorageFull, err)
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return fmt.Errorf("%w: %w", ErrBusy, err)
	case sqlite3.ErrReadonly:
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	return err
}

// errSavepoint means the savepoint around a write could not be set or undone.
var errSavepoint = errors.New("savepoint failed")

// runInSavepoint runs fn so that its changes are undone alone if it fails or panics.
func runInSavepoint(ctx context.Context, tx *writeTx, fn txFunc) (err error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT write"); err != nil {
		return fmt.Errorf("db: %w: %w", errSavepoint, err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("db: write panicked: %v", p)
		}
		if err != nil {
			tx.sched = nil // what the write read may be rolled back with it
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO write"); rerr != nil {
				err = errors.Join(err, fmt.Errorf("db: %w: %w", errSavepoint, rerr))
			}
		}
		if _, rerr := tx.ExecContext(ctx, "RELEASE write"); rerr != nil {
			err = errors.Join(err, fmt.Errorf("db: %w: %w", errSavepoint, rerr))
		}
	}()
	return fn(ctx, tx)
}

func (w *writer) ping(ctx context.Context) error {
	return w.do(ctx, func(ctx context.Context, tx *writeTx) error { return nil })
}

// close lets the write in progress finish, refuses new ones and closes the connection.
func (w *writer) close() error {
	w.once.Do(func() { close(w.stop) })
	<-w.stopped
	w.tx.closeStatements()
	return errors.Join(w.conn.Close(), w.db.Close())
}

// writeTx runs the statements of the writer's transaction, each prepared
// once on the writer's connection. Only the writer's goroutine uses it.
type writeTx struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
	// sched is the scheduler with the stored desired retention, read once
	// per transaction (schedulerIn); nil until then, and again after a
	// write that changes the setting or a savepoint rolled back.
	sched *fsrs.Scheduler
}

// Stmt returns the prepared statement for query. It stays prepared for the
// life of the writer: callers must not close it.
func (t *writeTx) Stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	s, err := t.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = s
	return s, nil
}

// ExecContext runs a statement that returns no rows.
func (t *writeTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := t.Stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// QueryContext runs a query.
func (t *writeTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := t.Stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext runs a query for one row.
func (t *writeTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := t.Stmt(ctx, query)
	if err != nil {
		// Prepared again on the connection, the query reports its error from Scan.
		return t.conn.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// rollback ends the transaction, whether or not SQLite already had.
func (t *writeTx) rollback(ctx context.Context) {
	t.ExecContext(ctx, "ROLLBACK") // "no transaction is active" is fine
}

func (t *writeTx) closeStatements() {
	for _, s := range t.stmts {
		s.Close()
	}
}
