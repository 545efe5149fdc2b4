package formats

import (
	"strings"
	"testing"
)

// ankiExport is what Anki's "Notes in Plain Text" exporter writes for a
// Japanese deck with "HTML and media references", "Include tags", "Include
// deck name" and "Include notetype name" ticked: Japanese support's note type
// has the fields Expression, Meaning, Reading.
const ankiExport = "#separator:tab\n" +
	"#html:true\n" +
	"#notetype column:1\n" +
	"#deck column:2\n" +
	"#tags column:6\n" +
	"Japanese (recognition)\tJapanese::Core 2k\t食べる[sound:taberu.mp3]\tto eat<br>to consume\t 食[た]べる\tverb jlpt5\n" +
	"Japanese (recognition)\tJapanese::Core 2k\t水\twater &amp; ice&nbsp;cubes\tみず\tnoun\n" +
	"Japanese (recognition)\tJapanese::Core 2k\t\"<span class=\"\"big\"\">猫</span>\"\t<div>cat</div><div>kitty</div>\tねこ\t\n" +
	"Japanese (recognition)\tJapanese::Core 2k\tコーヒー\t&lt;b&gt; is not bold: coffee\tコーヒー\t\n"

func TestParseAnkiExport(t *testing.T) {
	file, err := Parse([]byte(ankiExport))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if file.Format != FormatAnki || len(file.Errors) != 0 {
		t.Errorf("format %q, errors %v; want anki and none", file.Format, file.Errors)
	}
	empty := []byte("[]")
	assertRows(t, file.Rows, []Row{
		{Line: 6, Word: Word{Japanese: "食べる", Reading: "たべる", English: "to eat to consume", Parts: empty}},
		{Line: 7, Word: Word{Japanese: "水", Reading: "みず", English: "water & ice cubes", Parts: empty}},
		{Line: 8, Word: Word{Japanese: "猫", Reading: "ねこ", English: "cat kitty", Parts: empty}},
		{Line: 9, Word: Word{Japanese: "コーヒー", Reading: "コーヒー", English: "<b> is not bold: coffee", Parts: empty}},
	})
}

