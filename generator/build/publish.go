package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/recapjournal/recap/generator/source"
)

// ManifestName is the file in the output folder that lists what recap wrote, so
// the next build removes only its own stale files and keeps anything else
// (.git, CNAME, a README).
const ManifestName = ".recap-manifest.json"

// manifest maps each output file recap wrote to a fingerprint of its content.
type manifest struct {
	Version int               `json:"version"`
	Files   map[string]string `json:"files"`

	sorted []string // the keys of Files in order, or nil; see set and del
}

// set records a file, keeping the sorted keys when it is not new.
func (m *manifest) set(k, fp string) {
	if _, ok := m.Files[k]; !ok {
		m.sorted = nil
	}
	m.Files[k] = fp
}

// del forgets a file.
func (m *manifest) del(k string) {
	if _, ok := m.Files[k]; ok {
		m.sorted = nil
		delete(m.Files, k)
	}
}

// readManifest reads the manifest of the output folder out; there is none
// in a new folder, or one recap never built into. A manifest recap cannot
// read is an error: recap did not write it, or it is damaged, and what it
// says cannot be trusted. Entries that are not clean paths inside the output
// folder are dropped: recap keeps or removes nothing outside it on their
// account.
func readManifest(out string) (manifest, error) {
	m := manifest{Version: 1, Files: map[string]string{}}
	p := filepath.Join(out, ManifestName)
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return m, nil
	}
	var raw manifest
	if err == nil {
		if !st.Mode().IsRegular() {
			err = errors.New("not a file")
		} else if b, rerr := os.ReadFile(p); rerr != nil {
			err = rerr
		} else {
			err = json.Unmarshal(b, &raw)
		}
	}
	if err != nil {
		return m, fmt.Errorf("refusing to build into %s: recap did not write %s, or it is damaged (%w), so recap cannot tell its own files from others there; move it away and build again", out, p, err)
	}
	for k, v := range raw.Files {
		if localPath(k) && k != ManifestName {
			m.Files[k] = v
		}
	}
	return m, nil
}

// localPath reports whether k is a clean slash path inside a folder.
func localPath(k string) bool {
	return k != "" && path.Clean(k) == k && filepath.IsLocal(filepath.FromSlash(k))
}

// keys are the files of m, sorted. The caller must not change them.
func (m *manifest) keys() []string {
	if len(m.sorted) != len(m.Files) {
		m.sorted = make([]string, 0, len(m.Files))
		for k := range m.Files {
			m.sorted = append(m.sorted, k)
		}
		sort.Strings(m.sorted)
	}
	return m.sorted
}

func (m *manifest) bytes() []byte {
	b, err := json.MarshalIndent(struct {
		Version int               `json:"version"`
		Files   map[string]string `json:"files"`
	}{1, m.Files}, "", "  ")
	if err != nil {
		panic(err) // a map of strings always encodes
	}
	return append(b, '\n')
}

// fingerprint identifies the bytes of an output file: files with the same
// fingerprint have the same content.
func fingerprint(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:16]) + "-" + strconv.Itoa(len(data))
}

// contentHash computes fingerprint as a file is read or copied.
type contentHash struct {
	h hash.Hash
	n int64
}

func newContentHash() *contentHash { return &contentHash{h: sha256.New()} }

func (c *contentHash) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// fingerprint is the fingerprint of what was written to c.
func (c *contentHash) fingerprint() string {
	sum := c.h.Sum(nil)
	return hex.EncodeToString(sum[:16]) + "-" + strconv.FormatInt(c.n, 10)
}

// openAttachment opens the attachment rel (a slash path under the content
// folder), which is the file src on disk, to copy it into the output. It is
// source.OpenAttachment: a regular file inside the content folder, or an
// error, and a FIFO swapped in since the walk never makes the build wait.
func openAttachment(src, rel string) (*os.File, error) {
	content, ok := strings.CutSuffix(src, filepath.FromSlash(rel))
	if !ok {
		return nil, fmt.Errorf("attachment %s is not %s", src, rel)
	}
	return source.OpenAttachment(filepath.Clean(content), rel)
}

