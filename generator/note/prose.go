package note

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/recapjournal/recap/generator/markdown"
)

// Action items written as prose.
//
// Besides task-list items, these are action items (Item.Inferred), open
// unless they say otherwise:
//
//   - a line of a paragraph or of a list item that starts with a label:
//     "Action:", "Action item(s):", "TODO:", "To-do:", "Follow-up:",
//     "Follow up:", any of these with an owner in parentheses ("TODO(ana):"),
//     "AI(owner):", or "AI:" when the label is wrapped in emphasis ("*AI:*",
//     "**AI**:"; a bare "AI:" is about artificial intelligence). Any case; the
//     label, with or without its colon, may be wrapped in "*", "**" or "_".
//     The item is the rest of the line. Every line of a paragraph counts, not
//     only its first: notes often stack "**Decision:** …" and "**Action:** …"
//     lines in one paragraph.
//   - each item of a plain list (one without task items) that directly
//     follows a heading or a line label (a paragraph whose last line is the
//     label and a colon, or a paragraph that is only the label) named "Action
//     items", "Actions", "Next steps", "Follow-ups" or "To do" (any level, any
//     case, with or without a colon, singular or plural, "todo", "to-do" and
//     "follow ups" too). Only the list's own items are actions: a list nested
//     in one of them is part of that item. The item is its first line.
//
// An item is done when it carries a done date, cancelled when it carries a
// cancelled date or when its whole text is struck through ("~~…~~"). Its
// owner is [owner:: X], else the owner in the label's parentheses, else its
// first @mention, else none, with OwnerHint the leading "Name to …",
// "Name will …" or "Name: …" as written. An item whose text is "none", "n/a",
// "-" or empty is not an item, and a task item is never an item a second time.

// labelKind is what a heading or a line label names.
type labelKind int

const (
	noLabel labelKind = iota
	attendanceLabel
	actionsLabel
)

// actionLabel matches the label of an action item at the start of a line of
// plain text: the label, an optional owner in parentheses, and the colon.
var actionLabel = regexp.MustCompile(`(?i)^(action[ -]?items?|actions?|to[ -]?dos?|follow[ -]?ups?|ai)(?:\(([^()]*)\))?[ \t]*:`)

// labelWords are the first words of the lines prose looks at: a quick test
// before a block's text is collected.
var labelWords = map[string]bool{
	"action": true, "actions": true, "todo": true, "todos": true, "to": true, "follow": true,
	"followup": true, "followups": true, "ai": true, "next": true,
	"attendees": true, "attendee": true, "present": true, "participants": true,
	"participant": true, "attendance": true, "roll": true, "rollcall": true, "who": true,
}

// attendanceNames name an attendance list.
var attendanceNames = map[string]bool{
	"attendees": true, "attendee": true, "present": true, "participants": true,
	"participant": true, "attendance": true, "roll call": true, "rollcall": true, "who": true,
}

// actionListNames name a list of actions, after normName and actionName.
var actionListNames = map[string]bool{
	"action item": true, "actionitem": true, "action": true, "next step": true,
	"follow up": true, "followup": true, "to do": true, "todo": true,
}

// normName lowercases a label, collapses its spaces, and drops a trailing
// colon and a trailing parenthesised remark ("Attendees (5):").
func normName(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.TrimSpace(strings.TrimSuffix(s, ":"))
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	return strings.TrimSpace(strings.TrimSuffix(s, ":"))
}

// actionName is a normalised name as actionListNames spells it: hyphens as
// spaces and no plural "s".
func actionName(s string) string {
	s = strings.ReplaceAll(s, "-", " ")
	return strings.TrimSuffix(s, "s")
}

// listLabel says what a heading's text or a line label names. A line label
// (heading false) must end in a colon unless whole is set (the paragraph is
// only the label).
func listLabel(text string, whole bool) labelKind {
	t := strings.TrimSpace(text)
	if !whole && !strings.HasSuffix(t, ":") {
		return noLabel
	}
	n := normName(t)
	switch {
	case attendanceNames[n]:
		return attendanceLabel
	case actionListNames[actionName(n)]:
		return actionsLabel
	}
	return noLabel
}

// mayHaveLabel reports whether a line of b may start with a label, from the
// first word of each line of its source: most paragraphs are skipped without
// collecting their text.
func mayHaveLabel(b ast.Node, src []byte) bool {
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		l := seg.Value(src)
		j := 0
		for j < len(l) && (l[j] == ' ' || l[j] == '\t' || l[j] == '*' || l[j] == '_' || l[j] == '~' || l[j] == '[') {
			j++
		}
		k := j
		for k < len(l) && k-j < 16 && (l[k]|0x20 >= 'a' && l[k]|0x20 <= 'z') {
			k++
		}
		if k > j && labelWords[strings.ToLower(string(l[j:k]))] {
			return true
		}
	}
	return false
}

