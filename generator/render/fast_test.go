package render

import (
	"bytes"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/share"
)

// TestFastMeetingMatchesTemplate renders every meeting page of several
// journals with the Go fast path and with layouts/meeting.html, and every
// other page with its rows spliced in and printed by the template, and
// requires the same bytes.
func TestFastMeetingMatchesTemplate(t *testing.T) {
	sites := map[string]fs.FS{
		"sample": os.DirFS("../.."),
		"golden": os.DirFS("../build/testdata/site"),
		"corpus": corpus.WriteFS(300, 7),
	}
	for name, fsys := range sites {
		t.Run(name, func(t *testing.T) {
			cfg, err := config.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			bodies := NewBodyRenderer(Markdown(), journal.NewResolver(cfg), cfg.ContentDir)
			bodies.Share(cfg)
			j, err := journal.Load(fsys, cfg, journal.Options{
				Now:  time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC),
				Note: note.Options{Markdown: bodies.Markdown(), OnAST: bodies.OnAST},
			})
			if err != nil {
				t.Fatal(err)
			}
			fast, err := LoadTheme(nil)
			if err != nil {
				t.Fatal(err)
			}
			slow, _ := LoadTheme(nil)
			slow.noFast = true
			sf, ss := NewSite(j, bodies.Body), NewSite(j, bodies.Body)
			recap := func(m *journal.Meeting) string {
				r, err := share.FromView(j, m, bodies.View(m.Path), "markdown")
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			sf.Recap, ss.Recap = recap, recap
			if len(j.Meetings) == 0 {
				t.Fatal("no meetings")
			}
			for _, m := range j.Meetings {
				a, err := fast.render(nil, sf.MeetingPage(m))
				if err != nil {
					t.Fatal(err)
				}
				b, err := slow.render(nil, ss.MeetingPage(m))
				if err != nil {
					t.Fatal(err)
				}
				samePage(t, m.Source, a, b)
			}
			// The list pages: spliced rows against the templates' own.
			fj, sj := sf.Jobs(), ss.Jobs()
			for i := range fj {
				if fj[i].Kind == "meeting" {
					continue
				}
				a, err := fast.Render(fj[i])
				if err != nil {
					t.Fatal(err)
				}
				b, err := slow.Render(sj[i])
				if err != nil {
					t.Fatal(err)
				}
				samePage(t, fj[i].Path, a, b)
			}
		})
	}
}

// samePage fails the test where fast and tmpl, two renderings of a page,
// first differ.
func samePage(t *testing.T, name string, fast, tmpl []byte) {
	t.Helper()
	if bytes.Equal(fast, tmpl) {
		return
	}
	i := 0
	for i < len(fast) && i < len(tmpl) && fast[i] == tmpl[i] {
		i++
	}
	lo := max(0, i-120)
	t.Fatalf("%s: fast and template pages differ at byte %d:\nfast: %q\ntmpl: %q", name, i,
		string(fast[lo:min(len(fast), i+120)]), string(tmpl[lo:min(len(tmpl), i+120)]))
}

// TestFastRowsMatchTemplates renders every action row, meeting row and
// review row of a journal with the Go fast paths and with the templates, from
// two link roots.
func TestFastRowsMatchTemplates(t *testing.T) {
	for name, fsys := range map[string]fs.FS{"sample": os.DirFS("../.."), "corpus": corpus.WriteFS(200, 3)} {
		t.Run(name, func(t *testing.T) {
			cfg, err := config.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			j, err := journal.Load(fsys, cfg, journal.Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			th, _ := LoadTheme(nil)
			s := NewSite(j, nil)
			for _, root := range []string{"", "../../"} {
				p := &Page{Site: s, Kind: "tag", Root: root, theme: th}
				for _, a := range j.Actions {
					for _, owner := range []bool{true, false} {
						var fast, tmpl bytes.Buffer
						actionRowFast(&fast, p, a, owner)
						if err := th.pages["tag"].ExecuteTemplate(&tmpl, "action-row", ActionRow{p, a, owner}); err != nil {
							t.Fatal(err)
						}
						if fast.String() != tmpl.String() {
							t.Fatalf("action row of %s differs:\nfast: %q\ntmpl: %q", a.Key, fast.String(), tmpl.String())
						}
					}
				}
				ap := &Page{Site: s, Kind: "actions", Root: root, theme: th}
				groups := s.ownerGroups()
				// Groups cut short, with and without an owner, and empty.
				for _, g := range groups[:min(len(groups), 3)] {
					for _, owner := range []*journal.Person{g.Owner, nil} {
						c := *g
						c.Owner, c.OpenMore, c.ClosedMore = owner, 3, 2
						groups = append(groups, &c)
					}
				}
				groups = append(groups, &OwnerGroup{Owner: groups[0].Owner}, &OwnerGroup{})
				for _, g := range groups {
					var fast, tmpl bytes.Buffer
					if err := ownerGroupFast(&fast, ap, g); err != nil {
						t.Fatal(err)
					}
					if err := th.pages["actions"].ExecuteTemplate(&tmpl, "owner-group", GroupArg{ap, g}); err != nil {
						t.Fatal(err)
					}
					if fast.String() != tmpl.String() {
						t.Fatalf("owner group %s differs:\nfast: %q\ntmpl: %q", g.GroupID(), fast.String(), tmpl.String())
					}
				}
				rp := &Page{Site: s, Kind: "review", Root: root, theme: th}
				for _, m := range j.Meetings {
					var fast, tmpl bytes.Buffer
					reviewRowFast(&fast, rp, m)
					if err := th.pages["review"].ExecuteTemplate(&tmpl, "review-row", MeetingRow{rp, m}); err != nil {
						t.Fatal(err)
					}
					if fast.String() != tmpl.String() {
						t.Fatalf("review row of %s differs:\nfast: %q\ntmpl: %q", m.Source, fast.String(), tmpl.String())
					}
				}
				for _, m := range j.Meetings {
					var fast, tmpl bytes.Buffer
					meetingRowFast(&fast, p, m)
					if err := th.pages["tag"].ExecuteTemplate(&tmpl, "meeting-row", MeetingRow{p, m}); err != nil {
						t.Fatal(err)
					}
					if fast.String() != tmpl.String() {
						t.Fatalf("meeting row of %s differs:\nfast: %q\ntmpl: %q", m.Source, fast.String(), tmpl.String())
					}
				}
			}
		})
	}
}
