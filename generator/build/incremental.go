package build

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/recapjournal/recap/generator/feeds"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/render"
)

// Builder builds a site again and again, for watch mode and serve. The first
// build, and any after config.toml or the theme changed, is a full atomic
// build. After that, Update re-reads only the notes that changed and
// re-renders only the pages that show them: the meetings themselves, series
// neighbours whose pages changed, the pages of their people, tags, series and
// months, and the home, actions, review and index pages. The output is the
// same, byte for byte, as a clean build of the same files.
type Builder struct {
	Opt   Options
	cfg   *config.Config
	out   string
	site  *Site // the last good build; nil before the first
	cache *noteCache
	man   manifest
	sigs  map[string]string // meeting page URL → render.MeetingSig
	pages map[string]bool   // page paths of the last good build
	gen   map[string]bool   // journal-wide generated files of the last good build

	last    map[string][]byte // the bytes of the generated files of the last good build
	spare   map[string][]byte // buffers of earlier builds, room for the next
	inPlace int               // updates that swapped notes in place, for tests
}

// NewBuilder returns a builder for the site at opt.Root.
func NewBuilder(opt Options) *Builder {
	if opt.Root == "" {
		opt.Root = "."
	}
	return &Builder{Opt: opt, cache: &noteCache{m: map[string]cached{}}}
}

// Out is the output folder of the last build.
func (b *Builder) Out() string { return b.out }

// Config is the config of the last good build.
func (b *Builder) Config() *config.Config { return b.cfg }

// Site is the last good build.
func (b *Builder) Site() *Site { return b.site }

type cached struct {
	n *note.Note
	d diag.List
}

// noteCache is a journal.Cache keyed by path, emptied for the paths that change.
type noteCache struct {
	mu sync.Mutex
	m  map[string]cached
}

func (c *noteCache) Get(p string) (*note.Note, diag.List, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[p]
	return e.n, e.d, ok
}

func (c *noteCache) Put(p string, n *note.Note, d diag.List) {
	c.mu.Lock()
	c.m[p] = cached{n, d}
	c.mu.Unlock()
}

// forget drops p and everything below it.
func (c *noteCache) forget(p string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, p)
	prefix := p + "/"
	for k := range c.m {
		if strings.HasPrefix(k, prefix) {
			delete(c.m, k)
		}
	}
}

func (b *Builder) now() time.Time {
	if !b.Opt.Now.IsZero() {
		return b.Opt.Now
	}
	return time.Now()
}

// Full builds everything and publishes atomically.
func (b *Builder) Full() (*Result, error) {
	start := time.Now()
	cfg, err := config.LoadDir(b.Opt.Root)
	if err != nil {
		return nil, err
	}
	out, err := outputDir(b.Opt, cfg)
	if err != nil {
		return nil, err
	}
	opt := b.Opt
	opt.Now = b.now()
	cache := &noteCache{m: map[string]cached{}}
	s, err := prepare(opt, cfg, cache, false)
	if err != nil {
		return nil, err
	}
	res, man, err := s.publish(out)
	if err != nil {
		return nil, err
	}
	b.cfg, b.out, b.site, b.cache, b.man = cfg, out, s, cache, man
	b.sigs = map[string]string{}
	for _, m := range s.Journal.Meetings {
		b.sigs[m.URL] = render.MeetingSig(m)
	}
	b.pages = map[string]bool{}
	for _, job := range s.View.Jobs() {
		b.pages[job.Path] = true
	}
	b.gen = map[string]bool{}
	for _, g := range s.generated() {
		b.gen[g.path] = true
	}
	b.last, b.spare = map[string][]byte{}, map[string][]byte{}
	res.Duration, res.Out = time.Since(start), out
	return res, nil
}

