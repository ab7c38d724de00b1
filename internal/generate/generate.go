// Package generate writes a synthetic graph in the import format: people,
// companies, topics, content and signals with the shape of a real CRM graph
// (a few well-connected hubs, skewed company sizes and topic popularity,
// bursty engagement). The output is a pure function of the options, so a
// data set can be recreated anywhere from its size and seed.
//
// It streams: memory grows with the number of people only by a few bytes
// per person, so a million people need well under a gigabyte.
package generate

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

// Options sizes and seeds a data set.
type Options struct {
	// People is the number of people (p0 .. p{People-1}); at least 1.
	People int
	// Seed selects the data set: the same options give the same bytes.
	Seed uint64
	// Interactions writes, instead of the graph, only the interactions of
	// the KNOWS pairs the same people and seed give: a second file to
	// import over the first.
	Interactions bool
}

// Stats counts what Write wrote.
type Stats struct {
	// Lines is the total number of lines.
	Lines int64
	// Bytes is the size of the output.
	Bytes int64
	// Counts holds the number of lines of each type.
	Counts map[string]int64
}

// Shape of the graph.
const (
	peoplePerCompany = 40
	minCompanies     = 10
	peoplePerContent = 50
	minContent       = 20
	peoplePerSignal  = 5
	customerShare    = 0.20
	teamShare        = 0.005
	noJobShare       = 0.07
	pastJobShare     = 0.20

	// KNOWS follows a Chung-Lu model: person of rank r (0 = best connected)
	// expects minDegree * (N/(r+1))^(1/(exponent-1)) connections, capped.
	minDegree = 5.0
	exponent  = 2.5
	maxDegree = 1000.0

	// Engagements per person: P(count >= k) = (k+1)^-engageTail.
	engageTail = 1.5
	maxEngage  = 300

	// Interactions per KNOWS pair: P(count >= k) = k^-interactTail, at
	// least 1 (about 4 on average).
	interactTail = 1.2
	maxInteract  = 500
)

// Time ranges, in days since 1970-01-01.
var (
	dayEngageFrom = days(2024, 1, 1)
	dayEnd        = days(2026, 11, 20)
	dayKnowsFrom  = days(2008, 1, 1)
	dayJobFrom    = days(2010, 1, 1)
	dayPublishLo  = days(2023, 1, 1)
	dayPublishHi  = days(2026, 10, 31)
)

