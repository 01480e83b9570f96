package search

import (
	"encoding/binary"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// Indexer writes assets/search-index.js, once for a build or again and again
// in watch mode, keeping what it can reuse by content: each note's index
// words, by the *note.Note (a parsed note does not change; watch mode keeps
// the note of a file that did not change), and each meeting's and action's
// row as encoding/json wrote it, by the values the row is made of (see
// rowCache). Words are kept as
// ids into a dictionary the Indexer keeps in the page's sort order, so that
// writing the postings again is counting and encoding, with no word cut,
// hashed or sorted.
//
// IndexJS drops what the journal it writes does not use: a note's words are
// kept only while the note is in the journal last written. An Indexer is
// safe for concurrent use.
type Indexer struct {
	mu    sync.Mutex
	ids   map[string]int32         // word → id
	words []string                 // id → word
	order []int32                  // the ids, in the order of terms (compareUTF16)
	fresh []int32                  // ids given since order was last sorted
	notes map[*note.Note]noteWords // each note's index words, as ids, and snippet

	meetings rowCache[meetingKey]
	actions  rowCache[actionKey]
	size     int // the length of the last index written, to size the next

	// The room postings works in, kept from write to write.
	count, next, flat []int32
	enc               []byte
}

// noteWords is what an Indexer keeps of a note: its index words, as ids,
// and its snippet.
type noteWords struct {
	ids  []int32
	snip string
}

// NewIndexer returns an Indexer that has seen no note.
func NewIndexer() *Indexer {
	return &Indexer{ids: map[string]int32{}, notes: map[*note.Note]noteWords{},
		meetings: rowCache[meetingKey]{row: meetingRow}, actions: rowCache[actionKey]{row: actionRow}}
}

// IndexJS is assets/search-index.js of j, written by a fresh Indexer.
func IndexJS(j *journal.Journal) []byte { return NewIndexer().IndexJS(j) }

// Note cuts a parsed note into its index words and keeps them, so that the
// note's text (Note.Text) need not be kept for the index: a one-off build
// calls it from its parse workers and then drops the text. It is safe for
// concurrent use. The words are kept until IndexJS writes a journal without
// the note, so Note should be given the notes of the next journal IndexJS
// writes, not of another one.
func (x *Indexer) Note(n *note.Note) {
	tm := termers.Get().(*termer)
	words, snip := tm.terms(n)
	termers.Put(tm)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.notes[n] = noteWords{x.intern(words), snip}
}

// termers cut notes into words for Note. Each keeps the words it has met,
// so that a word is one string however many notes have it.
var termers = sync.Pool{New: func() any { return new(termer) }}

// IndexJS is assets/search-index.js of j. It uses the words kept of the notes
// it has seen, cuts the others' text into words, and then forgets the notes
// that are not in j.
func (x *Indexer) IndexJS(j *journal.Journal) []byte {
	x.mu.Lock()
	defer x.mu.Unlock()
	// Pages come after the meetings, as their Index says: actions point at
	// their note by that index.
	notes := j.Meetings
	if len(j.Pages) > 0 {
		notes = slices.Concat(j.Meetings, j.Pages)
	}
	words, snips := x.meetingWords(notes)
	// The postings are computed while the rows are written.
	var terms, post []string
	var count []int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		terms, post, count = x.postings(words)
	}()
	t := newIndexTables(j)

	b := make([]byte, 0, x.size+x.size/8+4096)
	b = append(b, `window.RECAP_SEARCH = {"v":2,"today":`...)
	b = appendJSON(b, j.Today)
	b = append(b, `,"people":`...)
	b = appendRows(b, t.people)
	b = append(b, `,"tags":`...)
	b = appendRows(b, t.tags)
	b = append(b, `,"series":`...)
	b = appendRows(b, t.series)
	b = append(b, `,"meetings":`...)
	b = x.meetings.appendRows(b, x.meetingKeys(j, notes, snips, t))
	b = append(b, `,"actions":`...)
	b = x.actions.appendRows(b, x.actionKeys(j, t))
	<-done
	b = append(b, `,"terms":`...)
	b = appendJSON(b, terms)
	b = append(b, `,"post":`...)
	b = appendJSON(b, post)
	b = append(b, `,"stop":`...)
	b = appendJSON(b, stopList)
	b = append(b, "};\n"...)
	x.size = len(b)

	x.forget(notes, words, snips, count)
	return b
}