// readAttachment reads an attachment whole (see openAttachment).
func readAttachment(src, rel string) ([]byte, error) {
	f, err := openAttachment(src, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// checkOutput refuses output folders a build must never replace.
func checkOutput(root, content, out string) error {
	r, c, o := resolved(root), resolved(content), resolved(out)
	within := func(child, parent string) bool {
		rel, err := filepath.Rel(parent, child)
		return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
	}
	home, _ := os.UserHomeDir()
	switch {
	case o == filepath.Dir(o):
		return fmt.Errorf("publishDir %s is the file system root; refusing to build there", out)
	case home != "" && o == resolved(home):
		return fmt.Errorf("publishDir %s is your home folder; refusing to build there", out)
	case o == r || within(r, o):
		return fmt.Errorf("publishDir %s is or contains the site root; choose a folder inside it such as \"public\"", out)
	case within(c, o):
		return fmt.Errorf("publishDir %s is or contains the content folder %s; choose another folder", out, content)
	case within(o, c):
		return fmt.Errorf("publishDir %s is inside the content folder %s; choose a folder outside it", out, content)
	}
	return nil
}

// resolved is p made absolute, with the links on the longest part of it that
// exists resolved: a folder not made yet, under a link, is where the link
// leads.
func resolved(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	var rest []string
	for d := a; ; d = filepath.Dir(d) {
		if r, err := filepath.EvalSymlinks(d); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		if filepath.Dir(d) == d {
			return a
		}
		rest = append([]string{filepath.Base(d)}, rest...)
	}
}

// foreignError refuses a build that would replace or remove something in the
// output folder that recap did not write: what its manifest does not list.
type foreignError struct {
	out   string
	items []foreignItem // sorted by path
}

// foreignItem is one thing in the output folder a build would replace, and
// why.
type foreignItem struct{ path, why string }

// Why a foreignItem is in the way.
const (
	whyFile   = "the build would replace it with a file of its own"
	whyDir    = "it is a folder where the build writes a file"
	whyLink   = "it is a link where the build writes a file"
	whyFolder = "the build needs a folder there"
)

func (e *foreignError) Error() string {
	var b strings.Builder
	man := filepath.Join(e.out, ManifestName)
	at := func(it foreignItem) string { return filepath.Join(e.out, filepath.FromSlash(it.path)) }
	if len(e.items) == 1 {
		fmt.Fprintf(&b, "refusing to build into %s: recap did not write %s (it is not in %s) and %s; move it out of the way or choose another publishDir (nothing was changed)", e.out, at(e.items[0]), man, e.items[0].why)
		return b.String()
	}
	fmt.Fprintf(&b, "refusing to build into %s: recap did not write these (they are not in %s):", e.out, man)
	const most = 10
	for _, it := range e.items[:min(len(e.items), most)] {
		fmt.Fprintf(&b, "\n\t%s: %s", at(it), it.why)
	}
	if len(e.items) > most {
		fmt.Fprintf(&b, "\n\tand %d more", len(e.items)-most)
	}
	b.WriteString("\nmove them out of the way or choose another publishDir (nothing was changed)")
	return b.String()
}

// checkForeign refuses, before anything is written, to write the files at
// paths into the output folder out when that would replace something recap
// did not write (by the manifest old): a file, link or folder at one of the
// paths, or anything but a folder where one of them needs one. It returns the
// sizes of the files at paths that recap wrote and that are still files, to
// tell unchanged ones.
func checkForeign(out string, old *manifest, paths []string) (map[string]int64, error) {
	live := make(map[string]int64, len(old.Files))
	if _, err := os.Lstat(out); err != nil {
		return live, nil // a new folder holds nothing
	}
	var bad []foreignItem
	dirs := map[string]bool{}
	for _, p := range paths {
		if st, err := os.Lstat(filepath.Join(out, filepath.FromSlash(p))); err == nil {
			_, wrote := old.Files[p]
			switch {
			case st.IsDir():
				bad = append(bad, foreignItem{p, whyDir})
			case st.Mode()&fs.ModeSymlink != 0:
				bad = append(bad, foreignItem{p, whyLink})
			case !wrote:
				bad = append(bad, foreignItem{p, whyFile})
			case st.Mode().IsRegular():
				live[p] = st.Size()
			}
		}
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	for d := range dirs {
		st, err := os.Lstat(filepath.Join(out, filepath.FromSlash(d)))
		if err != nil || st.IsDir() {
			continue
		}
		if _, wrote := old.Files[d]; wrote && st.Mode().IsRegular() {
			continue // a file recap wrote gives way to a folder
		}
		bad = append(bad, foreignItem{d, whyFolder})
	}
	if len(bad) > 0 {
		sort.Slice(bad, func(i, j int) bool { return bad[i].path < bad[j].path })
		return nil, &foreignError{out: out, items: bad}
	}
	return live, nil
}

// publisher is where a build writes the site: a stage beside the output
// folder, swapped in whole, or the output folder itself (inPlace), when it
// cannot be swapped.
type publisher interface {
	// prepare checks, before anything is written, that the files at paths
	// may be written (see checkForeign).
	prepare(paths []string) error
	// write writes a file, unless the output has it already; it reports
	// whether it wrote.
	write(rel string, data []byte, fp string) (bool, error)
	// copyFile copies an attachment, unless the output has it already; it
	// reports whether it wrote, and the attachment's fingerprint.
	copyFile(rel, src string) (bool, string, error)
	// next is the manifest of the new output, which the build fills in.
	next() *manifest
	// commit publishes what was written; abort forgets it and leaves the
	// output as it was.
	commit() error
	abort()
	// report tells on res how the output was published.
	report(res *Result)
}

// The reason given for a build published in place.
const mountPointReason = "the output folder is a mount point"

// newPublisher prepares to publish into out: in place when out is a mount
// point, else through a stage beside it.
func newPublisher(out string) (publisher, error) {
	// A publishDir that is a link to a folder is written through: the link stays.
	if st, err := os.Lstat(out); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(out)
		if err != nil {
			return nil, fmt.Errorf("publishDir %s is a broken link: %w", out, err)
		}
		out = real
	}
	var info fs.FileInfo
	switch st, err := os.Stat(out); {
	case err == nil && !st.IsDir():
		return nil, fmt.Errorf("publishDir %s is a file, not a folder; refusing to replace it", out)
	case err == nil:
		info = st
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	old, err := readManifest(out)
	if err != nil {
		return nil, err
	}
	if info != nil && isMountPoint(out) {
		return &inPlace{out: out, old: old, nextM: manifest{Version: 1, Files: map[string]string{}}, why: mountPointReason}, nil
	}
	return newStage(out, info, old)
}

// modeBits are the bits of a mode that a kept folder keeps.
const modeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// stage is a build being written beside the output folder, then swapped in
// for it whole.
//
// The stage keeps what a swap would lose: every file in the output folder
// that recap did not write is hard-linked into it, so it stays the same file,
// and every folder that is in the output folder already (the output folder
// itself included) gets its mode, owner and group, where the process may set
// them; a foreign folder also keeps its modification time. New files and
// folders get the modes the umask leaves.
type stage struct {
	out   string           // the live output folder
	dir   string           // the staging folder
	old   manifest         // of the live output
	nextM manifest         // of the stage
	live  map[string]int64 // files recap wrote in the live output, by size (see checkForeign)
	dirs  dirsOnce         // folders of the stage made so far

	mu    sync.Mutex
	fixes []fixup // folders to finish once everything is in them

	placed *inPlace // when the stage was published in place instead
}

// dirOnce makes one folder once.
type dirOnce struct {
	once sync.Once
	err  error
}

// dirsOnce makes each folder once, for the goroutines that write files into
// it at the same time.
type dirsOnce struct{ m sync.Map } // folder → *dirOnce

// do runs make for dir the first time it is asked for, and returns its error
// every time.
func (ds *dirsOnce) do(dir string, make func(string) error) error {
	v, ok := ds.m.Load(dir)
	if !ok {
		v, _ = ds.m.LoadOrStore(dir, &dirOnce{})
	}
	d := v.(*dirOnce)
	d.once.Do(func() { d.err = make(dir) })
	return d.err
}

// fixup is what a folder of the stage gets last: a mode that would not let
// the build write into it, or the modification time it had.
type fixup struct {
	path    string
	mode    fs.FileMode
	setMode bool
	mtime   time.Time // when not zero
}

func newStage(out string, info fs.FileInfo, old manifest) (*stage, error) {
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	dir := filepath.Join(parent, "."+base+".recap-new")
	if err := removeTree(dir); err != nil {
		return nil, fmt.Errorf("remove leftover %s: %w", dir, err)
	}
	if err := os.Mkdir(dir, 0o777); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	s := &stage{out: out, dir: dir, old: old, nextM: manifest{Version: 1, Files: map[string]string{}}}
	if info != nil {
		if err := s.keep(dir, info); err != nil {
			_ = removeTree(dir)
			return nil, fmt.Errorf("create %s: %w", dir, err)
		}
	}
	return s, nil
}

func (s *stage) next() *manifest { return &s.nextM }

func (s *stage) prepare(paths []string) error {
	live, err := checkForeign(s.out, &s.old, paths)
	s.live = live
	return err
}

// keep gives dst, a folder just made in the stage, the mode of live, the
// folder of the output it stands for, and its owner and group where the
// process may set them.
func (s *stage) keep(dst string, live fs.FileInfo) error {
	made, err := os.Lstat(dst)
	if err != nil {
		return err
	}
	chowned := false
	if uid, gid, ok := owner(live); ok {
		if u, g, _ := owner(made); u != uid || g != gid {
			if os.Lchown(dst, uid, gid) != nil {
				_ = os.Lchown(dst, -1, gid) // a group the process is in
			}
			chowned = true // which may have cleared setgid
		}
	}
	want := live.Mode() & modeBits
	now := want | 0o700 // the build writes into it
	if chowned || made.Mode()&modeBits != now {
		if err := os.Chmod(dst, now); err != nil {
			return err
		}
	}
	if want != now {
		s.fix(fixup{path: dst, mode: want, setMode: true})
	}
	return nil
}

func (s *stage) fix(f fixup) {
	s.mu.Lock()
	s.fixes = append(s.fixes, f)
	s.mu.Unlock()
}

// finish gives the folders their last modes, then their times, the deepest
// first.
func (s *stage) finish() error {
	sort.SliceStable(s.fixes, func(i, j int) bool {
		return strings.Count(s.fixes[i].path, string(filepath.Separator)) > strings.Count(s.fixes[j].path, string(filepath.Separator))
	})
	for _, f := range s.fixes {
		if f.setMode {
			if err := os.Chmod(f.path, f.mode); err != nil {
				return err
			}
		}
	}
	for _, f := range s.fixes {
		if !f.mtime.IsZero() {
			if err := os.Chtimes(f.path, time.Time{}, f.mtime); err != nil {
				return err
			}
		}
	}
	return nil
}

// mkdir creates a folder of the stage, and its parents, once; a folder that
// the live output has keeps its mode and owner (see keep).
func (s *stage) mkdir(dir string) error {
	if dir == s.dir {
		return nil
	}
	return s.dirs.do(dir, s.makeDir)
}

func (s *stage) makeDir(dir string) error {
	rel, err := filepath.Rel(s.dir, dir)
	if err != nil || !filepath.IsLocal(rel) {
		return fmt.Errorf("%s is not in %s", dir, s.dir)
	}
	if err := s.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o777); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if live, err := os.Lstat(filepath.Join(s.out, rel)); err == nil && live.IsDir() {
		return s.keep(dir, live)
	}
	return nil
}

// write puts a file into the stage: a hard link to the live file when its
// content is unchanged, else a new file. It reports whether it wrote.
func (s *stage) write(rel string, data []byte, fp string) (bool, error) {
	dst := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.mkdir(filepath.Dir(dst)); err != nil {
		return false, err
	}
	if s.old.Files[rel] == fp {
		// Relink only a live file that still has the size recap wrote, so a
		// truncated or hand-edited output file is repaired.
		if n, ok := s.live[rel]; ok && n == int64(len(data)) {
			if err := os.Link(filepath.Join(s.out, filepath.FromSlash(rel)), dst); err == nil {
				return false, nil
			}
		}
	}
	if data == nil {
		return false, fmt.Errorf("%s: no data", rel)
	}
	return true, os.WriteFile(dst, data, 0o666)
}

// copyFile copies an attachment into the stage, or links the live copy when
// the content is the same.
func (s *stage) copyFile(rel, src string) (bool, string, error) {
	dst := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.mkdir(filepath.Dir(dst)); err != nil {
		return false, "", err
	}
	in, err := openAttachment(src, rel)
	if err != nil {
		return false, "", err
	}
	defer in.Close()
	same, fp, err := sameContent(in, s.old.Files[rel], s.live, rel)
	if err != nil {
		return false, "", err
	}
	if same && os.Link(filepath.Join(s.out, filepath.FromSlash(rel)), dst) == nil {
		return false, fp, nil
	}
	if fp != "" { // read to the end: from the start again
		if _, err := in.Seek(0, io.SeekStart); err != nil {
			return false, "", err
		}
	}
	o, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return false, "", err
	}
	h := newContentHash()
	if _, err := io.Copy(io.MultiWriter(o, h), in); err != nil {
		o.Close()
		return false, "", err
	}
	return true, h.fingerprint(), o.Close()
}

// sameContent reports whether in has the fingerprint old, when the live
// output has a file of recap's at rel; it reads in to the end to tell.
func sameContent(in io.Reader, old string, live map[string]int64, rel string) (bool, string, error) {
	n, ok := live[rel]
	if !ok || old == "" {
		return false, "", nil
	}
	h := newContentHash()
	if _, err := io.Copy(h, in); err != nil {
		return false, "", err
	}
	fp := h.fingerprint()
	return fp == old && h.n == n, fp, nil
}

// linkForeign hard-links a file of the output folder that recap did not
// write into the stage. It is a variable so that tests can make it fail, as
// it does on a file system without hard links.
var linkForeign = os.Link

// linkError is a file in the output folder that recap did not write and
// that cannot be linked into the stage: the stage cannot keep it, and the
// build publishes in place instead, which leaves it alone.
type linkError struct {
	path string
	err  error
}

func (e *linkError) Error() string { return fmt.Sprintf("keep %s: %v", e.path, e.err) }
func (e *linkError) Unwrap() error { return e.err }

// keepForeign links every file, link and folder of the live output that
// recap did not write into the stage, so the swap keeps it, and refuses to
// build when one of them is where the stage has a file or a folder (a
// foreign file that appeared while the build ran; see checkForeign).
func (s *stage) keepForeign() error {
	if _, err := os.Lstat(s.out); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	ours := map[string]bool{} // folders recap made: kept only if something foreign is in them
	for p := range s.old.Files {
		for d := path.Dir(p); d != "." && !ours[d]; d = path.Dir(d) {
			ours[d] = true
		}
	}
	needed := map[string]bool{} // folders of the new output
	for p := range s.nextM.Files {
		for d := path.Dir(p); d != "." && !needed[d]; d = path.Dir(d) {
			needed[d] = true
		}
	}
	var bad []foreignItem
	err := filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.out, p)
		rel = filepath.ToSlash(rel)
		if rel == "." || rel == ManifestName {
			return nil
		}
		if _, wrote := s.old.Files[rel]; wrote && d.Type().IsRegular() {
			return nil // replaced, or gone with its note
		}
		if _, writes := s.nextM.Files[rel]; writes {
			why := whyFile
			switch {
			case d.IsDir():
				why = whyDir
			case d.Type()&fs.ModeSymlink != 0:
				why = whyLink
			}
			bad = append(bad, foreignItem{rel, why})
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		dst := filepath.Join(s.dir, filepath.FromSlash(rel))
		if d.IsDir() {
			if ours[rel] {
				return nil // made below if something foreign is in it
			}
			if err := s.mkdir(dst); err != nil {
				return err
			}
			if !needed[rel] {
				info, err := d.Info()
				if err != nil {
					return err
				}
				s.fix(fixup{path: dst, mtime: info.ModTime()})
			}
			return nil
		}
		if needed[rel] {
			bad = append(bad, foreignItem{rel, whyFolder})
			return nil
		}
		if err := s.mkdir(filepath.Dir(dst)); err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return keepLink(p, dst)
		}
		// A hard link is the same file: mode, owner, times and all.
		if err := linkForeign(p, dst); err != nil {
			if le, ok := err.(*os.LinkError); ok {
				err = le.Err // the paths are said
			}
			return &linkError{p, err}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		sort.Slice(bad, func(i, j int) bool { return bad[i].path < bad[j].path })
		return &foreignError{out: s.out, items: bad}
	}
	return nil
}

