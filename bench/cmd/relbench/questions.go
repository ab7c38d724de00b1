package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
	"github.com/relgraph/relgraph/resolvers"
)

// question is one benchmarked question: its relgraph GraphQL, the store
// call the resolver makes for it, and the same question for the reference
// server. Each selection holds what the equivalence check compares (ids,
// counts, order, strengths), on both servers.
type question struct {
	name string
	// hops is the latency target's class: 1 or 2.
	hops   int
	query  string
	vars   func(draw) map[string]any
	direct func(context.Context, *neo4j.Store, draw) error
	// shape reads relgraph's answer into its canonical form.
	shape shape
	ref   refQuestion
}

// refQuestion is a question as the reference server (bench/reference) is
// asked it.
type refQuestion struct {
	query string
	vars  func(draw) map[string]any
	shape shape
}

func ptr[T any](v T) *T { return &v }

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func storyWhere(d draw) *model.PersonWhere {
	return &model.PersonWhere{
		EngagedWith: &model.EngagedWithFilter{Topic: ptr(d.Story)},
		Mentioned:   &model.MentionedFilter{Topic: ptr(d.Story2)},
	}
}

// connectionsShape is the canonical form of relgraph's connections and of
// the reference's connections2: one item per edge.
var connectionsShape = func(root string) shape {
	return shape{total: root + ".totalCount", list: root + ".edges", fields: []string{"node.id", "degree", "strength", "via[].id"}}
}

func connectionsQuestion(degree int, filtered bool) question {
	name := fmt.Sprintf("connections d%d", degree)
	where, whereVars := "", ""
	if filtered {
		name += " filtered"
		where, whereVars = ", where: {engagedWith: {topic: $t}, mentioned: {topic: $t2}}", ", $t: ID, $t2: ID"
	}
	q := question{
		name:  name,
		hops:  degree,
		query: `query($of: ID, $degree: Int` + whereVars + `) { connections(of: $of, degree: $degree, first: 20` + where + `) { totalCount edges { degree strength via { id } node { id } } } }`,
		vars: func(d draw) map[string]any {
			v := map[string]any{"of": d.Person, "degree": degree}
			if filtered {
				v["t"], v["t2"] = d.Story, d.Story2
			}
			return v
		},
		direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
			// The HTTP query asks no evidence, and the resolver asks the
			// store for none.
			req := neo4j.ConnectionsRequest{Of: d.Person, Degree: degree, Page: neo4j.Paging{Limit: pageSize}, NoEvidence: true}
			if filtered {
				req.Where = storyWhere(d)
			}
			_, err := s.Connections(ctx, req)
			return err
		},
		shape: connectionsShape("connections"),
	}
	refVars := func(d draw) map[string]any {
		v := map[string]any{"of": d.Person}
		if filtered {
			v["t"], v["t2"] = d.Story, d.Story2
		}
		return v
	}
	if degree == 1 {
		// A person's direct KNOWS neighbours are the library's generated
		// connection field; the filters are its generated relationship
		// filters.
		refWhere, refWhereVars := "", ""
		if filtered {
			refWhere = `, where: {node: {engagedWith: {some: {topics: {some: {id: {eq: $t}}}}}, signals: {some: {kind: {eq: MENTION}, topics: {some: {id: {eq: $t2}}}}}}}`
			refWhereVars = ", $t: ID!, $t2: ID!"
		}
		root := "people.0.knowsConnection"
		q.ref = refQuestion{
			query: `query($of: ID!` + refWhereVars + `) { people(where: {id: {eq: $of}}) { knowsConnection(first: 20, sort: [{edge: {strength: DESC}}, {node: {id: ASC}}]` + refWhere + `) { totalCount edges { properties { strength } node { id } } } } }`,
			vars:  refVars,
			shape: shape{total: root + ".totalCount", list: root + ".edges", fields: []string{"node.id", "=1", "properties.strength", "="}},
		}
		return q
	}
	refArgs, refArgVars := "", ""
	if filtered {
		refArgs, refArgVars = ", engagedWithTopic: $t, mentionedTopic: $t2", ", $t: ID!, $t2: ID!"
	}
	q.ref = refQuestion{
		query: `query($of: ID!` + refArgVars + `) { connections2(of: $of` + refArgs + `, first: 20) { totalCount edges { degree strength via { id } node { id } } } }`,
		vars:  refVars,
		shape: connectionsShape("connections2"),
	}
	return q
}

// valueWeights are the weights the server applies when customerValue is
// asked without any.
var valueWeights = resolvers.DefaultValueWeights()

func ofPerson(d draw) map[string]any { return map[string]any{"of": d.Person} }

