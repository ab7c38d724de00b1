package server_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/contacts"
	"github.com/relgraph/relgraph/internal/testdb"
	"github.com/relgraph/relgraph/neo4j"
)

// importContacts imports one of testdata/import's files into the demo
// graph: a LinkedIn export (owner set) or a CRM export through a mapping.
// checkKept fails the test when what nodes keep of their relationships
// differs from the relationships (neo4j.Store.CheckKept).
func checkKept(t *testing.T, store *neo4j.Store) {
	t.Helper()
	problems, err := store.CheckKept(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("kept values out of date: %s", p)
	}
}

func importContacts(t *testing.T, store *neo4j.Store, file, owner, mapping, day string) *contacts.Summary {
	t.Helper()
	sum, err := importContactsErr(t, store, filepath.Join(testdb.Root(), "testdata", "import", file), owner, mapping, day)
	if err != nil {
		t.Fatalf("%s: %v (%v)", file, err, sum.Errors)
	}
	return sum
}

func importContactsErr(t *testing.T, store *neo4j.Store, path, owner, mapping, day string) (*contacts.Summary, error) {
	t.Helper()
	asOf, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	return importContactsWith(t, store, path, mapping, contacts.Options{Owner: owner, AsOf: asOf})
}

// importContactsWith imports a LinkedIn export (no mapping) or a CRM
// export through a mapping, with those options.
func importContactsWith(t *testing.T, store *neo4j.Store, path, mapping string, opts contacts.Options) (*contacts.Summary, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file, err := contacts.Parse(f, mapping, opts.Owner)
	if err != nil {
		return &contacts.Summary{}, err
	}
	return contacts.Import(context.Background(), file, store, store, opts)
}

// counts is what a test expects of a summary.
type counts struct {
	rows, created, byEmail, byURL, again, companies, connections, candidates, newCandidates, jobs, titles, stale, signals int
}

func summaryCounts(s *contacts.Summary) counts {
	return counts{s.Rows, s.PeopleCreated, s.MatchedByEmail, s.MatchedByURL, s.MatchedAgain, s.CompaniesCreated, s.Connections,
		s.MergeCandidates, s.NewCandidates, s.JobsChanged, s.TitlesChanged, s.StaleRows, s.SignalsCreated}
}

func wantCounts(t *testing.T, what string, s *contacts.Summary, want counts) {
	t.Helper()
	if got := summaryCounts(s); got != want {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

type sourceJSON struct {
	Kind  string  `json:"kind"`
	Owner *string `json:"owner"`
	Since string  `json:"since"`
}

func sourcesText(list []sourceJSON) string {
	var out []string
	for _, s := range list {
		o := ""
		if s.Owner != nil {
			o = " " + *s.Owner
		}
		out = append(out, s.Since[:10]+" "+s.Kind+o)
	}
	return strings.Join(out, ", ")
}

// p0's first-degree connections named like name, with what the imports
// made of them.
type importedPerson struct {
	Strength float64 `json:"strength"`
	Node     struct {
		ID          string       `json:"id"`
		Name        string       `json:"name"`
		Email       *string      `json:"email"`
		LinkedinURL *string      `json:"linkedinUrl"`
		Sources     []sourceJSON `json:"sources"`
		WorksAt     []struct {
			Title   *string `json:"title"`
			Since   *string `json:"since"`
			Until   *string `json:"until"`
			Company struct{ ID, Name string }
			Sources []sourceJSON `json:"sources"`
		} `json:"worksAt"`
	} `json:"node"`
	StrengthDetail struct {
		Source   string   `json:"source"`
		Computed *float64 `json:"computed"`
		Baseline *float64 `json:"baseline"`
	} `json:"strengthDetail"`
}

func (e *env) connectionNamed(t *testing.T, name string) []importedPerson {
	t.Helper()
	var out struct {
		Connections struct {
			Edges []importedPerson `json:"edges"`
		} `json:"connections"`
	}
	e.data(t, e.admin, `query($name: String) { connections(degree: 1, where: {name: $name}) { edges {
  strength strengthDetail { source computed baseline }
  node { id name email linkedinUrl sources { kind owner since }
    worksAt(includePast: true) { title since until company { id name } sources { kind owner since } } } } } }`, map[string]any{"name": name}, &out)
	return out.Connections.Edges
}

func (e *env) mergeCandidates(t *testing.T) []string {
	t.Helper()
	var out struct {
		MergeCandidates struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node struct {
					A, B   struct{ ID, Name string }
					Reason string
					Score  float64
				}
			}
		} `json:"mergeCandidates"`
	}
	e.data(t, e.admin, `{ mergeCandidates(first: 100) { totalCount edges { node { a { id name } b { id name } reason score } } } }`, nil, &out)
	var list []string
	for i, edge := range out.MergeCandidates.Edges {
		n := edge.Node
		if n.A.ID >= n.B.ID {
			t.Errorf("candidate %d: a %s is not the smaller id of %s", i, n.A.ID, n.B.ID)
		}
		if i > 0 && out.MergeCandidates.Edges[i-1].Node.Score < n.Score {
			t.Errorf("candidate %d: score %g after %g", i, n.Score, out.MergeCandidates.Edges[i-1].Node.Score)
		}
		names := []string{n.A.Name + " " + n.A.ID, n.B.Name + " " + n.B.ID}
		slices.Sort(names)
		list = append(list, strings.Join(names, " ~ ")+" : "+n.Reason+" "+itoa(int(math.Round(n.Score*100))))
	}
	if out.MergeCandidates.TotalCount != len(list) {
		t.Errorf("totalCount %d, %d candidates", out.MergeCandidates.TotalCount, len(list))
	}
	slices.Sort(list)
	return list
}

