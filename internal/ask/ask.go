// Package ask turns a question in English into one of relgraph's own
// GraphQL questions. It is a small grammar over the domain's words: the
// question's family (who in my network, where do they work, who can
// introduce me, what happened, coverage, value, whom to meet, search) and
// its conditions (what they read, what they voiced, job changes, funding,
// distance, interests, employer, time), with names resolved through the
// graph. No model and no network: the same question gives the same
// GraphQL.
package ask

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

// Lookup resolves names through the graph.
type Lookup interface {
	// Topics are every topic, by id and name.
	Topics(ctx context.Context) ([]Named, error)
	// Companies are the companies whose name matches text.
	Companies(ctx context.Context, text string) ([]Named, error)
	// People are the people whose name matches text.
	People(ctx context.Context, text string) ([]Named, error)
}

// Named is a node by id and name.
type Named struct {
	ID, Name string
}

// Interpretation is what a question became.
type Interpretation struct {
	// Understood says, in plain words, what will be asked.
	Understood string
	// Field is the root field asked; GraphQL the document, Variables its
	// variables: exactly what runs.
	Field     string
	GraphQL   string
	Variables map[string]any
	// Unknown are the words that were not placed.
	Unknown []string
}

// Ambiguous is a name that matches several nodes: the question names one.
type Ambiguous struct {
	Word    string
	What    string
	Choices []Named
}

func (e *Ambiguous) Error() string {
	var c []string
	for _, n := range e.Choices {
		c = append(c, fmt.Sprintf("%s (%s)", n.Name, n.ID))
	}
	return fmt.Sprintf("%q matches %d %s: %s; name one of them", e.Word, len(e.Choices), e.What, strings.Join(c, ", "))
}

// interpreter holds one question as it is read: its words, which of them
// are placed, and what they say.
type interpreter struct {
	ctx    context.Context
	lookup Lookup
	now    time.Time
	text   string // lowercased, punctuation spaced out
	work   []byte // text with the placed words masked (_), so that a word is placed once
	used   []bool // per byte of text: placed
	what   []string
	feed   bool // a question about signals ("job changes in my network")
}

var space = regexp.MustCompile(`\s+`)

// Interpret reads a question against the clock now.
func Interpret(ctx context.Context, question string, lookup Lookup, now time.Time) (*Interpretation, error) {
	q := strings.ToLower(strings.TrimSpace(question))
	q = strings.NewReplacer("?", " ", "!", " ", ",", " ", ";", " ", "’", "'").Replace(q)
	q = " " + space.ReplaceAllString(q, " ") + " "
	in := &interpreter{ctx: ctx, lookup: lookup, now: now, text: q, work: []byte(q), used: make([]bool, len(q))}
	out, err := in.interpret()
	if err != nil {
		return nil, err
	}
	out.Unknown = in.unknown()
	return out, nil
}

// take finds re among the words not placed yet, marks its match as
// placed and returns its submatches (nil when it does not match).
func (in *interpreter) take(re *regexp.Regexp) []string {
	loc := re.FindSubmatchIndex(in.work)
	if loc == nil {
		return nil
	}
	for i := loc[0]; i < loc[1]; i++ {
		in.used[i] = true
		if in.work[i] != ' ' {
			in.work[i] = '_'
		}
	}
	out := make([]string, len(loc)/2)
	for i := range out {
		if loc[2*i] >= 0 {
			out[i] = in.text[loc[2*i]:loc[2*i+1]]
		}
	}
	return out
}

