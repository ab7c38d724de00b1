package model

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// StrengthModel turns a pair's interactions into the strength of its
// KNOWS, in 0..1. Four factors, each a value v in 0..1 with a weight w,
// scale the strength by 1 - w + w*v (a factor of weight 1 can bring it to
// 0, one of weight 0.3 takes at most 30% off):
//
//		strength = F x R x (1 - 0.8 + 0.8 C) x (1 - 0.3 + 0.3 L), to 2 decimals
//
//	  - frequency F = 1 - exp(-W / 8): W counts the pair's interactions, each
//	    with its kind's weight (MEETING 3, CALL 2, INTRO 2, EMAIL 1, MESSAGE
//	    1), so a meeting counts more than an email, and each one more adds
//	    less than the one before;
//	  - recency R = 2^(-age / half-life): age runs from the last interaction
//	    to the as-of time (0 when the last is later), half-life 90 days, so
//	    a pair that stops talking fades by half every 90 days;
//	  - reciprocity C = (both + 2 min(aToB, bToA)) / (both + aToB + bToA),
//	    with the same weights: 1 when the contact goes both ways in balance
//	    or happens together (a meeting, a call both ways), 0 when it only
//	    ever goes one way, so one-way outreach stays at most 0.2, however
//	    much of it there is;
//	  - longevity L = 1 - exp(-span / 180 days): span from the first to the
//	    last interaction.
type StrengthModel struct {
	// HalfLife is the recency half-life.
	HalfLife time.Duration
}

// DemoAsOf is "today" in the demo graph (testdata/DEMO.md): its strengths
// are computed as of it, in `make run` and in the tests, so that its
// answers stay those of the README.
var DemoAsOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// DefaultStrengthModel is the model with its default half-life, 90 days.
func DefaultStrengthModel() StrengthModel { return StrengthModel{HalfLife: 90 * 24 * time.Hour} }

// Constants of the model (see StrengthModel).
var (
	// KindWeights weigh the interaction kinds, in the order of
	// Enums["InteractionKind"].
	KindWeights = []float64{1, 3, 2, 1, 2}
	// Baselines are the weak strengths of a KNOWS that a source asserts
	// and no interaction measures yet, by source: a LinkedIn connection,
	// a CRM contact's owner (who works the account, so a little more).
	// A pair with interactions has the strength they give instead; with
	// several sources the largest baseline counts.
	Baselines = map[string]float64{SourceLinkedIn: 0.1, SourceCRM: 0.15}
)

// Baseline is the weak strength of a KNOWS with no interactions: the
// largest of the baselines of its source and of the kinds of its
// provenance entries; ok is false when none has one.
func Baseline(source *string, sources []string) (float64, bool) {
	best, ok := 0.0, false
	consider := func(kind string) {
		if b, has := Baselines[kind]; has && (!ok || b > best) {
			best, ok = b, true
		}
	}
	if source != nil {
		consider(*source)
	}
	for _, e := range sources {
		if p, err := ParseProvenance(e); err == nil {
			consider(p.Kind)
		}
	}
	return best, ok
}

const (
	frequencySaturation = 8.0
	longevityScale      = 180 * 24 * time.Hour
	reciprocityWeight   = 0.8
	longevityWeight     = 0.3
)

// PairInteractions is what the model reads of a pair's interactions:
// counts per kind and direction (Counts[kind*3+direction], in the order of
// the InteractionKind and InteractionDirection enumerations), and the
// first and last time.
type PairInteractions struct {
	Counts      []int
	First, Last time.Time
}

// Add counts n interactions of a kind and direction, the first and last
// of them at first and last.
func (p *PairInteractions) Add(kind, direction string, n int, first, last time.Time) error {
	kinds, dirs := Enums["InteractionKind"], Enums["InteractionDirection"]
	k, d := slices.Index(kinds, kind), slices.Index(dirs, direction)
	if k < 0 || d < 0 {
		return fmt.Errorf("interaction of kind %q and direction %q", kind, direction)
	}
	if p.Counts == nil {
		p.Counts = make([]int, len(kinds)*len(dirs))
		p.First, p.Last = first, last
	}
	p.Counts[k*len(dirs)+d] += n
	if first.Before(p.First) {
		p.First = first
	}
	if last.After(p.Last) {
		p.Last = last
	}
	return nil
}

// Total is the number of interactions.
func (p PairInteractions) Total() int {
	n := 0
	for _, c := range p.Counts {
		n += c
	}
	return n
}

// StrengthFactor is one factor of a computed strength.
type StrengthFactor struct {
	// Name is frequency, recency, reciprocity or longevity.
	Name string `json:"name"`
	// Value is the factor's value, 0..1.
	Value float64 `json:"value"`
	// Weight is how much the factor can take off, 0..1.
	Weight float64 `json:"weight"`
	// Effect is what the factor multiplies the strength by: 1 - w + w*v.
	Effect float64 `json:"effect"`
}

// Strength computes a pair's strength as of asOf, with its factors: the
// strength to 2 decimals, the factors to 4.
func (m StrengthModel) Strength(p PairInteractions, asOf time.Time) (float64, []*StrengthFactor) {
	s, factors := m.score(p, asOf)
	for _, f := range factors {
		f.Value, f.Effect = roundTo(f.Value, 4), roundTo(f.Effect, 4)
	}
	return roundTo(s, 2), factors
}

