package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"langportal/db"
)

// route is one line of the routing table: a handler at a path, and the
// addresses it is served at.
type route struct {
	method string // a GET route also answers HEAD (RFC 9110)
	path   string
	handle echo.HandlerFunc
	serve  serving
}

// serving says where a route is mounted and how its answer is chosen.
type serving int

const (
	// negotiatedAndAPI: a page, a fragment or JSON at its path, and always
	// JSON under /api.
	negotiatedAndAPI serving = iota
	// pagesOnly: negotiated at its path; it has no JSON form (a launch
	// form, a redirect), so /api does not serve it.
	pagesOnly
	// alwaysJSON: JSON at its path and under /api, whatever Accept says.
	alwaysJSON
	// apiOnly: JSON under /api only, such as the spellings that the
	// bootcamp's study apps use.
	apiOnly
	// asFile: a file at its path (not negotiated), not under /api: a CSV
	// or a database is not a JSON answer.
	asFile
	// fileAndAPI: a JSON file at its path (not negotiated) and the same
	// download under /api.
	fileAndAPI
)

// inAPI reports whether the route is also served under /api.
func (r route) inAPI() bool {
	return r.serve == negotiatedAndAPI || r.serve == alwaysJSON || r.serve == apiOnly || r.serve == fileAndAPI
}

// routeTable is every route of the portal, declared once: routes installs
// each at its path and again under /api.
func (s *Server) routeTable() []route {
	const get, post, patch, del = http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete
	return []route{
		{get, "/", s.showHome, pagesOnly},
		{get, "/dashboard", s.showDashboard, negotiatedAndAPI},
		{get, "/flashcards", s.openBuiltinActivity(db.FlashcardsURL), pagesOnly},
		{get, "/review", s.openBuiltinActivity(db.ReviewURL), pagesOnly},
		{get, "/review/queue", s.showReviewQueue, negotiatedAndAPI},
		// Study modes: Typing is launched like Flashcards.
		{get, "/typing", s.openBuiltinActivity(db.TypingURL), pagesOnly},

		{get, "/study_activities", s.listStudyActivities, negotiatedAndAPI},
		{get, "/study_activities/:id", s.showStudyActivity, negotiatedAndAPI},
		{get, "/study_activities/:id/launch", s.showLaunchPage, pagesOnly},

		{get, "/words", s.listWords, negotiatedAndAPI},
		{get, "/words/:id", s.showWord, negotiatedAndAPI},

		{get, "/groups", s.listGroups, negotiatedAndAPI},
		{get, "/groups/:id", s.showGroup, negotiatedAndAPI},
		{get, "/groups/:id/words", s.listGroupWords, negotiatedAndAPI},
		{get, "/groups/:id/words/raw", s.listRawGroupWords, alwaysJSON},

		{get, "/study_sessions", s.listStudySessions, negotiatedAndAPI},
		{post, "/study_sessions", s.createStudySession, negotiatedAndAPI},
		{post, "/study-sessions", s.createStudySession, apiOnly},
		{get, "/study_sessions/:id", s.showStudySession, negotiatedAndAPI},
		{post, "/study_sessions/:id/review", s.recordReview, negotiatedAndAPI},
		{post, "/study-sessions/:id/review", s.recordReview, apiOnly},
		{post, "/study_sessions/:id/reviews", s.recordReviews, negotiatedAndAPI},
		{post, "/study_sessions/:id/undo", s.undoReview, negotiatedAndAPI},

		{get, "/settings", s.showSettings, negotiatedAndAPI},
		{post, "/settings", s.saveSettings, negotiatedAndAPI},
		{post, "/settings/theme", s.saveTheme, negotiatedAndAPI},
		{post, "/settings/reset_history", s.resetHistory, negotiatedAndAPI},
		{post, "/settings/full_reset", s.fullReset, negotiatedAndAPI},

		{get, "/openapi.json", serveOpenAPI, apiOnly},

		// The learner's own vocabulary: words, groups and external apps changed
		// from the browser (forms post to .../edit, .../delete and .../remove,
		// since HTML has no PATCH or DELETE; API callers may use either), import
		// and export.
		{get, "/words/new", s.showNewWord, pagesOnly},
		{post, "/words", s.createWord, negotiatedAndAPI},
		{get, "/words/:id/edit", s.showEditWord, pagesOnly},
		{patch, "/words/:id", s.updateWord, negotiatedAndAPI},
		{post, "/words/:id/edit", s.updateWord, negotiatedAndAPI},
		{del, "/words/:id", s.deleteWord, negotiatedAndAPI},
		{post, "/words/:id/delete", s.deleteWord, negotiatedAndAPI},
		{post, "/groups", s.createGroup, negotiatedAndAPI},
		{patch, "/groups/:id", s.renameGroup, negotiatedAndAPI},
		{post, "/groups/:id/edit", s.renameGroup, negotiatedAndAPI},
		{del, "/groups/:id", s.deleteGroup, negotiatedAndAPI},
		{post, "/groups/:id/delete", s.deleteGroup, negotiatedAndAPI},
		{get, "/groups/:id/add", s.showAddWords, pagesOnly},
		{post, "/groups/:id/words", s.addGroupWords, negotiatedAndAPI},
		{del, "/groups/:id/words/:word_id", s.removeGroupWord, negotiatedAndAPI},
		{post, "/groups/:id/words/:word_id/remove", s.removeGroupWord, negotiatedAndAPI},
		{get, "/study_activities/new", s.showNewActivity, pagesOnly},
		{post, "/study_activities", s.createActivity, negotiatedAndAPI},
		{get, "/study_activities/:id/edit", s.showEditActivity, pagesOnly},
		{patch, "/study_activities/:id", s.updateActivity, negotiatedAndAPI},
		{post, "/study_activities/:id/edit", s.updateActivity, negotiatedAndAPI},
		{del, "/study_activities/:id", s.deleteActivity, negotiatedAndAPI},
		{post, "/study_activities/:id/delete", s.deleteActivity, negotiatedAndAPI},
		{get, "/import", s.showImport, pagesOnly},
		{post, "/import", s.importWords, negotiatedAndAPI}, // its own body limit: see limitBody
		{get, "/export", s.showExport, negotiatedAndAPI},
		{get, "/export/words.csv", s.exportWords(db.ExportCSV), asFile},
		{get, "/export/words.json", s.exportWords(db.ExportJSON), fileAndAPI},
		{get, "/export/reviews.csv", s.exportReviews, asFile},
		{get, "/export/backup", s.backup, asFile},
	}
}