// filler are words that carry no condition.
var filler = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of my me i we us our in on at to for who whom which what where
		how are is do does did have has with and that who's whose there any all some people person persons
		someone anyone contacts contact folks please show list find tell give get see them they their those these
		by from about into this that's can could would should up out also just recently recent currently now
		network connections connection ones one been being most worth work works working company companies
		firms firm happened new`) {
		filler[w] = true
	}
}

// unknown are the words neither placed nor filler.
func (in *interpreter) unknown() []string {
	var out []string
	start := -1
	for i := 0; i <= len(in.text); i++ {
		if i == len(in.text) || in.text[i] == ' ' {
			if start >= 0 {
				w := in.text[start:i]
				placed := true
				for j := start; j < i; j++ {
					placed = placed && in.used[j]
				}
				if !placed && !filler[strings.Trim(w, "'.")] {
					out = append(out, w)
				}
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

func (in *interpreter) say(format string, args ...any) {
	in.what = append(in.what, fmt.Sprintf(format, args...))
}

// refuse is the error of a question that maps to nothing.
func (in *interpreter) refuse() error {
	understood := "nothing"
	if len(in.what) > 0 {
		understood = strings.Join(in.what, "; ")
	}
	return model.Invalid("question", "cannot map the question to one of relgraph's questions: understood %s; did not understand %q. Ask e.g. \"which of my connections read CRM white papers\", \"who can introduce me to Olivia Grant\", \"how well do we cover Acme\", \"who should I meet\"",
		understood, strings.Join(in.unknown(), " "))
}

var (
	reIntroTo      = regexp.MustCompile(`\b(?:who can|who could|who'd|can anyone|who will|how (?:do|can) i get|path|paths|way) (?:introduce me|intro me|get me introduced|introduced|an intro(?:duction)?|get an intro(?:duction)?|reach|meet|to reach|to meet)? ?(?:to|at|with)? (.+?) ?$`)
	reIntroShort   = regexp.MustCompile(`\b(?:introduce me to|introduction to|intro to|warm intro to|get to) (.+?) ?$`)
	reIntroAtCo    = regexp.MustCompile(`\b(?:introduce me at|introduction at|intro at|get into|get in at|way into) (.+?) ?$`)
	reCoverage     = regexp.MustCompile(`\b(?:how well do (?:we|i) cover|coverage (?:of|at|for)|how (?:well|many people) do (?:we|i) (?:know|cover) at|how covered is|multi-?thread(?:ing|ed)? (?:at|into|of)|account coverage (?:of|for|at)) (.+?) ?$`)
	reWhoAt        = regexp.MustCompile(`\bwho (?:do (?:i|we)|does my team) (?:know|have) (?:at|in) (.+?) ?$`)
	reValue        = regexp.MustCompile(`\b(?:customers?|accounts?|clients?)\b.*\b(?:worth|value|valuable|best|top)\b|\b(?:top|best|most valuable) (?:customers|accounts|clients)\b|\bcustomer value\b`)
	reSuggest      = regexp.MustCompile(`\bwho should (?:i|we) (?:meet|know|connect with|talk to)\b|\bsuggest(?:ions?|ed)? (?:people|introductions|connections|someone)?|\bpeople i should (?:meet|know)\b|\bwho (?:shares?|share) my interests\b|\brecommend(?:ed)? (?:people|connections|someone)\b`)
	reSearch       = regexp.MustCompile(`^ (?:search(?: for)?|find|look up|lookup) (.+?) ?$`)
	reCompanies    = regexp.MustCompile(`\b(?:at|in) which companies\b|\b(?:which|what) (?:companies|employers)\b|^ (?:list |show (?:me )?)?(?:the )?companies\b|\bwhere do\b.*\bwork\b`)
	reFeed         = regexp.MustCompile(`\b(?:signals|trigger feed|what happened|what's new|whats new|news|events|funding rounds?|job changes|changes)\b`)
	reSeriesRound  = regexp.MustCompile(`\b(?:raised|closed|announced|got)?\s?(?:a |an |their )?series ([a-f])\b(?: round)?`)
	reFunding      = regexp.MustCompile(`\b(?:raised (?:money|funding|a round)|funding rounds?|got funded|new funding)\b`)
	reJobChange    = regexp.MustCompile(`\b(?:new|newly hired|just became|became|joined as|promoted to) (cmos?|ctos?|ceos?|cfos?|coos?|cros?|chief [a-z]+ officers?|vps? of [a-z]+|heads? of [a-z]+)\b`)
	reRoleChanges  = regexp.MustCompile(`\b(cmos?|ctos?|ceos?|cfos?|coos?|cros?)\b`)
	reNear         = regexp.MustCompile(`\b(?:near me|nearby|close to me|around me|in my area|local)\b`)
	reWithin       = regexp.MustCompile(`\bwithin (\d+(?:\.\d+)?) ?(km|kilometers|kilometres|miles|mi)\b`)
	reLike         = regexp.MustCompile(`\b(?:who (?:like|likes|love|loves|care about|cares about)|likes?|loves?|interested in|into|who follow|fans? of|passionate about) ((?:[a-z0-9-]+(?: and | or | )?)+?)(?: and | who | that |$| at | in | near | within )`)
	reMention      = regexp.MustCompile(`\b(?:voiced (?:a )?(?:concerns?|worries|complaints?) (?:about|over|with)|(?:are|were|is|got) (?:worried|concerned|unhappy|frustrated|upset) (?:about|with|over)|worried about|concerned about|complained about|complaining about|unhappy with|frustrated with|upset about|voiced concern about|(?:praised|(?:are|were|is) (?:happy|excited|positive) (?:about|with)|excited about|happy with|positive about)|(?:mentioned|talked about|spoke about|posted about|discussed|said something about|brought up))\s+([a-z0-9-]+(?: [a-z0-9-]+)?)`)
	reEngaged      = regexp.MustCompile(`\b(read|reads|downloaded|download|downloads|attended|attend|shared|share|liked|like|commented on)\s+(?:a |an |the |our )?(?:([a-z0-9-]+) )?(white ?papers?|articles?|blog posts?|webinars?|case stud(?:y|ies)|e-?books?|videos?|podcasts?|reports?|content)(?: (?:on|about) ([a-z0-9-]+))?`)
	reDegree3      = regexp.MustCompile(`\b(?:third[- ]degree|3rd[- ]degree|extended network|three hops)\b`)
	reDegree2      = regexp.MustCompile(`\b(?:second[- ]degree|2nd[- ]degree|friends of friends|two hops)\b`)
	reDegree1      = regexp.MustCompile(`\b(?:first[- ]degree|1st[- ]degree|direct(?:ly)? (?:connections|contacts)|people i know directly|i know directly|my direct|friends?)\b`)
	reIndustry     = regexp.MustCompile(`\b(?:at|in) (saas|marketing|logistics|healthcare|retail|consulting|cybersecurity|financial services|fintech) (?:companies|firms|businesses|startups)\b`)
	reAtCompany    = regexp.MustCompile(`\b(?:at|from|working at|who work at|who works at|employed at|employees of) ([a-z0-9][a-z0-9 .&'-]*?)(?: who | that | and |$)`)
	reSinceMonth   = regexp.MustCompile(`\bsince (january|february|march|april|may|june|july|august|september|october|november|december)(?: (\d{4}))?\b`)
	reSinceDate    = regexp.MustCompile(`\bsince (\d{4}-\d{2}-\d{2})\b`)
	reLastN        = regexp.MustCompile(`\b(?:in |over |during |within )?(?:the )?(?:last|past) (\d+) (days?|weeks?|months?)\b`)
	reLastUnit     = regexp.MustCompile(`\b(?:in |over |during )?(?:the )?(?:last|past) (week|month|quarter|year)\b`)
	reThisUnit     = regexp.MustCompile(`\b(?:this|the current) (week|month|quarter|year)\b`)
	reRecently     = regexp.MustCompile(`\b(?:recently|lately)\b`)
	rePositive     = regexp.MustCompile(`\b(?:praised|happy|excited|positive)\b`)
	reNeutralVerbs = regexp.MustCompile(`\b(?:mentioned|talked about|spoke about|posted about|discussed|said something about|brought up)\b`)
)

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// interpret decides the question's family, in order from the most
// specific phrasing to the most general.
func (in *interpreter) interpret() (*Interpretation, error) {
	switch {
	case in.match(reCoverage):
		return in.coverage()
	case in.match(reIntroAtCo):
		return in.introAtCompany(in.take(reIntroAtCo)[1])
	case in.match(reIntroShort) || in.match(reIntroTo):
		return in.intro()
	case in.match(reValue):
		return in.value()
	case in.match(reSuggest):
		in.take(reSuggest)
		in.say("people two hops away who share your declared interests")
		return in.done("suggestions", map[string]any{}), nil
	case in.match(reSearch):
		text := strings.TrimSpace(in.take(reSearch)[1])
		in.say("people and companies whose names or titles match %q", text)
		return in.done("search", map[string]any{"text": text}), nil
	}
	return in.network()
}

