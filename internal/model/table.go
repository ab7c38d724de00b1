package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Kind is one line type of the import format, read once from its struct
// in graph.go: what it writes (a node of Label, or a relationship of Type)
// and every field with its checks.
type Kind struct {
	// Name is the line's "type" in the import format, e.g. "works_at".
	Name string
	// Label is the node label of a node line; empty for relationships.
	Label string
	// Type is the relationship type of a relationship line; empty for nodes.
	Type string
	// Index is the kind's place in Kinds (its write order).
	Index int
	// From and To are the two ends of a relationship line.
	From, To *Column
	// Keys identify a relationship between the same two nodes; without
	// keys there is one relationship per pair.
	Keys []*Column
	// Links are a node line's relationships to other nodes.
	Links []*Column

	id     *Column   // the id of a node line
	props  []*Column // the stored properties
	fields []*Column // every field, in struct order
	line   reflect.Type
	wire   reflect.Type // {type, <line>} as it stands in a file
	// self, for an undirected relationship, says why both ends must differ.
	self string
	// normalize, when set, checks and settles a record's properties
	// beyond what single fields say.
	normalize func(props map[string]any) error
}

// Column is one field of a line struct: one column of its kind's table.
type Column struct {
	// Name is the field's name in the import format and its property name.
	Name string
	// Label is the node label a from, to or link field refers to.
	Label string
	// Rel is the relationship type of a link field.
	Rel string

	role     role
	typ      reflect.Type
	index    []int // in the line struct, through embedded structs
	required bool
	enum     string
	min, max *float64
	with     string
	slug     bool
	linkedin bool
	email    bool
	// provenance: entries added to those stored (Row "sources"), not set.
	provenance bool
	def        any
}

// Columns are every field of the kind's line, embedded structs included,
// in struct order.
func (k *Kind) Columns() []*Column { return k.fields }

// Stored are the columns a kind stores as properties, besides a node's
// id: the keys, then the other properties (provenance included), in
// struct order.
func (k *Kind) Stored() []*Column { return append(slices.Clone(k.Keys), k.props...) }

// Type is the Go type of the column's field.
func (f *Column) Type() reflect.Type { return f.typ }

// IsProvenance reports whether the column holds provenance entries (the
// row's "sources").
func (f *Column) IsProvenance() bool { return f.provenance }

// ColumnsOf reads the table of a node or relationship struct of graph.go.
func ColumnsOf(table any) []*Column { return fieldsOf(reflect.TypeOf(table), nil) }

// IsNode reports whether the kind's lines are nodes.
func (k *Kind) IsNode() bool { return k.Label != "" }

// Undirected reports whether the relationship is stored once per pair and
// read in both directions.
func (k *Kind) Undirected() bool { return k.self != "" }

// Labels are the labels the kind's lines touch: its own (for nodes) and
// those of its ends and links, sorted.
func (k *Kind) Labels() []string {
	var out []string
	if k.IsNode() {
		out = append(out, k.Label)
	}
	for _, f := range append([]*Column{k.From, k.To}, k.Links...) {
		if f != nil && !slices.Contains(out, f.Label) {
			out = append(out, f.Label)
		}
	}
	slices.Sort(out)
	return out
}

func (k *Kind) String() string { return k.Name }

// KindNamed returns the kind of a line's "type", or nil.
func KindNamed(name string) *Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// KindOf returns the kind whose line type is that of line (a pointer to
// one of the line structs), or nil.
func KindOf(line any) *Kind {
	t := reflect.TypeOf(line)
	for _, k := range Kinds {
		if t == reflect.PointerTo(k.line) || t == k.line {
			return k
		}
	}
	return nil
}

// Labels are the node labels of the model, sorted.
func Labels() []string {
	var out []string
	for _, k := range Kinds {
		if k.IsNode() {
			out = append(out, k.Label)
		}
	}
	slices.Sort(out)
	return out
}

// numbered sets each kind's Index.
func numbered(kinds ...*Kind) []*Kind {
	for i, k := range kinds {
		k.Index = i
	}
	return kinds
}

