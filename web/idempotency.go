package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"sync"

	"github.com/labstack/echo/v4"

	"langportal/db"
)

// Idempotency: both write endpoints and the vocabulary's writes accept an
// Idempotency-Key header, and every browser form that posts to them carries
// a one-time token in the idempotency_key field, so retries, double clicks
// and back-button resubmits record once.
const (
	idempotencyHeader = "Idempotency-Key"
	idempotencyField  = "idempotency_key"
	replayedHeader    = "Idempotent-Replayed"
)

// idempotencyKey reads the request's key: the header, or a form's token. It
// must be 1 to 255 printable ASCII characters; none at all is allowed.
func idempotencyKey(v *validator, r *http.Request, b body) string {
	values := r.Header.Values(idempotencyHeader)
	if len(values) == 0 && b.form != nil {
		values = b.form[idempotencyField]
	}
	switch {
	case len(values) == 0:
		return ""
	case len(values) > 1:
		v.add(idempotencyHeader, "must be given once")
		return ""
	}
	key := values[0]
	if len(key) < 1 || len(key) > 255 {
		v.add(idempotencyHeader, "must be 1 to 255 characters")
		return ""
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			v.add(idempotencyHeader, "must be printable ASCII characters")
			return ""
		}
	}
	return key
}

// errKeyInFlight answers a request whose key is still being handled.
var errKeyInFlight = &httpError{status: http.StatusConflict,
	message: "a request with this Idempotency-Key is still in progress; retry when it has finished"}

// inFlight holds the idempotency keys of the requests being handled, so
// that a second request with a key gets a 409 instead of waiting.
type inFlight struct {
	mu   sync.Mutex
	keys map[string]struct{}
}

// begin claims key; done releases it. An empty key needs no claim.
func (f *inFlight) begin(key string) (done func(), err error) {
	if key == "" {
		return func() {}, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, busy := f.keys[key]; busy {
		return nil, errKeyInFlight
	}
	if f.keys == nil {
		f.keys = make(map[string]struct{})
	}
	f.keys[key] = struct{}{}
	return func() {
		f.mu.Lock()
		delete(f.keys, key)
		f.mu.Unlock()
	}, nil
}

// newFormToken returns a fresh one-time token for a form.
func newFormToken() string {
	b := make([]byte, 18)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// writeOnce gives a write of the vocabulary (a word, a group, an app) the
// protection of the two core writes: its context carries the request's
// idempotency (db.WithIdempotency), from the Idempotency-Key header (the
// same key with another request is a 422) or from a form's one-time token.
// A token replays only the same submission: a form changed and sent again
// with the same token (after Back) is a new write, not a 422 the learner
// could not act on. done releases the claim that makes a concurrent twin a
// 409.
func (s *Server) writeOnce(c echo.Context, b body) (ctx context.Context, once *db.Once, done func(), err error) {
	r := c.Request()
	var v validator
	key := idempotencyKey(&v, r, b)
	if err := v.err(); err != nil {
		return nil, nil, nil, err
	}
	request := r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery + " " + submission(b)
	if key != "" && len(r.Header.Values(idempotencyHeader)) == 0 {
		sum := sha256.Sum256([]byte(request))
		key += " " + hex.EncodeToString(sum[:12])
	}
	if done, err = s.inFlight.begin(key); err != nil {
		return nil, nil, nil, err
	}
	ctx, once = db.WithIdempotency(r.Context(), db.Idempotency{Key: key, Request: request})
	return ctx, once, done, nil
}

// submission is a body as the same request always writes it: JSON members
// and form fields in name order, without the form's token.
func submission(b body) string {
	if b.json != nil {
		out, _ := json.Marshal(b.json) // a map: its keys in order
		return string(out)
	}
	fields := url.Values{}
	for name, values := range b.form {
		if name != idempotencyField {
			fields[name] = values
		}
	}
	return fields.Encode()
}