func (in *interpreter) match(re *regexp.Regexp) bool { return re.Match(in.work) }

// done builds the interpretation of a family with its variables: the
// first thing said, then the conditions joined by "and".
func (in *interpreter) done(field string, vars map[string]any) *Interpretation {
	understood := ""
	if len(in.what) > 0 {
		understood = in.what[0]
		if len(in.what) > 1 {
			understood += " " + strings.Join(in.what[1:], " and ")
		}
	}
	return &Interpretation{Understood: understood, Field: field, GraphQL: documents[field], Variables: vars}
}

func (in *interpreter) coverage() (*Interpretation, error) {
	name := in.take(reCoverage)[1]
	c, err := in.company(name)
	if err != nil {
		return nil, err
	}
	in.say("how many of %s's people your team knows, by department", c.Name)
	return in.done("accountCoverage", map[string]any{"company": c.ID}), nil
}

func (in *interpreter) introAtCompany(name string) (*Interpretation, error) {
	c, err := in.company(name)
	if err != nil {
		return nil, err
	}
	in.say("the warm introductions from you to anyone at %s", c.Name)
	return in.done("introductionPathsToCompany", map[string]any{"company": c.ID}), nil
}

func (in *interpreter) intro() (*Interpretation, error) {
	m := in.take(reIntroShort)
	if m == nil {
		m = in.take(reIntroTo)
	}
	name := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(m[1], "the "), "someone at "))
	// "at Acme", "someone at Acme": a company.
	if strings.HasPrefix(m[1], "someone at ") || strings.HasPrefix(name, "at ") {
		return in.introAtCompany(strings.TrimPrefix(name, "at "))
	}
	p, err := in.one("people", name, in.lookup.People)
	if err != nil {
		if c, cerr := in.one("companies", name, in.lookup.Companies); cerr == nil {
			return in.introAtCompany(c.Name)
		}
		return nil, err
	}
	in.say("the warm introductions from you to %s (%s)", p.Name, p.ID)
	return in.done("introductionPaths", map[string]any{"to": p.ID}), nil
}

