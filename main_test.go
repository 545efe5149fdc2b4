package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	_ "github.com/mattn/go-sqlite3"

	"langportal/db/kana"
)

// The end-to-end tests build the real binary, serve a temp database with it
// and drive headless Chromium against it, with JavaScript on and off.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds langportal once for the whole test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "langportal-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "langportal")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// server is a running langportal process.
type server struct {
	url    string
	dbPath string
	cmd    *exec.Cmd
}

// startServer runs the binary on a free port of 127.0.0.1 with a fresh database.
func startServer(t *testing.T, extraEnv ...string) *server {
	t.Helper()
	return startServerOn(t, filepath.Join(t.TempDir(), "e2e.db"), extraEnv...)
}

// startServerOn runs the binary on the database at dbPath.
func startServerOn(t *testing.T, dbPath string, extraEnv ...string) *server {
	t.Helper()
	cmd := exec.Command(binary(t), "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
	cmd.Env = append(os.Environ(), extraEnv...)
	// The log is on stderr, a JSON object a line.
	stdout, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = os.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	})
	urls := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(scanner.Bytes(), &line) == nil && line.Msg == "listening" {
				urls <- line.URL
				break
			}
		}
		// The rest of the log is only drained, so that the server never blocks
		// on a full pipe (parsing it would take CPU from load runs), unless
		// LANGPORTAL_E2E_LOG asks to see it.
		out := io.Discard
		if os.Getenv("LANGPORTAL_E2E_LOG") != "" {
			out = os.Stderr
		}
		io.Copy(out, stdout)
	}()
	select {
	case u := <-urls:
		return &server{url: u, dbPath: dbPath, cmd: cmd}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not say it was listening within 30 s")
	}
	return nil
}

// count returns the rows of a table, read through a connection of its own.
func (s *server) count(t *testing.T, table string) int {
	t.Helper()
	conn, err := sql.Open("sqlite3", s.dbPath+"?_query_only=on&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// browserSkipped is what the tests say when they skip the browser tests.
const browserSkipped = "browser tests skipped: Chromium is not installed (apt-get install chromium, or run .ci/run)"

func TestMain(m *testing.M) {
	// go test shows a passing package's output only with -v: the line also
	// goes to the file LANGPORTAL_TEST_NOTES names, which make test prints.
	if note := browserNote(); note != "" {
		fmt.Fprintln(os.Stderr, note)
		if path := os.Getenv("LANGPORTAL_TEST_NOTES"); path != "" {
			if f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
				fmt.Fprintln(f, "langportal:", note)
				f.Close()
			}
		}
	}
	os.Exit(m.Run())
}

// browserNote is the line that says the browser tests will be skipped, or
// "" when they will run (or must: LANGPORTAL_REQUIRE_BROWSER fails them instead).
func browserNote() string {
	if findChromium() != "" || os.Getenv("LANGPORTAL_REQUIRE_BROWSER") != "" {
		return ""
	}
	return browserSkipped
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromiumPath finds Chromium. Without it the browser tests are skipped,
// unless LANGPORTAL_REQUIRE_BROWSER is set (as .ci/run does).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := findChromium(); p != "" {
		return p
	}
	if os.Getenv("LANGPORTAL_REQUIRE_BROWSER") != "" {
		t.Fatal("Chromium is not installed but LANGPORTAL_REQUIRE_BROWSER is set: install it (apt-get install chromium)")
	}
	t.Skip(browserSkipped)
	return ""
}

// tab is a Chromium tab driven by a test; its helpers fail the test on error.
type tab struct {
	t   *testing.T
	ctx context.Context
}

// newTab starts headless Chromium and opens a tab. With javascript false,
// the tab runs no script at all, like a browser with JavaScript turned off.
func newTab(t *testing.T, javascript bool) *tab {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	disableScripts := chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tt, emulation.SetScriptExecutionDisabled,
			emulation.SetScriptExecutionDisabledParams{Value: !javascript})
		return err
	})
	// The first Run starts the browser, which lives as long as ctx: no timeout on it.
	if err := chromedp.Do(ctx, disableScripts); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &tab{t: t, ctx: ctx}
}

// do runs steps, each within 15 seconds.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func get[T any](b *tab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

func (b *tab) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(get(b, "text of "+sel, chromedp.TextContent(chromedp.CSS(sel))))
}

func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	return get(b, name+" of "+sel, chromedp.AttributeValue(chromedp.CSS(sel), name)).Value
}

// acceptDialogs answers OK to every confirm() the page shows (hx-confirm).
func (b *tab) acceptDialogs() {
	dialogs := chromedp.Events(b.ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
}

// waitForHTMX waits until htmx has settled the content it swapped in, so
// that the new content's hx- attributes are live before the next click.
func (b *tab) waitForHTMX() {
	b.t.Helper()
	get(b, "htmx to settle", chromedp.Poll[bool](
		`!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')`,
		chromedp.WithPollingInterval(10*time.Millisecond)))
}

func (b *tab) location() string {
	b.t.Helper()
	return get(b, "location", chromedp.Location())
}

// screenshot saves a full-page PNG when LANGPORTAL_SCREENSHOTS names a folder.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("LANGPORTAL_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := get(b, "screenshot", chromedp.FullScreenshot(100))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// TestBrowserLaunchAndReview launches Flashcards from its launch page and
// answers three cards, in a browser with JavaScript (htmx swaps the card in
// place) and in one without (forms post and redirect).
func TestBrowserLaunchAndReview(t *testing.T) {
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript", false: "no-javascript"}[javascript]
		t.Run(name, func(t *testing.T) {
			srv := startServer(t)
			b := newTab(t, javascript)

			b.do("open the launch page",
				chromedp.Navigate(srv.url+"/study_activities/1/launch"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="launch-form"]`)))
			b.screenshot("launch-" + name)
			// Launching without a group is refused beside the field, and writes nothing.
			b.do("launch without a group",
				chromedp.Click(chromedp.CSS(`[data-testid="launch-now"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="group_id-error"]`)))
			if got := b.text(`[data-testid="group_id-error"]`); got != "Word group is required" {
				t.Errorf("the message beside the group is %q", got)
			}
			if n := srv.count(t, "study_sessions"); n != 0 {
				t.Fatalf("study_sessions has %d rows after a refused launch, want 0", n)
			}
			b.screenshot("launch-error-" + name)
			if javascript {
				b.waitForHTMX()
			}
			// Choose "Core Verbs" with the keyboard, as a learner without a mouse would.
			b.do("launch",
				chromedp.Focus(chromedp.CSS(`#group_id`)),
				chromedp.SendKeys(chromedp.CSS(`#group_id`), "Core Verbs"),
				chromedp.Click(chromedp.CSS(`[data-testid="launch-now"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="flashcard"] [data-testid="card-word"]`)))
			if n := srv.count(t, "study_sessions"); n != 1 {
				t.Fatalf("study_sessions has %d rows after launching, want 1", n)
			}
			if loc := b.location(); !strings.HasSuffix(loc, "/study_sessions/1") {
				t.Errorf("after launching the browser is at %s, want /study_sessions/1", loc)
			}
			if javascript {
				b.waitForHTMX()
				// A marker that lives only as long as the page is not reloaded.
				get(b, "set a marker", chromedp.Evaluate[bool](`window.stillThisPage = true`))
			}
			b.screenshot("session-" + name)

			seen := map[string]bool{}
			for i := 1; i <= 3; i++ {
				word := b.attr(`[data-testid="card-word"]`, "data-word-id")
				if seen[word] {
					t.Fatalf("card %d shows word %s again", i, word)
				}
				seen[word] = true
				if progress := b.text(`[data-testid="progress-text"]`); !strings.HasPrefix(progress, fmt.Sprintf("%d of ", i)) {
					t.Errorf("card %d: progress says %q", i, progress)
				}
				button := `[data-testid="knew-it"]`
				if i == 2 {
					button = `[data-testid="didnt-know"]`
				}
				b.do(fmt.Sprintf("answer card %d", i),
					chromedp.Click(chromedp.CSS(`[data-testid="reveal"]`)),
					chromedp.WaitVisible(chromedp.CSS(button)),
					chromedp.Click(chromedp.CSS(button)),
					chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`[data-testid="flashcard"][data-answered="%d"]`, i))))
				if javascript {
					b.waitForHTMX()
				}
			}
			if n := srv.count(t, "word_review_items"); n != 3 {
				t.Errorf("word_review_items has %d rows, want 3", n)
			}
			if got := b.text(`[data-testid="review-count"]`); got != "3" {
				t.Errorf("the page shows %q reviews, want 3", got)
			}
			if javascript {
				if !get(b, "read the marker", chromedp.Evaluate[bool](`window.stillThisPage === true`)) {
					t.Error("the page was reloaded while answering: htmx should swap the card in place")
				}
			} else if loc := b.location(); !strings.HasSuffix(loc, "/study_sessions/1") {
				t.Errorf("after answering the browser is at %s, want /study_sessions/1", loc)
			}
			b.screenshot("after-reviews-" + name)
		})
	}
}

