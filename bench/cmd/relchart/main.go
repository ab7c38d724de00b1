// Command relchart draws p99 latency against data size from relbench JSON
// reports, one report per data size, as an SVG chart.
//
//	relchart [-clients 1] [-o chart.svg] [-title TEXT] run-10k.json run-100k.json run-1m.json
//
// The chart has one panel per question, in the order the questions first
// appear in the reports. In each panel the x axis is the number of people
// (log scale, a tick at each size measured) and the y axis is the p99
// latency in milliseconds (log scale, shared by all panels so panels can be
// compared), with one line per side: relgraph over HTTP, the same Cypher
// directly through the Go driver, and the @neo4j/graphql reference when the
// report has it. When a row says how many hops its question takes, the
// target p99 (20 ms for 1 hop, 100 ms for 2 hops) is a dashed line.
//
// A side that had failed requests is still drawn, with a hollow marker, and
// a warning names it on standard error. The same reports always give the
// same bytes.
package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "relchart:", err)
		os.Exit(1)
	}
}

type config struct {
	files   []string
	out     string // "" or "-" for standard output
	clients int
	title   string
}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("relchart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.out, "o", "", "write the SVG to this file instead of standard output")
	fs.IntVar(&c.clients, "clients", 1, "plot the rows measured at this many concurrent clients")
	fs.StringVar(&c.title, "title", "", "chart title (default \"p99 latency vs. data size, N client(s)\")")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "relchart: p99 latency vs. data size per question, from relbench -json reports, as SVG.")
		fmt.Fprintln(stderr, "\nUsage: relchart [-clients 1] [-o chart.svg] [-title TEXT] REPORT.json...")
		fs.PrintDefaults()
	}
	// Flags may come before, between or after the files.
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return c, err
		}
		consumed := rest[:len(rest)-fs.NArg()]
		rest = fs.Args()
		if len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			c.files = append(c.files, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		c.files = append(c.files, rest[0])
		rest = rest[1:]
	}
	switch {
	case len(c.files) == 0:
		return c, errors.New("no reports given: pass one or more relbench -json reports, one per data size")
	case c.clients < 1:
		return c, fmt.Errorf("-clients must be at least 1, got %d", c.clients)
	}
	return c, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	cfg, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	reps := make([]report, 0, len(cfg.files))
	for _, f := range cfg.files {
		r, err := loadReport(f)
		if err != nil {
			return err
		}
		reps = append(reps, r)
	}
	ch, warnings, err := buildChart(reps, cfg.clients, cfg.title)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, "relchart: warning:", w)
	}
	svg := ch.svg()
	if cfg.out == "" || cfg.out == "-" {
		_, err = stdout.Write(svg)
		return err
	}
	return os.WriteFile(cfg.out, svg, 0o644)
}

// The report as relbench -json writes it; only what the chart needs.
type (
	report struct {
		file     string
		Duration string `json:"durationPerSide"`
		Seed     uint64 `json:"seed"`
		People   *int   `json:"people"`
		Rows     *[]row `json:"rows"`
	}
	row struct {
		Question  string `json:"question"`
		Hops      *int   `json:"hops"`
		Clients   int    `json:"clients"`
		HTTP      *side  `json:"http"`
		Direct    *side  `json:"direct"`
		Reference *side  `json:"reference"`
	}
	side struct {
		Requests   int     `json:"requests"`
		Errors     int     `json:"errors"`
		P99        float64 `json:"p99Ms"`
		FirstError string  `json:"firstError"`
	}
)

// loadReport reads and checks one relbench report.
func loadReport(path string) (report, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return report{}, fmt.Errorf("cannot read report: %w", err)
	}
	return parseReport(path, raw)
}

const notReport = "not a relbench report (make one with relbench -json)"

