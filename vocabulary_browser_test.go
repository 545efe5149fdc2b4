package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ankiExport is what Anki writes for File > Export > Notes in Plain Text,
// with HTML in a field.
const ankiExport = "#separator:tab\n#html:true\n#columns:Front\tReading\tBack\n" +
	"山\tやま\t<b>mountain</b>\n川\tかわ\triver &amp; stream\n"

// waitAcrossNavigation waits until the page makes expression true, when a
// form's submission may replace the page in between (which ends a poll).
func waitAcrossNavigation(b *tab, expression string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](expression))
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %s: %v", expression, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserOwnsTheVocabulary is a learner curating their vocabulary, with
// JavaScript (htmx) and without: fix a typo, add a word, build a group from
// search results (on its Add words page and with the words table's bulk Add
// to group), import a CSV and an Anki export with a preview, delete a word
// behind its confirmation, and download a backup.
func TestBrowserOwnsTheVocabulary(t *testing.T) {
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript", false: "no-javascript"}[javascript]
		t.Run(name, func(t *testing.T) {
			srv := startServer(t)
			b := newTab(t, javascript)
			if javascript {
				b.acceptDialogs()
			}
			shot := func(what string) { b.screenshot("vocabulary-" + what + "-" + name) }

			// A typo fixed from the word page.
			b.do("open a word", chromedp.Navigate(srv.url+"/words/1"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="edit-word"]`)))
			b.do("edit it", chromedp.Click(chromedp.CSS(`[data-testid="edit-word"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="word-form"]`)))
			shot("edit")
			b.do("fix the English", chromedp.Clear(chromedp.CSS(`#english`)), chromedp.SendKeys(chromedp.CSS(`#english`), "to eat (a meal)"),
				chromedp.Click(chromedp.CSS(`[data-testid="save-word"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="word-actions"]`)))
			if got := b.text(`.page-head .lead`); !strings.Contains(got, "to eat (a meal)") {
				t.Errorf("the word page says %q after the fix", got)
			}
			shot("word")

			// A new word, its reading derived; then one refused as a duplicate.
			b.do("open New word", chromedp.Navigate(srv.url+"/words"), chromedp.Click(chromedp.CSS(`[data-testid="new-word"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#japanese`)))
			b.do("add 学校", chromedp.SendKeys(chromedp.CSS(`#japanese`), "学校"), chromedp.SendKeys(chromedp.CSS(`#romaji`), "gakkou"),
				chromedp.SendKeys(chromedp.CSS(`#english`), "school"), chromedp.Click(chromedp.CSS(`[data-testid="save-word"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="word-page-reading"]`)))
			if got := b.text(`[data-testid="word-page-reading"]`); got != "がっこう" {
				t.Errorf("the new word's reading is %q, want がっこう", got)
			}
			b.do("add it again", chromedp.Navigate(srv.url+"/words/new"), chromedp.WaitVisible(chromedp.CSS(`#japanese`)),
				chromedp.SendKeys(chromedp.CSS(`#japanese`), "学校"), chromedp.SendKeys(chromedp.CSS(`#romaji`), "gakkou"),
				chromedp.SendKeys(chromedp.CSS(`#english`), "school"), chromedp.Click(chromedp.CSS(`[data-testid="save-word"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="duplicate-link"]`)))
			shot("duplicate")
			if got := b.attr(`#english`, "value"); got != "school" {
				t.Errorf("the refused form shows English %q, want what was typed", got)
			}

			// A group built from search results.
			b.do("create a group", chromedp.Navigate(srv.url+"/groups"), chromedp.WaitVisible(chromedp.CSS(`#group-name`)),
				chromedp.SendKeys(chromedp.CSS(`#group-name`), "School"), chromedp.Click(chromedp.CSS(`[data-testid="create-group"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="add-words"]`)))
			groupPath := strings.TrimPrefix(strings.SplitN(b.location(), "?", 2)[0], srv.url) // /groups/N
			b.do("open Add words", chromedp.Click(chromedp.CSS(`[data-testid="add-words"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-q"]`)))
			b.do("search", chromedp.SendKeys(chromedp.CSS(`[data-testid="search-q"]`), "gakkou"))
			if javascript {
				// htmx searches as the learner types: no submit.
				get(b, "the results", chromedp.Poll[bool](
					`(document.querySelector('[data-testid="table-range"]') || {}).textContent.includes('match')`))
				b.waitForHTMX()
			} else {
				b.do("submit the search", chromedp.Click(chromedp.CSS(`[data-testid="search-submit"]`)))
				waitAcrossNavigation(b, `location.search.includes('q=gakkou') && document.readyState === 'complete'`)
			}
			if got := b.text(`[data-testid="table-range"]`); !strings.Contains(got, "1 word matches") {
				t.Errorf("the search says %q", got)
			}
			if loc := b.location(); !strings.Contains(loc, "q=gakkou") {
				t.Errorf("the address %s does not keep the search", loc)
			}
			shot("add-words")
			b.do("tick and add", chromedp.Click(chromedp.CSS(`[data-testid="pick-word"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="add-ticked"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="flash"]`)))
			if got := b.text(`[data-testid="group-word-count"]`); !strings.HasPrefix(got, "1 word ") {
				t.Errorf("the group has %q after the add", got)
			}
			b.do("bulk add from the words table", chromedp.Navigate(srv.url+"/words?q=taberu"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="pick-word"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="pick-word"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="bulk-add-open"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="bulk-add-to"]`)))
			shot("bulk-add")
			b.do("choose School", chromedp.Click(chromedp.CSS(`[data-testid="bulk-add-to"][formaction="`+groupPath+`/words"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="flash"]`)))
			if got := b.text(`[data-testid="group-word-count"]`); !strings.HasPrefix(got, "2 words ") {
				t.Errorf("the group has %q after the bulk add", got)
			}
			shot("group")

			// Import a CSV with a preview, then an Anki export.
			dir := t.TempDir()
			csv := filepath.Join(dir, "words.csv")
			anki := filepath.Join(dir, "deck.txt")
			os.WriteFile(csv, []byte("Kanji,Kana,Meaning\n犬,いぬ,dog\n猫,ねこ,cat\n飲む,のむ,to drink\n"), 0o644)
			os.WriteFile(anki, []byte(ankiExport), 0o644)
			for i, f := range []struct{ path, group string }{{csv, "Animals"}, {anki, "Anki deck"}} {
				b.do("open the import", chromedp.Navigate(srv.url+"/import"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="import-file"]`)),
					chromedp.SetUploadFiles(chromedp.CSS(`[data-testid="import-file"]`), []string{f.path}),
					chromedp.SendKeys(chromedp.CSS(`[data-testid="import-group-name"]`), f.group),
					chromedp.Click(chromedp.CSS(`[data-testid="import-preview"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="import-confirm"]`)))
				if i == 0 {
					shot("import-preview")
					if got := b.text(`[data-testid="preview-new"]`) + "/" + b.text(`[data-testid="preview-known"]`); got != "2/1" {
						t.Errorf("the preview says new/known %s, want 2/1", got)
					}
				}
				b.do("import", chromedp.Click(chromedp.CSS(`[data-testid="import-confirm"]`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="import-done"]`)))
			}
			if n := srv.count(t, "words WHERE english = 'mountain' AND reading = 'やま' AND romaji = 'yama'"); n != 1 {
				t.Errorf("the Anki note 山 was imported %d times with its HTML stripped and romaji derived, want once", n)
			}
			if n := srv.count(t, "words WHERE english = 'river & stream'"); n != 1 {
				t.Errorf("the Anki note 川 lost its entity: %d", n)
			}
			shot("import-done")

			// Delete a word: confirmed by the browser's dialog, or a page.
			var id string
			b.do("open 猫", chromedp.Navigate(srv.url+"/words?q=neko"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="word-row"]`)))
			id = b.attr(`[data-testid="word-row"]`, "data-word-id")
			b.do("delete it", chromedp.Navigate(srv.url+"/words/"+id), chromedp.WaitVisible(chromedp.CSS(`[data-testid="delete-word"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="delete-word"]`)))
			if !javascript {
				b.do("confirm", chromedp.WaitVisible(chromedp.CSS(`[data-testid="confirm-delete"]`)))
				shot("confirm-delete")
				b.do("say yes", chromedp.Click(chromedp.CSS(`[data-testid="confirm-yes"]`)))
			}
			b.do("see the words", chromedp.WaitVisible(chromedp.CSS(`[data-testid="flash"]`)))
			if n := srv.count(t, "words WHERE id = "+id); n != 0 {
				t.Errorf("word %s is still there", id)
			}

			// A backup from the export page.
			b.do("open the export", chromedp.Navigate(srv.url+"/export"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="download-backup"]`)))
			shot("export")
			href := b.attr(`[data-testid="download-backup"]`, "href")
			resp, err := http.Get(srv.url + href)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			head := make([]byte, 16)
			io.ReadFull(resp.Body, head)
			if string(head) != "SQLite format 3\x00" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("the backup link gives %q, %q", head, resp.Header.Get("Content-Disposition"))
			}
		})
	}
}
