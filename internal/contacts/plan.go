package contacts

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/relgraph/relgraph/internal/importer"
	"github.com/relgraph/relgraph/internal/model"
)

// Graph is what an import of contacts reads of the graph before writing.
type Graph interface {
	// FindPeople returns the people that have one of the values as their
	// email, LinkedIn URL or id (by is "email", "linkedinUrl" or "id"); a
	// person merged into another stands for the one it was merged into.
	FindPeople(ctx context.Context, by string, values []string) (map[string]*Person, error)
	// Companies lists every company's id and name.
	Companies(ctx context.Context) ([]Company, error)
	// Jobs returns the jobs of people, past ones included.
	Jobs(ctx context.Context, ids []string) (map[string][]Job, error)
	// ReopenJobs makes past jobs current again (a person back at a former
	// employer): their end goes.
	ReopenJobs(ctx context.Context, jobs []Job) error
	// Employees returns the current employees of companies.
	Employees(ctx context.Context, companies []string) (map[string][]*Person, error)
	// Team lists the team members (team: true).
	Team(ctx context.Context) ([]*Person, error)
	// KnownPairs returns those of pairs that have a KNOWS.
	KnownPairs(ctx context.Context, pairs []model.Pair) (map[model.Pair]bool, error)
	// Suppressed returns those of hashes that erased people left; with
	// no hashes, one if there is any.
	Suppressed(ctx context.Context, hashes []string) ([]string, error)
	// AddMergeCandidates records candidates (those already recorded stay
	// as they are) and returns how many are new.
	AddMergeCandidates(ctx context.Context, cands []Candidate, at time.Time) (int, error)
}

// Person is a person of the graph, as an import of contacts sees them.
type Person struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	LinkedinURL string `json:"linkedinUrl"`
}

// Company is a company of the graph.
type Company struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Job is a job of a person.
type Job struct {
	Person string     `json:"person"`
	Until  *time.Time `json:"until"`
	// Seen is the latest day a source gave the job, if any did.
	Seen *time.Time `json:"seen"`
	// mine marks a job this import gives, which no row of it ends.
	mine    bool
	Company string     `json:"company"`
	Title   string     `json:"title"`
	Since   *time.Time `json:"since"`
}

// colleague is a current employee, as the weak evidence compares them.
type colleague struct {
	id   string
	name Name
}

// Candidate is weak evidence that two people are one: a merge to review.
type Candidate struct {
	A, B   string
	Reason string
	Score  float64
}

// Options tune an import of contacts.
type Options struct {
	// Owner is whose LinkedIn connections the file holds (a person id).
	Owner string
	// AsOf is the export's day: the day sources are first seen, old jobs
	// end and job changes happen.
	AsOf time.Time
	// Private marks every relationship the file gives (its owner's, or
	// each contact owner's KNOWS to the contact) private.
	Private bool
	// Import tunes the write (batch size, writers, progress).
	Import importer.Options
}

// Summary is what an import of contacts did.
type Summary struct {
	Rows             int
	PeopleCreated    int
	MatchedByEmail   int
	MatchedByURL     int
	MatchedAgain     int // people this source had already created
	CompaniesCreated int
	Connections      int // new KNOWS
	Private          int // relationships marked private (Options.Private)
	MergeCandidates  int // weak matches found
	NewCandidates    int // of which not recorded before
	JobsChanged      int
	TitlesChanged    int
	StaleRows        int // rows older than the graph's current job
	SignalsCreated   int
	Suppressed       int // rows about people erased for good, skipped
	// Matching is the time spent reading the graph and matching rows,
	// before anything is written.
	Matching time.Duration
	Errors   []*RowError
	Write    *importer.Summary
}

// Matching is the phase of an import of contacts that reads the graph
// and matches rows, before the importer's phases.
const Matching importer.Phase = "matching"

// ErrInvalid means the file had bad rows and nothing was written.
var ErrInvalid = errors.New("the file has bad rows; nothing was written")

