package model

import (
	"errors"
	"fmt"
)

// The graph model: one struct per node label and per relationship type,
// one field per property. This is the only place the properties are
// written out. The struct tags are the table's columns:
//
//   - `json`: the property's name, in the import format, in the GraphQL
//     schema and in Neo4j.
//   - `graph`: how a line's value is checked and written, a comma-separated
//     list of:
//     id                    the node's id (required, not blank);
//     required              the line must give it;
//     enum=NAME             one of the values of the enumeration NAME (Enums);
//     min=X, max=X          a number within bounds;
//     with=NAME             given together with property NAME;
//     slug                  a lowercase slug such as crm or customer-success;
//     linkedin              a LinkedIn profile URL, stored normalised;
//     email                 an email address, stored in lower case;
//     provenance            where the record came from: entries
//                           "DATE KIND [OWNER]" (Provenance), added to
//                           those stored, the first per kind and owner
//                           kept;
//     default=false         written when the node is created without it;
//     key                   identifies the node or relationship, with the id
//                           or the two ends;
//     from=LABEL, to=LABEL  the two ends of a relationship line;
//     link=TYPE,to=LABEL    a node line's relationship(s) to other nodes;
//     ref=LABEL             a node's id the line names without linking to
//                           it (it must exist, like an end or a link).
//
// The import parser, the batch check, the write statements, the decoders
// and the mutations' inputs (bound in gqlgen.yml) are all driven by these
// structs (see table.go). Adding a property means adding a field here and
// in schema.graphqls.

// Person is a node of label Person: a contact, or one of our own team.
type Person struct {
	ID          string   `json:"id" graph:"id"`
	Name        *string  `json:"name"`
	Title       *string  `json:"title"`
	Seniority   *string  `json:"seniority"`
	Department  *string  `json:"department"`
	City        *string  `json:"city"`
	Country     *string  `json:"country"`
	Latitude    *float64 `json:"latitude" graph:"min=-90,max=90,with=longitude"`
	Longitude   *float64 `json:"longitude" graph:"min=-180,max=180,with=latitude"`
	Email       *string  `json:"email" graph:"email"`
	ProfileURL  *string  `json:"profileUrl"`
	LinkedinURL *string  `json:"linkedinUrl" graph:"linkedin"`
	Team        *bool    `json:"team" graph:"default=false"`
	Sources     []string `json:"sources" graph:"provenance"`
}

// Company is a node of label Company.
type Company struct {
	ID       string   `json:"id" graph:"id"`
	Name     *string  `json:"name"`
	Domain   *string  `json:"domain"`
	Industry *string  `json:"industry"`
	City     *string  `json:"city"`
	Country  *string  `json:"country"`
	Stage    *string  `json:"stage"`
	Customer *bool    `json:"customer" graph:"default=false"`
	Clv      *float64 `json:"clv" graph:"min=0"`
	Sources  []string `json:"sources" graph:"provenance"`
}

// Topic is a node of label Topic.
type Topic struct {
	ID   string  `json:"id" graph:"id,slug"`
	Name *string `json:"name"`
}

// Content is a node of label Content.
type Content struct {
	ID          string    `json:"id" graph:"id"`
	Title       *string   `json:"title"`
	Kind        *string   `json:"kind" graph:"required,enum=ContentKind"`
	URL         *string   `json:"url"`
	PublishedAt *DateTime `json:"publishedAt"`
}

// Signal is a node of label Signal.
type Signal struct {
	ID        string    `json:"id" graph:"id"`
	Kind      string    `json:"kind" graph:"required,enum=SignalKind"`
	At        *DateTime `json:"at" graph:"required"`
	Summary   *string   `json:"summary"`
	Sentiment *string   `json:"sentiment" graph:"enum=Sentiment"`
	Source    *string   `json:"source"`
	URL       *string   `json:"url"`
	Title     *string   `json:"title"`
	Round     *string   `json:"round"`
	Amount    *float64  `json:"amount" graph:"min=0"`
	Sources   []string  `json:"sources" graph:"provenance"`
}

// WorksAt holds the properties of (Person)-[:WORKS_AT]->(Company); the job
// is current while Until is null.
type WorksAt struct {
	Title      *string   `json:"title"`
	Department *string   `json:"department"`
	Seniority  *string   `json:"seniority"`
	Since      *DateTime `json:"since"`
	Until      *DateTime `json:"until"`
	Sources    []string  `json:"sources" graph:"provenance"`
}

