// Package journal reads a whole site into one model: its meetings, people,
// series, tags and logical actions, with overdue and review state at a given
// time. It is the stage between reading notes (package note) and rendering.
//
// # People
//
// An attendee string, an @mention handle or an action item's owner names a
// person when it matches, case-insensitively, a person's id, an alias or full
// name in config.toml. Otherwise it creates a person whose id is the lowercased
// handle, or the slugged name ("Dev Patel" becomes "dev-patel").
//
// # Series and logical actions
//
// A meeting belongs to the series its front matter names, or, with exactly two
// attendees and no series, to the series of that pair (named by the two ids in
// order, "dev-sam"). Series names are compared case-insensitively.
//
// Inside a series, action items with the same id, or else the same owner and
// the same normalised text, are one logical action: people carry an open item
// into the next meeting's notes and tick it there. The action is closed when
// any occurrence is closed (its status from the latest closed one), else it
// has the status of its latest occurrence; every other field comes from the
// latest occurrence that has it, and its source and line are those of the
// latest occurrence. Outside a series every item is its own action.
package journal

import (
	"cmp"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/source"
)

// MaxOpenFromEarlier is how many "open from earlier" actions a meeting keeps;
// OpenFromEarlierCount has the full count.
const MaxOpenFromEarlier = 10

// Options tunes Load.
type Options struct {
	// Now is the time overdue and review state are computed at. Default: time.Now().
	Now time.Time
	// Drafts includes notes with draft = true.
	Drafts bool
	// Note is passed to note.Parse for every note; its Location is set from the config.
	Note note.Options
	// Workers is how many notes are parsed at once. Default: GOMAXPROCS.
	Workers int
	// Cache, when set, is consulted before a note is parsed and filled after.
	Cache Cache
	// KeepGoing loads the journal without the notes that cannot be read, for
	// commands that work with every other note: their errors are in
	// Journal.Diags, and Load returns no error for them.
	KeepGoing bool
}

// Cache keeps parsed notes between loads, for watch mode: a note the watcher
// saw no change to is neither read nor parsed again. Get and Put are called
// from several goroutines.
type Cache interface {
	Get(path string) (*note.Note, diag.List, bool)
	Put(path string, n *note.Note, d diag.List)
}

// Journal is a loaded site.
type Journal struct {
	Config   *config.Config
	Now      time.Time
	Today    string     // Now's date in the site's time zone, YYYY-MM-DD
	Meetings []*Meeting // by date, then source
	Pages    []*Meeting // notes without a date, by source
	People   []*Person  // by id
	Series   []*Series  // by id
	Tags     []*Tag     // by name
	Actions  []*Action  // logical actions, by latest occurrence's meeting, then line
	// Points are the logical talking points ("- [?] …"), in the order of
	// Actions; they are in no list of actions.
	Points      []*Action
	Attachments []string // content-relative slash paths
	// Diags are the warnings, and with Options.KeepGoing the errors of the
	// notes left out.
	Diags diag.List

	people map[string]*Person // every id, alias and name, lowercased
	byID   map[string]*Person
	raw    map[string]*Person // Person's answers by the string as written
}

// Meeting is one note in the model.
type Meeting struct {
	*note.Note
	Source string // path from the site root, slash-separated
	Rel    string // path under the content folder
	URL    string // the page's path in the output, "2026/2026-11-20-dev/"
	People []*Person
	Series *Series
	// Index is the position in Journal.Meetings; for a page, the number of
	// meetings plus its position in Journal.Pages.
	Index       int
	SeriesIndex int // position in Series.Meetings
	// Occurrences are the note's action items; Points its talking points,
	// and the items that carry a talking point of an earlier meeting.
	Occurrences []*Occurrence
	Points      []*Occurrence
	Prev, Next  *Meeting // in the series
	// Reviewed shadows the note's: true when the note says so or the meeting
	// is archived.
	Reviewed      bool
	ReviewOverdue bool
	ReviewDue     time.Time // Date + reviewWithin
	// Archived says the meeting is before the config's archiveBefore: it counts
	// as reviewed and its open items are archived.
	Archived bool
	// OpenFromEarlier are the series' actions that were open when the meeting
	// began and that it does not list itself, newest first, at most
	// MaxOpenFromEarlier of them.
	OpenFromEarlier      []*Action
	OpenFromEarlierCount int
}