// TestBrowserPortalTour visits every page from the sidebar, sorts and pages
// the words table and resets the history, with JavaScript and without.
func TestBrowserPortalTour(t *testing.T) {
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript", false: "no-javascript"}[javascript]
		t.Run(name, func(t *testing.T) {
			srv := startServer(t)
			srv.studySome(t)
			b := newTab(t, javascript)
			if javascript {
				b.acceptDialogs()
			}
			b.do("open the dashboard", chromedp.Navigate(srv.url+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="quick-stats"]`)))
			if loc := b.location(); !strings.HasSuffix(loc, "/dashboard") {
				t.Errorf("/ leads to %s, want /dashboard", loc)
			}

			for _, p := range []struct{ path, heading string }{
				{"/study_activities", "Study Activities"}, {"/words", "Words"}, {"/groups", "Word Groups"},
				{"/study_sessions", "Sessions"}, {"/settings", "Settings"}, {"/dashboard", "Dashboard"},
			} {
				b.do("follow the sidebar to "+p.path,
					chromedp.Click(chromedp.CSS(`#sidebar a[href="`+p.path+`"]`)),
					chromedp.WaitVisible(chromedp.CSS(`#sidebar a[href="`+p.path+`"][aria-current="page"]`)))
				if got := b.text("main h1"); got != p.heading {
					t.Errorf("%s shows heading %q, want %q", p.path, got, p.heading)
				}
			}

			b.do("open the words", chromedp.Click(chromedp.CSS(`#sidebar a[href="/words"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="words-table"]`)))
			if javascript {
				get(b, "mark the page", chromedp.Evaluate[bool](`window.stillThisPage = true`))
			}
			b.do("sort by romaji", chromedp.Click(chromedp.CSS(`[data-testid="sort-romaji"]`)),
				chromedp.WaitVisible(chromedp.CSS(`th[aria-sort="ascending"] > [data-testid="sort-romaji"]`)))
			if javascript {
				b.waitForHTMX()
			}
			first, second := b.text(`[data-testid="word-row"]:nth-child(1) td.c-romaji`), b.text(`[data-testid="word-row"]:nth-child(2) td.c-romaji`)
			if first > second {
				t.Errorf("sorted by romaji, %q comes before %q", first, second)
			}
			b.do("go to page 2", chromedp.Click(chromedp.CSS(`[data-testid="page-next"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="page-prev"]`)))
			if got := b.text(`[data-testid="table-range"]`); got != "101–200 of 208 words" {
				t.Errorf("page 2 says %q", got)
			}
			if loc := b.location(); !strings.Contains(loc, "/words?page=2&sort=romaji") {
				t.Errorf("the address on page 2 is %s, want it to keep page and sort", loc)
			}
			if javascript {
				if !get(b, "read the marker", chromedp.Evaluate[bool](`window.stillThisPage === true`)) {
					t.Error("sorting or paging reloaded the page; htmx should swap the table")
				}
				b.waitForHTMX()
			}

			b.do("open the settings", chromedp.Navigate(srv.url+"/settings"),
				chromedp.Click(chromedp.CSS(`[data-testid="reset-history"]`)))
			if !javascript {
				b.do("confirm", chromedp.WaitVisible(chromedp.CSS(`[data-testid="confirm-reset"]`)),
					chromedp.Click(chromedp.CSS(`[data-testid="confirm-yes"]`)))
			}
			b.do("wait for the reset", chromedp.WaitVisible(chromedp.CSS(`[data-testid="flash"]`)))
			if got := srv.count(t, "study_sessions") + srv.count(t, "word_review_items"); got != 0 {
				t.Errorf("%d sessions and reviews are left after the reset", got)
			}
			if got := srv.count(t, "words"); got != 208 {
				t.Errorf("the reset left %d words, want 208", got)
			}
			b.do("see the dashboard", chromedp.Navigate(srv.url+"/dashboard"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="last-session"]`)))
			if got := b.text(`[data-testid="total-sessions"]`); got != "0" {
				t.Errorf("the dashboard shows %s sessions after the reset", got)
			}
		})
	}
}

// journeyWords is a small group, so that a journey can study all of it.
const journeyWords = `[
  {"kanji": "山", "romaji": "yama", "english": "mountain", "parts": [{"kanji": "山", "romaji": ["yama"]}]},
  {"kanji": "川", "romaji": "kawa", "english": "river", "parts": [{"kanji": "川", "romaji": ["kawa"]}]},
  {"kanji": "空", "romaji": "sora", "english": "sky", "parts": [{"kanji": "空", "romaji": ["sora"]}]},
  {"kanji": "海", "romaji": "umi", "english": "sea", "parts": [{"kanji": "海", "romaji": ["umi"]}]}
]`

// TestBrowserFlashcardsJourney studies a whole group: dashboard, study
// activities, launch Flashcards, a round with right and wrong answers (with
// the keyboard when JavaScript is on, the buttons when it is off), the
// summary, a retry of the missed words, and the dashboard's new figures.
func TestBrowserFlashcardsJourney(t *testing.T) {
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript", false: "no-javascript"}[javascript]
		t.Run(name, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "journey.db")
			if out, err := runCommand(t, dbPath, "import", writeFile(t, "nature.json", journeyWords), "--group", "Nature"); err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			srv := startServerOn(t, dbPath)
			b := newTab(t, javascript)
			settle := func() {
				if javascript {
					b.waitForHTMX()
				}
			}

			b.do("start studying", chromedp.Navigate(srv.url+"/dashboard"),
				chromedp.Click(chromedp.CSS(`[data-testid="start-studying"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="activity-card"]`)))
			b.do("launch Flashcards", chromedp.Click(chromedp.CSS(`a[href="/study_activities/1/launch"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="launch-form"]`)),
				chromedp.Focus(chromedp.CSS(`#group_id`)),
				chromedp.SendKeys(chromedp.CSS(`#group_id`), "Nature"),
				chromedp.Click(chromedp.CSS(`[data-testid="launch-now"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-word"]`)))
			settle()
			if got := b.text(`[data-testid="progress-text"]`); got != "1 of 4" {
				t.Errorf("the first card says %q, want 1 of 4", got)
			}

			// Round 1: miss the first two cards, know the other two.
			var missed []string
			for i := 1; i <= 4; i++ {
				word := b.text(`[data-testid="card-word"]`)
				knew := i > 2
				if !knew {
					missed = append(missed, word)
				}
				if javascript {
					b.do("reveal with Space", chromedp.KeyEvent(" "),
						chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] .card-romaji`)))
					key := map[bool]string{true: "1", false: "2"}[knew]
					if i == 4 {
						key = "j"
					}
					b.do("answer with the keyboard", chromedp.KeyEvent(key),
						chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`[data-testid="flashcard"][data-answered="%d"]`, i))))
				} else {
					button := map[bool]string{true: "knew-it", false: "didnt-know"}[knew]
					// The grading buttons are inside the answer: reveal first.
					b.do("reveal", chromedp.Click(chromedp.CSS(`[data-testid="card-answer"] summary`)),
						chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-answer"][open] .card-romaji`)))
					b.do("answer with a button", chromedp.Click(chromedp.CSS(`[data-testid="`+button+`"]`)),
						chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`[data-testid="flashcard"][data-answered="%d"]`, i))))
				}
				settle()
			}
			b.do("see the summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="round-summary"]`)))
			b.screenshot("summary-" + name)
			if got := b.text(`[data-testid="summary-score"]`); got != "2 of 4 right" {
				t.Errorf("the summary says %q, want 2 of 4 right", got)
			}
			list := b.text(`[data-testid="missed-words"]`)
			for _, w := range missed {
				if !strings.Contains(list, w) {
					t.Errorf("the missed words %q lack %s", list, w)
				}
			}

			// Retry the missed words: a round of two.
			if javascript {
				b.do("retry with the keyboard", chromedp.Focus(chromedp.CSS(`[data-testid="retry-missed"]`)), chromedp.KeyEvent("\r"))
			} else {
				b.do("retry", chromedp.Click(chromedp.CSS(`[data-testid="retry-missed"]`)))
			}
			b.do("see the retry round", chromedp.WaitVisible(chromedp.CSS(`[data-testid="flashcard"][data-round="2"] [data-testid="card-word"]`)))
			settle()
			if got := b.text(`[data-testid="progress-text"]`); got != "1 of 2" {
				t.Errorf("the retry round starts at %q, want 1 of 2", got)
			}
			for i := 1; i <= 2; i++ {
				if word := b.text(`[data-testid="card-word"]`); !strings.Contains(strings.Join(missed, " "), word) {
					t.Errorf("the retry round shows %s, which was not missed", word)
				}
				if javascript {
					b.do("answer", chromedp.KeyEvent(" "), chromedp.WaitVisible(chromedp.CSS(`[data-testid="knew-it"]`)), chromedp.KeyEvent("1"))
				} else {
					b.do("answer", chromedp.Click(chromedp.CSS(`[data-testid="reveal"]`)), chromedp.Click(chromedp.CSS(`[data-testid="knew-it"]`)))
				}
				b.do("next", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`[data-testid="flashcard"][data-round="2"][data-answered="%d"]`, i))))
				settle()
			}
			if got := b.text(`[data-testid="summary-score"]`); got != "2 of 2 right" {
				t.Errorf("the retry summary says %q, want 2 of 2 right", got)
			}
			if n := srv.count(t, "word_review_items"); n != 6 {
				t.Errorf("%d reviews recorded, want 6", n)
			}

			b.do("back to the dashboard", chromedp.Click(chromedp.CSS(`[data-testid="to-dashboard"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="quick-stats"]`)))
			for sel, want := range map[string]string{
				`[data-testid="words-studied"]`: "4", `[data-testid="success-rate"]`: "66.7%",
				`[data-testid="total-sessions"]`: "1", `[data-testid="streak-days"]`: "1 day",
				`[data-testid="last-correct"]`: "4 right", `[data-testid="last-wrong"]`: "2 wrong",
			} {
				if got := b.text(sel); got != want {
					t.Errorf("dashboard %s = %q, want %q", sel, got, want)
				}
			}
		})
	}
}

