package feeds

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/journal"
)

// strictDate parses an RFC 5545 DATE (YYYYMMDD) and reports whether it is a
// real day of the years 0001 to 9999.
func strictDate(v string) (time.Time, bool) {
	if len(v) != 8 || strings.Trim(v, "0123456789") != "" || v[:4] == "0000" {
		return time.Time{}, false
	}
	d, err := time.Parse("20060102", v)
	return d, err == nil
}

// strictStamp parses an RFC 5545 UTC DATE-TIME (YYYYMMDDTHHMMSSZ) the same
// way.
func strictStamp(v string) bool {
	if len(v) != 16 || v[8] != 'T' || v[15] != 'Z' {
		return false
	}
	if _, ok := strictDate(v[:8]); !ok {
		return false
	}
	_, err := time.Parse("20060102T150405Z", v)
	return err == nil
}

// checkDates checks every date of a calendar feed: DTSTAMP, DTSTART and DTEND
// are real dates of the years 0001 to 9999, and an event lasts one day, by a
// DTEND after its DTSTART or by DURATION:P1D, never both. It returns the
// events' DTSTART values.
func checkDates(t *testing.T, name string, data []byte) []string {
	t.Helper()
	var starts []string
	for _, ev := range parseICS(t, data).children {
		if !strictStamp(ev.one(t, "DTSTAMP").value) {
			t.Errorf("%s: DTSTAMP:%s is not a UTC date and time of the years 0001-9999", name, ev.one(t, "DTSTAMP").value)
		}
		start := ev.one(t, "DTSTART")
		s, ok := strictDate(start.value)
		if start.params["VALUE"] != "DATE" || !ok {
			t.Errorf("%s: DTSTART;VALUE=%s:%s is not a DATE of the years 0001-9999", name, start.params["VALUE"], start.value)
		}
		starts = append(starts, start.value)
		ends, durs := ev.get("DTEND"), ev.get("DURATION")
		switch {
		case len(ends) == 1 && len(durs) == 0:
			e, ok := strictDate(ends[0].value)
			if ends[0].params["VALUE"] != "DATE" || !ok {
				t.Errorf("%s: DTEND;VALUE=%s:%s is not a DATE of the years 0001-9999", name, ends[0].params["VALUE"], ends[0].value)
			} else if !e.Equal(s.AddDate(0, 0, 1)) {
				t.Errorf("%s: DTEND:%s is not the day after DTSTART:%s", name, ends[0].value, start.value)
			}
		case len(ends) == 0 && len(durs) == 1:
			if durs[0].value != "P1D" {
				t.Errorf("%s: DURATION:%s, want P1D", name, durs[0].value)
			}
		default:
			t.Errorf("%s: the event on %s has %d DTEND and %d DURATION; want one of them", name, start.value, len(ends), len(durs))
		}
	}
	return starts
}

// edgeSite is a journal with an open action due on each date of dues, and
// meetings at the ends of the calendar.
func edgeSite(dues []string) map[string]string {
	var b strings.Builder
	b.WriteString("+++\nattendees = [\"dev\", \"sam\"]\n+++\n")
	for i, d := range dues {
		b.WriteString("- [ ] @dev Item " + strconv.Itoa(i) + " due " + d + " 📅 " + d + "\n")
	}
	return map[string]string{
		"config.toml":                   testConfig,
		"content/2026-11-10-dev-sam.md": b.String(),
		// The first day of year 1 in Berlin is still year 0 in UTC, and the
		// last minutes of year 9999 in New York are year 10000 in UTC and in
		// Berlin.
		"content/first.md": "+++\ndate = 0001-01-01\nattendees = [\"dev\"]\n+++\n- [ ] @dev From the first day 📅 2026-12-01\n",
		"content/last.md":  "+++\ndate = 9999-12-31T23:30:00-05:00\nattendees = [\"dev\"]\n+++\n- [ ] @dev From the last day 📅 2026-12-02\n",
	}
}

