package journal

import (
	"slices"
	"time"

	"github.com/recapjournal/recap/generator/note"
)

// SameLinks reports whether a note parsed again links exactly as before: the
// same title, date, draft state, series, attendees, tags and mentions, and
// the same action items in the same order, differing at most in where they
// stand in the file. Editing prose, adding a paragraph or marking a meeting
// reviewed keeps the links; adding, ticking or rewording an item does not.
// Watch mode swaps such a note in with ReplaceNote instead of linking the
// whole journal again.
func SameLinks(a, b *note.Note) bool {
	if a.Title != b.Title || !a.Date.Equal(b.Date) || a.Date.Location().String() != b.Date.Location().String() ||
		a.DateOnly != b.DateOnly || a.Draft != b.Draft || a.Series != b.Series ||
		!slices.Equal(a.Attendees, b.Attendees) || !slices.Equal(a.Tags, b.Tags) ||
		len(a.Mentions) != len(b.Mentions) || len(a.Items) != len(b.Items) {
		return false
	}
	for i := range a.Mentions {
		if a.Mentions[i].Handle != b.Mentions[i].Handle || a.Mentions[i].Private != b.Mentions[i].Private {
			return false
		}
	}
	for i := range a.Items {
		if !sameItem(&a.Items[i], &b.Items[i]) {
			return false
		}
	}
	return true
}

// sameItem compares two items but for their positions in the file.
func sameItem(x, y *note.Item) bool {
	return x.Char == y.Char && x.Status == y.Status && x.Depth == y.Depth && x.Private == y.Private &&
		x.Text == y.Text && x.Norm == y.Norm && x.Raw == y.Raw && x.Owner == y.Owner && x.OwnerField == y.OwnerField &&
		x.Due == y.Due && x.DoneDate == y.DoneDate && x.Cancelled == y.Cancelled && x.Priority == y.Priority &&
		x.ID == y.ID && x.DateSyntax == y.DateSyntax && slices.Equal(x.Tags, y.Tags) &&
		slices.Equal(x.Mentions, y.Mentions) && slices.Equal(x.Fields, y.Fields)
}

// ReplaceNote swaps n, a new parse of m's note for which SameLinks(m.Note, n)
// holds, into the journal in place: the meeting and its occurrences take the
// new note and items (and so their new lines); people, series, tags and
// actions stay as they are, since linking would give the same ones.
func (j *Journal) ReplaceNote(m *Meeting, n *note.Note) {
	m.Note = n
	for k, o := range m.Occurrences {
		o.Item = n.Items[k]
	}
	m.ReviewOverdue = !m.Reviewed && j.Now.Sub(m.Date) > j.Config.ReviewWithin
}

// SetNow moves the journal's clock to now, on the same day in the site's
// time zone (a new day changes due dates, so it needs a new Load). It
// returns the meetings whose review turned overdue.
func (j *Journal) SetNow(now time.Time) []*Meeting {
	j.Now = now
	var flipped []*Meeting
	for _, m := range j.Meetings {
		if o := !m.Reviewed && j.Now.Sub(m.Date) > j.Config.ReviewWithin; o != m.ReviewOverdue {
			m.ReviewOverdue = o
			flipped = append(flipped, m)
		}
	}
	return flipped
}