// meetingWords returns the index words of each meeting, as ids, and its
// snippet: those kept of the notes seen, and those of the others, which it
// cuts from their text (in parallel) and keeps.
func (x *Indexer) meetingWords(ms []*journal.Meeting) ([][]int32, []string) {
	out := make([][]int32, len(ms))
	snips := make([]string, len(ms))
	var todo []int
	for i, m := range ms {
		if nw, ok := x.notes[m.Note]; ok {
			out[i], snips[i] = nw.ids, nw.snip
		} else {
			todo = append(todo, i)
		}
	}
	words := make([][]string, len(todo))
	tsnips := make([]string, len(todo))
	workers := min(runtime.GOMAXPROCS(0), 1+len(todo)/256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			tm := termers.Get().(*termer)
			defer termers.Put(tm)
			for k := w; k < len(todo); k += workers {
				words[k], tsnips[k] = tm.terms(ms[todo[k]].Note)
			}
		})
	}
	wg.Wait()
	for k, i := range todo {
		out[i], snips[i] = x.intern(words[k]), tsnips[k]
		x.notes[ms[i].Note] = noteWords{out[i], snips[i]}
	}
	return out, snips
}

// intern returns the ids of words, giving each new word the next id.
func (x *Indexer) intern(words []string) []int32 {
	ids := make([]int32, len(words))
	for k, w := range words {
		id, ok := x.ids[w]
		if !ok {
			id = int32(len(x.words))
			x.ids[w] = id
			x.words = append(x.words, w)
			x.fresh = append(x.fresh, id)
		}
		ids[k] = id
	}
	return ids
}

// postings returns the terms of the meetings' words (ids), in order, the
// postings of each, and how many times each word id is in them.
func (x *Indexer) postings(words [][]int32) (terms, post []string, count []int32) {
	x.sortFresh()
	count = grow(x.count, len(x.words))
	clear(count)
	for _, ids := range words {
		for _, id := range ids {
			count[id]++
		}
	}
	// The meetings of each word, words in order: those of word id are
	// flat[next[id]-count[id]:next[id]] once filled. Meetings are visited in
	// order, so each word's are in increasing order.
	next := grow(x.next, len(x.words))
	n, used := int32(0), 0
	for _, id := range x.order {
		next[id] = n
		n += count[id]
		if count[id] > 0 {
			used++
		}
	}
	flat := grow(x.flat, int(n))
	for i, ids := range words {
		for _, id := range ids {
			flat[next[id]] = int32(i)
			next[id]++
		}
	}
	terms = make([]string, 0, used)
	ends := make([]int, 0, used)
	enc := x.enc[:0]
	for _, id := range x.order {
		if count[id] == 0 {
			continue
		}
		enc = appendPostings(enc, flat[next[id]-count[id]:next[id]])
		terms = append(terms, x.words[id])
		ends = append(ends, len(enc))
	}
	all, start := string(enc), 0
	x.count, x.next, x.flat, x.enc = count, next, flat, enc
	post = make([]string, len(ends))
	for k, end := range ends {
		post[k], start = all[start:end], end
	}
	return terms, post, count
}

// grow returns s with length n, its room reused when it has enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/8)
	}
	return s[:n]
}

