package source_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/source"
)

// within returns what f returns, failing the test if f has not returned in
// ten seconds: what it opens may be a FIFO, on which an open waits for a
// writer forever.
func within[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	c := make(chan T, 1)
	go func() { c <- f() }()
	select {
	case v := <-c:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("%s still runs after ten seconds", what)
		panic("unreachable")
	}
}

// symlink makes a link at p to target, skipping the test where there are none.
func symlink(t *testing.T, target, p string) {
	t.Helper()
	if err := os.Symlink(target, p); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// devZero returns the path of the device that reads as endless zeros,
// skipping the test where there is none.
func devZero(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skipf("no /dev/zero here: %v", err)
	}
	return "/dev/zero"
}

// write writes a file, and the folders it is in.
func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// walked is what a walk gave, or the error it failed with.
type walked struct {
	files *source.Files
	err   error
}

// TestWalkLeavesOut puts in a content folder on disk what must not be read or
// published (FIFOs, a socket, links to a device, to files and folders
// outside, loops of links) next to links that stay inside, and checks what
// Walk lists and that it warns once of each file it leaves out. The walk runs
// with DirFS and with os.DirFS, which differ only for a link by absolute path
// that stays inside.
func TestWalkLeavesOut(t *testing.T) {
	const (
		outsideFile   = "a link to a file outside the content folder; left out"
		outsideFolder = "a link to a folder outside the content folder; left out"
		notRegular    = "not a regular file; left out"
	)
	// Besides these, the content folder holds 2026/a.md, 2026/b.png and
	// _pipe, a FIFO; next to it are secret.txt and elsewhere/note.md.
	cases := []struct {
		name   string // in the content folder
		link   string // where the link made at name leads (ROOT and CONTENT are the folders' paths)
		fifo   bool   // or name is a FIFO
		socket bool   // or a socket
		listed bool   // whether Walk lists it
		warn   string // what it warns of it
		disk   bool   // listed with DirFS only: os.DirFS leaves it out, outside
	}{
		{name: "pipe.md", fifo: true, warn: notRegular},
		{name: "pipe.bin", fifo: true, warn: notRegular},
		{name: "talk.sock", socket: true, warn: notRegular},
		{name: "zero.md", link: "/dev/zero", warn: outsideFile},
		{name: "zero.bin", link: "/dev/zero", warn: outsideFile},
		{name: "shadow.txt", link: "ROOT/secret.txt", warn: outsideFile},
		{name: "up.txt", link: "../secret.txt", warn: outsideFile},
		{name: "sub/deep.txt", link: "../../secret.txt", warn: outsideFile},
		{name: "sneaky.txt", link: "2026/../../secret.txt", warn: outsideFile},
		{name: "via-out.txt", link: "elsewhere/note.md", warn: outsideFile},
		{name: "elsewhere", link: "ROOT/elsewhere", warn: outsideFolder},
		{name: "parent", link: "..", warn: outsideFolder},
		{name: "piped.md", link: "_pipe", warn: "a link to what is not a regular file; left out"},
		{name: "loop1.md", link: "loop2.md", warn: "a link in a loop of links; left out"},
		{name: "loop2.md", link: "loop1.md", warn: "a link in a loop of links; left out"},
		{name: "gone.md", link: "ROOT/deleted.md"}, // being saved, say
		{name: "l1", link: "."},     // the folder, walked once
		{name: "cur", link: "2026"}, // likewise
		{name: "latest.md", link: "2026/a.md", listed: true},
		{name: "sub/back.png", link: "../2026/b.png", listed: true},
		{name: "via-cur.md", link: "cur/a.md", listed: true},
		{name: "abs.md", link: "CONTENT/2026/a.md", listed: true, disk: true},
	}

	root := t.TempDir()
	content := filepath.Join(root, "content")
	write(t, filepath.Join(root, "secret.txt"), "secret")
	write(t, filepath.Join(root, "elsewhere", "note.md"), "# not ours")
	write(t, filepath.Join(content, "2026", "a.md"), "# a")
	write(t, filepath.Join(content, "2026", "b.png"), "png")
	if err := os.MkdirAll(filepath.Join(content, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, filepath.Join(content, "_pipe"))
	for _, c := range cases {
		p := filepath.Join(content, filepath.FromSlash(c.name))
		switch {
		case c.fifo:
			mkfifo(t, p)
		case c.socket:
			l, err := net.Listen("unix", p)
			if err != nil {
				t.Skipf("no sockets here: %v", err)
			}
			t.Cleanup(func() { l.Close() })
		default:
			target := strings.NewReplacer("ROOT", root, "CONTENT", content).Replace(c.link)
			symlink(t, filepath.FromSlash(target), p)
		}
	}

	for _, fsys := range []struct {
		name string
		fs   fs.FS
		disk bool
	}{{"DirFS", source.DirFS(root), true}, {"os.DirFS", os.DirFS(root), false}} {
		t.Run(fsys.name, func(t *testing.T) {
			w := within(t, "the walk", func() walked {
				f, err := source.Walk(fsys.fs, "content", nil)
				return walked{f, err}
			})
			if w.err != nil {
				t.Fatal(w.err)
			}
			got := w.files
			notes, attachments := []string{"2026/a.md"}, []string{"2026/b.png"}
			warned := map[string]string{}
			for _, c := range cases {
				switch {
				case c.listed && (fsys.disk || !c.disk):
					if source.IsNote(c.name) {
						notes = append(notes, c.name)
					} else {
						attachments = append(attachments, c.name)
					}
				case c.disk:
					warned["content/"+c.name] = outsideFile
				case c.warn != "":
					warned["content/"+c.name] = c.warn
				}
			}
			slices.Sort(notes)
			slices.Sort(attachments)
			if !slices.Equal(got.Notes, notes) {
				t.Errorf("notes = %q, want %q", got.Notes, notes)
			}
			if !slices.Equal(got.Attachments, attachments) {
				t.Errorf("attachments = %q, want %q", got.Attachments, attachments)
			}
			seen := map[string]bool{}
			for _, d := range got.Diags {
				if d.Code != source.CodeSkipped || d.Severity.String() != "warning" {
					t.Errorf("%v: code %q, severity %v; want a %q warning", d, d.Code, d.Severity, source.CodeSkipped)
				}
				if seen[d.Path] {
					t.Errorf("%s: warned of twice", d.Path)
				}
				seen[d.Path] = true
				if want, ok := warned[d.Path]; !ok {
					t.Errorf("unexpected warning %v", d)
				} else if line, want := d.Path+": "+d.Msg, d.Path+": "+want; line != want {
					t.Errorf("warning %q, want %q", line, want)
				}
			}
			for p := range warned {
				if !seen[p] {
					t.Errorf("%s: no warning, want %q", p, warned[p])
				}
			}
		})
	}
}

// read is what ReadNote returned.
type read struct {
	data []byte
	err  error
}

// TestReadNote reads, from disk, notes that are fine, too large, or not
// regular files: it must return at once, without reading a huge file whole,
// nor waiting on a FIFO, nor reading a device without end.
func TestReadNote(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	write(t, filepath.Join(content, "small.md"), "# small\n")
	sparse := func(name string, size int64) {
		write(t, filepath.Join(content, name), "")
		if err := os.Truncate(filepath.Join(content, name), size); err != nil {
			t.Fatal(err)
		}
	}
	sparse("max.md", note.MaxSize)
	sparse("over.md", note.MaxSize+1)
	sparse("big.md", 20<<20)
	mkfifo(t, filepath.Join(content, "pipe.md"))
	symlink(t, devZero(t), filepath.Join(content, "zero.md"))

	for _, c := range []struct {
		name string
		size int    // of the data read
		err  error  // or what the error is
		msg  string // and says
	}{
		{name: "small.md", size: len("# small\n")},
		{name: "max.md", size: note.MaxSize},
		{name: "over.md", err: source.ErrTooLarge, msg: "content/over.md: note is larger than 8 MiB"},
		{name: "big.md", err: source.ErrTooLarge, msg: "content/big.md: note is larger than 8 MiB"},
		{name: "pipe.md", err: source.ErrNotRegular, msg: "content/pipe.md: not a regular file"},
		{name: "zero.md", err: source.ErrNotRegular, msg: "content/zero.md: not a regular file"},
		{name: "gone.md", err: fs.ErrNotExist},
	} {
		for _, fsys := range []struct {
			name string
			fs   fs.FS
		}{{"DirFS", source.DirFS(root)}, {"os.DirFS", os.DirFS(root)}} {
			t.Run(c.name+"/"+fsys.name, func(t *testing.T) {
				got := within(t, "ReadNote", func() read {
					data, err := source.ReadNote(fsys.fs, "content/"+c.name)
					return read{data, err}
				})
				if c.err == nil {
					if got.err != nil || len(got.data) != c.size {
						t.Errorf("read %d bytes, %v; want %d bytes", len(got.data), got.err, c.size)
					}
					return
				}
				if !errors.Is(got.err, c.err) || !strings.Contains(fmt.Sprint(got.err), c.msg) {
					t.Errorf("err = %v, want %v saying %q", got.err, c.err, c.msg)
				}
				if got.data != nil {
					t.Errorf("read %d bytes with the error", len(got.data))
				}
			})
		}
	}
}

// endless is a file that says it is empty, as a file still being written or
// one of /proc does, and has no end.
type endless struct{ read *int }

func (e endless) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"f": {}}.Stat("f")
}
func (e endless) Read(p []byte) (int, error) { *e.read += len(p); clear(p); return len(p), nil }
func (e endless) Close() error               { return nil }

