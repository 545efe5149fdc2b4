package views

import (
	"time"

	"langportal/db"
	"langportal/db/studymode"
)

// Section is a part of the portal, one per sidebar entry.
type Section string

// The sidebar's sections.
const (
	SectionDashboard       Section = "dashboard"
	SectionStudyActivities Section = "study_activities"
	SectionWords           Section = "words"
	SectionGroups          Section = "groups"
	SectionSessions        Section = "study_sessions"
	SectionSettings        Section = "settings"
)

// Page is what the layout needs to know about the page it wraps.
type Page struct {
	Title   string
	Section Section
	Theme   Theme // the learner's theme, applied on the server so a page never flashes the wrong one
	// Scripts are the static scripts of ours that only this page needs
	// (Typing's), loaded after the layout's.
	Scripts []string
}

// FieldErrors maps a form field's name to what is wrong with it.
type FieldErrors map[string]string

// LaunchForm is the form that starts a study session. Values hold what the
// learner entered (as text, so a rejected value is shown as typed).
type LaunchForm struct {
	Token      string            // the form's one-time token
	Activity   *db.StudyActivity // nil when the activity must be chosen in the form
	Activities []db.StudyActivity
	Groups     []db.Group
	GroupID    string
	ActivityID string
	Message    string
	Errors     FieldErrors
	// Options are the chosen activity's study-mode options to preselect:
	// those entered, else the settings' defaults.
	Options studymode.Options
}

// SessionView is a study session's page.
type SessionView struct {
	Session db.SessionSummary
	Words   WordsTable      // the words reviewed, with this session's counts
	Card    *Card           // the Flashcards card; nil for an external activity
	Review  *ReviewCardView // the Review card, for a Review session
	// Answers are a Typing session's typed answers, newest first.
	Answers []db.TypedAnswer
	// LaunchURL is where an external activity runs for this session.
	LaunchURL string
	// UnopenableURL is an external activity's url that is not http or
	// https: shown as text, never linked.
	UnopenableURL string
	Zone          *time.Location // times are shown in this zone
}

// ErrorView is an error shown to a learner.
type ErrorView struct {
	Status    int
	Title     string
	Message   string
	Fields    FieldErrors
	RequestID string // set for server errors, to quote when reporting them
	Back      string // a page to go back to; empty for none
}

// Card is the Flashcards card with the one-time tokens of its forms, which
// make a double click or a resubmitted form record once.
type Card struct {
	db.Flashcard
	Token           string // the answer form's
	StudyAgainToken string // the Study again form's
	// UndoToken is the Undo form's; empty when the session has no review
	// to take back.
	UndoToken string
	// ShowRomaji is the learner's setting: without it, kana only.
	ShowRomaji bool
	// Result is the typed answer just given, shown (right or wrong, what
	// was expected) before the next card; nil otherwise.
	Result *db.TypedAnswer
}

// DashboardView is the dashboard.
type DashboardView struct {
	db.Dashboard
	Zone        *time.Location
	ReviewToken string // the Review button's one-time token
}

// ActivitiesView is the index of study activities.
type ActivitiesView struct {
	Activities []db.StudyActivity
	Nav        TableNav
}

// ActivityView is a study activity's page with its sessions.
type ActivityView struct {
	Activity db.StudyActivity
	Sessions SessionsTable
}

// WordView is a word's page.
type WordView struct {
	Word    db.WordDetail
	History db.List[db.HistoryItem] // a page of its reviews, newest first
	Now     time.Time               // "next review in 3 days" is counted from it
	Zone    *time.Location          // times are shown in it
	// ShowRomaji is the learner's setting: without it, kana only.
	ShowRomaji bool
}

// GroupView is a group's page: its words, its latest sessions and the
// activities it can be studied with.
type GroupView struct {
	Group      db.Group
	DueCount   int // words of the group due now
	Words      WordsTable
	Sessions   SessionsTable
	Activities []db.StudyActivity
	// ReviewID is the Review activity (0: none), for Review this group.
	ReviewID    int64
	ReviewToken string
	Rename      GroupForm // the Rename form, with what was entered
	Flash       string    // what the last action did, shown once
}

// Theme is the colour scheme the learner chose.
type Theme string

// The themes a learner can choose.
const (
	ThemeSystem Theme = "system"
	ThemeLight  Theme = "light"
	ThemeDark   Theme = "dark"
)

// Themes lists the themes in the order they are offered.
func Themes() []Theme { return []Theme{ThemeSystem, ThemeLight, ThemeDark} }

// Label is how a theme is named to the learner.
func (t Theme) Label() string {
	switch t {
	case ThemeLight:
		return "Light"
	case ThemeDark:
		return "Dark"
	}
	return "Same as my system"
}

// SettingsView is the settings page.
type SettingsView struct {
	Theme   Theme
	Message string // what the last action did, shown once
	// Retention, NewPerDay and DayStartsAt are the study settings as entered.
	Retention, NewPerDay, DayStartsAt string
	// Direction, RoundSize and TypingPrompt are the study-mode defaults.
	Direction, RoundSize, TypingPrompt string
	Errors                             map[string]string // field messages of a refused change

	ShowRomaji bool // the Display section's setting
}

// ResetKind is one of the two resets.
type ResetKind string

// The resets of the settings page.
const (
	ResetHistory ResetKind = "history"
	ResetFull    ResetKind = "full"
)

// ConfirmResetView asks the learner to confirm a reset.
type ConfirmResetView struct {
	Kind ResetKind
}

// Group is a word group as the views show it.
type Group = db.Group
