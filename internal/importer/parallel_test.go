package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/ndjson"
)

func textOpener(text string) Opener {
	return func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(text)), nil }
}

// scan hands every line to fn in file order with its number, whatever the
// number of parsers, across many chunks.
func TestScanKeepsFileOrder(t *testing.T) {
	var b strings.Builder
	const lines = 5*chunkLines + 17
	for i := 1; i <= lines; i++ {
		switch {
		case i%1000 == 0:
			b.WriteString("\n") // blank
		case i%777 == 0:
			b.WriteString(`{"type":"person"}` + "\n") // missing id
		default:
			fmt.Fprintf(&b, `{"type":"person","id":"p%d"}`+"\n", i)
		}
	}
	for _, workers := range []int{1, 2, 7} {
		next := 1
		var blank, bad int
		err := scan(context.Background(), textOpener(b.String()), workers, nil, func(n int, rec *model.Record, err error) error {
			if n != next {
				return fmt.Errorf("line %d after line %d", n, next-1)
			}
			next++
			switch {
			case err != nil:
				var le *ndjson.LineError
				if !errors.As(err, &le) || le.Line != n || n%777 != 0 {
					return fmt.Errorf("line %d: unexpected %v", n, err)
				}
				bad++
			case rec == nil:
				blank++
			case rec.ID != fmt.Sprintf("p%d", n):
				return fmt.Errorf("line %d has id %s", n, rec.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%d workers: %v", workers, err)
		}
		// 5137 lines: blanks at 1000..5000, missing ids at multiples of
		// 777 up to 4662 (6 of them).
		if next != lines+1 || blank != 5 || bad != 6 {
			t.Fatalf("%d workers: %d lines, %d blank, %d bad", workers, next-1, blank, bad)
		}
	}
}

// An error from fn stops the scan and is returned; nothing hangs.
func TestScanStopsAtFirstError(t *testing.T) {
	text := strings.Repeat(`{"type":"topic","id":"crm"}`+"\n", 10*chunkLines)
	stop := errors.New("stop")
	calls := 0
	err := scan(context.Background(), textOpener(text), 3, nil, func(n int, _ *model.Record, _ error) error {
		calls++
		if n == 1500 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 1500 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
	failing := func() (io.ReadCloser, error) { return nil, errors.New("cannot open") }
	if err := scan(context.Background(), failing, 2, nil, func(int, *model.Record, error) error { return nil }); err == nil || err.Error() != "cannot open" {
		t.Fatalf("open error: %v", err)
	}
}

// fakeGraph applies batches the way the upsert statements do (a later line
// overwrites the fields it gives) and checks that batches running at the
// same time never touch the same node.
type fakeGraph struct {
	mu      sync.Mutex
	nodes   map[string]map[string]any // label:id -> props
	edges   map[string]map[string]any // kind:ends -> props
	busy    map[string]bool           // label:id of nodes in running batches
	clashes []string
	batches int
	// refreshed lists the pairs whose strengths were asked for.
	refreshed []model.Pair
	// changes lists the kinds each import noted as changed.
	changes [][]string
}

func newFakeGraph() *fakeGraph {
	return &fakeGraph{nodes: map[string]map[string]any{}, edges: map[string]map[string]any{}, busy: map[string]bool{}}
}

func (g *fakeGraph) MissingIDs(context.Context, string, []string) ([]string, error) {
	return nil, nil
}

// touched lists the nodes a row writes or links.
func touched(kind *model.Kind, links bool, row map[string]any) []string {
	str := func(k string) string { s, _ := row[k].(string); return s }
	if !kind.IsNode() {
		return []string{kind.From.Label + ":" + str("from"), kind.To.Label + ":" + str("to")}
	}
	out := []string{kind.Label + ":" + str("id")}
	if links {
		for _, f := range kind.Links {
			for _, id := range row[f.Name].([]string) {
				out = append(out, f.Label+":"+id)
			}
		}
	}
	return out
}

func (g *fakeGraph) WriteBatch(_ context.Context, kind *model.Kind, links bool, rows []map[string]any) error {
	var mine []string
	g.mu.Lock()
	g.batches++
	for _, row := range rows {
		for _, n := range touched(kind, links, row) {
			if g.busy[n] {
				g.clashes = append(g.clashes, n)
			}
			mine = append(mine, n)
		}
	}
	for _, n := range mine {
		g.busy[n] = true
	}
	g.mu.Unlock()

	for range rand.IntN(50) {
		_ = rand.IntN(1000) // let other writers run meanwhile
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	for _, n := range mine {
		delete(g.busy, n)
	}
	for _, row := range rows {
		props, _ := row["props"].(map[string]any)
		var key string
		var into map[string]map[string]any
		switch {
		case kind.IsNode() && links:
			continue
		case kind.IsNode():
			key, into = kind.Name+":"+row["id"].(string), g.nodes
		default:
			key, into = kind.Name+":"+row["from"].(string)+"-"+row["to"].(string), g.edges
		}
		if into[key] == nil {
			into[key] = map[string]any{}
		}
		maps.Copy(into[key], props)
	}
	return nil
}

// Suppressed: the fake graph has no erased people.
func (g *fakeGraph) Suppressed(context.Context, []string) ([]string, error) { return nil, nil }

// NoteChange keeps the kinds each import said it wrote.
func (g *fakeGraph) NoteChange(_ context.Context, kinds []string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.changes = append(g.changes, kinds)
	return nil
}

func (g *fakeGraph) RefreshStrengths(_ context.Context, pairs []model.Pair) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refreshed = append(g.refreshed, pairs...)
	return nil
}

// A file with repeated ids and pairs, written by one writer and by several
// with tiny batches, ends in the same graph: concurrent batches never share
// a node and the last line about a node or pair wins.
func TestParallelWritesMatchSerial(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	var b strings.Builder
	b.WriteString(`{"type":"topic","id":"crm","name":"CRM"}` + "\n")
	b.WriteString(`{"type":"topic","id":"ai","name":"AI"}` + "\n")
	for i := range 3000 {
		p := r.IntN(200)
		q := r.IntN(200)
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, `{"type":"person","id":"p%d","title":"t%d"}`+"\n", p, i)
		case 1:
			if p != q {
				fmt.Fprintf(&b, `{"type":"knows","a":"p%d","b":"p%d","strength":0.%d}`+"\n", p, q, i%10)
			}
		case 2:
			topic := []string{"crm", "ai"}[i%2]
			fmt.Fprintf(&b, `{"type":"interested_in","person":"p%d","topic":"%s","weight":%d}`+"\n", p, topic, i)
		}
	}
	for p := range 200 {
		fmt.Fprintf(&b, `{"type":"person","id":"p%d"}`+"\n", p)
	}
	text := b.String()

	serial := newFakeGraph()
	if _, err := Import(context.Background(), textOpener(text), serial, Options{Writers: 1, BatchSize: 1}); err != nil {
		t.Fatal(err)
	}
	for _, writers := range []int{2, 4} {
		g := newFakeGraph()
		sum, err := Import(context.Background(), textOpener(text), g, Options{Writers: writers, BatchSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(g.clashes) > 0 {
			t.Fatalf("%d writers: concurrent batches touched %v", writers, g.clashes[:min(5, len(g.clashes))])
		}
		if !equalGraphs(serial.nodes, g.nodes) || !equalGraphs(serial.edges, g.edges) {
			t.Fatalf("%d writers: the graph differs from the serial import", writers)
		}
		if sum.Records != strings.Count(text, "\n") || sum.Writers != writers || g.batches < sum.Records/3 {
			t.Fatalf("%d writers: summary %+v, %d batches", writers, sum, g.batches)
		}
		if want := [][]string{{"interested_in", "knows", "person", "topic"}}; !reflect.DeepEqual(g.changes, want) {
			t.Fatalf("%d writers: changes noted %v, want %v", writers, g.changes, want)
		}
	}
	if len(serial.nodes) != 202 {
		t.Fatalf("serial import wrote %d nodes, want 200 people and 2 topics", len(serial.nodes))
	}
}

func equalGraphs(a, b map[string]map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !maps.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// A failing write stops the import with that error, whichever writer hit
// it.
func TestParallelWriteErrorStops(t *testing.T) {
	var b strings.Builder
	for i := range 500 {
		fmt.Fprintf(&b, `{"type":"person","id":"p%d"}`+"\n", i)
	}
	w := &failingWriter{fakeGraph: newFakeGraph(), after: 10}
	_, err := Import(context.Background(), textOpener(b.String()), w, Options{Writers: 3, BatchSize: 5})
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "person lines") {
		t.Fatalf("got %v", err)
	}
	// What was written before the failure is a change all the same.
	if want := [][]string{{"person"}}; !reflect.DeepEqual(w.changes, want) {
		t.Fatalf("changes noted %v, want %v", w.changes, want)
	}
}

type failingWriter struct {
	*fakeGraph
	after int
	n     int
	mu    sync.Mutex
}

func (f *failingWriter) WriteBatch(ctx context.Context, kind *model.Kind, links bool, rows []map[string]any) error {
	f.mu.Lock()
	f.n++
	fail := f.n > f.after
	f.mu.Unlock()
	if fail {
		return errors.New("disk full")
	}
	return f.fakeGraph.WriteBatch(ctx, kind, links, rows)
}

// Lines want refuses are not parsed: even a malformed one gives no record
// and no error.
func TestScanSkipsUnwantedLines(t *testing.T) {
	text := `{"type":"topic","id":"crm"}
not json at all
{"type":"topic","id":"ai"}
`
	var got []string
	err := scan(context.Background(), textOpener(text), 2, func(n int) bool { return n != 2 }, func(n int, rec *model.Record, err error) error {
		switch {
		case err != nil:
			return err
		case rec == nil:
			got = append(got, fmt.Sprintf("%d:skipped", n))
		default:
			got = append(got, fmt.Sprintf("%d:%s", n, rec.ID))
		}
		return nil
	})
	if err != nil || strings.Join(got, " ") != "1:crm 2:skipped 3:ai" {
		t.Fatalf("got %v, %v", got, err)
	}
}

// After everything is written, the strengths of the pairs the file's
// interactions (and knows lines asking for computed strengths) touch are
// refreshed, each pair once, whichever way round the lines name it.
func TestImportRefreshesTouchedPairs(t *testing.T) {
	text := `{"type":"person","id":"p1"}
{"type":"person","id":"p2"}
{"type":"person","id":"p3"}
{"type":"interaction","id":"m1","source":"gmail","a":"p2","b":"p1","kind":"EMAIL","direction":"A_TO_B","at":"2026-11-01"}
{"type":"interaction","id":"m2","source":"gmail","a":"p1","b":"p2","kind":"EMAIL","direction":"A_TO_B","at":"2026-11-02"}
{"type":"knows","a":"p3","b":"p2","strengthSource":"COMPUTED"}
{"type":"knows","a":"p1","b":"p3","strength":0.5}
`
	g := newFakeGraph()
	sum, err := Import(context.Background(), textOpener(text), g, Options{Writers: 2, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(g.refreshed) != "[[p1 p2] [p2 p3]]" || sum.Pairs != 2 {
		t.Fatalf("refreshed %v (summary %d pairs)", g.refreshed, sum.Pairs)
	}
}