func window(d draw) map[string]any {
	return map[string]any{"since": rfc3339(d.Since), "until": rfc3339(d.Until)}
}

func pathsShape(root string) shape {
	return shape{list: root, fields: []string{"people[].id", "hops", "strength"}}
}

func buildQuestions() []question {
	return []question{
		connectionsQuestion(1, false),
		connectionsQuestion(2, false),
		connectionsQuestion(1, true),
		connectionsQuestion(2, true),
		{
			name:  "companiesWithConnections d2",
			hops:  2,
			query: `query($of: ID) { companiesWithConnections(of: $of, degree: 2, first: 20) { totalCount edges { node { count company { id } } } } }`,
			vars:  ofPerson,
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				// The query asks nothing of the companies' people.
				_, err := s.CompaniesWithConnections(ctx, neo4j.CompaniesRequest{Of: d.Person, Degree: 2, Page: neo4j.Paging{Limit: pageSize}, Uncollected: true})
				return err
			},
			shape: shape{total: "companiesWithConnections.totalCount", list: "companiesWithConnections.edges", fields: []string{"node.company.id", "node.count"}},
			ref: refQuestion{
				query: `query($of: ID!) { companiesWithConnections2(of: $of, first: 20) { totalCount edges { count company { id } } } }`,
				vars:  ofPerson,
				shape: shape{total: "companiesWithConnections2.totalCount", list: "companiesWithConnections2.edges", fields: []string{"company.id", "count"}},
			},
		},
		{
			name:  "signals network d1",
			hops:  1,
			query: `query($of: ID) { signals(network: {of: $of, degree: 1}, first: 20) { totalCount edges { node { id } } } }`,
			vars:  ofPerson,
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				_, err := s.Signals(ctx, neo4j.SignalsRequest{Network: &neo4j.SignalsNetwork{Of: d.Person, Degree: 1}, Page: neo4j.Paging{Limit: pageSize}})
				return err
			},
			shape: shape{total: "signals.totalCount", list: "signals.edges", fields: []string{"node.id"}},
			// Generated: signals BY a person who KNOWS $of, or AT a company
			// with a current employee who KNOWS $of.
			ref: refQuestion{
				query: `query($of: ID!) { signalsConnection(first: 20, sort: [{at: DESC}, {id: ASC}], where: {OR: [
  {by: {some: {knows: {some: {id: {eq: $of}}}}}},
  {atCompany: {some: {employeesConnection: {some: {edge: {until: {eq: null}}, node: {knows: {some: {id: {eq: $of}}}}}}}}}
]}) { totalCount edges { node { id } } } }`,
				vars:  ofPerson,
				shape: shape{total: "signalsConnection.totalCount", list: "signalsConnection.edges", fields: []string{"node.id"}},
			},
		},
		{
			name:  "signals window",
			hops:  1,
			query: `query($since: DateTime, $until: DateTime) { signals(where: {since: $since, until: $until}, first: 20) { totalCount edges { node { id } } } }`,
			vars:  window,
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				w := &model.SignalWhere{Since: &model.DateTime{Time: d.Since}, Until: &model.DateTime{Time: d.Until}}
				_, err := s.Signals(ctx, neo4j.SignalsRequest{Where: w, Page: neo4j.Paging{Limit: pageSize}})
				return err
			},
			shape: shape{total: "signals.totalCount", list: "signals.edges", fields: []string{"node.id"}},
			ref: refQuestion{
				query: `query($since: DateTime!, $until: DateTime!) { signalsConnection(first: 20, sort: [{at: DESC}, {id: ASC}], where: {at: {gte: $since, lte: $until}}) { totalCount edges { node { id } } } }`,
				vars:  window,
				shape: shape{total: "signalsConnection.totalCount", list: "signalsConnection.edges", fields: []string{"node.id"}},
			},
		},
		{
			name:  "introductionPaths",
			hops:  2,
			query: `query($from: ID, $to: ID!) { introductionPaths(from: $from, to: $to, maxHops: 3, first: 3) { hops strength people { id } } }`,
			vars:  func(d draw) map[string]any { return map[string]any{"from": d.Person, "to": d.Other} },
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				_, err := s.IntroductionPaths(ctx, neo4j.PathsRequest{From: d.Person, To: d.Other, MaxHops: 3, Limit: 3})
				return err
			},
			shape: pathsShape("introductionPaths"),
			ref: refQuestion{
				query: `query($from: ID!, $to: ID!) { introductionPaths(from: $from, to: $to, first: 3) { hops strength people { id } } }`,
				vars:  func(d draw) map[string]any { return map[string]any{"from": d.Person, "to": d.Other} },
				shape: pathsShape("introductionPaths"),
			},
		},
		{
			name:  "introductionPathsToCompany",
			hops:  2,
			query: `query($from: ID, $company: ID!) { introductionPathsToCompany(from: $from, company: $company, maxHops: 3, first: 3) { hops strength people { id } } }`,
			vars:  func(d draw) map[string]any { return map[string]any{"from": d.Person, "company": d.Company} },
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				_, err := s.IntroductionPaths(ctx, neo4j.PathsRequest{From: d.Person, To: d.Company, ToCompany: true, MaxHops: 3, Limit: 3})
				return err
			},
			shape: pathsShape("introductionPathsToCompany"),
			ref: refQuestion{
				query: `query($from: ID!, $company: ID!) { introductionPathsToCompany(from: $from, company: $company, first: 3) { hops strength people { id } } }`,
				vars:  func(d draw) map[string]any { return map[string]any{"from": d.Person, "company": d.Company} },
				shape: pathsShape("introductionPathsToCompany"),
			},
		},
		{
			name:  "accountCoverage",
			hops:  1,
			query: `query($company: ID!) { accountCoverage(company: $company) { contacts covered coverage departments { department contacts covered coverage } teamMembers { person { id } contacts } } }`,
			vars:  func(d draw) map[string]any { return map[string]any{"company": d.Company} },
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				// The query asks only the team members' ids.
				_, err := s.AccountCoverage(ctx, neo4j.CoverageRequest{Company: d.Company, TeamIDs: true})
				return err
			},
			shape: coverageShape,
			ref: refQuestion{
				query: `query($company: ID!) { accountCoverage(company: $company) { contacts covered coverage departments { department contacts covered coverage } teamMembers { person { id } contacts } } }`,
				vars:  func(d draw) map[string]any { return map[string]any{"company": d.Company} },
				shape: coverageShape,
			},
		},
		{
			name:  "customerValue",
			hops:  1,
			query: `{ customerValue(first: 20) { totalCount edges { node { score company { id } } } } }`,
			vars:  func(draw) map[string]any { return nil },
			direct: func(ctx context.Context, s *neo4j.Store, _ draw) error {
				_, err := s.CustomerValue(ctx, neo4j.CustomerValueRequest{Weights: valueWeights, ClvWeight: 1, Page: neo4j.Paging{Limit: pageSize}})
				return err
			},
			shape: shape{total: "customerValue.totalCount", list: "customerValue.edges", fields: []string{"node.company.id", "node.score"}},
			ref: refQuestion{
				query: `{ customerValue(first: 20) { totalCount edges { score company { id } } } }`,
				vars:  func(draw) map[string]any { return nil },
				shape: shape{total: "customerValue.totalCount", list: "customerValue.edges", fields: []string{"company.id", "score"}},
			},
		},
		{
			name:  "suggestions",
			hops:  2,
			query: `query($of: ID) { suggestions(of: $of, first: 20) { totalCount edges { node { score strength person { id } sharedTopics { id } via { id } } } } }`,
			vars:  ofPerson,
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				_, err := s.Suggestions(ctx, neo4j.SuggestionsRequest{Of: d.Person, MinShared: 1, Page: neo4j.Paging{Limit: pageSize}})
				return err
			},
			shape: shape{total: "suggestions.totalCount", list: "suggestions.edges", fields: []string{"node.person.id", "node.score", "node.strength", "node.sharedTopics[].id", "node.via[].id"}},
			ref: refQuestion{
				query: `query($of: ID!) { suggestions(of: $of, first: 20) { totalCount edges { score strength person { id } sharedTopics { id } via { id } } } }`,
				vars:  ofPerson,
				shape: shape{total: "suggestions.totalCount", list: "suggestions.edges", fields: []string{"person.id", "score", "strength", "sharedTopics[].id", "via[].id"}},
			},
		},
		{
			name:  "search",
			hops:  1,
			query: `query($text: String!) { search(text: $text, first: 10) { score node { __typename ... on Person { id } ... on Company { id } } } }`,
			vars:  func(d draw) map[string]any { return map[string]any{"text": d.Word} },
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				_, err := s.Search(ctx, neo4j.SearchRequest{Text: d.Word, Limit: 10})
				return err
			},
			shape: shape{list: "search", fields: []string{"node.__typename", "node.id", "score"}},
			ref: refQuestion{
				query: `query($text: String!) { search(text: $text, first: 10) { score kind id } }`,
				vars:  func(d draw) map[string]any { return map[string]any{"text": d.Word} },
				shape: shape{list: "search", fields: []string{"kind", "id", "score"}},
			},
		},
		{
			name:  "person",
			hops:  1,
			query: `query($id: ID!) { person(id: $id) { id name title city } }`,
			vars:  func(d draw) map[string]any { return map[string]any{"id": d.Person} },
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				_, err := s.PeopleByID(ctx, []string{d.Person})
				return err
			},
			shape: shape{list: "person", fields: []string{"id", "name", "title", "city"}},
			ref: refQuestion{
				query: `query($id: ID!) { people(where: {id: {eq: $id}}) { id name title city } }`,
				vars:  func(d draw) map[string]any { return map[string]any{"id": d.Person} },
				shape: shape{list: "people", fields: []string{"id", "name", "title", "city"}},
			},
		},
		{
			name:  "topic",
			hops:  1,
			query: `query($id: ID!) { topic(id: $id) { id name } }`,
			vars:  func(d draw) map[string]any { return map[string]any{"id": d.Topic} },
			direct: func(ctx context.Context, s *neo4j.Store, d draw) error {
				_, err := s.Nodes(ctx, []string{neo4j.KindTopic}, d.Topic)
				return err
			},
			shape: shape{list: "topic", fields: []string{"id", "name"}},
			ref: refQuestion{
				query: `query($id: ID!) { topics(where: {id: {eq: $id}}) { id name } }`,
				vars:  func(d draw) map[string]any { return map[string]any{"id": d.Topic} },
				shape: shape{list: "topics", fields: []string{"id", "name"}},
			},
		},
	}
}

