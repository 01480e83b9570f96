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
//	  "v": 2,
//	  "today":    "YYYY-MM-DD",
//	  "people":   [[name, url, "id alias…", meetings, role?], …],
//	  "tags":     [[name, url, count], …],
//	  "series":   [[title, url, meetings], …],
//	  "meetings": [[title, url, "YYYY-MM-DD", [person…], [tag…], series, snippet?], …],
//	  "actions":  [[text, meeting, line, owner, status, due], …],
//	  "terms":    [term, …],
//	  "post":     [postings, …],
//	  "stop":     "stop words, space-separated"
//	}
//
// today is the build's day in the site's time zone: a meeting after it is
// still to come, and ranks below those that took place. URLs are relative
// to the site root; a meeting's url is its folder
// ("2026/2026-11-17-dev-1on1/", the page adds "index.html", an action adds
// "index.html#L<line>", the id of its item's checkbox on the page). person,
// tag, series, meeting and owner are indexes into the tables above, -1 for
// none. A page (a note without a date) is a meeting with the date "". status
// is one letter: o(pen), p (in progress), d(one), c(ancelled). Members
// marked ? are left out when empty: a person's role, and a meeting's
// snippet, the start of its summary (or of its text, after the headings it
// starts with) up to MaxSnippet runes, spaces collapsed, and when cut, cut
// after a word and ending in "…": the page shows it under the meeting's
// title.
//
// The note text is not shipped. Each meeting's text (Note.Text, which leaves
// out [!private] callouts, with its front-matter summary and the titles of
// its other callouts) is cut into words as the page cuts queries and
// titles: lowercase runs of letters and digits, accents removed, with a full
// stop between two digits kept ("3.0", "v1.2"). Stop words and one-letter
// words but digits are dropped, words are cut to MaxTermLen runes and a
// meeting keeps its first MaxTermsPerMeeting distinct words. A date written
// in the usual forms (2026-11-17, 17 Nov, 17th November 2026, Nov 17,
// November 17, 2026) is one term instead of its numbers (DateTerm: "~11-17"
// without a year, "~11-17-2026" with one, so that a prefix finds a day of
// every year); its month's name stays a word. terms is every term kept,
// sorted as JavaScript compares strings (by UTF-16 code units), and post[i]
// the meetings whose text has terms[i], in one of two forms, the shorter:
// their indexes in increasing order, each as the gap from the previous one
// (the first as index+1) written in base 32, most significant digit first,
// the last digit of a gap as a character of LastDigits and the others as
// one of MoreDigits (so a gap under 32 is one character); or, for a term
// most meetings have, BitmapMark and a bitmap, each character of
// LastDigits+MoreDigits worth 0 to 63 standing for six meetings, the lowest
// bit the first. Nothing needs escaping in JSON or HTML. A prefix query is a
// binary search in terms and a union of postings. Titles, names, roles,
// tags, action texts and snippets are matched by the page itself, in full.
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
// "done", "cancelled"), text leaves out a leading @mention of the owner (as
// the theme's rows do), overdue is 0 or 1 as of the build (an open action
// due later becomes overdue once its day has passed), due, done and cancelled are
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
	"unicode/utf8"

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

// The digits of postings, and the mark of a bitmap: see the package comment.
// The theme's search.js decodes them with the same strings.
const (
	LastDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
	MoreDigits = "WXYZabcdefghijklmnopqrstuvwxyz-_"
	// BitmapMark starts postings written as a bitmap, whose digits are
	// those of LastDigits and then MoreDigits, worth 0 to 63.
	BitmapMark = '.'
)

// bitmapDigits are the digits of a bitmap, by value.
const bitmapDigits = LastDigits + MoreDigits

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
