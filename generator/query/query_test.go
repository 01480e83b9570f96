package query

import (
	"bytes"
	"slices"
	"testing"
)

// TestEncode checks the format scripts read: two-space indentation, <, > and
// & as they are, absent values as null, no tags as [], and a final newline.
func TestEncode(t *testing.T) {
	owner := "dev"
	recs := []Action{{
		Text: `Send <notes> & the "deck"`, Owner: &owner, Status: "open", Source: "content/a.md",
		Line: 3, Meeting: "Dev & Sam", Tags: []string{},
	}}
	var buf bytes.Buffer
	if err := Encode(&buf, recs); err != nil {
		t.Fatal(err)
	}
	want := `[
  {
    "text": "Send <notes> & the \"deck\"",
    "owner": "dev",
    "status": "open",
    "due": null,
    "overdue": false,
    "source": "content/a.md",
    "line": 3,
    "id": null,
    "priority": null,
    "done": null,
    "series": null,
    "meeting": "Dev & Sam",
    "tags": [],
    "archived": false,
    "inferred": false
  }
]
`
	if got := buf.String(); got != want {
		t.Errorf("Encode wrote\n%s\nwant\n%s", got, want)
	}

	buf.Reset()
	if err := Encode(&buf, []Person{}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "[]\n" {
		t.Errorf("no people: %q, want %q", got, "[]\n")
	}
}

// TestEncodeAll checks that EncodeAll writes what Encode writes for the slice
// of the same records.
func TestEncodeAll(t *testing.T) {
	owner, series := "dev", "Weekly <sync>"
	tricky := "quotes \" \\ <b>&</b> line\nbreak\ttab \x01 é 日本 😀 \u2028 bad\xff"
	actions := []Action{
		{Text: tricky, Owner: &owner, Status: "open", Line: 7, Series: &series, Meeting: tricky, Tags: []string{"a", tricky}},
		{Text: "no tags", Tags: []string{}},
		{Text: "nil tags"},
	}
	meetings := []Meeting{
		{Title: tricky, Attendees: []string{"dev", "sam"}, Tags: []string{}, Series: &series, Reviewed: true, Actions: 3},
		{Title: "nil lists"},
	}
	people := []Person{{ID: "dev", Name: tricky, Meetings: 2, OpenActions: 1}}
	check := func(name string, v any, all func(*bytes.Buffer) error) {
		t.Helper()
		var want, got bytes.Buffer
		if err := Encode(&want, v); err != nil {
			t.Fatal(err)
		}
		if err := all(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: EncodeAll wrote\n%s\nEncode\n%s", name, got.String(), want.String())
		}
	}
	for n := range len(actions) + 1 {
		check("actions", actions[:n], func(b *bytes.Buffer) error { return EncodeAll(b, slices.Values(actions[:n])) })
	}
	check("meetings", meetings, func(b *bytes.Buffer) error { return EncodeAll(b, slices.Values(meetings)) })
	check("pointers", people, func(b *bytes.Buffer) error { return EncodeAll(b, slices.Values([]*Person{&people[0]})) })
}