// sortFresh puts the new word ids into order.
func (x *Indexer) sortFresh() {
	if len(x.fresh) == 0 {
		return
	}
	byWord := func(a, b int32) int { return compareUTF16(x.words[a], x.words[b]) }
	if len(x.fresh) > len(x.order)/16 {
		x.order = append(x.order, x.fresh...)
		slices.SortFunc(x.order, byWord)
	} else {
		for _, id := range x.fresh {
			k, _ := slices.BinarySearchFunc(x.order, id, byWord)
			x.order = slices.Insert(x.order, k, id)
		}
	}
	x.fresh = x.fresh[:0]
}

// forget drops the words of notes that are not among ms, whose words are
// words and snippets snips, and, once most words of the dictionary are in no
// note, those words. count is how many times each word id is in words.
func (x *Indexer) forget(ms []*journal.Meeting, words [][]int32, snips []string, count []int32) {
	if len(x.notes) != len(ms) {
		notes := make(map[*note.Note]noteWords, len(ms))
		for i, m := range ms {
			notes[m.Note] = noteWords{words[i], snips[i]}
		}
		x.notes = notes
	}
	used := 0
	for _, c := range count {
		if c > 0 {
			used++
		}
	}
	if len(x.words) <= 2*used+1024 {
		return
	}
	// Number the words in use again, in order, and the kept notes' words
	// with them.
	renum := make([]int32, len(x.words))
	ids := make(map[string]int32, used)
	kept := make([]string, 0, used)
	for _, id := range x.order {
		if count[id] > 0 {
			renum[id] = int32(len(kept))
			ids[x.words[id]] = int32(len(kept))
			kept = append(kept, x.words[id])
		}
	}
	for _, w := range x.notes {
		for k, id := range w.ids {
			w.ids[k] = renum[id]
		}
	}
	x.ids, x.words, x.order = ids, kept, make([]int32, len(kept))
	for k := range x.order {
		x.order[k] = int32(k)
	}
}

// indexTables are the people, tags and series of the index, and the index
// of each in its table.
type indexTables struct {
	people, tags, series [][]any
	peopleIx             map[*journal.Person]int
	seriesIx             map[*journal.Series]int
	tagsIx               map[string]int // by slug
	tagIx                map[string]int // by tag as written, -1 for none
}

// newIndexTables lists the people (but those only known from private
// callouts), tags and series of j.
func newIndexTables(j *journal.Journal) *indexTables {
	t := &indexTables{peopleIx: map[*journal.Person]int{}, seriesIx: map[*journal.Series]int{},
		tagsIx: map[string]int{}, tagIx: map[string]int{}}
	for _, p := range j.People {
		if hiddenPerson(p) {
			continue
		}
		t.peopleIx[p] = len(t.people)
		names := p.ID
		for _, a := range p.Aliases {
			names += " " + a
		}
		row := []any{p.Name, personURL(p), names, len(p.Meetings)}
		if p.Role != "" {
			row = append(row, p.Role)
		}
		t.people = append(t.people, row)
	}
	for i, tg := range j.Tags {
		t.tagsIx[tg.Slug] = i
		t.tags = append(t.tags, []any{tg.Name, tagURL(tg.Name), len(tg.Meetings) + len(tg.Actions)})
	}
	for i, s := range j.Series {
		t.seriesIx[s] = i
		t.series = append(t.series, []any{s.Title(), seriesURL(s), len(s.Meetings)})
	}
	return t
}

// tag is the index of a tag as written in the tags table, -1 for none.
func (t *indexTables) tag(name string) int {
	k, ok := t.tagIx[name]
	if !ok {
		k = -1
		if i, found := t.tagsIx[journal.TagSlug(name)]; found {
			k = i
		}
		t.tagIx[name] = k
	}
	return k
}

// meetingKey is what a meeting's row is made of (meetingRow).
type meetingKey struct {
	title, url string // the URL not yet escaped
	date       time.Time
	loc        *time.Location // the site's, which the date is written in
	refs       string         // the people and tags: how many people, then each index, as uvarints
	series     int
	snip       string
}

