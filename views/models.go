package views

import (
	"time"

	"langportal/db"
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
}

// FieldErrors maps a form field's name to what is wrong with it.
type FieldErrors map[string]string

// LaunchForm is the form that starts a study session. Values hold what the
// learner entered (as text, so a rejected value is shown as typed).
type LaunchForm struct {
	Activity   *db.StudyActivity // nil when the activity must be chosen in the form
	Activities []db.StudyActivity
	Groups     []db.Group
	GroupID    string
	ActivityID string
	Message    string
	Errors     FieldErrors
}

// SessionView is a study session's page.
type SessionView struct {
	Session db.SessionSummary
	Card    *db.Flashcard // the Flashcards card; nil for an external activity
	// LaunchURL is where an external activity runs for this session.
	LaunchURL string
	Zone      *time.Location // times are shown in this zone
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

// Flashcard is a Flashcards card as the views show it.
type Flashcard = db.Flashcard
