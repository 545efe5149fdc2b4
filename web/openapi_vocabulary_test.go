package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"testing"

	"langportal/db"
)

// vocabularyAPICases are the real requests of the vocabulary's writes
// under /api, successes and refusals, that TestAPIAnswersMatchTheDocument
// validates. in is a word of group 1 with reviews, never one without; the
// rows they change are made here.
func vocabularyAPICases(t *testing.T, ts *testServer, in, never int64) []apiCase {
	t.Helper()
	ctx := context.Background()
	word, err := ts.store.CreateWord(ctx, db.WordInput{Japanese: "机", Romaji: "tsukue", English: "desk"})
	if err != nil {
		t.Fatal(err)
	}
	var groups [2]db.Group
	for i, name := range []string{"To rename", "To delete"} {
		if groups[i], err = ts.store.CreateGroup(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	var apps [2]db.StudyActivity
	for i, name := range []string{"App to change", "App to remove"} {
		if apps[i], err = ts.store.CreateStudyActivity(ctx, db.ActivityInput{Name: name, URL: "http://localhost:9000/"}); err != nil {
			t.Fatal(err)
		}
	}
	w, g, a := word.ID, groups[0].ID, apps[0].ID
	form := "application/x-www-form-urlencoded"
	csv, csvType := multipartFile(t, "words.csv", "japanese,reading,english\n鳥,とり,bird\n", map[string]string{"group": "Animals"})
	tsv, tsvType := multipartFile(t, "words.tsv", "kanji\tromaji\tmeaning\n魚\tsakana\tfish\n", map[string]string{"group_id": "1"})
	bad, badType := multipartFile(t, "bad.csv", "japanese,reading,english\n鳥,とり,\n", map[string]string{"group": "Animals"})
	nogroup, nogroupType := multipartFile(t, "words.csv", "japanese,reading,english\n鳥,とり,bird\n", nil)
	return []apiCase{
		{name: "create a word", method: "POST", target: "/api/words", body: `{"japanese": "猫", "romaji": "neko", "english": "cat", "group_ids": [1]}`, want: 200},
		{name: "create a word with a form", method: "POST", target: "/api/words", body: "japanese=犬&reading=いぬ&english=dog&group_ids=1&group_ids=",
			ctype: form, want: 200},
		{name: "create a word that exists", method: "POST", target: "/api/words", body: `{"japanese": "猫", "romaji": "neko", "english": "cat"}`, want: 400},
		{name: "create a word with a reading not kana", method: "POST", target: "/api/words", body: `{"japanese": "猫", "reading": "cat", "english": "cat"}`, want: 400},
		{name: "create a word without fields", method: "POST", target: "/api/words", body: `{}`, want: 400},
		{name: "create a word in an unknown group", method: "POST", target: "/api/words", body: `{"japanese": "鼠", "romaji": "nezumi", "english": "mouse", "group_ids": [999999]}`, want: 400},
		{name: "change a word", method: "PATCH", target: fmt.Sprintf("/api/words/%d", w), body: `{"english": "a desk", "parts": [{"kanji": "机", "romaji": ["tsukue"]}]}`, want: 200},
		{name: "change a word with its form", method: "POST", target: fmt.Sprintf("/api/words/%d/edit", w), body: "english=desk&group_ids=1", ctype: form, want: 200},
		{name: "blank a word's japanese", method: "PATCH", target: fmt.Sprintf("/api/words/%d", w), body: `{"japanese": " "}`, want: 400},
		{name: "change an unknown word", method: "PATCH", target: "/api/words/999999", body: `{"english": "x"}`, want: 404},
		{name: "delete a word with reviews unconfirmed", method: "DELETE", target: fmt.Sprintf("/api/words/%d", in), want: 400},
		{name: "delete a word", method: "DELETE", target: fmt.Sprintf("/api/words/%d?confirm=true", w), want: 200},
		{name: "delete a word with its form", method: "POST", target: fmt.Sprintf("/api/words/%d/delete", never), body: "confirm=true", ctype: form, want: 200},
		{name: "delete an unknown word", method: "DELETE", target: "/api/words/999999", want: 404},

		{name: "create a group", method: "POST", target: "/api/groups", body: `{"name": "Animals"}`, want: 200},
		{name: "create a group with a key", method: "POST", target: "/api/groups", body: `{"name": "Keyed"}`, setup: withKey("group-key"), want: 200},
		{name: "create a group, retried", method: "POST", target: "/api/groups", body: `{"name": "Keyed"}`, setup: withKey("group-key"), want: 200},
		{name: "create a group, its key reused", method: "POST", target: "/api/groups", body: `{"name": "Other"}`, setup: withKey("group-key"), want: 422},
		{name: "delete a word, a key in flight", method: "DELETE", target: fmt.Sprintf("/api/words/%d", in), setup: withKey("in-flight"), want: 409},
		{name: "create a group with a name taken", method: "POST", target: "/api/groups", body: "name=Animals", ctype: form, want: 400},
		{name: "rename a group", method: "PATCH", target: fmt.Sprintf("/api/groups/%d", g), body: `{"name": "Renamed"}`, want: 200},
		{name: "rename a group with its form", method: "POST", target: fmt.Sprintf("/api/groups/%d/edit", g), body: "name=Renamed+again", ctype: form, want: 200},
		{name: "rename a group blank", method: "PATCH", target: fmt.Sprintf("/api/groups/%d", g), body: `{"name": ""}`, want: 400},
		{name: "rename an unknown group", method: "PATCH", target: "/api/groups/999999", body: `{"name": "x"}`, want: 404},
		{name: "add words to a group", method: "POST", target: fmt.Sprintf("/api/groups/%d/words", g), body: fmt.Sprintf(`{"word_ids": [%d, 2]}`, in), want: 200},
		{name: "add words with a form", method: "POST", target: fmt.Sprintf("/api/groups/%d/words", g), body: "word_ids=2&word_ids=3", ctype: form, want: 200},
		{name: "add an unknown word", method: "POST", target: fmt.Sprintf("/api/groups/%d/words", g), body: `{"word_ids": [999999]}`, want: 400},
		{name: "add no word", method: "POST", target: fmt.Sprintf("/api/groups/%d/words", g), body: `{"word_ids": []}`, want: 400},
		{name: "remove a word from a group", method: "DELETE", target: fmt.Sprintf("/api/groups/%d/words/%d", g, in), want: 200},
		{name: "remove a word with the form", method: "POST", target: fmt.Sprintf("/api/groups/%d/words/2/remove", g), want: 200},
		{name: "remove a word not in the group", method: "POST", target: fmt.Sprintf("/api/groups/%d/words/%d/remove", g, in), want: 404},
		{name: "delete a group with sessions unconfirmed", method: "DELETE", target: "/api/groups/1", want: 400},
		{name: "delete a group", method: "DELETE", target: fmt.Sprintf("/api/groups/%d", g), want: 200},
		{name: "delete a group with its form", method: "POST", target: fmt.Sprintf("/api/groups/%d/delete", groups[1].ID), body: `{"confirm": true}`, want: 200},
		{name: "delete an unknown group", method: "POST", target: "/api/groups/999999/delete", body: "confirm=true", ctype: form, want: 404},

		{name: "register an app", method: "POST", target: "/api/study_activities", body: `{"name": "Kana app", "url": "https://kana.example/play"}`, want: 200},
		{name: "register an app that is not http", method: "POST", target: "/api/study_activities", body: "name=Bad&url=ftp://x.example/", ctype: form, want: 400},
		{name: "change an app", method: "PATCH", target: fmt.Sprintf("/api/study_activities/%d", a), body: `{"description": "Drills"}`, want: 200},
		{name: "change an app with its form", method: "POST", target: fmt.Sprintf("/api/study_activities/%d/edit", a), body: "name=Changed+app", ctype: form, want: 200},
		{name: "change a built-in activity", method: "PATCH", target: "/api/study_activities/1", body: `{"name": "Mine"}`, want: 400},
		{name: "remove an app", method: "DELETE", target: fmt.Sprintf("/api/study_activities/%d", a), want: 200},
		{name: "remove an app with its form", method: "POST", target: fmt.Sprintf("/api/study_activities/%d/delete", apps[1].ID), body: "confirm=true", ctype: form, want: 200},
		{name: "remove an unknown app", method: "DELETE", target: "/api/study_activities/999999", want: 404},

		{name: "preview an import", method: "POST", target: "/api/import?dry_run=true", body: csv, ctype: csvType, want: 200},
		{name: "import a file", method: "POST", target: "/api/import", body: csv, ctype: csvType, want: 200},
		{name: "import a TSV into a group by id", method: "POST", target: "/api/import", body: tsv, ctype: tsvType, want: 200},
		{name: "import a file with an error", method: "POST", target: "/api/import", body: bad, ctype: badType, want: 400},
		{name: "import without a group", method: "POST", target: "/api/import", body: nogroup, ctype: nogroupType, want: 400},
		{name: "import a kept file that is gone", method: "POST", target: "/api/import", body: `{"upload": "0123456789abcdef0123456789abcdef", "group": "Animals"}`, want: 400},
		{name: "import as text", method: "POST", target: "/api/import", body: "x", ctype: "text/plain", want: 415},

		{name: "the exports", method: "GET", target: "/api/export", want: 200},
		{name: "a group's words as JSON", method: "GET", target: "/api/export/words.json?group_id=1", want: 200},
		{name: "every word as JSON", method: "GET", target: "/api/export/words.json", want: 200},
		{name: "an export of a bad group id", method: "GET", target: "/api/export/words.json?group_id=x", want: 400},
		{name: "an export of an unknown group", method: "GET", target: "/api/export/words.json?group_id=999999", want: 404},
		{name: "a search", method: "GET", target: "/api/words?q=taberu&state=new", want: 200},
		{name: "a bad state", method: "GET", target: "/api/words?state=sleepy", want: 400},
	}
}

// multipartFile is a multipart/form-data body holding a file and fields,
// and its Content-Type.
func multipartFile(t *testing.T, name, content string, fields map[string]string) (body, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), mw.FormDataContentType()
}