// Update rebuilds after the files at changed (paths relative to the site root,
// files or folders, created, written, removed or renamed) changed. Without a
// previous good build it builds everything. On error the output stays as it was.
//
// The common edit, a note's prose changing while its links (title, date,
// people, tags, items) stay the same, is swapped into the journal in place
// (journal.ReplaceNote) without linking the journal again; anything else
// loads the journal again from the cache of parsed notes.
func (b *Builder) Update(changed []string) (*Result, error) {
	if b.site == nil {
		return b.Full()
	}
	start := time.Now()
	res, parsed, err := b.updateInPlace(changed, start)
	if res != nil || err != nil {
		return res, err
	}
	content := path.Clean(filepath.ToSlash(b.cfg.ContentDir))
	for _, c := range changed {
		c = path.Clean(filepath.ToSlash(c))
		if c == config.FileName || c == "themes" || strings.HasPrefix(c, "themes/") || c == "." {
			return b.Full()
		}
		if !parsed[c] {
			b.cache.forget(c)
		}
		if c == content || strings.HasPrefix(content, c+"/") {
			b.cache = &noteCache{m: map[string]cached{}}
		}
	}
	old := b.site
	s := &Site{Opt: old.Opt, Config: old.Config, Theme: old.Theme, Bodies: old.Bodies, CSS: old.CSS,
		index: old.index, actions: old.actions, feeds: feeds.NewCache()}
	s.Opt.Now = b.now()
	if s.Opt.Now.In(b.cfg.Location).Format(time.DateOnly) != old.Journal.Today {
		return b.Full() // a new day: every due date and "ago" may read differently
	}
	if err := s.load(nil, b.cache); err != nil {
		return nil, err
	}
	oj, nj := old.Journal, s.Journal

	// Which meetings changed: parsed anew, added, removed, or whose review
	// state turned overdue since the last build.
	oldBy := map[string]*journal.Meeting{}
	for _, m := range oj.Meetings {
		oldBy[m.Source] = m
	}
	newBy := map[string]*journal.Meeting{}
	var changedM []*journal.Meeting // old and new versions
	for _, m := range nj.Meetings {
		newBy[m.Source] = m
		o := oldBy[m.Source]
		if o == nil || o.Note != m.Note || o.ReviewOverdue != m.ReviewOverdue {
			changedM = append(changedM, m)
			if o != nil {
				changedM = append(changedM, o)
			}
		}
	}
	var gone []*journal.Meeting
	for _, o := range oj.Meetings {
		if newBy[o.Source] == nil {
			changedM = append(changedM, o)
			gone = append(gone, o)
		}
	}
	// A person whose display name changed shows on many pages: render everything.
	oldPeople := map[string]string{}
	for _, p := range oj.People {
		oldPeople[p.ID] = p.Name
	}
	for _, p := range nj.People {
		if n, ok := oldPeople[p.ID]; ok && n != p.Name {
			return b.Full()
		}
	}
	t := b.touch(changedM, oj, nj)
	jobs := s.View.Jobs()
	todo, newPages := b.listPages(jobs, t, nil)
	// Meetings: those that changed, and those of touched series whose page
	// shows something different now.
	sigs := map[string]string{}
	for _, m := range nj.Meetings {
		o := oldBy[m.Source]
		candidate := o == nil || o.Note != m.Note || (m.Series != nil && t.series[m.Series.ID]) || o.ReviewOverdue != m.ReviewOverdue
		if !candidate {
			continue
		}
		sig := render.MeetingSig(m)
		sigs[m.URL] = sig
		if o != nil && o.Note == m.Note && b.sigs[m.URL] == sig && b.pages[m.URL+"index.html"] {
			continue
		}
		if b.pages[m.URL+"index.html"] {
			todo = append(todo, render.Job{Path: m.URL + "index.html", Kind: "meeting", Meeting: m, Site: s.View})
		}
	}
	return b.finish(start, s, oj.Attachments, jobs, todo, newPages, sigs, gone, nil)
}

