package neo4j

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

// The builders that take user filters, after their request validated
// itself, must turn any input into either a *model.InputError or one of
// their own statement shapes, with every value
// from the input carried as a parameter. FuzzBuildConnections checks that
// for BuildConnections, BuildCompaniesWithConnections and BuildSignals:
//
//	go test -run '^$' -fuzz=FuzzBuildConnections -fuzztime=60s ./neo4j
//
// A plain `go test` runs the seeds below.

// fzInput is one fuzz input: connections and companiesWithConnections take
// Of, Degree, Where, Skip and Limit with their own order; signals takes
// Signals and, when Network is set, Of and Degree.
type fzInput struct {
	Of           string              `json:"of"`
	Degree       int                 `json:"degree"`
	Where        *model.PersonWhere  `json:"where"`
	Order        *model.PersonOrder  `json:"order"`
	CompanyOrder *model.CompanyOrder `json:"companyOrder"`
	Signals      *model.SignalWhere  `json:"signals"`
	Network      bool                `json:"network"`
	SignalOrder  *model.SignalOrder  `json:"signalOrder"`
	Skip         int                 `json:"skip"`
	Limit        int                 `json:"limit"`
	// DateOnly marks every date as a plain date, as the DateTime scalar
	// does for "2026-11-10"; JSON dates alone are always date-times.
	DateOnly bool `json:"dateOnly"`
}

