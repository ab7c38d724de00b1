package ask

import (
	"context"
	"testing"
	"time"
)

type fakeLookup struct{}

func (fakeLookup) Topics(context.Context) ([]Named, error) {
	return []Named{{"churn", "Customer churn"}, {"crm", "Customer relationship management"}}, nil
}
func (fakeLookup) Companies(context.Context, string) ([]Named, error) { return nil, nil }
func (fakeLookup) People(context.Context, string) ([]Named, error)    { return nil, nil }

// Time phrases resolve against the clock: here Wednesday 2026-11-25.
func TestTimePhrases(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	for phrase, want := range map[string]string{
		"since October":         "2026-10-01",
		"since December":        "2025-12-01",
		"since march 2025":      "2025-03-01",
		"since 2026-02-03":      "2026-02-03",
		"in the last 60 days":   "2026-09-26",
		"over the past 2 weeks": "2026-11-11",
		"in the last 6 months":  "2026-05-25",
		"last week":             "2026-11-18",
		"in the past month":     "2026-10-25",
		"this week":             "2026-11-23",
		"this month":            "2026-11-01",
		"this quarter":          "2026-10-01",
		"this year":             "2026-01-01",
		"recently":              "2026-09-26",
	} {
		in, err := Interpret(context.Background(), "who voiced concern about churn "+phrase, fakeLookup{}, now)
		if err != nil {
			t.Errorf("%s: %v", phrase, err)
			continue
		}
		got := in.Variables["where"].(map[string]any)["mentioned"].(map[string]any)["since"]
		if got != want || len(in.Unknown) > 0 {
			t.Errorf("%q: since %v, want %s (unknown %v)", phrase, got, want, in.Unknown)
		}
	}
}
