package render

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"text/template/parse"

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
	counts  map[string]bool // the page kinds whose templates may show .Site.Counts
	Statics []string        // paths under static/
}

// pageKinds are the layouts every theme has.
var pageKinds = []string{"home", "meeting", "note", "notes", "people", "person", "actions", "tags", "tag",
	"serieslist", "series", "archive", "month", "review", "404"}

// LoadTheme parses the theme: user (may be nil) laid over the built-in one.
// Templates are parsed once here and executed for every page.
func LoadTheme(user fs.FS) (*Theme, error) {
	o := overlay{top: user, base: themes.Default}
	t := &Theme{fs: o, pages: map[string]*template.Template{}, counts: map[string]bool{}}
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
		t.counts[kind] = namesCounts(c)
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

// namesCounts reports whether the templates of a page kind may show the
// journal-wide counts (.Site.Counts): whether any of them names a field
// Counts, or takes .Site as a whole (prints it, or hands it to a function or
// template). Pages of other kinds do not depend on the counts, so an edit
// that changes only the counts does not render them again.
func namesCounts(t *template.Template) bool {
	for _, tt := range t.Templates() {
		if tt.Tree != nil && walkNames(tt.Tree.Root) {
			return true
		}
	}
	return false
}

// walkNames reports whether n names Counts or ends a field chain at Site.
func walkNames(n parse.Node) bool {
	names := func(idents []string) bool {
		return len(idents) > 0 && (slices.Contains(idents, "Counts") || idents[len(idents)-1] == "Site")
	}
	switch n := n.(type) {
	case nil:
		return false
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if walkNames(c) {
				return true
			}
		}
	case *parse.ActionNode:
		return walkNames(n.Pipe)
	case *parse.IfNode:
		return walkNames(n.Pipe) || walkNames(n.List) || walkNames(n.ElseList)
	case *parse.RangeNode:
		return walkNames(n.Pipe) || walkNames(n.List) || walkNames(n.ElseList)
	case *parse.WithNode:
		return walkNames(n.Pipe) || walkNames(n.List) || walkNames(n.ElseList)
	case *parse.TemplateNode:
		return walkNames(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return false
		}
		for _, c := range n.Cmds {
			if walkNames(c) {
				return true
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			if walkNames(a) {
				return true
			}
		}
	case *parse.FieldNode:
		return names(n.Ident)
	case *parse.VariableNode:
		return names(n.Ident)
	case *parse.ChainNode:
		return names(n.Field) || walkNames(n.Node)
	}
	return false
}
