package model

// PersonOrder sorts connections.
type PersonOrder struct {
	Field     string  `json:"field"`
	Direction *string `json:"direction"`
}

// CompanyOrder sorts companiesWithConnections.
type CompanyOrder struct {
	Field     string  `json:"field"`
	Direction *string `json:"direction"`
}

// SignalOrder sorts signals by time.
type SignalOrder struct {
	Direction *string `json:"direction"`
}

// NetworkInput names a network: Of's people within Degree.
type NetworkInput struct {
	Of     *string `json:"of"`
	Degree *int    `json:"degree"`
}

// SignalWhere is a condition on signals.
type SignalWhere struct {
	Kinds         []string      `json:"kinds"`
	Topic         *string       `json:"topic"`
	Sentiment     *string       `json:"sentiment"`
	Since         *DateTime     `json:"since"`
	Until         *DateTime     `json:"until"`
	TitleContains *string       `json:"titleContains"`
	Round         *string       `json:"round"`
	Person        *string       `json:"person"`
	Company       *CompanyWhere `json:"company"`
}

// NetworkPerson is a person in a network and how they are reached: a row
// of connections.
type NetworkPerson struct {
	// Of is whose network it is.
	Of       string      `json:"-"`
	Person   *Person     `json:"person"`
	Degree   int         `json:"degree"`
	Strength float64     `json:"strength"`
	Via      []*Person   `json:"via"`
	Evidence []*Evidence `json:"evidence"`
}

// CompanyHit is a company with its matching network people: a row of
// companiesWithConnections.
type CompanyHit struct {
	Company *Company         `json:"company"`
	Count   int              `json:"count"`
	People  []*NetworkPerson `json:"people"`
}

// PathLink is one hop of an introduction path.
type PathLink struct {
	From *Person `json:"from"`
	To   *Person `json:"to"`
}

// IntroductionPath is a KNOWS path.
type IntroductionPath struct {
	People   []*Person `json:"people"`
	Hops     int       `json:"hops"`
	Strength float64   `json:"strength"`
}

// Links returns the path's hops in order.
func (p *IntroductionPath) Links() []*PathLink {
	links := make([]*PathLink, 0, len(p.People))
	for i := 1; i < len(p.People); i++ {
		links = append(links, &PathLink{From: p.People[i-1], To: p.People[i]})
	}
	return links
}

// CoveredContact is an account contact with the team members who know them.
type CoveredContact struct {
	Person     *Person   `json:"person"`
	Department *string   `json:"department"`
	Title      *string   `json:"title"`
	KnownBy    []*Person `json:"knownBy"`
}

// DepartmentCoverage is the coverage of one department.
type DepartmentCoverage struct {
	Department *string           `json:"department"`
	Contacts   int               `json:"contacts"`
	Covered    int               `json:"covered"`
	Coverage   float64           `json:"coverage"`
	People     []*CoveredContact `json:"people"`
}

// TeamMemberCoverage is what one team member knows of an account.
type TeamMemberCoverage struct {
	Person   *Person   `json:"person"`
	Contacts int       `json:"contacts"`
	Known    []*Person `json:"known"`
}

// AccountCoverage is the multi-threading view of an account.
type AccountCoverage struct {
	Company     *Company              `json:"company"`
	Contacts    int                   `json:"contacts"`
	Covered     int                   `json:"covered"`
	Coverage    float64               `json:"coverage"`
	Departments []*DepartmentCoverage `json:"departments"`
	TeamMembers []*TeamMemberCoverage `json:"teamMembers"`
}

// ValueWeights are the per-kind weights of customer value.
type ValueWeights struct {
	Referral    *float64 `json:"referral"`
	Reference   *float64 `json:"reference"`
	CaseStudy   *float64 `json:"caseStudy"`
	Review      *float64 `json:"review"`
	BugReport   *float64 `json:"bugReport"`
	FeatureIdea *float64 `json:"featureIdea"`
	Advocacy    *float64 `json:"advocacy"`
}

// ValueComponent is one term of a customer's value.
type ValueComponent struct {
	Kind   string  `json:"kind"`
	Count  int     `json:"count"`
	Weight float64 `json:"weight"`
	Value  float64 `json:"value"`
}

// CustomerValue is a customer with its score and breakdown.
type CustomerValue struct {
	Company    *Company          `json:"company"`
	Score      float64           `json:"score"`
	Clv        float64           `json:"clv"`
	ClvValue   float64           `json:"clvValue"`
	Components []*ValueComponent `json:"components"`
}

// Suggestion is a person two hops away sharing interests.
type Suggestion struct {
	Person       *Person   `json:"person"`
	SharedTopics []*Topic  `json:"sharedTopics"`
	Strength     float64   `json:"strength"`
	Score        float64   `json:"score"`
	Via          []*Person `json:"via"`
}

// SearchResult is a person or a company found by search.
type SearchResult interface{ IsSearchResult() }

func (Person) IsSearchResult()  {}
func (Company) IsSearchResult() {}

// SearchHit is one search result.
type SearchHit struct {
	Score float64      `json:"score"`
	Node  SearchResult `json:"node"`
}