// planner turns a file's rows into the graph's lines.
type planner struct {
	ctx   context.Context
	g     Graph
	file  *File
	opts  Options
	sum   *Summary
	day   string
	lines bytes.Buffer
	rowOf []int

	companies map[string]string // CompanyKey -> id
	companyID map[string]bool   // ids taken
	names     map[string]string // company id -> name
	keys      map[string]string // company id -> CompanyKey of its name
	jobs      map[string][]Job  // person -> jobs, as this import leaves them
	reopen    []Job
	named     map[string]map[string]bool        // person -> keys of the companies the file's rows name for them
	employees map[string]map[string][]colleague // company -> folded last name -> people
	occurs    map[string]int                    // derived keys seen
	people    map[string]*Person                // by id: those of this file
	created   map[string]bool                   // people this import creates
	emitted   map[string]bool                   // company lines written, by id and owner
	byEmail   map[string]string
	byURL     map[string]string
	known     map[model.Pair]bool
	private   map[model.Pair]bool // relationships marked private (Options.Private)
	cands     map[model.Pair]*Candidate
}

// Import reads the graph, plans the file's lines, checks every row (a bad
// one writes nothing), then writes them with the NDJSON importer and
// records the merge candidates.
func Import(ctx context.Context, f *File, g Graph, w importer.Writer, opts Options) (*Summary, error) {
	start := time.Now()
	sum := &Summary{Rows: f.Rows, Errors: f.Errors}
	p := &planner{ctx: ctx, g: g, file: f, opts: opts, sum: sum, day: opts.AsOf.UTC().Format(time.DateOnly),
		companyID: map[string]bool{}, names: map[string]string{}, keys: map[string]string{}, people: map[string]*Person{}, created: map[string]bool{}, emitted: map[string]bool{}, occurs: map[string]int{},
		byEmail: map[string]string{}, byURL: map[string]string{}, cands: map[model.Pair]*Candidate{}}
	if len(f.Errors) > 0 {
		// Bad rows write nothing; the owners are checked too, so that
		// one run names every bad row.
		if _, err := p.owners(); err != nil {
			return sum, err
		}
	} else if err := p.plan(); err != nil {
		return sum, err
	}
	sum.Matching = time.Since(start)
	if len(sum.Errors) > 0 {
		slices.SortStableFunc(sum.Errors, func(a, b *RowError) int { return a.Row - b.Row })
		return sum, ErrInvalid
	}
	data := p.lines.Bytes()
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	ws, err := importer.Import(ctx, open, w, opts.Import)
	sum.Write = ws
	if err != nil {
		if ws != nil {
			for _, e := range ws.Errors {
				row := 0
				if e.Line > 0 && e.Line <= len(p.rowOf) {
					row = p.rowOf[e.Line-1]
				}
				sum.Errors = append(sum.Errors, &RowError{Row: row, Reason: e.Reason})
			}
		}
		return sum, err
	}
	if err := g.ReopenJobs(ctx, p.reopen); err != nil {
		return sum, fmt.Errorf("reopening jobs: %w", err)
	}
	cands := make([]Candidate, 0, len(p.cands))
	for _, c := range p.cands {
		cands = append(cands, *c)
	}
	slices.SortFunc(cands, func(a, b Candidate) int { return strings.Compare(a.A+"\x00"+a.B, b.A+"\x00"+b.B) })
	sum.MergeCandidates = len(cands)
	if sum.NewCandidates, err = g.AddMergeCandidates(ctx, cands, opts.AsOf); err != nil {
		return sum, fmt.Errorf("recording merge candidates: %w", err)
	}
	return sum, nil
}

// line adds one line of the import format, made from row.
func (p *planner) line(row int, fields map[string]any) {
	b, err := json.Marshal(fields)
	if err != nil {
		p.sum.Errors = append(p.sum.Errors, &RowError{Row: row, Reason: err.Error()})
		return
	}
	p.lines.Write(b)
	p.lines.WriteByte('\n')
	p.rowOf = append(p.rowOf, row)
}

func (p *planner) source(owner string) []string {
	return []string{model.NewProvenance(p.file.Kind, owner, p.opts.AsOf)}
}

