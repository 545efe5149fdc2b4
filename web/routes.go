package web

import (
	"github.com/labstack/echo/v4/middleware"

	"langportal/static"
	"langportal/views"
)

// routes installs every route of the portal.
func (s *Server) routes() {
	e := s.echo
	e.Use(middleware.RequestID(), s.requestLog(), s.recoverPanics())
	e.Use(middleware.BodyLimit("64K"))

	e.GET("/healthz", s.health)
	e.GET("/static/*", s.staticFile(static.Files))

	// Every page and endpoint below answers as a page, an htmx fragment or JSON.
	g := e.Group("", negotiated)
	g.GET("/", s.showHome)
	g.GET("/dashboard", s.comingSoon("Dashboard", views.SectionDashboard))
	g.GET("/study_activities", s.comingSoon("Study Activities", views.SectionStudyActivities))
	g.GET("/study_activities/:id/launch", s.showLaunchPage)
	g.GET("/words", s.comingSoon("Words", views.SectionWords))
	g.GET("/groups", s.comingSoon("Word Groups", views.SectionGroups))
	g.GET("/study_sessions", s.comingSoon("Sessions", views.SectionSessions))
	g.GET("/settings", s.comingSoon("Settings", views.SectionSettings))

	g.POST("/study_sessions", s.createStudySession)
	g.GET("/study_sessions/:id", s.showStudySession)
	g.POST("/study_sessions/:id/review", s.recordReview)
}
