package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"langportal/db"
)

// routes installs every route of the portal. Routes that answer as a page, an
// htmx fragment or JSON carry the negotiated middleware; unknown routes and
// wrong methods are negotiated by the error handler. Every GET route also
// answers HEAD (RFC 9110): uptime checkers use it.
func (s *Server) routes() error {
	e := s.echo
	crossOrigin, err := s.crossOrigin()
	if err != nil {
		return err
	}
	e.Use(validRequestID, middleware.RequestID(), s.requestLog(), s.recoverPanics(), securityHeaders, s.allowedHosts)
	if len(s.opts.TrustedOrigins) > 0 {
		e.Use(s.cors())
	}
	e.Use(crossOrigin, limitBody, strictQuery, headLikeGet, s.schemaUnchanged)
	get := func(path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, h, m...)
	}

	get("/healthz", s.health)
	get("/static/*", serveStatic)

	get("/", s.showHome, negotiated)
	get("/dashboard", s.showDashboard, negotiated)
	get("/flashcards", s.openBuiltinActivity(db.FlashcardsURL), negotiated)
	get("/review", s.openBuiltinActivity(db.ReviewURL), negotiated)
	get("/review/queue", s.showReviewQueue, negotiated)

	get("/study_activities", s.listStudyActivities, negotiated)
	get("/study_activities/:id", s.showStudyActivity, negotiated)
	get("/study_activities/:id/launch", s.showLaunchPage, negotiated)

	get("/words", s.listWords, negotiated)
	get("/words/:id", s.showWord, negotiated)

	get("/groups", s.listGroups, negotiated)
	get("/groups/:id", s.showGroup, negotiated)
	get("/groups/:id/words", s.listGroupWords, negotiated)

	get("/study_sessions", s.listStudySessions, negotiated)
	e.POST("/study_sessions", s.createStudySession, negotiated)
	get("/study_sessions/:id", s.showStudySession, negotiated)
	e.POST("/study_sessions/:id/review", s.recordReview, negotiated)
	e.POST("/study_sessions/:id/reviews", s.recordReviews, negotiated)
	e.POST("/study_sessions/:id/undo", s.undoReview, negotiated)

	get("/settings", s.showSettings, negotiated)
	e.POST("/settings", s.saveSettings, negotiated)
	e.POST("/settings/theme", s.saveTheme, negotiated)
	e.POST("/settings/reset_history", s.resetHistory, negotiated)
	e.POST("/settings/full_reset", s.fullReset, negotiated)

	// The learner's own vocabulary: words, groups and external apps changed
	// from the browser or the API (forms post to .../edit, .../delete and
	// .../remove, since HTML has no PATCH or DELETE), import and export.
	get("/words/new", s.showNewWord, negotiated)
	e.POST("/words", s.createWord, negotiated)
	get("/words/:id/edit", s.showEditWord, negotiated)
	e.PATCH("/words/:id", s.updateWord, negotiated)
	e.POST("/words/:id/edit", s.updateWord, negotiated)
	e.DELETE("/words/:id", s.deleteWord, negotiated)
	e.POST("/words/:id/delete", s.deleteWord, negotiated)
	e.POST("/groups", s.createGroup, negotiated)
	e.PATCH("/groups/:id", s.renameGroup, negotiated)
	e.POST("/groups/:id/edit", s.renameGroup, negotiated)
	e.DELETE("/groups/:id", s.deleteGroup, negotiated)
	e.POST("/groups/:id/delete", s.deleteGroup, negotiated)
	get("/groups/:id/add", s.showAddWords, negotiated)
	e.POST("/groups/:id/words", s.addGroupWords, negotiated)
	e.DELETE("/groups/:id/words/:word_id", s.removeGroupWord, negotiated)
	e.POST("/groups/:id/words/:word_id/remove", s.removeGroupWord, negotiated)
	get("/study_activities/new", s.showNewActivity, negotiated)
	e.POST("/study_activities", s.createActivity, negotiated)
	get("/study_activities/:id/edit", s.showEditActivity, negotiated)
	e.PATCH("/study_activities/:id", s.updateActivity, negotiated)
	e.POST("/study_activities/:id/edit", s.updateActivity, negotiated)
	e.DELETE("/study_activities/:id", s.deleteActivity, negotiated)
	e.POST("/study_activities/:id/delete", s.deleteActivity, negotiated)
	get("/import", s.showImport, negotiated)
	e.POST("/import", s.importWords, negotiated) // its own body limit: see limitBody
	get("/export", s.showExport, negotiated)
	get("/export/words.csv", s.exportWords(db.ExportCSV))
	get("/export/words.json", s.exportWords(db.ExportJSON))
	get("/export/reviews.csv", s.exportReviews)
	get("/export/backup", s.backup)
	return nil
}