// ids of the people with a name, in id order.
func (e *env) peopleNamed(t *testing.T, store *neo4j.Store, name string) []string {
	t.Helper()
	var out struct {
		Search []struct {
			Node struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"node"`
		} `json:"search"`
	}
	e.data(t, e.admin, `query($text: String!) { search(text: $text, first: 100) { node { ... on Person { id name } } } }`, map[string]any{"text": name}, &out)
	var ids []string
	for _, h := range out.Search {
		if h.Node.Name == name {
			ids = append(ids, h.Node.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// The walk-through of the README ("Import your own network"): p0's
// LinkedIn export, Jordan's (p1) older one without URLs, a Salesforce
// report and a HubSpot export that overlap with it (by email, by URL and
// by name only), then p0's export a month later with three job changes.
// testdata/import/README.md says row by row what each file holds and
// why each count is what it is.
func TestImportYourOwnNetwork(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	store := testdb.Store(t)

	sum := importContacts(t, store, "Connections.csv", "p0", "", "2026-11-25")
	// Dana Reyes (p10) by email; ten new people; Nordlys AS, Smith, Jones
	// & Co and Helix Bio are new companies (Acme Analytics, Quantix Data,
	// Brightwave Marketing, Vertex Cloud, Lumen Security and Northwind
	// Logistics match by name); p0 already knew Dana. Liam O'Brien
	// without an email is only a candidate for p17, the same name at
	// Lumen Security.
	wantCounts(t, "Connections.csv", sum, counts{rows: 11, created: 10, byEmail: 1, companies: 3, connections: 10, candidates: 1, newCandidates: 1})
	before := testdb.Fingerprint(t, store)
	again := importContacts(t, store, "Connections.csv", "p0", "", "2026-11-25")
	wantCounts(t, "Connections.csv again", again, counts{rows: 11, byEmail: 2, byURL: 9})
	if testdb.Fingerprint(t, store) != before {
		t.Error("importing the same export again changed the graph")
	}

	// Every quirk of the file as LinkedIn writes it.
	zoe := e.connectionNamed(t, "Ångström")
	if len(zoe) != 1 {
		t.Fatalf("Zoë Ångström: %d connections", len(zoe))
	}
	z := zoe[0]
	if z.Node.Name != "Zoë Ångström" || *z.Node.LinkedinURL != "https://www.linkedin.com/in/zo%c3%ab-%c3%a5ngstr%c3%b6m" || z.Node.Email != nil {
		t.Errorf("Zoë: %+v", z.Node)
	}
	if len(z.Node.WorksAt) != 1 || z.Node.WorksAt[0].Company.Name != "Nordlys AS" || *z.Node.WorksAt[0].Title != "Head of Growth 🚀" || z.Node.WorksAt[0].Company.ID != "co-nordlys" {
		t.Errorf("Zoë works at %+v", z.Node.WorksAt)
	}
	if got := sourcesText(z.Node.Sources); got != "2026-11-25 linkedin p0" {
		t.Errorf("Zoë's sources: %s", got)
	}
	// A connection without interactions has the LinkedIn baseline.
	if z.Strength != 0.1 || z.StrengthDetail.Source != "COMPUTED" || z.StrengthDetail.Computed != nil || *z.StrengthDetail.Baseline != 0.1 {
		t.Errorf("Zoë's strength %g, detail %+v", z.Strength, z.StrengthDetail)
	}
	kim := e.connectionNamed(t, "Kim Lee")
	if len(kim) != 1 || kim[0].Node.Name != "Kim Lee, PhD" || kim[0].Node.WorksAt[0].Company.Name != "Smith, Jones & Co" ||
		*kim[0].Node.WorksAt[0].Title != `Director of "Customer Love"` {
		t.Errorf("Kim Lee: %+v", kim)
	}
	priya := e.connectionNamed(t, "Natarajan")
	if len(priya) != 1 || len(priya[0].Node.WorksAt) != 1 || priya[0].Node.WorksAt[0].Title != nil || priya[0].Node.WorksAt[0].Company.Name != "Helix Bio" {
		t.Errorf("Priya Natarajan (a company, no position): %+v", priya)
	}
	tom := e.connectionNamed(t, "Tom Becker")
	// p13 is the demo's Tom Becker at Acme; the LinkedIn one has neither
	// company nor position, so nothing even suggests they are one.
	if len(tom) != 2 || len(tom[0].Node.WorksAt)+len(tom[1].Node.WorksAt) != 1 {
		t.Errorf("Tom Becker: %+v", tom)
	}
	dana := e.connectionNamed(t, "Dana Reyes")
	if len(dana) != 1 || dana[0].Node.ID != "p10" || *dana[0].Node.LinkedinURL != "https://www.linkedin.com/in/dana-reyes-7a1b2c" || dana[0].Strength != 0.82 {
		t.Errorf("Dana Reyes (p10, matched by email, gains her LinkedIn URL, keeps her computed strength): %+v", dana)
	}

	sum = importContacts(t, store, "Connections-2019.csv", "p1", "", "2026-11-25")
	// No URL column: Dana and Maria have no strong key and become new
	// people of p1's, each a candidate (the same name at the same
	// company); Ben Carter (p23) matches by email.
	wantCounts(t, "Connections-2019.csv", sum, counts{rows: 3, created: 2, byEmail: 1, connections: 3, candidates: 2, newCandidates: 2})

	sum = importContacts(t, store, "salesforce-contacts.csv", "", "salesforce", "2026-11-25")
	// Dana by email (in capitals), Sara by the email LinkedIn gave;
	// Robert Okafor, María González and Wei Zhang are new; Robert is a
	// nickname away from LinkedIn's Bob Okafor, María an accent away from
	// both Marias. The contact owners are team members by name.
	wantCounts(t, "salesforce-contacts.csv", sum, counts{rows: 5, created: 3, byEmail: 2, connections: 4, candidates: 3, newCandidates: 3})

	sum = importContacts(t, store, "hubspot-contacts.csv", "", "hubspot", "2026-11-25")
	// Hiro Sato by the LinkedIn URL, Sara by email (owner given by
	// email), J. Park new and an initial away from Jonathan Park.
	wantCounts(t, "hubspot-contacts.csv", sum, counts{rows: 3, created: 1, byEmail: 1, byURL: 1, connections: 2, candidates: 1, newCandidates: 1})

	// One node per human, with every source.
	dana = e.connectionNamed(t, "Dana Reyes")
	if len(dana) != 1 || sourcesText(dana[0].Node.Sources) != "2026-11-25 linkedin p0, 2026-11-25 crm p0" {
		t.Errorf("Dana's sources: %+v", dana)
	}
	hiro := e.connectionNamed(t, "Hiro Sato")
	if len(hiro) != 1 || sourcesText(hiro[0].Node.Sources) != "2026-11-25 linkedin p0, 2026-11-25 crm p0" || *hiro[0].Node.Email != "hiro.sato@acme.example" {
		t.Errorf("Hiro Sato (LinkedIn and HubSpot by URL): %+v", hiro)
	}
	// p0 knows Hiro from LinkedIn and owns him in HubSpot: the larger
	// baseline, the CRM's.
	if len(hiro) == 1 && (hiro[0].Strength != 0.15 || *hiro[0].StrengthDetail.Baseline != 0.15) {
		t.Errorf("Hiro's strength %g, detail %+v", hiro[0].Strength, hiro[0].StrengthDetail)
	}
	var helix struct {
		Company struct {
			Name     string       `json:"name"`
			Customer bool         `json:"customer"`
			Clv      float64      `json:"clv"`
			Industry string       `json:"industry"`
			Sources  []sourceJSON `json:"sources"`
		} `json:"company"`
	}
	e.data(t, e.admin, `{ company(id: "co-helix-bio") { name customer clv industry sources { kind owner since } } }`, nil, &helix)
	if c := helix.Company; c.Name != "Helix Bio" || !c.Customer || c.Clv != 150000 || c.Industry != "Biotech" ||
		sourcesText(c.Sources) != "2026-11-25 linkedin p0, 2026-11-25 crm p2" {
		t.Errorf("Helix Bio (a customer account from Salesforce): %+v", c)
	}

	// Weak evidence only ever proposes.
	wantCands := []string{
		"Bob Okafor ~ Robert Okafor : nickname (bob / robert) at Quantix Data 70",
		"Dana Reyes ~ Dana Reyes p10 : same name at Northwind Logistics 90",
		"J. Park ~ Jonathan Park : initial (j / jonathan) at Vertex Cloud 60",
		"Liam O'Brien ~ Liam O'Brien p17 : same name at Lumen Security 90",
		"Maria Gonzalez ~ Maria Gonzalez : same name at Brightwave Marketing 90",
		"Maria Gonzalez ~ María González : same name but for accents at Brightwave Marketing 85",
		"Maria Gonzalez ~ María González : same name but for accents at Brightwave Marketing 85",
	}
	got := e.mergeCandidates(t)
	for i := range got {
		// Generated ids differ from run to run of the generator, not of
		// the import; keep the demo's.
		got[i] = dropGeneratedIDs(got[i])
	}
	slices.Sort(got)
	if strings.Join(got, "\n") != strings.Join(wantCands, "\n") {
		t.Errorf("merge candidates:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantCands, "\n"))
	}
	if ids := e.peopleNamed(t, store, "Liam O'Brien"); len(ids) != 2 {
		t.Errorf("Liam O'Brien: %v, want two people until someone merges them", ids)
	}

	// A month later: three job changes, as signals.
	sum = importContacts(t, store, "Connections-2026-12.csv", "p0", "", "2026-12-23")
	wantCounts(t, "Connections-2026-12.csv", sum, counts{rows: 11, byEmail: 2, byURL: 9, jobs: 3, signals: 3})
	after := testdb.Fingerprint(t, store)
	sum = importContacts(t, store, "Connections-2026-12.csv", "p0", "", "2026-12-23")
	wantCounts(t, "Connections-2026-12.csv again", sum, counts{rows: 11, byEmail: 2, byURL: 9})
	// The older export again: the graph knows newer jobs and keeps them.
	sum = importContacts(t, store, "Connections.csv", "p0", "", "2026-11-25")
	wantCounts(t, "Connections.csv after the newer one", sum, counts{rows: 11, byEmail: 2, byURL: 9, stale: 3})
	if testdb.Fingerprint(t, store) != after {
		t.Error("importing the newer export again, or the older one, changed the graph")
	}
	zoe = e.connectionNamed(t, "Ångström")
	jobs := []string{}
	for _, j := range zoe[0].Node.WorksAt {
		until := "now"
		if j.Until != nil {
			until = (*j.Until)[:10]
		}
		since := "?"
		if j.Since != nil {
			since = (*j.Since)[:10]
		}
		jobs = append(jobs, *j.Title+" at "+j.Company.Name+" "+since+".."+until)
	}
	if strings.Join(jobs, "; ") != "Chief Marketing Officer at Acme Analytics 2026-12-23..now; Head of Growth 🚀 at Nordlys AS ?..2026-12-23" {
		t.Errorf("Zoë's jobs: %s", strings.Join(jobs, "; "))
	}
	// The README's "new CMOs in my network" question, answered by the
	// export.
	var feed struct {
		Signals struct {
			Edges []struct {
				Node struct {
					Kind, At, Title, Summary, Source string
					Person                           struct{ Name string }
					Company                          struct{ Name string }
				}
			}
		}
	}
	e.data(t, e.reader, `{ signals(where: {kinds: [JOB_CHANGE], titleContains: "Chief Marketing", since: "2026-12-01"}, network: {degree: 2}) {
  edges { node { kind at title summary source person { name } company { name } } } } }`, nil, &feed)
	if len(feed.Signals.Edges) != 1 {
		t.Fatalf("new CMOs since 2026-12-01: %+v", feed.Signals.Edges)
	}
	if s := feed.Signals.Edges[0].Node; s.Person.Name != "Zoë Ångström" || s.Company.Name != "Acme Analytics" || s.Title != "Chief Marketing Officer" ||
		s.At != "2026-12-23T00:00:00Z" || s.Source != "linkedin" || s.Summary != "Now Chief Marketing Officer at Acme Analytics (was Head of Growth 🚀 at Nordlys AS)" {
		t.Errorf("the job change: %+v", s)
	}

	// The README's merge: Jordan's Dana, from the export without emails,
	// into p10; Jordan's connection becomes p10's. Then undone.
	jordans := ""
	for _, id := range e.peopleNamed(t, store, "Dana Reyes") {
		if id != "p10" {
			jordans = id
		}
	}
	before = testdb.Fingerprint(t, store)
	var merged struct {
		MergePeople struct {
			Keep struct {
				Knows []struct{ Person struct{ ID string } } `json:"knows"`
			} `json:"keep"`
			RelationshipsMoved, DuplicatesDropped int
		} `json:"mergePeople"`
	}
	e.data(t, e.admin, `mutation($merge: ID!) { mergePeople(keep: "p10", merge: $merge) { keep { knows { person { id } } } relationshipsMoved duplicatesDropped } }`,
		map[string]any{"merge": jordans}, &merged)
	knowsP1 := slices.ContainsFunc(merged.MergePeople.Keep.Knows, func(k struct{ Person struct{ ID string } }) bool { return k.Person.ID == "p1" })
	// Her KNOWS from p1 moves; her job at Northwind Logistics (since
	// ended by the newer export for p10) is a second WORKS_AT to the same
	// company, which p10 has already.
	if !knowsP1 || merged.MergePeople.RelationshipsMoved != 1 || merged.MergePeople.DuplicatesDropped != 1 {
		t.Errorf("merging Jordan's Dana into p10: %+v", merged.MergePeople)
	}
	e.data(t, e.admin, `mutation($id: ID!) { unmergePeople(id: $id) { id } }`, map[string]any{"id": jordans}, &struct{}{})
	if testdb.Fingerprint(t, store) != before {
		t.Error("merge and unmerge of the two Danas changed the graph")
	}
}

// dropGeneratedIDs keeps the demo's ids (p10) in a candidate's text and
// drops the ids the imports made.
func dropGeneratedIDs(s string) string {
	words := strings.Fields(s)
	out := words[:0]
	for _, w := range words {
		if !strings.HasPrefix(w, "p-") {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// A merge moves everything onto the person kept; an unmerge puts back
// exactly the graph there was.
func TestMergeAndUnmerge(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	store := testdb.Store(t)
	importContacts(t, store, "Connections.csv", "p0", "", "2026-11-25")
	importContacts(t, store, "salesforce-contacts.csv", "", "salesforce", "2026-11-25")
	bob, robert := e.peopleNamed(t, store, "Bob Okafor"), e.peopleNamed(t, store, "Robert Okafor")
	if len(bob) != 1 || len(robert) != 1 {
		t.Fatalf("Bob %v, Robert %v", bob, robert)
	}
	// p0 and Bob have a meeting: their strength comes from it. Bob is
	// interested in crm and ai, Robert in ai and pricing.
	res := e.post(t, e.admin, `mutation { recordInteractions(input: [{id: "m-1", source: "calendar", a: "p0", b: "`+bob[0]+`", kind: MEETING, direction: BOTH, at: "2026-11-20T15:00:00Z"}]) { count } }`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	upsertCount(t, e, e.admin, `mutation($in: [InterestInput!]!) { upsertInterests(input: $in) { count } }`, map[string]any{"in": []map[string]any{
		{"person": bob[0], "topic": "crm"}, {"person": bob[0], "topic": "ai"}, {"person": robert[0], "topic": "ai"}, {"person": robert[0], "topic": "pricing"},
	}})
	checkKept(t, store)
	before := testdb.Fingerprint(t, store)

	var merged struct {
		MergePeople struct {
			Keep struct {
				ID          string       `json:"id"`
				Email       string       `json:"email"`
				LinkedinURL string       `json:"linkedinUrl"`
				Sources     []sourceJSON `json:"sources"`
				Knows       []struct {
					Strength float64
					Person   struct{ ID string }
				} `json:"knows"`
				WorksAt []struct {
					Sources []sourceJSON `json:"sources"`
				} `json:"worksAt"`
			} `json:"keep"`
			Merged             string `json:"merged"`
			RelationshipsMoved int    `json:"relationshipsMoved"`
			DuplicatesDropped  int    `json:"duplicatesDropped"`
			InteractionsMoved  int    `json:"interactionsMoved"`
		} `json:"mergePeople"`
	}
	e.data(t, e.admin, `mutation($keep: ID!, $merge: ID!) { mergePeople(keep: $keep, merge: $merge) {
  keep { id email linkedinUrl sources { kind owner since } knows { strength person { id } } worksAt { sources { kind owner since } } }
  merged relationshipsMoved duplicatesDropped interactionsMoved } }`,
		map[string]any{"keep": robert[0], "merge": bob[0]}, &merged)
	m := merged.MergePeople
	// Bob's KNOWS from p0 and his interest in crm move; his job at Quantix
	// Data and his interest in ai are Robert's too.
	if m.Merged != bob[0] || m.RelationshipsMoved != 2 || m.DuplicatesDropped != 2 || m.InteractionsMoved != 1 {
		t.Errorf("merge: %+v", m)
	}
	k := m.Keep
	if k.Email != "robert.okafor@quantix.example" || k.LinkedinURL != "https://www.linkedin.com/in/bob-okafor" ||
		sourcesText(k.Sources) != "2026-11-25 crm p2, 2026-11-25 linkedin p0" {
		t.Errorf("Robert after the merge: %+v", k)
	}
	// Bob's job at Quantix Data was Robert's too: it keeps both sources.
	if len(k.WorksAt) != 1 || sourcesText(k.WorksAt[0].Sources) != "2026-11-25 crm p2, 2026-11-25 linkedin p0" {
		t.Errorf("Robert's job after the merge: %+v", k.WorksAt)
	}
	// Robert now knows p2 (his CRM owner) and p0, the latter as strongly
	// as the meeting makes it.
	knows := map[string]float64{}
	for _, a := range k.Knows {
		knows[a.Person.ID] = a.Strength
	}
	if len(knows) != 2 || knows["p2"] != 0.15 || knows["p0"] <= 0.1 {
		t.Errorf("Robert knows %v", knows)
	}
	if ids := e.peopleNamed(t, store, "Bob Okafor"); len(ids) != 0 {
		t.Errorf("Bob Okafor is still there: %v", ids)
	}
	if testdb.Fingerprint(t, store) == before {
		t.Error("the merge changed nothing")
	}
	// Robert's interests are both's, and so is what he keeps of them.
	checkKept(t, store)
	var robertNow struct {
		Person struct {
			Interests []struct{ Topic struct{ ID string } }
		}
	}
	e.data(t, e.reader, `query($id: ID!) { person(id: $id) { interests { topic { id } } } }`, map[string]any{"id": robert[0]}, &robertNow)
	var topics []string
	for _, i := range robertNow.Person.Interests {
		topics = append(topics, i.Topic.ID)
	}
	if slices.Sort(topics); strings.Join(topics, ",") != "ai,crm,pricing" {
		t.Errorf("Robert's interests after the merge: %v", topics)
	}
	for _, c := range e.mergeCandidates(t) {
		if strings.Contains(c, "Bob Okafor") {
			t.Errorf("a candidate of the merged person stays: %s", c)
		}
	}
	// Bob's URL now finds Robert: importing the export again creates no
	// one.
	sum := importContacts(t, store, "Connections.csv", "p0", "", "2026-11-25")
	if sum.PeopleCreated != 0 || sum.MatchedByURL != 9 {
		t.Errorf("the export after the merge: %+v", summaryCounts(sum))
	}
	if ids := e.peopleNamed(t, store, "Bob Okafor"); len(ids) != 0 {
		t.Errorf("the import brought Bob Okafor back: %v", ids)
	}

	// Undo: the import after the merge changed nothing of the two (Bob's
	// sources were already Robert's), so the graph is the one before.
	var unmerged struct {
		UnmergePeople struct{ ID, Name string } `json:"unmergePeople"`
	}
	e.data(t, e.admin, `mutation($id: ID!) { unmergePeople(id: $id) { id name } }`, map[string]any{"id": bob[0]}, &unmerged)
	if unmerged.UnmergePeople.ID != bob[0] || unmerged.UnmergePeople.Name != "Bob Okafor" {
		t.Errorf("unmerge returned %+v", unmerged.UnmergePeople)
	}
	if got := testdb.Fingerprint(t, store); got != before {
		t.Error("the graph after merge and unmerge is not the one before the merge")
	}
	checkKept(t, store)

	// What happens to the person kept after a merge stays when it is
	// undone: a meeting of Robert's with p3.
	e.data(t, e.admin, `mutation($keep: ID!, $merge: ID!) { mergePeople(keep: $keep, merge: $merge) { merged } }`,
		map[string]any{"keep": robert[0], "merge": bob[0]}, &struct{}{})
	res = e.post(t, e.admin, `mutation { recordInteractions(input: [{id: "m-2", source: "calendar", a: "p3", b: "`+robert[0]+`", kind: MEETING, direction: BOTH, at: "2026-11-21T15:00:00Z"}]) { count } }`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	// p0 also owns Robert in HubSpot now: the KNOWS moved from Bob gains
	// that source, so it stays Robert's.
	crm := filepath.Join(t.TempDir(), "robert.csv")
	os.WriteFile(crm, []byte("First Name,Last Name,Email,Job Title,Company Name,Contact owner\nRobert,Okafor,robert.okafor@quantix.example,Data Engineer,Quantix Data,Alex Morgan\n"), 0o644)
	if _, err := importContactsErr(t, store, crm, "", "hubspot", "2026-11-26"); err != nil {
		t.Fatal(err)
	}
	e.data(t, e.admin, `mutation($id: ID!) { unmergePeople(id: $id) { id } }`, map[string]any{"id": bob[0]}, &struct{}{})
	var people struct {
		Robert struct {
			Knows []struct{ Person struct{ ID string } } `json:"knows"`
		} `json:"robert"`
		Bob struct {
			Knows []struct{ Person struct{ ID string } } `json:"knows"`
		} `json:"bob"`
	}
	e.data(t, e.admin, `query($robert: ID!, $bob: ID!) { robert: person(id: $robert) { knows { person { id } } } bob: person(id: $bob) { knows { person { id } } } }`,
		map[string]any{"robert": robert[0], "bob": bob[0]}, &people)
	ids := func(list []struct{ Person struct{ ID string } }) string {
		var out []string
		for _, k := range list {
			out = append(out, k.Person.ID)
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	if got := ids(people.Robert.Knows); got != "p0 p2 p3" {
		t.Errorf("Robert knows %s after the unmerge, want p0 (HubSpot since the merge), p2 (his CRM owner) and p3 (the meeting since the merge)", got)
	}
	if got := ids(people.Bob.Knows); got != "p0" {
		t.Errorf("Bob knows %s after the unmerge, want p0", got)
	}

	// A team member merged into someone makes them one; undone, not.
	res = e.post(t, e.admin, `mutation { upsertPeople(input: [{id: "zz-t", name: "Mei Chen"}]) { count } }`, nil)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	team := func(id string) bool {
		var out struct{ Person struct{ Team bool } }
		e.data(t, e.admin, `query($id: ID!) { person(id: $id) { team } }`, map[string]any{"id": id}, &out)
		return out.Person.Team
	}
	e.data(t, e.admin, `mutation { mergePeople(keep: "zz-t", merge: "p4") { merged } }`, nil, &struct{}{})
	if !team("zz-t") {
		t.Error("merging team member p4 into zz-t did not make zz-t a team member")
	}
	e.data(t, e.admin, `mutation { unmergePeople(id: "p4") { id } }`, nil, &struct{}{})
	if team("zz-t") || !team("p4") {
		t.Errorf("after the unmerge: zz-t team %v, p4 team %v", team("zz-t"), team("p4"))
	}

	// What cannot be merged or unmerged, and why.
	res = e.post(t, e.admin, `mutation { mergePeople(keep: "p10", merge: "p10") { merged } }`, nil)
	wantOneError(t, res, "BAD_USER_INPUT", "cannot be merged into themselves")
	res = e.post(t, e.admin, `mutation { mergePeople(keep: "p10", merge: "nobody") { merged } }`, nil)
	wantOneError(t, res, "NOT_FOUND", `person "nobody" does not exist`)
	res = e.post(t, e.admin, `mutation { unmergePeople(id: "p10") { id } }`, nil)
	wantOneError(t, res, "NOT_FOUND", `merged person "p10" does not exist`)
	res = e.post(t, e.reader, `{ mergeCandidates { totalCount } }`, nil)
	wantOneError(t, res, "FORBIDDEN")
}

// A file with bad rows writes nothing, and says which rows and why.
func TestImportRefusesBadRows(t *testing.T) {
	demo(t)
	restoreDemo(t)
	store := testdb.Store(t)
	before := testdb.Fingerprint(t, store)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, owner, mapping, text string
		want                       []string
	}{
		{"linkedin", "p0", "", "Notes:\n\"a note\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
			"Ada,Byron,,,Acme Analytics,CTO,01 Jan 2025\n" +
			",,,,Acme Analytics,CTO,01 Jan 2025\n" +
			"Alan,Turing,,,,,31 Foo 2025\n" +
			"Grace,Hopper,https://example.com/grace,,,,01 Jan 2025\n" +
			"Edsger,Dijkstra,,not-an-email,,,01 Jan 2025\n",
			[]string{"row 6: missing name (First Name and Last Name are empty)", `row 7: Connected On "31 Foo 2025" is not a date such as 26 Dec 2025`,
				`row 8: linkedinUrl "https://example.com/grace" is not a LinkedIn profile URL such as https://www.linkedin.com/in/dana-reyes`,
				`row 9: email "not-an-email" is not an email address`}},
		{"crm", "", "salesforce", "\"Contact Owner\",\"First Name\",\"Last Name\",\"Email\",\"Account Name\",\"Title\",\"Created Date\"\n" +
			"\"Alex Morgan\",\"Ada\",\"Byron\",\"ada@example.com\",\"Acme Analytics\",\"CTO\",\"01/02/2025\"\n" +
			"\"Nobody Here\",\"Alan\",\"Turing\",\"alan@example.com\",\"Acme Analytics\",\"CTO\",\"01/02/2025\"\n" +
			"\"Alex Morgan\",\"Grace\",\"Hopper\",\"grace@example.com\",\"Acme Analytics\",\"CTO\",\"2025-13-45\"\n",
			[]string{`row 3: unknown owner "Nobody Here": no team member has that id, email or name`,
				`row 4: since "2025-13-45" is not a date in the mapping's format MM/DD/YYYY`}},
		{"missing column", "", "hubspot", "First Name,Last Name,Email\nAda,Byron,ada@example.com\n",
			[]string{`row 1: the mapping's column "Company Name" is not in the file's header`, `row 1: the mapping's column "Contact owner" is not in the file's header`,
				`row 1: the mapping's column "Job Title" is not in the file's header`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sum, err := importContactsErr(t, store, write(c.name+".csv", c.text), c.owner, c.mapping, "2026-11-25")
			if !errors.Is(err, contacts.ErrInvalid) {
				t.Fatalf("err %v, want %v", err, contacts.ErrInvalid)
			}
			var got []string
			for _, e := range sum.Errors {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
	if _, err := importContactsErr(t, store, filepath.Join(testdb.Root(), "testdata", "import", "Connections.csv"), "p999", "", "2026-11-25"); err == nil ||
		!strings.Contains(err.Error(), `unknown owner "p999"`) {
		t.Errorf("an unknown LinkedIn owner: %v", err)
	}
	if testdb.Fingerprint(t, store) != before {
		t.Error("a refused file wrote something")
	}
}

// A row whose email is one person's (Ben Carter, p23, who has no LinkedIn
// URL) and whose LinkedIn URL another's (Bob Okafor's) merges nothing: the
// row goes to the email's person, who does not take the other's URL, and
// the two become a candidate.
func TestConflictingStrongKeys(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	store := testdb.Store(t)
	importContacts(t, store, "Connections.csv", "p0", "", "2026-11-25")
	path := filepath.Join(t.TempDir(), "hubspot.csv")
	if err := os.WriteFile(path, []byte("First Name,Last Name,Email,Job Title,Company Name,Contact owner,LinkedIn URL\n"+
		"Ben,Carter,ben.carter@acme.example,Head of Customer Success,Acme Analytics,Alex Morgan,https://www.linkedin.com/in/bob-okafor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := importContactsErr(t, store, path, "", "hubspot", "2026-11-25")
	if err != nil {
		t.Fatal(err, sum.Errors)
	}
	wantCounts(t, "the conflicting row", sum, counts{rows: 1, byEmail: 1, candidates: 1, newCandidates: 1})
	ben := e.connectionNamed(t, "Ben Carter")
	if len(ben) != 1 || ben[0].Node.ID != "p23" || ben[0].Node.LinkedinURL != nil {
		t.Errorf("Ben Carter (p23) took Bob's URL: %+v", ben)
	}
	var found bool
	for _, c := range e.mergeCandidates(t) {
		if strings.HasPrefix(c, "Ben Carter p23 ~ Bob Okafor p-") && strings.Contains(c, " : same email as p23, same LinkedIn URL as p-") && strings.HasSuffix(c, " 100") {
			found = true
		}
	}
	if !found {
		t.Errorf("no candidate for Ben and Bob: %v", e.mergeCandidates(t))
	}
}

// jobsOf lists a person's jobs as "title at company since..until".
func (e *env) jobsOf(t *testing.T, id string) string {
	t.Helper()
	var out struct {
		Person struct {
			WorksAt []struct {
				Title   *string
				Since   *string
				Until   *string
				Company struct{ ID string }
			} `json:"worksAt"`
		} `json:"person"`
	}
	e.data(t, e.admin, `query($id: ID!) { person(id: $id) { worksAt(includePast: true) { title since until company { id } } } }`, map[string]any{"id": id}, &out)
	var jobs []string
	for _, j := range out.Person.WorksAt {
		day := func(s *string) string {
			if s == nil {
				return ""
			}
			return (*s)[:10]
		}
		title := ""
		if j.Title != nil {
			title = *j.Title
		}
		jobs = append(jobs, title+" at "+j.Company.ID+" "+day(j.Since)+".."+day(j.Until))
	}
	slices.Sort(jobs)
	return strings.Join(jobs, "; ")
}

func (e *env) personID(t *testing.T, email string) string {
	t.Helper()
	var out struct {
		Connections struct {
			Edges []struct{ Node struct{ ID, Email string } }
		}
	}
	e.data(t, e.admin, `{ connections(degree: 1, first: 100) { edges { node { id email } } } }`, nil, &out)
	for _, edge := range out.Connections.Edges {
		if edge.Node.Email == email {
			return edge.Node.ID
		}
	}
	t.Fatalf("no connection of p0 has the email %s", email)
	return ""
}

// Exports in any order, a return to a former employer, one person twice
// in a file, two companies with one normalised name, and namesakes in two
// CRMs.
func TestImportEdgeCases(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	store := testdb.Store(t)
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	linkedin := func(name, day string, rows ...string) *contacts.Summary {
		t.Helper()
		sum, err := importContactsErr(t, store, file(name, "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"+strings.Join(rows, "\n")+"\n"), "p0", "", day)
		if err != nil {
			t.Fatal(err, sum.Errors)
		}
		return sum
	}

	// The newer export first, then the older one: the older changes no job.
	// Every row with a company is older than the job the graph has (first
	// given on 2026-12-23); Tom Becker has none.
	importContacts(t, store, "Connections-2026-12.csv", "p0", "", "2026-12-23")
	before := testdb.Fingerprint(t, store)
	sum := importContacts(t, store, "Connections.csv", "p0", "", "2026-11-25")
	if sum.JobsChanged != 0 || sum.SignalsCreated != 0 || sum.StaleRows != 10 {
		t.Errorf("the older export after the newer: %+v", summaryCounts(sum))
	}
	if testdb.Fingerprint(t, store) != before {
		t.Error("the older export changed the graph")
	}

	// Alpha, then Beta, then back at Alpha.
	ann := "https://www.linkedin.com/in/ann-zed"
	linkedin("a.csv", "2026-01-01", "Ann,Zed,"+ann+",ann@zed.example,Alpha Corp,Engineer,01 Jan 2020")
	id := e.personID(t, "ann@zed.example")
	linkedin("b.csv", "2026-02-01", "Ann,Zed,"+ann+",,Beta Corp,Engineer,01 Jan 2020")
	sum = linkedin("c.csv", "2026-03-01", "Ann,Zed,"+ann+",,Alpha Corp,Staff Engineer,01 Jan 2020")
	if sum.JobsChanged != 1 {
		t.Errorf("back at Alpha: %+v", summaryCounts(sum))
	}
	if got := e.jobsOf(t, id); got != "Engineer at co-beta 2026-02-01..2026-03-01; Staff Engineer at co-alpha 2026-03-01.." {
		t.Errorf("Ann's jobs: %s", got)
	}
	// What she keeps of them too: Alpha, her one current employer.
	checkKept(t, store)
	var ann2 struct {
		Companies struct {
			Edges []struct {
				Node struct {
					Company struct{ ID string }
					People  []struct{ Node struct{ ID string } }
				}
			}
		} `json:"companiesWithConnections"`
	}
	e.data(t, e.reader, `{ companiesWithConnections(of: "p0", degree: 1, first: 100) { edges { node { company { id } people { node { id } } } } } }`, nil, &ann2)
	var annAt []string
	for _, edge := range ann2.Companies.Edges {
		for _, p := range edge.Node.People {
			if p.Node.ID == id {
				annAt = append(annAt, edge.Node.Company.ID)
			}
		}
	}
	if strings.Join(annAt, " ") != "co-alpha" {
		t.Errorf("p0's companies have Ann at %v, want co-alpha alone", annAt)
	}
	// An export of January again: the graph knows both jobs from later.
	if sum := linkedin("a.csv", "2026-01-01", "Ann,Zed,"+ann+",ann@zed.example,Alpha Corp,Engineer,01 Jan 2020"); sum.TitlesChanged != 0 || sum.StaleRows != 1 {
		t.Errorf("the January export again: %+v", summaryCounts(sum))
	}

	// A CRM row older than the job the graph has leaves the job and its
	// company alone (Quantix Data stays no customer); the person still
	// records the source.
	stale := file("stale.csv", "First Name,Last Name,Email,Job Title,Company Name,Contact owner,Lifecycle Stage\n"+
		"Dana,Reyes,dana.reyes@northwind.example,Chief Customer Officer,Quantix Data,Alex Morgan,Customer\n")
	jobs := e.jobsOf(t, "p10")
	if sum, err := importContactsErr(t, store, stale, "", "hubspot", "2026-11-25"); err != nil || sum.StaleRows != 1 {
		t.Errorf("an older CRM row: %v %+v", err, summaryCounts(sum))
	}
	var quantix struct {
		Company struct {
			Customer bool
			Sources  []sourceJSON
		}
	}
	e.data(t, e.admin, `{ company(id: "c5") { customer sources { kind owner since } } }`, nil, &quantix)
	if got := e.jobsOf(t, "p10"); got != jobs || quantix.Company.Customer || sourcesText(quantix.Company.Sources) != "2026-12-23 linkedin p0" {
		t.Errorf("an older CRM row: Dana's jobs %s (were %s), Quantix %+v", got, jobs, quantix.Company)
	}
	// A job that ended after the export is not reopened by it.
	testdb.ImportText(t, store, `{"type":"person","id":"zz-q","name":"Di Wu","email":"di@wu.example"}
{"type":"company","id":"zz-c","name":"Omega Ltd"}
{"type":"works_at","person":"zz-q","company":"zz-c","title":"Analyst","since":"2024-01-01","until":"2026-06-01"}
{"type":"knows","a":"p0","b":"zz-q","strength":0.5}`)
	if sum := linkedin("omega.csv", "2026-03-01", "Di,Wu,,di@wu.example,Omega,Analyst,01 Jan 2024"); sum.StaleRows != 1 || sum.JobsChanged != 0 {
		t.Errorf("an export from before the job ended: %+v", summaryCounts(sum))
	}
	if got := e.jobsOf(t, "zz-q"); got != "Analyst at zz-c 2024-01-01..2026-06-01" {
		t.Errorf("Di Wu's jobs after an export from before the job ended: %s", got)
	}

	// One person on two rows of a file, at the company they work at and at
	// another, in either order: two current jobs, no job change, and the
	// same file again changes nothing.
	for _, order := range [][2]string{{"Alpha Corp", "Beta Corp"}, {"Beta Corp", "Alpha Corp"}} {
		testdb.ImportText(t, store, `{"type":"person","id":"zz-e","name":"Eve Ng","email":"eve@ng.example"}
{"type":"company","id":"zz-alpha","name":"Alpha Corp"}
{"type":"works_at","person":"zz-e","company":"zz-alpha","title":"Engineer","since":"2020-01-01"}`)
		rows := file("eve.csv", "First Name,Last Name,Email,Job Title,Company Name,Contact owner\n"+
			"Eve,Ng,eve@ng.example,Engineer,"+order[0]+",Alex Morgan\nEve,Ng,eve@ng.example,Engineer,"+order[1]+",Alex Morgan\n")
		for run := range 3 {
			sum, err := importContactsErr(t, store, rows, "", "hubspot", "2026-11-25")
			if err != nil || sum.JobsChanged != 0 || sum.SignalsCreated != 0 {
				t.Errorf("%v, run %d: %v %+v", order, run, err, summaryCounts(sum))
			}
			if run == 1 {
				before = testdb.Fingerprint(t, store)
			}
		}
		if testdb.Fingerprint(t, store) != before {
			t.Errorf("%v: the same file changed the graph again", order)
		}
		if got := e.jobsOf(t, "zz-e"); got != "Engineer at co-beta 2026-03-01.. ; Engineer at zz-alpha 2020-01-01.." && got != "Engineer at co-beta ..; Engineer at zz-alpha 2020-01-01.." {
			t.Errorf("%v: Eve's jobs: %s", order, got)
		}
		if _, err := store.DeletePerson(context.Background(), "zz-e"); err != nil {
			t.Fatal(err)
		}
	}

	// A CRM contact found again by the CRM's id once it has an email.
	for _, text := range []string{"Record ID,First Name,Last Name,Email,Job Title,Company Name,Contact owner\n77,Lea,Vu,,CTO,,Alex Morgan\n",
		"Record ID,First Name,Last Name,Email,Job Title,Company Name,Contact owner\n77,Lea,Vu,lea@vu.example,CTO,,Alex Morgan\n"} {
		if _, err := importContactsErr(t, store, file("lea.csv", text), "", "hubspot", "2026-11-25"); err != nil {
			t.Fatal(err)
		}
	}
	if ids := e.peopleNamed(t, store, "Lea Vu"); len(ids) != 1 {
		t.Errorf("Lea Vu: %v", ids)
	}

	// One person twice in one file, at two companies: two current jobs,
	// no job change, and again changes nothing.
	two := file("two.csv", "First Name,Last Name,Email,Job Title,Company Name,Contact owner\n"+
		"Bea,Yu,bea@yu.example,Advisor,Gamma Labs,Alex Morgan\nBea,Yu,bea@yu.example,CFO,Delta Labs,Alex Morgan\n")
	for run := range 2 {
		sum, err := importContactsErr(t, store, two, "", "hubspot", "2026-11-25")
		if err != nil || sum.JobsChanged != 0 || sum.SignalsCreated != 0 {
			t.Errorf("run %d: %v %+v", run, err, summaryCounts(sum))
		}
		if run == 0 {
			before = testdb.Fingerprint(t, store)
		}
	}
	if testdb.Fingerprint(t, store) != before {
		t.Error("the file with one person twice changed the graph the second time")
	}
	if got := e.jobsOf(t, e.personID(t, "bea@yu.example")); got != "Advisor at co-gamma-labs ..; CFO at co-delta-labs .." {
		t.Errorf("Bea's jobs: %s", got)
	}

	// Two companies with one normalised name: a job at either is a job at
	// that company.
	testdb.ImportText(t, store, `{"type":"company","id":"zz-a1","name":"Zork Widgets"}
{"type":"company","id":"zz-a2","name":"Zork Widgets, Inc."}
{"type":"person","id":"zz-p","name":"Cy Vo","email":"cy@vo.example"}
{"type":"works_at","person":"zz-p","company":"zz-a2","title":"Engineer","since":"2024-01-01"}
{"type":"knows","a":"p0","b":"zz-p","strength":0.5}`)
	if sum := linkedin("zork.csv", "2026-11-25", "Cy,Vo,,cy@vo.example,\"Zork Widgets, Inc.\",Engineer,01 Jan 2024"); sum.JobsChanged != 0 || sum.SignalsCreated != 0 {
		t.Errorf("Zork Widgets: %+v", summaryCounts(sum))
	}
	if got := e.jobsOf(t, "zz-p"); got != "Engineer at zz-a2 2024-01-01.." {
		t.Errorf("Cy's jobs: %s", got)
	}

	// Namesakes without email, URL or owner in two CRMs are two people.
	sf := file("sf.csv", "Contact Owner,First Name,Last Name,Title,Email,Account Name\n,John,Smith,CTO,,\n")
	hs := file("hs.csv", "First Name,Last Name,Email,Job Title,Company Name,Contact owner\nJohn,Smith,,Plumber,,\n")
	for _, f := range []struct{ path, mapping string }{{sf, "salesforce"}, {hs, "hubspot"}} {
		if sum, err := importContactsErr(t, store, f.path, "", f.mapping, "2026-11-25"); err != nil || sum.PeopleCreated != 1 {
			t.Errorf("%s: %v %+v", f.mapping, err, summaryCounts(sum))
		}
	}
}
