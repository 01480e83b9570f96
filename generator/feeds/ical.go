package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/recapjournal/recap/generator/journal"
)

// maxLine is the longest content line iCalendar allows, in octets, without
// its CRLF (RFC 5545, section 3.1).
const maxLine = 75

// inCalendar reports whether an action goes into the calendar feeds: it is
// open (or in progress) and has a due date that iCalendar can write. A due
// date in the year 0000, which note dates allow but RFC 5545 (and the
// proleptic Gregorian calendar of calendar apps) does not, is left out rather
// than moved to another day.
func inCalendar(a *journal.Action) bool {
	if !a.IsOpen() || a.Due == "" {
		return false
	}
	d, err := time.Parse(time.DateOnly, a.Due)
	return err == nil && d.Year() >= 1
}

// privacy tells which actions were written in a private place: inside a
// [!private] callout, or in a section whose heading config.toml's
// privateSections lists, in any of their meetings. Such an action stays out
// of every person's calendar. It keeps each meeting's private sections, as
// line ranges, once worked out.
type privacy struct {
	names    map[string]bool               // privateSections, lowercased
	sections map[*journal.Meeting][][2]int // [first, last] lines under a private heading
}

func newPrivacy(j *journal.Journal) *privacy {
	pv := &privacy{names: map[string]bool{}, sections: map[*journal.Meeting][][2]int{}}
	for _, s := range j.Config.PrivateSections {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			pv.names[s] = true
		}
	}
	return pv
}

// private reports whether a was written in a private place in any of its
// meetings: a private copy makes the action private, as it does for the
// search index, whatever later meetings do with it.
func (pv *privacy) private(a *journal.Action) bool {
	for _, o := range a.Occurrences {
		if o.Private {
			return true
		}
		for _, r := range pv.sectionsOf(o.Meeting) {
			if o.Line >= r[0] && o.Line <= r[1] {
				return true
			}
		}
	}
	return false
}

// sectionsOf returns the line ranges of m's private sections: from a heading
// that privateSections lists to the line before the next heading of the same
// or a higher level (a smaller or equal Level), or to the end of the note.
// The note keeps its headings, not their nesting, so this is close to what
// recap share reads, not the same: a heading inside a quote or a list item
// ends a section here (and one named in privateSections starts one), where
// recap share, which counts top-level headings only, reads on.
func (pv *privacy) sectionsOf(m *journal.Meeting) [][2]int {
	if len(pv.names) == 0 || m == nil || m.Note == nil {
		return nil
	}
	if r, ok := pv.sections[m]; ok {
		return r
	}
	var out [][2]int
	hs := m.Headings
	for i := 0; i < len(hs); i++ {
		h := hs[i]
		if h.Private || !pv.names[strings.ToLower(strings.TrimSpace(h.Text))] {
			continue
		}
		end := int(^uint(0) >> 1)
		k := i + 1
		for ; k < len(hs); k++ {
			if !hs[k].Private && hs[k].Level <= h.Level {
				end = hs[k].Line - 1
				break
			}
		}
		out = append(out, [2]int{h.Line, end})
		i = k - 1 // the next section starts at that heading, or later
	}
	pv.sections[m] = out
	return out
}

// UID is the stable iCalendar UID of an action, from its key: the same
// logical action keeps its UID from build to build and across feeds.
func UID(a *journal.Action) string {
	sum := sha256.Sum256([]byte("recap action\x00" + a.Key))
	return hex.EncodeToString(sum[:16]) + "@recap"
}

// Calendars returns every calendar feed by output path: everyone's
// (ActionsICS) and, for each person who owns an open action with a due date,
// theirs (PersonICS). Each feed holds one all-day VEVENT per such action, on
// its due date, in journal order. An action's event is made once and written
// into both feeds it is in.
//
// An action written in a private place (see privacy) is in no person's
// calendar; everyone's calendar, which is the journal owner's, keeps it with
// CLASS:PRIVATE, so that a calendar app that shows the calendar to others
// hides it.
func Calendars(j *journal.Journal) map[string][]byte {
	all := calendarStart(j, nil)
	own := map[*journal.Person]*icalWriter{}
	pv := newPrivacy(j)
	var scratch icalWriter
	for _, a := range j.Actions {
		if !inCalendar(a) {
			continue
		}
		private := pv.private(a)
		ev := makeEvent(&scratch, j, a, private)
		all.buf = ev.appendTo(all.buf, true)
		if a.Owner != nil && !private {
			w := own[a.Owner]
			if w == nil {
				w = calendarStart(j, a.Owner)
				own[a.Owner] = w
			}
			w.buf = ev.appendTo(w.buf, false)
		}
	}
	out := make(map[string][]byte, 1+len(own))
	all.prop("END", "VCALENDAR")
	out[ActionsICS] = all.buf
	for p, w := range own {
		w.prop("END", "VCALENDAR")
		out[PersonICS(p.ID)] = w.buf
	}
	return out
}

