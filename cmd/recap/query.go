package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/recapjournal/recap/generator/query"
)

func init() {
	register(&command{
		name: "actions", short: "list action items by owner, status and due date",
		long: `Actions lists the journal's logical actions: every action item, with items
carried from meeting to meeting in a series counted once. By default it lists
open ones (open and in progress), oldest meeting first.

With --json it prints one JSON array; each element has text, owner (a person
id or null), status (open, in-progress, done, cancelled), due (YYYY-MM-DD or
null), overdue, source (the note's path from the site root) and line.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			fs.StringVar(&o.owner, "owner", "", "only actions owned by this person (`ID`, alias or name)")
			fs.StringVar(&o.status, "status", "open", "only actions with this `STATUS`: open, in-progress, done, cancelled or all")
			fs.BoolVar(&o.overdue, "overdue", false, "only open actions whose due date has passed")
			fs.BoolVar(&o.jsonOut, "json", false, "print JSON for scripts")
		},
		run: func(e *env, o *opts, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			j, err := e.load(o)
			if err != nil {
				return err
			}
			rows, err := query.Actions(j, query.ActionFilter{Owner: o.owner, Status: o.status, Overdue: o.overdue})
			if err != nil {
				return usageError{err}
			}
			if o.jsonOut {
				return writeJSON(e.stdout, rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(e.stdout, "No actions match.")
				return nil
			}
			tw := table(e.stdout)
			fmt.Fprintln(tw, "OWNER\tSTATUS\tDUE\tACTION\tSOURCE")
			for _, r := range rows {
				due := deref(r.Due, "-")
				if r.Overdue {
					due += " (overdue)"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s:%d\n", deref(r.Owner, "-"), r.Status, due, clip(r.Text, 60), r.Source, r.Line)
			}
			return tw.Flush()
		},
	})
	register(&command{
		name: "meetings", short: "list meetings, their people and review state",
		long: `Meetings lists the journal's meetings, oldest first.

With --json it prints one JSON array; each element has title, date (RFC 3339),
source, attendees (person ids), tags, series (string or null), reviewed and
reviewOverdue.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			fs.BoolVar(&o.unreviewed, "unreviewed", false, "only meetings whose notes are not reviewed yet")
			fs.StringVar(&o.person, "person", "", "only meetings this person (`ID`, alias or name) attended")
			fs.StringVar(&o.tag, "tag", "", "only meetings with this `TAG`")
			fs.BoolVar(&o.jsonOut, "json", false, "print JSON for scripts")
		},
		run: func(e *env, o *opts, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			j, err := e.load(o)
			if err != nil {
				return err
			}
			rows, err := query.Meetings(j, query.MeetingFilter{Unreviewed: o.unreviewed, Person: o.person, Tag: o.tag})
			if err != nil {
				return usageError{err}
			}
			if o.jsonOut {
				return writeJSON(e.stdout, rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(e.stdout, "No meetings match.")
				return nil
			}
			tw := table(e.stdout)
			fmt.Fprintln(tw, "DATE\tTITLE\tATTENDEES\tREVIEW\tSOURCE")
			for _, r := range rows {
				review := "reviewed"
				if !r.Reviewed {
					review = "to review"
					if r.ReviewOverdue {
						review = "OVERDUE"
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Date[:16], clip(r.Title, 40), clip(strings.Join(r.Attendees, ", "), 30), review, r.Source)
			}
			return tw.Flush()
		},
	})
	register(&command{
		name: "people", short: "list people with their meetings and open actions",
		long: `People lists everyone in the journal: people from config.toml, attendees,
owners and @mentions.

With --json it prints one JSON array; each element has id, name, meetings
(how many they attended) and openActions (how many open actions they own).`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			fs.BoolVar(&o.jsonOut, "json", false, "print JSON for scripts")
		},
		run: func(e *env, o *opts, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			j, err := e.load(o)
			if err != nil {
				return err
			}
			rows := query.People(j)
			if o.jsonOut {
				return writeJSON(e.stdout, rows)
			}
			tw := table(e.stdout)
			fmt.Fprintln(tw, "ID\tNAME\tMEETINGS\tOPEN ACTIONS")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", r.ID, r.Name, r.Meetings, r.OpenActions)
			}
			return tw.Flush()
		},
	})
}

func init() {
	register(&command{
		name: "pages", short: "list the notes without a date: READMEs, profiles, topics",
		long: `Pages lists the journal's pages: notes without a date, such as a README, a
person's profile or a topic written down between meetings, by path.

With --json it prints one JSON array; each element has title, source, url,
people (person ids: its people or attendees key, then the people it
mentions), tags, topic (it has a people or attendees key), closed, revisit
(YYYY-MM-DD or null) and actions (how many action items it holds).`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			fs.BoolVar(&o.jsonOut, "json", false, "print JSON for scripts")
		},
		run: func(e *env, o *opts, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			j, err := e.load(o)
			if err != nil {
				return err
			}
			rows := query.Pages(j)
			if o.jsonOut {
				return writeJSON(e.stdout, rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(e.stdout, "No pages: every note has a date.")
				return nil
			}
			tw := table(e.stdout)
			fmt.Fprintln(tw, "TITLE\tPEOPLE\tTOPIC\tSOURCE")
			for _, r := range rows {
				topic := "-"
				switch {
				case r.Topic && r.Closed:
					topic = "closed"
				case r.Topic && r.Revisit != nil:
					topic = "revisit " + *r.Revisit
				case r.Topic:
					topic = "open"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", clip(r.Title, 40), clip(strings.Join(r.People, ", "), 30), topic, r.Source)
			}
			return tw.Flush()
		},
	})
}

// writeJSON prints records as the query commands do (see query.Encode).
func writeJSON(w io.Writer, v any) error { return query.Encode(w, v) }

func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

func deref(s *string, def string) string {
	if s == nil {
		return def
	}
	return *s
}

// clip shortens s to n characters with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
