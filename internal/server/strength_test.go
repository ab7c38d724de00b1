package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/server/playground"
)

// strengthDetail is the strengthDetail field as the API returns it.
type strengthDetail struct {
	Source             string   `json:"source"`
	Strength           *float64 `json:"strength"`
	Computed           *float64 `json:"computed"`
	AsOf               *string  `json:"asOf"`
	FirstInteractionAt *string  `json:"firstInteractionAt"`
	LastInteractionAt  *string  `json:"lastInteractionAt"`
	Interactions       []struct {
		Kind      string `json:"kind"`
		Direction string `json:"direction"`
		Count     int    `json:"count"`
	} `json:"interactions"`
	Factors []struct {
		Name   string  `json:"name"`
		Value  float64 `json:"value"`
		Weight float64 `json:"weight"`
		Effect float64 `json:"effect"`
	} `json:"factors"`
}

const detailFields = `strengthDetail { source strength computed asOf firstInteractionAt lastInteractionAt
  interactions { kind direction count } factors { name value weight effect } }`

// String writes a detail on one line, for comparing with a hand-written
// one.
func (d *strengthDetail) String() string {
	if d == nil {
		return "null"
	}
	opt := func(p any) string {
		switch v := p.(type) {
		case *float64:
			if v != nil {
				return fmt.Sprint(*v)
			}
		case *string:
			if v != nil {
				return *v
			}
		}
		return "-"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s computed %s as of %s, %s..%s;", d.Source, opt(d.Strength), opt(d.Computed), opt(d.AsOf),
		opt(d.FirstInteractionAt), opt(d.LastInteractionAt))
	for _, c := range d.Interactions {
		fmt.Fprintf(&b, " %s %s %d", c.Kind, c.Direction, c.Count)
	}
	b.WriteString(";")
	for _, f := range d.Factors {
		fmt.Fprintf(&b, " %s %v w%v e%v", f.Name, f.Value, f.Weight, f.Effect)
	}
	return b.String()
}

// The four relationships of p0 with interactions, explained as in the
// README's worked example (testdata/DEMO.md, "Interactions"), and a manual
// one.
var wantDetails = map[string]string{
	// W = 7 + 6 emails + 3 meetings x 3 + a call x 2 = 24; C = (11 + 2 x
	// 6) / 24.
	"p10": "COMPUTED 0.82 computed 0.82 as of 2026-11-25T00:00:00Z, 2025-03-12T15:00:00Z..2026-11-12T08:35:00Z;" +
		" EMAIL A_TO_B 7 EMAIL B_TO_A 6 MEETING BOTH 3 CALL BOTH 1;" +
		" frequency 0.9502 w1 e0.9502 recency 0.9072 w1 e0.9072 reciprocity 0.9583 w0.8 e0.9667 longevity 0.9662 w0.3 e0.9899",
	// W = 6, perfectly balanced; 22.6 days since the last email.
	"p11": "COMPUTED 0.41 computed 0.41 as of 2026-11-25T00:00:00Z, 2026-03-02T10:00:00Z..2026-11-02T09:05:00Z;" +
		" EMAIL A_TO_B 2 EMAIL B_TO_A 2 MESSAGE A_TO_B 1 MESSAGE B_TO_A 1;" +
		" frequency 0.5276 w1 e0.5276 recency 0.8401 w1 e0.8401 reciprocity 1 w0.8 e1 longevity 0.7436 w0.3 e0.9231",
	// Six unanswered emails: reciprocity 0 leaves a fifth.
	"p16": "COMPUTED 0.06 computed 0.06 as of 2026-11-25T00:00:00Z, 2026-08-04T09:00:00Z..2026-10-09T09:00:00Z;" +
		" EMAIL A_TO_B 6;" +
		" frequency 0.5276 w1 e0.5276 recency 0.6983 w1 e0.6983 reciprocity 0 w0.8 e0.2 longevity 0.307 w0.3 e0.7921",
	// Close once, quiet for 359 days: four half-lives.
	"p25": "COMPUTED 0.05 computed 0.05 as of 2026-11-25T00:00:00Z, 2024-04-11T14:00:00Z..2025-11-30T16:00:00Z;" +
		" EMAIL A_TO_B 2 EMAIL B_TO_A 2 MEETING BOTH 3 CALL BOTH 1;" +
		" frequency 0.8466 w1 e0.8466 recency 0.0628 w1 e0.0628 reciprocity 1 w0.8 e1 longevity 0.9639 w0.3 e0.9892",
	// A knows line with a strength and no interactions.
	"p1": "MANUAL 0.9 computed - as of -, -..-;;",
}

