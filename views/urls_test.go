package views

import "testing"

func TestExternalLaunchURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"http://localhost:8081/app", "http://localhost:8081/app?group_id=2&session_id=7&study_session_id=7", true},
		{"https://example.com/study?deck=a", "https://example.com/study?deck=a&group_id=2&session_id=7&study_session_id=7", true},
		{"HTTPS://Example.com/", "https://Example.com/?group_id=2&session_id=7&study_session_id=7", true},
		{"javascript:alert(1)", "", false},
		{"JavaScript:alert(1)", "", false},
		{"data:text/html,<script>alert(1)</script>", "", false},
		{"vbscript:msgbox", "", false},
		{"//evil.example/app", "", false},
		{"/flashcards", "", false},
		{"http:///nohost", "", false},
		{"https://user:pass@example.com/", "", false},
		{"http://[::1", "", false},
	} {
		got, ok := ExternalLaunchURL(tc.in, 2, 7)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ExternalLaunchURL(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
