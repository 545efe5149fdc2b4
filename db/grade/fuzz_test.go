package grade

import "testing"

// FuzzReading: grading never panics, an answer equal to the reading is right
// whenever the reading has any kana left to compare, and grading is
// symmetric (the allowances for long vowels work both ways).
func FuzzReading(f *testing.F) {
	for _, s := range [][2]string{{"koohii", "コーヒー"}, {"tōi", "とおい"}, {"ー", "ーー"}, {"", ""}, {"n'", "ん"}, {"ｶﾞ", "が"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, answer, expected string) {
		got := Reading(answer, expected)
		if back := Reading(expected, answer); back != got {
			t.Fatalf("Reading(%q, %q) = %v but Reading(%q, %q) = %v", answer, expected, got, expected, answer, back)
		}
		if self, want := Reading(expected, expected), len(readingRunes(expected)) > 0; self != want {
			t.Fatalf("Reading(%q, itself) = %v, want %v", expected, self, want)
		}
		Meaning(answer, expected)
	})
}
