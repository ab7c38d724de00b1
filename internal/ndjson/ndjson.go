// Package ndjson reads and validates relgraph's import format: one JSON
// object per line, discriminated by "type" (see DESIGN.md). It knows
// nothing of the database; it turns each line into a Record ready to be
// written, or into an error naming the line and the reason.
package ndjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"time"
)

// Kind is a line's type.
type Kind string

// The line types, in the order they are written: nodes before the
// relationships that need them.
const (
	Person       Kind = "person"
	Company      Kind = "company"
	Topic        Kind = "topic"
	Content      Kind = "content"
	Signal       Kind = "signal"
	WorksAt      Kind = "works_at"
	Knows        Kind = "knows"
	InterestedIn Kind = "interested_in"
	Engaged      Kind = "engaged"
)

// Kinds lists every line type in write order.
var Kinds = []Kind{Person, Company, Topic, Content, Signal, WorksAt, Knows, InterestedIn, Engaged}

// IsNode reports whether lines of this kind are nodes.
func (k Kind) IsNode() bool {
	switch k {
	case Person, Company, Topic, Content, Signal:
		return true
	}
	return false
}

// Label is a node label a reference can point to.
type Label string

// Node labels.
const (
	LabelPerson  Label = "Person"
	LabelCompany Label = "Company"
	LabelTopic   Label = "Topic"
	LabelContent Label = "Content"
	LabelSignal  Label = "Signal"
)

// Ref is a reference from a line to a node that must exist.
type Ref struct {
	Label Label
	ID    string
	Field string
}

// Record is one valid line.
type Record struct {
	Line int
	Kind Kind
	// Label and ID are set for node lines.
	Label Label
	ID    string
	// Row holds the values the write statement for Kind expects.
	Row map[string]any
	// Refs are the nodes the line points to.
	Refs []Ref
}

// Enumerations of the format.
var (
	ContentKinds = []string{"WHITE_PAPER", "ARTICLE", "BLOG_POST", "WEBINAR", "CASE_STUDY", "EBOOK", "VIDEO", "PODCAST", "REPORT"}
	Actions      = []string{"READ", "DOWNLOADED", "ATTENDED", "SHARED", "LIKED", "COMMENTED"}
	Sentiments   = []string{"POSITIVE", "NEUTRAL", "NEGATIVE"}
	SignalKinds  = []string{"MENTION", "JOB_CHANGE", "PROMOTION", "FUNDING_ROUND", "HIRING", "ACQUISITION", "PRODUCT_LAUNCH", "EVENT_ATTENDED",
		"REFERRAL", "REFERENCE", "CASE_STUDY", "REVIEW", "BUG_REPORT", "FEATURE_IDEA", "ADVOCACY"}
)

// LineError is a bad line: its number (1-based) and why.
type LineError struct {
	Line   int
	Reason string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

var slug = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)

type person struct {
	Type       string   `json:"type"`
	ID         *string  `json:"id"`
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
	Team       *bool    `json:"team"`
}

type company struct {
	Type     string   `json:"type"`
	ID       *string  `json:"id"`
	Name     *string  `json:"name"`
	Domain   *string  `json:"domain"`
	Industry *string  `json:"industry"`
	City     *string  `json:"city"`
	Country  *string  `json:"country"`
	Stage    *string  `json:"stage"`
	Customer *bool    `json:"customer"`
	Clv      *float64 `json:"clv"`
}

type topic struct {
	Type string  `json:"type"`
	ID   *string `json:"id"`
	Name *string `json:"name"`
}

type content struct {
	Type        string   `json:"type"`
	ID          *string  `json:"id"`
	Title       *string  `json:"title"`
	Kind        *string  `json:"kind"`
	URL         *string  `json:"url"`
	PublishedAt *string  `json:"publishedAt"`
	Topics      []string `json:"topics"`
}

type worksAt struct {
	Type       string  `json:"type"`
	Person     *string `json:"person"`
	Company    *string `json:"company"`
	Title      *string `json:"title"`
	Department *string `json:"department"`
	Seniority  *string `json:"seniority"`
	Since      *string `json:"since"`
	Until      *string `json:"until"`
}

type knows struct {
	Type              string   `json:"type"`
	A                 *string  `json:"a"`
	B                 *string  `json:"b"`
	Strength          *float64 `json:"strength"`
	Since             *string  `json:"since"`
	LastInteractionAt *string  `json:"lastInteractionAt"`
	Source            *string  `json:"source"`
}

type interestedIn struct {
	Type   string   `json:"type"`
	Person *string  `json:"person"`
	Topic  *string  `json:"topic"`
	Weight *float64 `json:"weight"`
	Source *string  `json:"source"`
}

type engaged struct {
	Type    string  `json:"type"`
	Person  *string `json:"person"`
	Content *string `json:"content"`
	Action  *string `json:"action"`
	At      *string `json:"at"`
}

