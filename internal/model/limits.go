package model

// Limits bound what one request may ask: the GraphQL operation as a whole
// (checked by the server before anything runs) and each question (checked
// by its request's Validate, once, below the resolvers). Zero fields take
// the defaults; the server's configuration may change the first group.
type Limits struct {
	// MaxCost is the largest operation cost (see resolvers/complexity.go).
	MaxCost int
	// MaxDepth is the deepest selection nesting.
	MaxDepth int
	// MaxBodyBytes is the largest request body.
	MaxBodyBytes int64
	// MaxRootFields is the most questions (top-level fields, aliases
	// included) one operation may ask; each runs at least one statement.
	MaxRootFields int
	// MaxTokens bounds the lexical tokens of a query: validation work
	// grows faster than the query text.
	MaxTokens int

	// MaxPageSize is the largest `first` of any list or page.
	MaxPageSize int
	// MaxBatch is the most items one mutation writes.
	MaxBatch int
	// MaxFilterDepth and MaxFilterConditions bound a where-filter: each
	// AND/OR/NOT level and each condition adds to the statement Neo4j
	// must plan.
	MaxFilterDepth      int
	MaxFilterConditions int
	// MaxSearchText, MaxSearchWords and MaxSearchWordLength bound a search:
	// longer words make the index's prefix automata too large.
	MaxSearchText       int
	MaxSearchWords      int
	MaxSearchWordLength int
	// MaxSavedQuestions is the most saved questions one person may have.
	MaxSavedQuestions int
	// MaxWebhooks is the most webhook targets one saved question may have.
	MaxWebhooks int
	// MaxAlertItems is the most items of a saved question's answer that
	// alerts compare: the answer is read up to this many.
	MaxAlertItems int
}

// Bounds that are not settings: the statements have one shape per degree
// and per path length, and cursors hold offsets Neo4j can index lists with.
const (
	MinDegree       = 1
	MaxDegree       = 3
	MinHops         = 1
	MaxHops         = 4
	MaxOffset       = 1 << 30
	DefaultPageSize = 20
)

// DefaultLimits are the limits of a server configured with nothing.
func DefaultLimits() Limits {
	return Limits{
		MaxCost:             1000000,
		MaxDepth:            15,
		MaxBodyBytes:        1 << 20,
		MaxRootFields:       20,
		MaxTokens:           10000,
		MaxPageSize:         100,
		MaxBatch:            1000,
		MaxFilterDepth:      5,
		MaxFilterConditions: 50,
		MaxSearchText:       4000,
		MaxSearchWords:      32,
		MaxSearchWordLength: 100,
		MaxSavedQuestions:   100,
		MaxWebhooks:         10,
		MaxAlertItems:       1000,
	}
}

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.MaxCost, d.MaxCost)
	set(&l.MaxDepth, d.MaxDepth)
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	set(&l.MaxRootFields, d.MaxRootFields)
	set(&l.MaxTokens, d.MaxTokens)
	set(&l.MaxPageSize, d.MaxPageSize)
	set(&l.MaxBatch, d.MaxBatch)
	set(&l.MaxFilterDepth, d.MaxFilterDepth)
	set(&l.MaxFilterConditions, d.MaxFilterConditions)
	set(&l.MaxSearchText, d.MaxSearchText)
	set(&l.MaxSearchWords, d.MaxSearchWords)
	set(&l.MaxSearchWordLength, d.MaxSearchWordLength)
	set(&l.MaxSavedQuestions, d.MaxSavedQuestions)
	set(&l.MaxWebhooks, d.MaxWebhooks)
	set(&l.MaxAlertItems, d.MaxAlertItems)
	return l
}

// CheckFirst validates a page size.
func (l Limits) CheckFirst(first int) error {
	if first < 1 || first > l.MaxPageSize {
		return Invalid("first", "first must be between 1 and %d, got %d", l.MaxPageSize, first)
	}
	return nil
}
