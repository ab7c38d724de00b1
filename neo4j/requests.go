package neo4j

import (
	"fmt"
	"math"
	"strings"

	"github.com/relgraph/relgraph/internal/model"
)

// The questions the store answers, one request type each. A request
// validates itself once, against the limits, in the store method that
// answers it: every bound lives here, and the builders trust what they are
// given. Paging is left out of a request's JSON form, which identifies the
// question and its arguments (resolvers digest it into cursors).

// Paging is the page of a paged question: the rows after the first Skip,
// at most Limit of them.
type Paging struct {
	Skip  int
	Limit int
}

// Paging returns the request's page.
func (r *ConnectionsRequest) Paging() *Paging { return &r.Page }

// Paging returns the request's page.
func (r *CompaniesRequest) Paging() *Paging { return &r.Page }

// Paging returns the request's page.
func (r *SignalsRequest) Paging() *Paging { return &r.Page }

// Paging returns the request's page.
func (r *CustomerValueRequest) Paging() *Paging { return &r.Page }

// Paging returns the request's page.
func (r *SuggestionsRequest) Paging() *Paging { return &r.Page }

func (p Paging) validate(l model.Limits) error {
	if p.Skip < 0 || p.Skip >= model.MaxOffset {
		return model.Invalid("after", "after points %d rows in; pages start at most %d rows in", p.Skip, model.MaxOffset-1)
	}
	return l.CheckFirst(p.Limit)
}

// ConnectionsRequest is question 1: people in the network of Of within
// Degree who match Where, one page of them.
type ConnectionsRequest struct {
	Of     string             `json:"of"`
	Degree int                `json:"degree"`
	Where  *model.PersonWhere `json:"where,omitempty"`
	Order  *model.PersonOrder `json:"orderBy,omitempty"`
	Page   Paging             `json:"-"`
	// Start is where a degree-2 walk whose filter names topics that every
	// match must have (anchorsOf) starts: 0 leaves it to the store, which
	// picks the side that yields fewer rows; StartNetwork walks of's
	// network; n > 0 walks from the n-th such topic. Every start gives
	// the same answer; tests set it to check that.
	Start int `json:"-"`
	// NoEvidence leaves out the evidence of the page's people, for an
	// answer that does not ask for it: the statement neither computes it
	// nor has Neo4j plan it (see filteredNetwork).
	NoEvidence bool `json:"-"`
}

// Reach is of's relationships.
func (r ConnectionsRequest) Reach() Reach { return Reach{People: []Subject{{"of", r.Of}}} }

// Validate checks the request against l.
func (r ConnectionsRequest) Validate(l model.Limits) error {
	return checkNetwork(l, r.Of, "degree", r.Degree, r.Where, r.Page)
}

func checkNetwork(l model.Limits, of, degreeArg string, degree int, where *model.PersonWhere, page Paging) error {
	if of == "" {
		return model.Invalid("of", "of must not be empty")
	}
	if degree < model.MinDegree || degree > model.MaxDegree {
		return model.Invalid(degreeArg, "%s must be between %d and %d, got %d", degreeArg, model.MinDegree, model.MaxDegree, degree)
	}
	if err := checkWhere(l, where); err != nil {
		return err
	}
	return page.validate(l)
}

// CompaniesRequest is question 2: the companies where people in the
// network of Of within Degree who match Where currently work, one page of
// them.
type CompaniesRequest struct {
	Of     string              `json:"of"`
	Degree int                 `json:"degree"`
	Where  *model.PersonWhere  `json:"where,omitempty"`
	Order  *model.CompanyOrder `json:"orderBy,omitempty"`
	Page   Paging              `json:"-"`
	// Start is as ConnectionsRequest's.
	Start int `json:"-"`
	// Uncollected leaves out each company's people, for an answer that
	// does not ask for them: the statement counts them rather than
	// collecting them (every company's, to rank the companies), and
	// with them their evidence.
	Uncollected bool `json:"-"`
	// NoEvidence is as ConnectionsRequest's, for the companies' people.
	NoEvidence bool `json:"-"`
}

// Reach is of's relationships.
func (r CompaniesRequest) Reach() Reach { return Reach{People: []Subject{{"of", r.Of}}} }

// Validate checks the request against l.
func (r CompaniesRequest) Validate(l model.Limits) error {
	return checkNetwork(l, r.Of, "degree", r.Degree, r.Where, r.Page)
}

