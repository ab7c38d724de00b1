package server_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/contacts"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/testdb"
)

// Private relationships through the API: a team member marks theirs with
// markPrivate (a reader key may); their key and admin keys still count
// it, another team member's key does not; who may mark what; upsertKnows
// under the same rule; an import of contacts with -private.
func TestPrivateRelationships(t *testing.T) {
	restoreDemo(t)
	f := &auth.File{}
	key := keyMaker(t, f)
	alex := key("alex", auth.Reader, "p0") // team member, TEAM scope
	sam := key("sam", auth.Reader, "p3")   // another team member
	jordan := key("jordan", auth.Writer, "p1")
	hannah := key("hannah", auth.Reader, "p20") // a contact
	admin := key("ops", auth.Admin, "")
	e := &env{url: serveWithKeys(t, server.Options{}, f)}

	knowsOfP0 := func(key string) []string {
		t.Helper()
		var d struct {
			Person struct {
				Knows []struct {
					Private bool
					Person  struct{ ID string }
				}
			}
		}
		e.data(t, key, `{ person(id: "p0") { knows { private person { id } } } }`, nil, &d)
		var out []string
		for _, k := range d.Person.Knows {
			id := k.Person.ID
			if k.Private {
				id += " (private)"
			}
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}
	count := func(key, of string) int {
		t.Helper()
		var d struct{ Connections struct{ TotalCount int } }
		e.data(t, key, `query($of: ID!) { connections(of: $of, degree: 1) { totalCount } }`, map[string]any{"of": of}, &d)
		return d.Connections.TotalCount
	}
	before := knowsOfP0(sam)
	if !slices.Contains(before, "p10") || len(before) != 23 || count(sam, "p0") != 23 {
		t.Fatalf("before: p0 knows %v", before)
	}

	// Alex makes the relationship with Dana Reyes private.
	var marked struct {
		MarkPrivate struct {
			Private  bool
			Strength float64
			Person   struct{ ID string }
		}
	}
	e.data(t, alex, `mutation { markPrivate(with: "p10") { private strength person { id } } }`, nil, &marked)
	if m := marked.MarkPrivate; !m.Private || m.Person.ID != "p10" || m.Strength == 0 {
		t.Errorf("markPrivate: %+v", m)
	}
	for name, tc := range map[string]struct {
		key   string
		knows int
		p10   string
	}{
		"alex": {alex, 23, "p10 (private)"}, "admin": {admin, 23, "p10 (private)"}, "sam": {sam, 22, ""},
	} {
		got := knowsOfP0(tc.key)
		p10 := ""
		for _, k := range got {
			if strings.HasPrefix(k, "p10") {
				p10 = k
			}
		}
		if len(got) != tc.knows || p10 != tc.p10 || count(tc.key, "p0") != tc.knows {
			t.Errorf("%s: p0 knows %d (%q), connections %d; want %d (%q)", name, len(got), p10, count(tc.key, "p0"), tc.knows, tc.p10)
		}
	}
	// Sam's way to Dana now goes around it.
	var paths struct {
		IntroductionPaths []struct{ People []struct{ ID string } }
	}
	e.data(t, sam, `{ introductionPaths(to: "p10", maxHops: 4) { people { id } } }`, nil, &paths)
	for _, p := range paths.IntroductionPaths {
		for i := 1; i < len(p.People); i++ {
			if a, b := p.People[i-1].ID, p.People[i].ID; a == "p0" && b == "p10" || a == "p10" && b == "p0" {
				t.Errorf("sam's path %v goes through p0's private relationship", p.People)
			}
		}
	}

	// Who may mark what.
	for _, tc := range []struct {
		name, key, query, code, msg string
	}{
		{"someone else's", sam, `mutation { markPrivate(of: "p0", with: "p11") { private } }`, "FORBIDDEN",
			`key "sam" may mark private only the relationships of its own person, p3, not the one between p0 and p11`},
		{"a contact's own", hannah, `mutation { markPrivate(with: "p0") { private } }`, "FORBIDDEN",
			`key "hannah" speaks for p20, who is not a team member`},
		{"two contacts'", admin, `mutation { markPrivate(of: "p10", with: "p12") { private } }`, "BAD_USER_INPUT",
			"neither p10 nor p12 is a team member"},
		{"no relationship", alex, `mutation { markPrivate(with: "p40") { private } }`, "NOT_FOUND", `relationship "p0 KNOWS p40" does not exist`},
		{"oneself", alex, `mutation { markPrivate(with: "p0") { private } }`, "BAD_USER_INPUT", "a person cannot know themselves"},
		{"upsert, someone else's", jordan, `mutation { upsertKnows(input: [{a: "p1", b: "p24", private: true}, {a: "p0", b: "p12", private: true}]) { count } }`, "FORBIDDEN",
			`input[1]: key "jordan" may mark private only the relationships of its own person, p1`},
	} {
		res := e.post(t, tc.key, tc.query, nil)
		if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != tc.code || !strings.Contains(res.Errors[0].Message, tc.msg) {
			t.Errorf("%s: want %s %q, got %+v", tc.name, tc.code, tc.msg, res.Errors)
		}
	}
	// The refused upsert wrote nothing; the admin key may mark anyone's.
	if got := knowsOfP0(admin); slices.Contains(got, "p12 (private)") {
		t.Error("a refused upsert marked p0-p12")
	}
	e.data(t, jordan, `mutation { upsertKnows(input: [{a: "p24", b: "p1", private: true}]) { count } }`, nil, &struct{}{})
	e.data(t, admin, `mutation { markPrivate(of: "p2", with: "p0") { private } }`, nil, &struct{}{})
	if got := knowsOfP0(sam); len(got) != 21 || slices.Contains(got, "p2") {
		t.Errorf("sam: p0 knows %v after p0-p2 became private", got)
	}
	// Public again.
	e.data(t, alex, `mutation { markPrivate(with: "p10", private: false) { private } }`, nil, &struct{}{})
	e.data(t, admin, `mutation { markPrivate(of: "p0", with: "p2", private: false) { private } }`, nil, &struct{}{})
	if got := knowsOfP0(sam); !slices.Equal(got, before) {
		t.Errorf("after making them public again sam sees p0 knows %v, want %v", got, before)
	}

	// A merge keeps the mark: Dana's private relationship with p0 stays
	// private when she is merged into a duplicate p0 knows openly, and an
	// unmerge gives each back as it was.
	e.data(t, alex, `mutation { markPrivate(with: "p10") { private } }`, nil, &struct{}{})
	e.data(t, admin, `mutation { upsertPeople(input: [{id: "p90", name: "Dana Reyes"}]) { count } upsertKnows(input: [{a: "p0", b: "p90", strength: 0.3}]) { count } }`, nil, &struct{}{})
	e.data(t, jordan, `mutation { mergePeople(keep: "p90", merge: "p10") { keep { id } } }`, nil, &struct{}{})
	if got := knowsOfP0(alex); !slices.Contains(got, "p90 (private)") || slices.Contains(got, "p10") {
		t.Errorf("after the merge alex sees p0 knows %v", got)
	}
	if got := knowsOfP0(sam); slices.Contains(got, "p90") || len(got) != 22 {
		t.Errorf("after the merge sam sees p0 knows %v", got)
	}
	e.data(t, jordan, `mutation { unmergePeople(id: "p10") { id } }`, nil, &struct{}{})
	if got := knowsOfP0(alex); !slices.Contains(got, "p90") || !slices.Contains(got, "p10 (private)") {
		t.Errorf("after the unmerge alex sees p0 knows %v", got)
	}
	if got := knowsOfP0(sam); !slices.Contains(got, "p90") || slices.Contains(got, "p10") {
		t.Errorf("after the unmerge sam sees p0 knows %v", got)
	}

	// An import of contacts with -private marks the relationships the
	// file gives; importing it again without -private leaves them so.
	store := testdb.Store(t)
	path := filepath.Join(testdb.Root(), "testdata", "import", "Connections.csv")
	asOf := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	sum, err := importContactsWith(t, store, path, "", contacts.Options{Owner: "p1", AsOf: asOf, Private: true})
	if err != nil || sum.Private != 11 {
		t.Fatalf("import -private: %d marked (%v)", sum.Private, err)
	}
	if _, err := importContactsWith(t, store, path, "", contacts.Options{Owner: "p1", AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	// p1 knew six, p24 privately (the upsert above); the file adds eleven.
	for name, tc := range map[string]struct{ key, want string }{"jordan": {jordan, "17 of 12 private"}, "sam": {sam, "5 of 0 private"}} {
		var d struct {
			Person struct{ Knows []struct{ Private bool } }
		}
		e.data(t, tc.key, `{ person(id: "p1") { knows { private } } }`, nil, &d)
		n := 0
		for _, k := range d.Person.Knows {
			if k.Private {
				n++
			}
		}
		if got := fmt.Sprintf("%d of %d private", len(d.Person.Knows), n); got != tc.want {
			t.Errorf("%s: p1 knows %s, want %s", name, got, tc.want)
		}
	}
}
