package server_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/relgraph/relgraph/internal/testdb"
)

// linesAbout counts the demo's lines about a person: theirs, and those
// that refer to them.
func linesAbout(t *testing.T, id string) int {
	t.Helper()
	f, err := os.Open(filepath.Join(testdb.Root(), "testdata", "demo.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var line map[string]any
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		if line["type"] == "person" && line["id"] == id || line["person"] == id || line["a"] == id || line["b"] == id {
			n++
		}
	}
	return n
}

// An erased person stays erased: the original file imported again skips
// every line about them, and writes the rest; mutations and CRM rows that
// name them are skipped and counted too.
func TestErasureStaysErased(t *testing.T) {
	e := demo(t)
	restoreDemo(t)
	store := testdb.Store(t)
	var erased struct {
		ErasePerson struct {
			Deletion struct{ Deleted bool }
			Erasure  string
		} `json:"erasePerson"`
	}
	e.data(t, e.admin, `mutation { erasePerson(id: "p20") { deletion { deleted } erasure } }`, nil, &erased)
	if !erased.ErasePerson.Deletion.Deleted || len(erased.ErasePerson.Erasure) != 16 {
		t.Fatalf("erasePerson: %+v", erased.ErasePerson)
	}
	after := testdb.Fingerprint(t, store)

	// The demo again: Hannah Wright's lines are skipped, nothing else
	// changes (the rest is as it was).
	sum := testdb.Import(t, store, filepath.Join(testdb.Root(), "testdata", "demo.ndjson"))
	if want := linesAbout(t, "p20"); sum.Suppressed != want || want < 5 {
		t.Errorf("suppressed %d lines, the demo has %d about p20", sum.Suppressed, want)
	}
	if testdb.Fingerprint(t, store) != after {
		t.Error("importing the demo again changed the graph after the erasure")
	}
	var p struct{ Person *struct{ ID string } }
	e.data(t, e.admin, `{ person(id: "p20") { id } }`, nil, &p)
	if p.Person != nil {
		t.Fatal("p20 is back")
	}

	// Mutations: the items about p20 are skipped, the others written.
	var up struct {
		UpsertPeople struct{ Count, Suppressed int } `json:"upsertPeople"`
		UpsertKnows  struct{ Count, Suppressed int } `json:"upsertKnows"`
	}
	e.data(t, e.admin, `mutation {
  upsertPeople(input: [{id: "p20", name: "Hannah Wright"}, {id: "zz-new", name: "New Person"}]) { count suppressed }
  upsertKnows(input: [{a: "p0", b: "p20", strength: 0.5}, {a: "p0", b: "zz-new", strength: 0.5}]) { count suppressed } }`, nil, &up)
	if up.UpsertPeople.Count != 1 || up.UpsertPeople.Suppressed != 1 || up.UpsertKnows.Count != 1 || up.UpsertKnows.Suppressed != 1 {
		t.Errorf("mutations: %+v", up)
	}

	// A CRM row with her email is skipped.
	crm := filepath.Join(t.TempDir(), "hubspot.csv")
	os.WriteFile(crm, []byte("First Name,Last Name,Email,Job Title,Company Name,Contact owner\nHannah,Wright,hannah.wright@orbitretail.example,COO,Orbit Retail,Alex Morgan\nNew,Contact,new@contact.example,CTO,Orbit Retail,Alex Morgan\n"), 0o644)
	s, err := importContactsErr(t, store, crm, "", "hubspot", "2026-11-25")
	if err != nil || s.Suppressed != 1 || s.PeopleCreated != 1 {
		t.Errorf("the CRM file: %v %+v (suppressed %d)", err, summaryCounts(s), s.Suppressed)
	}
	if ids := e.peopleNamed(t, store, "Hannah Wright"); len(ids) != 0 {
		t.Errorf("Hannah Wright is back: %v", ids)
	}
	// Only an admin key erases.
	res := e.post(t, e.reader, `mutation { erasePerson(id: "p21") { erasure } }`, nil)
	wantOneError(t, res, "FORBIDDEN", "this needs an admin key")
}
