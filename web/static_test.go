package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"langportal/static"
)

func TestStaticCachingAndCompression(t *testing.T) {
	ts := newTestServer(t)
	css := static.Assets()["app.css"]
	get := func(target string, headers map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		for k, v := range headers {
			r.Header.Set(k, v)
		}
		return ts.do(r)
	}

	w := get(static.URL("app.css"), map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("versioned asset: %d, Cache-Control %q", w.Code, w.Header().Get("Cache-Control"))
	}
	if w.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(strings.Join(w.Header().Values("Vary"), ","), "Accept-Encoding") {
		t.Errorf("gzip not served: %v", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, css.Body) {
		t.Errorf("the gzipped stylesheet does not decompress to the stylesheet")
	}
	if w.Body.Len() >= len(css.Body) {
		t.Errorf("compressed %d bytes to %d", len(css.Body), w.Body.Len())
	}
	if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("Content-Type = %q", w.Header().Get("Content-Type"))
	}

	w = get("/static/app.css", map[string]string{"Accept-Encoding": "gzip;q=0"})
	if w.Header().Get("Cache-Control") != "no-cache" || w.Header().Get("Content-Encoding") != "" || !bytes.Equal(w.Body.Bytes(), css.Body) {
		t.Errorf("unversioned, gzip refused: Cache-Control %q, Content-Encoding %q", w.Header().Get("Cache-Control"), w.Header().Get("Content-Encoding"))
	}
	if w = get("/static/app.css", map[string]string{"If-None-Match": w.Header().Get("ETag")}); w.Code != http.StatusNotModified {
		t.Errorf("revalidation with the ETag = %d, want 304", w.Code)
	}
	if w = get("/static/app.css?v=old", nil); w.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("an old version may not be cached for good")
	}
	page := ts.do(request(http.MethodGet, "/dashboard", asPage, "")).Body.String()
	for _, name := range []string{"app.css", "app.js", "htmx.min.js", "img/favicon.svg"} {
		if !strings.Contains(page, static.URL(name)) {
			t.Errorf("the layout does not link %s by its versioned address", name)
		}
	}
}
