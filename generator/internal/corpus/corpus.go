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
// About one 1:1 in twenty raises talking points ("- [?] …", some for a
// person they mention, some scheduled in one of the three syntaxes); the
// pair's next meeting carries them under "Open from earlier", mostly ticked
// "[x]" or dropped "[-]", some still open. One note in TopicsPer is a topic
// page under content/topics/ (people, and open, closed or to revisit), so
// that a journal of n notes has n-Topics(n) meetings.
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

// note is one meeting's note. carried are the talking points of earlier
// meetings of the series as this note lists them (under "Open from
// earlier"), added the new ones (under "Next time"); neither comes from g, so
// that the rest of the note is the same with or without them.
func (g *gen) note(d time.Time, attendees []string, series string, carried, added []string) string {
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
	lines = append(lines, "+++", "")
	if len(carried) > 0 {
		lines = append(lines, "## Open from earlier", "")
		lines = append(lines, carried...)
		lines = append(lines, "")
	}
	lines = append(lines, "## Agenda", "")
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
	lines = append(lines, "")
	if len(added) > 0 {
		lines = append(lines, "## Next time", "")
		lines = append(lines, added...)
		lines = append(lines, "")
	}
	lines = append(lines, "## Reflection", "", g.sentence(attendees), "")
	return strings.Join(lines, "\n")
}

// Talking points and topics. They come from a random source of their own,
// so that the meetings are otherwise what they were before there were any.
var (
	pointTexts = []string{"How is %s going?", "Feedback on %s", "Is %s still the priority?",
		"Whether to hand over %s", "What blocks %s?", "Who else should see %s?"}
	pointPeople = []string{"Ask @%s about %s", "Thank @%s for %s", "Pair @%s with someone on %s"}
	topicTitles = []string{"On-call rotation", "Promotion case", "Team offsite", "Hiring plan",
		"Moving the build pipeline", "Conference budget", "Search team reorg", "Parental leave cover",
		"Career ladder", "Quarterly planning"}
)

// TopicsPer is how many notes there are per topic page: a journal of notes
// notes has notes/TopicsPer topics (none under TopicsPer notes) and
// notes-Topics(notes) meetings.
const TopicsPer = 500

// Topics is how many of a journal's notes notes are topic pages.
func Topics(notes int) int { return notes / TopicsPer }

// point is a talking point still open in a 1:1 series, to carry into its
// next meeting.
type point struct {
	line  string    // the item after its checkbox
	sched string    // its scheduled day, YYYY-MM-DD, or ""
	since time.Time // the meeting that lists it last
}

// points returns the lines of a 1:1 meeting on day d with the pair's open
// points: open are carried into it (ticked "[x]" when discussed, "[-]" when
// dropped, "[?]" again when not reached) once their scheduled day has come,
// and about one meeting in twenty adds new ones, some scheduled, some for a
// person they mention. It returns the points still open after the meeting.
func (g *gen) points(d time.Time, pair, people []string, open []point) (carried, added []string, still []point) {
	for _, p := range open {
		if !d.After(p.since) || p.sched > date(d) {
			still = append(still, p) // not yet: a scheduled point stays hidden until its day
			continue
		}
		switch x := g.random(); {
		case x < 0.1: // forgotten: it stays open
		case x < 0.6:
			carried = append(carried, "- [x] "+p.line)
		case x < 0.75:
			carried = append(carried, "- [-] "+p.line)
		default:
			carried = append(carried, "- [?] "+p.line)
			p.since = d
			still = append(still, p)
		}
	}
	if g.random() >= 0.05 {
		return carried, nil, still
	}
	for range g.randint(1, 2) {
		var line string
		if g.random() < 0.25 {
			other := g.choice(people)
			for slices.Contains(pair, other) {
				other = g.choice(people)
			}
			line = fmt.Sprintf(g.choice(pointPeople), other, g.choice(objects))
		} else {
			line = fmt.Sprintf(g.choice(pointTexts), g.choice(objects))
			if g.random() < 0.2 {
				line = "@" + pair[1] + ": " + line
			}
		}
		if slices.ContainsFunc(still, func(p point) bool { return p.line == line }) {
			continue
		}
		p := point{line: line, since: d}
		if g.random() < 0.25 {
			p.sched = date(d.Add(time.Duration(g.randint(10, 120)) * day))
			switch x := g.random(); {
			case x < 0.6:
				p.line += " ⏳ " + p.sched
			case x < 0.8:
				p.line += " [scheduled:: " + p.sched + "]"
			default:
				p.line += " t:" + p.sched
			}
		}
		if g.random() < 0.15 {
			p.line += " #" + g.choice(tags)
		}
		added = append(added, "- [?] "+p.line)
		still = append(still, p)
	}
	return carried, added, still
}

