package ndjson

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relgraph/relgraph/internal/model"
)

func TestParseLineValid(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		check func(t *testing.T, r *model.Record)
	}{
		{"person", `{"type":"person","id":"p1","name":"Dana Reyes","latitude":42.36,"longitude":-71.06,"team":false}`, func(t *testing.T, r *model.Record) {
			props := r.Row["props"].(map[string]any)
			if r.Kind.Label != "Person" || r.ID != "p1" || props["name"] != "Dana Reyes" || props["latitude"] != 42.36 || props["team"] != false {
				t.Fatalf("got %+v", r)
			}
		}},
		{"knows is stored with the smaller id first", `{"type":"knows","a":"p9","b":"p1","strength":0.8,"since":"2020-01-01"}`, func(t *testing.T, r *model.Record) {
			if r.Row["from"] != "p1" || r.Row["to"] != "p9" {
				t.Fatalf("from=%v to=%v", r.Row["from"], r.Row["to"])
			}
			since := r.Row["props"].(map[string]any)["since"].(time.Time)
			if !since.Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) {
				t.Fatalf("since %v", since)
			}
		}},
		{"engaged keeps action and at as keys", `{"type":"engaged","person":"p1","content":"wp1","action":"READ","at":"2026-11-02T10:00:00+02:00"}`, func(t *testing.T, r *model.Record) {
			keys := r.Row["keys"].(map[string]any)
			if keys["action"] != "READ" || !keys["at"].(time.Time).Equal(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)) {
				t.Fatalf("got %+v", r.Row)
			}
			if len(r.Refs) != 2 || r.Refs[0] != (model.Ref{Label: "Person", ID: "p1", Field: "person"}) || r.Refs[1] != (model.Ref{Label: "Content", ID: "wp1", Field: "content"}) {
				t.Fatalf("refs %+v", r.Refs)
			}
		}},
		{"signal without person", `{"type":"signal","id":"s1","kind":"FUNDING_ROUND","company":"c1","round":"B","amount":4e7,"at":"2026-11-03T00:00:00Z"}`, func(t *testing.T, r *model.Record) {
			if len(r.Row["person"].([]string)) != 0 || r.Row["company"].([]string)[0] != "c1" || len(r.Row["topics"].([]string)) != 0 {
				t.Fatalf("got %+v", r.Row)
			}
		}},
		{"interaction is stored from the smaller id, its direction flipped", `{"type":"interaction","id":"m1","source":"gmail","a":"p9","b":"p1","kind":"EMAIL","direction":"A_TO_B","at":"2026-11-02T10:00:00Z"}`, func(t *testing.T, r *model.Record) {
			props := r.Row["props"].(map[string]any)
			if r.Kind.Label != "Interaction" || r.ID != "m1" || r.Row["keys"].(map[string]any)["source"] != "gmail" ||
				props["a"] != "p1" || props["b"] != "p9" || props["direction"] != "B_TO_A" {
				t.Fatalf("got %+v", r.Row)
			}
			if len(r.Refs) != 2 || r.Refs[0] != (model.Ref{Label: "Person", ID: "p9", Field: "a"}) || r.Refs[1] != (model.Ref{Label: "Person", ID: "p1", Field: "b"}) {
				t.Fatalf("refs %+v", r.Refs)
			}
		}},
		{"a meeting goes both ways", `{"type":"interaction","id":"m2","source":"calendar","a":"p1","b":"p9","kind":"MEETING","direction":"A_TO_B","at":"2026-11-02"}`, func(t *testing.T, r *model.Record) {
			if d := r.Row["props"].(map[string]any)["direction"]; d != "BOTH" {
				t.Fatalf("direction %v", d)
			}
		}},
		{"a knows strength is manual", `{"type":"knows","a":"p1","b":"p2","strength":0.4}`, func(t *testing.T, r *model.Record) {
			if s := r.Row["props"].(map[string]any)["strengthSource"]; s != "MANUAL" {
				t.Fatalf("strengthSource %v", s)
			}
		}},
		{"content topics deduplicated", `{"type":"content","id":"wp1","title":"CRM","kind":"WHITE_PAPER","topics":["crm","crm","churn"],"publishedAt":"2026-01-10"}`, func(t *testing.T, r *model.Record) {
			if got := strings.Join(r.Row["topics"].([]string), ","); got != "crm,churn" {
				t.Fatalf("topics %s", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseLine(7, []byte(tt.line))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

func TestParseLineErrors(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"malformed JSON", `{"type":"person","id":"p1"`, "malformed JSON"},
		{"not an object", `[1,2]`, "malformed JSON"},
		{"missing type", `{"id":"p1"}`, `missing "type"`},
		{"unknown type", `{"type":"alien","id":"x"}`, `unknown type "alien"`},
		{"unknown field", `{"type":"person","id":"p1","nickname":"D"}`, `unknown field "nickname"`},
		{"missing id", `{"type":"company","name":"Acme"}`, `missing "id"`},
		{"blank id", `{"type":"person","id":"  "}`, `missing "id"`},
		{"wrong type of field", `{"type":"person","id":"p1","latitude":"north"}`, `field "latitude": expected a number, got string`},
		{"bad content kind", `{"type":"content","id":"x","kind":"TWEET"}`, `kind "TWEET" is not one of WHITE_PAPER`},
		{"missing content kind", `{"type":"content","id":"x"}`, `missing "kind"`},
		{"bad action", `{"type":"engaged","person":"p1","content":"c","action":"SKIMMED","at":"2026-01-01"}`, `action "SKIMMED" is not one of READ`},
		{"bad sentiment", `{"type":"signal","id":"s","kind":"MENTION","sentiment":"ANGRY","at":"2026-01-01"}`, `sentiment "ANGRY" is not one of`},
		{"bad signal kind", `{"type":"signal","id":"s","kind":"RUMOUR","at":"2026-01-01"}`, `kind "RUMOUR" is not one of`},
		{"bad date", `{"type":"works_at","person":"p1","company":"c1","since":"01/03/2024"}`, `since: "01/03/2024" is not an RFC 3339 date`},
		{"signal needs at", `{"type":"signal","id":"s","kind":"HIRING"}`, `missing "at"`},
		{"engaged needs at", `{"type":"engaged","person":"p1","content":"c","action":"READ"}`, `missing "at"`},
		{"knows self", `{"type":"knows","a":"p1","b":"p1"}`, "cannot know themselves"},
		{"knows missing end", `{"type":"knows","a":"p1"}`, `missing "b"`},
		{"strength out of range", `{"type":"knows","a":"p1","b":"p2","strength":1.5}`, "strength must be between 0 and 1, got 1.5"},
		{"latitude out of range", `{"type":"person","id":"p1","latitude":91,"longitude":0}`, "latitude must be between -90 and 90"},
		{"lonely latitude", `{"type":"person","id":"p1","latitude":42}`, "latitude and longitude must be given together"},
		{"topic slug", `{"type":"topic","id":"Customer Churn"}`, "must be a lowercase slug"},
		{"negative clv", `{"type":"company","id":"c1","clv":-5}`, "clv must be at least 0"},
		{"interaction self", `{"type":"interaction","id":"m","source":"gmail","a":"p1","b":"p1","kind":"EMAIL","direction":"A_TO_B","at":"2026-11-01"}`, "cannot interact with themselves"},
		{"interaction kind", `{"type":"interaction","id":"m","source":"gmail","a":"p1","b":"p2","kind":"FAX","direction":"A_TO_B","at":"2026-11-01"}`, `kind "FAX" is not one of EMAIL, MEETING, CALL, MESSAGE, INTRO`},
		{"interaction direction", `{"type":"interaction","id":"m","source":"gmail","a":"p1","b":"p2","kind":"EMAIL","direction":"UP","at":"2026-11-01"}`, `direction "UP" is not one of A_TO_B, B_TO_A, BOTH`},
		{"interaction source", `{"type":"interaction","id":"m","a":"p1","b":"p2","kind":"EMAIL","direction":"A_TO_B","at":"2026-11-01"}`, `missing "source"`},
		{"interaction at", `{"type":"interaction","id":"m","source":"gmail","a":"p1","b":"p2","kind":"EMAIL","direction":"A_TO_B"}`, `missing "at"`},
		{"interaction id", `{"type":"interaction","source":"gmail","a":"p1","b":"p2","kind":"EMAIL","direction":"A_TO_B","at":"2026-11-01"}`, `missing "id"`},
		{"strength and computed", `{"type":"knows","a":"p1","b":"p2","strength":0.4,"strengthSource":"COMPUTED"}`, "strength is a manual value"},
		{"two values", `{"type":"topic","id":"crm"} {"type":"topic","id":"x"}`, "malformed JSON: invalid character"},
		{"text after the object", `{"type":"person","id":"p1"} x`, "malformed JSON: invalid character 'x' after top-level value"},
		{"an escaped type", `{"type":"pers\u006fn","id":"p1","nickname":"D"}`, `unknown field "nickname"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLine(12, []byte(tt.line))
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("want a LineError, got %v", err)
			}
			if le.Line != 12 || !strings.Contains(le.Reason, tt.want) {
				t.Fatalf("got %q, want line 12 and %q", err, tt.want)
			}
		})
	}
}

// A line that begins with its type is decoded once; whatever else it
// holds is read as every other line is: the last "type" counts.
func TestTypeGivenTwice(t *testing.T) {
	rec, err := ParseLine(3, []byte(`{"type":"person","id":"c9","type":"company"}`))
	if err != nil || rec.Kind.Name != "company" || rec.ID != "c9" {
		t.Fatalf("got %+v, %v", rec, err)
	}
}

func TestBlankLinesAreSkipped(t *testing.T) {
	r, err := ParseLine(1, []byte("   \t"))
	if r != nil || err != nil {
		t.Fatalf("got %v, %v", r, err)
	}
}

func TestLinesNumbersAndLongLines(t *testing.T) {
	var got []int
	err := Lines(strings.NewReader("a\n\nb\r\nc"), func(n int, line []byte) error {
		if len(line) > 0 {
			got = append(got, n)
		}
		return nil
	})
	if err != nil || len(got) != 3 || got[0] != 1 || got[1] != 3 || got[2] != 4 {
		t.Fatalf("got %v, %v", got, err)
	}
	long := strings.Repeat("x", MaxLine+10)
	err = Lines(strings.NewReader("ok\n"+long+"\n"), func(int, []byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "line 2: line longer than") {
		t.Fatalf("got %v", err)
	}
}

// One Parser reads lines one after another as ParseLine reads each alone:
// what a bad line leaves behind (unread text, a failed decoder) does not
// reach the next line.
func TestParserReusesItsDecoderSafely(t *testing.T) {
	lines := []string{
		`{"type":"person","id":"p1","name":"Ada"}`,
		`{"type":"person","id":"p2","name":"Bo"}}`,
		`{"type":"person","id":"p3","name":"Cy"}`,
		`{"type":"person","id":"p4"} {"type":"person","id":"p5"}`,
		`{"type":"person","id":"p6","name":"Di"}`,
		`{"type":"person","id":"p7","name":`,
		`{"type":"person","id":"p8","name":"Ed","since":"2020-01-01"}`,
		`{"type":"person","id":"p9","name":42}`,
		`{"type":"knows","a":"p1","b":"p3","since":"2021-02-03"}`,
		`   `,
		`{"type":"person","id":"p10","name":"Flo"}`,
		`{"type":"person","id":"p11","name":"Gus","title":"` + strings.Repeat("x", 5000) + `"}`,
		`{"type":"person","id":"p12","name":"Hal"}`,
	}
	var p Parser
	good := 0
	for i, line := range lines {
		want, wantErr := ParseLine(i+1, []byte(line))
		got, gotErr := p.Parse(i+1, []byte(line))
		if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
			t.Fatalf("line %d: error %v, alone %v", i+1, gotErr, wantErr)
		}
		if (want == nil) != (got == nil) || (want != nil && (want.ID != got.ID || want.Row["props"].(map[string]any)["name"] != got.Row["props"].(map[string]any)["name"])) {
			t.Fatalf("line %d: %+v, alone %+v", i+1, got, want)
		}
		if got != nil {
			good++
		}
	}
	// p1, p3, p6, p10, p11 (long, read over several of the decoder's
	// reads), p12 and the knows line; p2 and p4 have more after their
	// object, p7 is cut short, p8 has an unknown field, p9 a bad type.
	if good != 7 {
		t.Fatalf("%d good lines, want 7", good)
	}
}