// event is an action's VEVENT as folded lines: buf[:all] is its head,
// buf[all:own] the SUMMARY of everyone's feed, which names the owner first
// ("Dev Patel: Write the plan"), buf[own:tail] the SUMMARY of the owner's own
// feed, and buf[tail:] the rest.
type event struct {
	buf            []byte
	all, own, tail int
}

// Bounds of the DATE-TIME values that RFC 5545 can write: four-digit years
// from 0001.
var (
	firstStamp = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	lastStamp  = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// stamp is t in UTC, within the years RFC 5545 can write: a meeting dated in
// the first hours of the year 1 east of Greenwich, or the last of 9999 west
// of it, falls outside them in UTC and gets the nearest time that is in them.
func stamp(t time.Time) time.Time {
	t = t.UTC()
	if t.Before(firstStamp) {
		return firstStamp
	}
	if t.After(lastStamp) {
		return lastStamp
	}
	return t
}

// makeEvent makes a's event in w's buffer, which the next call reuses; a
// private event gets CLASS:PRIVATE.
func makeEvent(w *icalWriter, j *journal.Journal, a *journal.Action, private bool) event {
	w.buf = w.buf[:0]
	var ev event
	due, _ := time.Parse(time.DateOnly, a.Due)
	w.prop("BEGIN", "VEVENT")
	w.prop("UID", UID(a))
	// DTSTAMP is when the event was last recorded: the date of the meeting
	// that last listed the action. Not the build's clock, so that a feed
	// changes only when its events do.
	w.line = stamp(a.Latest().Meeting.Date).AppendFormat(append(w.line[:0], "DTSTAMP:"...), "20060102T150405Z")
	w.flush()
	w.line = due.AppendFormat(append(w.line[:0], "DTSTART;VALUE=DATE:"...), "20060102")
	w.flush()
	if end := due.AddDate(0, 0, 1); end.Year() <= 9999 {
		w.line = end.AppendFormat(append(w.line[:0], "DTEND;VALUE=DATE:"...), "20060102")
		w.flush()
	} else {
		// 9999-12-31, a common "someday": the day after it has no DATE, so
		// the event lasts its one day by DURATION (RFC 5545, 3.6.1).
		w.prop("DURATION", "P1D")
	}
	ev.all = len(w.buf)
	summary := actionText(j, a)
	if a.Owner != nil {
		w.textProp("SUMMARY", a.Owner.Name+": ", summary)
	} else {
		w.textProp("SUMMARY", "", summary)
	}
	ev.own = len(w.buf)
	w.textProp("SUMMARY", "", summary)
	ev.tail = len(w.buf)
	w.line = appendDescription(append(w.line[:0], "DESCRIPTION:"...), j, a)
	w.flush()
	if len(a.Tags) > 0 {
		w.line = append(w.line[:0], "CATEGORIES:"...)
		for i, t := range a.Tags {
			if i > 0 {
				w.line = append(w.line, ',')
			}
			w.line = appendEscaped(w.line, t)
		}
		w.flush()
	}
	if p := priority(a.Priority); p > 0 {
		w.prop("PRIORITY", strconv.Itoa(p))
	}
	if private {
		w.prop("CLASS", "PRIVATE")
	}
	w.prop("TRANSP", "TRANSPARENT")
	w.prop("END", "VEVENT")
	ev.buf = w.buf
	return ev
}

// appendTo appends the event as everyone's feed (all) or the owner's shows
// it.
func (ev event) appendTo(dst []byte, all bool) []byte {
	dst = append(dst, ev.buf[:ev.all]...)
	if all {
		dst = append(dst, ev.buf[ev.all:ev.own]...)
	} else {
		dst = append(dst, ev.buf[ev.own:ev.tail]...)
	}
	return append(dst, ev.buf[ev.tail:]...)
}

// calendarStart begins the feed of owner's actions, or everyone's.
func calendarStart(j *journal.Journal, owner *journal.Person) *icalWriter {
	w := &icalWriter{}
	name := j.Config.Title + " — open actions"
	if owner != nil {
		name += ": " + owner.Name
	}
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", "-//recap//meeting journal//EN")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", "PUBLISH")
	w.prop("X-WR-CALNAME", escapeText(name))
	w.prop("NAME", escapeText(name))
	w.prop("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	w.prop("X-PUBLISHED-TTL", "PT1H")
	return w
}

// actionText is the action's text without a leading @mention of its owner:
// the owner is named already ("Dev Patel: Write the plan", or the person's own
// feed).
func actionText(j *journal.Journal, a *journal.Action) string {
	if a.Owner == nil || !strings.HasPrefix(a.Text, "@") {
		return a.Text
	}
	first, rest, ok := strings.Cut(a.Text, " ")
	if !ok || strings.TrimSpace(rest) == "" || j.Lookup(first) != a.Owner {
		return a.Text
	}
	return strings.TrimSpace(rest)
}

// appendDescription appends an event's DESCRIPTION, escaped: the meeting,
// source line, owner, status and priority, one per line.
func appendDescription(dst []byte, j *journal.Journal, a *journal.Action) []byte {
	m := a.Latest().Meeting
	dst = append(dst, "Meeting: "...)
	dst = appendEscaped(dst, m.Title)
	dst = append(dst, " ("...)
	dst = m.Date.In(j.Config.Location).AppendFormat(dst, time.DateOnly)
	dst = append(dst, `)\nSource: `...)
	dst = appendEscaped(dst, a.Source())
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, int64(a.Line()), 10)
	dst = append(dst, `\nOwner: `...)
	if a.Owner != nil {
		dst = appendEscaped(dst, a.Owner.Name)
	} else {
		dst = append(dst, "unassigned"...)
	}
	dst = append(dst, `\nStatus: `...)
	dst = appendEscaped(dst, string(a.Status))
	if a.Overdue {
		dst = append(dst, " (overdue)"...)
	}
	if a.Priority != "" {
		dst = append(dst, `\nPriority: `...)
		dst = appendEscaped(dst, a.Priority)
	}
	return dst
}

// priority maps recap's priorities to RFC 5545 PRIORITY (1 highest, 9
// lowest); 0 is none.
func priority(p string) int {
	switch p {
	case "highest":
		return 1
	case "high":
		return 3
	case "medium":
		return 5
	case "low":
		return 7
	case "lowest":
		return 9
	}
	return 0
}

// escapeText escapes a TEXT value (RFC 5545, section 3.3.11): backslash,
// semicolon and comma get a backslash, line breaks become \n, and other
// control characters, which TEXT does not allow, are dropped. Invalid UTF-8
// is written as U+FFFD.
func escapeText(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == ';' || c == ',' || c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			return string(appendEscaped(nil, s))
		}
	}
	return s
}

