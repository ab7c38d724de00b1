package neo4j_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// ---------------------------------------------------------------------------
// The generated world, kept in memory for the oracle and written as NDJSON.

type oPerson struct {
	ID                                                string
	Name, Title, Seniority, Department, City, Country *string
	Lat, Lon                                          *float64
}

type oCompany struct {
	ID                                   string
	Name, Industry, City, Country, Stage *string
	Customer                             bool
}

type oContent struct {
	ID     string
	Kind   string
	Topics []string
}

type oJob struct {
	Company string
	Current bool
}

type oEng struct {
	Content string
	Action  string
	At      time.Time
}

type oSignal struct {
	ID                      string
	Kind                    string
	At                      time.Time
	Sentiment, Title, Round *string
	Topics                  []string
}

type oLink struct {
	To       string
	Strength float64
}

type oWorld struct {
	people    []*oPerson
	person    map[string]*oPerson
	connected []string // people with at least a chance of KNOWS edges
	isolated  []string // people without any KNOWS edge
	companies []*oCompany
	company   map[string]*oCompany
	contents  map[string]*oContent
	contentID []string
	jobs      map[string][]oJob
	interests map[string]map[string]bool
	engs      map[string][]oEng
	sigBy     map[string][]*oSignal
	sigAt     map[string][]*oSignal
	adj       map[string][]oLink
	days      []time.Time
	lines     [][]byte
	nKnows    int
	nSignals  int
}

var (
	oTopics      = []string{"crm", "churn", "analytics", "ai", "security", "pricing", "onboarding", "retention"}
	oStrengths   = []float64{0.5, 0.6, 0.8, 0.9, 1.0}
	oFirstNames  = []string{"Dana", "Ana", "Lee", "Zoë", "Jürgen", "Maria", "Omar", "Kim", "Sam", "Priya", "Leon"}
	oLastNames   = []string{"Reyes", "Müller", "Smith", "Chen", "Okafor", "Rossi", "Nguyen", "Andersen"}
	oTitles      = []string{"VP Marketing", "Chief Marketing Officer", "Head of Customer Success", "Sales Director", "Data Engineer", "Marketing Manager", "CEO", "Account Executive"}
	oSeniorities = []string{"C_LEVEL", "VP", "DIRECTOR", "MANAGER", "SENIOR", "ENTRY"}
	oDepartments = []string{"Marketing", "Sales", "Customer Success", "Engineering"}
	oKinds       = []string{"WHITE_PAPER", "ARTICLE", "BLOG_POST", "WEBINAR", "CASE_STUDY", "REPORT"}
	oActions     = []string{"READ", "DOWNLOADED", "ATTENDED", "SHARED", "LIKED", "COMMENTED"}
	oSentiments  = []string{"POSITIVE", "NEUTRAL", "NEGATIVE"}
	oIndustries  = []string{"SaaS", "Fintech", "Retail", "Health"}
	oStages      = []string{"SEED", "SERIES_A", "SERIES_B", "PUBLIC"}
	oCompanyName = []string{"Acme Analytics", "Globex", "Initech", "Umbrella Health", "Stark Fintech", "Wayne Retail", "Hooli", "Vandelay Imports"}
	// Clusters: Boston and Providence are about 66 km apart, Berlin and
	// Potsdam about 27 km, so a 50 km radius has hits and misses.
	oCities = []struct {
		Name, Country string
		Lat, Lon      float64
	}{
		{"Boston", "US", 42.36, -71.06},
		{"Providence", "US", 41.82, -71.41},
		{"Berlin", "DE", 52.52, 13.40},
		{"Potsdam", "DE", 52.39, 13.06},
		{"Austin", "US", 30.27, -97.74},
	}
	// Clock times of generated instants; the last one is 23:30 UTC the day
	// before, and the others probe the edges of a plain-date window.
	oClocks = []string{"T00:00:00Z", "T08:30:00Z", "T12:00:00Z", "T23:59:59Z", "T23:59:59.999Z", "T01:30:00+02:00"}
)

func oStr(s string) *string { return &s }

func oNewWorld() *oWorld {
	return &oWorld{
		person: map[string]*oPerson{}, company: map[string]*oCompany{}, contents: map[string]*oContent{},
		jobs: map[string][]oJob{}, interests: map[string]map[string]bool{}, engs: map[string][]oEng{},
		sigBy: map[string][]*oSignal{}, sigAt: map[string][]*oSignal{}, adj: map[string][]oLink{},
	}
}

// addPerson records p and returns its line, for the caller to complete and
// write.
func (w *oWorld) addPerson(p *oPerson, connected bool) map[string]any {
	m := map[string]any{"type": "person", "id": p.ID}
	if p.Lat != nil {
		m["latitude"], m["longitude"] = *p.Lat, *p.Lon
	}
	oPut(m, "name", p.Name)
	oPut(m, "title", p.Title)
	oPut(m, "seniority", p.Seniority)
	oPut(m, "department", p.Department)
	oPut(m, "city", p.City)
	oPut(m, "country", p.Country)
	w.people = append(w.people, p)
	w.person[p.ID] = p
	if connected {
		w.connected = append(w.connected, p.ID)
	} else {
		w.isolated = append(w.isolated, p.ID)
	}
	return m
}

// addKnows records a KNOWS pair and returns its line.
func (w *oWorld) addKnows(a, b string, s float64) map[string]any {
	w.adj[a] = append(w.adj[a], oLink{b, s})
	w.adj[b] = append(w.adj[b], oLink{a, s})
	w.nKnows++
	return map[string]any{"type": "knows", "a": a, "b": b, "strength": s}
}

func (w *oWorld) line(m map[string]any) {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	w.lines = append(w.lines, b)
}

// oPut adds a string field to a line when it is set.
func oPut(m map[string]any, key string, v *string) {
	if v != nil {
		m[key] = *v
	}
}

type oGen struct {
	r *rand.Rand
	w *oWorld
}

func (g *oGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *oGen) chance(p float64) bool { return g.r.Float64() < p }

// instant returns an RFC 3339 date-time (or, with dateOnly, sometimes a plain
// date) on one of the world's days, and the instant it means.
func (g *oGen) instant(dateOnly bool) (string, time.Time) {
	day := g.w.days[g.r.IntN(len(g.w.days))]
	if dateOnly && g.chance(0.25) {
		return day.Format(time.DateOnly), day
	}
	s := day.Format(time.DateOnly) + g.pick(oClocks)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return s, t.UTC()
}

func (g *oGen) topicsSubset(min, max int) []string {
	n := min + g.r.IntN(max-min+1)
	var out []string
	for _, i := range g.r.Perm(len(oTopics))[:n] {
		out = append(out, oTopics[i])
	}
	return out
}

