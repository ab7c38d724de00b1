package resolvers

import (
	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
)

// Query cost: a list multiplies the cost of what is asked for each item by
// how many items it may hold (its `first`, or a typical bound for lists
// without one), and the network questions multiply by how much of the
// graph they explore (degree, hops). The server refuses operations whose
// cost exceeds its limit (RELGRAPH_MAX_COST).

// Typical sizes of lists that have no `first`.
const (
	costKnows       = 10
	costEmployees   = 20
	costWorksAt     = 2
	costInterests   = 5
	costTopics      = 3
	costVia         = 3
	costEvidence    = 5
	costPeople      = 10
	costDepartments = 5
	costComponents  = 7
	// A strength's counts (one per kind and direction) and factors.
	costInteractionCounts = 15
	costFactors           = 4
	costBase              = 10 // each question's statement
)

// degreeCost grows with the part of the graph a degree explores.
func degreeCost(degree *int) int {
	d := 1
	if degree != nil {
		d = *degree
	}
	switch {
	case d <= 1:
		return 1
	case d == 2:
		return 3
	default:
		return 9
	}
}

func hopsCost(maxHops *int) int {
	h := 3
	if maxHops != nil {
		h = *maxHops
	}
	h = min(max(h, model.MinHops), model.MaxHops)
	return 1 << (h - 1)
}

// costCap keeps costs far from overflow; any cost this large is refused.
const costCap = 1 << 40

// mul multiplies costs, saturating at costCap.
func mul(a, b int) int {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > costCap/b {
		return costCap
	}
	return a * b
}

func add(a, b int) int { return min(a+b, costCap) }

func times(n int) func(int) int { return func(child int) int { return add(1, mul(n, child)) } }

// setComplexity installs the cost functions; lists are at most l's
// largest page.
func setComplexity(c *graph.ComplexityRoot, l model.Limits) {
	// firstOr is a list's size for cost: its first, else def.
	firstOr := func(first *int, def int) int {
		if first == nil || *first < 1 {
			return def
		}
		return min(*first, l.MaxPageSize)
	}
	pageCost := func(first *int, child int) int {
		return add(costBase, mul(firstOr(first, model.DefaultPageSize), child))
	}
	q := &c.Query
	q.Connections = func(child int, _ *string, degree *int, _ *model.PersonWhere, first *int, _ *string, _ *model.PersonOrder) int {
		return mul(degreeCost(degree), pageCost(first, child))
	}
	q.CompaniesWithConnections = func(child int, _ *string, degree *int, _ *model.PersonWhere, first *int, _ *string, _ *model.CompanyOrder) int {
		return mul(degreeCost(degree), pageCost(first, child))
	}
	q.Signals = func(child int, _ *model.SignalWhere, network *model.NetworkInput, first *int, _ *string, _ *model.SignalOrder) int {
		if network == nil {
			return pageCost(first, child)
		}
		return mul(degreeCost(network.Degree), pageCost(first, child))
	}
	q.IntroductionPaths = func(child int, _ *string, _ string, maxHops *int, first *int) int {
		return mul(hopsCost(maxHops), pageCost(first, child))
	}
	q.IntroductionPathsToCompany = func(child int, _ *string, _ string, maxHops *int, first *int) int {
		return mul(2*hopsCost(maxHops), pageCost(first, child))
	}
	q.Suggestions = func(child int, _ *string, _ *int, first *int, _ *string) int {
		return mul(3, pageCost(first, child))
	}
	q.CustomerValue = func(child int, _ *model.ValueWeights, _ *float64, _ *model.DateTime, first *int, _ *string) int {
		return pageCost(first, child)
	}
	q.Search = func(child int, _ string, first *int) int { return add(costBase, mul(firstOr(first, 10), child)) }
	q.AccountCoverage = func(child int, _ string) int { return add(costBase, child) }

	c.Person.Knows = times(costKnows)
	c.Person.WorksAt = func(child int, _ *bool) int { return add(1, mul(costWorksAt, child)) }
	c.Person.Interests = times(costInterests)
	c.Person.Engagements = func(child int, first *int) int { return add(1, mul(firstOr(first, model.DefaultPageSize), child)) }
	c.Person.Signals = func(child int, first *int) int { return add(1, mul(firstOr(first, model.DefaultPageSize), child)) }
	c.Company.Employees = times(costEmployees)
	c.Company.Signals = func(child int, first *int) int { return add(1, mul(firstOr(first, model.DefaultPageSize), child)) }
	c.Content.Topics = times(costTopics)
	c.Signal.Topics = times(costTopics)
	c.PersonEdge.Via = times(costVia)
	c.PersonEdge.Evidence = times(costEvidence)
	c.CompanyHit.People = times(costPeople)
	c.IntroductionPath.People = times(5)
	c.AccountCoverage.Departments = times(costDepartments)
	c.AccountCoverage.TeamMembers = times(costPeople)
	c.DepartmentCoverage.People = times(costPeople)
	c.CoveredContact.KnownBy = times(costVia)
	c.TeamMemberCoverage.Known = times(costPeople)
	c.CustomerValue.Components = times(costComponents)
	c.Suggestion.Via = times(costVia)
	c.Suggestion.SharedTopics = times(costTopics)
	c.IntroductionPath.Links = times(model.MaxHops)
	c.PathLink.Interactions = func(child int, first *int) int { return add(1, mul(firstOr(first, 3), child)) }
	c.StrengthDetail.Interactions = times(costInteractionCounts)
	c.StrengthDetail.Factors = times(costFactors)
}
