package query

import "github.com/recapjournal/recap/generator/internal/jsonw"

// The appenders below write the records without reflection. Each one produces
// exactly the bytes Encode writes for the same slice: two-space indentation,
// <, > and & left as they are, empty arrays as [], nil slices and pointers as
// null, and a final newline. Records sit at depth 1, their fields at depth 2
// and the items of a field's array at depth 3.

const (
	fieldIndent = "\n    "
	itemIndent  = "\n      "
)

// appendStr appends s as a JSON string with HTML characters left as they are.
func appendStr(dst []byte, s string) []byte {
	return jsonw.AppendString(dst, s, false)
}

// appendOptStr appends *p as a JSON string, or null if p is nil.
func appendOptStr(dst []byte, p *string) []byte {
	if p == nil {
		return append(dst, "null"...)
	}
	return appendStr(dst, *p)
}

// appendStrs appends ss as the array value of a record's field: null if ss is
// nil, [] if it is empty, and otherwise one item per line.
func appendStrs(dst []byte, ss []string) []byte {
	if ss == nil {
		return append(dst, "null"...)
	}
	if len(ss) == 0 {
		return append(dst, "[]"...)
	}
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, itemIndent...)
		dst = appendStr(dst, s)
	}
	dst = append(dst, fieldIndent...)
	return append(dst, ']')
}

// appendRecords appends the top-level array of n records, calling rec to
// append record i after its opening indentation, then the final newline. A nil
// slice (isNil) is written as null.
func appendRecords(dst []byte, isNil bool, n int, rec func(dst []byte, i int) []byte) []byte {
	switch {
	case isNil:
		return append(dst, "null\n"...)
	case n == 0:
		return append(dst, "[]\n"...)
	}
	dst = append(dst, '[')
	for i := range n {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, "\n  {"...)
		dst = rec(dst, i)
		dst = append(dst, "\n  }"...)
	}
	return append(dst, "\n]\n"...)
}

// AppendActions appends recs to dst exactly as Encode writes them, final
// newline included. A nil slice is written as null and an empty one as [].
func AppendActions(dst []byte, recs []Action) []byte {
	if recs == nil {
		return append(dst, "null\n"...)
	}
	if len(recs) == 0 {
		return append(dst, "[]\n"...)
	}
	dst = append(dst, '[')
	for i := range recs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendActionRecord(dst, &recs[i])
	}
	return append(dst, "\n]\n"...)
}

// AppendActionRecord appends one record of AppendActions' array, from the
// line break before its opening brace to its closing brace.
func AppendActionRecord(dst []byte, r *Action) []byte {
	dst = append(dst, "\n  {"...)
	dst = append(dst, fieldIndent+`"text": `...)
	dst = appendStr(dst, r.Text)
	dst = append(dst, ","+fieldIndent+`"owner": `...)
	dst = appendOptStr(dst, r.Owner)
	dst = append(dst, ","+fieldIndent+`"status": `...)
	dst = appendStr(dst, r.Status)
	dst = append(dst, ","+fieldIndent+`"due": `...)
	dst = appendOptStr(dst, r.Due)
	dst = append(dst, ","+fieldIndent+`"overdue": `...)
	dst = jsonw.AppendBool(dst, r.Overdue)
	dst = append(dst, ","+fieldIndent+`"source": `...)
	dst = appendStr(dst, r.Source)
	dst = append(dst, ","+fieldIndent+`"line": `...)
	dst = jsonw.AppendInt(dst, r.Line)
	dst = append(dst, ","+fieldIndent+`"id": `...)
	dst = appendOptStr(dst, r.ID)
	dst = append(dst, ","+fieldIndent+`"priority": `...)
	dst = appendOptStr(dst, r.Priority)
	dst = append(dst, ","+fieldIndent+`"done": `...)
	dst = appendOptStr(dst, r.Done)
	dst = append(dst, ","+fieldIndent+`"series": `...)
	dst = appendOptStr(dst, r.Series)
	dst = append(dst, ","+fieldIndent+`"meeting": `...)
	dst = appendStr(dst, r.Meeting)
	dst = append(dst, ","+fieldIndent+`"tags": `...)
	dst = appendStrs(dst, r.Tags)
	return append(dst, "\n  }"...)
}

// AppendMeetings appends recs to dst exactly as Encode writes them, final
// newline included. A nil slice is written as null and an empty one as [].
func AppendMeetings(dst []byte, recs []Meeting) []byte {
	return appendRecords(dst, recs == nil, len(recs), func(dst []byte, i int) []byte {
		r := &recs[i]
		dst = append(dst, fieldIndent+`"title": `...)
		dst = appendStr(dst, r.Title)
		dst = append(dst, ","+fieldIndent+`"date": `...)
		dst = appendStr(dst, r.Date)
		dst = append(dst, ","+fieldIndent+`"source": `...)
		dst = appendStr(dst, r.Source)
		dst = append(dst, ","+fieldIndent+`"attendees": `...)
		dst = appendStrs(dst, r.Attendees)
		dst = append(dst, ","+fieldIndent+`"tags": `...)
		dst = appendStrs(dst, r.Tags)
		dst = append(dst, ","+fieldIndent+`"series": `...)
		dst = appendOptStr(dst, r.Series)
		dst = append(dst, ","+fieldIndent+`"reviewed": `...)
		dst = jsonw.AppendBool(dst, r.Reviewed)
		dst = append(dst, ","+fieldIndent+`"reviewOverdue": `...)
		dst = jsonw.AppendBool(dst, r.ReviewOverdue)
		dst = append(dst, ","+fieldIndent+`"url": `...)
		dst = appendStr(dst, r.URL)
		dst = append(dst, ","+fieldIndent+`"actions": `...)
		return jsonw.AppendInt(dst, r.Actions)
	})
}

// AppendPeople appends recs to dst exactly as Encode writes them, final
// newline included. A nil slice is written as null and an empty one as [].
func AppendPeople(dst []byte, recs []Person) []byte {
	return appendRecords(dst, recs == nil, len(recs), func(dst []byte, i int) []byte {
		r := &recs[i]
		dst = append(dst, fieldIndent+`"id": `...)
		dst = appendStr(dst, r.ID)
		dst = append(dst, ","+fieldIndent+`"name": `...)
		dst = appendStr(dst, r.Name)
		dst = append(dst, ","+fieldIndent+`"meetings": `...)
		dst = jsonw.AppendInt(dst, r.Meetings)
		dst = append(dst, ","+fieldIndent+`"openActions": `...)
		return jsonw.AppendInt(dst, r.OpenActions)
	})
}