func oGenerate(seed uint64) *oWorld {
	g := &oGen{r: rand.New(rand.NewPCG(seed, 0x0bac1e)), w: oNewWorld()}
	r, w := g.r, g.w
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[int]bool{}
	for len(w.days) < 30 {
		d := r.IntN(730)
		if !seen[d] {
			seen[d] = true
			w.days = append(w.days, start.AddDate(0, 0, d))
		}
	}
	sort.Slice(w.days, func(i, j int) bool { return w.days[i].Before(w.days[j]) })

	for _, id := range oTopics {
		w.line(map[string]any{"type": "topic", "id": id, "name": strings.ToUpper(id[:1]) + id[1:]})
	}

	for i, name := range oCompanyName {
		city := oCities[r.IntN(len(oCities))]
		c := &oCompany{ID: fmt.Sprintf("c%d", i), Name: oStr(name), City: oStr(city.Name), Country: oStr(city.Country)}
		if g.chance(0.85) {
			c.Industry = oStr(g.pick(oIndustries))
		}
		if g.chance(0.85) {
			c.Stage = oStr(g.pick(oStages))
		}
		m := map[string]any{"type": "company", "id": c.ID, "domain": strings.ToLower(strings.Fields(name)[0]) + ".example"}
		oPut(m, "name", c.Name)
		oPut(m, "industry", c.Industry)
		oPut(m, "city", c.City)
		oPut(m, "country", c.Country)
		oPut(m, "stage", c.Stage)
		switch r.IntN(3) {
		case 0:
			c.Customer = true
			m["customer"] = true
			m["clv"] = float64(10000 * (1 + r.IntN(20)))
		case 1:
			m["customer"] = false
		} // else: absent, which means false
		w.companies = append(w.companies, c)
		w.company[c.ID] = c
		w.line(m)
	}

	for i := 0; i < 20; i++ {
		c := &oContent{ID: fmt.Sprintf("ct%d", i), Kind: g.pick(oKinds), Topics: g.topicsSubset(1, 2)}
		pub, _ := g.instant(true)
		w.contents[c.ID] = c
		w.contentID = append(w.contentID, c.ID)
		w.line(map[string]any{"type": "content", "id": c.ID, "title": fmt.Sprintf("Content %d", i), "kind": c.Kind, "topics": c.Topics, "publishedAt": pub})
	}

	n := 60 + r.IntN(61)
	nIso := 3 + r.IntN(3)
	for i := 0; i < n; i++ {
		// Ids like p7 and p12 make string order differ from numeric order.
		p := &oPerson{ID: fmt.Sprintf("p%d", i)}
		city := oCities[r.IntN(len(oCities))]
		if g.chance(0.95) {
			p.Name = oStr(g.pick(oFirstNames) + " " + g.pick(oLastNames))
		}
		if g.chance(0.9) {
			p.Title = oStr(g.pick(oTitles))
		}
		if g.chance(0.85) {
			p.Seniority = oStr(g.pick(oSeniorities))
		}
		if g.chance(0.85) {
			d := g.pick(oDepartments)
			if g.chance(0.2) {
				d = strings.ToLower(d)
			}
			p.Department = oStr(d)
		}
		if g.chance(0.85) {
			p.City = oStr(city.Name)
		}
		if g.chance(0.9) {
			p.Country = oStr(city.Country)
		}
		if g.chance(0.75) {
			lat := city.Lat + (r.Float64()*2-1)*0.15
			lon := city.Lon + (r.Float64()*2-1)*0.2
			p.Lat, p.Lon = &lat, &lon
		}
		m := w.addPerson(p, i < n-nIso)
		if g.chance(0.5) {
			m["email"] = p.ID + "@example.com"
		}
		if g.chance(0.15) {
			m["team"] = true
		} else if g.chance(0.5) {
			m["team"] = false
		}
		w.line(m)
	}

	// KNOWS: one line per unordered pair, in a random direction; a ring-ish
	// locality plus random long links gives several shortest paths.
	pairs := map[[2]string]bool{}
	nc := len(w.connected)
	for i, a := range w.connected {
		for k := 1 + r.IntN(2); k > 0; k-- {
			j := r.IntN(nc)
			if g.chance(0.6) {
				j = (i + 1 + r.IntN(5)) % nc
			}
			b := w.connected[j]
			if a == b {
				continue
			}
			key := [2]string{min(a, b), max(a, b)}
			if pairs[key] {
				continue
			}
			pairs[key] = true
			s := oStrengths[r.IntN(len(oStrengths))]
			x, y := a, b
			if g.chance(0.5) {
				x, y = b, a
			}
			m := w.addKnows(x, y, s)
			if g.chance(0.5) {
				since, _ := g.instant(true)
				m["since"] = since
			}
			w.line(m)
		}
	}

	sigN := 0
	newSignal := func(kind string, by, at string, m map[string]any) *oSignal {
		s := &oSignal{ID: fmt.Sprintf("s%d", sigN), Kind: kind}
		sigN++
		atStr, atTime := g.instant(true)
		s.At = atTime
		m["type"], m["id"], m["kind"], m["at"] = "signal", s.ID, kind, atStr
		if by != "" {
			m["person"] = by
			w.sigBy[by] = append(w.sigBy[by], s)
		}
		if at != "" {
			m["company"] = at
			w.sigAt[at] = append(w.sigAt[at], s)
		}
		return s
	}
	emit := func(s *oSignal, m map[string]any) {
		oPut(m, "sentiment", s.Sentiment)
		oPut(m, "title", s.Title)
		oPut(m, "round", s.Round)
		if len(s.Topics) > 0 {
			m["topics"] = s.Topics
		}
		w.line(m)
	}
	randomCompany := func() string { return w.companies[r.IntN(len(w.companies))].ID }

	for _, p := range w.people {
		// Employment: current jobs (WORKS_AT without until) and past ones, at
		// distinct companies (the import keeps one WORKS_AT per pair).
		if g.chance(0.85) {
			perm := r.Perm(len(w.companies))
			nJobs := 1
			if g.chance(0.3) {
				nJobs++
			}
			if g.chance(0.1) {
				nJobs++
			}
			for k := 0; k < nJobs; k++ {
				c := w.companies[perm[k]].ID
				job := oJob{Company: c, Current: k == 0 || g.chance(0.3)}
				m := map[string]any{"type": "works_at", "person": p.ID, "company": c, "since": "2020-02-01"}
				if p.Title != nil && g.chance(0.7) {
					m["title"] = *p.Title
				}
				if p.Department != nil && g.chance(0.5) {
					m["department"] = *p.Department
				}
				if !job.Current {
					m["until"] = g.pick([]string{"2024-06-30", "2025-01-15T17:00:00Z", "2023-12-31"})
				}
				w.jobs[p.ID] = append(w.jobs[p.ID], job)
				w.line(m)
			}
		}
		if g.chance(0.75) {
			w.interests[p.ID] = map[string]bool{}
			for _, t := range g.topicsSubset(1, 3) {
				w.interests[p.ID][t] = true
				w.line(map[string]any{"type": "interested_in", "person": p.ID, "topic": t, "weight": float64(1+r.IntN(9)) / 10})
			}
		}
		seenEng := map[string]bool{}
		for k := r.IntN(6); k > 0; k-- {
			e := oEng{Content: g.pick(w.contentID), Action: g.pick(oActions)}
			atStr, at := g.instant(false)
			e.At = at
			key := e.Content + "/" + e.Action + "/" + at.Format(time.RFC3339Nano)
			if seenEng[key] {
				continue
			}
			seenEng[key] = true
			w.engs[p.ID] = append(w.engs[p.ID], e)
			w.line(map[string]any{"type": "engaged", "person": p.ID, "content": e.Content, "action": e.Action, "at": atStr})
		}
		// A few people re-engage with the same content.
		if len(w.engs[p.ID]) > 0 && g.chance(0.2) {
			e := w.engs[p.ID][0]
			e.Action = g.pick(oActions)
			atStr, at := g.instant(false)
			e.At = at
			key := e.Content + "/" + e.Action + "/" + at.Format(time.RFC3339Nano)
			if !seenEng[key] {
				w.engs[p.ID] = append(w.engs[p.ID], e)
				w.line(map[string]any{"type": "engaged", "person": p.ID, "content": e.Content, "action": e.Action, "at": atStr})
			}
		}
		// Signals BY the person.
		if g.chance(0.45) {
			for k := 1 + r.IntN(2); k > 0; k-- {
				at := ""
				if g.chance(0.3) {
					at = randomCompany()
				}
				m := map[string]any{"summary": "said something", "source": "linkedin"}
				s := newSignal("MENTION", p.ID, at, m)
				if g.chance(0.85) {
					s.Sentiment = oStr(g.pick(oSentiments))
				}
				if g.chance(0.9) {
					s.Topics = g.topicsSubset(1, 2)
				}
				emit(s, m)
			}
		}
		if g.chance(0.15) {
			m := map[string]any{}
			s := newSignal("JOB_CHANGE", p.ID, randomCompany(), m)
			s.Title = oStr(g.pick(oTitles))
			emit(s, m)
		}
		if g.chance(0.1) {
			m := map[string]any{}
			s := newSignal("PROMOTION", p.ID, "", m)
			s.Title = oStr(g.pick(oTitles))
			emit(s, m)
		}
		if g.chance(0.1) {
			m := map[string]any{}
			s := newSignal("EVENT_ATTENDED", p.ID, "", m)
			if g.chance(0.5) {
				s.Topics = g.topicsSubset(1, 1)
			}
			emit(s, m)
		}
		if g.chance(0.05) {
			// A founder's funding round: BY the person, AT the company.
			m := map[string]any{"amount": 1e6}
			s := newSignal("FUNDING_ROUND", p.ID, randomCompany(), m)
			s.Round = oStr(g.pick([]string{"A", "B"}))
			emit(s, m)
		}
	}
	// Signals AT companies.
	for _, c := range w.companies {
		for k := r.IntN(4); k > 0; k-- {
			m := map[string]any{}
			kind := g.pick([]string{"FUNDING_ROUND", "FUNDING_ROUND", "HIRING", "PRODUCT_LAUNCH", "REFERRAL", "ACQUISITION"})
			s := newSignal(kind, "", c.ID, m)
			if kind == "FUNDING_ROUND" {
				s.Round = oStr(g.pick([]string{"A", "B", "C"}))
				m["amount"] = float64(1+r.IntN(50)) * 1e6
			}
			emit(s, m)
		}
	}
	w.nSignals = sigN
	// Lines may come in any order.
	r.Shuffle(len(w.lines), func(i, j int) { w.lines[i], w.lines[j] = w.lines[j], w.lines[i] })
	return w
}

