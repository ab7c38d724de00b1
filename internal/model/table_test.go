package model

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// fullLines has, for each kind, a line with every field of its table set.
var fullLines = map[string]string{
	"person": `{"type":"person","id":"p90","name":"Nina Park","title":"CTO","seniority":"C_LEVEL","department":"Engineering","city":"Boston","country":"US",` +
		`"latitude":42.36,"longitude":-71.06,"email":"nina@example.com","profileUrl":"https://example.com/nina","linkedinUrl":"https://www.linkedin.com/in/nina-park","team":true,"sources":["2026-11-29 linkedin p0"]}`,
	"company": `{"type":"company","id":"c90","name":"Nova","domain":"nova.example","industry":"SaaS","city":"Boston","country":"US","stage":"SEED","customer":true,"clv":5000.5,"sources":["2026-11-29 crm"]}`,
	"topic":   `{"type":"topic","id":"renewals","name":"Renewals"}`,
	"content": `{"type":"content","id":"wp90","title":"T","kind":"REPORT","url":"https://x.example","publishedAt":"2026-11-01","topics":["crm"]}`,
	"signal": `{"type":"signal","id":"s90","kind":"FUNDING_ROUND","at":"2026-11-20T10:00:00+02:00","summary":"S","sentiment":"POSITIVE","source":"news","url":"https://n.example",` +
		`"title":"CEO","round":"B","amount":1e7,"person":"p1","company":"c1","topics":["ai"],"sources":["2026-11-25 linkedin p0"]}`,
	"works_at":      `{"type":"works_at","person":"p1","company":"c1","title":"AE","department":"Sales","seniority":"SENIOR","since":"2024-01-01","until":"2025-01-01","sources":["2026-11-29 linkedin p0"]}`,
	"knows":         `{"type":"knows","a":"p2","b":"p1","strength":0.5,"strengthSource":"MANUAL","since":"2020-01-01","lastInteractionAt":"2026-11-01T12:30:00.5Z","source":"crm","sources":["2026-11-29 crm p1"],"private":true}`,
	"interaction":   `{"type":"interaction","id":"msg-1","source":"gmail","a":"p2","b":"p1","kind":"EMAIL","direction":"A_TO_B","at":"2026-11-03T14:05:00Z"}`,
	"interested_in": `{"type":"interested_in","person":"p1","topic":"crm","weight":0.7,"source":"survey"}`,
	"engaged":       `{"type":"engaged","person":"p1","content":"wp1","action":"READ","at":"2026-11-02T10:00:00Z"}`,
}

// Every field of every kind's table reaches the record: as a property, a
// key, an end or a link, under its own name; and the record is what the
// write statements expect.
func TestEveryFieldReachesTheRecord(t *testing.T) {
	for _, k := range Kinds {
		t.Run(k.Name, func(t *testing.T) {
			text, ok := fullLines[k.Name]
			if !ok {
				t.Fatalf("no full line for %s: add one with every field", k.Name)
			}
			var given map[string]any
			if err := json.Unmarshal([]byte(text), &given); err != nil {
				t.Fatal(err)
			}
			for _, f := range k.fields {
				if _, ok := given[f.Name]; !ok {
					t.Errorf("the full line lacks field %q", f.Name)
				}
			}
			rec := record(t, text)
			props, _ := rec.Row["props"].(map[string]any)
			keys, _ := rec.Row["keys"].(map[string]any)
			for _, f := range k.fields {
				var got any
				switch f.role {
				case roleID:
					got = rec.Row["id"]
				case roleFrom:
					got = rec.Row["from"]
				case roleTo:
					got = rec.Row["to"]
				case roleLink:
					got = rec.Row[f.Name]
				case roleKey:
					got = keys[f.Name]
				case roleProp:
					if f.provenance {
						got = rec.Row["sources"]
						break
					}
					got = props[f.Name]
				default:
					got = props[f.Name]
				}
				if got == nil {
					t.Errorf("field %q is missing from the record %v", f.Name, rec.Row)
				}
			}
			if k.IsNode() && rec.ID != given["id"] {
				t.Errorf("record id %q", rec.ID)
			}
		})
	}
}

