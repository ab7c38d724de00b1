package neo4j

import (
	"regexp"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/ndjson"
)

func TestNodeGolden(t *testing.T) {
	tests := []struct {
		name  string
		kinds []string
		id    string
	}{
		{"bare_all_kinds", NodeKinds, "p10"},
		{"person", []string{KindPerson}, "p10"},
		{"topic", []string{KindTopic}, "crm"},
		{"content_with_topics", []string{KindContent}, "wp2"},
		{"signal_with_by_at_topics", []string{KindSignal}, "s1"},
		{"injection_is_a_value", NodeKinds, "x'}) MATCH (n) DETACH DELETE n //"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cypher, params, err := BuildNode(tc.kinds, tc.id)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "node", tc.name, cypher, params)
		})
	}
}

func TestBuildNodeRejects(t *testing.T) {
	for _, tc := range []struct {
		kinds []string
		want  string
	}{
		{nil, "no node kind"},
		{[]string{"Person) DETACH DELETE (n"}, "unknown node kind"},
	} {
		if _, _, err := BuildNode(tc.kinds, "p1"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("BuildNode(%q): got %v, want %q", tc.kinds, err, tc.want)
		}
	}
}

// SearchQuery must leave no Lucene syntax in user text: every special
// character escaped, operators lowercased into words, accents folded, each
// word matched as a word, a prefix or (from four characters) with one
// typo when asked, all words required.
func TestSearchQuery(t *testing.T) {
	tests := []struct {
		text, want string
		ok         bool
	}{
		{"Dana Reyes", `(dana OR dana* OR dana~1) AND (reyes OR reyes* OR reyes~1)`, true},
		{"  acme  ", `(acme OR acme* OR acme~1)`, true},
		{"acme.example", `(acme.example OR acme.example* OR acme.example~1)`, true},
		{"O'Brien", `(o'brien OR o'brien* OR o'brien~1)`, true},
		// A prefix with or without *; words of fewer than four characters
		// take no typo.
		{"oli*", `(oli OR oli*)`, true},
		{"oli", `(oli OR oli*)`, true},
		{"x*y", `(x\*y OR x\*y*)`, true},
		// Accents are folded, as the index folds them.
		{"Zoë", `(zoe OR zoe*)`, true},
		{"Ångström Søren", `(angstrom OR angstrom* OR angstrom~1) AND (soren OR soren* OR soren~1)`, true},
		// Operators become plain words, and as stop words they go, as the
		// index leaves them out; brackets and quotes are escaped; "(" and
		// "[" have no letter or digit and are dropped.
		{`AND ( [ "x`, `(\"x OR \"x*)`, true},
		{"dana OR tom", `(dana OR dana* OR dana~1) AND (tom OR tom*)`, true},
		{"Head of Data", `(head OR head* OR head~1) AND (data OR data* OR data~1)`, true},
		{"the of and", "", false},
		{"-dana +tom !x", `(\-dana OR \-dana* OR \-dana~1) AND (\+tom OR \+tom* OR \+tom~1) AND (\!x OR \!x*)`, true},
		{"title:chief", `(title\:chief OR title\:chief* OR title\:chief~1)`, true},
		{`a&&b||c d~2 e^3 f? g{1} h/i j\k`, `(a\&\&b\|\|c OR a\&\&b\|\|c* OR a\&\&b\|\|c~1) AND (d\~2 OR d\~2*) AND (e\^3 OR e\^3*) AND (f\? OR f\?*) AND (g\{1\} OR g\{1\}* OR g\{1\}~1) AND (h\/i OR h\/i*) AND (j\\k OR j\\k*)`, true},
		{"*:*", "", false},
		{"* ? - ( )", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok, err := SearchQuery(tc.text, model.DefaultLimits(), true)
		if err != nil || got != tc.want || ok != tc.ok {
			t.Errorf("SearchQuery(%q) = %q, %v, %v; want %q, %v", tc.text, got, ok, err, tc.want, tc.ok)
		}
		// Without typos, the same but for the fuzzy terms.
		exact, _, _ := SearchQuery(tc.text, model.DefaultLimits(), false)
		if want := regexp.MustCompile(` OR [^ ]*~1\)`).ReplaceAllString(tc.want, ")"); exact != want {
			t.Errorf("SearchQuery(%q) without typos = %q, want %q", tc.text, exact, want)
		}
	}
	l := model.DefaultLimits()
	long := strings.Repeat("word ", l.MaxSearchWords+1)
	if _, _, err := SearchQuery(long, l, false); err == nil || !strings.Contains(err.Error(), "at most 32") {
		t.Errorf("SearchQuery of %d words: got %v, want an error", l.MaxSearchWords+1, err)
	}
}

func TestSearchGolden(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"two_words", "dana reyes"},
		{"lucene_syntax_is_text", `name:x* OR *:* AND ( [ "x`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query, ok, err := SearchQuery(tc.text, model.DefaultLimits(), false)
			if err != nil || !ok {
				t.Fatalf("SearchQuery: %v %v", ok, err)
			}
			cypher, params, err := BuildSearch(query, 10)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "search", tc.name, cypher, params)
		})
	}
	for _, n := range []int{0, model.DefaultLimits().MaxPageSize + 1} {
		if err := (SearchRequest{Text: "x", Limit: n}).Validate(model.DefaultLimits()); err == nil || !strings.Contains(err.Error(), "first must be between 1 and 100") {
			t.Errorf("search first %d: got %v", n, err)
		}
	}
}