// Knows holds the properties of (Person)-[:KNOWS]->(Person), stored once
// per pair and read undirected. Strength is what every question reads: a
// manual value (a line's strength, strengthSource MANUAL) or the one
// computed from the pair's interactions (strengthSource COMPUTED; see
// strength.go). A line with strengthSource COMPUTED and no strength drops
// a manual value.
type Knows struct {
	Strength          *float64  `json:"strength" graph:"min=0,max=1"`
	StrengthSource    *string   `json:"strengthSource" graph:"enum=StrengthSource"`
	Since             *DateTime `json:"since"`
	LastInteractionAt *DateTime `json:"lastInteractionAt"`
	Source            *string   `json:"source"`
	Sources           []string  `json:"sources" graph:"provenance"`
	// Private hides the relationship, and the pair's interactions, from
	// every key but those speaking for one of the two and admin keys (see
	// Visible in neo4j/visibility.go). Only true is stored: false makes it
	// public again.
	Private *bool `json:"private"`
}

// PairSummary is a node of label PairSummary: what relgraph keeps of a
// pair's interactions, one per pair that has any, the smaller id as A. No
// line sets it. Like an interaction it names its pair without a
// relationship, and the pair's KNOWS holds only what the questions read
// (strength, strengthSource, lastInteractionAt: what a manual KNOWS holds
// too), so adding interactions leaves the KNOWS relationships the
// questions walk as small as they were. InteractionCounts has one count
// per kind and direction, kinds in the order of InteractionKind, each
// with the directions in the order of InteractionDirection.
type PairSummary struct {
	A                  string    `json:"a"`
	B                  string    `json:"b"`
	ComputedStrength   *float64  `json:"computedStrength"`
	StrengthAsOf       *DateTime `json:"strengthAsOf"`
	InteractionCounts  []int     `json:"interactionCounts"`
	FirstInteractionAt *DateTime `json:"firstInteractionAt"`
	LastInteractionAt  *DateTime `json:"lastInteractionAt"`
}

// Interaction is a node of label Interaction: one email, meeting, call,
// message or introduction between two people, identified by its source
// and its id there. It names the two people without a relationship to
// them, so questions never walk through interactions; each feeds the
// strength of its pair's KNOWS. The pair is stored with the smaller id as
// a (the direction turned to match), and a meeting goes both ways.
type Interaction struct {
	ID        string   `json:"id" graph:"id"`
	Source    string   `json:"source" graph:"key"`
	A         string   `json:"a" graph:"ref=Person"`
	B         string   `json:"b" graph:"ref=Person"`
	Kind      string   `json:"kind" graph:"required,enum=InteractionKind"`
	Direction string   `json:"direction" graph:"required,enum=InteractionDirection"`
	At        DateTime `json:"at" graph:"required"`
}

// InterestedIn holds the properties of (Person)-[:INTERESTED_IN]->(Topic).
type InterestedIn struct {
	Weight *float64 `json:"weight" graph:"min=0"`
	Source *string  `json:"source"`
}

// EngagedWith holds the properties of (Person)-[:ENGAGED_WITH]->(Content):
// one relationship per person, content, action and time.
type EngagedWith struct {
	Action string   `json:"action" graph:"key,required,enum=EngagementAction"`
	At     DateTime `json:"at" graph:"key,required"`
}

// The lines of the import format that are not a node's properties alone:
// nodes with their links, and relationships with their two ends. The
// mutations' inputs are these same types (gqlgen.yml).

// ContentLine is a content line: the node and the topics it is ABOUT.
type ContentLine struct {
	Content
	Topics []string `json:"topics" graph:"link=ABOUT,to=Topic"`
}

// SignalLine is a signal line: the node, who it is BY, the company it is
// AT and the topics it MENTIONS.
type SignalLine struct {
	Signal
	Person  *string  `json:"person" graph:"link=BY,to=Person"`
	Company *string  `json:"company" graph:"link=AT,to=Company"`
	Topics  []string `json:"topics" graph:"link=MENTIONS,to=Topic"`
}

