package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/internal/par"
	"github.com/recapjournal/recap/generator/source"
)

// exeStamp identifies the running program (its path, size and modification
// time): a rebuilt recap, whose built-in theme or renderer may differ, never
// reuses a previous build's state.
func exeStamp() string {
	p, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	st, err := os.Stat(p)
	if err != nil {
		return p
	}
	return fmt.Sprintf("%s %d %d", p, st.Size(), st.ModTime().UnixNano())
}

// state is what a build remembers, outside the output folder (in
// Options.StateDir; `recap build` uses the user's cache folder), so that a
// second build with nothing changed does nothing: the same input files (by
// name and content, see inputDigest), the same output files (by name, size
// and modification time, see digestTree), and nothing that depends on the
// time has changed since (the date, or an unreviewed meeting passing its
// review deadline).
type state struct {
	Key        string    `json:"key"`
	Inputs     string    `json:"inputs"`
	Outputs    string    `json:"outputs"`
	Today      string    `json:"today"`
	Now        time.Time `json:"now"`        // the build's time: an earlier --now builds again
	ValidUntil time.Time `json:"validUntil"` // the first time after Now at which a page would change
	Result     Result    `json:"result"`
	Warnings   []warning `json:"warnings"`
}

// warning is a diag.Diagnostic as the state file keeps it.
type warning struct {
	Path      string `json:"path"`
	Line, Col int
	Code, Msg string
}

// statePath is where a build's state is kept: in Options.StateDir, or
// nowhere when it is empty.
func statePath(dir, key string) (string, error) {
	if dir == "" {
		return "", errors.New("no state folder")
	}
	return filepath.Join(dir, "state-"+key[:24]+".json"), nil
}

// stateKey names the build: site, output, drafts and the program.
func stateKey(root, out string, opt Options) string {
	ar, _ := filepath.Abs(root)
	ao, _ := filepath.Abs(out)
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%v\x00%s", ar, ao, opt.Drafts, exeStamp())))
	return hex.EncodeToString(h[:])
}

// digestTree hashes the names, sizes and modification times of the files
// under the given roots (a missing root counts as empty). It tells whether
// the output folder changed since the build that wrote it, by someone else:
// then the next build writes it again.
func digestTree(roots ...string) string {
	h := sha256.New()
	for _, root := range roots {
		if real, err := filepath.EvalSymlinks(root); err == nil {
			root = real // WalkDir does not enter a root that is a link
		}
		var lines []string
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			if d.IsDir() {
				lines = append(lines, fmt.Sprintf("%s/", p))
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(p); err == nil {
					info = st
				}
			}
			lines = append(lines, fmt.Sprintf("%s %d %d", p, info.Size(), info.ModTime().UnixNano()))
			return nil
		})
		sort.Strings(lines)
		fmt.Fprintf(h, "root %s\n%s\n", root, strings.Join(lines, "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// inputDigest hashes what a build reads, by name and content: config.toml,
// the notes and attachments of the content folder, listed as the build lists
// them, and the files of the theme's folder. By content, not by size and
// modification time, which an edit can keep: a same-size edit whose time is
// put back (`touch -r`, some sync tools, `git checkout`) builds. It is ""
// when the content folder cannot be listed; "" never matches.
func inputDigest(root string, cfg *config.Config) string {
	files, err := source.Walk(source.DirFS(root), path.Clean(filepath.ToSlash(cfg.ContentDir)), cfg.Ignored)
	if err != nil {
		return ""
	}
	names := []string{config.FileName}
	paths := []string{filepath.Join(root, config.FileName)}
	content := cfg.ContentPath(root)
	for _, list := range [][]string{files.Notes, files.Attachments} {
		for _, rel := range list {
			names = append(names, "content/"+rel)
			paths = append(paths, filepath.Join(content, filepath.FromSlash(rel)))
		}
	}
	theme := filepath.Join(root, "themes", cfg.Theme)
	if real, err := filepath.EvalSymlinks(theme); err == nil {
		theme = real // WalkDir does not enter a root that is a link
	}
	_ = filepath.WalkDir(theme, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(theme, p)
			names = append(names, "theme/"+filepath.ToSlash(rel))
			paths = append(paths, p)
		}
		return nil
	})
	sums := make([]string, len(paths))
	par.Do(len(paths), func(i int) { sums[i] = contentSum(paths[i]) })
	h := sha256.New()
	for i, n := range names {
		fmt.Fprintf(h, "%s\x00%s\n", n, sums[i])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readBuffers are the buffers contentSum reads with.
var readBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// contentSum hashes the content of the file at p, through a link; what is
// missing, or not a regular file (which is not read: a pipe would block), is
// named as such.
func contentSum(p string) string {
	st, err := os.Stat(p)
	switch {
	case err != nil:
		return "missing"
	case !st.Mode().IsRegular():
		return "special " + st.Mode().Type().String()
	}
	f, err := os.Open(p)
	if err != nil {
		return "unreadable"
	}
	defer f.Close()
	buf := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(buf)
	h := sha256.New()
	for {
		n, err := f.Read(*buf)
		h.Write((*buf)[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "unreadable"
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// unchanged returns the remembered result when the build would change nothing.
func unchanged(dir, key, inputs, out string, now time.Time, today string) (*Result, bool) {
	p, err := statePath(dir, key)
	if err != nil {
		return nil, false
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	var st state
	if json.Unmarshal(b, &st) != nil || st.Key != key || inputs == "" || st.Inputs != inputs || st.Today != today ||
		now.Before(st.Now) || !now.Before(st.ValidUntil) {
		return nil, false
	}
	if st.Outputs != digestTree(out) {
		return nil, false
	}
	r := st.Result
	r.Written, r.Publish = 0, "" // nothing was published
	for _, w := range st.Warnings {
		r.Warnings = append(r.Warnings, &diag.Diagnostic{Path: w.Path, Line: w.Line, Col: w.Col, Severity: diag.Warning, Code: w.Code, Msg: w.Msg})
	}
	return &r, true
}

// remember records a successful build.
func remember(dir, key, inputs, out string, s *Site, res *Result) {
	p, err := statePath(dir, key)
	if err != nil {
		return
	}
	j := s.Journal
	loc := s.Config.Location
	t := j.Now.In(loc)
	valid := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
	for _, m := range j.Meetings {
		if !m.Reviewed && !m.ReviewOverdue && m.ReviewDue.Before(valid) {
			valid = m.ReviewDue
		}
	}
	r := *res
	r.Warnings = nil
	st := state{Key: key, Inputs: inputs, Outputs: digestTree(out), Today: j.Today, Now: j.Now, ValidUntil: valid, Result: r}
	for _, d := range res.Warnings {
		st.Warnings = append(st.Warnings, warning{d.Path, d.Line, d.Col, d.Code, d.Msg})
	}
	b, err := json.Marshal(st)
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(p), 0o755) == nil {
		tmp := p + ".tmp"
		if os.WriteFile(tmp, b, 0o644) == nil {
			_ = os.Rename(tmp, p)
		}
	}
}
