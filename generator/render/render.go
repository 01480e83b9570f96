package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// funcs are the template functions a theme may use; see the package
// documentation.
var funcs = template.FuncMap{
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"add": func(a, b int) int { return a + b },
	"alist": func(p *Page, l []*Action, owner bool, empty string) actionList {
		return actionList{p, l, owner, empty}
	},
	"mlist": func(p *Page, l []*Meeting, empty string) meetingList { return meetingList{p, l, empty} },
}

func init() {
	funcs["actionRows"] = actionRows
	funcs["meetingRows"] = meetingRows
	funcs["view"] = func(p *Page, name string, v any) (template.HTML, error) { return p.partial(name, v, v) }
	funcs["frame"] = func(p *Page, name string) (template.HTML, error) { return p.partial(name, p.Kind, nil) }
}

// Arguments of the built-in theme's partials, made by alist and mlist, and
// by actionRows, meetingRows, view and frame.
type (
	actionList struct {
		Page      *Page
		List      []*Action
		ShowOwner bool
		Empty     string
	}
	meetingList struct {
		Page  *Page
		List  []*Meeting
		Empty string
	}
	// viewArg is the argument of the partials that view and frame render.
	viewArg struct {
		Page *Page
		View any
	}
	// actionRow is the argument of the "action-row" partial.
	actionRow struct {
		Page   *Page
		Action *Action
	}
	// itemArg is the argument of the "item-meta" partial, pointArg of
	// "point-meta".
	itemArg struct {
		Page *Page
		Item *Item
	}
	pointArg struct {
		Page  *Page
		Point *PointItem
	}
	// itemKey and pointKey are what the "item-meta" and "point-meta"
	// partials show of their arguments, besides .Page.Root.
	itemKey struct {
		action              *Action
		status              string
		prose               bool
		line                int
		latest, latestTitle string
	}
	pointKey struct {
		point               *Point
		latest, latestTitle string
	}
	// meetingRow is the argument of the "meeting-row" partial.
	meetingRow struct {
		Page    *Page
		Meeting *Meeting
	}
)

// Render renders a job's page.
func (t *Theme) Render(job Job) ([]byte, error) { return t.RenderInto(nil, job) }

// RenderInto is Render appending to dst, whose room it uses: a build that
// writes each page before rendering the next reuses one buffer per worker.
func (t *Theme) RenderInto(dst []byte, job Job) ([]byte, error) {
	p := job.page()
	tmpl := t.pages[p.Kind]
	if tmpl == nil {
		return nil, fmt.Errorf("theme has no layout for %q pages", p.Kind)
	}
	p.theme = t
	if p.Meeting != nil && strings.Contains(string(p.Body), itemMarker) {
		body, err := spliceItems(p)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", p.Path, err)
		}
		p.Body = body
	}
	b := bytes.NewBuffer(dst)
	if err := tmpl.ExecuteTemplate(b, "layouts/"+p.Kind+".html", p); err != nil {
		return nil, fmt.Errorf("render %s: %w", p.Path, err)
	}
	return b.Bytes(), nil
}

// actionRows renders the "action-row" partial for each action of a list.
// Each row is rendered once per build and link root, and reused by every
// page that lists it at that depth.
func actionRows(p *Page, l []*Action) (template.HTML, error) {
	return rows(p, len(l), func(i int) (rowKey, any) {
		return rowKey{"action-row", l[i], p.Root}, actionRow{p, l[i]}
	})
}

// meetingRows renders the "meeting-row" partial for each meeting of a list,
// once per build and link root.
func meetingRows(p *Page, l []*Meeting) (template.HTML, error) {
	return rows(p, len(l), func(i int) (rowKey, any) {
		return rowKey{"meeting-row", l[i], p.Root}, meetingRow{p, l[i]}
	})
}

// rows renders n rows, each named by row: its cache key and its template's
// argument.
func rows(p *Page, n int, row func(i int) (rowKey, any)) (template.HTML, error) {
	out := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(out)
	out.Reset()
	for i := range n {
		k, arg := row(i)
		h, err := p.cached(k, arg)
		if err != nil {
			return "", err
		}
		out.WriteString(string(h))
	}
	return template.HTML(out.String()), nil
}

// partial renders the template name with (the page, view) once per build,
// key and link root: a person's chip, a tag's link, the frame of a page
// kind. A view is its own key.
func (p *Page) partial(name string, key, view any) (template.HTML, error) {
	return p.cached(rowKey{name, key, p.Root}, viewArg{p, view})
}

// cached renders the template k.name with arg, once per build and key.
func (p *Page) cached(k rowKey, arg any) (template.HTML, error) {
	if h, ok := p.Site.rows.get(k); ok {
		return h, nil
	}
	b := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(b)
	b.Reset()
	if err := p.theme.pages[p.Kind].ExecuteTemplate(b, k.name, arg); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	p.Site.rows.put(k, h)
	return h, nil
}

// spliceItems returns the page's body with each item's marker replaced by
// the item's state as it stands now: the "item-meta" partial for an action
// item, "point-meta" for a talking point, nothing for an item the page does
// not list (a carried point ticked here is drawn by its checkbox alone).
// The body is rendered once per note and content; its items' state comes
// from the whole journal and changes without the note changing, so it is
// filled in here, for each page.
func spliceItems(p *Page) (template.HTML, error) {
	mp := p.Meeting
	items := make(map[int]*Item, len(mp.Items))
	for _, it := range mp.Items {
		items[it.Line] = it
	}
	points := make(map[int]*PointItem, len(mp.Points))
	for _, pt := range mp.Points {
		points[pt.Line] = pt
	}
	body := string(p.Body)
	out := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(out)
	out.Reset()
	for {
		i := strings.Index(body, itemMarker)
		if i < 0 {
			break
		}
		out.WriteString(body[:i])
		rest := body[i+len(itemMarker):]
		j := strings.Index(rest, "-->")
		if j < 0 {
			body = rest
			break
		}
		line, _ := strconv.Atoi(rest[:j])
		body = rest[j+len("-->"):]
		// The state of an item carried across meetings reads the same on
		// each of their pages (the same action, status and latest
		// occurrence): rendered once per build and link root.
		var k rowKey
		var arg any
		if it := items[line]; it != nil {
			key := itemKey{it.Action, it.Status, it.Prose, 0, it.Latest, it.LatestTitle}
			if it.Prose {
				key.line = it.Line // its id
			}
			k, arg = rowKey{"item-meta", key, p.Root}, itemArg{p, it}
		} else if pt := points[line]; pt != nil {
			k, arg = rowKey{"point-meta", pointKey{pt.Point, pt.Latest, pt.LatestTitle}, p.Root}, pointArg{p, pt}
		} else {
			continue
		}
		h, err := p.cached(k, arg)
		if err != nil {
			return "", err
		}
		out.WriteString(string(h))
	}
	out.WriteString(body)
	return template.HTML(out.String()), nil
}
