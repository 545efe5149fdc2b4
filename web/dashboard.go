package web

import (
	"github.com/labstack/echo/v4"

	"langportal/views"
)

// showDashboard serves GET /dashboard: the learner's progress at a glance.
func (s *Server) showDashboard(c echo.Context) error {
	d, err := s.store.Dashboard(c.Request().Context(), s.opts.Now(), s.opts.Zone)
	if err != nil {
		return err
	}
	return s.respond(c, view{
		page: views.Page{Title: "Dashboard", Section: views.SectionDashboard},
		main: views.DashboardContent(views.DashboardView{Dashboard: d, Zone: s.opts.Zone, ReviewToken: newFormToken()}),
		json: d,
	})
}