// updateInPlace is Update's way for notes whose links did not change: when
// every changed path is a note of the journal that parses without errors and
// journal.SameLinks its last version, it swaps them into the journal and
// re-renders what shows them. Otherwise it returns a nil result, and the
// paths of the notes it parsed (and cached) on the way.
func (b *Builder) updateInPlace(changed []string, start time.Time) (*Result, map[string]bool, error) {
	s := b.site
	j := s.Journal
	now := b.now()
	if now.In(b.cfg.Location).Format(time.DateOnly) != j.Today || len(changed) == 0 {
		return nil, nil, nil
	}
	type swap struct {
		m *journal.Meeting
		n *note.Note
	}
	var swaps []swap
	parsed := map[string]bool{}
	opt := s.noteOptions()
	same := true
	for _, c := range changed {
		c = path.Clean(filepath.ToSlash(c))
		var m *journal.Meeting
		for _, x := range j.Meetings {
			if x.Source == c {
				m = x
				break
			}
		}
		if m == nil {
			return nil, parsed, nil // a new note, a draft, a folder, an attachment, the config...
		}
		data, err := os.ReadFile(filepath.Join(b.Opt.Root, filepath.FromSlash(c)))
		if err != nil {
			return nil, parsed, nil // gone: a full load tells
		}
		n, d := note.Parse(c, data, opt)
		b.cache.Put(c, n, d)
		parsed[c] = true
		if len(d.Errors()) > 0 || !journal.SameLinks(m.Note, n) {
			same = false // parse the others too, for the full load
			continue
		}
		swaps = append(swaps, swap{m, n})
	}
	if !same {
		return nil, parsed, nil
	}

	changedM := []*journal.Meeting{}
	resolved := false // an action's status, dates or priority changed
	for _, sw := range swaps {
		if j.ReplaceNote(sw.m, sw.n) {
			resolved = true
		}
		changedM = append(changedM, sw.m)
	}
	changedM = append(changedM, j.SetNow(now)...)
	s.Opt.Now = now
	// The warnings: those of the swapped notes' new parse instead of their
	// last, in the order a full load sorts them in.
	swapped := map[string]bool{}
	var diags diag.List
	for _, sw := range swaps {
		swapped[sw.m.Source] = true
		diags = append(diags, sw.n.Diags.Warnings()...)
	}
	for _, d := range j.Diags {
		if !swapped[d.Path] {
			diags = append(diags, d)
		}
	}
	diags.Sort()
	j.Diags = diags

	if traceUpdate {
		fmt.Fprintf(os.Stderr, "swapped %v\n", time.Since(start))
	}
	t := b.touchInPlace(changedM, j)
	actions := map[*journal.Action]bool{}
	meetings := map[*journal.Meeting]bool{}
	for _, m := range changedM {
		meetings[m] = true
		for _, o := range m.Occurrences {
			actions[o.Action] = true
		}
	}
	s.View.Refresh(actions, meetings, resolved)
	as := make([]*journal.Action, 0, len(actions))
	for a := range actions {
		as = append(as, a)
		s.feeds.Forget(a)
	}
	s.index.Forget(changedM, as)
	s.actions.Forget(as)
	jobs := s.View.Jobs()
	// The built-in lists of people, tags, series and months show names,
	// counts and dates, which a swapped note keeps (but for the people's
	// open actions).
	lists := map[string]bool{}
	for _, kind := range []string{"people", "tags", "serieslist", "archive"} {
		lists[kind] = s.Theme.BuiltIn(kind)
	}
	if resolved {
		lists["people"] = false // it shows open counts
	}
	todo, newPages := b.listPages(jobs, t, lists)
	sigs := map[string]string{}
	var candidates []*journal.Meeting // the changed meetings and their series'
	seen := map[*journal.Meeting]bool{}
	for _, m := range changedM {
		list := []*journal.Meeting{m}
		if m.Series != nil {
			list = m.Series.Meetings
		}
		for _, x := range list {
			if !seen[x] {
				seen[x] = true
				candidates = append(candidates, x)
			}
		}
	}
	for _, m := range candidates {
		sig := render.MeetingSig(m)
		sigs[m.URL] = sig
		if !meetings[m] && b.sigs[m.URL] == sig {
			continue
		}
		if b.pages[m.URL+"index.html"] {
			todo = append(todo, render.Job{Path: m.URL + "index.html", Kind: "meeting", Meeting: m, Site: s.View})
		}
	}
	if traceUpdate {
		fmt.Fprintf(os.Stderr, "planned %v\n", time.Since(start))
	}
	// The Atom feed shows the newest meetings only.
	unchanged := map[string]bool{feeds.MeetingsAtom: true}
	for _, m := range changedM {
		if m.Index >= len(j.Meetings)-feeds.MaxEntries {
			unchanged[feeds.MeetingsAtom] = false
		}
	}
	res, err := b.finish(start, s, j.Attachments, jobs, todo, newPages, sigs, nil, unchanged)
	if err != nil {
		// The journal has the new notes, the output may not: build it all
		// next time.
		b.site = nil
		return nil, parsed, err
	}
	b.inPlace++
	return res, parsed, nil
}

