// Package search builds the journal's offline search index and the data the
// actions page filters on, as JavaScript files the pages load (not fetched
// JSON, so they work from file:// too).
//
// Each file has one writer, and every value in it is written by
// encoding/json: json.Marshal escapes <, > and & (so no text can end a
// script, "</script>" included) and U+2028 and U+2029 (which older engines
// do not take in a string literal), and writes invalid UTF-8 as U+FFFD.
// The writers only put the members of the top-level object together,
// in the order documented below.
//
// # The search index
//
// assets/search-index.js assigns window.RECAP_SEARCH, loaded by the theme's
// search.js the first time search opens. It is one JSON object:
//
//	{
//	  "v": 1,
//	  "people":   [[name, url, "id alias… role", meetings], …],
//	  "tags":     [[name, url, count], …],
//	  "series":   [[title, url, meetings], …],
//	  "meetings": [[title, url, "YYYY-MM-DD", [person…], [tag…], series], …],
//	  "actions":  [[text, meeting, line, owner, status, due], …],
//	  "terms":    [term, …],
//	  "post":     [postings, …],
//	  "stop":     "stop words, space-separated"
//	}
//
// URLs are relative to the site root; a meeting's url is its folder
// ("2026/2026-11-17-dev-1on1/", the page adds "index.html", an action adds
// "index.html#L<line>"). person, tag, series, meeting and owner are indexes
// into the tables above, -1 for none. status is one letter: o(pen),
// p (in progress), d(one), c(ancelled).
//
// The note text is not shipped. Each meeting's text (Note.Text, which leaves
// out [!private] callouts, its front-matter summary and the titles of its
// other callouts) is cut into words as the page cuts queries (lowercase runs
// of letters and digits, accents removed); stop words and one-letter words
// are dropped, words are cut to MaxTermLen runes and a meeting keeps its
// first MaxTermsPerMeeting distinct words. terms is every word kept, sorted
// as JavaScript compares strings (by UTF-16 code units), and post[i] the
// meetings whose text has terms[i]: their indexes in increasing order, each
// as the gap from the previous one (the first as index+1) written in base
// 32, most significant digit first, the last digit of a gap as a character
// of LastDigits and the others as one of MoreDigits (so a gap under 32 is
// one character, and nothing needs escaping in JSON or HTML). A prefix query
// is a binary search in terms and a union of postings. Titles, names, tags
// and action texts are matched by the page itself, in full.
//
// Nothing from a [!private] callout is indexed: besides Note.Text leaving
// them out, an action whose item stands in a meeting's private callout is
// left out of the index, and so is a person known only from such actions.
//
// An Indexer writes the index again and again, as watch mode does. Its
// caches are keyed by content: a note's words by the *note.Note (a parsed
// note does not change, and watch mode keeps an unchanged file's note), and
// each meeting's and action's row, as encoding/json wrote it, by the values
// it is made of. What the last journal written did not use is dropped.
//
// # The actions data
//
// assets/actions-data.js assigns window.RECAP_ACTIONS, which the theme's
// filters.js filters and renders on the actions page:
//
//	{
//	  "v": 1,
//	  "today":    "YYYY-MM-DD",
//	  "people":   [[id, name, url], …],
//	  "tags":     [[name, url], …],
//	  "series":   [[id, title, url], …],
//	  "meetings": [[title, url, "YYYY-MM-DD"], …],
//	  "actions":  [[text, owner, status, due, overdue, [tag…], series,
//	                meeting, line, priority, done, cancelled, occurrences], …]
//	}
//
// Every logical action is there, in Journal.Actions order. The people, tags,
// series and meetings tables hold those the actions refer to, in order of
// first appearance. status is the note.Status ("open", "in-progress",
// "done", "cancelled"), overdue is 0 or 1, due, done and cancelled are
// YYYY-MM-DD or "", and the meeting is the one of the action's latest
// occurrence, whose line the action links to. url fields are relative to the
// site root and end in "index.html".
package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

