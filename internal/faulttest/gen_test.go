package faulttest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// dataset is a generated NDJSON file and what it holds once imported.
type dataset struct {
	lines []string
	// counts has nodes per label and relationships per type, keyed like
	// neo4j.Store.Counts.
	counts map[string]int64
}

// relTypes are the relationship types an import writes.
var relTypes = []string{"KNOWS", "WORKS_AT", "INTERESTED_IN", "ENGAGED_WITH", "ABOUT", "BY", "AT", "MENTIONS"}

// generate builds a deterministic file of about 30,000 lines: every line
// kind, each relationship unique, all lines shuffled so that many
// relationships come before their nodes.
func generate(seed uint64) dataset {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	const (
		people    = 3000
		companies = 200
		topics    = 20
		contents  = 500
		signals   = 1500
		knows     = 12000
		interests = 4000
		engaged   = 5500
	)
	d := dataset{counts: map[string]int64{}}
	add := func(v map[string]any) {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		d.lines = append(d.lines, string(b))
	}
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	date := func(from int) string {
		return fmt.Sprintf("%d-%02d-%02d", from+r.IntN(6), 1+r.IntN(12), 1+r.IntN(28))
	}
	// distinct returns k distinct numbers below n.
	distinct := func(k, n int) []int {
		return r.Perm(n)[:k]
	}
	seniorities := []string{"ENTRY", "SENIOR", "MANAGER", "DIRECTOR", "VP", "CXO"}
	departments := []string{"Sales", "Marketing", "Engineering", "Customer Success", "Operations", "Finance"}
	cities := []string{"Boston", "New York", "Chicago", "Austin", "Seattle", "London"}
	contentKinds := []string{"WHITE_PAPER", "ARTICLE", "BLOG_POST", "WEBINAR", "CASE_STUDY", "EBOOK", "VIDEO", "PODCAST", "REPORT"}
	signalKinds := []string{"MENTION", "JOB_CHANGE", "PROMOTION", "FUNDING_ROUND", "HIRING", "REFERRAL", "REVIEW"}
	sentiments := []string{"POSITIVE", "NEUTRAL", "NEGATIVE"}
	actions := []string{"READ", "DOWNLOADED", "ATTENDED", "SHARED", "LIKED", "COMMENTED"}

	for i := range topics {
		add(map[string]any{"type": "topic", "id": fmt.Sprintf("topic-%d", i), "name": fmt.Sprintf("Topic %d", i)})
	}
	for i := range companies {
		c := map[string]any{"type": "company", "id": fmt.Sprintf("c%d", i), "name": fmt.Sprintf("Company %d", i),
			"industry": pick([]string{"SaaS", "Retail", "Healthcare", "Logistics"}), "city": pick(cities),
			"country": "US", "customer": r.IntN(3) == 0}
		if r.IntN(2) == 0 {
			c["clv"] = float64(1000 * (1 + r.IntN(500)))
		}
		add(c)
	}
	for i := range people {
		add(map[string]any{"type": "person", "id": fmt.Sprintf("p%d", i), "name": fmt.Sprintf("Person %d", i),
			"title": "Title " + pick(seniorities), "seniority": pick(seniorities), "department": pick(departments),
			"city": pick(cities), "country": "US", "latitude": float64(r.IntN(9000)) / 100, "longitude": -float64(r.IntN(18000)) / 100,
			"team": i < 20})
		w := map[string]any{"type": "works_at", "person": fmt.Sprintf("p%d", i), "company": fmt.Sprintf("c%d", r.IntN(companies)),
			"department": pick(departments), "since": date(2015)}
		if r.IntN(10) == 0 {
			w["until"] = date(2021)
		}
		add(w)
	}
	d.counts["Topic"], d.counts["Company"], d.counts["Person"], d.counts["WORKS_AT"] = topics, companies, people, people
	for i := range contents {
		var ts []string
		for _, t := range distinct(1+r.IntN(3), topics) {
			ts = append(ts, fmt.Sprintf("topic-%d", t))
		}
		add(map[string]any{"type": "content", "id": fmt.Sprintf("w%d", i), "title": fmt.Sprintf("Content %d", i),
			"kind": pick(contentKinds), "topics": ts, "publishedAt": date(2020)})
		d.counts["ABOUT"] += int64(len(ts))
	}
	d.counts["Content"] = contents
	for i := range signals {
		s := map[string]any{"type": "signal", "id": fmt.Sprintf("s%d", i), "kind": pick(signalKinds),
			"sentiment": pick(sentiments), "at": date(2021) + "T10:00:00Z", "summary": fmt.Sprintf("Signal %d", i)}
		if r.IntN(5) != 0 {
			s["person"] = fmt.Sprintf("p%d", r.IntN(people))
			d.counts["BY"]++
		}
		if r.IntN(10) < 7 {
			s["company"] = fmt.Sprintf("c%d", r.IntN(companies))
			d.counts["AT"]++
		}
		var ts []string
		for _, t := range distinct(r.IntN(3), topics) {
			ts = append(ts, fmt.Sprintf("topic-%d", t))
		}
		if ts != nil {
			s["topics"] = ts
		}
		d.counts["MENTIONS"] += int64(len(ts))
		add(s)
	}
	d.counts["Signal"] = signals
	seen := map[string]bool{}
	unique := func(key string) bool {
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	for n := 0; n < knows; {
		a, b := r.IntN(people), r.IntN(people)
		if a == b || !unique(fmt.Sprintf("k %d %d", min(a, b), max(a, b))) {
			continue
		}
		// Half the pairs name the larger id first; the import stores each pair once.
		add(map[string]any{"type": "knows", "a": fmt.Sprintf("p%d", a), "b": fmt.Sprintf("p%d", b),
			"strength": float64(1+r.IntN(100)) / 100, "since": date(2015), "source": "crm"})
		n++
	}
	for n := 0; n < interests; {
		p, t := r.IntN(people), r.IntN(topics)
		if !unique(fmt.Sprintf("i %d %d", p, t)) {
			continue
		}
		add(map[string]any{"type": "interested_in", "person": fmt.Sprintf("p%d", p), "topic": fmt.Sprintf("topic-%d", t),
			"weight": float64(1+r.IntN(10)) / 10})
		n++
	}
	for n := 0; n < engaged; {
		p, c, a, at := r.IntN(people), r.IntN(contents), pick(actions), date(2022)+"T09:30:00Z"
		if !unique(fmt.Sprintf("e %d %d %s %s", p, c, a, at)) {
			continue
		}
		add(map[string]any{"type": "engaged", "person": fmt.Sprintf("p%d", p), "content": fmt.Sprintf("w%d", c), "action": a, "at": at})
		n++
	}
	d.counts["KNOWS"], d.counts["INTERESTED_IN"], d.counts["ENGAGED_WITH"] = knows, interests, engaged
	r.Shuffle(len(d.lines), func(i, j int) { d.lines[i], d.lines[j] = d.lines[j], d.lines[i] })
	return d
}

// write saves the file and returns its path.
func (d dataset) write(t *testing.T, path string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(d.lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// rels sums the relationship counts.
func rels(counts map[string]int64) int64 {
	var n int64
	for _, t := range relTypes {
		n += counts[t]
	}
	return n
}

// total sums nodes and relationships.
func total(counts map[string]int64) int64 {
	var n int64
	for _, v := range counts {
		n += v
	}
	return n
}