// fzSeeds are readable inputs; together they set every field of every
// filter (TestFuzzSeedsCoverEveryField checks that).
var fzSeeds = []string{
	`{"of":"p0","degree":2,"limit":20,"order":{"field":"NAME","direction":"DESC"},"companyOrder":{"field":"NAME","direction":"DESC"},
	  "where":{"engagedWith":{"kind":"WHITE_PAPER","topic":"crm","action":"READ","since":"2026-01-01T00:00:00Z","until":"2026-11-30T00:00:00Z","minCount":2}}}`,
	`{"of":"p0","degree":1,"limit":1,"dateOnly":true,"order":{"field":"STRENGTH"},"companyOrder":{"field":"COUNT","direction":"ASC"},
	  "where":{"mentioned":{"topic":"churn","sentiment":"NEGATIVE","since":"2026-10-01T00:00:00Z","until":"2026-10-01T00:00:00Z"}}}`,
	`{"of":"p0","degree":3,"skip":40,"limit":100,"order":{"field":"DEGREE","direction":"ASC"},
	  "where":{"signal":{"kinds":["JOB_CHANGE","PROMOTION"],"topic":"ai","since":"2026-01-01T00:00:00Z","until":"2026-12-31T00:00:00Z","titleContains":"Chief","round":"B"}}}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"interestedIn":{"topics":["crm","analytics","crm"],"match":"ALL"}}}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"interestedIn":{"topics":["crm"],"match":"ANY"}}}`,
	`{"of":"p0","degree":2,"limit":20,"where":{"worksAt":{"id":"c1","name":"acme","industry":"SaaS","city":"Boston","country":"US","stage":"SERIES_B","customer":false,
	  "signal":{"kinds":["FUNDING_ROUND"],"since":"2026-10-01T00:00:00Z","until":"2026-11-01T00:00:00Z","round":"B"}}}}`,
	`{"of":"p0","degree":2,"limit":20,"where":{"worksAt":{"customer":true}}}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"title":"vp","seniority":"VP","department":"Marketing","name":"dana","city":"Boston","country":"US"}}`,
	`{"of":"p0","degree":2,"limit":20,"where":{"near":{"of":"p0","km":50}}}`,
	`{"of":"p0","degree":2,"limit":20,"where":{"AND":[{"engagedWith":{"kind":"WHITE_PAPER"}},{"OR":[{"mentioned":{"topic":"churn"}},{"signal":{"kinds":["JOB_CHANGE"]}},{"NOT":{"worksAt":{"signal":{"round":"A"}}}}]}],
	  "NOT":{"OR":[{"city":"Providence"},{"AND":[{"NOT":{"engagedWith":{"minCount":3}}}]}]}}}`,
	// Every string a known injection payload.
	`{"of":"p0'}) MATCH (n) DETACH DELETE n //","degree":1,"limit":20,"where":{"name":"\" OR 1=1 --","title":"x') OR 1=1 //","city":"` + "`Person`" + `","country":"$of",
	  "seniority":"{id: $of}","department":"/* */ //","engagedWith":{"kind":"'}) RETURN 1 //","topic":"\u0000","action":"\n\r"},
	  "mentioned":{"topic":"$p0","sentiment":"' + '"},"signal":{"kinds":["}) MATCH (n) DETACH DELETE n //","` + "``" + `"],"topic":"\\'","titleContains":"%s%d","round":"CALL dbms.components()"},
	  "interestedIn":{"topics":["'])--","ENGAGEMENT"]},"worksAt":{"id":"'","name":"\"","industry":"\\","city":"{","country":"}","stage":"//","signal":{"kinds":["$end"],"round":"LOAD CSV FROM 'http://x' AS l"}},
	  "near":{"of":"p0' OR '1'='1","km":1e308}},
	  "network":true,"signals":{"kinds":["MENTION","' OR 1=1"],"topic":"$skip","sentiment":"NEG'","titleContains":"// x","round":"\u2028","person":"p0\"})",
	  "company":{"id":"$of","name":"` + "`name`" + `","industry":"{}","city":"()","country":"[]","stage":"\u0000\u0000","customer":true,"signal":{"kinds":["X"],"round":"Y"}}}}`,
	`{"network":true,"of":"p0","degree":2,"limit":20,"signalOrder":{"direction":"ASC"},"signals":{"kinds":["FUNDING_ROUND","MENTION","FUNDING_ROUND"],"topic":"churn","sentiment":"NEGATIVE",
	  "since":"2026-10-01T00:00:00Z","until":"2026-11-30T00:00:00Z","titleContains":"Chief","round":"B","person":"p10",
	  "company":{"id":"c3","name":"north","industry":"logistics","city":"Chicago","country":"us","stage":"public","customer":false,"signal":{"kinds":["HIRING"],"since":"2026-01-01T00:00:00Z","until":"2026-02-01T00:00:00Z","round":"C"}}}}`,
	`{"limit":5,"signalOrder":{"direction":"DESC"},"signals":{"company":{}}}`,
	// Huge numbers and invalid values: each is refused or stays a parameter.
	`{"of":"p0","degree":9223372036854775807,"limit":20}`,
	`{"of":"p0","degree":1,"limit":101}`,
	`{"of":"p0","degree":1,"limit":20,"skip":-1}`,
	`{"of":"p0","degree":1,"limit":20,"skip":9223372036854775807}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"engagedWith":{"minCount":0}}}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"engagedWith":{"minCount":9223372036854775807}}}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"OR":[{},{"mentioned":{"since":"2026-11-01T00:00:00Z","until":"2026-10-01T00:00:00Z"}}]}}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"near":{"km":5}}}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"near":{"of":"p0","km":-0.0}}}`,
	`{"of":"p0","degree":1,"limit":20,"where":{"interestedIn":{"topics":[]}}}`,
	`{"of":"p0","degree":1,"limit":20,"order":{"field":"name"}}`,
	`{"of":"p0","degree":1,"limit":20,"order":{"field":"NAME","direction":"ASC, other.id; MATCH (n) DETACH DELETE n"}}`,
	`{"of":"p0","degree":1,"limit":20,"companyOrder":{"field":"COUNT","direction":"sideways"}}`,
	`{"limit":20,"signalOrder":{"direction":"DESC //"}}`,
	`{"limit":20,"signals":{"since":"2026-11-01T00:00:00Z","until":"2026-10-01T00:00:00Z"}}`,
	`{"limit":20,"network":true,"of":"p0","degree":0}`,
	`{"limit":20,"signals":{"until":"9999-12-31T00:00:00Z","since":"0001-01-01T00:00:00Z"},"dateOnly":true}`,
}

// fzRawSeeds drive the generator (inputs that are not a JSON fzInput).
var fzRawSeeds = [][]byte{
	{},
	[]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"),
	[]byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"),
	[]byte("\x01\x05\x01\x01\x01\x81\x07\xc3\x28'\"`$\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"),
	[]byte("not json {\"of\": \"p0\"}"),
}

func FuzzBuildConnections(f *testing.F) {
	for _, s := range fzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range fzRawSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := fzDecode(data)
		for _, b := range fzBuilders {
			fzCheckBuilder(t, b, in)
		}
	})
}

