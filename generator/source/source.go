// Package source finds a site's notes and attachments under its content folder.
//
// Every ".md" file is a note; every other file is an attachment, copied as is.
// Names starting with "." or "_" (files and folders) are skipped, and so are
// editor scratch files: "*~", "*.swp", "*.swx", "*.tmp", "*.bck", "4913",
// "#*#", ".#*", "*___jb_tmp___", "*___jb_old___", ".goutputstream-*" and
// ".DS_Store".
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"syscall"
)

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
}

// Walk lists the notes and attachments under dir in fsys.
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
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := fs.Stat(fsys, p)
			if err != nil || st.IsDir() {
				return nil // dangling links and linked folders are skipped
			}
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