// keepLink makes dst a link like the link p, with its owner where the
// process may set it.
func keepLink(p, dst string) error {
	target, err := os.Readlink(p)
	if err != nil {
		return err
	}
	if err := os.Symlink(target, dst); err != nil {
		return err
	}
	if info, err := os.Lstat(p); err == nil {
		if uid, gid, ok := owner(info); ok {
			_ = os.Lchown(dst, uid, gid)
		}
	}
	return nil
}

// commit writes the manifest and swaps the stage in for the live output. When
// the output folder cannot be swapped (a mount point), or a file in it that
// recap did not write cannot be linked into the stage, the stage is
// published in place instead.
func (s *stage) commit() error {
	if err := s.keepForeign(); err != nil {
		var le *linkError
		if errors.As(err, &le) {
			return s.publishInPlace(fmt.Sprintf("%s, which recap did not write, cannot be kept in a new folder (%v)", le.path, le.err))
		}
		return err
	}
	if err := os.WriteFile(filepath.Join(s.dir, ManifestName), s.nextM.bytes(), 0o666); err != nil {
		return err
	}
	if err := s.finish(); err != nil {
		return err
	}
	if _, err := os.Lstat(s.out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(s.dir, s.out)
	}
	err := exchange(s.dir, s.out)
	if err == nil {
		_ = removeTree(s.dir) // the stage now holds the previous output
		return nil
	}
	if unmovable(err) {
		return s.publishInPlace(mountPointReason)
	}
	old := s.dir + ".old"
	_ = removeTree(old)
	if err := os.Rename(s.out, old); err != nil {
		if unmovable(err) {
			return s.publishInPlace(mountPointReason)
		}
		return fmt.Errorf("swap in new output: %w", err)
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		_ = os.Rename(old, s.out)
		return fmt.Errorf("swap in new output: %w", err)
	}
	_ = removeTree(old)
	return nil
}