// hashID is an id made from a key: the same key always gives it.
func hashID(prefix, key string) string {
	h := sha256.Sum256([]byte(key))
	return prefix + hex.EncodeToString(h[:8])
}

func (p *planner) plan() error {
	ctx := p.ctx
	p.progress(0)
	// Owners: LinkedIn's must exist; a CRM row's must be a team member.
	owners, err := p.owners()
	if err != nil {
		return err
	}
	// Companies by normalised name.
	if err := p.loadCompanies(); err != nil {
		return err
	}
	rowCompanies := map[string]bool{}
	for _, a := range p.file.Companies {
		rowCompanies[p.company(a, "")] = true
	}
	for _, c := range p.file.People {
		rowCompanies[p.companyOf(c.Company)] = true
	}
	// People by strong keys, then by the ids this source gives people
	// without one.
	var emails, urls, ids []string
	derived := make([]string, len(p.file.People))
	for i, c := range p.file.People {
		derived[i] = p.derivedID(c, owners[c])
	}
	// Rows about people erased for good are skipped.
	if err := p.dropErased(derived); err != nil {
		return err
	}
	derived = derived[:len(p.file.People)]
	for i, c := range p.file.People {
		if c.Email != "" {
			emails = append(emails, c.Email)
		}
		if c.LinkedinURL != "" {
			urls = append(urls, c.LinkedinURL)
		}
		ids = append(ids, derived[i])
	}
	found := map[string]map[string]*Person{}
	for by, values := range map[string][]string{"email": emails, "linkedinUrl": urls, "id": ids} {
		if found[by], err = p.g.FindPeople(ctx, by, values); err != nil {
			return err
		}
	}
	resolved := make([]*Person, len(p.file.People))
	var matched []string
	for i, c := range p.file.People {
		resolved[i] = p.match(c, found, derived[i])
		matched = append(matched, resolved[i].ID)
	}
	if p.jobs, err = p.g.Jobs(ctx, matched); err != nil {
		return err
	}
	var pairs []model.Pair
	for i, c := range p.file.People {
		if o := owners[c]; o != "" && o != resolved[i].ID {
			pairs = append(pairs, model.PairOf(o, resolved[i].ID))
		}
	}
	if p.known, err = p.g.KnownPairs(ctx, pairs); err != nil {
		return err
	}
	p.private = map[model.Pair]bool{}
	// The colleagues weak evidence looks among: those of the companies
	// the rows name, and of companies with the same normalised name.
	var companyIDs []string
	for id, name := range p.names {
		if rowCompanies[p.companies[p.keyOf(id)]] && name != "" {
			companyIDs = append(companyIDs, id)
		}
	}
	slices.Sort(companyIDs)
	employees, err := p.g.Employees(ctx, companyIDs)
	if err != nil {
		return err
	}
	p.employees = map[string]map[string][]colleague{}
	for company, list := range employees {
		for _, e := range list {
			p.colleague(p.companies[p.keyOf(company)], e.ID, ParseName(e.Name))
		}
	}
	p.named = map[string]map[string]bool{}
	for i, c := range p.file.People {
		if id := p.companyOf(c.Company); id != "" {
			if p.named[resolved[i].ID] == nil {
				p.named[resolved[i].ID] = map[string]bool{}
			}
			p.named[resolved[i].ID][p.keyOf(id)] = true
		}
	}
	for i, c := range p.file.People {
		p.person(c, resolved[i], owners[c])
		if i%1000 == 999 {
			p.progress(i + 1)
		}
	}
	p.progress(len(p.file.People))
	return nil
}