// Person is someone who attends, is mentioned or owns actions.
type Person struct {
	ID         string
	Name       string
	Aliases    []string
	Email      string
	Role       string
	Configured bool       // defined in config.toml
	Meetings   []*Meeting // attended, by date
	Actions    []*Action  // owned
	Mentioned  []*Meeting // meetings that mention them without listing them
	Pages      []*Meeting // pages that name them (people, attendees or a mention), by source
	OpenCount  int
	// Points are the talking points for them, open or not; Topics the pages
	// whose people or attendees name them, closed or not.
	Points []*Action
	Topics []*Meeting
}

// Series is a recurring meeting.
type Series struct {
	ID       string // slug, for URLs
	Name     string
	Pair     bool // the default series of a pair of attendees
	Meetings []*Meeting
	People   []*Person
	Actions  []*Action
	Points   []*Action
	// CadenceDays is the median gap in days between the series' last six
	// meetings, 0 with fewer than three; NextDue is the latest meeting's day
	// plus the cadence (YYYY-MM-DD, "" without a cadence) and Late says
	// today is after it.
	CadenceDays int
	NextDue     string
	Late        bool
	// Usual is the title its meetings use most often (see UsualTitle).
	Usual string
}

// Tag is a tag with its meetings. Tags whose pages would share a path ("a/b"
// and "a-b") are one tag, named as first written.
type Tag struct {
	Name     string
	Slug     string // the page's folder under tags/
	Meetings []*Meeting
	Pages    []*Meeting
	Actions  []*Action
}

// Occurrence is one action item in one meeting.
type Occurrence struct {
	*note.Item // the note's own: notes do not change once parsed
	Meeting    *Meeting
	Owner      *Person
	Action     *Action
}

// Action is a logical action: one or more occurrences of the same item.
type Action struct {
	Key       string
	Text      string
	Owner     *Person
	Status    note.Status
	Due       string
	DoneDate  string
	Cancelled string
	Priority  string
	ID        string
	Tags      []string
	Overdue   bool
	// Archived says the action is open in a meeting before archiveBefore: it
	// stays on its page but leaves open lists, counts and overdue views.
	Archived bool
	// Inferred says the action is written as prose (see note.Item.Inferred).
	Inferred bool
	// Point says the logical item is a talking point: its earliest
	// occurrence is "- [?] …". It is then in Journal.Points, never in a list
	// of actions, and has no owner; Scheduled is the day it comes up (from
	// the latest occurrence that has one) and For the people it is for.
	Point       bool
	Scheduled   string
	For         []*Person
	Series      *Series
	Occurrences []*Occurrence // by meeting date, then line
	Index       int           // position in Journal.Actions

	// openFromEarlier's sweep state.
	pos    int  // index in the open list + 1; 0 when not in it
	closed bool // closed in a meeting swept already
	listed int  // SeriesIndex+1 of the last meeting that listed the action
}

// Latest is the action's latest occurrence: its source and line.
func (a *Action) Latest() *Occurrence { return a.Occurrences[len(a.Occurrences)-1] }

// First is the action's first occurrence.
func (a *Action) First() *Occurrence { return a.Occurrences[0] }

// Source is the path of the latest occurrence's note from the site root.
func (a *Action) Source() string { return a.Latest().Meeting.Source }

// Line is the line of the latest occurrence.
func (a *Action) Line() int { return a.Latest().Line }

// IsOpen reports whether the action is open or in progress, and not archived:
// whether it belongs in open lists, counts and overdue views.
func (a *Action) IsOpen() bool { return a.Status.IsOpen() && !a.Archived }

// Load reads the site in fsys (rooted at the site root) with its config.
// Notes that cannot be read are all reported in the returned diag.List.
func Load(fsys fs.FS, cfg *config.Config, opt Options) (*Journal, error) {
	if cfg == nil {
		c, err := config.Load(fsys)
		if err != nil {
			return nil, err
		}
		cfg = c
	}
	files, err := source.Walk(fsys, path.Clean(cfg.ContentDir), cfg.Ignored)
	if err != nil {
		return nil, err
	}
	return LoadFiles(fsys, cfg, files, opt)
}

