package kana

import (
	"slices"
	"testing"
)

func TestSortKeyPairs(t *testing.T) {
	tests := []struct {
		name, before, after string
	}{
		{"か before が", "か", "が"},
		{"が before き", "が", "き"},
		{"plain sounds first: がか before かき", "がか", "かき"},
		{"つ before っ", "つ", "っ"},
		{"っ before づ", "っ", "づ"},
		{"small kana by its full-size form: かっこ before かつら", "かっこ", "かつら"},
		{"や before ゃ", "きや", "きゃ"},
		{"ゃ before ゆ", "きゃ", "きゆ"},
		{"は before ば", "は", "ば"},
		{"ば before ぱ", "ば", "ぱ"},
		{"ぱ before ひ", "ぱ", "ひ"},
		{"ー as the vowel: カード before かい", "カード", "かい"},
		{"ー after the vowel spelled out", "かあ", "カー"},
		{"ー after a contracted sound", "じゃあ", "ジャー"},
		{"hiragana before katakana", "か", "カ"},
		{"katakana between hiragana: アイス before いぬ", "アイス", "いぬ"},
		{"prefix first", "か", "かあ"},
		{"わ before を", "わ", "を"},
		{"を before ん", "を", "ん"},
		{"ん last of kana", "ん", "一"},
		{"ゔ as う", "ゔ", "え"},
		{"iteration mark as the kana: こゝろ before こころみ", "こゝろ", "こころみ"},
		{"ASCII before kana", "z", "あ"},
		{"empty first", "", "あ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, a := SortKey(tt.before), SortKey(tt.after)
			if !(b < a) {
				t.Errorf("SortKey(%q) = %q, SortKey(%q) = %q; want the first less", tt.before, b, tt.after, a)
			}
		})
	}
}

func TestSortKeyEqual(t *testing.T) {
	tests := []struct{ a, b string }{
		{"ｶﾞｰﾄﾞ", "ガード"},
		{"か\u3099", "が"},
		{"Abc", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.a, func(t *testing.T) {
			if SortKey(tt.a) != SortKey(tt.b) {
				t.Errorf("SortKey(%q) = %q, SortKey(%q) = %q; want equal", tt.a, SortKey(tt.a), tt.b, SortKey(tt.b))
			}
		})
	}
}

func TestSortKeyOrdersAList(t *testing.T) {
	want := []string{
		"あ", "ああ", "アイス", "いぬ", "うえ", "か", "カ", "が", "かあ", "カー", "かき", "がく", "かけ",
		"きや", "きゃ", "きゆ", "つ", "っ", "づ", "つき", "って", "は", "ば", "ぱ", "はは", "ひ", "ふ",
		"ほん", "ラーメン", "らいむ", "わ", "を", "ん",
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortStableFunc(got, func(x, y string) int {
		kx, ky := SortKey(x), SortKey(y)
		switch {
		case kx < ky:
			return -1
		case kx > ky:
			return 1
		}
		return 0
	})
	if !slices.Equal(got, want) {
		t.Errorf("sorted by SortKey:\n got %q\nwant %q", got, want)
	}
}