func parseReport(path string, raw []byte) (report, error) {
	r := report{file: path}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return r, fmt.Errorf("%s: %s: expected a JSON object", path, notReport)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("%s: %s: %w", path, notReport, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return r, fmt.Errorf("%s: %s: more than one JSON value", path, notReport)
	}
	switch {
	case r.Rows == nil:
		return r, fmt.Errorf("%s: %s: it has no \"rows\"", path, notReport)
	case r.People == nil:
		return r, fmt.Errorf("%s: the report does not say how many people the data has (no \"people\" field); it needs a relbench that records it", path)
	case *r.People < 1:
		return r, fmt.Errorf("%s: \"people\" is %d; a data size must be at least 1", path, *r.People)
	}
	for i, rw := range *r.Rows {
		switch {
		case rw.Question == "":
			return r, fmt.Errorf("%s: row %d has no \"question\"", path, i+1)
		case rw.HTTP == nil || rw.Direct == nil:
			return r, fmt.Errorf("%s: row %d (%s) lacks its \"http\" or \"direct\" measurement", path, i+1, rw.Question)
		}
	}
	return r, nil
}

// sideKind indexes the measured paths, in legend order.
type sideKind int

const (
	viaHTTP sideKind = iota
	direct
	reference
	numSides
)

type sideStyle struct {
	label, short, color string
	marker              string // circle, square or triangle
	width               float64
}

// Okabe-Ito colours, told apart with colour-blindness and, by their
// markers, in grey.
var sideStyles = [numSides]sideStyle{
	viaHTTP:   {"relgraph over HTTP /graphql", "relgraph over HTTP", "#0072B2", "circle", 2},
	direct:    {"direct Cypher (Go driver)", "direct Cypher", "#E69F00", "square", 4},
	reference: {"@neo4j/graphql reference", "@neo4j/graphql", "#009E73", "triangle", 2},
}

func (r row) side(k sideKind) *side {
	switch k {
	case viaHTTP:
		return r.HTTP
	case direct:
		return r.Direct
	default:
		return r.Reference
	}
}

// point is one side of one question measured at one data size.
type point struct {
	people   int
	p99      float64
	requests int
	errors   int
}

type panel struct {
	question string
	hops     int // 0 when no report says
	hopsFrom string
	series   [numSides][]point // by people, ascending
}

// target is the p99 target for a question of so many hops.
func target(hops int) (ms float64, ok bool) {
	switch hops {
	case 1:
		return 20, true
	case 2:
		return 100, true
	}
	return 0, false
}

type chart struct {
	title, subtitle string
	sizes           []int // people, ascending
	panels          []panel
	present         [numSides]bool
	failures        bool // some point had failed requests
	targets         bool // some panel has a target line
	yLo, yHi        float64
	yTicks          []float64
}

