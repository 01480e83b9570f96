package journal

import (
	"cmp"
	"slices"
	"time"

	"github.com/recapjournal/recap/generator/note"
)

// Agenda is what to take into the next meeting with a person, as of the
// journal's Now: what to raise, what each side still owes, when the two last
// met and whether the next meeting is late.
type Agenda struct {
	Person *Person
	// TalkingPoints are the open talking points for the person whose
	// scheduled day has come, oldest first (by where each was first
	// written: meetings by date, then pages).
	TalkingPoints []*Action
	// Topics are the open topics naming the person whose revisit day has
	// come, in the order of their sources.
	Topics []*Meeting
	// TheyOwe are the person's open actions; YouOwe the open actions of the
	// journal's owner (config "me") from the meetings and pages that name
	// the person, nil when "me" is not set or is the person. Both are overdue
	// first, then by due date, then oldest first.
	TheyOwe, YouOwe []*Action
	// LastMeeting is the person's latest meeting up to now, or nil.
	LastMeeting *Meeting
	// Series is the person's 1:1 with "me" (a series of exactly those two
	// people), else the series of their most recent meeting in one, or nil.
	// Its CadenceDays, NextDue and Late say when the next meeting is due.
	Series *Series
}

// Me is the journal's owner, config.toml's "me", or nil.
func (j *Journal) Me() *Person {
	if j.Config.Me == "" {
		return nil
	}
	return j.Lookup(j.Config.Me)
}

// Agenda computes p's agenda.
func (j *Journal) Agenda(p *Person) *Agenda {
	ag := &Agenda{Person: p}
	// A talking point carried into another series (recap new takes a
	// person's points from team meetings and topics into the 1:1) is a
	// point of that series there. For the person it is one thing to raise:
	// points with the same text count once, as the latest written, and are
	// settled when any of them is.
	var byText map[string]*Action
	settled := map[string]bool{}
	for _, a := range p.Points {
		k := PointText(a)
		if a.Status.IsClosed() {
			settled[k] = true
			continue
		}
		if b, ok := byText[k]; ok && b.Latest().Meeting.Index >= a.Latest().Meeting.Index {
			continue
		}
		if byText == nil {
			byText = map[string]*Action{}
		}
		byText[k] = a
	}
	for _, a := range p.Points {
		k := PointText(a)
		if byText[k] == a && !settled[k] && a.IsOpen() && a.Scheduled <= j.Today {
			ag.TalkingPoints = append(ag.TalkingPoints, a)
		}
	}
	slices.SortStableFunc(ag.TalkingPoints, func(a, b *Action) int {
		// Meetings' indexes are in date order, and pages come after them.
		return cmp.Or(cmp.Compare(a.First().Meeting.Index, b.First().Meeting.Index), cmp.Compare(a.First().Line, b.First().Line))
	})
	for _, pg := range p.Topics {
		if pg.IsOpenTopic(j.Today) {
			ag.Topics = append(ag.Topics, pg)
		}
	}
	for _, a := range p.Actions {
		if a.IsOpen() {
			ag.TheyOwe = append(ag.TheyOwe, a)
		}
	}
	sortOwed(ag.TheyOwe)
	if me := j.Me(); me != nil && me != p {
		names := map[*Meeting]bool{}
		for _, list := range [][]*Meeting{p.Meetings, p.Mentioned, p.Pages} {
			for _, m := range list {
				names[m] = true
			}
		}
		for _, a := range me.Actions {
			if !a.IsOpen() {
				continue
			}
			for _, o := range a.Occurrences {
				if names[o.Meeting] {
					ag.YouOwe = append(ag.YouOwe, a)
					break
				}
			}
		}
		sortOwed(ag.YouOwe)
	}
	for i := len(p.Meetings) - 1; i >= 0; i-- {
		if !p.Meetings[i].Date.After(j.Now) {
			ag.LastMeeting = p.Meetings[i]
			break
		}
	}
	ag.Series = j.seriesOf(p)
	return ag
}

