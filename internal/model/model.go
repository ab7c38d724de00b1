package model

// Person is a node of label Person.
type Person struct {
	ID         string   `json:"id"`
	Name       *string  `json:"name"`
	Title      *string  `json:"title"`
	Seniority  *string  `json:"seniority"`
	Department *string  `json:"department"`
	City       *string  `json:"city"`
	Country    *string  `json:"country"`
	Latitude   *float64 `json:"latitude"`
	Longitude  *float64 `json:"longitude"`
	Email      *string  `json:"email"`
	ProfileURL *string  `json:"profileUrl"`
	Team       bool     `json:"team"`
}

func (Person) IsNode()          {}
func (p Person) GetID() string  { return p.ID }
func (c Company) GetID() string { return c.ID }
func (t Topic) GetID() string   { return t.ID }
func (c Content) GetID() string { return c.ID }
func (s Signal) GetID() string  { return s.ID }
func (Company) IsNode()         {}
func (Topic) IsNode()           {}
func (Content) IsNode()         {}
func (Signal) IsNode()          {}

// Company is a node of label Company.
type Company struct {
	ID       string   `json:"id"`
	Name     *string  `json:"name"`
	Domain   *string  `json:"domain"`
	Industry *string  `json:"industry"`
	City     *string  `json:"city"`
	Country  *string  `json:"country"`
	Stage    *string  `json:"stage"`
	Customer bool     `json:"customer"`
	Clv      *float64 `json:"clv"`
}

// Topic is a node of label Topic.
type Topic struct {
	ID   string  `json:"id"`
	Name *string `json:"name"`
}

// Content is a node of label Content with the topics it is ABOUT.
type Content struct {
	ID          string    `json:"id"`
	Title       *string   `json:"title"`
	Kind        *string   `json:"kind"`
	URL         *string   `json:"url"`
	PublishedAt *DateTime `json:"publishedAt"`
	Topics      []*Topic  `json:"topics"`
}

// Signal is a node of label Signal with who (BY), where (AT) and what
// (MENTIONS) already attached.
type Signal struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	At        *DateTime `json:"at"`
	Summary   *string   `json:"summary"`
	Sentiment *string   `json:"sentiment"`
	Source    *string   `json:"source"`
	URL       *string   `json:"url"`
	Title     *string   `json:"title"`
	Round     *string   `json:"round"`
	Amount    *float64  `json:"amount"`
	Person    *Person   `json:"person"`
	Company   *Company  `json:"company"`
	Topics    []*Topic  `json:"topics"`
}

// Employment is a WORKS_AT relationship with both ends.
type Employment struct {
	Person     *Person   `json:"person"`
	Company    *Company  `json:"company"`
	Title      *string   `json:"title"`
	Department *string   `json:"department"`
	Seniority  *string   `json:"seniority"`
	Since      *DateTime `json:"since"`
	Until      *DateTime `json:"until"`
	Current    bool      `json:"current"`
}

// Interest is an INTERESTED_IN relationship.
type Interest struct {
	Topic  *Topic   `json:"topic"`
	Weight *float64 `json:"weight"`
	Source *string  `json:"source"`
}

// Acquaintance is a KNOWS relationship seen from one side.
type Acquaintance struct {
	Person            *Person   `json:"person"`
	Strength          *float64  `json:"strength"`
	Since             *DateTime `json:"since"`
	LastInteractionAt *DateTime `json:"lastInteractionAt"`
	Source            *string   `json:"source"`
}

// Engagement is an ENGAGED_WITH relationship with its content.
type Engagement struct {
	Content *Content  `json:"content"`
	Action  string    `json:"action"`
	At      *DateTime `json:"at"`
}

// Evidence is one engagement or signal that made a filter true.
type Evidence struct {
	Filter     string      `json:"filter"`
	Engagement *Engagement `json:"engagement"`
	Signal     *Signal     `json:"signal"`
}

// PageInfo is Relay page information.
type PageInfo struct {
	HasNextPage     bool    `json:"hasNextPage"`
	HasPreviousPage bool    `json:"hasPreviousPage"`
	StartCursor     *string `json:"startCursor"`
	EndCursor       *string `json:"endCursor"`
}

// PersonConnection is a page of network people.
type PersonConnection struct {
	Edges      []*PersonEdge `json:"edges"`
	PageInfo   *PageInfo     `json:"pageInfo"`
	TotalCount int           `json:"totalCount"`
}

// PersonEdge is one network person with how they are reached.
type PersonEdge struct {
	Cursor   string      `json:"cursor"`
	Node     *Person     `json:"node"`
	Degree   int         `json:"degree"`
	Strength float64     `json:"strength"`
	Via      []*Person   `json:"via"`
	Evidence []*Evidence `json:"evidence"`
}
