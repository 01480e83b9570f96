// Package corpus writes a synthetic, deterministic meeting journal for
// benchmarks and scale tests.
//
// It is a Go port of the project's gencorpus.py: a config.toml with people,
// and content/YYYY/*.md notes with TOML front matter, recurring 1:1s (the
// default series of a pair) and team meetings with an explicit series,
// @mentions, task-list action items in the three common syntaxes (Obsidian
// Tasks emoji, todo.txt due:, Dataview inline fields), callouts, code blocks,
// tables and tags. About 20% of the meetings are unreviewed. A note is about
// 2 KB, so 10,000 notes are about 20 MB.
//
// The same arguments give the same bytes (for one Go release: the generator
// is math/rand/v2's PCG). The output is not byte-identical to the Python
// script's.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
	"time"
)

// People is how many people config.toml defines.
const People = 120

var (
	first = []string{"ana", "ben", "chen", "dara", "eli", "fatima", "gus", "hana", "ivan", "jo", "kofi",
		"lena", "mateo", "nia", "omar", "priya", "quinn", "rosa", "sam", "tariq", "uma",
		"viktor", "wei", "ximena", "yusuf", "zoe"}
	tags = []string{"career", "feedback", "planning", "hiring", "oncall", "roadmap", "growth", "retro",
		"budget", "incident", "design-review", "okr", "wellbeing", "promotion", "mentoring",
		"security", "migration", "customer", "q1", "q2", "q3", "q4", "process", "tooling"}
	verbs = []string{"Draft", "Review", "Share", "Book", "Follow up on", "Write up", "Schedule", "Prepare",
		"Send", "Update", "Ask about", "Summarise", "Decide on", "Check in on", "Collect"}
	objects = []string{"the promotion packet", "Q3 roadmap", "hiring loop feedback", "the incident review",
		"oncall handover notes", "the migration plan", "team offsite agenda", "budget request",
		"design doc for search", "customer escalation", "growth goals", "OKR scorecard",
		"the 360 feedback", "runbook for deploys", "mentoring plan", "latency dashboard"}
	words = strings.Fields("we talked about priorities and how the week went the main blocker is review latency " +
		"there is some tension in the team around ownership of the build pipeline next sprint " +
		"should focus on reliability rather than features feedback from the last demo was good " +
		"but the scope crept hiring is slow and interviews take too much time energy levels " +
		"are fine but the oncall rotation is tiring we agreed to revisit this in two weeks")
	langs = [][2]string{
		{"go", "func main() {\n\tfmt.Println(\"deploy\", version)\n}"},
		{"sql", "SELECT owner, count(*) FROM action_items\nWHERE done = false GROUP BY owner;"},
		{"bash", "kubectl rollout status deploy/api --timeout=120s\n./scripts/smoke.sh prod"},
	}
)

// gen is the random source with Python's random helpers.
type gen struct{ r *rand.Rand }

func (g *gen) randint(lo, hi int) int   { return lo + g.r.IntN(hi-lo+1) } // inclusive, as Python's
func (g *gen) randrange(n int) int      { return g.r.IntN(n) }
func (g *gen) random() float64          { return g.r.Float64() }
func (g *gen) choice(s []string) string { return s[g.r.IntN(len(s))] }

// sample returns k distinct elements of s.
func (g *gen) sample(s []string, k int) []string {
	idx := g.r.Perm(len(s))[:k]
	out := make([]string, k)
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *gen) sentence(people []string) string {
	n := g.randint(8, 22)
	w := make([]string, n, n+3)
	for i := range w {
		w[i] = g.choice(words)
	}
	insert := func(s string) { w = slices.Insert(w, g.randrange(n), s) }
	if g.random() < 0.3 {
		insert("@" + g.choice(people))
	}
	if g.random() < 0.2 {
		insert("**" + g.choice(words) + "**")
	}
	if g.random() < 0.1 {
		insert("[the doc](https://wiki.example.internal/" + g.choice(words) + ")")
	}
	return capitalize(strings.Join(w, " ")) + "."
}

const day = 24 * time.Hour

func date(t time.Time) string { return t.Format(time.DateOnly) }

// action is one task-list line. Besides open and done items as in the Python
// script, a few are in progress or cancelled, and some carry a priority.
func (g *gen) action(people []string, d time.Time) string {
	who := g.choice(people)
	text := g.choice(verbs) + " " + g.choice(objects)
	due := date(d.Add(time.Duration(g.randint(2, 21)) * day))
	box := " "
	done := g.random() < 0.55
	if done {
		box = "x"
	} else if x := g.random(); x < 0.08 {
		box = "/"
	} else if x < 0.12 {
		box = "-"
	}
	var b strings.Builder
	switch style := g.random(); {
	case style < 0.5:
		fmt.Fprintf(&b, "- [%s] @%s %s 📅 %s", box, who, text, due)
		if done {
			fmt.Fprintf(&b, " ✅ %s", date(d.Add(time.Duration(g.randint(1, 10))*day)))
		}
		if g.random() < 0.1 {
			b.WriteString(" ⏫")
		}
	case style < 0.8:
		fmt.Fprintf(&b, "- [%s] @%s %s due:%s", box, who, text, due)
	default:
		fmt.Fprintf(&b, "- [%s] %s [owner:: @%s] [due:: %s]", box, text, who, due)
		if g.random() < 0.1 {
			b.WriteString(" [priority:: high]")
		}
	}
	if g.random() < 0.3 {
		b.WriteString(" #" + g.choice(tags))
	}
	return b.String()
}