func TestStrengthDetailOnKnows(t *testing.T) {
	e := demo(t)
	var out struct {
		Viewer struct {
			Knows []struct {
				Person         struct{ ID string } `json:"person"`
				Strength       float64             `json:"strength"`
				StrengthSource string              `json:"strengthSource"`
				StrengthDetail *strengthDetail     `json:"strengthDetail"`
			} `json:"knows"`
		} `json:"viewer"`
	}
	e.data(t, e.reader, `{ viewer { knows { person { id } strength strengthSource `+detailFields+` } } }`, nil, &out)
	seen := 0
	for _, k := range out.Viewer.Knows {
		want, ok := wantDetails[k.Person.ID]
		if !ok {
			continue
		}
		seen++
		if got := k.StrengthDetail.String(); got != want {
			t.Errorf("%s:\n got %s\nwant %s", k.Person.ID, got, want)
		}
		if k.StrengthSource != k.StrengthDetail.Source || k.Strength != *k.StrengthDetail.Strength {
			t.Errorf("%s: strength %v %s, detail says %v %s", k.Person.ID, k.Strength, k.StrengthSource, *k.StrengthDetail.Strength, k.StrengthDetail.Source)
		}
	}
	if seen != len(wantDetails) {
		t.Errorf("found %d of the %d relationships", seen, len(wantDetails))
	}
}

// On connections only degree-1 people have a KNOWS of the viewer's to
// explain; the others' strength is a path product.
func TestStrengthDetailOnConnections(t *testing.T) {
	e := demo(t)
	var out struct {
		Connections struct {
			Edges []struct {
				Degree         int `json:"degree"`
				Node           struct{ ID string }
				StrengthDetail *strengthDetail `json:"strengthDetail"`
			} `json:"edges"`
		} `json:"connections"`
	}
	// The churn question at degree 2: p10 (1, 0.82), p11 (1, 0.41), p30
	// (2, 0.656), p31 (2, 0.328).
	e.data(t, e.reader, `{ connections(degree: 2, where: {engagedWith: {kind: WHITE_PAPER, topic: "crm", action: READ},
  mentioned: {topic: "churn", sentiment: NEGATIVE, since: "2026-10-01"}}) { edges { degree node { id } `+detailFields+` } } }`, nil, &out)
	var got []string
	for _, edge := range out.Connections.Edges {
		got = append(got, edge.Node.ID)
		want := "null"
		if edge.Degree == 1 {
			want = wantDetails[edge.Node.ID]
		}
		if d := edge.StrengthDetail.String(); d != want {
			t.Errorf("%s:\n got %s\nwant %s", edge.Node.ID, d, want)
		}
	}
	if strings.Join(got, " ") != "p10 p11 p30 p31" {
		t.Errorf("people %v, want p10 p11 p30 p31", got)
	}
}

type pathLink struct {
	From           struct{ ID string } `json:"from"`
	To             struct{ ID string } `json:"to"`
	Strength       float64             `json:"strength"`
	StrengthDetail *strengthDetail     `json:"strengthDetail"`
	Interactions   []struct {
		ID        string `json:"id"`
		Source    string `json:"source"`
		A         string `json:"a"`
		B         string `json:"b"`
		Kind      string `json:"kind"`
		Direction string `json:"direction"`
		At        string `json:"at"`
	} `json:"interactions"`
}