// The mutations run the import's statements: nodes, then for content and
// signals their relationships, in one transaction.
func TestUpsertGolden(t *testing.T) {
	lines := map[string]string{
		"person":        `{"type":"person","id":"p90","name":"Nina Park","latitude":42.36,"longitude":-71.06}`,
		"company":       `{"type":"company","id":"c90","name":"Nova Robotics","customer":true,"clv":5000}`,
		"topic":         `{"type":"topic","id":"renewals","name":"Renewals"}`,
		"content":       `{"type":"content","id":"wp90","kind":"WHITE_PAPER","topics":["renewals"],"publishedAt":"2026-11-01"}`,
		"signal":        `{"type":"signal","id":"s90","kind":"MENTION","person":"p10","company":"c3","topics":["renewals"],"sentiment":"NEGATIVE","at":"2026-11-20T10:00:00Z"}`,
		"works_at":      `{"type":"works_at","person":"p90","company":"c90","title":"CTO","since":"2026-01-01"}`,
		"knows":         `{"type":"knows","a":"p90","b":"p0","strength":0.85}`,
		"interested_in": `{"type":"interested_in","person":"p90","topic":"renewals","weight":0.5}`,
		"interaction":   `{"type":"interaction","id":"msg-90","source":"gmail","a":"p90","b":"p0","kind":"EMAIL","direction":"B_TO_A","at":"2026-11-21T08:00:00Z"}`,
		"engaged":       `{"type":"engaged","person":"p11","content":"wp90","action":"READ","at":"2026-11-21T08:00:00Z"}`,
	}
	for _, kind := range model.Kinds {
		t.Run(kind.Name, func(t *testing.T) {
			rec, err := ndjson.ParseLine(1, []byte(lines[kind.Name]))
			if err != nil {
				t.Fatal(err)
			}
			stmts := buildUpsert(kind, []map[string]any{rec.Row})
			var parts []string
			for _, s := range stmts {
				if s.params["rows"] == nil {
					t.Fatalf("%s: rows missing from params", s.name)
				}
				parts = append(parts, "// "+s.name+"\n"+s.cypher)
			}
			checkGolden(t, "upsert", kind.Name, strings.Join(parts, "\n\n"), stmts[0].params)
		})
	}
}

func TestDeletePersonGolden(t *testing.T) {
	cypher, params, err := BuildDeletePerson("p20")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "delete", "person", cypher, params)
}
