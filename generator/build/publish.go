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
	"strconv"
	"strings"
	"sync"
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

func readManifest(out string) manifest {
	m := manifest{Files: map[string]string{}}
	b, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		return m
	}
	if json.Unmarshal(b, &m) != nil || m.Files == nil {
		m.Files = map[string]string{}
	}
	return m
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

func fingerprint(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:16]) + "-" + strconv.Itoa(len(data))
}

// checkOutput refuses output folders a build must never replace.
func checkOutput(root, content, out string) error {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			return filepath.Clean(p)
		}
		if r, err := filepath.EvalSymlinks(a); err == nil {
			return r
		}
		return a
	}
	r, c, o := abs(root), abs(content), abs(out)
	within := func(child, parent string) bool {
		rel, err := filepath.Rel(parent, child)
		return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
	}
	home, _ := os.UserHomeDir()
	switch {
	case o == filepath.Dir(o):
		return fmt.Errorf("publishDir %s is the file system root; refusing to build there", out)
	case home != "" && o == abs(home):
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

// stage is a build being written beside the output folder.
type stage struct {
	out  string // the live output folder
	dir  string // the staging folder
	old  manifest
	next manifest
	dirs sync.Map // folders of the stage already created
}

// mkdir creates a folder of the stage (and its parents) once.
func (s *stage) mkdir(dir string) error {
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	// Most page folders are new folders in a known one: one mkdir, not
	// MkdirAll's stat of the folder and of its parent first.
	if _, ok := s.dirs.Load(filepath.Dir(dir)); ok || dir == s.dir {
		if err := os.Mkdir(dir, 0o755); err == nil || errors.Is(err, fs.ErrExist) {
			s.dirs.Store(dir, true)
			return nil
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

func newStage(out string) (*stage, error) {
	// A publishDir that is a link to a folder is written through: the link stays.
	if st, err := os.Lstat(out); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(out)
		if err != nil {
			return nil, fmt.Errorf("publishDir %s is a broken link: %w", out, err)
		}
		out = real
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	dir := filepath.Join(parent, "."+base+".recap-new")
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("remove leftover %s: %w", dir, err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	return &stage{out: out, dir: dir, old: readManifest(out), next: manifest{Version: 1, Files: map[string]string{}}}, nil
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
		live := filepath.Join(s.out, filepath.FromSlash(rel))
		if st, err := os.Lstat(live); err == nil && st.Mode().IsRegular() && st.Size() == int64(len(data)) {
			if err := os.Link(live, dst); err == nil {
				return false, nil
			}
		}
	}
	if data == nil {
		return false, fmt.Errorf("%s: no data", rel)
	}
	return true, os.WriteFile(dst, data, 0o644)
}

// copyFile copies (or links, when unchanged) an attachment into the stage.
func (s *stage) copyFile(rel, src string) (bool, string, error) {
	st, err := os.Stat(src)
	if err != nil {
		return false, "", err
	}
	fp := fmt.Sprintf("file-%d-%d", st.Size(), st.ModTime().UnixNano())
	dst := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, "", err
	}
	if s.old.Files[rel] == fp {
		if err := os.Link(filepath.Join(s.out, filepath.FromSlash(rel)), dst); err == nil {
			return false, fp, nil
		}
	}
	in, err := os.Open(src)
	if err != nil {
		return false, "", err
	}
	defer in.Close()
	o, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return false, "", err
	}
	if _, err := io.Copy(o, in); err != nil {
		o.Close()
		return false, "", err
	}
	return true, fp, o.Close()
}

// keepForeign links every file of the live output that recap did not write
// (and is not writing now) into the stage, so the swap keeps it.
func (s *stage) keepForeign() error {
	if _, err := os.Stat(s.out); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	ours := map[string]bool{} // folders recap made: kept only if something foreign is in them
	for p := range s.old.Files {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			ours[d] = true
		}
	}
	return filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.out, p)
		rel = filepath.ToSlash(rel)
		if rel == "." || rel == ManifestName {
			return nil
		}
		if _, ours := s.old.Files[rel]; ours {
			return nil
		}
		if _, ours := s.next.Files[rel]; ours {
			return nil
		}
		dst := filepath.Join(s.dir, filepath.FromSlash(rel))
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !d.IsDir() {
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
		}
		switch {
		case d.IsDir():
			if ours[rel] {
				return nil
			}
			if _, err := os.Stat(dst); err != nil {
				return os.MkdirAll(dst, info.Mode().Perm()|0o700)
			}
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		}
		if err := os.Link(p, dst); err != nil {
			data, rerr := os.ReadFile(p)
			if rerr != nil {
				return rerr
			}
			return os.WriteFile(dst, data, info.Mode().Perm())
		}
		return nil
	})
}

// commit writes the manifest and swaps the stage in for the live output.
func (s *stage) commit() error {
	if err := s.keepForeign(); err != nil {
		return fmt.Errorf("keep files in %s: %w", s.out, err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, ManifestName), s.next.bytes(), 0o644); err != nil {
		return err
	}
	if _, err := os.Lstat(s.out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(s.dir, s.out)
	}
	if err := exchange(s.dir, s.out); err == nil {
		return os.RemoveAll(s.dir) // the stage now holds the previous output
	}
	old := s.dir + ".old"
	_ = os.RemoveAll(old)
	if err := os.Rename(s.out, old); err != nil {
		return fmt.Errorf("swap in new output: %w", err)
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		_ = os.Rename(old, s.out)
		return fmt.Errorf("swap in new output: %w", err)
	}
	return os.RemoveAll(old)
}

// abort removes the stage and leaves the live output as it was.
func (s *stage) abort() { _ = os.RemoveAll(s.dir) }
