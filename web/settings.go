package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"langportal/db"
	"langportal/db/fsrs"
	"langportal/db/studymode"
	"langportal/views"
)

// themeCookie keeps the learner's theme; the server applies it, so a page
// never flashes the wrong colours.
const themeCookie = "theme"

// themeOf returns the theme the request's cookie names, or the system's.
func themeOf(r *http.Request) views.Theme {
	if c, err := r.Cookie(themeCookie); err == nil {
		for _, t := range views.Themes() {
			if string(t) == c.Value {
				return t
			}
		}
	}
	return views.ThemeSystem
}

var settingsPage = views.Page{Title: "Settings", Section: views.SectionSettings}

// showSettings serves GET /settings: the theme and the resets, with what the
// last action did (?done=).
func (s *Server) showSettings(c echo.Context) error {
	settings, err := s.store.GetSettings(c.Request().Context())
	if err != nil {
		return err
	}
	return s.respond(c, view{page: settingsPage, main: s.settingsContent(c, c.QueryParam("done"), settings), json: settings})
}

func (s *Server) settingsContent(c echo.Context, done string, settings db.Settings) templ.Component {
	v := settingsForm(settings)
	v.Theme = themeOf(c.Request())
	switch done {
	case string(views.ResetHistory), string(views.ResetFull):
		v.Message = views.ResetDone(views.ResetKind(done))
	case "theme":
		v.Message = "Theme saved."
	case "settings":
		v.Message = "Settings saved."
	}
	return views.SettingsContent(v)
}

// settingsInput is the body of POST /settings: any of the stored settings;
// those left out keep their value.
type settingsInput struct {
	settings db.Settings
	entered  views.SettingsView
}

func decodeSettings(b body, current db.Settings) (settingsInput, error) {
	var v validator
	in := settingsInput{settings: current, entered: settingsForm(current)}
	if b.has("desired_retention") {
		in.entered.Retention = b.text("desired_retention")
		in.settings.DesiredRetention = b.fraction(&v, "desired_retention", fsrs.MinDesiredRetention, fsrs.MaxDesiredRetention)
	}
	if b.has("new_per_day") {
		in.entered.NewPerDay = b.text("new_per_day")
		in.settings.NewPerDay = b.wholeNumber(&v, "new_per_day", 0, db.MaxNewPerDay)
	}
	if b.has("day_starts_at") {
		in.entered.DayStartsAt = b.text("day_starts_at")
		in.settings.DayStartsAt = b.wholeNumber(&v, "day_starts_at", 0, 23)
	}
	// The study-mode defaults of a launch.
	for _, f := range []struct {
		name    string
		to      *string
		entered *string
		choices []string
	}{
		{"direction", &in.settings.Direction, &in.entered.Direction, studymode.Directions},
		{"round_size", &in.settings.RoundSize, &in.entered.RoundSize, studymode.RoundSizes},
		{"typing_prompt", &in.settings.TypingPrompt, &in.entered.TypingPrompt, studymode.Prompts},
	} {
		if b.has(f.name) {
			*f.entered = b.text(f.name)
			*f.to = b.oneOf(&v, f.name, f.choices...)
		}
	}
	if show, ok := b.optionalBool(&v, "show_romaji"); ok {
		in.settings.ShowRomaji, in.entered.ShowRomaji = show, show
	}
	return in, v.err()
}

// settingsForm shows stored settings in the settings form.
func settingsForm(st db.Settings) views.SettingsView {
	return views.SettingsView{Retention: strconv.FormatFloat(st.DesiredRetention, 'f', -1, 64),
		NewPerDay: strconv.Itoa(st.NewPerDay), DayStartsAt: strconv.Itoa(st.DayStartsAt),
		Direction: st.Direction, RoundSize: st.RoundSize, TypingPrompt: st.TypingPrompt,
		ShowRomaji: st.ShowRomaji}
}

