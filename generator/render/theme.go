package render

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/recapjournal/recap/themes"
)

// overlay is a theme laid over the built-in one, file by file.
type overlay struct {
	top  fs.FS // may be nil
	base fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	if o.top != nil {
		if f, err := o.top.Open(name); err == nil {
			return f, nil
		}
	}
	return o.base.Open(name)
}

// list returns the files under dir in either layer, sorted.
func (o overlay) list(dir string) ([]string, error) {
	seen := map[string]bool{}
	for _, layer := range []fs.FS{o.top, o.base} {
		if layer == nil {
			continue
		}
		err := fs.WalkDir(layer, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
				seen[p] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// Theme is a parsed theme: one template set per page kind, and static files.
type Theme struct {
	fs      overlay
	pages   map[string]*template.Template
	Statics []string // paths under static/
}

// pageKinds are the layouts every theme has.
var pageKinds = []string{"home", "meeting", "people", "person", "actions", "tags", "tag",
	"serieslist", "series", "archive", "month", "review", "404"}

// LoadTheme parses the theme: user (may be nil) laid over the built-in one.
// Templates are parsed once here and executed for every page.
func LoadTheme(user fs.FS) (*Theme, error) {
	o := overlay{top: user, base: themes.Default}
	t := &Theme{fs: o, pages: map[string]*template.Template{}}
	read := func(name string) (string, error) {
		b, err := fs.ReadFile(o, name)
		if err != nil {
			return "", fmt.Errorf("theme: %w", err)
		}
		return string(b), nil
	}
	root := template.New("base").Funcs(funcs)
	for _, name := range []string{"layouts/base.html", "layouts/partials.html"} {
		src, err := read(name)
		if err != nil {
			return nil, err
		}
		if _, err := root.New(name).Parse(src); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	for _, kind := range pageKinds {
		name := "layouts/" + kind + ".html"
		src, err := read(name)
		if err != nil {
			return nil, err
		}
		c, err := root.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := c.New(name).Parse(src); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		t.pages[kind] = c
	}
	statics, err := o.list("static")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	for _, s := range statics {
		t.Statics = append(t.Statics, strings.TrimPrefix(s, "static/"))
	}
	return t, nil
}

// Static returns a static file's bytes.
func (t *Theme) Static(name string) ([]byte, error) {
	return fs.ReadFile(t.fs, path.Join("static", name))
}
