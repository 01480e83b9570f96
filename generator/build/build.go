// Package build turns a site into its published journal: it loads the config
// and the notes, renders every page with the theme, and publishes the result
// atomically.
//
// The output is built in a folder beside publishDir and swapped in only when
// the whole build succeeded, so a static server never serves a half-written
// site and a failed build leaves the previous output byte for byte. The build
// records what it wrote in publishDir/.recap-manifest.json: files it wrote
// before and not now are removed, and anything else in publishDir (.git,
// CNAME, a README) is kept, folders with their modes and owners. Files whose
// bytes did not change are hard-linked from the previous output rather than
// written again. A build never replaces or removes a file it did not write:
// it refuses, before it writes anything. An output folder that cannot be
// swapped (a mount point) is published in place instead, each file renamed
// over the old one (see inPlace).
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark/ast"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/feeds"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/render"
	"github.com/recapjournal/recap/generator/search"
	"github.com/recapjournal/recap/generator/share"
	"github.com/recapjournal/recap/generator/source"
)

// Options tunes a build.
type Options struct {
	Root    string    // the site root; default "."
	Now     time.Time // default: the clock
	Drafts  bool      // include drafts
	Workers int       // default: GOMAXPROCS
	// OutDir overrides publishDir (an absolute path, or relative to the working folder).
	OutDir string
	// Loaded, when set, is called once the journal is loaded and before any
	// file is rendered; `recap build` bounds its heap there.
	Loaded func()
	// StateDir is where a build remembers its inputs and outputs, so that a
	// second build with nothing changed does nothing; empty, it remembers
	// nothing. `recap build` passes the user's cache folder.
	StateDir string
}

// Result summarises a build.
type Result struct {
	Meetings, People, Actions int
	Notes                     int      // notes without a date (pages of the journal)
	Pages                     int      // HTML pages
	Files                     int      // every file in the output, pages included
	Written                   int      // files whose bytes changed
	Paths                     []string // every output file, sorted
	Warnings                  diag.List
	Duration                  time.Duration
	Out                       string
	// Publish says how the output was published when it was not swapped in
	// whole: "published in place: the output folder is a mount point".
	Publish string `json:",omitempty"`
}

// Summary is the one line a build ends with.
func (r *Result) Summary() string {
	notes := ""
	if r.Notes > 0 {
		notes = fmt.Sprintf(", %d %s without a date", r.Notes, plural(r.Notes, "note", "notes"))
	}
	s := fmt.Sprintf("built %d meetings%s, %d people, %d actions: %d pages, %d files (%d written, %d unchanged) in %s",
		r.Meetings, notes, r.People, r.Actions, r.Pages, r.Files, r.Written, r.Files-r.Written, r.Duration.Round(time.Millisecond))
	if r.Publish != "" {
		s += "; " + r.Publish
	}
	return s
}

// CheckOnly are warning codes that only `recap check` reports; a build does not
// print them.
var CheckOnly = map[string]bool{"unknown-key": true, "unowned": true, "no-due": true, "unknown-person": true}

