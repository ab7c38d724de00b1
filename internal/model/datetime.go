// Package model holds relgraph's plain types: the graph model (graph.go,
// the one description of every label, relationship and property, read by
// table.go), what answers are made of, the questions' filters and requests,
// the limits and the errors, shared by the import, the GraphQL layer and
// the store.
package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"
)

// DateTime is a point in time read from an RFC 3339 date or date-time.
// DateOnly records that the input was a plain date, so a window's upper
// bound can include that whole day.
type DateTime struct {
	time.Time
	DateOnly bool
}

// ParseDateTime reads an RFC 3339 date-time or a plain RFC 3339 date
// (midnight UTC). The result is in UTC.
func ParseDateTime(s string) (DateTime, error) {
	// A plain date is tried first when the length says so: a failed parse
	// costs an error value, and imports read millions of dates.
	if len(s) == len(time.DateOnly) {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return DateTime{Time: t, DateOnly: true}, nil
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return DateTime{Time: t.UTC()}, nil
	}
	return DateTime{}, fmt.Errorf("%s", dateReason(strconv.Quote(s)))
}

// dateReason says why a quoted value is not a date.
func dateReason(quoted string) string {
	return quoted + " is not an RFC 3339 date (2026-11-10) or date-time (2026-11-10T09:00:00Z)"
}

// UpperBound is the last instant a window ending at d includes: d itself,
// or for a plain date the last nanosecond of that day.
func (d DateTime) UpperBound() time.Time {
	if d.DateOnly {
		return d.Time.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return d.Time
}

// String is the date as given: a plain date, or an RFC 3339 date-time in UTC.
func (d DateTime) String() string {
	if d.DateOnly {
		return d.Time.Format(time.DateOnly)
	}
	return d.Time.UTC().Format(time.RFC3339Nano)
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *DateTime) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return &InputError{Msg: "DateTime must be a string such as 2026-11-10 or 2026-11-10T09:00:00Z"}
	}
	parsed, err := ParseDateTime(s)
	if err != nil {
		return &InputError{Msg: err.Error()}
	}
	*d = parsed
	return nil
}

// MarshalGQL implements graphql.Marshaler: RFC 3339 in UTC.
func (d DateTime) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(d.Time.UTC().Format(time.RFC3339Nano)))
}

// UnmarshalJSON reads a date or date-time string, as in the import format.
// A bad value is a *json.UnmarshalTypeError, so that the decoder names the
// field it stands in.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	var s string
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' && !bytes.ContainsAny(b[1:n-1], `"\\`) {
		s = string(b[1 : n-1]) // the usual case, without json's machinery
	} else if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeOf(DateTime{})}
	}
	parsed, err := ParseDateTime(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeOf(DateTime{})}
	}
	*d = parsed
	return nil
}

// MarshalJSON writes the date as it was given (String).
func (d DateTime) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// TimePtr wraps a stored time for output; nil stays nil.
func TimePtr(t *time.Time) *DateTime {
	if t == nil {
		return nil
	}
	return &DateTime{Time: t.UTC()}
}
