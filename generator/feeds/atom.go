package feeds

import (
	"bytes"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
)

// MaxEntries is how many meetings the Atom feed holds: the most recent ones.
const MaxEntries = 50

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Base      string      `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    *atomPerson `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
}

// Atom returns the Atom feed of the MaxEntries most recent meetings, newest
// first. Links are relative to the site root (xml:base="./" on the feed, the
// folder the feed is in), so the feed works wherever the site is served from.
func Atom(j *journal.Journal) ([]byte, error) { return AtomWith(j, nil) }

// AtomWith is Atom with the summaries that summary gives (the build passes
// what `recap share` would show); nil means PublicSummary.
func AtomWith(j *journal.Journal, summary func(*journal.Meeting) string) ([]byte, error) {
	if summary == nil {
		summary = func(m *journal.Meeting) string { return PublicSummary(j, m) }
	}
	loc := j.Config.Location
	f := atomFeed{
		Base:      "./",
		ID:        urnUUID("meetings feed\x00" + j.Config.Title),
		Title:     atomText{Type: "text", Text: j.Config.Title},
		Updated:   atomTime(j.Now, loc),
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: MeetingsAtom}, {Rel: "alternate", Type: "text/html", Href: "index.html"}},
		Author:    &atomPerson{Name: feedAuthor(j)},
		Generator: "recap",
	}
	if n := len(j.Meetings); n > 0 {
		newest := j.Meetings[0].Date
		for _, m := range j.Meetings {
			if m.Date.After(newest) {
				newest = m.Date
			}
		}
		f.Updated = atomTime(newest, loc)
	}
	for i := len(j.Meetings) - 1; i >= 0 && len(f.Entries) < MaxEntries; i-- {
		m := j.Meetings[i]
		date := atomTime(m.Date, loc)
		e := atomEntry{
			ID:        urnUUID("meeting\x00" + m.Source),
			Title:     atomText{Type: "text", Text: m.Title},
			Published: date,
			Updated:   date,
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: slug.EscapePath(m.URL) + "index.html"}},
		}
		for _, p := range m.People {
			e.Authors = append(e.Authors, atomPerson{Name: p.Name})
		}
		for _, t := range m.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t})
		}
		if s := summary(m); s != "" {
			e.Summary = &atomText{Type: "text", Text: s}
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("%s: %w", MeetingsAtom, err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// atomTime formats t as an RFC 3339 date-time in loc. RFC 3339 has
// four-digit years: a time that is in the year 10000 (or -1) in loc, as the
// last minutes of 9999 west of Greenwich are east of it, is written in its
// own time zone, as the note gave it, else in UTC, else at the nearest end of
// the years 0000 to 9999.
func atomTime(t time.Time, loc *time.Location) string {
	for _, u := range []time.Time{t.In(loc), t, t.UTC()} {
		if y := u.Year(); y >= 0 && y <= 9999 {
			return u.Format(time.RFC3339)
		}
	}
	if t.UTC().Year() < 0 {
		return "0000-01-01T00:00:00Z"
	}
	return "9999-12-31T23:59:59Z"
}

// feedAuthor names the feed's author, which Atom needs for entries without
// attendees: the journal's owner (config me), else the site's title.
func feedAuthor(j *journal.Journal) string {
	if j.Config.Me != "" {
		if p := j.Lookup(j.Config.Me); p != nil && p.Name != "" {
			return p.Name
		}
	}
	return j.Config.Title
}

// PublicSummary is the meeting's summary when nothing shows it to be private,
// else "". The summary is the front matter's or the note's first top-level
// paragraph, so it never stands in a [!private] callout; but the first
// paragraph may stand in a privateSections section ("## Reflection"), and the
// note keeps no line for it. So, in a note with such a heading, the summary is
// kept only when its text is found in the note's text (Note.Text, which the
// build keeps) before the first private heading; otherwise it is left out.
// Summaries found in a private callout are left out too.
func PublicSummary(j *journal.Journal, m *journal.Meeting) string {
	s := strings.TrimSpace(m.Summary)
	if s == "" {
		return ""
	}
	ns := normal(s)
	for _, c := range m.Callouts {
		if c.Kind == "private" && ns != "" && strings.Contains(normal(c.Text), ns) {
			return ""
		}
	}
	priv := map[string]bool{}
	for _, p := range j.Config.PrivateSections {
		priv[strings.ToLower(strings.TrimSpace(p))] = true
	}
	first := -1 // where the first private heading's text starts in the note's text
	text := normal(m.Text)
	for _, h := range m.Headings {
		if h.Private || !priv[strings.ToLower(strings.TrimSpace(h.Text))] {
			continue
		}
		nh := normal(h.Text)
		k := strings.Index(text, nh)
		if nh == "" || k < 0 {
			return "" // the heading cannot be placed: be safe
		}
		if first < 0 || k < first {
			first = k
		}
	}
	if first < 0 {
		return s
	}
	if !mentionsKept(m.Text, s) {
		ns = normal(withoutMentions(s)) // the note's text leaves @handles out
	}
	if ns == "" {
		return ""
	}
	if k := strings.Index(text, ns); k < 0 || k+len(ns) > first {
		return ""
	}
	return s
}

// mentionsKept reports whether every @handle of summary is in text.
func mentionsKept(text, summary string) bool {
	for _, w := range strings.Fields(summary) {
		if strings.HasPrefix(w, "@") && !strings.Contains(text, strings.TrimRight(w, ".,;:!?)")) {
			return false
		}
	}
	return true
}

// withoutMentions drops the @handles of s.
func withoutMentions(s string) string {
	f := strings.Fields(s)
	out := f[:0]
	for _, w := range f {
		if !strings.HasPrefix(w, "@") {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// normal keeps only the letters and digits of s, lowercased, so that texts
// compare whatever their spacing and punctuation.
func normal(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// recapNS is the name-based UUID namespace of recap's ids: the version 5 UUID
// of the URL https://github.com/recapjournal/recap.
var recapNS = uuid5([16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}, "https://github.com/recapjournal/recap")

// urnUUID is a stable "urn:uuid:" id for name.
func urnUUID(name string) string {
	u := uuid5(recapNS, name)
	const hexd = "0123456789abcdef"
	var b strings.Builder
	b.WriteString("urn:uuid:")
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b.WriteByte('-')
		}
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}

// uuid5 is the version 5 (SHA-1, name-based) UUID of name in namespace ns
// (RFC 9562, section 5.5).
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}
