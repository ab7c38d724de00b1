package server

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// post is the POST transport: gqlgen's transport.POST, but for how it
// writes the answer. gqlgen's writes the whole graphql.Response with
// encoding/json, which compacts and validates the answer's data, JSON
// that gqlgen's marshallers have just written, byte by byte once more
// (9% of the server's time answering accountCoverage at 1M, whose
// answers hold thousands of team members). post writes the data as it
// is and encodes only the rest: the errors and extensions.
type post struct{}

var _ graphql.Transport = post{}

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

func (post) Supports(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && r.Method == http.MethodPost && mediaType == mediaJSON
}

func (post) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := responseMediaType(r.Header.Get("Accept"))
	w.Header().Set("Content-Type", contentType)
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %v", err)}))
		return
	}
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("json request body could not be decoded: %v", err)}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	oc, errs := exec.CreateOperationContext(ctx, &params)
	if errs != nil {
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			// graphql-over-http: 400 for a request that is not valid
			// GraphQL under its own media type, 422 under plain JSON.
			if contentType == mediaGraphQLResponse {
				w.WriteHeader(http.StatusBadRequest)
			} else {
				w.WriteHeader(http.StatusUnprocessableEntity)
			}
		}
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	writeResponse(w, responses(ctx))
}

// responseMediaType is the media type of the answer to a request that
// accepts accept, as gqlgen's POST chooses it: plain JSON unless the
// client asks for application/graphql-response+json first, or names no
// type it knows.
func responseMediaType(accept string) string {
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaGraphQLResponse
}

// writeResponse writes resp with its fields in graphql.Response's order
// and names, as encoding/json would, but its data as written by gqlgen.
func writeResponse(w io.Writer, resp *graphql.Response) {
	var b bytes.Buffer
	b.Grow(len(resp.Data) + 128)
	b.WriteByte('{')
	field := func(name string, v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			// Errors and extensions are this server's own maps of
			// strings and numbers: encoding cannot fail.
			panic(err)
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + name + `":`)
		b.Write(raw)
	}
	if len(resp.Errors) > 0 {
		field("errors", resp.Errors)
	}
	if b.Len() > 1 {
		b.WriteByte(',')
	}
	b.WriteString(`"data":`)
	if len(resp.Data) == 0 {
		b.WriteString("null")
	} else {
		b.Write(resp.Data)
	}
	if resp.Label != "" {
		field("label", resp.Label)
	}
	if len(resp.Path) > 0 {
		field("path", resp.Path)
	}
	if resp.HasNext != nil {
		field("hasNext", resp.HasNext)
	}
	if len(resp.Extensions) > 0 {
		field("extensions", resp.Extensions)
	}
	b.WriteByte('}')
	_, _ = w.Write(b.Bytes())
}