// LoadFiles is Load over an already walked content folder.
func LoadFiles(fsys fs.FS, cfg *config.Config, files *source.Files, opt Options) (*Journal, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	opt.Note.Location = cfg.Location
	contentDir := path.Clean(cfg.ContentDir)
	notes, diags := parseAll(fsys, contentDir, files.Notes, opt)
	diags = append(diags, files.Diags...) // files the walk left out: FIFOs, links out of the folder
	if errs := diags.Errors(); len(errs) > 0 && !opt.KeepGoing {
		errs.Sort()
		return nil, errs
	}
	j := &Journal{Config: cfg, Now: opt.Now, Today: opt.Now.In(cfg.Location).Format(time.DateOnly), Attachments: files.Attachments}
	j.people = map[string]*Person{}
	j.byID = map[string]*Person{}
	for _, p := range cfg.People {
		per := &Person{ID: p.ID, Name: p.Name, Aliases: p.Aliases, Email: p.Email, Role: p.Role, Configured: true}
		if per.Name == "" {
			per.Name = p.ID
		}
		j.byID[per.ID] = per
		j.People = append(j.People, per)
	}
	for _, per := range j.People {
		for _, k := range append([]string{per.Name}, per.Aliases...) {
			if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
				if _, ok := j.people[k]; !ok {
					j.people[k] = per
				}
			}
		}
	}
	for _, per := range j.People { // ids win over names and aliases
		j.people[per.ID] = per
	}

	urls := map[string]*Meeting{}
	for i, n := range notes {
		if n == nil || (n.Draft && !opt.Drafts) {
			continue
		}
		rel := files.Notes[i]
		m := &Meeting{Note: n, Rel: rel, Source: path.Join(contentDir, rel)}
		if contentDir == "." {
			m.Source = rel
		}
		m.URL = PageURL(rel)
		if other, ok := urls[m.URL]; ok {
			diags = append(diags, diag.Errorf(m.Source, 1, 1, "note %s and note %s both become the page %s; rename one of them", other.Source, m.Source, m.URL))
			continue
		}
		urls[m.URL] = m
		if n.IsPage() {
			j.Pages = append(j.Pages, m)
		} else {
			j.Meetings = append(j.Meetings, m)
		}
	}
	if errs := diags.Errors(); len(errs) > 0 && !opt.KeepGoing {
		errs.Sort()
		return nil, errs
	}
	slices.SortStableFunc(j.Meetings, func(a, b *Meeting) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.Source, b.Source))
	})
	// Pages come in the order of files.Notes: by source.
	j.link()
	j.Diags = diags
	if !opt.KeepGoing {
		j.Diags = diags.Warnings()
	}
	j.Diags.Sort()
	return j, nil
}

func parseAll(fsys fs.FS, dir string, rels []string, opt Options) ([]*note.Note, diag.List) {
	notes := make([]*note.Note, len(rels))
	diagsOf := make([]diag.List, len(rels))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := path.Join(dir, rels[i])
				if opt.Cache != nil {
					if n, d, ok := opt.Cache.Get(p); ok {
						notes[i], diagsOf[i] = n, d
						continue
					}
				}
				data, err := source.ReadNote(fsys, p) // regular files only, at most note.MaxSize
				if source.Gone(err) {
					continue // deleted since the walk: as if it never was
				}
				if err != nil {
					var pe *fs.PathError
					if errors.As(err, &pe) {
						err = pe.Err // the path is the diagnostic's own
					}
					diagsOf[i] = diag.List{diag.Errorf(p, 1, 1, "cannot read note: %v", err)}
					continue
				}
				notes[i], diagsOf[i] = note.Parse(p, data, opt.Note)
				if opt.Cache != nil {
					opt.Cache.Put(p, notes[i], diagsOf[i])
				}
			}
		}()
	}
	for i := range rels {
		next <- i
	}
	close(next)
	wg.Wait()
	var all diag.List
	for _, d := range diagsOf {
		all = append(all, d...)
	}
	return notes, all
}

// Resolver maps attendee strings, handles and owners to person ids from the
// config alone, without a loaded journal: it gives the ids Journal.Person gives.
// It is safe for concurrent use.
type Resolver struct {
	known map[string]string
}

