package importer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

// A bulk load turns a file into the CSV files of Neo4j's offline importer
// (neo4j-admin database import full), for an empty database that is not
// running. It takes the same lines and the same validation as Import, and
// writes the graph Import would: every node and relationship once per
// identity (a node's label, id and keys; a relationship's type, ends and
// keys), with what the lines of that identity give folded in file order
// as the upserts fold it (defaults on creation, later values over earlier
// ones, provenance entries added, the first per kind and owner kept).
// Strengths computed from interactions are left to the caller, once the
// database runs (Bulk.Pairs).

// Bulk is a file written as CSV for the offline importer.
type Bulk struct {
	// Dir holds the files.
	Dir string
	// Groups are the node and relationship files, one header and one body
	// each, nodes first.
	Groups []BulkGroup
	// Multiline is set when a value holds a line break.
	Multiline bool
	// Pairs are the pairs whose strengths must be computed from their
	// interactions once the graph is loaded (model.StrengthPair).
	Pairs []model.Pair
}

// BulkGroup is one node label's or relationship type's files.
type BulkGroup struct {
	Node         bool
	Name         string // the label or the relationship type
	Header, Body string
	Rows         int
}

// ArrayDelimiter separates the entries of a list in the CSV files: a
// control character no provenance entry holds.
const ArrayDelimiter = '\x1f'

// Args are the importer's arguments for the files, before the database
// name.
func (b *Bulk) Args() []string {
	var args []string
	for _, g := range b.Groups {
		flag := "--relationships="
		if g.Node {
			flag = "--nodes="
		}
		args = append(args, flag+g.Name+"="+g.Header+","+g.Body)
	}
	args = append(args, fmt.Sprintf("--array-delimiter=U+%04X", ArrayDelimiter), "--report-file="+filepath.Join(b.Dir, "import.report"))
	if b.Multiline {
		args = append(args, "--multiline-fields=true")
	}
	return args
}

// emptyDatabase is the database a bulk load writes: nothing exists in it
// and nobody was erased from it.
type emptyDatabase struct{}

func (emptyDatabase) MissingIDs(_ context.Context, _ string, ids []string) ([]string, error) {
	return ids, nil
}

func (emptyDatabase) Suppressed(context.Context, []string) ([]string, error) { return nil, nil }

// WriteBulk validates the file as Import does, against an empty database,
// and writes it as CSV files into dir, which must not exist. A file with
// bad lines writes nothing (ErrInvalid, the errors in the summary). The
// file is parsed once, or twice when some identity has more than one line.
func WriteBulk(ctx context.Context, open Opener, dir string, opts Options) (*Summary, *Bulk, error) {
	if opts.MaxErrors <= 0 {
		opts.MaxErrors = 100
	}
	start := time.Now()
	sum := &Summary{Counts: map[*model.Kind]int{}, Writers: 1}
	defer func() { sum.Duration = time.Since(start) }()
	if err := os.Mkdir(dir, 0o755); err != nil {
		return sum, nil, err
	}
	w, err := newBulkWriter(dir)
	if err != nil {
		return sum, nil, errors.Join(err, os.RemoveAll(dir))
	}
	ok := false
	defer func() {
		w.close()
		if !ok {
			os.RemoveAll(dir)
		}
	}()
	// The first pass validates and writes every record as if each were
	// the only one of its identity, keeping a hash of each identity.
	seed := maphash.MakeSeed()
	var hashes hashSet
	pairs := model.PairSet{}
	_, _, err = validate(ctx, open, emptyDatabase{}, opts, sum, func(rec *model.Record) error {
		sum.Counts[rec.Kind]++
		pairs.Add(rec)
		hashes.add(maphash.String(seed, identity(rec)))
		return w.write(rec.Kind, rec.Row, &entity{one: rec})
	})
	if err != nil {
		return sum, nil, err
	}
	dups := hashes.repeated()
	if len(dups) > 0 {
		// Some identities have several lines: write again, those folded.
		if err := w.reset(); err != nil {
			return sum, nil, err
		}
		folded := map[string]*entity{}
		var order []*model.Record // the first record of each folded identity
		err := scan(ctx, open, parsers(), nil, func(n int, rec *model.Record, err error) error {
			if err != nil {
				return fmt.Errorf("the input changed while importing: %w", err)
			}
			if rec == nil {
				return nil
			}
			id := identity(rec)
			if !dups[maphash.String(seed, id)] {
				return w.write(rec.Kind, rec.Row, &entity{one: rec})
			}
			e := folded[id]
			if e == nil {
				e = &entity{}
				folded[id] = e
				order = append(order, rec)
			}
			e.apply(rec)
			return nil
		})
		if err != nil {
			return sum, nil, err
		}
		for _, rec := range order {
			if err := w.write(rec.Kind, rec.Row, folded[identity(rec)]); err != nil {
				return sum, nil, err
			}
		}
	}
	bulk, err := w.finish()
	if err != nil {
		return sum, nil, err
	}
	bulk.Pairs = pairs.List()
	ok = true
	return sum, bulk, nil
}

