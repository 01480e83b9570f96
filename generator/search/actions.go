package search

import (
	"slices"

	"github.com/recapjournal/recap/generator/journal"
)

// actionCells is how many values an action's row has.
const actionCells = 13

// ActionsJS is assets/actions-data.js of j.
func ActionsJS(j *journal.Journal) []byte {
	// The tables list what the actions refer to, in order of first
	// appearance. The rows' cells and tag lists are cut from shared
	// arrays, and their strings are pointers to the actions' own, so that
	// a row costs no allocation.
	var d struct{ people, tags, series, meetings, actions [][]any }
	d.actions = make([][]any, 0, len(j.Actions))
	cells := make([]any, 0, actionCells*len(j.Actions))
	tagRefs := make([]int, 0, len(j.Actions))
	people := map[*journal.Person]int{}
	tags := map[string]int{}  // by slug
	tagIx := map[string]int{} // by tag as written
	series := map[*journal.Series]int{}
	meetings := map[*journal.Meeting]any{} // the index, boxed once
	for _, a := range j.Actions {
		owner := -1
		if p := a.Owner; p != nil {
			k, ok := people[p]
			if !ok {
				k = len(d.people)
				people[p] = k
				d.people = append(d.people, []any{p.ID, p.Name, personURL(p)})
			}
			owner = k
		}
		first := len(tagRefs)
		for _, t := range a.Tags {
			k, ok := tagIx[t]
			if !ok {
				s := journal.TagSlug(t)
				if k, ok = tags[s]; !ok {
					k = len(d.tags)
					tags[s] = k
					d.tags = append(d.tags, []any{t, tagURL(t)})
				}
				tagIx[t] = k
			}
			if !slices.Contains(tagRefs[first:], k) {
				tagRefs = append(tagRefs, k)
			}
		}
		se := -1
		if s := a.Series; s != nil {
			k, ok := series[s]
			if !ok {
				k = len(d.series)
				series[s] = k
				d.series = append(d.series, []any{s.ID, s.Title(), seriesURL(s)})
			}
			se = k
		}
		o := a.Latest()
		mi, ok := meetings[o.Meeting]
		if !ok {
			m := o.Meeting
			mi = len(d.meetings)
			meetings[m] = mi
			d.meetings = append(d.meetings, []any{m.Title, escapePath(m.URL) + "index.html", localDate(j, m)})
		}
		overdue := 0
		if a.Overdue {
			overdue = 1
		}
		start := len(cells)
		bare := j.Bare(a) // the row shows the owner beside it
		cells = append(cells, &bare, owner, &a.Status, &a.Due, overdue, tagRefs[first:len(tagRefs):len(tagRefs)], se, mi, o.Line,
			&a.Priority, &a.DoneDate, &a.Cancelled, len(a.Occurrences))
		d.actions = append(d.actions, cells[start:len(cells):len(cells)])
	}
	b := make([]byte, 0, 128*len(j.Actions)+4096)
	b = append(b, `window.RECAP_ACTIONS = {"v":1,"today":`...)
	b = appendJSON(b, j.Today)
	b = append(b, `,"people":`...)
	b = appendRows(b, d.people)
	b = append(b, `,"tags":`...)
	b = appendRows(b, d.tags)
	b = append(b, `,"series":`...)
	b = appendRows(b, d.series)
	b = append(b, `,"meetings":`...)
	b = appendRows(b, d.meetings)
	b = append(b, `,"actions":`...)
	b = appendRows(b, d.actions)
	return append(b, "};\n"...)
}