// coverageShape reads an account's coverage as one item: the counts, the
// departments in order and the team members in order.
var coverageShape = shape{total: "accountCoverage.contacts", list: "accountCoverage", fields: []string{
	"covered", "coverage",
	"departments[].department", "departments[].contacts", "departments[].covered", "departments[].coverage",
	"teamMembers[].person.id", "teamMembers[].contacts",
}}

// shape says where an answer keeps what the check compares.
type shape struct {
	// total is the path of the total count; "" when there is none.
	total string
	// list is the path of the items; an object there is one item, null
	// none.
	list string
	// fields are the paths read from each item; "=x" is the text x.
	fields []string
}

// canonical is an answer reduced to what both servers must agree on.
type canonical struct {
	Total string
	Items []string
}

func (s shape) canonical(v any) canonical {
	var c canonical
	if s.total != "" {
		c.Total = text(lookup(v, s.total))
	}
	var items []any
	switch l := lookup(v, s.list).(type) {
	case []any:
		items = l
	case nil:
	default:
		items = []any{l}
	}
	for _, it := range items {
		parts := make([]string, len(s.fields))
		for i, f := range s.fields {
			if lit, ok := strings.CutPrefix(f, "="); ok {
				parts[i] = lit
			} else {
				parts[i] = text(lookup(it, f))
			}
		}
		c.Items = append(c.Items, strings.Join(parts, " "))
	}
	return c
}