// hashSet holds a hash per record, spread over buckets by their top byte:
// a file's millions of hashes then grow a bucket at a time, never one
// slice copied whole into one twice its size.
type hashSet [256][]uint64

func (h *hashSet) add(x uint64) { h[x>>56] = append(h[x>>56], x) }

// repeated returns the hashes added more than once, and empties the set.
func (h *hashSet) repeated() map[uint64]bool {
	dups := map[uint64]bool{}
	for b := range h {
		bucket := h[b]
		slices.Sort(bucket)
		for i := 1; i < len(bucket); i++ {
			if bucket[i] == bucket[i-1] {
				dups[bucket[i]] = true
			}
		}
		h[b] = nil
	}
	return dups
}

// identity is what tells a record's node or relationship apart: the
// statement's MERGE pattern (model.Kind.Keys).
func identity(rec *model.Record) string {
	var b strings.Builder
	b.WriteString(rec.Kind.Name)
	if rec.Kind.IsNode() {
		b.WriteString("\x00" + rec.ID)
	} else {
		b.WriteString("\x00" + rec.Row["from"].(string) + "\x00" + rec.Row["to"].(string))
	}
	keys, _ := rec.Row["keys"].(map[string]any)
	for _, f := range rec.Kind.Keys {
		b.WriteString("\x00")
		b.WriteString(csvValue(keys[f.Name]))
	}
	return b.String()
}

// entity is what the lines of one identity write, folded as the upserts
// fold them; or, for an identity of one line, that line's record as it
// is (one), which folds to the same without copying it.
type entity struct {
	one     *model.Record
	created bool
	props   map[string]any
	sources []string
	links   map[string][]string
}

// prop is the value of a stored property, if the entity has one.
func (e *entity) prop(name string) (any, bool) {
	if e.one == nil {
		v, ok := e.props[name]
		return v, ok
	}
	row := e.one.Row
	if props, _ := row["props"].(map[string]any); props != nil {
		if v, ok := props[name]; ok {
			return v, v != nil // a null removes a property
		}
	}
	if create, _ := row["create"].(map[string]any); create != nil {
		if v, ok := create[name]; ok {
			return v, true
		}
	}
	keys, _ := row["keys"].(map[string]any)
	v, ok := keys[name]
	return v, ok
}

// provenance is the entity's provenance entries.
func (e *entity) provenance() []string {
	if e.one == nil {
		return e.sources
	}
	entries, _ := e.one.Row["sources"].([]string)
	return entries
}

// linked is the ids of link f, each once (a record holds each once), in
// order.
func (e *entity) linked(f *model.Column) []string {
	if e.one == nil {
		return e.links[f.Name]
	}
	ids, _ := e.one.Row[f.Name].([]string)
	return ids
}