// labelledList handles a list that directly follows a heading or a line label:
// an attendance list is read, and a plain list of actions is remembered so
// that its items become actions when the walk reaches them.
func (x *extractor) labelledList(l *ast.List) {
	if x.label.node == nil || l.PreviousSibling() != x.label.node {
		return
	}
	switch x.label.kind {
	case attendanceLabel:
		x.attendList(l)
	case actionsLabel:
		for c := l.FirstChild(); c != nil; c = c.NextSibling() {
			if first := c.FirstChild(); first != nil {
				if _, ok := first.FirstChild().(*markdown.Checkbox); ok {
					return // a task list: its task items are the actions
				}
			}
		}
		if x.actionLists == nil {
			x.actionLists = map[*ast.List]bool{}
		}
		x.actionLists[l] = true
	}
}

// prose reads a paragraph or a list item's text block: the action items and
// attendance entries its lines start with, the action it is as an item of a
// list of actions, and whether its last line labels the list after it.
func (x *extractor) prose(b ast.Node) {
	li, _ := b.Parent().(*ast.ListItem)
	firstOfItem := li != nil && li.FirstChild() == b
	if firstOfItem {
		if _, ok := b.FirstChild().(*markdown.Checkbox); ok {
			return // a task item
		}
	}
	listed := false
	if firstOfItem {
		l, _ := li.Parent().(*ast.List)
		listed = x.actionLists[l]
	}
	if !listed && !mayHaveLabel(b, x.src) {
		return
	}
	pt := &x.line
	pt.reset(true)
	pt.collect(b, x.src, nil)
	n := pt.lines()
	for k := 0; k < n; k++ {
		from, to := pt.lineRange(k)
		for from < to && (pt.b[from] == ' ' || pt.b[from] == '\t') {
			from++
		}
		line := string(pt.b[from:to])
		labelled := false
		if m := actionLabel.FindStringSubmatchIndex(line); m != nil && x.labelled(b, pt, from, to, m) {
			if strings.TrimSpace(line[m[1]:]) != "" || k < n-1 {
				continue
			}
			labelled = true // "Action items:" alone may label the list after it
		}
		if k == 0 && listed && !labelled && b.Lines().Len() > 0 {
			x.proseItem(b, pt, from, to, b.Lines().At(0).Start, "")
			continue
		}
		if i := strings.IndexByte(line, ':'); i > 0 && !pt.code[from+i] && attendanceNames[normName(line[:i])] {
			if rest := strings.TrimSpace(line[i+1:]); rest != "" {
				x.attendees(pt, from+i+1, to, entryRest)
				continue
			}
		}
		if k == n-1 {
			if kind := listLabel(line, n == 1); kind != noLabel && !pt.code[from] {
				if _, ok := b.NextSibling().(*ast.List); ok {
					x.label.node, x.label.kind = b, kind
				}
			}
		}
	}
}

// labelled makes the action item of a line that starts with a label: m is
// actionLabel's match in the line pt.b[from:to]. It reports whether the line
// had a label (an item or, when the rest is empty, none).
func (x *extractor) labelled(b ast.Node, pt *plainLine, from, to int, m []int) bool {
	for i := from; i < from+m[1]; i++ {
		if pt.code[i] {
			return false
		}
	}
	word := strings.ToLower(string(pt.b[from+m[2] : from+m[3]]))
	owner := ""
	if m[4] >= 0 {
		owner = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(pt.b[from+m[4]:from+m[5]])), "@"))
	}
	colon := from + m[1] - 1
	if word == "ai" && m[4] < 0 && !emphasised(pt, from, from+m[3], colon+1) {
		return false // "AI: the model is slow"
	}
	// The item starts after the label, its colon and the emphasis that closes
	// it ("**Action item:** text"), and the white space after them.
	start := -1
	if o := pt.off[colon]; o >= 0 {
		p := o + 1
		if closes(pt, colon+1) {
			for p < len(x.src) && p < o+4 && (x.src[p] == '*' || x.src[p] == '_') {
				p++
			}
		}
		for p < len(x.src) && (x.src[p] == ' ' || x.src[p] == '\t') {
			p++
		}
		start = p
	}
	t := colon + 1
	for t < to && (pt.b[t] == ' ' || pt.b[t] == '\t') {
		t++
	}
	if start < 0 {
		for i := t; i < to; i++ {
			if pt.off[i] >= 0 {
				start = pt.off[i]
				break
			}
		}
	}
	if start < 0 {
		return true
	}
	x.proseItem(b, pt, t, to, start, owner)
	return true
}