// touched are the people, tags, series and months (by page name) whose pages
// show a changed meeting or action.
type touched struct {
	people, tags, series, months map[string]bool
}

// touch finds what shows the meetings in changedM, in each of the journals
// (before and after a change), where their actions are found by key.
func (b *Builder) touch(changedM []*journal.Meeting, js ...*journal.Journal) touched {
	keys := map[string]bool{}
	for _, m := range changedM {
		for _, o := range m.Occurrences {
			keys[o.Action.Key] = true
		}
	}
	var actions []*journal.Action
	for _, j := range js {
		for _, a := range j.Actions {
			if keys[a.Key] {
				actions = append(actions, a)
			}
		}
	}
	return b.touchActions(changedM, actions, js...)
}

// touchInPlace is touch for a journal changed in place, where a changed
// meeting's actions are those of its occurrences.
func (b *Builder) touchInPlace(changedM []*journal.Meeting, j *journal.Journal) touched {
	var actions []*journal.Action
	for _, m := range changedM {
		for _, o := range m.Occurrences {
			actions = append(actions, o.Action)
		}
	}
	return b.touchActions(changedM, actions, j)
}

// touchActions finds the people, tags, series and months of the changed
// meetings and the people and tags of their actions.
func (b *Builder) touchActions(changedM []*journal.Meeting, actions []*journal.Action, js ...*journal.Journal) touched {
	t := touched{map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}}
	for _, m := range changedM {
		for _, p := range m.People {
			t.people[p.ID] = true
		}
		for _, mn := range m.Mentions {
			for _, j := range js {
				if p := j.Lookup(mn.Handle); p != nil {
					t.people[p.ID] = true
				}
			}
		}
		for _, tg := range m.Tags {
			t.tags[journal.TagSlug(tg)] = true
		}
		if m.Series != nil {
			t.series[m.Series.ID] = true
		}
		t.months[m.Date.In(b.cfg.Location).Format("2006-01")] = true
	}
	for _, a := range actions {
		if a.Owner != nil {
			t.people[a.Owner.ID] = true
		}
		for _, tg := range a.Tags {
			t.tags[journal.TagSlug(tg)] = true
		}
		for _, o := range a.Occurrences {
			for _, p := range o.Meeting.People {
				t.people[p.ID] = true
			}
		}
	}
	return t
}

