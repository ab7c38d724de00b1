package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/small.svg from the current output")

var smallReports = []string{"testdata/small/10k.json", "testdata/small/1m.json", "testdata/small/100k.json"}

// TestGolden draws the hand-written reports of testdata/small: three data
// sizes given out of order, rows at 16 clients to leave out, a question
// without hops, a reference missing at 1M and failed requests at 100k.
func TestGolden(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(smallReports, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/small.svg"
	if *update {
		if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := stdout.Bytes(); !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (rerun with -update if the change is meant):\n%s", golden, firstDiff(string(got), string(want)))
	}
	wantWarn := "relchart: warning: testdata/small/100k.json: connections d2, 1 client, relgraph over HTTP: 2 of 400 requests failed; plotted with a hollow marker; first error: HTTP 504: upstream timeout\n"
	if stderr.String() != wantWarn {
		t.Errorf("stderr = %q, want %q", stderr.String(), wantWarn)
	}

	svg := stdout.String()
	for _, want := range []string{
		"p99 latency vs. data size, 1 client</text>",
		"3 relbench runs at 10k, 100k, 1M people; 5s per question and side; seed 1",
		`connections d2</tspan><tspan fill="#666666"> 2 hops</tspan>`,
		">target 20 ms<", ">target 100 ms<",
		">10k<", ">100k<", ">1M<",
		// The 16-client row of connections d1 (p99 19 ms) is left out.
		"relgraph over HTTP /graphql, 10k people: p99 2.1 ms, 4000 requests",
		"relgraph over HTTP /graphql, 100k people: p99 38 ms, 400 requests, 2 failed",
		"hollow: some requests failed",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(svg, "p99 19 ms") || strings.Contains(svg, "customerValue</tspan><tspan") {
		t.Error("output has a 16-client row, or hops for a question without them")
	}
	// One panel per question in the order first seen; customerValue has no
	// target line.
	if got := strings.Count(svg, `stroke-dasharray="5 3"><title>`); got != 2 {
		t.Errorf("%d target lines, want 2", got)
	}
	d1, d2, cv := strings.Index(svg, ">connections d1<"), strings.Index(svg, ">connections d2<"), strings.Index(svg, ">customerValue<")
	if d1 < 0 || d2 < d1 || cv < d2 {
		t.Errorf("panels out of order: connections d1 at %d, connections d2 at %d, customerValue at %d", d1, d2, cv)
	}
	// Reference: at 10k and 100k for both hop questions: two lines of two
	// points, three markers each for the other sides of three questions.
	if got := strings.Count(svg, "<polygon "); got != 4+1 {
		t.Errorf("%d triangles, want 4 in panels and 1 in the legend", got)
	}
	if got := strings.Count(svg, "<polyline "); got != 3*2+2 {
		t.Errorf("%d lines, want 8", got)
	}
	wellFormed(t, stdout.Bytes())
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := run(smallReports, &a, io.Discard); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b.Reset()
		if err := run(smallReports, &b, io.Discard); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("two runs on the same reports wrote different bytes")
		}
	}
}

// wellFormed decodes the whole document and checks its root.
func wellFormed(t *testing.T, svg []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Space + " " + se.Name.Local
		}
	}
	if root != "http://www.w3.org/2000/svg svg" {
		t.Errorf("root element %q, want svg in the SVG namespace", root)
	}
}