// NewResolver returns the resolver for a config.
func NewResolver(cfg *config.Config) *Resolver {
	r := &Resolver{known: map[string]string{}}
	for _, p := range cfg.People {
		for _, k := range append([]string{p.Name}, p.Aliases...) {
			if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
				if _, ok := r.known[k]; !ok {
					r.known[k] = p.ID
				}
			}
		}
	}
	for _, p := range cfg.People {
		r.known[p.ID] = p.ID
	}
	return r
}

// ID returns the person id that s names.
func (r *Resolver) ID(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	if id, ok := r.known[strings.ToLower(s)]; ok {
		return id
	}
	return slug.Make(s)
}

// PageURL is the output path of the page of a note at rel (a slash path under
// the content folder): the path without ".md", each element slugged, with a
// final "/". A note named index.md stands for its folder.
//
// The folders recap makes its own pages in (people/, tags/, series/, …) are
// its own: a note whose page would land in one, such as a profile at
// people/ana.md, is published under notes/ instead (notes/people/ana/), and
// so is a note whose page would be the Notes page itself.
func PageURL(rel string) string {
	base := strings.TrimSuffix(rel, path.Ext(rel))
	var u string
	if strings.EqualFold(path.Base(base), "index") {
		if path.Dir(rel) == "." {
			return "index/"
		}
		u = slug.Path(path.Dir(rel)) + "/"
	} else {
		u = slug.Path(base) + "/"
	}
	first, _, _ := strings.Cut(u, "/")
	if reservedFolders[first] || u == "notes/" {
		u = "notes/" + u
	}
	return u
}

// reservedFolders are the top-level folders of the output that hold recap's
// own pages and files.
var reservedFolders = map[string]bool{
	"actions": true, "archive": true, "assets": true, "people": true,
	"review": true, "series": true, "tags": true,
}

// Person resolves an attendee string, handle or owner to a person, creating
// one when nobody matches.
func (j *Journal) Person(s string) *Person {
	if p, ok := j.raw[s]; ok {
		return p
	}
	p := j.person(s)
	if j.raw == nil {
		j.raw = map[string]*Person{}
	}
	j.raw[s] = p
	return p
}

func (j *Journal) person(s string) *Person {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	if s == "" {
		return nil
	}
	k := strings.ToLower(s)
	if p, ok := j.people[k]; ok {
		return p
	}
	id := slug.Make(s)
	if p, ok := j.byID[id]; ok {
		j.people[k] = p
		return p
	}
	p := &Person{ID: id, Name: s}
	j.byID[id] = p
	j.people[k] = p
	j.People = append(j.People, p)
	return p
}

// Lookup finds a person by id, alias or name without creating one.
func (j *Journal) Lookup(s string) *Person {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	k := strings.ToLower(s)
	if p, ok := j.people[k]; ok {
		return p
	}
	if p, ok := j.byID[k]; ok {
		return p // an id as written, even one slug.Make would not give again ("-a")
	}
	return j.byID[slug.Make(s)]
}