// The values a record stores: times in UTC, numbers as given, undirected
// ends ordered, links as lists of distinct ids, defaults only for what
// the line leaves out.
func TestRecordValues(t *testing.T) {
	rec := record(t, fullLines["signal"])
	if at := rec.Row["props"].(map[string]any)["at"].(time.Time); !at.Equal(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)) || at.Location() != time.UTC {
		t.Errorf("at %v", at)
	}
	if got := rec.Row["person"].([]string); !slices.Equal(got, []string{"p1"}) {
		t.Errorf("person link %v", got)
	}
	knows := record(t, fullLines["knows"])
	if knows.Row["from"] != "p1" || knows.Row["to"] != "p2" {
		t.Errorf("knows ends %v %v, want the smaller id first", knows.Row["from"], knows.Row["to"])
	}
	bare := record(t, `{"type":"person","id":"p1"}`)
	if len(bare.Row["props"].(map[string]any)) != 0 || bare.Row["create"].(map[string]any)["team"] != false {
		t.Errorf("a bare person: props %v, create %v; want no props and team false on creation only", bare.Row["props"], bare.Row["create"])
	}
	team := record(t, `{"type":"person","id":"p1","team":true}`)
	if team.Row["props"].(map[string]any)["team"] != true || len(team.Row["create"].(map[string]any)) != 0 {
		t.Errorf("a team member: props %v, create %v", team.Row["props"], team.Row["create"])
	}
	// An interaction's pair is stored once, the direction turned with it;
	// a meeting goes both ways; a manual strength says so.
	email := record(t, fullLines["interaction"])
	if p := email.Row["props"].(map[string]any); p["a"] != "p1" || p["b"] != "p2" || p["direction"] != "B_TO_A" || email.Row["keys"].(map[string]any)["source"] != "gmail" {
		t.Errorf("interaction props %v keys %v", p, email.Row["keys"])
	}
	if refs := email.Refs; len(refs) != 2 || refs[0] != (Ref{Label: "Person", ID: "p2", Field: "a"}) {
		t.Errorf("interaction refs %v", refs)
	}
	meeting := record(t, `{"type":"interaction","id":"m1","source":"calendar","a":"p1","b":"p2","kind":"MEETING","direction":"A_TO_B","at":"2026-11-03"}`)
	if meeting.Row["props"].(map[string]any)["direction"] != "BOTH" {
		t.Errorf("meeting direction %v", meeting.Row["props"])
	}
	if got := record(t, `{"type":"knows","a":"p1","b":"p2","strength":0.4}`).Row["props"].(map[string]any)["strengthSource"]; got != "MANUAL" {
		t.Errorf("a manual strength's source %v", got)
	}
	// private is stored only when true: false removes it (a null in the
	// props), absent leaves it alone.
	for line, want := range map[string]any{`"private":true`: true, `"private":false`: nil} {
		props := record(t, `{"type":"knows","a":"p1","b":"p2",`+line+`}`).Row["props"].(map[string]any)
		if got, ok := props["private"]; !ok || got != want {
			t.Errorf("%s: private %v (%v)", line, got, ok)
		}
	}
	if _, ok := record(t, `{"type":"knows","a":"p1","b":"p2"}`).Row["props"].(map[string]any)["private"]; ok {
		t.Error("a line without private changes it")
	}
	topics := record(t, `{"type":"content","id":"wp1","kind":"REPORT","topics":["crm","crm","churn"]}`)
	if got := topics.Row["topics"].([]string); !slices.Equal(got, []string{"crm", "churn"}) {
		t.Errorf("topics %v", got)
	}
}

