package server

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"

	"github.com/99designs/gqlgen/graphql"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/relgraph/relgraph/internal/model"
	"github.com/relgraph/relgraph/neo4j"
)

// presentError maps known errors to a stable extensions.code; anything
// else is logged with the request id and replaced by a generic message,
// so no driver or Cypher text reaches clients.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	out := graphql.DefaultErrorPresenter(ctx, err)
	var (
		input     *model.InputError
		notFound  *model.NotFoundError
		forbidden *model.ForbiddenError
		gqlErr    *gqlerror.Error
	)
	set := func(code, msg string) *gqlerror.Error {
		out.Message = msg
		out.Extensions = map[string]any{"code": code}
		return out
	}
	switch {
	case errors.As(err, &input):
		set(model.CodeBadUserInput, input.Msg)
		if input.Field != "" {
			out.Extensions["field"] = input.Field
		}
		return out
	case errors.As(err, &notFound):
		return set(model.CodeNotFound, notFound.Error())
	case errors.As(err, &forbidden):
		return set(model.CodeForbidden, forbidden.Msg)
	case errors.Is(err, model.ErrUnauthenticated):
		return set(model.CodeUnauthenticated, model.ErrUnauthenticated.Error())
	case isMutation(ctx) && (errors.Is(ctx.Err(), context.DeadlineExceeded) || neo4j.IsTimeout(err) || neo4j.IsUnavailable(err)):
		// A write cut short may have been committed all the same.
		code := model.CodeTimeout
		if neo4j.IsUnavailable(err) && !neo4j.IsTimeout(err) && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			code = model.CodeUnavailable
		}
		set(code, "the write was cut short (it ran out of time or lost the database), so its outcome is unknown: it may have been committed. "+
			"Retrying is safe: upserts and recordInteractions are idempotent, and a repeated deletePerson, mergePeople or unmergePeople finds its work done")
		out.Extensions["outcome"] = "UNKNOWN"
		return out
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return set(model.CodeTimeout, "the request took longer than its time limit; narrow it (smaller degree, tighter filters or a smaller page)")
	case neo4j.IsTimeout(err):
		return set(model.CodeTimeout, "the query took longer than the transaction timeout; narrow it (smaller degree, tighter filters or a smaller page)")
	case innermost(err).Error() == "introspection disabled":
		return set(model.CodeForbidden, "introspection is turned off on this server")
	case neo4j.IsUnavailable(err):
		return set(model.CodeUnavailable, "the graph database is unavailable; try again shortly")
	}
	// The innermost GraphQL error that carries a code: input errors raised
	// by our scalars and resolvers, or gqlgen's own parse and validation
	// errors.
	for e := err; errors.As(e, &gqlErr); e = gqlErr.Err {
		if code := gqlErr.Extensions["code"]; code != nil {
			// With what else it says: the cost and limit of a refusal.
			out.Message = clearer(gqlErr)
			out.Extensions = maps.Clone(gqlErr.Extensions)
			return out
		}
		if gqlErr.Err == nil {
			return out
		}
	}
	zerolog.Ctx(ctx).Error().Err(err).Str("request_id", RequestID(ctx)).Msg("internal error")
	return set(model.CodeInternal, fmt.Sprintf("internal error (request id %s)", RequestID(ctx)))
}

// coercion is gqlgen's message for a variable of the wrong type, which
// shows the value it made of it rather than the one sent.
var coercion = regexp.MustCompile(`^cannot use (?:value .*|\w+) as (\w+)$`)

// scalarMeanings say what a value of a built-in scalar must be.
var scalarMeanings = map[string]string{
	"Int":     "a whole number from -2147483648 to 2147483647",
	"Float":   "a finite number",
	"String":  "a string",
	"Boolean": "true or false",
	"ID":      "a string or a whole number",
}

// clearer rewrites the messages of GraphQL errors that say less than
// they could.
func clearer(e *gqlerror.Error) string {
	m := coercion.FindStringSubmatch(e.Message)
	if m == nil || len(e.Path) < 2 || fmt.Sprint(e.Path[0]) != "variable" {
		return e.Message
	}
	where := "$" + fmt.Sprint(e.Path[1])
	for _, p := range e.Path[2:] {
		where += "." + fmt.Sprint(p)
	}
	msg := fmt.Sprintf("variable %s is not a valid %s", where, m[1])
	if meaning, ok := scalarMeanings[m[1]]; ok {
		msg += ": it must be " + meaning
	}
	return msg
}

// isMutation reports whether the request being answered is a mutation.
func isMutation(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) {
		return false
	}
	oc := graphql.GetOperationContext(ctx)
	return oc.Operation != nil && oc.Operation.Operation == ast.Mutation
}

func recoverPanic(ctx context.Context, p any) error {
	zerolog.Ctx(ctx).Error().Str("request_id", RequestID(ctx)).Interface("panic", p).Msg("panic in resolver")
	return fmt.Errorf("panic: %v", p)
}

func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
