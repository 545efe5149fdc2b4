package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// pagesToCheck are every page of the portal, some error pages and the
// confirmation page, as a learner's browser gets them.
func pagesToCheck(ts *testServer) map[string]*http.Request {
	s1, _ := ts.history()
	get := func(path string) *http.Request { return request(http.MethodGet, path, asPage, "") }
	return map[string]*http.Request{
		"dashboard":        get("/dashboard"),
		"study activities": get("/study_activities"),
		"study activity":   get("/study_activities/1"),
		"launch":           get("/study_activities/1/launch"),
		"launch refused":   request(http.MethodPost, "/study_sessions", asPage, "group_id=x&study_activity_id=99"),
		"words":            get("/words"),
		"word":             get("/words/1"),
		"groups":           get("/groups"),
		"group":            get("/groups/1"),
		"group words":      get("/groups/1/words"),
		"sessions":         get("/study_sessions"),
		"session":          get(fmt.Sprintf("/study_sessions/%d", s1)),
		"external session": get("/study_sessions/2"),
		"settings":         get("/settings"),
		"confirm reset":    request(http.MethodPost, "/settings/reset_history", asPage, ""),
		"not found":        get("/study_sessions/999"),
		"words searched":   get("/words?q=tabe&state=new"),
		"new word":         get("/words/new"),
		"new word refused": request(http.MethodPost, "/words", asPage, "japanese=&romaji=x&english=y"),
		"edit word":        get("/words/1/edit"),
		"confirm delete":   request(http.MethodPost, "/words/1/delete", asPage, ""),
		"add words":        get("/groups/1/add?q=a"),
		"import":           get("/import"),
		"import preview":   importPreviewRequest(),
		"export":           get("/export"),
		"new activity":     get("/study_activities/new"),
		"edit activity":    get("/study_activities/2/edit"),
		"bad request":      get("/words?page=0"),
	}
}

// importPreviewRequest is a preview of a small word file, without JavaScript.
func importPreviewRequest() *http.Request {
	return upload("/import?dry_run=true", asPage, map[string]string{"group": "School"}, wordsCSV)
}

func TestEveryPageIsWellFormed(t *testing.T) {
	ts := newTestServer(t)
	for name, r := range pagesToCheck(ts) {
		t.Run(name, func(t *testing.T) {
			w := ts.do(r)
			doc, err := html.Parse(strings.NewReader(w.Body.String()))
			if err != nil {
				t.Fatal(err)
			}
			checkMarkup(t, doc)
		})
	}
}

// checkMarkup checks one page: one <h1>, a label for every control, and no
// inline script or style (our Content-Security-Policy forbids them).
func checkMarkup(t *testing.T, doc *html.Node) {
	t.Helper()
	var h1s int
	labels := map[string]bool{} // ids that a <label for> names
	var controls []*html.Node
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "h1":
			h1s++
		case "label":
			if f := attr(n, "for"); f != "" {
				labels[f] = true
			}
		case "input", "select", "textarea":
			if typ := attr(n, "type"); typ != "hidden" && typ != "submit" {
				controls = append(controls, n)
			}
		case "button", "a":
			if strings.TrimSpace(textOf(n)) == "" && attr(n, "aria-label") == "" {
				t.Errorf("<%s> has no text to name it", n.Data)
			}
		case "script":
			if attr(n, "src") == "" || n.FirstChild != nil {
				t.Errorf("inline script: %s", render(n))
			}
		case "style":
			t.Errorf("inline <style> element")
		}
		for _, a := range n.Attr {
			switch {
			case strings.HasPrefix(a.Key, "on"), strings.HasPrefix(a.Key, "hx-on"):
				t.Errorf("inline handler %s on <%s>", a.Key, n.Data)
			case a.Key == "style":
				t.Errorf("inline style on <%s>", n.Data)
			case (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(strings.ToLower(a.Val), "javascript:"):
				t.Errorf("javascript: URL on <%s>", n.Data)
			}
		}
	})
	if h1s != 1 {
		t.Errorf("the page has %d <h1>, want exactly one", h1s)
	}
	for _, c := range controls {
		if labels[attr(c, "id")] || attr(c, "aria-label") != "" || attr(c, "aria-labelledby") != "" || insideLabel(c) {
			continue
		}
		t.Errorf("<%s name=%q> has no label", c.Data, attr(c, "name"))
	}
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

func insideLabel(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "label" {
			return true
		}
	}
	return false
}

func render(n *html.Node) string {
	var b strings.Builder
	html.Render(&b, n)
	return b.String()
}