// Each hop of an introduction path explains its strength and shows the
// latest interactions of its two people.
func TestPathLinksExplainEachHop(t *testing.T) {
	e := demo(t)
	var out struct {
		IntroductionPaths []struct {
			Strength float64    `json:"strength"`
			Links    []pathLink `json:"links"`
		} `json:"introductionPaths"`
	}
	e.data(t, e.reader, `{ introductionPaths(to: "p45", first: 1) { strength links { from { id } to { id } strength
  `+detailFields+` interactions(first: 3) { id source a b kind direction at } } } }`, nil, &out)
	if len(out.IntroductionPaths) != 1 {
		t.Fatalf("paths: %+v", out.IntroductionPaths)
	}
	p := out.IntroductionPaths[0]
	// p0-p10-p30-p45: 0.82 x 0.8 x 0.6.
	if !near(p.Strength, 0.3936) || len(p.Links) != 3 {
		t.Fatalf("path %+v, want 3 links and strength 0.3936", p)
	}
	var hops []string
	for _, l := range p.Links {
		hops = append(hops, fmt.Sprintf("%s-%s %v %s %d", l.From.ID, l.To.ID, l.Strength, l.StrengthDetail.Source, len(l.Interactions)))
	}
	if got := strings.Join(hops, ", "); got != "p0-p10 0.82 COMPUTED 3, p10-p30 0.8 MANUAL 0, p30-p45 0.6 MANUAL 0" {
		t.Errorf("hops: %s", got)
	}
	if got := p.Links[0].StrengthDetail.String(); got != wantDetails["p10"] {
		t.Errorf("p0-p10:\n got %s\nwant %s", got, wantDetails["p10"])
	}
	// Dana's last reply, p0's last email, Dana's reply before it: newest
	// first, stored from the smaller id (p0) to the larger.
	var latest []string
	for _, i := range p.Links[0].Interactions {
		latest = append(latest, fmt.Sprintf("%s/%s %s-%s %s %s %s", i.Source, i.ID, i.A, i.B, i.Kind, i.Direction, i.At))
	}
	want := "gmail/msg-d0-a06 p0-p10 EMAIL B_TO_A 2026-11-12T08:35:00Z, " +
		"gmail/msg-a0-d07 p0-p10 EMAIL A_TO_B 2026-11-11T16:45:00Z, " +
		"gmail/msg-d0-a05 p0-p10 EMAIL B_TO_A 2026-11-07T12:00:00Z"
	if got := strings.Join(latest, ", "); got != want {
		t.Errorf("latest interactions:\n got %s\nwant %s", got, want)
	}
}

const recordInteractions = `mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { count } }`