// meetingRow is the row of a meeting, made of k.
func meetingRow(k meetingKey) []any {
	refs := []byte(k.refs)
	next := func() int {
		v, n := binary.Uvarint(refs)
		refs = refs[n:]
		return int(v)
	}
	people, tags := make([]int, next()), []int{}
	for i := range people {
		people[i] = next()
	}
	for len(refs) > 0 {
		tags = append(tags, next())
	}
	date := k.date
	if k.loc != nil {
		date = date.In(k.loc)
	}
	day := "" // a page has no date
	if !k.date.IsZero() {
		day = date.Format(time.DateOnly)
	}
	if k.snip == "" {
		return []any{k.title, escapePath(k.url), day, people, tags, k.series}
	}
	return []any{k.title, escapePath(k.url), day, people, tags, k.series, k.snip}
}

// meetingKeys are the keys of the meetings' rows.
func (x *Indexer) meetingKeys(j *journal.Journal, notes []*journal.Meeting, snips []string, t *indexTables) []meetingKey {
	var loc *time.Location
	if j.Config != nil {
		loc = j.Config.Location
	}
	keys := x.meetings.room(len(notes))
	var tags []int
	var refs []byte
	for i, m := range notes {
		refs = binary.AppendUvarint(refs[:0], uint64(len(m.People)))
		for _, p := range m.People {
			refs = binary.AppendUvarint(refs, uint64(t.peopleIx[p]))
		}
		tags = tags[:0]
		for _, tg := range m.Tags {
			if k := t.tag(tg); k >= 0 && !slices.Contains(tags, k) {
				tags = append(tags, k)
				refs = binary.AppendUvarint(refs, uint64(k))
			}
		}
		se := -1
		if m.Series != nil {
			se = t.seriesIx[m.Series]
		}
		keys = append(keys, meetingKey{title: m.Title, url: m.URL, date: m.Date, loc: loc, refs: string(refs), series: se, snip: snips[i]})
	}
	return keys
}

// actionKey is what an action's row is made of (actionRow).
type actionKey struct {
	text, due            string
	status               note.Status
	meeting, line, owner int
}

// actionRow is the row of an action, made of k.
func actionRow(k actionKey) []any {
	return []any{k.text, k.meeting, k.line, k.owner, statusLetter[k.status], k.due}
}

// actionKeys are the keys of the rows of the actions that are not private.
func (x *Indexer) actionKeys(j *journal.Journal, t *indexTables) []actionKey {
	keys := x.actions.room(len(j.Actions))
	for _, a := range j.Actions {
		if isPrivate(a) {
			continue
		}
		o := a.Latest()
		owner := -1
		if a.Owner != nil {
			owner = t.peopleIx[a.Owner]
		}
		keys = append(keys, actionKey{text: a.Text, due: a.Due, status: a.Status, meeting: o.Meeting.Index, line: o.Line, owner: owner})
	}
	return keys
}

// appendPostings appends the postings of ids, in increasing order, as the
// package comment describes: as gaps, or as a bitmap when that is shorter.
func appendPostings(b []byte, ids []int32) []byte {
	if len(ids) == 0 {
		return b
	}
	gaps, prev := 0, int32(-1)
	for _, id := range ids {
		gap := id - prev
		prev = id
		gaps++
		for gap >>= 5; gap > 0; gap >>= 5 {
			gaps++
		}
	}
	if bits := 1 + int(ids[len(ids)-1])/6 + 1; bits < gaps {
		b = append(b, BitmapMark)
		start := len(b)
		b = append(b, make([]byte, bits-1)...)
		for _, id := range ids {
			b[start+int(id)/6] |= 1 << (id % 6)
		}
		for k := start; k < len(b); k++ {
			b[k] = bitmapDigits[b[k]]
		}
		return b
	}
	prev = -1
	var digits [7]byte // 32⁷ > 2³¹
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
