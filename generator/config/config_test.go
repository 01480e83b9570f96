package config_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
)

func TestDefaults(t *testing.T) {
	want := &config.Config{
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
	if got := config.Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Default() = %+v\nwant %+v", got, want)
	}

	// A site without config.toml has the defaults.
	c, err := config.Load(fstest.MapFS{"content/a.md": {Data: []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load without config.toml = %+v\nwant %+v", c, want)
	}

	// So does an empty one, or one of comments.
	for _, src := range []string{"", "# nothing here\n\n", "\uFEFF"} {
		c, err := config.Parse("config.toml", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if !reflect.DeepEqual(c, want) {
			t.Errorf("%q = %+v\nwant %+v", src, c, want)
		}
	}
}

func TestEveryKey(t *testing.T) {
	src := `title = "Our journal"
contentDir = "notes"
publishDir = "site"
theme = "mine"
timezone = "Europe/Berlin"
reviewWithin = "36h30m"
me = "Sam"
privateSections = ["Secret", "Feelings"]

[people.Dev]
name = "Dev Patel"
aliases = ["devp", "D. Patel"]
email = "dev@example.com"
role = "Staff engineer"

[people.amy]

[highlight]
style = "monokai"
darkStyle = "dracula"

[check]
errors = ["unowned", "bad-date"]
`
	c, err := config.Load(fstest.MapFS{"config.toml": {Data: []byte(src)}})
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	want := &config.Config{
		Title:           "Our journal",
		ContentDir:      "notes",
		PublishDir:      "site",
		Theme:           "mine",
		Timezone:        "Europe/Berlin",
		Location:        berlin,
		ReviewWithin:    36*time.Hour + 30*time.Minute,
		Me:              "sam",
		PrivateSections: []string{"Secret", "Feelings"},
		People: []config.Person{
			{ID: "amy"},
			{ID: "dev", Name: "Dev Patel", Aliases: []string{"devp", "D. Patel"}, Email: "dev@example.com", Role: "Staff engineer"},
		},
		HighlightStyle: "monokai",
		HighlightDark:  "dracula",
		CheckErrors:    []string{"unowned", "bad-date"},
	}
	if c.Location.String() != "Europe/Berlin" {
		t.Errorf("Location = %v", c.Location)
	}
	c.Location = berlin
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if got := c.ContentPath("/site"); got != "/site/notes" {
		t.Errorf("ContentPath = %s", got)
	}
	if got := c.PublishPath("/site"); got != "/site/site" {
		t.Errorf("PublishPath = %s", got)
	}

	// Dotted keys, quoted keys, a BOM and CRLF line endings are TOML too.
	c, err = config.Parse("config.toml", []byte("\uFEFF\"title\" = \"T\"\r\npeople.dev.name = \"Dev\"\r\nhighlight.style = \"x\"\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "T" || len(c.People) != 1 || c.People[0].Name != "Dev" || c.HighlightStyle != "x" {
		t.Errorf("dotted keys: %+v", c)
	}
}

// parseErr parses src and returns its diagnostics, failing when it parses.
func parseErr(t *testing.T, src string) diag.List {
	t.Helper()
	c, err := config.Parse("config.toml", []byte(src))
	if err == nil {
		t.Fatalf("%q parses: %+v", src, c)
	}
	if c != nil {
		t.Errorf("Parse returned a config with its error")
	}
	var dl diag.List
	if !errors.As(err, &dl) {
		t.Fatalf("%q: error %T %v, want a diag.List", src, err, err)
	}
	for _, d := range dl {
		if d.Path != "config.toml" || d.Severity != diag.Error {
			t.Errorf("diagnostic %v: want an error in config.toml", d)
		}
	}
	return dl
}

// wantErrs checks that dl is exactly the given "line:col: contains" lines.
func wantErrs(t *testing.T, src string, dl diag.List, want ...string) {
	t.Helper()
	if len(dl) != len(want) {
		t.Errorf("%q: %d diagnostics, want %d:\n%v", src, len(dl), len(want), dl)
		return
	}
	for i, w := range want {
		pos, msg, _ := strings.Cut(w, " ")
		got := dl[i].Error()
		if !strings.HasPrefix(got, "config.toml:"+pos+": ") || !strings.Contains(got, msg) {
			t.Errorf("%q: diagnostic %d = %q, want config.toml:%s: …%s…", src, i, got, pos, msg)
		}
	}
}

func TestUnknownKeys(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"title = \"x\"\n\nreveiwWithin = \"1h\"\n", []string{"3:1 unknown key reveiwWithin"}},
		{"[people.dev]\nname = \"Dev\"\n  nmae = \"Dev\"\n", []string{"3:3 unknown key people.dev.nmae"}},
		{"[highlight]\nstyle = \"github\"\ncolour = \"red\"\n", []string{"3:1 unknown key highlight.colour"}},
		{"[check]\nwarnings = []\n", []string{"2:1 unknown key check.warnings"}},
		{"[extra]\nx = 1\n", []string{"1:1 unknown key extra"}},
		{"people.dev.nmae = \"x\"\n", []string{"1:1 unknown key people.dev.nmae"}},
		// Every unknown key is reported, in file order.
		{"zeta = 1\nalpha = 2\n[people.dev]\nemail = \"d@x\"\nphone = 3\n[highlight]\ncolor = \"x\"\n", []string{
			"1:1 unknown key zeta", "2:1 unknown key alpha", "5:1 unknown key people.dev.phone", "7:1 unknown key highlight.color",
		}},
		// A multi-line string does not hide the lines after it.
		{"title = \"\"\"\nmulti\nline = 3\n\"\"\"\nbogus = 1\n", []string{"5:1 unknown key bogus"}},
		{"title = \"x\"\r\nbad = 1\r\n", []string{"2:1 unknown key bad"}},
		// Table headers are placed at their '[', keys at their first character.
		{"  [extra]\nx = 1\n", []string{"1:3 unknown key extra"}},
		{"[ people . \"dev\" ]\n\tnmae = 1\n", []string{"2:2 unknown key people.dev.nmae"}},
		{"[[ people ]]\n", []string{"1:1 people must be a table ([people]), not an array of tables"}},
		{"'title' = \"x\"\n\"bo gus\" = 1\n", []string{"2:1 unknown key bo gus"}},
	} {
		wantErrs(t, tc.src, parseErr(t, tc.src), tc.want...)
	}
}

func TestUnknownKeyInInlineTable(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"title = \"x\"\nhighlight = { style = \"x\", colour = \"y\" }\n", "2:28 unknown key highlight.colour"},
		{"title = \"x\"\n\n[people]\ndev = { name = \"Dev\", nmae = \"y\" }\n", "4:23 unknown key people.dev.nmae"},
		// Columns count characters, not bytes.
		{"title = \"x\"\nhighlight = { style = \"é\", colour = \"y\" }\n", "2:28 unknown key highlight.colour"},
	} {
		wantErrs(t, tc.src, parseErr(t, tc.src), tc.want)
	}
}

