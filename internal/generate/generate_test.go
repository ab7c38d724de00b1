package generate

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/ndjson"
)

func generate(t *testing.T, opts Options) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Write(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), st
}

func TestDeterministic(t *testing.T) {
	a, _ := generate(t, Options{People: 3000, Seed: 7})
	b, _ := generate(t, Options{People: 3000, Seed: 7})
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	c, _ := generate(t, Options{People: 3000, Seed: 8})
	if bytes.Equal(a, c) {
		t.Fatal("seeds 7 and 8 give the same data set")
	}
}

func TestRejectsNoPeople(t *testing.T) {
	if _, err := Write(io.Discard, Options{People: 0}); err == nil {
		t.Fatal("People = 0 accepted")
	}
}

// TestTiny covers sizes below every minimum: nothing may reference a
// missing node or loop.
func TestTiny(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			out, st := generate(t, Options{People: n, Seed: 1})
			check(t, out, st)
		})
	}
}

// graph is what the checks learn from a data set.
type graph struct {
	degree       map[string]int
	team         map[string]bool
	currentJobs  map[string][]string // person -> companies without until
	signalKinds  map[string]int
	engagementAt []time.Time
}

// check asserts the data set is a valid import and returns its shape.
func check(t *testing.T, out []byte, st Stats) graph {
	t.Helper()
	g := graph{degree: map[string]int{}, team: map[string]bool{}, currentJobs: map[string][]string{}, signalKinds: map[string]int{}}
	ids := map[string]map[string]bool{}
	var refs []model.Ref
	counts := map[string]int64{}
	pairs := map[[2]string]bool{}
	engagements := map[string]bool{}
	var lines int64
	seenRel := false
	err := ndjson.Lines(bytes.NewReader(out), func(n int, line []byte) error {
		lines++
		rec, err := ndjson.ParseLine(n, line)
		if err != nil {
			return err
		}
		if rec == nil {
			return fmt.Errorf("line %d is blank", n)
		}
		counts[rec.Kind.Name]++
		refs = append(refs, rec.Refs...)
		if rec.Kind.IsNode() && rec.Kind.Name != "interaction" {
			if seenRel {
				return fmt.Errorf("line %d: node after a relationship", n)
			}
			label := rec.Kind.Label
			if ids[label] == nil {
				ids[label] = map[string]bool{}
			}
			if ids[label][rec.ID] {
				return fmt.Errorf("line %d: %s %s defined twice", n, label, rec.ID)
			}
			ids[label][rec.ID] = true
		} else {
			seenRel = true
		}
		props, _ := rec.Row["props"].(map[string]any)
		switch rec.Kind.Name {
		case "person":
			g.team[rec.ID] = props["team"] == true
		case "signal":
			g.signalKinds[props["kind"].(string)]++
		case "works_at":
			if _, past := props["until"]; !past {
				p := rec.Row["from"].(string)
				g.currentJobs[p] = append(g.currentJobs[p], rec.Row["to"].(string))
			}
		case "knows":
			a, b := rec.Row["from"].(string), rec.Row["to"].(string)
			if pairs[[2]string{a, b}] {
				return fmt.Errorf("line %d: pair %s-%s twice", n, a, b)
			}
			pairs[[2]string{a, b}] = true
			g.degree[a]++
			g.degree[b]++
			s := props["strength"].(float64)
			if s < 0.1 || s > 1 || math.Round(s*100)/100 != s {
				return fmt.Errorf("line %d: strength %v not in 0.10..1.00 with 2 decimals", n, s)
			}
		case "engaged":
			keys := rec.Row["keys"].(map[string]any)
			at := keys["at"].(time.Time)
			k := fmt.Sprint(rec.Row["from"], rec.Row["to"], keys["action"], at)
			if engagements[k] {
				return fmt.Errorf("line %d: engagement twice", n)
			}
			engagements[k] = true
			g.engagementAt = append(g.engagementAt, at)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		if !ids[r.Label][r.ID] {
			t.Fatalf("%s points to %s %s, which is not defined", r.Field, r.Label, r.ID)
		}
	}
	if st.Lines != lines || st.Bytes != int64(len(out)) {
		t.Errorf("stats say %d lines, %d bytes; output has %d lines, %d bytes", st.Lines, st.Bytes, lines, len(out))
	}
	for _, k := range model.Kinds {
		if st.Counts[k.Name] != counts[k.Name] {
			t.Errorf("stats say %d %s lines, output has %d", st.Counts[k.Name], k, counts[k.Name])
		}
	}
	for p, cs := range g.currentJobs {
		if len(cs) > 1 {
			t.Errorf("%s has %d current jobs", p, len(cs))
		}
	}
	return g
}

func TestValidAndShaped(t *testing.T) {
	const n = 2000
	out, st := generate(t, Options{People: n, Seed: 1})
	g := check(t, out, st)

	wantAtLeast := map[string]int64{
		"person": n, "company": 50, "topic": 30, "content": 40,
		"signal": n / 5, "works_at": n * 9 / 10, "knows": n * 5, "interested_in": n, "engaged": n / 2,
	}
	for k, want := range wantAtLeast {
		if st.Counts[k] < want {
			t.Errorf("%d %s lines, want at least %d", st.Counts[k], k, want)
		}
	}

	// Degrees: a heavy tail over a modest median.
	var degrees []int
	for i := range n {
		degrees = append(degrees, g.degree["p"+strconv.Itoa(i)])
	}
	slices.Sort(degrees)
	median, top := degrees[n/2], degrees[n-1]
	t.Logf("KNOWS degree: min %d, p10 %d, median %d, p90 %d, p99 %d, max %d",
		degrees[0], degrees[n/10], median, degrees[n*9/10], degrees[n*99/100], top)
	if median < 3 || median > 60 {
		t.Errorf("median degree %d, want 3..60", median)
	}
	if top < 10*median {
		t.Errorf("max degree %d, want at least 10 x median %d", top, median)
	}

	// Team: p0 and about 0.5% of people, all currently at c0, nobody else there.
	team := 0
	for p, isTeam := range g.team {
		works := g.currentJobs[p]
		atC0 := len(works) == 1 && works[0] == "c0"
		if isTeam != atC0 {
			t.Errorf("%s: team %v but current jobs %v", p, isTeam, works)
		}
		if isTeam {
			team++
		}
	}
	if !g.team["p0"] {
		t.Error("p0 is not on the team")
	}
	if team < 4 || team > 25 {
		t.Errorf("%d team members of %d people, want about 0.5%%", team, n)
	}

	// Every signal kind the questions use shows up.
	for _, k := range []string{"MENTION", "JOB_CHANGE", "PROMOTION", "FUNDING_ROUND", "REFERRAL", "REVIEW", "BUG_REPORT"} {
		if g.signalKinds[k] == 0 {
			t.Errorf("no %s signal", k)
		}
	}
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for _, at := range g.engagementAt {
		if at.Before(from) || !at.Before(to) {
			t.Fatalf("engagement at %v, outside 2024-01-01..2026-11-20", at)
		}
	}
}

// TestMeasure writes large data sets to files and reports their size:
// RELGRAPH_GENERATE_SIZES=10000,100000,1000000 go test -run Measure -v ./generate/
func TestMeasure(t *testing.T) {
	sizes := os.Getenv("RELGRAPH_GENERATE_SIZES")
	if sizes == "" {
		t.Skip("RELGRAPH_GENERATE_SIZES not set")
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "data.ndjson")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		st, err := Write(f, Options{People: n, Seed: 1})
		elapsed := time.Since(start)
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, k := range model.Kinds {
			parts = append(parts, fmt.Sprintf("%s %d", k, st.Counts[k.Name]))
		}
		t.Logf("%d people: %d lines, %d bytes in %s: %s", n, st.Lines, st.Bytes, elapsed.Round(time.Millisecond), strings.Join(parts, ", "))
		if os.Getenv("RELGRAPH_GENERATE_DEGREES") != "" {
			logDegrees(t, path, n)
		}
	}
}

func logDegrees(t *testing.T, path string, n int) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	degree := make([]int, n)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.HasPrefix(line, []byte(`{"type":"knows"`)) {
			continue
		}
		rec, err := ndjson.ParseLine(0, line)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"a", "b"} {
			i, _ := strconv.Atoi(strings.TrimPrefix(rec.Row[f].(string), "p"))
			degree[i]++
		}
	}
	slices.Sort(degree)
	var parts []string
	for _, q := range []float64{0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1} {
		parts = append(parts, fmt.Sprintf("p%g %d", q*100, degree[min(n-1, int(q*float64(n)))]))
	}
	t.Logf("KNOWS degree percentiles: %s", strings.Join(parts, ", "))
}