// appendEscaped appends escapeText(s) to dst.
func appendEscaped(dst []byte, s string) []byte {
	run := 0 // start of the bytes not copied yet
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[run:i]...)
				dst = utf8.AppendRune(dst, utf8.RuneError)
				run = i + 1
			}
			i += size
			continue
		}
		switch {
		case c == '\\' || c == ';' || c == ',':
			dst = append(dst, s[run:i]...)
			dst = append(dst, '\\', c)
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			dst = append(dst, s[run:i]...) // the \n that follows writes the break
		case c == '\n' || c == '\r':
			dst = append(dst, s[run:i]...)
			dst = append(dst, `\n`...)
		case c == '\t':
			i++
			continue
		case c < 0x20 || c == 0x7f:
			dst = append(dst, s[run:i]...)
		default:
			i++
			continue
		}
		i++
		run = i
	}
	return append(dst, s[run:]...)
}

// icalWriter writes content lines folded at 75 octets with CRLF endings.
type icalWriter struct {
	buf  []byte
	line []byte // the line textProp builds
}

// textProp writes "name:" and the TEXT value prefix+value, escaped.
func (w *icalWriter) textProp(name, prefix, value string) {
	w.line = append(w.line[:0], name...)
	w.line = append(w.line, ':')
	w.line = appendEscaped(w.line, prefix)
	w.line = appendEscaped(w.line, value)
	w.flush()
}

// flush writes the line built in w.line, folded.
func (w *icalWriter) flush() { w.buf = appendFolded(w.buf, w.line) }

// prop writes "name:value" (the value already escaped) as folded lines.
func (w *icalWriter) prop(name, value string) {
	if len(name)+1+len(value) <= maxLine {
		w.buf = append(w.buf, name...)
		w.buf = append(w.buf, ':')
		w.buf = append(w.buf, value...)
		w.buf = append(w.buf, "\r\n"...)
		return
	}
	w.buf = appendFolded(w.buf, name+":"+value)
}

// appendFolded appends one content line, folded so that no line is longer
// than maxLine octets and no UTF-8 sequence is split: continuation lines
// start with a space, which counts towards their length.
func appendFolded[S string | []byte](buf []byte, line S) []byte {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		buf = append(buf, line[:cut]...)
		buf = append(buf, "\r\n "...)
		line = line[cut:]
		limit = maxLine - 1
	}
	buf = append(buf, line...)
	return append(buf, "\r\n"...)
}
