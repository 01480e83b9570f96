package edit

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// TemplatePath is where a site overrides the body of new notes, under its
// content folder. The folder starts with "_", so the template is not a note.
const TemplatePath = "_templates/meeting.md"

// DefaultTemplate is the body of a new note when the site has no
// _templates/meeting.md. A template is a Go text/template for the body only
// (recap writes the front matter) and sees a *Meeting: .Title, .Date (a
// time.Time in the site's time zone: {{.Date.Format "Monday 2 January"}}),
// .Attendees (the strings written to the front matter), .Tags, .Series (the
// series' name, empty when none) and .Carried, the series' open actions, each
// with .Line (the Markdown line to write), .Text, .Owner (a person id, empty
// when unassigned), .Status, .Due and .Source ("path:line" of the latest
// occurrence). .CarriedPrivate holds the open actions whose latest occurrence
// was private (in a [!private] callout or a privateSections section); the
// default template puts them in a [!private] callout so they stay out of
// recap share. A template that leaves out .Carried (or .CarriedPrivate) gets
// no carried (private) items.
const DefaultTemplate = `{{if .Carried}}## Open from earlier

{{range .Carried}}{{.Line}}
{{end}}
{{end}}{{if .CarriedPrivate}}> [!private] Open from earlier, private
{{range .CarriedPrivate}}> {{.Line}}
{{end}}
{{end}}## Agenda

- 

## Notes


## Action items

<!-- One per line: - [ ] @owner What needs doing 📅 YYYY-MM-DD -->

## Reflection

`

// Meeting is a note that recap new is about to write.
type Meeting struct {
	Title     string
	Date      time.Time // in the site's time zone
	DateOnly  bool      // write the date without a time of day
	Attendees []string  // as written to the front matter: person ids where known
	Tags      []string
	Series    string // the series' name; written to the front matter only when SetSeries
	SetSeries bool
	Carried   []Carried
	// CarriedPrivate are the open actions last written in a private place.
	CarriedPrivate []Carried
	Rel            string // the note's path under the content folder, "2026/2026-11-24-dev-sam-1-1.md"
}

// Carried is one open action carried into a new note.
type Carried struct {
	Line   string // the Markdown line: "- [ ] @dev Draft the roadmap 📅 2026-11-20"
	Text   string
	Owner  string // person id; empty when unassigned
	Status string // open or in-progress
	Due    string // YYYY-MM-DD or empty
	Source string // "content/2026/2026-11-16-dev.md:7", the latest occurrence

	occurrence *journal.Occurrence
}

// NewOptions are the flags of recap new.
type NewOptions struct {
	With      string   // a person (id, alias or name): a 1:1 with them
	Series    string   // the series' name
	Attendees []string // ids, aliases or names
	Title     string
	Date      time.Time // in the site's time zone
	DateOnly  bool
	Tags      []string
	// Private, when set, reports whether an occurrence stands in a private
	// place of its note; such actions are carried as CarriedPrivate.
	Private func(o *journal.Occurrence) bool
}

// PlanMeeting decides what recap new writes:
//
//   - Attendees are --attendees plus, with --with, the journal's owner (config
//     `me`) and that person. Without `me`, --with uses the one pair series the
//     person already has, and otherwise needs --series. Names that match a
//     person are written as the person's id; others as typed.
//   - The series is --series, else the pair of exactly two attendees (the two
//     ids sorted and joined by "-", as the journal names it). Only an explicit
//     --series is written to the front matter: a pair is implied.
//   - The title is --title, else the title of the series' latest meeting, else
//     "1:1 with NAME" for --with, else the series' name, else "Meeting".
//   - Carried are the series' open actions (open or in progress, as of the
//     journal's time), in the order they first appeared; those whose latest
//     occurrence o.Private reports private go to CarriedPrivate instead.
//   - The file is YYYY/YYYY-MM-DD-SLUG.md with SLUG the title in lowercase
//     ASCII letters, digits and dashes ("meeting" when nothing is left).
func PlanMeeting(j *journal.Journal, o NewOptions) (*Meeting, error) {
	m := &Meeting{Date: o.Date, DateOnly: o.DateOnly, Tags: o.Tags}
	var ids []string
	add := func(s string) {
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
		if s == "" {
			return
		}
		w, id := s, strings.ToLower(s)
		if p := j.Lookup(s); p != nil {
			w, id = p.ID, p.ID
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
			m.Attendees = append(m.Attendees, w)
		}
	}
	var with *journal.Person
	if o.With != "" {
		with = j.Lookup(o.With)
		if with == nil {
			return nil, fmt.Errorf("--with %q names nobody in the journal; people: %s", o.With, peopleList(j))
		}
		switch me := j.Config.Me; {
		case me != "" && me != with.ID:
			add(me)
		case me == with.ID:
			return nil, fmt.Errorf("--with %q is you (config.toml's me); name the other person", o.With)
		case o.Series == "":
			var other *journal.Person
			n := 0
			for _, s := range j.Series {
				if s.Pair && len(s.People) == 2 && slices.Contains(s.People, with) {
					n++
					other = s.People[0]
					if other == with {
						other = s.People[1]
					}
				}
			}
			if n != 1 {
				return nil, fmt.Errorf("--with %q: set me = \"your-id\" in config.toml (or pass --series) so recap knows whose 1:1 this is", o.With)
			}
			add(other.ID)
		}
		add(with.ID)
	}
	for _, a := range o.Attendees {
		add(a)
	}
	switch {
	case strings.TrimSpace(o.Series) != "":
		m.Series, m.SetSeries = strings.TrimSpace(o.Series), true
	case len(ids) == 2:
		pair := slices.Clone(ids)
		slices.Sort(pair)
		m.Series = pair[0] + "-" + pair[1]
	}
	var series *journal.Series
	if m.Series != "" {
		key := slug.Make(m.Series)
		for _, s := range j.Series {
			if s.ID == key {
				series = s
			}
		}
	}
	switch {
	case strings.TrimSpace(o.Title) != "":
		m.Title = strings.TrimSpace(o.Title)
	case series != nil && len(series.Meetings) > 0:
		m.Title = series.Meetings[len(series.Meetings)-1].Title
	case with != nil:
		m.Title = "1:1 with " + with.Name
	case m.SetSeries:
		m.Title = m.Series
	default:
		m.Title = "Meeting"
	}
	if series != nil {
		for _, c := range CarryForward(series) {
			if o.Private != nil && o.Private(c.occurrence) {
				m.CarriedPrivate = append(m.CarriedPrivate, c)
			} else {
				m.Carried = append(m.Carried, c)
			}
		}
	}
	day := m.Date.Format(time.DateOnly)
	m.Rel = path.Join(day[:4], day+"-"+FileSlug(m.Title)+".md")
	return m, nil
}

