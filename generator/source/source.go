// Package source finds a site's notes and attachments under its content folder.
//
// Every ".md" file is a note; every other file is an attachment, copied as is.
// Names starting with "." or "_" (files and folders) are skipped, and so are
// editor scratch files: "*~", "*.swp", "*.swx", "*.tmp", "*.bck", "4913",
// "#*#", ".#*", "*___jb_tmp___", "*___jb_old___", ".goutputstream-*" and
// ".DS_Store".
//
// Only regular files inside the content folder are read: Walk leaves out,
// with a warning, FIFOs, sockets and devices, and symbolic links that lead
// out of the content folder, so that a link cannot publish a file from
// elsewhere and no file can make a build wait forever or fill memory or disk.
// ReadNote and OpenAttachment check again when they open a file.
package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/note"
)

// CodeSkipped is the code of the warning Walk gives for a file it leaves out.
const CodeSkipped = "skipped-file"

var (
	// ErrNotRegular says that a file is not a regular file (but a FIFO, a
	// socket or a device, say), which recap does not read.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge says that a note is over note.MaxSize bytes.
	ErrTooLarge = fmt.Errorf("note is larger than %d MiB", note.MaxSize>>20)
	// ErrOutside says that a link leads out of the content folder.
	ErrOutside = errors.New("a link to a file outside the content folder")
)

// errLoop says that following a link went through too many links.
var errLoop = errors.New("a loop of links")

// maxLinks is how many links resolving one path follows, as on Linux.
const maxLinks = 40

// Ignored reports whether a file or folder name is skipped.
func Ignored(name string) bool {
	if name == "" {
		return false
	}
	if name[0] == '.' || name[0] == '_' {
		return true
	}
	if name == "4913" {
		return true
	}
	if strings.HasSuffix(name, "~") {
		return true
	}
	if len(name) >= 2 && name[0] == '#' && name[len(name)-1] == '#' {
		return true
	}
	for _, suf := range []string{".swp", ".swx", ".tmp", ".bck", "___jb_tmp___", "___jb_old___"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// IgnoredPath reports whether any element of a slash-separated path is ignored.
func IgnoredPath(p string) bool {
	for _, e := range strings.Split(p, "/") {
		if Ignored(e) {
			return true
		}
	}
	return false
}

// Gone reports whether err says that a file or folder is no longer there:
// it does not exist, or a folder on its path is now something else.
func Gone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// IsNote reports whether a file name is a note.
func IsNote(name string) bool {
	return strings.EqualFold(path.Ext(name), ".md")
}

// Files is what a content folder holds.
type Files struct {
	Notes       []string // slash paths relative to the content folder, sorted
	Attachments []string // likewise
	// Diags warns, once for each, of the files left out because they are
	// not regular files inside the content folder (code CodeSkipped), by
	// their path in the walked file system.
	Diags diag.List
}

// Walk lists the notes and attachments under dir in fsys.
//
// Only regular files are listed. A FIFO, a socket or a device is left out,
// and so is a symbolic link unless it leads (through any number of links) to
// a regular file inside dir; each of them with a warning in Files.Diags. A
// link to a folder is never followed: one to a folder inside dir is left out
// without a warning (the folder is walked under its own name, so a link such
// as `ln -s . again` lists nothing twice and cannot loop), and one that leads
// out of dir with a warning. In a file system from DirFS, a link by absolute
// path is followed when it stays inside dir; elsewhere only links by relative
// path are, as with os.Root.
//
// A folder that is gone by the time the walk opens it (deleted or renamed
// after its parent was listed, as happens while an editor saves or a `git
// checkout` runs) is skipped, not an error, and so is a link whose target is
// gone: whoever watches the content folder hears about the change. Files are
// listed as their folder lists them, so one may be gone by the time it is
// read (see Gone). A content folder that does not exist is an error.
//
// skip, when not nil, leaves out the files and folders it reports true for,
// given their slash path relative to dir: the site's ignore patterns.
func Walk(fsys fs.FS, dir string, skip func(rel string) bool) (*Files, error) {
	f := &Files{}
	w := &walker{fsys: fsys, dir: dir}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fmt.Errorf("content folder %s: %w", dir, err)
			}
			if Gone(err) {
				return nil
			}
			return fmt.Errorf("%s: %w", p, err)
		}
		if p == dir {
			return nil
		}
		rel := strings.TrimPrefix(p, dir+"/")
		if dir == "." {
			rel = p
		}
		if Ignored(d.Name()) || (skip != nil && skip(rel)) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch t := d.Type(); {
		case t.IsDir():
			return nil
		case t&fs.ModeSymlink != 0:
			list, why := w.link(p, rel)
			if why != "" {
				f.Diags = append(f.Diags, diag.Warnf(p, 0, 0, CodeSkipped, "%s; left out", why))
			}
			if !list {
				return nil
			}
		case !t.IsRegular():
			f.Diags = append(f.Diags, diag.Warnf(p, 0, 0, CodeSkipped, "%s; left out", ErrNotRegular))
			return nil
		}
		if IsNote(d.Name()) {
			f.Notes = append(f.Notes, rel)
		} else {
			f.Attachments = append(f.Attachments, rel)
		}
		return nil
	})
	sort.Strings(f.Notes)
	sort.Strings(f.Attachments)
	return f, err
}