// SignalsRequest is question 4: signals matching Where, restricted to a
// network when Network is set, one page of them.
type SignalsRequest struct {
	Where   *model.SignalWhere `json:"where,omitempty"`
	Network *SignalsNetwork    `json:"network,omitempty"`
	Order   *model.SignalOrder `json:"orderBy,omitempty"`
	Page    Paging             `json:"-"`
}

// SignalsNetwork restricts signals to those BY a person in the network of
// Of within Degree, or AT a company where such a person currently works.
type SignalsNetwork struct {
	Of     string `json:"of"`
	Degree int    `json:"degree"`
}

// Reach is the relationships of the network's person, if any.
func (r SignalsRequest) Reach() Reach {
	if r.Network == nil {
		return Reach{}
	}
	return Reach{People: []Subject{{"network.of", r.Network.Of}}}
}

// Validate checks the request against l.
func (r SignalsRequest) Validate(l model.Limits) error {
	if r.Network != nil {
		if r.Network.Of == "" {
			return model.Invalid("network.of", "network.of must not be empty")
		}
		if d := r.Network.Degree; d < model.MinDegree || d > model.MaxDegree {
			return model.Invalid("network.degree", "network.degree must be between %d and %d, got %d", model.MinDegree, model.MaxDegree, d)
		}
	}
	return r.Page.validate(l)
}

// PathsRequest is question 3: the shortest KNOWS paths from From to To, at
// most MaxHops long, the Limit strongest of them. To is a person's id, or
// with ToCompany a company's.
type PathsRequest struct {
	From      string `json:"from"`
	To        string `json:"to"`
	ToCompany bool   `json:"toCompany,omitempty"`
	MaxHops   int    `json:"maxHops"`
	Limit     int    `json:"first"`
}

// Reach is from's relationships.
func (r PathsRequest) Reach() Reach { return Reach{People: []Subject{{"from", r.From}}} }

// Validate checks the request against l.
func (r PathsRequest) Validate(l model.Limits) error {
	target := "to"
	if r.ToCompany {
		target = "company"
	}
	switch {
	case r.From == "":
		return model.Invalid("from", "from must not be empty")
	case r.To == "":
		return model.Invalid(target, "%s must not be empty", target)
	case r.MaxHops < model.MinHops || r.MaxHops > model.MaxHops:
		return model.Invalid("maxHops", "maxHops must be between %d and %d, got %d", model.MinHops, model.MaxHops, r.MaxHops)
	}
	return l.CheckFirst(r.Limit)
}

// ValueWeight is one dimension of customer value: every signal of Kind AT
// the customer adds Weight.
type ValueWeight struct {
	Kind   string  `json:"kind"`
	Weight float64 `json:"weight"`
}

// CustomerValueRequest is question 6: customers ranked by
// ClvWeight x clv + the sum over Weights of weight x count of signals of
// that kind AT the customer with `at` >= Since (all signals when Since is
// nil); one page of them.
type CustomerValueRequest struct {
	// Weights are the dimensions, in the order of the answer's components.
	Weights   []ValueWeight   `json:"weights"`
	ClvWeight float64         `json:"clvWeight"`
	Since     *model.DateTime `json:"since,omitempty"`
	Page      Paging          `json:"-"`
}

// Reach is nobody's relationships.
func (r CustomerValueRequest) Reach() Reach { return Reach{} }

