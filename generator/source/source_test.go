package source_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/recapjournal/recap/generator/source"
)

// vanishingFS is a file system in which some entries are still listed by
// their folder but fail with an error when opened, as a folder deleted or
// renamed during a walk does.
type vanishingFS struct {
	files fstest.MapFS
	gone  map[string]error // path → what opening it fails with
}

func (v vanishingFS) check(op, name string) error {
	if err, ok := v.gone[name]; ok {
		return &fs.PathError{Op: op, Path: name, Err: err}
	}
	return nil
}

func (v vanishingFS) Open(name string) (fs.File, error) {
	if err := v.check("open", name); err != nil {
		return nil, err
	}
	return v.files.Open(name)
}

func (v vanishingFS) Stat(name string) (fs.FileInfo, error) {
	if err := v.check("stat", name); err != nil {
		return nil, err
	}
	return v.files.Stat(name)
}

func (v vanishingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := v.check("open", name); err != nil {
		return nil, err
	}
	return v.files.ReadDir(name)
}

// journal is a small content folder with a folder listed before and after
// each of the ones the tests make vanish.
func journal() fstest.MapFS {
	return fstest.MapFS{
		"content/2026/2026-11-17-dev.md":    {Data: []byte("note")},
		"content/2026/diagram.png":          {Data: []byte("png")},
		"content/deleted/2026-11-18-a.md":   {Data: []byte("note")},
		"content/deleted/sub/2026-11-18.md": {Data: []byte("note")},
		"content/mid/2026-11-19-jo.md":      {Data: []byte("note")},
		"content/renamed/2026-11-20-b.md":   {Data: []byte("note")},
		"content/zz/2026-11-21-last.md":     {Data: []byte("note")},
		"content/zz/_draft.md":              {Data: []byte("ignored")},
		"content/.git/config":               {Data: []byte("ignored")},
		"content/2026/2026-11-17-dev.md~":   {Data: []byte("ignored")},
	}
}

func TestWalk(t *testing.T) {
	got, err := source.Walk(journal(), "content", nil)
	if err != nil {
		t.Fatal(err)
	}
	wantNotes := []string{"2026/2026-11-17-dev.md", "deleted/2026-11-18-a.md", "deleted/sub/2026-11-18.md",
		"mid/2026-11-19-jo.md", "renamed/2026-11-20-b.md", "zz/2026-11-21-last.md"}
	if !slices.Equal(got.Notes, wantNotes) {
		t.Errorf("notes = %q, want %q", got.Notes, wantNotes)
	}
	if want := []string{"2026/diagram.png"}; !slices.Equal(got.Attachments, want) {
		t.Errorf("attachments = %q, want %q", got.Attachments, want)
	}
}

// TestWalkFolderGone walks a content folder in which folders vanish between
// their parent's listing and their own opening: they are skipped, and the
// rest of the walk goes on.
func TestWalkFolderGone(t *testing.T) {
	fsys := vanishingFS{files: journal(), gone: map[string]error{
		"content/deleted": fs.ErrNotExist,  // deleted
		"content/renamed": syscall.ENOTDIR, // renamed away, a file put in its place
	}}
	got, err := source.Walk(fsys, "content", nil)
	if err != nil {
		t.Fatalf("a folder gone during the walk is an error: %v", err)
	}
	want := []string{"2026/2026-11-17-dev.md", "mid/2026-11-19-jo.md", "zz/2026-11-21-last.md"}
	if !slices.Equal(got.Notes, want) {
		t.Errorf("notes = %q, want %q", got.Notes, want)
	}
}

// TestWalkErrors checks that the errors that are not "gone" still stop the
// walk: a folder that cannot be read, and a missing content folder.
func TestWalkErrors(t *testing.T) {
	fsys := vanishingFS{files: journal(), gone: map[string]error{"content/mid": fs.ErrPermission}}
	_, err := source.Walk(fsys, "content", nil)
	if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "content/mid") {
		t.Errorf("an unreadable folder: err = %v, want a permission error naming content/mid", err)
	}

	_, err = source.Walk(fstest.MapFS{"config.toml": {}}, "content", nil)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "content folder content") {
		t.Errorf("no content folder: err = %v, want a not-exist error naming the content folder", err)
	}
}

// TestWalkDanglingLink checks, on disk, that a link whose target is gone and
// a link to a folder are skipped without a warning, and a link to a file
// inside the content folder is listed.
func TestWalkDanglingLink(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	if err := os.MkdirAll(filepath.Join(content, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(content, "sub", "shared.md"), []byte("note"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"dangling.md": filepath.Join(root, "deleted.md"),
		"linked.md":   filepath.Join(content, "sub", "shared.md"),
		"folder":      filepath.Join(content, "sub"),
	} {
		if err := os.Symlink(target, filepath.Join(content, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	got, err := source.Walk(source.DirFS(root), "content", nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"linked.md", "sub/shared.md"}; !slices.Equal(got.Notes, want) {
		t.Errorf("notes = %q, want %q", got.Notes, want)
	}
	if len(got.Diags) > 0 {
		t.Errorf("warnings: %v", got.Diags)
	}
}

func TestGone(t *testing.T) {
	for _, c := range []struct {
		err  error
		gone bool
	}{
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.ENOENT}, true},
		{&fs.PathError{Op: "readdirent", Path: "x", Err: syscall.ENOTDIR}, true},
		{fs.ErrNotExist, true},
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, false},
		{errors.New("disk on fire"), false},
		{nil, false},
	} {
		if got := source.Gone(c.err); got != c.gone {
			t.Errorf("Gone(%v) = %v, want %v", c.err, got, c.gone)
		}
	}
}
