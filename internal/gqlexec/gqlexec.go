// Package gqlexec asks a GraphQL document through the schema in process,
// as a request would, for the parts of relgraph that ask questions of
// their own: saved questions and alerts, and ask.
package gqlexec

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
)

// Run asks query with vars through exec, with ctx's key, and returns its
// data. The first error fails it, unwrapped to its cause (an input error,
// a person out of scope), so that it keeps its own code.
func Run(ctx context.Context, exec *executor.Executor, query string, vars map[string]any) (map[string]any, error) {
	ctx = graphql.StartOperationTrace(ctx)
	rc, errs := exec.CreateOperationContext(ctx, &graphql.RawParams{Query: query, Variables: vars})
	if len(errs) > 0 {
		return nil, errs[0]
	}
	ctx = graphql.WithOperationContext(ctx, rc)
	respond, ctx := exec.DispatchOperation(ctx, rc)
	res := respond(ctx)
	if len(res.Errors) > 0 {
		if cause := errors.Unwrap(res.Errors[0]); cause != nil {
			return nil, cause
		}
		return nil, res.Errors[0]
	}
	var data map[string]any
	if err := json.Unmarshal(res.Data, &data); err != nil {
		return nil, err
	}
	return data, nil
}