// The seeds are valid JSON inputs and set every field of every filter.
func TestFuzzSeedsCoverEveryField(t *testing.T) {
	set := map[string]bool{}
	for i, s := range fzSeeds {
		if !json.Valid([]byte(s)) {
			t.Fatalf("seed %d is not valid JSON", i)
		}
		var in fzInput
		if err := json.Unmarshal([]byte(s), &in); err != nil {
			t.Fatalf("seed %d: %v", i, err)
		}
		fzWalk(reflect.ValueOf(&in).Elem(), "fzInput", func(field string, v reflect.Value) {
			if !v.IsZero() {
				set[field] = true
			}
		})
	}
	all := map[string]bool{}
	fzFields(reflect.TypeOf(fzInput{}), all)
	var missing []string
	for f := range all {
		if !set[f] {
			missing = append(missing, f)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no seed sets %s", strings.Join(missing, ", "))
	}
}

// A where filter nested 400 levels deep, each an OR with a second,
// evidence-backed branch, is about 25 KB of GraphQL variables, well within
// the body limit. It must be refused or give a statement that grows with
// the filter, not with its square: OR repeats each branch's condition in
// front of its evidence, so every level copies the whole level below.
func TestFuzzDeepWhereStatementSize(t *testing.T) {
	w := &model.PersonWhere{Name: ptr("x")}
	for i := 0; i < 400; i++ {
		w = &model.PersonWhere{Or: []*model.PersonWhere{w, {EngagedWith: &model.EngagedWithFilter{Topic: ptr("crm")}}}}
	}
	cypher, _, err := validated(BuildConnections)(ConnectionsRequest{Of: "p0", Degree: 1, Page: Paging{Limit: 1}, Where: w})
	var invalid *model.InputError
	if err != nil && !errors.As(err, &invalid) {
		t.Fatal(err)
	}
	if err == nil && len(cypher) > 1<<20 {
		t.Errorf("a filter of 400 nested ORs gives a statement of %d bytes", len(cypher))
	}
}

// The checks themselves fail on statements that break the rules.
func TestFuzzChecksCatchInjection(t *testing.T) {
	bad := []struct{ name, cypher string }{
		{"string literal", "MATCH (other:Person) WHERE other.name = 'x' RETURN other"},
		{"comment", "MATCH (other:Person) // x\nRETURN other"},
		{"backtick", "MATCH (`other`:Person) RETURN other"},
		{"unknown identifier", "MATCH (n) DETACH DELETE n"},
		{"unknown number", "RETURN 42 AS total"},
		{"unknown parameter", "RETURN $x AS total"},
		{"unbalanced", "RETURN (total"},
		{"semicolon", "RETURN total; MATCH (other:Person) RETURN other"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if problems := fzStatementProblems(tc.cypher, map[string]any{"x": 1}); len(problems) == 0 {
				t.Errorf("no problem found in %q", tc.cypher)
			}
		})
	}
	// A value copied into the text is found even where the text stays
	// one of the allowed shapes ("total" is an allowed word).
	leak := fzBuilder{
		name: "leak",
		build: func(in *fzInput) (string, map[string]any, error) {
			return "RETURN " + in.Of + " AS total", map[string]any{}, nil
		},
		values: func(in *fzInput) any { return in.Of },
	}
	for _, of := range []string{"total", "1 + 1"} {
		if problems := fzBuilderProblems(leak, &fzInput{Of: of}); len(problems) == 0 {
			t.Errorf("the value %q in the text went unnoticed", of)
		}
	}
}

// fzBuilder is one builder under test: how to build its statement from an
// input, and which part of the input it must carry as parameters.
type fzBuilder struct {
	name   string
	build  func(in *fzInput) (string, map[string]any, error)
	values func(in *fzInput) any
}

var fzBuilders = []fzBuilder{
	{
		name: "BuildConnections",
		build: func(in *fzInput) (string, map[string]any, error) {
			return validated(BuildConnections)(ConnectionsRequest{Of: in.Of, Degree: in.Degree, Where: in.Where, Order: in.Order, Page: Paging{Skip: in.Skip, Limit: in.Limit}})
		},
		values: func(in *fzInput) any { return []any{in.Of, in.Where} },
	},
	{
		// The last topic the walk may start from, when it has one.
		name: "BuildConnections from a topic",
		build: func(in *fzInput) (string, map[string]any, error) {
			start := 0
			if in.Degree == 2 {
				start = len(anchorsOf(in.Where))
			}
			return validated(BuildConnections)(ConnectionsRequest{Of: in.Of, Degree: in.Degree, Where: in.Where, Order: in.Order, Page: Paging{Skip: in.Skip, Limit: in.Limit}, Start: start})
		},
		values: func(in *fzInput) any { return []any{in.Of, in.Where} },
	},
	{
		name: "buildStart",
		build: func(in *fzInput) (string, map[string]any, error) {
			cypher, params := buildStart(in.Of, anchorsOf(in.Where))
			return cypher, params, nil
		},
		values: func(in *fzInput) any {
			out := []any{in.Of}
			for _, a := range anchorsOf(in.Where) {
				out = append(out, a.topic)
			}
			return out
		},
	},
	{
		name: "BuildCompaniesWithConnections",
		build: func(in *fzInput) (string, map[string]any, error) {
			return validated(BuildCompaniesWithConnections)(CompaniesRequest{Of: in.Of, Degree: in.Degree, Where: in.Where, Order: in.CompanyOrder, Page: Paging{Skip: in.Skip, Limit: in.Limit}})
		},
		values: func(in *fzInput) any { return []any{in.Of, in.Where} },
	},
	{
		name: "BuildSignals",
		build: func(in *fzInput) (string, map[string]any, error) {
			req := SignalsRequest{Where: in.Signals, Order: in.SignalOrder, Page: Paging{Skip: in.Skip, Limit: in.Limit}}
			if in.Network {
				req.Network = &SignalsNetwork{Of: in.Of, Degree: in.Degree}
			}
			return validated(BuildSignals)(req)
		},
		values: func(in *fzInput) any {
			var out []any
			if in.Network {
				out = append(out, in.Of)
			}
			if in.Signals != nil {
				w := *in.Signals
				if w.Company != nil {
					// signals ignores the company's own signal condition.
					c := *w.Company
					c.Signal = nil
					w.Company = &c
				}
				out = append(out, &w)
			}
			return out
		},
	},
}