func record(t *testing.T, text string) *Record {
	t.Helper()
	var head struct{ Type string }
	if err := json.Unmarshal([]byte(text), &head); err != nil {
		t.Fatal(err)
	}
	k := KindNamed(head.Type)
	line, err := k.Decode([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := k.Record(1, line)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// Every label a table refers to is a node label of the model.
func TestReferencesNameLabels(t *testing.T) {
	labels := Labels()
	for _, k := range Kinds {
		for _, f := range k.fields {
			if f.Label != "" && !slices.Contains(labels, f.Label) {
				t.Errorf("%s.%s refers to %q, which is no label (%v)", k.Name, f.Name, f.Label, labels)
			}
		}
	}
}

func TestLineErrors(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{`{"type":"person","id":"p1","linkedinUrl":"https://example.com/in/x"}`, `linkedinUrl "https://example.com/in/x" is not a LinkedIn profile URL`},
		{`{"type":"person","id":"p1","linkedinUrl":"https://www.linkedin.com/company/acme"}`, "is not a LinkedIn profile URL"},
		{`{"type":"person","id":"p1","longitude":3}`, "latitude and longitude must be given together"},
		{`{"type":"company","id":"c1","clv":-5}`, "clv must be at least 0, got -5"},
		{`{"type":"content","id":"x","kind":"REPORT","topics":["crm",""]}`, "topics: empty topic id"},
		{`{"type":"signal","id":"s","kind":"HIRING","at":"2026-01-01","person":""}`, `missing "person"`},
		{`{"type":"works_at","person":"p1","company":"c1","since":"01/03/2024"}`, `since: "01/03/2024" is not an RFC 3339 date`},
		{`{"type":"knows","a":"p1","b":"p2","strength":"high"}`, `field "strength": expected a number, got string`},
		{`{"type":"knows","a":"p1","b":"p2","strength":0.5,"strengthSource":"COMPUTED"}`, "give strength, or strengthSource COMPUTED"},
		{`{"type":"interaction","id":"x","source":"gmail","a":"p1","b":"p1","kind":"CALL","direction":"BOTH","at":"2026-01-01"}`, "cannot interact with themselves"},
		{`{"type":"interaction","id":"x","a":"p1","b":"p2","kind":"CALL","direction":"BOTH","at":"2026-01-01"}`, `missing "source"`},
		{`{"type":"interaction","id":"x","source":"s","a":"p1","b":"p2","kind":"FAX","direction":"BOTH","at":"2026-01-01"}`, `kind "FAX" is not one of EMAIL, MEETING, CALL, MESSAGE, INTRO`},
		{`{"type":"interaction","id":"x","source":"s","a":"p1","b":"p2","kind":"CALL","direction":"SIDEWAYS","at":"2026-01-01"}`, `direction "SIDEWAYS" is not one of A_TO_B, B_TO_A, BOTH`},
		{`{"type":"interaction","id":"x","source":"s","a":"p1","kind":"CALL","direction":"BOTH","at":"2026-01-01"}`, `missing "b"`},
	} {
		var head struct{ Type string }
		_ = json.Unmarshal([]byte(tc.line), &head)
		k := KindNamed(head.Type)
		line, err := k.Decode([]byte(tc.line))
		if err == nil {
			_, err = k.Record(1, line)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.line, err, tc.want)
		}
	}
}

func TestNormalizeLinkedInURL(t *testing.T) {
	const want = "https://www.linkedin.com/in/dana-reyes"
	for _, in := range []string{
		"https://www.linkedin.com/in/dana-reyes",
		"https://www.linkedin.com/in/Dana-Reyes/",
		"http://linkedin.com/in/dana-reyes?trk=public_profile",
		"www.linkedin.com/in/dana-reyes#about",
		"linkedin.com/in/DANA-REYES",
		"https://uk.linkedin.com/in/dana-reyes/",
		" https://www.linkedin.com/in/dana-reyes/details/experience/ ",
	} {
		if got, err := NormalizeLinkedInURL(in); err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, err, want)
		}
	}
	// Accents, escaped or not, come out escaped in lower case.
	for _, in := range []string{"https://www.linkedin.com/in/zoë-laurent", "https://www.linkedin.com/in/zo%C3%AB-laurent"} {
		if got, err := NormalizeLinkedInURL(in); err != nil || got != "https://www.linkedin.com/in/zo%c3%ab-laurent" {
			t.Errorf("%q: got %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "https://www.linkedin.com/", "https://www.linkedin.com/in/", "https://linkedin.com.evil.example/in/x",
		"ftp://www.linkedin.com/in/x", "https://www.linkedin.com/company/acme", "https://user@www.linkedin.com/in/x", "https://www.linkedin.com:8443/in/x"} {
		if got, err := NormalizeLinkedInURL(bad); err == nil {
			t.Errorf("%q: accepted as %q", bad, got)
		}
	}
}

// Emails are stored in lower case; sources are checked, and a record
// without them leaves the stored ones alone.
func TestEmailsAndSources(t *testing.T) {
	rec := record(t, `{"type":"person","id":"p1","email":"  Dana.Reyes@Example.COM ","sources":["2026-11-25 linkedin p0","2026-11-25 crm"]}`)
	props := rec.Row["props"].(map[string]any)
	if props["email"] != "dana.reyes@example.com" {
		t.Errorf("email %v", props["email"])
	}
	if got := rec.Row["sources"].([]string); len(got) != 2 || got[1] != "2026-11-25 crm" {
		t.Errorf("sources %v", got)
	}
	if _, ok := record(t, `{"type":"person","id":"p1"}`).Row["sources"]; ok {
		t.Error("a line without sources sets them")
	}
	for line, want := range map[string]string{
		`{"type":"person","id":"p1","email":"dana"}`:                            `email "dana" is not an email address`,
		`{"type":"person","id":"p1","email":"a b@example.com"}`:                 `email "a b@example.com" is not an email address`,
		`{"type":"person","id":"p1","sources":["yesterday linkedin"]}`:          `sources: source "yesterday linkedin" is not`,
		`{"type":"knows","a":"p1","b":"p2","sources":["2026-11-25 Linked In"]}`: `is not "YYYY-MM-DD kind"`,
	} {
		var m map[string]any
		json.Unmarshal([]byte(line), &m)
		k := KindNamed(m["type"].(string))
		v, err := k.Decode([]byte(line))
		if err == nil {
			_, err = k.Record(1, v)
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", line, err, want)
		}
	}
	p, err := ParseProvenance("2026-11-25 crm p1 with spaces")
	if err != nil || p.Kind != "crm" || *p.Owner != "p1 with spaces" || p.Since.Format(time.DateOnly) != "2026-11-25" {
		t.Errorf("%+v %v", p, err)
	}
	if b, ok := Baseline(nil, []string{"2026-11-25 linkedin p0", "2026-11-25 crm p1"}); !ok || b != 0.15 {
		t.Errorf("baseline %g %v", b, ok)
	}
	if _, ok := Baseline(ptr("gmail"), nil); ok {
		t.Error("a source without a baseline has one")
	}
}

func ptr(s string) *string { return &s }

// A decoder used for many lines says what a fresh one says of each: a
// syntax error's offset counts from the start of its own line.
func TestLineDecoderErrorsAsAlone(t *testing.T) {
	k := KindNamed("person")
	var d LineDecoder
	for _, line := range []string{
		`{"type":"person","id":"p1","name":"Ada"}`,
		`{"type":"person","id":"p2","name":"Bo"}`,
		`{"type":"person","id":"p3" "name":"Cy"}`,
		`{"type":"person","id":"p4","name":"Di"}`,
		`{"type":"person","id":"p5","name":5}`,
		`{"type":"person","id":"p6","name":"Ed"}`,
	} {
		_, _, alone := k.DecodeTyped([]byte(line))
		_, _, used := d.Decode(k, []byte(line))
		if fmt.Sprint(alone) != fmt.Sprint(used) {
			t.Errorf("%s: %v, alone %v", line, used, alone)
		}
	}
}