func (w *oWorld) ndjson() []byte {
	var b []byte
	for _, l := range w.lines {
		b = append(b, l...)
		b = append(b, '\n')
	}
	return b
}

// ---------------------------------------------------------------------------
// The oracle.

type oEdge struct {
	ID       string
	Degree   int
	Strength float64
	Via      []string
	Evidence []string
}

func (e oEdge) String() string {
	return fmt.Sprintf("%s(d%d s=%.6g via%v ev%v)", e.ID, e.Degree, e.Strength, e.Via, e.Evidence)
}

// network is the BFS from of: shortest distance, best product of strengths
// over the shortest paths, and the first hops on those paths.
func (w *oWorld) network(of string, degree int) (map[string]int, map[string]float64, map[string]map[string]bool) {
	dist := map[string]int{of: 0}
	best := map[string]float64{of: 1.0}
	hops := map[string]map[string]bool{}
	level := []string{of}
	for d := 1; d <= degree && len(level) > 0; d++ {
		var next []string
		for _, u := range level {
			for _, l := range w.adj[u] {
				v := l.To
				if dv, ok := dist[v]; ok && dv != d {
					continue
				}
				if _, ok := dist[v]; !ok {
					dist[v] = d
					hops[v] = map[string]bool{}
					next = append(next, v)
				}
				// Multiplying from of outwards, as a path is read.
				if s := best[u] * l.Strength; s > best[v] {
					best[v] = s
				}
				if d == 1 {
					hops[v][v] = true
				} else {
					for h := range hops[u] {
						hops[v][h] = true
					}
				}
			}
		}
		level = next
	}
	delete(dist, of)
	return dist, best, hops
}

func (w *oWorld) connections(req neo4j.ConnectionsRequest) []oEdge {
	dist, best, hops := w.network(req.Of, req.Degree)
	var out []oEdge
	for id, d := range dist {
		ok, ev := w.match(req.Where, id, "")
		if !ok {
			continue
		}
		e := oEdge{ID: id, Degree: d, Strength: best[id], Via: []string{}, Evidence: ev}
		if d > 1 {
			for h := range hops[id] {
				e.Via = append(e.Via, h)
			}
		}
		sort.Strings(e.Via)
		sort.Strings(e.Evidence)
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Degree != b.Degree {
			return a.Degree < b.Degree
		}
		// Strengths closer than 1e-9 are equal for ordering (DESIGN.md).
		if math.Abs(a.Strength-b.Strength) >= 1e-9 {
			return a.Strength > b.Strength
		}
		return a.ID < b.ID
	})
	return out
}

func oEvEng(label string, e oEng) string {
	return label + " engagement " + e.Content + " " + e.Action + " " + e.At.UTC().Format(time.RFC3339Nano)
}

func oEvSig(label, id string) string { return label + " signal " + id }

// inWindow: since inclusive; until inclusive, a plain date up to (not
// including) the next midnight UTC.
func oInWindow(t time.Time, since, until *model.DateTime) bool {
	if since != nil && t.Before(since.Time) {
		return false
	}
	if until != nil {
		if until.DateOnly {
			if !t.Before(until.Time.AddDate(0, 0, 1)) {
				return false
			}
		} else if t.After(until.Time) {
			return false
		}
	}
	return true
}

func oContains(s *string, sub string) bool {
	return s != nil && strings.Contains(strings.ToLower(*s), strings.ToLower(sub))
}

func oEqualFold(s *string, v string) bool {
	return s != nil && strings.ToLower(*s) == strings.ToLower(v)
}

func oHaversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin(dLon/2), 2)
	return 2 * 6371 * math.Asin(math.Sqrt(h))
}