type signal struct {
	Type      string   `json:"type"`
	ID        *string  `json:"id"`
	Kind      *string  `json:"kind"`
	Person    *string  `json:"person"`
	Company   *string  `json:"company"`
	Topics    []string `json:"topics"`
	Sentiment *string  `json:"sentiment"`
	At        *string  `json:"at"`
	Summary   *string  `json:"summary"`
	Source    *string  `json:"source"`
	URL       *string  `json:"url"`
	Title     *string  `json:"title"`
	Round     *string  `json:"round"`
	Amount    *float64 `json:"amount"`
}

// ParseLine validates one line. Blank lines give (nil, nil).
func ParseLine(n int, line []byte) (*Record, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil, nil
	}
	fail := func(format string, args ...any) (*Record, error) {
		return nil, &LineError{Line: n, Reason: fmt.Sprintf(format, args...)}
	}
	var head struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(line, &head); err != nil {
		return fail("malformed JSON: %s", jsonReason(err))
	}
	if head.Type == nil {
		return fail(`missing "type"`)
	}
	p := &parser{line: n, rec: &Record{Line: n, Kind: Kind(*head.Type), Row: map[string]any{}}}
	var err error
	switch Kind(*head.Type) {
	case Person:
		var v person
		if err = strict(line, &v); err == nil {
			p.node(LabelPerson, v.ID)
			p.props(map[string]any{"name": v.Name, "title": v.Title, "seniority": v.Seniority, "department": v.Department,
				"city": v.City, "country": v.Country, "email": v.Email, "profileUrl": v.ProfileURL})
			p.rangeNum("latitude", v.Latitude, -90, 90)
			p.rangeNum("longitude", v.Longitude, -180, 180)
			if (v.Latitude == nil) != (v.Longitude == nil) {
				p.fail("latitude and longitude must be given together")
			}
			team := v.Team != nil && *v.Team
			p.prop("team", team)
		}
	case Company:
		var v company
		if err = strict(line, &v); err == nil {
			p.node(LabelCompany, v.ID)
			p.props(map[string]any{"name": v.Name, "domain": v.Domain, "industry": v.Industry, "city": v.City,
				"country": v.Country, "stage": v.Stage})
			p.prop("customer", v.Customer != nil && *v.Customer)
			p.rangeNum("clv", v.Clv, 0, math.MaxFloat64)
		}
	case Topic:
		var v topic
		if err = strict(line, &v); err == nil {
			p.node(LabelTopic, v.ID)
			if v.ID != nil && !slug.MatchString(*v.ID) {
				p.fail("topic id %q must be a lowercase slug such as crm or customer-success", *v.ID)
			}
			p.props(map[string]any{"name": v.Name})
		}
	case Content:
		var v content
		if err = strict(line, &v); err == nil {
			p.node(LabelContent, v.ID)
			p.enum("kind", v.Kind, ContentKinds, true)
			p.props(map[string]any{"title": v.Title, "url": v.URL})
			p.date("publishedAt", v.PublishedAt, false)
			p.topics("topics", v.Topics)
		}
	case Signal:
		var v signal
		if err = strict(line, &v); err == nil {
			p.node(LabelSignal, v.ID)
			p.enum("kind", v.Kind, SignalKinds, true)
			p.enum("sentiment", v.Sentiment, Sentiments, false)
			p.date("at", v.At, true)
			p.props(map[string]any{"summary": v.Summary, "source": v.Source, "url": v.URL, "title": v.Title, "round": v.Round})
			if v.Amount != nil {
				p.rangeNum("amount", v.Amount, 0, math.MaxFloat64)
			}
			p.optRef("person", LabelPerson, v.Person)
			p.optRef("company", LabelCompany, v.Company)
			p.topics("topics", v.Topics)
		}
	case WorksAt:
		var v worksAt
		if err = strict(line, &v); err == nil {
			p.ref("person", LabelPerson, v.Person)
			p.ref("company", LabelCompany, v.Company)
			p.props(map[string]any{"title": v.Title, "department": v.Department, "seniority": v.Seniority})
			p.date("since", v.Since, false)
			p.date("until", v.Until, false)
		}
	case Knows:
		var v knows
		if err = strict(line, &v); err == nil {
			p.ref("a", LabelPerson, v.A)
			p.ref("b", LabelPerson, v.B)
			if v.A != nil && v.B != nil {
				if *v.A == *v.B {
					p.fail("a person cannot know themselves (a = b = %q)", *v.A)
				}
				// Stored once per pair: the smaller id is the start node.
				if *v.B < *v.A {
					p.rec.Row["a"], p.rec.Row["b"] = *v.B, *v.A
				}
			}
			p.rangeNum("strength", v.Strength, 0, 1)
			p.date("since", v.Since, false)
			p.date("lastInteractionAt", v.LastInteractionAt, false)
			p.props(map[string]any{"source": v.Source})
		}
	case InterestedIn:
		var v interestedIn
		if err = strict(line, &v); err == nil {
			p.ref("person", LabelPerson, v.Person)
			p.ref("topic", LabelTopic, v.Topic)
			p.rangeNum("weight", v.Weight, 0, math.MaxFloat64)
			p.props(map[string]any{"source": v.Source})
		}
	case Engaged:
		var v engaged
		if err = strict(line, &v); err == nil {
			p.ref("person", LabelPerson, v.Person)
			p.ref("content", LabelContent, v.Content)
			// action and at identify the engagement, so they are keys, not props.
			if v.Action == nil {
				p.fail(`missing "action" (one of %s)`, strings.Join(Actions, ", "))
			} else if !contains(Actions, *v.Action) {
				p.fail("action %q is not one of %s", *v.Action, strings.Join(Actions, ", "))
			} else {
				p.rec.Row["action"] = *v.Action
			}
			if v.At == nil {
				p.fail(`missing "at"`)
			} else if t, err := ParseTime(*v.At); err != nil {
				p.fail("at: %v", err)
			} else {
				p.rec.Row["at"] = t
			}
		}
	default:
		return fail("unknown type %q (expected one of %s)", *head.Type, kindList())
	}
	if err != nil {
		return fail("%s", jsonReason(err))
	}
	if p.err != "" {
		return fail("%s", p.err)
	}
	return p.rec, nil
}