// link builds people, series, tags and actions from the sorted meetings.
// Watch mode runs it after every edit, so it is linear and allocates little:
// slugs are computed once per distinct string, and actions come out in
// journal order without a sort.
func (j *Journal) link() {
	series := map[string]*Series{}
	tags := map[string]*Tag{}
	slugs := map[string]string{} // TagSlug and slug.Make, by string
	tagSlug := func(t string) string {
		k, ok := slugs["t\x00"+t]
		if !ok {
			k = TagSlug(t)
			slugs["t\x00"+t] = k
		}
		return k
	}
	tag := func(t string) *Tag {
		k := tagSlug(t)
		tg := tags[k]
		if tg == nil {
			tg = &Tag{Name: t, Slug: k}
			tags[k] = tg
		}
		return tg
	}
	j.tieNames()
	var pairIDs [2]string
	for i, m := range j.Meetings {
		m.Index = i
		for _, p := range j.attendees(m.Note) {
			if !slices.Contains(m.People, p) {
				m.People = append(m.People, p)
				p.Meetings = append(p.Meetings, m)
			}
		}
		for _, mn := range m.Mentions {
			p := j.Person(mn.Handle)
			if mn.Private {
				continue // the person exists (the mention links to them), but is not shown as mentioned
			}
			if !slices.Contains(m.People, p) && (len(p.Mentioned) == 0 || p.Mentioned[len(p.Mentioned)-1] != m) {
				p.Mentioned = append(p.Mentioned, m)
			}
		}
		name, pair := m.Note.Series, false
		if name == "" && len(m.People) == 2 {
			pairIDs[0], pairIDs[1] = m.People[0].ID, m.People[1].ID
			if pairIDs[1] < pairIDs[0] {
				pairIDs[0], pairIDs[1] = pairIDs[1], pairIDs[0]
			}
			name, pair = pairIDs[0]+"-"+pairIDs[1], true
		}
		if name != "" {
			key, ok := slugs["s\x00"+name]
			if !ok {
				key = slug.Make(name) // names that share a page are one series
				slugs["s\x00"+name] = key
			}
			s := series[key]
			if s == nil {
				s = &Series{ID: key, Name: name, Pair: pair}
				series[key] = s
			}
			m.Series = s
			m.SeriesIndex = len(s.Meetings)
			if n := len(s.Meetings); n > 0 {
				m.Prev = s.Meetings[n-1]
				m.Prev.Next = m
			}
			s.Meetings = append(s.Meetings, m)
			for _, p := range m.People {
				if !slices.Contains(s.People, p) {
					s.People = append(s.People, p)
				}
			}
		}
		for _, t := range m.Tags {
			tg := tag(t)
			if n := len(tg.Meetings); n == 0 || tg.Meetings[n-1] != m {
				tg.Meetings = append(tg.Meetings, m)
			}
		}
		m.Archived = j.Config.ArchiveBefore != "" && m.Date.In(j.Config.Location).Format(time.DateOnly) < j.Config.ArchiveBefore
		m.Reviewed = m.Note.Reviewed || m.Archived
		m.ReviewDue = m.Date.Add(j.Config.ReviewWithin)
		m.ReviewOverdue = !m.Reviewed && j.Now.Sub(m.Date) > j.Config.ReviewWithin
	}
	for i, pg := range j.Pages {
		pg.Index = len(j.Meetings) + i
		var named []*Person
		if pg.HasPeople {
			named = j.persons(pg.Note.People)
		} else {
			named = j.attendees(pg.Note) // its attendees key, else its attendance list
		}
		for _, p := range named {
			if !slices.Contains(pg.People, p) {
				pg.People = append(pg.People, p)
			}
		}
		for _, mn := range pg.Mentions {
			if p := j.Person(mn.Handle); !mn.Private && !slices.Contains(named, p) {
				named = append(named, p)
			}
		}
		for _, p := range named {
			p.Pages = append(p.Pages, pg)
		}
		for _, t := range pg.Tags {
			tg := tag(t)
			if n := len(tg.Pages); n == 0 || tg.Pages[n-1] != pg {
				tg.Pages = append(tg.Pages, pg)
			}
		}
	}

	// Logical actions. Meetings are swept in order and a meeting's items are
	// in line order, so every action's occurrences come out sorted.
	bySeriesKey := map[string]*Action{}
	var all []*Action
	var key []byte
	notes := j.Meetings
	if len(j.Pages) > 0 {
		notes = append(slices.Clip(j.Meetings), j.Pages...)
	}
	for _, m := range notes {
		occs := make([]Occurrence, len(m.Items))
		m.Occurrences = make([]*Occurrence, len(m.Items))
		for k := range m.Items {
			it := &m.Items[k]
			o := &occs[k]
			*o = Occurrence{Item: it, Meeting: m, Owner: j.Person(it.Owner)}
			if o.Owner == nil && it.OwnerHint != "" {
				o.Owner = j.ownerByHint(m, it.OwnerHint)
			}
			m.Occurrences[k] = o
			var a *Action
			if m.Series != nil {
				key = append(key[:0], m.Series.ID...)
				key = append(key, 0)
				if it.ID != "" {
					key = append(key, "id:"...)
					key = append(key, it.ID...)
					a = bySeriesKey[string(key)]
				} else {
					norm := it.Norm
					if norm == "" {
						norm = note.NormText(it.Text)
					}
					// A talking point is one item by its text alone: a carried
					// copy ticked "[x]" names no owner the point had.
					n := len(key)
					key = append(key, "p:"...)
					key = append(key, norm...)
					if a = bySeriesKey[string(key)]; a == nil && !it.Point {
						key = append(key[:n], "t:"...)
						key = append(key, ownerID(o.Owner)...)
						key = append(key, 0)
						key = append(key, norm...)
						a = bySeriesKey[string(key)]
					}
				}
				if a == nil {
					a = &Action{Key: string(key), Series: m.Series, Point: it.Point}
					bySeriesKey[a.Key] = a
					if a.Point {
						m.Series.Points = append(m.Series.Points, a)
					} else {
						m.Series.Actions = append(m.Series.Actions, a)
					}
					all = append(all, a)
				}
			} else {
				a = &Action{Key: m.Source + ":" + strconv.Itoa(it.Line), Point: it.Point}
				all = append(all, a)
			}
			o.Action = a
			a.Occurrences = append(a.Occurrences, o)
			if a.Point {
				m.Points = append(m.Points, o)
			}
		}
		if len(m.Points) > 0 {
			m.Occurrences = slices.DeleteFunc(m.Occurrences, func(o *Occurrence) bool { return o.Action.Point })
		}
	}
	for _, a := range all {
		a.resolve(j.Today)
	}
	// Journal order: by the meeting of the latest occurrence, then line; the
	// pages' actions last.
	j.Actions = make([]*Action, 0, len(all))
	for _, m := range notes {
		for _, o := range m.Occurrences {
			if a := o.Action; a.Latest() == o {
				a.Index = len(j.Actions)
				j.Actions = append(j.Actions, a)
			}
		}
		for _, o := range m.Points {
			if a := o.Action; a.Latest() == o {
				a.Index = len(j.Points)
				j.Points = append(j.Points, a)
			}
		}
	}
	j.linkPoints()
	for _, a := range j.Actions {
		if a.Owner != nil {
			a.Owner.Actions = append(a.Owner.Actions, a)
			if a.IsOpen() {
				a.Owner.OpenCount++
			}
		}
		for _, t := range a.Tags {
			tg := tag(t)
			if n := len(tg.Actions); n == 0 || tg.Actions[n-1] != a {
				tg.Actions = append(tg.Actions, a)
			}
		}
	}
	for _, s := range series {
		j.Series = append(j.Series, s)
		s.openFromEarlier()
		s.cadence(j)
		s.Usual = UsualTitle(s.Meetings)
	}
	slices.SortFunc(j.Series, func(a, b *Series) int { return strings.Compare(a.ID, b.ID) })
	for _, t := range tags {
		j.Tags = append(j.Tags, t)
	}
	slices.SortFunc(j.Tags, func(a, b *Tag) int { return strings.Compare(a.Slug, b.Slug) })
	slices.SortFunc(j.People, func(a, b *Person) int { return strings.Compare(a.ID, b.ID) })
}