func (c canonical) equal(o canonical) bool {
	return c.Total == o.Total && slices.Equal(c.Items, o.Items)
}

func (c canonical) String() string {
	s := "[" + strings.Join(c.Items, "; ") + "]"
	if c.Total != "" {
		s = "total " + c.Total + " " + s
	}
	return s
}

// diff describes the first difference between two answers.
func (c canonical) diff(o canonical) string {
	if c.Total != o.Total {
		return fmt.Sprintf("totals differ: %s vs %s", c.Total, o.Total)
	}
	for i := range min(len(c.Items), len(o.Items)) {
		if c.Items[i] != o.Items[i] {
			return fmt.Sprintf("item %d differs: %q vs %q", i, c.Items[i], o.Items[i])
		}
	}
	return fmt.Sprintf("%d vs %d items", len(c.Items), len(o.Items))
}

// lookup follows a dotted path through decoded JSON. A number indexes a
// list; "name[]" maps the rest of the path over the list and gives the
// results joined by commas.
func lookup(v any, path string) any {
	if path == "" {
		return v
	}
	seg, rest, _ := strings.Cut(path, ".")
	if name, ok := strings.CutSuffix(seg, "[]"); ok {
		list, _ := lookup(v, name).([]any)
		parts := make([]string, len(list))
		for i, it := range list {
			parts[i] = text(lookup(it, rest))
		}
		return strings.Join(parts, ",")
	}
	switch x := v.(type) {
	case map[string]any:
		return lookup(x[seg], rest)
	case []any:
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i >= len(x) {
			return nil
		}
		return lookup(x[i], rest)
	}
	return nil
}

// text writes a JSON value; numbers with 10 significant digits, so that
// the last bits of a float computed in another order do not count.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', 10, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	raw, _ := json.Marshal(v)
	return string(raw)
}
