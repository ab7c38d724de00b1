// Package ndjson reads relgraph's import format: one JSON object per line,
// discriminated by "type" (see DESIGN.md). The graph model's table
// (internal/model) says what each type holds and how it is checked; this
// package turns each line into a model.Record ready to be written, or into
// an error naming the line and the reason. It knows nothing of the database.
package ndjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/relgraph/relgraph/internal/model"
)

// LineError is a bad line: its number (1-based) and why.
type LineError struct {
	Line   int
	Reason string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// ParseLine validates one line. Blank lines give (nil, nil).
func ParseLine(n int, line []byte) (*model.Record, error) {
	var p Parser
	return p.Parse(n, line)
}

// Parser validates lines one after another, as ParseLine does, reusing
// its decoder from line to line. It is not safe for concurrent use; its
// zero value is ready.
type Parser struct {
	dec model.LineDecoder
}

// Parse is ParseLine(n, line).
func (p *Parser) Parse(n int, line []byte) (*model.Record, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil, nil
	}
	fail := func(reason string) (*model.Record, error) {
		return nil, &LineError{Line: n, Reason: reason}
	}
	// Most lines begin with their type: decode them once. Any problem
	// takes the general way below, for its messages.
	if kind := leadingKind(line); kind != nil {
		if v, typ, err := p.dec.Decode(kind, line); err == nil && typ == kind.Name {
			rec, err := kind.Record(n, v)
			if err != nil {
				return fail(err.Error())
			}
			return rec, nil
		}
	}
	var head struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(line, &head); err != nil {
		return fail("malformed JSON: " + model.JSONReason(err))
	}
	if head.Type == nil {
		return fail(`missing "type"`)
	}
	kind := model.KindNamed(*head.Type)
	if kind == nil {
		return fail(fmt.Sprintf("unknown type %q (expected one of %s)", *head.Type, kindList()))
	}
	v, err := kind.Decode(line)
	if err != nil {
		return fail(err.Error())
	}
	rec, err := kind.Record(n, v)
	if err != nil {
		return fail(err.Error())
	}
	return rec, nil
}

// leadingKind is the kind a line names first, when it begins with
// {"type":"NAME" and NAME is a kind; else nil.
func leadingKind(line []byte) *model.Kind {
	rest, ok := bytes.CutPrefix(line, []byte(`{"type":"`))
	if !ok {
		return nil
	}
	end := bytes.IndexByte(rest, '"')
	if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return nil
	}
	return model.KindNamed(string(rest[:end]))
}

func kindList() string {
	var s []string
	for _, k := range model.Kinds {
		s = append(s, k.Name)
	}
	return strings.Join(s, ", ")
}

// Scanner reads lines of any length up to MaxLine bytes.
const MaxLine = 4 << 20

// Lines calls fn for each line of r with its 1-based number. The line is
// valid only until fn returns: fn copies what it keeps.
func Lines(r io.Reader, fn func(n int, line []byte) error) error {
	br := newLineReader(r)
	for n := 1; ; n++ {
		line, err := br.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
}