func peopleList(j *journal.Journal) string {
	if len(j.People) == 0 {
		return "none yet (add [people.ID] tables to config.toml)"
	}
	ids := make([]string, len(j.People))
	for i, p := range j.People {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}

// CarryForward returns a series' open actions as lines for a new note. Each
// line is the latest occurrence's own line ("- [c] " and the text after the
// checkbox as written), so the owner, dates, id and syntax stay as the user
// wrote them; an action written as prose becomes "- [ ] " and its text, with
// [owner:: ID] when the text alone no longer names its owner. When the due date came from an earlier occurrence, it is
// appended in that occurrence's syntax.
func CarryForward(s *journal.Series) []Carried {
	var out []Carried
	for _, a := range s.Actions {
		if !a.IsOpen() {
			continue
		}
		o := a.Latest()
		char := o.Char
		raw := strings.TrimRight(o.Raw, " \t")
		if o.Inferred {
			// An action written as prose ("Rosa to …", "AI(rosa): …") becomes
			// a task item; an owner its text no longer gives is written out.
			char = ' '
			if a.Owner != nil && (o.Item.Owner == "" || (o.OwnerField && !strings.Contains(raw, "owner::"))) {
				raw += " [owner:: " + a.Owner.ID + "]"
			}
		}
		ln := strings.TrimRight("- ["+string(char)+"] "+raw, " ")
		if o.Due == "" && a.Due != "" {
			syn := note.SyntaxEmoji
			for _, e := range a.Occurrences {
				if e.Due == a.Due && e.DateSyntax != "" {
					syn = e.DateSyntax
				}
			}
			ln += dueToken(syn, a.Due)
		}
		c := Carried{Line: ln, Text: a.Text, Status: string(a.Status), Due: a.Due, Source: fmt.Sprintf("%s:%d", a.Source(), a.Line()), occurrence: o}
		if a.Owner != nil {
			c.Owner = a.Owner.ID
		}
		out = append(out, c)
	}
	return out
}

func dueToken(s note.Syntax, date string) string {
	switch s {
	case note.SyntaxTodoTxt:
		return " due:" + date
	case note.SyntaxDataview:
		return " [due:: " + date + "]"
	}
	return " 📅 " + date
}

// FileSlug is a title as a file name: lowercase ASCII letters and digits, with
// accents dropped ("Café" is "cafe") and every other run of characters a
// single "-", at most 60 bytes. It is "meeting" when nothing is left.
func FileSlug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = s[:60]
		if i := strings.LastIndexByte(s, '-'); i > 20 {
			s = s[:i]
		}
	}
	if s == "" {
		return "meeting"
	}
	return s
}

// Render returns the note's text: TOML front matter, then the body from tmpl
// (DefaultTemplate when empty). A template that starts with front matter is
// refused, since recap writes the front matter itself.
func (m *Meeting) Render(tmpl string) ([]byte, error) {
	if tmpl == "" {
		tmpl = DefaultTemplate
	}
	tmpl = strings.TrimPrefix(tmpl, "\uFEFF")
	if first, _, _ := strings.Cut(tmpl, "\n"); strings.TrimRight(first, " \t\r") == "+++" || strings.TrimRight(first, " \t\r") == "---" {
		return nil, fmt.Errorf("the template starts with front matter; it should hold only the body (recap writes the front matter)")
	}
	t, err := template.New("meeting").Option("missingkey=error").Parse(tmpl)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %s\n", tomlString(m.Title))
	if m.DateOnly {
		fmt.Fprintf(&b, "date = %s\n", m.Date.Format(time.DateOnly))
	} else {
		fmt.Fprintf(&b, "date = %s\n", m.Date.Format("2006-01-02T15:04:05"))
	}
	fmt.Fprintf(&b, "attendees = %s\n", tomlArray(m.Attendees))
	if len(m.Tags) > 0 {
		fmt.Fprintf(&b, "tags = %s\n", tomlArray(m.Tags))
	}
	if m.SetSeries {
		fmt.Fprintf(&b, "series = %s\n", tomlString(m.Series))
	}
	b.WriteString("reviewed = false\n+++\n")
	if err := t.Execute(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func tomlArray(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = tomlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
