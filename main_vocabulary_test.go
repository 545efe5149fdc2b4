package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestImportCommandReadsEveryFormat: langportal import takes what the
// import page takes, detected from the content.
func TestImportCommandReadsEveryFormat(t *testing.T) {
	for _, tt := range []struct {
		name, file, content string
		want                []string // japanese reading romaji english of each word, in the group
	}{
		{"CSV with header aliases", "words.csv", "Expression,Kana,Meaning,Notes\n鳥,とり,bird,x\n\"魚\",さかな,\"fish, the animal\",\n",
			[]string{"鳥 とり tori bird", "魚 さかな sakana fish, the animal"}},
		{"CSV with romaji only", "words.csv", "kanji;romaji;english\n食堂;shokudou;dining hall\n", []string{"食堂 しょくどう shokudou dining hall"}},
		{"TSV", "words.txt", "japanese\treading\tenglish\n犬\tいぬ\tdog\nコーヒー\tこーひー\tcoffee\n",
			[]string{"犬 いぬ inu dog", "コーヒー こーひー koohii coffee"}},
		{"Anki plain text", "deck.txt", "#separator:tab\n#html:true\n#columns:Front\tReading\tBack\n<b>猫</b>\tねこ\tcat&nbsp;<i>(animal)</i>\n",
			[]string{"猫 ねこ neko cat (animal)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "formats.db")
			out, err := runCommand(t, dbPath, "import", writeFile(t, tt.file, tt.content), "--group", "Imported")
			if err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			if want := fmt.Sprintf(`new group "Imported": %d added`, len(tt.want)); !strings.Contains(out, want) {
				t.Errorf("import said %q, want %q", out, want)
			}
			var got []string
			for _, w := range groupWords(t, dbPath, "Imported") {
				got = append(got, strings.Join([]string{w.Japanese, w.Reading, w.Romaji, w.English}, " "))
			}
			// In the order of the vocabulary's key, not the file's: see db.ImportFile.
			slices.Sort(got)
			slices.Sort(tt.want)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("the group holds %q, want %q", got, tt.want)
			}
			if n := countRows(t, dbPath, `SELECT COUNT(*) FROM words WHERE reading = '' OR search = '' OR sort_key = ''`); n != 0 {
				t.Errorf("%d imported words lack their reading, search text or sort key", n)
			}
		})
	}
}

// TestImportCommandRefusesAtTheLine: a CSV file with a problem is refused
// with its line, and nothing is written.
func TestImportCommandRefusesAtTheLine(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "refused.db")
	if out, err := runCommand(t, dbPath, "reset", "--yes"); err != nil { // creates and seeds it
		t.Fatal(err, out)
	}
	words := countRows(t, dbPath, `SELECT COUNT(*) FROM words`)
	_, err := runCommand(t, dbPath, "import", writeFile(t, "bad.csv", "japanese,reading,english\n鳥,とり,bird\n魚,sakana,fish\n"), "--group", "Bad")
	if err == nil || !strings.Contains(err.Error(), "line 3: reading must be written in kana") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("got %v, want line 3's reading refused and nothing imported", err)
	}
	if got := countRows(t, dbPath, `SELECT COUNT(*) FROM words`); got != words {
		t.Errorf("words = %d after a refused file, want %d", got, words)
	}
}

// TestCLIImportIsSearchableAtOnce: a serving portal finds the words that
// langportal import wrote beside it by search, with no restart.
func TestCLIImportIsSearchableAtOnce(t *testing.T) {
	srv := startServer(t)
	file := writeFile(t, "zoo.tsv", "japanese\tromaji\tenglish\n麒麟\tkirin\tgiraffe\n駱駝\trakuda\tcamel\n")
	if out, err := runCommand(t, srv.dbPath, "import", file, "--group", "Zoo"); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for query, want := range map[string]string{"giraffe": "麒麟", "らくだ": "駱駝", "rakuda": "駱駝", "キリン": "麒麟"} {
		var list struct {
			Items []struct{ Japanese, Reading string }
		}
		getJSON(t, srv.url+"/api/words?q="+url.QueryEscape(query), &list)
		if len(list.Items) != 1 || list.Items[0].Japanese != want {
			t.Errorf("search %q found %+v, want %s", query, list.Items, want)
		}
	}
}

