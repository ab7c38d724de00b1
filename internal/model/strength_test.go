package model

import (
	"math"
	"testing"
	"time"
)

var asOf = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func days(n float64) time.Duration { return time.Duration(n * 24 * float64(time.Hour)) }

// counts builds the per kind and direction counts: kind and direction
// names to numbers.
func counts(t *testing.T, c map[[2]string]int) []int {
	t.Helper()
	kinds, dirs := Enums["InteractionKind"], Enums["InteractionDirection"]
	out := make([]int, len(kinds)*len(dirs))
	for k, n := range c {
		i, j := indexOf(kinds, k[0]), indexOf(dirs, k[1])
		if i < 0 || j < 0 {
			t.Fatalf("no kind or direction %v", k)
		}
		out[i*len(dirs)+j] = n
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// pair is interactions whose last one is age before asOf and whose first
// is span before the last.
func pair(t *testing.T, c map[[2]string]int, age, span time.Duration) PairInteractions {
	last := asOf.Add(-age)
	return PairInteractions{Counts: counts(t, c), Last: last, First: last.Add(-span)}
}

// Values worked out by hand from the formula of StrengthModel.
func TestStrengthHandComputed(t *testing.T) {
	m := DefaultStrengthModel()
	tests := []struct {
		name    string
		p       PairInteractions
		want    float64
		factors [4]float64 // frequency, recency, reciprocity, longevity values
	}{
		// A month of email, 10 each way, the last 2 days ago, over 28
		// days: F = 1 - e^-2.5 = 0.9179, R = 2^(-2/90) = 0.9847, C = 1,
		// L = 1 - e^(-28/180) = 0.1441 (effect 0.7432); 0.6718.
		{"a month of email", pair(t, map[[2]string]int{{"EMAIL", "A_TO_B"}: 10, {"EMAIL", "B_TO_A"}: 10}, days(2), days(28)), 0.67, [4]float64{0.9179, 0.9847, 1, 0.1441}},
		// One meeting yesterday: W = 3, F = 1 - e^-0.375 = 0.3127, R =
		// 0.9923, C = 1, L = 0 (effect 0.7); 0.2172.
		{"one meeting", pair(t, map[[2]string]int{{"MEETING", "BOTH"}: 1}, days(1), 0), 0.22, [4]float64{0.3127, 0.9923, 1, 0}},
		// Ten one-way emails, the last a week ago, over 60 days: F =
		// 0.7135, R = 0.9475, C = 0 (effect 0.2), L = 0.2835 (0.785);
		// 0.1061.
		{"cold outreach", pair(t, map[[2]string]int{{"EMAIL", "A_TO_B"}: 10}, days(7), days(60)), 0.11, [4]float64{0.7135, 0.9475, 0, 0.2835}},
		// 300 meetings over two years, the last a year ago: R =
		// 2^(-365/90) = 0.0601; 0.0598.
		{"gone quiet a year ago", pair(t, map[[2]string]int{{"MEETING", "BOTH"}: 100}, days(365), days(730)), 0.06, [4]float64{1, 0.0601, 1, 0.9827}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, factors := m.Strength(tc.p, asOf)
			if got != tc.want {
				t.Errorf("strength %v, want %v", got, tc.want)
			}
			weights := [4]float64{1, 1, 0.8, 0.3}
			for i, name := range []string{"frequency", "recency", "reciprocity", "longevity"} {
				f := factors[i]
				if f.Name != name || f.Value != tc.factors[i] || f.Weight != weights[i] || math.Abs(f.Effect-(1-f.Weight+f.Weight*tc.factors[i])) > 1e-4 {
					t.Errorf("factor %d: %+v, want %s %v weight %v", i, f, name, tc.factors[i], weights[i])
				}
			}
		})
	}
}

// The properties the model must have, each on its own.
func TestStrengthProperties(t *testing.T) {
	m := DefaultStrengthModel()
	s := func(c map[[2]string]int, age, span time.Duration) float64 {
		v, _ := m.score(pair(t, c, age, span), asOf) // unrounded, to compare small differences
		return v
	}
	both := func(kind string, n int) map[[2]string]int { return map[[2]string]int{{kind, "BOTH"}: n} }

	// Kinds are weighted: a meeting counts more than a call, a call more
	// than an email.
	if !(s(both("MEETING", 2), 0, 0) > s(both("CALL", 2), 0, 0) && s(both("CALL", 2), 0, 0) > s(both("EMAIL", 2), 0, 0)) {
		t.Error("a meeting should count more than a call, and a call more than an email")
	}

	// Recency halves every half-life, exactly.
	c := both("EMAIL", 5)
	r := func(age time.Duration) float64 {
		_, f := m.Strength(pair(t, c, age, 0), asOf)
		return f[1].Value
	}
	if r(0) != 1 || r(days(90)) != 0.5 || r(days(180)) != 0.25 || r(-days(3)) != 1 {
		t.Errorf("recency at 0, 90, 180 days and in the future: %v %v %v %v", r(0), r(days(90)), r(days(180)), r(-days(3)))
	}
	short := StrengthModel{HalfLife: days(30)}
	if _, f := short.Strength(pair(t, c, days(30), 0), asOf); f[1].Value != 0.5 {
		t.Errorf("a 30-day half-life: recency after 30 days %v", f[1].Value)
	}

	// Frequency has diminishing returns: each email adds less than the one
	// before, and many never pass 1.
	prev, gain := s(both("EMAIL", 1), 0, 0), 1.0
	for n := 2; n <= 40; n++ {
		next := s(both("EMAIL", n), 0, 0)
		if next <= prev || next-prev >= gain {
			t.Fatalf("email %d adds %v after %v", n, next-prev, gain)
		}
		gain, prev = next-prev, next
	}

	// Reciprocity: one way stays weak however much is sent; the same
	// number both ways is strong.
	for _, n := range []int{1, 10, 100, 10000} {
		oneWay, _ := m.Strength(pair(t, map[[2]string]int{{"EMAIL", "A_TO_B"}: n}, days(1), days(365)), asOf)
		if oneWay > 0.2 {
			t.Errorf("%d one-way emails: strength %v, want at most 0.2", n, oneWay)
		}
	}
	twoWay, _ := m.Strength(pair(t, map[[2]string]int{{"EMAIL", "A_TO_B"}: 50, {"EMAIL", "B_TO_A"}: 50}, days(1), days(365)), asOf)
	if twoWay < 0.9 {
		t.Errorf("100 emails both ways over a year: %v", twoWay)
	}

	// Longevity helps: the same interactions over a longer span.
	if !(s(c, 0, days(400)) > s(c, 0, days(30)) && s(c, 0, days(30)) > s(c, 0, 0)) {
		t.Error("a longer relationship should be stronger")
	}
}

func TestStrengthDetail(t *testing.T) {
	m := DefaultStrengthModel()
	computed, asOfDT := 0.67, DateTime{Time: asOf}
	first, last := DateTime{Time: asOf.Add(-days(30))}, DateTime{Time: asOf.Add(-days(2))}
	source := "COMPUTED"
	k := Knows{Strength: &computed, StrengthSource: &source, LastInteractionAt: &last}
	c := &PairSummary{A: "p1", B: "p2", ComputedStrength: &computed, StrengthAsOf: &asOfDT, FirstInteractionAt: &first, LastInteractionAt: &last,
		InteractionCounts: counts(t, map[[2]string]int{{"EMAIL", "A_TO_B"}: 10, {"EMAIL", "B_TO_A"}: 10})}
	d := m.Detail(k, c)
	if d.Source != "COMPUTED" || *d.Computed != 0.67 || len(d.Interactions) != 2 || d.Interactions[0].Kind != "EMAIL" ||
		d.Interactions[0].Direction != "A_TO_B" || d.Interactions[1].Count != 10 || len(d.Factors) != 4 || d.Factors[3].Value != 0.1441 {
		t.Errorf("detail %+v", d)
	}
	// A manual value without interactions: no factors.
	manual := 0.4
	d = m.Detail(Knows{Strength: &manual}, nil)
	if d.Source != "MANUAL" || *d.Strength != 0.4 || d.Computed != nil || len(d.Factors) != 0 || d.Interactions == nil {
		t.Errorf("manual detail %+v", d)
	}
}
