// Package static holds the portal's browser assets: the stylesheet, our small
// scripts, images, htmx and wanakana. Files are embedded by name, so a missing
// file (htmx and wanakana are installed by `make static/htmx.min.js
// static/wanakana.min.js`) fails the build instead of
// shipping pages without it.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"sync"
)

// Files are the assets served under /static/.
//
//go:embed app.css app.js nojs.css htmx.min.js wanakana.min.js typing.js img/favicon.svg img/flashcards.svg img/writing-practice.svg img/review.svg img/external-app.svg img/typing.svg
var Files embed.FS

// Asset is one file, ready to serve: its content type, a version (a hash of
// its content, for ETag and for cache-busting URLs) and, when it is worth
// it, its gzip-compressed body.
type Asset struct {
	Name        string
	ContentType string
	Version     string
	Body        []byte
	Gzip        []byte // nil when compression does not pay
}

// Assets returns every asset by name. They are read and compressed once.
var Assets = sync.OnceValue(func() map[string]*Asset {
	assets := make(map[string]*Asset)
	fs.WalkDir(Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := Files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		a := &Asset{
			Name:        name,
			ContentType: mime.TypeByExtension(path.Ext(name)),
			Version:     hex.EncodeToString(sum[:6]),
			Body:        body,
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body)*9/10 {
			a.Gzip = buf.Bytes()
		}
		assets[name] = a
		return nil
	})
	return assets
})

// URL is the address of an asset with its version, so that browsers may
// cache it for good: a new version has a new address.
func URL(name string) string {
	if a, ok := Assets()[name]; ok {
		return "/static/" + name + "?v=" + a.Version
	}
	return "/static/" + name
}
