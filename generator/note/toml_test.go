package note

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// tomlCases are TOML front matters, the text between the "+++" lines, with the
// place of their error ("" when they parse). They also seed FuzzTOML.
var tomlCases = []struct {
	src string
	err string // "line:col" with the front matter's first line as line 2
}{
	{"", ""},
	{"\n\n", ""},
	{"# a comment\n", ""},
	{`title = "Ana / Ivan2 1:1"
date = 2020-01-06T17:00:00Z
attendees = ["ana", "ivan2"]
tags = ["customer", "wellbeing"]
series = "ana-ivan2"
reviewed = 2020-01-06
`, ""},
	{"date = 2026-11-20T14:00:00+01:00\nreviewed = true\n", ""},
	{"date = 2026-11-20T14:00:00.25-05:30 # when\n", ""},
	{"date = 2026-11-20T14:00:00\n", ""},
	{"date = 2026-11-20T14:00:00.123456789\n", ""},
	{"  title = \"indented\"\t# tab\n", ""},
	{"n = 42\nm = -7\np = +3\nz = 0\n", ""},
	{"tags = []\nx = [ \"a\" , \"b\", ]\n", ""},
	{"key-with_dash9 = \"é ✓ tab\there\"\n", ""},
	{"reviewed = false\n", ""},
	{`a = "x#y" # comment "with" quotes`, ""},
	{"title = 'literal'\n", ""},
	{"title = \"esc\\\"aped\"\n", ""},
	{"[table]\nkey = 1\n", ""},
	{"a.b = 1\n", ""},
	{"\"quoted\" = 1\n", ""},
	{"'lit' . \"part\" = 1\n", ""},
	{"f = 1.5\n", ""},
	{"n = 1_000\n", ""},
	{"n = 0x1f\n", ""},
	{"d = 2026-11-20 14:00:00Z\n", ""},
	{"d = 2026-11-20t14:00:00z\n", ""},
	{"d = 14:00:00\n", ""},
	{"a = [1, 2]\n", ""},
	{"a = [\n  \"x\",\n]\n", ""},
	{"a = \"\"\"multi\nline\"\"\"\n", ""},
	{"a = { b = 1, c = { d = 2 } }\n", ""},
	{"a = \"x\"\r\n", ""},
	{"a = inf\n", ""},
	{"é = 1\n", "2:1"},
	{"n = 007\n", "2:5"},
	{"n = 123456789012345678901\n", "2:5"},
	{"d = 2026-13-45\n", "2:10"}, // the month
	{"a = [\"x\" \"y\"]\n", "2:10"},
	{"a = 1\na = 2\n", "3:1"},
	{"a = 1 b = 2\n", "2:6"},
	{"a = \"unterminated\n", "2:18"},
	{"= 1\n", "2:1"},
	{"a =\n", "2:4"},
	{"a = \"\x01\"\n", "2:6"},
	{"# bad \x01 comment\n", "2:7"},
	{"t = \"é\" x\n", "2:8"},
}

func TestParseTOML(t *testing.T) {
	for _, c := range tomlCases {
		vals, err := parseTOML([]byte(c.src), 2)
		got := ""
		if pe, ok := err.(*posErr); ok {
			got = pe.Error()
			if !strings.HasPrefix(got, "front matter (TOML): ") {
				t.Errorf("parseTOML(%q): error %q", c.src, got)
			}
			got = fmt.Sprintf("%d:%d", pe.line, pe.col)
		} else if err != nil {
			t.Errorf("parseTOML(%q): error %T %v", c.src, err, err)
		}
		if got != c.err {
			t.Errorf("parseTOML(%q): error at %q (%v), want %q", c.src, got, err, c.err)
		}
		checkTOMLPlaces(t, c.src, vals, 2)
	}
}

// checkTOMLPlaces checks that each key of vals, read from src with its first
// line as firstLine, is placed where its key or its table header starts.
func checkTOMLPlaces(t testing.TB, src string, vals map[string]value, firstLine int) {
	t.Helper()
	lines := strings.Split(src, "\n")
	for k, v := range vals {
		i := v.line - firstLine
		if i < 0 || i >= len(lines) || v.col < 1 || v.col > utf8.RuneCountInString(lines[i]) {
			t.Fatalf("parseTOML(%q): key %q at %d:%d, outside the text", src, k, v.line, v.col)
		}
		rest := string([]rune(lines[i])[v.col-1:])
		if !strings.HasPrefix(rest, k) && !strings.HasPrefix(rest, `"`) && !strings.HasPrefix(rest, "'") && !strings.HasPrefix(rest, "[") {
			t.Fatalf("parseTOML(%q): key %q placed at %d:%d, on %q", src, k, v.line, v.col, rest)
		}
	}
}

// BenchmarkFrontMatterTOML reads a typical note's TOML front matter.
func BenchmarkFrontMatterTOML(b *testing.B) {
	src := []byte(tomlCases[3].src)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseTOML(src, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrontMatterYAML reads the same front matter in YAML, for comparison.
func BenchmarkFrontMatterYAML(b *testing.B) {
	src := []byte(`title: "Ana / Ivan2 1:1"
date: 2020-01-06T17:00:00Z
attendees: ["ana", "ivan2"]
tags: ["customer", "wellbeing"]
series: "ana-ivan2"
reviewed: 2020-01-06
`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseYAML(src, 2); err != nil {
			b.Fatal(err)
		}
	}
}
