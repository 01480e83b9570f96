package search

import (
	"github.com/recapjournal/recap/generator/internal/frag"
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
// of words in sorted order. Its output is byte for byte what encoding/json
// writes for the index the package comment describes (the tests compare
// the two); it only gets there without reflection and without cutting
// unchanged notes into words again.
//
// An Indexer is safe for use by one build at a time.
type Indexer struct {
	mu     sync.Mutex
	ids    map[string]int32 // word → id
	words  []string         // id → word
	quoted [][]byte         // id → the word as a JSON string
	sorted []int32          // the ids in word order
	// unsorted are the ids Note gave, not yet in sorted.
	unsorted []int32
	notes    map[*note.Note][]int32 // a note's index words, as ids

	// With keep, the rows of the last journal indexed, and its tables.
	keep     bool
	journal  *journal.Journal
	tables   []byte
	people   map[*journal.Person]int
	tags     map[string]int
	meetings *frag.Cache[*journal.Meeting]
	actions  *frag.Cache[*journal.Action]

	// With keep, the postings of the last journal indexed, by word id, and
	// each meeting's words then.
	post    [][]int32
	enc     [][]byte
	lastIDs [][]int32
}

// NewIndexer returns an empty Indexer. With keep (watch mode), it also keeps
// the rows of meetings and actions, for a journal changed in place
// (journal.ReplaceNote) after Forget.
func NewIndexer(keep bool) *Indexer {
	return &Indexer{ids: map[string]int32{}, notes: map[*note.Note][]int32{}, keep: keep}
}

// Forget drops the rows kept of the meetings and actions that changed in
// place.
func (x *Indexer) Forget(ms []*journal.Meeting, as []*journal.Action) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, m := range ms {
		x.meetings.Forget(m)
	}
	for _, a := range as {
		x.actions.Forget(a)
	}
}

// IndexJS is assets/search-index.js.
func IndexJS(j *journal.Journal) []byte { return NewIndexer(false).IndexJS(j) }

// IndexJS is assets/search-index.js of j.
func (x *Indexer) IndexJS(j *journal.Journal) []byte { return x.AppendJS(nil, j) }

// AppendJS appends assets/search-index.js of j to dst[:0], reusing its room.
func (x *Indexer) AppendJS(dst []byte, j *journal.Journal) []byte {
	x.mu.Lock()
	defer x.mu.Unlock()
	termIDs := x.termIDs(j.Meetings)

	if !x.keep || x.journal != j {
		x.journal, x.tables, x.people, x.tags = j, nil, nil, nil
		if x.keep {
			x.meetings, x.actions = frag.New[*journal.Meeting](), frag.New[*journal.Action]()
		}
	}
	if x.tables == nil {
		x.tables, x.people, x.tags = indexTables(j)
	}
	people, tags := x.people, x.tags
	b := slices.Grow(dst[:0], len(x.tables)+200*len(j.Meetings)+100*len(j.Actions)+16*len(x.words))
	b = append(b, x.tables...)
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
		b = x.meetings.Append(b, m, func(b []byte) []byte {
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
			return append(b, ']')
		})
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
		b = x.actions.Append(b, a, func(b []byte) []byte {
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
			return append(b, ']')
		})
	}

	post := x.postings(termIDs)
	// The words that some meeting has, in order, then their postings.
	var used []int32
	for _, t := range x.sorted {
		if len(post[t]) > 0 {
			used = append(used, t)
		}
	}
	b = append(b, "],\"terms\":["...)
	for k, t := range used {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, x.quoted[t]...)
	}
	b = append(b, "],\"post\":["...)
	for k, t := range used {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		if x.keep {
			b = append(b, x.enc[t]...)
		} else {
			b = appendPostings(b, post[t])
		}
		b = append(b, '"')
	}
	b = append(b, "],\"stop\":"...)
	b = str(b, stopList)
	b = append(b, "};\n"...)
	return b
}