// externalApp is a tiny study app for tests, served from its own origin:
// it reads the group's words from the portal and posts a review, and (with
// form=1) also tries a plain form post, which needs no CORS preflight. It
// reports each step in #status.
func externalApp(portal *string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Writing Practice (test app)</title><p id="status">start</p>
<script>
const portal = %q;
const q = new URLSearchParams(location.search);
const group = q.get("group_id"), session = q.get("study_session_id");
const status = document.getElementById("status");
const log = (m) => { status.textContent += "|" + m; };
(async () => {
  let wordId = 1;
  try {
    const r = await fetch(portal + "/groups/" + group + "/words", {headers: {Accept: "application/json"}});
    const words = await r.json();
    wordId = words.items[0].id;
    log("read " + words.items.length);
  } catch (e) { log("read failed"); }
  try {
    const r = await fetch(portal + "/study_sessions/" + session + "/review", {method: "POST",
      headers: {"Content-Type": "application/json", Accept: "application/json"},
      body: JSON.stringify({word_id: wordId, correct: true})});
    log("review " + r.status);
  } catch (e) { log("review failed"); }
  if (q.get("form") === "1") {
    try {
      await fetch(portal + "/study_sessions/" + session + "/review", {method: "POST", mode: "no-cors",
        headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: "word_id=" + wordId + "&correct=true"});
      log("form sent");
    } catch (e) { log("form failed"); }
  }
  document.body.dataset.done = "yes";
})();
</script>`, *portal)
	})
}

// TestBrowserExternalApp launches an external study app from the portal and
// checks that an app on a trusted origin can read words and record reviews
// from the browser, and that one on another origin can do neither.
func TestBrowserExternalApp(t *testing.T) {
	var portal string
	trusted := httptest.NewServer(externalApp(&portal))
	defer trusted.Close()
	other := httptest.NewServer(externalApp(&portal))
	defer other.Close()

	dbPath := filepath.Join(t.TempDir(), "external.db")
	if out, err := runCommand(t, dbPath, "reset", "--yes"); err != nil { // creates, migrates and seeds it
		t.Fatal(err, out)
	}
	conn, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`UPDATE study_activities SET url = ? WHERE name = 'Writing Practice'`, trusted.URL+"/writing-practice"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	srv := startServerOn(t, dbPath, "LANGPORTAL_TRUSTED_ORIGINS="+trusted.URL)
	portal = srv.url
	reviews := func(session int) int {
		return countRows(t, dbPath, `SELECT COUNT(*) FROM word_review_items WHERE study_session_id = ?`, session)
	}

	b := newTab(t, true)
	b.do("launch the external app", chromedp.Navigate(srv.url+"/study_activities/2/launch"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="launch-form"][data-external-launch]`)),
		chromedp.Focus(chromedp.CSS(`#group_id`)),
		chromedp.SendKeys(chromedp.CSS(`#group_id`), "Core Verbs"),
		chromedp.Click(chromedp.CSS(`[data-testid="launch-now"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="external-launch"]`)))
	if loc := b.location(); !strings.HasSuffix(loc, "/study_sessions/1") {
		t.Errorf("after launching, the portal's tab is at %s, want the session page", loc)
	}
	// The app opened in its own tab with the session's ids and recorded a review.
	deadline := time.Now().Add(10 * time.Second)
	for reviews(1) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := reviews(1); n != 1 {
		t.Fatalf("the app in the new tab recorded %d reviews, want 1", n)
	}

	app := newTab(t, true)
	app.do("open the trusted app", chromedp.Navigate(trusted.URL+"/writing-practice?group_id=1&study_session_id=1"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-done="yes"]`)))
	if got := app.text("#status"); got != "start|read 69|review 200" {
		t.Errorf("the trusted app says %q, want it to read 69 words and post a review", got)
	}
	if n := reviews(1); n != 2 {
		t.Errorf("reviews = %d after the trusted app, want 2", n)
	}

	app.do("open the untrusted app", chromedp.Navigate(other.URL+"/writing-practice?group_id=1&study_session_id=1&form=1"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-done="yes"]`)))
	if got := app.text("#status"); got != "start|read failed|review failed|form sent" {
		t.Errorf("the untrusted app says %q, want reading and posting JSON to fail", got)
	}
	if n := reviews(1); n != 2 {
		t.Errorf("reviews = %d after the untrusted app, want still 2: its form post must be refused", n)
	}
}

// postReviews posts reviews to session from workers goroutines until stop
// closes, each on a fresh connection, and returns the ids that the server
// acknowledged with a 200 and every other answer it gave.
func postReviews(url string, session, workers int, stop <-chan struct{}) (acked []int64, bad []string) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf(`{"word_id": %d, "correct": %v}`, (w*31+i)%69+1, i%2 == 0)
				resp, err := client.Post(fmt.Sprintf("%s/study_sessions/%d/review", url, session), "application/json", strings.NewReader(body))
				if err != nil {
					continue // the server is gone (or going): nothing was acknowledged
				}
				var review struct{ ID int64 }
				decodeErr := json.NewDecoder(resp.Body).Decode(&review)
				resp.Body.Close()
				mu.Lock()
				switch {
				case resp.StatusCode == http.StatusOK && decodeErr == nil:
					acked = append(acked, review.ID)
				case resp.StatusCode != http.StatusOK:
					bad = append(bad, resp.Status)
				}
				mu.Unlock()
			}
		}()
	}
	<-stop
	wg.Wait()
	return acked, bad
}