// The interactions of a data set belong to its KNOWS pairs, every pair has
// some (about 4 on average, a power law with a long tail), they are valid
// lines, and kinds and directions are mixed as real mailboxes and
// calendars are.
func TestInteractionsFollowTheKnowsPairs(t *testing.T) {
	graph, _ := generate(t, Options{People: 2000, Seed: 3})
	out, st := generate(t, Options{People: 2000, Seed: 3, Interactions: true})
	again, _ := generate(t, Options{People: 2000, Seed: 3, Interactions: true})
	if !bytes.Equal(out, again) {
		t.Fatal("two runs with the same seed differ")
	}
	pairs := map[[2]string]int{}
	if err := ndjson.Lines(bytes.NewReader(graph), func(n int, line []byte) error {
		rec, err := ndjson.ParseLine(n, line)
		if err == nil && rec.Kind.Name == "knows" {
			pairs[[2]string{rec.Row["from"].(string), rec.Row["to"].(string)}] = 0
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	kinds, dirs := map[string]int{}, map[string]int{}
	most := 0
	if err := ndjson.Lines(bytes.NewReader(out), func(n int, line []byte) error {
		rec, err := ndjson.ParseLine(n, line)
		if err != nil {
			return err
		}
		p := rec.Row["props"].(map[string]any)
		pair := [2]string{p["a"].(string), p["b"].(string)}
		if _, ok := pairs[pair]; !ok {
			return fmt.Errorf("line %d: %v is no KNOWS pair", n, pair)
		}
		pairs[pair]++
		most = max(most, pairs[pair])
		kinds[p["kind"].(string)]++
		dirs[p["direction"].(string)]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for pair, n := range pairs {
		if n == 0 {
			t.Fatalf("pair %v has no interactions", pair)
		}
	}
	mean := float64(st.Counts["interaction"]) / float64(len(pairs))
	if st.Counts["interaction"] != st.Lines || mean < 3 || mean > 6 || most < 50 {
		t.Errorf("%d interactions over %d pairs (mean %.2f, most %d)", st.Counts["interaction"], len(pairs), mean, most)
	}
	if len(kinds) != 5 || len(dirs) != 3 || kinds["EMAIL"] < kinds["MEETING"] {
		t.Errorf("kinds %v, directions %v", kinds, dirs)
	}
}
