// Package telemetry exports relgraph's traces with OpenTelemetry, when the
// standard OTEL_* variables ask for it, and names the spans relgraph
// makes: the HTTP request, the GraphQL operation, each Cypher statement
// and each import batch.
package telemetry

import (
	"context"
	"errors"
	"os"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
)

// Tracer is relgraph's tracer: a no-op until Setup turns tracing on.
func Tracer() trace.Tracer { return otel.Tracer("github.com/relgraph/relgraph") }

// Enabled tells whether the environment asks for traces: an OTLP endpoint
// is set (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
// and neither OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none.
func Enabled(getenv func(string) string) bool {
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") || strings.EqualFold(getenv("OTEL_TRACES_EXPORTER"), "none") {
		return false
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// Setup turns tracing on when the environment asks for it (Enabled): spans
// go to the OTLP/HTTP endpoint, with the service name, resource
// attributes, sampler and batching the OTEL_* variables set
// (OTEL_SERVICE_NAME defaults to relgraph), and W3C traceparent headers
// are continued. The returned function flushes and stops the export; it
// is a no-op when tracing is off.
func Setup(ctx context.Context) (func(context.Context) error, error) {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	if !Enabled(os.Getenv) {
		return func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, err
	}
	res, err := resource.Merge(resource.NewSchemaless(semconv.ServiceName("relgraph")), resource.Environment())
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return nil, err
	}
	// The sampler comes from OTEL_TRACES_SAMPLER (and _ARG); the default
	// follows the caller's decision and samples every new trace.
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	return tp.Shutdown, nil
}

// TraceID is the id of the trace ctx is in, or "".
func TraceID(ctx context.Context) string {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		return sc.TraceID().String()
	}
	return ""
}
