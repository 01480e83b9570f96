package search

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf16"

	"github.com/recapjournal/recap/generator/internal/slug"
)

func TestEscapePath(t *testing.T) {
	for _, p := range []string{"", "2026/2026-11-17-dev-1on1/", "a b/c#d/", "café/", "x?y=1&z/", "100%/", "a.b~c_d/", "é/ü/"} {
		if got, want := escapePath(p), slug.EscapePath(p); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", p, got, want)
		}
	}
}

// TestCompareUTF16 compares strings of letters from every plane with the
// order of their UTF-16 code units.
func TestCompareUTF16(t *testing.T) {
	runes := []rune{'a', 'z', 'é', 'ß', 'Ω', '中', 0xD7FF, 0xE000, 'ｗ', 0xFFFD, 0x10000, 0x1D49C, 0x20000, 0x10FFFF}
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		w := make([]rune, r.IntN(4))
		for k := range w {
			w[k] = runes[r.IntN(len(runes))]
		}
		return string(w)
	}
	for range 20000 {
		a, b := word(), word()
		want := slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
		if got := compareUTF16(a, b); got != want {
			t.Fatalf("compareUTF16(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}