// score is Strength unrounded.
func (m StrengthModel) score(p PairInteractions, asOf time.Time) (float64, []*StrengthFactor) {
	var weighted, aToB, bToA, both float64
	dirs := len(Enums["InteractionDirection"])
	for i, c := range p.Counts {
		w := float64(c) * KindWeights[i/dirs]
		weighted += w
		switch i % dirs {
		case 0:
			aToB += w
		case 1:
			bToA += w
		default:
			both += w
		}
	}
	reciprocity := 0.0
	if weighted > 0 {
		reciprocity = (both + 2*min(aToB, bToA)) / weighted
	}
	age := max(asOf.Sub(p.Last), 0)
	factors := []*StrengthFactor{
		factor("frequency", 1-math.Exp(-weighted/frequencySaturation), 1),
		factor("recency", math.Exp2(-age.Hours()/m.HalfLife.Hours()), 1),
		factor("reciprocity", reciprocity, reciprocityWeight),
		factor("longevity", 1-math.Exp(-p.Last.Sub(p.First).Hours()/longevityScale.Hours()), longevityWeight),
	}
	s := 1.0
	for _, f := range factors {
		s *= f.Effect
	}
	return s, factors
}

func factor(name string, value, weight float64) *StrengthFactor {
	return &StrengthFactor{Name: name, Value: value, Weight: weight, Effect: 1 - weight + weight*value}
}

// roundTo rounds to a number of decimal places.
func roundTo(f float64, places int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', places, 64), 64)
	return r
}

// InteractionCount is how many interactions of one kind and direction a
// pair has.
type InteractionCount struct {
	Kind      string `json:"kind"`
	Direction string `json:"direction"`
	Count     int    `json:"count"`
}

// StrengthDetail says where a KNOWS strength comes from.
type StrengthDetail struct {
	// Source is MANUAL or COMPUTED.
	Source string `json:"source"`
	// Strength is what the questions use.
	Strength *float64 `json:"strength"`
	// Computed is the strength computed from the interactions, kept when
	// a manual value overrides it; nil without interactions.
	Computed *float64 `json:"computed"`
	// AsOf is when Computed was computed.
	AsOf *DateTime `json:"asOf"`
	// Baseline is the weak strength the relationship's sources give it
	// while the pair has no interactions (Baselines); nil when none does.
	Baseline           *float64            `json:"baseline"`
	Interactions       []*InteractionCount `json:"interactions"`
	FirstInteractionAt *DateTime           `json:"firstInteractionAt"`
	LastInteractionAt  *DateTime           `json:"lastInteractionAt"`
	Factors            []*StrengthFactor   `json:"factors"`
}

// Detail explains a stored KNOWS: its source, and, when the pair has
// interactions (s is not nil), their counts, times and the factors of
// the computed strength as of when it was computed.
func (m StrengthModel) Detail(k Knows, s *PairSummary) *StrengthDetail {
	d := &StrengthDetail{Source: "COMPUTED", Strength: k.Strength, Interactions: []*InteractionCount{}, Factors: []*StrengthFactor{}}
	if k.StrengthSource != nil {
		d.Source = *k.StrengthSource
	} else if k.Strength != nil {
		d.Source = "MANUAL"
	}
	if b, ok := Baseline(k.Source, k.Sources); ok {
		d.Baseline = &b
	}
	if s == nil || len(s.InteractionCounts) == 0 || s.FirstInteractionAt == nil || s.LastInteractionAt == nil || s.StrengthAsOf == nil {
		return d
	}
	d.Computed, d.AsOf = s.ComputedStrength, s.StrengthAsOf
	d.FirstInteractionAt, d.LastInteractionAt = s.FirstInteractionAt, s.LastInteractionAt
	kinds, dirs := Enums["InteractionKind"], Enums["InteractionDirection"]
	for i, n := range s.InteractionCounts {
		if n > 0 && i < len(kinds)*len(dirs) {
			d.Interactions = append(d.Interactions, &InteractionCount{Kind: kinds[i/len(dirs)], Direction: dirs[i%len(dirs)], Count: n})
		}
	}
	_, d.Factors = m.Strength(PairInteractions{Counts: s.InteractionCounts, First: s.FirstInteractionAt.Time, Last: s.LastInteractionAt.Time}, s.StrengthAsOf.Time)
	return d
}

// StrengthPair returns the pair whose computed strength a record changes:
// an interaction's, or a knows line's that asks for the computed strength.
func StrengthPair(rec *Record) (a, b string, ok bool) {
	props, _ := rec.Row["props"].(map[string]any)
	switch {
	case rec.Kind.Label == "Interaction":
		a, _ = props["a"].(string)
		b, _ = props["b"].(string)
		return a, b, true
	case rec.Kind.Type == "KNOWS" && (props["strengthSource"] == "COMPUTED" || props["strength"] == nil && hasBaseline(props, rec.Row)):
		a, _ = rec.Row["from"].(string)
		b, _ = rec.Row["to"].(string)
		return a, b, true
	}
	return "", "", false
}

// hasBaseline reports whether a knows record's source or sources have a
// baseline strength.
func hasBaseline(props, row map[string]any) bool {
	source, _ := props["source"].(string)
	sources, _ := row["sources"].([]string)
	_, ok := Baseline(&source, sources)
	return ok
}

// Pair is two people's ids, the smaller first, as KNOWS and interactions
// store them.
type Pair [2]string

// PairOf is the pair of a and b, in either order.
func PairOf(a, b string) Pair { return Pair{min(a, b), max(a, b)} }

// PairSet gathers the pairs whose computed strength records change.
type PairSet map[Pair]bool

// Add adds rec's pair, if it changes one (StrengthPair).
func (p PairSet) Add(rec *Record) {
	if a, b, ok := StrengthPair(rec); ok {
		p[Pair{a, b}] = true
	}
}

// List returns the pairs in order.
func (p PairSet) List() []Pair {
	out := make([]Pair, 0, len(p))
	for pair := range p {
		out = append(out, pair)
	}
	slices.SortFunc(out, func(x, y Pair) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	return out
}