func nodeKind(name, label string, line any) *Kind {
	k := readKind(name, line)
	k.Label = label
	if k.id == nil || k.From != nil || k.To != nil {
		panic(fmt.Sprintf("model: node kind %s needs an id field and no ends", name))
	}
	return k
}

func relKind(name, typ string, line any) *Kind {
	k := readKind(name, line)
	k.Type = typ
	if k.id != nil || k.From == nil || k.To == nil || len(k.Links) > 0 {
		panic(fmt.Sprintf("model: relationship kind %s needs from and to fields and no id or links", name))
	}
	return k
}

// normalized gives the kind a check of whole records.
func (k *Kind) normalized(f func(props map[string]any) error) *Kind {
	k.normalize = f
	return k
}

// undirected marks a relationship stored once per pair, from the smaller
// id to the larger; msg says why a line may not join a node to itself.
func (k *Kind) undirected(msg string) *Kind {
	k.self = msg
	return k
}

// readKind reads the table of a line struct: its fields, embedded structs
// included, with their `json` names and `graph` tags.
func readKind(name string, line any) *Kind {
	t := reflect.TypeOf(line)
	k := &Kind{Name: name, line: t}
	k.fields = fieldsOf(t, nil)
	for _, f := range k.fields {
		switch f.role {
		case roleID:
			k.id = f
		case roleFrom:
			k.From = f
		case roleTo:
			k.To = f
		case roleLink:
			k.Links = append(k.Links, f)
		case roleKey:
			k.Keys = append(k.Keys, f)
		default:
			k.props = append(k.props, f)
		}
	}
	// The embedded line comes first: reflect only embeds a type with
	// methods there.
	k.wire = reflect.StructOf([]reflect.StructField{
		{Name: t.Name(), Type: t, Anonymous: true},
		{Name: "Type", Type: reflect.TypeOf(""), Tag: `json:"type"`},
	})
	return k
}

// What a field is to its line.
type role int

const (
	roleProp role = iota
	roleID
	roleKey
	roleFrom
	roleTo
	roleLink
	roleRef
)

func fieldsOf(t reflect.Type, index []int) []*Column {
	var out []*Column
	for i := range t.NumField() {
		sf := t.Field(i)
		at := append(slices.Clone(index), i)
		if sf.Anonymous {
			out = append(out, fieldsOf(sf.Type, at)...)
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			panic(fmt.Sprintf("model: field %s.%s has no json name", t.Name(), sf.Name))
		}
		f := readField(name, sf.Tag.Get("graph"), at)
		f.typ = sf.Type
		out = append(out, f)
	}
	return out
}

func readField(name, tag string, index []int) *Column {
	f := &Column{Name: name, index: index}
	bad := func(what string) { panic(fmt.Sprintf("model: field %s: %s", name, what)) }
	if tag == "" {
		return f
	}
	for _, part := range strings.Split(tag, ",") {
		key, val, _ := strings.Cut(part, "=")
		switch key {
		case "id":
			f.role, f.required = roleID, true
		case "key":
			f.role, f.required = roleKey, true
		case "from":
			f.role, f.Label, f.required = roleFrom, val, true
		case "to":
			f.Label = val
			if f.role != roleLink {
				f.role, f.required = roleTo, true
			}
		case "link":
			f.role, f.Rel, f.required = roleLink, val, false
		case "ref":
			f.role, f.Label, f.required = roleRef, val, true
		case "required":
			f.required = true
		case "enum":
			if Enums[val] == nil {
				bad("unknown enumeration " + val)
			}
			f.enum = val
		case "min", "max":
			x, err := strconv.ParseFloat(val, 64)
			if err != nil {
				bad("bad " + part)
			}
			if key == "min" {
				f.min = &x
			} else {
				f.max = &x
			}
		case "with":
			f.with = val
		case "slug":
			f.slug = true
		case "linkedin":
			f.linkedin = true
		case "email":
			f.email = true
		case "provenance":
			f.provenance = true
		case "default":
			v, err := strconv.ParseBool(val)
			if err != nil {
				bad("only true or false defaults")
			}
			f.def = v
		default:
			bad("unknown graph tag " + part)
		}
	}
	return f
}