// emphasised reports whether the label pt.b[from:end] (with its colon, up to
// colonEnd) is wrapped in emphasis of its own: an emphasis span that starts
// with it and ends with it or with its colon.
func emphasised(pt *plainLine, from, end, colonEnd int) bool {
	for _, e := range pt.emph {
		if e[0] == from && (e[1] == end || e[1] == colonEnd) {
			return true
		}
	}
	return false
}

// closes reports whether an emphasis span ends at i.
func closes(pt *plainLine, i int) bool {
	for _, e := range pt.emph {
		if e[1] == i && e[0] < i {
			return true
		}
	}
	return false
}

// proseItem adds the action item pt.b[from:to], which starts at src offset off
// in block b; owner is the owner written in its label.
func (x *extractor) proseItem(b ast.Node, pt *plainLine, from, to, off int, owner string) {
	depth, private := 0, false
	for p := b.Parent(); p != nil; p = p.Parent() {
		switch v := p.(type) {
		case *ast.ListItem:
			depth++
		case *markdown.Callout:
			private = private || v.CalloutKind == "private"
		}
	}
	if depth > 0 {
		depth--
	}
	it := Item{Status: Open, Depth: depth, Private: private, Inferred: true}
	fileOff, lineEnd := x.place(&it, off)
	it.Raw = string(x.file[fileOff:lineEnd])
	diags := len(x.n.Diags)
	mark := x.fields(&it, pt.sub(from, to))
	mark.owner = -1 // "Follow-up: @sam to publish it" reads as a sentence: the mention stays
	if notAnItem(it.Text) {
		x.n.Diags = x.n.Diags[:diags] // a date in "Action: none 📅 2026-02-30" is no item's
		return
	}
	if owner != "" && !it.OwnerField {
		it.Owner, it.OwnerField = owner, true
	}
	if it.Owner == "" {
		it.OwnerHint = ownerHint(it.Text)
	}
	switch {
	case it.DoneDate != "":
		it.Status = Done
	case it.Cancelled != "" || struck(pt, from, to):
		it.Status = Cancelled
	}
	x.n.Items = append(x.n.Items, it)
	x.addMark(b, it.Line, mark)
}

// notAnItem reports whether an item's text says there is nothing to do.
func notAnItem(text string) bool {
	t := strings.ToLower(strings.Trim(text, " .()"))
	switch t {
	case "", "none", "n/a", "na", "nothing", "-", "--", "–", "—", "tbd":
		return true
	}
	return false
}

// struck reports whether every letter or digit of pt.b[from:to] is struck through.
func struck(pt *plainLine, from, to int) bool {
	seen := false
	for i := from; i < to; {
		r, w := utf8.DecodeRune(pt.b[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			in := false
			for _, s := range pt.strike {
				if s[0] <= i && i < s[1] {
					in = true
					break
				}
			}
			if !in {
				return false
			}
			seen = true
		}
		i += w
	}
	return seen
}

// hintRE matches "Name to …", "Name will …" and "Name: …": Name is up to three
// capitalised words or one handle-like word.
var hintRE = regexp.MustCompile(`^(\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*){0,2}|[\p{L}\p{N}_][\p{L}\p{N}_.-]*)(?:[ \t]+(?:to|will)[ \t]+\S|[ \t]*:[ \t]*\S)`)

// notNames are words that start "… to …" or "… will …" sentences and name
// nobody.
var notNames = map[string]bool{
	"i": true, "we": true, "you": true, "they": true, "he": true, "she": true, "it": true,
	"everyone": true, "everybody": true, "all": true, "someone": true, "somebody": true,
	"nobody": true, "team": true, "this": true, "that": true, "who": true, "one": true,
	"need": true, "needs": true, "plan": true, "note": true, "also": true, "then": true,
}

// ownerHint is the leading name of "Name to …", "Name will …" or "Name: …" in
// an item's text, as written; "" when there is none.
func ownerHint(text string) string {
	m := hintRE.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	name := strings.TrimRight(m[1], ".-'’")
	first, _, _ := strings.Cut(name, " ")
	if name == "" || notNames[strings.ToLower(first)] {
		return ""
	}
	return name
}
