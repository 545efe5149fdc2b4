package views

import (
	"fmt"
	"net/url"
)

// Paths of the portal's pages. Handlers and templates build URLs with these
// functions so that a route is spelled in one place.

// DashboardPath is the dashboard.
const DashboardPath = "/dashboard"

// StudyActivitiesPath lists the study activities.
const StudyActivitiesPath = "/study_activities"

// StudySessionsPath lists the study sessions and is where sessions are created.
const StudySessionsPath = "/study_sessions"

// WordsPath lists the words.
const WordsPath = "/words"

// GroupsPath lists the word groups.
const GroupsPath = "/groups"

// SettingsPath is the settings page.
const SettingsPath = "/settings"

// StudyActivityPath is an activity's page.
func StudyActivityPath(id int64) string { return fmt.Sprintf("/study_activities/%d", id) }

// LaunchPath is an activity's launch page.
func LaunchPath(id int64) string { return fmt.Sprintf("/study_activities/%d/launch", id) }

// LaunchGroupPath is an activity's launch page with the group chosen.
func LaunchGroupPath(activityID, groupID int64) string {
	return fmt.Sprintf("/study_activities/%d/launch?group_id=%d", activityID, groupID)
}

// StudySessionPath is a session's page.
func StudySessionPath(id int64) string { return fmt.Sprintf("/study_sessions/%d", id) }

// RetryPath is a session's page moving on to the round of its missed words.
func RetryPath(sessionID int64) string { return StudySessionPath(sessionID) + "?retry=missed" }

// ReviewPath is where a session's reviews are posted.
func ReviewPath(sessionID int64) string { return fmt.Sprintf("/study_sessions/%d/review", sessionID) }

// GroupPath is a group's page.
func GroupPath(id int64) string { return fmt.Sprintf("/groups/%d", id) }

// GroupWordsPath is a group's words, for study activities.
func GroupWordsPath(id int64) string { return fmt.Sprintf("/groups/%d/words", id) }

// ResetPath is where a reset of the given kind is posted.
func ResetPath(kind ResetKind) string {
	if kind == ResetFull {
		return "/settings/full_reset"
	}
	return "/settings/reset_history"
}

// ThemePath is where the theme is posted.
const ThemePath = "/settings/theme"

// WordPath is a word's page.
func WordPath(id int64) string { return fmt.Sprintf("/words/%d", id) }

// ExternalLaunchURL is the address an external activity is opened at for a
// session: its url with the session's ids (session_id as the bootcamp's
// apps read it, study_session_id and group_id). ok is false unless the url
// is an absolute http or https address: anything else (javascript:, data:,
// a relative path) is never linked or opened, only shown as text.
func ExternalLaunchURL(activityURL string, groupID, sessionID int64) (launch string, ok bool) {
	u, err := url.Parse(activityURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", false
	}
	q := u.Query()
	q.Set("group_id", fmt.Sprint(groupID))
	q.Set("study_session_id", fmt.Sprint(sessionID))
	q.Set("session_id", fmt.Sprint(sessionID))
	u.RawQuery = q.Encode()
	return u.String(), true
}

// UndoPath is where a session's last answer is taken back.
func UndoPath(sessionID int64) string { return fmt.Sprintf("/study_sessions/%d/undo", sessionID) }

// ReviewQueuePath is the Review queue of every word.
const ReviewQueuePath = "/review/queue"

// AnsweredPath is a session's page showing the result of the typed answer
// reviewID before the next card.
func AnsweredPath(sessionID, reviewID int64) string {
	return fmt.Sprintf("/study_sessions/%d?answered=%d", sessionID, reviewID)
}
