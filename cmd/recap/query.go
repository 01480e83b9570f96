package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

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

func init() {
	register(&command{
		name: "agenda", short: "what to raise, who owes what, and when you last met: before a meeting with PERSON",
		long: `Agenda prints what to take into the next meeting with a person, as of now:
the talking points for them ("- [?] …" items whose scheduled day has come) and
the topics (pages naming them in people or attendees, not closed, whose
revisit day has come); the actions they owe and, when config.toml sets me,
the actions you owe from the meetings and pages that name them; when you last
met, and when the next meeting of your series is due and whether it is late.

PERSON is an id, an alias, a full name or "me".

With --json it prints one JSON object: person, name, talkingPoints (text,
source, line, scheduled, series), topics (title, source, url, revisit),
theyOwe and youOwe (actions as in recap actions --json; youOwe is null
without me), lastMeeting (title, date, source, or null), series, cadenceDays
and nextDue (null with fewer than three meetings in the series) and late.`,
		flags: func(fs *flag.FlagSet, o *opts) {
			siteFlags(fs, o)
			fs.BoolVar(&o.jsonOut, "json", false, "print JSON for scripts")
		},
		run: func(e *env, o *opts, args []string) error {
			if len(args) != 1 {
				return usagef("want one PERSON (an id, alias, name or me); got %d arguments", len(args))
			}
			j, err := e.load(o)
			if err != nil {
				return err
			}
			ag, err := query.AgendaRecord(j, args[0])
			if err != nil {
				return usageError{err}
			}
			if o.jsonOut {
				return writeJSON(e.stdout, ag)
			}
			return writeAgenda(e.stdout, ag, j.Today)
		},
	})
}

// writeAgenda prints an agenda for the terminal: a few short sections, each
// left out when it has nothing to say, and every item with its place.
func writeAgenda(w io.Writer, ag *query.Agenda, today string) error {
	first, _, _ := strings.Cut(ag.Name, " ")
	fmt.Fprintf(w, "Agenda for %s (%s), %s\n", ag.Name, ag.Person, day(today))
	var when []string
	if ag.LastMeeting != nil {
		when = append(when, fmt.Sprintf("Last met %s: %s (%s).", day(ag.LastMeeting.Date[:10]), ag.LastMeeting.Title, ag.LastMeeting.Source))
	} else {
		when = append(when, "No meeting yet.")
	}
	if ag.Series != nil {
		s := "Series " + *ag.Series
		if ag.CadenceDays != nil {
			s += fmt.Sprintf(", every %d %s; next due %s", *ag.CadenceDays, plural(*ag.CadenceDays, "day", "days"), day(*ag.NextDue))
			if ag.Late {
				s += fmt.Sprintf(": LATE by %d %s", daysBetween(*ag.NextDue, today), plural(daysBetween(*ag.NextDue, today), "day", "days"))
			}
		}
		when = append(when, s+".")
	}
	for _, s := range when {
		fmt.Fprintln(w, s)
	}

	fmt.Fprintln(w)
	if len(ag.TalkingPoints)+len(ag.Topics) == 0 {
		fmt.Fprintln(w, "To raise: nothing.")
	} else {
		fmt.Fprintf(w, "To raise (%d)\n", len(ag.TalkingPoints)+len(ag.Topics))
		tw := table(w)
		for _, p := range ag.TalkingPoints {
			fmt.Fprintf(tw, "  ?\t%s\t%s:%d\n", clip(p.Text, 60), p.Source, p.Line)
		}
		for _, t := range ag.Topics {
			fmt.Fprintf(tw, "  topic\t%s\t%s\n", clip(t.Title, 60), t.Source)
		}
		tw.Flush()
	}
	owed := func(title string, rows []query.Action) {
		fmt.Fprintln(w)
		if len(rows) == 0 {
			fmt.Fprintf(w, "%s: nothing open.\n", title)
			return
		}
		fmt.Fprintf(w, "%s (%d)\n", title, len(rows))
		tw := table(w)
		for _, r := range rows {
			due := deref(r.Due, "-")
			if r.Overdue {
				due += " (overdue)"
			}
			status := ""
			if r.Status == "in-progress" {
				status = " [in progress]"
			}
			text := r.Text
			if r.Owner != nil {
				// The section says whose it is.
				if t, ok := strings.CutPrefix(text, "@"+*r.Owner+" "); ok && t != "" {
					text = t
				}
			}
			fmt.Fprintf(tw, "  %s\t%s%s\t%s:%d\n", due, clip(text, 60), status, r.Source, r.Line)
		}
		tw.Flush()
	}
	owed(first+" owes", ag.TheyOwe)
	if ag.YouOwe != nil {
		owed("You owe "+first, ag.YouOwe)
	}
	return nil
}

// day writes a YYYY-MM-DD date as "Mon 23 Nov 2026".
func day(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("Mon 2 Jan 2006")
}

// daysBetween is the number of days from a to b (YYYY-MM-DD).
func daysBetween(a, b string) int {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}
