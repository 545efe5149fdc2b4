package kana

import "testing"

// The store derives readings and sort keys for every imported word, so
// these bound what a 100,000-word import spends here.

func BenchmarkToHiragana(b *testing.B) {
	for b.Loop() {
		ToHiragana("douzo yoroshiku onegaishimasu")
	}
}

func BenchmarkReading(b *testing.B) {
	for b.Loop() {
		Reading("お名前は何ですか", "onamae wa nan desu ka")
	}
}

func BenchmarkToRomaji(b *testing.B) {
	for b.Loop() {
		ToRomaji("どうぞよろしくおねがいします")
	}
}

func BenchmarkSortKey(b *testing.B) {
	for b.Loop() {
		SortKey("ありがとうございます")
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Fold("コーヒーを飲む")
	}
}