func (in *interpreter) value() (*Interpretation, error) {
	in.take(reValue)
	vars := map[string]any{}
	if since, ok := in.since(); ok {
		vars["since"] = since
	}
	in.say("customers by value: lifetime value and the signals that show it")
	return in.done("customerValue", vars), nil
}

// network is a question about people in the network, or their companies,
// or the signals in it.
func (in *interpreter) network() (*Interpretation, error) {
	companies := in.match(reCompanies)
	if companies {
		in.take(reCompanies)
	}
	if m := in.take(reWhoAt); m != nil {
		c, err := in.company(m[1])
		if err != nil {
			return nil, err
		}
		in.say("people you know at %s", c.Name)
		return in.done("connections", map[string]any{"degree": 1, "where": map[string]any{"worksAt": map[string]any{"id": c.ID}}}), nil
	}
	degree := 2
	switch {
	case in.take(reDegree3) != nil:
		degree = 3
	case in.take(reDegree2) != nil:
		degree = 2
	case in.take(reDegree1) != nil:
		degree = 1
	}
	// A feed question ("funding rounds in my network") names its signals'
	// kinds before any condition on people can take those words.
	feed := !companies && in.match(reFeed)
	var kinds []any
	if feed {
		for _, k := range feedKinds {
			if in.take(k.re) != nil {
				kinds = append(kinds, k.kind)
			}
		}
		in.take(reFeed)
	}
	in.feed = feed
	where := map[string]any{}
	since, hasSince := in.since()
	if err := in.conditions(where, since, hasSince); err != nil {
		return nil, err
	}
	feed = feed && where["engagedWith"] == nil && where["mentioned"] == nil
	if len(where) == 0 && !feed {
		return nil, in.refuse()
	}
	hops := map[int]string{1: "first-degree", 2: "second-degree", 3: "third-degree"}[degree]
	switch {
	case companies:
		in.what = append([]string{fmt.Sprintf("companies where people of your %s network work who", hops)}, in.what...)
		return in.done("companiesWithConnections", map[string]any{"degree": degree, "where": where}), nil
	case feed:
		// The conditions read for people are the signals' own here.
		sw := map[string]any{}
		if s, ok := where["signal"].(map[string]any); ok {
			sw = s
		} else if w, ok := where["worksAt"].(map[string]any); ok && w["signal"] != nil {
			sw = w["signal"].(map[string]any)
		}
		if len(kinds) > 0 && sw["kinds"] == nil {
			sw["kinds"] = kinds
		}
		if hasSince {
			sw["since"] = since
		}
		in.what = []string{fmt.Sprintf("signals in your %s network", hops) + describeSignals(sw)}
		return in.done("signals", map[string]any{"where": sw, "network": map[string]any{"degree": degree}}), nil
	}
	in.what = append([]string{fmt.Sprintf("people in your %s network who", hops)}, in.what...)
	return in.done("connections", map[string]any{"degree": degree, "where": where}), nil
}