func fzCheckBuilder(t *testing.T, b fzBuilder, in *fzInput) {
	t.Helper()
	if problems := fzBuilderProblems(b, in); len(problems) > 0 {
		t.Fatalf("%s: %s", b.name, strings.Join(problems, "\n"))
	}
}

// fzBuilderProblems builds the statement for in and for in with every
// value replaced by a neutral one, and lists what breaks the rules.
func fzBuilderProblems(b fzBuilder, in *fzInput) (problems []string) {
	defer func() {
		if p := recover(); p != nil {
			problems = append(problems, fmt.Sprintf("panic: %v", p))
		}
	}()
	cypher, params, err := b.build(in)
	params = fzFlatten(params)
	neutral := fzNeutral(in)
	nCypher, nParams, nErr := b.build(neutral)
	nParams = fzFlatten(nParams)
	if err != nil {
		var invalid *model.InputError
		if !errors.As(err, &invalid) {
			return []string{fmt.Sprintf("error %T %v is not a *model.InputError", err, err)}
		}
		if cypher != "" || params != nil {
			problems = append(problems, "an error came with a statement")
		}
		// Validation depends on numbers, dates and enum values, never on
		// the text of values.
		if nErr == nil || nErr.Error() != err.Error() {
			problems = append(problems, fmt.Sprintf("error %q, but %v once values are replaced", err, nErr))
		}
		return problems
	}
	if nErr != nil {
		return []string{fmt.Sprintf("no error, but %q once values are replaced", nErr)}
	}
	// (a) No value of the input in the text, unless the builder's own
	// text holds it as often (a value such as "$p0" or ") AND (" may).
	values := fzStrings(b.values(in))
	for _, s := range values {
		if len(s) < 2 || fzIdentifierLike.MatchString(s) {
			continue
		}
		if n := strings.Count(cypher, s); n > strings.Count(nCypher, s) {
			problems = append(problems, fmt.Sprintf("value %q appears in the statement text", s))
		}
	}
	// ... every value travels as a parameter ...
	carried := map[string]bool{}
	for _, v := range params {
		for _, s := range fzStrings(v) {
			carried[s] = true
		}
	}
	for _, s := range values {
		if !carried[s] {
			problems = append(problems, fmt.Sprintf("value %q is not a parameter", s))
		}
	}
	// ... and the text does not depend on the values at all.
	if cypher != nCypher {
		problems = append(problems, "the text changes with the values:\n"+lineDiff(nCypher, cypher))
	}
	if got, want := fzKeys(params), fzKeys(nParams); got != want {
		problems = append(problems, fmt.Sprintf("parameters %s change to %s with the values", want, got))
	}
	// (b) The text is one of the builder's shapes.
	problems = append(problems, fzStatementProblems(cypher, params)...)
	if len(problems) > 0 {
		problems = append(problems, "statement:\n"+cypher)
	}
	return problems
}

// fzIdentifierLike are values such as enum names that may also be words of
// the builder's text by coincidence.
var fzIdentifierLike = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// fzShapeFields are the enum-valued strings that choose between the
// builder's fixed texts; all other strings are values.
var fzShapeFields = map[string]bool{
	"PersonOrder.Field":        true,
	"PersonOrder.Direction":    true,
	"CompanyOrder.Field":       true,
	"CompanyOrder.Direction":   true,
	"SignalOrder.Direction":    true,
	"InterestedInFilter.Match": true,
}