// postings returns, for each word id, the meetings that have the word, in
// increasing order. With keep, it also encodes them into x.enc, and when the
// journal has as many meetings as last time and at most 64 places hold other
// words (an edited note, or a note that moved), it changes only the postings
// of the words those places had or have.
func (x *Indexer) postings(termIDs [][]int32) [][]int32 {
	n := len(x.words)
	// Meetings whose words are not the same slice as last time: a changed
	// note, or another meeting in that place. A few are patched in.
	var moved []int
	if x.keep && x.post != nil && len(x.lastIDs) == len(termIDs) {
		for i, ids := range termIDs {
			old := x.lastIDs[i]
			if len(old) != len(ids) || (len(ids) > 0 && &old[0] != &ids[0]) {
				if moved = append(moved, i); len(moved) > 64 {
					break
				}
			}
		}
	}
	if x.keep && x.post != nil && len(x.lastIDs) == len(termIDs) && len(moved) <= 64 {
		for len(x.post) < n {
			x.post = append(x.post, nil)
			x.enc = append(x.enc, nil)
		}
		dirty := map[int32]bool{}
		for _, i := range moved {
			ids, old := termIDs[i], x.lastIDs[i]
			in := make(map[int32]bool, len(ids))
			for _, t := range ids {
				in[t] = true
			}
			for _, t := range old {
				if k, found := slices.BinarySearch(x.post[t], int32(i)); found && !in[t] {
					x.post[t] = slices.Delete(slices.Clip(x.post[t]), k, k+1)
					dirty[t] = true
				}
				delete(in, t)
			}
			for t := range in {
				k, found := slices.BinarySearch(x.post[t], int32(i))
				if !found {
					x.post[t] = slices.Insert(slices.Clip(x.post[t]), k, int32(i))
					dirty[t] = true
				}
			}
		}
		for t := range dirty {
			x.enc[t] = appendPostings(nil, x.post[t])
		}
		x.lastIDs = termIDs
		return x.post
	}
	// Counted then filled: flat[start[t]:start[t+1]] are the meetings that
	// have word t.
	start := make([]int32, n+1)
	for _, ids := range termIDs {
		for _, t := range ids {
			start[t+1]++
		}
	}
	for t := range n {
		start[t+1] += start[t]
	}
	flat := make([]int32, start[n])
	fill := slices.Clone(start[:n])
	for i, ids := range termIDs {
		for _, t := range ids {
			flat[fill[t]] = int32(i)
			fill[t]++
		}
	}
	post := make([][]int32, n)
	for t := range n {
		post[t] = flat[start[t]:start[t+1]:start[t+1]]
	}
	if x.keep {
		var all []byte
		ends := make([]int, n)
		for t := range n {
			all = appendPostings(all, post[t])
			ends[t] = len(all)
		}
		x.enc = make([][]byte, n)
		prev := 0
		for t := range n {
			x.enc[t] = all[prev:ends[t]:ends[t]]
			prev = ends[t]
		}
		x.post, x.lastIDs = post, termIDs
	}
	return post
}

// indexTables writes the index up to its meetings: the people, tags and
// series tables. It returns the index of each person in the table.
func indexTables(j *journal.Journal) ([]byte, map[*journal.Person]int, map[string]int) {
	var b []byte
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
	return b, people, tags
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
				words[k] = tm.terms(ms[todo[k]].Note)
			}
		}()
	}
	wg.Wait()
	added := x.unsorted
	x.unsorted = nil
	for k, i := range todo {
		out[i], added = x.wordIDs(words[k], added)
	}
	if len(added) > 0 {
		x.addSorted(added)
	}
	// New notes join the map; the notes they replaced stay until they are
	// as many as the live ones, then the map is built again.
	if len(x.notes)+len(todo) > 2*len(ms) {
		notes := make(map[*note.Note][]int32, len(ms))
		for i, m := range ms {
			notes[m.Note] = out[i]
		}
		x.notes = notes
	} else {
		for _, i := range todo {
			x.notes[ms[i].Note] = out[i]
		}
	}
	return out
}