// buildChart gathers the rows at the given client count from the reports;
// it returns the chart and warnings about sides with failed requests.
func buildChart(reps []report, clients int, title string) (chart, []string, error) {
	var ch chart
	var warnings []string
	byPeople := map[int]string{}
	index := map[string]int{} // question -> panel
	for _, r := range reps {
		people := *r.People
		if prev, ok := byPeople[people]; ok {
			return ch, nil, fmt.Errorf("%s and %s both measure %s people (%d): give one report per data size", prev, r.file, peopleLabel(people), people)
		}
		byPeople[people] = r.file
		ch.sizes = append(ch.sizes, people)
		seen := map[string]bool{}
		var others []int
		for _, rw := range *r.Rows {
			if rw.Clients != clients {
				if !slices.Contains(others, rw.Clients) {
					others = append(others, rw.Clients)
				}
				continue
			}
			if seen[rw.Question] {
				return ch, nil, fmt.Errorf("%s: two rows for %q at %s", r.file, rw.Question, clientsLabel(clients))
			}
			seen[rw.Question] = true
			pi, ok := index[rw.Question]
			if !ok {
				pi = len(ch.panels)
				index[rw.Question] = pi
				ch.panels = append(ch.panels, panel{question: rw.Question})
			}
			p := &ch.panels[pi]
			if rw.Hops != nil && *rw.Hops > 0 { // 0 says as little as no field
				if p.hops != 0 && p.hops != *rw.Hops {
					return ch, nil, fmt.Errorf("%q takes %s in %s but %s in %s", rw.Question, hopsLabel(p.hops), p.hopsFrom, hopsLabel(*rw.Hops), r.file)
				}
				p.hops, p.hopsFrom = *rw.Hops, r.file
			}
			for k := range numSides {
				s := rw.side(k)
				if s == nil {
					continue
				}
				where := fmt.Sprintf("%s: %s, %s, %s", r.file, rw.Question, clientsLabel(clients), sideStyles[k].short)
				if s.Requests == 0 || s.P99 <= 0 {
					warnings = append(warnings, fmt.Sprintf("%s: no latency measured (%d requests, p99 %g ms); not plotted", where, s.Requests, s.P99))
					continue
				}
				if s.Errors > 0 {
					w := fmt.Sprintf("%s: %d of %d requests failed; plotted with a hollow marker", where, s.Errors, s.Requests)
					if s.FirstError != "" {
						w += "; first error: " + s.FirstError
					}
					warnings = append(warnings, w)
					ch.failures = true
				}
				p.series[k] = append(p.series[k], point{people: people, p99: s.P99, requests: s.Requests, errors: s.Errors})
				ch.present[k] = true
			}
		}
		if len(seen) == 0 {
			if len(others) == 0 {
				return ch, nil, fmt.Errorf("%s has no rows", r.file)
			}
			slices.Sort(others)
			return ch, nil, fmt.Errorf("%s has no rows at %s (it has rows at %s clients); choose one with -clients", r.file, clientsLabel(clients), joinInts(others))
		}
	}
	slices.Sort(ch.sizes)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range ch.panels {
		p := &ch.panels[i]
		for k := range numSides {
			slices.SortFunc(p.series[k], func(a, b point) int { return a.people - b.people })
			for _, pt := range p.series[k] {
				lo, hi = min(lo, pt.p99), max(hi, pt.p99)
			}
		}
		if t, ok := target(p.hops); ok {
			lo, hi = min(lo, t), max(hi, t)
			ch.targets = true
		}
	}
	if math.IsInf(lo, 1) {
		return ch, nil, fmt.Errorf("no side of any row at %s has a latency to plot", clientsLabel(clients))
	}
	ch.yLo, ch.yHi, ch.yTicks = logTicks(lo, hi, maxYTicks)

	ch.title = title
	if ch.title == "" {
		ch.title = "p99 latency vs. data size, " + clientsLabel(clients)
	}
	var durations, seeds []string
	for _, r := range reps {
		if d := r.Duration; d != "" && !slices.Contains(durations, d) {
			durations = append(durations, d)
		}
		if s := strconv.FormatUint(r.Seed, 10); !slices.Contains(seeds, s) {
			seeds = append(seeds, s)
		}
	}
	var labels []string
	for _, n := range ch.sizes {
		labels = append(labels, peopleLabel(n))
	}
	runs := "1 relbench run"
	if len(reps) > 1 {
		runs = fmt.Sprintf("%d relbench runs", len(reps))
	}
	ch.subtitle = fmt.Sprintf("%s at %s people", runs, strings.Join(labels, ", "))
	if len(durations) > 0 {
		ch.subtitle += "; " + strings.Join(durations, ", ") + " per question and side"
	}
	ch.subtitle += "; seed " + strings.Join(seeds, ", ")
	return ch, warnings, nil
}

func clientsLabel(n int) string {
	if n == 1 {
		return "1 client"
	}
	return strconv.Itoa(n) + " clients"
}