// topic is topic page k: a page with people (a manager and some of their
// reports, now and then by full name), a few paragraphs, perhaps an action
// and a talking point; by k%4 open, to revisit on a day between June 2026
// and February 2027, closed = true, or closed on a day of 2026.
func (g *gen) topic(k int, managers []string, reportsOf map[string][]string) (string, string) {
	title := topicTitles[k%len(topicTitles)]
	if k >= len(topicTitles) {
		title += fmt.Sprintf(" (%d)", k/len(topicTitles)+1)
	}
	slug := strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(strings.ToLower(title))
	m := managers[k%len(managers)]
	who := []string{m}
	reps := reportsOf[m]
	who = append(who, g.sample(reps, min(len(reps), g.randint(1, 2)))...)
	names := make([]string, len(who))
	for i, p := range who {
		names[i] = `"` + p + `"`
		if g.random() < 0.2 {
			names[i] = `"` + capitalize(p) + ` Example"`
		}
	}
	lines := []string{
		"+++",
		fmt.Sprintf("title = %q", title),
		"people = [" + strings.Join(names, ", ") + "]",
		fmt.Sprintf("tags = [%q]", g.choice(tags)),
	}
	switch k % 4 {
	case 1:
		lines = append(lines, "revisit = "+date(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.randint(0, 270))*day)))
	case 2:
		lines = append(lines, "closed = true")
	case 3:
		lines = append(lines, "closed = "+date(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.randint(0, 180))*day)))
	}
	lines = append(lines, "+++", "", "## Context", "")
	for range g.randint(1, 3) {
		ss := make([]string, g.randint(2, 4))
		for i := range ss {
			ss[i] = g.sentence(who)
		}
		lines = append(lines, strings.Join(ss, " "), "")
	}
	if g.random() < 0.5 {
		lines = append(lines, fmt.Sprintf("- [ ] @%s %s %s 📅 %s", g.choice(who), g.choice(verbs), g.choice(objects),
			date(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.randint(0, 120))*day))))
	}
	if g.random() < 0.4 {
		lines = append(lines, "- [?] "+fmt.Sprintf(g.choice(pointTexts), g.choice(objects)))
	}
	lines = append(lines, "")
	return path.Join("content", "topics", slug+".md"), strings.Join(lines, "\n")
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

	pg := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x7a1c_0b1e))}
	open := map[string][]point{}
	topics := Topics(notes)
	start := time.Date(2020, 1, 6, 0, 0, 0, 0, time.UTC)
	spread := max(1, notes/2000+1)
	for i := range notes - topics {
		d := start.Add(time.Duration((i*3)/spread%2400) * day)
		var attendees []string
		var series string
		var carried, added []string
		if g.random() < 0.75 {
			p := pairs[i%len(pairs)]
			attendees, series = []string{p.manager, p.report}, p.manager+"-"+p.report
			carried, added, open[series] = pg.points(d, attendees, people, open[series])
		} else {
			t := g.randrange(len(teams))
			attendees, series = teams[t], fmt.Sprintf("team-%d", t)
		}
		name := path.Join("content", fmt.Sprint(d.Year()), fmt.Sprintf("%s-%s-%d.md", date(d), series, i))
		if err := emit(name, []byte(g.note(d, attendees, series, carried, added))); err != nil {
			return err
		}
	}
	reportsOf := map[string][]string{}
	for _, p := range pairs {
		reportsOf[p.manager] = append(reportsOf[p.manager], p.report)
	}
	for k := range topics {
		name, text := pg.topic(k, managers, reportsOf)
		if err := emit(name, []byte(text)); err != nil {
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