// match evaluates where for person p; path is the filter's place for
// evidence labels. Evidence is meaningful only when the result is true.
func (w *oWorld) match(where *model.PersonWhere, p, path string) (bool, []string) {
	if where == nil {
		return true, nil
	}
	pre := ""
	if path != "" {
		pre = path + "."
	}
	label := func(field string) string { return pre + field }
	ok := true
	var ev []string
	for i, sub := range where.And {
		m, e := w.match(sub, p, fmt.Sprintf("%sAND[%d]", pre, i))
		ok = ok && m
		ev = append(ev, e...)
	}
	if len(where.Or) > 0 {
		anyTrue := false
		for i, sub := range where.Or {
			if m, e := w.match(sub, p, fmt.Sprintf("%sOR[%d]", pre, i)); m {
				anyTrue = true
				ev = append(ev, e...)
			}
		}
		ok = ok && anyTrue
	}
	if where.Not != nil {
		m, _ := w.match(where.Not, p, pre+"NOT")
		ok = ok && !m
	}
	if f := where.EngagedWith; f != nil {
		var hits []string
		for _, e := range w.engs[p] {
			c := w.contents[e.Content]
			if (f.Kind != nil && c.Kind != *f.Kind) || (f.Topic != nil && !slices.Contains(c.Topics, *f.Topic)) ||
				(f.Action != nil && e.Action != *f.Action) || !oInWindow(e.At, f.Since, f.Until) {
				continue
			}
			hits = append(hits, oEvEng(label("engagedWith"), e))
		}
		need := 1
		if f.MinCount != nil {
			need = *f.MinCount
		}
		ok = ok && len(hits) >= need
		ev = append(ev, hits...)
	}
	if f := where.Mentioned; f != nil {
		var hits []string
		for _, s := range w.sigBy[p] {
			if s.Kind != "MENTION" || (f.Sentiment != nil && (s.Sentiment == nil || *s.Sentiment != *f.Sentiment)) ||
				(f.Topic != nil && !slices.Contains(s.Topics, *f.Topic)) || !oInWindow(s.At, f.Since, f.Until) {
				continue
			}
			hits = append(hits, oEvSig(label("mentioned"), s.ID))
		}
		ok = ok && len(hits) > 0
		ev = append(ev, hits...)
	}
	if f := where.Signal; f != nil {
		var hits []string
		for _, s := range w.sigBy[p] {
			if (len(f.Kinds) > 0 && !slices.Contains(f.Kinds, s.Kind)) || (f.Topic != nil && !slices.Contains(s.Topics, *f.Topic)) ||
				!oInWindow(s.At, f.Since, f.Until) || (f.TitleContains != nil && !oContains(s.Title, *f.TitleContains)) ||
				(f.Round != nil && (s.Round == nil || *s.Round != *f.Round)) {
				continue
			}
			hits = append(hits, oEvSig(label("signal"), s.ID))
		}
		ok = ok && len(hits) > 0
		ev = append(ev, hits...)
	}
	if f := where.InterestedIn; f != nil {
		found := 0
		for _, t := range f.Topics {
			if w.interests[p][t] {
				found++
			}
		}
		if f.Match != nil && *f.Match == "ALL" {
			ok = ok && found == len(f.Topics)
		} else {
			ok = ok && found > 0
		}
	}
	if f := where.WorksAt; f != nil {
		m := false
		for _, j := range w.jobs[p] {
			if !j.Current {
				continue
			}
			c := w.company[j.Company]
			if (f.ID != nil && c.ID != *f.ID) || (f.Name != nil && !oContains(c.Name, *f.Name)) ||
				(f.Industry != nil && !oEqualFold(c.Industry, *f.Industry)) || (f.City != nil && !oEqualFold(c.City, *f.City)) ||
				(f.Country != nil && !oEqualFold(c.Country, *f.Country)) || (f.Stage != nil && !oEqualFold(c.Stage, *f.Stage)) ||
				(f.Customer != nil && c.Customer != *f.Customer) {
				continue
			}
			if sf := f.Signal; sf != nil {
				var hits []string
				for _, s := range w.sigAt[c.ID] {
					if (len(sf.Kinds) > 0 && !slices.Contains(sf.Kinds, s.Kind)) || !oInWindow(s.At, sf.Since, sf.Until) ||
						(sf.Round != nil && (s.Round == nil || *s.Round != *sf.Round)) {
						continue
					}
					hits = append(hits, oEvSig(label("worksAt.signal"), s.ID))
				}
				if len(hits) == 0 {
					continue
				}
				ev = append(ev, hits...)
			}
			m = true
		}
		ok = ok && m
	}
	person := w.person[p]
	for _, f := range []struct {
		value    *string
		prop     *string
		contains bool
	}{
		{where.Title, person.Title, true},
		{where.Seniority, person.Seniority, false},
		{where.Department, person.Department, false},
		{where.Name, person.Name, true},
		{where.City, person.City, false},
		{where.Country, person.Country, false},
	} {
		if f.value == nil {
			continue
		}
		if f.contains {
			ok = ok && oContains(f.prop, *f.value)
		} else {
			ok = ok && oEqualFold(f.prop, *f.value)
		}
	}
	if f := where.Near; f != nil {
		center := w.person[*f.Of]
		ok = ok && center != nil && center.Lat != nil && person.Lat != nil &&
			oHaversineKm(*center.Lat, *center.Lon, *person.Lat, *person.Lon) <= f.Km
	}
	return ok, ev
}

// ---------------------------------------------------------------------------
// Random requests from the world's vocabulary.
//
// Planning a new statement costs Neo4j far more than running it (hundreds of
// milliseconds against a few). A statement's text depends only on the
// filter's shape (which fields, lists and combinators are present, and the
// degree), not on its values, which are parameters; the plan cache is keyed
// by the text and the parameters' types, where strings and lists count with
// a size class (1, up to 10, up to 100, ...). So every decision about the
// shape, size classes included, is drawn from s, seeded per shape, and every
// value from v: a shape serves several requests with different values, and
// the plan cache makes all but the first cheap.
//
// Values are often taken from a target, a person in the network, so that
// filters match someone: their engagements, signals, interests, employer
// and properties, and windows around the instants of those.

type oReqGen struct {
	s, v *rand.Rand
	w    *oWorld
	// leaves left to place in the current filter.
	leaves int
	// network lists the people in the network of the request's of.
	network []string
	target  string
}

// has decides a shape question.
func (g *oReqGen) has(p float64) bool { return g.s.Float64() < p }

// coin decides a value question.
func (g *oReqGen) coin(p float64) bool { return g.v.Float64() < p }

func (g *oReqGen) pick(list []string) string { return list[g.v.IntN(len(list))] }

// oSizeClass is the size class of a string or list of n elements.
func oSizeClass(n int) int {
	c := 1
	for c < n {
		c *= 10
	}
	return c
}

// word returns prefer, or another value from list, of the size class that
// the shape decides.
func (g *oReqGen) word(prefer string, list []string) string {
	var classes []int
	for _, x := range list {
		if c := oSizeClass(len([]rune(x))); !slices.Contains(classes, c) {
			classes = append(classes, c)
		}
	}
	sort.Ints(classes)
	class := classes[g.s.IntN(len(classes))]
	if prefer != "" && oSizeClass(len([]rune(prefer))) == class {
		return prefer
	}
	var same []string
	for _, x := range list {
		if oSizeClass(len([]rune(x))) == class {
			same = append(same, x)
		}
	}
	return g.pick(same)
}

// text returns s in a random mix of cases.
func (g *oReqGen) text(s string) string {
	switch g.v.IntN(4) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	case 2:
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if g.coin(0.5) {
			b.WriteString(strings.ToUpper(string(c)))
		} else {
			b.WriteString(strings.ToLower(string(c)))
		}
	}
	return b.String()
}