// fzNeutral copies in with every value string replaced by "v".
func fzNeutral(in *fzInput) *fzInput {
	out := fzClone(reflect.ValueOf(in), "", func(field, s string) string {
		// Validation may depend on whether a value is empty, never on
		// its text.
		if fzShapeFields[field] || s == "" {
			return s
		}
		return "v"
	})
	return out.Interface().(*fzInput)
}

// fzStrings lists the value strings in v (shape fields excluded).
func fzStrings(v any) []string {
	var out []string
	fzWalk(reflect.ValueOf(v), "", func(field string, v reflect.Value) {
		if v.Kind() == reflect.String && !fzShapeFields[field] {
			out = append(out, v.String())
		}
	})
	return out
}

func fzKeys(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

var (
	fzDateTimeType = reflect.TypeOf(model.DateTime{})
	fzTimeType     = reflect.TypeOf(time.Time{})
)

// fzWalk calls visit for every value reachable from v, naming each by the
// struct field that holds it ("PersonWhere.Name"); list elements carry
// their list's name.
func fzWalk(v reflect.Value, field string, visit func(field string, v reflect.Value)) {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			fzWalk(v.Elem(), field, visit)
		}
		return
	case reflect.Pointer:
		visit(field, v)
		if !v.IsNil() {
			fzWalk(v.Elem(), field, visit)
		}
		return
	case reflect.Slice:
		visit(field, v)
		for i := 0; i < v.Len(); i++ {
			fzWalk(v.Index(i), field, visit)
		}
		return
	case reflect.Struct:
		if v.Type() == fzDateTimeType || v.Type() == fzTimeType {
			visit(field, v)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			fzWalk(v.Field(i), v.Type().Name()+"."+v.Type().Field(i).Name, visit)
		}
		return
	}
	visit(field, v)
}

// fzFields lists the names fzWalk gives to the fields reachable from t.
func fzFields(t reflect.Type, out map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == fzDateTimeType {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		name := t.Name() + "." + t.Field(i).Name
		if out[name] {
			continue
		}
		out[name] = true
		fzFields(t.Field(i).Type, out)
	}
}

// fzClone deep-copies v, passing every string through rewrite.
func fzClone(v reflect.Value, field string, rewrite func(field, s string) string) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(fzClone(v.Elem(), field, rewrite))
		return p
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			s.Index(i).Set(fzClone(v.Index(i), field, rewrite))
		}
		return s
	case reflect.Struct:
		if v.Type() == fzDateTimeType {
			return v
		}
		s := reflect.New(v.Type()).Elem()
		for i := 0; i < v.NumField(); i++ {
			s.Field(i).Set(fzClone(v.Field(i), v.Type().Name()+"."+v.Type().Field(i).Name, rewrite))
		}
		return s
	case reflect.String:
		return reflect.ValueOf(rewrite(field, v.String())).Convert(v.Type())
	}
	return v
}

// Words the builders write: Cypher keywords and functions, the model's
// labels, relationship types and properties, the keys of the maps they
// return, and their fixed variable names.
var fzWords = map[string]bool{}

func init() {
	for _, list := range []string{
		// keywords
		"MATCH WHERE WITH ORDER BY ASC DESC RETURN CALL UNWIND UNION AS AND OR NOT IN IS NULL EXISTS COUNT COLLECT CASE WHEN THEN ELSE END DISTINCT ALL SHORTEST CONTAINS SKIP LIMIT true false",
		// functions
		"collect size range head reduce sum any all coalesce toLower length relationships nodes min max asin sqrt haversin radians cos round startNode endNode",
		// labels and relationship types
		"Person Company Content Topic Signal KNOWS ENGAGED_WITH ABOUT BY AT MENTIONS INTERESTED_IN WORKS_AT",
		// properties
		"id name title seniority department city country latitude longitude kind action at round sentiment industry stage customer until strength private signalTopicIds interestIds",
		// keys of returned maps
		"topics filter content engagement signal person degree via evidence company count people items engaged mentioned",
		// fixed variables
		"me other path firstHop firstHops hops pathStrength k1 k2 k3 byHops best h known direct rows total page found row hit hits sig acc i k l s w co about_ by_ at_ mentions_ f n network topic signals",
	} {
		for _, w := range strings.Fields(list) {
			fzWords[w] = true
		}
	}
}

