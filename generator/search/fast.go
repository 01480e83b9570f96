package search

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/recapjournal/recap/generator/internal/jsonw"
	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// Indexer writes assets/search-index.js again and again, as watch mode does,
// reusing what did not change: the words of every note it has seen (notes
// are immutable, so a note's words are kept by its pointer) and a dictionary
// of words in sorted order. Its output is byte for byte that of IndexJS,
// which is BuildIndex encoded by encoding/json; it only gets there without
// reflection and without cutting unchanged notes into words again.
//
// An Indexer is safe for use by one build at a time.
type Indexer struct {
	mu     sync.Mutex
	ids    map[string]int32       // word → id
	words  []string               // id → word
	quoted [][]byte               // id → the word as a JSON string
	sorted []int32                // the ids in word order
	notes  map[*note.Note][]int32 // a note's index words, as ids
}

// NewIndexer returns an empty Indexer.
func NewIndexer() *Indexer {
	return &Indexer{ids: map[string]int32{}, notes: map[*note.Note][]int32{}}
}

// IndexJS is assets/search-index.js.
func IndexJS(j *journal.Journal) []byte { return NewIndexer().IndexJS(j) }

// IndexJS is assets/search-index.js of j.
func (x *Indexer) IndexJS(j *journal.Journal) []byte {
	x.mu.Lock()
	defer x.mu.Unlock()
	termIDs := x.termIDs(j.Meetings)

	b := make([]byte, 0, 1<<20)
	b = append(b, "window.RECAP_SEARCH = {\"v\":1,\"people\":["...)
	people := map[*journal.Person]int{}
	n := 0
	for _, p := range j.People {
		if hiddenPerson(p) {
			continue
		}
		people[p] = n
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, '[')
		b = str(b, p.Name)
		b = append(b, ',')
		b = str(b, personURL(p))
		b = append(b, ',')
		meta := p.ID
		for _, a := range p.Aliases {
			meta += " " + a
		}
		if p.Role != "" {
			meta += " " + p.Role
		}
		b = str(b, meta)
		b = append(b, ',')
		b = jsonw.AppendInt(b, len(p.Meetings))
		b = append(b, ']')
	}
	b = append(b, "],\"tags\":["...)
	tags := map[string]int{}
	for i, t := range j.Tags {
		tags[t.Slug] = i
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = str(b, t.Name)
		b = append(b, ',')
		b = str(b, tagURL(t.Name))
		b = append(b, ',')
		b = jsonw.AppendInt(b, len(t.Meetings)+len(t.Actions))
		b = append(b, ']')
	}
	b = append(b, "],\"series\":["...)
	for i, s := range j.Series {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = str(b, s.Title())
		b = append(b, ',')
		b = str(b, seriesURL(s))
		b = append(b, ',')
		b = jsonw.AppendInt(b, len(s.Meetings))
		b = append(b, ']')
	}
	b = append(b, "],\"meetings\":["...)
	seriesIndex := make(map[*journal.Series]int, len(j.Series))
	for i, s := range j.Series {
		seriesIndex[s] = i
	}
	var ts []int
	for i, m := range j.Meetings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = str(b, m.Title)
		b = append(b, ',')
		b = str(b, slug.EscapePath(m.URL))
		b = append(b, ',')
		b = str(b, localDate(j, m))
		b = append(b, ",["...)
		for k, p := range m.People {
			if k > 0 {
				b = append(b, ',')
			}
			b = jsonw.AppendInt(b, people[p])
		}
		b = append(b, "],["...)
		ts = ts[:0]
		for _, t := range m.Tags {
			if k, ok := tags[journal.TagSlug(t)]; ok && !slices.Contains(ts, k) {
				ts = append(ts, k)
			}
		}
		for k, t := range ts {
			if k > 0 {
				b = append(b, ',')
			}
			b = jsonw.AppendInt(b, t)
		}
		b = append(b, "],"...)
		se := -1
		if m.Series != nil {
			se = seriesIndex[m.Series]
		}
		b = jsonw.AppendInt(b, se)
		b = append(b, ']')
	}
	b = append(b, "],\"actions\":["...)
	first := true
	for _, a := range j.Actions {
		if Private(a) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		o := a.Latest()
		owner := -1
		if a.Owner != nil {
			owner = people[a.Owner]
		}
		b = append(b, '[')
		b = str(b, a.Text)
		b = append(b, ',')
		b = jsonw.AppendInt(b, o.Meeting.Index)
		b = append(b, ',')
		b = jsonw.AppendInt(b, o.Line)
		b = append(b, ',')
		b = jsonw.AppendInt(b, owner)
		b = append(b, ",\""...)
		b = append(b, statusLetter[a.Status]...)
		b = append(b, "\","...)
		b = str(b, a.Due)
		b = append(b, ']')
	}

	// Postings, counted then filled: post[start[t]:start[t+1]] are the
	// meetings that have word t, in increasing order.
	start := make([]int32, len(x.words)+1)
	for _, ids := range termIDs {
		for _, t := range ids {
			start[t+1]++
		}
	}
	for t := range x.words {
		start[t+1] += start[t]
	}
	post := make([]int32, start[len(x.words)])
	fill := slices.Clone(start[:len(x.words)])
	for i, ids := range termIDs {
		for _, t := range ids {
			post[fill[t]] = int32(i)
			fill[t]++
		}
	}
	b = append(b, "],\"terms\":["...)
	first = true
	for _, t := range x.sorted {
		if start[t] == start[t+1] {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, x.quoted[t]...)
	}
	b = append(b, "],\"post\":["...)
	first = true
	for _, t := range x.sorted {
		if start[t] == start[t+1] {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = appendPostings(b, post[start[t]:start[t+1]])
		b = append(b, '"')
	}
	b = append(b, "],\"stop\":"...)
	b = str(b, stopList)
	b = append(b, "};\n"...)
	return b
}

