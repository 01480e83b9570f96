package note

import (
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"

	"github.com/recapjournal/recap/generator/markdown"
)

// The attendance list.
//
// A note's attendance list is read from:
//
//   - the list that directly follows a heading (any level) or a line label
//     named Attendees, Present, Participants, Attendance, Roll call or Who (any
//     case, with or without a colon, a parenthesised remark after it allowed:
//     "Attendees (5)"). A line label is the last line of a paragraph or of a
//     list item's text, the name and a colon ("**Present:**"), or a paragraph
//     that is only the name ("**Attendees**"). Each item of the list is one
//     entry; an item with a list nested in it is a group ("Company A") whose
//     nested items are the entries. Task items are action items, not entries.
//     A heading with no list right after it gives nothing.
//   - the rest of a line that starts with such a label and a colon, in any
//     line of a paragraph or list item ("**Present:** Ana, Ben and @carl"):
//     entries separated by commas, semicolons, "and" or "&".
//
// Every attendance list of the note counts, in the order of the file; an entry
// that repeats an earlier one (the same handle, or the same name without a
// handle) is left out, but fills in the name of an earlier handle-only entry.
//
// An entry is a name, an @handle, or both ("Michael Dawson @mhdawson"), in
// either order. Ignored: anything in parentheses after them ("(voting
// member)"), except a lone handle when the entry has none ("Ana Smith
// (@ana)"; "@ana (Ana Smith)" is only the handle); in a list item, what
// follows a comma or semicolon ("Ana Smith, Acme"); what follows " - ", " – "
// or " — "; and what follows a colon ("Ana: note taker"), unless what precedes
// the colon is a group such as "Guests", "Remote" or "Chair", whose rest is
// read as entries, or an absence such as "Absent", "Regrets" or "Apologies",
// which is no entry at all. Obsidian links keep their target ("[[Ana Smith]]").
// Not people: "None", "TBD", "-", "n/a", "Everyone" and the like, text
// without a letter, and more than five words (a sentence, not a name). An
// entry with several handles and no name is one entry per handle.

// entryMode is how attendees reads text.
type entryMode int

const (
	entryItem entryMode = iota // a list item: one entry
	entryRest                  // the rest of a label's line: entries separated by commas, "and", ...
	entryOne                   // one entry of such a rest
)

// groupLabels, before a colon in an entry, introduce more entries.
var groupLabels = map[string]bool{
	"guests": true, "guest": true, "remote": true, "online": true, "in person": true,
	"in-person": true, "on site": true, "onsite": true, "in the room": true, "observers": true,
	"observer": true, "members": true, "member": true, "chair": true, "chairs": true,
	"co-chair": true, "co-chairs": true, "scribe": true, "scribes": true, "notes": true,
	"note taker": true, "note-taker": true, "notetaker": true, "minutes": true,
	"facilitator": true, "facilitators": true, "moderator": true, "host": true, "hosts": true,
	"presenter": true, "presenters": true, "speaker": true, "speakers": true,
	"also present": true, "staff": true, "visitors": true, "visitor": true, "late": true,
	"attendees": true, "present": true, "participants": true,
}

// absentLabels, before a colon in an entry, say that the people after it were
// not there.
var absentLabels = map[string]bool{
	"absent": true, "absentees": true, "regrets": true, "apologies": true, "excused": true,
	"missing": true, "not present": true, "unable to attend": true, "declined": true,
	"away": true, "ooo": true, "out": true,
}

// nonPeople are entries that name nobody.
var nonPeople = map[string]bool{
	"none": true, "nobody": true, "no one": true, "noone": true, "tbd": true, "tba": true,
	"tbc": true, "n/a": true, "na": true, "all": true, "everyone": true, "everybody": true,
	"unknown": true, "various": true, "others": true, "etc": true,
}

// attendList reads the entries of an attendance list.
func (x *extractor) attendList(l *ast.List) {
	for c := l.FirstChild(); c != nil; c = c.NextSibling() {
		nested := false
		first := c.FirstChild()
		// A group under "Absent:" (or "Regrets", "Apologies", …) lists the
		// people who were not there.
		absent := false
		if first != nil {
			label := strings.ToLower(strings.TrimSpace(PlainText(first, x.src)))
			label = strings.TrimSpace(strings.Trim(label, ":*_ "))
			absent = absentLabels[label]
		}
		for b := c.FirstChild(); b != nil; b = b.NextSibling() {
			if sub, ok := b.(*ast.List); ok {
				nested = true
				if !absent {
					x.attendList(sub)
				}
			}
		}
		if nested || first == nil {
			continue
		}
		switch first.(type) {
		case *ast.Paragraph, *ast.TextBlock:
		default:
			continue
		}
		if _, ok := first.FirstChild().(*markdown.Checkbox); ok {
			continue
		}
		pt := &x.line
		pt.reset(false)
		pt.collect(first, x.src, nil)
		x.attendees(pt, 0, len(pt.b), entryItem)
	}
}

