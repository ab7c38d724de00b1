package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace/noop"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/relgraph/relgraph/internal/auth"
	"github.com/relgraph/relgraph/internal/server"
	"github.com/relgraph/relgraph/internal/telemetry"
	"github.com/relgraph/relgraph/internal/testdb"
)

// otlpReceiver is an OTLP/HTTP trace receiver on loopback: it decodes
// every export and keeps its spans, and the raw bodies.
type otlpReceiver struct {
	*httptest.Server
	mu    sync.Mutex
	spans []*tracepb.Span
	raw   [][]byte
}

func newOTLPReceiver(t *testing.T) *otlpReceiver {
	rc := &otlpReceiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = zr
		}
		b, _ := io.ReadAll(body)
		var req coltracepb.ExportTraceServiceRequest
		if r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf" || proto.Unmarshal(b, &req) != nil {
			http.Error(w, "not an OTLP/HTTP protobuf trace export", http.StatusBadRequest)
			return
		}
		rc.mu.Lock()
		rc.raw = append(rc.raw, b)
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				rc.spans = append(rc.spans, ss.Spans...)
			}
		}
		rc.mu.Unlock()
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func attr(s *tracepb.Span, key string) string {
	for _, a := range s.Attributes {
		if a.Key == key {
			if v := a.Value.GetStringValue(); v != "" {
				return v
			}
			return a.Value.String()
		}
	}
	return ""
}

// With OTEL_EXPORTER_OTLP_ENDPOINT set, a request that carries a W3C
// traceparent is continued: its HTTP span is the caller's child, the
// GraphQL operation the HTTP span's, each Cypher statement the
// operation's, with names and row counts and no parameter values; the
// request's log line has the trace id.
func TestTraces(t *testing.T) {
	rc := newOTLPReceiver(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", rc.URL)
	t.Setenv("OTEL_SERVICE_NAME", "relgraph-test")
	stop, err := telemetry.Setup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { otel.SetTracerProvider(noop.NewTracerProvider()) })

	demo(t)
	store := testdb.Store(t)
	f := &auth.File{}
	key := keyMaker(t, f)
	reader := key("reader", auth.Reader, "p0")
	var logs bytes.Buffer
	srv := httptest.NewServer(server.New(store, keyring(t, f), zerolog.New(&logs), server.Options{}))
	defer srv.Close()

	const traceID, parentID = "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"
	query := `query Churn($since: DateTime!) { connections(degree: 2, where: {mentioned: {topic: "churn", sentiment: NEGATIVE, since: $since}}) { totalCount edges { node { id worksAt { company { name } } } } } }`
	_, body := prodServer{url: srv.URL}.do(t, http.MethodPost, "/graphql", reader, map[string]string{"traceparent": "00-" + traceID + "-" + parentID + "-01"},
		`{"query":`+strconv.Quote(query)+`,"variables":{"since":"2026-10-07T08:09:10Z"}}`)
	if !strings.Contains(body, `"totalCount"`) {
		t.Fatalf("answer: %s", body)
	}
	// An import is a trace of its own: the import, its batches, their
	// statements.
	restoreDemo(t)
	testdb.ImportText(t, store, `{"type":"topic","id":"tracing","name":"Tracing"}`+"\n")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := stop(ctx); err != nil {
		t.Fatal(err)
	}

	rc.mu.Lock()
	defer rc.mu.Unlock()
	byID := map[string]*tracepb.Span{}
	var httpSpan, opSpan *tracepb.Span
	var statements []*tracepb.Span
	for _, s := range rc.spans {
		if hex.EncodeToString(s.TraceId) != traceID {
			continue
		}
		byID[hex.EncodeToString(s.SpanId)] = s
		switch {
		case s.Name == "POST /graphql":
			httpSpan = s
		case s.Name == "graphql query Churn":
			opSpan = s
		case strings.HasPrefix(s.Name, "cypher "):
			statements = append(statements, s)
		}
	}
	if httpSpan == nil || opSpan == nil || len(statements) < 2 {
		t.Fatalf("spans of trace %s: http %v, operation %v, %d statements (of %d spans)", traceID, httpSpan != nil, opSpan != nil, len(statements), len(rc.spans))
	}
	if hex.EncodeToString(httpSpan.ParentSpanId) != parentID || httpSpan.Kind != tracepb.Span_SPAN_KIND_SERVER || attr(httpSpan, "http.response.status_code") != "int_value:200" {
		t.Errorf("HTTP span: parent %x, kind %v, status %s", httpSpan.ParentSpanId, httpSpan.Kind, attr(httpSpan, "http.response.status_code"))
	}
	if string(opSpan.ParentSpanId) != string(httpSpan.SpanId) || attr(opSpan, "graphql.operation.name") != "Churn" || attr(opSpan, "relgraph.outcome") != "ok" ||
		!strings.Contains(attr(opSpan, "relgraph.cost"), "int_value:") || !strings.Contains(attr(opSpan, "graphql.fields"), "connections") {
		t.Errorf("operation span: parent %x, attributes %v", opSpan.ParentSpanId, opSpan.Attributes)
	}
	names := map[string]bool{}
	for _, s := range statements {
		if string(s.ParentSpanId) != string(opSpan.SpanId) {
			t.Errorf("statement span %s: parent %x, want the operation", s.Name, s.ParentSpanId)
		}
		if attr(s, "db.operation.name") == "" || !strings.HasPrefix(attr(s, "db.response.returned_rows"), "int_value:") {
			t.Errorf("statement span %s: attributes %v", s.Name, s.Attributes)
		}
		names[attr(s, "db.operation.name")] = true
	}
	if !names["connections"] || !names["employmentsByPerson"] {
		t.Errorf("statements traced: %v, want the page and the employers", names)
	}
	for _, raw := range rc.raw {
		for _, value := range []string{"2026-10-07", "churn", "NEGATIVE"} {
			if bytes.Contains(raw, []byte(value)) {
				t.Errorf("a parameter value, %s, was exported", value)
			}
		}
	}

	var imp, batch, write *tracepb.Span
	for _, s := range rc.spans {
		switch {
		case s.Name == "import":
			imp = s
		case s.Name == "import batch" && attr(s, "relgraph.import.kind") == "topic":
			batch = s
		case s.Name == "cypher import.topic":
			write = s
		}
	}
	if imp == nil || batch == nil || write == nil || string(batch.ParentSpanId) != string(imp.SpanId) || string(write.ParentSpanId) != string(batch.SpanId) ||
		len(imp.ParentSpanId) != 0 || attr(imp, "relgraph.import.records") != "int_value:1" {
		t.Errorf("import spans: import %v, batch %v, statement %v", imp, batch, write)
	}
	if !strings.Contains(logs.String(), `"trace_id":"`+traceID+`"`) {
		t.Errorf("the request's log line lacks the trace id: %s", logs.String())
	}
}
