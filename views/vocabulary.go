package views

import (
	"fmt"
	"net/url"
	"strconv"

	"langportal/db"
)

// Paths of the pages and forms that change the vocabulary.

// NewWordPath is the New word form; it posts to WordsPath.
const NewWordPath = "/words/new"

// EditWordPath is a word's Edit form, and where it posts (the forms' route
// for PATCH /words/:id).
func EditWordPath(id int64) string { return fmt.Sprintf("/words/%d/edit", id) }

// DeleteWordPath is where a word's Delete form posts.
func DeleteWordPath(id int64) string { return fmt.Sprintf("/words/%d/delete", id) }

// EditGroupPath is where a group's Rename form posts.
func EditGroupPath(id int64) string { return fmt.Sprintf("/groups/%d/edit", id) }

// DeleteGroupPath is where a group's Delete form posts.
func DeleteGroupPath(id int64) string { return fmt.Sprintf("/groups/%d/delete", id) }

// AddWordsPath is a group's Add words page: search, tick, add.
func AddWordsPath(id int64) string { return fmt.Sprintf("/groups/%d/add", id) }

// RemoveWordPath is where a group's per-row Remove form posts.
func RemoveWordPath(groupID, wordID int64) string {
	return fmt.Sprintf("/groups/%d/words/%d/remove", groupID, wordID)
}

// NewActivityPath is the form that registers an external study app.
const NewActivityPath = "/study_activities/new"

// EditActivityPath is an external app's Edit form, and where it posts.
func EditActivityPath(id int64) string { return fmt.Sprintf("/study_activities/%d/edit", id) }

// DeleteActivityPath is where an external app's Remove form posts.
func DeleteActivityPath(id int64) string { return fmt.Sprintf("/study_activities/%d/delete", id) }

// ImportPath is the import page, and where its form posts.
const ImportPath = "/import"

// ExportPath is the export page.
const ExportPath = "/export"

// BackupPath downloads a backup of the whole database.
const BackupPath = "/export/backup"

// ExportWordsPath downloads words (a group's, or all for 0) as csv or json.
func ExportWordsPath(format string, groupID int64) string {
	return withGroup("/export/words."+format, groupID)
}

// ExportReviewsPath downloads the review log in the FSRS optimizer's format.
func ExportReviewsPath(groupID int64) string { return withGroup("/export/reviews.csv", groupID) }

func withGroup(path string, groupID int64) string {
	if groupID == 0 {
		return path
	}
	return path + "?group_id=" + strconv.FormatInt(groupID, 10)
}

// WordsSearchPath is the words list searched for q.
func WordsSearchPath(q string) string { return WordsPath + "?" + url.Values{"q": {q}}.Encode() }

// WordForm is the New word and Edit forms, with what the learner entered
// (as text, so that a refused value is shown as typed) and the messages.
type WordForm struct {
	WordID                                    int64 // 0 for a new word
	Japanese, Reading, Romaji, English, Parts string
	Groups                                    []db.Group // the groups to choose from
	GroupIDs                                  []int64    // the groups chosen
	Errors                                    FieldErrors
	Message                                   string
	// Duplicate is the word that has the same japanese, romaji and
	// English, when that is why the form came back.
	Duplicate int64
}

// InGroup reports whether the form has group id chosen.
func (f WordForm) InGroup(id int64) bool {
	for _, g := range f.GroupIDs {
		if g == id {
			return true
		}
	}
	return false
}

// ConfirmView asks, without JavaScript, whether to go on with a delete.
type ConfirmView struct {
	Title    string // "Delete 食べる?"
	Question string
	Action   string // where the confirmed form posts
	Cancel   string // where Cancel goes
	Button   string // the confirming button's label
	Back     string // the eyebrow's link
	BackName string
}

// GroupForm is the New group and Rename forms.
type GroupForm struct {
	GroupID int64 // 0 for a new group
	Name    string
	Errors  FieldErrors
	Taken   int64 // the group that has the name, when that is why the form came back
}

// AddWordsView is a group's Add words page: the words found, to tick.
type AddWordsView struct {
	Group  db.Group
	Search string
	Words  WordsTable
	Added  string // what the last add did, shown once
}

// ImportView is the import page: the form, and the preview or result of
// the file sent.
type ImportView struct {
	Groups    []db.Group
	GroupID   string // the group chosen, as text
	GroupName string // a group to find or create
	Errors    FieldErrors
	Message   string
	Report    *db.ImportReport // nil before a file was sent
	Upload    string           // the token of the file kept for Import after a preview
	FileName  string
}

// ExportView is the export page.
type ExportView struct {
	Groups []db.Group
}

// ActivityForm registers or edits an external study app.
type ActivityForm struct {
	ActivityID                           int64 // 0 for a new one
	Name, Description, URL, ThumbnailURL string
	Errors                               FieldErrors
	Taken                                int64
}

// WordsView is the words page: the table with its search, and the groups
// that ticked rows can be added to.
type WordsView struct {
	Table  WordsTable
	Groups []db.Group
	Flash  string // what the last action did, shown once
}