// conditions reads the conditions on people into where.
func (in *interpreter) conditions(where map[string]any, since string, hasSince bool) error {
	topics, err := in.lookup.Topics(in.ctx)
	if err != nil {
		return err
	}
	if m := in.take(reEngaged); m != nil {
		f := map[string]any{"action": actions[strings.TrimSuffix(strings.Fields(m[1])[0], "s")], "kind": contentKind(m[3])}
		if f["kind"] == "" {
			delete(f, "kind")
		}
		topicWord := m[2]
		if topicWord == "" {
			topicWord = m[4]
		}
		if t, ok := topicOf(topicWord, topics); ok {
			f["topic"] = t.ID
		}
		if hasSince && where["mentioned"] == nil && !in.match(reMention) {
			f["since"] = since
		}
		where["engagedWith"] = f
		in.say("%s %s%s", strings.ToLower(f["action"].(string)), describeKind(f), describeTopic(f, topics))
	}
	if m := in.take(reMention); m != nil {
		phrase := m[0]
		f := map[string]any{}
		if t, ok := topicOf(m[1], topics); ok {
			f["topic"] = t.ID
		} else if t, ok := topicOf(strings.Fields(m[1])[0], topics); ok {
			f["topic"] = t.ID
		} else {
			return model.Invalid("question", "understood that someone voiced something about %q, but no topic is called that: topics are %s", m[1], topicList(topics))
		}
		switch {
		case rePositive.MatchString(phrase):
			f["sentiment"] = "POSITIVE"
		case reNeutralVerbs.MatchString(phrase):
		default:
			f["sentiment"] = "NEGATIVE"
		}
		if hasSince {
			f["since"] = since
		}
		where["mentioned"] = f
		tone := map[any]string{"NEGATIVE": "voiced concern about", "POSITIVE": "spoke well of", nil: "mentioned"}[f["sentiment"]]
		in.say("%s %s%s", tone, f["topic"], sinceWords(f))
	}
	if m := in.take(reJobChange); m != nil {
		title := roleTitle(m[1])
		f := map[string]any{"kinds": []any{"JOB_CHANGE"}, "titleContains": title}
		if hasSince {
			f["since"] = since
		}
		where["signal"] = f
		in.say("changed jobs to a title with %q%s", title, sinceWords(f))
	} else if in.feed && in.match(reRoleChanges) {
		title := roleTitle(in.take(reRoleChanges)[1])
		f := map[string]any{"kinds": []any{"JOB_CHANGE"}, "titleContains": title}
		if hasSince {
			f["since"] = since
		}
		where["signal"] = f
		in.say("changed jobs to a title with %q%s", title, sinceWords(f))
	}
	funding := map[string]any(nil)
	if m := in.take(reSeriesRound); m != nil {
		funding = map[string]any{"kinds": []any{"FUNDING_ROUND"}, "round": strings.ToUpper(m[1])}
	} else if in.take(reFunding) != nil {
		funding = map[string]any{"kinds": []any{"FUNDING_ROUND"}}
	}
	if funding != nil {
		if hasSince {
			funding["since"] = since
		}
		where["worksAt"] = map[string]any{"signal": funding}
		round := ""
		if funding["round"] != nil {
			round = fmt.Sprintf(" a Series %s", funding["round"])
		}
		in.say("work at a company that raised%s%s", round, sinceWords(funding))
	}
	if m := in.take(reIndustry); m != nil {
		w, _ := where["worksAt"].(map[string]any)
		if w == nil {
			w = map[string]any{}
		}
		w["industry"] = industries[m[1]]
		where["worksAt"] = w
		in.say("work at a %s company", industries[m[1]])
	}
	km := 0.0
	if m := in.take(reWithin); m != nil {
		km, _ = strconv.ParseFloat(m[1], 64)
		if strings.HasPrefix(m[2], "mi") {
			km *= 1.609344
		}
		if !(km > 0 && km <= maxKm) {
			return model.Invalid("question", "a distance must be more than 0 and at most %d km, got %s %s", maxKm, m[1], m[2])
		}
	} else if in.take(reNear) != nil {
		km = 50
	}
	if km > 0 {
		where["near"] = map[string]any{"km": km}
		in.say("live within %g km of you", km)
	}
	if m := in.take(reLike); m != nil {
		var ids []any
		var names []string
		for _, w := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ' ' }) {
			if w == "and" || w == "or" {
				continue
			}
			if t, ok := topicOf(w, topics); ok {
				ids = append(ids, t.ID)
				names = append(names, t.ID)
			}
		}
		if len(ids) == 0 {
			return model.Invalid("question", "understood an interest in %q, but no topic is called that: topics are %s", strings.TrimSpace(m[1]), topicList(topics))
		}
		where["interestedIn"] = map[string]any{"topics": ids}
		in.say("are interested in %s", strings.Join(names, ", "))
	}
	if where["worksAt"] == nil {
		if m := in.take(reAtCompany); m != nil && !strings.HasPrefix(m[1], "my ") && !strings.HasPrefix(m[1], "our ") && !strings.HasPrefix(m[1], "_") {
			c, err := in.company(strings.TrimSpace(m[1]))
			if err != nil {
				return err
			}
			where["worksAt"] = map[string]any{"id": c.ID}
			in.say("work at %s", c.Name)
		}
	}
	return nil
}