// attendees reads the entries in pt.b[from:to].
func (x *extractor) attendees(pt *plainLine, from, to int, mode entryMode) {
	for from < to && isSpaceByte(pt.b[from]) {
		from++
	}
	for to > from && isSpaceByte(pt.b[to-1]) {
		to--
	}
	if from >= to {
		return
	}
	s := string(pt.b[from:to])
	if mode == entryOne {
		for _, and := range []string{"and ", "And ", "& "} {
			if strings.HasPrefix(s, and) {
				x.attendees(pt, from+len(and), to, entryOne)
				return
			}
		}
	}
	if mode == entryRest {
		start := 0
		for _, sep := range splitTopLevel(s) {
			x.attendees(pt, from+start, from+sep[0], entryOne)
			start = sep[1]
		}
		x.attendees(pt, from+start, to, entryOne)
		return
	}
	if i := indexTopLevel(s, ":"); i >= 0 {
		pre := normName(s[:i])
		switch {
		case absentLabels[pre]:
			return
		case groupLabels[pre]:
			x.attendees(pt, from+i+1, to, entryRest)
			return
		}
		s = s[:i]
	}
	if mode == entryItem {
		if i := indexTopLevel(s, ",", ";"); i >= 0 {
			s = s[:i]
		}
	}
	if i := indexTopLevel(s, " - ", " – ", " — "); i >= 0 {
		s = s[:i]
	}
	head, paren := s, ""
	if i := indexTopLevel(s, "("); i >= 0 {
		head = s[:i]
		if j := strings.IndexByte(s[i:], ')'); j >= 0 {
			paren = strings.TrimSpace(s[i+1 : i+j])
		}
	}

	var names []string
	type handleAt struct {
		h  string
		at int
	}
	var handles []handleAt
	for i := 0; i < len(head); {
		for i < len(head) && isSpaceByte(head[i]) {
			i++
		}
		j := i
		for j < len(head) && !isSpaceByte(head[j]) {
			j++
		}
		if j == i {
			break
		}
		tok := head[i:j]
		if h, ok := handleToken(tok); ok {
			handles = append(handles, handleAt{h, i})
		} else {
			names = append(names, tok)
		}
		i = j
	}
	name := cleanName(strings.Join(names, " "))
	if !isPerson(name) {
		name = ""
	}
	if len(handles) == 0 {
		if h, ok := handleToken(paren); ok {
			handles = append(handles, handleAt{h, 0})
		}
	}
	at := func(i int) int { return x.entryOffset(pt, from+i, to) }
	switch {
	case len(handles) > 1 && name == "":
		for _, h := range handles {
			x.addAttendee(Attendee{Handle: h.h}, at(h.at))
		}
	case len(handles) > 0:
		x.addAttendee(Attendee{Name: name, Handle: handles[0].h}, at(0))
	case name != "":
		x.addAttendee(Attendee{Name: name}, at(0))
	}
}

// entryOffset is the body offset of the first byte at or after pt.b[i] that
// has one; -1 when none has.
func (x *extractor) entryOffset(pt *plainLine, i, to int) int {
	for ; i < to; i++ {
		if pt.off[i] >= 0 {
			return pt.off[i]
		}
	}
	return -1
}

// addAttendee adds an entry found at body offset off, unless it repeats one.
func (x *extractor) addAttendee(a Attendee, off int) {
	if off < 0 {
		return
	}
	a.Line, a.Col = x.idx.Pos(off)
	key := "n:" + strings.ToLower(a.Name)
	if a.Handle != "" {
		key = "@" + strings.ToLower(a.Handle)
	}
	if i, ok := x.attendSeen[key]; ok {
		if x.n.Attendance[i].Name == "" {
			x.n.Attendance[i].Name = a.Name
		}
		return
	}
	if x.attendSeen == nil {
		x.attendSeen = map[string]int{}
	}
	x.attendSeen[key] = len(x.n.Attendance)
	x.n.Attendance = append(x.n.Attendance, a)
}

// handleToken reads "@handle", with punctuation after it, as a handle.
func handleToken(tok string) (string, bool) {
	if !strings.HasPrefix(tok, "@") {
		return "", false
	}
	h := strings.TrimRight(tok[1:], ".,;:!?")
	if h == "" || markdown.HandleLen([]byte(h)) != len(h) {
		return "", false
	}
	return h, true
}

// cleanName is a name without Obsidian link brackets, stray emphasis and
// quotes, and punctuation at its end.
func cleanName(s string) string {
	if strings.Contains(s, "[[") {
		var b strings.Builder
		for {
			i := strings.Index(s, "[[")
			if i < 0 {
				break
			}
			j := strings.Index(s[i:], "]]")
			if j < 0 {
				break
			}
			target, _, _ := strings.Cut(s[i+2:i+j], "|")
			b.WriteString(s[:i])
			b.WriteString(target)
			s = s[i+j+2:]
		}
		b.WriteString(s)
		s = b.String()
	}
	s = strings.Trim(s, " \t*_~\"'“”‘’`")
	s = strings.TrimRight(s, " \t.,;:!?")
	return strings.Join(strings.Fields(s), " ")
}

// isPerson reports whether a name names someone: it has a letter, is not a
// word such as "None" or "TBD", and has at most five words.
func isPerson(name string) bool {
	if name == "" || nonPeople[strings.ToLower(name)] || len(strings.Fields(name)) > 5 {
		return false
	}
	return strings.IndexFunc(name, unicode.IsLetter) >= 0
}

// indexTopLevel is the index of the first of seps in s outside parentheses
// and brackets, -1 when there is none.
func indexTopLevel(s string, seps ...string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		if depth == 0 {
			for _, sep := range seps {
				if strings.HasPrefix(s[i:], sep) {
					return i
				}
			}
		}
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return -1
}

// splitTopLevel returns the separators between the entries of a line's rest,
// outside parentheses and brackets: ',', ';', " and ", " & ".
func splitTopLevel(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		j := indexTopLevel(s[i:], ",", ";", " and ", " & ")
		if j < 0 {
			break
		}
		n := 1
		if s[i+j] == ' ' {
			n = len(" & ")
			if s[i+j+1] == 'a' {
				n = len(" and ")
			}
		}
		out = append(out, [2]int{i + j, i + j + n})
		i += j + n
	}
	return out
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' }