// apply folds one more record in: on the first, the keys and defaults;
// then its properties over those before (a null removes one), its new
// provenance entries and its links.
func (e *entity) apply(rec *model.Record) {
	row := rec.Row
	if !e.created {
		e.created = true
		e.props = map[string]any{}
		for _, m := range []string{"keys", "create"} {
			if x, ok := row[m].(map[string]any); ok {
				for k, v := range x {
					e.props[k] = v
				}
			}
		}
	}
	props, _ := row["props"].(map[string]any)
	for k, v := range props {
		if v == nil {
			delete(e.props, k)
		} else {
			e.props[k] = v
		}
	}
	if entries, ok := row["sources"].([]string); ok {
		e.sources = model.AddSources(e.sources, entries)
	}
	for _, f := range rec.Kind.Links {
		ids, _ := row[f.Name].([]string)
		for _, id := range ids {
			if !slices.Contains(e.links[f.Name], id) {
				if e.links == nil {
					e.links = map[string][]string{}
				}
				e.links[f.Name] = append(e.links[f.Name], id)
			}
		}
	}
}

// table is one CSV body being written: a kind's, or a link's of kind.
type table struct {
	group   BulkGroup
	kind    *model.Kind
	link    *model.Column
	columns []*model.Column // the stored properties, after the ids
	file    *os.File
	w       *bufio.Writer
	line    []byte
}

type bulkWriter struct {
	dir       string
	tables    []*table // in the importer's order
	kinds     map[*model.Kind]*table
	links     map[*model.Column]*table
	multiline bool
}

func newBulkWriter(dir string) (*bulkWriter, error) {
	w := &bulkWriter{dir: dir, kinds: map[*model.Kind]*table{}, links: map[*model.Column]*table{}}
	add := func(t *table) error {
		name := strings.ToLower(t.group.Name)
		if t.group.Node {
			name = "nodes-" + name
		} else {
			name = "relationships-" + name
		}
		t.group.Header = filepath.Join(w.dir, name+"-header.csv")
		t.group.Body = filepath.Join(w.dir, name+".csv")
		var err error
		if t.file, err = os.Create(t.group.Body); err != nil {
			return err
		}
		t.w = bufio.NewWriterSize(t.file, 1<<20)
		w.tables = append(w.tables, t)
		return nil
	}
	for _, k := range model.Kinds {
		if k.IsNode() {
			if err := add(&table{group: BulkGroup{Node: true, Name: k.Label}, kind: k, columns: k.Stored()}); err != nil {
				return w, err
			}
			w.kinds[k] = w.tables[len(w.tables)-1]
		}
	}
	for _, k := range model.Kinds {
		if !k.IsNode() {
			if err := add(&table{group: BulkGroup{Name: k.Type}, kind: k, columns: k.Stored()}); err != nil {
				return w, err
			}
			w.kinds[k] = w.tables[len(w.tables)-1]
		}
		for _, f := range k.Links {
			if err := add(&table{group: BulkGroup{Name: f.Rel}, kind: k, link: f}); err != nil {
				return w, err
			}
			w.links[f] = w.tables[len(w.tables)-1]
		}
	}
	return w, nil
}

// write adds the rows of one node or relationship: a node's own and one
// per link.
func (w *bulkWriter) write(k *model.Kind, row map[string]any, e *entity) error {
	t := w.kinds[k]
	t.line = t.line[:0]
	if k.IsNode() {
		t.line = w.field(t.line, row["id"])
	} else {
		t.line = w.field(t.line, row["from"])
		t.line = append(t.line, ',')
		t.line = w.field(t.line, row["to"])
	}
	for _, c := range t.columns {
		t.line = append(t.line, ',')
		if c.IsProvenance() {
			if sources := e.provenance(); len(sources) > 0 {
				for _, s := range sources {
					if strings.ContainsRune(s, ArrayDelimiter) {
						return fmt.Errorf("%s entry %q holds the control character U+%04X", c.Name, s, ArrayDelimiter)
					}
				}
				t.line = w.field(t.line, strings.Join(sources, string(ArrayDelimiter)))
			}
			continue
		}
		if v, ok := e.prop(c.Name); ok {
			t.line = w.field(t.line, v)
		}
	}
	t.line = append(t.line, '\n')
	t.group.Rows++
	if _, err := t.w.Write(t.line); err != nil {
		return err
	}
	for _, f := range k.Links {
		lt := w.links[f]
		for _, id := range e.linked(f) {
			lt.line = w.field(lt.line[:0], row["id"])
			lt.line = append(lt.line, ',')
			lt.line = w.field(lt.line, id)
			lt.line = append(lt.line, '\n')
			lt.group.Rows++
			if _, err := lt.w.Write(lt.line); err != nil {
				return err
			}
		}
	}
	return nil
}

