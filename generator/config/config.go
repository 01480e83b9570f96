// Package config loads a site's config.toml.
//
// Every key has a default, so a site without config.toml is valid. Loading is
// strict: a key recap does not know, or a value of the wrong type, is an error
// that names its line, because a typo in config.toml ("reveiwWithin") would
// otherwise be silently ignored.
//
//	title        = "Meeting journal"   # the site's title
//	contentDir   = "content"           # the notes, relative to the site root
//	publishDir   = "public"            # the output, relative to the site root, or absolute
//	theme        = "default"           # a folder under themes/, laid over the built-in theme
//	timezone     = "Europe/Berlin"     # IANA name; default: the machine's
//	reviewWithin = "24h"               # Go duration: when an unreviewed meeting is overdue
//	me           = "sam"               # the journal's owner, a person id
//	privateSections = ["Reflection", "Private"]  # headings left out of shared recaps
//	ignore       = ["process/**", "**/TEMPLATE.md"]  # globs under contentDir left out entirely
//	archiveBefore = 2024-01-01         # meetings before this day are an imported archive
//
//	[people.dev]
//	name    = "Dev Patel"
//	aliases = ["devp", "D. Patel"]
//	email   = "dev@example.com"
//	role    = "Staff engineer"
//
//	[highlight]
//	style = "github"        # a chroma style for code blocks in the light theme
//	darkStyle = "github-dark"
//
//	[check]
//	errors = ["unowned"]    # warning codes that recap check treats as errors
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/internal/tomlpos"
)

// FileName is the name of the config file at the site root.
const FileName = "config.toml"

// Person is a [people.ID] table.
type Person struct {
	ID      string
	Name    string
	Aliases []string
	Email   string
	Role    string
}

// Config is a site's settings with every default filled in.
type Config struct {
	Title           string
	ContentDir      string // relative to the site root, as written
	PublishDir      string // relative to the site root, or absolute, as written
	Theme           string
	Timezone        string // as written; empty means the machine's
	Location        *time.Location
	ReviewWithin    time.Duration
	Me              string
	PrivateSections []string
	People          []Person // sorted by ID
	HighlightStyle  string
	HighlightDark   string
	CheckErrors     []string // warning codes promoted to errors by recap check
	// Ignore are glob patterns, relative to ContentDir and slash-separated
	// ("process/**", "**/TEMPLATE.md"), of files and folders left out entirely.
	Ignore []string
	// ArchiveBefore, YYYY-MM-DD, marks meetings before that day as an imported
	// archive; empty when not set.
	ArchiveBefore string
}

// Default returns the configuration of a site without config.toml.
func Default() *Config {
	return &Config{
		Title:           "Meeting journal",
		ContentDir:      "content",
		PublishDir:      "public",
		Theme:           "default",
		Location:        time.Local,
		ReviewWithin:    24 * time.Hour,
		PrivateSections: []string{"Reflection", "Private"},
		HighlightStyle:  "github",
		HighlightDark:   "github-dark",
	}
}

// Load reads root/config.toml. A missing file gives Default. Problems are
// returned as a diag.List naming config.toml's lines.
func Load(fsys fs.FS) (*Config, error) {
	data, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", FileName, err)
	}
	return Parse(FileName, data)
}

// LoadDir is Load over a directory on disk.
func LoadDir(root string) (*Config, error) {
	return Load(os.DirFS(root))
}