// dropErased removes from the file's people the rows whose email,
// LinkedIn URL or id is an erased person's, and from derived their ids.
func (p *planner) dropErased(derived []string) error {
	if any, err := p.g.Suppressed(p.ctx, nil); err != nil || len(any) == 0 {
		return err
	}
	var hashes []string
	for i, c := range p.file.People {
		hashes = append(hashes, model.SuppressionHash(model.SuppressID, derived[i]))
		if c.Email != "" {
			hashes = append(hashes, model.SuppressionHash(model.SuppressEmail, c.Email))
		}
		if c.LinkedinURL != "" {
			hashes = append(hashes, model.SuppressionHash(model.SuppressLinkedIn, c.LinkedinURL))
		}
	}
	gone := map[string]bool{}
	err := model.InChunks(hashes, func(chunk []string) error {
		found, err := p.g.Suppressed(p.ctx, chunk)
		for _, h := range found {
			gone[h] = true
		}
		return err
	})
	if err != nil || len(gone) == 0 {
		return err
	}
	kept := p.file.People[:0]
	for i, c := range p.file.People {
		if gone[model.SuppressionHash(model.SuppressID, derived[i])] || c.Email != "" && gone[model.SuppressionHash(model.SuppressEmail, c.Email)] ||
			c.LinkedinURL != "" && gone[model.SuppressionHash(model.SuppressLinkedIn, c.LinkedinURL)] {
			p.sum.Suppressed++
			continue
		}
		derived[len(kept)] = derived[i]
		kept = append(kept, c)
	}
	p.file.People = kept
	return nil
}

func (p *planner) progress(done int) {
	if p.opts.Import.Progress != nil {
		p.opts.Import.Progress(importer.Progress{Phase: Matching, Done: done, Total: len(p.file.People)})
	}
}

