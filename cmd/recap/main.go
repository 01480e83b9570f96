// Command recap turns a folder of meeting notes into a private HTML journal
// and answers questions about it from the terminal.
//
// Run `recap help` for the commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/source"
)

// version is set at release time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// command is one subcommand.
type command struct {
	name  string
	args  string // the positional arguments, for the usage line
	short string
	long  string
	flags func(fs *flag.FlagSet, o *opts)
	run   func(e *env, o *opts, args []string) error
	// warnOnly: notes that cannot be read are warned about, and do not make
	// the command fail (recap new writes its note all the same).
	warnOnly bool
}

// opts holds every flag of every command; each command registers the ones it uses.
type opts struct {
	site, now       string
	drafts, jsonOut bool
	verbose         bool
	owner, status   string
	overdue         bool
	unreviewed      bool
	person, tag     string
	out             string // -o: the output folder
	extra           map[string]any
}

// env is where a command runs: its output streams and the environment.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// problems counts the notes' errors that load reported on stderr: the
	// command went on without those notes, and exits with status 1.
	problems int
}

// exitError carries an exit status without a message of its own.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

var commands []*command

func register(c *command) { commands = append(commands, c) }

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func main() {
	// RECAP_CPUPROFILE and RECAP_MEMPROFILE write pprof profiles, for performance work.
	if p := os.Getenv("RECAP_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			_ = pprof.StartCPUProfile(f)
		}
	}
	code := run(os.Args[1:], &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	pprof.StopCPUProfile()
	if p := os.Getenv("RECAP_MEMPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	os.Exit(code)
}

// run runs recap with args and returns the exit status.
func run(args []string, e *env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		usage(e.stdout)
		return 0
	case "-v", "--version", "-version":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "recap: unknown command %q\n\n", name)
		usage(e.stderr)
		return 2
	}
	fs := flag.NewFlagSet("recap "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &opts{extra: map[string]any{}}
	if c.flags != nil {
		c.flags(fs, o)
	}
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		commandHelp(e.stdout, c)
		return 0
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "recap %s: %v\n", c.name, err)
		fmt.Fprintf(e.stderr, "run 'recap help %s' for usage\n", c.name)
		return 2
	}
	if err := c.run(e, o, pos); err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			return ex.code
		}
		var dl diag.List
		if errors.As(err, &dl) {
			for _, d := range dl {
				fmt.Fprintln(e.stderr, d.Error())
			}
			fmt.Fprintf(e.stderr, "recap %s: %d %s\n", c.name, len(dl), plural(len(dl), "problem", "problems"))
			return 1
		}
		var d *diag.Diagnostic
		if errors.As(err, &d) {
			fmt.Fprintln(e.stderr, d.Error())
			return 1
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(e.stderr, "recap %s: %v\nrun 'recap help %s' for usage\n", c.name, err, c.name)
			return 2
		}
		fmt.Fprintf(e.stderr, "recap %s: %v\n", c.name, err)
		return 1
	}
	if e.problems > 0 {
		if c.warnOnly {
			fmt.Fprintf(e.stderr, "recap %s: warning: %d %s in other notes; they were left out\n", c.name, e.problems, plural(e.problems, "problem", "problems"))
			return 0
		}
		fmt.Fprintf(e.stderr, "recap %s: %d %s; the other notes were used\n", c.name, e.problems, plural(e.problems, "problem", "problems"))
		return 1
	}
	return 0
}

// usageError is a mistake in a command's arguments: exit status 2.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// parseInterspersed parses flags that may stand before, between or after the
// positional arguments, and returns the positional ones. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `recap turns a folder of Markdown meeting notes into a private HTML journal.

Usage:
  recap <command> [flags] [arguments]

Commands:
`)
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		names = append(names, c.name)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, lookup(n).short)
	}
	fmt.Fprintf(w, `
Run 'recap help <command>' for a command's flags.
Every command works on the site in the current folder; -s DIR names another.
`)
}

func commandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: recap %s [flags]%s\n\n%s\n", c.name, prefixSpace(c.args), strings.TrimSpace(c.long))
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	o := &opts{extra: map[string]any{}}
	if c.flags != nil {
		c.flags(fs, o)
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintf(w, "\nFlags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		name, u := flag.UnquoteUsage(f)
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		head := dash + f.Name
		if name != "" {
			head += " " + name
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(w, "  %-22s %s%s\n", head, u, def)
	})
}

func prefixSpace(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// siteFlags registers -s, --now and --drafts.
func siteFlags(fs *flag.FlagSet, o *opts) {
	fs.StringVar(&o.site, "s", ".", "the site root: the `DIR` holding config.toml and content/")
	fs.StringVar(&o.now, "now", "", "compute overdue and review state at this `TIME` (RFC 3339 or YYYY-MM-DD; default $RECAP_NOW, else the clock)")
	fs.BoolVar(&o.drafts, "drafts", false, "include notes with draft = true")
}

// nowTime resolves --now, then $RECAP_NOW, then the clock. A date without a
// time means midnight in loc, the site's time zone.
func (e *env) nowTime(o *opts, loc *time.Location) (time.Time, error) {
	s := o.now
	if s == "" {
		s = e.getenv("RECAP_NOW")
	}
	if s == "" {
		return time.Now().In(loc), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	return time.Time{}, usagef("--now %q: want an RFC 3339 time such as 2026-11-24T09:00:00Z, or YYYY-MM-DD", s)
}

// load reads the site's config and journal.
func (e *env) load(o *opts) (*journal.Journal, error) {
	cfg, err := config.LoadDir(o.site)
	if err != nil {
		return nil, err
	}
	now, err := e.nowTime(o, cfg.Location)
	if err != nil {
		return nil, err
	}
	j, err := journal.Load(source.DirFS(o.site), cfg, journal.Options{Now: now, Drafts: o.drafts, KeepGoing: true})
	if err != nil {
		return nil, err
	}
	// One bad note never stops the others: say what is wrong with it, once,
	// and work with the rest.
	if errs := j.Diags.Errors(); len(errs) > 0 && e.problems == 0 {
		for _, d := range errs {
			fmt.Fprintln(e.stderr, d.Error())
		}
		e.problems = len(errs)
	}
	return j, nil
}

func init() {
	register(&command{
		name: "version", short: "print recap's version",
		long: "Version prints recap's version.",
		run: func(e *env, o *opts, args []string) error {
			fmt.Fprintf(e.stdout, "recap %s\n", version)
			return nil
		},
	})
	register(&command{
		name: "help", args: "[command]", short: "explain a command",
		long: "Help explains a command and its flags.",
		run: func(e *env, o *opts, args []string) error {
			if len(args) == 0 {
				usage(e.stdout)
				return nil
			}
			c := lookup(args[0])
			if c == nil {
				return usagef("unknown command %q", args[0])
			}
			commandHelp(e.stdout, c)
			return nil
		},
	})
}