// feedKinds are the kinds of signals a feed question names.
var feedKinds = []struct {
	re   *regexp.Regexp
	kind string
}{
	{regexp.MustCompile(`\bjob changes?\b`), "JOB_CHANGE"},
	{regexp.MustCompile(`\bpromotions?\b`), "PROMOTION"},
	{regexp.MustCompile(`\bfunding(?: rounds?)?\b`), "FUNDING_ROUND"},
	{regexp.MustCompile(`\bhiring\b`), "HIRING"},
	{regexp.MustCompile(`\bacquisitions?\b`), "ACQUISITION"},
	{regexp.MustCompile(`\bproduct launch(?:es)?\b`), "PRODUCT_LAUNCH"},
	{regexp.MustCompile(`\bmentions\b`), "MENTION"},
}

// describeSignals says a signal condition in words.
func describeSignals(sw map[string]any) string {
	var parts []string
	if ks, ok := sw["kinds"].([]any); ok {
		var names []string
		for _, k := range ks {
			names = append(names, strings.ToLower(strings.ReplaceAll(fmt.Sprint(k), "_", " ")))
		}
		parts = append(parts, strings.Join(names, " or ")+"s")
	}
	if t, ok := sw["titleContains"].(string); ok {
		parts = append(parts, fmt.Sprintf("to a title with %q", t))
	}
	if r, ok := sw["round"].(string); ok {
		parts = append(parts, "Series "+r)
	}
	if s, ok := sw["since"].(string); ok {
		parts = append(parts, "since "+s)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

// maxKm is the longest distance a question may name: half the Earth's
// circumference.
const maxKm = 20038

var actions = map[string]string{"read": "READ", "download": "DOWNLOADED", "downloaded": "DOWNLOADED", "attended": "ATTENDED", "attend": "ATTENDED",
	"shared": "SHARED", "share": "SHARED", "liked": "LIKED", "like": "LIKED", "commented": "COMMENTED"}

var industries = map[string]string{"saas": "SaaS", "marketing": "Marketing", "logistics": "Logistics", "healthcare": "Healthcare", "retail": "Retail",
	"consulting": "Consulting", "cybersecurity": "Cybersecurity", "financial services": "Financial Services", "fintech": "Financial Services"}

func contentKind(word string) string {
	w := strings.ReplaceAll(word, " ", "")
	switch {
	case strings.HasPrefix(w, "whitepaper"):
		return "WHITE_PAPER"
	case strings.HasPrefix(w, "article"):
		return "ARTICLE"
	case strings.HasPrefix(w, "blogpost"):
		return "BLOG_POST"
	case strings.HasPrefix(w, "webinar"):
		return "WEBINAR"
	case strings.HasPrefix(w, "casestud"):
		return "CASE_STUDY"
	case strings.HasPrefix(w, "ebook"), strings.HasPrefix(w, "e-book"):
		return "EBOOK"
	case strings.HasPrefix(w, "video"):
		return "VIDEO"
	case strings.HasPrefix(w, "podcast"):
		return "PODCAST"
	case strings.HasPrefix(w, "report"):
		return "REPORT"
	}
	return ""
}

func describeKind(f map[string]any) string {
	if k, ok := f["kind"].(string); ok {
		return strings.ToLower(strings.ReplaceAll(k, "_", " ")) + "s"
	}
	return "content"
}

func describeTopic(f map[string]any, _ []Named) string {
	s := ""
	if t, ok := f["topic"].(string); ok {
		s = " about " + t
	}
	return s + sinceWords(f)
}

func sinceWords(f map[string]any) string {
	if s, ok := f["since"].(string); ok {
		return " since " + s
	}
	return ""
}

var roles = map[string]string{"cmo": "Chief Marketing", "cto": "Chief Technology", "ceo": "Chief Executive", "cfo": "Chief Financial",
	"coo": "Chief Operating", "cro": "Chief Revenue"}

func roleTitle(role string) string {
	r := strings.TrimSuffix(strings.TrimSuffix(role, "s"), " officer")
	if t, ok := roles[r]; ok {
		return t
	}
	// "chief marketing officers", "vps of sales", "heads of data": the
	// plural is on the first word; a VP's title is "VP Sales".
	words := strings.Fields(strings.TrimSuffix(strings.TrimSuffix(role, " officers"), " officer"))
	words[0] = strings.TrimSuffix(words[0], "s")
	if words[0] == "vp" && len(words) > 2 && words[1] == "of" {
		words = append(words[:1], words[2:]...)
	}
	for i, w := range words {
		switch {
		case w == "vp":
			words[i] = "VP"
		case w != "of":
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// topicOf finds a topic by id or by a word of its name ("crm" is
// Customer relationship management by id; "privacy" is data-privacy).
func topicOf(word string, topics []Named) (Named, bool) {
	word = strings.Trim(strings.TrimSpace(word), ".'")
	if word == "" {
		return Named{}, false
	}
	for _, t := range topics {
		if t.ID == word || strings.EqualFold(t.Name, word) || strings.ReplaceAll(t.ID, "-", " ") == word {
			return t, true
		}
	}
	for _, t := range topics {
		if w := strings.TrimSuffix(word, "s"); len(w) >= 3 && (strings.HasPrefix(t.ID, w) || strings.Contains(strings.ToLower(t.Name), " "+w)) {
			return t, true
		}
	}
	return Named{}, false
}

func topicList(topics []Named) string {
	var ids []string
	for _, t := range topics {
		ids = append(ids, t.ID)
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

// company resolves a company by name through the graph.
func (in *interpreter) company(name string) (Named, error) {
	return in.one("companies", strings.TrimSpace(name), in.lookup.Companies)
}

// one resolves a name to exactly one node: several are answered with the
// choices, none with what was looked for.
func (in *interpreter) one(what, name string, find func(context.Context, string) ([]Named, error)) (Named, error) {
	name = strings.Trim(strings.TrimSpace(name), ".'")
	found, err := find(in.ctx, name)
	if err != nil {
		return Named{}, err
	}
	// An exact name wins over the others that contain it.
	for _, n := range found {
		if strings.EqualFold(n.Name, name) {
			return n, nil
		}
	}
	switch len(found) {
	case 0:
		return Named{}, model.Invalid("question", "no %s match %q", what, name)
	case 1:
		return found[0], nil
	}
	return Named{}, model.Invalid("question", "%s", (&Ambiguous{Word: name, What: what, Choices: found}).Error())
}

// since reads a time phrase as a date, against the clock.
func (in *interpreter) since() (string, bool) {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	now := in.now.UTC()
	if m := in.take(reSinceDate); m != nil {
		return m[1], true
	}
	if m := in.take(reSinceMonth); m != nil {
		month := time.Month(indexOf(monthNames, m[1]) + 1)
		year := now.Year()
		if m[2] != "" {
			year, _ = strconv.Atoi(m[2])
		} else if month > now.Month() {
			year--
		}
		return day(time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)), true
	}
	if m := in.take(reLastN); m != nil {
		n, _ := strconv.Atoi(m[1])
		switch strings.TrimSuffix(m[2], "s") {
		case "day":
			return day(now.AddDate(0, 0, -n)), true
		case "week":
			return day(now.AddDate(0, 0, -7*n)), true
		case "month":
			return day(now.AddDate(0, -n, 0)), true
		}
	}
	if m := in.take(reLastUnit); m != nil {
		switch m[1] {
		case "week":
			return day(now.AddDate(0, 0, -7)), true
		case "month":
			return day(now.AddDate(0, -1, 0)), true
		case "quarter":
			return day(now.AddDate(0, -3, 0)), true
		case "year":
			return day(now.AddDate(-1, 0, 0)), true
		}
	}
	if m := in.take(reThisUnit); m != nil {
		switch m[1] {
		case "week":
			return day(now.AddDate(0, 0, -int((now.Weekday()+6)%7))), true
		case "month":
			return day(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)), true
		case "quarter":
			return day(time.Date(now.Year(), time.Month((int(now.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)), true
		case "year":
			return day(time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)), true
		}
	}
	if in.take(reRecently) != nil {
		return day(now.AddDate(0, 0, -60)), true
	}
	return "", false
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