func writeReport(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSingleSizeAndEscaping: one data size gives markers but no lines, and
// text from the report is escaped.
func TestSingleSizeAndEscaping(t *testing.T) {
	dir := t.TempDir()
	f := writeReport(t, dir, "one.json", `{"people": 2500, "durationPerSide": "1s", "rows": [
		{"question": "a<b & \"c\"", "hops": 2, "clients": 1,
		 "http": {"requests": 10, "errors": 0, "p99Ms": 4},
		 "direct": {"requests": 10, "errors": 0, "p99Ms": 3.5},
		 "reference": null}]}`)
	out := filepath.Join(dir, "chart.svg")
	var stderr bytes.Buffer
	if err := run([]string{f, "-o", out, "-title", "Tom & Jerry <3"}, io.Discard, &stderr); err != nil {
		t.Fatal(err)
	}
	if stderr.Len() > 0 {
		t.Errorf("unexpected warnings: %s", stderr.String())
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, svg)
	s := string(svg)
	for _, want := range []string{"a&lt;b &amp; &#34;c&#34;", "Tom &amp; Jerry &lt;3", ">2.5k<", "1 relbench run at 2.5k people"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(s, "<polyline") {
		t.Error("a single data size drew lines")
	}
	// Two markers in the panel plus the legend's.
	if got := strings.Count(s, "<circle "); got != 2 {
		t.Errorf("%d circles, want 2 (panel and legend)", got)
	}
	// The point sits in the middle of the plot: x = 252/2.
	if !strings.Contains(s, `<circle cx="126" `) {
		t.Error("the only data size is not centred")
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	row := func(q string, hops string, clients string) string {
		return `{"question": "` + q + `", ` + hops + `"clients": ` + clients + `, "http": {"requests": 5, "p99Ms": 2}, "direct": {"requests": 5, "p99Ms": 1}}`
	}
	a := writeReport(t, dir, "a.json", `{"people": 10000, "rows": [`+row("q1", `"hops": 1, `, "1")+`]}`)
	b := writeReport(t, dir, "b.json", `{"people": 10000, "rows": [`+row("q1", "", "1")+`]}`)
	hops2 := writeReport(t, dir, "hops2.json", `{"people": 100000, "rows": [`+row("q1", `"hops": 2, `, "1")+`]}`)
	mid := writeReport(t, dir, "mid.json", `{"people": 100000, "rows": [`+row("q1", "", "1")+`]}`)
	only16 := writeReport(t, dir, "only16.json", `{"people": 100000, "rows": [`+row("q1", "", "16")+`, `+row("q1", "", "4")+`]}`)
	twice := writeReport(t, dir, "twice.json", `{"people": 100000, "rows": [`+row("q1", "", "1")+`, `+row("q1", "", "1")+`]}`)
	noRows := writeReport(t, dir, "norows.json", `{"people": 100000, "rows": []}`)
	noPeople := writeReport(t, dir, "nopeople.json", `{"rows": [`+row("q1", "", "1")+`]}`)
	noRowsKey := writeReport(t, dir, "other.json", `{"name": "something else"}`)
	array := writeReport(t, dir, "array.json", `[1, 2]`)
	broken := writeReport(t, dir, "broken.json", `{"people": 10, "rows": [`)
	two := writeReport(t, dir, "two.json", `{"people": 10, "rows": []} {}`)
	noSide := writeReport(t, dir, "noside.json", `{"people": 10, "rows": [{"question": "q", "clients": 1, "http": {"requests": 1, "p99Ms": 1}}]}`)
	allZero := writeReport(t, dir, "zero.json", `{"people": 10, "rows": [{"question": "q", "clients": 1, "http": {"requests": 0}, "direct": {"requests": 0}}]}`)

	for _, tc := range []struct {
		args []string
		want []string // all in the error
	}{
		{[]string{filepath.Join(dir, "missing.json")}, []string{"cannot read report", "missing.json"}},
		{[]string{array}, []string{"array.json", "not a relbench report"}},
		{[]string{broken}, []string{"broken.json", "not a relbench report"}},
		{[]string{two}, []string{"two.json", "more than one JSON value"}},
		{[]string{noRowsKey}, []string{"other.json", "not a relbench report", `no "rows"`}},
		{[]string{noPeople}, []string{"nopeople.json", `"people"`}},
		{[]string{noSide}, []string{"noside.json", "row 1 (q)", `"direct"`}},
		{[]string{a, mid, b}, []string{"a.json and ", "b.json both measure 10k people (10000)"}},
		{[]string{a, only16}, []string{"only16.json has no rows at 1 client (it has rows at 4, 16 clients)", "-clients"}},
		{[]string{"-clients", "4", a}, []string{"a.json has no rows at 4 clients (it has rows at 1 clients)"}},
		{[]string{noRows}, []string{"norows.json has no rows"}},
		{[]string{a, twice}, []string{"twice.json", `two rows for "q1" at 1 client`}},
		{[]string{a, hops2}, []string{`"q1" takes 1 hop in `, "a.json but 2 hops in ", "hops2.json"}},
		{[]string{allZero}, []string{"no side of any row at 1 client has a latency to plot"}},
		{nil, []string{"no reports given"}},
		{[]string{"-clients", "0", a}, []string{"-clients must be at least 1"}},
	} {
		out := filepath.Join(dir, "out.svg")
		err := run(append(slices.Clone(tc.args), "-o", out), io.Discard, io.Discard)
		if err == nil {
			t.Errorf("run(%q) succeeded", tc.args)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("run(%q) = %q, want it to contain %q", tc.args, err, w)
			}
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("run(%q) failed but wrote %s", tc.args, out)
		}
	}
}

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		files   []string
		clients int
		out     string
	}{
		{[]string{"a.json", "b.json"}, []string{"a.json", "b.json"}, 1, ""},
		{[]string{"a.json", "-clients", "16", "b.json", "-o", "c.svg"}, []string{"a.json", "b.json"}, 16, "c.svg"},
		{[]string{"-o", "c.svg", "--", "-odd.json", "-clients"}, []string{"-odd.json", "-clients"}, 1, "c.svg"},
	} {
		c, err := parseArgs(tc.args, io.Discard)
		if err != nil {
			t.Errorf("parseArgs(%q): %v", tc.args, err)
			continue
		}
		if !slices.Equal(c.files, tc.files) || c.clients != tc.clients || c.out != tc.out {
			t.Errorf("parseArgs(%q) = files %q, clients %d, out %q; want %q, %d, %q", tc.args, c.files, c.clients, c.out, tc.files, tc.clients, tc.out)
		}
	}
	if err := run([]string{"-h"}, io.Discard, io.Discard); err != nil {
		t.Errorf("-h: %v", err)
	}
}