// TestCrashLosesNoAcknowledgedWrite kills the real server with SIGKILL at a
// random moment while reviews pour in, restarts it, and checks that every
// review it acknowledged is there. make crash runs more cycles.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	cycles := 3
	if n, err := strconv.Atoi(os.Getenv("LANGPORTAL_CRASH_CYCLES")); err == nil && n > 0 {
		cycles = n
	}
	dbPath := filepath.Join(t.TempDir(), "crash.db")
	var acked []int64
	for cycle := range cycles {
		srv := startServerOn(t, dbPath)
		resp, err := http.Post(srv.url+"/study_sessions", "application/json", strings.NewReader(`{"group_id": 1, "study_activity_id": 1}`))
		if err != nil {
			t.Fatal(err)
		}
		var sess struct{ ID int }
		json.NewDecoder(resp.Body).Decode(&sess)
		resp.Body.Close()

		stop := make(chan struct{})
		done := make(chan []int64)
		go func() {
			ids, bad := postReviews(srv.url, sess.ID, 8, stop)
			if len(bad) > 0 {
				t.Errorf("cycle %d: answers other than 200: %v", cycle, bad[:min(len(bad), 5)])
			}
			done <- ids
		}()
		time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
		if err := srv.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown, no flush
			t.Fatal(err)
		}
		srv.cmd.Wait()
		close(stop)
		acked = append(acked, <-done...)
	}
	lost := 0
	for _, id := range acked {
		if countRows(t, dbPath, `SELECT COUNT(*) FROM word_review_items WHERE id = ?`, id) != 1 {
			lost++
		}
	}
	t.Logf("crash test: %d cycles, %d reviews acknowledged, %d lost", cycles, len(acked), lost)
	if lost > 0 {
		t.Errorf("%d acknowledged reviews were lost", lost)
	}
	if len(acked) == 0 {
		t.Errorf("no review was acknowledged: the test proved nothing")
	}
	// The log and its aggregates still agree after the crashes.
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions s JOIN session_stats st ON st.session_id = s.id
		WHERE st.review_count <> (SELECT COUNT(*) FROM word_review_items WHERE study_session_id = s.id)`); n != 0 {
		t.Errorf("%d sessions' counts disagree with the log after the crashes", n)
	}
}

// TestGracefulShutdown sends SIGTERM while reviews pour in: every request
// the server took is finished and answered, so the reviews in the database
// are exactly the acknowledged ones (a review written but not answered
// would make one more), and no answer is a 5xx. Connections still waiting
// in the kernel's accept queue when the listener closes are refused or
// reset without being read: their requests were never taken.
func TestGracefulShutdown(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "shutdown.db")
	srv := startServerOn(t, dbPath)
	resp, err := http.Post(srv.url+"/study_sessions", "application/json", strings.NewReader(`{"group_id": 1, "study_activity_id": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	stop := make(chan struct{})
	done := make(chan struct{})
	var acked []int64
	var bad []string
	go func() {
		acked, bad = postReviews(srv.url, 1, 16, stop)
		close(done)
	}()
	time.Sleep(300 * time.Millisecond)
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the server exited with %v, want a clean exit", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not stop within 20 s of SIGTERM")
	}
	close(stop)
	<-done
	if len(bad) > 0 {
		t.Errorf("answers other than 200 during shutdown: %v", bad[:min(len(bad), 5)])
	}
	if len(acked) == 0 {
		t.Fatal("no review was acknowledged before the shutdown")
	}
	// Closed cleanly: the last connection checkpointed and removed the WAL.
	if info, err := os.Stat(dbPath + "-wal"); err == nil && info.Size() > 0 {
		t.Errorf("the WAL is still there after a clean shutdown (%d bytes)", info.Size())
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM word_review_items`); n != len(acked) {
		t.Errorf("%d reviews in the database, %d acknowledged", n, len(acked))
	}
}

// TestScreenshots saves a screenshot of every page, in light and dark, at
// desktop (1280×900) and phone (375×812) sizes, and of a whole round of
// Flashcards with JavaScript and without, when LANGPORTAL_SCREENSHOTS names
// a folder (make screenshots). They are for people to look at.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("LANGPORTAL_SCREENSHOTS")
	if dir == "" {
		t.Skip("set LANGPORTAL_SCREENSHOTS to a folder (or run make screenshots)")
	}
	srv := startServer(t)
	srv.studySome(t)
	// A finished round with many missed words, then a round under way (the
	// dashboard's Continue).
	finished := srv.almostRound(t, 3, func(japanese string) bool { return utf8.RuneCountInString(japanese)%2 == 0 })
	srv.postJSON(t, fmt.Sprintf("/study_sessions/%d/review", finished),
		fmt.Sprintf(`{"word_id": %d, "correct": false}`, srv.nextCardWord(t, finished)), nil)
	// The rounds to study in the browser, one a screen: a card from the end.
	rounds := map[string]int{}
	for _, theme := range []string{"light", "dark"} {
		for _, size := range [][2]int64{desktop, phone} {
			for _, js := range []string{"js", "nojs"} {
				rounds[fmt.Sprint(theme, size, js)] = srv.almostRound(t, 3, func(japanese string) bool { return utf8.RuneCountInString(japanese)%3 == 0 })
			}
		}
	}
	var under struct{ ID int }
	srv.postJSON(t, "/study_sessions", `{"group_id": 2, "study_activity_id": 1}`, &under)
	for range 3 {
		srv.postJSON(t, fmt.Sprintf("/study_sessions/%d/review", under.ID),
			fmt.Sprintf(`{"word_id": %d, "correct": true}`, srv.nextCardWord(t, under.ID)), nil)
	}
	_, japanese := srv.groupWords(t, 3)
	longWord := 0
	for id, w := range japanese {
		if w == "明けましておめでとうございます" {
			longWord = id
		}
	}
	empty := startServer(t) // a portal nobody has studied with yet

	pages := []struct {
		name string
		srv  *server
		path string
	}{
		{"dashboard", srv, "/dashboard"},
		{"dashboard-empty", empty, "/dashboard"},
		{"study-activities", srv, "/study_activities"},
		{"study-activity", srv, "/study_activities/1"},
		{"study-activity-empty", empty, "/study_activities/1"},
		{"launch", srv, "/study_activities/1/launch"},
		{"launch-group", srv, "/study_activities/1/launch?group_id=3"},
		{"words", srv, "/words?sort=correct&order=desc"},
		{"words-unstudied", srv, "/words?sort=english"},
		{"word", srv, "/words/1"},
		{"word-long", srv, fmt.Sprintf("/words/%d", longWord)},
		{"word-unstudied", empty, "/words/1"},
		{"groups", srv, "/groups"},
		{"group", srv, "/groups/1"},
		{"group-empty", empty, "/groups/1"},
		{"sessions", srv, "/study_sessions"},
		{"session", srv, "/study_sessions/1"},
		{"session-summary", srv, fmt.Sprintf("/study_sessions/%d", finished)},
		{"session-external", srv, "/study_sessions/2"},
		{"settings", srv, "/settings"},
		{"not-found", srv, "/study_sessions/999"},
		// Owning the vocabulary.
		{"words-search", srv, "/words?q=tab"},
		{"word-new", srv, "/words/new"},
		{"word-edit", srv, "/words/1/edit"},
		{"group-add", srv, "/groups/1/add"},
		{"activity-new", srv, "/study_activities/new"},
		{"import", srv, "/import"},
		{"export", srv, "/export"},
	}
	sizes := [][2]int64{desktop, phone}
	for _, theme := range []string{"light", "dark"} {
		for _, size := range sizes {
			b := newTab(t, true)
			for _, s := range []*server{srv, empty} {
				b.do("set the theme", chromedp.Navigate(s.url+"/healthz"),
					chromedp.Evaluate[chromedp.Void](`document.cookie = "theme=`+theme+`; path=/"`))
			}
			b.viewport(size)
			for _, p := range pages {
				b.do("open "+p.path, chromedp.Navigate(p.srv.url+p.path), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
				b.screenshot(fmt.Sprintf("%s-%s-%d", p.name, theme, size[0]))
			}
			// A whole round, with JavaScript and without: what the screen shows.
			for _, javascript := range []bool{true, false} {
				js := map[bool]string{true: "js", false: "nojs"}[javascript]
				r := b
				if !javascript {
					r = newTab(t, false)
					r.do("set the theme", chromedp.Navigate(srv.url+"/healthz"),
						chromedp.Evaluate[chromedp.Void](`document.cookie = "theme=`+theme+`; path=/"`))
					r.viewport(size)
				}
				session := rounds[fmt.Sprint(theme, size, js)]
				name := func(step string) string { return fmt.Sprintf("round-%s-%s-%s-%d", step, js, theme, size[0]) }
				r.do("open the card", chromedp.Navigate(fmt.Sprintf("%s/study_sessions/%d", srv.url, session)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="card-word"]`)))
				r.viewportShot(name("1-card"))
				r.do("reveal", chromedp.Click(chromedp.CSS(`[data-testid="reveal"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="knew-it"]`)))
				r.viewportShot(name("2-revealed"))
				r.do("answer", chromedp.Click(chromedp.CSS(`[data-testid="didnt-know"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary-score"]`)))
				if javascript {
					r.waitForHTMX()
				}
				r.viewportShot(name("3-summary"))
				r.do("retry", chromedp.Click(chromedp.CSS(`[data-testid="retry-missed"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-round="2"] [data-testid="card-word"]`)))
				if javascript {
					r.waitForHTMX()
				}
				r.viewportShot(name("4-retry"))
			}
			if size == phone {
				b.do("open the menu", chromedp.Navigate(srv.url+"/words"), chromedp.WaitVisible(chromedp.CSS(`main h1`)),
					chromedp.Click(chromedp.CSS(`[data-testid="nav-menu-button"]`)),
					chromedp.WaitVisible(chromedp.CSS(`.nav-menu[open] a[href="/groups"]`)))
				b.viewportShot(fmt.Sprintf("menu-open-%s-%d", theme, size[0]))
			}
		}
	}
}