// publishInPlace publishes the stage in place (see inPlace) and removes it.
func (s *stage) publishInPlace(why string) error {
	ip := &inPlace{out: s.out, old: s.old, nextM: s.nextM, live: s.live, why: why}
	for _, rel := range s.nextM.keys() {
		if err := ip.put(rel, filepath.Join(s.dir, filepath.FromSlash(rel))); err != nil {
			ip.abort()
			return err
		}
	}
	if err := ip.commit(); err != nil {
		ip.abort()
		return err
	}
	s.placed = ip
	_ = removeTree(s.dir)
	return nil
}

// abort removes the stage and leaves the live output as it was.
func (s *stage) abort() { _ = removeTree(s.dir) }

func (s *stage) report(res *Result) {
	if s.placed != nil {
		s.placed.report(res)
	}
}

// inPlace publishes into the output folder itself, for one that cannot be
// swapped: a mount point (a Docker volume, a separate disk). Each new or
// changed file is written beside its final name; once the whole build
// succeeded, each is renamed over its final name, then the files recap wrote
// before and not now are removed, and the manifest is written last. A static
// server so sends every file whole, old or new, though for a moment some
// files may be new and others old. A build that fails leaves the output as
// it was. Files and folders recap did not write are not touched.
type inPlace struct {
	out   string
	old   manifest
	nextM manifest
	live  map[string]int64 // files recap wrote, by size (see checkForeign)
	why   string
	dirs  dirsOnce // folders of the output made or checked so far

	mu      sync.Mutex
	pending map[string]string // file of the output → its new content, beside it
	made    []string          // folders made, removed on abort
	written int
}