// sub returns a random piece of prefer (or, when it is nil, of a value from
// list) for contains filters: one character or, as the shape decides, two
// to six.
func (g *oReqGen) sub(prefer *string, list []string) string {
	s := g.pick(list)
	if prefer != nil && len([]rune(*prefer)) >= 2 {
		s = *prefer
	}
	rs := []rune(s)
	if g.has(0.15) {
		i := g.v.IntN(len(rs))
		return string(rs[i : i+1])
	}
	i := g.v.IntN(len(rs) - 1)
	j := i + 2 + g.v.IntN(min(5, len(rs)-i-1))
	return string(rs[i:j])
}

// maybe gives a value with probability p (the presence is shape).
func (g *oReqGen) maybe(p float64, f func() string) *string {
	if g.has(p) {
		return oStr(f())
	}
	return nil
}

// oDeref returns *s, or "" for nil.
func oDeref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// bound is a window end: often on the day of t (or some days before a since,
// after an until), else on a random day; a plain date or a date-time.
func (g *oReqGen) bound(t *time.Time, since bool) *model.DateTime {
	day := g.w.days[g.v.IntN(len(g.w.days))]
	if t != nil && g.coin(0.8) {
		day = t.UTC().Truncate(24 * time.Hour)
		if g.coin(0.3) {
			if since {
				day = day.AddDate(0, 0, -g.v.IntN(60))
			} else {
				day = day.AddDate(0, 0, g.v.IntN(60))
			}
		}
	}
	s := day.Format(time.DateOnly) + g.pick([]string{"", "", "T00:00:00Z", "T12:00:00Z", "T23:59:59Z"})
	d, err := model.ParseDateTime(s)
	if err != nil {
		panic(err)
	}
	return &d
}