// viewportShot saves what the screen shows (not the whole page), when
// LANGPORTAL_SCREENSHOTS names a folder.
func (b *tab) viewportShot(name string) {
	b.t.Helper()
	dir := os.Getenv("LANGPORTAL_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := get(b, "screenshot", chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// studySome records a little history through the JSON API, so that pages
// have something to show.
func (s *server) studySome(t *testing.T) {
	t.Helper()
	post := func(path, body string) {
		resp, err := http.Post(s.url+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %s", path, resp.Status)
		}
	}
	post("/study_sessions", `{"group_id": 1, "study_activity_id": 1}`)
	post("/study_sessions", `{"group_id": 3, "study_activity_id": 2}`)
	for i, word := range []int{1, 2, 3, 4, 5, 6, 7, 8} {
		post("/study_sessions/1/review", fmt.Sprintf(`{"word_id": %d, "correct": %v}`, word, i%3 != 0))
	}
}

// runCommand runs the program with args on a database in a temp folder,
// as a script would (stdin is not a terminal).
func runCommand(t *testing.T, dbPath string, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append(args, "--db", dbPath), testConsole(&stdout, &stderr))
	return stdout.String() + stderr.String(), err
}

// testConsole is a console whose stdin is empty and not a terminal, and
// whose environment is empty.
func testConsole(stdout, stderr io.Writer) *console {
	return &console{in: strings.NewReader(""), out: stdout, err: stderr, getenv: func(string) string { return "" }}
}

func countRows(t *testing.T, dbPath, query string, args ...any) int {
	t.Helper()
	conn, err := sql.Open("sqlite3", dbPath+"?_query_only=on")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCommand(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "import.db")
	file := writeFile(t, "animals.json", `[
  {"kanji": "猫", "romaji": "neko", "english": "cat", "parts": [{"kanji": "猫", "romaji": ["neko"]}]},
  {"japanese": "犬", "romaji": "inu", "english": "dog", "parts": []},
  {"kanji": "食べる", "romaji": "taberu", "english": "to eat", "parts": []}
]`)
	out, err := runCommand(t, dbPath, "import", file, "--group", "Animals")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, want := range []string{`new group "Animals": 2 added, 1 already known`, "+ 猫  neko  cat", "+ 犬  inu  dog", "= 食べる  taberu  to eat"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	words := countRows(t, dbPath, `SELECT COUNT(*) FROM words`)
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM word_groups wg JOIN groups g ON g.id = wg.group_id WHERE g.name = 'Animals'`); n != 3 {
		t.Errorf("Animals has %d words, want 3", n)
	}

	// The same file again adds nothing and duplicates nothing; flags may come first.
	out, err = runCommand(t, dbPath, "import", "--group", "Animals", file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `existing group "Animals": 0 added, 3 already known`) {
		t.Errorf("second import said:\n%s", out)
	}
	if got := countRows(t, dbPath, `SELECT COUNT(*) FROM words`); got != words {
		t.Errorf("words = %d after importing the same file twice, want %d", got, words)
	}
}

func TestImportRejectsMalformedFiles(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"syntax", "[\n  {\"kanji\": \"猫\", \"romaji\": \"neko\" \"english\": \"cat\"}\n]", "line 2, column 35"},
		{"missing field", "[\n  {\"kanji\": \"猫\", \"romaji\": \"neko\"},\n  {\"kanji\": \"犬\"}\n]", `line 2, column 3 (byte 4): word 1: "english" is missing`},
		{"not an array", `{"kanji": "猫"}`, "must hold a JSON array"},
		{"truncated", `[{"kanji": "猫", "romaji": "neko", "english": "cat"},`, "ends before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "bad.db")
			if _, err := runCommand(t, dbPath, "migrate", "up"); err != nil {
				t.Fatal(err)
			}
			_, err := runCommand(t, dbPath, "import", writeFile(t, "bad.json", tt.content), "--group", "Bad")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "nothing was imported") {
				t.Fatalf("err = %v, want it to say %q and that nothing was imported", err, tt.want)
			}
			if n := countRows(t, dbPath, `SELECT COUNT(*) FROM groups WHERE name = 'Bad'`); n != 0 {
				t.Errorf("a rejected file created its group")
			}
		})
	}
}

func TestResetCommand(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "reset.db")
	file := writeFile(t, "w.json", `[{"kanji": "猫", "romaji": "neko", "english": "cat"}]`)
	if out, err := runCommand(t, dbPath, "import", file, "--group", "Animals"); err != nil {
		t.Fatal(err, out)
	}
	if out, err := runCommand(t, dbPath, "reset", "--yes"); err != nil || !strings.Contains(out, "history reset") {
		t.Fatalf("reset: %v %s", err, out)
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM groups WHERE name = 'Animals'`); n != 1 {
		t.Errorf("reset (history) deleted a group")
	}
	if out, err := runCommand(t, dbPath, "reset", "--full", "--yes"); err != nil || !strings.Contains(out, "full reset") {
		t.Fatalf("reset --full: %v %s", err, out)
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM groups WHERE name = 'Animals'`); n != 0 {
		t.Errorf("a full reset kept the imported group")
	}
}

func TestMigrateCommand(t *testing.T) {
	ups, err := filepath.Glob("db/migrations/*.up.sql")
	if err != nil || len(ups) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	latest := len(ups)
	dbPath := filepath.Join(t.TempDir(), "m.db")
	// Only up creates the database: the others say there is none.
	for _, args := range [][]string{{"migrate", "version"}, {"migrate", "down", "1"}, {"migrate", "force", "1"}} {
		out, err := runCommand(t, dbPath, args...)
		if err == nil || !strings.Contains(err.Error(), "no database at "+dbPath) {
			t.Errorf("%v on a missing file = %q, %v; want it to say there is no database", args, out, err)
		}
		if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
			t.Fatalf("%v created the database", args)
		}
	}
	for _, step := range []struct {
		args []string
		want int
	}{
		{[]string{"migrate", "up"}, latest},
		{[]string{"migrate", "version"}, latest},
		{[]string{"migrate", "down", "1"}, latest - 1},
		{[]string{"migrate", "up"}, latest},
	} {
		out, err := runCommand(t, dbPath, step.args...)
		if want := fmt.Sprintf("schema version %d\n", step.want); err != nil || out != want {
			t.Errorf("%v = %q, %v; want %q", step.args, out, err, want)
		}
	}
	// More than there is to revert, and a version that has no migration,
	// are refused with nothing changed.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "down", strconv.Itoa(latest + 6)}, "nothing was reverted"},
		{[]string{"migrate", "force", "99"}, "no migration has version 99"},
	} {
		if out, err := runCommand(t, dbPath, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v = %q, %v; want a refusal saying %q", tt.args, out, err, tt.want)
		}
		if out, _ := runCommand(t, dbPath, "migrate", "version"); out != fmt.Sprintf("schema version %d\n", latest) {
			t.Errorf("after %v: %q", tt.args, out)
		}
	}
	if _, err := runCommand(t, dbPath, "migrate", "sideways"); err == nil {
		t.Errorf("an unknown migrate command succeeded")
	}
}

func TestHTTPServerLimits(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Errorf("a timeout is missing: %+v", srv)
	}
	if srv.ReadHeaderTimeout > 10*time.Second || srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("header limits are too lax: read-header timeout %v, %d bytes", srv.ReadHeaderTimeout, srv.MaxHeaderBytes)
	}
	// A slow reader is cut off by the write timeout before a shutdown gives up.
	if shutdownTimeout <= srv.WriteTimeout {
		t.Errorf("shutdown waits %v, not longer than the write timeout %v", shutdownTimeout, srv.WriteTimeout)
	}
}

// TestStopServerAlwaysStops: a request that outlasts the shutdown's wait is
// cut off, and the server still says it stopped.
func TestStopServerAlwaysStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	var logs strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), nil))
	srv := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
	}), logger)
	go srv.Serve(ln)
	go http.Get("http://" + ln.Addr().String() + "/")
	<-started
	begun := time.Now()
	stopServer(srv, 200*time.Millisecond, logger)
	if took := time.Since(begun); took > 5*time.Second {
		t.Errorf("stopping took %v", took)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "msg=stopped") || !strings.Contains(logs.String(), "cut off") {
		t.Errorf("the log does not say the server stopped:\n%s", logs.String())
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestOversizedHeadersAreRefused sends the real server a header block over
// its limit: it answers 431 and goes on serving.
func TestOversizedHeadersAreRefused(t *testing.T) {
	srv := startServer(t)
	req, err := http.NewRequest(http.MethodGet, srv.url+"/healthz", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Padding", strings.Repeat("x", 200<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 200 KiB header = %d, want 431", resp.StatusCode)
	}
	resp, err = http.Get(srv.url + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the server does not answer after a refused request: %v", err)
	}
	resp.Body.Close()
}

func TestEveryCommandHasItsHelp(t *testing.T) {
	for _, cmd := range commandTable() {
		for _, args := range [][]string{{cmd.name, "--help"}, {cmd.name, "-h"}, {"help", cmd.name}} {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, testConsole(&stdout, &stderr))
			if err != nil || !strings.HasPrefix(stdout.String(), "Usage: langportal "+cmd.name+" ") || stderr.Len() != 0 {
				t.Errorf("%v: %v, stdout %q, stderr %q; want the command's usage on stdout", args, err, stdout.String(), stderr.String())
			}
			if cmd.name != "help" && !strings.Contains(stdout.String(), "--db FILE") {
				t.Errorf("%v: the usage lacks the flags:\n%s", args, stdout.String())
			}
		}
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		var stdout bytes.Buffer
		if err := run(context.Background(), args, testConsole(&stdout, io.Discard)); err != nil || !strings.Contains(stdout.String(), "seed-demo") {
			t.Errorf("%v: %v, %q; want the list of commands", args, err, stdout.String())
		}
	}
}

func TestUnknownCommandSaysSoThenTheUsage(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"sideways"}, testConsole(io.Discard, io.Discard))
	if status := report(err, &stderr); status != 2 {
		t.Errorf("exit status %d, want 2", status)
	}
	if out := stderr.String(); !strings.HasPrefix(out, "langportal: unknown command \"sideways\"\n\nUsage: langportal [COMMAND]") {
		t.Errorf("stderr = %q", out)
	}
}

// TestArgumentErrors runs every command with arguments it must refuse: each
// says what is wrong, then its usage, exits 2 and touches no database.
func TestArgumentErrors(t *testing.T) {
	file := writeFile(t, "w.json", `[{"kanji": "猫", "romaji": "neko", "english": "cat"}]`)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve", "extra"}, `serve: unexpected argument "extra"`},
		{[]string{"import", file, file, "--group", "G"}, `import: unexpected argument "` + file + `"`},
		{[]string{"reset", "extra", "--yes"}, `reset: unexpected argument "extra"`},
		{[]string{"seed-demo", "extra"}, `seed-demo: unexpected argument "extra"`},
		{[]string{"migrate", "up", "extra"}, `migrate: unexpected argument "extra"`},
		{[]string{"migrate", "version", "extra"}, `migrate: unexpected argument "extra"`},
		{[]string{"migrate", "down", "1", "extra"}, `migrate: unexpected argument "extra"`},
		{[]string{"help", "import", "extra"}, `help: unexpected argument "extra"`},
		{[]string{"import", file}, "import: --group is missing"},
		{[]string{"import", "--group", "G"}, "import: FILE is missing"},
		{[]string{"migrate", "down", "abc"}, `migrate: N must be a positive whole number, got "abc"`},
		{[]string{"migrate", "down", "0"}, `N must be a positive whole number, got "0"`},
		{[]string{"migrate", "down"}, "migrate down needs a number"},
		{[]string{"migrate", "force", "x"}, `V must be a whole number`},
		{[]string{"migrate"}, "migrate needs up, down N, version or force V"},
		{[]string{"migrate", "sideways"}, `unknown migrate command "sideways"`},
		{[]string{"seed-demo", "--reviews", "-1"}, "--reviews must be 0 or more, got -1"},
		{[]string{"seed-demo", "--sessions", "-2"}, "--sessions must be 0 or more"},
		{[]string{"seed-demo", "--words", "-3"}, "--words must be 0 or more"},
		{[]string{"seed-demo", "--reviews", "many"}, `invalid value "many" for flag -reviews`},
		{[]string{"reset"}, "add --yes to confirm (stdin is not a terminal, so it cannot ask)"},
		{[]string{"reset", "--full"}, "add --yes to confirm"},
		{[]string{"--bogus", "migrate", "version"}, "flag provided but not defined: -bogus"},
		{[]string{"help", "sideways"}, `unknown command "sideways"`},
		{[]string{"export", "extra"}, `export: unexpected argument "extra"`},
		{[]string{"export", "--format", "xml"}, `export: --format must be words.csv, words.json, reviews.csv, got "xml"`},
		{[]string{"backup"}, "backup: FILE is missing"},
		{[]string{"backup", file, "extra"}, `backup: unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "untouched.db")
			var stderr bytes.Buffer
			err := run(context.Background(), append(tt.args, "--db", dbPath), testConsole(io.Discard, io.Discard))
			status := report(err, &stderr)
			out := stderr.String()
			if status != 2 || !strings.Contains(strings.SplitN(out, "\n", 2)[0], tt.want) || !strings.Contains(out, "\nUsage: langportal ") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2, a first line saying %q, then the usage", status, out, tt.want)
			}
			if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
				t.Errorf("the refused command created the database")
			}
		})
	}
}