// wordIDs returns the ids of words, giving new words new ids, which it
// appends to added.
func (x *Indexer) wordIDs(words []string, added []int32) ([]int32, []int32) {
	ids := make([]int32, len(words))
	for n, w := range words {
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
	return ids, added
}

// Note cuts a note into its index words as soon as it is parsed, so that a
// build need not keep its text (Note.Text) for the index: a one-off build
// calls it from its parse workers and then drops the text. It is safe for
// concurrent use.
func (x *Indexer) Note(n *note.Note) {
	tm := termers.Get().(*termer)
	words := tm.terms(n)
	termers.Put(tm)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.notes[n], x.unsorted = x.wordIDs(words, x.unsorted)
}

// termers cut notes into words for Note; each keeps its strings.
var termers = sync.Pool{New: func() any { return new(termer) }}

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

// ActionsWriter writes assets/actions-data.js again and again, as watch mode
// does. With keep, it keeps the tables and each action's row of the last
// journal it wrote, for a journal changed in place (journal.ReplaceNote)
// after Forget. Its output is byte for byte what encoding/json writes for
// the actions data the package comment describes.
type ActionsWriter struct {
	keep    bool
	journal *journal.Journal
	t       *actionTables
	rows    *frag.Cache[*journal.Action]
}

// actionTables are the tables of the actions data, written, and the index of
// each entry.
type actionTables struct {
	people, tags, series, meetings []byte
	peopleIx                       map[*journal.Person]int
	tagsIx                         map[string]int
	seriesIx                       map[*journal.Series]int
	meetingsIx                     map[*journal.Meeting]int
}

// NewActionsWriter returns an ActionsWriter.
func NewActionsWriter(keep bool) *ActionsWriter { return &ActionsWriter{keep: keep} }

// Forget drops the rows kept of the actions that changed in place.
func (w *ActionsWriter) Forget(as []*journal.Action) {
	for _, a := range as {
		w.rows.Forget(a)
	}
}

// ActionsJS is assets/actions-data.js.
func ActionsJS(j *journal.Journal) []byte { return NewActionsWriter(false).JS(j) }

// JS is assets/actions-data.js of j.
func (w *ActionsWriter) JS(j *journal.Journal) []byte { return w.AppendJS(nil, j) }

// AppendJS appends assets/actions-data.js of j to dst[:0], reusing its room.
func (w *ActionsWriter) AppendJS(dst []byte, j *journal.Journal) []byte {
	if !w.keep || w.journal != j {
		w.journal, w.t, w.rows = j, nil, nil
		if w.keep {
			w.rows = frag.New[*journal.Action]()
		}
	}
	if w.t == nil {
		w.t = newActionTables(j)
	}
	t := w.t
	b := slices.Grow(dst[:0], 128*len(j.Actions)+len(t.people)+len(t.tags)+len(t.series)+len(t.meetings)+1024)
	b = append(b, "window.RECAP_ACTIONS = {\"v\":1,\"today\":"...)
	b = str(b, j.Today)
	b = append(b, ",\"people\":["...)
	b = append(b, t.people...)
	b = append(b, "],\"tags\":["...)
	b = append(b, t.tags...)
	b = append(b, "],\"series\":["...)
	b = append(b, t.series...)
	b = append(b, "],\"meetings\":["...)
	b = append(b, t.meetings...)
	b = append(b, "],\"actions\":["...)
	var ts []int
	for i, a := range j.Actions {
		if i > 0 {
			b = append(b, ',')
		}
		b = w.rows.Append(b, a, func(b []byte) []byte {
			owner := -1
			if a.Owner != nil {
				owner = t.peopleIx[a.Owner]
			}
			ts = ts[:0]
			for _, tg := range a.Tags {
				if k := t.tagsIx[journal.TagSlug(tg)]; !slices.Contains(ts, k) {
					ts = append(ts, k)
				}
			}
			se := -1
			if a.Series != nil {
				se = t.seriesIx[a.Series]
			}
			o := a.Latest()
			b = append(b, '[')
			b = str(b, a.Text)
			b = append(b, ',')
			b = jsonw.AppendInt(b, owner)
			b = append(b, ',')
			b = str(b, string(a.Status))
			b = append(b, ',')
			b = str(b, a.Due)
			if a.Overdue {
				b = append(b, ",1,["...)
			} else {
				b = append(b, ",0,["...)
			}
			for k, tg := range ts {
				if k > 0 {
					b = append(b, ',')
				}
				b = jsonw.AppendInt(b, tg)
			}
			b = append(b, "],"...)
			b = jsonw.AppendInt(b, se)
			b = append(b, ',')
			b = jsonw.AppendInt(b, t.meetingsIx[o.Meeting])
			b = append(b, ',')
			b = jsonw.AppendInt(b, o.Line)
			b = append(b, ',')
			b = str(b, a.Priority)
			b = append(b, ',')
			b = str(b, a.DoneDate)
			b = append(b, ',')
			b = str(b, a.Cancelled)
			b = append(b, ',')
			b = jsonw.AppendInt(b, len(a.Occurrences))
			return append(b, ']')
		})
	}
	b = append(b, "]};\n"...)
	return b
}

// newActionTables lists the owners, tags, series and meetings of the
// actions, each in order of first appearance.
func newActionTables(j *journal.Journal) *actionTables {
	t := &actionTables{peopleIx: map[*journal.Person]int{}, tagsIx: map[string]int{},
		seriesIx: map[*journal.Series]int{}, meetingsIx: map[*journal.Meeting]int{}}
	for _, a := range j.Actions {
		if p := a.Owner; p != nil {
			if _, ok := t.peopleIx[p]; !ok {
				k := len(t.peopleIx)
				t.peopleIx[p] = k
				if k > 0 {
					t.people = append(t.people, ',')
				}
				t.people = append(t.people, '[')
				t.people = str(t.people, p.ID)
				t.people = append(t.people, ',')
				t.people = str(t.people, p.Name)
				t.people = append(t.people, ',')
				t.people = str(t.people, personURL(p))
				t.people = append(t.people, ']')
			}
		}
		for _, tg := range a.Tags {
			s := journal.TagSlug(tg)
			if _, ok := t.tagsIx[s]; !ok {
				k := len(t.tagsIx)
				t.tagsIx[s] = k
				if k > 0 {
					t.tags = append(t.tags, ',')
				}
				t.tags = append(t.tags, '[')
				t.tags = str(t.tags, tg)
				t.tags = append(t.tags, ',')
				t.tags = str(t.tags, tagURL(tg))
				t.tags = append(t.tags, ']')
			}
		}
		if s := a.Series; s != nil {
			if _, ok := t.seriesIx[s]; !ok {
				k := len(t.seriesIx)
				t.seriesIx[s] = k
				if k > 0 {
					t.series = append(t.series, ',')
				}
				t.series = append(t.series, '[')
				t.series = str(t.series, s.ID)
				t.series = append(t.series, ',')
				t.series = str(t.series, s.Title())
				t.series = append(t.series, ',')
				t.series = str(t.series, seriesURL(s))
				t.series = append(t.series, ']')
			}
		}
		m := a.Latest().Meeting
		if _, ok := t.meetingsIx[m]; !ok {
			k := len(t.meetingsIx)
			t.meetingsIx[m] = k
			if k > 0 {
				t.meetings = append(t.meetings, ',')
			}
			t.meetings = append(t.meetings, '[')
			t.meetings = str(t.meetings, m.Title)
			t.meetings = append(t.meetings, ',')
			t.meetings = str(t.meetings, slug.EscapePath(m.URL)+"index.html")
			t.meetings = append(t.meetings, ',')
			t.meetings = str(t.meetings, localDate(j, m))
			t.meetings = append(t.meetings, ']')
		}
	}
	return t
}
