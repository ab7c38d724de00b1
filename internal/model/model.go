package model

import (
	"slices"
	"strings"
)

// What answers are made of, besides the nodes of graph.go: nodes with the
// relationships an answer carries along, relationships seen from one side,
// and the rows of the questions.

func (Person) IsNode()          {}
func (p Person) GetID() string  { return p.ID }
func (c Company) GetID() string { return c.ID }
func (t Topic) GetID() string   { return t.ID }
func (Company) IsNode()         {}
func (Topic) IsNode()           {}
func (ContentNode) IsNode()     {}
func (SignalNode) IsNode()      {}

// GetID returns the content's id.
func (c ContentNode) GetID() string { return c.ID }

// GetID returns the signal's id.
func (s SignalNode) GetID() string { return s.ID }

// ContentNode is a Content node with the topics it is ABOUT, by id.
type ContentNode struct {
	Content
	Topics []*Topic `json:"topics"`
}

// Sorter is an answer type whose lists a statement returns in no
// particular order: the store calls SortLists once it has read one, to
// put them in their documented order.
type Sorter interface{ SortLists() }

// SortLists orders the topics by id.
func (c *ContentNode) SortLists() { sortTopics(c.Topics) }

// SortLists orders the topics by id.
func (s *SignalNode) SortLists() { sortTopics(s.Topics) }

func sortTopics(ts []*Topic) {
	slices.SortFunc(ts, func(a, b *Topic) int { return strings.Compare(a.ID, b.ID) })
}

// SignalNode is a Signal node with who it is BY, the company it is AT and
// the topics it MENTIONS, by id.
type SignalNode struct {
	Signal
	Person  *Person  `json:"person"`
	Company *Company `json:"company"`
	Topics  []*Topic `json:"topics"`
}

// Employment is a WORKS_AT relationship with both ends.
type Employment struct {
	Person  *Person  `json:"person"`
	Company *Company `json:"company"`
	WorksAt
}

// Current reports whether the job has not ended.
func (e *Employment) Current() bool { return e.Until == nil }

// Interest is an INTERESTED_IN relationship seen from the person.
type Interest struct {
	Topic *Topic `json:"topic"`
	InterestedIn
}

// Acquaintance is a KNOWS relationship seen from one side, with the
// summary of the pair's interactions when it has any.
type Acquaintance struct {
	Person *Person `json:"person"`
	Knows
	Summary *PairSummary `json:"summary"`
}

// Engagement is an ENGAGED_WITH relationship with its content.
type Engagement struct {
	Content *ContentNode `json:"content"`
	EngagedWith
}

// Evidence is one engagement or signal that made a filter true.
type Evidence struct {
	Filter     string      `json:"filter"`
	Engagement *Engagement `json:"engagement"`
	Signal     *SignalNode `json:"signal"`
}