// TestExportCommand: export writes the files of the export page, to
// stdout or a file that it does not overwrite without --force, and what
// it writes imports back into a fresh portal as the same words.
func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "export.db")
	if out, err := runCommand(t, dbPath, "seed-demo", "--reviews", "40"); err != nil {
		t.Fatal(err, out)
	}
	out, err := runCommand(t, dbPath, "export")
	if err != nil || !strings.HasPrefix(out, "japanese,reading,romaji,english,parts\n") {
		t.Fatalf("export: %v\n%.200s", err, out)
	}
	if lines := strings.Count(out, "\n") - 1; lines != countRows(t, dbPath, `SELECT COUNT(*) FROM words`) {
		t.Errorf("the CSV has %d words, want every word", lines)
	}
	out, err = runCommand(t, dbPath, "export", "--format", "reviews.csv", "--group", "Core Verbs")
	if err != nil || !strings.HasPrefix(out, "card_id,review_time,review_rating,review_state,review_duration\n") {
		t.Fatalf("export reviews: %v\n%.200s", err, out)
	}

	// One group as JSON, into a file; into a fresh portal it gives the same words.
	file := filepath.Join(dir, "verbs.json")
	if out, err := runCommand(t, dbPath, "export", "--format", "words.json", "--group", "Core Verbs", "--out", file); err != nil || out != "" {
		t.Fatalf("export --out: %v, said %q", err, out)
	}
	fresh := filepath.Join(dir, "fresh.db")
	if out, err := runCommand(t, fresh, "import", file, "--group", "Core Verbs"); err != nil {
		t.Fatalf("import of the export: %v\n%s", err, out)
	}
	if got, want := groupWords(t, fresh, "Core Verbs"), groupWords(t, dbPath, "Core Verbs"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after export and import: %v\nwant %v", got, want)
	}

	// An existing file is kept unless --force.
	before, _ := os.ReadFile(file)
	_, err = runCommand(t, dbPath, "export", "--out", file)
	if err == nil || err.Error() != file+" exists already: add --force to replace it" {
		t.Errorf("export over a file: %v, want it refused", err)
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Error("a refused export changed the file")
	}
	if _, err := runCommand(t, dbPath, "export", "--out", file, "--force"); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(file); !strings.HasPrefix(string(after), "japanese,reading") {
		t.Errorf("export --force left %.40q, want the CSV", after)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--group", "Nope"}, `there is no group named "Nope"`},
		{[]string{"export", "--group", "999"}, "group 999 not found"},
	} {
		if _, err := runCommand(t, dbPath, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
		}
	}
	if _, err := runCommand(t, filepath.Join(dir, "none.db"), "export"); err == nil || !strings.Contains(err.Error(), "there is no database at") {
		t.Errorf("export of no database: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); !os.IsNotExist(err) {
		t.Error("export created a database")
	}
}

// TestBackupCommand: backup writes a copy that serve opens as it is, and
// keeps an existing file unless --force.
func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "live.db")
	if out, err := runCommand(t, dbPath, "seed-demo", "--reviews", "30"); err != nil {
		t.Fatal(err, out)
	}
	copyPath := filepath.Join(dir, "copies", "backup.db")
	out, err := runCommand(t, dbPath, "backup", copyPath)
	if err != nil || !strings.HasPrefix(out, "backed up "+dbPath+" to "+copyPath) {
		t.Fatalf("backup: %v, said %q", err, out)
	}
	_, err = runCommand(t, dbPath, "backup", copyPath)
	if err == nil || err.Error() != copyPath+" exists already: add --force to replace it" {
		t.Errorf("backup over a file: %v, want it refused", err)
	}
	if _, err := runCommand(t, dbPath, "backup", dbPath, "--force"); err == nil || !strings.Contains(err.Error(), "is the database itself") {
		t.Errorf("backup onto the database itself: %v, want it refused", err)
	}
	if _, err := runCommand(t, dbPath, "backup", copyPath, "--force"); err != nil {
		t.Fatalf("backup --force: %v", err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "copies", "*partial*"))
	if len(matches) > 0 {
		t.Errorf("left behind: %v", matches)
	}
	reviews := countRows(t, dbPath, `SELECT COUNT(*) FROM word_review_items`)
	srv := startServerOn(t, copyPath)
	var sessions struct {
		Pagination struct {
			TotalItems int `json:"total_items"`
		}
	}
	getJSON(t, srv.url+"/api/study_sessions", &sessions)
	if sessions.Pagination.TotalItems == 0 || srv.count(t, "word_review_items") != reviews {
		t.Errorf("serve --db on the backup: %d sessions, %d reviews; want the history (%d reviews)", sessions.Pagination.TotalItems,
			srv.count(t, "word_review_items"), reviews)
	}
}

type exportedWord struct{ Japanese, Reading, Romaji, English, Parts string }

// groupWords reads a group's words, in id order.
func groupWords(t *testing.T, dbPath, group string) []exportedWord {
	t.Helper()
	out, err := runCommand(t, dbPath, "export", "--format", "words.json", "--group", group)
	if err != nil {
		t.Fatal(err)
	}
	var words []struct {
		Japanese, Reading, Romaji, English string
		Parts                              json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &words); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	list := make([]exportedWord, len(words))
	for i, w := range words {
		list[i] = exportedWord{w.Japanese, w.Reading, w.Romaji, w.English, string(w.Parts)}
	}
	return list
}

// getJSON reads the JSON answer of url into v; anything but a 200 fails t.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
