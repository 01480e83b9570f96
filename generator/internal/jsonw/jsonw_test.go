package jsonw

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// stdString returns what encoding/json writes for s with SetEscapeHTML(escapeHTML),
// without the Encoder's trailing newline.
func stdString(t testing.TB, s string, escapeHTML bool) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(s); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// stringTests lists tricky strings with the output expected without and with
// HTML escaping. The expectations are written out so that a change in
// encoding/json shows up here as well as in the comparison against it.
var stringTests = []struct {
	name, in, plain, html string
}{
	{"empty", "", `""`, `""`},
	{"ascii", "hello, world", `"hello, world"`, `"hello, world"`},
	{"quote", `say "hi"`, `"say \"hi\""`, `"say \"hi\""`},
	{"backslash", `a\b\\c`, `"a\\b\\\\c"`, `"a\\b\\\\c"`},
	{"short escapes", "\b\f\n\r\t", `"\b\f\n\r\t"`, `"\b\f\n\r\t"`},
	{"nul", "a\x00b", `"a\u0000b"`, `"a\u0000b"`},
	{"other controls", "\x01\x07\x0b\x0e\x1b\x1f", `"\u0001\u0007\u000b\u000e\u001b\u001f"`, `"\u0001\u0007\u000b\u000e\u001b\u001f"`},
	{"space and del", " \x7f~", "\" \x7f~\"", "\" \x7f~\""},
	{"html", "<a href='x'>&amp;</a>", `"<a href='x'>&amp;</a>"`, `"\u003ca href='x'\u003e\u0026amp;\u003c/a\u003e"`},
	{"slash", "a/b</script>", `"a/b</script>"`, `"a/b\u003c/script\u003e"`},
	{"unicode", "héllo wörld — ☃ 日本語 😀", `"héllo wörld — ☃ 日本語 😀"`, `"héllo wörld — ☃ 日本語 😀"`},
	{"line separators", "a\u2028b\u2029c", `"a\u2028b\u2029c"`, `"a\u2028b\u2029c"`},
	{"near line separators", "\u2027\u202a\u2020", "\"\u2027\u202a\u2020\"", "\"\u2027\u202a\u2020\""},
	{"replacement char", "\ufffd", "\"\ufffd\"", "\"\ufffd\""},
	{"invalid byte", "a\xffb", `"a\ufffdb"`, `"a\ufffdb"`},
	{"lone continuation", "\x80\xbf", `"\ufffd\ufffd"`, `"\ufffd\ufffd"`},
	{"truncated sequence", "ab\xe2\x80", `"ab\ufffd\ufffd"`, `"ab\ufffd\ufffd"`},
	{"truncated line separator", "\xe2\x80x", `"\ufffd\ufffdx"`, `"\ufffd\ufffdx"`},
	{"overlong slash", "\xc0\xaf", `"\ufffd\ufffd"`, `"\ufffd\ufffd"`},
	{"surrogate half", "\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`, `"\ufffd\ufffd\ufffd"`},
	{"above max rune", "\xf4\x90\x80\x80", `"\ufffd\ufffd\ufffd\ufffd"`, `"\ufffd\ufffd\ufffd\ufffd"`},
	{"mixed", "<\"\u2028\xff\n>", `"<\"\u2028\ufffd\n>"`, `"\u003c\"\u2028\ufffd\n\u003e"`},
	{"long run", strings.Repeat("abc", 100) + "\n", `"` + strings.Repeat("abc", 100) + `\n"`, `"` + strings.Repeat("abc", 100) + `\n"`},
}

func TestAppendString(t *testing.T) {
	for _, tt := range stringTests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				escapeHTML bool
				want       string
			}{{false, tt.plain}, {true, tt.html}} {
				got := string(AppendString(nil, tt.in, c.escapeHTML))
				if got != c.want {
					t.Errorf("AppendString(%q, %v) = %s, want %s", tt.in, c.escapeHTML, got, c.want)
				}
				if std := stdString(t, tt.in, c.escapeHTML); got != std {
					t.Errorf("AppendString(%q, %v) = %s, encoding/json writes %s", tt.in, c.escapeHTML, got, std)
				}
			}
		})
	}
}

// TestAppendStringAllBytes checks every single byte and every two-byte string,
// against encoding/json, with both escaping modes.
func TestAppendStringAllBytes(t *testing.T) {
	var in [2]byte
	for a := range 256 {
		in[0] = byte(a)
		for _, s := range []string{string(in[:1]), "x" + string(in[:1]) + "y"} {
			for _, esc := range []bool{false, true} {
				if got, want := string(AppendString(nil, s, esc)), stdString(t, s, esc); got != want {
					t.Errorf("AppendString(%q, %v) = %s, want %s", s, esc, got, want)
				}
			}
		}
		for b := range 256 {
			in[1] = byte(b)
			s := string(in[:])
			for _, esc := range []bool{false, true} {
				if got, want := string(AppendString(nil, s, esc)), stdString(t, s, esc); got != want {
					t.Fatalf("AppendString(%q, %v) = %s, want %s", s, esc, got, want)
				}
			}
		}
	}
}

func TestAppendStringKeepsPrefix(t *testing.T) {
	dst := []byte("prefix:")
	if got, want := string(AppendString(dst, "<x>", true)), `prefix:"\u003cx\u003e"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestAppendInt(t *testing.T) {
	for _, n := range []int{0, 1, -1, 7, 42, -300, 1 << 31, math.MaxInt, math.MinInt} {
		want, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendInt([]byte("x"), n); string(got) != "x"+string(want) {
			t.Errorf("AppendInt(%d) = %s, want x%s", n, got, want)
		}
	}
}

func TestAppendBool(t *testing.T) {
	for _, b := range []bool{false, true} {
		want, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendBool(nil, b); string(got) != string(want) {
			t.Errorf("AppendBool(%v) = %s, want %s", b, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, tt := range stringTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, esc := range []bool{false, true} {
			if got, want := string(AppendString(nil, s, esc)), stdString(t, s, esc); got != want {
				t.Errorf("AppendString(%q, %v) = %s, want %s", s, esc, got, want)
			}
		}
	})
}

// benchStrings are typical journal texts: mostly plain ASCII, some with
// escapes and non-ASCII text.
var benchStrings = []string{
	"Send the Q3 budget draft to finance",
	"Review <Alice>'s PR & merge \"if green\"",
	"Réunion — café ☕ avec l'équipe, 日本語",
	"meetings/2024/2024-05-03-weekly-sync.md",
}

func BenchmarkAppendString(b *testing.B) {
	b.Run("jsonw", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			for _, s := range benchStrings {
				buf = AppendString(buf[:0], s, true)
			}
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		for b.Loop() {
			for _, s := range benchStrings {
				if _, err := json.Marshal(s); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