const (
	// MaxTermLen is the longest word the index keeps, in runes; longer words
	// are cut (the page cuts query words the same way).
	MaxTermLen = 24
	// MaxTermsPerMeeting is how many distinct words of a meeting's text the
	// index keeps: the first ones.
	MaxTermsPerMeeting = 400
)

var statusLetter = map[note.Status]string{note.Open: "o", note.InProgress: "p", note.Done: "d", note.Cancelled: "c"}

// hiddenPerson reports a person who is only known from [!private] callouts:
// not in config.toml, at no meeting, mentioned nowhere else, owning only
// private actions. They stay out of the index.
func hiddenPerson(p *journal.Person) bool {
	if p.Configured || len(p.Meetings) > 0 || len(p.Mentioned) > 0 {
		return false
	}
	for _, a := range p.Actions {
		if !isPrivate(a) {
			return false
		}
	}
	return true
}

// termer computes meetings' index words, reusing its buffers.
type termer struct {
	words map[string]*term // every word met, interned, with stop words marked
	note  uint32           // counts the notes cut, to tell a word seen in this one
	buf   []byte
}

// term is a word a termer met.
type term struct {
	word string
	note uint32 // the last note the word was in
	skip bool   // a stop word or a one-letter word: not indexed
}

// terms are the distinct words of a note's text that the index keeps for
// it.
func (tm *termer) terms(m *note.Note) []string {
	if tm.words == nil {
		tm.words = map[string]*term{}
	}
	tm.note++
	var out []string
	add := func(s string) {
		tm.buf = eachWordBytes(s, tm.buf, func(w []byte) bool {
			if len(out) >= MaxTermsPerMeeting {
				return false
			}
			t := tm.words[string(w)]
			if t == nil {
				t = tm.term(w)
			}
			if !t.skip && t.note != tm.note {
				t.note = tm.note
				out = append(out, t.word)
			}
			return true
		})
	}
	add(m.Text)
	add(m.Summary)
	for _, c := range m.Callouts {
		if c.Kind != "private" {
			add(c.Title)
		}
	}
	return out
}

// term adds w to the words met. A word longer than MaxTermLen is indexed
// cut to that length, and so shares the term of the cut word.
func (tm *termer) term(w []byte) *term {
	if utf8.RuneCount(w) < 2 || stopWords[string(w)] {
		t := &term{skip: true}
		tm.words[string(w)] = t
		return t
	}
	cut := cutBytes(w)
	t := tm.words[string(cut)]
	if t == nil {
		t = &term{word: string(cut)}
		tm.words[t.word] = t
	}
	if len(cut) < len(w) {
		tm.words[string(w)] = t
	}
	return t
}

// isPrivate reports whether an action was written inside a [!private]
// callout in any of its meetings: it stays out of the search index.
func isPrivate(a *journal.Action) bool {
	for _, o := range a.Occurrences {
		if o.Private {
			return true
		}
	}
	return false
}

// eachWordBytes calls f with each word of s, as the page cuts a query, until f
// returns false. The word is in buf, which it returns (grown), so f must copy
// it to keep it. ASCII words (most of them, also in text with emoji) take the
// fast way; only a word with other letters is normalised.
func eachWordBytes(s string, buf []byte, f func([]byte) bool) []byte {
	start, ascii := -1, true
	emit := func(w string, ascii bool) bool {
		if !ascii {
			return foldWords(w, func(x string) bool {
				buf = append(buf[:0], x...)
				return f(buf)
			})
		}
		buf = buf[:0]
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		}
		return f(buf)
	}
	for i, r := range s {
		var in bool
		if r < utf8.RuneSelf {
			in = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		} else {
			in = unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r)
		}
		switch {
		case in && start < 0:
			start, ascii = i, r < utf8.RuneSelf
		case in:
			ascii = ascii && r < utf8.RuneSelf
		case start >= 0:
			if !emit(s[start:i], ascii) {
				return buf
			}
			start = -1
		}
	}
	if start >= 0 {
		emit(s[start:], ascii)
	}
	return buf
}