func TestFlagsBeforeTheCommand(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "first.db")
	for _, args := range [][]string{{"--db", dbPath, "migrate", "up"}, {"--db=" + dbPath, "migrate", "version"}, {"--db", dbPath, "migrate", "version"}} {
		var stdout bytes.Buffer
		if err := run(context.Background(), args, testConsole(&stdout, io.Discard)); err != nil || !strings.HasPrefix(stdout.String(), "schema version ") {
			t.Errorf("%v: %v, %q", args, err, stdout.String())
		}
	}
	// A flag's value that is also a command's name is still the value.
	migrateDB := filepath.Join(t.TempDir(), "migrate")
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"--db", migrateDB, "migrate", "up"}, testConsole(&stdout, io.Discard)); err != nil {
		t.Errorf("--db migrate migrate up: %v", err)
	}
	if _, err := os.Stat(migrateDB); err != nil {
		t.Errorf("the database named migrate was not created: %v", err)
	}
}

func TestImportRefusesEmptyAndConflictingFiles(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"empty array", "[]", "the file has no words: nothing was imported"},
		{"kanji and japanese differ", "[\n  {\"kanji\": \"猫\", \"romaji\": \"neko\", \"english\": \"cat\"},\n  {\"kanji\": \"犬\", \"japanese\": \"猫\", \"romaji\": \"inu\", \"english\": \"dog\"}\n]",
			`line 3, column 3 (byte 60): word 2: "kanji" ("犬") and "japanese" ("猫") differ`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "refused.db")
			_, err := runCommand(t, dbPath, "import", writeFile(t, "w.json", tt.content), "--group", "Refused")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "nothing was imported") {
				t.Fatalf("err = %v, want it to say %q and that nothing was imported", err, tt.want)
			}
			if n := countRows(t, dbPath, `SELECT COUNT(*) FROM groups WHERE name = 'Refused'`); n != 0 {
				t.Errorf("a refused file created its group")
			}
		})
	}
}

func TestImportListsTheFirstWordsOfABigFile(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "big.db")
	out, err := runCommand(t, dbPath, "import", writeFile(t, "w.json", wordFile(100)), "--group", "Hundred")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `new group "Hundred": 100 added, 0 already known`) || !strings.Contains(out, "  + … and 80 more\n") ||
		strings.Count(out, "\n  + ") != 21 {
		t.Errorf("output:\n%s\nwant 20 words listed, then how many more", out)
	}
}

func TestResetAsksOnATerminal(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "ask.db")
	if out, err := runCommand(t, dbPath, "seed-demo", "--reviews", "200", "--words", "300"); err != nil {
		t.Fatal(err, out)
	}
	for _, answer := range []string{"no\n", "", "yess\n"} {
		var stderr bytes.Buffer
		c := &console{in: strings.NewReader(answer), out: io.Discard, err: &stderr, interactive: true, getenv: func(string) string { return "" }}
		err := run(context.Background(), []string{"reset", "--db", dbPath}, c)
		if err == nil || !strings.Contains(err.Error(), "nothing was deleted") || !strings.Contains(stderr.String(), "Type yes to go on") {
			t.Errorf("answer %q: %v (asked %q), want the question and a refusal", answer, err, stderr.String())
		}
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`); n == 0 {
		t.Fatal("a refused reset deleted the history")
	}
	var stdout bytes.Buffer
	c := &console{in: strings.NewReader("yes\n"), out: &stdout, err: io.Discard, interactive: true, getenv: func(string) string { return "" }}
	if err := run(context.Background(), []string{"reset", "--db", dbPath}, c); err != nil || !strings.Contains(stdout.String(), "history reset") {
		t.Fatalf("answer yes: %v, %q", err, stdout.String())
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`); n != 0 {
		t.Errorf("%d sessions left after a confirmed reset", n)
	}
}