// edgeDues are due dates at the edges: the ends of the years recap reads,
// leap days and the turns of years and months.
var edgeDues = []string{
	"0000-01-01", "0000-12-31", "0001-01-01", "0004-02-29", "1582-10-10",
	"1969-12-31", "1970-01-01", "2024-02-29", "2026-12-31", "9998-12-31",
	"9999-01-01", "9999-02-28", "9999-12-30", "9999-12-31",
}

// TestCalendarEdgeDates checks that every date of every calendar feed is a
// valid RFC 5545 date, whatever the due dates and meeting dates: a due date
// of 9999-12-31 lasts one day by DURATION (the day after it has no date), and
// an action due in the year 0000, which RFC 5545 has no date for, is left out
// of the calendars.
func TestCalendarEdgeDates(t *testing.T) {
	j := load(t, edgeSite(edgeDues))
	out := files(t, j)
	for _, p := range []string{"actions.ics", "people/dev/actions.ics"} {
		starts := checkDates(t, p, out[p])
		for _, d := range edgeDues {
			want := !strings.HasPrefix(d, "0000-")
			if got := slices.Contains(starts, strings.ReplaceAll(d, "-", "")); got != want {
				t.Errorf("%s: an action due %s is in the feed: %v, want %v", p, d, got, want)
			}
		}
	}
	for _, d := range []string{"0000-01-01", "0000-12-31"} {
		if a := action(t, j, "due "+d); !a.IsOpen() || a.Due != d {
			t.Fatalf("the action due %s is not open with that due date: %s %q", d, a.Status, a.Due)
		}
	}
	// The person's feed is listed when only a year-0000 action would be in it.
	only := load(t, map[string]string{"config.toml": testConfig, "content/2026-11-10-a.md": "- [ ] @sam Someday 📅 0000-01-01\n"})
	if p := Paths(only); slices.Contains(p, PersonICS("sam")) {
		t.Errorf("Paths lists sam's calendar, which would be empty: %q", p)
	}
	if _, ok := Calendars(only)[PersonICS("sam")]; ok {
		t.Errorf("Calendars writes sam's calendar with nothing in it")
	}
	// Atom's dates are RFC 3339, four-digit years.
	for _, e := range parseAtom(t, out["meetings.atom"]).Entries {
		if !regexp.MustCompile(`^\d{4}-`).MatchString(e.Updated) {
			t.Errorf("Atom entry updated %q", e.Updated)
		}
	}
}

