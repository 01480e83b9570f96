package query

import (
	"bytes"
	"fmt"
	"testing"
)

// encoded returns what Encode writes for v.
func encoded(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, v); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.String()
}

// checkSame fails t if got differs from what Encode writes for v, showing
// where the two first differ.
func checkSame(t testing.TB, what string, got []byte, v any) {
	t.Helper()
	want := encoded(t, v)
	if string(got) == want {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-40)
	t.Errorf("%s differs from Encode at byte %d:\n got  …%q\n want …%q", what, i,
		got[lo:min(len(got), i+40)], want[lo:min(len(want), i+40)])
}

func sp(s string) *string { return &s }

// trickyStrings are strings that need care when written as JSON.
var trickyStrings = []string{
	"",
	"plain",
	`"quoted" and \backslashed\`,
	"<b>bold</b> & more",
	"line\nbreak\r\ttab\b\f",
	"\x00\x01\x1f\x7f",
	"héllo — 日本語 😀",
	"sep\u2028and\u2029",
	"bad\xffutf8\xe2\x80",
	"\ufffd",
}

func trickyActions() []Action {
	recs := []Action{
		{}, // every pointer nil, Tags nil
		{
			Text: "Send the deck", Owner: sp("alice"), Status: "open", Due: sp("2024-05-03"),
			Overdue: true, Source: "meetings/2024-05-01.md", Line: 12, ID: sp("a1"),
			Priority: sp("high"), Done: sp(""), Series: sp("Weekly"), Meeting: "Weekly sync",
			Tags: []string{},
		},
		{Text: "negative line", Line: -5, Tags: []string{"one"}},
	}
	for i, s := range trickyStrings {
		recs = append(recs, Action{
			Text: s, Owner: sp(s), Status: s, Due: sp(s), Overdue: i%2 == 0, Source: s,
			Line: i * 1000, ID: sp(s), Priority: sp(s), Done: sp(s), Series: sp(s), Meeting: s,
			Tags: []string{s, s + "<x>", ""},
		})
	}
	return recs
}

func trickyMeetings() []Meeting {
	recs := []Meeting{
		{}, // Attendees, Tags and Series nil
		{
			Title: "Weekly sync", Date: "2024-05-03T10:00:00+02:00", Source: "m.md",
			Attendees: []string{}, Tags: []string{}, Series: sp("Weekly"), Reviewed: true,
			URL: "https://example.com/?a=1&b=<2>", Actions: 3,
		},
	}
	for i, s := range trickyStrings {
		recs = append(recs, Meeting{
			Title: s, Date: s, Source: s, Attendees: []string{s, "bob"}, Tags: []string{s},
			Series: sp(s), Reviewed: i%2 == 1, ReviewOverdue: i%3 == 0, URL: s, Actions: -i,
		})
	}
	return recs
}

func trickyPeople() []Person {
	recs := []Person{{}}
	for i, s := range trickyStrings {
		recs = append(recs, Person{ID: s, Name: s + " " + s, Meetings: i, OpenActions: 1 << 40})
	}
	return recs
}

func TestAppendActions(t *testing.T) {
	all := trickyActions()
	cases := map[string][]Action{"nil": nil, "empty": {}, "all": all}
	for i := range all {
		cases[fmt.Sprintf("one %d", i)] = all[i : i+1]
	}
	for name, recs := range cases {
		checkSame(t, "AppendActions "+name, AppendActions(nil, recs), recs)
	}
}

func TestAppendMeetings(t *testing.T) {
	all := trickyMeetings()
	cases := map[string][]Meeting{"nil": nil, "empty": {}, "all": all}
	for i := range all {
		cases[fmt.Sprintf("one %d", i)] = all[i : i+1]
	}
	for name, recs := range cases {
		checkSame(t, "AppendMeetings "+name, AppendMeetings(nil, recs), recs)
	}
}

func TestAppendPeople(t *testing.T) {
	all := trickyPeople()
	cases := map[string][]Person{"nil": nil, "empty": {}, "all": all}
	for i := range all {
		cases[fmt.Sprintf("one %d", i)] = all[i : i+1]
	}
	for name, recs := range cases {
		checkSame(t, "AppendPeople "+name, AppendPeople(nil, recs), recs)
	}
}

// TestAppendKeepsPrefix checks that the appenders append rather than overwrite.
func TestAppendKeepsPrefix(t *testing.T) {
	recs := trickyActions()[1:2]
	got := AppendActions([]byte("prefix"), recs)
	if want := "prefix" + encoded(t, recs); string(got) != want {
		t.Errorf("AppendActions with a prefix = %q, want %q", got, want)
	}
}

// FuzzAppend builds one record of each kind from the fuzz strings, with a
// string list whose shape (nil, empty or filled) and pointer fields depend on
// n, and compares the appenders with Encode.
func FuzzAppend(f *testing.F) {
	for i, s := range trickyStrings {
		f.Add(s, trickyStrings[(i+1)%len(trickyStrings)], i-3)
	}
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		var list []string
		switch n & 3 {
		case 1:
			list = []string{}
		case 2:
			list = []string{a}
		case 3:
			list = []string{a, b, a + b}
		}
		opt := func(bit int, s string) *string {
			if n&(1<<bit) != 0 {
				return nil
			}
			return &s
		}
		actions := []Action{{
			Text: a, Owner: opt(2, b), Status: b, Due: opt(3, a), Overdue: n&16 != 0,
			Source: a + b, Line: n, ID: opt(5, b), Priority: opt(6, a), Done: opt(7, b),
			Series: opt(8, a), Meeting: b, Tags: list,
		}, {Text: b, Tags: list}}
		meetings := []Meeting{{
			Title: a, Date: b, Source: a, Attendees: list, Tags: list, Series: opt(2, b),
			Reviewed: n&4 != 0, ReviewOverdue: n&8 != 0, URL: b, Actions: n,
		}}
		people := []Person{{ID: a, Name: b, Meetings: n, OpenActions: -n}, {}}
		checkSame(t, "AppendActions", AppendActions(nil, actions), actions)
		checkSame(t, "AppendMeetings", AppendMeetings(nil, meetings), meetings)
		checkSame(t, "AppendPeople", AppendPeople(nil, people), people)
	})
}

// benchActions returns n realistic action records.
func benchActions(n int) []Action {
	recs := make([]Action, n)
	statuses := []string{"open", "in-progress", "done", "cancelled"}
	for i := range recs {
		r := Action{
			Text:    fmt.Sprintf("Follow up with the vendor about ticket #%d & send <notes> to the team", i),
			Status:  statuses[i%len(statuses)],
			Overdue: i%7 == 0,
			Source:  fmt.Sprintf("meetings/2024/2024-%02d-%02d-weekly-sync.md", i%12+1, i%28+1),
			Line:    i%200 + 1,
			Meeting: "Weekly sync — café ☕",
			Tags:    []string{},
		}
		if i%3 != 0 {
			r.Owner = sp(fmt.Sprintf("person-%d", i%50))
			r.Due = sp("2024-06-30")
		}
		if i%5 == 0 {
			r.ID = sp(fmt.Sprintf("act-%d", i))
			r.Priority = sp("high")
			r.Tags = []string{"budget", "q3"}
		}
		if i%4 == 2 {
			r.Done = sp("2024-07-01")
		}
		if i%2 == 0 {
			r.Series = sp("Weekly")
		}
		recs[i] = r
	}
	return recs
}

func BenchmarkActions30k(b *testing.B) {
	recs := benchActions(30000)
	checkSame(b, "AppendActions", AppendActions(nil, recs), recs)
	b.Run("Encode", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := Encode(&buf, recs); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
	b.Run("AppendActions", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = AppendActions(buf[:0], recs)
		}
		b.SetBytes(int64(len(buf)))
	})
}