// Enum returns the values a field must take, or nil.
func (f *Column) Enum() []string { return Enums[f.enum] }

// Record is one valid line (or mutation item) ready to be written.
type Record struct {
	// Line is the line number, or the item's position in a mutation.
	Line int
	Kind *Kind
	// ID is the node's id, for node lines.
	ID string
	// Row holds what the kind's write statements take: for nodes id,
	// props, create (defaults written only when the node is created) and
	// one list of ids per link; for relationships from, to, keys and props.
	Row map[string]any
	// Refs are the nodes the line points to.
	Refs []Ref
}

// Ref is a reference from a line to a node that must exist.
type Ref struct {
	Label string
	ID    string
	Field string
}

// none is the empty map of rows without keys or defaults; nothing writes
// to it.
var none = map[string]any{}

// Decode reads one line of the kind from its JSON text: the fields of its
// table and "type", nothing else. The error names the field at fault.
func (k *Kind) Decode(text []byte) (any, error) {
	line, _, err := k.DecodeTyped(text)
	return line, err
}

// DecodeTyped is Decode that also returns the line's "type" as decoded
// (the last one, should the line give it twice).
func (k *Kind) DecodeTyped(text []byte) (any, string, error) {
	var d LineDecoder
	return d.Decode(k, text)
}