// listPages picks the pages other than meetings to render again: new ones,
// the journal-wide lists, and the pages of what t touched. It also returns
// every page path of the build. lists, for a journal changed in place, are
// the kinds of list pages that need no new rendering.
func (b *Builder) listPages(jobs []render.Job, t touched, lists map[string]bool) ([]render.Job, map[string]bool) {
	// A journal changed in place has the same pages as before.
	inPlace := lists != nil
	newPages := b.pages
	if !inPlace {
		newPages = make(map[string]bool, len(jobs))
	}
	var todo []render.Job
	name := func(p, dir string) string {
		return strings.TrimSuffix(strings.TrimPrefix(p, dir), "/index.html")
	}
	for _, job := range jobs {
		if !inPlace {
			newPages[job.Path] = true
		}
		if !b.pages[job.Path] {
			todo = append(todo, job)
			continue
		}
		switch job.Kind {
		case "home", "actions", "review", "people", "tags", "serieslist", "archive":
			if !lists[job.Kind] {
				todo = append(todo, job)
			}
		case "person":
			if t.people[name(job.Path, "people/")] {
				todo = append(todo, job)
			}
		case "tag":
			if t.tags[name(job.Path, "tags/")] {
				todo = append(todo, job)
			}
		case "series":
			if t.series[name(job.Path, "series/")] {
				todo = append(todo, job)
			}
		case "month":
			if t.months[name(job.Path, "archive/")] {
				todo = append(todo, job)
			}
		}
	}
	return todo, newPages
}