func TestWrongTypes(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"title = 3\n", []string{"1:1 title must be a string, not an integer"}},
		{"contentDir = true\n", []string{"1:1 contentDir must be a string, not a boolean"}},
		{"publishDir = 1.5\n", []string{"1:1 publishDir must be a string, not a number"}},
		{"theme = [\"a\"]\n", []string{"1:1 theme must be a string, not an array"}},
		{"timezone = 1\n", []string{"1:1 timezone must be a string, not an integer"}},
		{"reviewWithin = 24\n", []string{"1:1 reviewWithin must be a string, not an integer"}},
		{"me = 1979-05-27\n", []string{"1:1 me must be a string, not a date"}},
		{"privateSections = \"Private\"\n", []string{"1:1 privateSections must be an array of strings, not a string"}},
		{"privateSections = [\"a\", 2]\n", []string{"1:1 privateSections must be an array of strings; it holds an integer"}},
		{"people = \"dev\"\n", []string{"1:1 people must be a table"}},
		{"[people]\ndev = 3\n", []string{"2:1 people.dev must be a table"}},
		{"[people.dev]\nname = [\"Dev\"]\n", []string{"2:1 people.dev.name must be a string, not an array"}},
		{"[people.dev]\naliases = \"devp\"\n", []string{"2:1 people.dev.aliases must be an array of strings, not a string"}},
		{"[people.dev]\nemail = 1\nrole = false\n", []string{"2:1 people.dev.email must be a string", "3:1 people.dev.role must be a string"}},
		{"highlight = \"github\"\n", []string{"1:1 highlight must be a table"}},
		{"[highlight]\nstyle = 1\ndarkStyle = 2\n", []string{"2:1 highlight.style must be a string", "3:1 highlight.darkStyle must be a string"}},
		{"[check]\nerrors = \"unowned\"\n", []string{"2:1 check.errors must be an array of strings"}},
		{"title = 3\nreviewWithin = 24\ntimezone = \"Mars/Olympus\"\n", []string{
			"1:1 title must be a string", "2:1 reviewWithin must be a string", "3:1 not an IANA time zone name",
		}},
	} {
		wantErrs(t, tc.src, parseErr(t, tc.src), tc.want...)
	}
}

func TestArrayOfTablesTypeName(t *testing.T) {
	dl := parseErr(t, "[[people]]\nname = \"a\"\n")
	if msg := dl.Error(); strings.Contains(msg, "interface") || strings.Contains(msg, "map[") {
		t.Errorf("error %q shows a Go type", msg)
	}
}