// A bad batch writes nothing and names each bad item; a good one
// recomputes the strengths of its pairs in the same transaction; the same
// batch again changes nothing.
func TestRecordInteractions(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	before := graphFingerprint(t)

	res := e.post(t, e.admin, recordInteractions, map[string]any{"in": []map[string]any{
		{"id": "r1", "source": "gmail", "a": "p16", "b": "p0", "kind": "EMAIL", "direction": "A_TO_B", "at": "2026-11-20T10:00:00Z"},
		{"id": "r2", "source": "gmail", "a": "p16", "b": "p16", "kind": "EMAIL", "direction": "A_TO_B", "at": "2026-11-20T10:00:00Z"},
		{"id": "r3", "source": "gmail", "a": "p0", "b": "p999", "kind": "CALL", "direction": "BOTH", "at": "2026-11-20T10:00:00Z"},
		{"id": " ", "source": "gmail", "a": "p0", "b": "p10", "kind": "CALL", "direction": "BOTH", "at": "2026-11-20T10:00:00Z"},
		{"id": "r5", "source": "", "a": "p0", "b": "p10", "kind": "CALL", "direction": "BOTH", "at": "2026-11-20T10:00:00Z"},
	}})
	wantOneError(t, res, "BAD_USER_INPUT", "nothing was written, 4 problems: ",
		`input[1]: a person cannot interact with themselves (a = b = "p16"); `,
		`input[2]: b: Person "p999" exists neither in this batch nor in the database; `,
		`input[3]: missing "id"; `,
		`input[4]: missing "source"`)
	// Enumerations are GraphQL's to check, before anything runs.
	res = e.post(t, e.admin, recordInteractions, map[string]any{"in": []map[string]any{
		{"id": "r1", "source": "gmail", "a": "p16", "b": "p0", "kind": "FAX", "direction": "A_TO_B", "at": "2026-11-20T10:00:00Z"},
	}})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "FAX is not a valid InteractionKind") || ranStatements(e, res) != "" {
		t.Errorf("bad kind: %+v, statements %q", res.Errors, ranStatements(e, res))
	}
	if got := graphFingerprint(t); got != before {
		t.Fatal("a refused batch changed the graph")
	}

	// Sofia answers p0 twice (given from her side: stored as B_TO_A of
	// the pair p0-p16), and p0 meets Olivia Grant (p33, degree 2) for
	// the first time; the meeting's direction is BOTH whatever is sent.
	batch := []map[string]any{
		{"id": "r1", "source": "gmail", "a": "p16", "b": "p0", "kind": "EMAIL", "direction": "A_TO_B", "at": "2026-11-20T10:00:00Z"},
		{"id": "r2", "source": "gmail", "a": "p16", "b": "p0", "kind": "EMAIL", "direction": "A_TO_B", "at": "2026-11-21T10:00:00Z"},
		{"id": "m1", "source": "calendar", "a": "p33", "b": "p0", "kind": "MEETING", "direction": "A_TO_B", "at": "2026-11-24T10:00:00Z"},
	}
	n, res := upsertCount(t, e, e.admin, recordInteractions, map[string]any{"in": batch})
	if n != 3 {
		t.Errorf("count %d, want 3", n)
	}
	if got := ranStatements(e, res); got != "suppressed missingIds upsert.interaction strength.interactions strength.summaries strength.write noteChange" {
		t.Errorf("statements %q", got)
	}
	var out struct {
		Viewer struct {
			Knows []struct {
				Person         struct{ ID string } `json:"person"`
				StrengthDetail *strengthDetail     `json:"strengthDetail"`
			} `json:"knows"`
		} `json:"viewer"`
	}
	details := func() map[string]string {
		e.data(t, e.reader, `{ viewer { knows { person { id } `+detailFields+` } } }`, nil, &out)
		m := map[string]string{}
		for _, k := range out.Viewer.Knows {
			m[k.Person.ID] = k.StrengthDetail.String()
		}
		return m
	}
	got := details()
	// p0-p16: W 8, C = 2 x 2 / 8 = 0.5, F = 1 - e^-1, 3.58 days since
	// the last reply, span 109 days: 0.31.
	wantSofia := "COMPUTED 0.31 computed 0.31 as of 2026-11-25T00:00:00Z, 2026-08-04T09:00:00Z..2026-11-21T10:00:00Z;" +
		" EMAIL A_TO_B 6 EMAIL B_TO_A 2;" +
		" frequency 0.6321 w1 e0.6321 recency 0.9728 w1 e0.9728 reciprocity 0.5 w0.8 e0.6 longevity 0.4544 w0.3 e0.8363"
	// p0-p33: a first meeting makes a KNOWS: F = 1 - e^(-3/8), a day
	// old, no span yet: 0.22.
	wantOlivia := "COMPUTED 0.22 computed 0.22 as of 2026-11-25T00:00:00Z, 2026-11-24T10:00:00Z..2026-11-24T10:00:00Z;" +
		" MEETING BOTH 1;" +
		" frequency 0.3127 w1 e0.3127 recency 0.9955 w1 e0.9955 reciprocity 1 w0.8 e1 longevity 0 w0.3 e0.7"
	if got["p16"] != wantSofia || got["p33"] != wantOlivia || got["p10"] != wantDetails["p10"] {
		t.Errorf("after the batch:\np16 %s\np33 %s\np10 %s", got["p16"], got["p33"], got["p10"])
	}
	// Olivia is now first degree; the weakest five are p27 0.35, Sofia
	// 0.31, p28 0.3, Olivia 0.22 and p25 0.05.
	c := e.connections(t, map[string]any{"degree": 1, "first": 100})
	var people []string
	for _, edge := range c.Connections.Edges {
		people = append(people, edge.Node.ID)
	}
	if c.Connections.TotalCount != 24 || len(people) != 24 || strings.Join(people[19:], " ") != "p27 p16 p28 p33 p25" {
		t.Errorf("degree 1: %d people, %v", c.Connections.TotalCount, people)
	}

	// The same batch again: counted, and nothing changes.
	after := graphFingerprint(t)
	if n, _ := upsertCount(t, e, e.admin, recordInteractions, map[string]any{"in": batch}); n != 3 {
		t.Errorf("again: count %d, want 3", n)
	}
	if graphFingerprint(t) != after {
		t.Error("recording the same interactions again changed the graph")
	}
}

// Every tab of the playground is a valid question that the demo answers
// without an error.
func TestPlaygroundExamplesRun(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	for _, ex := range playground.Examples {
		t.Run(ex.Name, func(t *testing.T) {
			var vars map[string]any
			if ex.Variables != "" {
				if err := json.Unmarshal([]byte(ex.Variables), &vars); err != nil {
					t.Fatal(err)
				}
			}
			res := e.post(t, e.admin, ex.Query, vars)
			if len(res.Errors) != 0 || len(res.Data) < 10 {
				t.Fatalf("errors %+v, data %s", res.Errors, res.Data)
			}
		})
	}
}