// field appends one CSV field: strings quoted, quotes doubled.
func (w *bulkWriter) field(line []byte, v any) []byte {
	s, quote := csvValue(v), false
	switch v.(type) {
	case string, []string:
		quote = true
	}
	if !quote {
		return append(line, s...)
	}
	if strings.ContainsAny(s, "\r\n") {
		w.multiline = true
	}
	line = append(line, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			line = append(line, '"')
		}
		line = append(line, s[i])
	}
	return append(line, '"')
}

// csvValue is how the importer reads a value of each stored type back.
func csvValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		// A time in UTC with the zone's name, as the driver sends it.
		return x.UTC().Format(time.RFC3339Nano) + "[UTC]"
	}
	panic(fmt.Sprintf("importer: no CSV form for %T", v))
}

// csvType is the header type of a column.
func csvType(c *model.Column) string {
	t := c.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case c.IsProvenance():
		return "string[]"
	case t == reflect.TypeOf(model.DateTime{}):
		return "datetime"
	case t.Kind() == reflect.String:
		return "string"
	case t.Kind() == reflect.Float64:
		return "double"
	case t.Kind() == reflect.Bool:
		return "boolean"
	}
	panic(fmt.Sprintf("importer: no CSV type for column %s (%s)", c.Name, t))
}

// reset empties every body, to write again.
func (w *bulkWriter) reset() error {
	w.multiline = false
	for _, t := range w.tables {
		t.w.Reset(t.file)
		t.group.Rows = 0
		if err := t.file.Truncate(0); err != nil {
			return err
		}
		if _, err := t.file.Seek(0, 0); err != nil {
			return err
		}
	}
	return nil
}

// finish writes the headers and closes the bodies. Empty groups are left
// out.
func (w *bulkWriter) finish() (*Bulk, error) {
	b := &Bulk{Dir: w.dir, Multiline: w.multiline}
	for _, t := range w.tables {
		if err := t.w.Flush(); err != nil {
			return nil, err
		}
		if err := t.file.Close(); err != nil {
			return nil, err
		}
		t.file = nil
		if t.group.Rows == 0 {
			continue
		}
		var header []string
		k := t.kind
		switch {
		case t.link != nil:
			header = []string{":START_ID(" + k.Label + ")", ":END_ID(" + t.link.Label + ")"}
		case k.IsNode() && len(k.Keys) == 0:
			header = []string{"id:ID(" + k.Label + ")"}
		case k.IsNode():
			// Nodes identified by more than their id are not the end of
			// any relationship: no id space.
			header = []string{"id:string"}
		default:
			header = []string{":START_ID(" + k.From.Label + ")", ":END_ID(" + k.To.Label + ")"}
		}
		for _, c := range t.columns {
			header = append(header, c.Name+":"+csvType(c))
		}
		if err := os.WriteFile(t.group.Header, []byte(strings.Join(header, ",")+"\n"), 0o644); err != nil {
			return nil, err
		}
		b.Groups = append(b.Groups, t.group)
	}
	return b, nil
}

// close closes whatever is still open.
func (w *bulkWriter) close() {
	for _, t := range w.tables {
		if t.file != nil {
			t.file.Close()
		}
	}
}