func TestSeedDemoRefusesAHistoryUnlessForced(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "demo.db")
	args := []string{"seed-demo", "--reviews", "100", "--words", "300"}
	if out, err := runCommand(t, dbPath, args...); err != nil {
		t.Fatal(err, out)
	}
	sessions := countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`)
	if _, err := runCommand(t, dbPath, args...); err == nil || !strings.Contains(err.Error(), "already has study history") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("seed-demo on a history: %v, want a refusal naming --force", err)
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`); n != sessions {
		t.Errorf("the refused seed-demo added %d sessions", n-sessions)
	}
	if out, err := runCommand(t, dbPath, append(args, "--force")...); err != nil {
		t.Errorf("seed-demo --force: %v %s", err, out)
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`); n != 2*sessions {
		t.Errorf("after --force: %d sessions, want %d", n, 2*sessions)
	}
}

// TestServeListensFirst: a port in use is reported before any database is
// created or migrated.
func TestServeListensFirst(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dbPath := filepath.Join(t.TempDir(), "sub", "never.db")
	err = run(context.Background(), []string{"serve", "--addr", busy.Addr().String(), "--db", dbPath}, testConsole(io.Discard, io.Discard))
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("serve on a busy port: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(dbPath)); !os.IsNotExist(err) {
		t.Errorf("serve created the database's folder before it could listen")
	}
}

func TestExposedAddresses(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", false}, {"127.0.0.2:8080", false}, {"[::1]:8080", false},
		{"0.0.0.0:8080", true}, {"[::]:8080", true}, {"192.168.1.20:8080", true}, {"[2001:db8::1]:80", true},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := exposed(addr); got != tt.want {
			t.Errorf("exposed(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestBrowserNote(t *testing.T) {
	t.Setenv("LANGPORTAL_REQUIRE_BROWSER", "")
	t.Setenv("PATH", t.TempDir()) // no Chromium there
	if got := browserNote(); got != browserSkipped {
		t.Errorf("without Chromium the note is %q, want %q", got, browserSkipped)
	}
	t.Setenv("LANGPORTAL_REQUIRE_BROWSER", "1")
	if got := browserNote(); got != "" {
		t.Errorf("with the browser tests required the note is %q, want none (they fail instead)", got)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "chromium"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LANGPORTAL_REQUIRE_BROWSER", "")
	t.Setenv("PATH", dir)
	if got := browserNote(); got != "" {
		t.Errorf("with Chromium the note is %q, want none", got)
	}
}

// wordFile is a word file of n generated words, distinct from the starter vocabulary.
// romajiNumber spells n's digits in romaji (0 a, 1 ka, … 9 wa), so that
// every word of a generated file has romaji that a reading derives from.
func romajiNumber(n int) string {
	syllables := [10]string{"a", "ka", "sa", "ta", "na", "ha", "ma", "ya", "ra", "wa"}
	var b strings.Builder
	for _, d := range strconv.Itoa(n) {
		b.WriteString(syllables[d-'0'])
	}
	return b.String()
}

func wordFile(n int) string {
	var b strings.Builder
	b.WriteString("[\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `  {"kanji": "語%d", "romaji": "go%s", "english": "word number %d", "parts": [{"kanji": "語", "romaji": ["go"]}, {"kanji": "%d", "romaji": ["%s"]}]}`, i, romajiNumber(i), i, i, romajiNumber(i))
	}
	b.WriteString("\n]\n")
	return b.String()
}

// TestImportInterruptedBySIGINT presses Ctrl-C in the middle of a big
// import by the real binary: it stops, says so, and leaves nothing.
func TestImportInterruptedBySIGINT(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "sigint.db")
	if out, err := runCommand(t, dbPath, "reset", "--yes"); err != nil { // creates and seeds it
		t.Fatal(err, out)
	}
	words := countRows(t, dbPath, `SELECT COUNT(*) FROM words`)
	file := writeFile(t, "big.json", wordFile(100000))
	cmd := exec.Command(binary(t), "import", file, "--group", "Big", "--db", dbPath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Ctrl-C once the first steps are written: the group has words.
	deadline := time.Now().Add(60 * time.Second)
	for countRows(t, dbPath, `SELECT COUNT(*) FROM word_groups WHERE group_id IN (SELECT id FROM groups WHERE name = 'Big')`) == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the import wrote nothing within 60 s: %s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Errorf("the interrupted import ended with %v, want exit status 1", err)
	}
	if !strings.Contains(stderr.String(), "interrupted: nothing was imported") {
		t.Errorf("stderr = %q, want it to say nothing was imported", stderr.String())
	}
	if got := countRows(t, dbPath, `SELECT COUNT(*) FROM words`); got != words {
		t.Errorf("words = %d after the interrupted import, want %d as before", got, words)
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM groups WHERE name = 'Big'`); n != 0 {
		t.Errorf("the interrupted import left its group")
	}
}

// writer writes beside a command as a serving portal would: a short
// immediate transaction every 100 ms, each timed from BEGIN to COMMIT.
type writer struct {
	conn    *sql.DB
	stop    chan struct{}
	done    chan struct{}
	longest time.Duration
	writes  int
	errs    []error
}

