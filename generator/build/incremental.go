package build

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/internal/par"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/render"
)

// Builder builds a site again and again, for watch mode and serve. The first
// build, and any after config.toml or the theme changed, is a full atomic
// build. After that, Update parses again only the notes that changed, links
// the journal again from the parsed notes it keeps, and renders again only
// the pages whose data changed: each page's data has a fingerprint (see
// render.Job.Fingerprint), and a page is rendered when its fingerprint is
// not the one it had in the last good build. Journal-wide files (the search
// index, the feeds) are computed again and written when their bytes
// changed. The output is the same, byte for byte, as a clean build of the
// same files at the same time.
type Builder struct {
	Opt   Options
	cfg   *config.Config
	out   string
	site  *Site // the last good build; nil before the first
	cache *noteCache
	man   manifest
	pages map[string]uint64 // page path → fingerprint, of the last good build
	gen   map[string]bool   // journal-wide files of the last good build
	// touched are the paths the watcher reported since the last good
	// build: an attachment among them, or in a folder among them, is read
	// again.
	touched []string
}

// NewBuilder returns a builder for the site at opt.Root.
func NewBuilder(opt Options) *Builder {
	if opt.Root == "" {
		opt.Root = "."
	}
	return &Builder{Opt: opt, cache: newNoteCache()}
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

// noteCache is a journal.Cache of parsed notes by path. A path the watcher
// reports as changed is parsed again; every other note keeps its parse, and
// with it its rendered body and search words, which are kept by parsed note.
type noteCache struct {
	mu sync.Mutex
	m  map[string]cached
}

func newNoteCache() *noteCache { return &noteCache{m: map[string]cached{}} }

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

// changed drops p and everything below it: they are parsed again.
func (c *noteCache) changed(p string) {
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
	cache := newNoteCache()
	s, err := prepare(opt, cfg, cache, false)
	if err != nil {
		return nil, err
	}
	res, man, err := s.publish(out)
	if err != nil {
		return nil, err
	}
	jobs := s.View.Jobs()
	b.cfg, b.out, b.site, b.cache, b.man, b.touched = cfg, out, s, cache, man, nil
	b.pages = fingerprints(s.Theme, jobs)
	b.gen = map[string]bool{}
	for _, g := range s.generated() {
		b.gen[g.path] = true
	}
	res.Duration, res.Out = time.Since(start), out
	return res, nil
}

// fingerprints are the jobs' fingerprints by path, computed in parallel.
func fingerprints(t *render.Theme, jobs []render.Job) map[string]uint64 {
	fps := make([]uint64, len(jobs))
	par.Do(len(jobs), func(i int) { fps[i] = t.Fingerprint(jobs[i]) })
	m := make(map[string]uint64, len(jobs))
	for i, job := range jobs {
		m[job.Path] = fps[i]
	}
	return m
}

// Update rebuilds after the files at changed (paths relative to the site root,
// files or folders, created, written, removed or renamed) changed. Without a
// previous good build it builds everything. On error the output stays as it was.
func (b *Builder) Update(changed []string) (*Result, error) {
	if b.site == nil {
		return b.Full()
	}
	start := time.Now()
	b.touched = append(b.touched, changed...)
	content := path.Clean(filepath.ToSlash(b.cfg.ContentDir))
	for _, c := range changed {
		c = path.Clean(filepath.ToSlash(c))
		if c == config.FileName || c == "themes" || strings.HasPrefix(c, "themes/") || c == "." {
			return b.Full()
		}
		b.cache.changed(c)
		if c == content || strings.HasPrefix(content, c+"/") {
			b.cache = newNoteCache()
		}
	}
	old := b.site
	s := &Site{Opt: old.Opt, Config: old.Config, Theme: old.Theme, Bodies: old.Bodies, CSS: old.CSS, index: old.index,
		recaps: old.recaps, actions: old.actions}
	s.recaps.rotate()
	s.Opt.Now = b.now()
	if err := s.load(nil, b.cache); err != nil {
		return nil, err
	}
	s.Bodies.Retain(s.Journal)
	trace(start, "loaded")
	j := s.Journal
	res := &Result{Meetings: len(j.Meetings), Notes: len(j.Pages), People: len(j.People), Actions: len(j.Actions)}
	for _, d := range j.Diags {
		if !CheckOnly[d.Code] {
			res.Warnings = append(res.Warnings, d)
		}
	}

	// Render first, write after: a template error leaves the output as it
	// was. The journal-wide files go first, since they take longest.
	jobs := s.View.Jobs()
	pages := fingerprints(s.Theme, jobs)
	trace(start, "fingerprinted %d pages", len(jobs))
	type file struct {
		path string
		data func() ([]byte, error)
		out  []byte
		fp   string
	}
	var work []*file
	gen := map[string]bool{}
	for _, g := range s.generated() {
		gen[g.path] = true
		work = append(work, &file{path: g.path, data: g.data})
	}
	for _, job := range jobs {
		if fp, ok := b.pages[job.Path]; !ok || fp != pages[job.Path] {
			work = append(work, &file{path: job.Path, data: func() ([]byte, error) { return s.Theme.Render(job) }})
		}
	}
	errs := make([]error, len(work))
	par.Do(len(work), func(i int) {
		f := work[i]
		f.out, errs[i] = f.data()
		f.fp = fingerprint(f.out)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	trace(start, "rendered %d files", len(work))

	// Attachments: one new to the output, or that the watcher reported (it
	// or a folder above it) since the last good build, is read again, and
	// written when its content changed.
	man := &b.man
	contentPath := b.cfg.ContentPath(b.Opt.Root)
	newAtt := map[string]bool{}
	for _, a := range j.Attachments {
		newAtt[a] = true
		if _, ok := man.Files[a]; ok && !b.wasTouched(path.Join(content, a)) {
			continue
		}
		data, err := readAttachment(filepath.Join(contentPath, filepath.FromSlash(a)), a)
		if errors.Is(err, fs.ErrNotExist) {
			continue // gone since the walk: the watcher reports it
		}
		if err != nil {
			return nil, err
		}
		work = append(work, &file{path: a, out: data, fp: fingerprint(data)})
	}

	// The manifest is updated as files are written, so that it tells what
	// is on disk even when a write fails. Nothing is written when one of
	// the files would replace one that recap did not write.
	var write []*file
	var paths []string
	for _, f := range work {
		if man.Files[f.path] != f.fp {
			write = append(write, f)
			paths = append(paths, f.path)
		}
	}
	if _, err := checkForeign(b.out, man, paths); err != nil {
		return nil, err
	}
	werrs := make([]error, len(write))
	var wg sync.WaitGroup
	// Writers mostly wait for the file system: more of them than CPUs.
	writers := min(len(write), 8)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(write); k += writers {
				werrs[k] = writeInPlace(b.out, write[k].path, write[k].out)
			}
		}()
	}
	wg.Wait()
	for k, f := range write {
		if werrs[k] == nil {
			man.set(f.path, f.fp)
			res.Written++
		}
	}
	if err := errors.Join(werrs...); err != nil {
		return nil, err
	}
	// Pages and generated files that are gone (unless an attachment took
	// their place).
	for p := range b.gen {
		if !gen[p] && !newAtt[p] {
			removeInPlace(b.out, p)
			man.del(p)
			res.Written++
		}
	}
	for p := range b.pages {
		if _, ok := pages[p]; !ok && !gen[p] && !newAtt[p] {
			removeInPlace(b.out, p)
			man.del(p)
			res.Written++
		}
	}
	// Attachments that are gone.
	for _, a := range old.Journal.Attachments {
		if _, page := pages[a]; !newAtt[a] && !page && !gen[a] {
			removeInPlace(b.out, a)
			man.del(a)
		}
	}
	if err := writeInPlace(b.out, ManifestName, man.bytes()); err != nil {
		return nil, err
	}
	b.site, b.pages, b.gen, b.touched = s, pages, gen, nil
	res.Pages = len(jobs)
	res.Files = len(man.Files)
	res.Paths = slices.Clone(man.keys())
	res.Duration, res.Out = time.Since(start), b.out
	trace(start, "wrote %d files", len(write))
	return res, nil
}

// traceUpdate: RECAP_TRACE_UPDATE=1 prints how long each step of a rebuild
// took.
var traceUpdate = os.Getenv("RECAP_TRACE_UPDATE") != ""

func trace(start time.Time, format string, args ...any) {
	if traceUpdate {
		fmt.Fprintf(os.Stderr, "%8v  %s\n", time.Since(start).Round(10*time.Microsecond), fmt.Sprintf(format, args...))
	}
}

// wasTouched reports whether the watcher reported p (a path from the site
// root), or a folder above it, since the last good build.
func (b *Builder) wasTouched(p string) bool {
	for _, c := range b.touched {
		c = path.Clean(filepath.ToSlash(c))
		if c == "." || c == p || strings.HasPrefix(p, c+"/") {
			return true
		}
	}
	return false
}

// writeInPlace replaces one output file atomically: a temp file beside it,
// then a rename, so a server never sends half a page. The file, and a folder
// it makes, get the modes the umask leaves, as in a full build.
func writeInPlace(out, rel string, data []byte) error {
	dst := filepath.Join(out, filepath.FromSlash(rel))
	dir := filepath.Dir(dst)
	tmp, err := createTemp(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return err
		}
		tmp, err = createTemp(dir)
	}
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
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

// createTemp creates a new file in dir, beside the file it will replace.
func createTemp(dir string) (*os.File, error) {
	for {
		name := filepath.Join(dir, ".recap-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// removeInPlace removes an output file recap wrote and the folders it leaves
// empty. What is no longer a file (someone put a folder or a link there) is
// not recap's, and stays.
func removeInPlace(out, rel string) {
	p := filepath.Join(out, filepath.FromSlash(rel))
	if st, err := os.Lstat(p); err != nil || !st.Mode().IsRegular() {
		return
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return
	}
	for d := filepath.Dir(p); d != out && strings.HasPrefix(d, out); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break
		}
	}
}
