package neo4j

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relgraph/relgraph/internal/model"
)

// One decoder for every value a statement returns: a value of a record
// fills a Go value of the shape the statement was written for. Nodes and
// relationships are read by their properties, maps by key, lists element
// by element. A struct field is read from the key of its `json` name (the
// graph model's property names); an embedded struct without a name (the
// properties of a node or relationship inside an answer's type, such as
// Content inside ContentNode) is read from the same map. A missing or null
// value leaves the zero value, except a property the model gives a
// default. Any other mismatch is an error naming where it is.

// decodeRecord decodes the value of key in rec into dst, a pointer.
func decodeRecord(rec *driver.Record, key string, dst any) error {
	v, ok := rec.Get(key)
	if !ok {
		return fmt.Errorf("no %q in the record", key)
	}
	return decode(v, dst)
}

// decodeRow decodes a whole record, its keys read as a map, into dst.
func decodeRow(rec *driver.Record, dst any) error { return decode(rec.AsMap(), dst) }

// decode fills dst, a pointer, from src.
func decode(src any, dst any) error {
	var at where
	return decodeValue(src, reflect.ValueOf(dst).Elem(), &at)
}

// where is the place of the value being decoded in what a statement
// returned, a step per struct field or list element (none: the value
// itself), spelled out only when an error names it: answers hold
// thousands of fields.
type where struct{ steps []step }

type step struct {
	field string // a struct field's name; "" for an element of a list
	index int
}

func (w *where) push(field string, index int) { w.steps = append(w.steps, step{field, index}) }
func (w *where) pop()                         { w.steps = w.steps[:len(w.steps)-1] }

func (w *where) String() string {
	var b strings.Builder
	for _, s := range w.steps {
		if s.field == "" {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.field)
	}
	return b.String()
}

// mismatch is the error of a value src that does not fit v.
func mismatch(at *where, v reflect.Value, src any) error {
	path := at.String()
	if path == "" {
		path = "the value"
	}
	return fmt.Errorf("decoding %s: expected %s, got %T", path, v.Type(), src)
}

var (
	dateTimeType = reflect.TypeOf(model.DateTime{})
	timeType     = reflect.TypeOf(time.Time{})
)

func decodeValue(src any, v reflect.Value, at *where) error {
	switch x := src.(type) {
	case driver.Node:
		src = x.Props
	case driver.Relationship:
		src = x.Props
	case nil:
		v.SetZero()
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := decodeValue(src, p.Elem(), at); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Struct:
		if v.Type() == dateTimeType || v.Type() == timeType {
			t, ok := src.(time.Time)
			if !ok {
				return mismatch(at, v, src)
			}
			if v.Type() == timeType {
				v.Set(reflect.ValueOf(t.UTC()))
			} else {
				v.Set(reflect.ValueOf(model.DateTime{Time: t.UTC()}))
			}
			return nil
		}
		m, ok := src.(map[string]any)
		if !ok {
			return mismatch(at, v, src)
		}
		return decodeStruct(m, v, at)
	case reflect.Slice:
		list, ok := src.([]any)
		if !ok {
			return mismatch(at, v, src)
		}
		s := reflect.MakeSlice(v.Type(), len(list), len(list))
		for i, e := range list {
			at.push("", i)
			if err := decodeValue(e, s.Index(i), at); err != nil {
				return err
			}
			at.pop()
		}
		v.Set(s)
	case reflect.String:
		s, ok := src.(string)
		if !ok {
			return mismatch(at, v, src)
		}
		v.SetString(s)
	case reflect.Int:
		n, ok := src.(int64)
		if !ok {
			return mismatch(at, v, src)
		}
		v.SetInt(n)
	case reflect.Float64:
		switch n := src.(type) {
		case float64:
			v.SetFloat(n)
		case int64:
			v.SetFloat(float64(n))
		default:
			return mismatch(at, v, src)
		}
	case reflect.Bool:
		b, ok := src.(bool)
		if !ok {
			return mismatch(at, v, src)
		}
		v.SetBool(b)
	case reflect.Map, reflect.Interface:
		// Left to the caller to read further (a map of properties).
		x := reflect.ValueOf(src)
		if !x.Type().AssignableTo(v.Type()) {
			return mismatch(at, v, src)
		}
		v.Set(x)
	default:
		return mismatch(at, v, src)
	}
	return nil
}

func decodeStruct(m map[string]any, v reflect.Value, at *where) error {
	info := structInfoOf(v.Type())
	for _, f := range info.fields {
		fv := v.Field(f.index)
		if f.embedded {
			if err := decodeStruct(m, fv, at); err != nil {
				return err
			}
			continue
		}
		src, ok := m[f.name]
		if (!ok || src == nil) && f.def != nil {
			src = f.def
		}
		at.push(f.name, 0)
		if err := decodeValue(src, fv, at); err != nil {
			return err
		}
		at.pop()
	}
	if info.sorts {
		v.Addr().Interface().(model.Sorter).SortLists()
	}
	return nil
}

type structField struct {
	index    int
	name     string
	embedded bool
	def      any
}

// structInfo is how a struct type is read: its fields, and whether it
// puts its lists in order once read (model.Sorter).
type structInfo struct {
	fields []structField
	sorts  bool
}

var structInfoCache sync.Map // reflect.Type -> *structInfo

var sorterType = reflect.TypeFor[model.Sorter]()

// structInfoOf says how a struct type is read.
func structInfoOf(t reflect.Type) *structInfo {
	if c, ok := structInfoCache.Load(t); ok {
		return c.(*structInfo)
	}
	info := &structInfo{sorts: reflect.PointerTo(t).Implements(sorterType)}
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		switch {
		case sf.Anonymous && name == "":
			info.fields = append(info.fields, structField{index: i, embedded: true})
		case name != "" && name != "-" && sf.IsExported():
			info.fields = append(info.fields, structField{index: i, name: name, def: model.DefaultOf(sf)})
		}
	}
	structInfoCache.Store(t, info)
	return info
}
