package render

import (
	"reflect"
	"testing"
	"time"
)

// TestFingerprintSeesEveryField changes each exported field of each type a
// template receives, one at a time, and requires the page's fingerprint to
// change: a field the fingerprint missed would let watch mode keep a stale
// page.
func TestFingerprintSeesEveryField(t *testing.T) {
	for _, x := range []any{
		&Person{}, &Tag{}, &Series{}, &Meeting{}, &Action{}, &Point{}, &Item{}, &PointItem{},
		&Page{}, &MeetingPage{}, &PersonPage{}, &Agenda{}, &SeriesDue{}, &Highlight{}, &TagPage{}, &SeriesPage{},
		&PersonCard{}, &TagCard{}, &SeriesCard{}, &OwnerGroup{}, &Home{}, &Month{}, &Counts{}, &Site{},
	} {
		v := reflect.ValueOf(x).Elem()
		typ := v.Type()
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			t.Run(typ.Name()+"."+f.Name, func(t *testing.T) {
				before := fingerprint(x)
				fv := v.Field(i)
				old := reflect.New(fv.Type()).Elem()
				old.Set(fv)
				if !set(fv) {
					t.Fatalf("no test value for a %s", fv.Type())
				}
				if fingerprint(x) == before {
					t.Errorf("changing %s.%s does not change the fingerprint", typ.Name(), f.Name)
				}
				fv.Set(old)
			})
		}
	}
}

// TestFingerprintOfViews: a view's fingerprint, computed when it is made,
// stands for it in the pages that show it.
func TestFingerprintOfViews(t *testing.T) {
	p := &Person{ID: "dev", Name: "Dev"}
	seal(p)
	a := &Action{Text: "x", Owner: p}
	seal(a)
	page := &PersonPage{Person: p, Agenda: &Agenda{TheyOwe: []*Action{a}}}
	before := fingerprint(page)
	b := &Action{Text: "x", Owner: p, Status: "in-progress"}
	seal(b)
	page.Agenda.TheyOwe[0] = b
	if fingerprint(page) == before {
		t.Error("a page that lists an action whose status changed has the same fingerprint")
	}
}

// set gives v a non-zero value, by its type.
func set(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString("changed")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int:
		v.SetInt(v.Int() + 7)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)))
			return true
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				return set(v.Field(i))
			}
		}
		return false
	case reflect.Pointer:
		n := reflect.New(v.Type().Elem())
		if !set(n.Elem()) {
			return false
		}
		seal(n.Interface())
		v.Set(n)
	case reflect.Slice:
		n := reflect.MakeSlice(v.Type(), 1, 1)
		if !set(n.Index(0)) {
			return false
		}
		v.Set(n)
	default:
		return false
	}
	return true
}

// seal computes the fingerprint of a view, as making it does.
func seal(x any) {
	switch v := x.(type) {
	case *Person:
		v.fp = fingerprint(v)
	case *Tag:
		v.fp = fingerprint(v)
	case *Series:
		v.fp = fingerprint(v)
	case *Meeting:
		v.fp = fingerprint(v)
	case *Action:
		v.fp = fingerprint(v)
	case *Point:
		v.fp = fingerprint(v)
	case *Site:
		v.fp = fingerprint(v)
	}
}