// Parse parses the text of a config file; path is used in diagnostics.
func Parse(path string, data []byte) (*Config, error) {
	c := Default()
	raw, places, err := tomlpos.Decode(bytes.TrimPrefix(data, []byte("\uFEFF")))
	if err != nil {
		var te *tomlpos.Error
		if errors.As(err, &te) {
			return nil, diag.List{diag.Errorf(path, te.Line, te.Col, "%s", te.Msg)}
		}
		return nil, diag.List{diag.Errorf(path, 1, 1, "%v", err)}
	}
	p := &parser{path: path, keys: places}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := raw[k]
		switch k {
		case "title":
			p.str(k, v, &c.Title)
		case "contentDir":
			p.str(k, v, &c.ContentDir)
		case "publishDir":
			p.str(k, v, &c.PublishDir)
		case "theme":
			p.str(k, v, &c.Theme)
		case "timezone":
			if p.str(k, v, &c.Timezone) && c.Timezone != "" {
				loc, err := time.LoadLocation(c.Timezone)
				if err != nil {
					p.errf(k, "timezone %q is not an IANA time zone name (like \"Europe/Berlin\")", c.Timezone)
				} else {
					c.Location = loc
				}
			}
		case "reviewWithin":
			var s string
			if p.str(k, v, &s) {
				d, err := time.ParseDuration(s)
				if err != nil || d < 0 {
					p.errf(k, "reviewWithin %q is not a duration (like \"24h\" or \"36h30m\")", s)
				} else {
					c.ReviewWithin = d
				}
			}
		case "me":
			p.str(k, v, &c.Me)
		case "privateSections":
			p.strs(k, v, &c.PrivateSections)
		case "people":
			p.people(v, c)
		case "ignore":
			if p.strs(k, v, &c.Ignore) {
				for _, g := range c.Ignore {
					if err := ValidGlob(g); err != nil {
						p.errf(k, "ignore pattern %q: %v", g, err)
					}
				}
			}
		case "archiveBefore":
			switch x := v.(type) {
			case string:
				if _, err := time.Parse(time.DateOnly, x); err != nil {
					p.errf(k, "archiveBefore %q is not a date YYYY-MM-DD", x)
				} else {
					c.ArchiveBefore = x
				}
			case time.Time:
				c.ArchiveBefore = x.Format(time.DateOnly)
			default:
				p.errf(k, "archiveBefore must be a date YYYY-MM-DD, not %s", typeName(v))
			}
		case "highlight":
			p.table(k, v, func(kk string, vv any) {
				switch kk {
				case "style":
					p.str(k+"."+kk, vv, &c.HighlightStyle)
				case "darkStyle":
					p.str(k+"."+kk, vv, &c.HighlightDark)
				default:
					p.unknown(k + "." + kk)
				}
			})
		case "check":
			p.table(k, v, func(kk string, vv any) {
				switch kk {
				case "errors":
					p.strs(k+"."+kk, vv, &c.CheckErrors)
				default:
					p.unknown(k + "." + kk)
				}
			})
		default:
			p.unknown(k)
		}
	}
	for _, dir := range []struct{ key, val string }{{"contentDir", c.ContentDir}, {"publishDir", c.PublishDir}} {
		if strings.TrimSpace(dir.val) == "" {
			p.errf(dir.key, "%s must not be empty", dir.key)
		}
	}
	if strings.TrimSpace(c.PublishDir) != "" && strings.TrimSpace(c.ContentDir) != "" {
		if msg := unsafePublishDir(c.PublishDir, c.ContentDir); msg != "" {
			key := "publishDir"
			if _, set := p.keys[key]; !set {
				key = "contentDir" // the default publishDir is in the content folder
			}
			p.errf(key, "%s", msg)
		}
	}
	if c.Theme == "" || strings.ContainsAny(c.Theme, `/\`) || c.Theme == "." || c.Theme == ".." {
		p.errf("theme", "theme %q must be the name of a folder under themes/", c.Theme)
	}
	if c.Me != "" {
		c.Me = strings.ToLower(c.Me)
	}
	if len(p.diags) > 0 {
		p.diags.Sort()
		return nil, p.diags
	}
	return c, nil
}

type parser struct {
	path  string
	keys  map[string]tomlpos.Pos
	diags diag.List
}

func (p *parser) errf(key, format string, args ...any) {
	k := p.keys[key]
	p.diags = append(p.diags, diag.Errorf(p.path, k.Line, k.Col, format, args...))
}

func (p *parser) unknown(key string) {
	p.errf(key, "unknown key %s in %s", key, FileName)
}

func (p *parser) str(key string, v any, dst *string) bool {
	s, ok := v.(string)
	if !ok {
		p.errf(key, "%s must be a string, not %s", key, typeName(v))
		return false
	}
	*dst = s
	return true
}

func (p *parser) strs(key string, v any, dst *[]string) bool {
	arr, ok := v.([]any)
	if !ok {
		p.errf(key, "%s must be an array of strings, not %s", key, typeName(v))
		return false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, ok := e.(string)
		if !ok {
			p.errf(key, "%s must be an array of strings; it holds %s", key, typeName(e))
			return false
		}
		out = append(out, s)
	}
	*dst = out
	return true
}

func (p *parser) table(key string, v any, f func(k string, v any)) {
	m, ok := v.(map[string]any)
	if !ok {
		p.errf(key, "%s must be a table ([%s]), not %s", key, key, typeName(v))
		return
	}
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		f(k, m[k])
	}
}

func (p *parser) people(v any, c *Config) {
	p.table("people", v, func(id string, pv any) {
		key := "people." + id
		if id == "" || strings.ContainsAny(id, "/\\ ") {
			p.errf(key, "person id %q must be a single word without slashes or spaces", id)
			return
		}
		per := Person{ID: slug.Make(id)}
		p.table(key, pv, func(k string, vv any) {
			switch k {
			case "name":
				p.str(key+"."+k, vv, &per.Name)
			case "aliases":
				p.strs(key+"."+k, vv, &per.Aliases)
			case "email":
				p.str(key+"."+k, vv, &per.Email)
			case "role":
				p.str(key+"."+k, vv, &per.Role)
			default:
				p.unknown(key + "." + k)
			}
		})
		for _, q := range c.People {
			if q.ID == per.ID {
				p.errf(key, "person %q is defined twice (ids are case-insensitive)", id)
				return
			}
		}
		c.People = append(c.People, per)
	})
	slices.SortFunc(c.People, func(a, b Person) int { return strings.Compare(a.ID, b.ID) })
}

func typeName(v any) string {
	switch x := v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any:
		if isTables(x) {
			return "an array of tables"
		}
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// isTables reports whether a is a non-empty array of tables, as [[people]] makes.
func isTables(a []any) bool {
	for _, e := range a {
		if _, ok := e.(map[string]any); !ok {
			return false
		}
	}
	return len(a) > 0
}

// ContentPath returns the content folder under root.
func (c *Config) ContentPath(root string) string { return filepath.Join(root, c.ContentDir) }

// PublishPath returns the output folder: publishDir under root, or
// publishDir itself when it is absolute.
func (c *Config) PublishPath(root string) string {
	if filepath.IsAbs(c.PublishDir) {
		return filepath.Clean(c.PublishDir)
	}
	return filepath.Join(root, c.PublishDir)
}

// unsafePublishDir says why publishDir, as written, can never be the output
// folder, which a build fills with its files and clears of the files it
// wrote before: it is the site root, a folder above it, the content folder,
// a folder in it or one that holds it. It is "" when publishDir may be the
// output folder; a build checks again, with links resolved, and an absolute
// publishDir too.
func unsafePublishDir(publish, content string) string {
	if filepath.IsAbs(publish) {
		return ""
	}
	o := filepath.Clean(publish)
	above := true // nothing but ".."
	for _, e := range strings.Split(filepath.ToSlash(o), "/") {
		above = above && e == ".."
	}
	switch {
	case o == ".":
		return fmt.Sprintf("publishDir %q is the site root; the output needs a folder of its own, such as \"public\"", publish)
	case above:
		return fmt.Sprintf("publishDir %q is a folder above the site, which holds the site; the output needs a folder of its own, such as \"public\"", publish)
	case filepath.IsAbs(content):
		return ""
	}
	cd := filepath.Clean(content)
	within := func(child, parent string) bool {
		rel, err := filepath.Rel(parent, child)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	switch {
	case o == cd:
		return fmt.Sprintf("publishDir %q is the content folder; the output needs a folder of its own, such as \"public\"", publish)
	case within(o, cd):
		return fmt.Sprintf("publishDir %q is inside the content folder %q, where the output would become attachments; choose a folder outside it, such as \"public\"", publish, content)
	case within(cd, o):
		return fmt.Sprintf("publishDir %q contains the content folder %q; the output needs a folder of its own, such as \"public\"", publish, content)
	}
	return ""
}
