package resolvers

import (
	"encoding/base64"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// A cursor names its question and arguments: the request it came from
// takes it back at its offset, and any other question, or the same one
// with other arguments, refuses it with a clear message.
func TestCursorsBelongToTheirQuestion(t *testing.T) {
	crm := &model.PersonWhere{InterestedIn: &model.InterestedInFilter{Topics: []string{"crm"}}}
	base := &neo4j.ConnectionsRequest{Of: "p0", Degree: 2, Where: crm}
	d, _ := digest(base)
	cursor := encodeCursor(d, 41)

	// The same question on another page: accepted.
	same := &neo4j.ConnectionsRequest{Of: "p0", Degree: 2, Where: &model.PersonWhere{InterestedIn: &model.InterestedInFilter{Topics: []string{"crm"}}}}
	same.Page = neo4j.Paging{Skip: 7, Limit: 3}
	if err := setPage(same, ptrTo(5), &cursor); err != nil || same.Page != (neo4j.Paging{Skip: 42, Limit: 5}) {
		t.Fatalf("same question: page %+v, %v", same.Page, err)
	}

	others := map[string]paged{
		"another degree":   &neo4j.ConnectionsRequest{Of: "p0", Degree: 3, Where: crm},
		"another person":   &neo4j.ConnectionsRequest{Of: "p1", Degree: 2, Where: crm},
		"no filter":        &neo4j.ConnectionsRequest{Of: "p0", Degree: 2},
		"another order":    &neo4j.ConnectionsRequest{Of: "p0", Degree: 2, Where: crm, Order: &model.PersonOrder{Field: "NAME"}},
		"another question": &neo4j.CompaniesRequest{Of: "p0", Degree: 2, Where: crm},
		"suggestions":      &neo4j.SuggestionsRequest{Of: "p0", MinShared: 2},
	}
	for name, req := range others {
		err := setPage(req, nil, &cursor)
		if err == nil || !strings.Contains(err.Error(), "belongs to another question") {
			t.Errorf("%s: got %v, want the cursor refused", name, err)
		}
	}

	for _, bad := range []string{"", "xyz", "b2Zmc2V0OjQx", base64.RawURLEncoding.EncodeToString([]byte("c1:" + d + ":-1"))} {
		if err := setPage(&neo4j.ConnectionsRequest{Of: "p0", Degree: 2, Where: crm}, nil, &bad); err == nil || !strings.Contains(err.Error(), "is not a cursor") {
			t.Errorf("%q: got %v", bad, err)
		}
	}
}

// Dates keep the form they were given in: a plain date as until means the
// whole day, a date-time does not, so the two are other arguments.
func TestCursorDigestTellsDateFromDateTime(t *testing.T) {
	day, _ := model.ParseDateTime("2026-10-01")
	instant, _ := model.ParseDateTime("2026-10-01T00:00:00Z")
	a := &neo4j.SignalsRequest{Where: &model.SignalWhere{Until: &day}}
	b := &neo4j.SignalsRequest{Where: &model.SignalWhere{Until: &instant}}
	da, _ := digest(a)
	db, _ := digest(b)
	if da == db {
		t.Fatal("until 2026-10-01 and until 2026-10-01T00:00:00Z share a digest")
	}
}

func ptrTo[T any](v T) *T { return &v }

// A number JSON cannot hold is an input error, not a crash.
func TestCursorOfNonFiniteArguments(t *testing.T) {
	req := &neo4j.CustomerValueRequest{Weights: []neo4j.ValueWeight{{Kind: "REVIEW", Weight: math.Inf(1)}}}
	after := "Yzo6MA"
	var in *model.InputError
	if err := setPage(req, nil, &after); !errors.As(err, &in) {
		t.Fatalf("got %v, want an input error", err)
	}
}