// PointText is how talking points compare across series: the normalised
// text of their first occurrence.
func PointText(a *Action) string {
	if n := a.First().Norm; n != "" {
		return n
	}
	return note.NormText(a.Text)
}

// seriesOf is the series of p's agenda: the 1:1 with "me", else the series
// of p's most recent meeting in one.
func (j *Journal) seriesOf(p *Person) *Series {
	if me := j.Me(); me != nil && me != p {
		var best *Series
		for _, m := range p.Meetings {
			if s := m.Series; s != nil && s != best && len(s.People) == 2 && slices.Contains(s.People, me) {
				best = s // meetings are by date: the latest wins
			}
		}
		if best != nil {
			return best
		}
	}
	for i := len(p.Meetings) - 1; i >= 0; i-- {
		if s := p.Meetings[i].Series; s != nil {
			return s
		}
	}
	return nil
}

// IsOpenTopic reports whether the page is a topic (a page with a people or
// attendees key) that is not closed and whose revisit day, if any, is not
// after today (YYYY-MM-DD).
func (m *Meeting) IsOpenTopic(today string) bool {
	return m.IsTopic() && !m.Closed && m.Revisit <= today
}

// IsTopic reports whether the note is a page with a people or attendees key:
// something to raise with each of them until it is closed.
func (m *Meeting) IsTopic() bool { return m.IsPage() && (m.HasPeople || m.HasAttendees) }

// sortOwed orders actions overdue first, then by due date (those without one
// last), then oldest first.
func sortOwed(list []*Action) {
	slices.SortStableFunc(list, func(a, b *Action) int {
		if a.Overdue != b.Overdue {
			if a.Overdue {
				return -1
			}
			return 1
		}
		if (a.Due == "") != (b.Due == "") {
			if a.Due == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.First().Meeting.Index, b.First().Meeting.Index), cmp.Compare(a.First().Line, b.First().Line))
	})
}

// linkPoints gives each talking point the people it is for and each person
// their talking points and topics.
func (j *Journal) linkPoints() {
	me := j.Me()
	for _, a := range j.Points {
		latest := a.Latest()
		for _, h := range latest.Mentions {
			if p := j.Person(h); p != nil && p != me && !slices.Contains(a.For, p) {
				a.For = append(a.For, p)
			}
		}
		if len(a.For) == 0 {
			for _, p := range latest.Meeting.People {
				if p != me {
					a.For = append(a.For, p)
				}
			}
		}
		for _, p := range a.For {
			p.Points = append(p.Points, a)
		}
	}
	for _, pg := range j.Pages {
		if pg.IsTopic() {
			for _, p := range pg.People {
				p.Topics = append(p.Topics, pg)
			}
		}
	}
}

// cadence computes the series' cadence, next due day and lateness.
func (s *Series) cadence(j *Journal) {
	s.CadenceDays, s.NextDue, s.Late = 0, "", false
	ms := s.Meetings
	if len(ms) < 3 {
		return
	}
	if len(ms) > 6 {
		ms = ms[len(ms)-6:]
	}
	loc := j.Config.Location
	days := func(m *Meeting) int {
		y, mo, d := m.Date.In(loc).Date()
		return int(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	}
	gaps := make([]int, 0, len(ms)-1)
	for i := 1; i < len(ms); i++ {
		gaps = append(gaps, days(ms[i])-days(ms[i-1]))
	}
	slices.Sort(gaps)
	n := len(gaps)
	med := gaps[n/2]
	if n%2 == 0 {
		med = (gaps[n/2-1] + gaps[n/2] + 1) / 2
	}
	if med <= 0 {
		return // meetings on one day are no cadence
	}
	s.CadenceDays = med
	last := ms[len(ms)-1].Date.In(loc)
	s.NextDue = time.Date(last.Year(), last.Month(), last.Day()+med, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	s.Late = j.Today > s.NextDue
}
