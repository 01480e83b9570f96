package note_test

import (
	"fmt"
	"time"

	"github.com/recapjournal/recap/generator/note"
)

func ExampleParse() {
	src := `+++
title = "Dev / Sam weekly"
date = 2026-11-20T14:00:00+01:00
attendees = ["dev", "sam"]
+++
We went through the hiring plan.

- [ ] @sam sends the offer letter 📅 2026-11-24 ⏫
- [x] Book the room [owner:: dev] ✅ 2026-11-19
  - [-] Ask finance #budget
- [/] Draft the roadmap due:2026-12-01
`
	n, diags := note.Parse("content/2026-11-20-dev-sam.md", []byte(src), note.Options{Location: time.UTC})
	if err := diags.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n.Title, "|", n.Date.Format(time.RFC3339), "|", n.Attendees, "|", n.Summary)
	for _, it := range n.Items {
		fmt.Printf("line %d depth %d %-11s owner=%-4q due=%-12q done=%-12q priority=%-6q %q\n",
			it.Line, it.Depth, it.Status, it.Owner, it.Due, it.DoneDate, it.Priority, it.Text)
	}
	// Output:
	// Dev / Sam weekly | 2026-11-20T14:00:00+01:00 | [dev sam] | We went through the hiring plan.
	// line 8 depth 0 open        owner="sam" due="2026-11-24" done=""           priority="high" "@sam sends the offer letter"
	// line 9 depth 0 done        owner="dev" due=""           done="2026-11-19" priority=""     "Book the room"
	// line 10 depth 1 cancelled   owner=""   due=""           done=""           priority=""     "Ask finance #budget"
	// line 11 depth 0 in-progress owner=""   due="2026-12-01" done=""           priority=""     "Draft the roadmap"
}

func ExampleParse_diagnostics() {
	src := "- [ ] Ship 📅 2026-02-30\n"
	n, diags := note.Parse("content/2026-11-20-dev.md", []byte(src), note.Options{})
	fmt.Println(diags.Err() == nil, n.Items[0].Due == "")
	fmt.Println(diags)

	_, diags = note.Parse("content/weekly.md", []byte("+++\ntitle = \n+++\n"), note.Options{})
	fmt.Println(diags)
	// Output:
	// true true
	// content/2026-11-20-dev.md:1:12: warning: due date "2026-02-30" is not a real date; the field is ignored
	// content/weekly.md:2:9: front matter (TOML): unexpected character U+000A at start of value
}

func ExampleScanFields() {
	for _, f := range note.ScanFields("Send deck [owner:: @sam] 📅 2026-11-24 ⏫ due:2026-11-25") {
		fmt.Printf("%-8s %-12q %-8s bytes %d-%d\n", f.Key, f.Value, f.Syntax, f.Start, f.End)
	}
	// Output:
	// owner    "@sam"       dataview bytes 10-24
	// due      "2026-11-24" emoji    bytes 25-40
	// priority "high"       emoji    bytes 41-44
	// due      "2026-11-25" todotxt  bytes 45-59
}