// termIDs returns the index words of each meeting as ids, cutting only the
// notes it has not seen into words (in parallel), and forgets the notes that
// are gone.
func (x *Indexer) termIDs(ms []*journal.Meeting) [][]int32 {
	out := make([][]int32, len(ms))
	var todo []int
	for i, m := range ms {
		if ids, ok := x.notes[m.Note]; ok {
			out[i] = ids
		} else {
			todo = append(todo, i)
		}
	}
	words := make([][]string, len(todo))
	workers := min(runtime.GOMAXPROCS(0), 1+len(todo)/256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tm termer
			for k := w; k < len(todo); k += workers {
				words[k] = tm.terms(ms[todo[k]])
			}
		}()
	}
	wg.Wait()
	var added []int32
	for k, i := range todo {
		ids := make([]int32, len(words[k]))
		for n, w := range words[k] {
			id, ok := x.ids[w]
			if !ok {
				id = int32(len(x.words))
				x.ids[w] = id
				x.words = append(x.words, w)
				x.quoted = append(x.quoted, jsonw.AppendString(nil, w, true))
				added = append(added, id)
			}
			ids[n] = id
		}
		out[i] = ids
	}
	if len(added) > 0 {
		x.addSorted(added)
	}
	if len(todo) > 0 || len(x.notes) != len(ms) {
		notes := make(map[*note.Note][]int32, len(ms))
		for i, m := range ms {
			notes[m.Note] = out[i]
		}
		x.notes = notes
	}
	return out
}

// addSorted puts new word ids into x.sorted, in word order.
func (x *Indexer) addSorted(added []int32) {
	byWord := func(a, b int32) int { return strings.Compare(x.words[a], x.words[b]) }
	if len(added) > len(x.sorted)/16 {
		x.sorted = append(x.sorted, added...)
		slices.SortFunc(x.sorted, byWord)
		return
	}
	for _, id := range added {
		k, _ := slices.BinarySearchFunc(x.sorted, id, byWord)
		x.sorted = slices.Insert(x.sorted, k, id)
	}
}

// str appends s as a JSON string as encoding/json writes it by default, with
// <, > and & escaped so that no text can end the script.
func str(b []byte, s string) []byte { return jsonw.AppendString(b, s, true) }

// appendPostings is encodePostings appending to b.
func appendPostings(b []byte, ids []int32) []byte {
	prev := int32(-1)
	var digits [8]byte
	for _, id := range ids {
		gap := id - prev
		prev = id
		n := 0
		for {
			digits[n] = byte(gap & 31)
			n++
			gap >>= 5
			if gap == 0 {
				break
			}
		}
		for k := n - 1; k > 0; k-- {
			b = append(b, MoreDigits[digits[k]])
		}
		b = append(b, LastDigits[digits[0]])
	}
	return b
}