func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi   float64
		from, to float64
		ticks    []float64
	}{
		// 1-2-5 steps while at most eight fit.
		{3.2, 87, 2, 100, []float64{2, 5, 10, 20, 50, 100}},
		{1.1, 5.9, 1, 10, []float64{1, 2, 5, 10}},
		{0.013, 0.04, 0.01, 0.05, []float64{0.01, 0.02, 0.05}},
		// Ends already on a tick stay.
		{1, 1000, 1, 1000, []float64{1, 10, 100, 1000}},
		{2, 20, 2, 20, []float64{2, 5, 10, 20}},
		// 0.5..500 would be ten 1-2-5 ticks: powers of ten instead.
		{0.8, 450, 0.1, 1000, []float64{0.1, 1, 10, 100, 1000}},
		// One value: widened to the ticks either side.
		{20, 20, 10, 50, []float64{10, 20, 50}},
	} {
		from, to, ticks := logTicks(tc.lo, tc.hi, maxYTicks)
		if from != tc.from || to != tc.to || !slices.Equal(ticks, tc.ticks) {
			t.Errorf("logTicks(%g, %g) = %g..%g %v, want %g..%g %v", tc.lo, tc.hi, from, to, ticks, tc.from, tc.to, tc.ticks)
		}
		for _, v := range ticks {
			if l := msLabel(v); strings.Contains(l, "000000") || strings.Contains(l, "999999") {
				t.Errorf("tick %v labelled %q", v, l)
			}
		}
	}
}

func TestLogScale(t *testing.T) {
	y := logScale{d0: 1, d1: 1000, r0: 170, r1: 0} // y grows downwards
	x := logScale{d0: 10_000, d1: 1_000_000, r0: 18, r1: 234}
	for _, tc := range []struct {
		s    logScale
		v    float64
		want float64
	}{
		{y, 1, 170}, {y, 1000, 0}, {y, 10, 170 - 170.0/3}, {y, 100, 170.0 / 3},
		{y, 20, 170 - 170*math.Log10(20)/3}, // 96.27
		{x, 10_000, 18}, {x, 100_000, 126}, {x, 1_000_000, 234},
		{x, 31_623, 18 + 216*(math.Log10(31_623)-4)/2}, // half a decade: 72
		{logScale{5, 5, 18, 234}, 5, 126},              // one value: the middle
	} {
		if got := tc.s.at(tc.v); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%+v.at(%g) = %g, want %g", tc.s, tc.v, got, tc.want)
		}
	}
	if got := x.at(31_623); math.Abs(got-72) > 0.01 {
		t.Errorf("x.at(31623) = %g, want 72", got)
	}
}

func TestPeopleLabel(t *testing.T) {
	for n, want := range map[int]string{
		10_000: "10k", 100_000: "100k", 1_000_000: "1M", 2_500: "2.5k",
		999: "999", 1_500_000: "1.5M", 12_345: "12.3k", 999_999: "1M", 50: "50",
	} {
		if got := peopleLabel(n); got != want {
			t.Errorf("peopleLabel(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{126: "126", 96.27: "96.3", -0.01: "0", 0.05: "0.1", 17.5: "17.5"} {
		if got := num(v); got != want {
			t.Errorf("num(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestFit(t *testing.T) {
	if got := fit("accountCoverage", 13, 200); got != "accountCoverage" {
		t.Errorf("fit shortened a title that fits: %q", got)
	}
	got := fit("companiesWithConnections d2", 13, 100)
	if !strings.HasSuffix(got, "…") || textWidth(got, 13) > 100 || !strings.HasPrefix("companiesWithConnections d2", strings.TrimSuffix(got, "…")) {
		t.Errorf("fit to 100px = %q (%.0fpx)", got, textWidth(got, 13))
	}
}

// TestTargetLabelAvoidsData: a point just above the target at the right end
// sends the label to the left end.
func TestTargetLabelAvoidsData(t *testing.T) {
	xs := logScale{10_000, 1_000_000, xInset, plotW - xInset}
	ys := logScale{1, 1000, plotH, 0}
	y := ys.at(20) // 96.3
	w := textWidth("target 20 ms", targetFont)
	clear := panel{hops: 1, series: [numSides][]point{viaHTTP: {{people: 10_000, p99: 2}, {people: 1_000_000, p99: 3}}}}
	if x, base, anchor := targetLabelAt(clear, xs, ys, y, w); x != plotW-4 || base != y-4 || anchor != "end" {
		t.Errorf("clear panel: label at %g,%g %s, want right above the line", x, base, anchor)
	}
	right := panel{hops: 1, series: [numSides][]point{viaHTTP: {{people: 10_000, p99: 2}, {people: 1_000_000, p99: 25}}}}
	if x, base, anchor := targetLabelAt(right, xs, ys, y, w); x != 4 || base != y-4 || anchor != "start" {
		t.Errorf("point at the right end: label at %g,%g %s, want left above the line", x, base, anchor)
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}