// walker follows the links Walk meets.
type walker struct {
	fsys fs.FS
	dir  string

	base    string // the content folder's real path on disk, once known
	baseErr error
}

// link reports whether Walk lists the link at p (rel in the content folder)
// and, when it leaves it out with a warning, why.
func (w *walker) link(p, rel string) (list bool, why string) {
	if _, ok := w.fsys.(fs.ReadLinkFS); !ok {
		return false, "a link, which recap cannot follow in this file system"
	}
	target, st, err := w.resolve(rel)
	switch {
	case errors.Is(err, ErrOutside):
		st, err := fs.Stat(w.fsys, p)
		switch {
		case Gone(err):
			return false, "" // leads nowhere
		case err == nil && st.IsDir():
			return false, "a link to a folder outside the content folder"
		}
		return false, ErrOutside.Error()
	case errors.Is(err, errLoop):
		return false, "a link in " + errLoop.Error()
	case Gone(err):
		return false, ""
	case err != nil:
		return false, fmt.Sprintf("a link recap cannot follow (%v)", err)
	}
	if st == nil {
		st, err = fs.Stat(w.fsys, w.name(target))
	}
	switch {
	case Gone(err):
		return false, ""
	case err != nil:
		return false, fmt.Sprintf("a link recap cannot follow (%v)", err)
	case st.IsDir():
		return false, "" // walked under its own name
	case !st.Mode().IsRegular():
		return false, "a link to what is " + ErrNotRegular.Error()
	}
	return true, ""
}

// name is the path in the walked file system of rel in the content folder.
func (w *walker) name(rel string) string {
	switch {
	case rel == "":
		return w.dir
	case w.dir == ".":
		return rel
	}
	return w.dir + "/" + rel
}

// resolve follows every link on rel, a slash path in the content folder, and
// returns the path in the content folder it leads to, or ErrOutside when it
// leads out of it. The file information is that path's, when at hand.
func (w *walker) resolve(rel string) (string, fs.FileInfo, error) {
	var last fs.FileInfo
	var done []string // folders (not links) from the content folder down
	todo := strings.Split(rel, "/")
	for links := 0; len(todo) > 0; {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return w.escape("", todo)
			}
			done, last = done[:len(done)-1], nil
			continue
		}
		cur := path.Join(path.Join(done...), c)
		st, err := fs.Lstat(w.fsys, w.name(cur))
		if err != nil {
			return "", nil, err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			done, last = append(done, c), st
			continue
		}
		if links++; links > maxLinks {
			return "", nil, errLoop
		}
		t, err := fs.ReadLink(w.fsys, w.name(cur))
		if err != nil {
			return "", nil, err
		}
		if filepath.IsAbs(t) || strings.HasPrefix(t, "/") {
			return w.escape(t, todo)
		}
		todo = append(strings.Split(filepath.ToSlash(t), "/"), todo...)
	}
	return strings.Join(done, "/"), last, nil
}

// escape resolves a path that leaves the content folder's names: a link's
// absolute target from, or the content folder's parent when from is "",
// followed by the slash path rest. Only on disk (see DirFS) can it lead back
// into the content folder; elsewhere it is ErrOutside.
func (w *walker) escape(from string, rest []string) (string, fs.FileInfo, error) {
	d, ok := w.fsys.(dirFS)
	if !ok {
		return "", nil, ErrOutside
	}
	if w.base == "" && w.baseErr == nil {
		w.base, w.baseErr = realPath(filepath.Join(d.root, filepath.FromSlash(w.dir)))
	}
	if w.baseErr != nil {
		return "", nil, w.baseErr
	}
	if from == "" {
		from = filepath.Dir(w.base)
	}
	p := from
	if len(rest) > 0 {
		// Joined, not cleaned: ".." must follow the links before it.
		p += string(filepath.Separator) + filepath.FromSlash(strings.Join(rest, "/"))
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", nil, err
	}
	rel, err := within(w.base, real)
	return rel, nil, err
}