func (ip *inPlace) next() *manifest { return &ip.nextM }

func (ip *inPlace) prepare(paths []string) error {
	live, err := checkForeign(ip.out, &ip.old, paths)
	ip.live = live
	return err
}

// mkdir makes a folder of the output and its parents once, and checks that
// an existing one is a folder.
func (ip *inPlace) mkdir(dir string) error {
	if dir == ip.out {
		return nil
	}
	return ip.dirs.do(dir, ip.makeDir)
}

func (ip *inPlace) makeDir(dir string) error {
	rel, err := filepath.Rel(ip.out, dir)
	if err != nil || !filepath.IsLocal(rel) {
		return fmt.Errorf("%s is not in %s", dir, ip.out)
	}
	if err := ip.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	st, err := os.Lstat(dir)
	switch {
	case err == nil && st.IsDir():
		return nil
	case err == nil:
		if _, wrote := ip.old.Files[filepath.ToSlash(rel)]; !wrote || !st.Mode().IsRegular() {
			return &foreignError{out: ip.out, items: []foreignItem{{filepath.ToSlash(rel), whyFolder}}}
		}
		// A file recap wrote gives way to a folder.
		if err := os.Remove(dir); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if err := os.Mkdir(dir, 0o777); err != nil {
		return err
	}
	ip.mu.Lock()
	ip.made = append(ip.made, dir)
	ip.mu.Unlock()
	return nil
}

// unchanged reports whether the output has the file rel, as recap wrote it
// with fingerprint fp and size n.
func (ip *inPlace) unchanged(rel, fp string, n int64) bool {
	size, ok := ip.live[rel]
	return ok && size == n && ip.old.Files[rel] == fp
}

// create makes the new content of rel beside it, with fill.
func (ip *inPlace) create(rel string, fill func(w io.Writer) error) error {
	dst := filepath.Join(ip.out, filepath.FromSlash(rel))
	if err := ip.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	tmp, err := createTemp(filepath.Dir(dst))
	if err != nil {
		return err
	}
	err = fill(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	ip.mu.Lock()
	if ip.pending == nil {
		ip.pending = map[string]string{}
	}
	ip.pending[rel] = tmp.Name()
	ip.mu.Unlock()
	return nil
}

func (ip *inPlace) write(rel string, data []byte, fp string) (bool, error) {
	if ip.unchanged(rel, fp, int64(len(data))) {
		return false, nil
	}
	return true, ip.create(rel, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

func (ip *inPlace) copyFile(rel, src string) (bool, string, error) {
	in, err := openAttachment(src, rel)
	if err != nil {
		return false, "", err
	}
	defer in.Close()
	same, fp, err := sameContent(in, ip.old.Files[rel], ip.live, rel)
	if err != nil || same {
		return false, fp, err
	}
	if fp != "" { // read to the end: from the start again
		if _, err := in.Seek(0, io.SeekStart); err != nil {
			return false, "", err
		}
	}
	h := newContentHash()
	err = ip.create(rel, func(w io.Writer) error {
		_, err := io.Copy(io.MultiWriter(w, h), in)
		return err
	})
	return err == nil, h.fingerprint(), err
}

// put copies the file src, a stage's, as rel, unless the output has it.
func (ip *inPlace) put(rel, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	if ip.unchanged(rel, ip.nextM.Files[rel], st.Size()) {
		return nil
	}
	return ip.create(rel, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

// commit renames the new files over the old ones, removes those recap wrote
// before and not now, and writes the manifest.
func (ip *inPlace) commit() error {
	rels := make([]string, 0, len(ip.pending))
	for rel := range ip.pending {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	done := manifest{Version: 1, Files: maps.Clone(ip.old.Files)}
	for _, rel := range rels {
		if err := os.Rename(ip.pending[rel], filepath.Join(ip.out, filepath.FromSlash(rel))); err != nil {
			// The files renamed so far are recap's: the manifest says so,
			// so that the next build may replace them.
			_ = writeInPlace(ip.out, ManifestName, done.bytes())
			return err
		}
		delete(ip.pending, rel)
		done.Files[rel] = ip.nextM.Files[rel]
		ip.written++
	}
	for _, rel := range ip.old.keys() {
		if _, ok := ip.nextM.Files[rel]; !ok {
			removeInPlace(ip.out, rel)
		}
	}
	return writeInPlace(ip.out, ManifestName, ip.nextM.bytes())
}

// abort removes the new files not renamed yet, and the folders made for them.
func (ip *inPlace) abort() {
	for _, tmp := range ip.pending {
		os.Remove(tmp)
	}
	ip.pending = nil
	for i := len(ip.made) - 1; i >= 0; i-- {
		os.Remove(ip.made[i]) // only when empty
	}
}

func (ip *inPlace) report(res *Result) {
	res.Publish = "published in place: " + ip.why
	res.Written = ip.written
}

// removeTree removes a folder and everything in it, even folders whose mode
// does not let their owner write into them.
func removeTree(dir string) error {
	err := os.RemoveAll(dir)
	if err == nil {
		return nil
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o700)
		}
		return nil
	})
	return os.RemoveAll(dir)
}