var (
	// fzFresh are the names builder.fresh makes (e0, c1, s2, t3, w4, co5,
	// r6 ...).
	fzFresh = regexp.MustCompile(`^(e|c|s|t|w|co|r)[0-9]+$`)
	// fzParamName are the names builder.param and builder.named give.
	fzParamName = regexp.MustCompile(`^(p[0-9]+|of|skip|end|earthRadiusKm|viewer)$`)
	// fzLiterals are the string literals the builders write.
	fzLiterals = map[string]bool{}
	// fzNumbers are the number literals the builders write (quantifiers,
	// the first hop of a path, neutral products and sums, the decimals
	// strengths are rounded to).
	fzNumbers = map[string]bool{"0": true, "1": true, "2": true, "3": true, "0.0": true, "1.0": true, "9": true}
	// fzPunct are the operators and punctuation, longest first.
	fzPunct = []string{"<>", ">=", "<=", "..", "->", "<-", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "=", "+", "*", "-", "<", ">"}
)

// fzStatementProblems tokenises a statement and lists every token that is
// not one of the builders': identifiers, parameters, numbers, string
// literals and punctuation from the fixed sets; parameters match params
// both ways; brackets balance; parameter values have plain types.
func fzStatementProblems(cypher string, params map[string]any) []string {
	var problems []string
	used := map[string]bool{}
	var stack []byte
	closer := map[byte]byte{')': '(', ']': '[', '}': '{'}
	s := cypher
	for len(s) > 0 {
		c := s[0]
		switch {
		case c == ' ' || c == '\n' || c == '\t':
			s = s[1:]
		case strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/*"):
			return append(problems, fmt.Sprintf("comment at %q", fzAround(s)))
		case c == '\'' || c == '"':
			end := 1
			for end < len(s) && s[end] != c {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return append(problems, fmt.Sprintf("unterminated string at %q", fzAround(s)))
			}
			if lit := s[:end+1]; !fzLiterals[lit] {
				problems = append(problems, fmt.Sprintf("string literal %s", lit))
			}
			s = s[end+1:]
		case c == '$':
			n := fzIdentLen(s[1:])
			name := s[1 : 1+n]
			// A value of the request is a key of the map $p ($p.p3),
			// checked as a parameter of its own (fzFlatten).
			if name == "p" && strings.HasPrefix(s[1+n:], ".") {
				if m := fzIdentLen(s[2+n:]); m > 0 {
					name = s[2+n : 2+n+m]
					n += 1 + m
				}
			}
			if n == 0 || !fzParamName.MatchString(name) {
				problems = append(problems, fmt.Sprintf("parameter %q", s[:1+n]))
			} else if _, ok := params[name]; !ok {
				problems = append(problems, fmt.Sprintf("parameter $%s is not in params", name))
			}
			used[name] = true
			s = s[1+n:]
		case c >= '0' && c <= '9':
			n := 0
			for n < len(s) && (s[n] >= '0' && s[n] <= '9' || s[n] == '.' && n+1 < len(s) && s[n+1] >= '0' && s[n+1] <= '9') {
				n++
			}
			if !fzNumbers[s[:n]] {
				problems = append(problems, fmt.Sprintf("number %s", s[:n]))
			}
			s = s[n:]
		case fzIdentLen(s) > 0:
			n := fzIdentLen(s)
			if w := s[:n]; !fzWords[w] && !fzFresh.MatchString(w) {
				problems = append(problems, fmt.Sprintf("identifier %s", w))
			}
			s = s[n:]
		default:
			p := ""
			for _, op := range fzPunct {
				if strings.HasPrefix(s, op) {
					p = op
					break
				}
			}
			if p == "" {
				return append(problems, fmt.Sprintf("unexpected %q at %q", c, fzAround(s)))
			}
			switch p {
			case "(", "[", "{":
				stack = append(stack, p[0])
			case ")", "]", "}":
				if len(stack) == 0 || stack[len(stack)-1] != closer[p[0]] {
					return append(problems, fmt.Sprintf("unbalanced %s at %q", p, fzAround(s)))
				}
				stack = stack[:len(stack)-1]
			}
			s = s[len(p):]
		}
	}
	if len(stack) > 0 {
		problems = append(problems, fmt.Sprintf("unclosed %q", stack))
	}
	for name, v := range params {
		if !used[name] && !fzUnusedLabel(v) {
			problems = append(problems, fmt.Sprintf("parameter %s is not used", name))
		}
		switch v.(type) {
		case string, []string, int64, float64, time.Time:
		default:
			problems = append(problems, fmt.Sprintf("parameter %s has type %T", name, v))
		}
	}
	return problems
}

// fzLabel is an evidence label the builder makes ("OR[1].NOT.worksAt.signal").
var fzLabel = regexp.MustCompile(`^((AND|OR)\[[0-9]+\]\.|NOT\.)*(engagedWith|mentioned|signal|worksAt\.signal)$`)

// fzUnusedLabel tells whether an unused parameter is an evidence label.
// A filter under NOT still names the parameter of its evidence label
// though NOT drops the evidence; the value is the builder's own text, so
// the unused parameter is harmless and tolerated.
// fzFlatten lifts the values of the map parameter p (builder.param) to
// parameters of their own, as the checks see them.
func fzFlatten(params map[string]any) map[string]any {
	values, ok := params["p"].(map[string]any)
	if !ok {
		return params
	}
	out := map[string]any{}
	for k, v := range params {
		if k != "p" {
			out[k] = v
		}
	}
	for k, v := range values {
		out[k] = v
	}
	return out
}

func fzUnusedLabel(v any) bool {
	s, ok := v.(string)
	return ok && strings.Contains(s, "NOT") && fzLabel.MatchString(s)
}

func fzIdentLen(s string) int {
	n := 0
	for n < len(s) {
		c := s[n]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || n > 0 && c >= '0' && c <= '9' {
			n++
			continue
		}
		break
	}
	return n
}

func fzAround(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// fzDecode reads an input: JSON when data is a JSON fzInput, otherwise
// data drives fzGen.
func fzDecode(data []byte) *fzInput {
	if len(data) > 0 && data[0] == '{' {
		var in fzInput
		if err := json.Unmarshal(data, &in); err == nil {
			if in.DateOnly {
				fzWalk(reflect.ValueOf(&in).Elem(), "", func(_ string, v reflect.Value) {
					if v.Type() == fzDateTimeType && v.CanSet() {
						v.FieldByName("DateOnly").SetBool(true)
					}
				})
			}
			return &in
		}
	}
	g := &fzGen{data: data}
	return g.input()
}

// fzGen turns bytes into an input: each byte decides a field or picks a
// value; once the bytes run out every optional part is left out.
type fzGen struct{ data []byte }

func (g *fzGen) next() byte {
	if len(g.data) == 0 {
		return 0
	}
	b := g.data[0]
	g.data = g.data[1:]
	return b
}

func (g *fzGen) has() bool { return g.next()&1 == 1 }

func (g *fzGen) take(n int) []byte {
	n = min(n, len(g.data))
	out := g.data[:n]
	g.data = g.data[n:]
	return out
}

// fzHostile are strings known to break naive query building.
var fzHostile = []string{
	"p0",
	"p0'}) MATCH (n) DETACH DELETE n //",
	`" OR 1=1 --`,
	"x') OR 1=1 //",
	"`Person`", "`a``b`", "`",
	"$of", "$p0", "$skip", "$end", "{id: $of}", "$`x`",
	"//", "/* x */", "*/", "--",
	"\n", "a\nMATCH (n) DETACH DELETE n\r\n", "\u0000", "a\u0000b", "\xff\xfe\xfd", "\xc3\x28", "\xed\xa0\x80",
	"'", "\"", "\\", "\\'", "''", "\\u0027",
	"}) RETURN 1 UNION MATCH (n) RETURN n //",
	"MATCH (n) DETACH DELETE n", "CALL dbms.components()", "LOAD CSV FROM 'http://x' AS l",
	"ENGAGEMENT", "SIGNAL", "ASC", "DESC", "DEGREE", "STRENGTH", "NAME", "COUNT", "ALL", "ANY",
	"other", "me", "e0", "c1", "true", "1", "0.0",
	"", " ", "Ωmega ü 😀", "\u202e", "\u2028", strings.Repeat("a", 300), "1e309", "NaN", "-0",
}

func (g *fzGen) str() string {
	b := g.next()
	if b&0x80 == 0 {
		return fzHostile[int(b)%len(fzHostile)]
	}
	return string(g.take(int(g.next() % 48)))
}

func (g *fzGen) optStr() *string {
	if !g.has() {
		return nil
	}
	s := g.str()
	return &s
}

// enum picks one of valid mostly, sometimes any string.
func (g *fzGen) enum(valid ...string) string {
	b := g.next()
	if b%8 == 7 {
		return g.str()
	}
	return valid[int(b)%len(valid)]
}

func (g *fzGen) optEnum(valid ...string) *string {
	if !g.has() {
		return nil
	}
	s := g.enum(valid...)
	return &s
}

func (g *fzGen) strs() []string {
	n := int(g.next() % 4)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = g.str()
	}
	return out
}

var fzInts = []int{0, 1, 2, 3, 4, -1, 20, 99, 100, 101, math.MaxInt32, math.MaxInt64, math.MinInt64, math.MaxInt64 - 50}

func (g *fzGen) int() int {
	b := g.next()
	if b < 200 {
		return fzInts[int(b)%len(fzInts)]
	}
	return int(int64(binary.LittleEndian.Uint64(append(g.take(8), make([]byte, 8)...)[:8])))
}

// small is mostly a value in [lo, lo+n), sometimes any int.
func (g *fzGen) small(lo, n int) int {
	b := g.next()
	if b >= 240 {
		return g.int()
	}
	return lo + int(b)%n
}

var fzFloats = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), math.MaxFloat64, math.SmallestNonzeroFloat64, 50, -1, 0.5, 1e308}

