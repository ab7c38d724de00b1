// Package model holds the plain data types shared by the GraphQL layer and
// the store: nodes, relationships and the filters of the questions.
package model

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"
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
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return DateTime{Time: t.UTC()}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return DateTime{Time: t, DateOnly: true}, nil
	}
	return DateTime{}, fmt.Errorf("%q is not an RFC 3339 date (2026-11-10) or date-time (2026-11-10T09:00:00Z)", s)
}

// UpperBound is the last instant a window ending at d includes: d itself,
// or for a plain date the last nanosecond of that day.
func (d DateTime) UpperBound() time.Time {
	if d.DateOnly {
		return d.Time.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return d.Time
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *DateTime) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return badInput("DateTime must be a string such as 2026-11-10 or 2026-11-10T09:00:00Z")
	}
	parsed, err := ParseDateTime(s)
	if err != nil {
		return badInput(err.Error())
	}
	*d = parsed
	return nil
}

// MarshalGQL implements graphql.Marshaler: RFC 3339 in UTC.
func (d DateTime) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(d.Time.UTC().Format(time.RFC3339Nano)))
}

// badInput is an input error the client can fix.
func badInput(msg string) error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": "BAD_USER_INPUT"}}
}

// TimePtr wraps a stored time for output; nil stays nil.
func TimePtr(t *time.Time) *DateTime {
	if t == nil {
		return nil
	}
	return &DateTime{Time: t.UTC()}
}