func hopsLabel(n int) string {
	if n == 1 {
		return "1 hop"
	}
	return strconv.Itoa(n) + " hops"
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// peopleLabel writes a data size the short way: 10k, 100k, 1M, 2.5k.
func peopleLabel(n int) string {
	short := func(v float64, unit string) string {
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + unit
	}
	switch {
	case n >= 999_950:
		return short(float64(n)/1e6, "M")
	case n >= 1000:
		return short(float64(n)/1e3, "k")
	}
	return strconv.Itoa(n)
}

// logScale maps [d0, d1] to [r0, r1] linearly in log10 of the value.
type logScale struct{ d0, d1, r0, r1 float64 }

func (s logScale) at(v float64) float64 {
	if s.d0 == s.d1 {
		return (s.r0 + s.r1) / 2
	}
	t := (math.Log10(v) - math.Log10(s.d0)) / (math.Log10(s.d1) - math.Log10(s.d0))
	return s.r0 + t*(s.r1-s.r0)
}

const maxYTicks = 8

// logTicks widens [lo, hi] (lo > 0) to round values and picks the ticks of
// a log axis between them: 1-2-5 steps when at most maxTicks of them fit, else
// powers of ten.
func logTicks(lo, hi float64, maxTicks int) (from, to float64, ticks []float64) {
	for _, mantissas := range [][]float64{{1, 2, 5}, {1}} {
		from, to = roundDown(lo, mantissas), roundUp(hi, mantissas)
		if from == to {
			from, to = roundDown(from*0.99, mantissas), roundUp(to*1.01, mantissas)
		}
		ticks = ticksBetween(from, to, mantissas)
		if len(ticks) <= maxTicks {
			break
		}
	}
	return from, to, ticks
}

// tickValue is m×10^e, rounded as the decimal it stands for.
func tickValue(m float64, e int) float64 {
	if e < 0 {
		return m / math.Pow10(-e)
	}
	return m * math.Pow10(e)
}

func roundDown(v float64, mantissas []float64) float64 {
	e := int(math.Floor(math.Log10(v)))
	for _, ee := range []int{e + 1, e, e - 1} {
		for i := len(mantissas) - 1; i >= 0; i-- {
			if t := tickValue(mantissas[i], ee); t <= v {
				return t
			}
		}
	}
	return tickValue(1, e-1)
}

func roundUp(v float64, mantissas []float64) float64 {
	e := int(math.Floor(math.Log10(v)))
	for _, ee := range []int{e - 1, e, e + 1} {
		for _, m := range mantissas {
			if t := tickValue(m, ee); t >= v {
				return t
			}
		}
	}
	return tickValue(1, e+2)
}

func ticksBetween(from, to float64, mantissas []float64) []float64 {
	var out []float64
	for e := int(math.Floor(math.Log10(from))) - 1; e <= int(math.Ceil(math.Log10(to)))+1; e++ {
		for _, m := range mantissas {
			if t := tickValue(m, e); t >= from && t <= to {
				out = append(out, t)
			}
		}
	}
	return out
}

// msLabel writes a tick value in milliseconds: 0.5, 20, 1000.
func msLabel(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Layout, in pixels.
const (
	cellW      = 314 // one panel with its y tick labels
	plotLeft   = 44  // y tick labels, within a cell
	plotW      = 252
	plotTop    = 24 // panel title, within a cell
	plotH      = 170
	cellH      = plotTop + plotH + 44 // x tick labels and a gap
	marginL    = 30                   // the y axis title
	marginR    = 12
	headerH    = 62 // title and subtitle; the legend follows
	legendRowH = 20
	footerH    = 34 // the x axis title
	maxCols    = 3
	xInset     = 18 // keeps the end markers off the frame
	fontFamily = "Helvetica, Arial, sans-serif"
)

// textWidth is a rough width of s in a sans-serif font of the given size,
// on the generous side; bold text is about a tenth wider.
func textWidth(s string, size float64) float64 {
	return float64(len([]rune(s))) * size * 0.53
}

// fit shortens s with an ellipsis so it is at most w pixels wide.
func fit(s string, size, w float64) string {
	if textWidth(s, size) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && textWidth(string(r)+"…", size) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

type legendItem struct {
	kind  string // a side, "target" or "failed"
	side  sideKind
	label string
}

func (ch chart) legend() []legendItem {
	var items []legendItem
	for k := range numSides {
		if ch.present[k] {
			items = append(items, legendItem{kind: "side", side: k, label: sideStyles[k].label})
		}
	}
	if ch.targets {
		items = append(items, legendItem{kind: "target", label: "target p99: 20 ms (1 hop), 100 ms (2 hops)"})
	}
	if ch.failures {
		items = append(items, legendItem{kind: "failed", label: "hollow: some requests failed"})
	}
	return items
}

const (
	legendSwatch = 26
	legendGap    = 22
	legendFont   = 12
)

// legendRows lays the legend items out in rows no wider than w.
func legendRows(items []legendItem, w float64) [][]legendItem {
	var rows [][]legendItem
	x := 0.0
	for _, it := range items {
		iw := legendSwatch + 6 + textWidth(it.label, legendFont)
		if len(rows) == 0 || x > 0 && x+iw > w {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], it)
		x += iw + legendGap
	}
	return rows
}

// svg draws the chart.
func (ch chart) svg() []byte {
	cols := min(len(ch.panels), maxCols)
	gridRows := (len(ch.panels) + cols - 1) / cols
	width := float64(marginL + cols*cellW + marginR)
	legend := legendRows(ch.legend(), width-marginL-marginR)
	top := float64(headerH + len(legend)*legendRowH + 12)
	height := top + float64(gridRows*cellH) + footerH

	var b svgWriter
	b.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" role="img">`+"\n",
		num(width), num(height), num(width), num(height), fontFamily)
	b.printf("<title>%s</title>\n", esc(ch.title))
	b.printf("<desc>%s</desc>\n", esc(ch.subtitle))
	b.printf(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	b.printf(`<text x="%d" y="28" font-size="18" font-weight="bold" fill="#222222">%s</text>`+"\n", marginL, esc(ch.title))
	b.printf(`<text x="%d" y="48" font-size="12" fill="#555555">%s</text>`+"\n", marginL, esc(ch.subtitle))

	for ri, items := range legend {
		y := float64(headerH + ri*legendRowH + 8)
		x := float64(marginL)
		for _, it := range items {
			mid := x + legendSwatch/2
			switch it.kind {
			case "side":
				st := sideStyles[it.side]
				b.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`+"\n", num(x), num(y), num(x+legendSwatch), num(y), st.color, num(st.width))
				b.marker(st, mid, y, false, "")
			case "target":
				b.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="5 3"/>`+"\n", num(x), num(y), num(x+legendSwatch), num(y), targetColor)
			case "failed":
				b.marker(sideStyle{color: "#555555", marker: "circle"}, mid, y, true, "")
			}
			b.printf(`<text x="%s" y="%s" font-size="%d" fill="#333333">%s</text>`+"\n", num(x+legendSwatch+6), num(y+4), legendFont, esc(it.label))
			x += legendSwatch + 6 + textWidth(it.label, legendFont) + legendGap
		}
	}

	xs := logScale{float64(ch.sizes[0]), float64(ch.sizes[len(ch.sizes)-1]), xInset, plotW - xInset}
	ys := logScale{ch.yLo, ch.yHi, plotH, 0}
	for i, p := range ch.panels {
		ox := float64(marginL + (i%cols)*cellW + plotLeft)
		oy := top + float64((i/cols)*cellH+plotTop)
		b.panel(p, ch, ox, oy, xs, ys)
	}

	gridMidY := top + float64(gridRows*cellH)/2
	b.printf(`<text transform="translate(16 %s) rotate(-90)" text-anchor="middle" font-size="13" fill="#333333">p99 latency, ms (log scale)</text>`+"\n", num(gridMidY))
	b.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="13" fill="#333333">data size: people (log scale)</text>`+"\n",
		num(float64(marginL)+float64(cols*cellW)/2), num(height-14))
	b.printf("</svg>\n")
	return b.Bytes()
}

// drawOrder puts relgraph over HTTP last, on top: it often coincides with
// direct Cypher, whose wider line and larger marker then show around it.
var drawOrder = [numSides]sideKind{reference, direct, viaHTTP}

func (b *svgWriter) panel(p panel, ch chart, ox, oy float64, xs, ys logScale) {
	b.printf(`<g transform="translate(%s %s)">`+"\n", num(ox), num(oy))
	hops := ""
	if p.hops != 0 {
		hops = hopsLabel(p.hops)
	}
	title := fit(p.question, titleFont*1.05, plotW-textWidth(" "+hops, titleFont))
	b.printf(`<text x="0" y="-9" font-size="%d" fill="#222222"><tspan font-weight="bold">%s</tspan>`, titleFont, esc(title))
	if hops != "" {
		b.printf(`<tspan fill="#666666"> %s</tspan>`, hops)
	}
	b.printf("</text>\n")
	b.printf(`<rect x="0" y="0" width="%d" height="%d" fill="#fafafa" stroke="#bbbbbb"/>`+"\n", plotW, plotH)
	for _, t := range ch.yTicks {
		y := ys.at(t)
		b.printf(`<line x1="0" y1="%s" x2="%d" y2="%s" stroke="#e3e3e3"/>`+"\n", num(y), plotW, num(y))
		b.printf(`<text x="-6" y="%s" text-anchor="end" font-size="11" fill="#555555">%s</text>`+"\n", num(y+4), msLabel(t))
	}
	lastLabel := math.Inf(-1)
	for _, n := range ch.sizes {
		x := xs.at(float64(n))
		b.printf(`<line x1="%s" y1="0" x2="%s" y2="%d" stroke="#e3e3e3"/>`+"\n", num(x), num(x), plotH)
		b.printf(`<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#999999"/>`+"\n", num(x), plotH, num(x), plotH+4)
		label := peopleLabel(n)
		// Sizes close together would print over each other.
		if w := textWidth(label, 11); x-w/2 >= lastLabel+4 {
			b.printf(`<text x="%s" y="%d" text-anchor="middle" font-size="11" fill="#555555">%s</text>`+"\n", num(x), plotH+17, esc(label))
			lastLabel = x + w/2
		}
	}
	if t, ok := target(p.hops); ok {
		y := ys.at(t)
		b.printf(`<line x1="0" y1="%s" x2="%d" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="5 3"><title>target p99 %s ms</title></line>`+"\n", num(y), plotW, num(y), targetColor, msLabel(t))
	}
	for _, k := range drawOrder {
		pts := p.series[k]
		st := sideStyles[k]
		if len(pts) > 1 {
			coords := make([]string, len(pts))
			for i, pt := range pts {
				coords[i] = num(xs.at(float64(pt.people))) + "," + num(ys.at(pt.p99))
			}
			b.printf(`<polyline points="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"/>`+"\n", strings.Join(coords, " "), st.color, num(st.width))
		}
		for _, pt := range pts {
			tip := fmt.Sprintf("%s, %s people: p99 %s ms, %d requests", st.label, peopleLabel(pt.people), strconv.FormatFloat(pt.p99, 'f', -1, 64), pt.requests)
			if pt.errors > 0 {
				tip += fmt.Sprintf(", %d failed", pt.errors)
			}
			b.marker(st, xs.at(float64(pt.people)), ys.at(pt.p99), pt.errors > 0, tip)
		}
	}
	// The target's label goes over the data, with a halo, so it stays
	// legible where it cannot avoid the data.
	if t, ok := target(p.hops); ok {
		label := "target " + msLabel(t) + " ms"
		x, base, anchor := targetLabelAt(p, xs, ys, ys.at(t), textWidth(label, targetFont))
		b.printf(`<text x="%s" y="%s" text-anchor="%s" font-size="%d" fill="%s" stroke="#fafafa" stroke-width="3" stroke-linejoin="round" paint-order="stroke">%s</text>`+"\n",
			num(x), num(base), anchor, targetFont, targetColor, label)
	}
	b.printf("</g>\n")
}

