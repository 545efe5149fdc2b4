package db

import (
	"context"
	"testing"
)

// TestShowRomaji: the setting is on by default, saved with the others, and
// a full reset by another process (the CLI) turns it on again at once for a
// running store.
func TestShowRomaji(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	show := func() bool {
		t.Helper()
		v, err := s.ShowRomaji(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !show() {
		t.Fatal("got romaji hidden on a fresh database, want shown")
	}
	st, err := s.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.ShowRomaji = false
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	if show() {
		t.Error("got romaji shown after saving show_romaji false")
	}
	if got, err := s.GetSettings(ctx); err != nil || got != st {
		t.Errorf("GetSettings = %+v, %v; want %+v", got, err, st)
	}

	other, err := Open(ctx, s.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.FullReset(ctx); err != nil {
		t.Fatal(err)
	}
	if !show() {
		t.Error("got romaji hidden after another store's full reset, want shown")
	}
}

func BenchmarkShowRomaji(b *testing.B) {
	ctx := context.Background()
	s := newTestStore(b)
	for b.Loop() {
		if _, err := s.ShowRomaji(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