func startWriter(t *testing.T, dbPath string) *writer {
	t.Helper()
	conn, err := sql.Open("sqlite3", dbPath+"?_busy_timeout=10000&_txlock=immediate&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	conn.SetMaxOpenConns(1)
	w := &writer{conn: conn, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for {
			started := time.Now()
			tx, err := conn.Begin()
			if err == nil {
				// A write that changes nothing still takes the lock and commits.
				if _, err = tx.Exec(`UPDATE learning_totals SET sessions = sessions`); err == nil {
					err = tx.Commit()
				} else {
					tx.Rollback()
				}
			}
			w.longest = max(w.longest, time.Since(started))
			w.writes++
			if err != nil {
				w.errs = append(w.errs, err)
			}
			select {
			case <-w.stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	return w
}

func (w *writer) finish() {
	close(w.stop)
	<-w.done
	w.conn.Close()
}

// watchPeakRSS reads the process's peak resident memory (VmHWM, Linux)
// every 20 ms while it runs; the function returned gives the last reading,
// in bytes (0 where /proc has no such line). The rusage of a child cannot
// say: it counts the memory of the parent it was forked from.
func watchPeakRSS(pid int) func() int64 {
	var mu sync.Mutex
	var peak int64
	go func() {
		for {
			status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
			if err != nil {
				return // it has exited
			}
			for _, line := range strings.Split(string(status), "\n") {
				if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64)
					mu.Lock()
					peak = max(peak, n<<10)
					mu.Unlock()
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return func() int64 {
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// sizeFromEnv reads a size from the environment, for make bench.
func sizeFromEnv(t *testing.T, key string, fallback int) int {
	if v := os.Getenv(key); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("%s=%q: want a positive number", key, v)
		}
		return n
	}
	return fallback
}

// TestCommandsBesideAWriter runs the bulk commands of the real binary on a
// big database while another connection writes every 100 ms, as a serving
// portal would: no write waits more than a second. The sizes are small in
// make test; make bench sets LANGPORTAL_BIG_WORDS=400000 and
// LANGPORTAL_BIG_REVIEWS=1000000.
func TestCommandsBesideAWriter(t *testing.T) {
	words := sizeFromEnv(t, "LANGPORTAL_BIG_WORDS", 50000)
	reviews := sizeFromEnv(t, "LANGPORTAL_BIG_REVIEWS", 50000)
	dbPath := filepath.Join(t.TempDir(), "beside.db")
	if out, err := runCommand(t, dbPath, "migrate", "up"); err != nil {
		t.Fatal(err, out)
	}
	file := writeFile(t, "big.json", wordFile(words))
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		what string
		args []string
	}{
		{fmt.Sprintf("seed-demo of %d reviews", reviews), []string{"seed-demo", "--reviews", strconv.Itoa(reviews)}},
		{fmt.Sprintf("import of %d words (%.0f MB)", words, float64(info.Size())/1e6), []string{"import", file, "--group", "Big"}},
		{"reset of the history", []string{"reset", "--yes"}},
		{"full reset", []string{"reset", "--full", "--yes"}},
	} {
		w := startWriter(t, dbPath)
		cmd := exec.Command(binary(t), append(step.args, "--db", dbPath)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		started := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		peak := watchPeakRSS(cmd.Process.Pid)
		err := cmd.Wait()
		took := time.Since(started)
		w.finish()
		if err != nil {
			t.Fatalf("%s: %v\n%s", step.what, err, stderr.String())
		}
		t.Logf("%s: %.1f s, peak RSS %d MB; beside it %d writes, the longest %d ms",
			step.what, took.Seconds(), peak()>>20, w.writes, w.longest.Milliseconds())
		if len(w.errs) > 0 {
			t.Errorf("%s: %d writes failed beside it, the first: %v", step.what, len(w.errs), w.errs[0])
		}
		if w.longest > time.Second {
			t.Errorf("%s: a write beside it took %v, want under a second", step.what, w.longest)
		}
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM study_sessions`); n != 0 {
		t.Errorf("%d sessions after the resets", n)
	}
}

func TestPipesAndDevNullAreNotTerminals(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	file, err := os.Open(writeFile(t, "answer", "yes\n"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for name, f := range map[string]*os.File{"a pipe": r, os.DevNull: null, "a file": file} {
		if isTerminal(f) {
			t.Errorf("%s is taken for a terminal: reset would ask instead of needing --yes", name)
		}
	}
}

// TestRebuildCommand: langportal rebuild recomputes what was spoiled from the log.
func TestRebuildCommand(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "rebuild.db")
	if out, err := runCommand(t, dbPath, "seed-demo", "--reviews", "300"); err != nil {
		t.Fatalf("seed-demo: %v\n%s", err, out)
	}
	conn, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`UPDATE word_memory SET reps = 99; UPDATE word_stats SET correct_count = 0`); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	out, err := runCommand(t, dbPath, "rebuild")
	if err != nil || !strings.Contains(out, "rebuilt") {
		t.Fatalf("rebuild: %v\n%s", err, out)
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM word_memory WHERE reps = 99`); n != 0 {
		t.Errorf("%d memory rows still spoiled after rebuild", n)
	}
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM word_stats s WHERE correct_count <> (SELECT COALESCE(SUM(correct), 0) FROM word_review_items WHERE word_id = s.word_id)`); n != 0 {
		t.Errorf("%d word counts disagree with the log after rebuild", n)
	}
	if _, err := runCommand(t, filepath.Join(t.TempDir(), "none.db"), "rebuild"); err == nil {
		t.Error("rebuild of a missing database succeeded")
	}
}

// bootcampApp is a study app written as the bootcamp's are, served from its
// own origin: it takes session_id and group_id from its launch URL, reads
// the group with fetch's default headers (Accept */*) from
// /api/groups/:id/words/raw and /groups/:id/words/raw, and posts
// {"word_id", "correct"} to /api/study-sessions/:id/review and to
// /study_sessions/:id/review. It writes what each call gave into #out.
func bootcampApp(portal *string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Bootcamp app (test)</title><pre id="out"></pre>
<script>
const portal = %q;
const q = new URLSearchParams(location.search);
const group = q.get("group_id"), session = q.get("session_id");
const out = {};
(async () => {
  let wordId = 1;
  try {
    const r = await fetch(portal + "/api/groups/" + group + "/words/raw");
    const data = await r.json();
    wordId = data.words[0].id;
    out.raw = r.status + " " + data.words.length + " " + data.words[0].kanji;
    out.reading = data.words[0].reading;
  } catch (e) { out.raw = "failed"; }
  try {
    const r = await fetch(portal + "/groups/" + group + "/words/raw");
    out.bare = r.status + " " + (await r.json()).group_name;
  } catch (e) { out.bare = "failed"; }
  for (const path of ["/api/study-sessions/", "/study_sessions/"]) {
    try {
      const r = await fetch(portal + path + session + "/review", {method: "POST",
        headers: {"Content-Type": "application/json"}, body: JSON.stringify({word_id: wordId, correct: true})});
      const row = await r.json();
      out[path] = r.status + " " + row.study_session_id + " " + row.word_id;
    } catch (e) { out[path] = "failed"; }
  }
  document.getElementById("out").textContent = JSON.stringify(out);
  document.body.dataset.done = "yes";
})();
</script>`, *portal)
	})
}

// TestBrowserBootcampApp opens a bootcamp-style app at the launch URL the
// portal gives it, in Chromium: from a trusted origin it reads every word
// of the group and records its reviews through both addresses; from an
// untrusted origin (another port) it can do neither and nothing is written.
func TestBrowserBootcampApp(t *testing.T) {
	var portal string
	trusted := httptest.NewServer(bootcampApp(&portal))
	defer trusted.Close()
	other := httptest.NewServer(bootcampApp(&portal))
	defer other.Close()

	dbPath := filepath.Join(t.TempDir(), "bootcamp.db")
	if out, err := runCommand(t, dbPath, "reset", "--yes"); err != nil {
		t.Fatal(err, out)
	}
	conn, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`UPDATE study_activities SET url = ? WHERE name = 'Writing Practice'`, trusted.URL+"/app"); err != nil {
		t.Fatal(err)
	}
	var words int
	var first int64 // the words come in id order
	var kanji string
	if err := conn.QueryRow(`SELECT COUNT(*), MIN(word_id) FROM word_groups WHERE group_id = 1`).Scan(&words, &first); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(`SELECT japanese FROM words WHERE id = ?`, first).Scan(&kanji); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	srv := startServerOn(t, dbPath, "LANGPORTAL_TRUSTED_ORIGINS="+trusted.URL)
	portal = srv.url

	// The session is started as an app's back end would, and the app is
	// opened at the address the session page links to.
	resp, err := http.Post(srv.url+"/api/study_sessions", "application/json", strings.NewReader(`{"group_id": 1, "study_activity_id": 2}`))
	if err != nil {
		t.Fatal(err)
	}
	var session struct{ ID int64 }
	if err := json.NewDecoder(resp.Body).Decode(&session); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/study_sessions: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	b := newTab(t, true)
	b.do("open the session page", chromedp.Navigate(fmt.Sprintf("%s/study_sessions/%d", srv.url, session.ID)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="open-external"]`)))
	launch := b.attr(`[data-testid="open-external"]`, "href")
	if !strings.Contains(launch, fmt.Sprintf("session_id=%d", session.ID)) {
		t.Fatalf("the launch URL %s has no session_id", launch)
	}
	reviews := func() int {
		return countRows(t, dbPath, `SELECT COUNT(*) FROM word_review_items WHERE study_session_id = ? AND word_id = ? AND correct = 1`, session.ID, first)
	}

	read := func(b *tab) map[string]string {
		var got map[string]string
		if err := json.Unmarshal([]byte(b.text("#out")), &got); err != nil {
			t.Fatalf("the app wrote %q: %v", b.text("#out"), err)
		}
		return got
	}
	b.do("open the trusted app", chromedp.Navigate(launch), chromedp.WaitVisible(chromedp.CSS(`body[data-done="yes"]`)))
	want := map[string]string{
		"raw":                  fmt.Sprintf("200 %d %s", words, kanji),
		"bare":                 "200 Core Verbs",
		"/api/study-sessions/": fmt.Sprintf("200 %d %d", session.ID, first),
		"/study_sessions/":     fmt.Sprintf("200 %d %d", session.ID, first),
	}
	got := read(b)
	if reading := got["reading"]; reading == "" || !kana.IsKana(reading) {
		t.Errorf("the trusted app read the reading %q, want kana", reading)
	}
	delete(got, "reading")
	if !maps.Equal(got, want) {
		t.Errorf("the trusted app got %v, want %v", got, want)
	}
	if n := reviews(); n != 2 {
		t.Errorf("got %d reviews from the trusted app, want 2", n)
	}

	untrusted := strings.Replace(launch, trusted.URL, other.URL, 1)
	b.do("open the untrusted app", chromedp.Navigate(untrusted), chromedp.WaitVisible(chromedp.CSS(`body[data-done="yes"]`)))
	want = map[string]string{"raw": "failed", "bare": "failed", "/api/study-sessions/": "failed", "/study_sessions/": "failed"}
	if got := read(b); !maps.Equal(got, want) {
		t.Errorf("the untrusted app got %v, want every call refused", got)
	}
	if n := reviews(); n != 2 {
		t.Errorf("got %d reviews after the untrusted app, want still 2", n)
	}
}
