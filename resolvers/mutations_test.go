package resolvers

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/graph"
	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/internal/ndjson"
)

func valPtr[T any](v T) *T { return &v }

func mustDateTime(s string) *model.DateTime {
	d, err := model.ParseDateTime(s)
	if err != nil {
		panic(err)
	}
	return &d
}

// Each input, with every field set, becomes an import line the parser
// accepts field by field: the same names, the same values, so mutations
// validate exactly as the import does.
func TestInputLinesAreImportLines(t *testing.T) {
	tests := []struct {
		line line
		want string // the NDJSON line
	}{
		{personLine(&graph.PersonInput{ID: "p90", Name: valPtr("Nina Park"), Title: valPtr("CTO"), Seniority: valPtr("C_LEVEL"), Department: valPtr("Engineering"),
			City: valPtr("Boston"), Country: valPtr("US"), Latitude: valPtr(42.36), Longitude: valPtr(-71.06), Email: valPtr("nina@example.com"),
			ProfileURL: valPtr("https://example.com/nina"), Team: valPtr(true)}),
			`{"city":"Boston","country":"US","department":"Engineering","email":"nina@example.com","id":"p90","latitude":42.36,"longitude":-71.06,"name":"Nina Park","profileUrl":"https://example.com/nina","seniority":"C_LEVEL","team":true,"title":"CTO","type":"person"}`},
		{companyLine(&graph.CompanyInput{ID: "c90", Name: valPtr("Nova"), Domain: valPtr("nova.example"), Industry: valPtr("SaaS"), City: valPtr("Boston"),
			Country: valPtr("US"), Stage: valPtr("SEED"), Customer: valPtr(true), Clv: valPtr(5000.5)}),
			`{"city":"Boston","clv":5000.5,"country":"US","customer":true,"domain":"nova.example","id":"c90","industry":"SaaS","name":"Nova","stage":"SEED","type":"company"}`},
		{topicLine(&graph.TopicInput{ID: "renewals", Name: valPtr("Renewals")}), `{"id":"renewals","name":"Renewals","type":"topic"}`},
		{contentLine(&graph.ContentInput{ID: "wp90", Title: valPtr("T"), Kind: "REPORT", URL: valPtr("https://x.example"), PublishedAt: mustDateTime("2026-11-01"), Topics: []string{"crm"}}),
			`{"id":"wp90","kind":"REPORT","publishedAt":"2026-11-01T00:00:00Z","title":"T","topics":["crm"],"type":"content","url":"https://x.example"}`},
		{signalLine(&graph.SignalInput{ID: "s90", Kind: "FUNDING_ROUND", Person: valPtr("p1"), Company: valPtr("c1"), Topics: []string{"ai"}, Sentiment: valPtr("POSITIVE"),
			At: *mustDateTime("2026-11-20T10:00:00+02:00"), Summary: valPtr("S"), Source: valPtr("news"), URL: valPtr("https://n.example"), Title: valPtr("CEO"), Round: valPtr("B"), Amount: valPtr(1e7)}),
			`{"amount":10000000,"at":"2026-11-20T08:00:00Z","company":"c1","id":"s90","kind":"FUNDING_ROUND","person":"p1","round":"B","sentiment":"POSITIVE","source":"news","summary":"S","title":"CEO","topics":["ai"],"type":"signal","url":"https://n.example"}`},
		{worksAtLine(&graph.WorksAtInput{Person: "p1", Company: "c1", Title: valPtr("AE"), Department: valPtr("Sales"), Seniority: valPtr("SENIOR"), Since: mustDateTime("2024-01-01"), Until: mustDateTime("2025-01-01")}),
			`{"company":"c1","department":"Sales","person":"p1","seniority":"SENIOR","since":"2024-01-01T00:00:00Z","title":"AE","type":"works_at","until":"2025-01-01T00:00:00Z"}`},
		{knowsLine(&graph.KnowsInput{A: "p2", B: "p1", Strength: valPtr(0.5), Since: mustDateTime("2020-01-01"), LastInteractionAt: mustDateTime("2026-11-01T12:30:00.5Z"), Source: valPtr("crm")}),
			`{"a":"p2","b":"p1","lastInteractionAt":"2026-11-01T12:30:00.5Z","since":"2020-01-01T00:00:00Z","source":"crm","strength":0.5,"type":"knows"}`},
		{interestLine(&graph.InterestInput{Person: "p1", Topic: "crm", Weight: valPtr(0.7), Source: valPtr("survey")}),
			`{"person":"p1","source":"survey","topic":"crm","type":"interested_in","weight":0.7}`},
		{engagementLine(&graph.EngagementInput{Person: "p1", Content: "wp1", Action: "READ", At: *mustDateTime("2026-11-02T10:00:00Z")}),
			`{"action":"READ","at":"2026-11-02T10:00:00Z","content":"wp1","person":"p1","type":"engaged"}`},
	}
	for _, tc := range tests {
		text, err := json.Marshal(tc.line)
		if err != nil {
			t.Fatal(err)
		}
		if string(text) != tc.want {
			t.Errorf("line\n got %s\nwant %s", text, tc.want)
		}
		rec, err := ndjson.ParseLine(1, text)
		if err != nil {
			t.Errorf("%s: %v", text, err)
			continue
		}
		// Every field but type reaches the record: as a property, a key or
		// a reference.
		row, _ := json.Marshal(rec.Row)
		for k := range tc.line {
			if k != "type" && !strings.Contains(string(row), `"`+k+`"`) {
				t.Errorf("%s: field %q is missing from the record %s", rec.Kind, k, row)
			}
		}
	}
}

// Null fields are left out, as a file would leave them out, so an upsert
// keeps what it does not mention.
func TestInputLinesOmitNulls(t *testing.T) {
	got := personLine(&graph.PersonInput{ID: "p1", Name: valPtr("")})
	if want := (line{"type": "person", "id": "p1", "name": ""}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	k := knowsLine(&graph.KnowsInput{A: "p1", B: "p2"})
	if want := (line{"type": "knows", "a": "p1", "b": "p2"}); !reflect.DeepEqual(k, want) {
		t.Errorf("got %v, want %v", k, want)
	}
	at := mustDateTime("2026-11-02")
	if e := engagementLine(&graph.EngagementInput{Person: "p1", Content: "wp1", Action: "READ", At: *at}); e["at"] != at.Time.UTC().Format(time.RFC3339Nano) {
		t.Errorf("engagement at %v", e["at"])
	}
}

func TestNodeKinds(t *testing.T) {
	tests := []struct {
		id, kinds, bare string
		bad             bool
	}{
		{"p1", "Person Company Topic Content Signal", "p1", false},
		{"Person:p1", "Person", "p1", false},
		{"signal:s:1", "Signal", "s:1", false},
		{"Team:p1", "Person Company Topic Content Signal", "Team:p1", false},
		{":p1", "Person Company Topic Content Signal", ":p1", false},
		{"Company:", "", "", true},
	}
	for _, tc := range tests {
		kinds, bare, err := nodeKinds(tc.id)
		if (err != nil) != tc.bad || strings.Join(kinds, " ") != tc.kinds || bare != tc.bare {
			t.Errorf("nodeKinds(%q) = %v, %q, %v", tc.id, kinds, bare, err)
		}
	}
}
