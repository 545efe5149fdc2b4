package web

import (
	"github.com/labstack/echo/v4/middleware"

	"langportal/static"
	"langportal/views"
)

// routes installs every route of the portal. Routes that answer as a page, an
// htmx fragment or JSON carry the negotiated middleware; unknown routes and
// wrong methods are negotiated by the error handler.
func (s *Server) routes() {
	e := s.echo
	e.Use(middleware.RequestID(), s.requestLog(), s.recoverPanics())
	e.Use(middleware.BodyLimit("64K"))

	e.GET("/healthz", s.health)
	e.GET("/static/*", s.staticFile(static.Files))

	e.GET("/", s.showHome, negotiated)
	e.GET("/dashboard", s.comingSoon("Dashboard", views.SectionDashboard), negotiated)
	e.GET("/study_activities", s.comingSoon("Study Activities", views.SectionStudyActivities), negotiated)
	e.GET("/study_activities/:id/launch", s.showLaunchPage, negotiated)
	e.GET("/words", s.comingSoon("Words", views.SectionWords), negotiated)
	e.GET("/groups", s.comingSoon("Word Groups", views.SectionGroups), negotiated)
	e.GET("/study_sessions", s.comingSoon("Sessions", views.SectionSessions), negotiated)
	e.GET("/settings", s.comingSoon("Settings", views.SectionSettings), negotiated)

	e.POST("/study_sessions", s.createStudySession, negotiated)
	e.GET("/study_sessions/:id", s.showStudySession, negotiated)
	e.POST("/study_sessions/:id/review", s.recordReview, negotiated)
}