// window returns a valid [since, until], either end possibly absent, often
// around t.
func (g *oReqGen) window(t *time.Time) (since, until *model.DateTime) {
	if g.has(0.35) {
		since = g.bound(t, true)
	}
	if g.has(0.35) {
		until = g.bound(t, false)
	}
	if since != nil && until != nil {
		end := until.Time
		if until.DateOnly {
			end = end.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		if end.Before(since.Time) {
			since, until = until, since
		}
	}
	return since, until
}

// topic returns prefer or a random topic id; all of them, "nosuch" too,
// have the same size class.
func (g *oReqGen) topic(prefer []string) string {
	if len(prefer) > 0 && g.coin(0.8) {
		return g.pick(prefer)
	}
	if g.coin(0.05) {
		return "nosuch"
	}
	return g.pick(oTopics)
}

// kinds returns a kinds list: absent, empty (any kind) or one or two kinds,
// the first often prefer.
func (g *oReqGen) kinds(prefer string, from []string) []string {
	switch {
	case g.has(0.4):
		return nil
	case g.has(0.1):
		return []string{}
	}
	var out []string
	for n := 1 + g.s.IntN(2); n > 0; n-- {
		if len(out) == 0 && prefer != "" && g.coin(0.8) {
			out = append(out, prefer)
		} else {
			out = append(out, g.pick(from))
		}
	}
	return out
}

// own reports whether this value should come from the target.
func (g *oReqGen) own() bool { return g.target != "" && g.coin(0.75) }

func (g *oReqGen) company() *oCompany {
	if g.own() {
		var current []string
		for _, j := range g.w.jobs[g.target] {
			if j.Current {
				current = append(current, j.Company)
			}
		}
		if len(current) > 0 {
			return g.w.company[g.pick(current)]
		}
	}
	return g.w.companies[g.v.IntN(len(g.w.companies))]
}

func (g *oReqGen) companyWhere() *model.CompanyWhere {
	c := &model.CompanyWhere{}
	co := g.company()
	for n := 1 + g.s.IntN(2); n > 0; n-- {
		switch g.s.IntN(9) {
		case 0:
			c.ID = oStr(co.ID)
		case 1:
			c.Name = oStr(g.text(g.sub(co.Name, oCompanyName)))
		case 2:
			c.Industry = oStr(g.text(g.word(oDeref(co.Industry), oIndustries)))
		case 3:
			c.City = oStr(g.text(*co.City))
		case 4:
			c.Country = oStr(g.text(g.word(oDeref(co.Country), []string{"US", "DE", "FR"})))
		case 5:
			c.Stage = oStr(g.text(g.word(oDeref(co.Stage), oStages)))
		case 6:
			// true and false compile differently, so this is shape.
			c.Customer = new(g.has(0.5))
		case 7, 8:
			var sg *oSignal
			if list := g.w.sigAt[co.ID]; len(list) > 0 && g.coin(0.8) {
				sg = list[g.v.IntN(len(list))]
			} else {
				sg = &oSignal{}
			}
			sf := &model.CompanySignalFilter{}
			sf.Kinds = g.kinds(sg.Kind, []string{"FUNDING_ROUND", "HIRING", "PRODUCT_LAUNCH", "REFERRAL", "ACQUISITION", "MENTION", "JOB_CHANGE"})
			sf.Since, sf.Until = g.window(&sg.At)
			sf.Round = g.maybe(0.3, func() string { return g.word(oDeref(sg.Round), []string{"A", "B", "C"}) })
			c.Signal = sf
		}
	}
	return c
}

func (g *oReqGen) signalOf(kind string) *oSignal {
	if g.own() {
		var list []*oSignal
		for _, s := range g.w.sigBy[g.target] {
			if kind == "" || s.Kind == kind {
				list = append(list, s)
			}
		}
		if len(list) > 0 {
			return list[g.v.IntN(len(list))]
		}
	}
	return &oSignal{At: g.w.days[g.v.IntN(len(g.w.days))]}
}

func (g *oReqGen) leaf(w *model.PersonWhere) {
	// Now and then another person of the network is the target.
	if len(g.network) > 0 && g.coin(0.25) {
		g.target = g.pick(g.network)
	}
	var me *oPerson
	if g.target != "" {
		me = g.w.person[g.target]
	} else {
		me = &oPerson{}
	}
	// Conditions backed by evidence come more often.
	switch []int{0, 0, 0, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12}[g.s.IntN(17)] {
	case 0:
		var e oEng
		c := &oContent{}
		if list := g.w.engs[g.target]; len(list) > 0 && g.own() {
			e = list[g.v.IntN(len(list))]
			c = g.w.contents[e.Content]
		} else {
			e.At = g.w.days[g.v.IntN(len(g.w.days))]
		}
		f := &model.EngagedWithFilter{
			Kind:   g.maybe(0.35, func() string { return g.word(c.Kind, oKinds) }),
			Topic:  g.maybe(0.45, func() string { return g.topic(c.Topics) }),
			Action: g.maybe(0.35, func() string { return g.word(e.Action, oActions) }),
		}
		f.Since, f.Until = g.window(&e.At)
		switch {
		case g.has(0.15):
			f.MinCount = new(1)
		case g.has(0.25):
			f.MinCount = new(2 + g.v.IntN(2))
		}
		w.EngagedWith = f
	case 2:
		sg := g.signalOf("MENTION")
		f := &model.MentionedFilter{
			Topic:     g.maybe(0.5, func() string { return g.topic(sg.Topics) }),
			Sentiment: g.maybe(0.5, func() string { return g.word(oDeref(sg.Sentiment), oSentiments) }),
		}
		f.Since, f.Until = g.window(&sg.At)
		w.Mentioned = f
	case 3:
		sg := g.signalOf("")
		f := &model.PersonSignalFilter{}
		f.Kinds = g.kinds(sg.Kind, []string{"MENTION", "JOB_CHANGE", "PROMOTION", "EVENT_ATTENDED", "FUNDING_ROUND", "HIRING"})
		f.Topic = g.maybe(0.25, func() string { return g.topic(sg.Topics) })
		f.Since, f.Until = g.window(&sg.At)
		f.TitleContains = g.maybe(0.3, func() string { return g.text(g.sub(sg.Title, oTitles)) })
		f.Round = g.maybe(0.15, func() string { return g.word(oDeref(sg.Round), []string{"A", "B"}) })
		w.Signal = f
	case 4:
		// Distinct topics, their number decided by the shape (the store
		// removes duplicates, which would change the list's size class);
		// sometimes the first one again.
		var own []string
		if g.own() {
			for t := range g.w.interests[g.target] {
				own = append(own, t)
			}
			sort.Strings(own)
		}
		f := &model.InterestedInFilter{}
		for n := 1 + g.s.IntN(3); n > 0; n-- {
			for {
				t := g.topic(own)
				if !slices.Contains(f.Topics, t) {
					f.Topics = append(f.Topics, t)
					break
				}
				own = nil
			}
		}
		if g.has(0.15) {
			f.Topics = append(f.Topics, f.Topics[0])
		}
		switch g.s.IntN(3) {
		case 0:
			f.Match = oStr("ANY")
		case 1:
			f.Match = oStr("ALL")
		}
		w.InterestedIn = f
	case 5:
		w.WorksAt = g.companyWhere()
	case 6:
		w.Title = oStr(g.text(g.sub(me.Title, oTitles)))
	case 7:
		w.Seniority = oStr(g.text(g.word(oDeref(me.Seniority), oSeniorities)))
	case 8:
		w.Department = oStr(g.text(g.word(oDeref(me.Department), oDepartments)))
	case 9:
		w.Name = oStr(g.text(g.sub(me.Name, []string{g.pick(oFirstNames) + " " + g.pick(oLastNames)})))
	case 10:
		city := oCities[g.v.IntN(len(oCities))].Name
		if me.City != nil && g.coin(0.75) {
			city = *me.City
		}
		w.City = oStr(g.text(city))
	case 11:
		w.Country = oStr(g.text(g.word(oDeref(me.Country), []string{"US", "DE", "FR"})))
	case 12:
		of := g.w.people[g.v.IntN(len(g.w.people))].ID
		switch {
		case g.coin(0.05):
			of = "nobody"
		case g.target != "" && g.coin(0.5):
			of = g.target
		}
		w.Near = &model.NearFilter{Of: oStr(of), Km: []float64{50, 50, 50, 20, 100, 700}[g.v.IntN(6)]}
	}
}

// where builds a filter with combinators nested at most depth levels and at
// most about g.leaves leaf conditions in all.
func (g *oReqGen) where(depth int) *model.PersonWhere {
	w := &model.PersonWhere{}
	list := func() []*model.PersonWhere {
		var out []*model.PersonWhere
		for n := 1 + g.s.IntN(2); n > 0 && g.leaves > 0; n-- {
			out = append(out, g.where(depth-1))
		}
		return out
	}
	if depth > 0 {
		if g.has(0.25) {
			w.And = list()
		}
		if g.has(0.4) {
			w.Or = list()
		}
		if g.has(0.2) && g.leaves > 0 {
			w.Not = g.where(depth - 1)
		}
	}
	// One or two leaves, or none next to combinators.
	n := 1 + g.s.IntN(2)
	if w.And != nil || w.Or != nil || w.Not != nil {
		n = g.s.IntN(2)
	}
	for ; n > 0; n-- {
		g.leaves--
		g.leaf(w)
	}
	return w
}

// request draws a request of shape number shape (same shape, same
// statement) with values from the running value source.
func (g *oReqGen) request(seed uint64, shape int) neo4j.ConnectionsRequest {
	g.s = rand.New(rand.NewPCG(seed, uint64(shape)))
	req := neo4j.ConnectionsRequest{Degree: 1 + g.s.IntN(3), Page: neo4j.Paging{Limit: maxPage}}
	if g.coin(0.12) {
		req.Of = g.pick(g.w.isolated)
	} else {
		req.Of = g.pick(g.w.connected)
	}
	dist, _, _ := g.w.network(req.Of, req.Degree)
	g.network = g.network[:0]
	for id := range dist {
		g.network = append(g.network, id)
	}
	sort.Strings(g.network)
	g.target = ""
	if len(g.network) > 0 {
		g.target = g.pick(g.network)
	}
	if !g.has(0.08) {
		g.leaves = 2 + g.s.IntN(5)
		req.Where = g.where(g.s.IntN(4))
	}
	return req
}

// ---------------------------------------------------------------------------
// Comparison, reporting and shrinking.

// oJSON renders a request compactly, dates as given (plain dates stay plain).
func oJSON(v any) string {
	b, err := json.Marshal(oPlain(reflect.ValueOf(v)))
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

var oDateTimeType = reflect.TypeFor[model.DateTime]()

func oPlain(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return oPlain(v.Elem())
	case reflect.Struct:
		if v.Type() == oDateTimeType {
			d := v.Interface().(model.DateTime)
			if d.DateOnly {
				return d.Format(time.DateOnly)
			}
			return d.Format(time.RFC3339Nano)
		}
		m := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			x := oPlain(v.Field(i))
			if x == nil {
				continue
			}
			name := f.Name
			if tag := strings.Split(f.Tag.Get("json"), ",")[0]; tag != "" && tag != "-" {
				name = tag
			}
			m[name] = x
		}
		return m
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		out := []any{}
		for i := 0; i < v.Len(); i++ {
			out = append(out, oPlain(v.Index(i)))
		}
		return out
	}
	return v.Interface()
}

// maxPage is the largest page a request may ask for.
var maxPage = model.DefaultLimits().MaxPageSize

func oFromPage(page neo4j.Page[*model.NetworkPerson]) []oEdge {
	var out []oEdge
	for _, e := range page.Items {
		x := oEdge{ID: e.Person.ID, Degree: e.Degree, Strength: e.Strength, Via: []string{}}
		for _, v := range e.Via {
			x.Via = append(x.Via, v.ID)
		}
		for _, ev := range e.Evidence {
			switch {
			case ev.Engagement != nil:
				eng := oEng{Content: ev.Engagement.Content.ID, Action: ev.Engagement.Action, At: ev.Engagement.At.Time}
				x.Evidence = append(x.Evidence, oEvEng(ev.Filter, eng))
			case ev.Signal != nil:
				x.Evidence = append(x.Evidence, oEvSig(ev.Filter, ev.Signal.ID))
			default:
				x.Evidence = append(x.Evidence, ev.Filter+" (neither engagement nor signal)")
			}
		}
		sort.Strings(x.Via)
		sort.Strings(x.Evidence)
		out = append(out, x)
	}
	return out
}

func oIDs(edges []oEdge) []string {
	ids := []string{}
	for _, e := range edges {
		ids = append(ids, e.ID)
	}
	return ids
}