// LineDecoder decodes lines one after another with one json.Decoder and
// its buffer, where a decoder per line would allocate both per line. It
// is not safe for concurrent use; its zero value is ready.
type LineDecoder struct {
	feed lineFeed
	dec  *json.Decoder
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// lineFeed is the decoder's input: the line being decoded, then the end
// of input until the next line is fed.
type lineFeed struct{ text []byte }

func (f *lineFeed) Read(p []byte) (int, error) {
	if len(f.text) == 0 {
		return 0, io.EOF
	}
	n := copy(p, f.text)
	f.text = f.text[n:]
	return n, nil
}

// Decode is k.DecodeTyped(text).
func (d *LineDecoder) Decode(k *Kind, text []byte) (any, string, error) {
	fresh := d.dec == nil
	if fresh {
		d.dec = json.NewDecoder(&d.feed)
		d.dec.DisallowUnknownFields()
	}
	d.feed.text = text
	w := reflect.New(k.wire)
	err := d.dec.Decode(w.Interface())
	if err == nil {
		// Nothing but spaces may follow the value: not in the decoder's
		// buffer, not in what it has not read yet.
		rest, next := d.dec.Buffered(), [1]byte{}
		for n, _ := rest.Read(next[:]); n > 0 && err == nil; n, _ = rest.Read(next[:]) {
			if !isSpace(next[0]) {
				err = errors.New("more than one JSON value on the line")
			}
		}
		if len(bytes.TrimLeft(d.feed.text, " \t\r\n")) > 0 {
			err = errors.New("more than one JSON value on the line")
		}
	}
	if err != nil {
		// What is left of the line, or the decoder's failed state, must
		// not reach the next line.
		d.dec = nil
		if !fresh {
			// A used decoder counts a syntax error's offset from the
			// first line it read: the line again, alone, says where.
			return d.Decode(k, text)
		}
		return nil, "", errors.New(JSONReason(err))
	}
	return w.Elem().Field(0).Addr().Interface(), w.Elem().Field(1).String(), nil
}

// JSONReason says what is wrong with a line in the format's words.
func JSONReason(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if i := strings.LastIndex(field, "."); i >= 0 {
			field = field[i+1:]
		}
		if field == "" {
			return fmt.Sprintf("expected a JSON object, got %s", typeErr.Value)
		}
		if typeErr.Type == reflect.TypeOf(DateTime{}) {
			return fmt.Sprintf("%s: %s", field, dateReason(typeErr.Value))
		}
		return fmt.Sprintf("field %q: expected %s, got %s", field, typeName(typeErr.Type), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("%v (at byte %d)", syntaxErr, syntaxErr.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list of strings"
	}
	return t.String()
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)

// Record checks a decoded line (a pointer to one of the line structs, from
// Decode or a mutation's input) against its table and returns what to
// write. The error is the first problem found, in the format's words.
func (k *Kind) Record(n int, line any) (*Record, error) {
	v := reflect.ValueOf(line)
	if v.Kind() != reflect.Pointer || v.Elem().Type() != k.line {
		return nil, fmt.Errorf("model: %s record of a %T", k.Name, line)
	}
	v = v.Elem()
	rec := &Record{Line: n, Kind: k, Row: make(map[string]any, 4+len(k.Links))}
	props := make(map[string]any, len(k.props))
	keys, create := none, none
	for _, f := range k.fields {
		fv := v.FieldByIndex(f.index)
		set := !fv.IsZero()
		if f.required && !set {
			if vals := f.Enum(); vals != nil {
				return nil, fmt.Errorf("missing %q (one of %s)", f.Name, strings.Join(vals, ", "))
			}
			return nil, fmt.Errorf("missing %q", f.Name)
		}
		if f.provenance {
			entries, err := provenanceOf(f, fv)
			if err != nil {
				return nil, err
			}
			if entries != nil {
				rec.Row["sources"] = entries
			}
			continue
		}
		if f.role == roleLink {
			ids, err := linkIDs(f, fv)
			if err != nil {
				return nil, err
			}
			rec.Row[f.Name] = ids
			for _, id := range ids {
				rec.Refs = append(rec.Refs, Ref{Label: f.Label, ID: id, Field: f.Name})
			}
			continue
		}
		if !set {
			if f.def != nil {
				if len(create) == 0 {
					create = map[string]any{}
				}
				create[f.Name] = f.def
			}
			continue
		}
		if f.with != "" && v.FieldByIndex(k.field(f.with).index).IsZero() {
			pair := []string{f.Name, f.with}
			slices.SortFunc(pair, func(a, b string) int { return slices.Index(k.fields, k.field(a)) - slices.Index(k.fields, k.field(b)) })
			return nil, fmt.Errorf("%s and %s must be given together", pair[0], pair[1])
		}
		val, err := f.value(k, fv)
		if err != nil {
			return nil, err
		}
		switch f.role {
		case roleID:
			if strings.TrimSpace(val.(string)) == "" {
				return nil, errors.New(`missing "id"`)
			}
			rec.ID = val.(string)
			rec.Row["id"] = val
		case roleFrom, roleTo:
			end := "from"
			if f.role == roleTo {
				end = "to"
			}
			rec.Row[end] = val
			rec.Refs = append(rec.Refs, Ref{Label: f.Label, ID: val.(string), Field: f.Name})
		case roleKey:
			if len(keys) == 0 {
				keys = make(map[string]any, len(k.Keys))
			}
			keys[f.Name] = val
		case roleRef:
			props[f.Name] = val
			rec.Refs = append(rec.Refs, Ref{Label: f.Label, ID: val.(string), Field: f.Name})
		default:
			props[f.Name] = val
		}
	}
	if k.normalize != nil {
		if err := k.normalize(props); err != nil {
			return nil, err
		}
	}
	rec.Row["keys"] = keys
	rec.Row["props"] = props
	if k.IsNode() {
		rec.Row["create"] = create
		return rec, nil
	}
	if k.Undirected() {
		a, b := rec.Row["from"].(string), rec.Row["to"].(string)
		if a == b {
			return nil, fmt.Errorf("%s (%s = %s = %q)", k.self, k.From.Name, k.To.Name, a)
		}
		// Stored once per pair: the smaller id is the start node.
		if b < a {
			rec.Row["from"], rec.Row["to"] = b, a
		}
	}
	return rec, nil
}

func (k *Kind) field(name string) *Column {
	for _, f := range k.fields {
		if f.Name == name {
			return f
		}
	}
	panic(fmt.Sprintf("model: %s has no field %q", k.Name, name))
}

// value checks one given field and returns the value to store.
func (f *Column) value(k *Kind, fv reflect.Value) (any, error) {
	if fv.Kind() == reflect.Pointer {
		fv = fv.Elem()
	}
	switch x := fv.Interface().(type) {
	case DateTime:
		return x.Time.UTC(), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%s must be a finite number", f.Name)
		}
		switch {
		case f.min != nil && f.max != nil && (x < *f.min || x > *f.max):
			return nil, fmt.Errorf("%s must be between %g and %g, got %g", f.Name, *f.min, *f.max, x)
		case f.min != nil && x < *f.min:
			return nil, fmt.Errorf("%s must be at least %g, got %g", f.Name, *f.min, x)
		case f.max != nil && x > *f.max:
			return nil, fmt.Errorf("%s must be at most %g, got %g", f.Name, *f.max, x)
		}
		return x, nil
	case string:
		if vals := f.Enum(); vals != nil && !slices.Contains(vals, x) {
			return nil, fmt.Errorf("%s %q is not one of %s", f.Name, x, strings.Join(vals, ", "))
		}
		if f.slug && !slugPattern.MatchString(x) {
			return nil, fmt.Errorf("%s %s %q must be a lowercase slug such as crm or customer-success", k.Name, f.Name, x)
		}
		if f.linkedin {
			return NormalizeLinkedInURL(x)
		}
		if f.email {
			return NormalizeEmail(x)
		}
		return x, nil
	case bool:
		return x, nil
	}
	return nil, fmt.Errorf("model: %s: unsupported type %s", f.Name, fv.Type())
}

// provenanceOf reads a provenance field: nil when not given, so that the
// stored entries stay as they are.
func provenanceOf(f *Column, fv reflect.Value) ([]string, error) {
	entries, _ := fv.Interface().([]string)
	if len(entries) == 0 {
		return nil, nil
	}
	for _, e := range entries {
		if _, err := ParseProvenance(e); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return entries, nil
}

// HasProvenance reports whether the kind's records carry sources.
func (k *Kind) HasProvenance() bool {
	return slices.ContainsFunc(k.fields, func(f *Column) bool { return f.provenance })
}

// NormalizeEmail returns an email address as relgraph stores and matches
// it: trimmed, in lower case.
func NormalizeEmail(raw string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(raw))
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(s, " \t,;<>") || strings.Contains(domain, "@") {
		return "", fmt.Errorf("email %q is not an email address", raw)
	}
	return s, nil
}

// linkIDs reads a link field (one optional id or a list) as a list of
// distinct ids in the given order.
func linkIDs(f *Column, fv reflect.Value) ([]string, error) {
	var ids []string
	switch x := fv.Interface().(type) {
	case *string:
		if x != nil {
			ids = []string{*x}
		}
	case []string:
		ids = x
	default:
		return nil, fmt.Errorf("model: link %s of type %s", f.Name, fv.Type())
	}
	out := []string{}
	for _, id := range ids {
		if id == "" {
			if fv.Kind() == reflect.Slice {
				return nil, fmt.Errorf("%s: empty %s id", f.Name, strings.ToLower(f.Label))
			}
			return nil, fmt.Errorf("missing %q", f.Name)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// DefaultOf returns the default a struct field of the graph model declares
// (`graph:"default=false"`), or nil.
func DefaultOf(sf reflect.StructField) any {
	tag := sf.Tag.Get("graph")
	if tag == "" {
		return nil
	}
	return readField(sf.Name, tag, nil).def
}

// RelType is what the model says of one relationship type: the labels of
// its two ends, the properties that tell two of them between the same
// nodes apart, and whether it is read in both directions.
type RelType struct {
	Type       string
	From, To   string
	Keys       []string
	Undirected bool
}

// RelTypes are the model's relationship types, by type: those of
// relationship lines and of node lines' links.
var RelTypes = func() map[string]RelType {
	out := map[string]RelType{}
	for _, k := range Kinds {
		if !k.IsNode() {
			t := RelType{Type: k.Type, From: k.From.Label, To: k.To.Label, Undirected: k.Undirected()}
			for _, f := range k.Keys {
				t.Keys = append(t.Keys, f.Name)
			}
			out[k.Type] = t
		}
		for _, f := range k.Links {
			out[f.Rel] = RelType{Type: f.Rel, From: k.Label, To: f.Label}
		}
	}
	return out
}()