// routes installs the middleware and the routing table. Unknown routes and
// wrong methods are answered by the error handler, in the mode of their
// address.
func (s *Server) routes() {
	e := s.echo
	// apiAnswersJSON comes before anything that can refuse a request, so
	// that every answer under /api, a refused host or a 404 included, is JSON.
	e.Use(validRequestID, middleware.RequestID(), s.requestLog(), s.recoverPanics(), securityHeaders, apiAnswersJSON, s.allowedHosts)
	if len(s.opts.TrustedOrigins) > 0 {
		e.Use(s.cors())
	}
	e.Use(s.crossOrigin(), limitBody, strictQuery, headLikeGet, s.schemaUnchanged)
	getOrHead := []string{http.MethodGet, http.MethodHead}
	e.Match(getOrHead, "/healthz", s.health)
	e.Match(getOrHead, "/static/*", serveStatic)

	// No group middleware: Echo would add catch-all routes for it, which
	// turn a wrong method into a 404. apiAnswersJSON fixes the mode instead.
	api := e.Group(apiPrefix)
	for _, r := range s.routeTable() {
		methods := []string{r.method}
		if r.method == http.MethodGet {
			methods = getOrHead
		}
		switch r.serve {
		case negotiatedAndAPI, pagesOnly:
			e.Match(methods, r.path, r.handle, negotiated)
		case alwaysJSON:
			e.Match(methods, r.path, r.handle, answerJSON)
		case asFile, fileAndAPI:
			e.Match(methods, r.path, r.handle)
		}
		if r.inAPI() {
			api.Match(methods, r.path, r.handle)
		}
	}
}
