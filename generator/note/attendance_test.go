package note

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// attendanceTests are notes with attendance lists and the entries each has:
// "line:col name @handle".
var attendanceTests = []struct {
	name string
	src  string
	want []string
}{
	{"heading and list", "## Attendees\n\n* Michael Dawson @mhdawson (voting member)\n* Dan Gohman\n* @binji\n* Ana (Acme)\n", []string{
		"3:3 Michael Dawson @mhdawson", "4:3 Dan Gohman", "5:3 @binji", "6:3 Ana",
	}},
	{"absent group", "## Attendees\n\n- Present:\n  - Ana\n- Absent:\n  - Carl Jones\n- **Regrets**\n  - Dee\n", []string{"4:5 Ana"}},
	{"Present heading, any level and case, with a colon", "#### present:\n- Ana\n", []string{"2:3 Ana"}},
	{"Participants", "# PARTICIPANTS\n1. Ana\n2. Ben\n", []string{"2:4 Ana", "3:4 Ben"}},
	{"Roll call", "## Roll call\n+ Ana\n", []string{"2:3 Ana"}},
	{"Attendance with a remark", "## Attendance (5)\n- Ana\n", []string{"2:3 Ana"}},
	{"Who", "## Who\n- Ana\n", []string{"2:3 Ana"}},
	{"line label with a rest", "**Present:** Ana, Ben\n", []string{"1:14 Ana", "1:19 Ben"}},
	{"rest with and, &, ; and parentheses", "Present: Ana Smith, Ben Jones (Acme, Inc.) and @carl; Dee & Eve\n", []string{
		"1:10 Ana Smith", "1:21 Ben Jones", "1:48 @carl", "1:55 Dee", "1:61 Eve",
	}},
	{"rest with an Oxford comma", "Attendees: Ana, Ben, and Carl\n", []string{"1:12 Ana", "1:17 Ben", "1:26 Carl"}},
	{"label then a list", "Present:\n- Ana\n- Ben\n", []string{"2:3 Ana", "3:3 Ben"}},
	{"bold label alone", "**Attendees**\n\n- Ana\n", []string{"3:3 Ana"}},
	{"label in a list item", "- Attendees:\n  - Ana\n  - Ben\n- Agenda\n", []string{"2:5 Ana", "3:5 Ben"}},
	{"lines of a header paragraph", "**Date:** 2026-01-02\n**Present:** Ana, Ben\n**Absent:** Carl\n", []string{"2:14 Ana", "2:19 Ben"}},
	{"label in a list", "- Date: today\n- Who: @ana, @ben\n", []string{"2:8 @ana", "2:14 @ben"}},
	{"Present heading with no list", "## Present\n\nAna and Ben were there.\n", nil},
	{"list not right after the heading", "## Attendees\n\nWe had:\n\n- Ana\n", nil},
	{"no label", "## Agenda\n- Ana\n\nWho owns this? Present it.\n", nil},
	{"not people", "## Present\n- None\n- TBD\n- -\n- n/a\n- Everyone\n- \n- (none)\n", nil},
	{"Present: None", "Present: none\n", nil},
	{"a sentence is no name", "Who: everyone who could make it today\n", nil},
	{"Name (@handle)", "## Attendees\n- Eve Doe (@eve)\n- @fay (Fay Wu)\n- @gil (@hal)\n", []string{"2:3 Eve Doe @eve", "3:3 @fay", "4:3 @gil"}},
	{"handle first", "## Attendees\n- @mhdawson Michael Dawson\n", []string{"2:3 Michael Dawson @mhdawson"}},
	{"groups are leaves", "## Attendees\n- Company A\n  - Ana\n  - Ben\n- Carl\n", []string{"3:5 Ana", "4:5 Ben", "5:3 Carl"}},
	{"roles, groups and absences", "## Attendees\n- Chair: Ana\n- Guests: Ben, Carl\n- Regrets: Dan\n- Eve: note taker\n", []string{
		"2:10 Ana", "3:11 Ben", "3:16 Carl", "5:3 Eve",
	}},
	{"what follows the name in an item", "## Attendees\n- Ana Smith, Acme\n- Ben Jones - Globex\n- [[Carl Diaz|Carl]]\n- **Dee**\n- [Eve](https://eve.example)\n", []string{
		"2:3 Ana Smith", "3:3 Ben Jones", "4:3 Carl Diaz", "5:5 Dee", "6:4 Eve",
	}},
	{"several handles", "Present: @ana @ben\n", []string{"1:10 @ana", "1:15 @ben"}},
	{"repeats", "Present: @ana, Ben\n\n## Attendees\n- Ana Smith @ana\n- ben\n- Carl\n", []string{
		"1:10 Ana Smith @ana", "1:16 Ben", "6:3 Carl",
	}},
	{"task items are action items, not entries", "## Roll call\n- [x] Ana\n- Ben\n", []string{"3:3 Ben"}},
	{"front matter attendees too", "+++\ndate = 2026-11-20\nattendees = [\"dev\"]\n+++\n## Present\n- Ana\n", []string{"6:3 Ana"}},
	{"in a quote", "> **Present:** Ana\n", []string{"1:16 Ana"}},
	{"label in code", "`Present:` Ana\n", nil},
}

func TestAttendance(t *testing.T) {
	for _, tt := range attendanceTests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseVariants(t, tt.src)
			var got []string
			for _, a := range n.Attendance {
				s := fmt.Sprintf("%d:%d", a.Line, a.Col)
				if a.Name != "" {
					s += " " + a.Name
				}
				if a.Handle != "" {
					s += " @" + a.Handle
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("attendance of %q:\n\t%s\nwant\n\t%s", tt.src, strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			if len(n.Diags) != 0 {
				t.Errorf("diagnostics %v", n.Diags)
			}
		})
	}
}

// An attendance list is no list of actions, and a list of actions no
// attendance list.
func TestAttendanceAndActions(t *testing.T) {
	n := parseVariants(t, "## Present\n- Ana\n\n## Action items\n- Ana to book\n")
	if len(n.Attendance) != 1 || n.Attendance[0].Name != "Ana" || len(n.Items) != 1 || n.Items[0].Line != 5 || n.Items[0].OwnerHint != "Ana" {
		t.Errorf("attendance %+v, items %+v", n.Attendance, n.Items)
	}
}
