package render

import (
	"hash/maphash"
	"math"
	"reflect"
	"sync"
	"time"
)

// A fingerprint is a hash of every value a template can reach from a view:
// each exported field, followed through slices and pointers. A view made of
// other views (a meeting's people, an action's owner) hashes their
// fingerprints, computed once when they were made. Fingerprints live only as
// long as the process (watch mode keeps them from one rebuild to the next),
// so the hash is seeded afresh each run.

var seed = maphash.MakeSeed()

// viewer is a view with its fingerprint computed already.
type viewer interface{ fingerprint() uint64 }

func (v *Person) fingerprint() uint64  { return v.fp }
func (v *Tag) fingerprint() uint64     { return v.fp }
func (v *Series) fingerprint() uint64  { return v.fp }
func (v *Meeting) fingerprint() uint64 { return v.fp }
func (v *Action) fingerprint() uint64  { return v.fp }
func (v *Point) fingerprint() uint64   { return v.fp }

// fingerprint hashes x, a view or page data.
func fingerprint(x any) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	v := reflect.ValueOf(x)
	if v.Kind() == reflect.Pointer {
		v = v.Elem() // the view itself, not its fingerprint, which this computes
	}
	hashValue(&h, v)
	return h.Sum64()
}

var (
	timeType = reflect.TypeFor[time.Time]()
	// viewTypes are the views whose fingerprints are computed once, when
	// they are made. Only these: a page type that embeds one (MeetingPage
	// embeds *Meeting) has its method but not its fingerprint.
	viewTypes = map[reflect.Type]bool{
		reflect.TypeFor[*Person](): true, reflect.TypeFor[*Tag](): true, reflect.TypeFor[*Series](): true,
		reflect.TypeFor[*Meeting](): true, reflect.TypeFor[*Action](): true, reflect.TypeFor[*Point](): true, reflect.TypeFor[*Site](): true,
	}
	fieldsOf sync.Map // reflect.Type → []int, read by every hash: no lock
)

// viewFields are the exported fields of the types pages are made of,
// listed once: read by every hash, never written after init.
var viewFields = map[reflect.Type][]int{}

func init() {
	for _, x := range []any{Person{}, Tag{}, Series{}, Meeting{}, Action{}, Point{}, Item{}, PointItem{}, Page{}, MeetingPage{},
		PersonPage{}, Agenda{}, SeriesDue{}, Highlight{}, TagPage{}, SeriesPage{}, PersonCard{}, TagCard{}, SeriesCard{}, OwnerGroup{},
		Home{}, Month{}, Counts{}} {
		t := reflect.TypeOf(x)
		var f []int
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				f = append(f, i)
			}
		}
		viewFields[t] = f
	}
}

// exported lists the indices of t's exported fields.
func exported(t reflect.Type) []int {
	if f, ok := viewFields[t]; ok {
		return f
	}
	if f, ok := fieldsOf.Load(t); ok {
		return f.([]int)
	}
	var f []int
	for i := range t.NumField() {
		if t.Field(i).IsExported() {
			f = append(f, i)
		}
	}
	fieldsOf.Store(t, f)
	return f
}

func hashValue(h *maphash.Hash, v reflect.Value) {
	var b [8]byte
	u64 := func(n uint64) {
		for i := range b {
			b[i] = byte(n >> (8 * i))
		}
		h.Write(b[:])
	}
	switch v.Kind() {
	case reflect.Invalid:
		h.WriteByte(0)
	case reflect.String:
		u64(uint64(v.Len()))
		h.WriteString(v.String())
	case reflect.Bool:
		if v.Bool() {
			h.WriteByte(1)
		} else {
			h.WriteByte(2)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		u64(math.Float64bits(v.Float()))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.WriteByte(0)
			return
		}
		if viewTypes[v.Type()] {
			h.WriteByte(1)
			u64(v.Interface().(viewer).fingerprint())
			return
		}
		h.WriteByte(1)
		hashValue(h, v.Elem())
	case reflect.Slice, reflect.Array:
		n := v.Len()
		u64(uint64(n))
		for i := range n {
			hashValue(h, v.Index(i))
		}
	case reflect.Map:
		// Views have no maps: a map's order would make the hash vary.
		panic("render: fingerprint of a map")
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			u64(uint64(t.UnixNano()))
			h.WriteString(t.Location().String())
			return
		}
		for _, i := range exported(v.Type()) {
			hashValue(h, v.Field(i))
		}
	default:
		panic("render: fingerprint of a " + v.Kind().String())
	}
}
