package web

import (
	"github.com/labstack/echo/v4/middleware"
)

// routes installs every route of the portal. Routes that answer as a page, an
// htmx fragment or JSON carry the negotiated middleware; unknown routes and
// wrong methods are negotiated by the error handler.
func (s *Server) routes() error {
	e := s.echo
	crossOrigin, err := s.crossOrigin()
	if err != nil {
		return err
	}
	e.Use(middleware.RequestID(), s.requestLog(), s.recoverPanics(), securityHeaders, s.allowedHosts)
	if len(s.opts.TrustedOrigins) > 0 {
		e.Use(s.cors())
	}
	e.Use(crossOrigin, limitBody)

	e.GET("/healthz", s.health)
	e.GET("/static/*", serveStatic)

	e.GET("/", s.showHome, negotiated)
	e.GET("/dashboard", s.showDashboard, negotiated)

	e.GET("/study_activities", s.listStudyActivities, negotiated)
	e.GET("/study_activities/:id", s.showStudyActivity, negotiated)
	e.GET("/study_activities/:id/launch", s.showLaunchPage, negotiated)

	e.GET("/words", s.listWords, negotiated)
	e.GET("/words/:id", s.showWord, negotiated)

	e.GET("/groups", s.listGroups, negotiated)
	e.GET("/groups/:id", s.showGroup, negotiated)
	e.GET("/groups/:id/words", s.listGroupWords, negotiated)

	e.GET("/study_sessions", s.listStudySessions, negotiated)
	e.POST("/study_sessions", s.createStudySession, negotiated)
	e.GET("/study_sessions/:id", s.showStudySession, negotiated)
	e.POST("/study_sessions/:id/review", s.recordReview, negotiated)

	e.GET("/settings", s.showSettings, negotiated)
	e.POST("/settings/theme", s.saveTheme, negotiated)
	e.POST("/settings/reset_history", s.resetHistory, negotiated)
	e.POST("/settings/full_reset", s.fullReset, negotiated)
	return nil
}