// foldWords lowercases w, removes its accents and calls f with the words
// that leaves.
func foldWords(w string, f func(string) bool) bool {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		switch {
		case unicode.Is(unicode.M, r):
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		case b.Len() > 0:
			if !f(b.String()) {
				return false
			}
			b.Reset()
		}
	}
	if b.Len() > 0 {
		return f(b.String())
	}
	return true
}

// cutBytes cuts the word w to MaxTermLen runes.
func cutBytes(w []byte) []byte {
	n := 0
	for i := 0; i < len(w); {
		if n == MaxTermLen {
			return w[:i]
		}
		_, size := utf8.DecodeRune(w[i:])
		i += size
		n++
	}
	return w
}

// The digits of postings: see the package comment. The theme's search.js
// decodes them with the same two strings.
const (
	LastDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
	MoreDigits = "WXYZabcdefghijklmnopqrstuvwxyz-_"
)

// stopWords are left out of the index: nearly every note has them.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about after again all also am an and any are as at be been before being
		both but by can could did do does doing during each few for from further had has have having he her
		here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
		now of off on once only or other our ours ourselves out over own same she should so some such than that the
		their theirs them themselves then there these they this those through to too under until up very was we were
		what when where which while who whom why will with would you your yours yourself yourselves ll re ve didn
		doesn isn wasn aren weren wouldn couldn shouldn`) {
		stopWords[w] = true
	}
	list := make([]string, 0, len(stopWords))
	for w := range stopWords {
		list = append(list, w)
	}
	slices.Sort(list)
	stopList = strings.Join(list, " ")
}

var stopList string

// localDate is a meeting's date in the site's time zone, YYYY-MM-DD.
func localDate(j *journal.Journal, m *journal.Meeting) string {
	if j.Config != nil && j.Config.Location != nil {
		return m.Date.In(j.Config.Location).Format("2006-01-02")
	}
	return m.Date.Format("2006-01-02")
}

// The page URLs, as the theme's templates write them (render.Page).
func personURL(p *journal.Person) string { return "people/" + url.PathEscape(p.ID) + "/index.html" }
func tagURL(t string) string             { return "tags/" + url.PathEscape(journal.TagSlug(t)) + "/index.html" }
func seriesURL(s *journal.Series) string { return "series/" + url.PathEscape(s.ID) + "/index.html" }

// marshal is v as encoding/json writes it: with <, > and & escaped, and
// U+2028 and U+2029, so that no text can end the script or the string.
func marshal(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		// The data files hold strings, numbers and slices of them.
		panic(fmt.Errorf("search: encoding %T: %w", v, err))
	}
	return data
}

// appendJSON appends v as marshal writes it.
func appendJSON(b []byte, v any) []byte { return append(b, marshal(v)...) }

// compareUTF16 compares strings as JavaScript does, by UTF-16 code units, so
// that the page can binary-search the terms: it differs from comparing bytes
// (code points) where a character from U+E000 to U+FFFF meets one above
// U+FFFF, which UTF-16 writes with surrogates (U+D800 to U+DFFF).
func compareUTF16(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(a) || i == len(b) {
		return cmp.Compare(len(a), len(b))
	}
	for i > 0 && !utf8.RuneStart(a[i]) {
		i--
	}
	ra, _ := utf8.DecodeRuneInString(a[i:])
	rb, _ := utf8.DecodeRuneInString(b[i:])
	return cmp.Compare(utf16Order(ra), utf16Order(rb))
}

// utf16Order orders runes as their first UTF-16 code unit does, and then as
// the rest: above U+FFFF, the order of code points.
func utf16Order(r rune) rune {
	if 0xE000 <= r && r <= 0xFFFF {
		return r + 0x200000
	}
	return r
}

// escapePath is slug.EscapePath(p), which a URL from the journal mostly
// does not need: its letters, digits, "-", "_", ".", "~" and "/" stay as
// they are.
func escapePath(p string) string {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
			return slug.EscapePath(p)
		}
	}
	return p
}
