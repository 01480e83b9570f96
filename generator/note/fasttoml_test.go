package note

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/recapjournal/recap/generator/internal/tomlpos"
)

// fastTOMLCases are front matters fastTOML reads (want true) or leaves to
// BurntSushi/toml (false). They also seed FuzzFastTOML.
var fastTOMLCases = []struct {
	src  string
	fast bool
}{
	{"", true},
	{"\n\n", true},
	{"# a comment\n", true},
	{`title = "Ana / Ivan2 1:1"
date = 2020-01-06T17:00:00Z
attendees = ["ana", "ivan2"]
tags = ["customer", "wellbeing"]
series = "ana-ivan2"
reviewed = 2020-01-06
`, true},
	{"date = 2026-11-20T14:00:00+01:00\nreviewed = true\n", true},
	{"date = 2026-11-20T14:00:00.25-05:30 # when\n", true},
	{"date = 2026-11-20T14:00:00\n", true},
	{"date = 2026-11-20T14:00:00.123456789\n", true},
	{"  title = \"indented\"\t# tab\n", true},
	{"n = 42\nm = -7\np = +3\nz = 0\n", true},
	{"tags = []\nx = [ \"a\" , \"b\", ]\n", true},
	{"key-with_dash9 = \"é ✓ tab\there\"\n", true},
	{"reviewed = false\n", true},
	{`a = "x#y" # comment "with" quotes`, true},

	{"title = 'literal'\n", false},
	{"title = \"esc\\\"aped\"\n", false},
	{"[table]\nkey = 1\n", false},
	{"a.b = 1\n", false},
	{"\"quoted\" = 1\n", false},
	{"f = 1.5\n", false},
	{"n = 1_000\n", false},
	{"n = 0x1f\n", false},
	{"n = 007\n", false},
	{"n = 123456789012345678901\n", false},
	{"d = 2026-11-20 14:00:00Z\n", false},
	{"d = 2026-11-20t14:00:00z\n", false},
	{"d = 2026-13-45\n", false},
	{"d = 14:00:00\n", false},
	{"a = [1, 2]\n", false},
	{"a = [\n  \"x\",\n]\n", false},
	{"a = [\"x\" \"y\"]\n", false},
	{"a = \"\"\"multi\nline\"\"\"\n", false},
	{"a = { b = 1 }\n", false},
	{"a = 1\na = 2\n", false},
	{"a = 1 b = 2\n", false},
	{"a = \"x\"\r\n", false},
	{"a = \"unterminated\n", false},
	{"= 1\n", false},
	{"a =\n", false},
	{"a = inf\n", false},
	{"a = \"\x01\"\n", false},
	{"# bad \x01 comment\n", false},
}

func TestFastTOML(t *testing.T) {
	for _, c := range fastTOMLCases {
		got, ok := fastTOML([]byte(c.src), 3)
		if ok != c.fast {
			t.Errorf("fastTOML(%q): ok = %v, want %v", c.src, ok, c.fast)
			continue
		}
		if ok {
			if err := sameAsBurntSushi(c.src, got, 3); err != nil {
				t.Errorf("fastTOML(%q): %v", c.src, err)
			}
		}
	}
}

// FuzzFastTOML checks that whatever fastTOML reads, BurntSushi/toml reads
// the same, at the same places.
func FuzzFastTOML(f *testing.F) {
	for _, c := range fastTOMLCases {
		f.Add(c.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, ok := fastTOML([]byte(src), 1)
		if !ok {
			return
		}
		if err := sameAsBurntSushi(src, got, 1); err != nil {
			t.Fatalf("fastTOML(%q): %v", src, err)
		}
	})
}

// sameAsBurntSushi compares fastTOML's result with the slow path's.
func sameAsBurntSushi(src string, got map[string]value, firstLine int) error {
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		return fmt.Errorf("read, but BurntSushi/toml says %v", err)
	}
	if len(raw) != len(got) {
		return fmt.Errorf("%d keys, BurntSushi/toml %d", len(got), len(raw))
	}
	keys := tomlpos.Keys(src)
	for k, v := range raw {
		g, ok := got[k]
		if !ok {
			return fmt.Errorf("no key %q", k)
		}
		if !sameTOMLValue(g.v, v) {
			return fmt.Errorf("%s = %#v, BurntSushi/toml %#v", k, g.v, v)
		}
		if p := keys[k]; g.line != p.Line+firstLine-1 || g.col != p.Col {
			return fmt.Errorf("%s at %d:%d, want %d:%d", k, g.line, g.col, p.Line+firstLine-1, p.Col)
		}
	}
	return nil
}

func sameTOMLValue(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb) && ta.Location().String() == tb.Location().String() && ta.Format(time.RFC3339Nano) == tb.Format(time.RFC3339Nano)
	}
	return reflect.DeepEqual(a, b)
}

func BenchmarkFrontMatter(b *testing.B) {
	src := []byte(fastTOMLCases[3].src)
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			if _, ok := fastTOML(src, 2); !ok {
				b.Fatal("not fast")
			}
		}
	})
	b.Run("BurntSushi", func(b *testing.B) {
		for b.Loop() {
			var raw map[string]any
			if _, err := toml.Decode(string(src), &raw); err != nil {
				b.Fatal(err)
			}
			tomlpos.Keys(string(src))
		}
	})
}