func TestBadValues(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"timezone = \"Mars/Olympus\"\n", []string{`1:1 timezone "Mars/Olympus" is not an IANA time zone name`}},
		{"title = \"x\"\ntimezone = \"CEST+2\"\n", []string{`2:1 timezone "CEST+2" is not an IANA`}},
		{"reviewWithin = \"1 day\"\n", []string{`1:1 reviewWithin "1 day" is not a duration`}},
		{"reviewWithin = \"24\"\n", []string{`1:1 reviewWithin "24" is not a duration`}},
		{"reviewWithin = \"1d\"\n", []string{`1:1 reviewWithin "1d" is not a duration`}},
		{"reviewWithin = \"-1h\"\n", []string{`1:1 reviewWithin "-1h" is not a duration`}},
		{"contentDir = \"\"\n", []string{"1:1 contentDir must not be empty"}},
		{"publishDir = \" \"\n", []string{"1:1 publishDir must not be empty"}},
		{"theme = \"../x\"\n", []string{"1:1 must be the name of a folder under themes/"}},
		{"theme = \"\"\n", []string{"1:1 must be the name of a folder under themes/"}},
		{"[people.\"dev patel\"]\nname = \"x\"\n", []string{"1:1 must be a single word"}},
		{"[people.dev]\nname = \"a\"\n[people.Dev]\nname = \"b\"\n", []string{`1:1 person "dev" is defined twice`}},
		// TOML syntax errors name their line and column.
		{"title = \"x\"\nreviewWithin = \n", []string{"2:"}},
		{"title = ", []string{"1:8 "}},
		{"title = \"x\" \"y\"\n", []string{"1:"}},
		{"title = \"é\" \"y\"\n", []string{"1:12 "}}, // after the value, in characters
		{"title = \"x\"\ntitle = \"y\"\n", []string{"2:1 already defined"}},
	} {
		dl := parseErr(t, tc.src)
		if strings.HasSuffix(tc.want[0], ":") {
			// Only the line is pinned.
			if len(dl) != 1 || !strings.Contains(dl[0].Error(), "config.toml:"+strings.TrimSuffix(tc.want[0], ":")) {
				t.Errorf("%q: %v, want one diagnostic at config.toml:%s", tc.src, dl, tc.want[0])
			}
			continue
		}
		wantErrs(t, tc.src, dl, tc.want...)
	}

	for _, s := range []string{"24h", "36h30m", "90m", "0s"} {
		c, err := config.Parse("config.toml", []byte("reviewWithin = \""+s+"\"\n"))
		d, _ := time.ParseDuration(s)
		if err != nil || c.ReviewWithin != d {
			t.Errorf("reviewWithin %q: %v, %v", s, c, err)
		}
	}
	for _, tz := range []string{"UTC", "Pacific/Auckland", "America/New_York"} {
		c, err := config.Parse("config.toml", []byte("timezone = \""+tz+"\"\n"))
		if err != nil || c.Location.String() != tz || c.Timezone != tz {
			t.Errorf("timezone %q: %v, %v", tz, c, err)
		}
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	if c, err := config.LoadDir(dir); err != nil || c.Title != "Meeting journal" {
		t.Errorf("LoadDir of an empty folder: %v, %v", c, err)
	}
	if _, err := config.LoadDir(dir + "/missing"); err != nil {
		t.Errorf("LoadDir of a missing folder: %v (a site without config.toml has the defaults)", err)
	}
}

// TestDangerousPublishDir: a publishDir that is the site root, a folder
// above it, the content folder or a folder in or around it is an error that
// names its line: a build replaces its output folder's files.
func TestDangerousPublishDir(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"title = \"x\"\npublishDir = \".\"\n", "2:1 publishDir \".\" is the site root"},
		{"publishDir = \"./\"\n", "1:1 publishDir \"./\" is the site root"},
		{"publishDir = \"public/..\"\n", "1:1 is the site root"},
		{"publishDir = \"..\"\n", "1:1 publishDir \"..\" is a folder above the site"},
		{"publishDir = \"../..\"\n", "1:1 is a folder above the site"},
		{"publishDir = \"content\"\n", "1:1 publishDir \"content\" is the content folder"},
		{"publishDir = \"content/public\"\n", "1:1 is inside the content folder"},
		{"contentDir = \"notes/content\"\npublishDir = \"notes\"\n", "2:1 contains the content folder"},
		{"contentDir = \"../notes\"\npublishDir = \"../notes/www\"\n", "2:1 is inside the content folder"},
		{"contentDir = \".\"\n", "1:1 publishDir \"public\" is inside the content folder"},
	} {
		wantErrs(t, tc.src, parseErr(t, tc.src), tc.want)
	}
	for _, ok := range []string{"public", "../www", "site/public", "contents", "/srv/www/journal"} {
		if _, err := config.Parse("config.toml", []byte("publishDir = \""+ok+"\"\n")); err != nil {
			t.Errorf("publishDir %q: %v", ok, err)
		}
	}
}

// TestAbsolutePublishDir: an absolute publishDir is that folder, not a
// folder of that name under the site root.
func TestAbsolutePublishDir(t *testing.T) {
	c, err := config.Parse("config.toml", []byte("publishDir = \"/srv/www/journal/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.PublishPath("/site"); got != "/srv/www/journal" {
		t.Errorf("PublishPath = %s, want /srv/www/journal", got)
	}
}
