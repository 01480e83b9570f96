package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/recapjournal/recap/generator/check"
	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/edit"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/query"
	"github.com/recapjournal/recap/generator/share"
	"github.com/recapjournal/recap/generator/source"
)

// wfOpts are the flags of the workflow commands (new, review, done, check,
// share), kept in opts.extra so main.go's opts stays small.
type wfOpts struct {
	with, series, attendees string
	title, date, tags       string
	format                  string
	open, list              bool
}

func wf(o *opts) *wfOpts {
	if w, ok := o.extra["workflow"].(*wfOpts); ok {
		return w
	}
	w := &wfOpts{}
	o.extra["workflow"] = w
	return w
}

// runEditor opens a file in the user's editor; tests replace it.
var runEditor = func(editor, path string) error {
	f := strings.Fields(editor)
	cmd := exec.Command(f[0], append(f[1:], path)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd.Run()
}

func init() {
	register(&command{
		name: "new", short: "create the next meeting note and print its path", warnOnly: true,
		long: `New creates the next meeting note and prints its path, so that
"$EDITOR $(recap new --with dev)" works.

--with PERSON (an id, alias, full name; see recap agenda) continues the
series of that person's agenda: your 1:1 with them (config.toml's me), named
or not, else their most recent series. The note gets the series' name when
it has one, the attendees and tags of its latest meeting, the title its
meetings use most often, and the latest meeting's file name with the new date
in it (else YYYY/YYYY-MM-DD-SERIES.md). With no series yet it starts a 1:1 of
you and that person. --series NAME continues that series the same way.

The body starts with what to follow up, under "Open from earlier": the
series' open action items, each line as it was last written (status, owner,
due date and syntax kept), then the talking points of the agenda as
"- [?] ..." lines; tick them there. The agenda's topics are linked under
"Agenda". Items last written in a private place ([!private] callout or a
privateSections heading) go into a [!private] callout, so recap share keeps
them private.

content/_templates/meeting.md, when it exists, is the template: a Go
text/template that sees .Title, .Date, .Attendees, .Tags, .Series, .Carried,
.TalkingPoints and .Topics. It may start with TOML or YAML front matter, as a
Hugo archetype does: recap sets title, date, attendees, tags and series in
it and keeps every other key and comment as written.

--title, --tags and --attendees override or add to what the series gives.
recap new never overwrites a file: when the path exists it stops; pass
--title to name the meeting differently. A note that does not parse is
reported and left out; the new note is written from the others.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			w := wf(o)
			fs.StringVar(&w.with, "with", "", "continue the series with this `PERSON` (id, alias or name): your 1:1")
			fs.StringVar(&w.series, "series", "", "the meeting's series `NAME`")
			fs.StringVar(&w.attendees, "attendees", "", "comma-separated `PEOPLE` (ids, aliases or names)")
			fs.StringVar(&w.title, "title", "", "the meeting's `TITLE`")
			fs.StringVar(&w.date, "date", "", "when the meeting is: `WHEN` as YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" or RFC 3339 (default: now)")
			fs.StringVar(&w.tags, "tags", "", "comma-separated `TAGS`")
			fs.BoolVar(&w.open, "open", false, "open the note in $VISUAL or $EDITOR")
		},
		run: runNew,
	})
	register(&command{
		name: "review", args: "FILE...", short: "mark meetings reviewed, or list the review queue",
		long: `Review marks meeting notes reviewed today (in the site's time zone; --now
fixes the day): it writes reviewed = YYYY-MM-DD into TOML front matter and
reviewed: YYYY-MM-DD into YAML, replacing a reviewed line or adding one line.
Only that line changes: comments, key order, quoting, CRLF line endings and a
byte-order mark are kept byte for byte. A note without front matter gets a
TOML block with just that key. A note already reviewed is not written.

The write is atomic (a temporary file in the note's folder, fsync, rename,
permissions kept). Review refuses, changing nothing, when the note changed on
disk after recap read it or when its front matter does not parse. FILE is a
path from the current folder or from the site root.

With --list it prints the review queue instead: unreviewed meetings, oldest
first, with the time their review is due and OVERDUE past it.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			fs.BoolVar(&wf(o).list, "list", false, "list the meetings waiting for review")
			fs.BoolVar(&o.jsonOut, "json", false, "with --list, print JSON as recap meetings --json does")
		},
		run: runReview,
	})
	register(&command{
		name: "done", args: "FILE:LINE|ID...", short: "tick an action item",
		long: `Done ticks action items in place: the checkbox becomes [x] and a done date
(today in the site's time zone; --now fixes the day) is added in the item's
own syntax: ✅ YYYY-MM-DD (Obsidian Tasks, and items without dates),
done:YYYY-MM-DD (todo.txt) or [completion:: YYYY-MM-DD] (Dataview).

Name an item as FILE:LINE (the line of its checkbox, as recap actions and
recap check print it; FILE:LINE:COL works too) or by its id (🆔 X or
[id:: X]), which ticks the action's latest occurrence. An item already done is
left alone; a cancelled one is refused. The write is as safe as recap
review's: atomic, and refused when the note changed after recap read it.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
		},
		run: runDone,
	})
	register(&command{
		name: "check", short: "lint the journal; exit non-zero on errors",
		long: `Check reads every note, drafts included, and reports problems as
path:line:col: message [code], or as a JSON array with --json (path, line,
col, severity, code, message). It exits 1 when there are errors.

Errors: parse (a note that cannot be read), bad-date (an impossible date in
an action item), duplicate-id (an action id used twice in a note, or by two
different actions), url-collision (two notes on one page).

Warnings: unknown-key (a front-matter key recap does not know), bad-priority,
unknown-person (a mention, attendee or owner missing from config.toml's
people, when it defines any), unowned and no-due (open actions without an
owner or a due date). List warning codes under [check] errors = [...] in
config.toml to make them errors.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			fs.StringVar(&o.site, "s", ".", "the site root: the `DIR` holding config.toml and content/")
			fs.BoolVar(&o.jsonOut, "json", false, "print JSON for scripts")
		},
		run: runCheck,
	})
	register(&command{
		name: "share", args: "FILE", short: "print a shareable recap of one meeting",
		long: `Share prints a recap of one meeting for an email or a chat: its title, date,
attendees, summary, decisions ([!decision] callouts) and action items per
person with status and due date. It is Markdown, or plain text with
--format text.

Nothing private is shared: [!private] callouts are left out, and so are the
sections whose heading is listed in config.toml's privateSections (default
"Reflection" and "Private"), with everything under them.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			fs.StringVar(&wf(o).format, "format", "markdown", "`FORMAT` of the recap: markdown or text")
		},
		run: runShare,
	})
}

// nowString is --now, else $RECAP_NOW.
func (e *env) nowString(o *opts) string {
	if o.now != "" {
		return o.now
	}
	return e.getenv("RECAP_NOW")
}

// siteNow is now in the site's time zone; dateOnly when --now is a bare date,
// which then is that day in the site's time zone.
func (e *env) siteNow(o *opts, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	if s := e.nowString(o); s != "" {
		if d, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
			return d, true, nil
		}
	}
	now, err := e.nowTime(o, loc)
	if err != nil {
		return time.Time{}, false, err
	}
	return now.In(loc), false, nil
}

// today is the day of --now or the clock in the site's time zone.
func (e *env) today(o *opts, loc *time.Location) (string, error) {
	t, _, err := e.siteNow(o, loc)
	if err != nil {
		return "", err
	}
	return t.Format(time.DateOnly), nil
}

// parseWhen reads --date.
func parseWhen(s string, loc *time.Location) (time.Time, bool, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, true, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), false, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, false, nil
		}
	}
	return time.Time{}, false, usagef("--date %q: want YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" or an RFC 3339 time", s)
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func runNew(e *env, o *opts, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	w := wf(o)
	j, err := e.load(o)
	if err != nil {
		return err
	}
	cfg := j.Config
	if strings.TrimSpace(w.with) != "" {
		// A name that fits nobody is a mistake in the arguments, as in
		// recap agenda: exit status 2, with the close matches.
		if _, err := j.Find(w.with); err != nil {
			return usageError{fmt.Errorf("--with %w", err)}
		}
	}
	no := edit.NewOptions{With: w.with, Series: w.series, Attendees: splitList(w.attendees), Title: w.title, Tags: splitList(w.tags)}
	private := map[string]map[int]bool{} // by note source
	no.Private = func(oc *journal.Occurrence) bool {
		src := oc.Meeting.Source
		lines, ok := private[src]
		if !ok {
			data, err := readNoteFile(filepath.Join(o.site, filepath.FromSlash(src)))
			if err == nil {
				lines, err = share.PrivateLines(cfg, src, data)
			}
			if err != nil {
				lines = nil // unreadable now: keep its items private, to be safe
			}
			private[src] = lines
		}
		return lines == nil || lines[oc.Line]
	}
	if w.date != "" {
		no.Date, no.DateOnly, err = parseWhen(w.date, cfg.Location)
	} else {
		no.Date, no.DateOnly, err = e.siteNow(o, cfg.Location)
		no.Date = no.Date.Truncate(time.Minute)
	}
	if err != nil {
		return err
	}
	m, err := edit.PlanMeeting(j, no)
	if err != nil {
		return err
	}
	contentPath := cfg.ContentPath(o.site)
	tmplPath := filepath.Join(contentPath, filepath.FromSlash(edit.TemplatePath))
	tmpl, err := os.ReadFile(tmplPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	data, err := m.Render(string(tmpl))
	if err != nil {
		return fmt.Errorf("%s: %w", tmplPath, err)
	}
	source := filepath.ToSlash(filepath.Join(cfg.ContentDir, m.Rel))
	if _, diags := note.Parse(source, data, note.Options{Location: cfg.Location}); len(diags.Errors()) > 0 {
		return fmt.Errorf("the new note would not parse (check %s): %w", tmplPath, diags.Errors())
	}
	full := filepath.Join(contentPath, filepath.FromSlash(m.Rel))
	if _, err := os.Lstat(full); err == nil {
		return fmt.Errorf("%s already exists and recap new never overwrites a note; pass --title to name this meeting differently", full)
	}
	url := journal.PageURL(m.Rel)
	for _, other := range slices.Concat(j.Meetings, j.Pages) {
		if other.URL == url {
			return fmt.Errorf("a new note %s would share the page %s with %s; pass --title to name the meeting differently", source, url, other.Source)
		}
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if err := edit.CreateNew(full, data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists and recap new never overwrites a note; pass --title to name this meeting differently", full)
		}
		return err
	}
	fmt.Fprintln(e.stdout, full)
	for _, s := range m.Notices {
		fmt.Fprintf(e.stderr, "recap new: %s\n", s)
	}
	if s := newReport(m); s != "" {
		fmt.Fprintf(e.stderr, "recap new: %s\n", s)
	}
	if w.open {
		editor := e.getenv("VISUAL")
		if editor == "" {
			editor = e.getenv("EDITOR")
		}
		if strings.TrimSpace(editor) == "" {
			return errors.New("--open: set $EDITOR (or $VISUAL) to your editor; the note is written")
		}
		if err := runEditor(editor, full); err != nil {
			return fmt.Errorf("%s: %w", editor, err)
		}
	}
	return nil
}

// newReport says what recap new carried into the note and linked from it:
// "carried 2 open actions from the series dev-sam and 1 talking point for
// dev; linked 1 topic". It is empty when there was nothing.
func newReport(m *edit.Meeting) string {
	var parts []string
	if n := len(m.Carried) + len(m.CarriedPrivate); n > 0 {
		parts = append(parts, fmt.Sprintf("%d open %s from the series %s", n, plural(n, "action", "actions"), m.Series))
	}
	if n := len(m.TalkingPoints); n > 0 {
		points := fmt.Sprintf("%d %s", n, plural(n, "talking point", "talking points"))
		if len(parts) > 0 && m.PointsFrom == "from the series "+m.Series {
			// "2 open actions and 1 talking point from the series S"
			parts[0] = strings.Replace(parts[0], " from the series", " and "+points+" from the series", 1)
		} else {
			parts = append(parts, points+" "+m.PointsFrom)
		}
	}
	s := ""
	if len(parts) > 0 {
		s = "carried " + strings.Join(parts, " and ")
	}
	if n := len(m.Topics); n > 0 {
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("linked %d %s", n, plural(n, "topic", "topics"))
	}
	return s
}

// notePath finds a note named on the command line: as given, else under the
// site root. display is its path from the site root when it is inside, with
// '/' separators, else the argument.
func notePath(site, arg string) (full, display string, err error) {
	full = arg
	if _, err := os.Stat(full); err != nil {
		if filepath.IsAbs(arg) {
			return "", "", err
		}
		full = filepath.Join(site, arg)
		if _, err2 := os.Stat(full); err2 != nil {
			if errors.Is(err, fs.ErrNotExist) && errors.Is(err2, fs.ErrNotExist) {
				return "", "", fmt.Errorf("no such note (looked in the current folder and in the site %s)", site)
			}
			return "", "", err
		}
	}
	display = filepath.ToSlash(arg)
	if as, err := filepath.Abs(site); err == nil {
		if af, err := filepath.Abs(full); err == nil {
			if rel, err := filepath.Rel(as, af); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				display = filepath.ToSlash(rel)
			}
		}
	}
	return full, display, nil
}

// readNoteFile reads a note named on the command line as the build reads notes:
// a regular file (a FIFO never makes recap wait), at most note.MaxSize.
func readNoteFile(full string) ([]byte, error) {
	return source.ReadNote(source.DirFS(filepath.Dir(full)), filepath.Base(full))
}

// readNote reads and parses one note for an edit.
func readNote(full, display string, loc *time.Location) ([]byte, *note.Note, error) {
	src, err := readNoteFile(full)
	if err != nil {
		return nil, nil, err
	}
	n, diags := note.Parse(display, src, note.Options{Location: loc})
	if n == nil {
		if errs := diags.Errors(); len(errs) > 0 {
			return nil, nil, errs
		}
		return nil, nil, fmt.Errorf("%s: cannot read the note", display)
	}
	return src, n, nil
}

// report prints one failure of a multi-file command.
func report(e *env, cmd, what string, err error) {
	var dl diag.List
	if errors.As(err, &dl) {
		for _, d := range dl {
			fmt.Fprintln(e.stderr, d.Error())
		}
		fmt.Fprintf(e.stderr, "recap %s: %s: not changed\n", cmd, what)
		return
	}
	fmt.Fprintf(e.stderr, "recap %s: %s: %v\n", cmd, what, err)
}

func runReview(e *env, o *opts, args []string) error {
	w := wf(o)
	if w.list {
		if len(args) > 0 {
			return usagef("--list takes no files")
		}
		return reviewList(e, o)
	}
	if len(args) == 0 {
		return usagef("name the notes to mark reviewed, or pass --list")
	}
	cfg, err := config.LoadDir(o.site)
	if err != nil {
		return err
	}
	day, err := e.today(o, cfg.Location)
	if err != nil {
		return err
	}
	failed := 0
	for _, a := range args {
		full, display, err := notePath(o.site, a)
		if err == nil {
			err = reviewOne(e, full, display, day, cfg.Location)
		}
		if err != nil {
			failed++
			if display == "" {
				display = a
			}
			var fe *edit.FileError
			if errors.As(err, &fe) {
				fmt.Fprintf(e.stderr, "recap review: %v\n", err) // it names the note
			} else {
				report(e, "review", display, err)
			}
		}
	}
	if failed > 0 {
		return exitError{1}
	}
	return nil
}

func reviewOne(e *env, full, display, day string, loc *time.Location) error {
	// A note an editor is saving may be empty or half written: leave it.
	if err := edit.Settled(full); err != nil {
		return edit.Named(err, display)
	}
	src, n, err := readNote(full, display, loc)
	if err != nil {
		return err
	}
	if n.IsPage() {
		return fmt.Errorf("%s has no date, so it is a page, not a meeting: there is nothing to review", display)
	}
	out, changed, err := edit.SetReviewed(src, n, day)
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(e.stdout, "%s: already reviewed\n", display)
		return nil
	}
	if err := edit.WriteAtomic(full, out, src); err != nil {
		return edit.Named(err, display)
	}
	fmt.Fprintf(e.stdout, "%s: reviewed %s\n", display, day)
	return nil
}

func reviewList(e *env, o *opts) error {
	j, err := e.load(o)
	if err != nil {
		return err
	}
	if o.jsonOut {
		rows, err := query.Meetings(j, query.MeetingFilter{Unreviewed: true})
		if err != nil {
			return err
		}
		return writeJSON(e.stdout, rows)
	}
	var queue []*journal.Meeting
	for _, m := range j.Meetings {
		if !m.Reviewed {
			queue = append(queue, m)
		}
	}
	if len(queue) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to review.")
		return nil
	}
	loc := j.Config.Location
	tw := table(e.stdout)
	fmt.Fprintln(tw, "DATE\tTITLE\tREVIEW BY\tSOURCE")
	overdue := 0
	for _, m := range queue {
		by := m.ReviewDue.In(loc).Format("2006-01-02 15:04")
		if m.ReviewOverdue {
			by += " OVERDUE"
			overdue++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.Date.In(loc).Format("2006-01-02 15:04"), clip(m.Title, 40), by, m.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d to review, %d overdue. Mark one with: recap review FILE\n", len(queue), overdue)
	return nil
}

// fileLine matches FILE:LINE and FILE:LINE:COL.
var fileLine = regexp.MustCompile(`^(.+?):(\d+)(?::\d+)?$`)

func runDone(e *env, o *opts, args []string) error {
	if len(args) == 0 {
		return usagef("name the action items to tick, as FILE:LINE or by id")
	}
	cfg, err := config.LoadDir(o.site)
	if err != nil {
		return err
	}
	day, err := e.today(o, cfg.Location)
	if err != nil {
		return err
	}
	var j *journal.Journal // loaded for the first id
	failed := 0
	for _, a := range args {
		var full, display string
		line := 0
		err := func() error {
			if m := fileLine.FindStringSubmatch(a); m != nil {
				if f, d, err := notePath(o.site, m[1]); err == nil || strings.HasSuffix(strings.ToLower(m[1]), ".md") {
					if err != nil {
						return err
					}
					full, display = f, d
					line, _ = strconv.Atoi(m[2])
				}
			}
			if full == "" {
				if j == nil {
					o.drafts = true
					var err error
					if j, err = e.load(o); err != nil {
						return err
					}
				}
				act, err := actionByID(j, a)
				if err != nil {
					return err
				}
				l := act.Latest()
				full, display, line = filepath.Join(o.site, filepath.FromSlash(l.Meeting.Source)), l.Meeting.Source, l.Line
				if act.Status.IsClosed() && l.Status.IsOpen() {
					fmt.Fprintf(e.stdout, "%s:%d: already %s: %s\n", display, line, act.Status, act.Text)
					return nil
				}
			}
			return doneOne(e, full, display, line, day, cfg.Location)
		}()
		if err != nil {
			failed++
			what := a
			if display != "" && line > 0 {
				what = fmt.Sprintf("%s:%d", display, line)
			}
			var fe *edit.FileError
			if errors.As(err, &fe) {
				fmt.Fprintf(e.stderr, "recap done: %v\n", err) // it names the note
			} else {
				report(e, "done", what, err)
			}
		}
	}
	if failed > 0 {
		return exitError{1}
	}
	return nil
}

func actionByID(j *journal.Journal, id string) (*journal.Action, error) {
	var found []*journal.Action
	for _, a := range j.Actions {
		for _, oc := range a.Occurrences {
			if oc.ID == id {
				found = append(found, a)
				break
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no action item has the id %q (and it is not FILE:LINE)", id)
	case 1:
		return found[0], nil
	}
	var where []string
	for _, a := range found {
		where = append(where, fmt.Sprintf("%s:%d", a.Source(), a.Line()))
	}
	return nil, fmt.Errorf("the id %q belongs to %d actions (%s); name one as FILE:LINE, and run recap check", id, len(found), strings.Join(where, ", "))
}

func doneOne(e *env, full, display string, line int, day string, loc *time.Location) error {
	// A note an editor is saving may be empty or half written: leave it.
	if err := edit.Settled(full); err != nil {
		return edit.Named(err, display)
	}
	src, n, err := readNote(full, display, loc)
	if err != nil {
		return err
	}
	var it *note.Item
	var lines []string
	for i := range n.Items {
		if n.Items[i].Line == line {
			it = &n.Items[i]
		}
		lines = append(lines, strconv.Itoa(n.Items[i].Line))
	}
	if it == nil {
		if len(lines) == 0 {
			return fmt.Errorf("the note has no action items")
		}
		return fmt.Errorf("no action item on line %d; the note's items are on lines %s", line, strings.Join(lines, ", "))
	}
	if it.Status == note.Done {
		fmt.Fprintf(e.stdout, "%s:%d: already done: %s\n", display, line, it.Text)
		return nil
	}
	out, err := edit.TickItem(src, *it, day)
	if err != nil {
		return err
	}
	if err := edit.WriteAtomic(full, out, src); err != nil {
		return edit.Named(err, display)
	}
	what := "done"
	if it.Point {
		what = "discussed" // a talking point: ticked, it leaves the agenda
	}
	fmt.Fprintf(e.stdout, "%s:%d: %s %s: %s\n", display, line, what, day, it.Text)
	return nil
}

// checkRecord is one diagnostic of recap check --json.
type checkRecord struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

func runCheck(e *env, o *opts, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	var res *check.Result
	cfg, err := config.LoadDir(o.site)
	badConfig := err != nil
	if err != nil {
		var dl diag.List
		if !errors.As(err, &dl) {
			return err
		}
		for _, d := range dl {
			d.Code = check.CodeConfig
		}
		res = &check.Result{Diags: dl}
	} else if res, err = check.Check(source.DirFS(o.site), cfg, check.Options{}); err != nil {
		return err
	}
	if o.jsonOut {
		recs := make([]checkRecord, 0, len(res.Diags))
		for _, d := range res.Diags {
			recs = append(recs, checkRecord{Path: d.Path, Line: max(d.Line, 1), Col: max(d.Col, 1), Severity: d.Severity.String(), Code: d.Code, Message: d.Msg})
		}
		if err := writeJSON(e.stdout, recs); err != nil {
			return err
		}
	} else {
		for _, d := range res.Diags {
			fmt.Fprintf(e.stdout, "%s [%s]\n", d.Error(), d.Code)
		}
		ne, nw := res.Errors(), res.Warnings()
		if badConfig {
			fmt.Fprintf(e.stderr, "recap check: fix %s first; the notes were not checked\n", config.FileName)
		} else if ne+nw == 0 {
			fmt.Fprintf(e.stderr, "recap check: %d %s, no problems\n", res.Notes, plural(res.Notes, "note", "notes"))
		} else {
			fmt.Fprintf(e.stderr, "recap check: %d %s, %d %s, %d %s\n", res.Notes, plural(res.Notes, "note", "notes"), ne, plural(ne, "error", "errors"), nw, plural(nw, "warning", "warnings"))
		}
	}
	if res.Errors() > 0 {
		return exitError{1}
	}
	return nil
}

func runShare(e *env, o *opts, args []string) error {
	if len(args) != 1 {
		return usagef("name one note to share")
	}
	o.drafts = true
	j, err := e.load(o)
	if err != nil {
		return err
	}
	full, display, err := notePath(o.site, args[0])
	if err != nil {
		return err
	}
	var m *journal.Meeting
	for _, x := range j.Meetings {
		if x.Source == display {
			m = x
		}
	}
	if m == nil {
		for _, x := range j.Pages {
			if x.Source == display {
				return fmt.Errorf("%s has no date, so it is a page, not a meeting, and has no recap to share; give it a date (front matter or file name) to make it a meeting", display)
			}
		}
		return fmt.Errorf("%s is not a note of the site at %s", args[0], o.site)
	}
	src, err := readNoteFile(full)
	if err != nil {
		return err
	}
	out, err := share.Recap(j, m, src, wf(o).format)
	if err != nil {
		var dl diag.List
		if errors.As(err, &dl) {
			return dl
		}
		return usageError{err}
	}
	fmt.Fprint(e.stdout, out)
	return nil
}