func (g *fzGen) float() float64 {
	b := g.next()
	if b < 200 {
		return fzFloats[int(b)%len(fzFloats)]
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(append(g.take(8), make([]byte, 8)...)[:8]))
}

var fzTimes = []time.Time{
	time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 10, 1, 9, 30, 0, 123456789, time.FixedZone("+05:00", 5*3600)),
	{},
	time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
	time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
}

func (g *fzGen) date() *model.DateTime {
	if !g.has() {
		return nil
	}
	b := g.next()
	return &model.DateTime{Time: fzTimes[int(b>>1)%len(fzTimes)], DateOnly: b&1 == 1}
}

func (g *fzGen) input() *fzInput {
	in := &fzInput{
		Degree:  g.small(1, 3),
		Limit:   g.small(1, 100),
		Skip:    g.small(0, 50),
		Of:      g.str(),
		Network: g.has(),
	}
	if g.has() {
		in.Order = &model.PersonOrder{Field: g.enum("DEGREE", "STRENGTH", "NAME"), Direction: g.optEnum("ASC", "DESC")}
	}
	if g.has() {
		in.CompanyOrder = &model.CompanyOrder{Field: g.enum("COUNT", "NAME"), Direction: g.optEnum("ASC", "DESC")}
	}
	if g.has() {
		in.SignalOrder = &model.SignalOrder{Direction: g.optEnum("ASC", "DESC")}
	}
	in.Where = g.personWhere(4)
	if g.has() {
		in.Signals = g.signalWhere()
	}
	return in
}

