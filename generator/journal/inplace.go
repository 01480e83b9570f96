package journal

import (
	"slices"
	"time"

	"github.com/recapjournal/recap/generator/note"
)

// SameLinks reports whether a note parsed again links as before: the same
// title, date, draft state, series, attendees, tags and mentions, and the
// same action items in the same order, by text, owner, id and tags; their
// status, dates, priority and place in the file may differ. Editing prose,
// adding a paragraph, marking a meeting reviewed and ticking an item keep the
// links; adding, removing or rewording an item does not. Watch mode swaps
// such a note in with ReplaceNote instead of linking the whole journal
// again.
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

// sameItem reports whether two items are the same action to link: the same
// text, owner, id, tags and mentions, in or out of a private callout alike.
func sameItem(x, y *note.Item) bool {
	return x.Text == y.Text && x.Norm == y.Norm && x.Owner == y.Owner && x.ID == y.ID && x.Private == y.Private &&
		slices.Equal(x.Tags, y.Tags) && slices.Equal(x.Mentions, y.Mentions)
}

// ReplaceNote swaps n, a new parse of m's note for which SameLinks(m.Note, n)
// holds, into the journal in place: the meeting and its occurrences take the
// new note and items (and so their new lines); people, series, tags and
// actions stay the same objects, since linking would give the same ones. The
// actions of the meeting's items are resolved again, and when that changes
// any (a ticked item, a new due date), so are their owners' open counts and
// the series' "open from earlier", and it reports true. An item ticked or
// reopened recomputes the series' "open from earlier" too.
func (j *Journal) ReplaceNote(m *Meeting, n *note.Note) bool {
	m.Note = n
	// An occurrence closed or reopened changes where its action stops being
	// open from earlier, even when the action's own status does not change
	// (a later meeting closed it too).
	closing := false
	for k, o := range m.Occurrences {
		if o.Status.IsClosed() != n.Items[k].Status.IsClosed() {
			closing = true
		}
		o.Item = &n.Items[k]
	}
	m.ReviewOverdue = !m.Reviewed && j.Now.Sub(m.Date) > j.Config.ReviewWithin

	changed := false
	for _, o := range m.Occurrences {
		a := o.Action
		before := *a
		a.Text, a.Status, a.Due, a.DoneDate, a.Cancelled, a.Priority, a.ID = "", "", "", "", "", "", ""
		a.Owner, a.Tags, a.Overdue = nil, nil, false
		a.resolve(j.Today)
		if a.Status != before.Status || a.Due != before.Due || a.DoneDate != before.DoneDate ||
			a.Cancelled != before.Cancelled || a.Priority != before.Priority || a.Overdue != before.Overdue ||
			a.Text != before.Text || a.ID != before.ID || a.Owner != before.Owner || !slices.Equal(a.Tags, before.Tags) {
			changed = true
		}
	}
	if !changed && !closing {
		return false
	}
	owners := map[*Person]bool{}
	for _, o := range m.Occurrences {
		if p := o.Action.Owner; p != nil && !owners[p] {
			owners[p] = true
			p.OpenCount = 0
			for _, a := range p.Actions {
				if a.IsOpen() {
					p.OpenCount++
				}
			}
		}
	}
	if s := m.Series; s != nil {
		for _, x := range s.Meetings {
			x.OpenFromEarlier, x.OpenFromEarlierCount = nil, 0
		}
		for _, a := range s.Actions {
			a.pos, a.closed, a.listed = 0, false, 0
		}
		s.openFromEarlier()
	}
	return changed
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
