package db

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestImportUpload(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	csv := "Kanji,Kana,Meaning,Notes\n" + // header aliases; Notes is ignored
		"学校,がっこう,school,x\n" +
		"食べる,たべる,to eat,\n" + // known: the seed has it (same romaji once derived)
		"学校,がっこう,school,twice\n" // twice in the file: new once
	words := count(t, s, "words")

	dry, err := s.ImportUpload(ctx, ImportRequest{Data: []byte(csv), Group: "School", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if dry.Added != 1 || dry.Reused != 2 || dry.RowsFound != 3 || !dry.GroupCreated || dry.GroupID != 0 || len(dry.Errors) != 0 {
		t.Errorf("dry run: got %+v, want 1 new, 2 known, a group to create", dry)
	}
	if len(dry.Rows) != 3 || dry.Rows[0].Romaji != "gakkou" || dry.Rows[0].Known || !dry.Rows[1].Known || !dry.Rows[2].Known {
		t.Errorf("dry run rows: got %+v", dry.Rows)
	}
	if n := count(t, s, "words"); n != words || count(t, s, "groups WHERE name = 'School'") != 0 {
		t.Fatalf("a dry run wrote: %d words, want %d", n, words)
	}

	rep, err := s.ImportUpload(ctx, ImportRequest{Data: []byte(csv), Group: "School"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || rep.Reused != 2 || !rep.GroupCreated || rep.GroupID == 0 {
		t.Errorf("import: got %+v", rep)
	}
	g, err := s.GetGroup(ctx, int64(rep.GroupID), ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if g.WordCount != 2 || g.Name != "School" {
		t.Errorf("group: got %+v, want School with 2 words", g.Group)
	}
	found, err := s.ListWords(ctx, ListQuery{Search: "gakkou"})
	if err != nil || len(found.Items) != 1 || found.Items[0].Reading != "がっこう" {
		t.Errorf("search finds the imported word: got %+v, %v", found.Items, err)
	}
	again, err := s.ImportUpload(ctx, ImportRequest{Data: []byte(csv), GroupID: int64(rep.GroupID)})
	if err != nil || again.Added != 0 || again.Reused != 3 || again.GroupCreated {
		t.Errorf("again: got %+v, %v; want everything reused", again, err)
	}
	assertEqualToRebuild(t, s)
}

func TestImportFileRefusesAndWritesNothing(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		req   ImportRequest
		lines []int  // the lines of the problems reported
		inMsg string // in the first message
		hard  error  // an error instead of a report
	}{
		{name: "rows with problems", req: ImportRequest{Group: "G", Data: []byte(
			"japanese,reading,romaji,english\n猫,ねこ,neko,cat\n犬,inu,inu,dog\n,,,\n鳥,,,bird\n魚,さかな,sakana,fish\n")},
			lines: []int{3, 5}, inMsg: "reading"},
		{name: "not a word file", req: ImportRequest{Group: "G", Data: []byte("\x00\x01\x02binary")}, lines: []int{1}},
		{name: "missing columns", req: ImportRequest{Group: "G", Data: []byte("front,back\n猫,cat\n")}, lines: []int{1}, inMsg: "front"},
		{name: "broken UTF-8", req: ImportRequest{Group: "G", Data: []byte("japanese,romaji,english\n猫,neko,cat\n\xff\xfe,x,y\n")}, lines: []int{3}},
		{name: "no group", req: ImportRequest{Data: []byte("japanese,romaji,english\n猫,neko,cat\n")}, hard: ErrEmptyText},
		{name: "unknown group", req: ImportRequest{GroupID: 999, Data: []byte("japanese,romaji,english\n猫,neko,cat\n")}, hard: ErrGroupNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := aggregateDump(t, s)
			groups := count(t, s, "groups")
			rep, err := s.ImportUpload(ctx, tt.req)
			if tt.hard != nil {
				if !errors.Is(err, tt.hard) {
					t.Fatalf("got %v, want %v", err, tt.hard)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				var lines []int
				for _, e := range rep.Errors {
					lines = append(lines, e.Line)
				}
				if fmt.Sprint(lines) != fmt.Sprint(tt.lines) {
					t.Errorf("got problems at lines %v (%+v), want %v", lines, rep.Errors, tt.lines)
				}
				if len(rep.Errors) > 0 && !strings.Contains(rep.Errors[0].Message, tt.inMsg) {
					t.Errorf("got %q, want it to say %q", rep.Errors[0].Message, tt.inMsg)
				}
				if rep.Added != 0 || rep.Reused != 0 {
					t.Errorf("got %d added, %d reused: nothing was written", rep.Added, rep.Reused)
				}
			}
			if after := aggregateDump(t, s); after != before || count(t, s, "groups") != groups {
				t.Errorf("a refused import wrote")
			}
		})
	}
}

// A file of more than one chunk: words repeated across chunks and within
// one, words the vocabulary has; then taken out again as a failed import
// would be.
func TestImportFileInChunks(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	var b strings.Builder
	b.WriteString("japanese\treading\tenglish\n")
	n := importChunk + importChunk/2
	for i := range n {
		fmt.Fprintf(&b, "語%d\tご\tword %d\n", i%(n-100), i%(n-100)) // the last 100 rows repeat the first 100
	}
	b.WriteString("食べる\tたべる\tto eat\n")
	before := aggregateDump(t, s)
	rep, err := s.ImportUpload(ctx, ImportRequest{Data: []byte(b.String()), Group: "Big"})
	if err != nil || len(rep.Errors) > 0 {
		t.Fatalf("got %v, %+v", err, rep.Errors)
	}
	if rep.Added != n-100 || rep.Reused != 101 {
		t.Errorf("got %d added, %d reused; want %d and 101", rep.Added, rep.Reused, n-100)
	}
	g, _ := getGroup(ctx, s.reader, int64(rep.GroupID))
	if g.WordCount != n-100+1 {
		t.Errorf("group has %d words, want %d", g.WordCount, n-100+1)
	}
	assertEqualToRebuild(t, s)

	// All or nothing: what a failed import wrote is taken out.
	seedWord := nthWord(t, s, 1, 0)
	if err := s.undoImport(ctx, importWritten{group: int64(rep.GroupID), groupCreated: true,
		added: idsAbove(t, s, 208), joined: []int64{seedWord}}); err != nil {
		t.Fatal(err)
	}
	if after := aggregateDump(t, s); after != before {
		t.Errorf("after the undo the database differs from before the import")
	}
}

func idsAbove(t *testing.T, s *Store, id int64) []int64 {
	t.Helper()
	rows, err := s.reader.Query(`SELECT id FROM words WHERE id > ? ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}