type endlessFS struct{ read *int }

func (e endlessFS) Open(name string) (fs.File, error) { return endless(e), nil }

// TestReadNoteEndless checks that the limit holds while reading: a note that
// says it is small but never ends is refused once past the limit, not read
// until memory runs out.
func TestReadNoteEndless(t *testing.T) {
	var n int
	got := within(t, "ReadNote", func() read {
		data, err := source.ReadNote(endlessFS{&n}, "content/grows.md")
		return read{data, err}
	})
	if !errors.Is(got.err, source.ErrTooLarge) || !strings.Contains(got.err.Error(), "content/grows.md") {
		t.Errorf("err = %v, want note is larger than 8 MiB, naming content/grows.md", got.err)
	}
	if n > note.MaxSize+1 {
		t.Errorf("read %d bytes to refuse a note over %d", n, note.MaxSize)
	}
}

// opened is what OpenAttachment returned, and the file's data.
type opened struct {
	data []byte
	err  error
}

// TestOpenAttachment walks a content folder, then changes its attachments
// before they are copied, as someone may: each must still open to its own
// data, or be refused at once.
func TestOpenAttachment(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	write(t, filepath.Join(root, "secret.txt"), "secret")
	write(t, filepath.Join(content, "2026", "shared.png"), "shared")
	for _, c := range []struct {
		name   string
		change func(t *testing.T, p string) // after the walk
		data   string                       // what it opens to
		err    error                        // or what it is refused with
	}{
		{name: "kept.png", change: func(*testing.T, string) {}, data: "kept"},
		{name: "rewritten.png", change: func(t *testing.T, p string) { write(t, p, "anew") }, data: "anew"},
		{name: "fifo.png", change: func(t *testing.T, p string) { os.Remove(p); mkfifo(t, p) }, err: source.ErrNotRegular},
		{name: "zero.png", change: func(t *testing.T, p string) { os.Remove(p); symlink(t, devZero(t), p) }, err: source.ErrNotRegular},
		{name: "secret.png", change: func(t *testing.T, p string) {
			os.Remove(p)
			symlink(t, filepath.Join(root, "secret.txt"), p)
		}, err: source.ErrOutside},
		{name: "up.png", change: func(t *testing.T, p string) { os.Remove(p); symlink(t, "../secret.txt", p) }, err: source.ErrOutside},
		{name: "shared.png", change: func(t *testing.T, p string) { os.Remove(p); symlink(t, "2026/shared.png", p) }, data: "shared"},
		{name: "deleted.png", change: func(t *testing.T, p string) { os.Remove(p) }, err: fs.ErrNotExist},
	} {
		t.Run(c.name, func(t *testing.T) {
			write(t, filepath.Join(content, c.name), strings.TrimSuffix(c.name, ".png"))
			f, err := source.Walk(source.DirFS(root), "content", nil)
			if err != nil || !slices.Contains(f.Attachments, c.name) {
				t.Fatalf("walk: %v, attachments %q; want %s among them", err, f.Attachments, c.name)
			}
			c.change(t, filepath.Join(content, c.name))
			got := within(t, "OpenAttachment", func() opened {
				f, err := source.OpenAttachment(content, c.name)
				if err != nil {
					return opened{nil, err}
				}
				defer f.Close()
				data, err := io.ReadAll(f)
				return opened{data, err}
			})
			if c.err != nil {
				if !errors.Is(got.err, c.err) || !strings.Contains(fmt.Sprint(got.err), c.name) {
					t.Errorf("err = %v, want %v naming %s", got.err, c.err, c.name)
				}
				return
			}
			if got.err != nil || !bytes.Equal(got.data, []byte(c.data)) {
				t.Errorf("opened to %q, %v; want %q", got.data, got.err, c.data)
			}
		})
	}
}
