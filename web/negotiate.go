package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// mode is the kind of answer a request gets.
type mode int

const (
	modePage     mode = iota // a full HTML page
	modeFragment             // the HTML part an htmx element targets
	modeJSON                 // JSON for API callers
)

func (m mode) String() string {
	return [...]string{"page", "fragment", "json"}[m]
}

// negotiate decides which answer a request gets. htmx is recognised by its
// header first (it sends no useful Accept). Otherwise Accept decides by its
// q-values, HTML winning ties; without a useful Accept, a JSON body asks for
// JSON. ok is false when Accept allows neither HTML nor JSON (a 406).
func negotiate(r *http.Request) (m mode, ok bool) {
	if r.Header.Get(hxRequest) == "true" {
		// After a history miss htmx asks for the whole page to restore it.
		if r.Header.Get(hxHistoryRestore) == "true" {
			return modePage, true
		}
		return modeFragment, true
	}
	accept := strings.TrimSpace(strings.Join(r.Header.Values("Accept"), ","))
	if accept == "" || accept == "*/*" {
		if isJSONContent(r.Header.Get("Content-Type")) {
			return modeJSON, true
		}
		return modePage, true
	}
	ranges := parseAccept(accept)
	html, jsn := quality(ranges, "text", "html"), quality(ranges, "application", "json")
	switch {
	case html == 0 && jsn == 0:
		return modePage, false
	case jsn > html:
		return modeJSON, true
	default:
		return modePage, true
	}
}

// mediaRange is one entry of an Accept header.
type mediaRange struct {
	typ, subtype string
	q            float64
}

func parseAccept(header string) []mediaRange {
	var ranges []mediaRange
	for _, part := range strings.Split(header, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue // a malformed entry allows nothing
		}
		typ, subtype, found := strings.Cut(mt, "/")
		if !found {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			f, err := strconv.ParseFloat(v, 64)
			// NaN compares false with everything: only a number in 0–1 is a q.
			if err != nil || !(f >= 0 && f <= 1) {
				continue // an invalid q makes the entry allow nothing
			}
			q = f
		}
		ranges = append(ranges, mediaRange{typ: typ, subtype: subtype, q: q})
	}
	return ranges
}

// quality is the q-value that ranges give typ/subtype: the most specific
// matching range decides (RFC 9110, section 12.5.1); no match means 0.
func quality(ranges []mediaRange, typ, subtype string) float64 {
	best, q := -1, 0.0
	for _, r := range ranges {
		specificity := -1
		switch {
		case r.typ == typ && r.subtype == subtype:
			specificity = 2
		case r.typ == typ && r.subtype == "*":
			specificity = 1
		case r.typ == "*" && r.subtype == "*":
			specificity = 0
		}
		if specificity > best {
			best, q = specificity, r.q
		}
	}
	return q
}

func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return mt
}

func isJSONContent(contentType string) bool { return mediaType(contentType) == "application/json" }