// owners resolves each row's owner to a person id: LinkedIn's given one,
// or a CRM row's team member by id, email or name.
func (p *planner) owners() (map[*Contact]string, error) {
	out := map[*Contact]string{}
	if p.file.Kind == model.SourceLinkedIn {
		found, err := p.g.FindPeople(p.ctx, "id", []string{p.opts.Owner})
		if err != nil {
			return nil, err
		}
		if found[p.opts.Owner] == nil || found[p.opts.Owner].ID != p.opts.Owner {
			return nil, fmt.Errorf("unknown owner %q: no person has that id (import the owner first)", p.opts.Owner)
		}
		for _, c := range p.file.People {
			out[c] = p.opts.Owner
		}
		return out, nil
	}
	team, err := p.g.Team(p.ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range p.file.People {
		if c.Owner == "" {
			continue
		}
		var hits []string
		for _, m := range team {
			if m.ID == c.Owner || m.Email != "" && strings.EqualFold(m.Email, c.Owner) || NameKey(m.Name) == NameKey(c.Owner) {
				hits = append(hits, m.ID)
			}
		}
		switch len(hits) {
		case 1:
			out[c] = hits[0]
		case 0:
			p.sum.Errors = append(p.sum.Errors, &RowError{Row: c.Row, Reason: fmt.Sprintf("unknown owner %q: no team member has that id, email or name", c.Owner)})
		default:
			p.sum.Errors = append(p.sum.Errors, &RowError{Row: c.Row, Reason: fmt.Sprintf("owner %q is ambiguous: team members %s", c.Owner, strings.Join(hits, ", "))})
		}
	}
	return out, nil
}

func (p *planner) loadCompanies() error {
	list, err := p.g.Companies(p.ctx)
	if err != nil {
		return err
	}
	p.companies = map[string]string{}
	slices.SortFunc(list, func(a, b Company) int { return strings.Compare(a.ID, b.ID) })
	for _, c := range list {
		p.companyID[c.ID] = true
		// Two companies with one normalised name: rows go to the smallest
		// id, and a job at either is a job at the same company.
		p.names[c.ID] = c.Name
		if key := CompanyKey(c.Name); key != "" && p.companies[key] == "" {
			p.companies[key] = c.ID
		}
	}
	return nil
}

// keyOf is the CompanyKey of a company's name, by its id.
func (p *planner) keyOf(id string) string {
	k, ok := p.keys[id]
	if !ok {
		k = CompanyKey(p.names[id])
		p.keys[id] = k
	}
	return k
}

// companyOf returns the id of the company a row names, by normalised
// name: an existing one, or a new id ("" when the row names none).
func (p *planner) companyOf(a *Account) string {
	key := ""
	if a != nil {
		key = CompanyKey(a.Name)
	}
	if key == "" {
		return ""
	}
	if id, ok := p.companies[key]; ok {
		return id
	}
	id := "co-" + strings.ReplaceAll(model.Fold(key), " ", "-")
	if p.companyID[id] || strings.ContainsFunc(id, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') }) {
		id = hashID("co-", key)
	}
	p.companies[key], p.names[id] = id, a.Name
	p.companyID[id] = true
	p.created[id] = true
	return id
}

// company writes the company line of a row (once per company and owner,
// unless the row says more of it than its name) and returns its id.
func (p *planner) company(a *Account, owner string) string {
	id := p.companyOf(a)
	if id == "" {
		return ""
	}
	fields := map[string]any{"type": "company", "id": id}
	for k, v := range map[string]string{"domain": a.Domain, "industry": a.Industry, "city": a.City, "country": a.Country, "stage": a.Stage} {
		if v != "" {
			fields[k] = v
		}
	}
	if a.Customer != nil {
		fields["customer"] = *a.Customer
	}
	if a.Clv != nil {
		fields["clv"] = *a.Clv
	}
	if p.emitted[id+"\x00"+owner] && len(fields) == 2 {
		return id
	}
	if !p.emitted[id] && p.created[id] {
		fields["name"] = p.names[id]
		p.sum.CompaniesCreated++
	}
	p.emitted[id], p.emitted[id+"\x00"+owner] = true, true
	fields["sources"] = p.source(owner)
	p.line(a.Row, fields)
	return id
}

// derivedID is the id this source gives a person: from the CRM's own id
// of the contact when the mapping gives it, else from the LinkedIn URL or
// the email when the row has one, else from the name, the company, the kind of file (a mapping's
// name), whose file it is and how many rows before had the same, so that
// importing the file again finds the same person and nothing shares a
// person by name alone.
func (p *planner) derivedID(c *Contact, owner string) string {
	switch {
	case c.RecordID != "":
		// The CRM's own id first: it stays when an email or URL comes.
		return hashID("p-", "record:"+p.file.Source+"\x00"+c.RecordID)
	case c.LinkedinURL != "":
		return hashID("p-", "url:"+c.LinkedinURL)
	case c.Email != "":
		return hashID("p-", "email:"+c.Email)
	}
	company := ""
	if c.Company != nil {
		company = CompanyKey(c.Company.Name)
	}
	// Two such rows in one file are two people (maybe a candidate pair):
	// the second gets the key's second id.
	key := "name:" + p.file.Source + "\x00" + owner + "\x00" + NameKey(c.Name) + "\x00" + company
	p.occurs[key]++
	if n := p.occurs[key]; n > 1 {
		key += fmt.Sprintf("\x00%d", n)
	}
	return hashID("p-", key)
}

// match finds the person a row is: by email, then LinkedIn URL (in the
// graph or earlier in the file), then the id this source gave them; or a
// new person.
func (p *planner) match(c *Contact, found map[string]map[string]*Person, derived string) *Person {
	byEmail, byURL := found["email"][c.Email], found["linkedinUrl"][c.LinkedinURL]
	if id, ok := p.byEmail[c.Email]; ok && c.Email != "" {
		byEmail = p.people[id]
	}
	if id, ok := p.byURL[c.LinkedinURL]; ok && c.LinkedinURL != "" {
		byURL = p.people[id]
	}
	var hit *Person
	switch {
	case byEmail != nil:
		hit = byEmail
		p.sum.MatchedByEmail++
		if byURL != nil && byURL.ID != byEmail.ID {
			// The URL is the other person's: a candidate, and the row's
			// URL is not given to this one.
			p.candidate(byEmail.ID, byURL.ID, "same email as "+byEmail.ID+", same LinkedIn URL as "+byURL.ID, 1)
			c.LinkedinURL = ""
		}
	case byURL != nil:
		hit = byURL
		p.sum.MatchedByURL++
	case found["id"][derived] != nil:
		hit = found["id"][derived]
		p.sum.MatchedAgain++
	case p.people[derived] != nil:
		hit = p.people[derived]
		p.sum.MatchedAgain++
	default:
		hit = &Person{ID: derived}
		p.sum.PeopleCreated++
		p.people[derived] = hit
		p.created[derived] = true
	}
	if prev, ok := p.people[hit.ID]; ok {
		hit = prev
	} else {
		p.people[hit.ID] = hit
	}
	if c.Email != "" {
		p.byEmail[c.Email] = hit.ID
	}
	if c.LinkedinURL != "" {
		p.byURL[c.LinkedinURL] = hit.ID
	}
	return hit
}

// person writes what a row says of its person: keys they lack, their job
// (a job change closes the old one and makes a JOB_CHANGE signal), the
// owner's KNOWS, and merge candidates among their colleagues.
func (p *planner) person(c *Contact, who *Person, owner string) {
	created := p.created[who.ID] && who.Name == ""
	fields := map[string]any{"type": "person", "id": who.ID, "sources": p.source(owner)}
	if who.Email == "" && c.Email != "" {
		fields["email"], who.Email = c.Email, c.Email
	}
	if who.LinkedinURL == "" && c.LinkedinURL != "" {
		fields["linkedinUrl"], who.LinkedinURL = c.LinkedinURL, c.LinkedinURL
	}
	if created {
		who.Name = c.Name
		fields["name"] = c.Name
		for k, v := range map[string]string{"department": c.Department, "seniority": c.Seniority, "city": c.City, "country": c.Country} {
			if v != "" {
				fields[k] = v
			}
		}
	}
	// The company is written unless the row is older than what the graph
	// knows of the person's job.
	company := p.companyOf(c.Company)
	if company != "" && p.job(c, who, company, owner, fields) {
		p.company(c.Company, owner)
	} else if created && c.Title != "" {
		fields["title"] = c.Title
	}
	p.line(c.Row, fields)
	if owner != "" && owner != who.ID {
		k := map[string]any{"type": "knows", "a": owner, "b": who.ID, "sources": p.source(owner)}
		pr := model.PairOf(owner, who.ID)
		if !p.known[pr] {
			p.known[pr] = true
			p.sum.Connections++
			k["source"] = p.file.Kind
			if c.Since != nil {
				k["since"] = c.Since.Format(time.DateOnly)
			}
		}
		if p.opts.Private {
			k["private"] = true
			if !p.private[pr] {
				p.private[pr] = true
				p.sum.Private++
			}
		}
		p.line(c.Row, k)
	}
	if company == "" {
		return
	}
	name := ParseName(c.Name)
	if p.created[who.ID] {
		for _, other := range p.employees[company][name.Last()] {
			if other.id != who.ID {
				if reason, score := name.Closeness(other.name); score > 0 {
					p.candidate(who.ID, other.id, reason+" at "+p.names[company], score)
				}
			}
		}
	}
	p.colleague(company, who.ID, name)
}

// colleague records a current employee of a company.
func (p *planner) colleague(company, id string, name Name) {
	byLast := p.employees[company]
	if byLast == nil {
		byLast = map[string][]colleague{}
		p.employees[company] = byLast
	}
	if !slices.ContainsFunc(byLast[name.Last()], func(c colleague) bool { return c.id == id }) {
		byLast[name.Last()] = append(byLast[name.Last()], colleague{id, name})
	}
}

// job writes a row's job at company and says whether it wrote anything:
// a new title, or a move from the current jobs (which end), or a return
// to a former one (which is current again); nothing when the graph knows
// the person's jobs from after the export. A company with the same
// normalised name is the same company. p.jobs keeps every job of the
// person as the import leaves it, so that later rows of the same file see
// them.
func (p *planner) job(c *Contact, who *Person, company, owner string, fields map[string]any) (written bool) {
	jobs := p.jobs[who.ID]
	sources := p.source(owner)
	at := p.opts.AsOf.UTC()
	same := func(j Job) bool { return j.Company == company || p.keyOf(j.Company) == p.keyOf(company) }
	// newer: the graph knows the job from after the export (it began,
	// ended or was exported later); not a job this import gives.
	newer := func(j Job) bool {
		if j.mine {
			return false
		}
		for _, t := range []*time.Time{j.Since, j.Until, j.Seen} {
			if t != nil && t.After(at) {
				return true
			}
		}
		return false
	}
	stale := func() bool {
		p.sum.StaleRows++
		return false
	}
	retitle := c.Title != ""
	// Still there: a new title, maybe.
	for i := range jobs {
		j := &jobs[i]
		if j.Until != nil || !same(*j) {
			continue
		}
		if newer(*j) {
			return stale()
		}
		line := map[string]any{"type": "works_at", "person": who.ID, "company": j.Company, "sources": sources}
		if retitle && NameKey(c.Title) != NameKey(j.Title) {
			line["title"], fields["title"] = c.Title, c.Title
			if j.Title != "" && !j.mine {
				p.sum.TitlesChanged++
				p.sum.SignalsCreated++
				p.signal(c.Row, owner, "PROMOTION", who.ID, j.Company, c.Title, fmt.Sprintf("Now %s at %s (was %s)", c.Title, p.names[j.Company], j.Title))
			}
			j.Title = c.Title
		}
		j.mine = true
		p.line(c.Row, line)
		return true
	}
	for _, j := range jobs {
		if newer(j) && (j.Until == nil || same(j)) {
			return stale()
		}
	}
	// A move: the current jobs end (not those this import gives, nor
	// those another row of the file names).
	var was []string
	for i := range jobs {
		j := &jobs[i]
		if j.Until != nil || j.mine || p.named[who.ID][p.keyOf(j.Company)] {
			continue
		}
		p.line(c.Row, map[string]any{"type": "works_at", "person": who.ID, "company": j.Company, "until": p.day})
		was = append(was, strings.TrimSpace(j.Title+" at "+p.names[j.Company]))
		j.Until = &at
	}
	if len(was) > 0 {
		p.sum.JobsChanged++
		p.sum.SignalsCreated++
		what := c.Title
		if what == "" {
			what = "a new role"
		}
		p.signal(c.Row, owner, "JOB_CHANGE", who.ID, company, c.Title, fmt.Sprintf("Now %s at %s (was %s)", what, p.names[company], strings.Join(was, "; ")))
	}
	line := map[string]any{"type": "works_at", "person": who.ID, "company": company, "sources": sources}
	if retitle {
		line["title"], fields["title"] = c.Title, c.Title
	}
	// Back at a former employer: that job is current again.
	for i := range jobs {
		j := &jobs[i]
		if j.Until != nil && same(*j) {
			line["company"], line["since"] = j.Company, p.day
			p.reopen = append(p.reopen, Job{Person: who.ID, Company: j.Company})
			j.Until, j.Since, j.mine = nil, &at, true
			if retitle {
				j.Title = c.Title
			}
			p.line(c.Row, line)
			p.jobs[who.ID] = jobs
			return true
		}
	}
	if len(was) > 0 {
		line["since"] = p.day
	}
	p.line(c.Row, line)
	p.jobs[who.ID] = append(jobs, Job{Person: who.ID, Company: company, Title: c.Title, Since: &at, mine: true})
	return true
}

func (p *planner) signal(row int, owner, kind, person, company, title, summary string) {
	s := map[string]any{"type": "signal", "id": hashID("sig-", kind+"\x00"+person+"\x00"+company+"\x00"+title+"\x00"+p.day), "kind": kind,
		"person": person, "company": company, "at": p.day, "summary": summary, "source": p.file.Kind, "sources": p.source(owner)}
	if title != "" {
		s["title"] = title
	}
	p.line(row, s)
}

func (p *planner) candidate(a, b, reason string, score float64) {
	pr := model.PairOf(a, b)
	if old, ok := p.cands[pr]; ok && old.Score >= score {
		return
	}
	p.cands[pr] = &Candidate{A: pr[0], B: pr[1], Reason: reason, Score: score}
}