func ownerID(p *Person) string {
	if p == nil {
		return ""
	}
	return p.ID
}

// resolve computes the action's fields from its occurrences, which link
// appends in meeting order, then line order.
func (a *Action) resolve(today string) {
	occ := a.Occurrences
	latest := occ[len(occ)-1]
	a.Text = latest.Text
	a.Status = latest.Status
	for i := len(occ) - 1; i >= 0; i-- {
		if occ[i].Status.IsClosed() {
			a.Status = occ[i].Status
			break
		}
	}
	for i := len(occ) - 1; i >= 0; i-- {
		o := occ[i]
		set := func(dst *string, v string) {
			if *dst == "" {
				*dst = v
			}
		}
		set(&a.Due, o.Due)
		set(&a.DoneDate, o.DoneDate)
		set(&a.Cancelled, o.Cancelled)
		set(&a.Priority, o.Priority)
		set(&a.ID, o.ID)
		if a.Owner == nil {
			a.Owner = o.Owner
		}
		if a.Tags == nil && len(o.Tags) > 0 {
			a.Tags = o.Tags
		}
	}
	a.Inferred = latest.Inferred
	a.Archived = a.Status.IsOpen() && latest.Meeting.Archived
	if a.Point {
		// A talking point has no owner and is never due: a date on it is
		// when it comes up.
		a.Owner, a.Due = nil, ""
		for i := len(occ) - 1; i >= 0 && a.Scheduled == ""; i-- {
			a.Scheduled = occ[i].Scheduled
		}
		if a.Status == note.InProgress {
			a.Status = note.Open
		}
	}
	a.Overdue = a.IsOpen() && a.Due != "" && a.Due < today
}