// oDiff compares a page with the oracle's full answer; "" when they agree.
func oDiff(want []oEdge, page neo4j.Page[*model.NetworkPerson], skip, limit int) string {
	got := oFromPage(page)
	var msgs []string
	if page.Total != len(want) {
		msgs = append(msgs, fmt.Sprintf("totalCount: want %d, got %d", len(want), page.Total))
	}
	lo, hi := min(skip, len(want)), min(skip+limit, len(want))
	want = want[lo:hi]
	wantIDs, gotIDs := oIDs(want), oIDs(got)
	if !slices.Equal(wantIDs, gotIDs) {
		in := func(list []string) map[string]bool {
			m := map[string]bool{}
			for _, x := range list {
				m[x] = true
			}
			return m
		}
		w, g := in(wantIDs), in(gotIDs)
		var missing, extra []oEdge
		for _, e := range want {
			if !g[e.ID] {
				missing = append(missing, e)
			}
		}
		for _, e := range got {
			if !w[e.ID] {
				extra = append(extra, e)
			}
		}
		msgs = append(msgs, fmt.Sprintf("ids: want %v, got %v", oFew(wantIDs, 20), oFew(gotIDs, 20)))
		if len(missing) > 0 {
			msgs = append(msgs, fmt.Sprintf("missing: %v", oFirst(missing, 5)))
		}
		if len(extra) > 0 {
			msgs = append(msgs, fmt.Sprintf("unexpected: %v", oFirst(extra, 5)))
		}
		if len(missing) == 0 && len(extra) == 0 {
			msgs = append(msgs, fmt.Sprintf("order: want %v, got %v", oFirst(want, 8), oFirst(got, 8)))
		}
		return strings.Join(msgs, "\n    ")
	}
	for i := range want {
		a, b := want[i], got[i]
		if a.Degree != b.Degree || math.Abs(a.Strength-b.Strength) >= 1e-9 || !slices.Equal(a.Via, b.Via) || !slices.Equal(a.Evidence, b.Evidence) {
			msgs = append(msgs, fmt.Sprintf("edge %d:\n      want %v\n      got  %v", skip+i, a, b))
			break
		}
	}
	return strings.Join(msgs, "\n    ")
}

func oFew(ids []string, n int) string {
	if len(ids) <= n {
		return fmt.Sprint(ids)
	}
	return fmt.Sprintf("%v... (%d in all)", ids[:n], len(ids))
}

func oFirst(list []oEdge, n int) string {
	var s []string
	for i, e := range list {
		if i == n {
			s = append(s, fmt.Sprintf("... (%d more)", len(list)-n))
			break
		}
		s = append(s, e.String())
	}
	return "[" + strings.Join(s, " ") + "]"
}

type oRunner struct {
	store   *neo4j.Store
	w       *oWorld
	queries int
}

// check runs req and compares it with the oracle: the difference, or "" when
// they agree. An error from the store is a difference too (every generated
// request is valid). A degree-2 request with topics runs from every start
// its walk may take, and as the store chooses.
func (o *oRunner) check(req neo4j.ConnectionsRequest) (string, error) {
	o.queries++
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	want := o.w.connections(req)
	starts := []int{0}
	if n := neo4j.Anchors(req.Degree, req.Where); n > 0 {
		starts = append(starts, neo4j.StartNetwork)
		for i := 1; i <= n; i++ {
			starts = append(starts, i)
		}
	}
	for _, start := range starts {
		req.Start = start
		page, err := o.store.Connections(ctx, req)
		if err != nil {
			return "", err
		}
		if d := oDiff(want, page, req.Page.Skip, req.Page.Limit); d != "" {
			if start != 0 {
				d = fmt.Sprintf("starting from %d (%d: the network): %s", start, neo4j.StartNetwork, d)
			}
			return d, nil
		}
	}
	return "", nil
}

func oClone[T any](v T) T {
	return oCloneValue(reflect.ValueOf(v)).Interface().(T)
}

func oCloneValue(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		n := reflect.New(v.Type().Elem())
		n.Elem().Set(oCloneValue(v.Elem()))
		return n
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			n.Index(i).Set(oCloneValue(v.Index(i)))
		}
		return n
	case reflect.Struct:
		n := reflect.New(v.Type()).Elem()
		n.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if n.Field(i).CanSet() {
				n.Field(i).Set(oCloneValue(v.Field(i)))
			}
		}
		return n
	}
	return v
}

// oEdit applies the k-th one-step simplification inside the struct v (an
// addressable value): clearing a field, dropping a list element, or one of
// these inside a nested filter. It reports whether an edit was applied.
func oEdit(v reflect.Value, k *int) bool {
	step := func() bool { *k--; return *k < 0 }
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !f.CanSet() {
			continue
		}
		switch f.Kind() {
		case reflect.Pointer:
			if f.IsNil() {
				continue
			}
			if step() {
				f.Set(reflect.Zero(f.Type()))
				return true
			}
			if oHoist(f, step) {
				return true
			}
			if e := f.Elem(); e.Kind() == reflect.Struct && e.Type() != oDateTimeType && oEdit(e, k) {
				return true
			}
		case reflect.Slice:
			if f.Len() == 0 {
				continue
			}
			if step() {
				f.Set(reflect.Zero(f.Type()))
				return true
			}
			for j := 0; f.Len() > 1 && j < f.Len(); j++ {
				if step() {
					n := reflect.MakeSlice(f.Type(), 0, f.Len()-1)
					n = reflect.AppendSlice(n, f.Slice(0, j))
					n = reflect.AppendSlice(n, f.Slice(j+1, f.Len()))
					f.Set(n)
					return true
				}
			}
			if f.Type().Elem().Kind() == reflect.Pointer && f.Type().Elem().Elem().Kind() == reflect.Struct {
				for j := 0; j < f.Len(); j++ {
					if e := f.Index(j); !e.IsNil() && (oHoist(e, step) || oEdit(e.Elem(), k)) {
						return true
					}
				}
			}
		}
	}
	return false
}

// oHoist replaces the filter that the settable pointer p holds by one of its
// nested filters, if p holds a *model.PersonWhere and it is step's turn.
func oHoist(p reflect.Value, step func() bool) bool {
	w, ok := p.Interface().(*model.PersonWhere)
	if !ok || w == nil {
		return false
	}
	for _, c := range oChildren(w) {
		if step() {
			p.Set(reflect.ValueOf(c))
			return true
		}
	}
	return false
}

func oChildren(w *model.PersonWhere) []*model.PersonWhere {
	var out []*model.PersonWhere
	out = append(out, w.And...)
	out = append(out, w.Or...)
	if w.Not != nil {
		out = append(out, w.Not)
	}
	return out
}

// candidates lists one-step simplifications of req.
func oCandidates(req neo4j.ConnectionsRequest) []neo4j.ConnectionsRequest {
	var out []neo4j.ConnectionsRequest
	if req.Page != (neo4j.Paging{Limit: maxPage}) {
		c := req
		c.Page = neo4j.Paging{Limit: maxPage}
		out = append(out, c)
	}
	if req.Degree > 1 {
		c := req
		c.Degree--
		out = append(out, c)
	}
	if w := req.Where; w != nil {
		// Hoist a nested filter to the top.
		for _, s := range oChildren(w) {
			c := req
			c.Where = oClone(s)
			out = append(out, c)
		}
		for k := 0; ; k++ {
			c := req
			c.Where = oClone(w)
			n := k
			if !oEdit(reflect.ValueOf(c.Where).Elem(), &n) {
				break
			}
			out = append(out, c)
		}
	}
	return out
}