const (
	titleFont   = 13
	targetFont  = 10
	targetColor = "#C0392B"
)

// targetLabelAt places the label of the target line at y, w pixels wide,
// at one of the plot's ends along the line, right or left, above or below
// it: the first that covers no marker or line of the panel, else the one
// that covers least.
func targetLabelAt(p panel, xs, ys logScale, y, w float64) (x, baseline float64, anchor string) {
	type place struct {
		x, base float64
		anchor  string
	}
	var places []place
	for _, base := range []float64{y - 4, y + 3 + targetFont} {
		if base-targetFont < 0 || base+2 > plotH {
			continue
		}
		places = append(places, place{plotW - 4, base, "end"}, place{4, base, "start"})
	}
	if len(places) == 0 {
		return plotW - 4, y - 4, "end"
	}
	best, bestCover := 0, math.MaxInt
	for i, pl := range places {
		x0 := pl.x
		if pl.anchor == "end" {
			x0 -= w
		}
		c := coverage(p, xs, ys, [4]float64{x0 - 1, pl.base - targetFont + 1, x0 + w + 1, pl.base + 2})
		if c < bestCover {
			best, bestCover = i, c
		}
		if c == 0 {
			break
		}
	}
	return places[best].x, places[best].base, places[best].anchor
}

// coverage tells how much of the panel's data the box {x0, y0, x1, y1}
// covers: ten for each marker it touches, one for each of a line's 32
// steps per segment inside it.
func coverage(p panel, xs, ys logScale, box [4]float64) int {
	in := func(x, y, pad float64) bool {
		return x >= box[0]-pad && x <= box[2]+pad && y >= box[1]-pad && y <= box[3]+pad
	}
	n := 0
	for k := range numSides {
		pts := p.series[k]
		for i, pt := range pts {
			x, y := xs.at(float64(pt.people)), ys.at(pt.p99)
			if in(x, y, 4) {
				n += 10
			}
			if i == 0 {
				continue
			}
			px, py := xs.at(float64(pts[i-1].people)), ys.at(pts[i-1].p99)
			for s := 1; s < 32; s++ {
				f := float64(s) / 32
				if in(px+f*(x-px), py+f*(y-py), 1) {
					n++
				}
			}
		}
	}
	return n
}

