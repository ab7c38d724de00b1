package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/relgraph/relgraph/internal/telemetry"
)

// The spans of a request, when tracing is on (internal/telemetry): the
// HTTP request, continuing the caller's traceparent; under it the GraphQL
// operation; under that each Cypher statement (neo4j.statementSpan).

// requestSpan starts the span of an HTTP request.
func requestSpan(r *http.Request) (context.Context, trace.Span) {
	ctx := otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	return telemetry.Tracer().Start(ctx, r.Method+" "+r.URL.Path, trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(attribute.String("http.request.method", r.Method), attribute.String("url.path", r.URL.Path)))
}

func endRequest(span trace.Span, status int) {
	span.SetAttributes(attribute.Int("http.response.status_code", status))
	if status >= 500 {
		span.SetStatus(codes.Error, http.StatusText(status))
	}
}

// operationSpan starts the span of a GraphQL operation: its type, name and
// root fields.
func operationSpan(ctx context.Context, oc *graphql.OperationContext) (context.Context, trace.Span) {
	typ, name := "query", oc.OperationName
	var fields []string
	if op := oc.Operation; op != nil {
		typ = string(op.Operation)
		if name == "" {
			name = op.Name
		}
		for _, sel := range op.SelectionSet {
			if f, ok := sel.(*ast.Field); ok {
				fields = append(fields, f.Name)
			}
		}
	}
	return telemetry.Tracer().Start(ctx, strings.TrimSpace("graphql "+typ+" "+name), trace.WithAttributes(
		attribute.String("graphql.operation.type", typ), attribute.String("graphql.operation.name", name),
		attribute.StringSlice("graphql.fields", fields)))
}

// endOperation records an operation's cost and outcome: ok, or the code of
// its first error.
func endOperation(span trace.Span, oc *graphql.OperationContext, resp *graphql.Response) {
	if cost, ok := oc.Stats.GetExtension(costExtension).(Cost); ok {
		span.SetAttributes(attribute.Int("relgraph.cost", cost.Computed), attribute.Int("relgraph.cost.limit", cost.Limit))
	}
	outcome := "ok"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = fmt.Sprint(resp.Errors[0].Extensions["code"])
		span.SetStatus(codes.Error, resp.Errors[0].Message)
	}
	span.SetAttributes(attribute.String("relgraph.outcome", outcome))
}