// Validate checks the request against l. Weights may be negative (a
// dimension that costs rather than adds, such as bug reports seen as
// support load); they must be finite numbers.
func (r CustomerValueRequest) Validate(l model.Limits) error {
	if len(r.Weights) == 0 {
		return model.Invalid("weights", "customer value needs at least one weighted signal kind")
	}
	if !finite(r.ClvWeight) || math.Abs(r.ClvWeight) > MaxValueWeight {
		return model.Invalid("clvWeight", "clvWeight must be between %.0f and %.0f, got %v", -MaxValueWeight, MaxValueWeight, r.ClvWeight)
	}
	seen := map[string]bool{}
	for _, w := range r.Weights {
		if seen[w.Kind] {
			return model.Invalid("weights", "signal kind %s is weighted twice", w.Kind)
		}
		seen[w.Kind] = true
		if !finite(w.Weight) || math.Abs(w.Weight) > MaxValueWeight {
			return model.Invalid("weights", "the weight of %s must be between %.0f and %.0f, got %v", w.Kind, -MaxValueWeight, MaxValueWeight, w.Weight)
		}
	}
	return r.Page.validate(l)
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// MaxValueWeight bounds the weights of customerValue, so that every score
// stays a finite number (a weight of 1e308 times a lifetime value is not).
const MaxValueWeight = 1e6

// SuggestionsRequest is question 7: people exactly two KNOWS hops from Of
// who share at least MinShared declared interests with Of, one page.
type SuggestionsRequest struct {
	Of        string `json:"of"`
	MinShared int    `json:"minSharedInterests"`
	Page      Paging `json:"-"`
}

// Reach is of's relationships.
func (r SuggestionsRequest) Reach() Reach { return Reach{People: []Subject{{"of", r.Of}}} }

// Validate checks the request against l.
func (r SuggestionsRequest) Validate(l model.Limits) error {
	if r.Of == "" {
		return model.Invalid("of", "of must not be empty")
	}
	if r.MinShared < 1 {
		return model.Invalid("minSharedInterests", "minSharedInterests must be at least 1, got %d", r.MinShared)
	}
	return r.Page.validate(l)
}

// SearchRequest is search(text, first): people and companies whose indexed
// words match every word of Text, the Limit best.
type SearchRequest struct {
	Text  string `json:"text"`
	Limit int    `json:"first"`
}

// Reach is nobody's relationships.
func (r SearchRequest) Reach() Reach { return Reach{} }

// Validate checks the request against l; the words themselves are checked
// as the query is built (SearchQuery).
func (r SearchRequest) Validate(l model.Limits) error {
	if strings.TrimSpace(r.Text) == "" {
		return model.Invalid("text", "text must contain at least one word, e.g. `dana` or `acme`")
	}
	if len(r.Text) > l.MaxSearchText {
		return model.Invalid("text", "text has %d bytes; search with at most %d", len(r.Text), l.MaxSearchText)
	}
	return l.CheckFirst(r.Limit)
}

// CoverageRequest is question 5: how many of a company's current
// employees team members know.
type CoverageRequest struct {
	Company string `json:"company"`
	// TeamIDs reads the team members as their ids alone, for an answer
	// that asks nothing else of them: every team member is in every
	// answer, thousands of whole nodes in a large graph.
	TeamIDs bool `json:"-"`
}

// Reach is every team member's relationships.
func (r CoverageRequest) Reach() Reach { return Reach{Team: true} }

// Validate checks the request.
func (r CoverageRequest) Validate(model.Limits) error {
	if r.Company == "" {
		return model.Invalid("company", "company must not be empty")
	}
	return nil
}

// checkWhere refuses filters nested deeper than the limit's AND/OR/NOT
// levels or with more conditions in all than it allows.
func checkWhere(l model.Limits, w *model.PersonWhere) error {
	conditions := 0
	var walk func(w *model.PersonWhere, depth int, path string) error
	walk = func(w *model.PersonWhere, depth int, path string) error {
		if w == nil {
			return nil
		}
		if depth > l.MaxFilterDepth {
			return model.Invalid("where", "where is nested more than %d AND/OR/NOT levels deep (at %s): flatten it", l.MaxFilterDepth, path)
		}
		for _, set := range []bool{w.EngagedWith != nil, w.Mentioned != nil, w.Signal != nil, w.InterestedIn != nil, w.WorksAt != nil,
			w.Title != nil, w.Seniority != nil, w.Department != nil, w.Name != nil, w.City != nil, w.Country != nil, w.Near != nil} {
			if set {
				conditions++
			}
		}
		if conditions > l.MaxFilterConditions {
			return model.Invalid("where", "where has more than %d conditions: ask a simpler question", l.MaxFilterConditions)
		}
		for i, sub := range w.And {
			if err := walk(sub, depth+1, fmt.Sprintf("%sAND[%d]", prefix(path), i)); err != nil {
				return err
			}
		}
		for i, sub := range w.Or {
			if err := walk(sub, depth+1, fmt.Sprintf("%sOR[%d]", prefix(path), i)); err != nil {
				return err
			}
		}
		return walk(w.Not, depth+1, prefix(path)+"NOT")
	}
	return walk(w, 0, "where")
}