type svgWriter struct{ bytes.Buffer }

func (b *svgWriter) printf(format string, a ...any) { fmt.Fprintf(&b.Buffer, format, a...) }

// marker draws a side's marker at (x, y): filled, or hollow for a
// measurement with failed requests; tip, when set, shows on hover.
func (b *svgWriter) marker(st sideStyle, x, y float64, hollow bool, tip string) {
	paint := fmt.Sprintf(`fill="%s" stroke="#ffffff" stroke-width="1"`, st.color)
	if hollow {
		paint = fmt.Sprintf(`fill="#ffffff" stroke="%s" stroke-width="2"`, st.color)
	}
	inner := ""
	if tip != "" {
		inner = "<title>" + esc(tip) + "</title>"
	}
	switch st.marker {
	case "square":
		b.printf(`<rect x="%s" y="%s" width="10" height="10" %s>%s</rect>`+"\n", num(x-5), num(y-5), paint, inner)
	case "triangle":
		b.printf(`<polygon points="%s,%s %s,%s %s,%s" %s>%s</polygon>`+"\n", num(x), num(y-5.5), num(x+5), num(y+3.5), num(x-5), num(y+3.5), paint, inner)
	default:
		b.printf(`<circle cx="%s" cy="%s" r="4" %s>%s</circle>`+"\n", num(x), num(y), paint, inner)
	}
}

// num writes a coordinate with one decimal, so output does not depend on
// float noise beyond that.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return strings.TrimSuffix(s, ".0")
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}