// TestCalendarParsesInPythonICalendar parses the feeds of edge dates with the
// Python icalendar module, which rejects a feed with an invalid date, when
// python3 and the module are on this machine.
func TestCalendarParsesInPythonICalendar(t *testing.T) {
	// The python3 first on $PATH (a pyenv one, say) may lack the module
	// that the system's has.
	py := ""
	for _, c := range []string{"python3", "/usr/bin/python3"} {
		if p, err := exec.LookPath(c); err == nil && exec.Command(p, "-c", "import icalendar").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Skip("no python3 with the icalendar module")
	}
	out := files(t, load(t, edgeSite(edgeDues)))
	dir := t.TempDir()
	var paths []string
	for _, p := range []string{"actions.ics", "people/dev/actions.ics"} {
		f := filepath.Join(dir, strings.ReplaceAll(p, "/", "_"))
		if err := os.WriteFile(f, out[p], 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, f)
	}
	const script = `
import sys, datetime, icalendar
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
    n = 0
    for c in cal.walk():
        if getattr(c, 'errors', None):
            sys.exit('%s: %s: %s' % (path, c.name, c.errors))
        if c.name != 'VEVENT':
            continue
        n += 1
        start = c.decoded('DTSTART')
        c.decoded('DTSTAMP')
        if 'DTEND' in c:
            end = c.decoded('DTEND')
        else:
            # start + 1 day overflows Python's dates on 9999-12-31.
            if c.decoded('DURATION') != datetime.timedelta(days=1):
                sys.exit('%s: DURATION %s' % (path, c['DURATION'].to_ical()))
            continue
        if not end > start:
            sys.exit('%s: DTEND %s is not after DTSTART %s' % (path, end, start))
    print(path, n)
`
	cmd := exec.Command(py, append([]string{"-c", script}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 icalendar rejects the feeds: %v\n%s", err, stderr.Bytes())
	}
	t.Logf("python3 icalendar read:\n%s", got)
}

// privateSite has actions in every kind of place: public, in a [!private]
// callout, under a privateSections heading, and carried from a private place
// into a public one.
var privateSite = map[string]string{
	"config.toml": testConfig,
	"content/2026-11-10-dev-sam.md": `+++
attendees = ["dev", "sam"]
+++
- [ ] @dev Public thing 📅 2026-12-01

> [!private]
> - [ ] @dev Secret thing 📅 2026-12-02
> - [ ] @kim Only private owner 📅 2026-12-03
> - [ ] @sam Carried out of the callout 📅 2026-12-04

## Reflection

- [ ] @sam Reflective thing 📅 2026-12-05

### Under the reflection

- [ ] @sam Deeper reflective thing 📅 2026-12-06

## Notes

- [ ] @sam Public again 📅 2026-12-07
`,
	"content/2026-11-17-dev-sam.md": `+++
attendees = ["dev", "sam"]
+++
- [ ] @sam Carried out of the callout 📅 2026-12-04
`,
}

// TestPrivateActionsLeavePersonFeeds checks that an action written in a
// private place ([!private] callout or privateSections section) in any of its
// meetings is in no person's calendar, while the journal-wide calendar (the
// journal owner's, marked CLASS:PRIVATE) and actions.json keep it.
func TestPrivateActionsLeavePersonFeeds(t *testing.T) {
	j := load(t, privateSite)
	out := files(t, j)
	private := []string{"Secret thing", "Only private owner", "Carried out of the callout", "Reflective thing", "Deeper reflective thing"}
	public := []string{"Public thing", "Public again"}
	inFeed := func(p, what string) bool {
		for _, ev := range checkCalendar(t, out[p], calName(j, p)) {
			if strings.Contains(text(t, ev, "SUMMARY"), what) {
				return true
			}
		}
		return false
	}
	for _, p := range Paths(j) {
		if !strings.HasPrefix(p, "people/") {
			continue
		}
		for _, s := range private {
			if inFeed(p, s) {
				t.Errorf("%s holds the private action %q", p, s)
			}
		}
	}
	if got, want := Paths(j), []string{"actions.ics", "actions.json", "meetings.atom", "people/dev/actions.ics", "people/sam/actions.ics"}; !slices.Equal(got, want) {
		t.Errorf("Paths = %q, want %q (kim owns only a private action)", got, want)
	}
	if !inFeed("people/dev/actions.ics", "Public thing") || !inFeed("people/sam/actions.ics", "Public again") {
		t.Errorf("a public action is missing from its owner's calendar")
	}
	// The journal-wide calendar is the journal owner's: it keeps every open
	// dated action, the private ones marked CLASS:PRIVATE.
	events := checkCalendar(t, out["actions.ics"], calName(j, "actions.ics"))
	for _, s := range append(private, public...) {
		a := action(t, j, s)
		ev := events[UID(a)]
		if ev == nil {
			t.Errorf("actions.ics lacks %q", s)
			continue
		}
		class := ev.get("CLASS")
		isPrivate := slices.Contains(private, s)
		if isPrivate && (len(class) != 1 || class[0].value != "PRIVATE") {
			t.Errorf("actions.ics: %q has CLASS %v, want PRIVATE", s, class)
		}
		if !isPrivate && len(class) != 0 {
			t.Errorf("actions.ics: the public %q has CLASS %v", s, class)
		}
	}
	for _, s := range append(private, public...) {
		if !bytes.Contains(out["actions.json"], []byte(s)) {
			t.Errorf("actions.json lacks %q", s)
		}
	}
}

// calName is the X-WR-CALNAME of the calendar at path p.
func calName(j *journal.Journal, p string) string {
	name := j.Config.Title + " — open actions"
	for _, person := range j.People {
		if p == PersonICS(person.ID) {
			name += ": " + person.Name
		}
	}
	return name
}