// WorksAtLine is a works_at line.
type WorksAtLine struct {
	Person  string `json:"person" graph:"from=Person"`
	Company string `json:"company" graph:"to=Company"`
	WorksAt
}

// KnowsLine is a knows line.
type KnowsLine struct {
	A string `json:"a" graph:"from=Person"`
	B string `json:"b" graph:"to=Person"`
	Knows
}

// InterestLine is an interested_in line.
type InterestLine struct {
	Person string `json:"person" graph:"from=Person"`
	Topic  string `json:"topic" graph:"to=Topic"`
	InterestedIn
}

// EngagementLine is an engaged line.
type EngagementLine struct {
	Person  string `json:"person" graph:"from=Person"`
	Content string `json:"content" graph:"to=Content"`
	EngagedWith
}

// Kinds are the line types of the import format in write order: nodes
// before the relationships that need them.
var Kinds = numbered(
	nodeKind("person", "Person", Person{}),
	nodeKind("company", "Company", Company{}),
	nodeKind("topic", "Topic", Topic{}),
	nodeKind("content", "Content", ContentLine{}),
	nodeKind("signal", "Signal", SignalLine{}),
	nodeKind("interaction", "Interaction", Interaction{}).normalized(OrderInteraction),
	relKind("works_at", "WORKS_AT", WorksAtLine{}),
	relKind("knows", "KNOWS", KnowsLine{}).undirected("a person cannot know themselves").normalized(settleKnows),
	relKind("interested_in", "INTERESTED_IN", InterestLine{}),
	relKind("engaged", "ENGAGED_WITH", EngagementLine{}),
)

// Enums are the enumerations of the format, by their GraphQL names.
// SignalKind only ever grows at its end: companies keep their signal
// counts in its order (neo4j/value.go).
var Enums = map[string][]string{
	"ContentKind":      {"WHITE_PAPER", "ARTICLE", "BLOG_POST", "WEBINAR", "CASE_STUDY", "EBOOK", "VIDEO", "PODCAST", "REPORT"},
	"EngagementAction": {"READ", "DOWNLOADED", "ATTENDED", "SHARED", "LIKED", "COMMENTED"},
	"Sentiment":        {"POSITIVE", "NEUTRAL", "NEGATIVE"},
	"SignalKind": {"MENTION", "JOB_CHANGE", "PROMOTION", "FUNDING_ROUND", "HIRING", "ACQUISITION", "PRODUCT_LAUNCH", "EVENT_ATTENDED",
		"REFERRAL", "REFERENCE", "CASE_STUDY", "REVIEW", "BUG_REPORT", "FEATURE_IDEA", "ADVOCACY"},
	"InteractionKind":      {"EMAIL", "MEETING", "CALL", "MESSAGE", "INTRO"},
	"InteractionDirection": {"A_TO_B", "B_TO_A", "BOTH"},
	"StrengthSource":       {"MANUAL", "COMPUTED"},
}

// OrderInteraction stores an interaction's pair once, the smaller id as
// a, turning the direction to match; a meeting always goes both ways.
func OrderInteraction(props map[string]any) error {
	a, b := props["a"].(string), props["b"].(string)
	if a == b {
		return fmt.Errorf("a person cannot interact with themselves (a = b = %q)", a)
	}
	if props["kind"] == "MEETING" {
		props["direction"] = "BOTH"
	}
	if b < a {
		props["a"], props["b"] = b, a
		switch props["direction"] {
		case "A_TO_B":
			props["direction"] = "B_TO_A"
		case "B_TO_A":
			props["direction"] = "A_TO_B"
		}
	}
	return nil
}

// settleKnows stores private only when true (private false removes it) and
// marks a line's strength as a manual value.
func settleKnows(props map[string]any) error {
	if props["private"] == false {
		props["private"] = nil // removed: public
	}
	return manualStrength(props)
}

// manualStrength marks a line's strength as a manual value; a line that
// asks for the computed strength may not give one.
func manualStrength(props map[string]any) error {
	if _, ok := props["strength"]; !ok {
		return nil
	}
	if props["strengthSource"] == "COMPUTED" {
		return errors.New("strength is a manual value: give strength, or strengthSource COMPUTED to use the computed one, not both")
	}
	props["strengthSource"] = "MANUAL"
	return nil
}