// Build builds the site at opt.Root into its publishDir. A second build with
// nothing changed does nothing (see state.go).
func Build(opt Options) (*Result, error) {
	start := time.Now()
	if opt.Root == "" {
		opt.Root = "."
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	cfg, err := config.LoadDir(opt.Root)
	if err != nil {
		return nil, err
	}
	out, err := outputDir(opt, cfg)
	if err != nil {
		return nil, err
	}
	var key, inputs string
	if opt.StateDir != "" {
		key, inputs = stateKey(opt.Root, out, opt), inputDigest(opt.Root, cfg)
	}
	if res, ok := unchanged(opt.StateDir, key, inputs, out, opt.Now, opt.Now.In(cfg.Location).Format(time.DateOnly)); ok {
		res.Duration, res.Out = time.Since(start), out
		return res, nil
	}
	s, err := prepare(opt, cfg, nil, true)
	if err != nil {
		return nil, err
	}
	if opt.Loaded != nil {
		opt.Loaded()
	}
	res, _, err := s.publish(out)
	if err != nil {
		return nil, err
	}
	remember(opt.StateDir, key, inputs, out, s, res)
	res.Duration = time.Since(start)
	return res, nil
}

// outputDir is the checked output folder of a build, a link to a folder
// resolved to the folder.
func outputDir(opt Options, cfg *config.Config) (string, error) {
	out := cfg.PublishPath(opt.Root)
	if opt.OutDir != "" {
		out = opt.OutDir
	}
	if err := checkOutput(opt.Root, cfg.ContentPath(opt.Root), out); err != nil {
		return "", err
	}
	if st, err := os.Lstat(out); err == nil && st.Mode()&os.ModeSymlink != 0 {
		if real, err := filepath.EvalSymlinks(out); err == nil {
			out = real
		}
	}
	return out, nil
}

// publish writes the site beside out and swaps it in, or, when out cannot be
// swapped, writes it into out in place (see inPlace). It returns the
// manifest of what it wrote.
func (s *Site) publish(out string) (*Result, manifest, error) {
	p, err := newPublisher(out)
	if err != nil {
		return nil, manifest{}, err
	}
	res, err := s.Write(p)
	if err != nil {
		p.abort()
		return nil, manifest{}, err
	}
	if err := p.commit(); err != nil {
		p.abort()
		var fe *foreignError
		if errors.As(err, &fe) {
			return nil, manifest{}, err
		}
		return nil, manifest{}, fmt.Errorf("publish %s: %w", out, err)
	}
	p.report(res)
	res.Out = out
	return res, *p.next(), nil
}

// Site is a loaded site ready to render.
type Site struct {
	Opt     Options
	Config  *config.Config
	Journal *journal.Journal
	Theme   *render.Theme
	Bodies  *render.BodyRenderer
	View    *render.Site
	CSS     string

	files *source.Files // the content folder, as walked
	// index cuts notes into search words, and keeps them by parsed note.
	index *search.Indexer
	// lean: the site is rendered once: the notes' text is cut into index
	// words as they are parsed and dropped, and each body is dropped once
	// its page is rendered.
	lean bool
	// recaps keeps the meetings' recap texts, and actions writes
	// actions.json keeping its records, from one watch-mode rebuild to the
	// next; both nil in a lean site, which makes each once.
	recaps  *recapMemo
	actions *feeds.Writer
}

// recapMemo keeps each meeting's recap text by what it is made of: the
// note's share view (one per parse of the file, so one per content) and
// share.Key: the names it prints and the current state of its actions, which
// later meetings can change. Every page's fingerprint
// includes its recap, so without it a rebuild would make all of them again.
// Each rebuild keeps the recaps it used and drops the others.
type recapMemo struct {
	mu         sync.Mutex
	prev, next map[recapKey]string
}

type recapKey struct {
	view  *share.View
	names string
}

func newRecapMemo() *recapMemo { return &recapMemo{next: map[recapKey]string{}} }

// rotate starts a rebuild: what the last one did not use is dropped.
func (c *recapMemo) rotate() {
	if c != nil {
		c.mu.Lock()
		c.prev, c.next = c.next, map[recapKey]string{}
		c.mu.Unlock()
	}
}

// get returns the recap of m with share view v, made by compute when it is
// not kept. Beyond the note (its view), a recap depends on the journal
// around it: the names of the attendees, of the actions' owners and of the
// people its text mentions, and each action's current status, owner and due
// date, which a later meeting may change. share.Key gives all of that; when
// the note mentions someone the meeting alone does not know, the recap
// depends on the whole journal and is made anew.
func (c *recapMemo) get(v *share.View, m *journal.Meeting, compute func() string) string {
	if c == nil {
		return compute()
	}
	deps, keep := share.Key(m, v)
	if !keep {
		return compute()
	}
	k := recapKey{v, deps}
	c.mu.Lock()
	r, ok := c.next[k]
	if !ok {
		r, ok = c.prev[k]
		if ok {
			c.next[k] = r
		}
	}
	c.mu.Unlock()
	if ok {
		return r
	}
	r = compute()
	c.mu.Lock()
	c.next[k] = r
	c.mu.Unlock()
	return r
}

// Prepare loads the theme and the journal.
func Prepare(opt Options, cfg *config.Config) (*Site, error) {
	return prepare(opt, cfg, nil, false)
}

// prepare is Prepare with a cache of parsed notes (watch mode's). A lean
// site, for a build that renders the journal once, keeps no note's text.
func prepare(opt Options, cfg *config.Config, cache journal.Cache, lean bool) (*Site, error) {
	if opt.Root == "" {
		opt.Root = "."
	}
	theme, err := loadTheme(opt.Root, cfg.Theme)
	if err != nil {
		return nil, err
	}
	css, err := render.ChromaCSS(cfg.HighlightStyle, cfg.HighlightDark)
	if err != nil {
		return nil, diag.List{diag.Errorf(config.FileName, 1, 1, "%v", err)}
	}
	bodies := render.NewBodyRenderer(render.Markdown(), journal.NewResolver(cfg), cfg.ContentDir)
	bodies.Share(cfg)
	s := &Site{Opt: opt, Config: cfg, Theme: theme, Bodies: bodies, CSS: css, lean: lean && cache == nil,
		index: search.NewIndexer()}
	if !s.lean {
		s.recaps, s.actions = newRecapMemo(), &feeds.Writer{}
	}
	if err := s.load(nil, cache); err != nil {
		return nil, err
	}
	return s, nil
}

// load reads the journal (from files, when already walked, and through cache,
// when set) and computes the view.
func (s *Site) load(files *source.Files, cache journal.Cache) error {
	fsys := source.DirFS(s.Opt.Root)
	if files == nil {
		f, err := source.Walk(fsys, path.Clean(s.Config.ContentDir), s.Config.Ignored)
		if err != nil {
			return err
		}
		files = f
	}
	t0 := time.Now()
	defer func() { trace(t0, "of which linking the journal and making its views") }()
	j, err := journal.LoadFiles(fsys, s.Config, files, journal.Options{
		Now: s.Opt.Now, Drafts: s.Opt.Drafts, Workers: s.Opt.Workers, Cache: cache,
		Note: s.noteOptions(),
	})
	if err != nil {
		return err
	}
	s.Journal, s.files = j, files
	body := func(m *journal.Meeting) string { return s.Bodies.Body(m.Note) }
	recap := func(m *journal.Meeting) string {
		v := s.Bodies.View(m.Note)
		if v == nil {
			return ""
		}
		return s.recaps.get(v, m, func() string {
			r, err := share.FromView(j, m, v, "markdown")
			if err != nil {
				return ""
			}
			return r
		})
	}
	s.View = render.NewSite(j, body, recap)
	return nil
}

// noteOptions are how the site parses notes: with its renderer, which renders
// each body in the same pass.
func (s *Site) noteOptions() note.Options {
	onAST := s.Bodies.OnAST
	if s.lean {
		// A one-off build cuts each note into index words as it is parsed
		// and drops its text: 17 MB in a 10,000-note journal.
		onAST = func(n *note.Note, doc ast.Node, src []byte) {
			s.Bodies.OnAST(n, doc, src)
			s.index.Note(n)
			n.Text = ""
		}
	}
	return note.Options{Markdown: s.Bodies.Markdown(), OnAST: onAST, KeepText: true, Location: s.Config.Location}
}

func loadTheme(root, name string) (*render.Theme, error) {
	dir := filepath.Join(root, "themes", name)
	st, err := os.Stat(dir)
	switch {
	case err == nil && st.IsDir():
		return render.LoadTheme(os.DirFS(dir))
	case name != "default":
		return nil, fmt.Errorf("theme %q: no folder %s", name, dir)
	}
	return render.LoadTheme(nil)
}

// output is one file of the site.
type output struct {
	path string
	data func() ([]byte, error) // for generated files
	// page, for pages, renders into dst's room: the bytes are the caller's
	// once written.
	page func(dst []byte) ([]byte, error)
	src  string // for attachments: the file to copy
	// from is the note or attachment it comes from, a path from the site
	// root, when there is one.
	from string
}

// what says what o is, for a message.
func (o *output) what() string {
	switch {
	case o.src != "":
		return "attachment " + o.from
	case o.page != nil:
		return "page " + o.path
	}
	return "file " + o.path
}

// Outputs lists every file of the site: pages, theme files, attachments. Two
// files written to one path are an error (see Collision).
func (s *Site) Outputs() ([]output, int, error) {
	outs, pages := s.outputs()
	if cs := collisions(outs); len(cs) > 0 {
		errs := make([]error, len(cs))
		for i := range cs {
			errs[i] = &cs[i]
		}
		return nil, 0, errors.Join(errs...)
	}
	return outs, pages, nil
}

// A Collision is two files of a site that a build would write to one path
// of its output, letter case aside: a file system that ignores case, or a
// server on one, would serve one for the other. Build refuses them; `recap
// check` reports them.
type Collision struct {
	Path          string // in the output, as the second file has it
	First, Second string // what they are: "page people/sam/index.html", "attachment content/people/sam/index.html"
	// Source is the file of the site to rename, a path from the site root:
	// the second's note or attachment, else the first's; "" when neither
	// comes from one.
	Source string
}

func (c *Collision) Error() string {
	return fmt.Sprintf("two files would be written to %s: %s and %s; rename one", c.Path, c.First, c.Second)
}

// collisions finds the files of outs written to one path.
func collisions(outs []output) []Collision {
	seen := make(map[string]int, len(outs))
	var cs []Collision
	for i := range outs {
		o := &outs[i]
		k := strings.ToLower(o.path)
		j, ok := seen[k]
		if !ok {
			seen[k] = i
			continue
		}
		first := &outs[j]
		from := o.from
		if from == "" {
			from = first.from
		}
		cs = append(cs, Collision{Path: o.path, First: first.what(), Second: o.what(), Source: from})
	}
	return cs
}

// Collisions lists the files of the journal j that a build of the site in
// fsys (its root folder), with the config cfg, would write to one path of
// the output: what Build refuses, for `recap check` to report. It reads the
// theme, whose files are part of the output.
func Collisions(fsys fs.FS, cfg *config.Config, j *journal.Journal) ([]Collision, error) {
	theme, err := loadThemeFS(fsys, cfg.Theme)
	if err != nil {
		return nil, err
	}
	s := &Site{Config: cfg, Journal: j, Theme: theme, View: render.NewSite(j, nil, nil), index: search.NewIndexer()}
	outs, _ := s.outputs()
	return collisions(outs), nil
}

// loadThemeFS is loadTheme over the site in fsys.
func loadThemeFS(fsys fs.FS, name string) (*render.Theme, error) {
	dir := "themes/" + name
	st, err := fs.Stat(fsys, dir)
	switch {
	case err == nil && st.IsDir():
		sub, err := fs.Sub(fsys, dir)
		if err != nil {
			return nil, err
		}
		return render.LoadTheme(sub)
	case name != "default":
		return nil, fmt.Errorf("theme %q: no folder %s", name, dir)
	}
	return render.LoadTheme(nil)
}

// outputs lists every file of the site, and counts the pages.
func (s *Site) outputs() ([]output, int) {
	// The order bounds memory and keeps both workers busy to the end. The
	// search index goes first, as it is the longest file and frees the notes'
	// text; then the meeting pages, each of which frees its body; then the
	// other journal-wide files, whose big buffers so meet a smaller heap; then
	// the list pages.
	var outs, later []output
	for _, g := range s.generated() {
		o := output{path: g.path, data: g.data}
		if g.path == searchIndex {
			outs = append(outs, o)
		} else {
			later = append(later, o)
		}
	}
	jobs := s.View.Jobs()
	for _, job := range jobs {
		if job.Kind != "meeting" {
			continue
		}
		outs = append(outs, output{path: job.Path, from: job.Meeting.Source, page: func(dst []byte) ([]byte, error) {
			data, err := s.Theme.RenderInto(dst, job)
			if s.lean {
				// A one-off build shows each body once: do not hold them all.
				s.Bodies.Release(job.Meeting.Note)
			}
			return data, err
		}})
	}
	outs = append(outs, later...)
	for _, job := range jobs {
		if job.Kind != "meeting" {
			o := output{path: job.Path, page: func(dst []byte) ([]byte, error) { return s.Theme.RenderInto(dst, job) }}
			if job.Meeting != nil {
				o.from = job.Meeting.Source
			}
			outs = append(outs, o)
		}
	}
	pages := len(jobs)
	for _, name := range s.Theme.Statics {
		outs = append(outs, output{path: "assets/" + name, data: func() ([]byte, error) { return s.Theme.Static(name) }})
	}
	css := []byte(s.CSS)
	outs = append(outs,
		output{path: "assets/chroma.css", data: func() ([]byte, error) { return css, nil }},
		output{path: "robots.txt", data: func() ([]byte, error) { return []byte("User-agent: *\nDisallow: /\n"), nil }},
	)
	content := s.Config.ContentPath(s.Opt.Root)
	for _, a := range s.Journal.Attachments {
		outs = append(outs, output{path: a, src: filepath.Join(content, filepath.FromSlash(a)), from: path.Join(s.Config.ContentDir, a)})
	}
	return outs, pages
}

// searchIndex is the search index's path in the output.
const searchIndex = "assets/search-index.js"

// generatedFile is a file computed from the whole journal.
type generatedFile struct {
	path string
	data func() ([]byte, error)
}

// generated lists the journal-wide data files: the nav counts, the search
// index, the actions page's filter data and the feeds. Their data is computed
// lazily (the calendars once for all their files), so a build computes them
// in parallel with its pages.
func (s *Site) generated() []generatedFile {
	j := s.Journal
	calendars := sync.OnceValue(func() map[string][]byte { return feeds.Calendars(j) })
	out := []generatedFile{
		{path: feeds.ActionsJSONPath, data: func() ([]byte, error) {
			if s.actions != nil {
				return s.actions.ActionsJSON(j)
			}
			return feeds.ActionsJSON(j)
		}},
		{path: searchIndex, data: func() ([]byte, error) { return s.index.IndexJS(j), nil }},
		{path: "assets/actions-data.js", data: func() ([]byte, error) { return search.ActionsJS(j), nil }},
		{path: "assets/site-data.js", data: func() ([]byte, error) { return render.SiteData(s.View), nil }},
		{path: feeds.MeetingsAtom, data: func() ([]byte, error) {
			return feeds.AtomWith(j, func(m *journal.Meeting) string {
				// Every parsed note has its view (Share is on), so the
				// fallback, which reads Note.Text, is for safety only.
				if v := s.Bodies.View(m.Note); v != nil {
					return v.Summary()
				}
				return feeds.PublicSummary(j, m)
			})
		}},
	}
	for _, p := range feeds.Paths(j) {
		if p == feeds.ActionsJSONPath || p == feeds.MeetingsAtom {
			continue
		}
		out = append(out, generatedFile{path: p, data: func() ([]byte, error) {
			data, ok := calendars()[p]
			if !ok {
				return nil, fmt.Errorf("feeds: %s was planned but not written", p)
			}
			return data, nil
		}})
	}
	return out
}

// Write renders every file into st, in parallel. It refuses, before it
// renders anything, to replace a file in the output folder that recap did
// not write.
func (s *Site) Write(st publisher) (*Result, error) {
	outs, pages, err := s.Outputs()
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(outs))
	for i := range outs {
		paths[i] = outs[i].path
	}
	if err := st.prepare(paths); err != nil {
		return nil, err
	}
	j := s.Journal
	res := &Result{Meetings: len(j.Meetings), Notes: len(j.Pages), People: len(j.People), Actions: len(j.Actions), Pages: pages, Files: len(outs)}
	for _, d := range j.Diags {
		if !CheckOnly[d.Code] {
			res.Warnings = append(res.Warnings, d)
		}
	}
	fps := make([]string, len(outs))
	wrote := make([]bool, len(outs))
	errs := make([]error, len(outs))
	workers := s.Opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Pages render into the worker's buffer, which each write frees.
			var buf []byte
			for i := range next {
				o := outs[i]
				if o.src != "" {
					wrote[i], fps[i], errs[i] = st.copyFile(o.path, o.src)
					continue
				}
				var data []byte
				var err error
				if o.page != nil {
					data, err = o.page(buf[:0])
					buf = data
				} else {
					data, err = o.data()
				}
				if err != nil {
					errs[i] = err
					continue
				}
				fps[i] = fingerprint(data)
				wrote[i], errs[i] = st.write(o.path, data, fps[i])
			}
		}()
	}
	for i := range outs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	man := st.next()
	for i, o := range outs {
		man.Files[o.path] = fps[i]
		res.Paths = append(res.Paths, o.path)
		if wrote[i] {
			res.Written++
		}
	}
	sort.Strings(res.Paths)
	return res, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