func TestParseAnkiVariants(t *testing.T) {
	empty := []byte("[]")
	tests := []struct {
		name, input string
		want        []Row
	}{
		{
			name:  "plain text export keeps & and < as text",
			input: "#separator:tab\n#html:false\n水\twater & <ice>\tみず\n",
			want:  []Row{{Line: 3, Word: Word{Japanese: "水", Reading: "みず", English: "water & <ice>", Parts: empty}}},
		},
		{
			name:  "furigana gives the reading when no field is kana",
			input: "#separator:tab\n#html:false\n私[わたし]は 日本語[にほんご]を 話[はな]します\tI speak Japanese\tsentence\n",
			want: []Row{{Line: 3, Word: Word{Japanese: "私は日本語を話します", Reading: "わたしはにほんごをはなします",
				English: "I speak Japanese", Parts: empty}}},
		},
		{
			name:  "ruby annotations give the reading",
			input: "#separator:tab\n#html:true\nこの<ruby>名前<rt>なまえ</rt></ruby>\tthis name\n",
			want:  []Row{{Line: 3, Word: Word{Japanese: "この名前", Reading: "このなまえ", English: "this name", Parts: empty}}},
		},
		{
			name:  "a kana expression is its own reading",
			input: "#separator:tab\nありがとう\tthank you\n",
			want:  []Row{{Line: 2, Word: Word{Japanese: "ありがとう", Reading: "ありがとう", English: "thank you", Parts: empty}}},
		},
		{
			name:  "the reading is the first later field that is mostly kana",
			input: "#separator:tab\n#html:false\n食[た]べる\tto eat\tverb\tたべる\n水[みず]\twater\tnoun\t\n",
			want: []Row{
				{Line: 3, Word: Word{Japanese: "食べる", Reading: "たべる", English: "to eat", Parts: empty}},
				{Line: 4, Word: Word{Japanese: "水", Reading: "みず", English: "water", Parts: empty}},
			},
		},
		{
			name:  "a slip in the reading field loses only that note's reading",
			input: "#separator:tab\n#html:false\n犬\tdog\tいぬ\n猫\tcat\tねこ\n食[た]べる\tto eat\ttaberu\n",
			want: []Row{
				{Line: 3, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog", Parts: empty}},
				{Line: 4, Word: Word{Japanese: "猫", Reading: "ねこ", English: "cat", Parts: empty}},
				{Line: 5, Word: Word{Japanese: "食べる", Reading: "たべる", English: "to eat", Parts: empty}},
			},
		},
		{
			name:  "a notes field that is mostly not kana is not the reading",
			input: "#separator:tab\n#html:false\n犬[いぬ]\tdog\tpet\n猫[ねこ]\tcat\tねこ\n鳥[とり]\tbird\tflies\n",
			want: []Row{
				{Line: 3, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog", Parts: empty}},
				{Line: 4, Word: Word{Japanese: "猫", Reading: "ねこ", English: "cat", Parts: empty}},
				{Line: 5, Word: Word{Japanese: "鳥", Reading: "とり", English: "bird", Parts: empty}},
			},
		},
		{
			name:  "guid column is not a field",
			input: "#separator:tab\n#html:true\n#guid column:1\nf&gt;Xq2\t犬\tdog\tいぬ\n",
			want:  []Row{{Line: 4, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog", Parts: empty}}},
		},
		{
			name:  "#columns: with Front and Back",
			input: "#separator:tab\n#html:false\n#columns:Back\tFront\tTags\ndog\t犬[いぬ]\tn5\n",
			want:  []Row{{Line: 4, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog", Parts: empty}}},
		},
		{
			name:  "#columns: with the CSV names, any case",
			input: "#separator:tab\n#columns:EXPRESSION\treading\tMeaning\tromaji\n犬\tいぬ\tdog\tinu\n",
			want:  []Row{{Line: 3, Word: Word{Japanese: "犬", Reading: "いぬ", Romaji: "inu", English: "dog", Parts: empty}}},
		},
		{
			name:  "#columns: read with a separator given after it",
			input: "#columns:Front,Back\n#separator:comma\n犬[いぬ],dog\n",
			want:  []Row{{Line: 3, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog", Parts: empty}}},
		},
		{
			name:  "separator given as the character; header keys in any case",
			input: "#Separator:;\n#HTML:False\n犬;dog;いぬ\n",
			want:  []Row{{Line: 3, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog", Parts: empty}}},
		},
		{
			name:  "without #separator the tab is found in the data",
			input: "#html:false\n犬\tdog, hound\tいぬ\n",
			want:  []Row{{Line: 2, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog, hound", Parts: empty}}},
		},
		{
			name:  "without #html a tag makes the fields HTML, as Anki guesses",
			input: "#separator:tab\n犬\t<b>dog</b> &amp; hound\tいぬ\n",
			want:  []Row{{Line: 2, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog & hound", Parts: empty}}},
		},
		{
			name:  "without #html and without tags the text is plain",
			input: "#separator:tab\n犬\tdog &amp; hound\tいぬ\n",
			want:  []Row{{Line: 2, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog &amp; hound", Parts: empty}}},
		},
		{
			name:  "legacy tags: line, comments and blank lines between notes",
			input: "tags:n5 animals\n犬\tdog\tいぬ\n\n# a comment\n猫\tcat\tねこ\n",
			want: []Row{
				{Line: 2, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog", Parts: empty}},
				{Line: 5, Word: Word{Japanese: "猫", Reading: "ねこ", English: "cat", Parts: empty}},
			},
		},
		{
			name: "a quoted field over lines keeps the next note's line",
			input: "#separator:tab\n#html:true\n犬\t\"dog\nhound\"\tいぬ\n" +
				"猫\t\"a \"\"cat\"\"\"\tねこ\n",
			want: []Row{
				{Line: 3, Word: Word{Japanese: "犬", Reading: "いぬ", English: "dog hound", Parts: empty}},
				{Line: 5, Word: Word{Japanese: "猫", Reading: "ねこ", English: `a "cat"`, Parts: empty}},
			},
		},
		{
			name:  "a quote inside an unquoted field is text, as Anki reads it",
			input: "#separator:tab\n#html:false\n犬\tthe \"dog\"\tいぬ\n",
			want:  []Row{{Line: 3, Word: Word{Japanese: "犬", Reading: "いぬ", English: `the "dog"`, Parts: empty}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, err := Parse([]byte(tt.input))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if file.Format != FormatAnki || len(file.Errors) != 0 {
				t.Errorf("format %q, errors %v; want anki and none", file.Format, file.Errors)
			}
			assertRows(t, file.Rows, tt.want)
		})
	}
}

func TestParseAnkiErrors(t *testing.T) {
	t.Run("missing #columns", func(t *testing.T) {
		_, err := Parse([]byte("#separator:tab\n#columns:Front\tNotes\n犬\tdog\n"))
		assertFileError(t, err, 2, 1, ErrMissingColumns, `#columns: has the columns "Front", "Notes"; it needs an english column (english, meaning, definition or back)`)
	})
	t.Run("a header and no notes", func(t *testing.T) {
		_, err := Parse([]byte("#separator:tab\n#html:true\n\n"))
		assertFileError(t, err, 3, 1, ErrNoWords, "the file has no words")
	})
	t.Run("row errors, all of them, at their lines", func(t *testing.T) {
		file, err := Parse([]byte("#separator:tab\n#html:true\n犬\tdog\tいぬ\n" +
			"猫\t\n" + // no english
			"<br>\tnothing\n" + // no japanese once HTML is gone
			"日本\tJapan\n" + // kanji without a reading
			"#columns are only read at the top\n" +
			"火\tfire\tnotes\n" + // the reading field is not kana here: no reading
			"鳥\tbird\tとり\n" +
			"単語\n")) // only one field
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		if len(file.Rows) != 2 || file.Rows[0].Japanese != "犬" || file.Rows[1].Reading != "とり" {
			t.Errorf("rows = %+v, want only 犬 and 鳥", file.Rows)
		}
		want := []struct {
			line    int
			message string
		}{
			{4, "field 2 (the english) is empty"},
			{5, "field 1 (the japanese) is empty"},
			{6, "no reading: write it as furigana, 漢字[かんじ], or in a kana field"},
			{8, "no reading"},
			{10, "field 2 (the english) is empty; no reading"},
		}
		if len(file.Errors) != len(want) {
			t.Fatalf("errors = %v, want %d", file.Errors, len(want))
		}
		for i, w := range want {
			if e := file.Errors[i]; e.Line != w.line || !strings.Contains(e.Message, w.message) {
				t.Errorf("error %d = %v, want line %d with %q", i, e, w.line, w.message)
			}
		}
	})
	t.Run("fields named by #columns", func(t *testing.T) {
		file, err := Parse([]byte("#separator:tab\n#columns:Meaning\tExpression\n\t犬\n"))
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		if len(file.Errors) != 1 || !strings.Contains(file.Errors[0].Message, `field "Meaning" (the english) is empty`) {
			t.Errorf("errors = %v, want the Meaning field named", file.Errors)
		}
	})
	t.Run("a single field file has no english", func(t *testing.T) {
		file, err := Parse([]byte("#separator:tab\nいぬ\n"))
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		if len(file.Errors) != 1 || !strings.Contains(file.Errors[0].Message, "there is no second field (the english)") {
			t.Errorf("errors = %v, want no second field", file.Errors)
		}
	})
}

func TestAnkiText(t *testing.T) {
	tests := []struct {
		in     string
		isHTML bool
		want   string
	}{
		{"to eat<br>to consume", true, "to eat to consume"},
		{"to eat<BR />to consume", true, "to eat to consume"},
		{"<div>a</div><div>b</div>", true, "a b"},
		{"<p>a</p>\n<p>b</p>", true, "a b"},
		{"<b>bo</b>ld", true, "bold"},
		{"&lt;b&gt;", true, "<b>"},
		{"&amp;lt;", true, "&lt;"},
		{"a&nbsp;b", true, "a b"},
		{"a&nbsp;&nbsp; b", true, "a b"},
		{"x<!-- note -->y", true, "xy"},
		{"<style>.c { color: red }</style>猫", true, "猫"},
		{"<script>alert(1)</script>猫", true, "猫"},
		{`<img src="neko.jpg">猫`, true, "猫"},
		{"猫[sound:neko.mp3]", true, "猫"},
		{"猫[sound:neko.mp3]", false, "猫"},
		{"[[type:Front]]猫", false, "猫"},
		{"a < b", true, "a < b"},
		{"a <b", true, "a <b"},
		{"&amp; <b>", false, "&amp; <b>"},
		{"  spaced\tout  ", false, "spaced out"},
		{"全角　スペース", false, "全角　スペース"},
		{"<ruby>漢字<rt>かんじ</rt></ruby>", true, "漢字[かんじ]"},
		{"私の<ruby>名前<rp>(</rp><rt>なまえ</rt><rp>)</rp></ruby>", true, "私の 名前[なまえ]"},
		{"<ruby>漢<rt>かん</rt>字<rt><b>じ</b></rt></ruby>", true, "漢[かん]字[じ]"},
		{"<rt>unclosed", true, "unclosed"},
		{"<ruby>A<rt>&amp;lt;</rt></ruby>", true, "A[&lt;]"},
		{"", true, ""},
	}
	for _, tt := range tests {
		if got := ankiText(tt.in, tt.isHTML); got != tt.want {
			t.Errorf("ankiText(%q, html %v) = %q, want %q", tt.in, tt.isHTML, got, tt.want)
		}
	}
}

func TestFurigana(t *testing.T) {
	tests := []struct {
		in, kanji, kana string
		found           bool
	}{
		{"日本語[にほんご]", "日本語", "にほんご", true},
		{"食[た]べる", "食べる", "たべる", true},
		{" 見[み]る", "見る", "みる", true},
		{"私[わたし]は 日本語[にほんご]を 話[はな]します", "私は日本語を話します", "わたしはにほんごをはなします", true},
		{"日本[にっ] 本[ぽん]", "日本本", "にっぽん", true},
		{"<b>猫[ねこ]</b>", "<b>猫</b>", "<b>ねこ</b>", true},
		{"no brackets", "no brackets", "no brackets", false},
		{"[x] alone", "[x] alone", "[x] alone", false},
		{"a []", "a []", "a []", false},
		{"猫[ねこ", "猫[ねこ", "猫[ねこ", false},
		{"猫[ねこ] and [x]", "猫 and [x]", "ねこ and [x]", true},
	}
	for _, tt := range tests {
		kanji, kana, found := furigana(tt.in)
		if kanji != tt.kanji || kana != tt.kana || found != tt.found {
			t.Errorf("furigana(%q) = %q, %q, %v, want %q, %q, %v", tt.in, kanji, kana, found, tt.kanji, tt.kana, tt.found)
		}
	}
}

func TestIsKana(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"たべる", true},
		{"コーヒー", true},
		{"ｺｰﾋｰ", true},
		{"にほん ご", true},
		{"ゔ", true},
		{"食べる", false},
		{"taberu", false},
		{"", false},
		{" ", false},
	}
	for _, tt := range tests {
		if got := isKana(tt.in); got != tt.want {
			t.Errorf("isKana(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
