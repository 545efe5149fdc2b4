package web

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		name        string
		accept      string
		hx          bool
		contentType string
		want        mode
		wantOK      bool
	}{
		{name: "htmx wins over everything", accept: "application/json", hx: true, want: modeFragment, wantOK: true},
		{name: "htmx with its default accept", accept: "*/*", hx: true, want: modeFragment, wantOK: true},
		{name: "browser", accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", want: modePage, wantOK: true},
		{name: "json", accept: "application/json", want: modeJSON, wantOK: true},
		{name: "json preferred by q", accept: "text/html;q=0.5, application/json", want: modeJSON, wantOK: true},
		{name: "html preferred by q", accept: "text/html, application/json;q=0.9", want: modePage, wantOK: true},
		{name: "tie goes to html", accept: "text/html, application/json", want: modePage, wantOK: true},
		{name: "tie in the other order goes to html", accept: "application/json, text/html", want: modePage, wantOK: true},
		{name: "application wildcard means json", accept: "application/*", want: modeJSON, wantOK: true},
		{name: "text wildcard means page", accept: "text/*", want: modePage, wantOK: true},
		{name: "json excluded, wildcard kept", accept: "application/json;q=0, */*", want: modePage, wantOK: true},
		{name: "html excluded", accept: "text/html;q=0, */*;q=0.1", want: modeJSON, wantOK: true},
		{name: "case and spaces", accept: " Application/JSON ; Q=1 ", want: modeJSON, wantOK: true},
		{name: "absent accept, no body", want: modePage, wantOK: true},
		{name: "absent accept, JSON body", contentType: "application/json", want: modeJSON, wantOK: true},
		{name: "any accept, JSON body", accept: "*/*", contentType: "application/json; charset=utf-8", want: modeJSON, wantOK: true},
		{name: "any accept, form body", accept: "*/*", contentType: "application/x-www-form-urlencoded", want: modePage, wantOK: true},
		{name: "explicit accept beats the body", accept: "text/html", contentType: "application/json", want: modePage, wantOK: true},
		{name: "neither", accept: "image/png", wantOK: false},
		{name: "only q=0", accept: "text/html;q=0, application/json;q=0", wantOK: false},
		{name: "wildcard q=0", accept: "*/*;q=0", wantOK: false},
		{name: "malformed entries allow nothing", accept: "garbage, ;;", wantOK: false},
		{name: "bad q is ignored", accept: "application/json;q=2, text/html;q=0.1", want: modePage, wantOK: true},
		{name: "q=NaN allows nothing", accept: "application/json;q=NaN", wantOK: false},
		{name: "q=NaN beside html", accept: "application/json;q=NaN, text/html;q=0.1", want: modePage, wantOK: true},
		{name: "q=NaN for html", accept: "text/html;q=NaN, application/json;q=0.1", want: modeJSON, wantOK: true},
		{name: "q=Inf allows nothing", accept: "application/json;q=Inf", wantOK: false},
		{name: "q=-Inf allows nothing", accept: "application/json;q=-Inf", wantOK: false},
		{name: "q=1.5 allows nothing", accept: "application/json;q=1.5", wantOK: false},
		{name: "q=abc allows nothing", accept: "application/json;q=abc", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", strings.NewReader(""))
			if tt.accept != "" {
				r.Header.Set("Accept", tt.accept)
			}
			if tt.hx {
				r.Header.Set("HX-Request", "true")
			}
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			got, ok := negotiate(r)
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Errorf("negotiate = (%v, %v), want (%v, %v)", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestNotAcceptable(t *testing.T) {
	ts := newTestServer(t)
	before := ts.snapshot()
	r := request("POST", "/study_sessions", asJSON, `{"group_id": 1, "study_activity_id": 1}`)
	r.Header.Set("Accept", "image/png")
	w := ts.do(r)
	if w.Code != 406 {
		t.Fatalf("status = %d, want 406", w.Code)
	}
	if got := w.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept, HX-Request" {
		t.Errorf("Vary = %q, want one %q", got, "Accept, HX-Request")
	}
	ts.assertUnchanged(before)
}
