package render

import (
	"strconv"
	"strings"

	"github.com/recapjournal/recap/generator/journal"
)

// MeetingSig is everything a meeting's page shows besides its rendered notes,
// as one string. Watch mode compares signatures before and after an edit to
// find the other meetings of a series whose pages changed (their neighbours,
// their "open from earlier" lists); a theme may only show what is here.
func MeetingSig(m *journal.Meeting) string {
	var b strings.Builder
	w := func(ss ...string) {
		for _, s := range ss {
			b.WriteString(s)
			b.WriteByte(0)
		}
	}
	ts := func(n int64) string { return strconv.FormatInt(n, 10) }
	w(m.Title, m.Source, m.URL, ts(m.Date.UnixNano()), strconv.FormatBool(m.DateOnly), m.Date.Location().String())
	w(strconv.FormatBool(m.Reviewed), ts(m.ReviewedAt.UnixNano()), strconv.FormatBool(m.ReviewOverdue), ts(m.ReviewDue.UnixNano()))
	for _, p := range m.People {
		w("p", p.ID, p.Name)
	}
	for _, t := range m.Tags {
		w("t", t)
	}
	if s := m.Series; s != nil {
		w("s", s.ID, s.Title(), strconv.Itoa(m.SeriesIndex))
	}
	for _, n := range []*journal.Meeting{m.Prev, m.Next} {
		if n != nil {
			w("n", n.URL, n.Title, ts(n.Date.UnixNano()))
		} else {
			w("n")
		}
	}
	for _, o := range m.Occurrences {
		w("o", strconv.Itoa(o.Line), o.Text, string(o.Status))
		actionSig(w, o.Action)
	}
	w("e", strconv.Itoa(m.OpenFromEarlierCount))
	for _, a := range m.OpenFromEarlier {
		actionSig(w, a)
	}
	return b.String()
}

func actionSig(w func(...string), a *journal.Action) {
	w(a.Key, a.Text, string(a.Status), a.Due, a.DoneDate, a.Cancelled, a.Priority, strings.Join(a.Tags, " "),
		strconv.FormatBool(a.Overdue), strconv.Itoa(len(a.Occurrences)))
	if a.Owner != nil {
		w(a.Owner.ID, a.Owner.Name)
	} else {
		w("")
	}
	l := a.Latest()
	w(l.Meeting.URL, l.Meeting.Title, strconv.FormatInt(l.Meeting.Date.UnixNano(), 10), strconv.Itoa(l.Line))
}