// finish renders todo and the journal-wide files, writes those whose bytes
// changed, removes what is gone and records the build as the last good one.
//
// The generated files in same are known to be as last time: they are not
// computed again.
func (b *Builder) finish(start time.Time, s *Site, oldAttachments []string, jobs, todo []render.Job,
	newPages map[string]bool, sigs map[string]string, gone []*journal.Meeting, same map[string]bool) (*Result, error) {
	nj := s.Journal
	res := &Result{Meetings: len(nj.Meetings), People: len(nj.People), Actions: len(nj.Actions)}
	for _, d := range nj.Diags {
		if !CheckOnly[d.Code] {
			res.Warnings = append(res.Warnings, d)
		}
	}
	// Render first, write after: a template error leaves the output as it was.
	// The journal-wide files (search index, feeds) go first into the same
	// pool, since they take longest.
	type file struct {
		path string
		data []byte
		fp   string // "" when the bytes are those of the last build
	}
	gen := map[string]bool{}
	var work []generatedFile
	for _, g := range s.generated() {
		gen[g.path] = true
		if last, ok := b.last[g.path]; ok && same[g.path] {
			g.data, g.into = func() ([]byte, error) { return last, nil }, nil
		}
		work = append(work, g)
	}
	for _, job := range todo {
		work = append(work, generatedFile{path: job.Path, data: func() ([]byte, error) { return s.Theme.Render(job) }})
	}
	files := make([]file, len(work))
	errs := make([]error, len(work))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	for i, w := range work {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			t0 := time.Now()
			data, err := w.bytes(b.spare[w.path])
			if traceUpdate {
				fmt.Fprintf(os.Stderr, "  %-40s %v\n", w.path, time.Since(t0))
			}
			fp := ""
			if last, ok := b.last[w.path]; !ok || !bytes.Equal(last, data) {
				fp = fingerprint(data)
			}
			files[i], errs[i] = file{w.path, data, fp}, err
		}()
	}
	wg.Wait()
	if traceUpdate {
		fmt.Fprintf(os.Stderr, "rendered %v\n", time.Since(start))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	// The manifest is updated as files are written, so that it tells what
	// is on disk even when a write fails.
	man := &b.man
	var write []int
	// keep makes data the last bytes of a generated file; the buffer it
	// replaces is room for the next build.
	keep := func(p string, data []byte) {
		if gen[p] {
			b.spare[p] = b.last[p]
			b.last[p] = data
		}
	}
	for i, f := range files {
		if f.fp == "" { // as last time
			if last := b.last[f.path]; gen[f.path] && len(f.data) > 0 && &f.data[0] != &last[0] {
				b.spare[f.path] = f.data // new bytes, the same as the last: room for next time
			}
			continue
		}
		if man.Files[f.path] != f.fp {
			write = append(write, i)
		} else {
			keep(f.path, f.data)
		}
	}
	// The writes go in parallel too: a big file is mostly a copy into the
	// page cache.
	werrs := make([]error, len(write))
	var wwg sync.WaitGroup
	// Writers mostly wait for the file system: more of them than CPUs.
	writers := min(len(write), 8)
	for w := range writers {
		wwg.Add(1)
		go func() {
			defer wwg.Done()
			for k := w; k < len(write); k += writers {
				f := files[write[k]]
				werrs[k] = writeInPlace(b.out, f.path, f.data)
			}
		}()
	}
	wwg.Wait()
	for k, i := range write {
		if werrs[k] != nil {
			continue
		}
		f := files[i]
		man.set(f.path, f.fp)
		res.Written++
		keep(f.path, f.data)
	}
	if err := errors.Join(werrs...); err != nil {
		return nil, err
	}
	if traceUpdate {
		fmt.Fprintf(os.Stderr, "wrote %d files %v\n", len(write), time.Since(start))
	}
	// Pages and generated files that are gone.
	for p := range b.gen {
		if !gen[p] {
			delete(b.last, p)
			delete(b.spare, p)
			removeInPlace(b.out, p)
			man.del(p)
			res.Written++
		}
	}
	for p := range b.pages {
		if !newPages[p] {
			removeInPlace(b.out, p)
			man.del(p)
			res.Written++
		}
	}
	// Attachments: copy new and changed ones, remove those gone.
	contentPath := b.cfg.ContentPath(b.Opt.Root)
	newAtt := map[string]bool{}
	for _, a := range nj.Attachments {
		newAtt[a] = true
		src := filepath.Join(contentPath, filepath.FromSlash(a))
		st, err := os.Stat(src)
		if err != nil {
			continue
		}
		fp := fmt.Sprintf("file-%d-%d", st.Size(), st.ModTime().UnixNano())
		if man.Files[a] == fp {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		if err := writeInPlace(b.out, a, data); err != nil {
			return nil, err
		}
		man.set(a, fp)
		res.Written++
	}
	for _, a := range oldAttachments {
		if !newAtt[a] && !newPages[a] {
			removeInPlace(b.out, a)
			man.del(a)
		}
	}
	if err := writeInPlace(b.out, ManifestName, man.bytes()); err != nil {
		return nil, err
	}
	for url, sig := range sigs {
		b.sigs[url] = sig
	}
	for _, o := range gone {
		delete(b.sigs, o.URL)
		b.Bodies().Forget(o.Path)
	}
	b.site, b.pages, b.gen = s, newPages, gen
	res.Pages = len(jobs)
	res.Files = len(man.Files)
	res.Paths = slices.Clone(man.keys())
	res.Duration, res.Out = time.Since(start), b.out
	if traceUpdate {
		fmt.Fprintf(os.Stderr, "done %v\n", time.Since(start))
	}
	return res, nil
}

var traceUpdate = os.Getenv("RECAP_TRACE_UPDATE") != ""

// Bodies is the body renderer of the last good build.
func (b *Builder) Bodies() *render.BodyRenderer { return b.site.Bodies }

// writeInPlace replaces one output file atomically: a temp file beside it,
// then a rename, so a server never sends half a page.
func writeInPlace(out, rel string, data []byte) error {
	dst := filepath.Join(out, filepath.FromSlash(rel))
	dir := filepath.Dir(dst)
	tmp, err := createTemp(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		tmp, err = createTemp(dir)
	}
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644) // whatever the umask
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// createTemp creates a new file for writeInPlace in dir.
func createTemp(dir string) (*os.File, error) {
	for {
		name := filepath.Join(dir, ".recap-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// removeInPlace removes an output file and the folders it leaves empty.
func removeInPlace(out, rel string) {
	p := filepath.Join(out, filepath.FromSlash(rel))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return
	}
	for d := filepath.Dir(p); d != out && strings.HasPrefix(d, out); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break
		}
	}
}
