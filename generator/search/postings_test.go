package search_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/recapjournal/recap/generator/search"
)

// postings decodes postings as the package comment describes them (and the
// theme's search.js reads them): the meeting indexes, in order.
func postings(s string) []int {
	var out []int
	if rest, ok := strings.CutPrefix(s, string(search.BitmapMark)); ok {
		digits := search.LastDigits + search.MoreDigits
		for k, c := range rest {
			v := strings.IndexRune(digits, c)
			if v < 0 {
				return append(out, -1) // not a digit
			}
			for bit := range 6 {
				if v>>bit&1 == 1 {
					out = append(out, 6*k+bit)
				}
			}
		}
		return out
	}
	prev, acc := -1, 0
	for _, c := range s {
		if d := strings.IndexRune(search.MoreDigits, c); d >= 0 {
			acc = acc*32 + d
			continue
		}
		d := strings.IndexRune(search.LastDigits, c)
		if d < 0 {
			return append(out, -1) // not a digit
		}
		prev += acc*32 + d
		acc = 0
		out = append(out, prev)
	}
	return out
}

func encode(ids []int) string {
	ids32 := make([]int32, len(ids))
	for k, id := range ids {
		ids32[k] = int32(id)
	}
	return string(search.AppendPostings(nil, ids32))
}

func TestPostingsRoundTrip(t *testing.T) {
	for _, ids := range [][]int{
		nil,
		{0},
		{0, 1, 2, 3},
		{31},
		{32},
		{5, 37, 38, 1100, 1101, 40000, 1 << 20, 1<<20 + 1, 1<<31 - 1},
	} {
		s := encode(ids)
		if got := postings(s); !slices.Equal(got, ids) {
			t.Errorf("postings(encode(%v)) = %v (encoded %q)", ids, got, s)
		}
	}
	// Dense postings are a bitmap, when that is shorter.
	all := make([]int, 500)
	for i := range all {
		all[i] = i
	}
	if s := encode(all); len(s) != 1+500/6+1 || s[0] != search.BitmapMark {
		t.Errorf("500 meetings in a row take %d characters (%.10q…), want a bitmap of %d", len(s), s, 1+500/6+1)
	}
	for _, ids := range [][]int{{0, 1, 2, 3, 4, 5, 6}, all, append(all[:200:200], 1000, 1001), {3, 4, 5, 6, 7, 8, 9, 10, 11, 60, 61}} {
		if got := postings(encode(ids)); !slices.Equal(got, ids) {
			t.Errorf("postings(encode(%v)) = %v (encoded %q)", ids, got, encode(ids))
		}
	}
	// Every gap encodes to digits only, none that JSON or HTML escapes.
	var ids []int
	for gap, id := 1, -1; gap < 70000; gap += 1 + gap/50 {
		id += gap
		ids = append(ids, id)
	}
	s := encode(ids)
	if got := postings(s); !slices.Equal(got, ids) {
		t.Errorf("%d gaps do not round-trip", len(ids))
	}
	for _, c := range s {
		if !strings.ContainsRune(search.LastDigits+search.MoreDigits, c) {
			t.Fatalf("postings have %q, not a digit", c)
		}
	}
	if strings.ContainsAny(search.LastDigits+search.MoreDigits, "\"\\<>&'") || len(search.LastDigits) != 32 || len(search.MoreDigits) != 32 {
		t.Errorf("bad digits %q %q", search.LastDigits, search.MoreDigits)
	}
	// A gap under 32 is one character.
	dense := make([]int, 1000)
	for i := range dense {
		dense[i] = i * 31
	}
	if n := len(encode(dense)); n != 1000 {
		t.Errorf("1000 meetings 31 apart take %d characters, want 1000", n)
	}
}

func TestWords(t *testing.T) {
	got := search.Words("Dev's Café-Plan, Q3 2026! naïve—ÉTÉ #oncall @sam v3.0 1.2.10. Node 20.x, 3..4 é1.5")
	want := []string{"dev", "s", "cafe", "plan", "q3", "2026", "naive", "ete", "oncall", "sam", "v3.0", "1.2.10", "node", "20", "x", "3", "4", "e1.5"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}