// ActionsJS is assets/actions-data.js: BuildActions, encoded as
// encoding/json would, without reflection.
func ActionsJS(j *journal.Journal) []byte {
	b := make([]byte, 0, 128*len(j.Actions)+1024)
	b = append(b, "window.RECAP_ACTIONS = {\"v\":1,\"today\":"...)
	b = str(b, j.Today)
	people := map[*journal.Person]int{}
	tags := map[string]int{}
	series := map[*journal.Series]int{}
	meetings := map[*journal.Meeting]int{}
	var pb, tb, sb, mb []byte // the tables, written as they fill
	var rows []byte
	var ts []int
	for i, a := range j.Actions {
		owner := -1
		if p := a.Owner; p != nil {
			k, ok := people[p]
			if !ok {
				k = len(people)
				people[p] = k
				if k > 0 {
					pb = append(pb, ',')
				}
				pb = append(pb, '[')
				pb = str(pb, p.ID)
				pb = append(pb, ',')
				pb = str(pb, p.Name)
				pb = append(pb, ',')
				pb = str(pb, personURL(p))
				pb = append(pb, ']')
			}
			owner = k
		}
		ts = ts[:0]
		for _, t := range a.Tags {
			s := journal.TagSlug(t)
			k, ok := tags[s]
			if !ok {
				k = len(tags)
				tags[s] = k
				if k > 0 {
					tb = append(tb, ',')
				}
				tb = append(tb, '[')
				tb = str(tb, t)
				tb = append(tb, ',')
				tb = str(tb, tagURL(t))
				tb = append(tb, ']')
			}
			if !slices.Contains(ts, k) {
				ts = append(ts, k)
			}
		}
		se := -1
		if s := a.Series; s != nil {
			k, ok := series[s]
			if !ok {
				k = len(series)
				series[s] = k
				if k > 0 {
					sb = append(sb, ',')
				}
				sb = append(sb, '[')
				sb = str(sb, s.ID)
				sb = append(sb, ',')
				sb = str(sb, s.Title())
				sb = append(sb, ',')
				sb = str(sb, seriesURL(s))
				sb = append(sb, ']')
			}
			se = k
		}
		o := a.Latest()
		m := o.Meeting
		mi, ok := meetings[m]
		if !ok {
			mi = len(meetings)
			meetings[m] = mi
			if mi > 0 {
				mb = append(mb, ',')
			}
			mb = append(mb, '[')
			mb = str(mb, m.Title)
			mb = append(mb, ',')
			mb = str(mb, slug.EscapePath(m.URL)+"index.html")
			mb = append(mb, ',')
			mb = str(mb, localDate(j, m))
			mb = append(mb, ']')
		}
		if i > 0 {
			rows = append(rows, ',')
		}
		rows = append(rows, '[')
		rows = str(rows, a.Text)
		rows = append(rows, ',')
		rows = jsonw.AppendInt(rows, owner)
		rows = append(rows, ',')
		rows = str(rows, string(a.Status))
		rows = append(rows, ',')
		rows = str(rows, a.Due)
		if a.Overdue {
			rows = append(rows, ",1,["...)
		} else {
			rows = append(rows, ",0,["...)
		}
		for k, t := range ts {
			if k > 0 {
				rows = append(rows, ',')
			}
			rows = jsonw.AppendInt(rows, t)
		}
		rows = append(rows, "],"...)
		rows = jsonw.AppendInt(rows, se)
		rows = append(rows, ',')
		rows = jsonw.AppendInt(rows, mi)
		rows = append(rows, ',')
		rows = jsonw.AppendInt(rows, o.Line)
		rows = append(rows, ',')
		rows = str(rows, a.Priority)
		rows = append(rows, ',')
		rows = str(rows, a.DoneDate)
		rows = append(rows, ',')
		rows = str(rows, a.Cancelled)
		rows = append(rows, ',')
		rows = jsonw.AppendInt(rows, len(a.Occurrences))
		rows = append(rows, ']')
	}
	b = append(b, ",\"people\":["...)
	b = append(b, pb...)
	b = append(b, "],\"tags\":["...)
	b = append(b, tb...)
	b = append(b, "],\"series\":["...)
	b = append(b, sb...)
	b = append(b, "],\"meetings\":["...)
	b = append(b, mb...)
	b = append(b, "],\"actions\":["...)
	b = append(b, rows...)
	b = append(b, "]};\n"...)
	return b
}
