package edit

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// TemplatePath is where a site overrides the body of new notes, under its
// content folder. The folder starts with "_", so the template is not a note.
const TemplatePath = "_templates/meeting.md"

// DefaultTemplate is the body of a new note when the site has no
// _templates/meeting.md. A template is a Go text/template that sees a
// *Meeting:
//
//   - .Title, .Date (a time.Time in the site's time zone:
//     {{.Date.Format "Monday 2 January"}}), .Attendees (the strings written to
//     the front matter), .Tags and .Series (the series' name, empty when
//     none);
//   - .Carried, the series' open actions, each with .Line (the Markdown line
//     to write), .Text, .Owner (a person id, empty when unassigned), .Status,
//     .Due and .Source ("path:line" of the latest occurrence);
//     .CarriedPrivate holds the open actions whose latest occurrence was
//     private (in a [!private] callout or a privateSections section): the
//     default template puts them in a [!private] callout so they stay out of
//     recap share;
//   - .TalkingPoints, the talking points to raise ("- [?] …"), each with
//     .Line (the Markdown line, "- [?] " and the text as last written,
//     ⏳/t:/[scheduled::] tokens kept), .Text and .Source ("path:line");
//   - .Topics, the open topics (pages) to raise with the person of --with,
//     each with .Title, .Link (the topic's note relative to the new note,
//     "../topics/reorg.md", which the built site turns into a link to its
//     page), .Markdown (the two as a Markdown link) and .Source (its path
//     from the site root).
//
// A template that leaves out .Carried (or .CarriedPrivate, .TalkingPoints,
// .Topics) gets none of them in the note.
//
// The template may start with front matter, TOML between "+++" lines or YAML
// between "---" lines, as a Hugo archetype does; see Meeting.Render.
const DefaultTemplate = `{{if or .Carried .TalkingPoints}}## Open from earlier

{{range .Carried}}{{.Line}}
{{end}}{{range .TalkingPoints}}{{.Line}}
{{end}}
{{end}}{{if .CarriedPrivate}}> [!private] Open from earlier, private
{{range .CarriedPrivate}}> {{.Line}}
{{end}}
{{end}}## Agenda

{{range .Topics}}- {{.Markdown}}
{{end}}- 

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
	// TalkingPoints are the talking points carried into the note; Topics the
	// topics linked under its agenda.
	TalkingPoints []TalkingPoint
	Topics        []Topic
	Rel           string // the note's path under the content folder, "2026/2026-11-24-dev-sam-1-1.md"
	// Notices are what recap new says about its choices on standard error,
	// one line each, without the "recap new: " prefix.
	Notices []string
	// PointsFrom says where the talking points came from, for recap new's
	// report: "for dev" (an agenda) or "from the series NAME".
	PointsFrom string
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

// TalkingPoint is one open talking point carried into a new note.
type TalkingPoint struct {
	Line   string // the Markdown line: "- [?] How is the on-call load? ⏳ 2026-11-20"
	Text   string
	Source string // "content/2026/2026-11-16-dev.md:9", the latest occurrence
}

// Topic is an open topic (a page naming the person) linked from a new note.
type Topic struct {
	Title    string
	Link     string // the topic's note relative to the new note, escaped for a Markdown link
	Markdown string // "[Title](Link)", with the title escaped
	Source   string // "content/topics/reorg.md"
}

// NewOptions are the flags of recap new.
type NewOptions struct {
	With      string   // a person (id, alias, name or "me"): the series of their agenda
	Series    string   // the series' name
	Attendees []string // ids, aliases or names; "me" is config.toml's me
	Title     string
	Date      time.Time // in the site's time zone
	DateOnly  bool
	Tags      []string
	// Private, when set, reports whether an occurrence stands in a private
	// place of its note; such actions are carried as CarriedPrivate.
	Private func(o *journal.Occurrence) bool
}

// PlanMeeting decides what recap new writes.
//
//   - --with P names P as recap's other commands do (an id, an alias, a full
//     name or "me"; journal.Find), and the meeting continues the series of
//     P's agenda (journal.Agenda: the 1:1 of P and me, else P's most recent
//     series), named or not. When that series is not a 1:1 of P and me, a
//     Notice says which series it continues and how to start a 1:1 instead.
//     When P has no series, the meeting starts one: a 1:1 of me and P (an
//     error without me, unless --series names the series).
//   - --series NAME names the series (it is written to the front matter);
//     without --series or --with, exactly two attendees continue or start
//     the series of that pair.
//   - A meeting that continues a series gets the attendees and tags of its
//     latest meeting, then P and the --attendees and --tags. Names that
//     match a person are written as the person's id, "me" as config.toml's
//     me; others as typed. The series' name is written to the front matter
//     when the series has a name of its own, or when the attendees are no
//     longer the pair a pair series is named after.
//   - The title is --title, else the title the series' meetings use most
//     often (a date in a title counts as any date and becomes the new one;
//     a tie goes to the most recent), else "1:1 with NAME" for --with or
//     two attendees of whom one is me, else the series' name, else
//     "Meeting".
//   - Carried are the series' open actions (open or in progress, as of the
//     journal's time), in the order they first appeared; those whose latest
//     occurrence o.Private reports private go to CarriedPrivate instead.
//   - TalkingPoints are, with --with, the talking points of P's agenda,
//     otherwise the series' open talking points whose scheduled day has
//     come, oldest first, each once (by normalised text). A point of P's
//     agenda from another series or a page is left out when the series has
//     a point of the same text, open or settled. Topics are, with --with,
//     the open topics of P's agenda.
//   - The file continues the series' latest meeting: its path with the date
//     in the file name replaced by the new one (YYYY-MM-DD, also with '_' or
//     '.' between the parts, or MM-DD in a year folder), and a year folder
//     YYYY/ in the path by the new year. With --title, or when that file
//     name holds no date, it is the new date and a slug in the latest
//     meeting's folder (--title) or YYYY/ (the series' name). A new series'
//     file is YYYY/YYYY-MM-DD-SLUG.md with SLUG the title (see FileSlug).
func PlanMeeting(j *journal.Journal, o NewOptions) (*Meeting, error) {
	m := &Meeting{Date: o.Date, DateOnly: o.DateOnly}
	me := j.Me()
	meID := ""
	if me != nil {
		meID = me.ID
	} else if j.Config.Me != "" {
		meID = strings.ToLower(strings.TrimSpace(j.Config.Me))
	}
	var ids []string
	add := func(s string) {
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
		if s == "" {
			return
		}
		w, id := s, strings.ToLower(s)
		if p := j.Lookup(s); p != nil {
			w, id = p.ID, p.ID
		} else if strings.EqualFold(s, "me") && meID != "" {
			w, id = meID, meID
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
			m.Attendees = append(m.Attendees, w)
		}
	}
	tagSeen := map[string]bool{}
	addTag := func(t string) {
		if k := note.NormTag(t); k != "" && !tagSeen[k] {
			tagSeen[k] = true
			m.Tags = append(m.Tags, strings.TrimSpace(t))
		}
	}

	var with *journal.Person
	var ag *journal.Agenda
	if strings.TrimSpace(o.With) != "" {
		p, err := j.Find(o.With)
		if err != nil {
			return nil, fmt.Errorf("--with %w", err)
		}
		if p == me || (meID != "" && p.ID == meID) {
			return nil, fmt.Errorf("--with %q is you (config.toml's me = %q): you cannot have a 1:1 with yourself; name the other person", o.With, j.Config.Me)
		}
		with, ag = p, j.Agenda(p)
	}

	// The series.
	var series *journal.Series
	findSeries := func(name string) *journal.Series {
		key := slug.Make(name)
		for _, s := range j.Series {
			if s.ID == key {
				return s
			}
		}
		return nil
	}
	switch {
	case strings.TrimSpace(o.Series) != "":
		m.Series, m.SetSeries = strings.TrimSpace(o.Series), true
		series = findSeries(m.Series)
	case ag != nil && ag.Series != nil:
		series = ag.Series
		m.Series, m.SetSeries = series.Name, !series.Pair
		if !isOneOnOne(series, with, me) {
			m.Notices = append(m.Notices, notOneOnOne(series, with, me))
		}
	}
	var latest *journal.Meeting
	if series != nil && len(series.Meetings) > 0 {
		latest = series.Meetings[len(series.Meetings)-1]
		for _, p := range latest.People {
			add(p.ID)
		}
		for _, t := range latest.Tags {
			addTag(t)
		}
	}
	if with != nil {
		if series == nil {
			switch {
			case meID != "":
				add(meID)
			case o.Series == "":
				return nil, fmt.Errorf("--with %q: %s has no meetings in a series yet; set me = \"your-id\" in config.toml (or pass --series) so recap knows whose 1:1 this is", o.With, with.ID)
			}
		}
		add(with.ID)
	}
	for _, a := range o.Attendees {
		add(a)
	}
	for _, t := range o.Tags {
		addTag(t)
	}
	if m.Series == "" && len(ids) == 2 {
		// Exactly two attendees: the series of that pair.
		pair := slices.Clone(ids)
		slices.Sort(pair)
		m.Series = pair[0] + "-" + pair[1]
		if series = findSeries(m.Series); series != nil && len(series.Meetings) > 0 {
			latest = series.Meetings[len(series.Meetings)-1]
			for _, t := range latest.Tags {
				addTag(t)
			}
		}
	}
	if series != nil && series.Pair && !m.SetSeries {
		// A pair series continued with other attendees keeps its name, so
		// the carried items stay in it.
		pair := slices.Clone(ids)
		slices.Sort(pair)
		if len(pair) != 2 || pair[0]+"-"+pair[1] != series.Name {
			m.SetSeries = true
		}
	}

	switch {
	case strings.TrimSpace(o.Title) != "":
		m.Title = strings.TrimSpace(o.Title)
	case series != nil && len(series.Meetings) > 0:
		m.Title = mostUsedTitle(series.Meetings, m.Date)
	case with != nil:
		m.Title = "1:1 with " + cmp.Or(with.Name, with.ID)
	case len(ids) == 2 && meID != "" && slices.Contains(ids, meID):
		// A new pair of me and another: a 1:1, as --with would start it.
		other := ids[0]
		if other == meID {
			other = ids[1]
		}
		m.Title = "1:1 with " + other
		if p := j.Lookup(other); p != nil {
			m.Title = "1:1 with " + cmp.Or(p.Name, p.ID)
		}
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
	switch {
	case ag != nil:
		// A point the series has too (the same text, carried in before) is
		// written as the series' own copy: ticking it there settles both.
		own := map[string]*journal.Action{}
		if series != nil {
			for _, a := range series.Points {
				own[journal.PointText(a)] = a
			}
		}
		var list []*journal.Action
		for _, a := range ag.TalkingPoints {
			if s := own[journal.PointText(a)]; s != nil {
				a = s
			}
			list = append(list, a)
		}
		m.TalkingPoints = CarryPoints(list)
		m.PointsFrom = "for " + with.ID
	case series != nil:
		var due []*journal.Action
		for _, a := range series.Points {
			if a.IsOpen() && a.Scheduled <= j.Today {
				due = append(due, a)
			}
		}
		m.TalkingPoints = CarryPoints(due)
		m.PointsFrom = "from the series " + series.Name
	}

	day := m.Date.Format(time.DateOnly)
	switch {
	case latest != nil && strings.TrimSpace(o.Title) != "":
		// The folder of the series, with its year folder moved on as the
		// file name's date would move it.
		dir := path.Dir(latest.Rel)
		if rel, ok := note.WithPathDate(latest.Rel, m.Date); ok {
			dir = path.Dir(rel)
		}
		m.Rel = path.Join(dir, day+"-"+FileSlug(m.Title)+".md")
	case latest != nil:
		if rel, ok := note.WithPathDate(latest.Rel, m.Date); ok {
			m.Rel = rel
		} else {
			m.Rel = path.Join(day[:4], day+"-"+FileSlug(series.Name)+".md")
		}
	default:
		m.Rel = path.Join(day[:4], day+"-"+FileSlug(m.Title)+".md")
	}

	if ag != nil {
		dir := path.Dir(m.Rel)
		for _, pg := range ag.Topics {
			title := cmp.Or(pg.Title, pg.Rel)
			link := linkDest(relPath(dir, pg.Rel))
			m.Topics = append(m.Topics, Topic{Title: title, Link: link, Markdown: "[" + linkText(title) + "](" + link + ")", Source: pg.Source})
		}
	}
	return m, nil
}

// isOneOnOne reports whether s is a 1:1 of p and me: a series of exactly
// those two people. Without me, any series of two people is taken for one.
func isOneOnOne(s *journal.Series, p, me *journal.Person) bool {
	if len(s.People) != 2 || !slices.Contains(s.People, p) {
		return false
	}
	return me == nil || slices.Contains(s.People, me)
}

// notOneOnOne is the notice of --with P continuing a series that is not a
// 1:1 of P and me.
func notOneOnOne(s *journal.Series, p, me *journal.Person) string {
	name := cmp.Or(p.Name, p.ID)
	if me == nil {
		return fmt.Sprintf("--with %s continues %s, the series %s last met in; for your 1:1 instead, set me = \"your-id\" in config.toml (or run recap new --attendees YOUR-ID,%s)", p.ID, s.Name, name, p.ID)
	}
	return fmt.Sprintf("--with %s continues %s, the series %s last met in (you have no 1:1 with %s yet); to start one instead: recap new --attendees me,%s", p.ID, s.Name, name, p.ID, p.ID)
}

// CarryPoints returns talking points as lines for a new note: "- [?] " and
// the latest occurrence's text after the checkbox as written (tokens such as
// a scheduled date stay), each normalised text once.
func CarryPoints(list []*journal.Action) []TalkingPoint {
	var out []TalkingPoint
	seen := map[string]bool{}
	for _, a := range list {
		o := a.Latest()
		key := journal.PointText(a)
		if seen[key] {
			continue
		}
		seen[key] = true
		raw := strings.TrimRight(o.Raw, " \t")
		out = append(out, TalkingPoint{Line: strings.TrimRight("- [?] "+raw, " "), Text: a.Text, Source: fmt.Sprintf("%s:%d", a.Source(), a.Line())})
	}
	return out
}

// mostUsedTitle is the title the meetings use most often (see
// journal.UsualTitle), with its date, if it has one, moved to day.
func mostUsedTitle(ms []*journal.Meeting, day time.Time) string {
	t := journal.UsualTitle(ms)
	if t == "" {
		return "Meeting"
	}
	t, _ = note.ReplaceDate(t, day)
	return t
}

// relPath is the slash path to, a file, relative to the folder dir ("."
// for the content folder).
func relPath(dir, to string) string {
	var from []string
	if dir != "." && dir != "" {
		from = strings.Split(dir, "/")
	}
	t := strings.Split(to, "/")
	i := 0
	for i < len(from) && i < len(t)-1 && from[i] == t[i] {
		i++
	}
	var out []string
	for range from[i:] {
		out = append(out, "..")
	}
	return strings.Join(append(out, t[i:]...), "/")
}

// linkDest escapes a relative path for a Markdown link destination: the
// characters that would end it or change its meaning are percent-encoded.
func linkDest(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte("%()<>[]#?\\", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// linkText escapes text for the text of a Markdown link.
func linkText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\[]*`<", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
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