func (g *gen) note(d time.Time, attendees []string, series string) string {
	var title string
	if len(attendees) == 2 {
		names := make([]string, len(attendees))
		for i, a := range attendees {
			names[i] = capitalize(a)
		}
		title = strings.Join(names, " / ") + " 1:1"
	} else {
		title = capitalize(strings.ReplaceAll(series, "-", " ")) + " sync"
	}
	hour := g.randint(8, 17)
	tg := g.sample(tags, g.randint(0, 3))
	slices.Sort(tg)
	quote := func(s []string) string {
		q := make([]string, len(s))
		for i, x := range s {
			q[i] = `"` + x + `"`
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	lines := []string{
		"+++",
		fmt.Sprintf("title = %q", title),
		fmt.Sprintf("date = %sT%02d:00:00Z", date(d), hour),
		"attendees = " + quote(attendees),
		"tags = " + quote(tg),
		fmt.Sprintf("series = %q", series),
	}
	if g.random() < 0.8 {
		lines = append(lines, "reviewed = "+date(d.Add(time.Duration(g.randint(0, 3))*day)))
	}
	lines = append(lines, "+++", "", "## Agenda", "")
	for range g.randint(2, 4) {
		lines = append(lines, "- "+g.sentence(attendees))
	}
	lines = append(lines, "", "## Notes", "")
	for range g.randint(2, 5) {
		ss := make([]string, g.randint(2, 5))
		for i := range ss {
			ss[i] = g.sentence(attendees)
		}
		lines = append(lines, strings.Join(ss, " "), "")
	}
	if g.random() < 0.25 {
		lines = append(lines, "> [!gem]", "> "+g.sentence(attendees), "")
	}
	if g.random() < 0.15 {
		lines = append(lines, "> [!question]", "> "+g.sentence(attendees), "")
	}
	if g.random() < 0.1 {
		l := langs[g.randrange(len(langs))]
		lines = append(lines, "```"+l[0], l[1], "```", "")
	}
	if g.random() < 0.08 {
		lines = append(lines, "| metric | last week | this week |", "|---|---:|---:|",
			fmt.Sprintf("| deploys | %d | %d |", g.randint(1, 40), g.randint(1, 40)),
			fmt.Sprintf("| pages | %d | %d |", g.randint(0, 9), g.randint(0, 9)), "")
	}
	lines = append(lines, "## Action items", "")
	for range g.randint(1, 6) {
		lines = append(lines, g.action(attendees, d))
	}
	lines = append(lines, "", "## Reflection", "", g.sentence(attendees), "")
	return strings.Join(lines, "\n")
}

// generate calls emit with each file of the site, config.toml first, then
// the notes in order. Paths are slash-separated from the site root.
func generate(notes int, seed int64, emit func(name string, data []byte) error) error {
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x5eed_c0ffee))}
	people := make([]string, People)
	for i := range people {
		people[i] = first[i%len(first)]
		if i >= len(first) {
			people[i] += fmt.Sprint(i / len(first))
		}
	}
	managers := people[:max(1, People/8)]
	reports := people[len(managers):]
	type pair struct{ manager, report string }
	pairs := make([]pair, len(reports))
	for i, rep := range reports {
		pairs[i] = pair{managers[i%len(managers)], rep}
	}
	teams := make([][]string, max(1, People/10))
	for i := range teams {
		t := g.sample(people, g.randint(3, 8))
		slices.Sort(t)
		teams[i] = slices.Compact(t)
	}

	var cfg strings.Builder
	cfg.WriteString("title = \"Synthetic journal\"\ntimezone = \"UTC\"\n\n")
	for _, p := range people {
		fmt.Fprintf(&cfg, "[people.%s]\nname = \"%s Example\"\n\n", p, capitalize(p))
	}
	if err := emit("config.toml", []byte(cfg.String())); err != nil {
		return err
	}

	start := time.Date(2020, 1, 6, 0, 0, 0, 0, time.UTC)
	spread := max(1, notes/2000+1)
	for i := range notes {
		d := start.Add(time.Duration((i*3)/spread%2400) * day)
		var attendees []string
		var series string
		if g.random() < 0.75 {
			p := pairs[i%len(pairs)]
			attendees, series = []string{p.manager, p.report}, p.manager+"-"+p.report
		} else {
			t := g.randrange(len(teams))
			attendees, series = teams[t], fmt.Sprintf("team-%d", t)
		}
		name := path.Join("content", fmt.Sprint(d.Year()), fmt.Sprintf("%s-%s-%d.md", date(d), series, i))
		if err := emit(name, []byte(g.note(d, attendees, series))); err != nil {
			return err
		}
	}
	return nil
}

// WriteFS returns the site of notes notes, rooted at ".": config.toml and
// content/YYYY/*.md.
func WriteFS(notes int, seed int64) fstest.MapFS {
	fsys := fstest.MapFS{}
	_ = generate(notes, seed, func(name string, data []byte) error {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	return fsys
}

// Write writes the site of notes notes into dir, creating it: the same files
// as WriteFS.
func Write(dir string, notes int, seed int64) error {
	made := map[string]bool{}
	return generate(notes, seed, func(name string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		return os.WriteFile(p, data, 0o644)
	})
}