func days(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Salts give each kind of entity its own random stream.
const (
	saltPerson uint64 = iota + 1
	saltInterest
	saltEngage
	saltCompany
	saltContent
	saltSignal
	saltMain
	saltInteract
)

// Write streams a data set to w: node lines first (topics, companies,
// people, content, signals), then relationships (works_at, knows,
// interested_in, engaged). Every reference points to a node of the output.
// With Interactions it writes the pairs' interactions instead, whose
// people are those of the same options without it.
func Write(w io.Writer, opts Options) (Stats, error) {
	if opts.People < 1 {
		return Stats{}, fmt.Errorf("people must be at least 1, got %d", opts.People)
	}
	if opts.People > math.MaxInt32 {
		return Stats{}, fmt.Errorf("people must be at most %d, got %d", math.MaxInt32, opts.People)
	}
	g := newGen(w, opts)
	steps := []func(){g.topics, g.companies, g.people, g.contents, g.signals, g.worksAt, g.knows, g.interests, g.engagements}
	if opts.Interactions {
		// Only the KNOWS step draws from the main stream after newGen, so
		// it alone gives the same pairs.
		steps = []func(){g.knows}
	}
	for _, step := range steps {
		step()
		if err := g.out.Flush(); err != nil {
			return g.stats, err
		}
	}
	return g.stats, nil
}

type gen struct {
	opts  Options
	n     int
	out   *countWriter
	buf   []byte
	stats Stats

	main *rand.Rand
	// sub is re-seeded for each entity, so an entity's attributes can be
	// computed again in a later pass without storing them.
	subSrc rand.PCG
	sub    *rand.Rand
	// person attributes have a stream of their own: they are looked up
	// while other entities are being drawn.
	personSrc rand.PCG
	personRnd *rand.Rand

	companyList []companyInfo

	nCompanies   int
	companyCum   []float64 // employer popularity, cumulative
	customers    []int32
	staff        map[int][]int32 // customer -> current employees, filled by people()
	nContent     int
	contentKind  []uint8
	contentDay   []int32
	contentCum   []float64 // content popularity, cumulative
	topicCum     []float64 // topic popularity, cumulative
	nSignals     int
	rankOfPerson []int32 // KNOWS rank, a permutation
	personOfRank []int32
}

func newGen(w io.Writer, opts Options) *gen {
	g := &gen{opts: opts, n: opts.People, buf: make([]byte, 0, 1024)}
	g.out = &countWriter{w: bufio.NewWriterSize(w, 1<<20), stats: &g.stats}
	g.stats.Counts = map[string]int64{}
	g.main = rand.New(rand.NewPCG(mix(opts.Seed, saltMain), mix(opts.Seed, saltMain+100)))
	g.sub = rand.New(&g.subSrc)
	g.personRnd = rand.New(&g.personSrc)
	g.nCompanies = max(minCompanies, g.n/peoplePerCompany)
	g.nContent = max(minContent, g.n/peoplePerContent)
	g.nSignals = g.n / peoplePerSignal
	g.companyList = make([]companyInfo, g.nCompanies)
	for c := range g.companyList {
		g.companyList[c] = g.makeCompany(c)
		if g.companyList[c].customer {
			g.customers = append(g.customers, int32(c))
		}
	}
	g.companyCum = cumulative(g.nCompanies-1, func(k int) float64 { return math.Pow(float64(k+5), -0.9) })
	g.topicCum = cumulative(len(topicList), func(k int) float64 { return 1 / float64(k+1) })
	g.contentCum = cumulative(g.nContent, func(k int) float64 { return math.Pow(float64(k+3), -0.8) })
	g.personOfRank = make([]int32, g.n)
	for i := range g.personOfRank {
		g.personOfRank[i] = int32(i)
	}
	g.main.Shuffle(g.n, func(i, j int) {
		g.personOfRank[i], g.personOfRank[j] = g.personOfRank[j], g.personOfRank[i]
	})
	g.rankOfPerson = make([]int32, g.n)
	for r, p := range g.personOfRank {
		g.rankOfPerson[p] = int32(r)
	}
	return g
}

// seed points the sub stream at one entity.
func (g *gen) seed(salt uint64, i int) *rand.Rand {
	reseed(&g.subSrc, g.opts.Seed, salt, i)
	return g.sub
}

func reseed(src *rand.PCG, seed, salt uint64, i int) {
	src.Seed(mix(seed, salt<<40^uint64(i)), mix(seed^0x9e3779b97f4a7c15, salt<<40^uint64(i)))
}

// mix is splitmix64 over a and b: nearby inputs give unrelated seeds.
func mix(a, b uint64) uint64 {
	z := a ^ (b * 0x9e3779b97f4a7c15)
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func cumulative(n int, weight func(k int) float64) []float64 {
	c := make([]float64, n)
	sum := 0.0
	for k := range c {
		sum += weight(k)
		c[k] = sum
	}
	return c
}

// pick draws an index from a cumulative weight table.
func pick(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	return min(sort.SearchFloat64s(cum, x), len(cum)-1)
}

// weighted draws an index with probability proportional to its weight.
func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// recentDay draws a day in [lo, hi], more often recent than not.
func recentDay(r *rand.Rand, lo, hi int) int {
	return lo + int(math.Sqrt(r.Float64())*float64(hi-lo+1))
}

// ---- nodes ----

func (g *gen) topics() {
	for _, t := range topicList {
		b := g.begin("topic")
		b = str(b, "id", t.id)
		b = str(b, "name", t.name)
		g.end(b, "topic")
	}
}

type companyInfo struct {
	name, domain, industry, stage string
	city                          int
	customer                      bool
	clv                           float64
}

func (g *gen) company(c int) *companyInfo { return &g.companyList[c] }

func (g *gen) makeCompany(c int) companyInfo {
	if c == 0 {
		return companyInfo{name: "Relgraph Inc", domain: "relgraph.example", industry: "SaaS", stage: "SERIES_A"}
	}
	r := g.seed(saltCompany, c)
	first := companyWords[r.IntN(len(companyWords))]
	second := companySuffixes[r.IntN(len(companySuffixes))]
	ci := companyInfo{
		name:     first + " " + second,
		domain:   slugOf(first) + "-" + slugOf(second) + "-" + strconv.Itoa(c) + ".example",
		industry: industries[r.IntN(len(industries))],
		stage:    stages[weighted(r, stageWeights)],
		city:     r.IntN(len(cities)),
	}
	if r.Float64() < customerShare {
		ci.customer = true
		// Lifetime value: log-normal around 60k, in whole thousands.
		ci.clv = math.Round(math.Min(5e6, 60e3*math.Exp(0.8*r.NormFloat64()))/1000) * 1000
	}
	return ci
}

func (g *gen) companies() {
	for c := 0; c < g.nCompanies; c++ {
		ci := g.company(c)
		b := g.begin("company")
		b = str(b, "id", "c"+strconv.Itoa(c))
		b = str(b, "name", ci.name)
		b = str(b, "domain", ci.domain)
		b = str(b, "industry", ci.industry)
		b = str(b, "city", cities[ci.city].name)
		b = str(b, "country", cities[ci.city].country)
		b = str(b, "stage", ci.stage)
		b = boolean(b, "customer", ci.customer)
		if ci.customer {
			b = num(b, "clv", ci.clv)
		}
		g.end(b, "company")
	}
}

type job struct {
	company    int
	department int
	seniority  int
	since      int // day
	until      int // day; 0 while current
}

type personInfo struct {
	first, last string
	city        int
	lat, lon    float64
	team        bool
	current     *job
	past        *job
}

// person computes person i's attributes from the seed alone.
func (g *gen) person(i int) personInfo {
	reseed(&g.personSrc, g.opts.Seed, saltPerson, i)
	r := g.personRnd
	pi := personInfo{
		first: firstNames[r.IntN(len(firstNames))],
		last:  lastNames[r.IntN(len(lastNames))],
		team:  i == 0 || r.Float64() < teamShare,
	}
	hasJob := r.Float64() >= noJobShare
	cur := job{
		department: weighted(r, departmentWeights),
		seniority:  weighted(r, seniorityWeights),
		since:      recentDay(r, dayJobFrom, dayEnd-30),
	}
	switch {
	case pi.team:
		cur.company = 0
		hasJob = true
		cur.department = teamDepartments[weighted(r, teamDepartmentWeights)]
		if i == 0 {
			cur.department, cur.seniority = 0, 4 // VP Sales
		}
	case g.nCompanies > 1:
		cur.company = 1 + pick(r, g.companyCum)
	default:
		hasJob = false
	}
	if hasJob {
		pi.current = &cur
		if r.Float64() < pastJobShare && g.nCompanies > 2 {
			past := job{
				department: cur.department,
				seniority:  max(0, cur.seniority-r.IntN(2)),
				until:      cur.since,
				since:      cur.since - between(r, 365, 8*365),
			}
			for past.company = 1 + pick(r, g.companyCum); past.company == cur.company; {
				past.company = 1 + r.IntN(g.nCompanies-1)
			}
			pi.past = &past
		}
	}
	pi.city = r.IntN(len(cities))
	if hasJob && r.Float64() < 0.6 {
		pi.city = g.company(cur.company).city
	}
	pi.lat = round4(cities[pi.city].lat + 0.08*(r.Float64()-0.5))
	pi.lon = round4(cities[pi.city].lon + 0.08*(r.Float64()-0.5))
	return pi
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func (g *gen) people() {
	g.staff = map[int][]int32{}
	for i := 0; i < g.n; i++ {
		pi := g.person(i)
		if j := pi.current; j != nil && g.company(j.company).customer {
			g.staff[j.company] = append(g.staff[j.company], int32(i))
		}
		id := "p" + strconv.Itoa(i)
		b := g.begin("person")
		b = str(b, "id", id)
		b = str(b, "name", pi.first+" "+pi.last)
		domain := "mail.example"
		if j := pi.current; j != nil {
			b = str(b, "title", title(j.department, j.seniority))
			b = str(b, "seniority", seniorities[j.seniority])
			b = str(b, "department", departments[j.department].name)
			domain = g.company(j.company).domain
		} else {
			b = str(b, "title", "Independent Consultant")
		}
		b = str(b, "city", cities[pi.city].name)
		b = str(b, "country", cities[pi.city].country)
		b = num(b, "latitude", pi.lat)
		b = num(b, "longitude", pi.lon)
		handle := slugOf(pi.first) + "." + slugOf(pi.last) + "." + id
		b = str(b, "email", handle+"@"+domain)
		b = str(b, "profileUrl", "https://profiles.example/in/"+handle)
		b = boolean(b, "team", pi.team)
		g.end(b, "person")
	}
}

func title(dept, seniority int) string {
	d := departments[dept]
	switch seniorities[seniority] {
	case "ENTRY":
		return d.role
	case "SENIOR":
		return "Senior " + d.role
	case "MANAGER":
		return d.name + " Manager"
	case "DIRECTOR":
		return "Director of " + d.name
	case "VP":
		return "VP " + d.name
	}
	return d.chief
}

func (g *gen) contentID(k int) string {
	return contentKinds[g.contentKind[k]].prefix + strconv.Itoa(k)
}

func (g *gen) contents() {
	g.contentKind = make([]uint8, g.nContent)
	g.contentDay = make([]int32, g.nContent)
	var ts []int
	for k := 0; k < g.nContent; k++ {
		r := g.seed(saltContent, k)
		kind := weighted(r, contentKindWeights)
		g.contentKind[k] = uint8(kind)
		day := between(r, dayPublishLo, dayPublishHi)
		g.contentDay[k] = int32(day)
		ts = g.topicSet(r, ts[:0], between(r, 1, 3))
		b := g.begin("content")
		b = str(b, "id", g.contentID(k))
		b = str(b, "title", fmt.Sprintf(contentKinds[kind].titles[r.IntN(len(contentKinds[kind].titles))], topicList[ts[0]].name))
		b = str(b, "kind", model.Enums["ContentKind"][kind])
		b = str(b, "url", "https://relgraph.example/resources/"+g.contentID(k))
		b = str(b, "publishedAt", date(day))
		b = topicsField(b, ts)
		g.end(b, "content")
	}
}

// topicSet draws n distinct topics by popularity.
func (g *gen) topicSet(r *rand.Rand, into []int, n int) []int {
	for len(into) < n {
		t := pick(r, g.topicCum)
		if !containsInt(into, t) {
			into = append(into, t)
		}
	}
	return into
}

func containsInt(list []int, x int) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

// activePerson draws a person, the well connected more often: they post,
// move and refer more.
func (g *gen) activePerson(r *rand.Rand) int {
	u := r.Float64()
	return int(g.personOfRank[int(u*u*float64(g.n))])
}

func (g *gen) signals() {
	var ts []int
	for s := 0; s < g.nSignals; s++ {
		r := g.seed(saltSignal, s)
		kind := signalKinds[weighted(r, signalKindWeights)]
		id := "s" + strconv.Itoa(s)
		at := dateTime(recentDay(r, dayEngageFrom, dayEnd), r.IntN(86400))
		person, company := -1, -1
		var sentiment, summary, source, url, sigTitle, round string
		var amount float64
		ts = ts[:0]
		switch kind {
		case "MENTION", "EVENT_ATTENDED":
			person = g.activePerson(r)
			ts = g.topicSet(r, ts, between(r, 1, 2))
			topicName := topicList[ts[0]].name
			if kind == "MENTION" {
				sentiment = model.Enums["Sentiment"][weighted(r, []int{35, 35, 30})]
				summary = fmt.Sprintf(mentionSummaries[sentiment][r.IntN(len(mentionSummaries[sentiment]))], topicName)
				source = []string{"linkedin", "twitter", "blog", "community"}[weighted(r, []int{60, 20, 10, 10})]
				url = "https://social.example/posts/" + id
			} else {
				summary = "Attended a conference session on " + topicName
				source = "event"
			}
			pi := g.person(person)
			if pi.current != nil {
				company = pi.current.company
			}
		case "JOB_CHANGE", "PROMOTION":
			// Draw until someone with a job turns up; most people have one.
			for range 20 {
				p := g.activePerson(r)
				if pi := g.person(p); pi.current != nil {
					person, company = p, pi.current.company
					pr := pi.first + " " + pi.last
					sigTitle = title(pi.current.department, pi.current.seniority)
					if kind == "JOB_CHANGE" {
						summary = pr + " joined " + g.company(company).name + " as " + sigTitle
					} else {
						summary = pr + " promoted to " + sigTitle
					}
					break
				}
			}
			if person < 0 {
				kind, company = "HIRING", g.anyCompany(r)
				summary = "Opened new roles"
			}
			source, url = "linkedin", "https://social.example/posts/"+id
		case "FUNDING_ROUND":
			company = g.anyCompany(r)
			ri := weighted(r, []int{50, 35, 15})
			round = []string{"A", "B", "C"}[ri]
			lo, hi := []int{5, 20, 50}[ri], []int{20, 60, 150}[ri]
			millions := between(r, lo, hi)
			amount = float64(millions) * 1e6
			name := g.company(company).name
			sigTitle = fmt.Sprintf("%s raises $%dM Series %s", name, millions, round)
			summary = sigTitle
			source, url = "press", "https://news.example/funding/"+id
		case "HIRING", "PRODUCT_LAUNCH", "ACQUISITION":
			company = g.anyCompany(r)
			summary = map[string]string{"HIRING": "Opened new roles", "PRODUCT_LAUNCH": "Launched a new product", "ACQUISITION": "Acquired a smaller competitor"}[kind]
			source, url = "press", "https://news.example/"+id
		default: // customer value, AT a customer, BY one of its people when found
			if len(g.customers) == 0 {
				company = g.anyCompany(r)
				kind, summary, source = "HIRING", "Opened new roles", "press"
				break
			}
			company = int(g.customers[r.IntN(len(g.customers))])
			summary = customerSummaries[kind][r.IntN(len(customerSummaries[kind]))]
			source = map[string]string{"REVIEW": "g2", "BUG_REPORT": "support", "FEATURE_IDEA": "support"}[kind]
			if source == "" {
				source = "crm"
			}
			if kind == "REVIEW" {
				sentiment = model.Enums["Sentiment"][weighted(r, []int{70, 20, 10})]
			}
			if staff := g.staff[company]; len(staff) > 0 && r.Float64() < 0.9 {
				person = int(staff[r.IntN(len(staff))])
			}
		}
		b := g.begin("signal")
		b = str(b, "id", id)
		b = str(b, "kind", kind)
		if person >= 0 {
			b = str(b, "person", "p"+strconv.Itoa(person))
		}
		if company >= 0 {
			b = str(b, "company", "c"+strconv.Itoa(company))
		}
		if len(ts) > 0 {
			b = topicsField(b, ts)
		}
		if sentiment != "" {
			b = str(b, "sentiment", sentiment)
		}
		b = str(b, "at", at)
		b = str(b, "summary", summary)
		b = str(b, "source", source)
		if url != "" {
			b = str(b, "url", url)
		}
		if sigTitle != "" {
			b = str(b, "title", sigTitle)
		}
		if round != "" {
			b = str(b, "round", round)
			b = num(b, "amount", amount)
		}
		g.end(b, "signal")
	}
}

// anyCompany draws a company other than our own, larger ones more often.
func (g *gen) anyCompany(r *rand.Rand) int {
	if g.nCompanies < 2 {
		return 0
	}
	return 1 + pick(r, g.companyCum)
}

// ---- relationships ----

func (g *gen) worksAt() {
	for i := 0; i < g.n; i++ {
		pi := g.person(i)
		for _, j := range []*job{pi.past, pi.current} {
			if j == nil {
				continue
			}
			b := g.begin("works_at")
			b = str(b, "person", "p"+strconv.Itoa(i))
			b = str(b, "company", "c"+strconv.Itoa(j.company))
			b = str(b, "title", title(j.department, j.seniority))
			b = str(b, "department", departments[j.department].name)
			b = str(b, "seniority", seniorities[j.seniority])
			b = str(b, "since", date(j.since))
			if j.until != 0 {
				b = str(b, "until", date(j.until))
			}
			g.end(b, "works_at")
		}
	}
}

// expectedDegree is the Chung-Lu weight of KNOWS rank r; it does not
// grow with rank, which the pair sampling below relies on.
func (g *gen) expectedDegree(r int) float64 {
	return math.Min(maxDegree, minDegree*math.Pow(float64(g.n)/float64(r+1), 1/(exponent-1)))
}

// knows samples each unordered pair of ranks u < v once, with probability
// min(1, w(u) w(v) / sum w) (Miller and Hagberg's skipping algorithm for
// the Chung-Lu model): expected work is linear in people plus pairs, and
// neither a pair set nor an adjacency list is kept.
func (g *gen) knows() {
	n := g.n
	w := make([]float64, n)
	total := 0.0
	for r := range w {
		w[r] = g.expectedDegree(r)
		total += w[r]
	}
	rng := g.main
	for u := 0; u < n-1; u++ {
		v := u + 1
		p := math.Min(1, w[u]*w[v]/total)
		for v < n && p > 0 {
			if p < 1 {
				v += int(math.Floor(math.Log(1-rng.Float64()) / math.Log1p(-p)))
			}
			if v >= n {
				break
			}
			q := math.Min(1, w[u]*w[v]/total)
			if rng.Float64() < q/p {
				g.knowsLine(rng, int(g.personOfRank[u]), int(g.personOfRank[v]))
			}
			p = q
			v++
		}
	}
}

func (g *gen) knowsLine(r *rand.Rand, a, b0 int) {
	if a > b0 {
		a, b0 = b0, a
	}
	since := recentDay(r, dayKnowsFrom, dayEnd-60)
	last := between(r, max(since, dayEnd-3*365), dayEnd)
	strength := float64(between(r, 10, 100)) / 100
	source := knowsSources[weighted(r, []int{35, 30, 15, 10, 10})]
	if g.opts.Interactions {
		g.interactions(a, b0, since, last)
		return
	}
	b := g.begin("knows")
	b = str(b, "a", "p"+strconv.Itoa(a))
	b = str(b, "b", "p"+strconv.Itoa(b0))
	b = num(b, "strength", strength)
	b = str(b, "since", date(since))
	b = str(b, "lastInteractionAt", date(last))
	b = str(b, "source", source)
	g.end(b, "knows")
}

// Interaction kinds, their share of a pair's interactions (in the same
// order) and the source they come from.
var (
	interactKinds = []struct{ kind, source string }{
		{"EMAIL", "gmail"}, {"MESSAGE", "slack"}, {"MEETING", "calendar"}, {"CALL", "phone"}, {"INTRO", "crm"}}
	interactShares = []int{55, 15, 15, 10, 5}
)

// interactions writes a pair's interactions between the days they met and
// last spoke: a power-law number of them, most pairs writing both ways,
// some mostly one way and a few only one way.
func (g *gen) interactions(a, b0, since, last int) {
	r := g.seed(saltInteract, int(mix(uint64(a), uint64(b0))))
	n := min(maxInteract, int(math.Pow(1-r.Float64(), -1/interactTail)))
	// The share of a-to-b among one-way messages.
	aShare := []float64{0.5, 0.85, 1}[weighted(r, []int{70, 20, 10})]
	for i := range n {
		k := interactKinds[weighted(r, interactShares)]
		dir := "A_TO_B"
		switch {
		case k.kind == "MEETING" || k.kind == "CALL" && r.IntN(10) < 6:
			dir = "BOTH"
		case r.Float64() >= aShare:
			dir = "B_TO_A"
		}
		day := last
		if i > 0 {
			day = between(r, since, last)
		}
		b := g.begin("interaction")
		b = str(b, "id", "p"+strconv.Itoa(a)+"-p"+strconv.Itoa(b0)+"-"+strconv.Itoa(i))
		b = str(b, "source", k.source)
		b = str(b, "a", "p"+strconv.Itoa(a))
		b = str(b, "b", "p"+strconv.Itoa(b0))
		b = str(b, "kind", k.kind)
		b = str(b, "direction", dir)
		b = str(b, "at", dateTime(day, r.IntN(86400)))
		g.end(b, "interaction")
	}
}

func (g *gen) interests() {
	var ts []int
	for i := 0; i < g.n; i++ {
		r := g.seed(saltInterest, i)
		ts = g.topicSet(r, ts[:0], 1+weighted(r, []int{20, 25, 22, 15, 10, 8}))
		for _, t := range ts {
			b := g.begin("interested_in")
			b = str(b, "person", "p"+strconv.Itoa(i))
			b = str(b, "topic", topicList[t].id)
			b = num(b, "weight", float64(between(r, 30, 100))/100)
			b = str(b, "source", []string{"profile", "survey", "inferred"}[weighted(r, []int{40, 20, 40})])
			g.end(b, "interested_in")
		}
	}
}

type engagement struct {
	content int
	action  int
}

func (g *gen) engagements() {
	var seen []engagement
	for i := 0; i < g.n; i++ {
		r := g.seed(saltEngage, i)
		count := min(maxEngage, int(math.Pow(1-r.Float64(), -1/engageTail))-1)
		seen = seen[:0]
		for range count {
			e := engagement{content: pick(r, g.contentCum)}
			if model.Enums["ContentKind"][g.contentKind[e.content]] == "WEBINAR" && r.IntN(4) > 0 {
				e.action = actionAttended
			} else {
				e.action = weighted(r, actionWeights)
			}
			if slicesContains(seen, e) {
				continue // one engagement per (content, action) and person
			}
			seen = append(seen, e)
			day := between(r, max(dayEngageFrom, int(g.contentDay[e.content])), dayEnd)
			b := g.begin("engaged")
			b = str(b, "person", "p"+strconv.Itoa(i))
			b = str(b, "content", g.contentID(e.content))
			b = str(b, "action", model.Enums["EngagementAction"][e.action])
			b = str(b, "at", dateTime(day, r.IntN(86400)))
			g.end(b, "engaged")
		}
	}
}

func slicesContains(list []engagement, e engagement) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

// ---- line building ----

func (g *gen) begin(kind string) []byte {
	b := append(g.buf[:0], `{"type":"`...)
	b = append(b, kind...)
	return append(b, '"')
}

func (g *gen) end(b []byte, kind string) {
	b = append(b, '}', '\n')
	g.buf = b
	g.out.write(b)
	g.stats.Lines++
	g.stats.Counts[kind]++
}

type countWriter struct {
	w     *bufio.Writer
	stats *Stats
}

func (c *countWriter) write(b []byte) {
	n, _ := c.w.Write(b) // the error sticks and comes back from Flush
	c.stats.Bytes += int64(n)
}

func (c *countWriter) Flush() error {
	if err := c.w.Flush(); err != nil {
		return fmt.Errorf("writing the data set: %w", err)
	}
	return nil
}

func key(b []byte, k string) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func str(b []byte, k, v string) []byte {
	b = key(b, k)
	b = append(b, '"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func num(b []byte, k string, v float64) []byte {
	return strconv.AppendFloat(key(b, k), v, 'f', -1, 64)
}

func boolean(b []byte, k string, v bool) []byte {
	return strconv.AppendBool(key(b, k), v)
}

func topicsField(b []byte, ts []int) []byte {
	b = key(b, "topics")
	b = append(b, '[')
	for n, t := range ts {
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, topicList[t].id...)
		b = append(b, '"')
	}
	return append(b, ']')
}

func date(day int) string {
	return time.Unix(int64(day)*86400, 0).UTC().Format(time.DateOnly)
}

func dateTime(day, second int) string {
	return time.Unix(int64(day)*86400+int64(second), 0).UTC().Format(time.RFC3339)
}

func slugOf(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}

// ---- vocabulary ----

type topicDef struct{ id, name string }

// topicList is ordered by popularity: interests and content favour the
// first topics (weight 1/rank).
var topicList = []topicDef{
	{"crm", "Customer relationship management"}, {"ai", "Artificial intelligence"}, {"analytics", "Analytics"},
	{"security", "Security"}, {"churn", "Customer churn"}, {"customer-success", "Customer success"},
	{"marketing-automation", "Marketing automation"}, {"cloud", "Cloud computing"}, {"data-privacy", "Data privacy"},
	{"sales-enablement", "Sales enablement"}, {"pricing", "Pricing"}, {"devops", "DevOps"},
	{"product-led-growth", "Product-led growth"}, {"revops", "Revenue operations"}, {"data-engineering", "Data engineering"},
	{"leadership", "Leadership"}, {"hiring", "Hiring"}, {"remote-work", "Remote work"},
	{"compliance", "Compliance"}, {"fintech", "Fintech"}, {"ecommerce", "E-commerce"},
	{"supply-chain", "Supply chain"}, {"observability", "Observability"}, {"open-source", "Open source"},
	{"abm", "Account-based marketing"}, {"partnerships", "Partnerships"}, {"customer-experience", "Customer experience"},
	{"forecasting", "Forecasting"}, {"sustainability", "Sustainability"}, {"healthtech", "Health technology"},
}

var companyWords = []string{"Acme", "Brightwave", "Northwind", "Helio", "Quantix", "Pinecrest", "Lumen", "Orbit", "Vertex", "Summit",
	"Nimbus", "Cobalt", "Redwood", "Silverline", "Bluefin", "Evergreen", "Ironclad", "Keystone", "Meridian", "Nova",
	"Granite", "Harbor", "Juniper", "Lighthouse", "Maple", "Onyx", "Polaris", "Quartz", "Riverbend", "Sierra",
	"Tidal", "Umbra", "Vanguard", "Willow", "Zenith", "Atlas", "Beacon", "Cascade", "Delta", "Ember"}

var companySuffixes = []string{"Analytics", "Labs", "Systems", "Health", "Logistics", "Bank", "Security", "Retail", "Cloud",
	"Consulting", "Software", "Networks", "Energy", "Media", "Capital", "Robotics", "Foods", "Works", "Partners", "Data"}

var industries = []string{"SaaS", "Marketing", "Logistics", "Healthcare", "Financial Services", "Cybersecurity", "Retail",
	"Consulting", "Manufacturing", "Media", "Energy", "Education", "Telecommunications", "Insurance", "Real Estate"}

var (
	stages       = []string{"SEED", "SERIES_A", "SERIES_B", "SERIES_C", "PUBLIC", "BOOTSTRAPPED"}
	stageWeights = []int{15, 22, 18, 12, 18, 15}
)

type city struct {
	name, country string
	lat, lon      float64
}

var cities = []city{
	{"Boston", "US", 42.3601, -71.0589}, {"New York", "US", 40.7128, -74.006}, {"Chicago", "US", 41.8781, -87.6298},
	{"San Francisco", "US", 37.7749, -122.4194}, {"Austin", "US", 30.2672, -97.7431}, {"Seattle", "US", 47.6062, -122.3321},
	{"Denver", "US", 39.7392, -104.9903}, {"Atlanta", "US", 33.749, -84.388}, {"Toronto", "CA", 43.6532, -79.3832},
	{"London", "GB", 51.5074, -0.1278}, {"Dublin", "IE", 53.3498, -6.2603}, {"Berlin", "DE", 52.52, 13.405},
	{"Munich", "DE", 48.1351, 11.582}, {"Paris", "FR", 48.8566, 2.3522}, {"Amsterdam", "NL", 52.3676, 4.9041},
	{"Stockholm", "SE", 59.3293, 18.0686}, {"Madrid", "ES", 40.4168, -3.7038}, {"Zurich", "CH", 47.3769, 8.5417},
	{"Singapore", "SG", 1.3521, 103.8198}, {"Sydney", "AU", -33.8688, 151.2093}, {"Tokyo", "JP", 35.6762, 139.6503},
	{"Bangalore", "IN", 12.9716, 77.5946}, {"Sao Paulo", "BR", -23.5505, -46.6333}, {"Tel Aviv", "IL", 32.0853, 34.7818},
}

var firstNames = []string{"Alex", "Jordan", "Priya", "Sam", "Mei", "Dana", "Marcus", "Elena", "Olivia", "Isla",
	"Felix", "Ruth", "Ahmed", "Sofia", "Liam", "Noah", "Emma", "Ava", "Lucas", "Maya",
	"Ethan", "Chloe", "Daniel", "Hannah", "Kenji", "Aisha", "Mateo", "Leah", "Omar", "Grace",
	"Ravi", "Nina", "Tomas", "Zara", "Victor", "Ines", "Jonas", "Clara", "Diego", "Yuki",
	"Samuel", "Fatima", "Oscar", "Lena", "Hugo", "Amara", "Ivan", "Julia", "Kofi", "Rosa"}

var lastNames = []string{"Morgan", "Lee", "Shah", "Ortiz", "Chen", "Reyes", "Bell", "Petrova", "Grant", "Murray",
	"Wagner", "Okafor", "Nasser", "Rossi", "Smith", "Johnson", "Garcia", "Mueller", "Kim", "Nguyen",
	"Brown", "Silva", "Kowalski", "Tanaka", "Dubois", "Novak", "Haddad", "Larsen", "O'Brien", "Fischer",
	"Patel", "Hughes", "Costa", "Yilmaz", "Andersen", "Moreau", "Ibrahim", "Sato", "Walsh", "Romero"}

type department struct{ name, role, chief string }

var departments = []department{
	{"Sales", "Account Executive", "Chief Revenue Officer"},
	{"Marketing", "Marketing Specialist", "Chief Marketing Officer"},
	{"Engineering", "Software Engineer", "Chief Technology Officer"},
	{"Product", "Product Analyst", "Chief Product Officer"},
	{"Customer Success", "Customer Success Manager", "Chief Customer Officer"},
	{"Operations", "Operations Analyst", "Chief Operating Officer"},
	{"Finance", "Financial Analyst", "Chief Financial Officer"},
	{"Human Resources", "People Partner", "Chief People Officer"},
	{"IT", "Systems Administrator", "Chief Information Officer"},
	{"Legal", "Legal Counsel", "General Counsel"},
}

var departmentWeights = []int{20, 15, 22, 8, 10, 8, 6, 5, 4, 2}

// Our own team is mostly the people who talk to customers.
var (
	teamDepartments       = []int{0, 4, 1, 3}
	teamDepartmentWeights = []int{50, 25, 20, 5}
)

var (
	seniorities      = []string{"ENTRY", "SENIOR", "MANAGER", "DIRECTOR", "VP", "C_LEVEL"}
	seniorityWeights = []int{25, 30, 22, 12, 7, 4}
)

type contentKind struct {
	prefix string
	titles []string // each with one %s for the main topic's name
}

// contentKinds follows the order of model.Enums["ContentKind"].
var contentKinds = []contentKind{
	{"wp", []string{"%s in practice", "The %s playbook", "A buyer's guide to %s"}},
	{"art", []string{"Five %s mistakes that cost you deals", "What we learned about %s", "%s, explained"}},
	{"blog", []string{"Notes on %s", "Our take on %s", "%s this quarter"}},
	{"web", []string{"Live: %s with the experts", "%s office hours", "Webinar: scaling %s"}},
	{"cs", []string{"How a customer won with %s", "%s at scale: a customer story"}},
	{"ebook", []string{"The complete book of %s", "%s from zero to one"}},
	{"vid", []string{"%s in ten minutes", "Demo: %s"}},
	{"pod", []string{"The %s podcast", "Talking %s"}},
	{"rep", []string{"State of %s 2026", "%s benchmark report"}},
}

var contentKindWeights = []int{12, 25, 25, 10, 6, 5, 8, 4, 5}

var (
	signalKinds       = []string{"MENTION", "JOB_CHANGE", "PROMOTION", "FUNDING_ROUND", "HIRING", "ACQUISITION", "PRODUCT_LAUNCH", "EVENT_ATTENDED", "REFERRAL", "REFERENCE", "CASE_STUDY", "REVIEW", "BUG_REPORT", "FEATURE_IDEA", "ADVOCACY"}
	signalKindWeights = []int{450, 90, 60, 30, 30, 5, 20, 50, 35, 20, 10, 50, 60, 50, 40}
)

var mentionSummaries = map[string][]string{
	"POSITIVE": {"Shared a win with %s", "Praised their team's approach to %s", "Posted results of a %s project"},
	"NEUTRAL":  {"Asked peers for reading on %s", "Shared an article about %s", "Compared tools for %s"},
	"NEGATIVE": {"Complained about %s problems", "Asked how others cope with %s", "Said %s is their biggest worry"},
}

var customerSummaries = map[string][]string{
	"REFERRAL":     {"Referred a peer to us", "Introduced us to a prospect"},
	"REFERENCE":    {"Took a reference call with a prospect", "Hosted a prospect for a reference visit"},
	"CASE_STUDY":   {"Agreed to a published case study", "Co-presented a customer story"},
	"REVIEW":       {"Reviewed us on a software review site", "Rated us in an analyst survey"},
	"BUG_REPORT":   {"Reported a timeout in the export API", "Reported a wrong total in a dashboard", "Reported a sync failure"},
	"FEATURE_IDEA": {"Asked for a bulk edit", "Suggested a Slack integration", "Asked for custom fields in reports"},
	"ADVOCACY":     {"Recommended us in a community thread", "Spoke about us at a meetup"},
}

var knowsSources = []string{"colleague", "linkedin", "event", "crm", "email"}

// actionWeights follows the order of model.Enums["EngagementAction"]; ATTENDED is for webinars.
var actionWeights = []int{45, 20, 0, 10, 17, 8}

const actionAttended = 2