// Render returns the note's text from tmpl (DefaultTemplate when empty): front
// matter, then the body, tmpl executed as a Go text/template.
//
// A template without front matter gets recap's: TOML with title, date,
// attendees, tags (when there are any), series (when SetSeries) and reviewed
// = false. A template may start with front matter of its own, TOML between
// "+++" lines or YAML between "---" lines, as a Hugo archetype does. recap
// then sets title, date, attendees, tags and series in it: a top-level key
// the template has gets the meeting's value (in place: the key as written,
// and a comment after a one-line value, stay; tags become [] when the
// meeting has none, and a series key is dropped when the meeting writes no
// series), and the missing ones are added (tags only when there are any,
// series only when SetSeries) after the last of them the template has, else
// before its first key, with reviewed = false unless the template sets
// reviewed. Every other key, comment and blank line stays as written and in
// its place; values are quoted as the template's format wants. The front
// matter is not a template: a value with {{ }} in it (as Hugo archetypes
// write for title and date) is kept as written unless recap sets its key.
//
// The result is parsed again and must read with the meeting's title, date,
// attendees, tags and series; otherwise Render returns an error.
func (m *Meeting) Render(tmpl string) ([]byte, error) {
	if tmpl == "" {
		tmpl = DefaultTemplate
	}
	tmpl = strings.TrimPrefix(tmpl, "\uFEFF")
	fm, body, fmLines, err := splitTemplate(tmpl)
	if err != nil {
		return nil, err
	}
	if fmLines > 0 {
		// A comment over the front matter's lines keeps the template's line
		// numbers in errors those of the file.
		body = "{{/*" + strings.Repeat("\n", fmLines) + "*/}}" + body
	}
	t, err := template.New("meeting").Option("missingkey=error").Parse(body)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if fm != nil {
		b.WriteString(fm.render(m))
	} else {
		b.WriteString("+++\n")
		for _, kv := range m.frontMatter(note.FormatTOML, map[string]bool{}) {
			b.WriteString(kv[0] + " = " + kv[1] + "\n")
		}
		b.WriteString("reviewed = false\n+++\n")
	}
	if err := t.Execute(&b, m); err != nil {
		return nil, err
	}
	if err := m.verify(b.Bytes()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// frontMatter returns the keys recap sets with their values in format f, in
// order; has says which keys the template has (tags and series are then
// written even when recap would leave them out).
func (m *Meeting) frontMatter(f note.Format, has map[string]bool) [][2]string {
	str, list := tomlString, tomlArray
	if f == note.FormatYAML {
		str, list = yamlString, yamlArray
	}
	var date string
	switch {
	case m.DateOnly:
		date = m.Date.Format(time.DateOnly)
	case f == note.FormatYAML:
		date = m.Date.Format("2006-01-02T15:04:05Z07:00")
	default:
		date = m.Date.Format("2006-01-02T15:04:05")
	}
	out := [][2]string{{"title", str(m.Title)}, {"date", date}, {"attendees", list(m.Attendees)}}
	if len(m.Tags) > 0 || has["tags"] {
		out = append(out, [2]string{"tags", list(m.Tags)})
	}
	if m.SetSeries {
		out = append(out, [2]string{"series", str(m.Series)})
	}
	return out
}

// verify parses the note's text and checks that it reads as planned.
func (m *Meeting) verify(out []byte) error {
	p := m.Rel
	if p == "" {
		p = "new.md"
	}
	n, diags := note.Parse(p, out, note.Options{Location: m.Date.Location()})
	if errs := diags.Errors(); len(errs) > 0 || n == nil {
		return fmt.Errorf("the new note would not read: %v", errs)
	}
	differ := func(what string, got, want any) error {
		return fmt.Errorf("the new note would read with %s %v, not %v (check the template's front matter)", what, got, want)
	}
	if n.Title != strings.TrimSpace(m.Title) {
		return differ("the title", fmt.Sprintf("%q", n.Title), fmt.Sprintf("%q", m.Title))
	}
	if m.DateOnly {
		if !n.DateOnly || n.Date.Format(time.DateOnly) != m.Date.Format(time.DateOnly) {
			return differ("the date", n.Date, m.Date.Format(time.DateOnly))
		}
	} else if !n.Date.Equal(m.Date.Truncate(time.Second)) {
		return differ("the date", n.Date, m.Date)
	}
	if !slices.Equal(n.Attendees, m.Attendees) {
		return differ("the attendees", n.Attendees, m.Attendees)
	}
	var tags []string
	for _, t := range m.Tags {
		if t = note.NormTag(t); t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if !slices.Equal(n.Tags, tags) {
		return differ("the tags", n.Tags, tags)
	}
	want := ""
	if m.SetSeries {
		want = m.Series
	}
	if n.Series != want {
		return differ("the series", fmt.Sprintf("%q", n.Series), fmt.Sprintf("%q", want))
	}
	return nil
}

// templateFM is the front matter of a template, split into top-level
// entries: a key with the lines of its value, or a line of its own (blank,
// a comment, a TOML table and what follows it).
type templateFM struct {
	format      note.Format
	open, close string // the delimiter lines as written
	nl          string // the line ending of the first line
	entries     []fmEntry
}

type fmEntry struct {
	key   string   // the top-level key; "" for a line of its own
	lines []string // as written, without line endings
	table bool     // a TOML table header, or a line after one
}

// recapKeys are the keys recap sets in a template's front matter.
var recapKeys = []string{"title", "date", "attendees", "tags", "series"}

// splitTemplate splits a template into its front matter (nil when none), its
// body and the number of lines the front matter takes, delimiters included.
// A first line "+++" opens TOML front matter, which must be closed; a first
// line "---" opens YAML front matter when a closing "---" (or "...") line
// follows and the first line between that is neither blank nor a comment
// looks like "key:", or there are only blank lines between, as in a note.
// Otherwise the template is all body.
func splitTemplate(tmpl string) (*templateFM, string, int, error) {
	lines := strings.SplitAfter(tmpl, "\n")
	first := strings.TrimRight(lines[0], " \t\r\n")
	var f note.Format
	switch first {
	case "+++":
		f = note.FormatTOML
	case "---":
		f = note.FormatYAML
	default:
		return nil, tmpl, 0, nil
	}
	nl := "\n"
	if strings.HasSuffix(lines[0], "\r\n") {
		nl = "\r\n"
	}
	keyed := 0 // YAML: 1 when the first meaningful line is a key, -1 when not
	comments := false
	for i := 1; i < len(lines); i++ {
		t := strings.TrimRight(lines[i], " \t\r\n")
		if t == first || (f == note.FormatYAML && t == "...") {
			// Only blank lines between "---" lines are empty front matter;
			// only comments are Markdown headings.
			if f == note.FormatYAML && (keyed < 0 || keyed == 0 && comments) {
				return nil, tmpl, 0, nil
			}
			fm := &templateFM{format: f, open: strings.TrimRight(lines[0], "\r\n"), close: strings.TrimRight(lines[i], "\r\n"), nl: nl}
			inner := make([]string, 0, i-1)
			for _, l := range lines[1:i] {
				inner = append(inner, strings.TrimRight(l, "\r\n"))
			}
			if f == note.FormatTOML {
				fm.entries = tomlEntries(inner)
			} else {
				fm.entries = yamlEntries(inner)
			}
			return fm, strings.Join(lines[i+1:], ""), i + 1, nil
		}
		if f == note.FormatYAML && keyed == 0 {
			if s := strings.TrimLeft(t, " "); s != "" && s[0] == '#' {
				comments = true
			} else if s != "" {
				keyed = -1
				if k, rest, ok := keyAt(s); ok && k != "" && strings.HasPrefix(rest, ":") && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t') {
					keyed = 1
				}
			}
		}
	}
	if f == note.FormatYAML {
		return nil, tmpl, 0, nil
	}
	return nil, "", 0, fmt.Errorf("the template's front matter opened with +++ on line 1 is never closed: add a line +++ after it")
}

// tomlEntries splits TOML front matter lines into top-level entries: a key
// line and the lines its value continues on (an array or inline table not
// yet closed, a multi-line string). From the first [table] header on, every
// line stands on its own.
func tomlEntries(lines []string) []fmEntry {
	var out []fmEntry
	var st tomlScan
	table := false
	for _, l := range lines {
		if st.open() {
			e := &out[len(out)-1]
			e.lines = append(e.lines, l)
			st.scan(l)
			continue
		}
		t := strings.TrimLeft(l, " \t")
		if strings.HasPrefix(t, "[") {
			table = true
		}
		if table || t == "" || t[0] == '#' {
			out = append(out, fmEntry{lines: []string{l}, table: table})
			continue
		}
		key := ""
		if k, rest, ok := keyAt(t); ok && strings.HasPrefix(rest, "=") {
			key = k
		}
		out = append(out, fmEntry{key: key, lines: []string{l}})
		if i := strings.IndexByte(l, '='); i >= 0 {
			st.scan(l[i+1:])
		}
	}
	return out
}

// tomlScan follows a TOML value across lines: how deep it is in arrays and
// inline tables, and whether a multi-line string is open.
type tomlScan struct {
	depth int
	multi string // `"""` or `'''` while a multi-line string is open
}

func (s *tomlScan) open() bool { return s.depth > 0 || s.multi != "" }

// scan reads one line (or the rest of one) of a value and returns where a
// comment starts in it, -1 when none.
func (s *tomlScan) scan(l string) int {
	for i := 0; i < len(l); i++ {
		if s.multi != "" {
			if s.multi == `"""` && l[i] == '\\' {
				i++
				continue
			}
			if strings.HasPrefix(l[i:], s.multi) {
				i += 2
				s.multi = ""
			}
			continue
		}
		switch c := l[i]; c {
		case '#':
			return i
		case '"', '\'':
			if strings.HasPrefix(l[i:], strings.Repeat(string(c), 3)) {
				s.multi = strings.Repeat(string(c), 3)
				i += 2
				continue
			}
			for i++; i < len(l) && l[i] != c; i++ {
				if c == '"' && l[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			s.depth++
		case ']', '}':
			if s.depth > 0 {
				s.depth--
			}
		}
	}
	return -1
}

// yamlEntries splits YAML front matter lines into top-level entries: a key
// at column 1 and the lines its value continues on (indented lines, and
// "- " items at column 1, with the blank and comment lines between them).
func yamlEntries(lines []string) []fmEntry {
	var out []fmEntry
	var pending []string // blank and comment lines that may still belong to the entry before
	cur := -1
	flush := func() {
		for _, p := range pending {
			out = append(out, fmEntry{lines: []string{p}})
		}
		pending = nil
	}
	for _, l := range lines {
		t := strings.TrimRight(l, " \t")
		switch {
		case t == "" || t[0] == '#':
			pending = append(pending, l)
		case cur >= 0 && (l[0] == ' ' || l[0] == '\t' || t == "-" || strings.HasPrefix(t, "- ")):
			out[cur].lines = append(append(out[cur].lines, pending...), l)
			pending = nil
		default:
			flush()
			key := ""
			if k, rest, ok := keyAt(t); ok && strings.HasPrefix(rest, ":") {
				key = k
			}
			out = append(out, fmEntry{key: key, lines: []string{l}})
			cur = len(out) - 1
		}
	}
	flush()
	return out
}

// render writes the front matter with recap's keys set.
func (fm *templateFM) render(m *Meeting) string {
	has := map[string]bool{}
	reviewed := false
	last, firstKey := -1, -1
	for i, e := range fm.entries {
		if e.key != "" && firstKey < 0 {
			firstKey = i
		}
		if slices.Contains(recapKeys, e.key) {
			has[e.key] = true
			last = i
		}
		reviewed = reviewed || e.key == "reviewed"
	}
	values := map[string]string{}
	for _, kv := range m.frontMatter(fm.format, has) {
		values[kv[0]] = kv[1]
	}
	sep := " = "
	if fm.format == note.FormatYAML {
		sep = ": "
	}
	var missing []string
	for _, k := range recapKeys {
		if v, ok := values[k]; ok && !has[k] {
			missing = append(missing, k+sep+v)
		}
	}
	if !reviewed {
		missing = append(missing, "reviewed"+sep+"false")
	}
	at := last + 1 // after the last of recap's keys
	if last < 0 {
		at = len(fm.entries)
		if firstKey >= 0 {
			at = firstKey
		}
		for i, e := range fm.entries {
			if e.table && i < at {
				// Before the first table, after the last line that is not blank.
				at = i
				for at > 0 && !fm.entries[at-1].table && strings.TrimSpace(strings.Join(fm.entries[at-1].lines, "")) == "" {
					at--
				}
				break
			}
		}
	}
	var b strings.Builder
	b.WriteString(fm.open + fm.nl)
	for i, e := range fm.entries {
		if i == at {
			for _, l := range missing {
				b.WriteString(l + fm.nl)
			}
		}
		if v, ok := values[e.key]; ok && has[e.key] {
			b.WriteString(fm.set(e, v) + fm.nl)
			continue
		}
		if e.key == "series" {
			continue // a series the meeting does not write
		}
		for _, l := range e.lines {
			b.WriteString(l + fm.nl)
		}
	}
	if at >= len(fm.entries) {
		for _, l := range missing {
			b.WriteString(l + fm.nl)
		}
	}
	b.WriteString(fm.close + fm.nl)
	return b.String()
}

// set returns the entry's key line with the value v: the key, its
// indentation and the spacing around the separator as written, and a
// comment after a value on one line without {{ }}.
func (fm *templateFM) set(e fmEntry, v string) string {
	l := e.lines[0]
	sepc := byte('=')
	if fm.format == note.FormatYAML {
		sepc = ':'
	}
	indent := len(l) - len(strings.TrimLeft(l, " \t"))
	_, rest, _ := keyAt(l[indent:])
	i := len(l) - len(rest) // at the separator
	if i >= len(l) || l[i] != sepc {
		return l // cannot happen: the entry's key was read from this line
	}
	i++
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	prefix := l[:i]
	if !strings.HasSuffix(prefix, " ") && !strings.HasSuffix(prefix, "\t") {
		prefix += " "
	}
	comment := ""
	if value := l[i:]; len(e.lines) == 1 && !strings.Contains(value, "{{") {
		c := -1
		if fm.format == note.FormatTOML {
			var st tomlScan
			c = st.scan(value)
		} else {
			c = yamlComment(value)
		}
		if c >= 0 {
			k := c
			for k > 0 && (value[k-1] == ' ' || value[k-1] == '\t') {
				k--
			}
			comment = value[k:]
			if k == 0 {
				comment = " " + comment
			}
		}
	}
	return prefix + v + comment
}

// yamlComment returns where a comment starts in a YAML value on one line:
// a '#' at its start or after white space, outside quotes; -1 when none.
func yamlComment(s string) int {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
					i++
				} else {
					q = 0
				}
			} else if q == '"' && c == '\\' {
				i++
			}
		case c == '"' || c == '\'':
			if i == 0 || strings.IndexByte(" \t[{,:", s[i-1]) >= 0 {
				q = c
			}
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return i
		}
	}
	return -1
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string { return quote(s, false) }

// yamlString quotes s as a YAML double-quoted scalar.
func yamlString(s string) string { return quote(s, true) }

// quote writes s between double quotes with the escapes TOML basic strings
// and YAML double-quoted scalars share; yaml also escapes the characters
// YAML does not allow as they are.
func quote(s string, yaml bool) string {
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
		case r < 0x20 || r == 0x7f,
			yaml && (r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == utf8.RuneError):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlArray and yamlArray write a flow array of quoted strings, the same in
// both.
func tomlArray(list []string) string { return array(list, tomlString) }

func yamlArray(list []string) string { return array(list, yamlString) }

func array(list []string, quote func(string) string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
