package search

import (
	"slices"
	"strings"
	"testing"
)

func TestPostingsRoundTrip(t *testing.T) {
	for _, ids := range [][]int{
		nil,
		{0},
		{0, 1, 2, 3},
		{31},
		{32},
		{5, 37, 38, 1100, 1101, 40000, 1 << 20, 1<<20 + 1},
	} {
		s := encodePostings(ids)
		if got := DecodePostings(s); !slices.Equal(got, ids) {
			t.Errorf("DecodePostings(encodePostings(%v)) = %v (encoded %q)", ids, got, s)
		}
		if strings.ContainsAny(s, "\"\\<>&") {
			t.Errorf("encodePostings(%v) = %q: has a character JSON or HTML escapes", ids, s)
		}
	}
	// Every gap encodes to digits only, none that JSON or HTML escapes.
	var ids []int
	for gap, id := 1, -1; gap < 70000; gap += 1 + gap/50 {
		id += gap
		ids = append(ids, id)
	}
	s := encodePostings(ids)
	if got := DecodePostings(s); !slices.Equal(got, ids) {
		t.Errorf("%d gaps do not round-trip", len(ids))
	}
	for _, c := range s {
		if !strings.ContainsRune(LastDigits+MoreDigits, c) {
			t.Fatalf("postings have %q, not a digit", c)
		}
	}
	if strings.ContainsAny(LastDigits+MoreDigits, "\"\\<>&'") || len(LastDigits) != 32 || len(MoreDigits) != 32 {
		t.Errorf("bad digits %q %q", LastDigits, MoreDigits)
	}
	// Dense lists take one character per meeting.
	dense := make([]int, 1000)
	for i := range dense {
		dense[i] = i
	}
	if n := len(encodePostings(dense)); n != 1000 {
		t.Errorf("1000 consecutive meetings take %d characters, want 1000", n)
	}
}

func TestCut(t *testing.T) {
	long := strings.Repeat("é", MaxTermLen+5)
	if got := cut(long); got != strings.Repeat("é", MaxTermLen) {
		t.Errorf("cut(%d runes) = %q", MaxTermLen+5, got)
	}
	if got := cut("short"); got != "short" {
		t.Errorf("cut(short) = %q", got)
	}
}