func (g *fzGen) personWhere(depth int) *model.PersonWhere {
	if !g.has() {
		return nil
	}
	w := &model.PersonWhere{}
	sub := func() *model.PersonWhere {
		if s := g.personWhere(depth - 1); s != nil {
			return s
		}
		return &model.PersonWhere{}
	}
	if depth > 0 {
		for n := g.next() % 3; n > 0; n-- {
			w.And = append(w.And, sub())
		}
		for n := g.next() % 3; n > 0; n-- {
			w.Or = append(w.Or, sub())
		}
		if g.has() {
			w.Not = sub()
		}
	}
	if g.has() {
		f := &model.EngagedWithFilter{Kind: g.optStr(), Topic: g.optStr(), Action: g.optStr(), Since: g.date(), Until: g.date()}
		if g.has() {
			n := g.small(1, 4)
			f.MinCount = &n
		}
		w.EngagedWith = f
	}
	if g.has() {
		w.Mentioned = &model.MentionedFilter{Topic: g.optStr(), Sentiment: g.optStr(), Since: g.date(), Until: g.date()}
	}
	if g.has() {
		w.Signal = &model.PersonSignalFilter{Kinds: g.strs(), Topic: g.optStr(), Since: g.date(), Until: g.date(), TitleContains: g.optStr(), Round: g.optStr()}
	}
	if g.has() {
		w.InterestedIn = &model.InterestedInFilter{Topics: g.strs(), Match: g.optEnum("ANY", "ALL")}
	}
	if g.has() {
		w.WorksAt = g.companyWhere()
	}
	w.Title, w.Seniority, w.Department = g.optStr(), g.optStr(), g.optStr()
	w.Name, w.City, w.Country = g.optStr(), g.optStr(), g.optStr()
	if g.has() {
		w.Near = &model.NearFilter{Of: g.optStr(), Km: g.float()}
	}
	return w
}

func (g *fzGen) companyWhere() *model.CompanyWhere {
	c := &model.CompanyWhere{ID: g.optStr(), Name: g.optStr(), Industry: g.optStr(), City: g.optStr(), Country: g.optStr(), Stage: g.optStr()}
	if g.has() {
		b := g.has()
		c.Customer = &b
	}
	if g.has() {
		c.Signal = &model.CompanySignalFilter{Kinds: g.strs(), Since: g.date(), Until: g.date(), Round: g.optStr()}
	}
	return c
}

func (g *fzGen) signalWhere() *model.SignalWhere {
	w := &model.SignalWhere{Kinds: g.strs(), Topic: g.optStr(), Sentiment: g.optStr(), Since: g.date(), Until: g.date(),
		TitleContains: g.optStr(), Round: g.optStr(), Person: g.optStr()}
	if g.has() {
		w.Company = g.companyWhere()
	}
	return w
}
