package feeds

import (
	"bytes"
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
// open (or in progress) and has a due date.
func inCalendar(a *journal.Action) bool {
	if !a.IsOpen() || a.Due == "" {
		return false
	}
	_, err := time.Parse(time.DateOnly, a.Due)
	return err == nil
}

// UID is the stable iCalendar UID of an action, from its key: the same
// logical action keeps its UID from build to build and across feeds.
func UID(a *journal.Action) string {
	sum := sha256.Sum256([]byte("recap action\x00" + a.Key))
	return hex.EncodeToString(sum[:16]) + "@recap"
}

// Calendar returns the iCalendar feed of the open actions with a due date that
// owner owns, or of everyone's when owner is nil: one all-day VEVENT per action
// on its due date.
func Calendar(j *journal.Journal, owner *journal.Person) []byte {
	var w icalWriter
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
	stamp := j.Now.UTC().Format("20060102T150405Z")
	list := j.Actions
	if owner != nil {
		list = owner.Actions // in journal order too: no scan of everyone's actions per person
	}
	for _, a := range list {
		if !inCalendar(a) || (owner != nil && a.Owner != owner) {
			continue
		}
		due, _ := time.Parse(time.DateOnly, a.Due)
		summary := actionText(j, a)
		if owner == nil && a.Owner != nil {
			summary = a.Owner.Name + ": " + summary
		}
		w.prop("BEGIN", "VEVENT")
		w.prop("UID", UID(a))
		w.prop("DTSTAMP", stamp)
		w.prop("DTSTART;VALUE=DATE", due.Format("20060102"))
		w.prop("DTEND;VALUE=DATE", due.AddDate(0, 0, 1).Format("20060102"))
		w.prop("SUMMARY", escapeText(summary))
		w.prop("DESCRIPTION", escapeText(description(j, a)))
		if len(a.Tags) > 0 {
			vals := make([]string, len(a.Tags))
			for i, t := range a.Tags {
				vals[i] = escapeText(t)
			}
			w.prop("CATEGORIES", strings.Join(vals, ","))
		}
		if p := priority(a.Priority); p > 0 {
			w.prop("PRIORITY", strconv.Itoa(p))
		}
		w.prop("TRANSP", "TRANSPARENT")
		w.prop("END", "VEVENT")
	}
	w.prop("END", "VCALENDAR")
	return w.buf.Bytes()
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

// description is an event's DESCRIPTION before escaping.
func description(j *journal.Journal, a *journal.Action) string {
	var b strings.Builder
	m := a.Latest().Meeting
	b.WriteString("Meeting: " + m.Title + " (" + m.Date.In(j.Config.Location).Format(time.DateOnly) + ")\n")
	b.WriteString("Source: " + a.Source() + ":" + strconv.Itoa(a.Line()) + "\n")
	owner := "unassigned"
	if a.Owner != nil {
		owner = a.Owner.Name
	}
	b.WriteString("Owner: " + owner + "\n")
	b.WriteString("Status: " + string(a.Status))
	if a.Overdue {
		b.WriteString(" (overdue)")
	}
	if a.Priority != "" {
		b.WriteString("\nPriority: " + a.Priority)
	}
	return b.String()
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
// control characters, which TEXT does not allow, are dropped.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default: // invalid UTF-8 is written as U+FFFD
			b.WriteRune(r)
		}
	}
	return b.String()
}

// icalWriter writes content lines folded at 75 octets with CRLF endings.
type icalWriter struct {
	buf bytes.Buffer
}

// prop writes "name:value" (the value already escaped) as folded lines.
func (w *icalWriter) prop(name, value string) {
	w.fold(name + ":" + value)
}

// fold writes one content line, folded so that no line is longer than
// maxLine octets and no UTF-8 sequence is split: continuation lines start
// with a space, which counts towards their length.
func (w *icalWriter) fold(line string) {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.buf.WriteString(line[:cut])
		w.buf.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1
	}
	w.buf.WriteString(line)
	w.buf.WriteString("\r\n")
}
