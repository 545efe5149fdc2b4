// Package static holds the portal's browser assets: the stylesheet, our small
// script, images, and htmx. Files are embedded by name, so a missing file
// (htmx is installed by `make static/htmx.min.js`) fails the build instead of
// shipping pages without it.
package static

import "embed"

// Files are the assets served under /static/.
//
//go:embed app.css app.js htmx.min.js img/favicon.svg img/flashcards.svg img/writing-practice.svg
var Files embed.FS