// shrink simplifies a mismatching request while it keeps mismatching.
func (o *oRunner) shrink(req neo4j.ConnectionsRequest, diff string) (neo4j.ConnectionsRequest, string) {
	budget := 120
	for progress := true; progress && budget > 0; {
		progress = false
		for _, c := range oCandidates(req) {
			if budget--; budget < 0 {
				break
			}
			if d, err := o.check(c); err == nil && d != "" {
				req, diff, progress = c, d, true
				break
			}
		}
	}
	return req, diff
}

// TestOracleConnections compares Store.Connections (question 1) on random
// graphs with an independent in-memory computation of its semantics, as
// DESIGN.md and the descriptions in schema.graphqls state them: a BFS over
// undirected KNOWS for degree, strength and via, and a Go evaluation of
// every PersonWhere feature for the match and its evidence.
//
// A mismatch is shrunk (fields, list elements and nesting removed while the
// mismatch persists) and reported with the seed, the minimal request and
// both answers. A tiny fixed graph first pins conditions on properties that
// some people lack.
func TestOracleConnections(t *testing.T) {
	store := testdb.Store(t)
	t.Run("missing_properties", func(t *testing.T) { oMissingProperties(t, store) })
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			started := time.Now()
			w := oGenerate(seed)
			path := filepath.Join(t.TempDir(), "graph.ndjson")
			if err := os.WriteFile(path, w.ndjson(), 0o644); err != nil {
				t.Fatal(err)
			}
			testdb.Reset(t, store)
			testdb.Import(t, store, path)
			imported := time.Since(started)
			o := &oRunner{store: store, w: w}
			g := &oReqGen{v: rand.New(rand.NewPCG(seed, 0xf117e7)), w: w}

			// An unknown `of` is an error, not an empty page.
			if _, err := store.Connections(context.Background(), neo4j.ConnectionsRequest{Of: "nobody", Degree: 1, Page: neo4j.Paging{Limit: 10}}); !errors.As(err, new(*model.NotFoundError)) {
				t.Errorf("seed %d: of=nobody: want ErrNotFound, got %v", seed, err)
			}

			const shapes, perShape = 30, 5
			const requests = shapes * perShape
			mismatches, nonEmpty, edges, evidence := 0, 0, 0, 0
			byLabel := map[string]int{}
			reported := map[string]bool{}
			report := func(req neo4j.ConnectionsRequest, diff string) {
				mismatches++
				if len(reported) >= 2 {
					return
				}
				small, sdiff := o.shrink(req, diff)
				key := oJSON(small)
				if reported[key] {
					return
				}
				reported[key] = true
				t.Errorf("seed %d: connections mismatch\n  request (minimised): %s\n    %s\n  original request: %s", seed, key, sdiff, oJSON(req))
			}
			for i := 0; i < requests; i++ {
				req := g.request(seed, i/perShape)
				want := w.connections(req)
				if len(want) > 0 {
					nonEmpty++
				}
				edges += len(want)
				for _, e := range want {
					evidence += len(e.Evidence)
					for _, ev := range e.Evidence {
						label := strings.Fields(ev)[0]
						kind := label[strings.LastIndex(label, ".")+1:]
						if strings.HasSuffix(label, "worksAt.signal") {
							kind = "worksAt.signal"
						}
						if strings.Contains(label, "[") {
							kind = "nested " + kind
						}
						byLabel[kind]++
					}
				}
				diff, err := o.check(req)
				if err != nil {
					mismatches++
					t.Errorf("seed %d: request %s: %v", seed, oJSON(req), err)
					continue
				}
				if diff != "" {
					report(req, diff)
					continue
				}
				// Every 10th request is also read page by page.
				if i%10 == 0 && len(want) > 0 {
					size := 1 + g.v.IntN(7)
					for skip := 0; skip <= len(want); skip += size {
						p := req
						p.Page = neo4j.Paging{Skip: skip, Limit: size}
						diff, err := o.check(p)
						if err != nil {
							t.Errorf("seed %d: request %s: %v", seed, oJSON(p), err)
							break
						}
						if diff != "" {
							report(p, diff)
							break
						}
					}
				}
			}
			if mismatches > 0 {
				t.Errorf("seed %d: %d of %d requests (and their pages) disagree with the oracle; %d distinct minimised cases shown above", seed, mismatches, requests, len(reported))
			}
			t.Logf("seed %d: %d people (%d isolated), %d KNOWS, %d signals; %d requests (%d non-empty, %d edges, %d evidence items %v); import %v, %d queries, %v in all",
				seed, len(w.people), len(w.isolated), w.nKnows, w.nSignals, requests, nonEmpty, edges, evidence, byLabel, imported.Round(time.Millisecond), o.queries, time.Since(started).Round(time.Millisecond))
		})
	}
}

// oMissingProperties: a person lacking a property does not satisfy a
// condition on it, so NOT of that condition holds for them ("This does not
// hold"), and the same for the rest of the PersonWhere text fields.
func oMissingProperties(t *testing.T, store *neo4j.Store) {
	w := oNewWorld()
	full := &oPerson{ID: "p1", Name: oStr("Lee Chen"), Title: oStr("VP Marketing"), Seniority: oStr("VP"),
		Department: oStr("Sales"), City: oStr("Boston"), Country: oStr("US")}
	for _, p := range []*oPerson{
		{ID: "p0", Name: oStr("Ana Reyes"), Title: oStr("CEO"), Seniority: oStr("C_LEVEL"), Department: oStr("Sales"), City: oStr("Boston"), Country: oStr("US")},
		full,
		{ID: "p2", Name: oStr("Kim Smith")}, // no title, seniority, department, city, country
		{ID: "p3"},                          // nothing but the id
	} {
		w.line(w.addPerson(p, true))
	}
	w.line(w.addKnows("p0", "p1", 0.8))
	w.line(w.addKnows("p0", "p2", 0.5))
	w.line(w.addKnows("p1", "p3", 0.9))
	path := filepath.Join(t.TempDir(), "tiny.ndjson")
	if err := os.WriteFile(path, w.ndjson(), 0o644); err != nil {
		t.Fatal(err)
	}
	testdb.Reset(t, store)
	testdb.Import(t, store, path)
	o := &oRunner{store: store, w: w}
	for _, where := range []*model.PersonWhere{
		{Department: full.Department}, // control: p1 only
		{Not: &model.PersonWhere{Department: full.Department}},
		{Not: &model.PersonWhere{Title: oStr("marketing")}},
		{Not: &model.PersonWhere{Seniority: full.Seniority}},
		{Not: &model.PersonWhere{Name: oStr("chen")}},
		{Not: &model.PersonWhere{City: full.City}},
		{Not: &model.PersonWhere{Country: full.Country}},
	} {
		req := neo4j.ConnectionsRequest{Of: "p0", Degree: 2, Where: where, Page: neo4j.Paging{Limit: maxPage}}
		diff, err := o.check(req)
		if err != nil {
			t.Errorf("request %s: %v", oJSON(req), err)
		} else if diff != "" {
			t.Errorf("request %s:\n    %s", oJSON(req), diff)
		}
	}
}