func kindList() string {
	var s []string
	for _, k := range Kinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// strict decodes a whole line, refusing fields the type does not have.
func strict(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

func jsonReason(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return fmt.Sprintf("expected a JSON object, got %s", typeErr.Value)
		}
		return fmt.Sprintf("field %q: expected %s, got %s", field, goTypeName(typeErr.Type.String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("%v (at byte %d)", syntaxErr, syntaxErr.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func goTypeName(t string) string {
	switch strings.TrimPrefix(t, "*") {
	case "float64":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "[]string":
		return "a list of strings"
	}
	return t
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ParseTime reads an RFC 3339 date-time, or a plain date meaning midnight UTC.
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date (2026-01-10) or date-time (2026-01-10T09:00:00Z)", s)
}

// parser gathers the first problem of a line and fills its record.
type parser struct {
	line int
	rec  *Record
	err  string
}

func (p *parser) fail(format string, args ...any) {
	if p.err == "" {
		p.err = fmt.Sprintf(format, args...)
	}
}

func (p *parser) node(label Label, id *string) {
	p.rec.Label = label
	if id == nil || strings.TrimSpace(*id) == "" {
		p.fail(`missing "id"`)
		return
	}
	p.rec.ID = *id
	p.rec.Row["id"] = *id
	p.prop("id", *id)
}

// prop sets a stored property of the line's node or relationship.
func (p *parser) prop(key string, v any) {
	props, _ := p.rec.Row["props"].(map[string]any)
	if props == nil {
		props = map[string]any{}
		p.rec.Row["props"] = props
	}
	props[key] = v
}

func (p *parser) props(m map[string]any) {
	for k, v := range m {
		if s, ok := v.(*string); ok {
			if s != nil {
				p.prop(k, *s)
			}
		}
	}
	if _, ok := p.rec.Row["props"]; !ok {
		p.rec.Row["props"] = map[string]any{}
	}
}

func (p *parser) rangeNum(key string, v *float64, lo, hi float64) {
	if v == nil {
		return
	}
	if *v < lo || *v > hi {
		if hi == math.MaxFloat64 {
			p.fail("%s must be at least %g, got %g", key, lo, *v)
		} else {
			p.fail("%s must be between %g and %g, got %g", key, lo, hi, *v)
		}
		return
	}
	p.prop(key, *v)
}

func (p *parser) enum(key string, v *string, allowed []string, required bool) {
	if v == nil {
		if required {
			p.fail("missing %q (one of %s)", key, strings.Join(allowed, ", "))
		}
		return
	}
	if !contains(allowed, *v) {
		p.fail("%s %q is not one of %s", key, *v, strings.Join(allowed, ", "))
		return
	}
	p.prop(key, *v)
}

func (p *parser) date(key string, v *string, required bool) {
	if v == nil {
		if required {
			p.fail("missing %q", key)
		}
		return
	}
	t, err := ParseTime(*v)
	if err != nil {
		p.fail("%s: %v", key, err)
		return
	}
	p.prop(key, t)
}

func (p *parser) ref(field string, label Label, id *string) {
	if id == nil || *id == "" {
		p.fail("missing %q", field)
		return
	}
	p.rec.Row[field] = *id
	p.rec.Refs = append(p.rec.Refs, Ref{Label: label, ID: *id, Field: field})
}

func (p *parser) optRef(field string, label Label, id *string) {
	if id == nil {
		p.rec.Row[field] = nil
		return
	}
	p.ref(field, label, id)
}

func (p *parser) topics(field string, ids []string) {
	list := []string{}
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" {
			p.fail("%s: empty topic id", field)
			continue
		}
		if !seen[id] {
			seen[id] = true
			list = append(list, id)
			p.rec.Refs = append(p.rec.Refs, Ref{Label: LabelTopic, ID: id, Field: field})
		}
	}
	p.rec.Row["topics"] = list
}

// Scanner reads lines of any length up to MaxLine bytes.
const MaxLine = 4 << 20

// Lines calls fn for each line of r with its 1-based number.
func Lines(r io.Reader, fn func(n int, line []byte) error) error {
	br := newLineReader(r)
	for n := 1; ; n++ {
		line, err := br.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
}
