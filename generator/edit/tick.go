package edit

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/recapjournal/recap/generator/markdown"
	"github.com/recapjournal/recap/generator/note"
)

// ErrCancelled is returned by TickItem for a cancelled item: recap does not
// guess whether it was done after all.
var ErrCancelled = errors.New("the action item is cancelled ([-]); change it by hand if it was done after all")

// TickItem marks the action item it of the note in src (the file's bytes, BOM
// included; it comes from parsing src) done on date (YYYY-MM-DD):
//
//   - its checkbox character, whatever it is (" ", "/", "?", ...), becomes "x";
//   - a done date is appended to the item's first line in the item's own
//     syntax: " ✅ D" for Obsidian Tasks emoji, " done:D" for todo.txt,
//     " [completion:: D]" for Dataview. The syntax is that of the item's due
//     date, else of its first date, else of its first field of any kind
//     ([owner:: X] is Dataview), else emoji. It goes before trailing white space (which may be a Markdown
//     hard line break) and before a trailing backslash break. An item that
//     already carries a done date keeps it and gets no second one.
//   - an item written as prose ("Action item: …") has no checkbox: it gets
//     " done:D" at the end of its first line, and nothing else changes.
//
// An item that is already done is returned as it is (the same slice, so the
// caller can tell nothing changed). A cancelled one is refused with
// ErrCancelled. The result is parsed again and refused when the item would not
// read as done on date with the same text, owner and due date, or when any
// other item would change.
func TickItem(src []byte, it note.Item, date string) ([]byte, error) {
	if _, ok := note.ParseDate(date); !ok {
		return nil, fmt.Errorf("done date %q is not a YYYY-MM-DD date", date)
	}
	if it.Status == note.Done {
		return src, nil
	}
	if it.Status == note.Cancelled {
		return nil, ErrCancelled
	}
	if it.Offset < 0 || it.LineEnd > len(src) || it.Offset >= it.LineEnd {
		return nil, errors.New("the action item is not where the note says; was the note changed?")
	}
	if it.Inferred {
		// An item written as prose has no checkbox: a done date in the
		// todo.txt syntax at the end of its line is all that changes.
		at := lineEndBeforeBreak(src, it.Offset, it.LineEnd)
		out := make([]byte, 0, len(src)+16)
		out = append(out, src[:at]...)
		out = append(out, doneToken(note.SyntaxTodoTxt, date)...)
		out = append(out, src[at:]...)
		if err := verifyTick(src, out, it, date); err != nil {
			return nil, err
		}
		return out, nil
	}
	c, n := markdown.CheckboxPrefix(src[it.Offset:it.LineEnd])
	if n == 0 || c != it.Char {
		return nil, errors.New("the action item is not where the note says; was the note changed?")
	}
	w := utf8.RuneLen(c)
	out := make([]byte, 0, len(src)+32)
	out = append(out, src[:it.Offset+1]...)
	out = append(out, 'x')
	if it.DoneDate != "" {
		out = append(out, src[it.Offset+1+w:]...)
	} else {
		at := max(lineEndBeforeBreak(src, it.Offset, it.LineEnd), it.Offset+2+w) // never inside the checkbox
		out = append(out, src[it.Offset+1+w:at]...)
		syn := it.DateSyntax
		if syn == "" {
			syn = it.FieldSyntax
		}
		out = append(out, doneToken(syn, date)...)
		out = append(out, src[at:]...)
	}
	if err := verifyTick(src, out, it, date); err != nil {
		return nil, err
	}
	return out, nil
}

// lineEndBeforeBreak is where a date goes on the line src[start:end]: before
// trailing white space (which may be a Markdown hard line break) and a
// trailing backslash break.
func lineEndBeforeBreak(src []byte, start, end int) int {
	at := end
	for at > start && (src[at-1] == ' ' || src[at-1] == '\t') {
		at--
	}
	if at > start && src[at-1] == '\\' {
		at--
		for at > start && (src[at-1] == ' ' || src[at-1] == '\t') {
			at--
		}
	}
	return at
}

// doneToken is a done date in a syntax, with the space before it.
func doneToken(s note.Syntax, date string) string {
	switch s {
	case note.SyntaxTodoTxt:
		return " done:" + date
	case note.SyntaxDataview:
		return " [completion:: " + date + "]"
	}
	return " ✅ " + date
}

// verifyTick parses both versions and checks that only the item changed, and
// that it reads as done on date.
func verifyTick(src, out []byte, it note.Item, date string) error {
	const p = "2000-01-01-verify.md" // the file name gives a date to notes without one
	before, _ := note.Parse(p, src, note.Options{Location: time.UTC})
	after, diags := note.Parse(p, out, note.Options{Location: time.UTC})
	fail := func(why string) error {
		return fmt.Errorf("recap cannot tick this action item safely (%s); tick it by hand", why)
	}
	if before == nil {
		return fail("the note does not parse")
	}
	if after == nil {
		return fail("the edited note would not parse: " + diags.Errors().Error())
	}
	if len(before.Items) != len(after.Items) {
		return fail("the edit would change the note's list of action items")
	}
	found := false
	for i := range after.Items {
		a, b := after.Items[i], before.Items[i]
		if a.Line == it.Line && b.Offset == it.Offset {
			found = true
			want := it.DoneDate
			if want == "" {
				want = date
			}
			if a.Status != note.Done || a.DoneDate != want {
				return fail("the item would not read as done on " + date)
			}
			if a.Text != b.Text || a.Owner != b.Owner || a.OwnerHint != b.OwnerHint || a.Due != b.Due || a.ID != b.ID || a.Priority != b.Priority {
				return fail("the edit would change the item's text or fields")
			}
			continue
		}
		if a.Text != b.Text || a.Status != b.Status || a.Owner != b.Owner || a.Due != b.Due || a.DoneDate != b.DoneDate || a.Line != b.Line {
			return fail("the edit would change another action item")
		}
	}
	if !found {
		return fail("the item is not in the note")
	}
	if before.Title != after.Title || !before.Date.Equal(after.Date) || before.Reviewed != after.Reviewed {
		return fail("the edit would change the note's front matter")
	}
	return nil
}