// realPath is the absolute path of p with every link on it followed.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// within returns real (a real path) as a slash path in the folder base (a
// real path too), or ErrOutside when it is not in it.
func within(base, real string) (string, error) {
	rel, err := filepath.Rel(base, real)
	if err != nil || !filepath.IsLocal(rel) {
		return "", ErrOutside
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// DirFS returns the file system of the folder root on disk, as os.DirFS
// does, and tells Walk and ReadNote that it is on disk: Walk then follows a
// link by absolute path that stays inside the content folder (with os.DirFS
// it leaves every such link out), and ReadNote opens a note so that a FIFO
// put in its place since the walk cannot make it wait.
func DirFS(root string) fs.FS { return dirFS{FS: os.DirFS(root), root: root} }

// dirFS is os.DirFS that knows its folder.
type dirFS struct {
	fs.FS
	root string
}

func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.FS, name) }
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }
func (d dirFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(d.FS, name) }
func (d dirFS) ReadLink(name string) (string, error)       { return fs.ReadLink(d.FS, name) }
func (d dirFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(d.FS, name) }

// local returns the path on disk of name, a slash path in d.
func (d dirFS) local(op, name string) (string, error) {
	l, err := filepath.Localize(name)
	if err != nil || !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(d.root, l), nil
}

// openNonblock opens p to read it without waiting, as opening a FIFO does
// until someone writes to it, and checks that it is a regular file. name is
// what errors call it.
func openNonblock(p, name string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = name
		}
		return nil, nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// ReadNote reads the note name (a slash path in fsys): a regular file, once
// links are followed, of at most note.MaxSize bytes. A larger file is an
// ErrTooLarge error, and is not read past the limit; anything else (a FIFO,
// a device) is an ErrNotRegular error, and is not read at all. In a file
// system from DirFS the note is opened without waiting, so a FIFO put in its
// place since the walk cannot block the read.
func ReadNote(fsys fs.FS, name string) ([]byte, error) {
	var f fs.File
	var st fs.FileInfo
	if d, ok := fsys.(dirFS); ok {
		p, err := d.local("open", name)
		if err != nil {
			return nil, err
		}
		if f, st, err = openNonblock(p, name); err != nil {
			return nil, err
		}
	} else {
		// Checked before opening, which waits on a FIFO, and after.
		var err error
		st, err = fs.Stat(fsys, name)
		if err == nil && !st.Mode().IsRegular() {
			err = &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
		}
		if err != nil {
			return nil, err
		}
		if f, err = fsys.Open(name); err != nil {
			return nil, err
		}
		st, err = f.Stat()
		if err == nil && !st.Mode().IsRegular() {
			err = &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
		}
		if err != nil {
			f.Close()
			return nil, err
		}
	}
	defer f.Close()
	tooLarge := &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	if st.Size() > note.MaxSize {
		return nil, tooLarge
	}
	// Read as os.ReadFile does, but never past the limit: the file may be
	// growing, or say it is smaller than it is.
	size := int(st.Size()) + 1 // one byte for the read at the end
	if size < 512 {
		size = 512
	}
	data := make([]byte, 0, size)
	r := io.LimitReader(f, note.MaxSize+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(data) > note.MaxSize {
		return nil, tooLarge
	}
	return data, nil
}

// OpenAttachment opens the attachment rel (a slash path, as in
// Files.Attachments) of the content folder contentDir on disk, to copy it.
//
// It checks again, on the open file, what Walk checked: that it is a regular
// file (else ErrNotRegular), inside the content folder once links are
// followed (else ErrOutside). So a file turned since the walk into a FIFO, a
// device or a link to elsewhere is refused, not copied, and a FIFO does not
// make it wait. An attachment deleted since the walk is an error for which
// Gone reports true.
func OpenAttachment(contentDir, rel string) (*os.File, error) {
	l, err := filepath.Localize(rel)
	if err != nil || !fs.ValidPath(rel) {
		return nil, &fs.PathError{Op: "open", Path: rel, Err: fs.ErrInvalid}
	}
	p := filepath.Join(contentDir, l)
	w := &walker{fsys: DirFS(contentDir), dir: "."}
	for try := 0; ; try++ {
		f, st, err := openNonblock(p, p)
		if err != nil {
			return nil, err
		}
		// The file opened must be the one the path now leads to inside
		// the content folder; when it is not, the path changed between
		// the two (an editor saved the file anew, say): try again.
		real, now, err := w.resolve(rel)
		if err == nil && now == nil {
			now, err = os.Lstat(filepath.Join(contentDir, filepath.FromSlash(real)))
		}
		if errors.Is(err, ErrOutside) {
			err = &fs.PathError{Op: "open", Path: p, Err: ErrOutside}
		}
		if err == nil && !os.SameFile(st, now) {
			if try < 3 {
				f.Close()
				continue
			}
			err = &fs.PathError{Op: "open", Path: p, Err: errors.New("the file keeps changing")}
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		return f, nil
	}
}
