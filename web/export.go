package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/views"
)

// showExport serves GET /export: the files a learner can take away. JSON
// callers get the addresses.
func (s *Server) showExport(c echo.Context) error {
	groups, err := s.store.ListGroupChoices(c.Request().Context())
	if err != nil {
		return err
	}
	return s.respond(c, view{
		page: views.Page{Title: "Export and back up", Section: views.SectionWords},
		main: views.ExportContent(views.ExportView{Groups: groups}),
		json: map[string]string{
			"words_csv":   views.ExportWordsPath(db.ExportCSV, 0),
			"words_json":  views.ExportWordsPath(db.ExportJSON, 0),
			"reviews_csv": views.ExportReviewsPath(0),
			"backup":      views.BackupPath,
		},
	})
}

// decodeExportGroup reads ?group_id= of an export: 0 (all) when absent.
func decodeExportGroup(q url.Values) (int64, error) {
	var v validator
	b := body{form: url.Values{"group_id": q["group_id"]}}
	id := b.optionalPositiveInt(&v, "group_id")
	return id, v.err()
}

// download sets the headers of a file answer: its type and its name.
func download(c echo.Context, contentType, name string) {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, contentType)
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", name))
	h.Set("Cache-Control", "no-store")
}

// exportName is a download's file name: the portal, what, the day.
func exportName(what string, groupID int64, ext string, now time.Time) string {
	if groupID != 0 {
		what += fmt.Sprintf("-group-%d", groupID)
	}
	return fmt.Sprintf("langportal-%s-%s.%s", what, now.Format("2006-01-02"), ext)
}

// exportWords serves GET /export/words.csv and /export/words.json
// (?group_id= for one group): the words, as files that Import reads back.
func (s *Server) exportWords(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		groupID, err := decodeExportGroup(c.QueryParams())
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := s.store.ExportWords(c.Request().Context(), &buf, format, groupID); err != nil {
			return err
		}
		contentType := "text/csv; charset=utf-8"
		if format == db.ExportJSON {
			contentType = echo.MIMEApplicationJSONCharsetUTF8
		}
		download(c, contentType, exportName("words", groupID, format, s.opts.Now()))
		return writeBody(c, http.StatusOK, contentType, buf.Bytes())
	}
}

// exportReviews serves GET /export/reviews.csv (?group_id= for one group's
// words): the review log in the FSRS optimizer's format, streamed (a
// million reviews are 40 MB).
func (s *Server) exportReviews(c echo.Context) error {
	ctx := c.Request().Context()
	groupID, err := decodeExportGroup(c.QueryParams())
	if err != nil {
		return err
	}
	if groupID != 0 {
		// Refused here, before the answer starts: not halfway through it.
		if _, err := s.store.GetGroup(ctx, groupID, db.ListQuery{PerPage: 1}); err != nil {
			return err
		}
	}
	download(c, "text/csv; charset=utf-8", exportName("reviews", groupID, "csv", s.opts.Now()))
	allowSlowWrite(c)
	c.Response().WriteHeader(http.StatusOK)
	if err := s.store.ExportReviews(ctx, c.Response(), groupID); err != nil {
		s.logger.Error("review log export failed midway", "error", err)
	}
	return nil
}

// allowSlowWrite gives a download more time than the server's write
// timeout, which is sized for pages.
func allowSlowWrite(c echo.Context) {
	_ = http.NewResponseController(c.Response().Writer).SetWriteDeadline(time.Now().Add(10 * time.Minute))
}

// backup serves GET /export/backup: a consistent copy of the whole
// database as a download, taken while reviews go on. HEAD says what it
// would be without making one.
func (s *Server) backup(c echo.Context) error {
	download(c, "application/vnd.sqlite3", exportName("backup", 0, "db", s.opts.Now()))
	if c.Request().Method == http.MethodHead {
		return c.NoContent(http.StatusOK)
	}
	allowSlowWrite(c)
	// WriteBackup writes nothing until the copy is made: a failure before
	// is still an error answer.
	return s.store.WriteBackup(c.Request().Context(), &startOnWrite{c: c})
}

// startOnWrite writes the 200 status with the first bytes of the body.
type startOnWrite struct{ c echo.Context }

func (w *startOnWrite) Write(p []byte) (int, error) {
	if !w.c.Response().Committed {
		w.c.Response().WriteHeader(http.StatusOK)
	}
	return w.c.Response().Write(p)
}
