package formats

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"
)

// ReviewLogHeader is the header row of the FSRS optimizer's review log
// (open-spaced-repetition/fsrs-optimizer, "Review Logs Schema").
const ReviewLogHeader = "card_id,review_time,review_rating,review_state,review_duration"

// ReviewLogRow is one answer in the optimizer's terms.
type ReviewLogRow struct {
	CardID     int64     // the word id
	ReviewTime time.Time // written in milliseconds since the epoch, UTC
	Rating     int       // 1 Again (wrong) or 3 Good (right); the optimizer also knows 2 Hard, 4 Easy
	State      int       // before the answer: 0 new, 1 learning, 2 review, 3 relearning
}

// ReviewLogWriter writes the review log one row at a time, so a log of a
// million answers never has to be in memory. It writes the header before
// the first row (or on Flush, for an empty log). review_duration is left
// empty, as SPEC says: the portal does not time answers, and the
// optimizer's schema makes the column optional.
type ReviewLogWriter struct {
	w       *bufio.Writer
	line    []byte
	started bool
}

// NewReviewLogWriter returns a writer of the review log to w. Call Flush
// at the end.
func NewReviewLogWriter(w io.Writer) *ReviewLogWriter {
	return &ReviewLogWriter{w: bufio.NewWriterSize(w, 64<<10), line: make([]byte, 0, 64)}
}

// Write adds one row. A rating outside 1–4 or a state outside 0–3 is an
// error and writes nothing. Errors of the underlying writer are returned by
// this or a later Write, or by Flush.
func (lw *ReviewLogWriter) Write(row ReviewLogRow) error {
	if row.Rating < 1 || row.Rating > 4 {
		return fmt.Errorf("formats: review log: card %d: rating %d is not 1–4", row.CardID, row.Rating)
	}
	if row.State < 0 || row.State > 3 {
		return fmt.Errorf("formats: review log: card %d: state %d is not 0–3", row.CardID, row.State)
	}
	if err := lw.header(); err != nil {
		return err
	}
	b := lw.line[:0]
	b = strconv.AppendInt(b, row.CardID, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, row.ReviewTime.UnixMilli(), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(row.Rating), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(row.State), 10)
	b = append(b, ",\n"...)
	lw.line = b
	_, err := lw.w.Write(b)
	return err
}

// Flush writes what is buffered (and the header, if no row was written).
func (lw *ReviewLogWriter) Flush() error {
	if err := lw.header(); err != nil {
		return err
	}
	return lw.w.Flush()
}

func (lw *ReviewLogWriter) header() error {
	if lw.started {
		return nil
	}
	lw.started = true
	_, err := lw.w.WriteString(ReviewLogHeader + "\n")
	return err
}

// WriteReviewLog writes rows as the optimizer's review log, in the order
// given (the optimizer sorts by card and time itself).
func WriteReviewLog(w io.Writer, rows []ReviewLogRow) error {
	lw := NewReviewLogWriter(w)
	for _, row := range rows {
		if err := lw.Write(row); err != nil {
			return err
		}
	}
	return lw.Flush()
}