// openFromEarlier fills each meeting's OpenFromEarlier in one sweep over the
// series: an action is open from its first meeting until the meeting that
// closes it. The work is linear in meetings plus occurrences plus what is kept.
func (s *Series) openFromEarlier() {
	closeAfter := make([][]*Action, len(s.Meetings))
	for _, a := range s.Actions {
		for _, o := range a.Occurrences {
			if o.Status.IsClosed() {
				closeAfter[o.Meeting.SeriesIndex] = append(closeAfter[o.Meeting.SeriesIndex], a)
				break
			}
		}
	}
	// open lists actions in order of first appearance, nil where closed since;
	// an action's pos is its index there plus one.
	var open []*Action
	live := 0
	for i, m := range s.Meetings {
		if i > 0 {
			for _, a := range closeAfter[i-1] {
				a.closed = true
				if a.pos > 0 {
					open[a.pos-1] = nil
					a.pos = 0
					live--
				}
			}
			if len(open) > 64 && live < len(open)/2 {
				kept := open[:0]
				for _, a := range open {
					if a != nil {
						a.pos = len(kept) + 1
						kept = append(kept, a)
					}
				}
				clear(open[len(kept):])
				open = kept
			}
		}
		listedOpen := 0
		for _, o := range m.Occurrences {
			if a := o.Action; a.listed != i+1 {
				a.listed = i + 1
				if a.pos > 0 {
					listedOpen++
				}
			}
		}
		m.OpenFromEarlierCount = live - listedOpen
		for k := len(open) - 1; k >= 0 && len(m.OpenFromEarlier) < MaxOpenFromEarlier; k-- {
			if a := open[k]; a != nil && a.listed != i+1 {
				m.OpenFromEarlier = append(m.OpenFromEarlier, a)
			}
		}
		for _, o := range m.Occurrences {
			a := o.Action
			if a.First() != o || a.closed || a.Archived {
				continue
			}
			if slices.Contains(closeAfter[i], a) {
				continue // opened and closed in the same meeting
			}
			open = append(open, a)
			a.pos = len(open)
			live++
		}
	}
}