// saveSettings serves POST /settings: store the study settings (a new
// desired retention reschedules every word), or show the form again with
// the field messages; nothing changes then.
func (s *Server) saveSettings(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := decodeBody(c.Request())
	if err != nil {
		return err
	}
	current, err := s.store.GetSettings(ctx)
	if err != nil {
		return err
	}
	in, err := decodeSettings(b, current)
	if invalid, ok := errors.AsType[*validationError](err); ok {
		form := in.entered
		form.Theme, form.Errors = themeOf(c.Request()), invalid.fields
		v := view{status: http.StatusBadRequest, page: settingsPage, main: views.SettingsContent(form), fragment: views.StudySettingsForm(form),
			parts: settingsParts(form)}
		invalid.form = &v
		return invalid
	}
	if err := s.store.SaveSettings(ctx, in.settings); err != nil {
		return err
	}
	saved := settingsForm(in.settings)
	saved.Message = "Saved."
	return s.respond(c, view{json: in.settings, seeOther: views.SettingsPath + "?done=settings", fragment: views.StudySettingsForm(saved),
		parts: settingsParts(saved)})
}

// settingsParts are the settings page's forms that htmx swaps on their own
// (HX-Target): the Display section's; the study settings' is the default.
func settingsParts(v views.SettingsView) map[string]templ.Component {
	return map[string]templ.Component{views.DisplaySettingsID: views.DisplaySettingsForm(v)}
}

// themeInput is the body of POST /settings/theme.
type themeInput struct{ theme views.Theme }

func decodeTheme(b body) (themeInput, error) {
	var v validator
	name := b.oneOf(&v, "theme", "system", "light", "dark")
	return themeInput{theme: views.Theme(name)}, v.err()
}

// saveTheme serves POST /settings/theme: keep the theme in a cookie.
func (s *Server) saveTheme(c echo.Context) error {
	b, err := decodeBody(c.Request())
	if err != nil {
		return err
	}
	in, err := decodeTheme(b)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: themeCookie, Value: string(in.theme), Path: "/",
		MaxAge: int((365 * 24 * time.Hour).Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	return s.respond(c, view{
		json:     map[string]string{"theme": string(in.theme)},
		seeOther: views.SettingsPath + "?done=theme",
	})
}

// resetInput is the body of a reset: confirm must be true to go ahead.
type resetInput struct{ confirmed bool }

func decodeReset(b body) (resetInput, error) {
	var v validator
	confirmed, _ := b.optionalBool(&v, "confirm")
	return resetInput{confirmed: confirmed}, v.err()
}

// resetHistory serves POST /settings/reset_history.
func (s *Server) resetHistory(c echo.Context) error {
	return s.reset(c, views.ResetHistory)
}

// fullReset serves POST /settings/full_reset.
func (s *Server) fullReset(c echo.Context) error {
	return s.reset(c, views.ResetFull)
}

// reset runs a reset once it is confirmed. Unconfirmed, a browser is asked
// to confirm and a JSON caller gets a 400; nothing is deleted.
func (s *Server) reset(c echo.Context, kind views.ResetKind) error {
	b, err := decodeBody(c.Request())
	if err != nil {
		return err
	}
	in, err := decodeReset(b)
	if err != nil {
		return err
	}
	if !in.confirmed {
		if m, _ := modeOf(c); m == modeJSON {
			return &validationError{message: "a reset needs confirmation",
				fields: map[string]string{"confirm": "must be true: a reset cannot be undone"}}
		}
		return s.respond(c, view{
			page: views.Page{Title: "Confirm", Section: views.SectionSettings},
			main: views.ConfirmResetContent(views.ConfirmResetView{Kind: kind}),
		})
	}
	run := s.store.ResetHistory
	if kind == views.ResetFull {
		run = s.store.FullReset
	}
	if err := run(c.Request().Context()); err != nil {
		return err
	}
	done := views.SettingsPath + "?done=" + string(kind)
	return s.respond(c, view{
		json:     map[string]string{"reset": string(kind)},
		seeOther: done,
		fragment: pageFragment(settingsPage, s.settingsContent(c, string(kind), settingsAfterReset(c, s))),
	})
}

// settingsAfterReset are the settings to show once a reset is done.
func settingsAfterReset(c echo.Context, s *Server) db.Settings {
	st, err := s.store.GetSettings(c.Request().Context())
	if err != nil {
		return db.Settings{DesiredRetention: fsrs.DefaultDesiredRetention, NewPerDay: 20, DayStartsAt: 4,
			Direction: studymode.Directions[0], RoundSize: studymode.RoundSizes[0], TypingPrompt: studymode.Prompts[0],
			ShowRomaji: true}
	}
	return st
}