// attendees are the people who attended the meeting of n: its front matter's
// attendees when it has the key, else the entries of its attendance list.
func (j *Journal) attendees(n *note.Note) []*Person {
	if n.HasAttendees || len(n.Attendance) == 0 {
		return j.persons(n.Attendees)
	}
	out := make([]*Person, 0, len(n.Attendance))
	for _, a := range n.Attendance {
		s := a.Handle
		if s == "" {
			s = a.Name
		}
		if p := j.Person(s); p != nil && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// persons resolves a list of attendee strings.
func (j *Journal) persons(list []string) []*Person {
	out := make([]*Person, 0, len(list))
	for _, s := range list {
		if p := j.Person(s); p != nil && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// tieNames reads every attendance entry that pairs a name with a handle
// ("Michael Dawson @mhdawson") and makes the name stand for that person across
// the journal. A name paired with several handles goes to the one it is paired
// with most often; on a tie, the smallest handle. A name that config.toml
// gives somebody keeps naming them. A person made from a handle takes the
// name as their display name.
func (j *Journal) tieNames() {
	type pair struct{ name, handle string }
	count := map[pair]int{}
	written := map[string]string{} // lowercased name → as first written
	for _, list := range [][]*Meeting{j.Meetings, j.Pages} {
		for _, m := range list {
			for _, a := range m.Attendance {
				if a.Name == "" || a.Handle == "" {
					continue
				}
				k := strings.ToLower(strings.Join(strings.Fields(a.Name), " "))
				if _, ok := written[k]; !ok {
					written[k] = strings.Join(strings.Fields(a.Name), " ")
				}
				count[pair{k, strings.ToLower(a.Handle)}]++
			}
		}
	}
	if len(count) == 0 {
		return
	}
	best := map[string]pair{}
	for p, c := range count {
		b, ok := best[p.name]
		if !ok || c > count[b] || (c == count[b] && p.handle < b.handle) {
			best[p.name] = p
		}
	}
	names := make([]string, 0, len(best))
	for k := range best {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		p := j.Person(best[k].handle)
		if p == nil {
			continue
		}
		if _, known := j.people[k]; !known {
			j.people[k] = p
		}
		if !p.Configured && p.Name == best[k].handle {
			p.Name = written[k]
		}
	}
}

// ownerByHint resolves the leading name of a prose action ("Rosa to …"): a
// person's id, alias or full name, else the first name of exactly one of the
// meeting's people; else nobody.
func (j *Journal) ownerByHint(m *Meeting, hint string) *Person {
	if p := j.Lookup(hint); p != nil {
		return p
	}
	var found *Person
	for _, p := range m.People {
		first, _, _ := strings.Cut(p.Name, " ")
		if strings.EqualFold(first, hint) {
			if found != nil {
				return nil // two attendees of that first name: nobody can say which
			}
			found = p
		}
	}
	return found
}

// PersonByID returns the person with that id, or nil.
func (j *Journal) PersonByID(id string) *Person { return j.byID[strings.ToLower(id)] }

// Title is how pages name the series: the people of a pair ("Dev Patel &
// Sam Rivera"); a name written as a slug ("platform-weekly", no spaces) by
// its meetings' titles: the one they use most often ("Platform weekly") when
// two or more share it and it holds no date, else the part before a colon
// that most of them share ("Platform weekly: cutover retro", "Platform
// weekly: new rotations"), else the slug in words ("Platform weekly"); any
// other name as written.
func (s *Series) Title() string {
	if s.Pair && len(s.People) == 2 {
		return s.People[0].Name + " & " + s.People[1].Name
	}
	if strings.ContainsAny(s.Name, " \t") {
		return s.Name
	}
	if s.Usual != "" {
		if _, dated := note.ReplaceDate(s.Usual, time.Time{}); !dated && s.usualUses() > 1 {
			return s.Usual
		}
	}
	heads := map[string]int{}
	best := ""
	for _, m := range s.Meetings {
		h, _, ok := strings.Cut(m.Title, ":")
		if h = strings.TrimSpace(h); !ok || h == "" {
			continue
		}
		if heads[h]++; heads[h] > heads[best] || heads[h] == heads[best] && h != best {
			best = h
		}
	}
	if best != "" && heads[best] > 1 && 2*heads[best] >= len(s.Meetings) {
		return best
	}
	if w := strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(s.Name)); w != "" {
		r, n := utf8.DecodeRuneInString(w)
		return string(unicode.ToUpper(r)) + w[n:]
	}
	return s.Name
}

// usualUses counts the meetings whose title is Usual, dates aside.
func (s *Series) usualUses() int {
	key, _ := note.ReplaceDate(s.Usual, time.Time{})
	n := 0
	for _, m := range s.Meetings {
		if k, _ := note.ReplaceDate(m.Title, time.Time{}); k == key {
			n++
		}
	}
	return n
}

// UsualTitle is the title the meetings use most often, as last written; on
// a tie, the most recent of those tied. Titles that differ only in a date
// ("Standup 2026-11-24", "Standup 2026-12-01") count as one.
func UsualTitle(ms []*Meeting) string {
	type use struct {
		n, last int
		title   string
	}
	uses := map[string]*use{}
	var best *use
	for i, m := range ms {
		key, _ := note.ReplaceDate(m.Title, time.Time{})
		u := uses[key]
		if u == nil {
			u = &use{}
			uses[key] = u
		}
		u.n, u.last, u.title = u.n+1, i, m.Title
		if best == nil || u.n > best.n || (u.n == best.n && u.last > best.last) {
			best = u
		}
	}
	if best == nil {
		return ""
	}
	return best.title
}

// TagSlug is the folder of a tag's page under tags/: the tag slugged, with
// dots made dashes so that no tag becomes ".", ".." or "index.html".
func TagSlug(t string) string { return slug.Make(strings.ReplaceAll(t, ".", "-")) }
